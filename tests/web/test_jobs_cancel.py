"""Cancelling background jobs (``DELETE /api/jobs/{id}``) and the queue's true wait.

Five edits in a row used to queue five computations that all ran, and the page showed
"0 s" for the whole wait (issue #15). Here one worker (``max_jobs=1``) makes the second and
third requests queue. Most jobs run :func:`holdjob.hold`, which holds its worker until it is
cancelled, so every state is reached when the test says, not when a solve happens to end;
one test cancels a real ground solve.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from wattflop.web import create_app
from wattflop.web.compute import ResultStore
from wattflop.web.jobs import JobManager

from .conftest import GROUND, ORBIT, TestClient
from .holdjob import hold


def _montecarlo(client: TestClient, seed: int) -> dict[str, Any]:
    """Submit a Monte Carlo (its own job for each seed); the 202 body."""
    r = client.post(
        "/api/montecarlo", json={"scenarios": [{"name": ORBIT}], "samples": 10, "seed": seed}
    )
    assert r.status_code == 202, r.text
    body: dict[str, Any] = r.json()
    return body


def _results(root: Path) -> list[Path]:
    return sorted((root / "results").glob("*.json"))


@pytest.fixture
def held_app(tmp_path: Path) -> FastAPI:
    """An application with one worker whose jobs hold it (:func:`holdjob.hold`)."""
    app = create_app(tmp_path, max_jobs=1)
    state = app.state.wattflop
    state.jobs = JobManager(state.store, state.time_limit_s, max_running=1, target=hold)
    return app


def test_cancel_queued_and_running_jobs(held_app: FastAPI, tmp_path: Path) -> None:
    with TestClient(held_app) as c:
        first = _montecarlo(c, 1)
        second = _montecarlo(c, 2)
        third = _montecarlo(c, 3)
        assert (first["state"], first["queue_position"]) == ("running", 0)
        assert (second["state"], second["queue_position"]) == ("queued", 1)
        assert (third["state"], third["queue_position"]) == ("queued", 2)

        time.sleep(0.3)
        s2 = c.get(second["status_url"]).json()
        assert s2["state"] == "queued" and s2["running_s"] == 0
        # the wait is counted while it lasts (it read "0 s" before)
        assert s2["queued_s"] >= 0.3 and s2["queued_s"] > second["queued_s"]
        assert s2["elapsed_s"] == pytest.approx(s2["queued_s"], abs=1e-3)
        assert s2["waited_s"] == s2["queued_s"]
        s1 = c.get(first["status_url"]).json()
        assert s1["running_s"] >= 0.3
        assert s1["elapsed_s"] == pytest.approx(s1["queued_s"] + s1["running_s"], abs=2e-3)

        # a queued job leaves the queue: the one behind it moves up
        gone = c.delete(second["status_url"])
        assert gone.status_code == 200
        assert (gone.json()["state"], gone.json()["queue_position"]) == ("cancelled", None)
        assert c.get(third["status_url"]).json()["queue_position"] == 1

        # a running job is stopped and its worker starts the next job at once
        t0 = time.monotonic()
        stopped = c.delete(first["status_url"])
        took = time.monotonic() - t0
        assert stopped.status_code == 200 and stopped.json()["state"] == "cancelled"
        assert stopped.json()["running_s"] >= 0.3
        s3 = c.get(third["status_url"]).json()
        assert (s3["state"], s3["queue_position"]) == ("running", 0)
        assert s3["queued_s"] == pytest.approx(s3["elapsed_s"] - s3["running_s"], abs=2e-3)
        assert took < 2.0

        # the cancelled states last; nothing was stored for the cancelled jobs
        assert c.get(second["status_url"]).json()["state"] == "cancelled"
        assert c.get(first["status_url"]).json()["state"] == "cancelled"
        assert not _results(tmp_path)

        # the same request again starts afresh: a new job, queued behind the third
        again = _montecarlo(c, 2)
        assert again["id"] == second["id"]
        assert (again["state"], again["queue_position"]) == ("queued", 1)
        assert again["elapsed_s"] < 0.3

        # cancelling twice answers the same; an unknown job is 404
        assert c.delete(second["status_url"]).json()["state"] == "cancelled"
        assert c.delete(again["status_url"]).json()["state"] == "cancelled"
        assert c.delete("/api/jobs/nope").status_code == 404
        assert c.delete("/api/jobs/" + "0" * 64).status_code == 404
        assert c.delete(third["status_url"]).json()["state"] == "cancelled"
        assert not _results(tmp_path)


def test_a_done_job_stays_done(tmp_path: Path) -> None:
    """Cancelling a job that has ended changes nothing, and its answer stays stored."""
    store = ResultStore(tmp_path)
    jobs = JobManager(store, 60.0, max_running=1, target=hold)
    try:
        job = jobs.submit("a" * 64, "montecarlo", {"hold_s": 0.0}, 1.0)
        assert job.done_event.wait(30)
        assert job.state == "done"
        assert jobs.cancel(job.id) is job and job.state == "done"
        status = jobs.status(job)
        assert status["result"] == {"kind": "montecarlo", "held_s": 0.0}
        assert status["queue_position"] is None and status["running_s"] > 0
        assert jobs.cancel("b" * 64) is None
    finally:
        jobs.shutdown()


def test_a_stored_answer_is_done_for_delete_too(held_app: FastAPI, tmp_path: Path) -> None:
    """An answer on disk from before the server started: GET and DELETE both say done."""
    key = "c" * 64
    ResultStore(tmp_path).put(key, {"ok": True, "value": {"x": 1}})
    with TestClient(held_app) as c:
        for method in (c.get, c.delete):
            r = method(f"/api/jobs/{key}")
            assert r.status_code == 200
            body = r.json()
            assert (body["state"], body["result"], body["queue_position"]) == (
                "done",
                {"x": 1},
                None,
            )


def test_shutdown_fails_the_queue(held_app: FastAPI) -> None:
    """Leaving the test client (the server's shutdown) stops the running job and fails the
    queued ones at once; none is left queued."""
    with TestClient(held_app) as c:
        first = _montecarlo(c, 11)
        second = _montecarlo(c, 12)
    jobs = held_app.state.wattflop.jobs
    for body in (first, second):
        job = jobs.get(body["id"])
        assert job is not None and job.done_event.wait(10)
        assert job.state == "failed" and "shut down" in job.error["message"]


def test_cancel_a_real_ground_solve(tmp_path: Path, fresh_cache: Path) -> None:
    """The ground LP (several seconds; the result cache starts empty) is stopped mid-solve:
    nothing is stored in the server's results or in wattflop's result cache."""
    app = create_app(tmp_path, max_jobs=1)
    with TestClient(app) as c:
        r = c.post("/api/simulate", json={"scenario": {"name": GROUND}})
        assert r.status_code == 202 and r.json()["state"] == "running"
        time.sleep(0.5)
        stopped = c.delete(r.json()["status_url"])
        assert stopped.status_code == 200
        assert stopped.json()["state"] == "cancelled"
        assert not _results(tmp_path)
    assert not [p for p in (fresh_cache / "results").rglob("*") if p.is_file()]

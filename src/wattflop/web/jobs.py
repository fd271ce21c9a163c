"""Background computations: each job runs in its own process with a time limit.

A job is named by the content hash of what it computes, so the same request twice shares one
job, and its answer lands in the :class:`~wattflop.web.compute.ResultStore` under that name
(a later request is answered from disk). Processes come from a fork server that has the
models imported already, so a job starts in milliseconds; a job still running at its time
limit is killed, which a thread could not be. At most ``max_running`` jobs run at once and
``max_queued`` wait; beyond that :class:`BusyError` is raised (HTTP 429).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Literal

from wattflop.cache import CACHE_DIR_ENV
from wattflop.web.compute import ResultStore, run_job

State = Literal["queued", "running", "done", "failed"]

#: Modules the fork server imports once, so that job processes start with them loaded.
PRELOAD = [
    "wattflop.web.compute",
    "wattflop.orbit.site",
    "wattflop.ground.site",
    "wattflop.study.breakeven",
    "wattflop.study.compare",
    "wattflop.study.uncertainty",
    "wattflop.claims",
]


class BusyError(Exception):
    """Too many jobs queued: try again later."""


@dataclass
class Job:
    id: str
    kind: str
    expected_s: float
    state: State = "queued"
    created: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished: float | None = None
    error: dict[str, Any] | None = None
    done_event: threading.Event = field(default_factory=threading.Event)


class JobManager:
    """Runs jobs in processes, one thread watching each.

    Parameters
    ----------
    store : ResultStore
        Where job processes write their answers.
    time_limit_s : float
        Wall-clock limit of one job; the process is killed when it is reached.
    max_running, max_queued : int
        Jobs running at once, and waiting.
    """

    def __init__(
        self,
        store: ResultStore,
        time_limit_s: float,
        max_running: int = 2,
        max_queued: int = 16,
    ) -> None:
        self.store = store
        self.time_limit_s = time_limit_s
        self.max_queued = max_queued
        self._slots = threading.BoundedSemaphore(max_running)
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._procs: dict[str, Any] = {}
        self._closed = False
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(PRELOAD)

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def submit(self, job_id: str, kind: str, args: dict[str, Any], expected_s: float) -> Job:
        """The job computing ``job_id``: the one already queued or running, or a new one."""
        with self._lock:
            if self._closed:
                raise BusyError("the server is shutting down")
            job = self._jobs.get(job_id)
            if job is not None and job.state in ("queued", "running"):
                return job
            waiting = sum(j.state == "queued" for j in self._jobs.values())
            if waiting >= self.max_queued:
                raise BusyError(f"{waiting} computations are waiting; try again in a minute")
            job = Job(job_id, kind, expected_s)
            self._jobs[job_id] = job
            self._jobs.move_to_end(job_id)
            while len(self._jobs) > 1000:
                oldest = next(iter(self._jobs.values()))
                if oldest.state in ("queued", "running"):
                    break
                self._jobs.popitem(last=False)
        threading.Thread(
            target=self._run, args=(job, args), name=f"job-{job_id[:8]}", daemon=True
        ).start()
        return job

    def _run(self, job: Job, args: dict[str, Any]) -> None:
        with self._slots:
            with self._lock:
                if self._closed:
                    self._finish(job, "failed", _stopped("the server shut down"))
                    return
                proc = self._ctx.Process(
                    target=run_job,
                    # the cache folder as this process has it now: a job process forks
                    # from the fork server, whose environment is that of its start
                    args=(
                        job.kind, args, str(self.store.root), job.id,
                        os.environ.get(CACHE_DIR_ENV),
                    ),
                    daemon=True,
                )
                job.state, job.started = "running", time.monotonic()
                try:
                    proc.start()
                except (OSError, RuntimeError) as exc:
                    self._finish(job, "failed", _stopped(f"could not start the computation: {exc}"))
                    return
                self._procs[job.id] = proc
            proc.join(self.time_limit_s)
            timed_out = proc.is_alive()
            if timed_out:
                proc.kill()
                proc.join()
            with self._lock:
                self._procs.pop(job.id, None)
                closed = self._closed
        if timed_out:
            what = (
                f"the computation took longer than the server's limit of "
                f"{self.time_limit_s:g} s and was stopped"
            )
            self._finish(job, "failed", _stopped(what, "time limit"))
            return
        entry = self.store.get(job.id)
        if entry is None:
            why = "the server shut down" if closed else f"exit code {proc.exitcode}"
            self._finish(job, "failed", _stopped(f"the computation ended without a result ({why})"))
        elif entry.get("ok"):
            self._finish(job, "done", None)
        else:
            self._finish(job, "failed", entry["error"])

    def _finish(self, job: Job, state: State, error: dict[str, Any] | None) -> None:
        job.state, job.error, job.finished = state, error, time.monotonic()
        job.done_event.set()

    def status(self, job: Job) -> dict[str, Any]:
        """JSON status of a job; with its result once done."""
        now = time.monotonic()
        end = job.finished if job.finished is not None else now
        out: dict[str, Any] = {
            "id": job.id,
            "kind": job.kind,
            "state": job.state,
            "elapsed_s": round(end - (job.started if job.started is not None else end), 3),
            "waited_s": round((job.started or end) - job.created, 3),
            "expected_s": job.expected_s,
            "time_limit_s": self.time_limit_s,
            "status_url": f"/api/jobs/{job.id}",
        }
        if job.state == "done":
            entry = self.store.get(job.id)
            if entry is not None and entry.get("ok"):
                out["result"] = entry["value"]
        if job.error is not None:
            out["error"] = job.error
        return out

    def reopen(self) -> None:
        """Accept jobs again after :meth:`shutdown`."""
        with self._lock:
            self._closed = False

    def shutdown(self) -> None:
        """Kill running job processes; queued jobs fail."""
        with self._lock:
            self._closed = True
            procs = list(self._procs.values())
        for p in procs:
            if p.is_alive():
                p.kill()
        for p in procs:
            p.join(timeout=5)


def _stopped(message: str, kind: str = "computation stopped") -> dict[str, Any]:
    return {"error": kind, "message": message, "input": "", "problems": []}

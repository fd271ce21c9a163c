"""Background computations: each job runs in its own process with a time limit.

A job is named by the content hash of what it computes, so the same request twice shares one
job, and its answer lands in the :class:`~wattflop.web.compute.ResultStore` under that name
(a later request is answered from disk). Processes come from a fork server that has the
models imported already, so a job starts in milliseconds; a job still running at its time
limit is killed, which a thread could not be. At most ``max_running`` jobs run at once and
``max_queued`` wait, first in first out; beyond that :class:`BusyError` is raised (HTTP 429).

A job can be cancelled (:meth:`JobManager.cancel`): a queued one leaves the queue and never
runs, a running one's process is killed and its worker slot goes to the next in the queue.
A cancelled job writes nothing to the result store (unless its process had written its
answer before the kill: then the job is done), and the same request later starts a new job.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from wattflop.cache import CACHE_DIR_ENV
from wattflop.web.compute import ResultStore, run_job

State = Literal["queued", "running", "done", "failed", "cancelled"]
#: States of a job that has ended.
ENDED: tuple[State, ...] = ("done", "failed", "cancelled")
#: The function a job process runs: ``(kind, args, store root, key, WATTFLOP_CACHE_DIR)``.
Target = Callable[[str, dict[str, Any], str, str, str | None], None]
#: How long :meth:`JobManager.cancel` waits for a killed process to be reaped [s].
CANCEL_WAIT_S = 5.0

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
    """A background computation. Times are :func:`time.monotonic` readings [s]: ``created``
    when submitted, ``started`` when its process started (None while queued, and for a job
    cancelled in the queue), ``finished`` when it ended."""

    id: str
    kind: str
    expected_s: float
    state: State = "queued"
    created: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished: float | None = None
    error: dict[str, Any] | None = None
    cancel_requested: bool = False
    done_event: threading.Event = field(default_factory=threading.Event)


class JobManager:
    """Runs jobs in processes, first in first out, one thread watching each running job.

    Parameters
    ----------
    store : ResultStore
        Where job processes write their answers.
    time_limit_s : float
        Wall-clock limit of one job; the process is killed when it is reached.
    max_running, max_queued : int
        Jobs running at once, and waiting.
    target : callable
        What a job process runs (:func:`wattflop.web.compute.run_job`); it must be
        importable by name in the fork server, and write its answer to the store.
    """

    def __init__(
        self,
        store: ResultStore,
        time_limit_s: float,
        max_running: int = 2,
        max_queued: int = 16,
        target: Target = run_job,
    ) -> None:
        if max_running < 1:
            raise ValueError(f"max_running must be at least 1, not {max_running}")
        self.store = store
        self.time_limit_s = time_limit_s
        self.max_running = max_running
        self.max_queued = max_queued
        self.target = target
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._queue: deque[Job] = deque()
        self._args: dict[str, dict[str, Any]] = {}
        self._procs: dict[str, Any] = {}
        self._closed = False
        self._ctx = multiprocessing.get_context("forkserver")
        self._ctx.set_forkserver_preload(PRELOAD)

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def submit(self, job_id: str, kind: str, args: dict[str, Any], expected_s: float) -> Job:
        """The job computing ``job_id``: the one already queued or running, or a new one
        (also after a job of the same id ended: failed, cancelled, or done but its answer
        has since left the store)."""
        with self._lock:
            if self._closed:
                raise BusyError("the server is shutting down")
            job = self._jobs.get(job_id)
            if job is not None and job.state in ("queued", "running"):
                return job
            if len(self._queue) >= self.max_queued:
                raise BusyError(
                    f"{len(self._queue)} computations are waiting; try again in a minute"
                )
            job = Job(job_id, kind, expected_s)
            self._jobs[job_id] = job
            self._jobs.move_to_end(job_id)
            while len(self._jobs) > 1000:
                oldest = next(iter(self._jobs.values()))
                if oldest.state not in ENDED:
                    break
                self._jobs.popitem(last=False)
            self._queue.append(job)
            self._args[job_id] = args
            self._start_queued()
        return job

    def cancel(self, job_id: str) -> Job | None:
        """Cancel a job: a queued one leaves the queue, a running one's process is killed
        (this waits up to :data:`CANCEL_WAIT_S` for its watcher to record the end). A job
        that has ended is left as it is. None for an unknown id."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                return None
            if job.state == "queued":
                self._queue.remove(job)
                self._args.pop(job_id, None)
                self._finish(job, "cancelled", None)
                return job
            if job.state != "running":
                return job
            job.cancel_requested = True
            proc = self._procs.get(job_id)
            if proc is not None:
                proc.kill()
        job.done_event.wait(CANCEL_WAIT_S)
        return job

    def _start_queued(self) -> None:
        """Start queued jobs while fewer than ``max_running`` run (hold the lock)."""
        while self._queue and len(self._procs) < self.max_running and not self._closed:
            job = self._queue.popleft()
            args = self._args.pop(job.id)
            proc = self._ctx.Process(
                target=self.target,
                # the cache folder as this process has it now: a job process forks from
                # the fork server, whose environment is that of its start
                args=(job.kind, args, str(self.store.root), job.id, os.environ.get(CACHE_DIR_ENV)),
                daemon=True,
            )
            job.state, job.started = "running", time.monotonic()
            try:
                proc.start()
            except (OSError, RuntimeError) as exc:
                self._finish(job, "failed", _stopped(f"could not start the computation: {exc}"))
                continue
            self._procs[job.id] = proc
            threading.Thread(
                target=self._watch, args=(job, proc), name=f"job-{job.id[:8]}", daemon=True
            ).start()

    def _watch(self, job: Job, proc: Any) -> None:
        """Wait for a job's process (killing it at the time limit), record how it ended and
        hand its slot to the next queued job."""
        proc.join(self.time_limit_s)
        timed_out = proc.is_alive()
        if timed_out:
            proc.kill()
        proc.join()
        entry = self.store.get(job.id)
        with self._lock:
            self._procs.pop(job.id, None)
            closed = self._closed
            if entry is not None and entry.get("ok"):
                self._finish(job, "done", None)
            elif entry is not None:
                self._finish(job, "failed", entry["error"])
            elif job.cancel_requested:
                self._finish(job, "cancelled", None)
            elif timed_out:
                what = (
                    f"the computation took longer than the server's limit of "
                    f"{self.time_limit_s:g} s and was stopped"
                )
                self._finish(job, "failed", _stopped(what, "time limit"))
            else:
                why = "the server shut down" if closed else f"exit code {proc.exitcode}"
                self._finish(
                    job, "failed", _stopped(f"the computation ended without a result ({why})")
                )
            self._start_queued()

    def _finish(self, job: Job, state: State, error: dict[str, Any] | None) -> None:
        job.state, job.error, job.finished = state, error, time.monotonic()
        job.done_event.set()

    def status(self, job: Job) -> dict[str, Any]:
        """JSON status of a job (:class:`~wattflop.web.models.JobOut`); with its result once
        done."""
        with self._lock:
            now = time.monotonic()
            end = job.finished if job.finished is not None else now
            began = job.started if job.started is not None else end
            if job.state == "running":
                position: int | None = 0
            elif job.state == "queued":
                position = 1 + next((i for i, j in enumerate(self._queue) if j is job), 0)
            else:
                position = None
            out: dict[str, Any] = {
                "id": job.id,
                "kind": job.kind,
                "state": job.state,
                "elapsed_s": round(end - job.created, 3),
                "queued_s": round(began - job.created, 3),
                "running_s": round(end - began, 3),
                "queue_position": position,
                "waited_s": round(began - job.created, 3),
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
            while self._queue:
                job = self._queue.popleft()
                self._args.pop(job.id, None)
                self._finish(job, "failed", _stopped("the server shut down"))
        for p in procs:
            if p.is_alive():
                p.kill()
        for p in procs:
            p.join(timeout=5)


def _stopped(message: str, kind: str = "computation stopped") -> dict[str, Any]:
    return {"error": kind, "message": message, "input": "", "problems": []}

"""Running a sweep's cases on Dask and streaming the results into the store.

The driver (this process) submits cases to a ``dask.distributed`` cluster — a
``LocalCluster`` of single-threaded worker processes by default, or any running scheduler —
a bounded number at a time, and writes each finished case to the store as it arrives (in
batches, see :class:`~wattflop.sweep.store.StoreWriter`). A case that raises (an infeasible
design, a scenario the combination of values makes invalid) is stored with status
``failed`` and its message; the sweep goes on. A worker that dies is replaced by its nanny
and the scheduler runs its cases again elsewhere; only the driver writes, so each case is
stored once. ``Ctrl-C`` (or SIGTERM) stops cleanly: running cases are cancelled, finished
ones are kept, and ``--resume`` runs the rest.

Your own cluster
----------------
``--scheduler tcp://host:8786`` runs on any ``dask.distributed`` cluster whose workers can
import wattflop and read the base scenario's data files (weather, prices) at the same path.
Start workers with one thread each and single-threaded numerics, as the LocalCluster here
does (:data:`WORKER_ENV`)::

    NUMBA_NUM_THREADS=1 OMP_NUM_THREADS=1 dask worker tcp://host:8786 --nthreads 1 --nworkers N

and leave ``MALLOC_TRIM_THRESHOLD_`` out of their environment: dask's nanny sets it by
default (``distributed.nanny.pre-spawn-environ`` in the dask config), which made a year of
orbit steps 2.3× slower here.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

import wattflop
from wattflop.errors import WattflopError
from wattflop.study.breakeven import BreakEvenError, metric_value
from wattflop.sweep.cases import Case, CaseValue, SweepPlan, scenario_for
from wattflop.sweep.store import StoreWriter, check_plan

log = logging.getLogger(__name__)

#: Environment of LocalCluster workers, set before each worker process starts (and never
#: left in the driver's own environment, see :func:`cluster_client`): one thread
#: each for every numeric library (numba's parallel loops, BLAS, OpenMP), so N workers use N
#: cores. Dask's default also sets ``MALLOC_TRIM_THRESHOLD_=65536``, which turns off glibc's
#: adaptive mmap threshold: every large numpy temporary is then a fresh mmap, page-faulted
#: anew, and a year of orbit steps ran 2.3× slower (0.72 s against 0.31 s per case, measured
#: in one process with and without it); it is left out.
WORKER_ENV = {
    # HiGHS threads of the ground LP (wattflop.ground.highs.solver_threads); on 2 cores
    # HiGHS already defaults to 1 (half the cores)
    "WATTFLOP_SOLVER_THREADS": "1",
    "NUMBA_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
}
_DASK_TRIM = ("MALLOC_TRIM_THRESHOLD_", "65536")
#: Dask settings of a local cluster's workers (passed to each worker process by its nanny):
#: no statistical profiler, which walks the running case's Python stack every 10 ms
#: (``distributed.worker.profile``, dask's default) and held a ground case back on a worker.
#: Dask's dashboard loses its profile page; nothing here reads it.
WORKER_CONFIG: dict[str, object] = {"distributed.worker.profile.enabled": False}


class EngineError(WattflopError):
    """The sweep cannot run as asked (no scheduler at the address, a bad output path)."""


class OutputError(WattflopError):
    """An output path the results do not have (raised on a worker, stops the sweep)."""


# ---------------------------------------------------------------------------------------
# One case (runs on a worker)
# ---------------------------------------------------------------------------------------


def run_case(
    base_raw: Mapping[str, Any],
    values: Mapping[str, CaseValue],
    outputs: Mapping[str, str],
    simulate: Callable[[Any], Any] | None = None,
) -> dict[str, Any]:
    """Simulate one case and keep its outputs.

    Every exception of the case itself (invalid combination, infeasible design, a bug) is
    returned as ``status: failed`` with its message and type; only an output path the
    result lacks raises (:class:`OutputError`), since it would fail every case.

    Returns
    -------
    dict
        ``status``, ``error``, ``error_type``, one entry per output column (float, NaN when
        failed), ``started_at``, ``finished_at`` (UTC), ``duration_s`` (scenario check and
        simulation), ``worker`` (host:pid).
    """
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    row: dict[str, Any] = {"status": "ok", "error": None, "error_type": None}
    sim = simulate if simulate is not None else wattflop.simulate
    try:
        sc = wattflop.parse_scenario(scenario_for(base_raw, values))
        result = sim(sc)
    except Exception as exc:  # a failing case is data: stored with its message
        row.update(status="failed", error=str(exc) or repr(exc), error_type=type(exc).__name__)
        row.update({col: math.nan for col in outputs})
    else:
        for col, path in outputs.items():
            try:
                row[col] = metric_value(result, path)
            except BreakEvenError as exc:
                raise OutputError(f"outputs: '{col}' ({path}): {exc}") from None
    row["duration_s"] = time.perf_counter() - t0
    row["started_at"] = started
    row["finished_at"] = datetime.now(UTC)
    row["worker"] = f"{socket.gethostname()}:{os.getpid()}"
    return row


def _warm() -> str:
    import wattflop.ground.site
    import wattflop.orbit.site  # noqa: F401

    return f"{socket.gethostname()}:{os.getpid()}"


def warm_workers(client: Any) -> list[str]:
    """Import the models on every worker now (a one-time cost of a few seconds per worker
    process, otherwise paid by its first case); returns the workers' host:pid."""
    return list(client.run(_warm).values())


# ---------------------------------------------------------------------------------------
# Cluster
# ---------------------------------------------------------------------------------------


def _distributed() -> Any:
    """``dask.distributed`` (imported on first use: it takes a second; untyped).

    Raises
    ------
    wattflop.extras.MissingExtraError
        Dask or distributed is not installed (the cluster extra).
    """
    from wattflop.extras import require

    require("cluster", "running a sweep (Dask)")
    import distributed

    return distributed


#: Largest first frame a Dask scheduler's handshake may announce, bytes (it is ~60 bytes in
#: distributed 2026.8; anything near this bound is another protocol read as a length).
_MAX_HANDSHAKE = 1 << 20


def _probe_scheduler(address: str, timeout_s: float) -> None:
    """Refuse a ``tcp://`` address where nothing, or something other than a Dask scheduler,
    listens, before ``distributed`` connects (it hangs on a silent listener, and reads an
    HTTP proxy's reply as a frame length of exabytes).

    A scheduler writes its handshake as soon as a connection is accepted: the first 8 bytes
    are its little-endian length. Other schemes (``tls://``, ``ucx://`` …) are not probed.
    """
    if not address.startswith("tcp://"):
        return
    where = address.removeprefix("tcp://").rstrip("/")
    host, _, port = where.rpartition(":") if not where.endswith("]") else (where, "", "")
    if not host:  # no port: tcp://host
        host, port = port, ""
    way_out = (
        "check the address (e.g. tcp://host:8786) and that `dask scheduler` runs there, or "
        "leave out --scheduler to run on this machine"
    )
    try:
        number = int(port) if port else 8786  # Dask's default scheduler port
    except ValueError:
        raise EngineError(f"--scheduler '{address}': {port!r} is not a port; {way_out}") from None
    wait = min(timeout_s, 5.0)
    head = b""
    try:
        s = socket.create_connection((host.strip("[]"), number), timeout=timeout_s)
    except (OSError, ValueError) as exc:  # refused, unreachable, timed out, bad host
        raise EngineError(
            f"no Dask scheduler answers at '{address}' within {timeout_s:g} s ({exc}); {way_out}"
        ) from None
    with s:
        s.settimeout(wait)
        try:
            while len(head) < 8:
                chunk = s.recv(8 - len(head))
                if not chunk:
                    break
                head += chunk
        except OSError:  # silent: timed out, or reset
            pass
    if len(head) < 8 or int.from_bytes(head, "little") > _MAX_HANDSHAKE:
        raise EngineError(
            f"something listens at '{address}' but it does not speak Dask (no scheduler "
            f"handshake within {wait:g} s); {way_out}"
        )


@contextmanager
def cluster_client(
    workers: int | None = None, scheduler: str | None = None, *, timeout_s: float = 10.0
) -> Iterator[Any]:
    """A connected ``distributed.Client``: to ``scheduler`` (an address such as
    ``tcp://host:8786``), else to a new ``LocalCluster`` of ``workers`` single-threaded
    processes (default: one per core). Closed on exit.

    A local cluster leaves this process's ``os.environ`` and dask config as they were on
    entry; only while one of its workers (re)starts does ``os.environ`` hold
    :data:`WORKER_ENV` (see :func:`_local_cluster`).

    Raises
    ------
    EngineError
        No scheduler answers at the address within ``timeout_s``; ``workers`` < 1.
    """
    Client = _distributed().Client
    if scheduler is not None:
        _probe_scheduler(scheduler, timeout_s)
        try:
            client = Client(scheduler, timeout=f"{timeout_s}s", set_as_default=False)
        except (OSError, TimeoutError, ValueError, MemoryError) as exc:
            raise EngineError(
                f"no Dask scheduler answers at '{scheduler}' within {timeout_s:g} s ({exc}); "
                "check the address (e.g. tcp://host:8786) and that `dask scheduler` runs there, "
                "or leave out --scheduler to run on this machine"
            ) from None
        try:
            yield client
        finally:
            client.close()
        return
    n = workers if workers is not None else (len(os.sched_getaffinity(0)) or 1)
    if n < 1:
        raise EngineError(f"--workers must be ≥ 1 (got {n})")
    with _local_cluster(n) as cluster:
        client = Client(cluster, set_as_default=False)
        try:
            from wattflop.sweep._worker import QuietStdout

            client.register_plugin(QuietStdout(), name="wattflop-quiet-stdout")
            yield client
        finally:
            client.close()


def _restore_environ(saved: Mapping[str, str]) -> None:
    """Make ``os.environ`` equal ``saved`` again, writing only the variables that differ."""
    for name in [k for k in os.environ if k not in saved]:
        del os.environ[name]
    for name, value in saved.items():
        if os.environ.get(name) != value:
            os.environ[name] = value


@contextmanager
def _local_cluster(n: int) -> Iterator[Any]:
    """A ``LocalCluster`` of ``n`` single-threaded worker processes with :data:`WORKER_ENV`,
    closed on exit, that leaves this process's environment and dask config as it found them.

    Workers get :data:`WORKER_ENV` — whatever this process's environment holds for those
    variables — through dask's ``distributed.nanny.pre-spawn-environ`` (set here for the
    cluster's creation only): the variables must be in a worker's
    environment when its process starts, before numpy and numba load. The nannies run in
    *this* process and, to that end, write those variables (and ``PYTHONHASHSEED``) into
    its ``os.environ`` before they spawn a worker — at the start and again whenever a dead
    worker is replaced (``distributed/nanny.py``, ``WorkerProcess.start``). Left there, they
    would reach this process's own later work: numba refuses to compile a parallel function
    once ``NUMBA_NUM_THREADS`` differs from the thread count it launched, and ground LPs
    would run HiGHS on one thread. So the environment found on entry is put back as soon as
    no worker process is starting (:func:`wattflop.sweep._worker.nanny_class`): the driver
    runs with it except for the seconds a replacement worker takes to start; and once more
    after the cluster closes.
    """
    import dask

    from wattflop.sweep._worker import nanny_class

    LocalCluster = _distributed().LocalCluster
    saved = dict(os.environ)

    def restore() -> None:
        _restore_environ(saved)

    try:
        name, value = _DASK_TRIM
        if os.environ.get(name) == value:  # set by an earlier dask Nanny here, not by the user
            del os.environ[name]
        # the nanny prefers a variable already in this environment to the config's value:
        # put ours there too, so that workers run single-threaded whatever the caller set
        os.environ.update(WORKER_ENV)
        # without bokeh, the scheduler appends a route to the configured list in place
        # (distributed/scheduler.py), once per cluster: it gets a copy to append to
        routes = "distributed.scheduler.http.routes"
        config = {
            "distributed.nanny.pre-spawn-environ": dict(WORKER_ENV),
            routes: list(dask.config.get(routes)),
            # the worker's statistical profiler samples the running task's stack every 10 ms
            # on a thread of its own, taking the GIL from the case: off (WORKER_CONFIG)
            **WORKER_CONFIG,
        }
        unblock = _block_sigint()  # the cluster's threads, and so its workers, never see it
        try:
            with dask.config.set(config):
                cluster = LocalCluster(
                    n_workers=n,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # a free port: never "8787 in use"
                    # a worker's heartbeat racing the cluster's close logs an ERROR with a
                    # traceback; task failures reach us through their futures, not the log
                    silence_logs=logging.CRITICAL,
                    worker_class=nanny_class(restore),  # a Nanny that puts `saved` back
                )
        except BaseException:
            unblock()
            raise
        try:
            restore()
            unblock()  # a Ctrl-C pressed while the cluster started is raised here
            yield cluster
        finally:
            cluster.close()
    finally:
        _restore_environ(saved)


def _block_sigint() -> Callable[[], None]:
    """Block SIGINT in the calling thread until the returned function is called.

    Ctrl-C in a terminal sends SIGINT to every process of the foreground group: the driver
    *and* its LocalCluster's worker processes, which each died with a ``KeyboardInterrupt``
    traceback (and multiprocessing's resource tracker warned of leaked semaphores), while
    the driver stops the sweep cleanly on its own. A signal mask is inherited by the threads a
    thread starts and by the processes they start (through ``exec`` too; Python does not
    clear it), so a cluster created while SIGINT is blocked has its event-loop thread, and
    every worker process it starts — replacements of dead workers included — block it for
    good; only this thread, unblocked again, receives Ctrl-C. SIGTERM, with which the nannies
    stop their workers, is untouched. A no-op where there are no signal masks (Windows).

    multiprocessing's resource tracker is started first, here: started by the cluster's
    thread it would unblock SIGINT in that thread on its way (``resource_tracker.
    ensure_running`` blocks SIGINT and SIGTERM around the spawn, then *unblocks* them).
    """
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        return lambda: None
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})

    def unblock() -> None:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)

    return unblock


# ---------------------------------------------------------------------------------------
# The sweep
# ---------------------------------------------------------------------------------------


@dataclass
class SweepSummary:
    """What a run of a sweep did.

    Attributes
    ----------
    total : int
        Cases in the sweep.
    skipped : int
        Already in the store (resume).
    done, failed : int
        Stored by this run with status ok / failed.
    lost : list of (id, reason)
        Cases the cluster could not run (e.g. a case that killed three workers); not stored,
        a resume runs them again.
    stopped : bool
        Stopped by Ctrl-C / SIGTERM before the end.
    wall_s : float
        From the first submission to the last write [s].
    files : int
        Parquet files written.
    """

    total: int
    skipped: int = 0
    done: int = 0
    failed: int = 0
    lost: list[tuple[str, str]] = field(default_factory=list)
    stopped: bool = False
    wall_s: float = 0.0
    files: int = 0

    @property
    def stored(self) -> int:
        return self.done + self.failed

    @property
    def remaining(self) -> int:
        return self.total - self.skipped - self.stored


@dataclass
class Progress:
    """Counts the driver reports while a sweep runs (to a progress display)."""

    total: int
    skipped: int
    done: int = 0
    failed: int = 0
    running: int = 0
    lost: int = 0


@contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """SIGTERM behaves as Ctrl-C (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def run_sweep(
    plan: SweepPlan,
    store: Path,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    resume: bool = False,
    batch_size: int = 64,
    flush_s: float = 10.0,
    on_progress: Callable[[Progress], None] | None = None,
    timeout_s: float = 10.0,
) -> SweepSummary:
    """Run every case of ``plan`` not yet in ``store`` and store the results.

    Parameters
    ----------
    plan : SweepPlan
        From :func:`wattflop.sweep.cases.plan`.
    store : Path
        Store folder (:mod:`wattflop.sweep.store`).
    workers, scheduler : optional
        Where to run (see :func:`cluster_client`); ignored when ``client`` is given.
    client : distributed.Client, optional
        An existing client (not closed here).
    resume : bool
        Continue a store that already holds cases of this sweep.
    batch_size : int
        Cases per Parquet file; a batch is also written every ``flush_s`` seconds.
    on_progress : callable, optional
        Called with the counts after every change.

    Raises
    ------
    StoreError
        The store cannot take this sweep (checked before anything is written).
    EngineError
        Unreachable scheduler (before anything is written); an output path the results do
        not have (the sweep stops; nothing of it is stored).
    """
    if batch_size < 1:
        raise EngineError(f"batch size must be ≥ 1 (got {batch_size})")
    check_plan(store, plan, resume=resume)  # refuse early, touching nothing
    if client is not None:
        return _run(plan, store, client, resume, batch_size, flush_s, on_progress)
    summary: SweepSummary | None = None
    try:
        with cluster_client(workers, scheduler, timeout_s=timeout_s) as c:
            summary = _run(plan, store, c, resume, batch_size, flush_s, on_progress)
    except KeyboardInterrupt:
        if summary is None:  # stopped while the cluster started: nothing ran
            raise
        summary.stopped = summary.stopped or summary.remaining > 0  # stopped while closing
    assert summary is not None
    return summary


def _run(
    plan: SweepPlan,
    store: Path,
    client: Any,
    resume: bool,
    batch_size: int,
    flush_s: float,
    on_progress: Callable[[Progress], None] | None,
) -> SweepSummary:
    as_completed = _distributed().as_completed
    summary = SweepSummary(total=len(plan.cases))
    with StoreWriter(store, plan, resume=resume) as writer:
        todo = [c for c in plan.cases if c.id not in writer.done]
        summary.skipped = summary.total - len(todo)
        prog = Progress(total=summary.total, skipped=summary.skipped)
        version = wattflop.__version__
        buffer: list[dict[str, Any]] = []
        in_flight: dict[str, tuple[Any, Case]] = {}
        pending = iter(todo)
        ac = as_completed(loop=client.loop)
        t0 = time.perf_counter()
        last_flush = t0
        threads = 1

        def flush() -> None:
            nonlocal last_flush
            if buffer:
                writer.write(buffer)
                buffer.clear()
            last_flush = time.perf_counter()

        def top_up() -> None:
            window = max(4, 2 * threads)
            while len(in_flight) < window:
                case = next(pending, None)
                if case is None:
                    return
                fut = client.submit(
                    run_case,
                    plan.base_raw,
                    case.values,
                    plan.outputs,
                    key=f"wattflop-case-{case.id}",
                    pure=False,
                )
                in_flight[fut.key] = (fut, case)
                ac.add(fut)

        def report() -> None:
            prog.done, prog.failed, prog.lost = summary.done, summary.failed, len(summary.lost)
            prog.running = min(len(in_flight), threads)
            if on_progress is not None:
                on_progress(prog)

        try:
            with _stop_on_sigterm():
                threads = max(1, sum(client.nthreads().values()))
                top_up()
                report()
                while in_flight:
                    finished = ac.next_batch(block=False)
                    if not finished:
                        if time.perf_counter() - last_flush > flush_s:
                            flush()
                        time.sleep(0.02)
                        continue
                    for fut in finished:
                        case = in_flight.pop(fut.key)[1]
                        try:
                            row = fut.result()
                        except OutputError as exc:
                            raise EngineError(str(exc)) from None
                        except Exception as exc:  # the cluster could not run it
                            summary.lost.append((case.id, f"{type(exc).__name__}: {exc}"))
                            continue
                        finally:
                            fut.release()
                        row |= {"id": case.id, **plan.row_inputs(case)}
                        row |= {"wattflop_version": version, "sweep": plan.name}
                        buffer.append(row)
                        if row["status"] == "ok":
                            summary.done += 1
                        else:
                            summary.failed += 1
                    if len(buffer) >= batch_size or time.perf_counter() - last_flush > flush_s:
                        flush()
                    threads = max(1, sum(client.nthreads().values()))
                    top_up()
                    report()
                flush()
        except KeyboardInterrupt:
            summary.stopped = True
            client.cancel([f for f, _ in in_flight.values()])
            flush()  # finished cases are kept
        except EngineError:
            client.cancel([f for f, _ in in_flight.values()])
            buffer.clear()
            if writer.created and writer.rows_written == 0:
                writer.__exit__(None, None, None)
                shutil.rmtree(store, ignore_errors=True)  # this run made it; leave no trace
            raise
        finally:
            summary.wall_s = time.perf_counter() - t0
            summary.files = writer.files_written
        report()
    return summary


__all__ = [
    "EngineError",
    "OutputError",
    "Progress",
    "SweepSummary",
    "cluster_client",
    "run_case",
    "run_sweep",
    "warm_workers",
]

"""HiGHS plumbing shared by the ground plant's two ways to the solver.

Both :mod:`wattflop.ground.lp` (the direct sparse LP) and :mod:`wattflop.ground.network`
(PyPSA through linopy) run HiGHS in this process: they take its thread count from the same
setting (:func:`solver_threads`), keep its per-process task scheduler fit for that count
(:func:`highs_scheduler`), keep its C-level banner off standard output
(:func:`quiet_c_stdout`) and record its results on the network under the same keys
(:data:`SOLVE_TIME_KEY`, :data:`SOLVER_STATS_KEY`, :data:`OBJECTIVE_KEY`). This module
imports neither of them, so neither imports the other for these.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

from wattflop.errors import WattflopError

#: Where a solve records HiGHS' run time in the network's ``meta`` [s].
SOLVE_TIME_KEY = "highs_run_time_s"
#: Where a solve records how the sizing LP was solved in the network's ``meta``: the fields
#: of :class:`wattflop.ground.lp.SolverStats` as plain values (read them back with
#: :func:`wattflop.ground.network.solver_stats`).
SOLVER_STATS_KEY = "lp_solver"
#: Where a solve records the optimal objective in the network's ``meta`` [USD/yr], without
#: PyPSA's objective constant (what ``n.objective`` holds after PyPSA's own solve).
OBJECTIVE_KEY = "objective_usd_per_year"


@contextlib.contextmanager
def quiet_c_stdout() -> Iterator[None]:
    """Send what C code writes to file descriptor 1 to /dev/null for the duration.

    HiGHS prints its banner from C before its options apply. Without a real standard output
    (captured, e.g. by pytest or a notebook) there is nothing to redirect and this does
    nothing. File descriptor 1 is restored on exit, also after an exception.
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # no real stdout (e.g. captured): nothing to do
        yield
        return
    sys.stdout.flush()
    saved = os.dup(fd)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), fd)
            yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, fd)
        os.close(saved)


def solver_threads() -> int | None:
    """HiGHS threads from ``WATTFLOP_SOLVER_THREADS`` (a sweep's workers set 1, so that two
    cases on two cores do not fight over them); None: HiGHS decides.

    Raises
    ------
    WattflopError
        The variable is set to anything but a positive integer.
    """
    value = os.environ.get("WATTFLOP_SOLVER_THREADS", "").strip()
    if not value:
        return None
    try:
        threads = int(value)
    except ValueError:
        raise WattflopError(
            f"WATTFLOP_SOLVER_THREADS must be a positive integer, got {value!r}"
        ) from None
    if threads < 1:
        raise WattflopError(f"WATTFLOP_SOLVER_THREADS must be a positive integer, got {value!r}")
    return threads


#: Thread count of this process's HiGHS task scheduler ("unset" before the first run).
_scheduler_threads: int | str | None = "unset"


def highs_scheduler(threads: int | None) -> None:
    """Make HiGHS' task scheduler fit a run with ``threads`` (None: HiGHS' default).

    HiGHS keeps one scheduler per process, sized by its first run, and refuses a run asking
    for another thread count (model status "Not Set"); a forked worker inherits its parent's.
    The scheduler is rebuilt only when the count changes (this module-level record is
    inherited on fork too, so it always describes the scheduler the process holds).
    """
    global _scheduler_threads
    if _scheduler_threads != "unset" and _scheduler_threads != threads:
        import highspy

        highspy.Highs.resetGlobalScheduler(True)
    _scheduler_threads = threads


__all__ = [
    "OBJECTIVE_KEY",
    "SOLVER_STATS_KEY",
    "SOLVE_TIME_KEY",
    "highs_scheduler",
    "quiet_c_stdout",
    "solver_threads",
]

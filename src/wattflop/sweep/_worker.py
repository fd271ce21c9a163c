"""Set-up of this package's LocalCluster workers (imported with dask.distributed only)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from distributed import Nanny
from distributed.diagnostics.plugin import WorkerPlugin


class QuietStdout(WorkerPlugin):  # type: ignore[misc, unused-ignore]
    """Send a worker process's C-level standard output to /dev/null: solvers print banners
    from C (HiGHS), which would land in the middle of the driver's progress bar. Standard
    error (warnings, errors) still reaches the terminal. Runs on every worker, restarted ones
    included."""

    idempotent = True

    def setup(self, worker: Any) -> None:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 1)
        finally:
            os.close(null)


def nanny_class(on_started: Callable[[], None]) -> type[Any]:
    """A ``distributed.Nanny`` class that calls ``on_started`` whenever none of its nannies is
    starting a worker process any more: after the cluster's first workers are up, and again
    after each worker a nanny replaces (a dead one) or restarts.

    A nanny writes dask's ``distributed.nanny.pre-spawn-environ`` into the ``os.environ`` of
    the process it runs in before it spawns a worker (``distributed/nanny.py``,
    ``WorkerProcess.start``); for a ``LocalCluster`` that is the driver, and ``on_started``
    is where the driver puts its own environment back. It waits until no nanny of the class
    is starting, as a nanny still starting needs the variables in place until its worker
    process exists (the count is kept on the event loop thread that runs every nanny).
    """
    starting = 0

    class RestoringNanny(Nanny):  # type: ignore[misc, unused-ignore]
        async def instantiate(self) -> Any:
            nonlocal starting
            starting += 1
            try:
                return await super().instantiate()
            finally:
                starting -= 1
                if starting == 0:
                    on_started()

    return RestoringNanny

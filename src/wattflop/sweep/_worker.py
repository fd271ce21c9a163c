"""Set-up of this package's LocalCluster workers (imported with dask.distributed only)."""

from __future__ import annotations

import os
from typing import Any

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

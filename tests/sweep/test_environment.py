"""A sweep leaves the calling process as it found it (issue #11: no global side effects).

Dask's nannies write the workers' single-threaded settings (``NUMBA_NUM_THREADS=1``…) into
the ``os.environ`` of the process they run in — the driver, for a LocalCluster — before they
spawn a worker. Left there, they made the driver's next numba compilation fail ("Cannot set
NUMBA_NUM_THREADS to a different value once the threads have been launched") and its ground
LPs run on one thread. The workers must still get them.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numba
import numpy as np
import pytest

from wattflop.sweep import load_sweep, plan
from wattflop.sweep.engine import WORKER_ENV, cluster_client, run_sweep

Writer = Callable[..., Path]


def _fresh_parallel_sum(n: int) -> float:
    """Compile a new parallel numba function (numba re-reads its environment settings on
    every compilation) and run it on ``n`` ones."""

    @numba.njit(parallel=True)
    def total(x: Any) -> float:
        s = 0.0
        for i in numba.prange(x.shape[0]):
            s += x[i]
        return s

    return float(total(np.ones(n)))


def _dask_config() -> dict[str, Any]:
    import dask
    import distributed  # noqa: F401  (its defaults join the config on first import)

    return copy.deepcopy(dask.config.config)


def _worker_state() -> dict[str, Any]:
    env = {k: os.environ.get(k) for k in WORKER_ENV}
    return {"env": env, "numba_threads": numba.config.NUMBA_NUM_THREADS, "pid": os.getpid()}


def test_a_sweep_leaves_environ_and_dask_config_unchanged(
    tmp_path: Path, write_sweep: Writer
) -> None:
    """The issue's case: numba threads already running in the caller (a notebook that ran a
    parallel kernel), a small orbit sweep on its own LocalCluster, then a new parallel
    function: it compiles and runs, on as many threads as before."""
    assert _fresh_parallel_sum(1000) == 1000.0  # numba's thread pool is up in this process
    threads = numba.get_num_threads()
    env, config = dict(os.environ), _dask_config()
    f = write_sweep(tmp_path, vary={"orbit.altitude": [500, 600]}, outputs=["cost.usd_per_eflop"])
    s = run_sweep(plan(load_sweep(f)), tmp_path / "store", workers=1)
    assert (s.done, s.failed, s.lost) == (2, 0, [])
    assert dict(os.environ) == env
    assert _dask_config() == config
    assert _fresh_parallel_sum(1000) == 1000.0
    assert numba.get_num_threads() == threads


def test_workers_run_single_threaded_and_restarts_leave_no_trace(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every worker — the first and one its nanny restarts — gets :data:`WORKER_ENV`, even
    where the caller set another value; the caller's environment is its own again as soon as
    the workers are up."""
    monkeypatch.setenv("OMP_NUM_THREADS", "3")  # a caller's own choice, not for the workers
    env = dict(os.environ)
    with cluster_client(1) as client:
        assert dict(os.environ) == env
        first = next(iter(client.run(_worker_state).values()))
        assert first["env"] == WORKER_ENV and first["numba_threads"] == 1
        client.restart()
        client.wait_for_workers(1, timeout=60)
        again = next(iter(client.run(_worker_state).values()))
        assert again["pid"] != first["pid"]
        assert again["env"] == WORKER_ENV and again["numba_threads"] == 1
        assert dict(os.environ) == env
    assert dict(os.environ) == env
    assert os.environ["OMP_NUM_THREADS"] == "3"

"""Benchmark: the same 2×N ground-site cases (a year of hourly dispatch on PyPSA + HiGHS
each) run directly in this process, then through the sweep engine on a LocalCluster of 1 and
of 2 single-threaded workers, results streamed into a Parquet store.

Prints the throughput ratio of 2 workers to 1 (goal ≥ 1.8×) and the engine's per-case
overhead against calling ``simulate`` directly (goal ≤ 5 %). Every timing counts warm
processes only: the direct loop runs one case first, and each worker runs one case before the
clock starts (imports, numba caches); the cluster's start-up is printed apart.

The load average is printed before each run: on a shared machine other processes take cores
and the ratio falls with them.

    .venv/bin/python benchmarks/sweep_scaling.py [--n 4] [--workers 2]
"""

from __future__ import annotations

import os

# single-threaded numerics in this process too, as on the workers (before numpy/numba load)
for _var in ("NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

import wattflop  # noqa: E402
from wattflop.cli.sweep import quiet_dask_logs  # noqa: E402
from wattflop.result_cache import bypass  # noqa: E402
from wattflop.sweep.cases import SweepPlan, plan, scenario_for  # noqa: E402
from wattflop.sweep.engine import cluster_client, run_case, run_sweep, warm_workers  # noqa: E402
from wattflop.sweep.spec import parse_sweep  # noqa: E402
from wattflop.sweep.store import read_cases  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "scenarios" / "ground-1gw-memphis.yaml"


def make_plan(cases: int) -> SweepPlan:
    prices = [round(float(x), 4) for x in np.linspace(2.5, 6.0, cases)]
    return plan(
        parse_sweep(
            {
                "name": "sweep-scaling",
                "base": str(BASE),
                "sampling": "list",
                "vary": {"plant.gas_turbines.fuel_price": prices},  # USD/MMBtu
                "outputs": ["cost.usd_per_eflop", "ground.co2_t_per_year"],
            }
        )
    )


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def engine(p: SweepPlan, workers: int, warm_values: dict[str, Any]) -> tuple[float, float, float]:
    """(cluster start-up and warm-up [s], sweep wall time [s], sum of the cases' own time on
    the workers (scenario check and simulate) [s])."""
    t0 = time.perf_counter()
    with quiet_dask_logs(), cluster_client(workers) as client:
        warm_workers(client)
        # one case on every worker
        client.run(run_case, p.base_raw, warm_values, p.outputs, use_cache=False)
        start = time.perf_counter() - t0
        print(f"  {workers} worker(s): {load()}")
        with tempfile.TemporaryDirectory() as tmp:
            s = run_sweep(p, Path(tmp) / "store", client=client, use_cache=False)
            rows = read_cases(Path(tmp) / "store")
        assert s.done == len(p.cases) == rows.num_rows and not s.lost, s
    durations = rows.column("duration_s").to_pylist()
    by_worker: dict[str, float] = {}
    for w, d in zip(rows.column("worker").to_pylist(), durations, strict=True):
        by_worker[w] = by_worker.get(w, 0.0) + d
    print(
        f"  {workers} worker(s): cases {min(durations):.1f}–{max(durations):.1f} s; busy per "
        f"worker {', '.join(f'{b:.1f}' for b in sorted(by_worker.values()))} s "
        f"(balanced: {sum(durations) / workers:.1f} s each)"
    )
    return start, s.wall_s, float(sum(durations))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=4, help="cases per worker (2×N in all)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    w = args.workers
    p = make_plan(w * args.n)
    warm_values = {"plant.gas_turbines.fuel_price": 4.0}  # not one of the timed cases
    n = len(p.cases)
    print(f"{n} ground cases ({BASE.name}, fuel price 2.5-6 USD/MMBtu)")

    with bypass():  # every timing is a solve: the result cache is neither read nor written
        wattflop.simulate(wattflop.parse_scenario(scenario_for(p.base_raw, warm_values)))
        print(f"  direct: {load()}")
        t0 = time.perf_counter()
        for case in p.cases:
            wattflop.simulate(wattflop.parse_scenario(scenario_for(p.base_raw, case.values)))
        direct = time.perf_counter() - t0

    start1, one, busy1 = engine(p, 1, warm_values)
    startn, many, _ = engine(p, w, warm_values)

    per_case = direct / n
    overhead = (one - direct) / n
    ratio = one / many
    print(f"direct simulate: {direct:.1f} s ({per_case:.2f} s per case)")
    print(f"engine, 1 worker: {one:.1f} s ({n / one:.3f} cases/s); start-up {start1:.1f} s")
    print(f"engine, {w} workers: {many:.1f} s ({n / many:.3f} cases/s); start-up {startn:.1f} s")
    verdict = "met" if ratio >= 0.9 * w else "NOT met"
    print(f"throughput ratio {w} workers / 1: {ratio:.2f}x  (goal ≥ {0.9 * w:.1f}x: {verdict})")
    verdict = "met" if overhead / per_case <= 0.05 else "NOT met"
    print(
        f"engine overhead per case: {overhead * 1e3:+.0f} ms = {overhead / per_case:+.1%} of a "
        f"direct simulate  (goal ≤ 5 %: {verdict})"
    )
    own = (one - busy1) / n
    print(
        f"  of which outside the cases (scheduling, transfer, store): {own * 1e3:+.0f} ms = "
        f"{own / per_case:+.1%}; the rest is the same simulate running slower or faster on "
        f"the worker ({busy1 / n:.2f} s against {per_case:.2f} s per case)"
    )


if __name__ == "__main__":
    main()

"""Benchmark: re-optimised ground samples of the Monte Carlo (``wattflop montecarlo
--reoptimise-ground N``) — ground samples per minute on 2 workers.

Draws the Memphis scenario's Monte Carlo, takes its first 2×N samples and re-optimises the
plant for each (a year of hourly dispatch on PyPSA + HiGHS, re-sized with the sampled
values): first one after another in this process (the baseline), then through the sweep
engine on a LocalCluster of 2 single-threaded workers into a Parquet store, as the command
does. Prints both rates in samples per minute and their ratio (goal ≥ 1.8× on 2 quiet
cores). Warm processes only: the direct loop runs one ground year first, and each worker
runs one before the clock starts (imports, numba caches); the cluster's start-up is printed
apart. The bias of re-pricing on the same samples and the rate of re-priced samples (the
vectorised model) are printed for scale.

The load average is printed before each run: on a shared machine other processes take cores
and the ratio falls with them.

    .venv/bin/python benchmarks/reoptimise_ground.py [--n 4] [--workers 2]
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

import distributed  # noqa: E402, F401  (its import sets dask's log levels; quieted below)

from wattflop.cli.sweep import quiet_dask_logs  # noqa: E402
from wattflop.scenario.keys import load_raw  # noqa: E402
from wattflop.study import reoptimise as reopt  # noqa: E402
from wattflop.study import uncertainty as unc  # noqa: E402
from wattflop.sweep.engine import cluster_client, run_case, warm_workers  # noqa: E402
from wattflop.sweep.montecarlo import plan_samples, solve  # noqa: E402
from wattflop.sweep.store import read_cases  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
GROUND = ROOT / "scenarios" / "ground-1gw-memphis.yaml"


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=4, help="samples per worker (2×N in all)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    w = args.workers
    n = w * args.n

    t0 = time.perf_counter()
    study = unc.prepare([(load_raw(GROUND), str(GROUND))], samples=100_000)
    det_s = time.perf_counter() - t0  # the deterministic ground year, inside prepare
    t0 = time.perf_counter()
    unc.sample_metric(study)
    repriced_rate = study.samples / (time.perf_counter() - t0) * 60.0
    samples = reopt.select(study, n)
    plan, _ids = plan_samples(samples, str(GROUND))
    cases = plan.cases
    print(f"{n} re-optimised ground samples ({GROUND.name}; {len(samples.keys)} sampled keys)")

    print(f"  direct: {load()}")
    t0 = time.perf_counter()
    for case in cases:
        row = run_case(plan.base_raw, case.values, plan.outputs, use_cache=False)
        assert row["status"] == "ok", row["error"]
    direct = time.perf_counter() - t0

    t0 = time.perf_counter()
    with quiet_dask_logs(), cluster_client(w) as client:
        warm_workers(client)
        # one year on each worker
        client.run(run_case, plan.base_raw, {}, plan.outputs, use_cache=False)
        start = time.perf_counter() - t0
        print(f"  {w} workers: {load()}")
        with tempfile.TemporaryDirectory() as tmp:
            store = Path(tmp) / "store"
            runs = solve(samples, str(GROUND), store, client=client, use_cache=False)
            det = study.sites["ground"].deterministic["usd_per_eflop"]
            r = reopt.compare(samples, runs, metric="usd_per_eflop", deterministic={"ground": det})
            busy = sum(read_cases(store).column("duration_s").to_pylist())
    assert runs.solved == len(cases) and r.failed == 0, runs
    many = runs.wall_s

    per_min_direct = len(cases) / direct * 60.0
    per_min = len(cases) / many * 60.0
    ratio = per_min / per_min_direct
    print(f"deterministic ground year (in the Monte Carlo's set-up): {det_s:.1f} s")
    print(f"direct, one after another: {direct:.1f} s = {per_min_direct:.1f} samples/min")
    print(
        f"sweep engine, {w} workers: {many:.1f} s = {per_min:.1f} samples/min; "
        f"cluster start-up and warm-up {start:.1f} s"
    )
    verdict = "met" if ratio >= 0.9 * w else "NOT met"
    print(f"ratio {w} workers / direct: {ratio:.2f}x  (goal ≥ {0.9 * w:.1f}x: {verdict})")
    outside = max(many - busy / w, 0.0)
    print(
        f"  a sample's own run: {busy / len(cases):.1f} s on a worker against "
        f"{direct / len(cases):.1f} s in this process; about {outside:.1f} s of the engine's "
        "wall time is outside the runs (scheduling, transfer, the store)"
    )
    b = r.bias["ground"]
    print(
        f"bias of re-pricing on these {n} samples: mean {b.mean:+.4g} USD/EFLOP "
        f"({b.relative_mean:+.3%} of the re-optimised mean), p5-p95 {b.p5:+.4g} to "
        f"{b.p95:+.4g}; LP objective re-priced ≥ re-optimised: "
        f"{'holds' if r.lp.holds else 'FAILS'} (smallest margin {r.lp.min_margin:+.2e})"
    )
    print(
        f"for scale: re-priced samples (vectorised) {repriced_rate:,.0f} per minute = "
        f"{repriced_rate / per_min:,.0f}x the re-optimised rate"
    )


if __name__ == "__main__":
    main()

"""Benchmark: Monte Carlo of the bundled orbital design — samples per second.

Draws 100,000 samples from the distributions in the bundled orbital scenario's
``uncertainty`` section and evaluates the vectorised orbital model on all of them (sampling,
quantile transforms, bound checks, satellite sizing with mass closure, spares, fleet,
launches and money). Stage A (the year of geometry and the array's year) is built once
before timing, as is numba's compilation; the median of several runs is reported.

Goal (issue #4): ≥ 1,000,000 samples/s on a 2-core machine.

Baseline: when spacedc-mdao is installed (``pip install spacedc-mdao``; ``make bench`` does
it), the same run times its ``orbitdc.optimize.uncertainty.monte_carlo`` on its own example
scenario (``benchmarks/data/spacedc-mdao/``) for 10,000 samples and prints the ratio of
samples per second.

    .venv/bin/python benchmarks/monte_carlo.py [--samples N] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from wattflop.scenario.keys import load_raw
from wattflop.study import uncertainty as unc

HERE = Path(__file__).resolve().parent
SCENARIO = HERE.parent / "scenarios" / "orbit-1gw-dawn-dusk-650km.yaml"
SPACEDC = HERE / "data" / "spacedc-mdao"


def spacedc_rate(n: int) -> float | None:
    """spacedc-mdao's Monte Carlo samples per second on its own example, or None."""
    try:
        import orbitdc
        from orbitdc.optimize.uncertainty import monte_carlo
    except ImportError:
        return None
    space = orbitdc.load_scenario(SPACEDC / "orbital_1mw_inference.yaml")
    earth = orbitdc.evaluate_earth(
        orbitdc.load_scenario(SPACEDC / "earth_hyperscale_baseline.yaml")
    )
    monte_carlo(space, earth.lcoc_per_pflop_day, n=50, seed=0)  # warm-up
    t = time.perf_counter()
    monte_carlo(space, earth.lcoc_per_pflop_day, n=n, seed=0)
    return n / (time.perf_counter() - t)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--baseline-samples", type=int, default=10_000)
    args = parser.parse_args()

    study = unc.prepare([(load_raw(SCENARIO), str(SCENARIO))], samples=args.samples)
    unc.sample_metric(study)  # warm-up
    times = []
    for i in range(args.repeat):
        study.seed = i
        t = time.perf_counter()
        y = unc.sample_metric(study)["orbit"]
        times.append(time.perf_counter() - t)
    wall = statistics.median(times)
    rate = args.samples / wall
    print(f"keys sampled: {', '.join(kp.dist.key for kp in study.keys)}")
    print(f"orbit USD/EFLOP p50 of the last run: {float(sorted(y)[len(y) // 2]):.4f}")
    print(f"wattflop monte carlo: {args.samples:,} samples in {wall * 1e3:.1f} ms (median of "
          f"{args.repeat}) = {rate:,.0f} samples/s   goal ≥ 1,000,000/s: "
          f"{'met' if rate >= 1e6 else 'NOT met'}")  # fmt: skip
    base = spacedc_rate(args.baseline_samples)
    if base is None:
        print("spacedc-mdao not installed: no baseline (pip install spacedc-mdao)")
    else:
        print(f"spacedc-mdao monte_carlo: {args.baseline_samples:,} samples at {base:,.0f} "
              f"samples/s; ratio wattflop / spacedc-mdao = {rate / base:,.0f}×")  # fmt: skip


if __name__ == "__main__":
    main()

"""Benchmark: the bundled 1 GW ground scenario, 8,760 hours, sizing + dispatch.

Prints the total seconds of ``wattflop.simulate`` (weather, PV, load, PyPSA network, the LP
written for HiGHS, HiGHS, results, the sub-second swing analysis) and wattflop's own share —
everything except HiGHS' solve, as reported by HiGHS itself — as a ratio to the solve time.

Goal (issue #3): own share / solve ≤ 0.25.

    .venv/bin/python benchmarks/ground_year.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import wattflop

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "ground-1gw-memphis.yaml"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sc = wattflop.load_scenario(SCENARIO)
    wattflop.simulate(sc)  # warm-up: imports, numba compilation, caches
    totals, solves = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        r = wattflop.simulate(sc)
        totals.append(time.perf_counter() - t0)
        solves.append(float(r.artifacts["network"].meta["highs_run_time_s"]))
    total, solve = statistics.median(totals), statistics.median(solves)
    own = total - solve
    gas = r.get("ground.capacity_mw")["gas_turbines"]
    print(f"snapshots: {len(r.detail['time'])}, gas {gas:,.0f} MW, LCOE "
          f"{r.get('cost.lcoe_usd_per_mwh'):.1f} USD/MWh")  # fmt: skip
    print(f"ground_year total seconds: {total:.2f}  (HiGHS solve {solve:.2f} s; "
          f"wattflop + PyPSA + LP {own:.2f} s)")  # fmt: skip
    verdict = "met" if own / solve <= 0.25 else "NOT met"
    print(f"own share / solve: {own / solve:.2f}  (goal ≤ 0.25: {verdict})")


if __name__ == "__main__":
    main()

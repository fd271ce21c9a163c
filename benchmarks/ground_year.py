"""Benchmark: the bundled 1 GW ground scenario, 8,760 hours, sizing + dispatch.

Two parts, in the same run:

1. ``wattflop.simulate`` end to end (weather, PV, load, PyPSA network, the LP written for
   HiGHS, HiGHS, results, the sub-second swing analysis): its total seconds and wattflop's
   own share — everything except HiGHS' solve, as HiGHS reports it — as a ratio to the
   solve time. Goal (issue #3, set when the solve was simplex): own share / simplex
   solve ≤ 0.25; printed against the default solver's solve and against simplex's.
2. The plant LP alone, on the same network, with simplex and with the chosen solver
   (``--solver``, default ``auto``: PDLP with a simplex fallback; issue #14 item 1),
   interleaved so that both see the same machine load: simplex's HiGHS solve time, the
   chosen solver's, and the chosen path's total (LP build + solve + write-back onto the
   network, i.e. :func:`wattflop.ground.network.solve_sizing`) as a ratio to simplex's solve.
   Goals: ratio ≤ 0.4, objective within 1e-7 relative of simplex's.

    .venv/bin/python benchmarks/ground_year.py [--repeat N] [--solver auto|pdlp|hipdlp|ipm]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

import wattflop
from wattflop.ground import lp
from wattflop.ground import network as net

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "ground-1gw-memphis.yaml"


def _capacities(n: Any) -> np.ndarray[Any, Any]:
    return np.concatenate([n.generators.p_nom_opt.to_numpy(), n.links.p_nom_opt.to_numpy(),
                           n.stores.e_nom_opt.to_numpy()])  # fmt: skip


def _solve(n0: Any, solver: lp.Solver) -> tuple[float, Any]:
    """Wall seconds of solve_sizing (build + solve + write-back) on a copy of ``n0``."""
    with net.pypsa_settings():
        n = n0.copy()
    t0 = time.perf_counter()
    net.solve_sizing(n, solver=solver)
    return time.perf_counter() - t0, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--solver", default="auto", choices=[s for s in lp.SOLVERS
                                                              if s != "simplex"])  # fmt: skip
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
    default = r.get("ground.solver")
    print(f"snapshots: {len(r.detail['time'])}, gas {gas:,.3f} MW, LCOE "
          f"{r.get('cost.lcoe_usd_per_mwh'):.1f} USD/MWh")  # fmt: skip
    print(f"ground_year total seconds: {total:.2f}  (HiGHS solve {solve:.2f} s with "
          f"plant.solver = {default['requested']} → {default['used']}; "
          f"wattflop + PyPSA + LP {own:.2f} s)")  # fmt: skip

    # -- the LP alone: simplex and the chosen solver, interleaved -------------------------
    n0 = r.artifacts["network"]
    simplex_solve, chosen_solve, chosen_total = [], [], []
    for _ in range(args.repeat):
        _, ns = _solve(n0, "simplex")
        simplex_solve.append(net.solver_stats(ns).solve_time_s)
        wall, nc = _solve(n0, args.solver)
        chosen_solve.append(net.solver_stats(nc).solve_time_s)
        chosen_total.append(wall)
    s_solve = statistics.median(simplex_solve)
    c_solve, c_total = statistics.median(chosen_solve), statistics.median(chosen_total)
    stats = net.solver_stats(nc)
    obj_s, obj_c = net.objective_usd_per_year(ns), net.objective_usd_per_year(nc)
    rel = abs(obj_c - obj_s) / abs(obj_s)
    cap_s, cap_c = _capacities(ns), _capacities(nc)
    cap_rel = float(np.abs(cap_c - cap_s).max() / max(float(np.abs(cap_s).max()), 1.0))
    how = f"{stats.used}" + (f", fell back: {stats.fallback_reason}" if stats.fallback else "")
    iters = (f"{stats.pdlp_iterations:,} PDLP + {stats.simplex_iterations:,} simplex + "
             f"{stats.ipm_iterations:,} IPM + {stats.crossover_iterations:,} crossover "
             "iterations")  # fmt: skip
    print(f"own share / solve: {own / solve:.2f} with {default['used']}, "
          f"{own / s_solve:.2f} against simplex's solve  (issue #3 goal ≤ 0.25 against "
          f"simplex: {'met' if own / s_solve <= 0.25 else 'NOT met'})")  # fmt: skip
    print(f"LP {len(n0.snapshots):,} hours, simplex solve {s_solve:.2f} s "
          f"({net.solver_stats(ns).simplex_iterations:,} iterations)")  # fmt: skip
    print(f"LP with solver={args.solver} ({how}; {iters}): solve {c_solve:.2f} s, "
          f"build + solve + write-back {c_total:.2f} s")  # fmt: skip
    ratio = c_total / s_solve
    print(f"chosen path total / simplex solve: {ratio:.2f}  (goal ≤ 0.4: "
          f"{'met' if ratio <= 0.4 else 'NOT met'})")  # fmt: skip
    print(f"objective relative difference: {rel:.1e}  (goal ≤ 1e-7: "
          f"{'met' if rel <= 1e-7 else 'NOT met'}); capacities {cap_rel:.1e} of the largest; "
          f"max infeasibility primal {stats.max_primal_infeasibility:.1e} MW, dual "
          f"{stats.max_dual_infeasibility:.1e}")  # fmt: skip


if __name__ == "__main__":
    main()

"""Benchmark: one hour of a 1 GW training campus at 100 Hz — swings, battery, floor, spectrum.

Builds the power trace of a synchronous training job (1 GW peak, 2 s iterations, 60 %
compute, communication phase at 50 % of peak, a 30 s checkpoint near idle every 10 min,
50 ms jitter of the iteration boundaries; 360,000 samples) and analyses it against a
10 MW/s ramp limit with a GPU power floor at 70 % of peak: battery power and energy, energy
burnt by the floor, share of the spectral energy in 0.1–20 Hz before and after. Prints the
median wall time of several runs after a warm-up (numba compilation is not counted).

Goal: ≤ 1 s for profile + analysis on a 2-core machine.

    .venv/bin/python benchmarks/swings.py [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time

from wattflop.ground.swings import SwingAnalysis, analyse_swings, training_power_profile

RAMP_LIMIT_W_PER_S = 10e6
FLOOR_FRACTION = 0.7


def run() -> tuple[SwingAnalysis, SwingAnalysis, float, float]:
    """Profile, then the analysis without and with the floor; returns both and timings."""
    t0 = time.perf_counter()
    t, p = training_power_profile(
        duration_s=3600.0,
        sample_rate_hz=100.0,
        peak_power_w=1e9,
        iteration_period_s=2.0,
        compute_fraction=0.6,
        swing_depth=0.5,
        checkpoint_interval_s=600.0,
        checkpoint_duration_s=30.0,
        jitter_s=0.05,
        seed=0,
    )
    t1 = time.perf_counter()
    bare = analyse_swings(t, p, ramp_limit_w_per_s=RAMP_LIMIT_W_PER_S)
    floored = analyse_swings(
        t, p, ramp_limit_w_per_s=RAMP_LIMIT_W_PER_S, floor_fraction=FLOOR_FRACTION
    )
    t2 = time.perf_counter()
    return bare, floored, t1 - t0, t2 - t1


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    run()  # warm-up: numba compile (or load from cache)
    prof, ana, total = [], [], []
    for _ in range(args.repeat):
        bare, floored, tp, ta = run()
        prof.append(tp)
        ana.append(ta)
        total.append(tp + ta)
    med = statistics.median(total)
    n = bare.t.size
    print(
        f"samples: {n:,} ({n / 3600:.0f} Hz, 1 h); ramp limit {RAMP_LIMIT_W_PER_S / 1e6:g} MW/s;"
        f" load mean {bare.load.mean() / 1e6:.0f} MW, peak ramp "
        f"{bare.peak_ramp_before_w_per_s / 1e9:.0f} GW/s"
    )
    for name, a in (("no floor", bare), (f"floor {FLOOR_FRACTION:.0%}", floored)):
        print(
            f"{name:>9}: battery {a.battery_power_w / 1e6:7.1f} MW, "
            f"{a.battery_energy_j / 3.6e9:6.2f} MWh; floor burns "
            f"{a.floor_energy_j / 3.6e9:6.1f} MWh ({a.floor_energy_fraction:.1%} of load); "
            f"band share 0.1–20 Hz {a.band_share_before:.3f} → {a.band_share_after:.4f} "
            f"(in-band RMS {a.band_rms_before_w / 1e6:.1f} → {a.band_rms_after_w / 1e6:.2f} MW); "
            f"peak ramp after {a.peak_ramp_after_w_per_s / 1e6:.2f} MW/s"
        )
    print(
        f"profile: {statistics.median(prof):.3f} s; analysis (with and without floor): "
        f"{statistics.median(ana):.3f} s"
    )
    print(f"swings seconds: {med:.3f}  (goal ≤ 1 s: {'met' if med <= 1.0 else 'NOT met'})")


if __name__ == "__main__":
    main()

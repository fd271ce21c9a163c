"""Training power swings: profile, smoothing, floor and utility limits against hand results.

The acceptance tests drive a pure square wave (no checkpoints, jitter or ramps) through the
smoother and compare battery power and energy with the closed forms derived in the
docstring of :func:`wattflop.ground.swings.rate_limited`; the parameters are chosen so the
window W = ΔP/r is a whole number of samples at 1 kHz, which leaves a discretisation error
of 1/m = 1e-4 or less (m = W/dt).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wattflop.ground import swings

#: Closed form vs sampled model, relative (discretisation 1/m ≤ 1e-4 at 1 kHz).
CLOSED_FORM_RTOL = 1e-3
#: Exact-arithmetic identities evaluated in float64, relative.
ROUNDING_RTOL = 1e-9
#: Allowed excess of the smoothed ramp over the limit, relative: the window length is
#: rounded up to whole samples, so the only excess is floating-point rounding.
RAMP_RTOL = 1e-9


def _energy(load: np.ndarray, smoothed: np.ndarray, dt: float) -> np.ndarray:
    """Cumulative battery energy with the starting zero [J]."""
    return np.concatenate([[0.0], np.cumsum(load - smoothed) * dt])


def _plain_limiter(p: np.ndarray, dt: float, r: float) -> np.ndarray:
    """Reference slew-rate limiter y_i = y_{i−1} + clip(P_i − y_{i−1}, ±r·dt), y_0 = P_0."""
    y = np.empty_like(p)
    y[0] = p[0]
    step = r * dt
    for i in range(1, p.size):
        y[i] = y[i - 1] + min(max(p[i] - y[i - 1], -step), step)
    return y


# --------------------------------------------------------------------------- acceptance


@pytest.mark.parametrize("compute_fraction", [0.5, 0.7])
def test_square_wave_fast_limit_closed_form(compute_fraction: float) -> None:
    """ACCEPTANCE, ramp limit fast enough to follow (r·min(f, 1−f)·T ≥ ΔP).

    Square wave 100 MW ↔ 50 MW (ΔP = 50 MW), T = 40 s, r = 5 MW/s: W = ΔP/r = 10 s is
    shorter than both phases (20/20 s and 28/12 s). Closed form (rate_limited notes): the
    grid ramps at r for W after each step; battery power ΔP = 50 MW; each transition moves
    the battery energy by ∫_0^W (ΔP − r·t) dt = ΔP²/(2r) = 250 MJ, and since the cumulative
    energy alternates between −ΔP²/(2r) and 0 that is also the capacity. Sampled at 1 kHz
    (m = 10,000): exactly ΔP·(1 − 1/m) and dt·ΔP·(m − 1)/2."""
    d_p, r, fs = 50e6, 5e6, 1000.0
    t, p = swings.training_power_profile(
        duration_s=160.0,
        sample_rate_hz=fs,
        peak_power_w=100e6,
        iteration_period_s=40.0,
        compute_fraction=compute_fraction,
        swing_depth=0.5,
    )
    a = swings.analyse_swings(t, p, ramp_limit_w_per_s=r)
    assert a.battery_power_w == pytest.approx(d_p, rel=CLOSED_FORM_RTOL)
    assert a.battery_energy_j == pytest.approx(d_p**2 / (2 * r), rel=CLOSED_FORM_RTOL)
    # the sampled model, exactly
    m, dt = 10_000, 1.0 / fs
    assert swings.smoothing_window_samples(p, dt, r) == m
    assert a.battery_power_w == pytest.approx(d_p * (1 - 1 / m), rel=ROUNDING_RTOL)
    assert a.battery_energy_j == pytest.approx(dt * d_p * (m - 1) / 2, rel=ROUNDING_RTOL)
    # the grid ramps at the limit and no faster; energy returns to 0 after every pair of steps
    assert a.peak_ramp_after_w_per_s == pytest.approx(r, rel=ROUNDING_RTOL)
    # the cumulative energy is 0 at the end of each compute phase and −ΔP²/(2r) (sampled:
    # dt·ΔP·(m − 1)/2) at the end of each communication phase: no drift
    e = _energy(a.load, a.smoothed, dt)
    period, high = 40_000, round(40_000 * compute_fraction)
    np.testing.assert_allclose(e[high::period], 0.0, atol=ROUNDING_RTOL * d_p**2 / r)
    np.testing.assert_allclose(e[period::period], -dt * d_p * (m - 1) / 2, rtol=ROUNDING_RTOL)


def test_square_wave_slow_limit_trapezoid_closed_form() -> None:
    """ACCEPTANCE, ramp limit too slow to follow (r·T/2 < ΔP ≤ r·T), f = ½.

    Square wave 200 MW ↔ 80 MW (ΔP = 120 MW, mean 140 MW), T = 20 s, r = 8 MW/s:
    W = ΔP/r = 15 s, w = W − T/2 = 5 s. Closed form (rate_limited notes): the grid power is
    a trapezoid centred on the mean with peak-to-peak A = r·T − ΔP = 40 MW (120 ↔ 160 MW).
    Periodic steady state: battery power r·T/2 = 80 MW, capacity ΔP·T/4 + A·w/2 =
    600 + 100 = 700 MJ. Whole record from the start at 200 MW: the first down-step gives
    ΔP = 120 MW and the range is ΔP·(T/2)·(1 − T/(4W)) = 120 MW·10 s·(2/3) = 800 MJ."""
    d_p, r, big_t, fs = 120e6, 8e6, 20.0, 1000.0
    w_win = d_p / r
    amp = r * big_t - d_p
    t, p = swings.training_power_profile(
        duration_s=10 * big_t,
        sample_rate_hz=fs,
        peak_power_w=200e6,
        iteration_period_s=big_t,
        compute_fraction=0.5,
        swing_depth=0.6,
    )
    a = swings.analyse_swings(t, p, ramp_limit_w_per_s=r)
    steady = t >= w_win + big_t  # the window holds only periodic load from here on
    e = _energy(a.load, a.smoothed, 1.0 / fs)[1:]
    b = a.load - a.smoothed
    assert np.max(np.abs(b[steady])) == pytest.approx(r * big_t / 2, rel=CLOSED_FORM_RTOL)
    assert np.ptp(e[steady]) == pytest.approx(
        d_p * big_t / 4 + amp * (w_win - big_t / 2) / 2, rel=CLOSED_FORM_RTOL
    )
    assert np.min(a.smoothed[steady]) == pytest.approx(140e6 - amp / 2, rel=CLOSED_FORM_RTOL)
    assert np.max(a.smoothed[steady]) == pytest.approx(140e6 + amp / 2, rel=CLOSED_FORM_RTOL)
    # whole record, start-up included
    assert a.battery_power_w == pytest.approx(d_p, rel=CLOSED_FORM_RTOL)
    assert a.battery_energy_j == pytest.approx(
        d_p * big_t / 2 * (1 - big_t / (4 * w_win)), rel=CLOSED_FORM_RTOL
    )


def test_square_wave_triangle_at_the_boundary() -> None:
    """ACCEPTANCE, r·T/2 = ΔP exactly: the smoothed power is a triangle wave from L to H.

    ΔP = 120 MW, T = 20 s, r = 12 MW/s: W = T/2 = 10 s, so the grid ramps at r the whole
    time. Both closed forms agree here: battery power ΔP, capacity ΔP²/(2r) = ΔP·T/4 =
    600 MJ (the triangle of each half-period)."""
    d_p, r, big_t, fs = 120e6, 12e6, 20.0, 1000.0
    t, p = swings.training_power_profile(
        duration_s=8 * big_t,
        sample_rate_hz=fs,
        peak_power_w=200e6,
        iteration_period_s=big_t,
        compute_fraction=0.5,
        swing_depth=0.6,
    )
    a = swings.analyse_swings(t, p, ramp_limit_w_per_s=r)
    steady = t >= big_t
    assert np.min(a.smoothed[steady]) == pytest.approx(80e6, rel=CLOSED_FORM_RTOL)
    assert np.max(a.smoothed[steady]) == pytest.approx(200e6, rel=CLOSED_FORM_RTOL)
    slopes = np.abs(np.diff(a.smoothed[steady])) * fs
    np.testing.assert_allclose(slopes, r, rtol=ROUNDING_RTOL)  # always ramping: a triangle
    assert a.battery_power_w == pytest.approx(d_p, rel=CLOSED_FORM_RTOL)
    assert a.battery_energy_j == pytest.approx(d_p**2 / (2 * r), rel=CLOSED_FORM_RTOL)
    assert a.battery_energy_j == pytest.approx(d_p * big_t / 4, rel=CLOSED_FORM_RTOL)


def test_plain_limiter_drifts_moving_mean_does_not() -> None:
    """Why rate_limited is a moving mean: on a slow-limit wave with f = 0.6 (100 ↔ 50 MW,
    T = 2 s, r = 1 MW/s) a plain slew-rate limiter started at the first sample stays near
    the peak (it falls 0.8 MW per communication phase and climbs back), so the battery
    absorbs ≈ mean − peak ≈ −20 MW for ever: its energy range doubles when the record
    doubles. The moving mean's range is the same for 200 s and 400 s and below
    ΔP²/(2r) = 1.25 GJ."""
    r, fs = 1e6, 100.0
    ranges_plain, ranges_ours = [], []
    for duration in (200.0, 400.0):
        _, p = swings.training_power_profile(
            duration_s=duration,
            sample_rate_hz=fs,
            peak_power_w=100e6,
            iteration_period_s=2.0,
            compute_fraction=0.6,
            swing_depth=0.5,
        )
        dt = 1.0 / fs
        ranges_plain.append(np.ptp(_energy(p, _plain_limiter(p, dt, r), dt)))
        ranges_ours.append(np.ptp(_energy(p, swings.rate_limited(p, dt, r), dt)))
    assert ranges_plain[1] == pytest.approx(2 * ranges_plain[0], rel=0.02)
    assert ranges_plain[0] > 3.5e9  # ≈ 19.7 MW × 200 s
    assert ranges_ours[1] == pytest.approx(ranges_ours[0], rel=ROUNDING_RTOL)
    assert ranges_ours[0] < (50e6) ** 2 / (2 * r)


# --------------------------------------------------------------------------- profile


def test_profile_duty_cycle_levels_and_mean() -> None:
    """T = 2 s at 100 Hz = 200 samples: the first f·200 = 120 at peak, the other 80 at
    peak·(1 − d); mean = P·(f + (1 − f)(1 − d)) = 1 MW·(0.6 + 0.4·0.5) = 0.8 MW."""
    t, p = swings.training_power_profile(
        duration_s=20.0,
        peak_power_w=1e6,
        iteration_period_s=2.0,
        compute_fraction=0.6,
        swing_depth=0.5,
    )
    assert p.size == t.size == 2000
    np.testing.assert_allclose(np.diff(t), 0.01, rtol=ROUNDING_RTOL)
    per = p.reshape(10, 200)
    assert np.all(per[:, :120] == 1e6)
    assert np.all(per[:, 120:] == 0.5e6)
    assert set(np.unique(p)) == {0.5e6, 1e6}
    assert np.mean(p) == pytest.approx(1e6 * (0.6 + 0.4 * 0.5), rel=ROUNDING_RTOL)
    assert np.mean(p == 1e6) == pytest.approx(0.6, rel=ROUNDING_RTOL)


def test_profile_checkpoints_at_the_right_times() -> None:
    """Checkpoints every 60 s for 5 s: samples [6000, 6500), [12000, 12500), … at the
    default depth max(d, 0.9) → 10 % of peak; the job clock stops meanwhile, so after the
    pause the trace continues where the job left off (the no-checkpoint trace delayed by
    5 s, then 10 s after the second)."""
    kw: dict[str, Any] = dict(
        duration_s=200.0,
        peak_power_w=1e6,
        iteration_period_s=2.3,
        compute_fraction=0.6,
        swing_depth=0.5,
    )
    _, ref = swings.training_power_profile(**kw)
    t, p = swings.training_power_profile(
        **kw,
        checkpoint_interval_s=60.0,
        checkpoint_duration_s=5.0,
    )
    expected = np.zeros(p.size, dtype=bool)
    for k in (1, 2, 3):
        expected[6000 * k : 6000 * k + 500] = True
    np.testing.assert_array_equal(np.isclose(p, 1e5, rtol=ROUNDING_RTOL, atol=0), expected)
    np.testing.assert_array_equal(p[:6000], ref[:6000])
    np.testing.assert_array_equal(p[6500:12000], ref[6000:11500])
    np.testing.assert_array_equal(p[12500:18000], ref[11500:17000])
    # an explicit depth
    _, p2 = swings.training_power_profile(
        **kw,
        checkpoint_interval_s=60.0,
        checkpoint_duration_s=5.0,
        checkpoint_depth=0.7,
    )
    np.testing.assert_allclose(p2[expected], 0.3e6, rtol=ROUNDING_RTOL)
    assert t[6000] == pytest.approx(60.0)


def test_profile_rejects_low_sample_rate_and_bad_inputs() -> None:
    """Below 100 Hz the 0.1–20 Hz band and sub-second phases are not resolved."""
    base: dict[str, Any] = dict(
        duration_s=10.0,
        peak_power_w=1e6,
        iteration_period_s=2.0,
        compute_fraction=0.6,
        swing_depth=0.5,
    )
    with pytest.raises(ValueError, match="100 Hz"):
        swings.training_power_profile(**base, sample_rate_hz=99.9)
    for bad in (
        {"compute_fraction": 0.0},
        {"compute_fraction": 1.2},
        {"swing_depth": -0.1},
        {"duration_s": 0.0},
        {"peak_power_w": -1.0},
        {"jitter_s": -0.1},
        {"ramp_time_s": -1.0},
    ):
        with pytest.raises(ValueError):
            swings.training_power_profile(**{**base, **bad})
    with pytest.raises(ValueError, match="exceed"):
        swings.training_power_profile(
            **base,
            checkpoint_interval_s=5.0,
            checkpoint_duration_s=5.0,
        )


def test_profile_jitter_is_seeded_and_keeps_the_mean() -> None:
    """Same seed → the same trace; another seed → another; jitter of 50 ms on independent
    boundaries keeps the mean compute share f on average (600 s: within 1 %)."""
    kw: dict[str, Any] = dict(
        duration_s=600.0,
        peak_power_w=1e6,
        iteration_period_s=2.0,
        compute_fraction=0.6,
        swing_depth=1.0,
        jitter_s=0.05,
    )
    _, a = swings.training_power_profile(**kw, seed=7)
    _, b = swings.training_power_profile(**kw, seed=7)
    _, c = swings.training_power_profile(**kw, seed=8)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    assert np.mean(a) == pytest.approx(0.6e6, rel=0.01)
    _, plain = swings.training_power_profile(**{**kw, "jitter_s": 0.0})
    assert not np.array_equal(a, plain)
    # f = 1 has no communication phase, and jitter must not invent one
    _, full = swings.training_power_profile(**{**kw, "compute_fraction": 1.0})
    assert np.all(full == 1e6)


def test_profile_linear_ramps() -> None:
    """A 0.2 s ramp at 100 Hz (20 samples) turns each 0.5 MW step into a linear ramp of
    0.5 MW / 0.2 s = 2.5 MW/s, keeps the levels mid-phase and the mean over interior
    iterations."""
    kw: dict[str, Any] = dict(
        duration_s=20.0,
        peak_power_w=1e6,
        iteration_period_s=2.0,
        compute_fraction=0.6,
        swing_depth=0.5,
    )
    _, steps = swings.training_power_profile(**kw)
    _, p = swings.training_power_profile(**kw, ramp_time_s=0.2)
    assert swings.peak_ramp_w_per_s(p, 0.01) == pytest.approx(2.5e6, rel=ROUNDING_RTOL)
    per = p.reshape(10, 200)
    assert np.all(per[1:, 20:100] == pytest.approx(1e6))
    assert np.all(per[1:, 130:190] == pytest.approx(0.5e6))
    assert np.mean(p[200:1800]) == pytest.approx(np.mean(steps[200:1800]), rel=ROUNDING_RTOL)


# --------------------------------------------------------------------------- spectrum, ramps


def test_band_share_of_tones() -> None:
    """A 1 Hz sine has all its energy inside 0.1–20 Hz; a 50 Hz sine (1 kHz sampling) and a
    0.05 Hz sine none; a 1 Hz sine over a non-integer number of cycles leaks a little."""
    fs = 1000.0
    t = np.arange(100_000) / fs
    assert swings.band_energy_share(5e7 * np.sin(2 * np.pi * t) + 1e9, fs) == pytest.approx(
        1.0, abs=1e-9
    )
    assert swings.band_energy_share(np.sin(2 * np.pi * 50 * t), fs) < 1e-9
    t_long = np.arange(400_000) / 100.0
    assert swings.band_energy_share(np.sin(2 * np.pi * 0.05 * t_long), 100.0) < 1e-9
    t_odd = np.arange(10_037) / 100.0
    assert swings.band_energy_share(np.sin(2 * np.pi * t_odd), 100.0) > 0.999
    assert swings.band_energy_share(np.full(1000, 3.0), 100.0) == 0.0


def test_band_share_is_a_share_of_the_variance() -> None:
    """Two tones, 1 Hz (inside) and 40 Hz (outside), amplitudes 3 and 4: shares 9/25."""
    fs = 1000.0
    t = np.arange(20_000) / fs
    x = 3 * np.sin(2 * np.pi * t) + 4 * np.sin(2 * np.pi * 40 * t)
    assert swings.band_energy_share(x, fs) == pytest.approx(9 / 25, rel=ROUNDING_RTOL)
    assert swings.band_energy_share(x, fs, band_hz=(30.0, 50.0)) == pytest.approx(16 / 25)


def test_smoothing_lowers_band_share_and_respects_the_ramp_limit() -> None:
    """1 GW, 2 s iterations, checkpoints every 5 min: the load has most of its energy in
    0.1–20 Hz; with 10 MW/s turbines the battery takes the swings, leaving slow checkpoint
    dips, so the band share drops well under the 20 % utility example and the grid never
    ramps faster than the limit."""
    r = 10e6
    t, p = swings.training_power_profile(
        duration_s=1200.0,
        peak_power_w=1e9,
        iteration_period_s=2.0,
        compute_fraction=0.6,
        swing_depth=0.5,
        checkpoint_interval_s=300.0,
        checkpoint_duration_s=20.0,
        jitter_s=0.05,
    )
    a = swings.analyse_swings(t, p, ramp_limit_w_per_s=r)
    assert a.band_share_before > 0.5
    assert a.band_share_after < 0.2
    assert a.band_share_after < a.band_share_before
    assert a.band_rms_after_w < 0.05 * a.band_rms_before_w
    assert a.peak_ramp_before_w_per_s == pytest.approx(0.9e9 / 0.01)  # into a checkpoint
    assert a.peak_ramp_after_w_per_s <= r * (1 + RAMP_RTOL)


def test_peak_ramp_hand() -> None:
    """Steps of +3 and −5 W over 0.1 s: 50 W/s."""
    assert swings.peak_ramp_w_per_s([0.0, 3.0, -2.0, -2.0], 0.1) == pytest.approx(50.0)
    assert swings.peak_ramp_w_per_s([1.0], 0.1) == 0.0


# --------------------------------------------------------------------------- floor


def test_power_floor_energy_hand() -> None:
    """100 ↔ 40 MW, f = 0.6, T = 2 s, 20 s; floor at 70 % of peak = 70 MW: the
    communication phase (40 % of the time) burns 30 MW extra, 30 MW·0.4·20 s = 240 MJ, out
    of a load energy of (0.6·100 + 0.4·40) MW·20 s = 1520 MJ."""
    t, p = swings.training_power_profile(
        duration_s=20.0,
        peak_power_w=100e6,
        iteration_period_s=2.0,
        compute_fraction=0.6,
        swing_depth=0.6,
    )
    a = swings.analyse_swings(t, p, ramp_limit_w_per_s=5e6, floor_fraction=0.7)
    assert a.floor_energy_j == pytest.approx(240e6, rel=ROUNDING_RTOL)
    assert a.floor_energy_fraction == pytest.approx(240 / 1520, rel=ROUNDING_RTOL)
    assert np.min(a.floored) == pytest.approx(70e6)
    np.testing.assert_array_equal(swings.power_floor(p, 70e6), a.floored)
    # the battery now handles a 30 MW swing instead of 60 MW
    bare = swings.analyse_swings(t, p, ramp_limit_w_per_s=5e6)
    assert bare.floor_energy_j == 0.0
    assert a.battery_power_w < bare.battery_power_w
    assert a.battery_energy_j < bare.battery_energy_j


def test_analyse_rejects_bad_input() -> None:
    t = np.array([0.0, 0.01, 0.03])
    with pytest.raises(ValueError, match="evenly"):
        swings.analyse_swings(t, np.ones(3), ramp_limit_w_per_s=1.0)
    with pytest.raises(ValueError, match="floor_fraction"):
        swings.analyse_swings(
            np.arange(3) * 0.01, np.ones(3), ramp_limit_w_per_s=1.0, floor_fraction=1.5
        )
    with pytest.raises(ValueError, match="ramp_limit"):
        swings.rate_limited(np.ones(3), 0.01, 0.0)
    with pytest.raises(ValueError, match="finite"):
        swings.rate_limited(np.array([1.0, np.nan]), 0.01, 1.0)


# --------------------------------------------------------------------------- properties


@settings(deadline=None, max_examples=60)
@given(
    st.lists(st.floats(0.0, 1e9), min_size=2, max_size=400),
    st.floats(1e3, 1e10),
)
def test_balance_and_ramp_any_load(p: list[float], r: float) -> None:
    """Property: load = smoothed + battery (to rounding), the smoothed power never ramps
    faster than r, and the battery capacity stays under ΔP_max²/(2r) for any load."""
    x = np.array(p)
    dt = 0.01
    a = swings.analyse_swings(np.arange(x.size) * dt, x, ramp_limit_w_per_s=r)
    scale = max(float(np.max(np.abs(x))), 1.0)
    np.testing.assert_allclose(
        a.smoothed + a.battery_power_trace_w, x, rtol=0, atol=4 * np.finfo(float).eps * scale
    )
    assert a.peak_ramp_after_w_per_s <= r * (1 + RAMP_RTOL) + 1e-6 * scale / dt
    span = float(np.ptp(x))
    assert a.battery_energy_j <= span**2 / (2 * r) * (1 + RAMP_RTOL) + 1e-9 * scale * dt


@settings(deadline=None, max_examples=60)
@given(
    st.lists(st.floats(0.0, 1e9), min_size=2, max_size=50),
    st.integers(1, 300),
)
def test_battery_energy_bounded_for_periodic_load(pattern: list[float], window: int) -> None:
    """Property: a periodic load (a random pattern repeated) never makes the battery drift:
    once the window holds only periodic load, the cumulative energy repeats every period
    exactly (E_n depends only on the last W of load), and its range is below ΔP²/(2r)."""
    pat = np.array(pattern)
    span = float(np.ptp(pat))
    if span < 1e-3:  # below a milliwatt: not a load, and span² underflows near 1e-300
        return
    dt = 0.01
    r = span / (window * dt)  # window of exactly `window` samples
    n_per = pat.size
    reps = math.ceil((window + 3 * n_per) / n_per) + 1
    x = np.tile(pat, reps)
    y = swings.rate_limited(x, dt, r)
    e = _energy(x, y, dt)
    m = swings.smoothing_window_samples(x, dt, r)
    assert m == window
    tol = 1e-9 * span * dt * (m + x.size)
    later = np.arange(m + n_per, e.size)
    np.testing.assert_allclose(e[later], e[later - n_per], rtol=0, atol=tol)
    assert np.ptp(e) <= span**2 / (2 * r) + tol

"""Sub-second power of synchronous training, and what it takes to keep it off turbines and grid.

Every iteration of a synchronous (data-parallel) training job has a compute-heavy phase, in
which each accelerator draws close to its peak power, and a communication-heavy phase
(gradient all-reduce), in which it waits on the network and draws much less. Because tens of
thousands of accelerators switch in lockstep, the whole campus swings by tens to hundreds of
megawatts once per iteration (about 0.2–3 Hz), and drops further, towards idle, while a
checkpoint is written. Utilities and generator makers answer with limits in the time domain
(ramp-up and ramp-down rates in MW/s, a dynamic power range) and in the frequency domain
(the share of the spectral energy in a critical band such as 0.1–20 Hz, capped at e.g. 20 %),
because oscillations there can excite torsional modes of turbine-generator shafts and
sub-synchronous resonances of the network (Choukse et al. 2025).

This module provides:

- :func:`training_power_profile` — a synthetic power trace (≥ 100 Hz) with compute and
  communication phases, checkpoint dips, optional linear ramps and jittered boundaries;
- :func:`rate_limited` — what turbines and grid see when a battery takes every change faster
  than the ramp limit (a ramp-limited moving mean; see its docstring for why not a plain
  slew-rate limiter);
- :func:`power_floor` — the accelerators burn power so the draw never drops below a floor
  (NVIDIA's GB200/GB300 "power smoothing" floor; Choukse et al. 2025 also do it in
  software, with filler work in the communication phase);
- :func:`band_energy_share` and :func:`peak_ramp_w_per_s` — the two kinds of utility limit;
- :func:`analyse_swings` — all of the above on one trace: battery power and energy, energy
  burnt by the floor, band shares and ramps before and after.

Sign convention: battery power = load − smoothed [W]; positive when the battery discharges
(load above what the turbines give), negative when it absorbs. Cumulative battery energy
E(t) = ∫ (load − smoothed) dt [J]; the capacity the battery needs is max E − min E.
Samples are held over their interval ``[t_i, t_i + dt)``, so integrals are sums × dt.

References
----------
- Choukse, E., Warrier, B., Heath, S. et al. (Microsoft, OpenAI, NVIDIA) (2025), *Power
  Stabilization for AI Training Datacenters*, arXiv:2508.14318: compute-heavy vs
  communication-heavy phases of synchronous training; swings of tens to hundreds of MW with
  spectral energy concentrated around 0.2–3 Hz; communication phase and checkpointing near
  idle; utility specifications as ramp-up/ramp-down rates (MW/s), dynamic power range, and a
  cap on the spectral magnitude in a critical band (e.g. ≤ 20 % in 0.1–20 Hz); mitigations
  by software filler work, GPU power floor and rack-level energy storage.
  https://arxiv.org/abs/2508.14318
- NVIDIA Technical Blog (2025), *How New GB300 NVL72 Features Provide Steady Power for AI*:
  power-supply energy storage, a GPU power floor during low-activity phases and controlled
  ramp-up/ramp-down at job start and end.
  https://developer.nvidia.com/blog/how-new-gb300-nvl72-features-provide-steady-power-for-ai/
- Uptime Institute Intelligence, *Electrical considerations with large AI compute*: step
  changes every second or two; low-to-high swings that can exceed 100 % of the low.
  https://intelligence.uptimeinstitute.com/index.php/resource/electrical-considerations-large-ai-compute
- Marcos, J., Storkel, O., Marroyo, L., Garcia, M., Lorenzo, E. (2014), Storage requirements
  for PV power ramp-rate control, Solar Energy 99, 28–35: the storage a ramp-rate limit needs
  for a step ΔP is the triangle ΔP²/(2r).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.fft
from numpy.typing import ArrayLike, NDArray

from wattflop.jit import numba

FloatArray = NDArray[np.float64]

#: Lowest sample rate accepted for a swing profile [Hz]: the iteration swings sit at
#: 0.2–3 Hz and the critical band reaches 20 Hz (Choukse et al. 2025); 100 Hz puts the
#: Nyquist frequency (50 Hz) well above the band and resolves 10 ms phase boundaries.
MIN_SAMPLE_RATE_HZ = 100.0

#: Default checkpoint depth [-]: while a checkpoint is written the accelerators wait on
#: storage and draw close to idle. An idle draw of about 10 % of peak is an *assumption*
#: (H100 SXM boards idle at several tens of watts of their 700 W; hosts and network add a
#: little); Choukse et al. (2025) describe checkpointing as near idle without a figure.
DEFAULT_CHECKPOINT_DEPTH = 0.9

#: Critical band of the utility spectral limit [Hz] (Choukse et al. 2025, example).
CRITICAL_BAND_HZ = (0.1, 20.0)

# Tolerance [samples] for comparing phase boundaries with sample instants, so that a
# boundary that falls on a sample in exact arithmetic is not moved by rounding.
_SAMPLE_TOL = 1e-6


# --------------------------------------------------------------------------- profile


def mean_draw_fraction(
    compute_fraction: ArrayLike,
    swing_depth: ArrayLike,
    checkpoint_interval_s: ArrayLike | None = None,
    checkpoint_duration_s: ArrayLike = 0.0,
    checkpoint_depth: ArrayLike | None = None,
) -> FloatArray:
    """Long-run mean power of :func:`training_power_profile` as a fraction of its peak [-]:
    what a power system must supply on average (its sub-second swings are storage's job).

    Out of each checkpoint interval I the job pauses D at 1 − d_c; the rest of the time it
    runs iterations whose mean is f + (1 − f)·(1 − d):

        m = (1 − D/I)·(f + (1 − f)·(1 − d)) + (D/I)·(1 − d_c)

    >>> round(float(mean_draw_fraction(0.6, 0.5, 600.0, 30.0)), 6)
    0.765
    >>> float(mean_draw_fraction(1.0, 0.5))
    1.0
    """
    f = np.asarray(compute_fraction, dtype=float)
    d = np.asarray(swing_depth, dtype=float)
    running = f + (1.0 - f) * (1.0 - d)
    if checkpoint_interval_s is None:
        return np.asarray(running, dtype=float)
    d_c = (
        np.maximum(d, DEFAULT_CHECKPOINT_DEPTH)
        if checkpoint_depth is None
        else np.asarray(checkpoint_depth, dtype=float)
    )
    share = np.asarray(checkpoint_duration_s, dtype=float) / np.asarray(
        checkpoint_interval_s, dtype=float
    )
    return np.asarray((1.0 - share) * running + share * (1.0 - d_c), dtype=float)


def training_power_profile(
    *,
    duration_s: float,
    sample_rate_hz: float = 100.0,
    peak_power_w: float,
    iteration_period_s: float,
    compute_fraction: float,
    swing_depth: float,
    checkpoint_interval_s: float | None = None,
    checkpoint_duration_s: float = 0.0,
    checkpoint_depth: float | None = None,
    ramp_time_s: float = 0.0,
    jitter_s: float = 0.0,
    seed: int = 0,
) -> tuple[FloatArray, FloatArray]:
    """Power drawn by a synchronous training job, sampled at ≥ 100 Hz.

    Model (after Choukse et al. 2025): every iteration of period T starts with a compute
    phase of length f·T at the peak power P, followed by a communication phase of length
    (1 − f)·T at P·(1 − d), with d the swing depth. Every checkpoint interval the job stops
    for a checkpoint of the given duration at P·(1 − d_c); the job's own clock stands still
    meanwhile, so the iteration resumes in the phase it was in. Checkpoint k (k = 1, 2, …)
    occupies the wall-clock interval [k·I, k·I + D); the first one is at t = I, not at 0.

    Jitter moves each iteration boundary (start of compute, start of communication) by an
    independent normal draw of standard deviation ``jitter_s``; the period stays T on
    average, boundaries never cross (they are made non-decreasing) and the very first one
    stays at t = 0. Ramps replace each step by a linear ramp of about ``ramp_time_s``
    centred on the boundary (a moving mean over that window, which keeps the energy of
    every phase); phases shorter than the ramp become trapezoids that do not reach the
    level. Each sample is the level at its instant t_i = i / f_s (held over [t_i, t_i + dt)).

    With no checkpoints, jitter or ramps and f·T·f_s an integer, the mean power over whole
    iterations is exactly P·(f + (1 − f)·(1 − d)).

    Parameters
    ----------
    duration_s : float
        Length of the trace [s]; the number of samples is round(duration·f_s).
    sample_rate_hz : float
        Samples per second [Hz]; at least 100 (:data:`MIN_SAMPLE_RATE_HZ`).
    peak_power_w : float
        Power in the compute phase [W] (the whole campus, or whatever unit is modelled).
    iteration_period_s : float
        Period T of one training iteration (step) [s].
    compute_fraction : float
        Share f of the iteration spent in the compute phase, 0 < f ≤ 1 [-].
    swing_depth : float
        Drop d of the communication phase below peak, as a fraction of peak, 0 ≤ d ≤ 1 [-].
    checkpoint_interval_s : float or None
        Wall-clock time between checkpoint starts [s]; ``None`` for no checkpoints.
    checkpoint_duration_s : float
        Length of each checkpoint pause [s]; shorter than the interval.
    checkpoint_depth : float or None
        Drop during a checkpoint, as a fraction of peak [-]; default
        max(``swing_depth``, :data:`DEFAULT_CHECKPOINT_DEPTH`) (near idle).
    ramp_time_s : float
        Duration of the linear ramp at each change of level [s]; 0 for steps.
    jitter_s : float
        Standard deviation of the normal jitter of every iteration boundary [s].
    seed : int
        Seed of the random generator used for the jitter [-].

    Returns
    -------
    t : ndarray
        Sample instants from 0 [s].
    power : ndarray
        Power at each instant [W].

    Raises
    ------
    ValueError
        For a sample rate below 100 Hz or any parameter out of its range.
    """
    _check_profile_args(
        duration_s,
        sample_rate_hz,
        peak_power_w,
        iteration_period_s,
        compute_fraction,
        swing_depth,
        checkpoint_interval_s,
        checkpoint_duration_s,
        checkpoint_depth,
        ramp_time_s,
        jitter_s,
    )
    fs = float(sample_rate_hz)
    n = round(duration_s * fs)
    i = np.arange(n)
    t = i / fs

    # checkpoint pauses, wall clock
    if checkpoint_interval_s is not None and checkpoint_duration_s > 0.0:
        per = checkpoint_interval_s * fs  # [samples]
        k = np.floor((i + _SAMPLE_TOL) / per)
        in_ckpt = (k >= 1) & (i - k * per < checkpoint_duration_s * fs - _SAMPLE_TOL)
    else:
        in_ckpt = np.zeros(n, dtype=bool)
    training = ~in_ckpt
    # the job's own clock [samples]: training samples before this one
    clock = np.cumsum(training) - training

    # iteration boundaries on the job clock [samples]: start_k, end_k interleaved
    period = iteration_period_s * fs
    n_iter = math.ceil(n / period) + 2
    starts = np.arange(n_iter) * period
    ends = starts + compute_fraction * period
    bounds = np.empty(2 * n_iter)
    bounds[0::2] = starts
    bounds[1::2] = ends
    if jitter_s > 0.0:
        rng = np.random.default_rng(seed)
        bounds += rng.normal(0.0, jitter_s * fs, size=bounds.shape)
        bounds[0] = 0.0
        bounds = np.maximum.accumulate(bounds)
    idx = np.searchsorted(bounds, clock + _SAMPLE_TOL, side="right") - 1
    compute = (idx >= 0) & (idx % 2 == 0)
    if compute_fraction == 1.0:
        compute[:] = True  # no communication phase: jitter must not invent one

    if checkpoint_depth is None:
        checkpoint_depth = max(swing_depth, DEFAULT_CHECKPOINT_DEPTH)
    high = peak_power_w
    low = peak_power_w * (1.0 - swing_depth)
    ckpt = peak_power_w * (1.0 - checkpoint_depth)
    power = np.where(in_ckpt, ckpt, np.where(compute, high, low)).astype(np.float64)

    width = round(ramp_time_s * fs)
    if width >= 2 and n > 0:
        # centred moving mean over `width` samples turns each step into a linear ramp
        after = width // 2
        ext = np.concatenate([power, np.full(after, power[-1])])
        power = np.asarray(_trailing_mean(ext, width)[after:], dtype=np.float64)
    return t, power


def _check_profile_args(
    duration_s: float,
    sample_rate_hz: float,
    peak_power_w: float,
    iteration_period_s: float,
    compute_fraction: float,
    swing_depth: float,
    checkpoint_interval_s: float | None,
    checkpoint_duration_s: float,
    checkpoint_depth: float | None,
    ramp_time_s: float,
    jitter_s: float,
) -> None:
    if not sample_rate_hz >= MIN_SAMPLE_RATE_HZ:
        raise ValueError(
            f"sample_rate_hz = {sample_rate_hz} Hz is below {MIN_SAMPLE_RATE_HZ:g} Hz: "
            "training swings (0.2–3 Hz) and the 0.1–20 Hz critical band need ≥ 100 Hz"
        )
    if not duration_s > 0.0:
        raise ValueError(f"duration_s must be > 0 s, got {duration_s}")
    if not peak_power_w > 0.0:
        raise ValueError(f"peak_power_w must be > 0 W, got {peak_power_w}")
    if not iteration_period_s * sample_rate_hz >= 2.0:
        raise ValueError(
            f"iteration_period_s = {iteration_period_s} s must span at least two samples "
            f"at {sample_rate_hz:g} Hz"
        )
    if not 0.0 < compute_fraction <= 1.0:
        raise ValueError(f"compute_fraction must be in (0, 1], got {compute_fraction}")
    if not 0.0 <= swing_depth <= 1.0:
        raise ValueError(f"swing_depth must be in [0, 1], got {swing_depth}")
    if checkpoint_depth is not None and not 0.0 <= checkpoint_depth <= 1.0:
        raise ValueError(f"checkpoint_depth must be in [0, 1], got {checkpoint_depth}")
    if not checkpoint_duration_s >= 0.0:
        raise ValueError(f"checkpoint_duration_s must be ≥ 0 s, got {checkpoint_duration_s}")
    if checkpoint_interval_s is not None and not checkpoint_interval_s > checkpoint_duration_s:
        raise ValueError(
            f"checkpoint_interval_s = {checkpoint_interval_s} s must exceed "
            f"checkpoint_duration_s = {checkpoint_duration_s} s"
        )
    if not ramp_time_s >= 0.0:
        raise ValueError(f"ramp_time_s must be ≥ 0 s, got {ramp_time_s}")
    if not jitter_s >= 0.0:
        raise ValueError(f"jitter_s must be ≥ 0 s, got {jitter_s}")


# --------------------------------------------------------------------------- smoothing


@numba.njit(cache=True)
def _trailing_mean(x: FloatArray, m: int) -> FloatArray:
    """y_i = mean(x_{i−m+1} … x_i), with x_j = x_0 before the first sample; O(n)."""
    n = x.shape[0]
    out = np.empty(n)
    if n == 0:
        return out
    x0 = x[0]
    s = 0.0  # window sum of (x − x0): small numbers, less rounding
    for i in range(n):
        old = x[i - m] - x0 if i >= m else 0.0
        s += (x[i] - x0) - old
        if (i + 1) % m == 0:
            # re-add the window exactly every m samples so rounding cannot accumulate
            s = 0.0
            for j in range(max(i - m + 1, 0), i + 1):
                s += x[j] - x0
        out[i] = x0 + s / m
    return out


def smoothing_window_samples(power_w: ArrayLike, dt_s: float, ramp_limit_w_per_s: float) -> int:
    """Length m of the moving mean used by :func:`rate_limited` [samples].

    m = ⌈(max P − min P) / (r·dt)⌉, at least 1: the shortest window whose moving mean can
    never change by more than r·dt per sample.

    Parameters
    ----------
    power_w : array_like
        Load [W].
    dt_s : float
        Sample interval [s].
    ramp_limit_w_per_s : float
        Ramp limit r [W/s], > 0.
    """
    if not ramp_limit_w_per_s > 0.0:
        raise ValueError(f"ramp_limit_w_per_s must be > 0, got {ramp_limit_w_per_s}")
    if not dt_s > 0.0:
        raise ValueError(f"dt_s must be > 0, got {dt_s}")
    p = np.asarray(power_w, dtype=np.float64)
    if p.size == 0:
        return 1
    if not np.all(np.isfinite(p)):
        raise ValueError("power_w must be finite")
    span = float(np.max(p) - np.min(p))
    q = span / (ramp_limit_w_per_s * dt_s)
    # shave a relative 1e-12 so an exact ratio that rounds to 10000.000000000002 gives 10000
    return max(1, math.ceil(q * (1.0 - 1e-12)))


def rate_limited(power_w: ArrayLike, dt_s: float, ramp_limit_w_per_s: float) -> FloatArray:
    """What turbines and grid supply when a battery takes every change faster than ``r``.

    The smoothed power is the trailing moving mean of the load over the window
    W = m·dt, m = ⌈ΔP_max / (r·dt)⌉, with ΔP_max = max P − min P the full range of the
    load (:func:`smoothing_window_samples`). Before the first sample the load is taken to
    have been at its first value, so the output starts at the first sample. The battery
    supplies load − smoothed. Why a moving mean rather than a plain slew-rate limiter, and
    the closed forms for a square wave, are in the notes.

    Parameters
    ----------
    power_w : array_like
        Load, evenly sampled [W].
    dt_s : float
        Sample interval [s].
    ramp_limit_w_per_s : float
        Largest rate of change allowed to turbines and grid, up or down [W/s].

    Returns
    -------
    ndarray
        Smoothed power supplied by turbines and grid at each sample [W].

    Notes
    -----
    **A plain limiter drifts.** y_i = y_{i−1} + clip(P_i − y_{i−1}, ±r·dt) lets the
    battery's energy run away:

    * when it cannot catch up within a phase (r·T/2 < ΔP, the normal case for training
      swings against MW/s limits) it settles into a triangle whose vertical position is
      neutral: it stays wherever it started (from the first sample, at the top or the
      bottom of the swing), so the mean of y differs from the mean load and the battery
      drains or fills at a constant rate for ever; with f ≠ ½ it runs to the peak
      (f > ½) or to the trough (f < ½);
    * even when it does catch up, each transition costs ΔP²/(2r), quadratic in the step,
      so an uneven sequence such as compute → communication → checkpoint → compute leaves
      a net a·b/r per checkpoint (a, b the two partial steps).

    A state-of-charge term in the limiter's target (y tracks P + E/τ) does not cure the
    first case cheaply: while the limiter is saturated its direction is
    sign(P − y + E/τ), so the term does nothing until E/τ exceeds the distance between the
    triangle and the load levels; E must first build up to τ times that distance (of
    order τ·ΔP/2), inflating the battery the analysis is meant to size, and a τ short
    enough to avoid that distorts the catch-up case.

    **The trailing moving mean** needs no extra parameter and is safe by construction:

    * ramp: y_i − y_{i−1} = (P_i − P_{i−m})/m, so |Δy| ≤ ΔP_max/m ≤ r·dt for every input
      (up to rounding);
    * no drift: Σ_{i≤n} (P_i − y_i) = (1/m)·Σ_{d=0}^{m−2} (m−1−d)·(P_{n−d} − P_0), a
      triangular-weighted sum over the last W of load, so the cumulative battery energy
      has finite memory, is periodic once the input is, and its range never exceeds
      (m−1)·dt·ΔP_max/2 < ΔP_max²/(2r), whatever the input;
    * for a step of the full range it is the plain limiter: a ramp at exactly r from the
      old level to the new one (y_i = L + r·dt·(i − s + 1) until it reaches H).

    Its price: a step smaller than ΔP_max is spread over the same window W, so it ramps
    slower than r and costs ΔP·W/2 instead of the limiter's ΔP²/(2r). Sizing is therefore
    conservative for profiles whose range is set by rare deep dips (checkpoints, job
    start) while the frequent swings are much smaller and the limit fast enough to follow
    them. In the usual case (MW/s limits against hundred-MW swings at 0.5 Hz) both
    smoothers hold near the mean and the battery takes the swing.

    **Closed forms** for a square wave with levels L and H = L + ΔP (ΔP the full range),
    period T, compute share f, starting in the compute phase at H; W = ΔP/r.

    *Fast limit*, r·min(f, 1 − f)·T ≥ ΔP (W no longer than either phase): after each step
    y ramps at r for W and then equals the load. The battery gives ΔP at the step and
    ΔP − r·t after it, so per transition its energy moves by ∫_0^W (ΔP − r·t) dt =
    ΔP²/(2r): battery power ΔP, battery energy (capacity) ΔP²/(2r), the cumulative energy
    alternating between −ΔP²/(2r) and 0. Sampled at dt with W/dt = m whole,
    y = L + r·dt·k (k = 1 … m) after an up-step, so the battery gives ΔP·(1 − 1/m) and moves
    dt·ΔP·(m − 1)/2 = ΔP²/(2r) − ΔP·dt/2: relative errors of 1/m.

    *Slow limit*, f = ½ and T/2 < W ≤ T (r·T/2 < ΔP ≤ r·T): dy/dt = (P(t) − P(t − W))/W,
    and P(t − W) = 2·P̄ − P(t − w) with w = W − T/2 (a half-period shift inverts the
    wave; P̄ the mean), so y rises at r, holds for w, falls at r, holds for w: a trapezoid
    centred on P̄ with peak-to-peak A = r·T − ΔP. At W = T/2 (r·T/2 = ΔP) it is the
    triangle wave from L to H and everything below equals the fast limit; at W = T it is
    flat at the mean. In the periodic steady state the battery gives at most
    ΔP/2 + A/2 = r·T/2, and its energy rises through each high half-period by

        ∫ (ΔP/2 − (y − P̄)) dt = ΔP·T/4 + A·w/2,

    which is the capacity. Over the whole record, starting at H, the pre-history is flat
    at H, so E ≤ 0, the first down-step gives the battery −ΔP, and the range is
    −E_min = ΔP·(T/2)·(1 − T/(4W)): at the end of a low half-period the window holds T/2
    of low load with weights (W − d)/W.
    """
    p = np.ascontiguousarray(power_w, dtype=np.float64)
    m = smoothing_window_samples(p, dt_s, ramp_limit_w_per_s)
    if p.size == 0 or m == 1:
        return p.copy()
    return np.asarray(_trailing_mean(p, m), dtype=np.float64)


def power_floor(power_w: ArrayLike, floor_w: float) -> FloatArray:
    """Load with the accelerators burning power so the draw never falls below a floor.

    P_floored = max(P, P_floor). The extra energy burnt is ∫ (P_floored − P) dt; it is paid
    for in fuel or imports and buys nothing but a smaller swing (NVIDIA GB200/GB300 power
    floor; software filler work in Choukse et al. 2025).

    Parameters
    ----------
    power_w : array_like
        Load [W].
    floor_w : float
        Lowest draw allowed [W].

    Returns
    -------
    ndarray
        Floored load [W].
    """
    return np.maximum(np.asarray(power_w, dtype=np.float64), float(floor_w))


# --------------------------------------------------------------------------- limits


def _band_and_total(
    power_w: ArrayLike, sample_rate_hz: float, band_hz: tuple[float, float]
) -> tuple[float, float]:
    """(in-band, total) one-sided periodogram energy of the mean-removed signal [W²]."""
    lo, hi = band_hz
    if not sample_rate_hz > 0.0:
        raise ValueError(f"sample_rate_hz must be > 0, got {sample_rate_hz}")
    if not 0.0 <= lo < hi:
        raise ValueError(f"band_hz must satisfy 0 ≤ low < high, got {band_hz}")
    x = np.asarray(power_w, dtype=np.float64)
    n = x.size
    if n < 2:
        return 0.0, 0.0
    spec = scipy.fft.rfft(x - np.mean(x))
    e = spec.real**2 + spec.imag**2
    e[1:] *= 2.0  # one-sided: fold the negative frequencies …
    if n % 2 == 0:
        e[-1] /= 2.0  # … except the Nyquist bin, which has no mirror
    e[0] = 0.0  # DC excluded
    f = np.arange(e.size) * (sample_rate_hz / n)
    in_band = (f >= lo) & (f <= hi)
    # Parseval: Σ e = n²·variance, so both sums scale alike; report as variance [W²]
    scale = 1.0 / (n * n)
    return float(np.sum(e[in_band]) * scale), float(np.sum(e) * scale)


def band_energy_share(
    power_w: ArrayLike,
    sample_rate_hz: float,
    band_hz: tuple[float, float] = CRITICAL_BAND_HZ,
) -> float:
    """Share of the spectral energy of the power fluctuation that lies in a band [-].

    The spectrum is the periodogram of the mean-removed record: |FFT|² of the whole record
    with a rectangular window, one-sided, DC excluded. The share is the energy in
    [low, high] (inclusive) divided by the energy at all frequencies above zero, which by
    Parseval is the variance. A periodogram, not Welch: the question is a ratio of
    energies, not a smooth PSD estimate — summing over the many bins of a band already
    averages out the periodogram's per-bin noise — and the band edge at 0.1 Hz needs a
    resolution finer than 0.1 Hz, which Welch segments of a practical length (a few
    hundred samples) would not give; the whole record resolves 1/duration and keeps the
    energy of slow events (checkpoints) below the band where it belongs. The rectangular
    window keeps Parseval exact; its leakage only matters for tones sitting near a band
    edge.

    A record with no fluctuation at all (zero variance) has share 0.

    Parameters
    ----------
    power_w : array_like
        Power, evenly sampled [W].
    sample_rate_hz : float
        Samples per second [Hz].
    band_hz : tuple of float
        (low, high) band edges [Hz]; default 0.1–20 Hz (Choukse et al. 2025).

    Returns
    -------
    float
        Energy in the band over the total, 0–1 [-].
    """
    band, total = _band_and_total(power_w, sample_rate_hz, band_hz)
    return band / total if total > 0.0 else 0.0


def peak_ramp_w_per_s(power_w: ArrayLike, dt_s: float) -> float:
    """Largest rate of change between consecutive samples, up or down [W/s].

    Parameters
    ----------
    power_w : array_like
        Power, evenly sampled [W].
    dt_s : float
        Sample interval [s].
    """
    p = np.asarray(power_w, dtype=np.float64)
    if p.size < 2:
        return 0.0
    return float(np.max(np.abs(np.diff(p))) / dt_s)


# --------------------------------------------------------------------------- analysis


@dataclass(frozen=True)
class SwingAnalysis:
    """A training power trace, its smoothing and the storage and burn it takes.

    The design analysed: the power floor first (when given), then the battery smooths the
    floored load to what turbines and grid can follow (:func:`rate_limited`).
    """

    battery_power_w: float  #: max |floored load − smoothed| [W]
    battery_energy_j: float  #: max − min of the cumulative battery energy: capacity [J]
    floor_energy_j: float  #: energy burnt by the floor over the trace [J]
    floor_energy_fraction: float  #: floor energy / load energy [-]
    band_share_before: float  #: critical-band energy share of the load [-]
    band_share_after_smoothing: float  #: … of the load smoothed without the floor [-]
    band_share_after: float  #: … of what turbines and grid see (floor, then smoothing) [-]
    band_rms_before_w: float  #: RMS of the load's fluctuation inside the band [W]
    band_rms_after_w: float  #: RMS of the supplied power's fluctuation inside the band [W]
    peak_ramp_before_w_per_s: float  #: largest ramp of the load [W/s]
    peak_ramp_after_w_per_s: float  #: largest ramp seen by turbines and grid [W/s]
    t: FloatArray  #: sample instants [s]
    load: FloatArray  #: load as given [W]
    smoothed: FloatArray  #: power supplied by turbines and grid [W]
    floored: FloatArray  #: load after the floor (the load itself when no floor) [W]

    @property
    def battery_power_trace_w(self) -> FloatArray:
        """Battery power at each sample, + discharging [W]."""
        return np.asarray(self.floored - self.smoothed, dtype=np.float64)

    @property
    def battery_energy_trace_j(self) -> FloatArray:
        """Cumulative battery energy E(t_i) = Σ_{j<i} b_j·dt, one more entry than t [J]."""
        dt = float(self.t[1] - self.t[0])
        e = np.empty(self.t.size + 1)
        e[0] = 0.0
        np.cumsum(self.battery_power_trace_w * dt, out=e[1:])
        return e


def analyse_swings(
    t: ArrayLike,
    power_w: ArrayLike,
    *,
    ramp_limit_w_per_s: float,
    floor_fraction: float | None = None,
    band_hz: tuple[float, float] = CRITICAL_BAND_HZ,
) -> SwingAnalysis:
    """Battery, power floor and utility limits for one training power trace.

    Steps: floor at ``floor_fraction``·max(P) when given (:func:`power_floor`); smoothing
    of the floored load to the ramp limit (:func:`rate_limited`); battery = floored −
    smoothed. The floor energy is Σ (floored − load)·dt.

    Parameters
    ----------
    t : array_like
        Evenly spaced sample instants [s].
    power_w : array_like
        Load at each instant [W].
    ramp_limit_w_per_s : float
        Ramp limit of turbines and grid [W/s].
    floor_fraction : float or None
        Power floor as a fraction of the peak load, 0–1 [-]; ``None`` for no floor.
    band_hz : tuple of float
        Critical band for the spectral shares [Hz].

    Returns
    -------
    SwingAnalysis
    """
    tt = np.asarray(t, dtype=np.float64)
    p = np.ascontiguousarray(power_w, dtype=np.float64)
    if tt.ndim != 1 or p.shape != tt.shape or tt.size < 2:
        raise ValueError("t and power_w must be 1-D arrays of the same length ≥ 2")
    steps = np.diff(tt)
    dt = float(steps[0])
    if not dt > 0.0 or not np.allclose(steps, dt, rtol=1e-6, atol=0.0):
        raise ValueError("t must be evenly spaced and increasing")
    fs = 1.0 / dt

    if floor_fraction is None:
        floored = p
    else:
        if not 0.0 <= floor_fraction <= 1.0:
            raise ValueError(f"floor_fraction must be in [0, 1], got {floor_fraction}")
        floored = power_floor(p, floor_fraction * float(np.max(p)))
    smoothed = rate_limited(floored, dt, ramp_limit_w_per_s)
    battery = floored - smoothed
    energy = np.cumsum(battery) * dt
    e_max = max(float(np.max(energy)), 0.0)
    e_min = min(float(np.min(energy)), 0.0)

    floor_energy = float(np.sum(floored - p) * dt)
    load_energy = float(np.sum(p) * dt)

    band_before, total_before = _band_and_total(p, fs, band_hz)
    band_after, total_after = _band_and_total(smoothed, fs, band_hz)
    share_before = band_before / total_before if total_before > 0.0 else 0.0
    share_after = band_after / total_after if total_after > 0.0 else 0.0
    if floor_fraction is None:
        share_smoothing = share_after
    else:
        share_smoothing = band_energy_share(rate_limited(p, dt, ramp_limit_w_per_s), fs, band_hz)

    return SwingAnalysis(
        battery_power_w=float(np.max(np.abs(battery))),
        battery_energy_j=e_max - e_min,
        floor_energy_j=floor_energy,
        floor_energy_fraction=floor_energy / load_energy if load_energy > 0.0 else 0.0,
        band_share_before=share_before,
        band_share_after_smoothing=share_smoothing,
        band_share_after=share_after,
        band_rms_before_w=math.sqrt(band_before),
        band_rms_after_w=math.sqrt(band_after),
        peak_ramp_before_w_per_s=peak_ramp_w_per_s(p, dt),
        peak_ramp_after_w_per_s=peak_ramp_w_per_s(smoothed, dt),
        t=tt,
        load=p,
        smoothed=smoothed,
        floored=np.asarray(floored, dtype=np.float64),
    )

"""Propagation of a whole constellation: circular orbits with J2 secular drift, Sun and shadow.

Two paths, both compiled with numba and parallel over satellites:

- :func:`propagate_positions` stores positions ``(N, 3, T)`` and sunlit flags ``(N, T)``
  (satellites first, time last); its memory is stated by :func:`stored_bytes` and a request
  that would not fit is refused with :class:`StoredPositionsTooLargeError` before anything is
  allocated.
- :func:`sunlit_aggregates` (the fused path) reduces on the fly to per-satellite sunlit
  fraction, insolation and longest eclipse, never holding positions: memory O(N) plus one
  span of at most :data:`TIME_CHUNK` steps, whatever the duration.

Model and its limits: mean circular elements advanced by the J2 secular rates of
:mod:`wattflop.orbit.kepler` (Ω̇, u̇). J2 short-period terms (≈ 10 km in LEO), J3+, drag and
third bodies are not modelled; against SGP4 the difference is bounded in the tests. The Sun
comes from :func:`wattflop.orbit.sun.sun_position` (one vector per step, shared by every
satellite); the kernels' shadow tests are the scalar models of :mod:`wattflop.orbit.sun`
(:func:`~wattflop.orbit.sun.cylindrical_lit`, :func:`~wattflop.orbit.sun.sun_centre_visible`,
:func:`~wattflop.orbit.sun.cylindrical_margin`, :func:`~wattflop.orbit.sun.
conical_illumination`), the same code as :func:`wattflop.orbit.sun.shadow_cylindrical` and
:func:`wattflop.orbit.sun.shadow_conical`.

Speed: u and Ω advance linearly in time, so by angle addition a step is a few
multiplications: both paths tabulate cos kΔu, sin kΔu (and the node's) once per shell and
combine them with each satellite's (cos u₀, sin u₀) — exact at every step, no dependency
between steps, so the stored path's step loop compiles to SIMD (1.7× the time merely to
write the positions, in ``benchmarks/constellation.py``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from wattflop.constants import AU_M, R_EARTH_M, SOLAR_CONSTANT_W_M2
from wattflop.constellation.shells import Constellation, as_datetime64
from wattflop.errors import WattflopError
from wattflop.jit import numba
from wattflop.orbit import sun

FloatArray = NDArray[np.float64]
Shadow = Literal["cylindrical", "conical"]


class StoredPositionsTooLargeError(WattflopError):
    """Storing the requested positions would not fit in the memory allowed."""


@dataclass(frozen=True)
class TimeGrid:
    """Uniform steps from an epoch, with the Sun at each step."""

    time: NDArray[np.datetime64]  #: (T,) UTC
    t_s: FloatArray  #: (T,) seconds from the constellation epoch [s]
    s_hat: FloatArray  #: (3, T) unit vector to the Sun [-]
    sun_distance_m: FloatArray  #: (T,) [m]

    @property
    def n_steps(self) -> int:
        return int(self.t_s.shape[0])


def time_grid(
    epoch: np.datetime64, *, step_s: float, n_steps: int, start_s: float = 0.0
) -> TimeGrid:
    """``n_steps`` steps of ``step_s`` starting ``start_s`` after ``epoch``, with the Sun
    direction and distance of :func:`wattflop.orbit.sun.sun_position` at each."""
    if n_steps < 1:
        raise WattflopError(f"the number of steps must be ≥ 1, got {n_steps}")
    if not step_s > 0.0:
        raise WattflopError(f"the time step must be > 0 s, got {step_s:g} s")
    t_s = start_s + np.arange(n_steps, dtype=np.float64) * step_s
    time = as_datetime64(epoch) + np.round(t_s * 1e9).astype("timedelta64[ns]")
    s_hat, dist = sun.sun_position(sun.julian_date(time))
    return TimeGrid(time, t_s, np.ascontiguousarray(s_hat), np.asarray(dist, dtype=np.float64))


def _rates(c: Constellation) -> tuple[FloatArray, FloatArray]:
    return c.secular_rates


#: Satellites per task of the kernels (their step tables are allocated once per task).
_CHUNK = 512


@numba.njit(inline="always", cache=True)
def _step_tables(
    du: float, dO: float, cu_k: FloatArray, su_k: FloatArray, cO_k: FloatArray, sO_k: FloatArray
) -> None:
    """cos kΔu, sin kΔu, cos kΔΩ, sin kΔΩ for k = 0…T−1 (exact, no recurrence): with them a
    step is cos(u₀ + kΔu) = cos u₀·cos kΔu − sin u₀·sin kΔu, no dependency between steps."""
    for k in range(cu_k.shape[0]):
        cu_k[k], su_k[k] = math.cos(k * du), math.sin(k * du)
        cO_k[k], sO_k[k] = math.cos(k * dO), math.sin(k * dO)


@numba.njit(parallel=True, cache=True)
def _positions_kernel(
    alt: FloatArray,
    inc: FloatArray,
    raan0: FloatArray,
    u0: FloatArray,
    raan_rate: FloatArray,
    u_rate: FloatArray,
    t0: float,
    step: float,
    s_hat: FloatArray,
    dist: FloatArray,
    conical: bool,
    pos: NDArray[np.floating],
    lit: NDArray[np.bool_],
) -> None:
    """Positions and sunlit flags, satellite by satellite in chunks.

    The argument of latitude and the node advance linearly in time (J2 secular rates), so
    by angle addition cos(u₀ + k·Δu) = cos u₀·cos kΔu − sin u₀·sin kΔu: the tables
    cos kΔu, sin kΔu (and those of the node) are evaluated once per set of rates — once per
    shell — and every step of every satellite is then a few multiplications with no
    dependency between steps, which LLVM turns into SIMD. Satellites of one plane share
    their node, evenly spaced ones their gap: those are reused, not evaluated again.
    """
    n = alt.shape[0]
    T = s_hat.shape[1]
    sx, sy, sz = s_hat[0], s_hat[1], s_hat[2]
    n_chunks = (n + _CHUNK - 1) // _CHUNK
    for c in numba.prange(n_chunks):
        cu_k = np.empty(T)  # cos kΔu
        su_k = np.empty(T)
        cO_k = np.empty(T)  # cos kΔΩ
        sO_k = np.empty(T)
        key_alt = key_inc = key_node = key_du = key_dO = np.nan
        rn = r2 = ci = si = 0.0
        cO0 = sO0 = 0.0
        prev_u = key_gap = np.nan  # previous satellite's u(t0), and the gap to the one before
        cg = sg = cu0 = su0 = 0.0
        for i in range(c * _CHUNK, min(n, (c + 1) * _CHUNK)):
            same = alt[i] == key_alt and inc[i] == key_inc
            if not (same and u_rate[i] == key_du and raan_rate[i] == key_dO):
                key_alt, key_inc, key_du, key_dO = alt[i], inc[i], u_rate[i], raan_rate[i]
                key_node = np.nan
                rn = R_EARTH_M + alt[i]
                r2 = rn * rn
                ci, si = math.cos(inc[i]), math.sin(inc[i])
                _step_tables(u_rate[i] * step, raan_rate[i] * step, cu_k, su_k, cO_k, sO_k)
                prev_u = np.nan
            node0 = raan0[i] + raan_rate[i] * t0
            if node0 != key_node:
                key_node = node0
                cO0, sO0 = math.cos(node0), math.sin(node0)
                prev_u = np.nan
            # satellites evenly spaced along one plane (a Walker plane): rotate the previous
            # satellite's (cos u, sin u) by the same gap instead of evaluating them again
            # (within a chunk of _CHUNK: error < _CHUNK × 1e-13 rad, far below float32)
            ut0 = u0[i] + u_rate[i] * t0
            gap = ut0 - prev_u
            if abs(gap - key_gap) <= 1e-13:
                cu0, su0 = cu0 * cg - su0 * sg, su0 * cg + cu0 * sg
            else:
                if math.isfinite(gap):
                    key_gap, cg, sg = gap, math.cos(gap), math.sin(gap)
                cu0, su0 = math.cos(ut0), math.sin(ut0)
            prev_u = ut0
            px_i, py_i, pz_i, lit_i = pos[i, 0], pos[i, 1], pos[i, 2], lit[i]
            for k in range(T):
                cu = cu0 * cu_k[k] - su0 * su_k[k]
                su = su0 * cu_k[k] + cu0 * su_k[k]
                cO = cO0 * cO_k[k] - sO0 * sO_k[k]
                sO = sO0 * cO_k[k] + cO0 * sO_k[k]
                px = rn * (cO * cu - sO * su * ci)
                py = rn * (sO * cu + cO * su * ci)
                pz = rn * (su * si)
                px_i[k], py_i[k], pz_i[k] = px, py, pz
                along = px * sx[k] + py * sy[k] + pz * sz[k]
                if conical:  # the centre of the solar disc visible
                    lit_i[k] = sun.sun_centre_visible(along, r2, dist[k])
                else:
                    lit_i[k] = sun.cylindrical_lit(along, r2)


@numba.njit(parallel=True, cache=True)
def _aggregate_kernel(
    alt: FloatArray,
    inc: FloatArray,
    raan0: FloatArray,
    u0: FloatArray,
    raan_rate: FloatArray,
    u_rate: FloatArray,
    t0: float,
    step: float,
    s_hat: FloatArray,
    dist: FloatArray,
    conical: bool,
    flux: FloatArray,
    sum_nu: FloatArray,
    sum_e: FloatArray,
    run: NDArray[np.int64],
    longest: NDArray[np.int64],
    eclipses: NDArray[np.int64],
) -> None:
    """The steps of ``s_hat`` (starting ``t0`` after the epoch) added to each satellite's
    running sums: the state arrays carry over from one span of steps to the next."""
    n = alt.shape[0]
    T = s_hat.shape[1]
    n_chunks = (n + _CHUNK - 1) // _CHUNK
    for c in numba.prange(n_chunks):
        cu_k = np.empty(T)
        su_k = np.empty(T)
        cO_k = np.empty(T)
        sO_k = np.empty(T)
        key_du = key_dO = np.nan
        for i in range(c * _CHUNK, min(n, (c + 1) * _CHUNK)):
            if u_rate[i] != key_du or raan_rate[i] != key_dO:  # a new shell: new tables
                key_du, key_dO = u_rate[i], raan_rate[i]
                _step_tables(u_rate[i] * step, raan_rate[i] * step, cu_k, su_k, cO_k, sO_k)
            _aggregate_one(
                i, alt[i], inc[i], raan0[i] + raan_rate[i] * t0, u0[i] + u_rate[i] * t0,
                cu_k, su_k, cO_k, sO_k, s_hat, dist, conical, flux,
                sum_nu, sum_e, run, longest, eclipses,
            )  # fmt: skip


@numba.njit(inline="always", cache=True)
def _aggregate_one(
    i: int,
    alt: float,
    inc: float,
    node0: float,
    ut0: float,
    cu_k: FloatArray,
    su_k: FloatArray,
    cO_k: FloatArray,
    sO_k: FloatArray,
    s_hat: FloatArray,
    dist: FloatArray,
    conical: bool,
    flux: FloatArray,
    sum_nu: FloatArray,
    sum_e: FloatArray,
    run: NDArray[np.int64],
    longest: NDArray[np.int64],
    eclipses: NDArray[np.int64],
) -> None:
    """One satellite of the fused path: sunlight per step, added to its running sums."""
    T = s_hat.shape[1]
    rn = R_EARTH_M + alt
    r2 = rn * rn
    ci, si = math.cos(inc), math.sin(inc)
    cu0, su0, cO0, sO0 = math.cos(ut0), math.sin(ut0), math.cos(node0), math.sin(node0)
    s_nu = sum_nu[i]
    s_e = sum_e[i]
    r = run[i]
    most = longest[i]
    count = eclipses[i]
    for k in range(T):
        cu = cu0 * cu_k[k] - su0 * su_k[k]
        su = su0 * cu_k[k] + cu0 * su_k[k]
        cO = cO0 * cO_k[k] - sO0 * sO_k[k]
        sO = sO0 * cO_k[k] + cO0 * sO_k[k]
        px = rn * (cO * cu - sO * su * ci)
        py = rn * (sO * cu + cO * su * ci)
        pz = rn * (su * si)
        sx, sy, sz = s_hat[0, k], s_hat[1, k], s_hat[2, k]
        if conical:
            nu = sun.conical_illumination(px, py, pz, rn, sx, sy, sz, dist[k])
        else:
            nu = 1.0 if sun.cylindrical_lit(px * sx + py * sy + pz * sz, r2) else 0.0
        s_nu += nu
        s_e += nu * flux[k]
        if nu < 1.0:
            if r == 0:
                count += 1
            r += 1
            most = max(most, r)
        else:
            r = 0
    sum_nu[i] = s_nu
    sum_e[i] = s_e
    run[i] = r
    longest[i] = most
    eclipses[i] = count


@dataclass(frozen=True)
class StoredPositions:
    """Positions and sunlit flags of every satellite at every step."""

    grid: TimeGrid
    position_m: NDArray[np.floating]  #: (N, 3, T) in the mean-of-date equatorial frame [m]
    sunlit: NDArray[np.bool_]  #: (N, T) Sun (its centre, for the conical model) visible
    shadow: Shadow

    @property
    def nbytes(self) -> int:
        return int(self.position_m.nbytes + self.sunlit.nbytes)


@dataclass(frozen=True)
class SunlitAggregates:
    """Per-satellite results of the fused path (no positions kept)."""

    grid_start: np.datetime64
    step_s: float
    n_steps: int
    sunlit_fraction: FloatArray  #: (N,) mean visible fraction of the solar disc ν [-]
    insolation_j_m2: FloatArray  #: (N,) ∫ ν·S(t) dt on a Sun-pointing unit area [J m⁻²]
    longest_eclipse_s: FloatArray  #: (N,) longest run of steps with ν < 1 [s] (step-quantised)
    eclipses: NDArray[np.int64]  #: (N,) number of passages with ν < 1 [-]


def stored_bytes(n_satellites: int, n_steps: int, dtype: type[np.floating] = np.float32) -> int:
    """Memory of :func:`propagate_positions`' result [B]: 3 coordinates of ``dtype`` plus one
    byte of sunlit flag per satellite and step (the Sun table, O(T), is not counted)."""
    return int(n_satellites) * int(n_steps) * (3 * np.dtype(dtype).itemsize + 1)


def available_memory_bytes() -> int:
    """Physical memory currently available to this process [B] (``MemAvailable``)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))


def _gib(n: float) -> str:
    return f"{n / 2**30:.2f} GiB"


def check_stored_memory(
    n_satellites: int,
    n_steps: int,
    dtype: type[np.floating] = np.float32,
    max_bytes: int | None = None,
) -> int:
    """The bytes the stored path needs; raises :class:`StoredPositionsTooLargeError` if more than
    ``max_bytes`` (default: 80 % of the memory available now)."""
    need = stored_bytes(n_satellites, n_steps, dtype)
    limit = int(0.8 * available_memory_bytes()) if max_bytes is None else int(max_bytes)
    if need > limit:
        per_step = stored_bytes(n_satellites, 1, dtype)
        fit = max(limit // per_step, 0)
        raise StoredPositionsTooLargeError(
            f"storing positions and sunlit flags of {n_satellites:,} satellites × {n_steps:,} "
            f"steps needs {_gib(need)} ({np.dtype(dtype).name} positions), more than the limit "
            f"of {_gib(limit)}; use the fused path (sunlit_aggregates: per-satellite sunlit "
            f"fraction and energy without storing positions), or at most {fit:,} steps at a "
            f"time, or fewer satellites"
            + ("" if np.dtype(dtype).itemsize == 4 else ", or float32 positions")
        )
    return need


def _elements(
    c: Constellation,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    raan_rate, u_rate = _rates(c)
    return (
        np.ascontiguousarray(c.altitude_m, dtype=np.float64),
        np.ascontiguousarray(c.inclination_rad, dtype=np.float64),
        np.ascontiguousarray(c.raan_rad, dtype=np.float64),
        np.ascontiguousarray(c.arg_latitude_rad, dtype=np.float64),
        raan_rate,
        u_rate,
    )


def propagate_positions(
    c: Constellation,
    *,
    step_s: float,
    n_steps: int,
    start_s: float = 0.0,
    shadow: Shadow = "cylindrical",
    dtype: type[np.floating] = np.float32,
    max_bytes: int | None = None,
    out: tuple[NDArray[np.floating], NDArray[np.bool_]] | None = None,
) -> StoredPositions:
    """Positions and sunlit flags of every satellite at every step (stored path).

    Parameters
    ----------
    c : Constellation
    step_s : float
        [s]
    n_steps : int
    start_s : float
        First step, seconds after the constellation's epoch [s].
    shadow : {"cylindrical", "conical"}
        Cylindrical: sunlit outside the Earth's shadow cylinder. Conical: sunlit while the
        centre of the solar disc is visible (inside the penumbra, half-way).
    dtype : numpy float type
        float32 (default) stores positions to ≈ 0.5 m at LEO radii with half the memory.
    max_bytes : int, optional
        Memory allowed [B]; default 80 % of the memory available now.
    out : (positions, flags), optional
        Preallocated arrays of shapes (N, 3, T) and (N, T) to fill (no allocation).

    Raises
    ------
    StoredPositionsTooLargeError
        Before allocating, when the result would exceed ``max_bytes``; the message names the
        size, the limit and the alternatives.
    """
    if shadow not in ("cylindrical", "conical"):
        raise WattflopError(f"unknown shadow model '{shadow}' (choose cylindrical or conical)")
    n = c.n_satellites
    if out is None:
        check_stored_memory(n, n_steps, dtype, max_bytes)
    grid = time_grid(c.epoch, step_s=step_s, n_steps=n_steps, start_s=start_s)
    if out is None:
        pos = np.empty((n, 3, n_steps), dtype=dtype)
        lit = np.empty((n, n_steps), dtype=np.bool_)
    else:
        pos, lit = out
        if pos.shape != (n, 3, n_steps) or lit.shape != (n, n_steps):
            raise WattflopError(
                f"out arrays must have shapes {(n, 3, n_steps)} and {(n, n_steps)}, "
                f"got {pos.shape} and {lit.shape}"
            )
    _positions_kernel(
        *_elements(c),
        float(start_s),
        float(step_s),
        grid.s_hat,
        grid.sun_distance_m,
        shadow == "conical",
        pos,
        lit,
    )
    return StoredPositions(grid, pos, lit, shadow)


#: Steps the fused path propagates at once: its memory is O(N + this), not O(N + T), and a
#: long span reports progress span by span (2¹⁸ steps: 182 days at 60 s, 3 days at 1 s).
TIME_CHUNK = 1 << 18
#: Satellite-steps per call of the fused kernel when progress is reported (~1 s each on a
#: 2-core machine at the rates of :mod:`wattflop.constellation.site`).
WORK_CHUNK = 50_000_000


def sunlit_aggregates(
    c: Constellation,
    *,
    step_s: float,
    n_steps: int,
    start_s: float = 0.0,
    shadow: Shadow = "conical",
    progress: Callable[[int], None] | None = None,
) -> SunlitAggregates:
    """Fused path: per-satellite sunlit fraction, insolation on a Sun-pointing unit area
    (``S(t) = 1361 W m⁻²·(1 au / d)²``, Kopp & Lean 2011) and eclipses, without storing
    positions. Memory: seven (N,) arrays plus the Sun table of at most :data:`TIME_CHUNK`
    steps.

    Steps are taken in spans of :data:`TIME_CHUNK` (each satellite's sums, current shadow run
    and counts carry over, so an eclipse that spans two of them counts once); with
    ``progress``, satellites in blocks of about :data:`WORK_CHUNK` satellite-steps, calling
    ``progress(satellite_steps_done)`` after each. A span of one chunk gives the same bits as
    any blocking; later spans restart the angle tables at their first step (last-bit
    differences in position).
    """
    if shadow not in ("cylindrical", "conical"):
        raise WattflopError(f"unknown shadow model '{shadow}' (choose cylindrical or conical)")
    if n_steps < 1:
        raise WattflopError(f"the number of steps must be ≥ 1, got {n_steps}")
    n = c.n_satellites
    elements = _elements(c)
    sum_nu = np.zeros(n)
    sum_e = np.zeros(n)
    run = np.zeros(n, dtype=np.int64)
    longest = np.zeros(n, dtype=np.int64)
    count = np.zeros(n, dtype=np.int64)
    grid_start: np.datetime64 | None = None
    done = 0
    for k0 in range(0, n_steps, TIME_CHUNK):
        steps = min(TIME_CHUNK, n_steps - k0)
        t0 = start_s + k0 * step_s if k0 else start_s
        grid = time_grid(c.epoch, step_s=step_s, n_steps=steps, start_s=t0)
        if grid_start is None:
            grid_start = grid.time[0]
        flux = np.ascontiguousarray(SOLAR_CONSTANT_W_M2 * (AU_M / grid.sun_distance_m) ** 2)
        block = n
        if progress is not None:
            # whole tasks of the kernel, at least one per thread
            least = _CHUNK * numba.get_num_threads()
            block = max(least, (WORK_CHUNK // steps) // _CHUNK * _CHUNK)
        for i0 in range(0, n, block):
            part = slice(i0, min(n, i0 + block))
            alt, inc, raan0, u0, raan_rate, u_rate = (e[part] for e in elements)
            _aggregate_kernel(
                alt,
                inc,
                raan0,
                u0,
                raan_rate,
                u_rate,
                float(t0),
                float(step_s),
                grid.s_hat,
                grid.sun_distance_m,
                shadow == "conical",
                flux,
                sum_nu[part],
                sum_e[part],
                run[part],
                longest[part],
                count[part],
            )
            done += (part.stop - i0) * steps
            if progress is not None:
                progress(done)
    assert grid_start is not None
    frac = sum_nu / n_steps
    ins = sum_e * float(step_s)
    eclipse_s = np.asarray(longest * float(step_s), dtype=np.float64)
    return SunlitAggregates(grid_start, float(step_s), int(n_steps), frac, ins, eclipse_s, count)

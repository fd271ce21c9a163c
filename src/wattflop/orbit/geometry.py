"""A year of orbit geometry: Sun, shadow, beta angle and eclipses of one circular orbit.

This is the expensive part of an orbital run (≈ 525,600 steps at 60 s); everything that
depends only on the orbit is computed here once and shared by every design built on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from wattflop.constants import JD_J2000, R_EARTH_M
from wattflop.jit import numba
from wattflop.orbit import kepler, sun

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class YearGeometry:
    """Per-step geometry over a year (time on the last axis) and its eclipse statistics."""

    time: NDArray[np.datetime64]  #: step start times (UTC)
    step_s: float
    altitude_m: float
    inclination_rad: float
    raan0_rad: float
    period_s: float  #: Keplerian period
    nodal_period_s: float
    s_hat: FloatArray  #: (3, n) unit vector to the Sun
    sun_distance_m: FloatArray  #: (n,)
    r_hat: FloatArray  #: (3, n)
    v_hat: FloatArray  #: (3, n)
    illumination: FloatArray  #: visible fraction of the solar disc ν (n,)
    beta_rad: FloatArray  #: (n,)
    eclipse_start_s: FloatArray  #: start of each eclipse, seconds from the epoch
    eclipse_duration_s: FloatArray  #: duration of each eclipse (penumbra + umbra) [s]
    eclipse_deficit_s: (
        FloatArray  #: ∫(1 − ν) dt of each eclipse: sunlight lost, as seconds of full shadow [s]
    )

    @property
    def n_steps(self) -> int:
        return int(self.illumination.shape[-1])

    @property
    def sunlit_fraction(self) -> float:
        """Year mean of ν: the fraction of the Sun's energy the orbit sees [-]."""
        return float(np.mean(self.illumination))

    @property
    def max_eclipse_s(self) -> float:
        return float(self.eclipse_duration_s.max()) if self.eclipse_duration_s.size else 0.0

    @property
    def max_deficit_s(self) -> float:
        """Largest sunlight deficit of one passage, in seconds of full shadow [s]: what a
        battery must bridge (a penumbra-only graze counts only what it takes)."""
        return float(self.eclipse_deficit_s.max()) if self.eclipse_deficit_s.size else 0.0

    @property
    def eclipses_per_year(self) -> int:
        return int(self.eclipse_duration_s.size)

    @property
    def days_with_eclipse(self) -> int:
        if not self.eclipse_start_s.size:
            return 0
        days = np.floor(self.eclipse_start_s / 86400.0).astype(int)
        ends = np.floor((self.eclipse_start_s + self.eclipse_duration_s) / 86400.0).astype(int)
        return int(np.unique(np.concatenate([days, ends])).size)


def _eclipse_events(
    margin: FloatArray, step_s: float, illumination: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Start times, durations and sunlight deficits of shadow passages, from a continuous
    margin that is negative in shadow; entry and exit are located by linear interpolation
    between steps; the deficit is the duration times the mean of (1 − ν) over the steps inside.
    Passages cut by the ends of the year are dropped."""
    inside = margin < 0.0
    change = np.diff(inside.astype(np.int8))
    entries = np.flatnonzero(change == 1)  # inside from index i+1
    exits = np.flatnonzero(change == -1)  # outside from index i+1
    if entries.size == 0 or exits.size == 0:
        return np.empty(0), np.empty(0), np.empty(0)
    exits = exits[exits > entries[0]]
    entries = entries[: exits.size]
    m0, m1 = margin[entries], margin[entries + 1]
    t_in = (entries + m0 / (m0 - m1)) * step_s
    m0, m1 = margin[exits], margin[exits + 1]
    t_out = (exits + m0 / (m0 - m1)) * step_s
    # mean shadow depth over the steps inside × the interpolated duration (summing whole steps
    # alone would round each passage to the step)
    lost = np.concatenate(([0.0], np.cumsum(1.0 - illumination)))
    inside_steps = np.maximum(exits - entries, 1)
    depth = (lost[exits + 1] - lost[entries + 1]) / inside_steps
    duration = t_out - t_in
    return t_in, duration, depth * duration


@numba.njit(parallel=True, cache=True)
def _year_kernel(
    jd0: float,
    step_s: float,
    n: int,
    radius_m: float,
    inc: float,
    raan0: float,
    raan_rate: float,
    u_rate: float,
    conical: bool,
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]:
    """Fused, multi-core version of sun.sun_position + kepler.position_velocity_unit +
    sun.shadow_* + sun.beta_angle_rad, step by step: the Sun, the beta angle and the shadow
    are the scalar models of :mod:`wattflop.orbit.sun` themselves (the array functions there
    loop over the same ones)."""
    s_hat = np.empty((3, n))
    dist = np.empty(n)
    r_hat = np.empty((3, n))
    v_hat = np.empty((3, n))
    nu = np.empty(n)
    margin = np.empty(n)
    beta = np.empty(n)
    ci, si = math.cos(inc), math.sin(inc)
    r2 = radius_m * radius_m
    for k in numba.prange(n):
        t = k * step_s
        sx, sy, sz, D = sun.sun_vector(jd0 + t / 86400.0 - JD_J2000)
        node = raan0 + raan_rate * t
        u = u_rate * t
        cO, sO, cu, su = math.cos(node), math.sin(node), math.cos(u), math.sin(u)
        rx, ry, rz = cO * cu - sO * su * ci, sO * cu + cO * su * ci, su * si
        vx, vy, vz = -cO * su - sO * cu * ci, -sO * su + cO * cu * ci, cu * si
        beta[k] = sun.beta_angle(sx, sy, sz, sO * si, -cO * si, ci)
        s_hat[0, k], s_hat[1, k], s_hat[2, k] = sx, sy, sz
        r_hat[0, k], r_hat[1, k], r_hat[2, k] = rx, ry, rz
        v_hat[0, k], v_hat[1, k], v_hat[2, k] = vx, vy, vz
        dist[k] = D
        px, py, pz = rx * radius_m, ry * radius_m, rz * radius_m
        if conical:
            nu[k], margin[k] = sun.conical_shadow(px, py, pz, radius_m, sx, sy, sz, D)
        else:
            m = sun.cylindrical_margin(px * sx + py * sy + pz * sz, r2)
            margin[k] = m
            nu[k] = 1.0 if m >= 0.0 else 0.0
    return s_hat, dist, r_hat, v_hat, nu, margin, beta


def year_geometry(
    *,
    altitude_m: float,
    inclination_rad: float | None,
    ltan_h: float | None,
    raan_rad: float,
    epoch: np.datetime64,
    step_s: float,
    conical: bool = True,
    days: float = 365.0,
) -> YearGeometry:
    """Propagate a circular orbit with J2 secular drift over ``days`` and find its eclipses.

    Parameters
    ----------
    altitude_m : float
        [m]
    inclination_rad : float or None
        [rad]; ``None`` for a sun-synchronous orbit (inclination from J2).
    ltan_h : float or None
        Local time of the ascending node [h] (sun-synchronous orbits).
    raan_rad : float
        Right ascension of the node at the epoch [rad] (ignored when ``ltan_h`` is given).
    epoch : numpy.datetime64
        Start of the simulation (UTC).
    step_s : float
        Time step [s].
    conical : bool
        Conical (umbra + penumbra) shadow if true, else cylindrical.
    """
    n = round(days * 86400.0 / step_s)
    t_s = np.arange(n, dtype=float) * step_s  # [s] from the epoch
    time = np.asarray(epoch, dtype="datetime64[ns]") + (t_s * 1e9).astype("timedelta64[ns]")
    jd0 = float(sun.julian_date(time[:1])[0])
    inc = (
        float(kepler.sun_synchronous_inclination_rad(altitude_m))
        if inclination_rad is None
        else float(inclination_rad)
    )
    if ltan_h is not None:
        raan0 = float(sun.mean_sun_right_ascension_rad(jd0)) + np.deg2rad((ltan_h - 12.0) * 15.0)
    else:
        raan0 = float(raan_rad)
    s_hat, dist, r_hat, v_hat, nu, margin, beta = _year_kernel(
        jd0,
        float(step_s),
        n,
        R_EARTH_M + altitude_m,
        inc,
        raan0,
        float(kepler.raan_rate_rad_s(altitude_m, inc)),
        float(kepler.argument_of_latitude_rate_rad_s(altitude_m, inc)),
        bool(conical),
    )
    starts, durations, deficits = _eclipse_events(margin, step_s, nu)
    return YearGeometry(
        time=time,
        step_s=float(step_s),
        altitude_m=float(altitude_m),
        inclination_rad=inc,
        raan0_rad=raan0 % (2 * np.pi),
        period_s=float(kepler.period_s(altitude_m)),
        nodal_period_s=float(kepler.nodal_period_s(altitude_m, inc)),
        s_hat=s_hat,
        sun_distance_m=dist,
        r_hat=r_hat,
        v_hat=v_hat,
        illumination=nu,
        beta_rad=beta,
        eclipse_start_s=starts,
        eclipse_duration_s=durations,
        eclipse_deficit_s=deficits,
    )

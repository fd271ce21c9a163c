"""Circular orbits with J2 secular drift.

References
----------
Vallado, D. A., *Fundamentals of Astrodynamics and Applications*, 4th ed. (2013), §9.6
(secular J2 rates, sun-synchronous orbits).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wattflop.constants import J2, MU_EARTH_M3_S2, R_EARTH_M, SUN_MEAN_MOTION_RAD_S

FloatArray = NDArray[np.float64]


def semi_major_axis_m(altitude_m: ArrayLike) -> FloatArray:
    """Semi-major axis of a circular orbit [m] above the equatorial radius."""
    return np.asarray(altitude_m, dtype=float) + R_EARTH_M


def mean_motion_rad_s(altitude_m: ArrayLike) -> FloatArray:
    """Keplerian mean motion n = √(μ/a³) [rad s⁻¹]."""
    a = semi_major_axis_m(altitude_m)
    return np.sqrt(MU_EARTH_M3_S2 / a**3)


def period_s(altitude_m: ArrayLike) -> FloatArray:
    """Keplerian period 2π/n [s].

    >>> round(float(period_s(550e3)) / 60, 2)  # minutes
    95.65
    """
    return 2.0 * np.pi / mean_motion_rad_s(altitude_m)


def orbital_speed_m_s(altitude_m: ArrayLike) -> FloatArray:
    """Circular orbital speed √(μ/a) [m s⁻¹]."""
    return np.sqrt(MU_EARTH_M3_S2 / semi_major_axis_m(altitude_m))


def raan_rate_rad_s(altitude_m: ArrayLike, inclination_rad: ArrayLike) -> FloatArray:
    """Secular nodal regression from J2 for a circular orbit [rad s⁻¹].

    Ω̇ = −(3/2)·n·J2·(R/a)²·cos i  (Vallado 2013, eq. 9-41 with e = 0).
    """
    a = semi_major_axis_m(altitude_m)
    n = mean_motion_rad_s(altitude_m)
    return -1.5 * n * J2 * (R_EARTH_M / a) ** 2 * np.cos(inclination_rad)


def argument_of_latitude_rate_rad_s(
    altitude_m: ArrayLike, inclination_rad: ArrayLike
) -> FloatArray:
    """Secular rate of the argument of latitude u = ω + M for a circular orbit [rad s⁻¹].

    u̇ = n·[1 + (3/4)·J2·(R/a)²·(8 cos² i − 2)]  (sum of the J2 secular ω̇ and Ṁ rates,
    Vallado 2013 eqs. 9-41, with e = 0).
    """
    a = semi_major_axis_m(altitude_m)
    n = mean_motion_rad_s(altitude_m)
    c2 = np.cos(inclination_rad) ** 2
    return n * (1.0 + 0.75 * J2 * (R_EARTH_M / a) ** 2 * (8.0 * c2 - 2.0))


def nodal_period_s(altitude_m: ArrayLike, inclination_rad: ArrayLike) -> FloatArray:
    """Nodal (draconitic) period 2π/u̇ [s]."""
    return 2.0 * np.pi / argument_of_latitude_rate_rad_s(altitude_m, inclination_rad)


def sun_synchronous_inclination_rad(altitude_m: ArrayLike) -> FloatArray:
    """Inclination that makes the J2 nodal regression equal the mean Sun's motion [rad].

    cos i = −(2/3)·Ω̇☉·a^{7/2} / (J2·R²·√μ)  (Vallado 2013, §9.6, e = 0).

    Raises
    ------
    ValueError
        Above about 5,974 km no sun-synchronous circular orbit exists (|cos i| > 1).

    Examples
    --------
    Vallado (2013) §9.6 gives 97.59° at 550 km and 97.99° at 650 km:

    >>> np.degrees(sun_synchronous_inclination_rad([550e3, 650e3])).round(2)
    array([97.59, 97.99])
    """
    a = semi_major_axis_m(altitude_m)
    cos_i = (
        -(2.0 / 3.0)
        * SUN_MEAN_MOTION_RAD_S
        * a**3.5
        / (J2 * R_EARTH_M**2 * np.sqrt(MU_EARTH_M3_S2))
    )
    if np.any(np.abs(cos_i) > 1.0):
        raise ValueError("no sun-synchronous circular orbit exists at this altitude")
    return np.asarray(np.arccos(cos_i), dtype=float)


def orbit_normal(raan_rad: ArrayLike, inclination_rad: ArrayLike) -> FloatArray:
    """Unit orbit normal ĥ = (sin Ω sin i, −cos Ω sin i, cos i), shape ``(3, …)``."""
    raan = np.asarray(raan_rad, dtype=float)
    inc = np.asarray(inclination_rad, dtype=float)
    si = np.sin(inc)
    return np.stack(np.broadcast_arrays(np.sin(raan) * si, -np.cos(raan) * si, np.cos(inc)))


def position_velocity_unit(
    raan_rad: ArrayLike, inclination_rad: ArrayLike, arg_latitude_rad: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Unit position r̂ and unit velocity v̂ of a circular orbit, each shape ``(3, …)``.

    Frame: the equatorial frame in which Ω is measured (here: mean equator and equinox of
    date, the frame of :func:`wattflop.orbit.sun.sun_position`).
    """
    raan = np.asarray(raan_rad, dtype=float)
    inc = np.asarray(inclination_rad, dtype=float)
    u = np.asarray(arg_latitude_rad, dtype=float)
    cO, sO = np.cos(raan), np.sin(raan)
    ci, si = np.cos(inc), np.sin(inc)
    cu, su = np.cos(u), np.sin(u)
    r = np.stack(np.broadcast_arrays(cO * cu - sO * su * ci, sO * cu + cO * su * ci, su * si))
    v = np.stack(np.broadcast_arrays(-cO * su - sO * cu * ci, -sO * su + cO * cu * ci, cu * si))
    return r, v

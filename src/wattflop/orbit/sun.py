"""Sun direction and Earth's shadow.

References
----------
- *The Astronomical Almanac* (US Naval Observatory), section C "Low-precision formulas for the
  Sun's coordinates", valid 1950–2050 to 0.01°.
- Montenbruck, O. & Gill, E., *Satellite Orbits* (Springer 2000), §3.4.2 (conical shadow:
  umbra, penumbra, occulted fraction of the solar disc).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wattflop.constants import AU_M, JD_J2000, R_EARTH_M, R_SUN_M

FloatArray = NDArray[np.float64]


def julian_date(datetime64: ArrayLike) -> FloatArray:
    """Julian date (UTC taken as TT; the 69 s difference moves the Sun by 0.0008°)."""
    t = np.asarray(datetime64, dtype="datetime64[ns]")
    seconds = (t - np.datetime64("2000-01-01T12:00:00", "ns")).astype(np.float64) / 1e9
    return np.asarray(JD_J2000 + seconds / 86400.0, dtype=float)


def sun_position(jd: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Geocentric unit vector to the Sun and Earth–Sun distance.

    Low-precision formula of the Astronomical Almanac (accuracy 0.01° for 1950–2050); frame:
    mean equator and equinox of date (apparent longitude; nutation in obliquity neglected).

    Parameters
    ----------
    jd : array_like
        Julian date [d].

    Returns
    -------
    s_hat : ndarray, shape (3, …)
        Unit vector toward the Sun [-].
    distance_m : ndarray
        Earth–Sun distance [m].
    """
    n = np.asarray(jd, dtype=float) - JD_J2000
    L = np.deg2rad((280.460 + 0.9856474 * n) % 360.0)
    g = np.deg2rad((357.528 + 0.9856003 * n) % 360.0)
    lam = L + np.deg2rad(1.915) * np.sin(g) + np.deg2rad(0.020) * np.sin(2.0 * g)
    eps = np.deg2rad(23.439 - 4.0e-7 * n)
    r_au = 1.00014 - 0.01671 * np.cos(g) - 0.00014 * np.cos(2.0 * g)
    cl = np.cos(lam)
    sl = np.sin(lam)
    s_hat = np.stack((cl, np.cos(eps) * sl, np.sin(eps) * sl))
    return s_hat, r_au * AU_M


def mean_sun_right_ascension_rad(jd: ArrayLike) -> FloatArray:
    """Right ascension of the mean Sun (its mean longitude L) [rad].

    Sun-synchronous orbits keep a fixed angle between their node and the mean Sun: the local
    time of the ascending node is 12 h + (Ω − α_mean)/15° per hour.
    """
    n = np.asarray(jd, dtype=float) - JD_J2000
    return np.asarray(np.deg2rad((280.460 + 0.9856474 * n) % 360.0), dtype=float)


def beta_angle_rad(s_hat: ArrayLike, h_hat: ArrayLike) -> FloatArray:
    """Solar beta angle, the elevation of the Sun above the orbit plane [rad]: sin β = ŝ·ĥ."""
    s = np.asarray(s_hat, dtype=float)
    h = np.asarray(h_hat, dtype=float)
    return np.asarray(np.arcsin(np.clip(np.sum(s * h, axis=0), -1.0, 1.0)), dtype=float)


def eclipse_fraction_cylindrical(altitude_m: ArrayLike, beta_rad: ArrayLike) -> FloatArray:
    """Fraction of a circular orbit in the cylindrical shadow, from the beta angle [-].

    f = (1/π)·acos(√(h² + 2Rh) / ((R + h)·cos β)) for |β| < asin(R/(R+h)), else 0
    (NASA TFAWS, Rickman, "Introduction to orbital mechanics and spacecraft attitudes for
    thermal engineers").

    The longest eclipse at 550 km (β = 0) is 35.6 min of the 95.6-min orbit:

    >>> from wattflop.orbit.kepler import period_s
    >>> f = eclipse_fraction_cylindrical(550e3, 0.0)
    >>> round(float(f * period_s(550e3)) / 60, 1)
    35.6
    """
    h = np.asarray(altitude_m, dtype=float)
    b = np.asarray(beta_rad, dtype=float)
    r = R_EARTH_M + h
    arg = np.sqrt(h**2 + 2.0 * R_EARTH_M * h) / (r * np.cos(b))
    with np.errstate(invalid="ignore"):
        f = np.arccos(np.clip(arg, -1.0, 1.0)) / np.pi
    return np.asarray(np.where(np.abs(b) < np.arcsin(R_EARTH_M / r), f, 0.0), dtype=float)


def shadow_cylindrical(r_m: ArrayLike, s_hat: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Cylindrical Earth shadow.

    Parameters
    ----------
    r_m : array_like, shape (3, …)
        Satellite position [m].
    s_hat : array_like, shape (3, …)
        Unit vector to the Sun [-].

    Returns
    -------
    illumination : ndarray
        1 in sunlight, 0 in shadow [-].
    margin_m : ndarray
        Signed distance from the shadow boundary, negative inside the shadow [m]; continuous
        across the boundary, so crossings can be located by interpolation.
    """
    r = np.asarray(r_m, dtype=float)
    s = np.asarray(s_hat, dtype=float)
    along = np.sum(r * s, axis=0)
    perp = np.sqrt(np.maximum(np.sum(r * r, axis=0) - along**2, 0.0))
    margin = np.where(along < 0.0, perp - R_EARTH_M, np.abs(along) + R_EARTH_M)
    return np.asarray(margin >= 0.0, dtype=float), np.asarray(margin, dtype=float)


def shadow_conical(
    r_m: ArrayLike, s_hat: ArrayLike, sun_distance_m: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Conical Earth shadow with umbra and penumbra (Montenbruck & Gill 2000, §3.4.2).

    Parameters
    ----------
    r_m : array_like, shape (3, …)
        Satellite position [m].
    s_hat : array_like, shape (3, …)
        Unit vector from Earth to the Sun [-].
    sun_distance_m : array_like
        Earth–Sun distance [m].

    Returns
    -------
    illumination : ndarray
        Visible fraction of the solar disc ν ∈ [0, 1] [-].
    margin_rad : ndarray
        c − (a + b): apparent separation of the Sun and Earth centres minus the sum of their
        apparent radii [rad]; negative while any part of the Sun is hidden.
    """
    r = np.asarray(r_m, dtype=float)
    s = np.asarray(s_hat, dtype=float) * np.asarray(sun_distance_m, dtype=float)
    d = s - r
    rn = np.sqrt(np.sum(r * r, axis=0))
    dn = np.sqrt(np.sum(d * d, axis=0))
    a = np.arcsin(np.minimum(R_SUN_M / dn, 1.0))  # apparent radius of the Sun
    b = np.arcsin(np.minimum(R_EARTH_M / rn, 1.0))  # apparent radius of the Earth
    cos_c = -np.sum(r * d, axis=0) / (rn * dn)
    c = np.arccos(np.clip(cos_c, -1.0, 1.0))  # apparent separation of the centres
    margin = c - (a + b)
    nu = np.ones_like(c)
    partial = (c < a + b) & (c > np.abs(a - b))
    if np.any(partial):
        cp, ap, bp = c[partial], a[partial], b[partial]
        x = (cp**2 + ap**2 - bp**2) / (2.0 * cp)
        y = np.sqrt(np.maximum(ap**2 - x**2, 0.0))
        area = (
            ap**2 * np.arccos(np.clip(x / ap, -1, 1))
            + bp**2 * np.arccos(np.clip((cp - x) / bp, -1, 1))
            - cp * y
        )
        nu[partial] = 1.0 - area / (np.pi * ap**2)
    total = c <= b - a
    nu[total] = 0.0
    annular = c <= a - b  # Earth inside the solar disc: never in LEO, kept for completeness
    nu[annular] = 1.0 - b[annular] ** 2 / a[annular] ** 2
    return np.clip(nu, 0.0, 1.0), np.asarray(margin, dtype=float)

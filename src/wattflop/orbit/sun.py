"""Sun direction and Earth's shadow.

Every model here is written once, as a scalar function compiled by numba
(``numba.njit(inline="always")``): the year kernel (:mod:`wattflop.orbit.geometry`) and the
constellation kernels (:mod:`wattflop.constellation.propagate`) call these functions step by
step, and the array functions below (:func:`sun_position`, :func:`shadow_cylindrical`,
:func:`shadow_conical`, :func:`beta_angle_rad`, :func:`mean_sun_right_ascension_rad`), which
the tests hold against astropy, skyfield and hand calculations, are loops over the very same
scalar functions. Improving a model here changes every simulation.

References
----------
- *The Astronomical Almanac* (US Naval Observatory), section C "Low-precision formulas for the
  Sun's coordinates", valid 1950–2050 to 0.01°.
- Montenbruck, O. & Gill, E., *Satellite Orbits* (Springer 2000), §3.4.2 (conical shadow:
  umbra, penumbra, occulted fraction of the solar disc).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wattflop.constants import AU_M, JD_J2000, R_EARTH_M, R_SUN_M
from wattflop.jit import numba

FloatArray = NDArray[np.float64]

#: Degrees to radians.
DEG = math.pi / 180.0
#: Bound on the tangent of the penumbra cone's half-angle, (R☉ + R⊕)/d at the smallest
#: Earth–Sun distance (0.983 au): 0.00477; rounded up.
TAN_PENUMBRA = 0.0048
#: Bound on the tangent of the umbra cone's half-angle, (R☉ − R⊕)/d at 0.983 au: 0.00469.
TAN_UMBRA = 0.0047
#: Pad on the penumbra cone's radius at the Earth's centre [m] (R⊕/cos f − R⊕ ≈ 73 m).
PENUMBRA_PAD_M = 1000.0


def julian_date(datetime64: ArrayLike) -> FloatArray:
    """Julian date (UTC taken as TT; the 69 s difference moves the Sun by 0.0008°)."""
    t = np.asarray(datetime64, dtype="datetime64[ns]")
    seconds = (t - np.datetime64("2000-01-01T12:00:00", "ns")).astype(np.float64) / 1e9
    return np.asarray(JD_J2000 + seconds / 86400.0, dtype=float)


# ---------------------------------------------------------------------------------------------
# Scalar models (numba): one implementation, called by every kernel
# ---------------------------------------------------------------------------------------------


@numba.njit(inline="always", cache=True)
def mean_longitude_rad(n_days: float) -> float:
    """Mean longitude of the Sun L, corrected for aberration [rad], ``n_days`` days after
    J2000.0 (Astronomical Almanac low-precision formula); also the right ascension of the
    mean Sun."""
    return ((280.460 + 0.9856474 * n_days) % 360.0) * DEG


@numba.njit(inline="always", cache=True)
def sun_vector(n_days: float) -> tuple[float, float, float, float]:
    """Geocentric unit vector to the Sun (x, y, z) and Earth–Sun distance [m], ``n_days``
    days after J2000.0 (JD − 2451545.0).

    Astronomical Almanac low-precision formula (0.01° for 1950–2050); frame: mean equator and
    equinox of date (apparent longitude; nutation in obliquity neglected).
    """
    L = mean_longitude_rad(n_days)
    g = ((357.528 + 0.9856003 * n_days) % 360.0) * DEG  # mean anomaly
    lam = L + 1.915 * DEG * math.sin(g) + 0.020 * DEG * math.sin(2.0 * g)  # ecliptic longitude
    eps = (23.439 - 4.0e-7 * n_days) * DEG  # obliquity of the ecliptic
    r_au = 1.00014 - 0.01671 * math.cos(g) - 0.00014 * math.cos(2.0 * g)
    sl = math.sin(lam)
    return math.cos(lam), math.cos(eps) * sl, math.sin(eps) * sl, r_au * AU_M


@numba.njit(inline="always", cache=True)
def beta_angle(sx: float, sy: float, sz: float, hx: float, hy: float, hz: float) -> float:
    """Solar beta angle [rad]: sin β = ŝ·ĥ, ĥ the unit orbit normal."""
    b = sx * hx + sy * hy + sz * hz
    return math.asin(min(max(b, -1.0), 1.0))


@numba.njit(inline="always", cache=True)
def cylindrical_margin(along: float, r2: float) -> float:
    """Cylindrical Earth shadow: signed distance from the shadow boundary [m], negative
    inside the shadow; continuous across the boundary, so crossings can be located by
    interpolation.

    ``along`` = r·ŝ, the position's component toward the Sun [m]; ``r2`` = |r|² [m²].
    """
    perp = math.sqrt(max(r2 - along * along, 0.0))
    return perp - R_EARTH_M if along < 0.0 else abs(along) + R_EARTH_M


@numba.njit(inline="always", cache=True)
def cylindrical_lit(along: float, r2: float) -> bool:
    """Outside the cylindrical shadow: :func:`cylindrical_margin` ≥ 0, without the square
    root (perp ≥ R⊕ ⇔ r² − along² ≥ R⊕²) and without a branch (SIMD loops)."""
    return (along >= 0.0) | (r2 - along * along >= R_EARTH_M * R_EARTH_M)


@numba.njit(inline="always", cache=True)
def earth_angular_radius(rn: float) -> float:
    """Apparent radius b of the Earth seen from distance ``rn`` from its centre [rad]."""
    return math.asin(min(R_EARTH_M / rn, 1.0))


@numba.njit(inline="always", cache=True)
def conical_angles(
    px: float, py: float, pz: float, rn: float, sx: float, sy: float, sz: float, D: float
) -> tuple[float, float]:
    """Apparent radius a of the Sun and apparent separation c of the Sun's and the Earth's
    centres, seen from the satellite at ``p`` (``rn`` = |p|) [rad]; ŝ the unit vector to the
    Sun, ``D`` the Earth–Sun distance [m] (Montenbruck & Gill 2000, §3.4.2)."""
    dx, dy, dz = sx * D - px, sy * D - py, sz * D - pz  # satellite → Sun
    dn = math.sqrt(dx * dx + dy * dy + dz * dz)
    a = math.asin(min(R_SUN_M / dn, 1.0))
    cos_c = -(px * dx + py * dy + pz * dz) / (rn * dn)
    c = math.acos(min(max(cos_c, -1.0), 1.0))
    return a, c


@numba.njit(inline="always", cache=True)
def visible_disc_fraction(a: float, b: float, c: float) -> float:
    """Visible fraction ν ∈ [0, 1] of a disc of apparent radius ``a`` whose centre is ``c``
    from the centre of an occulting disc of apparent radius ``b`` [rad] (Montenbruck & Gill
    2000, §3.4.2): 1 apart, 0 in umbra, 1 − b²/a² annular, else the lens area."""
    if c >= a + b:
        v = 1.0
    elif c <= b - a:
        v = 0.0
    elif c <= a - b:  # Earth inside the solar disc: never in LEO, kept for completeness
        v = 1.0 - b * b / (a * a)
    else:
        x = (c * c + a * a - b * b) / (2.0 * c)
        y = math.sqrt(max(a * a - x * x, 0.0))
        area = (
            a * a * math.acos(min(max(x / a, -1.0), 1.0))
            + b * b * math.acos(min(max((c - x) / b, -1.0), 1.0))
            - c * y
        )
        v = 1.0 - area / (math.pi * a * a)
    return min(max(v, 0.0), 1.0)


@numba.njit(inline="always", cache=True)
def conical_shadow(
    px: float, py: float, pz: float, rn: float, sx: float, sy: float, sz: float, D: float
) -> tuple[float, float]:
    """Conical Earth shadow with umbra and penumbra (Montenbruck & Gill 2000, §3.4.2).

    Returns the visible fraction of the solar disc ν ∈ [0, 1] and the margin c − (a + b)
    [rad] (apparent separation of the centres minus the sum of the apparent radii; negative
    while any part of the Sun is hidden). ``p`` the position [m], ``rn`` = |p|, ŝ the unit
    vector to the Sun, ``D`` the Earth–Sun distance [m].
    """
    a, c = conical_angles(px, py, pz, rn, sx, sy, sz, D)
    b = earth_angular_radius(rn)
    return visible_disc_fraction(a, b, c), c - (a + b)


@numba.njit(inline="always", cache=True)
def conical_illumination(
    px: float, py: float, pz: float, rn: float, sx: float, sy: float, sz: float, D: float
) -> float:
    """ν of :func:`conical_shadow` with cheap exits first, for kernels that need no margin:
    the Sun side of the terminator plane, outside the penumbra cone (fully lit) and inside
    the umbra cone (dark) are decided by bounds on the cones, without trigonometry."""
    along = px * sx + py * sy + pz * sz
    if along >= 0.0:  # Sun side of the terminator plane: c ≥ 90° > a + b in any Earth orbit
        return 1.0
    # outside the penumbra cone (half-angle f, tan f = (R☉ + R⊕)/d ≤ 0.00478 at perihelion;
    # its radius at |along| behind the Earth is < R⊕·(1 + 2e-5) + |along|·tan f): fully lit
    perp2 = rn * rn - along * along
    if perp2 > (R_EARTH_M + PENUMBRA_PAD_M - TAN_PENUMBRA * along) ** 2:
        return 1.0
    # inside the umbra cone (tan g = (R☉ − R⊕)/d ≤ 0.00469): no sunlight at all
    inner = R_EARTH_M - PENUMBRA_PAD_M + TAN_UMBRA * along
    if inner > 0.0 and perp2 < inner * inner:
        return 0.0
    return conical_shadow(px, py, pz, rn, sx, sy, sz, D)[0]


@numba.njit(inline="always", cache=True)
def sun_centre_visible(along: float, r2: float, D: float) -> bool:
    """Whether the centre of the solar disc is visible (c > b of :func:`conical_shadow`),
    in closed form without trigonometry or branches (SIMD loops).

    With d = D·ŝ − r: −r·d = r² − D·along and |d| = √(D² − 2·D·along + r²); cos b =
    √(r² − R⊕²)/r, so c > b ⇔ cos c < cos b ⇔ r² − D·along < √(r² − R⊕²)·|d|. ``along`` = r·ŝ
    [m], ``r2`` = |r|² [m²], ``D`` the Earth–Sun distance [m].
    """
    kb = math.sqrt(max(r2 - R_EARTH_M * R_EARTH_M, 0.0))  # cos(b)·r
    seen = (r2 - D * along) < kb * math.sqrt(D * D - 2.0 * D * along + r2)
    return (along >= 0.0) | seen


# ---------------------------------------------------------------------------------------------
# Array functions: loops over the scalar models
# ---------------------------------------------------------------------------------------------


@numba.njit(cache=True)
def _sun_loop(n_days: FloatArray) -> tuple[FloatArray, FloatArray]:
    m = n_days.shape[0]
    s = np.empty((3, m))
    dist = np.empty(m)
    for k in range(m):
        s[0, k], s[1, k], s[2, k], dist[k] = sun_vector(n_days[k])
    return s, dist


@numba.njit(cache=True)
def _mean_longitude_loop(n_days: FloatArray) -> FloatArray:
    out = np.empty(n_days.shape[0])
    for k in range(n_days.shape[0]):
        out[k] = mean_longitude_rad(n_days[k])
    return out


@numba.njit(cache=True)
def _beta_loop(s: FloatArray, h: FloatArray) -> FloatArray:
    out = np.empty(s.shape[1])
    for k in range(s.shape[1]):
        out[k] = beta_angle(s[0, k], s[1, k], s[2, k], h[0, k], h[1, k], h[2, k])
    return out


@numba.njit(cache=True)
def _cylindrical_loop(r: FloatArray, s: FloatArray) -> tuple[FloatArray, FloatArray]:
    m = r.shape[1]
    illum = np.empty(m)
    margin = np.empty(m)
    for k in range(m):
        px, py, pz = r[0, k], r[1, k], r[2, k]
        along = px * s[0, k] + py * s[1, k] + pz * s[2, k]
        mk = cylindrical_margin(along, px * px + py * py + pz * pz)
        margin[k] = mk
        illum[k] = 1.0 if mk >= 0.0 else 0.0
    return illum, margin


@numba.njit(cache=True)
def _conical_loop(r: FloatArray, s: FloatArray, d: FloatArray) -> tuple[FloatArray, FloatArray]:
    m = r.shape[1]
    nu = np.empty(m)
    margin = np.empty(m)
    for k in range(m):
        px, py, pz = r[0, k], r[1, k], r[2, k]
        rn = math.sqrt(px * px + py * py + pz * pz)
        nu[k], margin[k] = conical_shadow(px, py, pz, rn, s[0, k], s[1, k], s[2, k], d[k])
    return nu, margin


def _flat(x: FloatArray) -> FloatArray:
    """(3, …) → contiguous (3, m) float64."""
    return np.ascontiguousarray(x.reshape(3, -1), dtype=np.float64)


def _vectors(*arrays: ArrayLike) -> tuple[tuple[int, ...], list[FloatArray]]:
    """Broadcast (3, …) arrays together; their common trailing shape and each as (3, m)."""
    b = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in arrays))
    return b[0].shape[1:], [_flat(x) for x in b]


def sun_position(jd: ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Geocentric unit vector to the Sun and Earth–Sun distance (:func:`sun_vector`).

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
    s, dist = _sun_loop(np.ascontiguousarray(n.ravel()))
    return s.reshape((3, *n.shape)), dist.reshape(n.shape)


def mean_sun_right_ascension_rad(jd: ArrayLike) -> FloatArray:
    """Right ascension of the mean Sun (its mean longitude L, :func:`mean_longitude_rad`)
    [rad].

    Sun-synchronous orbits keep a fixed angle between their node and the mean Sun: the local
    time of the ascending node is 12 h + (Ω − α_mean)/15° per hour.
    """
    n = np.asarray(jd, dtype=float) - JD_J2000
    return np.asarray(_mean_longitude_loop(np.ascontiguousarray(n.ravel())).reshape(n.shape))


def beta_angle_rad(s_hat: ArrayLike, h_hat: ArrayLike) -> FloatArray:
    """Solar beta angle, the elevation of the Sun above the orbit plane [rad]: sin β = ŝ·ĥ
    (:func:`beta_angle`)."""
    shape, (s, h) = _vectors(s_hat, h_hat)
    return np.asarray(_beta_loop(s, h).reshape(shape))


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
    """Cylindrical Earth shadow (:func:`cylindrical_margin`).

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
    shape, (r, s) = _vectors(r_m, s_hat)
    illum, margin = _cylindrical_loop(r, s)
    return illum.reshape(shape), margin.reshape(shape)


def shadow_conical(
    r_m: ArrayLike, s_hat: ArrayLike, sun_distance_m: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Conical Earth shadow with umbra and penumbra (:func:`conical_shadow`; Montenbruck &
    Gill 2000, §3.4.2).

    Parameters
    ----------
    r_m : array_like, shape (3, …)
        Satellite position [m].
    s_hat : array_like, shape (3, …)
        Unit vector from Earth to the Sun [-].
    sun_distance_m : array_like
        Earth–Sun distance [m] (broadcast against the trailing axes).

    Returns
    -------
    illumination : ndarray
        Visible fraction of the solar disc ν ∈ [0, 1] [-].
    margin_rad : ndarray
        c − (a + b): apparent separation of the Sun and Earth centres minus the sum of their
        apparent radii [rad]; negative while any part of the Sun is hidden.
    """
    r = np.asarray(r_m, dtype=float)
    s = np.asarray(s_hat, dtype=float)
    d = np.asarray(sun_distance_m, dtype=float)
    full = np.broadcast_shapes(r.shape, s.shape, d.shape)
    shape, (rf, sf) = _vectors(np.broadcast_to(r, full), np.broadcast_to(s, full))
    df = np.ascontiguousarray(np.broadcast_to(d, full)[0].ravel())
    nu, margin = _conical_loop(rf, sf, df)
    return nu.reshape(shape), margin.reshape(shape)

"""Atmospheric drag in low Earth orbit: orbit-average density, drag Δv, propellant and lifetime.

The neutral density comes from NRLMSIS 2.x (through :mod:`pymsis`, default model version 2.1),
averaged over latitude, local time, universal time and season so that one number per altitude
and solar-activity level stands for "an orbit, averaged over a year". Everything else is the
textbook circular-orbit drag model:

- drag acceleration ``a_D = ½·ρ·v²·C_D·A/m`` with ``v = √(μ/a)`` (Vallado 2013, §8.6.2);
- circular-orbit decay ``da/dt = −(C_D·A/m)·ρ(a)·√(μ·a)`` (King-Hele 1987, ch. 2; Vallado
  2013, ch. 9, secular drag effects with e = 0), integrated from the initial altitude to
  re-entry;
- Tsiolkovsky's rocket equation for the propellant to supply the drag Δv.

Model limits, stated once:

- **Co-rotation of the atmosphere is neglected.** The air co-rotates with the Earth, so the
  speed relative to the air is ``v·(1 − ω⊕·r·cos i / v)``; the drag is therefore overestimated
  by up to ~12 % for a prograde equatorial orbit, is unchanged on average for a polar orbit
  and is underestimated by ~1.5 % for a sun-synchronous orbit (i ≈ 97°) (Vallado 2013,
  §8.6.2; King-Hele 1987, §2.3).
- **Solar activity is held at one level** for the whole life of the orbit. Real lifetimes that
  span several years average over the 11-year cycle; "low" and "high" bracket them.
- Winds, density spikes during geomagnetic storms and attitude-dependent area are not
  modelled; use the drag coefficient and area as orbit-average values.

References
----------
- Emmert, J. T., et al. (2021). NRLMSIS 2.0: A whole-atmosphere empirical model of temperature
  and neutral species densities. *Earth and Space Science*, 8, e2020EA001321.
  doi:10.1029/2020EA001321.
- Emmert, J. T., et al. (2022). NRLMSIS 2.1: An empirical model of nitric oxide incorporated
  into MSIS. *J. Geophys. Res. Space Physics*, 127, e2022JA030896. (pymsis's default model.)
- ECSS-E-ST-10-04C, *Space engineering — Space environment* (ESA-ESTEC, 15 November 2008),
  §6.3 Table 6-3 and Annex G (levels of solar and geomagnetic activity; the same values are in
  ISO 14222:2013).
- Vallado, D. A., *Fundamentals of Astrodynamics and Applications*, 4th ed. (Microcosm 2013),
  §8.6.2 (atmospheric drag) and ch. 9 (secular effects of drag).
- King-Hele, D., *Satellite Orbits in an Atmosphere: Theory and Applications* (Blackie 1987).
- Wertz, J. R., Everett, D. F. & Puschell, J. J. (eds.), *Space Mission Engineering: The New
  SMAD* (Microcosm 2011), §9.4.4 (orbit decay and lifetime).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

import numpy as np
import pymsis
from numpy.typing import ArrayLike, NDArray

from wattflop.constants import G0_M_S2, MU_EARTH_M3_S2, R_EARTH_M, YEAR_S
from wattflop.orbit.kepler import orbital_speed_m_s, semi_major_axis_m

FloatArray = NDArray[np.float64]

__all__ = [
    "MIN_ALTITUDE_M",
    "SOLAR_ACTIVITY",
    "SolarActivityLevel",
    "drag_acceleration_m_s2",
    "drag_delta_v_per_year_m_s",
    "lifetime_without_propulsion_s",
    "orbit_average_density_kg_m3",
    "propellant_mass_kg",
]


class SolarActivityLevel(NamedTuple):
    """Inputs of NRLMSIS that set the level of solar and geomagnetic activity.

    Attributes
    ----------
    f107 : float
        Daily 10.7 cm solar radio flux F10.7 of the previous day [sfu = 10⁻²² W m⁻² Hz⁻¹].
    f107a : float
        81-day centred average of F10.7 [sfu].
    ap : float
        Daily planetary geomagnetic index Ap [-] (also used for the 3-hourly ap history).
    """

    f107: float
    f107a: float
    ap: float


#: Long-term levels of solar and geomagnetic activity (F10.7, 81-day F10.7, Ap) of
#: ECSS-E-ST-10-04C (2008), §6.3 Table 6-3 — the levels its Annex G tables of the
#: thermosphere are computed for, and the same as ISO 14222:2013: "low" ≈ solar minimum
#: (65, 65, 0), "mean" = the standard's "moderate" (140, 140, 15), "high" = its long-term
#: high, a solar-maximum year (250, 250, 45). For analysis periods longer than a week the
#: standard prescribes the long-term value for both the daily and the 81-day F10.7.
#: Read-only; a custom level can be passed as a :class:`SolarActivityLevel`.
SOLAR_ACTIVITY: Mapping[str, SolarActivityLevel] = MappingProxyType(
    {
        "low": SolarActivityLevel(f107=65.0, f107a=65.0, ap=0.0),
        "mean": SolarActivityLevel(f107=140.0, f107a=140.0, ap=15.0),
        "high": SolarActivityLevel(f107=250.0, f107a=250.0, ap=45.0),
    }
)

MIN_ALTITUDE_M = 200e3
"""Lowest circular-orbit altitude a scenario may ask for [m].

Below about 200 km the orbit-average density is about 10⁻¹⁰ kg m⁻³ or more (NRLMSIS 2.x at any
solar activity; 1.8·10⁻¹⁰ kg m⁻³ at 200 km for "mean"), so an unpropelled satellite with the
ballistic coefficient of a compute platform (C_D·A/m ≈ 0.01–0.02 m² kg⁻¹) re-enters within
days — :func:`lifetime_without_propulsion_s` gives 1–5 days from 200 km over the three
activity levels — and holding the altitude costs km s⁻¹ of Δv per year (1.8 km s⁻¹ at mean
activity for C_D·A/m = 0.01 m² kg⁻¹), beyond any practical propellant budget. Published
lifetime curves show the same knee: Wertz et al. (2011, *Space Mission Engineering: The New
SMAD*, §9.4.4) and Vallado (2013, ch. 9) give lifetimes of days near 200 km against weeks
to months at 300 km and years above 500 km, and the lowest long-duration science mission,
ESA's GOCE (2009–2013), held about 255 km only with continuous ion-engine drag compensation
and re-entered within weeks of running out of xenon. No compute scenario below this
altitude is physical, so the scenario loader rejects it.
"""

# --- the density table -------------------------------------------------------------------

#: Altitude span of the cached density table [km]. The bottom is below the brief's 150 km so
#: that the lifetime integral reaches the conventional 120 km re-entry altitude.
_TABLE_MIN_KM = 100.0
_TABLE_MAX_KM = 1600.0
_TABLE_NODES = 96

#: Averaging grid. 8 days equally spaced through the year × 3 universal times × 12 longitudes
#: × 18 latitude bands; relative to a 12 × 8 × 24 × 36 grid the average changes by < 0.03 %
#: from 150 to 1600 km at all three activity levels (measured when this module was written).
_N_DAYS = 8
_N_UT = 3
_N_LON = 12
_N_LAT = 18
_REFERENCE_YEAR_START = np.datetime64("2001-01-01T00:00:00", "s")
#: Flattening of the WGS-84 ellipsoid [-] — NIMA TR8350.2 (2000), Table 3.1.
_WGS84_FLATTENING = 1.0 / 298.257223563


def _resolve_activity(solar_activity: str | SolarActivityLevel) -> SolarActivityLevel:
    if isinstance(solar_activity, SolarActivityLevel):
        return solar_activity
    try:
        return SOLAR_ACTIVITY[solar_activity]
    except KeyError:
        raise ValueError(
            f"unknown solar activity {solar_activity!r}; expected one of "
            f"{sorted(SOLAR_ACTIVITY)} or a SolarActivityLevel"
        ) from None


def _averaging_grid() -> tuple[NDArray[np.datetime64], FloatArray, FloatArray]:
    """Dates, longitudes [deg] and latitudes [deg] of the orbit-average quadrature."""
    day_s = np.arange(_N_DAYS) * (365.0 * 86400.0 / _N_DAYS)
    ut_s = np.arange(_N_UT) * (86400.0 / _N_UT)
    offsets = np.rint(day_s[:, None] + ut_s[None, :]).astype("timedelta64[s]").ravel()
    dates = _REFERENCE_YEAR_START + offsets
    lons = np.asarray((np.arange(_N_LON) + 0.5) * (360.0 / _N_LON), dtype=np.float64)
    lats = np.asarray(-90.0 + (np.arange(_N_LAT) + 0.5) * (180.0 / _N_LAT), dtype=np.float64)
    return dates, lons, lats


def _msis_orbit_average_kg_m3(altitude_km: FloatArray, level: SolarActivityLevel) -> FloatArray:
    """Orbit-average NRLMSIS mass density at the given altitudes [kg m⁻³], no table.

    The altitude argument is height above the equatorial radius (a circular orbit of
    radius ``R⊕ + h``, as in :mod:`wattflop.orbit.kepler`); NRLMSIS takes geodetic height
    above the WGS-84 ellipsoid, which lies ``≈ R⊕·f·sin² φ`` lower at latitude ``φ`` (21 km
    at the poles), so each latitude band is evaluated at ``h + R⊕·f·sin² φ``.

    Weights: equal weight to every date/UT, longitude and latitude band. Equal weight in
    latitude is the time-average of a circular polar orbit: a circular orbit of inclination
    ``i`` spends time ``∝ cos φ / √(sin² i − sin² φ)`` per unit latitude ``φ``, which is
    uniform for ``i = 90°`` and close to uniform for the sun-synchronous orbits (i ≈ 97–100°)
    compute constellations use. Area weighting (``cos φ``) instead would raise the result by
    up to 8 % above 400 km (18 % at 150 km); the time weighting of an ISS-like 51.6° orbit
    would lower it by about 10 %. Equal weight in longitude at each of three universal times
    covers all local times (12 points integrate the diurnal, semidiurnal and terdiurnal
    tides exactly), as the precessing node of a non-sun-synchronous orbit does, and as a
    compute satellite's unknown local time requires. Eight days spread over the year sample
    the annual and semiannual variations.
    """
    dates, lons, lats = _averaging_grid()
    n = dates.size
    h_km = np.asarray(altitude_km, dtype=float).ravel()
    total = np.zeros_like(h_km)
    for lat in lats:
        ellipsoid_drop_km = R_EARTH_M * _WGS84_FLATTENING * np.sin(np.deg2rad(lat)) ** 2 / 1e3
        out = pymsis.calculate(
            dates,
            lons,
            np.array([lat]),
            h_km + ellipsoid_drop_km,
            f107s=np.full(n, level.f107),
            f107as=np.full(n, level.f107a),
            aps=np.full((n, 7), level.ap),
        )
        rho = np.asarray(out[..., pymsis.Variable.MASS_DENSITY], dtype=float)
        total += rho.reshape(-1, h_km.size).mean(axis=0)
    return np.asarray((total / lats.size).reshape(np.shape(altitude_km)), dtype=float)


@lru_cache(maxsize=16)
def _density_table(level: SolarActivityLevel) -> tuple[FloatArray, FloatArray]:
    """Altitude nodes [m] and ln(orbit-average density [kg m⁻³]) at them, cached per level."""
    alt_km = np.geomspace(_TABLE_MIN_KM, _TABLE_MAX_KM, _TABLE_NODES)
    rho = _msis_orbit_average_kg_m3(alt_km, level)
    h = alt_km * 1e3
    log_rho = np.log(rho)
    h.flags.writeable = False
    log_rho.flags.writeable = False
    return h, log_rho


def _log_density(altitude_m: FloatArray, level: SolarActivityLevel) -> FloatArray:
    h_nodes, log_rho = _density_table(level)
    if np.any(altitude_m < h_nodes[0]):
        raise ValueError(
            f"altitude below {_TABLE_MIN_KM:g} km is outside the drag model "
            f"(got min {float(np.nanmin(altitude_m)) / 1e3:g} km)"
        )
    inside = np.interp(altitude_m, h_nodes, log_rho)
    # Above the table: continue with the scale height of the top segment.
    slope_top = (log_rho[-1] - log_rho[-2]) / (h_nodes[-1] - h_nodes[-2])
    above = log_rho[-1] + slope_top * (altitude_m - h_nodes[-1])
    return np.asarray(np.where(altitude_m > h_nodes[-1], above, inside), dtype=float)


def orbit_average_density_kg_m3(
    altitude_m: ArrayLike, solar_activity: str | SolarActivityLevel = "mean"
) -> FloatArray:
    """Orbit- and year-average thermospheric mass density from NRLMSIS 2.x [kg m⁻³].

    The density is NRLMSIS 2.1 (pymsis) averaged with equal weights over latitude bands
    (a polar orbit's time weighting; see ``_msis_orbit_average_kg_m3``), longitudes/local
    times, universal times and eight days through the year, for a fixed solar-activity level.
    It is tabulated once per level on 96 log-spaced altitudes from 100 to 1,600 km (cached)
    and interpolated linearly in ln ρ against altitude (interpolation error < 0.3 % above
    150 km, < 1 % from 100 to 150 km, against direct evaluation); above
    1,600 km it continues exponentially with the scale height of the top table segment.
    The indices are always passed explicitly, so no space-weather file is read or downloaded.

    Parameters
    ----------
    altitude_m : array_like
        Altitude above the equatorial radius [m]; at least 100 km.
    solar_activity : {"low", "mean", "high"} or SolarActivityLevel, optional
        Level of solar and geomagnetic activity (see :data:`SOLAR_ACTIVITY`) [-].

    Returns
    -------
    ndarray
        Orbit-average mass density [kg m⁻³], same shape as ``altitude_m``.

    Raises
    ------
    ValueError
        If an altitude is below 100 km or the activity level is unknown.

    References
    ----------
    Emmert et al. (2021), *Earth and Space Science* 8, e2020EA001321,
    doi:10.1029/2020EA001321 (NRLMSIS 2.0); Emmert et al. (2022), *JGR Space Physics* 127,
    e2022JA030896 (NRLMSIS 2.1); ECSS-E-ST-10-04C (2008) Table 6-3 (activity levels).
    """
    level = _resolve_activity(solar_activity)
    h = np.asarray(altitude_m, dtype=float)
    return np.asarray(np.exp(_log_density(h, level)), dtype=float)


def _ballistic_coefficient_m2_kg(
    area_m2: ArrayLike, mass_kg: ArrayLike, cd: ArrayLike
) -> FloatArray:
    area = np.asarray(area_m2, dtype=float)
    mass = np.asarray(mass_kg, dtype=float)
    c = np.asarray(cd, dtype=float)
    if np.any(area < 0.0):
        raise ValueError("drag area must be non-negative")
    if np.any(mass <= 0.0):
        raise ValueError("mass must be positive")
    if np.any(c < 0.0):
        raise ValueError("drag coefficient must be non-negative")
    return np.asarray(c * area / mass, dtype=float)


def drag_acceleration_m_s2(
    altitude_m: ArrayLike,
    area_m2: ArrayLike,
    mass_kg: ArrayLike,
    cd: ArrayLike = 2.2,
    solar_activity: str | SolarActivityLevel = "mean",
) -> FloatArray:
    """Orbit-average drag deceleration of a circular orbit, a = ½·ρ·v²·C_D·A/m [m s⁻²].

    ``v`` is the circular orbital speed √(μ/a); co-rotation of the atmosphere is neglected
    (drag overestimated by ≤ 12 % prograde, ~unchanged for polar/sun-synchronous orbits).

    Parameters
    ----------
    altitude_m : array_like
        Circular-orbit altitude above the equatorial radius [m].
    area_m2 : array_like
        Orbit-average cross-section facing the flow [m²].
    mass_kg : array_like
        Spacecraft mass [kg].
    cd : array_like, optional
        Drag coefficient [-]; 2.2 is the customary value for a compact satellite in free
        molecular flow (Vallado 2013, §8.6.2).
    solar_activity : {"low", "mean", "high"} or SolarActivityLevel, optional
        Level of solar activity [-].

    Returns
    -------
    ndarray
        Drag acceleration magnitude [m s⁻²], broadcast over the inputs.

    References
    ----------
    Vallado (2013), §8.6.2.
    """
    b = _ballistic_coefficient_m2_kg(area_m2, mass_kg, cd)
    rho = orbit_average_density_kg_m3(altitude_m, solar_activity)
    v = orbital_speed_m_s(altitude_m)
    return np.asarray(0.5 * rho * v**2 * b, dtype=float)


def drag_delta_v_per_year_m_s(
    altitude_m: ArrayLike,
    area_m2: ArrayLike,
    mass_kg: ArrayLike,
    cd: ArrayLike = 2.2,
    solar_activity: str | SolarActivityLevel = "mean",
) -> FloatArray:
    """Δv per year to hold a circular orbit against drag [m s⁻¹ yr⁻¹].

    For a circular orbit held at constant altitude by (near-)continuous tangential thrust the
    Δv equals the integral of the drag acceleration: ``Δv = a_D · 1 yr`` (Julian year).
    Parameters as :func:`drag_acceleration_m_s2`.

    Parameters
    ----------
    altitude_m : array_like
        Circular-orbit altitude [m].
    area_m2 : array_like
        Orbit-average cross-section [m²].
    mass_kg : array_like
        Spacecraft mass [kg].
    cd : array_like, optional
        Drag coefficient [-].
    solar_activity : {"low", "mean", "high"} or SolarActivityLevel, optional
        Level of solar activity [-].

    Returns
    -------
    ndarray
        Station-keeping Δv per Julian year [m s⁻¹].

    References
    ----------
    Wertz et al. (2011), *Space Mission Engineering: The New SMAD*, §9.4.4 (drag make-up Δv).
    """
    return np.asarray(
        drag_acceleration_m_s2(altitude_m, area_m2, mass_kg, cd, solar_activity) * YEAR_S,
        dtype=float,
    )


def propellant_mass_kg(
    dry_mass_kg: ArrayLike, delta_v_m_s: ArrayLike, isp_s: ArrayLike
) -> FloatArray:
    """Propellant to give a dry mass a Δv, by the rocket equation [kg].

    ``m_p = m_dry · (exp(Δv / (I_sp·g₀)) − 1)`` (Tsiolkovsky), where ``m_dry`` is the mass
    left after the burn.

    Parameters
    ----------
    dry_mass_kg : array_like
        Mass after the propellant is spent [kg]; non-negative.
    delta_v_m_s : array_like
        Velocity change [m s⁻¹]; non-negative.
    isp_s : array_like
        Specific impulse [s]; positive.

    Returns
    -------
    ndarray
        Propellant mass [kg], broadcast over the inputs.

    Raises
    ------
    ValueError
        On a negative mass or Δv, or a non-positive specific impulse.

    References
    ----------
    Tsiolkovsky (1903); Wertz et al. (2011), *Space Mission Engineering: The New SMAD*,
    ch. 18 (propulsion); g₀ from ISO 80000-3.
    """
    m = np.asarray(dry_mass_kg, dtype=float)
    dv = np.asarray(delta_v_m_s, dtype=float)
    isp = np.asarray(isp_s, dtype=float)
    if np.any(m < 0.0):
        raise ValueError("dry mass must be non-negative")
    if np.any(dv < 0.0):
        raise ValueError("delta-v must be non-negative")
    if np.any(isp <= 0.0):
        raise ValueError("specific impulse must be positive")
    with np.errstate(over="ignore"):
        return np.asarray(m * np.expm1(dv / (isp * G0_M_S2)), dtype=float)


@lru_cache(maxsize=16)
def _decay_time_table(level: SolarActivityLevel) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Nodes [m], ln f and the antiderivative F of f = 1/(ρ·√(μa)) from the lowest node.

    ``F`` has units [s m² kg⁻¹]; the decay time between two altitudes is ``ΔF / (C_D·A/m)``.
    Between nodes ``ln f`` is taken linear in altitude (ln ρ is, by construction of the
    table; ln √a is linear to 10⁻⁵), so each segment integrates exactly to
    ``Δh·(f₁ − f₀)/ln(f₁/f₀)``.
    """
    h, log_rho = _density_table(level)
    log_f = -log_rho - 0.5 * np.log(MU_EARTH_M3_S2 * semi_major_axis_m(h))
    f = np.exp(log_f)
    seg = np.diff(h) * np.diff(f) / np.diff(log_f)
    cum = np.concatenate(([0.0], np.cumsum(seg)))
    for arr in (h, log_f, cum):
        arr.flags.writeable = False
    return h, log_f, cum


def _decay_antiderivative(altitude_m: float, level: SolarActivityLevel) -> float:
    """F(h) of :func:`_decay_time_table` at any altitude ≥ the lowest node [s m² kg⁻¹]."""
    h, log_f, cum = _decay_time_table(level)
    if altitude_m < h[0]:
        raise ValueError(
            f"altitude below {_TABLE_MIN_KM:g} km is outside the drag model "
            f"(got {altitude_m / 1e3:g} km)"
        )
    k = int(np.clip(np.searchsorted(h, altitude_m, side="right") - 1, 0, h.size - 2))
    slope = (log_f[k + 1] - log_f[k]) / (h[k + 1] - h[k])
    with np.errstate(over="ignore"):
        partial = np.exp(log_f[k]) * np.expm1(slope * (altitude_m - h[k])) / slope
    return float(cum[k] + partial)


def lifetime_without_propulsion_s(
    altitude_m: float,
    area_m2: float,
    mass_kg: float,
    cd: float = 2.2,
    solar_activity: str | SolarActivityLevel = "mean",
    reentry_altitude_m: float = 120e3,
) -> float:
    """Time for an unpropelled circular orbit to decay to re-entry under drag [s].

    Integrates ``dt = da / |da/dt|`` with ``da/dt = −(C_D·A/m)·ρ(a)·√(μ·a)`` from
    ``altitude_m`` down to ``reentry_altitude_m``, with ρ the orbit-average NRLMSIS density at
    a fixed activity level. The integral is closed-form segment by segment on the log-linear
    density table (agreeing with adaptive quadrature to < 0.1 %) and is evaluated from a
    cached cumulative table, so a call costs microseconds. The orbit is
    assumed to stay circular (true for drag decay from a circular orbit) and co-rotation of
    the atmosphere is neglected.

    Parameters
    ----------
    altitude_m : float
        Initial circular-orbit altitude [m].
    area_m2 : float
        Orbit-average cross-section [m²].
    mass_kg : float
        Spacecraft mass [kg].
    cd : float, optional
        Drag coefficient [-].
    solar_activity : {"low", "mean", "high"} or SolarActivityLevel, optional
        Level of solar activity, held for the whole decay [-].
    reentry_altitude_m : float, optional
        Altitude counted as re-entry [m]; 120 km is the customary "entry interface", below
        which the remaining time is minutes (King-Hele 1987). At least 100 km.

    Returns
    -------
    float
        Orbital lifetime [s]; 0 if ``altitude_m ≤ reentry_altitude_m``; ``inf`` if the area
        or drag coefficient is zero or the lifetime overflows a float.

    References
    ----------
    King-Hele (1987), ch. 2; Vallado (2013), ch. 9; Wertz et al. (2011), §9.4.4.
    """
    b = float(_ballistic_coefficient_m2_kg(area_m2, mass_kg, cd))
    level = _resolve_activity(solar_activity)
    if not (np.isfinite(altitude_m) and np.isfinite(reentry_altitude_m)):
        raise ValueError("altitudes must be finite")
    if altitude_m <= reentry_altitude_m:
        return 0.0
    span = _decay_antiderivative(float(altitude_m), level) - _decay_antiderivative(
        float(reentry_altitude_m), level
    )
    if b == 0.0 or not np.isfinite(span):
        return float("inf")
    return float(span / b)

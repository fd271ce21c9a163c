"""Total ionising dose and single-event upsets in low Earth orbit.

Dose behind 5 mm of aluminium in sun-synchronous orbits, from SPENVIS runs published in
rMcDonald17/Orbital-Datacenters (GitHub): 0.38 krad(Si)/yr at 500 km, 0.70 at 700 km, 1.79
at 1,000 km, 7.82 at 1,500 km. Interpolated log-linearly in altitude (trapped-particle flux
grows roughly exponentially with altitude in LEO).

Shielding: the Google Suncatcher paper (Agüera y Arcas et al., arXiv:2511.19468, §2.3) gives
~150 rad(Si)/yr at 650 km SSO behind ~10 mm Al, against 0.60 krad(Si)/yr interpolated at
5 mm; a power law D ∝ t^−k through both points gives k = 2.0. This two-point fit is valid
roughly 2–20 mm; beyond, dose falls more slowly (protons dominate), so thick shielding is
optimistic here.

The tables are for sun-synchronous inclinations (~97–100°); other inclinations cross the
South Atlantic Anomaly and the horns differently — treat as an approximation.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

_ALT_KM = np.array([500.0, 700.0, 1000.0, 1500.0])
_DOSE_5MM_KRAD_YR = np.array([0.38, 0.70, 1.79, 7.82])
_REF_THICKNESS_M = 5e-3
#: Exponent of the shielding power law (two-point fit, see module docstring) [-].
SHIELDING_EXPONENT = float(
    np.log(np.exp(np.interp(650.0, _ALT_KM, np.log(_DOSE_5MM_KRAD_YR))) / 0.150)
    / np.log(10e-3 / 5e-3)
)
#: Shielding thickness range in which the fit is used [m].
THICKNESS_RANGE_M = (1e-3, 30e-3)
#: Gray per krad(Si) [Gy].
GY_PER_KRAD = 10.0


def dose_rate_gy_per_year(altitude_m: ArrayLike, shielding_m: ArrayLike) -> FloatArray:
    """Total ionising dose rate in silicon behind an aluminium shield [Gy yr⁻¹].

    Parameters
    ----------
    altitude_m : array_like
        Circular orbit altitude [m]; 200–1,500 km (below 500 km the table is extrapolated
        log-linearly).
    shielding_m : array_like
        Equivalent aluminium thickness around the electronics [m].
    """
    h_km = np.asarray(altitude_m, dtype=float) / 1e3
    t = np.asarray(shielding_m, dtype=float)
    slope = np.diff(np.log(_DOSE_5MM_KRAD_YR))[0] / np.diff(_ALT_KM)[0]
    log_d = np.where(
        h_km < _ALT_KM[0],
        np.log(_DOSE_5MM_KRAD_YR[0]) + slope * (h_km - _ALT_KM[0]),
        np.interp(h_km, _ALT_KM, np.log(_DOSE_5MM_KRAD_YR)),
    )
    krad = np.exp(log_d) * (_REF_THICKNESS_M / t) ** SHIELDING_EXPONENT
    return np.asarray(krad * GY_PER_KRAD, dtype=float)


def dose_limited_life_years(tolerance_gy: ArrayLike, dose_rate_gy_yr: ArrayLike) -> FloatArray:
    """Years until the accumulated dose reaches the tolerance [yr]."""
    return np.asarray(
        np.asarray(tolerance_gy, dtype=float) / np.asarray(dose_rate_gy_yr, dtype=float),
        dtype=float,
    )


def upset_downtime_fraction(
    upsets_per_gy: ArrayLike, dose_rate_gy_yr: ArrayLike, recovery_time_s: ArrayLike
) -> FloatArray:
    """Fraction of time an accelerator is down recovering from single-event upsets [-].

    Upsets are downtime, not permanent failures: rate × recovery time.
    """
    from wattflop.constants import YEAR_S

    per_year = np.asarray(upsets_per_gy, dtype=float) * np.asarray(dose_rate_gy_yr, dtype=float)
    return np.asarray(
        np.minimum(per_year * np.asarray(recovery_time_s, dtype=float) / YEAR_S, 1.0), dtype=float
    )


def enclosure_area_m2(volume_m3: ArrayLike) -> FloatArray:
    """Surface of the cube that holds ``volume_m3``: the smallest box around the compute a
    shield must cover [m²], 6·V^(2/3).

    >>> float(enclosure_area_m2(1.0))
    6.0
    """
    return np.asarray(6.0 * np.cbrt(np.asarray(volume_m3, dtype=float)) ** 2, dtype=float)


def shielding_mass_kg(
    area_m2: ArrayLike, thickness_m: ArrayLike, density_kg_m3: float
) -> FloatArray:
    """Mass of a shield of given area and thickness [kg]."""
    return np.asarray(
        np.asarray(area_m2, dtype=float) * np.asarray(thickness_m, dtype=float) * density_kg_m3,
        dtype=float,
    )

"""Launches: how many, and what they cost.

A launch carries whole satellites, limited by the vehicle's payload mass *and* its usable
fairing volume; the binding limit sets satellites per launch.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wattflop.constants import YEAR_S

FloatArray = NDArray[np.float64]


def satellites_per_launch(
    satellite_mass_kg: float,
    satellite_volume_m3: float,
    payload_kg: float,
    fairing_volume_m3: float,
) -> tuple[int, str]:
    """Whole satellites one launch can carry, and which limit binds (``"mass"``/``"volume"``)."""
    by_mass = math.floor(payload_kg / satellite_mass_kg + 1e-9)
    by_volume = math.floor(fairing_volume_m3 / satellite_volume_m3 + 1e-9)
    return (by_mass, "mass") if by_mass <= by_volume else (by_volume, "volume")


def launches_needed(n_satellites: int, per_launch: int) -> int:
    """Launches to place ``n_satellites`` [-]."""
    if per_launch < 1:
        raise ValueError("a satellite does not fit in one launch")
    return math.ceil(n_satellites / per_launch)


def launched_power_price_usd_per_kw_year(
    mass_kg: ArrayLike, power_w: ArrayLike, price_usd_per_kg: ArrayLike, life_s: ArrayLike
) -> FloatArray:
    """Launch cost per kilowatt-year of a satellite's power over its life [USD kW⁻¹ yr⁻¹].

    The "launched power price" of Agüera y Arcas et al. (Suncatcher, arXiv:2511.19468,
    Table 1): mass × price per kg / (power × life). Undiscounted, as in the paper.
    """
    return np.asarray(
        np.asarray(mass_kg, dtype=float)
        * np.asarray(price_usd_per_kg, dtype=float)
        / (np.asarray(power_w, dtype=float) / 1e3 * np.asarray(life_s, dtype=float) / YEAR_S),
        dtype=float,
    )

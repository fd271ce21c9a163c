"""Radiative heat balance of radiators and solar arrays.

A flat panel with ``n_sides`` radiating faces at temperature T rejects
``n_sides·ε·σ·T⁴`` per unit panel area and absorbs direct sunlight, sunlight reflected by the
Earth (albedo) and Earth's infrared emission, each weighted by the view factor of each face to
the Earth.

References
----------
- Gilmore, D. G. (ed.), *Spacecraft Thermal Control Handbook*, Vol. I, 2nd ed. (Aerospace
  Press 2002), ch. 2 (environmental heat loads) and ch. 6 (radiators).
- Feilden, Oltean, Johnston, *Why we should train AI in space*, Starcloud white paper v1.03
  (2024): radiator case ε = 0.92 at 20 °C, two sides, α = 0.09 → 633 W/m².
- Loeb, N. G. et al. (2018), CERES EBAF Ed4.0, J. Climate 31, 895–918: global mean outgoing
  longwave radiation ≈ 240 W/m², top-of-atmosphere albedo ≈ 0.29.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wattflop.constants import SIGMA_W_M2_K4
from wattflop.errors import InfeasibleError

FloatArray = NDArray[np.float64]

#: Global mean outgoing longwave radiation [W m⁻²] — CERES EBAF Ed4.0 (Loeb et al. 2018).
EARTH_IR_W_M2 = 240.0
#: Global mean top-of-atmosphere albedo [-] — CERES EBAF Ed4.0 (Loeb et al. 2018).
EARTH_ALBEDO = 0.29


def radiator_absorbed_w_m2(
    *,
    solar_absorptance: ArrayLike,
    ir_absorptance: ArrayLike,
    solar_flux_w_m2: ArrayLike,
    sun_cos: ArrayLike,
    earth_view_factor: ArrayLike,
    albedo: ArrayLike = EARTH_ALBEDO,
    earth_ir_w_m2: ArrayLike = EARTH_IR_W_M2,
) -> FloatArray:
    """Heat absorbed per unit panel area [W m⁻²].

    absorbed = α·S·cos θ + α·a·S·F + ε_IR·E_IR·F

    Parameters
    ----------
    solar_absorptance : array_like
        α of the radiating surface in the solar band [-].
    ir_absorptance : array_like
        Absorptance for Earth's infrared [-]; by Kirchhoff's law equal to the infrared
        emissivity of a grey surface.
    solar_flux_w_m2 : array_like
        Solar irradiance at the satellite [W m⁻²].
    sun_cos : array_like
        Cosine of the Sun's incidence on the sunlit face (0 when edge-on) [-].
    earth_view_factor : array_like
        Sum over the faces of the view factor from each face to the Earth [-].
    albedo : array_like
        Fraction of sunlight reflected by the Earth [-]; the Earth seen is taken as fully lit
        (conservative for a radiator).
    earth_ir_w_m2 : array_like
        Earth's infrared exitance [W m⁻²] (σ·T_earth⁴).
    """
    S = np.asarray(solar_flux_w_m2, dtype=float)
    F = np.asarray(earth_view_factor, dtype=float)
    a_s = np.asarray(solar_absorptance, dtype=float)
    return np.asarray(
        a_s * S * np.asarray(sun_cos, dtype=float)
        + a_s * np.asarray(albedo, dtype=float) * S * F
        + np.asarray(ir_absorptance, dtype=float) * np.asarray(earth_ir_w_m2, dtype=float) * F,
        dtype=float,
    )


def radiator_net_flux_w_m2(
    temperature_k: ArrayLike,
    *,
    emissivity: ArrayLike,
    n_sides: ArrayLike,
    absorbed_w_m2: ArrayLike,
) -> FloatArray:
    """Net heat rejected per unit panel area: n_sides·ε·σ·T⁴ − absorbed [W m⁻²]."""
    T = np.asarray(temperature_k, dtype=float)
    sides = np.asarray(n_sides, dtype=float)
    emitted = sides * np.asarray(emissivity, dtype=float) * SIGMA_W_M2_K4 * T**4
    return np.asarray(emitted - np.asarray(absorbed_w_m2, dtype=float), dtype=float)


def radiator_area_m2(heat_w: ArrayLike, net_flux_w_m2: ArrayLike) -> FloatArray:
    """Radiator panel area needed to reject ``heat_w`` [m²].

    Raises
    ------
    InfeasibleError
        When the panel absorbs as much as it emits (net flux ≤ 0): no area closes the design.
    """
    q = np.asarray(net_flux_w_m2, dtype=float)
    if np.any(q <= 0.0):
        raise InfeasibleError(
            f"the radiator absorbs more than it emits (net flux {np.min(q):.1f} W/m²): raise the "
            "radiator temperature, lower its solar absorptance or turn it edge-on to the Sun"
        )
    return np.asarray(np.asarray(heat_w, dtype=float) / q, dtype=float)


def cell_efficiency(
    temperature_k: ArrayLike,
    efficiency_ref: float,
    temperature_coefficient_per_k: float,
    reference_temperature_k: float,
) -> FloatArray:
    """Linear temperature dependence of cell efficiency: η = η_ref·(1 + γ·(T − T_ref)) [-]."""
    T = np.asarray(temperature_k, dtype=float)
    eta = efficiency_ref * (1.0 + temperature_coefficient_per_k * (T - reference_temperature_k))
    return np.asarray(np.clip(eta, 0.0, 1.0), dtype=float)


def array_temperature_k(
    *,
    solar_flux_w_m2: ArrayLike,
    sun_cos: ArrayLike,
    solar_absorptance: float,
    emissivity_front: float,
    emissivity_back: float,
    packing_factor: float,
    efficiency_ref: float,
    temperature_coefficient_per_k: float,
    reference_temperature_k: float,
    back_view_factor: ArrayLike = 0.0,
    albedo: float = EARTH_ALBEDO,
    earth_ir_w_m2: float = EARTH_IR_W_M2,
    iterations: int = 4,
) -> FloatArray:
    """Steady-state temperature of a thin solar array in sunlight [K].

    Balance per unit array area (front faces the Sun, back sees the Earth with view factor
    F_b; the back is taken grey with absorptance ε_b for Earth IR and albedo):

        α·S·cos θ + ε_b·F_b·(E_IR + a·S) = p·η(T)·S·cos θ + (ε_f + ε_b)·σ·T⁴

    Electricity leaves the panel, so efficient cells run cooler. Solved by fixed-point
    iteration on η(T): each step shrinks the error by p·|dη/dT|·S / (4·(ε_f+ε_b)·σ·T³) ≈ 0.07
    for space cells, so four steps leave < 0.001 K.
    """
    S = np.asarray(solar_flux_w_m2, dtype=float) * np.asarray(sun_cos, dtype=float)
    Fb = np.asarray(back_view_factor, dtype=float)
    absorbed = solar_absorptance * S + emissivity_back * Fb * (
        earth_ir_w_m2 + albedo * np.asarray(solar_flux_w_m2, dtype=float)
    )
    eps = emissivity_front + emissivity_back
    eta = np.full_like(S, efficiency_ref)
    T = np.full_like(S, reference_temperature_k)
    for _ in range(iterations):
        T = ((absorbed - packing_factor * eta * S) / (eps * SIGMA_W_M2_K4)) ** 0.25
        eta = cell_efficiency(
            T, efficiency_ref, temperature_coefficient_per_k, reference_temperature_k
        )
    return np.asarray(T, dtype=float)

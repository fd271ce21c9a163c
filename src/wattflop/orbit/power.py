"""Solar array output, battery sizing and the energy flows of a year.

The power chain: sunlight on the array → cells (efficiency at their temperature, packing,
degradation) → power electronics (PMAD) → compute (IT), bus avionics and battery charging;
battery → bus in eclipse. Energy that the loads and battery cannot take is left on the
array (shunted), counted as curtailed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wattflop.jit import numba

FloatArray = NDArray[np.float64]


def array_power_w(
    *,
    solar_flux_w_m2: ArrayLike,
    illumination: ArrayLike,
    sun_cos: ArrayLike,
    area_m2: float,
    packing_factor: float,
    efficiency: ArrayLike,
    degradation_factor: ArrayLike = 1.0,
) -> FloatArray:
    """Electrical output of a solar array [W].

    P = S·ν·cos θ·A·p·η(T)·(1 − d)^t, with ν the visible fraction of the solar disc.
    """
    return np.asarray(
        np.asarray(solar_flux_w_m2, dtype=float)
        * np.asarray(illumination, dtype=float)
        * np.asarray(sun_cos, dtype=float)
        * area_m2
        * packing_factor
        * np.asarray(efficiency, dtype=float)
        * np.asarray(degradation_factor, dtype=float),
        dtype=float,
    )


def degradation_factor(years: ArrayLike, rate_per_year: float | FloatArray) -> FloatArray:
    """Remaining fraction of array output after ``years`` at a compound annual loss [-]."""
    return np.asarray((1.0 - rate_per_year) ** np.asarray(years, dtype=float), dtype=float)


def required_array_power_w(
    *,
    sunlit_load_w: float | FloatArray,
    eclipse_load_w: float | FloatArray,
    eclipse_s: float,
    period_s: float,
    pmad_efficiency: float | FloatArray,
    charge_efficiency: float | FloatArray,
    discharge_efficiency: float | FloatArray,
) -> float | FloatArray:
    """Array electrical power needed to run the loads through the worst orbit [W].

    Over one orbit with eclipse t_e and sunlight t_s = T − t_e the array must feed the sunlit
    load and recharge what the battery gave in eclipse:

        P·η_pmad·t_s = L_sun·t_s + L_ecl·t_e / (η_c·η_d)
    """
    t_s = period_s - eclipse_s
    if t_s <= 0:
        raise ValueError("orbit never in sunlight")
    recharge = eclipse_load_w * eclipse_s / (charge_efficiency * discharge_efficiency)
    return (sunlit_load_w * t_s + recharge) / (pmad_efficiency * t_s)


def battery_depth_of_discharge(
    cycles: ArrayLike,
    cycle_life_full_dod: ArrayLike,
    cycle_life_exponent: ArrayLike,
    max_dod: ArrayLike,
) -> FloatArray:
    """Depth of discharge the battery may use to survive ``cycles`` cycles [-].

    Cycle life N(D) = N₁₀₀·D^(−k) (a Wöhler-type fit), so D = (cycles/N₁₀₀)^(−1/k), capped
    at ``max_dod``; ``max_dod`` when there are no cycles. Vectorised over its inputs.
    """
    c = np.asarray(cycles, dtype=float)
    with np.errstate(divide="ignore"):
        ratio = np.where(c > 0, c, 1.0) / cycle_life_full_dod
        d = ratio ** (-1.0 / np.asarray(cycle_life_exponent))
    return np.asarray(np.where(c > 0, np.minimum(max_dod, d), max_dod), dtype=float)


@dataclass(frozen=True)
class EnergyFlows:
    """Energy flows over a simulated period, each a total [J] unless noted."""

    array_available_j: float
    it_j: float
    it_demand_j: float
    bus_j: float
    bus_demand_j: float
    pmad_loss_j: float
    charge_loss_j: float
    discharge_loss_j: float
    curtailed_j: float
    battery_delta_j: float
    it_power_w: FloatArray  #: IT power delivered per step [W]
    soc_j: FloatArray  #: battery energy at the end of each step [J]

    @property
    def conservation_residual(self) -> float:
        """(available − Σ uses) / available; zero up to rounding when energy is conserved."""
        uses = (
            self.it_j
            + self.bus_j
            + self.pmad_loss_j
            + self.charge_loss_j
            + self.discharge_loss_j
            + self.curtailed_j
            + self.battery_delta_j
        )
        return (self.array_available_j - uses) / self.array_available_j


@numba.njit(cache=True)
def _flows_kernel(
    p_array: FloatArray,
    dt: float,
    p_it: float,
    p_bus: float,
    eta_pmad: float,
    capacity_j: float,
    min_soc_j: float,
    eta_c: float,
    eta_d: float,
    it_in_eclipse: bool,
    sunlit_threshold_w: float,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    n = p_array.shape[0]
    it_out = np.empty(n)
    soc_out = np.empty(n)
    # totals: it, bus, pmad_loss, charge_loss, discharge_loss, curtailed, it_demand, bus_demand
    tot = np.zeros(8)
    soc = capacity_j
    for i in range(n):
        avail = p_array[i] * eta_pmad  # [W] on the bus if fully drawn
        sunlit = p_array[i] > sunlit_threshold_w
        want_it = p_it if (it_in_eclipse or sunlit) else 0.0
        tot[6] += p_it * dt
        tot[7] += p_bus * dt
        # array first: bus avionics, then compute
        bus_a = min(p_bus, avail)
        it_a = min(want_it, avail - bus_a)
        left = avail - bus_a - it_a
        # battery covers the rest (bus first)
        stored_avail = max(soc - min_soc_j, 0.0) * eta_d / dt  # [W] deliverable
        bus_b = min(p_bus - bus_a, stored_avail)
        it_b = min(want_it - it_a, stored_avail - bus_b)
        out_b = bus_b + it_b
        soc -= out_b * dt / eta_d
        tot[4] += out_b * dt * (1.0 / eta_d - 1.0)
        # surplus charges the battery
        room = (capacity_j - soc) / (eta_c * dt)  # [W] at the bus
        ch = min(left, room) if out_b == 0.0 else 0.0
        soc += ch * eta_c * dt
        tot[3] += ch * (1.0 - eta_c) * dt
        used_bus = bus_a + it_a + ch  # drawn from the array, on the bus side
        tot[2] += used_bus * (1.0 / eta_pmad - 1.0) * dt
        tot[5] += (p_array[i] - used_bus / eta_pmad) * dt
        tot[0] += (it_a + it_b) * dt
        tot[1] += (bus_a + bus_b) * dt
        it_out[i] = it_a + it_b
        soc_out[i] = soc
    return it_out, soc_out, tot


def energy_flows(
    p_array_w: FloatArray,
    *,
    step_s: float,
    it_power_w: float,
    bus_power_w: float,
    pmad_efficiency: float,
    battery_capacity_j: float,
    depth_of_discharge: float,
    charge_efficiency: float,
    discharge_efficiency: float,
    it_in_eclipse: bool,
) -> EnergyFlows:
    """Step through a period and account for every joule the array offers.

    Dispatch per step: the array feeds the bus avionics, then compute; the battery covers any
    deficit (avionics first) down to its depth-of-discharge limit; surplus charges the battery;
    the rest is shunted (curtailed). With ``it_in_eclipse=False`` (throttled strategy) compute
    is off whenever the array produces nothing. Starts with a full battery.
    """
    p = np.ascontiguousarray(p_array_w, dtype=np.float64)
    min_soc = battery_capacity_j * (1.0 - depth_of_discharge)
    it, soc, tot = _flows_kernel(
        p,
        float(step_s),
        float(it_power_w),
        float(bus_power_w),
        float(pmad_efficiency),
        float(battery_capacity_j),
        float(min_soc),
        float(charge_efficiency),
        float(discharge_efficiency),
        bool(it_in_eclipse),
        1e-9 * max(float(np.max(p)), 1.0),
    )
    return EnergyFlows(
        array_available_j=float(np.sum(p) * step_s),
        it_j=float(tot[0]),
        it_demand_j=float(tot[6]),
        bus_j=float(tot[1]),
        bus_demand_j=float(tot[7]),
        pmad_loss_j=float(tot[2]),
        charge_loss_j=float(tot[3]),
        discharge_loss_j=float(tot[4]),
        curtailed_j=float(tot[5]),
        battery_delta_j=float(soc[-1] - battery_capacity_j) if len(soc) else 0.0,
        it_power_w=it,
        soc_j=soc,
    )

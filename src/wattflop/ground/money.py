"""Money of the ground site: capital, operating cost, availability and delivered compute of a
dispatched plant, as array algebra.

:func:`ground_money` takes the typed inputs (:class:`~wattflop.ground.inputs.GroundInputs`)
and the dispatched plan's quantities (:class:`PlanQuantities`) and returns a
:class:`PlantMoney`; each value broadcasts over sampled inputs (a sample re-prices the plan,
it does not re-optimise it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wattflop.constants import HOURS_PER_JULIAN_YEAR, J_PER_MWH, W_PER_MW, YEAR_S
from wattflop.economics import FLOP_PER_EFLOP, capital_recovery_factor
from wattflop.ground.inputs import GroundInputs
from wattflop.ground.network import J_PER_MMBTU
from wattflop.parameters import Value
from wattflop.scenario.common import Boundary

#: Cost lines of the ground site by boundary.
_ENERGY_LINES = {"gas_turbines", "batteries", "pv", "grid_connection", "smoothing_battery"}
BOUNDARY_LINES: dict[Boundary, set[str]] = {
    Boundary.ENERGY_ONLY: _ENERGY_LINES,
    Boundary.POWER_AND_COOLING: _ENERGY_LINES | {"facility"},
    Boundary.FULL: _ENERGY_LINES | {"facility", "accelerators"},
}


@dataclass(frozen=True)
class PlanQuantities:
    """What the dispatched plan holds and does in its year: the quantities money prices."""

    accelerators: float
    it_w: float  #: IT power [W]
    it_mwh: float  #: energy delivered to IT per year [MWh]
    gas_mw: float
    pv_mw: float
    bat_mw: float
    bat_mwh: float
    grid_mw: float
    energy_mwh: dict[str, float]  #: per year, by flow (load, gas, pv, grid_import, …)
    fuel_mmbtu: float  #: per year
    co2_t: float  #: per year
    smoothing_power_w: float  #: the sub-second smoothing battery's power [W]
    smoothing_energy_j: float  #: and its energy [J]
    grid_cost: float  #: energy bought per year [USD]
    export_revenue: float  #: per year [USD]
    served: float  #: share of the load served


@dataclass(frozen=True)
class PlantMoney:
    """The plant's money; one value per sample (a ``float`` for the deterministic run)."""

    capex: dict[str, Value]  #: every line [USD]
    capex_in: dict[str, Value]  #: inside the cost boundary [USD]
    opex: dict[str, Value]  #: [USD/yr]
    annual: Value  #: [USD/yr]
    annual_by_line: dict[str, Value]  #: [USD/yr]
    energy_annual: Value  #: the power plant and its energy only [USD/yr]
    availability: Value
    acc_hours: Value  #: accelerator-hours delivered per year
    flop: Value  #: delivered per year
    usd_eflop: Value
    lcoe: Value  #: [USD/MWh]
    usd_acc_h: Value


def ground_money(p: GroundInputs, q: PlanQuantities) -> PlantMoney:
    """Capital, operating cost, availability and delivered compute of a dispatched plant, as
    array algebra over sampled inputs ``p`` (the plan ``q`` is fixed)."""
    acc, f, r = p.accelerator, p.facility, p.economics.discount_rate
    g, b, pvc, grid = p.plant.gas_turbines, p.plant.batteries, p.plant.pv, p.plant.grid
    e = q.energy_mwh
    capex: dict[str, Value] = {
        "accelerators": q.accelerators * acc.system_price,
        "facility": f.capex * q.it_w,
        "gas_turbines": g.capex * q.gas_mw * W_PER_MW,
        "batteries": b.power_capex * q.bat_mw * W_PER_MW + b.energy_capex * q.bat_mwh * J_PER_MWH,
        "pv": pvc.capex * q.pv_mw * W_PER_MW,
        "grid_connection": grid.capex * q.grid_mw * W_PER_MW,
        # the sub-second smoothing battery, priced like the plant battery (so it re-prices)
        "smoothing_battery": b.power_capex * q.smoothing_power_w
        + b.energy_capex * q.smoothing_energy_j,
    }
    lives = {
        "accelerators": f.accelerator_life, "facility": f.life, "gas_turbines": g.life,
        "batteries": b.life, "pv": pvc.life, "grid_connection": grid.life,
        "smoothing_battery": b.life,
    }  # fmt: skip
    opex: dict[str, Value] = {
        "fuel": q.fuel_mmbtu * J_PER_MMBTU * g.fuel_price,
        "gas_om": g.fixed_om * YEAR_S * q.gas_mw * W_PER_MW + g.variable_om * e["gas"] * J_PER_MWH,
        "pv_om": pvc.fixed_om * YEAR_S * q.pv_mw * W_PER_MW,
        "battery_om": b.fixed_om_fraction
        * YEAR_S
        * (capex["batteries"] + capex["smoothing_battery"]),
        "grid_energy": q.grid_cost,
        "co2": p.plant.co2_price * q.co2_t * 1e3,
        "export_revenue": -q.export_revenue,
    }
    energy_opex = sum(opex.values())
    if p.economics.boundary is Boundary.FULL:
        # the permanent failures that cost spares in orbit cost replacement parts here, at
        # the failed part's price on both sides (transient interruptions cost downtime only)
        opex["accelerator_replacement"] = acc.failure_rate * q.accelerators * acc.part_price
    crf = {k: capital_recovery_factor(r, lives[k] / YEAR_S) for k in lives}
    in_lines = BOUNDARY_LINES[p.economics.boundary]
    capex_in = {k: v for k, v in capex.items() if k in in_lines}
    annual_by_line: dict[str, Value] = {k: v * crf[k] for k, v in capex_in.items()}
    annual = sum(opex.values()) + sum(annual_by_line.values())
    # LCOE to the chips: the power plant and its energy only, whatever the boundary (as in orbit)
    plant_lines = BOUNDARY_LINES[Boundary.ENERGY_ONLY]
    energy_annual = energy_opex + sum(capex[k] * crf[k] for k in plant_lines)
    annual_by_line.update(opex)
    down = acc.failure_rate * f.repair_time + acc.interruption_rate * acc.interruption_recovery_time
    availability_fail = 1.0 - np.minimum(down / YEAR_S, 1.0)
    availability = availability_fail * q.served
    acc_hours = q.accelerators * HOURS_PER_JULIAN_YEAR * availability
    flop = acc_hours * 3600.0 * acc.peak_flops * p.workload.utilisation
    return PlantMoney(
        capex=capex,
        capex_in=capex_in,
        opex=opex,
        annual=annual,
        annual_by_line=annual_by_line,
        energy_annual=energy_annual,
        availability=availability,
        acc_hours=acc_hours,
        flop=flop,
        usd_eflop=annual / (flop / FLOP_PER_EFLOP),
        lcoe=energy_annual / q.it_mwh,
        usd_acc_h=annual / acc_hours,
    )

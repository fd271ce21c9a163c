"""Money of the ground site: capital, operating cost, availability and delivered compute of a
dispatched plant, as array algebra.

:func:`ground_money` takes the typed inputs (:class:`~wattflop.ground.inputs.GroundInputs`)
and the dispatched plan's quantities (:class:`PlanQuantities`) and returns a
:class:`PlantMoney`; each value broadcasts over sampled inputs (a sample re-prices the plan,
it does not re-optimise it).

Every line's twin on the orbital side, and why a line has none, is tabled in
:mod:`wattflop.orbit.money`. The site lines (:func:`site_lines`) and their twins:

==================  =============================================  ==========  ================
ground line         formula                                        in          orbit twin
==================  =============================================  ==========  ================
network_fabric      USD per accelerator, over the accelerator life F           links
operations          fraction of facility capex per year (O&M and   F           operations
                    staff)
property_tax        rate × (capex in the boundary + land) per year E P F       none (no tax on
                                                                               satellites)
insurance           rate × capex in the boundary per year          E P F       insurance
land                price × area × discount rate (land keeps its   E P F       none (orbital
                    value); E: the PV's land, P F: + the hall's                slots unpriced)
water               price × (turbine water × gas energy; P F: +    E P F       none (radiators
                    WUE × IT energy)                                           consume nothing)
==================  =============================================  ==========  ================

Boundaries: E energy_only, P power_and_cooling, F full (:data:`BOUNDARY_LINES`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wattflop.constants import (
    HOURS_PER_JULIAN_YEAR,
    HOURS_PER_WEATHER_YEAR,
    J_PER_MMBTU,
    J_PER_MWH,
    W_PER_MW,
    YEAR_S,
)
from wattflop.deployment import TimeToPower, ground_schedule, time_to_power
from wattflop.economics import FLOP_PER_EFLOP, capital_recovery_factor
from wattflop.ground.inputs import GroundInputs
from wattflop.parameters import Value
from wattflop.scenario.common import Boundary

#: Cost lines of the ground site by boundary.
_ENERGY_LINES = {"gas_turbines", "batteries", "pv", "grid_connection", "smoothing_battery"}
#: The site lines (:func:`site_lines`), in the order they are reported.
SITE_LINES = ("network_fabric", "operations", "property_tax", "insurance", "land", "water")
#: Site lines that scale with what the boundary holds, so every boundary has them.
_SCALED_LINES = {"property_tax", "insurance", "land", "water"}
BOUNDARY_LINES: dict[Boundary, set[str]] = {
    Boundary.ENERGY_ONLY: _ENERGY_LINES | _SCALED_LINES,
    Boundary.POWER_AND_COOLING: _ENERGY_LINES | {"facility"} | _SCALED_LINES,
    Boundary.FULL: _ENERGY_LINES | {"facility", "accelerators"} | set(SITE_LINES),
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

    time_to_power: TimeToPower  #: the site's schedule and its two cost lines
    capex: dict[str, Value]  #: every line [USD]
    capex_in: dict[str, Value]  #: inside the cost boundary [USD]
    opex: dict[str, Value]  #: plant and replacements [USD/yr]; site lines: annual_by_line
    annual: Value  #: [USD/yr]
    annual_by_line: dict[str, Value]  #: [USD/yr]
    energy_annual: Value  #: the power plant and its energy only [USD/yr]
    availability: Value
    acc_hours: Value  #: accelerator-hours delivered per year
    flop: Value  #: delivered per year
    usd_eflop: Value
    lcoe: Value  #: [USD/MWh]
    usd_acc_h: Value
    usd_eflop_by_line: dict[str, Value]  #: sums to ``usd_eflop``


@dataclass(frozen=True)
class SiteLines:
    """Network fabric, operations, property tax, insurance, land and water, in a boundary."""

    capex: dict[str, Value]  #: every line, whatever the boundary [USD]
    capex_in: dict[str, Value]  #: inside the boundary [USD]
    opex: dict[str, Value]  #: inside the boundary [USD/yr]
    annual: dict[str, Value]  #: inside the boundary, annualised [USD/yr]


def site_lines(p: GroundInputs, q: PlanQuantities, capex_in: dict[str, Value]) -> SiteLines:
    """The site lines of a plant whose capex inside the boundary is ``capex_in`` [USD].

    Formulas are in the module's table. The tax and insurance base is ``capex_in`` plus the
    fabric (and, for tax, the land) inside the boundary, undepreciated, as in orbit.

    >>> from wattflop import load_scenario
    >>> from wattflop.ground.inputs import ground_inputs
    >>> p = ground_inputs(load_scenario("ground-1gw-memphis"))
    >>> q = PlanQuantities(accelerators=1000, it_w=1.667e6, it_mwh=1e4, gas_mw=0.0,
    ...     pv_mw=0.0, bat_mw=0.0, bat_mwh=0.0, grid_mw=0.0, energy_mwh={"gas": 0.0},
    ...     fuel_mmbtu=0.0, co2_t=0.0, smoothing_power_w=0.0, smoothing_energy_j=0.0,
    ...     grid_cost=0.0,
    ...     export_revenue=0.0, served=1.0)
    >>> out = site_lines(p, q, {"facility": 1e7})
    >>> out.capex["network_fabric"]  # 1,000 accelerators × 5,000 USD
    5000000.0
    >>> round(out.opex["insurance"])  # 0.3 %/yr of 10 + 5 MUSD
    45000
    >>> round(out.opex["water"])  # 1.8 L/kWh × 10 GWh × 2 USD/m³
    36000
    """
    f, g, pvc = p.facility, p.plant.gas_turbines, p.plant.pv
    econ = p.economics
    lines = BOUNDARY_LINES[econ.boundary]
    hall = "facility" in lines  # the data hall's own land and water count from here up
    fabric = q.accelerators * f.network_fabric_per_accelerator
    pv_land = pvc.land_per_power * q.pv_mw * W_PER_MW * f.land_price
    hall_land = f.land_per_it_power * q.it_w * f.land_price
    capex: dict[str, Value] = {"network_fabric": fabric, "land": pv_land + hall_land}
    inside: dict[str, Value] = {k: v for k, v in capex.items() if k in lines}
    if "land" in inside and not hall:
        inside["land"] = pv_land
    assets = sum(capex_in.values()) + inside.get("network_fabric", 0.0)
    water_m3 = g.water_per_energy * q.energy_mwh.get("gas", 0.0) * J_PER_MWH
    if hall:
        water_m3 = water_m3 + f.water_per_it_energy * q.it_mwh * J_PER_MWH
    opex: dict[str, Value] = {
        "operations": f.om_fraction * YEAR_S * f.capex * q.it_w,
        "property_tax": econ.property_tax_rate * YEAR_S * (assets + inside.get("land", 0.0)),
        "insurance": econ.property_insurance_rate * YEAR_S * assets,
        "water": water_m3 * f.water_price,
    }
    opex = {k: v for k, v in opex.items() if k in lines}
    annual: dict[str, Value] = {
        # the fabric lives and is replaced with the accelerators it connects
        "network_fabric": fabric
        * capital_recovery_factor(econ.discount_rate, f.accelerator_life / YEAR_S),
        # land keeps its value: its real cost is the return it forgoes
        "land": inside.get("land", 0.0) * econ.discount_rate,
        **opex,
    }
    return SiteLines(
        capex=capex,
        capex_in=inside,
        opex=opex,
        annual={k: annual[k] for k in SITE_LINES if k in lines},
    )


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
    plant_lines = _ENERGY_LINES
    energy_annual = energy_opex + sum(capex[k] * crf[k] for k in plant_lines)
    annual_by_line.update(opex)

    # -- site lines (issue #12 item 6): network fabric, operations (O&M and staff), property
    # tax, insurance, land, water, each inside its boundaries (BOUNDARY_LINES) -------------
    site = site_lines(p, q, capex_in)
    capex.update(site.capex)
    capex_in.update(site.capex_in)
    annual_by_line.update(site.annual)
    annual = annual + sum(site.annual.values())
    # ---------------------------------------------------------------------------------------

    # -- time to power (issue #12 item 9), last: late compute is charged on every line ------
    e_load = q.energy_mwh.get("load", q.it_mwh)
    schedule = ground_schedule(
        p.deployment,
        rate=r,
        capital_lines=capex_in.keys(),
        accelerators=q.accelerators,
        load_mw=e_load / HOURS_PER_WEATHER_YEAR,
        gas_mw=q.gas_mw,
        gas_availability=g.availability,
        grid_mw=q.grid_mw,
        pv_mw=q.energy_mwh.get("pv", 0.0) / HOURS_PER_WEATHER_YEAR,
    )
    ttp = time_to_power(schedule, annual_by_line)
    annual_by_line.update(ttp.lines())
    annual = annual + ttp.idle_capital + ttp.late_compute
    down = acc.failure_rate * f.repair_time + acc.interruption_rate * acc.interruption_recovery_time
    availability_fail = 1.0 - np.minimum(down / YEAR_S, 1.0)
    availability = availability_fail * q.served
    acc_hours = q.accelerators * HOURS_PER_JULIAN_YEAR * availability
    flop = acc_hours * 3600.0 * acc.peak_flops * p.workload.utilisation
    return PlantMoney(
        time_to_power=ttp,
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
        usd_eflop_by_line={k: v / (flop / FLOP_PER_EFLOP) for k, v in annual_by_line.items()},
    )

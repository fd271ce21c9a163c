"""Fleet, launches and money of a sized satellite design, as array algebra.

:func:`fleet_money` takes the typed inputs (:class:`~wattflop.orbit.inputs.OrbitInputs`) and
the sized satellite (:class:`~wattflop.orbit.satellite.SatelliteSizing`) and returns a
:class:`FleetMoney`, every value broadcast over the samples: the deterministic run is the
one-row case, a Monte Carlo the N-row case of the same code.

Cost lines and their twins on the ground
----------------------------------------
Like for like: each line of the orbital site is named beside its counterpart in
:mod:`wattflop.ground.money`; where one side has none, the table says why. Boundaries:
L launch_only, E energy_only, P power_and_cooling, F full (:data:`BOUNDARY_LINES`).

======================  =======  ==========================  =======  =========================
orbit line              in       ground twin                 in       note
======================  =======  ==========================  =======  =========================
solar_array, battery,   E P F    gas_turbines, batteries,    E P F    the power plant
power_electronics                pv, grid_connection,
                                 smoothing_battery
(none: sunlight free)            fuel, grid_energy, co2,     E P F    energy bought
                                 gas_om, pv_om, battery_om,
                                 export_revenue
radiator, bus           P F      facility                    P F      what houses and cools
accelerators (with     F        accelerators,               F        same price both sides;
cold spares)                     accelerator_replacement              spares ↔ replacements
links                   F        network_fabric              F        scale-out between racks
                                                                      or satellites; a 100 kW
                                                                      satellite is ~one NVL72
                                                                      rack, whose NVLink domain
                                                                      is in the system price
launch                  L E P F  (none)                      –        getting to the site; the
                                                                      ground's construction is
                                                                      inside its capex
launch_failures         E P F    (none)                      –        builders' risk during
                                                                      construction is small and
                                                                      inside property insurance
insurance (in orbit +   E P F    insurance (property)        E P F    a rate on the capex
launch premium)                                                       inside the boundary
(none)                  –        property_tax                E P F    no recurring property tax
                                                                      is levied on satellites in
                                                                      orbit (assumption)
operations              F        operations (facility O&M    F        running the site
                                 and staff)
development (NRE)       P F      (none: design fees are in   –        a new satellite is a new
                                 the facility's USD/W build           product; a data centre is
                                 cost, plant engineering in           a repeat design priced per
                                 the plant capex)                     W
ground_segment          F        (none: the campus's fibre   –        a few M USD for a 1 GW
                                 connection is not priced)            campus, < 0.1 % of its cost
(none: orbital slots    –        land                        E P F    ITU/FCC filing fees are
and spectrum)                                                         small; shells are unpriced
(none: closed-loop      –        water                       E P F    radiators consume nothing
radiators)
======================  =======  ==========================  =======  =========================

Insurance, launch failures and the launch premium are rates on what the boundary holds (the
hardware and launch inside it), so each boundary carries the risk of its own assets; launch
failures are not in launch_only, which stays the launch price alone as publications count it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from wattflop.constants import HOURS_PER_JULIAN_YEAR, J_PER_MWH, YEAR_S
from wattflop.deployment import TimeToPower, orbit_schedule, time_to_power
from wattflop.economics import FLOP_PER_EFLOP, capital_recovery_factor
from wattflop.orbit.inputs import OrbitInputs
from wattflop.orbit.satellite import SatelliteSizing
from wattflop.parameters import FloatArray, Value, as_array
from wattflop.scenario import Boundary, LaunchPricing

#: The power system's lines (the LCOE to the chips counts these, whatever the boundary). A
#: top-down ``platform`` cannot be split: it counts as power system in every boundary.
POWER_LINES = {"solar_array", "battery", "power_electronics", "platform"}
#: The program lines (:func:`program_lines`), in the order they are reported.
PROGRAM_LINES = ("insurance", "launch_failures", "development", "ground_segment")
#: Per cost boundary: the hardware lines, the mass groups whose launch counts, and the
#: program lines (:data:`PROGRAM_LINES`) that count.
BOUNDARY_LINES: dict[Boundary, tuple[set[str], set[str], set[str]]] = {
    Boundary.LAUNCH_ONLY: (set(), {"*"}, set()),
    Boundary.ENERGY_ONLY: (POWER_LINES, POWER_LINES, {"insurance", "launch_failures"}),
    # the bus (structure, propulsion) and the shield are the satellite's building: they stand
    # with the ground site's building, cooling and electrical fit-out in this boundary; its
    # development (NRE) stands with the design fees inside the ground's facility capex
    Boundary.POWER_AND_COOLING: (
        POWER_LINES | {"radiator", "bus", "shielding"},
        POWER_LINES | {"radiator", "bus", "shielding"},
        {"insurance", "launch_failures", "development"},
    ),
    Boundary.FULL: ({"*"}, {"*"}, set(PROGRAM_LINES)),
}

#: Satellite parts → the cost line their launch is charged to.
MASS_GROUP = {
    "compute": "accelerators",
    "solar_array": "solar_array",
    "battery": "battery",
    "power_electronics": "power_electronics",
    "radiator": "radiator",
    "links": "links",
    "shielding": "shielding",
    "structure": "bus",
    "propellant": "bus",
    "platform": "platform",
}


@dataclass(frozen=True)
class FleetMoney:
    """The fleet, its launches and its money; one value per sample. SI and USD.

    ``per_launch`` is 0 and the costs NaN where a satellite does not fit the vehicle.
    """

    n_sat: FloatArray  #: satellites in the fleet
    fleet_mass: FloatArray  #: [kg]
    price_kg: FloatArray  #: launch price [USD/kg]
    per_launch: FloatArray  #: satellites per launch
    binding: NDArray[np.str_]  #: "mass" or "volume": what limits a launch
    billable_kg: FloatArray  #: billed launch mass per satellite [kg]
    volume_m3: FloatArray  #: stowed volume per satellite [m³]
    launches: FloatArray
    launch_cost: FloatArray  #: [USD]
    hw_all: dict[str, FloatArray]  #: hardware capex of the fleet by line, every line [USD]
    launch_share: dict[str, FloatArray]  #: launch cost by the line its mass belongs to [USD]
    capex: dict[str, FloatArray]  #: capex inside the cost boundary, by line [USD]
    opex: FloatArray  #: [USD/yr]
    annual: FloatArray  #: annualised cost inside the boundary [USD/yr]
    energy_mwh: FloatArray  #: delivered to the chips per year [MWh]
    availability: FloatArray
    served: FloatArray  #: share of compute demand the power system serves
    acc_hours: FloatArray  #: accelerator-hours delivered per year
    flop: FloatArray  #: delivered per year [FLOP]
    lcoe: FloatArray  #: power system only, to the chips [USD/MWh]
    usd_per_mwh_in_boundary: FloatArray
    usd_acc_h: FloatArray  #: [USD per accelerator-hour]
    usd_eflop: FloatArray  #: [USD/EFLOP]
    usd_eflop_by_line: dict[str, FloatArray]
    annual_by_line: dict[str, FloatArray]  #: [USD/yr]
    #: the satellite's own price per W of IT: everything but the accelerators, before launch
    satellite_usd_per_w: FloatArray
    satellite_kg_per_w: FloatArray  #: the satellite at launch per W of IT [kg/W]
    #: one-off program costs inside the boundary (development, expected launch failures, the
    #: launch premium) [USD]; ``capex`` holds the hardware and launch only
    program_capex: dict[str, FloatArray]
    reflown_launches: FloatArray  #: expected launches flown again after a failure
    reflown_satellites: FloatArray  #: expected satellites rebuilt after a launch failure
    #: the fleet's schedule and its two cost lines (None on the launch-only boundary)
    time_to_power: TimeToPower | None


@dataclass(frozen=True)
class ProgramLines:
    """Insurance, launch failures, development (NRE) and ground segment, inside a boundary."""

    capex: dict[str, FloatArray]  #: one-off costs [USD]
    annual: dict[str, FloatArray]  #: annualised [USD/yr]
    reflown_launches: FloatArray  #: expected, whoever pays for them
    reflown_satellites: FloatArray


def program_lines(
    p: OrbitInputs,
    capex_in: dict[str, FloatArray],
    launches: Value,
    n_sat: Value,
    crf: Value,
) -> ProgramLines:
    """The program lines of a fleet whose capex inside the boundary is ``capex_in`` (hardware
    and launch [USD]); ``crf`` annualises one-off costs over a satellite life.

    - ``insurance``: in-orbit rate × insured value per year, plus the launch-plus-one-year
      premium (rate × insured value, once per satellite) on the insured share of launch risk;
      the insured value is ``capex_in``, undepreciated.
    - ``launch_failures``: a launch fails with probability p; the lost satellites are rebuilt
      and re-flown until they arrive, p/(1−p) more of everything in ``capex_in`` (expected),
      on the self-insured share of the risk.
    - ``development``: the program's one-off NRE, annualised over one satellite life.
    - ``ground_segment``: per satellite per year.

    >>> from wattflop import load_scenario
    >>> from wattflop.orbit.inputs import orbit_inputs
    >>> p = orbit_inputs(load_scenario("orbit-1gw-dawn-dusk-650km"))
    >>> out = program_lines(p, {"launch": 1e9, "bus": 3e9}, 100, 1000, 0.25)
    >>> round(float(out.annual["insurance"]) / 1e6, 3)  # 1 %/yr of 4 BUSD
    40.0
    >>> round(float(out.capex["launch_failures"]) / 1e6, 3)  # 4 BUSD × 0.03/0.97
    123.711
    >>> float(out.reflown_launches)  # 100 launches × 0.03/0.97
    3.0927835051546393
    """
    econ = p.economics
    lines = BOUNDARY_LINES[econ.boundary][2]
    insured = as_array(sum(capex_in.values()))
    fail = p.launch.failure_probability
    reflights = fail / (1.0 - fail)  # expected extra flights per payload delivered
    covered = econ.launch_insured_fraction
    one_off: dict[str, Value] = {
        "insurance": covered * econ.launch_insurance_rate * insured,
        "launch_failures": (1.0 - covered) * reflights * insured,
        "development": econ.development_cost,
    }
    yearly: dict[str, Value] = {
        "insurance": econ.in_orbit_insurance_rate * YEAR_S * insured,
        "ground_segment": econ.ground_segment_per_satellite_year * YEAR_S * n_sat,
    }
    shape = np.broadcast(crf, *one_off.values(), *yearly.values()).shape
    capex = {k: as_array(np.broadcast_to(v, shape)) for k, v in one_off.items() if k in lines}
    annual = {
        k: as_array(np.broadcast_to(one_off.get(k, 0.0) * crf + yearly.get(k, 0.0), shape))
        for k in PROGRAM_LINES
        if k in lines
    }
    return ProgramLines(
        capex=capex,
        annual=annual,
        reflown_launches=as_array(launches * reflights),
        reflown_satellites=as_array(n_sat * reflights),
    )


def fleet_money(p: OrbitInputs, d: SatelliteSizing, served: Value) -> FleetMoney:
    """Fleet, launches and money of a sized satellite design, as array algebra.

    ``served`` is the share of compute demand the power system serves
    (:func:`wattflop.orbit.site.served_fraction`). Every output broadcasts over the samples.
    """
    acc, veh, sat = p.accelerator, p.vehicle, p.satellite
    it_w = d.it_power_w
    # the fleet delivers the workload's compute: satellites that stop in eclipse (throttle),
    # fail or reboot are made up by more satellites (the ground plant serves its load whole)
    kept = d.failure_availability * (1.0 - d.upset_downtime) * (1.0 - d.interruption_downtime)
    availability = served * kept
    with np.errstate(divide="ignore", invalid="ignore"):
        n_sat = np.ceil(p.workload.it_power / (it_w * availability) - 1e-9)
    m_sat = d.total_mass_kg
    fleet_mass = n_sat * m_sat
    price_kg = p.launch.price_per_kg if p.launch.price_per_kg is not None else veh.price_per_kg
    volume = m_sat / sat.stowed_density
    by_mass = np.floor(veh.payload_to_leo / m_sat + 1e-9)
    by_volume = np.floor(veh.fairing_volume / volume + 1e-9)
    per_launch = np.minimum(by_mass, by_volume)
    fits = per_launch >= 1
    launches = np.ceil(n_sat / np.where(fits, per_launch, np.nan))
    if p.launch.pricing is LaunchPricing.PER_KG:
        # pay per kg, but a satellite that fills the fairing before the payload mass pays for
        # the share of the vehicle its volume takes
        billable = np.maximum(m_sat, volume * veh.payload_to_leo / veh.fairing_volume)
        launch_cost = n_sat * billable * price_kg
    else:
        billable = m_sat
        launch_cost = launches * veh.payload_to_leo * price_kg
    launch_cost = np.where(fits, launch_cost, np.nan)

    # hardware capex of the whole fleet, by line [USD]; a cold spare is priced at the part a
    # permanent failure replaces
    mass = d.mass_kg
    hw_one: dict[str, Value]
    accelerators = d.accelerators * acc.system_price + d.spares * acc.part_price
    if sat.top_down is not None:
        hw_one = {
            "accelerators": accelerators,
            "platform": sat.top_down.specific_cost * d.it_power_w,
        }
    else:
        hw_one = {
            "accelerators": accelerators,
            "solar_array": d.array_bol_w * p.cell.price_per_watt,
            "battery": d.battery_capacity_j * p.battery_tech.price_per_kwh,
            "power_electronics": d.pmad_rating_w * sat.pmad_price_per_watt,
            "radiator": d.radiator_area_m2 * sat.radiator.price_per_m2,
            "links": sat.isl_terminals * sat.isl_terminal_price,
            "bus": mass["structure"] * sat.bus_price_per_kg,
            "shielding": mass["shielding"] * sat.shielding.price_per_kg,
        }
    platform_one = sum(v for k, v in hw_one.items() if k != "accelerators")
    hw = {k: as_array(v * n_sat) for k, v in hw_one.items()}
    launch_share: dict[str, FloatArray] = {}
    for part, kg in mass.items():
        line = MASS_GROUP[part]
        launch_share[line] = as_array(launch_share.get(line, 0.0) + launch_cost * kg / m_sat)

    econ = p.economics
    hw_in, launch_in, _ = BOUNDARY_LINES[econ.boundary]
    capex = {k: v for k, v in hw.items() if "*" in hw_in or k in hw_in}
    capex["launch"] = as_array(
        sum(v for k, v in launch_share.items() if "*" in launch_in or k in launch_in)
    )
    crf = capital_recovery_factor(econ.discount_rate, d.life_years)
    opex = (
        econ.operations_per_satellite_year * YEAR_S * n_sat
        if econ.boundary is Boundary.FULL
        else 0.0 * n_sat
    )
    annual_by_line = {k: as_array(v * crf) for k, v in capex.items()}
    annual = opex + sum(annual_by_line.values())
    if econ.boundary is Boundary.FULL:
        annual_by_line["operations"] = as_array(opex)

    # -- program lines (issue #12 item 6): insurance, launch failures, development (NRE),
    # ground segment, each inside its boundaries (BOUNDARY_LINES[...][2]) -----------------
    program = program_lines(p, capex, launches, n_sat, crf)
    annual_by_line.update(program.annual)
    annual = annual + sum(program.annual.values())

    # -- time to power (issue #12 item 9), last: late compute is charged on every line ------
    ttp = None
    if econ.boundary is not Boundary.LAUNCH_ONLY:
        schedule = orbit_schedule(
            p.deployment,
            rate=econ.discount_rate,
            capital_lines=capex.keys(),
            n_sat=n_sat,
            per_launch=per_launch,
            accelerators_per_satellite=d.accelerators + d.spares,
        )
        ttp = time_to_power(schedule, annual_by_line)
        annual_by_line.update(ttp.lines())
        annual = annual + ttp.idle_capital + ttp.late_compute
    # ---------------------------------------------------------------------------------------

    # delivered energy and compute: mean of the first and last year of life, per Julian year
    it_j = served * d.mean_draw * it_w * YEAR_S
    energy_mwh = n_sat * it_j / J_PER_MWH * kept
    acc_hours = n_sat * d.accelerators * HOURS_PER_JULIAN_YEAR * availability
    flop = acc_hours * 3600.0 * acc.peak_flops * p.workload.utilisation

    # LCOE to the chips counts the power system only (array, battery, power electronics and
    # their launch), whatever the boundary, so that it compares with a ground LCOE
    power_lines = POWER_LINES & hw.keys()
    energy_capex = sum(hw[k] for k in power_lines) + sum(
        launch_share.get(k, 0.0) for k in power_lines
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        eflop = flop / FLOP_PER_EFLOP
        return FleetMoney(
            n_sat=as_array(n_sat),
            fleet_mass=as_array(fleet_mass),
            price_kg=as_array(price_kg),
            per_launch=as_array(per_launch),
            binding=np.asarray(np.where(by_mass <= by_volume, "mass", "volume"), dtype=np.str_),
            billable_kg=as_array(billable),
            volume_m3=as_array(volume),
            launches=as_array(launches),
            launch_cost=as_array(launch_cost),
            hw_all=hw,
            launch_share=launch_share,
            capex=capex,
            opex=as_array(opex),
            annual=as_array(annual),
            energy_mwh=as_array(energy_mwh),
            availability=as_array(availability),
            served=as_array(served),
            acc_hours=as_array(acc_hours),
            flop=as_array(flop),
            lcoe=as_array(energy_capex * crf / energy_mwh),
            usd_per_mwh_in_boundary=as_array(annual / energy_mwh),
            usd_acc_h=as_array(annual / acc_hours),
            usd_eflop=as_array(annual / eflop),
            usd_eflop_by_line={k: as_array(v / eflop) for k, v in annual_by_line.items()},
            annual_by_line=annual_by_line,
            satellite_usd_per_w=as_array(platform_one / it_w),
            satellite_kg_per_w=as_array(m_sat / it_w),
            program_capex=program.capex,
            time_to_power=ttp,
            reflown_launches=program.reflown_launches,
            reflown_satellites=program.reflown_satellites,
        )

"""Orchestrates an orbital run: geometry → satellite design → fleet → launches → money."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from typing import Any

import numpy as np
import xarray as xr

from wattflop import catalog
from wattflop.constants import HOURS_PER_YEAR, RHO_ALUMINIUM_KG_M3, YEAR_S
from wattflop.economics import FLOP_PER_EFLOP, capital_recovery_factor
from wattflop.errors import InfeasibleError
from wattflop.orbit import radiation, thermal
from wattflop.orbit.geometry import YearGeometry, year_geometry
from wattflop.orbit.satellite import SatelliteDesign, array_year, design_satellite
from wattflop.result import SiteResult
from wattflop.scenario import Boundary, EclipseStrategy, LaunchPricing, OrbitScenario

J_PER_MWH = 3.6e9

#: Hardware lines and the mass groups whose launch counts, per cost boundary.
BOUNDARY_LINES: dict[Boundary, tuple[set[str], set[str]]] = {
    Boundary.LAUNCH_ONLY: (set(), {"*"}),
    Boundary.ENERGY_ONLY: (
        {"solar_array", "battery", "power_electronics"},
        {"solar_array", "battery", "power_electronics"},
    ),
    # the bus (structure, shielding) is the satellite's building: it stands with the ground
    # site's building, cooling and electrical fit-out in this boundary
    Boundary.POWER_AND_COOLING: (
        {"solar_array", "battery", "power_electronics", "radiator", "bus"},
        {"solar_array", "battery", "power_electronics", "radiator", "bus"},
    ),
    Boundary.FULL: ({"*"}, {"*"}),
}


def geometry_for(sc: OrbitScenario) -> YearGeometry:
    """The year of geometry of a scenario's orbit."""
    o = sc.orbit
    return year_geometry(
        altitude_m=o.altitude,
        inclination_rad=None if o.sun_synchronous else o.inclination,
        ltan_h=o.ltan if o.sun_synchronous else None,
        raan_rad=o.raan,
        epoch=np.datetime64(o.epoch.replace(tzinfo=None), "ns"),
        step_s=o.time_step,
        conical=o.shadow.value == "conical",
    )


#: Satellite parts → the cost line their launch is charged to.
MASS_GROUP = {
    "compute": "accelerators",
    "solar_array": "solar_array",
    "battery": "battery",
    "power_electronics": "power_electronics",
    "radiator": "radiator",
    "links": "links",
    "shielding": "bus",
    "structure": "bus",
    "propellant": "bus",
}


def served_fraction(d: SatelliteDesign) -> float:
    """Share of the compute demand the simulated first and last years of life serve [-]."""
    return 0.5 * (d.first_year.it_j + d.last_year.it_j) / d.first_year.it_demand_j


def fleet_money(p: Any, d: Mapping[str, Any], served: Any) -> dict[str, Any]:
    """Fleet, launches and money of a sized satellite design, as array algebra.

    ``p`` is the scenario or a :class:`~wattflop.orbit.params.ParamView` of it with sampled
    arrays; ``d`` the design quantities (:func:`~wattflop.orbit.satellite.size_satellite`'s
    output or a :class:`SatelliteDesign`'s fields); ``served`` the share of compute demand
    the power system serves (:func:`served_fraction`). Every output broadcasts over the
    samples; samples whose satellite does not fit the vehicle carry ``per_launch`` 0 and NaN
    costs.
    """
    acc, veh, sat = p.accelerator, p.vehicle, p.satellite
    it_w = d["it_power_w"]
    n_sat = np.ceil(p.workload.it_power / it_w - 1e-9)
    m_sat = d["total_mass_kg"]
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

    # hardware capex of the whole fleet, by line [USD]
    hw = {
        "accelerators": (d["accelerators"] + d["spares"]) * acc.system_price,
        "solar_array": d["array_bol_w"] * p.cell.price_per_watt,
        "battery": d["battery_capacity_j"] / 3.6e6 * p.battery_tech.price_per_kwh * 3.6e6,
        "power_electronics": d["pmad_rating_w"] * sat.pmad_price_per_watt,
        "radiator": d["radiator_area_m2"] * sat.radiator.price_per_m2,
        "links": sat.isl_terminals * sat.isl_terminal_price,
        "bus": (d["mass_kg"]["structure"] + d["mass_kg"]["shielding"]) * sat.bus_price_per_kg,
    }
    hw = {k: v * n_sat for k, v in hw.items()}
    launch_share: dict[str, Any] = {}
    for part, kg in d["mass_kg"].items():
        line = MASS_GROUP[part]
        launch_share[line] = launch_share.get(line, 0.0) + launch_cost * kg / m_sat

    econ = p.economics
    hw_in, launch_in = BOUNDARY_LINES[econ.boundary]
    capex = {k: v for k, v in hw.items() if "*" in hw_in or k in hw_in}
    capex["launch"] = sum(v for k, v in launch_share.items() if "*" in launch_in or k in launch_in)
    crf = capital_recovery_factor(econ.discount_rate, d["life_years"])
    opex = (
        econ.operations_per_satellite_year * YEAR_S * n_sat
        if econ.boundary is Boundary.FULL
        else 0.0 * n_sat
    )
    annual_by_line = {k: v * crf for k, v in capex.items()}
    annual = opex + sum(annual_by_line.values())
    if econ.boundary is Boundary.FULL:
        annual_by_line["operations"] = opex

    # delivered energy and compute: mean of the first and last year of life, per Julian year
    kept = d["failure_availability"] * (1.0 - d["upset_downtime"])
    availability = served * kept
    it_j = served * it_w * YEAR_S
    energy_mwh = n_sat * it_j / J_PER_MWH * kept
    acc_hours = n_sat * d["accelerators"] * HOURS_PER_YEAR * availability
    flop = acc_hours * 3600.0 * acc.peak_flops * p.workload.utilisation

    # LCOE to the chips counts the power system only (array, battery, power electronics and
    # their launch), whatever the boundary, so that it compares with a ground LCOE
    power_lines = BOUNDARY_LINES[Boundary.ENERGY_ONLY][0]
    energy_capex = sum(hw[k] for k in power_lines) + sum(
        launch_share.get(k, 0.0) for k in power_lines
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        eflop = flop / FLOP_PER_EFLOP
        return {
            "n_sat": n_sat,
            "fleet_mass": fleet_mass,
            "price_kg": price_kg,
            "per_launch": per_launch,
            "binding": np.where(by_mass <= by_volume, "mass", "volume"),
            "billable_kg": billable,
            "volume_m3": volume,
            "launches": launches,
            "launch_cost": launch_cost,
            "hw_all": hw,
            "launch_share": launch_share,
            "capex": capex,
            "opex": opex,
            "annual": annual,
            "energy_mwh": energy_mwh,
            "availability": availability,
            "served": served,
            "acc_hours": acc_hours,
            "flop": flop,
            "lcoe": energy_capex * crf / energy_mwh,
            "usd_per_mwh_in_boundary": annual / energy_mwh,
            "usd_acc_h": annual / acc_hours,
            "usd_eflop": annual / eflop,
            "usd_eflop_by_line": {k: v / eflop for k, v in annual_by_line.items()},
            "annual_by_line": annual_by_line,
        }


def _design_fields(d: SatelliteDesign) -> dict[str, Any]:
    return {f.name: getattr(d, f.name) for f in fields(d)} | {"total_mass_kg": d.total_mass_kg}


def _fleet_and_money(sc: OrbitScenario, d: SatelliteDesign) -> dict[str, Any]:
    """:func:`fleet_money` for one design, with plain numbers, errors and notes."""
    m = fleet_money(sc, _design_fields(d), served_fraction(d))
    veh = sc.vehicle
    m_sat, volume = d.total_mass_kg, float(m["volume_m3"])
    if float(m["per_launch"]) < 1:
        limit = "payload mass" if str(m["binding"]) == "mass" else "fairing volume"
        raise InfeasibleError(
            f"one satellite ({m_sat:,.0f} kg, {volume:,.0f} m³ stowed) exceeds the {limit} of "
            f"{sc.launch.vehicle} ({veh.payload_to_leo:,.0f} kg, {veh.fairing_volume:,.0f} m³): "
            "reduce satellite.it_power or choose a larger vehicle"
        )
    if float(m["availability"]) <= 0.0:
        raise InfeasibleError(
            "the fleet delivers no compute (availability 0): check the accelerator's "
            "upset_rate_per_dose and failure_rate, and the eclipse strategy"
        )
    out: dict[str, Any] = {}
    for k, v in m.items():
        if isinstance(v, dict):
            out[k] = {kk: float(vv) for kk, vv in v.items()}
        elif k == "binding":
            out[k] = str(v)
        elif k in ("n_sat", "per_launch", "launches"):
            out[k] = int(v)
        else:
            out[k] = float(v)
    notes: list[str] = []
    if sc.launch.pricing is LaunchPricing.PER_KG and out["billable_kg"] > m_sat * (1 + 1e-9):
        notes.append(
            f"launches are limited by fairing volume: each satellite is billed as "
            f"{out['billable_kg']:,.0f} kg (its share of the vehicle), not its {m_sat:,.0f} kg"
        )
    out["notes"] = notes
    return out


def _daily(g: YearGeometry, d: SatelliteDesign) -> xr.Dataset:
    per_day = round(86400.0 / g.step_s)
    n_days = g.n_steps // per_day
    cut = n_days * per_day
    day = g.time[:cut:per_day]
    beta = np.rad2deg(g.beta_rad[:cut]).reshape(n_days, per_day).mean(axis=1)
    sunlit = g.illumination[:cut].reshape(n_days, per_day).mean(axis=1)
    ecl_max = np.zeros(n_days)
    idx = np.floor(g.eclipse_start_s / 86400.0).astype(int)
    ok = idx < n_days
    np.maximum.at(ecl_max, idx[ok], g.eclipse_duration_s[ok])
    it = d.first_year.it_power_w[:cut].reshape(n_days, per_day).mean(axis=1)
    return xr.Dataset(
        {
            "beta_deg": (
                "time",
                beta,
                {"long_name": "solar beta angle (daily mean)", "units": "deg"},
            ),
            "sunlit_fraction": (
                "time",
                sunlit,
                {"long_name": "mean visible fraction of the solar disc", "units": "1"},
            ),
            "eclipse_max_s": (
                "time",
                ecl_max,
                {"long_name": "longest eclipse that day", "units": "s"},
            ),
            "it_power_w": (
                "time",
                it,
                {"long_name": "mean IT power delivered, one satellite, first year", "units": "W"},
            ),
        },
        coords={"time": day},
    )


def _detail(g: YearGeometry, d: SatelliteDesign, area: float) -> xr.Dataset:
    """Full-resolution power chain over the day of the longest eclipse (or the first day)."""
    if g.eclipse_duration_s.size:
        k = int(np.argmax(g.eclipse_duration_s))
        start = int(max(g.eclipse_start_s[k] / g.step_s - 0.5 * g.nodal_period_s / g.step_s, 0))
    else:
        start = 0
    n = min(int(3 * g.nodal_period_s / g.step_s), g.n_steps - start)
    sl = slice(start, start + n)
    S = 1361.0 * (1.495978707e11 / g.sun_distance_m[sl]) ** 2
    sunlight = S * g.illumination[sl] * d.sun_cos[sl] * area
    p_arr = d.first_year.it_power_w[sl]
    soc = d.first_year.soc_j[sl]
    return xr.Dataset(
        {
            "illumination": ("time", g.illumination[sl], {"units": "1"}),
            "sunlight_on_array_w": ("time", sunlight, {"units": "W"}),
            "it_power_w": ("time", p_arr, {"units": "W"}),
            "battery_energy_j": ("time", soc, {"units": "J"}),
        },
        coords={"time": g.time[sl]},
    )


def _strategy_summary(sc: OrbitScenario, d: SatelliteDesign, m: dict[str, Any]) -> dict[str, Any]:
    return {
        "satellite_kg": d.total_mass_kg,
        "battery_kg": d.mass_kg["battery"],
        "array_area_m2": d.array_area_m2,
        "availability": m["availability"],
        "capex_total_usd": float(sum(m["capex"].values())),
        "annual_cost_usd": m["annual"],
        "lcoe_usd_per_mwh": m["lcoe"],
        "usd_per_accelerator_hour": m["usd_acc_h"],
        "usd_per_eflop": m["usd_eflop"],
    }


def simulate_orbit(sc: OrbitScenario, geometry: YearGeometry | None = None) -> SiteResult:
    """Simulate an orbital compute site.

    Parameters
    ----------
    sc : OrbitScenario
        A validated scenario (see :func:`wattflop.load_scenario`).
    geometry : YearGeometry, optional
        Precomputed year of geometry for this orbit (reuse across designs on one orbit).
    """
    g = geometry if geometry is not None else geometry_for(sc)
    chosen = sc.satellite.eclipse_strategy
    other = (
        EclipseStrategy.THROTTLE if chosen is EclipseStrategy.BATTERY else EclipseStrategy.BATTERY
    )
    a = array_year(sc, g)  # stage A: shared by both strategies
    d = design_satellite(sc, g, chosen, a)
    m = _fleet_and_money(sc, d)
    alt = design_satellite(sc, g, other, a)
    m_alt = _fleet_and_money(sc, alt)
    acc = sc.accelerator
    n_sat = m["n_sat"]
    f1 = d.first_year
    it_w_fleet = n_sat * d.it_power_w
    values: dict[str, Any] = {
        "scenario": {
            "name": sc.name,
            "site": sc.site,
            "boundary": sc.economics.boundary.value,
            "eclipse_strategy": chosen.value,
            "accelerator": sc.workload.accelerator,
            "launch_vehicle": sc.launch.vehicle,
            "solar_cell": sc.satellite.array.cell,
        },
        "orbit": {
            "altitude_km": g.altitude_m / 1e3,
            "inclination_deg": float(np.rad2deg(g.inclination_rad)),
            "raan_at_epoch_deg": float(np.rad2deg(g.raan0_rad)),
            "period_s": g.period_s,
            "nodal_period_s": g.nodal_period_s,
            "sun_synchronous": sc.orbit.sun_synchronous,
            "ltan_h": sc.orbit.ltan,
        },
        "eclipse": {
            "sunlit_fraction": g.sunlit_fraction,
            "max_duration_s": g.max_eclipse_s,
            "max_sunlight_deficit_s": g.max_deficit_s,
            "days_with_eclipse": g.days_with_eclipse,
            "eclipses_per_year": g.eclipses_per_year,
            "beta_min_deg": float(np.rad2deg(g.beta_rad.min())),
            "beta_max_deg": float(np.rad2deg(g.beta_rad.max())),
            "shadow_model": sc.orbit.shadow.value,
            "time_step_s": g.step_s,
        },
        "power": {
            "array_area_m2": d.array_area_m2,
            "array_bol_w": d.array_bol_w,
            "array_required_eol_w": d.array_required_eol_w,
            "array_design_w_per_m2": d.array_design_w_per_m2,
            "array_temperature_c_median": float(np.nanmedian(d.array_temperature_k) - 273.15),
            "battery_capacity_wh": d.battery_capacity_j / 3600.0,
            "battery_depth_of_discharge": d.depth_of_discharge,
            "battery_cycles_over_life": d.battery_cycles,
            "it_w_per_satellite": d.it_power_w,
            "bus_w_per_satellite": d.bus_power_w,
            "energy_balance_j_per_satellite_year": {
                "sunlight_on_array": d.incident_sunlight_j,
                "array_electric": f1.array_available_j,
                "it": f1.it_j,
                "bus": f1.bus_j,
                "pmad_loss": f1.pmad_loss_j,
                "battery_charge_loss": f1.charge_loss_j,
                "battery_discharge_loss": f1.discharge_loss_j,
                "curtailed": f1.curtailed_j,
                "battery_stored_change": f1.battery_delta_j,
            },
            "conservation_residual": f1.conservation_residual,
            "it_served_fraction": m["served"],
        },
        "thermal": {
            "heat_w_per_satellite": d.heat_w,
            "radiator_temperature_c": d.radiator_temperature_k - 273.15,
            "radiator_area_m2": d.radiator_area_m2,
            "net_flux_w_per_m2": d.radiator_net_flux_w_m2,
            "earth_view_factors": d.radiator_view_factors,
            "absorbed_w_per_m2": d.radiator_absorbed_w_m2,
            "coolant_max_c": acc.max_coolant_temperature - 273.15,
            "coolant_delta_t_k": sc.satellite.radiator.coolant_delta_t,
            "radiator_max_c": acc.max_coolant_temperature
            - sc.satellite.radiator.coolant_delta_t
            - 273.15,
            "area_vs_temperature": _radiator_curve(sc, d),
        },
        "drag": {
            "frontal_area_m2": d.frontal_area_m2,
            "delta_v_m_s_per_year": d.drag_dv_m_s_per_year,
            "lifetime_without_propulsion_yr": d.lifetime_without_propulsion_s / YEAR_S,
            "disposal_delta_v_m_s": d.disposal_dv_m_s,
        },
        "radiation": {
            "dose_rad_si_per_year": d.dose_rate_gy_per_year * 100.0,
            "dose_limited_life_yr": d.dose_limited_life_years,
            "upset_downtime_fraction": d.upset_downtime,
            "shielding_mm": sc.satellite.shielding.thickness * 1e3,
            "shielding_trade": _shielding_trade(sc, d),
        },
        "reliability": {
            "policy": sc.satellite.spares_policy.value,
            "failure_rate_per_year": acc.failure_rate,
            "spares_per_satellite": d.spares,
            "failure_availability": d.failure_availability,
            "life_yr": d.life_years,
            "design_life_yr": sc.economics.satellite_life / YEAR_S,
            "spares_confidence": sc.satellite.spares_confidence,
        },
        "mass": {
            "satellite_kg": d.total_mass_kg,
            "by_part_kg": d.mass_kg,
            "fleet_kg": m["fleet_mass"],
            "closure_iterations": d.mass_iterations,
            "closure_residual": d.mass_residual,
        },
        "fleet": {
            "satellites": n_sat,
            "accelerators": n_sat * d.accelerators,
            "spare_accelerators": n_sat * d.spares,
            "it_power_w": it_w_fleet,
            "launches": m["launches"],
            "satellites_per_launch": m["per_launch"],
            "launch_limit": m["binding"],
        },
        "specific_power_w_per_kg": d.it_power_w / d.total_mass_kg,
        "energy": {
            "delivered_to_it_mwh_per_year": m["energy_mwh"],
            "availability": m["availability"],
        },
        "cost": {
            "boundary": sc.economics.boundary.value,
            "capex_usd": m["capex"],
            "capex_all_lines_usd": {**m["hw_all"], "launch": m["launch_cost"]},
            "launch_price_usd_per_kg": m["price_kg"],
            "opex_usd_per_year": m["opex"],
            "annual_cost_usd": m["annual"],
            "discount_rate": sc.economics.discount_rate,
            "lcoe_usd_per_mwh": m["lcoe"],
            "usd_per_mwh_in_boundary": m["usd_per_mwh_in_boundary"],
            "usd_per_accelerator_hour": m["usd_acc_h"],
            "usd_per_eflop": m["usd_eflop"],
            "usd_per_eflop_by_line": m["usd_eflop_by_line"],
            "annual_cost_by_line_usd": m["annual_by_line"],
            "delivered_eflop_per_year": m["flop"] / 1e18,
        },
        "eclipse_strategies": {
            chosen.value: _strategy_summary(sc, d, m),
            other.value: _strategy_summary(sc, alt, m_alt),
        },
        "notes": [*d.notes, *m["notes"], *_applicability_notes(sc, g)],
    }
    sources = {
        "accelerator": {
            sc.workload.accelerator: _sources("accelerators", sc.workload.accelerator, sc)
        },
        "launch_vehicle": {sc.launch.vehicle: _sources("launch_vehicles", sc.launch.vehicle, sc)},
        "solar_cell": {
            sc.satellite.array.cell: _sources("solar_cells", sc.satellite.array.cell, sc)
        },
        "battery": {
            sc.satellite.battery.technology: _sources(
                "batteries", sc.satellite.battery.technology, sc
            )
        },
    }
    return SiteResult(
        values=values, daily=_daily(g, d), detail=_detail(g, d, d.array_area_m2), sources=sources
    )


def _applicability_notes(sc: OrbitScenario, g: YearGeometry) -> list[str]:
    """Where a model is used outside the data behind it."""
    notes = []
    inc = float(np.rad2deg(g.inclination_rad))
    if not 90.0 <= inc <= 105.0:
        notes.append(
            f"the radiation table is for sun-synchronous orbits (i ≈ 97–100°); at {inc:.0f}° the "
            "dose is an approximation"
        )
    if g.altitude_m > 1000e3 and sc.satellite.shielding.thickness > 10e-3:
        notes.append(
            "above 1,000 km trapped protons dominate and dose falls more slowly with shielding "
            "than the fitted power law: the dose is optimistic"
        )
    return notes


def _shielding_trade(sc: OrbitScenario, d: SatelliteDesign) -> dict[str, list[float]]:
    """Dose, dose-limited life and shield mass per satellite against shield thickness."""
    t = np.array([1, 2, 3, 5, 7, 10, 15, 20, 30], dtype=float) * 1e-3
    dose = radiation.dose_rate_gy_per_year(sc.orbit.altitude, t)
    area = sc.satellite.shielding.area_per_power * d.it_power_w
    return {
        "thickness_mm": (t * 1e3).tolist(),
        "dose_rad_si_per_year": (dose * 100.0).tolist(),
        "dose_limited_life_yr": (sc.accelerator.total_dose_tolerance / dose).tolist(),
        "shield_kg_per_satellite": radiation.shielding_mass_kg(
            area, t, RHO_ALUMINIUM_KG_M3
        ).tolist(),
    }


def _radiator_curve(sc: OrbitScenario, d: SatelliteDesign) -> dict[str, list[float]]:
    """Radiator area for the same heat over a range of radiator temperatures."""
    rad = sc.satellite.radiator
    temps = np.arange(250.0, 420.0, 5.0)
    q = thermal.radiator_net_flux_w_m2(
        temps,
        emissivity=rad.emissivity,
        n_sides=rad.n_sides,
        absorbed_w_m2=d.radiator_absorbed_w_m2,
    )
    area = np.where(q > 0, d.heat_w / np.where(q > 0, q, 1.0), np.nan)
    return {
        "temperature_c": (temps - 273.15).tolist(),
        "area_m2": [float(a) if np.isfinite(a) else None for a in area],
    }


def _sources(kind: str, name: str, sc: OrbitScenario) -> dict[str, Any]:
    if name in getattr(sc.catalog, kind):
        return {"*": {"source": "defined in the scenario", "date": ""}}
    return catalog.sources(kind, name)

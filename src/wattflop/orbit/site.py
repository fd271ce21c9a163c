"""Orchestrates an orbital run: geometry → satellite design → fleet → launches → money."""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import fields, replace
from typing import Any, TypeVar

import numpy as np
import xarray as xr

from wattflop import catalog
from wattflop.budget import DEFAULT_MAX_MEMORY, Budget, Estimate, check, format_bytes
from wattflop.constants import AU_M, RHO_ALUMINIUM_KG_M3, SOLAR_CONSTANT_W_M2, YEAR_S
from wattflop.deployment import schedule_values
from wattflop.errors import InfeasibleError
from wattflop.orbit import radiation, thermal
from wattflop.orbit.geometry import YearGeometry, year_geometry
from wattflop.orbit.inputs import OrbitInputs, OrbitPath, YearInputs, orbit_inputs, year_inputs
from wattflop.orbit.money import FleetMoney, fleet_money
from wattflop.orbit.satellite import ArrayYear, SatelliteDesign, array_year, design_satellite
from wattflop.parameters import FloatArray
from wattflop.result import SiteResult
from wattflop.scenario import EclipseStrategy, LaunchPricing, OrbitScenario

# The orbit year's budget (:mod:`wattflop.budget`): ``wattflop run`` of the headline
# scenario (orbit-1gw-dawn-dusk-650km) at time steps of 60, 30, 15, 10, 5, 2 and 1 s
# (525,600 to 31,536,000 steps) on this project's 2-core CI machine, 2026-12-03: peak RSS
# (``/usr/bin/time -f %M``) 406 MB at 60 s, 996 MB at 10 s, 3.7 GB at 2 s, 7.1 GB at 1 s,
# i.e. 210–222 B more per step; wall time 9.9 s at 60 s, 41 s at 2 s, 68 s at 1 s, i.e.
# 1.9–2.1 µs more per step. Rounded up to err high.
#: Peak memory of an orbital run per step of its year (the geometry, the array's year, the
#: first and last year of both eclipse strategies' designs), B.
YEAR_BYTES_PER_STEP = 256.0
#: Wall time of an orbital run per step of its year, s.
YEAR_SECONDS_PER_STEP = 2.5e-6
#: Days an orbital run simulates (:func:`~wattflop.orbit.geometry.year_geometry`).
YEAR_DAYS = 365.0


def year_estimate(step_s: float) -> Estimate:
    """Memory and time of an orbital run whose year is taken at ``step_s`` steps.

    >>> year_estimate(60.0).memory / 2**20  # 525,600 steps
    128.3203125
    """
    n = round(YEAR_DAYS * 86400.0 / step_s)
    fits = math.ceil(YEAR_DAYS * 86400.0 * YEAR_BYTES_PER_STEP / DEFAULT_MAX_MEMORY)
    return Estimate(
        f"a year of {n:,} orbit steps (orbit.time_step {step_s:g} s)",
        memory=n * YEAR_BYTES_PER_STEP,
        seconds=n * YEAR_SECONDS_PER_STEP,
        shrink=f"a coarser orbit.time_step ({fits} s or more fits "
        f"{format_bytes(DEFAULT_MAX_MEMORY)})",
    )


def orbit_geometry(o: OrbitPath, budget: Budget | None = None) -> YearGeometry:
    """The year of geometry of an orbit section, once its run fits ``budget``.

    Every orbital run computes its year here, so this is where its size is checked
    (:func:`year_estimate`). ``None`` is the default budget as the web server and commands
    without ``--max-memory`` / ``--yes`` have it: a refusal names the coarser time step, and
    ``wattflop run``, which takes the options.

    Raises
    ------
    BudgetError
        When the year would not fit the budget.
    """
    est = year_estimate(o.time_step)
    if budget is None:
        budget = Budget(adjustable=False)
        est = replace(est, shrink=f"{est.shrink}; `wattflop run` takes --max-memory")
    check(est, budget)
    return _YEARS.get(
        ("geometry", o),
        lambda: year_geometry(
            altitude_m=o.altitude,
            inclination_rad=None if o.sun_synchronous else o.inclination,
            ltan_h=o.ltan if o.sun_synchronous else None,
            raan_rad=o.raan,
            epoch=np.datetime64(o.epoch.replace(tzinfo=None), "ns"),
            step_s=o.time_step,
            conical=o.shadow.value == "conical",
        ),
    )


def array_year_of(y: YearInputs, g: YearGeometry) -> ArrayYear:
    """:func:`~wattflop.orbit.satellite.array_year` of ``y`` on ``g``, the year of geometry of
    ``y.orbit`` (as :func:`orbit_geometry` gives it), kept for reuse like that year."""
    return _YEARS.get(("array", y), lambda: array_year(y, g))


_T = TypeVar("_T", YearGeometry, ArrayYear)


class _Years:
    """Years of geometry and of the array, kept in this process for the next run on the same
    orbit and array: a study re-runs one orbit dozens of times while only prices move
    (break-even, learning, claims, reproduce), and each year costs ~0.1 s to compute.

    Keyed by the frozen inputs that alone determine the year (:class:`OrbitPath`,
    :class:`YearInputs`); least recently used first out beyond :data:`YEARS_CACHE_BYTES`;
    a year larger than a quarter of that is not kept (a 1-s step year is gigabytes). Kept
    arrays are read-only, so no caller can change what the next one reads. Thread-safe (a
    year may be computed twice by two threads at once; both are the same).
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._held: OrderedDict[tuple[str, object], tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, object], compute: Callable[[], _T]) -> _T:
        with self._lock:
            hit = self._held.get(key)
            if hit is not None:
                self._held.move_to_end(key)
                held: _T = hit[0]
                return held
        value = compute()
        size = _freeze(value)
        if size > self.max_bytes // 4:
            return value
        with self._lock:
            self._held[key] = (value, size)
            total = sum(n for _, n in self._held.values())
            while total > self.max_bytes and len(self._held) > 1:
                _, (_, n) = self._held.popitem(last=False)
                total -= n
        return value

    def clear(self) -> None:
        with self._lock:
            self._held.clear()


def _freeze(value: YearGeometry | ArrayYear) -> int:
    """Make a year's arrays read-only; their size [B]."""
    size = 0
    for f in fields(value):
        v = getattr(value, f.name)
        if isinstance(v, np.ndarray):
            v.flags.writeable = False
            size += v.nbytes
    return size


#: Bytes of years kept in this process (:class:`_Years`): a year at 60-s steps is ~60 MB of
#: geometry and ~25 MB of array year.
YEARS_CACHE_BYTES = 512 * 2**20
_YEARS = _Years(YEARS_CACHE_BYTES)


def geometry_for(sc: OrbitScenario, budget: Budget | None = None) -> YearGeometry:
    """The year of geometry of a scenario's orbit (checked against ``budget``, see
    :func:`orbit_geometry`)."""
    return orbit_geometry(year_inputs(sc).orbit, budget)


def design_for(
    sc: OrbitScenario,
    g: YearGeometry | None = None,
    strategy: EclipseStrategy | None = None,
) -> SatelliteDesign:
    """One satellite of a scenario, designed on its year (``g``: reuse a computed one); a
    ``least_cost`` strategy is resolved to the cheaper design."""
    y = year_inputs(sc)
    a = array_year(y, g) if g is not None else array_year_of(y, geometry_for(sc))
    g = g if g is not None else geometry_for(sc)
    p = orbit_inputs(sc)
    strategy = strategy or sc.satellite.eclipse_strategy
    if strategy is EclipseStrategy.LEAST_COST:
        return _designs(p, g, a, strategy)[0]
    return design_satellite(p, g, a, strategy)


_PURE = (EclipseStrategy.BATTERY, EclipseStrategy.THROTTLE)


def _designs(
    p: OrbitInputs, g: YearGeometry, a: ArrayYear, chosen: EclipseStrategy
) -> tuple[SatelliteDesign, FleetMoney, list[str], SatelliteDesign | None, FleetMoney | None]:
    """The chosen design with its money and notes, and the other strategy's design and money
    (None where it cannot close). ``least_cost`` takes the design with the lower cost per
    delivered EFLOP."""
    built: dict[EclipseStrategy, tuple[SatelliteDesign, FleetMoney, list[str]]] = {}
    errors: dict[EclipseStrategy, InfeasibleError] = {}
    for s in _PURE:
        try:
            d = design_satellite(p, g, a, s)
            m, notes = _fleet_and_money(p, d)
            built[s] = (d, m, notes)
        except InfeasibleError as exc:
            errors[s] = exc
    if chosen is EclipseStrategy.LEAST_COST:
        if not built:
            raise errors[EclipseStrategy.BATTERY]
        chosen = min(built, key=lambda s: float(built[s][1].usd_eflop))
    if chosen not in built:
        raise errors[chosen]
    d, m, notes = built[chosen]
    other = next(s for s in _PURE if s is not chosen)
    alt = built.get(other)
    return d, m, notes, alt[0] if alt else None, alt[1] if alt else None


def least_cost_strategy(p: OrbitInputs, g: YearGeometry, a: ArrayYear) -> EclipseStrategy:
    """The eclipse strategy (battery or throttle) with the lower cost per delivered EFLOP."""
    return _designs(p, g, a, EclipseStrategy.LEAST_COST)[0].strategy


def served_fraction(d: SatelliteDesign) -> float:
    """Share of the compute demand the simulated first and last years of life serve [-]."""
    return 0.5 * (d.first_year.it_j + d.last_year.it_j) / d.first_year.it_demand_j


def _fleet_and_money(p: OrbitInputs, d: SatelliteDesign) -> tuple[FleetMoney, list[str]]:
    """:func:`fleet_money` of one design, with its errors and notes."""
    m = fleet_money(p, d.sizing, served_fraction(d))
    veh = p.vehicle
    m_sat, volume = d.total_mass_kg, float(m.volume_m3)
    if float(m.per_launch) < 1:
        limit = "payload mass" if str(m.binding) == "mass" else "fairing volume"
        raise InfeasibleError(
            f"one satellite ({m_sat:,.0f} kg, {volume:,.0f} m³ stowed) exceeds the {limit} of "
            f"{p.launch.vehicle} ({float(veh.payload_to_leo):,.0f} kg, "
            f"{float(veh.fairing_volume):,.0f} m³): "
            "reduce satellite.it_power or choose a larger vehicle"
        )
    if float(m.availability) <= 0.0:
        raise InfeasibleError(
            "the fleet delivers no compute (availability 0): check the accelerator's "
            "upset_rate_per_dose and failure_rate, and the eclipse strategy"
        )
    notes: list[str] = []
    if m.time_to_power is not None:
        s = m.time_to_power.schedule
        build = float(s.months_to_full_power) - float(s.months_to_first_power)
        life_months = float(d.life_years) * 12.0
        if build > life_months:
            notes.append(
                f"the fleet takes {build:.0f} months to fly (deployment.production_rate and "
                f"launch_cadence), longer than a satellite's {life_months:.0f}-month life: the "
                "line cannot keep the whole fleet in orbit at once; cost per EFLOP still counts "
                "every satellite, and time to power prices the wait"
            )
    billable = float(m.billable_kg)
    if p.launch.pricing is LaunchPricing.PER_KG and billable > m_sat * (1 + 1e-9):
        notes.append(
            f"launches are limited by fairing volume: each satellite is billed as "
            f"{billable:,.0f} kg (its share of the vehicle), not its {m_sat:,.0f} kg"
        )
    return m, notes


def _total(lines: dict[str, FloatArray]) -> float:
    return float(sum(float(v) for v in lines.values()))


def _lines(lines: dict[str, FloatArray]) -> dict[str, float]:
    return {k: float(v) for k, v in lines.items()}


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
    S = SOLAR_CONSTANT_W_M2 * (AU_M / g.sun_distance_m[sl]) ** 2
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


def _strategy_summary(d: SatelliteDesign, m: FleetMoney) -> dict[str, float]:
    return {
        "satellite_kg": d.total_mass_kg,
        # a top-down satellite has no parts list: its battery is inside the platform mass
        "battery_kg": d.mass_kg.get("battery", 0.0),
        "array_area_m2": d.array_area_m2,
        "availability": float(m.availability),
        "capex_total_usd": _total(m.capex),
        "annual_cost_usd": float(m.annual),
        "lcoe_usd_per_mwh": float(m.lcoe),
        "usd_per_accelerator_hour": float(m.usd_acc_h),
        "usd_per_eflop": float(m.usd_eflop),
    }


def simulate_orbit(
    sc: OrbitScenario, geometry: YearGeometry | None = None, budget: Budget | None = None
) -> SiteResult:
    """Simulate an orbital compute site.

    Parameters
    ----------
    sc : OrbitScenario
        A validated scenario (see :func:`wattflop.load_scenario`).
    geometry : YearGeometry, optional
        Precomputed year of geometry for this orbit (reuse across designs on one orbit).
    budget : Budget, optional
        What the year may take (:func:`orbit_geometry`); not checked with ``geometry``.

    Raises
    ------
    BudgetError
        When the year would not fit the budget.
    """
    y = year_inputs(sc)
    if geometry is not None:
        g, a = geometry, array_year(y, geometry)
    else:  # the years of this orbit and array, computed once per process (_Years)
        g = geometry_for(sc, budget)
        a = array_year_of(y, g)  # stage A: shared by both strategies
    p = orbit_inputs(sc)
    d, m, money_notes, alt, m_alt = _designs(p, g, a, sc.satellite.eclipse_strategy)
    chosen = d.strategy
    other = next(s for s in _PURE if s is not chosen)
    acc = sc.accelerator
    n_sat = int(m.n_sat)
    f1 = d.first_year
    it_w_fleet = n_sat * d.it_power_w
    values: dict[str, Any] = {
        "scenario": {
            "name": sc.name,
            "title": sc.title,
            "site": sc.site,
            "boundary": sc.economics.boundary.value,
            "eclipse_strategy": chosen.value,
            "eclipse_strategy_asked": sc.satellite.eclipse_strategy.value,
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
            "it_served_fraction": float(m.served),
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
            "interruption_rate_per_year": acc.interruption_rate,
            "interruption_downtime_fraction": d.interruption_downtime,
            "spares_per_satellite": d.spares,
            "failure_availability": d.failure_availability,
            "life_yr": d.life_years,
            "design_life_yr": sc.economics.satellite_life / YEAR_S,
            "spares_confidence": sc.satellite.spares_confidence,
        },
        "mass": {
            "satellite_kg": d.total_mass_kg,
            "by_part_kg": d.mass_kg,
            "fleet_kg": float(m.fleet_mass),
            "closure_iterations": d.mass_iterations,
            "closure_residual": d.mass_residual,
        },
        "fleet": {
            "satellites": n_sat,
            "accelerators": n_sat * d.accelerators,
            "spare_accelerators": n_sat * d.spares,
            "it_power_w": it_w_fleet,
            "launches": int(m.launches),
            "satellites_per_launch": int(m.per_launch),
            "launch_limit": str(m.binding),
            # expected, after launch failures (launch.failure_probability)
            "reflown_launches": float(m.reflown_launches),
            "reflown_satellites": float(m.reflown_satellites),
        },
        "specific_power_w_per_kg": d.it_power_w / d.total_mass_kg,
        "satellite": {
            "mode": "top_down" if sc.satellite.top_down is not None else "bottom_up",
            "kg_per_kw": float(m.satellite_kg_per_w) * 1e3,
            "usd_per_w": float(m.satellite_usd_per_w),
            "usd_per_w_with_accelerators": float(m.satellite_usd_per_w)
            + float(m.hw_all["accelerators"]) / float(m.n_sat) / d.it_power_w,
            "compute_kg_per_kw": d.mass_kg["compute"] / d.it_power_w * 1e3,
        },
        "energy": {
            "delivered_to_it_mwh_per_year": float(m.energy_mwh),
            "availability": float(m.availability),
        },
        "deployment": schedule_values(m.time_to_power),
        "cost": {
            "boundary": sc.economics.boundary.value,
            "capex_usd": _lines(m.capex),
            "capex_all_lines_usd": {**_lines(m.hw_all), "launch": float(m.launch_cost)},
            "program_one_off_usd": _lines(m.program_capex),
            "launch_price_usd_per_kg": float(m.price_kg),
            "opex_usd_per_year": float(m.opex),
            "annual_cost_usd": float(m.annual),
            "discount_rate": sc.economics.discount_rate,
            "lcoe_usd_per_mwh": float(m.lcoe),
            "usd_per_mwh_in_boundary": float(m.usd_per_mwh_in_boundary),
            "usd_per_accelerator_hour": float(m.usd_acc_h),
            "usd_per_eflop": float(m.usd_eflop),
            "usd_per_eflop_by_line": _lines(m.usd_eflop_by_line),
            "annual_cost_by_line_usd": _lines(m.annual_by_line),
            "delivered_eflop_per_year": float(m.flop) / 1e18,
        },
        "eclipse_strategies": {
            chosen.value: _strategy_summary(d, m),
            **({other.value: _strategy_summary(alt, m_alt)} if alt and m_alt else {}),
        },
        "notes": [*d.notes, *money_notes, *_applicability_notes(sc, g)],
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
    area = d.shield_area_m2
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

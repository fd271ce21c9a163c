"""One compute satellite designed on a year of geometry: power, thermal, battery, radiation,
drag and mass closure.

The design is sized so that it closes at end of life in the worst conditions the year holds
(aphelion, longest eclipse, hottest cells), then simulated step by step over the first and
the last year of its life.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from scipy.stats import poisson

from wattflop.constants import MU_EARTH_M3_S2, R_EARTH_M, RHO_ALUMINIUM_KG_M3, YEAR_S
from wattflop.errors import InfeasibleError
from wattflop.orbit import drag, power, radiation, thermal
from wattflop.orbit.geometry import YearGeometry
from wattflop.orbit.viewfactor import earth_view_factor, earth_view_factor_two_sided
from wattflop.scenario import EclipseStrategy, OrbitScenario, Pointing, SparesPolicy

FloatArray = NDArray[np.float64]

#: Mass-closure tolerance (relative change of satellite mass between iterations) [-].
MASS_TOLERANCE = 1e-10
#: Below this worst-case cosine of incidence the array would be sized 20× up: refuse.
MIN_DESIGN_SUN_COS = 0.05


@dataclass(frozen=True)
class SatelliteDesign:
    """A closed satellite design and its simulated year. SI units throughout."""

    strategy: EclipseStrategy
    accelerators: int  #: running accelerators per satellite
    spares: int  #: cold spare accelerators per satellite
    it_power_w: float
    bus_power_w: float  #: avionics + link terminals
    sun_cos: FloatArray  #: cosine of incidence on the array per step
    array_temperature_k: FloatArray  #: per sunlit step (NaN in umbra)
    array_area_m2: float
    array_bol_w: float  #: electrical output at 1 au, normal incidence, operating temperature, BOL
    array_design_w_per_m2: float  #: worst sunlit output per m² at BOL used for sizing
    array_required_eol_w: float
    pmad_rating_w: float  #: power electronics rating (array peak output) [W]
    disposal_dv_m_s: float  #: end-of-life deorbit Δv [m/s]
    battery_capacity_j: float
    depth_of_discharge: float
    battery_cycles: float
    heat_w: float
    radiator_temperature_k: float
    radiator_net_flux_w_m2: float
    radiator_area_m2: float
    radiator_view_factors: tuple[float, float]
    radiator_absorbed_w_m2: float
    dose_rate_gy_per_year: float
    life_years: float  #: min(design life, dose-limited life)
    dose_limited_life_years: float
    upset_downtime: float
    failure_availability: float
    frontal_area_m2: float
    drag_dv_m_s_per_year: float
    lifetime_without_propulsion_s: float
    mass_kg: dict[str, float]
    mass_iterations: int
    mass_residual: float
    first_year: power.EnergyFlows
    last_year: power.EnergyFlows
    incident_sunlight_j: float  #: on the array over the first year
    notes: list[str] = field(default_factory=list)

    @property
    def total_mass_kg(self) -> float:
        return float(sum(self.mass_kg.values()))


def cold_spares(n: int, failure_rate: float, life_years: float, confidence: float) -> int:
    """Unpowered spares per satellite so that the running count stays at ``n`` through the
    life with probability ``confidence`` [-].

    Running units fail at λ; a dormant spare is taken not to fail (assumption), so failures
    over the life are Poisson with mean n·λ·L and the spares are its ``confidence`` quantile.
    """
    mean = n * failure_rate * life_years
    return int(poisson.ppf(confidence, mean)) if mean > 0 else 0


def failure_availability(n: int, spares: int, failure_rate: float, life_years: float) -> float:
    """Mean fraction of the ``n`` running accelerators at work over the life, with ``spares``
    dormant spares and no repair [-].

    Failures K(t) ~ Poisson(n·λ·t) while n run; once the spares are gone each failure takes a
    unit out: shortfall E[max(K(t) − s, 0)], averaged over the life (the slower failure rate
    of a shrunken fleet is neglected, which is conservative). ``spares = 0`` gives
    1 − λL/2 to first order, the linear-decay mean.
    """
    if failure_rate * life_years <= 0:
        return 1.0
    t = np.linspace(0.0, life_years, 201)
    mu = n * failure_rate * t
    k = np.arange(spares + 1)
    # E[max(K − s, 0)] = μ − s + Σ_{k ≤ s} (s − k)·P(K = k)
    pk = poisson.pmf(k[None, :], mu[:, None])
    short = mu - spares + np.sum((spares - k)[None, :] * pk, axis=1)
    frac = np.clip(1.0 - short / n, 0.0, 1.0)
    return float(np.trapezoid(frac, t) / life_years)


def deorbit_delta_v_m_s(altitude_m: float, perigee_altitude_m: float) -> float:
    """Δv to lower the perigee of a circular orbit for re-entry (one burn) [m s⁻¹].

    Δv = v_c·(1 − √(2·r_p/(r + r_p))) (Vallado 2013, Hohmann first burn).
    """
    r = R_EARTH_M + altitude_m
    rp = R_EARTH_M + min(perigee_altitude_m, altitude_m)
    v = math.sqrt(MU_EARTH_M3_S2 / r)
    return v * (1.0 - math.sqrt(2.0 * rp / (r + rp)))


def _array_geometry(
    sc: OrbitScenario, g: YearGeometry
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """cos incidence, cos(angle between array normal and velocity), back-side tilt from nadir."""
    if sc.satellite.array.pointing is Pointing.SUN_TRACKING:
        n_hat = g.s_hat
    else:  # along the orbit normal, on the Sun's side
        h = np.cross(g.r_hat, g.v_hat, axis=0)
        n_hat = h * np.sign(np.sum(h * g.s_hat, axis=0))
    sun_cos = np.clip(np.sum(n_hat * g.s_hat, axis=0), 0.0, 1.0)
    vel_cos = np.abs(np.sum(n_hat * g.v_hat, axis=0))
    # back face normal is −n̂; its angle from nadir (−r̂) has cos = n̂·r̂
    back_tilt = np.arccos(np.clip(np.sum(n_hat * g.r_hat, axis=0), -1.0, 1.0))
    return sun_cos, vel_cos, back_tilt


#: Drag areas are year means; sampling the year every 10 minutes changes them by < 1e-3.
DRAG_SAMPLE_S = 600.0
#: Tilt grid of the tabulated Earth view factor (max interpolation error ~1e-6).
_VF_GRID = np.linspace(0.0, np.pi, 4097)


def _radiator_velocity_cos(sc: OrbitScenario, g: YearGeometry) -> FloatArray:
    """|n̂_r·v̂| for a radiator edge-on to the Sun, its normal at ``tilt`` from nadir,
    sampled every :data:`DRAG_SAMPLE_S`."""
    k = max(1, round(DRAG_SAMPLE_S / g.step_s))
    s_hat, r_hat, v_hat = g.s_hat[:, ::k], g.r_hat[:, ::k], g.v_hat[:, ::k]
    nadir = -r_hat
    d = nadir - np.sum(nadir * s_hat, axis=0) * s_hat
    d /= np.maximum(np.linalg.norm(d, axis=0), 1e-12)
    t = np.cross(s_hat, d, axis=0)
    tilt = sc.satellite.radiator.tilt
    n_r = math.cos(tilt) * d + math.sin(tilt) * t
    return np.asarray(np.abs(np.sum(n_r * v_hat, axis=0)), dtype=float)


def _earth_view_factor_fast(altitude_m: float, tilt_rad: FloatArray) -> FloatArray:
    """:func:`earth_view_factor` tabulated on :data:`_VF_GRID` and interpolated (the year has
    ~5×10⁵ steps; the function of tilt alone is smooth)."""
    table = earth_view_factor(altitude_m, _VF_GRID)
    return np.asarray(np.interp(tilt_rad, _VF_GRID, table), dtype=float)


def design_satellite(
    sc: OrbitScenario, g: YearGeometry, strategy: EclipseStrategy | None = None
) -> SatelliteDesign:
    """Size one satellite of the scenario on the year geometry ``g``.

    Raises
    ------
    InfeasibleError
        When the design cannot close (radiator too hot for the coolant, radiator or array that
        absorbs more than it emits, mass that does not converge).
    """
    strategy = strategy or sc.satellite.eclipse_strategy
    sat, acc, cell, batt = sc.satellite, sc.accelerator, sc.cell, sc.battery_tech
    notes: list[str] = []
    design_life = sc.economics.satellite_life / YEAR_S

    # -- compute and radiation ----------------------------------------------------------
    n_acc = max(1, round(sat.it_power / acc.system_power))
    it_w = n_acc * acc.system_power
    if abs(it_w - sat.it_power) > 0.1 * sat.it_power:
        notes.append(
            f"satellite.it_power {sat.it_power / 1e3:,.1f} kW holds {n_acc} whole "
            f"{sc.workload.accelerator} at {acc.system_power / 1e3:,.2f} kW each: "
            f"{it_w / 1e3:,.1f} kW per satellite"
        )
    dose = float(radiation.dose_rate_gy_per_year(g.altitude_m, sat.shielding.thickness))
    dose_life = float(radiation.dose_limited_life_years(acc.total_dose_tolerance, dose))
    life = min(design_life, dose_life)
    if dose_life < design_life:
        notes.append(
            f"total dose limits life to {dose_life:.1f} yr (< design {design_life:.1f} yr): "
            f"{dose * 100:.0f} rad(Si)/yr behind {sat.shielding.thickness * 1e3:.0f} mm Al against "
            f"{acc.total_dose_tolerance * 100:.0f} rad(Si) tolerance; "
            "thicker shielding trades mass for life"
        )
    upset = float(
        radiation.upset_downtime_fraction(acc.upset_rate_per_dose, dose, acc.upset_recovery_time)
    )
    lam = acc.failure_rate
    if sat.spares_policy is SparesPolicy.COLD_SPARES:
        spares = cold_spares(n_acc, lam, life, sat.spares_confidence)
    else:
        spares = 0
    fail_avail = failure_availability(n_acc, spares, lam, life)
    bus_w = sat.bus_power_fraction * it_w + sat.isl_terminals * sat.isl_terminal_power

    # -- array ------------------------------------------------------------------------------
    sun_cos, vel_cos, back_tilt = _array_geometry(sc, g)
    S = 1361.0 * (1.495978707e11 / g.sun_distance_m) ** 2
    lit = g.illumination > 0.0
    Fb = _earth_view_factor_fast(g.altitude_m, back_tilt)
    T_arr = np.full(g.n_steps, np.nan)
    T_arr[lit] = thermal.array_temperature_k(
        solar_flux_w_m2=S[lit] * g.illumination[lit],
        sun_cos=sun_cos[lit],
        solar_absorptance=cell.solar_absorptance,
        emissivity_front=cell.emissivity_front,
        emissivity_back=cell.emissivity_back,
        packing_factor=sat.array.packing_factor,
        efficiency_ref=cell.efficiency,
        temperature_coefficient_per_k=cell.temperature_coefficient,
        reference_temperature_k=cell.reference_temperature,
        back_view_factor=Fb[lit],
    )
    eta = np.zeros(g.n_steps)
    eta[lit] = thermal.cell_efficiency(
        T_arr[lit], cell.efficiency, cell.temperature_coefficient, cell.reference_temperature
    )
    e_per_m2 = power.array_power_w(
        solar_flux_w_m2=S,
        illumination=g.illumination,
        sun_cos=sun_cos,
        area_m2=1.0,
        packing_factor=sat.array.packing_factor,
        efficiency=eta,
    )
    full_sun = g.illumination >= 1.0
    if not np.any(full_sun):
        raise InfeasibleError("the orbit never sees the full Sun")
    worst_cos = float(np.min(sun_cos[full_sun]))
    if worst_cos < MIN_DESIGN_SUN_COS:
        raise InfeasibleError(
            f"with {sc.satellite.array.pointing.value} pointing the Sun falls to "
            f"{np.degrees(np.arccos(worst_cos)):.0f}° from the array normal at some time of the "
            f"year (|β| down to {np.degrees(np.arcsin(worst_cos)):.1f}° for orbit_normal), so the "
            "array would have to be sized for almost no output: use pointing: sun_tracking"
        )
    e_design = float(np.min(e_per_m2[full_sun]))
    deg_eol = float(power.degradation_factor(life, cell.degradation_per_year))
    # battery: compute runs through eclipse; throttle: only the bus does
    eclipse_load = it_w + bus_w if strategy is EclipseStrategy.BATTERY else bus_w
    t_e = g.max_deficit_s  # sunlight lost in the worst passage, as seconds of full shadow
    p_req = power.required_array_power_w(
        sunlit_load_w=it_w + bus_w,
        eclipse_load_w=eclipse_load,
        eclipse_s=t_e,
        period_s=g.nodal_period_s,
        pmad_efficiency=sat.pmad_efficiency,
        charge_efficiency=batt.charge_efficiency,
        discharge_efficiency=batt.discharge_efficiency,
    ) * (1.0 + sat.array.margin)
    area = p_req / (e_design * deg_eol)
    T_rated = float(np.nanmedian(T_arr[full_sun]))
    eta_rated = float(
        thermal.cell_efficiency(
            T_rated, cell.efficiency, cell.temperature_coefficient, cell.reference_temperature
        )
    )
    array_bol = area * 1361.0 * sat.array.packing_factor * eta_rated

    # -- battery ---------------------------------------------------------------------------
    cycles = g.eclipses_per_year * life
    dod = power.battery_depth_of_discharge(
        cycles,
        batt.cycle_life_full_dod,
        batt.cycle_life_exponent,
        sat.battery.max_depth_of_discharge,
    )
    capacity = (
        eclipse_load * t_e * (1.0 + sat.array.margin) / (batt.discharge_efficiency * dod)
        if t_e > 0
        else 0.0
    )

    # -- thermal ---------------------------------------------------------------------------
    rad = sat.radiator
    coolant_max = acc.max_coolant_temperature
    if rad.temperature + rad.coolant_delta_t > coolant_max:
        raise InfeasibleError(
            f"radiator at {rad.temperature - 273.15:.0f} °C needs coolant at "
            f"{rad.temperature + rad.coolant_delta_t - 273.15:.0f} °C (loop ΔT "
            f"{rad.coolant_delta_t:.0f} K), but {sc.workload.accelerator} accepts coolant up to "
            f"{coolant_max - 273.15:.0f} °C: lower satellite.radiator.temperature to "
            f"≤ {coolant_max - rad.coolant_delta_t - 273.15:.0f} °C"
        )
    f1, f2 = (float(x) for x in earth_view_factor_two_sided(g.altitude_m, rad.tilt))
    f_sum = f1 + (f2 if rad.n_sides == 2 else 0.0)
    absorbed = thermal.radiator_absorbed_w_m2(
        solar_absorptance=rad.solar_absorptance,
        ir_absorptance=rad.emissivity,
        solar_flux_w_m2=float(S.max()),
        sun_cos=rad.sun_incidence_cos,
        earth_view_factor=f_sum,
    )
    q_net = float(
        thermal.radiator_net_flux_w_m2(
            rad.temperature, emissivity=rad.emissivity, n_sides=rad.n_sides, absorbed_w_m2=absorbed
        )
    )
    p_bol_peak = float(np.max(e_per_m2)) * area
    pmad_rating = max(p_bol_peak, p_req)  # the converters must take the array's peak
    heat = it_w + bus_w + min(p_bol_peak, p_req) * (1.0 - sat.pmad_efficiency)
    rad_area = float(thermal.radiator_area_m2(heat, q_net))

    # -- drag ------------------------------------------------------------------------------
    rad_vel = _radiator_velocity_cos(sc, g)
    k = max(1, round(DRAG_SAMPLE_S / g.step_s))
    frontal = float(
        area * np.mean(vel_cos[::k]) + rad_area * np.mean(rad_vel) + sat.propulsion.bus_frontal_area
    )

    # -- mass closure ----------------------------------------------------------------------
    fixed = {
        "compute": (n_acc + spares) * acc.system_mass,
        "solar_array": (
            array_bol / sat.array.specific_power
            if sat.array.specific_power is not None
            else area * cell.areal_density
        ),
        "radiator": rad_area * rad.areal_density,
        "battery": capacity / batt.specific_energy,
        "power_electronics": sat.pmad_specific_mass * pmad_rating,
        "shielding": float(
            radiation.shielding_mass_kg(
                sat.shielding.area_per_power * it_w, sat.shielding.thickness, RHO_ALUMINIUM_KG_M3
            )
        ),
        "links": sat.isl_terminals * sat.isl_terminal_mass,
    }
    base = sum(fixed.values())
    dv_disposal = (
        deorbit_delta_v_m_s(g.altitude_m, sat.propulsion.disposal_perigee)
        if sat.propulsion.deorbit
        else 0.0
    )
    f_struct = sat.structure_fraction
    activity = sc.orbit.solar_activity.value
    prop = 0.0
    total = base / (1.0 - f_struct)
    residual = math.inf
    iterations = 0
    for iterations in range(1, 101):  # noqa: B007 - reported after the loop
        dv_year = float(
            drag.drag_delta_v_per_year_m_s(
                g.altitude_m, frontal, total, sat.propulsion.drag_coefficient, activity
            )
        )
        dry = base / (1.0 - f_struct)
        prop = float(drag.propellant_mass_kg(dry, dv_year * life + dv_disposal, sat.propulsion.isp))
        new_total = dry + prop
        residual = abs(new_total - total) / new_total
        total = new_total
        if residual < MASS_TOLERANCE:
            break
        if prop > 10 * dry:
            raise InfeasibleError(
                f"drag at {g.altitude_m / 1e3:.0f} km needs {dv_year:.0f} m/s per year; propellant "
                "exceeds ten times the dry mass: raise the orbit"
            )
    else:
        raise InfeasibleError(f"satellite mass did not converge (residual {residual:.2e})")
    mass = dict(fixed)
    mass["structure"] = f_struct * dry
    mass["propellant"] = prop
    life_no_prop = float(
        drag.lifetime_without_propulsion_s(
            g.altitude_m, frontal, total, sat.propulsion.drag_coefficient, activity
        )
    )

    # -- the simulated years ------------------------------------------------------------------
    years = np.arange(g.n_steps) * g.step_s / YEAR_S
    p_unit = e_per_m2 * area
    flows = []
    for start in (0.0, max(life - 1.0, 0.0)):
        p = p_unit * power.degradation_factor(start + years, cell.degradation_per_year)
        flows.append(
            power.energy_flows(
                p,
                step_s=g.step_s,
                it_power_w=it_w,
                bus_power_w=bus_w,
                pmad_efficiency=sat.pmad_efficiency,
                battery_capacity_j=capacity,
                depth_of_discharge=dod,
                charge_efficiency=batt.charge_efficiency,
                discharge_efficiency=batt.discharge_efficiency,
                it_in_eclipse=strategy is EclipseStrategy.BATTERY,
            )
        )
    incident = float(np.sum(S * g.illumination * sun_cos) * area * g.step_s)
    return SatelliteDesign(
        strategy=strategy,
        accelerators=n_acc,
        spares=spares,
        it_power_w=it_w,
        bus_power_w=bus_w,
        sun_cos=sun_cos,
        array_temperature_k=T_arr,
        array_area_m2=area,
        array_bol_w=array_bol,
        array_design_w_per_m2=e_design,
        pmad_rating_w=pmad_rating,
        disposal_dv_m_s=dv_disposal,
        array_required_eol_w=p_req,
        battery_capacity_j=capacity,
        depth_of_discharge=dod,
        battery_cycles=cycles,
        heat_w=heat,
        radiator_temperature_k=rad.temperature,
        radiator_net_flux_w_m2=q_net,
        radiator_area_m2=rad_area,
        radiator_view_factors=(f1, f2),
        radiator_absorbed_w_m2=float(absorbed),
        dose_rate_gy_per_year=dose,
        life_years=life,
        dose_limited_life_years=dose_life,
        upset_downtime=upset,
        failure_availability=fail_avail,
        frontal_area_m2=frontal,
        drag_dv_m_s_per_year=dv_year,
        lifetime_without_propulsion_s=life_no_prop,
        mass_kg=mass,
        mass_iterations=iterations,
        mass_residual=residual,
        first_year=flows[0],
        last_year=flows[1],
        incident_sunlight_j=incident,
        notes=notes,
    )

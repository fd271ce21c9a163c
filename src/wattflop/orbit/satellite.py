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
from numpy.typing import ArrayLike, NDArray
from scipy.special import gammainc

from wattflop.constants import (
    AU_M,
    MU_EARTH_M3_S2,
    R_EARTH_M,
    RHO_ALUMINIUM_KG_M3,
    SOLAR_CONSTANT_W_M2,
    YEAR_S,
)
from wattflop.errors import InfeasibleError
from wattflop.ground.swings import mean_draw_fraction
from wattflop.jit import numba
from wattflop.orbit import drag, power, radiation, thermal
from wattflop.orbit.geometry import YearGeometry
from wattflop.orbit.inputs import OrbitInputs, YearInputs
from wattflop.orbit.viewfactor import earth_view_factor, earth_view_factor_two_sided
from wattflop.parameters import as_array
from wattflop.scenario import EclipseStrategy, Pointing, SparesPolicy

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

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
    mean_draw: float  #: the workload's mean draw / IT power [-]
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
    interruption_downtime: float  #: transient interruptions, share of time [-]
    failure_availability: float
    shield_area_m2: float
    frontal_area_m2: float
    drag_dv_m_s_per_year: float
    lifetime_without_propulsion_s: float
    mass_kg: dict[str, float]
    mass_iterations: int
    mass_residual: float
    first_year: power.EnergyFlows
    last_year: power.EnergyFlows
    incident_sunlight_j: float  #: on the array over the first year
    sizing: SatelliteSizing  #: stage B's one-row result this design was built from
    notes: list[str] = field(default_factory=list)

    @property
    def total_mass_kg(self) -> float:
        return float(sum(self.mass_kg.values()))


@numba.njit(parallel=True, cache=True)
def _spares_kernel(
    n: FloatArray, mean: FloatArray, confidence: FloatArray, cold: bool
) -> tuple[IntArray, FloatArray]:
    """Poisson quantile spares and the life-mean running fraction, per element (see
    :func:`spares_and_availability`), in one pass over k.

    The pmf follows its recursion p_k = p_{k−1}·M/k from e^{−M} (in log space beyond
    M = 600, where e^{−M} underflows). While searching the quantile s it accumulates
    A = Σ_{k<s} (1 − CDF_k) and B = Σ_{k<s} k·(1 − CDF_k), so that
    Σ_{k<s} (s − k)·P(K ≥ k + 1) = s·A − B.
    """
    size = mean.size
    spares = np.zeros(size, dtype=np.int64)
    avail = np.ones(size)
    for i in numba.prange(size):
        M = mean[i]
        if M <= 0.0:
            continue
        s = 0
        A = 0.0
        B = 0.0
        if cold:
            log_m = math.log(M)
            pmf = math.exp(-M)
            cdf = 0.0
            k = 0
            while True:
                if M > 600.0:
                    pmf = math.exp(-M + k * log_m - math.lgamma(k + 1.0))
                elif k > 0:
                    pmf *= M / k
                cdf += pmf
                if cdf >= confidence[i] or k > 100_000_000:
                    s = k
                    break
                A += 1.0 - cdf
                B += k * (1.0 - cdf)
                k += 1
        short = 0.5 * M - s + (s * A - B) / M
        spares[i] = s
        avail[i] = min(max(1.0 - short / n[i], 0.0), 1.0)
    return spares, avail


def spares_and_availability(
    n: ArrayLike,
    failure_rate: ArrayLike,
    life_years: ArrayLike,
    confidence: ArrayLike,
    cold: bool = True,
) -> tuple[IntArray, FloatArray]:
    """Cold spares per satellite and the life-mean fraction of running accelerators at work
    [-], vectorised (a compiled kernel; a Monte Carlo calls it on 10⁵ samples at once).

    Spares: running units fail at λ; a dormant spare is taken not to fail (assumption), so
    failures over the life are Poisson with mean M = n·λ·L and the spares are its
    ``confidence`` quantile (none when ``cold`` is false).

    Availability: failures K(t) ~ Poisson(μ = n·λ·t) while n run; once the spares are gone
    each failure takes a unit out: shortfall E[max(K − s, 0)] = μ − s + Σ_{k ≤ s} (s − k)·
    P(K = k). Its mean over the life, with ∫₀^M P(K_μ = k) dμ = P(K_M ≥ k + 1), is in closed
    form:

        A = 1 − [M/2 − s + Σ_{k < s} (s − k)·P(K_M ≥ k + 1) / M] / n

    The slower failure rate of a shrunken fleet is neglected (conservative); the result is
    clipped to [0, 1] (exact while the expected shortfall stays below ``n``). ``s = 0``
    gives 1 − λL/2, the linear-decay mean.
    """
    n_, lam, life, conf = np.broadcast_arrays(
        np.asarray(n, dtype=float),
        np.asarray(failure_rate, dtype=float),
        np.asarray(life_years, dtype=float),
        np.asarray(confidence, dtype=float),
    )
    shape = n_.shape
    mean = np.ascontiguousarray((n_ * lam * life).ravel())
    s, a = _spares_kernel(
        np.ascontiguousarray(n_.ravel()), mean, np.ascontiguousarray(conf.ravel()), cold
    )
    return s.reshape(shape), a.reshape(shape)


def cold_spares(
    n: ArrayLike, failure_rate: ArrayLike, life_years: ArrayLike, confidence: ArrayLike
) -> IntArray:
    """Unpowered spares per satellite (see :func:`spares_and_availability`) [-]."""
    return spares_and_availability(n, failure_rate, life_years, confidence)[0]


def failure_availability(
    n: ArrayLike, spares: ArrayLike, failure_rate: ArrayLike, life_years: ArrayLike
) -> FloatArray:
    """Life-mean fraction of ``n`` running accelerators at work with ``spares`` dormant
    spares and no repair [-], by the closed form of :func:`spares_and_availability` (here
    with scipy's incomplete gamma function, for any given spares)."""
    n_ = np.asarray(n, dtype=float)
    s = np.asarray(spares, dtype=np.int64)
    M = n_ * np.asarray(failure_rate, dtype=float) * np.asarray(life_years, dtype=float)
    safe_m = np.where(M > 0, M, 1.0)
    k_max = int(np.max(s)) if s.size else 0
    tail = np.zeros(np.broadcast(M, s).shape)
    for k in range(k_max + 1):
        tail = tail + np.maximum(s - k, 0) * gammainc(k + 1, safe_m)
    short = 0.5 * safe_m - s + tail / safe_m
    avail = np.clip(1.0 - short / n_, 0.0, 1.0)
    return np.asarray(np.where(M > 0, avail, 1.0), dtype=float)


def deorbit_delta_v_m_s(altitude_m: float, perigee_altitude_m: ArrayLike) -> FloatArray:
    """Δv to lower the perigee of a circular orbit for re-entry (one burn) [m s⁻¹].

    Δv = v_c·(1 − √(2·r_p/(r + r_p))) (Vallado 2013, Hohmann first burn).
    """
    r = R_EARTH_M + altitude_m
    rp = R_EARTH_M + np.minimum(np.asarray(perigee_altitude_m, dtype=float), altitude_m)
    v = math.sqrt(MU_EARTH_M3_S2 / r)
    return np.asarray(v * (1.0 - np.sqrt(2.0 * rp / (r + rp))), dtype=float)


def _array_geometry(y: YearInputs, g: YearGeometry) -> tuple[FloatArray, FloatArray, FloatArray]:
    """cos incidence, cos(angle between array normal and velocity), back-side tilt from nadir."""
    if y.satellite.array.pointing is Pointing.SUN_TRACKING:
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


def _radiator_velocity_cos(y: YearInputs, g: YearGeometry) -> FloatArray:
    """|n̂_r·v̂| for a radiator edge-on to the Sun, its normal at ``tilt`` from nadir,
    sampled every :data:`DRAG_SAMPLE_S`."""
    k = max(1, round(DRAG_SAMPLE_S / g.step_s))
    s_hat, r_hat, v_hat = g.s_hat[:, ::k], g.r_hat[:, ::k], g.v_hat[:, ::k]
    nadir = -r_hat
    d = nadir - np.sum(nadir * s_hat, axis=0) * s_hat
    d /= np.maximum(np.linalg.norm(d, axis=0), 1e-12)
    t = np.cross(s_hat, d, axis=0)
    tilt = y.satellite.radiator.tilt
    n_r = math.cos(tilt) * d + math.sin(tilt) * t
    return np.asarray(np.abs(np.sum(n_r * v_hat, axis=0)), dtype=float)


def _earth_view_factor_fast(altitude_m: float, tilt_rad: FloatArray) -> FloatArray:
    """:func:`earth_view_factor` tabulated on :data:`_VF_GRID` and interpolated (the year has
    ~5×10⁵ steps; the function of tilt alone is smooth)."""
    table = earth_view_factor(altitude_m, _VF_GRID)
    return np.asarray(np.interp(tilt_rad, _VF_GRID, table), dtype=float)


@dataclass(frozen=True)
class ArrayYear:
    """What the array sees over the year, per m² of array: the part of a design that depends
    on the orbit, the pointing and the cell's optics, not on sizes or prices (stage A).

    A Monte Carlo over sizes and prices computes it once and reuses it for every sample.
    """

    sun_cos: FloatArray  #: cosine of incidence on the array per step
    temperature_k: FloatArray  #: array temperature per sunlit step (NaN in umbra)
    e_per_m2: FloatArray  #: BOL electrical output per m² of array per step [W m⁻²]
    design_w_per_m2: float  #: worst full-Sun output per m² at BOL, used for sizing
    peak_w_per_m2: float
    rated_efficiency: float  #: at the median full-Sun temperature
    mean_velocity_cos: float  #: |n̂·v̂| of the array, year mean on the drag grid
    mean_radiator_velocity_cos: float
    radiator_view_factors: tuple[float, float]
    max_solar_flux_w_m2: float
    incident_w_per_m2_year: float  #: Σ S·ν·cos θ·Δt over the year [J m⁻²]


def array_year(y: YearInputs, g: YearGeometry) -> ArrayYear:
    """Stage A of a design: the array's year per m², from the orbit and the cell's optics
    (:class:`~wattflop.orbit.inputs.YearInputs`, :func:`~wattflop.orbit.inputs.year_inputs`).

    Raises
    ------
    InfeasibleError
        When the orbit never sees the full Sun, or the pointing leaves the array almost
        edge-on to it at some time of the year.
    """
    sat, cell = y.satellite, y.cell
    sun_cos, vel_cos, back_tilt = _array_geometry(y, g)
    S = SOLAR_CONSTANT_W_M2 * (AU_M / g.sun_distance_m) ** 2
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
            f"with {sat.array.pointing.value} pointing the Sun falls to "
            f"{np.degrees(np.arccos(worst_cos)):.0f}° from the array normal at some time of the "
            f"year (|β| down to {np.degrees(np.arcsin(worst_cos)):.1f}° for orbit_normal), so the "
            "array would have to be sized for almost no output: use pointing: sun_tracking"
        )
    T_rated = float(np.nanmedian(T_arr[full_sun]))
    eta_rated = float(
        thermal.cell_efficiency(
            T_rated, cell.efficiency, cell.temperature_coefficient, cell.reference_temperature
        )
    )
    k = max(1, round(DRAG_SAMPLE_S / g.step_s))
    f1, f2 = (float(x) for x in earth_view_factor_two_sided(g.altitude_m, sat.radiator.tilt))
    return ArrayYear(
        sun_cos=sun_cos,
        temperature_k=T_arr,
        e_per_m2=e_per_m2,
        design_w_per_m2=float(np.min(e_per_m2[full_sun])),
        peak_w_per_m2=float(np.max(e_per_m2)),
        rated_efficiency=eta_rated,
        mean_velocity_cos=float(np.mean(vel_cos[::k])),
        mean_radiator_velocity_cos=float(np.mean(_radiator_velocity_cos(y, g))),
        radiator_view_factors=(f1, f2),
        max_solar_flux_w_m2=float(S.max()),
        incident_w_per_m2_year=float(np.sum(S * g.illumination * sun_cos) * g.step_s),
    )


def mean_draw(p: OrbitInputs) -> FloatArray:
    """The workload's mean draw as a fraction of its IT power (1 for a steady load), by the
    same profile the ground site is sized on (:func:`wattflop.ground.swings.
    mean_draw_fraction`)."""
    tr = p.workload.training
    if tr is None:
        return np.asarray(1.0)
    return mean_draw_fraction(
        tr.compute_fraction, tr.swing_depth, tr.checkpoint_interval, tr.checkpoint_duration
    )


#: Why a sized design cannot close, by the code :func:`size_satellite` returns per sample.
INFEASIBLE = {
    1: "radiator too hot for the accelerator's coolant",
    2: "radiator absorbs more than it emits",
    3: "drag propellant exceeds ten times the dry mass",
    4: "satellite mass did not converge",
    5: "the stated specific mass is below the compute's own flight mass",
}


@dataclass(frozen=True)
class SatelliteSizing:
    """Stage B of a design, per satellite: one value per sample (0-d for the one-row case).
    SI units throughout."""

    accelerators: FloatArray  #: running accelerators
    spares: IntArray  #: cold spare accelerators
    it_power_w: FloatArray
    bus_power_w: FloatArray
    dose_rate_gy_per_year: FloatArray
    dose_limited_life_years: FloatArray
    life_years: FloatArray  #: min(design life, dose-limited life)
    upset_downtime: FloatArray
    interruption_downtime: FloatArray  #: transient interruptions, share of time [-]
    failure_availability: FloatArray
    shield_area_m2: FloatArray
    array_required_eol_w: FloatArray
    array_area_m2: FloatArray
    array_bol_w: FloatArray
    battery_cycles: FloatArray
    depth_of_discharge: FloatArray
    battery_capacity_j: FloatArray
    radiator_absorbed_w_m2: FloatArray
    radiator_net_flux_w_m2: FloatArray
    pmad_rating_w: FloatArray
    heat_w: FloatArray
    mean_draw: FloatArray  #: the workload's mean draw / IT power [-]
    radiator_area_m2: FloatArray
    frontal_area_m2: FloatArray
    disposal_dv_m_s: FloatArray
    drag_dv_m_s_per_year: FloatArray
    mass_kg: dict[str, FloatArray]  #: by part (keys of :data:`wattflop.orbit.money.MASS_GROUP`)
    total_mass_kg: FloatArray
    mass_iterations: IntArray
    mass_residual: FloatArray
    infeasible: IntArray  #: 0, or a code of :data:`INFEASIBLE`


def size_satellite(
    p: OrbitInputs, g: YearGeometry, a: ArrayYear, strategy: EclipseStrategy
) -> SatelliteSizing:
    """Stage B of a design: compute, radiation, array, battery, radiator, drag and mass
    closure, as array algebra.

    ``p`` holds an SI float or an array of samples per parameter
    (:func:`~wattflop.orbit.inputs.orbit_inputs`): every output broadcasts over the samples,
    so one call sizes a whole Monte Carlo. Infeasible samples carry a non-zero
    ``infeasible`` code (:data:`INFEASIBLE`) and NaN sizes; the deterministic path
    (:func:`design_satellite`) turns them into errors.
    """
    sat, acc, cell, batt = p.satellite, p.accelerator, p.cell, p.battery_tech
    rad = sat.radiator
    design_life = p.economics.satellite_life / YEAR_S

    # -- compute and radiation ----------------------------------------------------------
    n_acc = np.maximum(1, np.round(np.asarray(sat.it_power / acc.system_power)))
    it_w = n_acc * acc.system_power
    dose = radiation.dose_rate_gy_per_year(g.altitude_m, sat.shielding.thickness)
    dose_life = radiation.dose_limited_life_years(acc.total_dose_tolerance, dose)
    life = np.minimum(design_life, dose_life)
    upset = radiation.upset_downtime_fraction(
        acc.upset_rate_per_dose, dose, acc.upset_recovery_time
    )
    spares, fail_avail = spares_and_availability(
        n_acc,
        acc.failure_rate,
        life,
        sat.spares_confidence,
        cold=sat.spares_policy is SparesPolicy.COLD_SPARES,
    )
    bus_w = sat.bus_power_fraction * it_w + sat.isl_terminals * sat.isl_terminal_power
    # the training job's mean draw, as on the ground: array, battery energy and radiator
    # serve the mean; the battery and the power electronics take the sub-second swings
    draw = mean_draw(p)
    it_mean = draw * it_w

    # -- array ------------------------------------------------------------------------------
    deg_eol = power.degradation_factor(life, cell.degradation_per_year)
    # battery: compute runs through eclipse; throttle: only the bus does
    eclipse_load = it_mean + bus_w if strategy is EclipseStrategy.BATTERY else bus_w
    t_e = g.max_deficit_s  # sunlight lost in the worst passage, as seconds of full shadow
    p_req = power.required_array_power_w(
        sunlit_load_w=it_mean + bus_w,
        eclipse_load_w=eclipse_load,
        eclipse_s=t_e,
        period_s=g.nodal_period_s,
        pmad_efficiency=sat.pmad_efficiency,
        charge_efficiency=batt.charge_efficiency,
        discharge_efficiency=batt.discharge_efficiency,
    ) * (1.0 + sat.array.margin)
    area = p_req / (a.design_w_per_m2 * deg_eol)
    array_bol = area * SOLAR_CONSTANT_W_M2 * sat.array.packing_factor * a.rated_efficiency

    # -- battery ---------------------------------------------------------------------------
    cycles = g.eclipses_per_year * life
    dod = power.battery_depth_of_discharge(
        cycles,
        batt.cycle_life_full_dod,
        batt.cycle_life_exponent,
        sat.battery.max_depth_of_discharge,
    )
    eclipse_capacity = (
        eclipse_load * t_e * (1.0 + sat.array.margin) / (batt.discharge_efficiency * dod)
        if t_e > 0
        else 0.0 * eclipse_load
    )
    # the array and the radiator serve the mean draw; the battery takes the swings above it
    # (compute phases at full power) at no more than its C-rate
    swing_w = it_w - it_mean
    capacity = np.maximum(eclipse_capacity, swing_w / sat.battery.max_c_rate)

    # -- thermal ---------------------------------------------------------------------------
    too_hot = rad.temperature + rad.coolant_delta_t > acc.max_coolant_temperature
    f1, f2 = a.radiator_view_factors
    f_sum = f1 + np.where(np.asarray(rad.n_sides) == 2, f2, 0.0)
    absorbed = thermal.radiator_absorbed_w_m2(
        solar_absorptance=rad.solar_absorptance,
        ir_absorptance=rad.emissivity,
        solar_flux_w_m2=a.max_solar_flux_w_m2,
        sun_cos=rad.sun_incidence_cos,
        earth_view_factor=f_sum,
    )
    q_net = thermal.radiator_net_flux_w_m2(
        rad.temperature, emissivity=rad.emissivity, n_sides=rad.n_sides, absorbed_w_m2=absorbed
    )
    p_bol_peak = a.peak_w_per_m2 * area
    # the converters take the array's peak and the compute's peak draw
    pmad_rating = np.maximum(np.maximum(p_bol_peak, p_req), it_w + bus_w)
    heat = it_mean + bus_w + np.minimum(p_bol_peak, p_req) * (1.0 - sat.pmad_efficiency)
    rad_area = heat / np.where(q_net > 0.0, q_net, np.nan)

    # -- drag ------------------------------------------------------------------------------
    frontal = (
        area * a.mean_velocity_cos
        + rad_area * a.mean_radiator_velocity_cos
        + sat.propulsion.bus_frontal_area
    )

    # -- mass closure ----------------------------------------------------------------------
    # flight compute: boards, cold plates and their share of host, switch and DC conversion;
    # a cold spare is the part a permanent failure replaces
    compute_kg = n_acc * acc.flight_mass + spares * acc.part_mass
    shield_area = radiation.enclosure_area_m2(compute_kg / sat.shielding.compute_density)
    fixed = {
        "compute": compute_kg,
        "solar_array": (
            array_bol / sat.array.specific_power
            if sat.array.specific_power is not None
            else area * cell.areal_density
        ),
        "radiator": rad_area * rad.areal_density,
        "battery": capacity / batt.specific_energy,
        "power_electronics": sat.pmad_specific_mass * pmad_rating,
        "shielding": radiation.shielding_mass_kg(
            shield_area, sat.shielding.thickness, RHO_ALUMINIUM_KG_M3
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
    activity = p.orbit.solar_activity.value
    dry = base / (1.0 - f_struct)
    shape = np.broadcast(dry, frontal, life, sat.propulsion.drag_coefficient).shape
    total = np.broadcast_to(dry, shape).astype(float)
    prop = np.zeros(shape)
    dv_year = np.zeros(shape)
    residual = np.full(shape, np.inf)
    iterations = np.zeros(shape, dtype=np.int64)
    runaway = np.zeros(shape, dtype=bool)
    active = np.isfinite(total)
    # fixed-point iteration per sample; a sample stops changing once it has converged, so
    # each one ends where a scalar loop would
    for it in range(1, 101):
        dv_new = np.broadcast_to(
            drag.drag_delta_v_per_year_m_s(
                g.altitude_m, frontal, total, sat.propulsion.drag_coefficient, activity
            ),
            shape,
        )
        prop_new = np.broadcast_to(
            drag.propellant_mass_kg(
                np.broadcast_to(dry, shape).clip(0.0),
                np.maximum(dv_new * life + dv_disposal, 0.0),
                sat.propulsion.isp,
            ),
            shape,
        )
        new_total = np.broadcast_to(dry, shape) + prop_new
        res = np.abs(new_total - total) / new_total
        dv_year = np.where(active, dv_new, dv_year)
        prop = np.where(active, prop_new, prop)
        residual = np.where(active, res, residual)
        total = np.where(active, new_total, total)
        iterations = np.where(active, it, iterations)
        runaway |= active & (res >= MASS_TOLERANCE) & (prop_new > 10 * np.broadcast_to(dry, shape))
        active = active & (res >= MASS_TOLERANCE) & ~runaway
        if not np.any(active):
            break
    code = np.zeros(shape, dtype=np.int64)
    code = np.where(active, 4, code)
    code = np.where(runaway, 3, code)
    code = np.where(np.broadcast_to(q_net <= 0.0, shape), 2, code)
    code = np.where(np.broadcast_to(too_hot, shape), 1, code)
    mass = dict(fixed)
    mass["structure"] = f_struct * dry
    mass["propellant"] = prop
    td = sat.top_down
    if td is not None:
        # stated as publications state it: the whole satellite per kW of IT; the compute in
        # it is the flight compute above, the rest is the platform
        stated = td.specific_mass * it_w
        shape = np.broadcast(stated, code).shape  # the stated mass may carry the samples
        total = np.broadcast_to(stated, shape).astype(float)
        code = np.broadcast_to(code, shape)
        platform = total - compute_kg
        code = np.where((code == 0) & (platform <= 0.0), 5, code)
        mass = {"compute": compute_kg, "platform": platform}
        prop = np.zeros(shape)
        if td.array_area is not None:
            area = td.array_area + 0.0 * area
    interrupt = np.minimum(acc.interruption_rate * acc.interruption_recovery_time / YEAR_S, 1.0)
    return SatelliteSizing(
        accelerators=as_array(n_acc),
        spares=spares,
        it_power_w=as_array(it_w),
        bus_power_w=as_array(bus_w),
        dose_rate_gy_per_year=as_array(dose),
        dose_limited_life_years=as_array(dose_life),
        life_years=as_array(life),
        upset_downtime=as_array(upset),
        interruption_downtime=as_array(interrupt),
        failure_availability=fail_avail,
        shield_area_m2=as_array(shield_area),
        array_required_eol_w=as_array(p_req),
        array_area_m2=as_array(area),
        array_bol_w=as_array(array_bol),
        battery_cycles=as_array(cycles),
        depth_of_discharge=as_array(dod),
        battery_capacity_j=as_array(capacity),
        radiator_absorbed_w_m2=as_array(absorbed),
        radiator_net_flux_w_m2=as_array(q_net),
        pmad_rating_w=as_array(pmad_rating),
        heat_w=as_array(heat),
        mean_draw=as_array(draw),
        radiator_area_m2=as_array(rad_area),
        frontal_area_m2=as_array(frontal),
        disposal_dv_m_s=as_array(dv_disposal),
        drag_dv_m_s_per_year=as_array(dv_year),
        mass_kg={k: as_array(v) for k, v in mass.items()},
        total_mass_kg=as_array(total),
        mass_iterations=iterations,
        mass_residual=as_array(residual),
        infeasible=code,
    )


def design_satellite(
    p: OrbitInputs,
    g: YearGeometry,
    a: ArrayYear,
    strategy: EclipseStrategy | None = None,
) -> SatelliteDesign:
    """Size one satellite on the year geometry ``g`` and simulate the first and last year of
    its life.

    Stage A is ``a`` (:func:`array_year`), stage B :func:`size_satellite` (the same array
    algebra a Monte Carlo runs, here on one row), then the two simulated years (stage C).
    :func:`wattflop.orbit.site.design_for` does all three from a scenario.

    Raises
    ------
    InfeasibleError
        When the design cannot close (radiator too hot for the coolant, radiator or array that
        absorbs more than it emits, mass that does not converge).
    """
    sat, acc, cell, batt = p.satellite, p.accelerator, p.cell, p.battery_tech
    strategy = strategy or sat.eclipse_strategy
    if strategy is EclipseStrategy.LEAST_COST:
        raise ValueError(
            "least_cost is a choice between two designs: size each "
            "(wattflop.orbit.site.least_cost_strategy picks one)"
        )
    rad = sat.radiator
    z = size_satellite(p, g, a, strategy)
    code = int(z.infeasible)
    if code == 1:
        coolant_max = float(acc.max_coolant_temperature)
        temperature, delta_t = float(rad.temperature), float(rad.coolant_delta_t)
        raise InfeasibleError(
            f"radiator at {temperature - 273.15:.0f} °C needs coolant at "
            f"{temperature + delta_t - 273.15:.0f} °C (loop ΔT "
            f"{delta_t:.0f} K), but {p.workload.accelerator} accepts coolant up to "
            f"{coolant_max - 273.15:.0f} °C: lower satellite.radiator.temperature to "
            f"≤ {coolant_max - delta_t - 273.15:.0f} °C"
        )
    if code == 2:
        thermal.radiator_area_m2(float(z.heat_w), float(z.radiator_net_flux_w_m2))
    if code == 3:
        raise InfeasibleError(
            f"drag at {g.altitude_m / 1e3:.0f} km needs {float(z.drag_dv_m_s_per_year):.0f} "
            "m/s per year; propellant exceeds ten times the dry mass: raise the orbit"
        )
    if code == 4:
        raise InfeasibleError(
            f"satellite mass did not converge (residual {float(z.mass_residual):.2e})"
        )
    if code == 5:
        td = sat.top_down
        assert td is not None
        raise InfeasibleError(
            f"satellite.top_down.specific_mass {float(td.specific_mass) * 1e3:.1f} kg/kW leaves "
            f"no mass for the platform: the compute alone is "
            f"{float(z.mass_kg['compute']) / float(z.it_power_w) * 1e3:.1f} kg/kW "
            f"({p.workload.accelerator} flight mass): raise the specific mass"
        )
    notes: list[str] = []
    n_acc = int(z.accelerators)
    it_w = float(z.it_power_w)
    it_asked = float(sat.it_power)
    if abs(it_w - it_asked) > 0.1 * it_asked:
        notes.append(
            f"satellite.it_power {it_asked / 1e3:,.1f} kW holds {n_acc} whole "
            f"{p.workload.accelerator} at {float(acc.system_power) / 1e3:,.2f} kW each: "
            f"{it_w / 1e3:,.1f} kW per satellite"
        )
    design_life = float(p.economics.satellite_life) / YEAR_S
    dose = float(z.dose_rate_gy_per_year)
    dose_life = float(z.dose_limited_life_years)
    if dose_life < design_life:
        notes.append(
            f"total dose limits life to {dose_life:.1f} yr (< design {design_life:.1f} yr): "
            f"{dose * 100:.0f} rad(Si)/yr behind {float(sat.shielding.thickness) * 1e3:.0f} mm "
            f"Al against {float(acc.total_dose_tolerance) * 100:.0f} rad(Si) tolerance; "
            "thicker shielding trades mass for life"
        )
    life = float(z.life_years)
    area = float(z.array_area_m2)
    capacity = float(z.battery_capacity_j)
    dod = float(z.depth_of_discharge)
    bus_w = float(z.bus_power_w)
    total = float(z.total_mass_kg)
    frontal = float(z.frontal_area_m2)
    life_no_prop = float(
        drag.lifetime_without_propulsion_s(
            g.altitude_m,
            frontal,
            total,
            float(sat.propulsion.drag_coefficient),
            p.orbit.solar_activity.value,
        )
    )

    # -- the simulated years (stage C) -------------------------------------------------------
    years = np.arange(g.n_steps) * g.step_s / YEAR_S
    p_unit = a.e_per_m2 * area
    flows = []
    for start in (0.0, max(life - 1.0, 0.0)):
        p_array = p_unit * power.degradation_factor(start + years, float(cell.degradation_per_year))
        flows.append(
            power.energy_flows(
                p_array,
                step_s=g.step_s,
                it_power_w=it_w * float(z.mean_draw),
                bus_power_w=bus_w,
                pmad_efficiency=float(sat.pmad_efficiency),
                battery_capacity_j=capacity,
                depth_of_discharge=dod,
                charge_efficiency=float(batt.charge_efficiency),
                discharge_efficiency=float(batt.discharge_efficiency),
                it_in_eclipse=strategy is EclipseStrategy.BATTERY,
            )
        )
    return SatelliteDesign(
        strategy=strategy,
        accelerators=n_acc,
        spares=int(z.spares),
        it_power_w=it_w,
        mean_draw=float(z.mean_draw),
        bus_power_w=bus_w,
        sun_cos=a.sun_cos,
        array_temperature_k=a.temperature_k,
        array_area_m2=area,
        array_bol_w=float(z.array_bol_w),
        array_design_w_per_m2=a.design_w_per_m2,
        pmad_rating_w=float(z.pmad_rating_w),
        disposal_dv_m_s=float(z.disposal_dv_m_s),
        array_required_eol_w=float(z.array_required_eol_w),
        battery_capacity_j=capacity,
        depth_of_discharge=dod,
        battery_cycles=float(z.battery_cycles),
        heat_w=float(z.heat_w),
        radiator_temperature_k=float(rad.temperature),
        radiator_net_flux_w_m2=float(z.radiator_net_flux_w_m2),
        radiator_area_m2=float(z.radiator_area_m2),
        radiator_view_factors=a.radiator_view_factors,
        radiator_absorbed_w_m2=float(z.radiator_absorbed_w_m2),
        dose_rate_gy_per_year=dose,
        life_years=life,
        dose_limited_life_years=dose_life,
        upset_downtime=float(z.upset_downtime),
        interruption_downtime=float(z.interruption_downtime),
        failure_availability=float(z.failure_availability),
        shield_area_m2=float(z.shield_area_m2),
        frontal_area_m2=frontal,
        drag_dv_m_s_per_year=float(z.drag_dv_m_s_per_year),
        lifetime_without_propulsion_s=life_no_prop,
        mass_kg={k: float(v) for k, v in z.mass_kg.items()},
        mass_iterations=int(z.mass_iterations),
        mass_residual=float(z.mass_residual),
        first_year=flows[0],
        last_year=flows[1],
        incident_sunlight_j=a.incident_w_per_m2_year * area,
        sizing=z,
        notes=notes,
    )

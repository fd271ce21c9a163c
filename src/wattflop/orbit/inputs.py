"""Typed inputs of the orbital site's stages, built from a validated scenario.

Two groups, by what they change:

- :class:`YearInputs`: the orbit, the pointing and the cell's optics. They change the year of
  geometry and the array's temperature (stage A, :func:`wattflop.orbit.satellite.array_year`);
  a Monte Carlo runs that stage once per distinct value of these keys.
- :class:`OrbitInputs`: everything the sizing and the money read (stages B and money,
  :func:`~wattflop.orbit.satellite.size_satellite`, :func:`~wattflop.orbit.money.fleet_money`):
  each value an SI ``float`` or an array of samples.

Field names and nesting follow the scenario's attribute paths (``sc.satellite.radiator.
temperature`` → ``p.satellite.radiator.temperature``), so a sampled key's path is the field's
path (:mod:`wattflop.parameters`). SI units throughout, as in the scenario.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wattflop.deployment import OrbitDeploymentInputs
from wattflop.parameters import Columns, Value, build, leaf_paths
from wattflop.scenario import (
    Boundary,
    EclipseStrategy,
    LaunchPricing,
    OrbitScenario,
    Pointing,
    SparesPolicy,
)
from wattflop.scenario.orbit import ShadowModel, SolarActivity

# ---------------------------------------------------------------------------------------
# Stage A: the year of geometry and the array's optics
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrbitPath:
    """The orbit section: what the year of geometry is computed from."""

    altitude: float  #: [m]
    sun_synchronous: bool
    ltan: float | None  #: local time of the ascending node [h]
    inclination: float | None  #: [rad]
    raan: float  #: [rad]
    epoch: dt.datetime
    shadow: ShadowModel
    time_step: float  #: [s]
    solar_activity: SolarActivity


@dataclass(frozen=True)
class CellOptics:
    solar_absorptance: float
    emissivity_front: float
    emissivity_back: float
    efficiency: float
    temperature_coefficient: float  #: [1/K]
    reference_temperature: float  #: [K]


@dataclass(frozen=True)
class ArrayOptics:
    pointing: Pointing
    packing_factor: float


@dataclass(frozen=True)
class RadiatorGeometry:
    tilt: float  #: radiator normal from nadir [rad]


@dataclass(frozen=True)
class SatelliteGeometry:
    array: ArrayOptics
    radiator: RadiatorGeometry


@dataclass(frozen=True)
class YearInputs:
    """What stage A reads: the orbit, the pointing, the radiator tilt and the cell's optics."""

    orbit: OrbitPath
    satellite: SatelliteGeometry
    cell: CellOptics


# ---------------------------------------------------------------------------------------
# Stages B and money: sizing, fleet, launches, costs
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AcceleratorInputs:
    system_power: Value  #: [W]
    system_price: Value  #: [USD]
    peak_flops: Value  #: [FLOP/s]
    failure_rate: Value  #: permanent failures [1/yr]
    interruption_rate: Value  #: transient interruptions [1/yr]
    interruption_recovery_time: Value  #: [s]
    flight_mass: Value  #: [kg]
    part_mass: Value  #: [kg]
    part_price: Value  #: [USD]
    total_dose_tolerance: Value  #: [Gy]
    upset_rate_per_dose: Value  #: [1/Gy]
    upset_recovery_time: Value  #: [s]
    max_coolant_temperature: Value  #: [K]


@dataclass(frozen=True)
class CellInputs:
    degradation_per_year: Value
    areal_density: Value  #: [kg/m²]
    price_per_watt: Value  #: [USD/W]


@dataclass(frozen=True)
class BatteryTechInputs:
    specific_energy: Value  #: [J/kg]
    cycle_life_full_dod: Value
    cycle_life_exponent: Value
    charge_efficiency: Value
    discharge_efficiency: Value
    price_per_kwh: Value  #: [USD/J] (the scenario's unit, despite the name)


@dataclass(frozen=True)
class VehicleInputs:
    payload_to_leo: Value  #: [kg]
    fairing_volume: Value  #: [m³]
    price_per_kg: Value  #: [USD/kg]


@dataclass(frozen=True)
class ArrayInputs:
    packing_factor: Value
    margin: Value
    specific_power: Value | None  #: [W/kg]; None: mass from the cell's areal density


@dataclass(frozen=True)
class BatteryInputs:
    max_depth_of_discharge: Value
    max_c_rate: Value  #: [1/s]


@dataclass(frozen=True)
class RadiatorInputs:
    temperature: Value  #: [K]
    emissivity: Value
    solar_absorptance: Value
    n_sides: Value
    areal_density: Value  #: [kg/m²]
    sun_incidence_cos: Value
    coolant_delta_t: Value  #: [K]
    price_per_m2: Value  #: [USD/m²]


@dataclass(frozen=True)
class ShieldingInputs:
    thickness: Value  #: [m]
    compute_density: Value  #: [kg/m³]
    price_per_kg: Value  #: [USD/kg]


@dataclass(frozen=True)
class TopDownInputs:
    specific_mass: Value  #: [kg/W]
    specific_cost: Value  #: [USD/W]
    array_area: Value | None  #: [m²]


@dataclass(frozen=True)
class PropulsionInputs:
    isp: Value  #: [s]
    drag_coefficient: Value
    bus_frontal_area: Value  #: [m²]
    deorbit: bool
    disposal_perigee: Value  #: [m]


@dataclass(frozen=True)
class SatelliteInputs:
    it_power: Value  #: [W]
    bus_power_fraction: Value
    eclipse_strategy: EclipseStrategy
    spares_policy: SparesPolicy
    spares_confidence: Value
    array: ArrayInputs
    battery: BatteryInputs
    radiator: RadiatorInputs
    shielding: ShieldingInputs
    propulsion: PropulsionInputs
    top_down: TopDownInputs | None
    pmad_efficiency: Value
    pmad_specific_mass: Value  #: [kg/W]
    pmad_price_per_watt: Value  #: [USD/W]
    isl_terminals: Value
    isl_terminal_mass: Value  #: [kg]
    isl_terminal_power: Value  #: [W]
    isl_terminal_price: Value  #: [USD]
    structure_fraction: Value
    bus_price_per_kg: Value  #: [USD/kg]
    stowed_density: Value  #: [kg/m³]


@dataclass(frozen=True)
class LaunchInputs:
    vehicle: str
    price_per_kg: Value | None  #: [USD/kg]; None: the vehicle's
    pricing: LaunchPricing
    failure_probability: Value  #: per launch


@dataclass(frozen=True)
class EconomicsInputs:
    discount_rate: Value
    satellite_life: Value  #: [s]
    operations_per_satellite_year: Value  #: [USD/s]
    boundary: Boundary
    # program, risk and ground-segment lines (:func:`wattflop.orbit.money.program_lines`)
    in_orbit_insurance_rate: Value  #: of the insured value [1/s]
    launch_insurance_rate: Value  #: of the insured value, once per satellite
    launch_insured_fraction: Value
    development_cost: Value  #: [USD]
    ground_segment_per_satellite_year: Value  #: [USD/s]


@dataclass(frozen=True)
class TrainingInputs:
    compute_fraction: Value
    swing_depth: Value
    checkpoint_interval: Value | None  #: [s]
    checkpoint_duration: Value  #: [s]


@dataclass(frozen=True)
class WorkloadInputs:
    accelerator: str
    it_power: Value  #: [W]
    utilisation: Value
    training: TrainingInputs | None  #: None: a steady load at full IT power


@dataclass(frozen=True)
class Environment:
    solar_activity: SolarActivity


@dataclass(frozen=True)
class OrbitInputs:
    """What the sizing, fleet and money of the orbital site read."""

    workload: WorkloadInputs
    satellite: SatelliteInputs
    launch: LaunchInputs
    economics: EconomicsInputs
    accelerator: AcceleratorInputs
    cell: CellInputs
    battery_tech: BatteryTechInputs
    vehicle: VehicleInputs
    orbit: Environment
    deployment: OrbitDeploymentInputs


#: Attribute paths stage A reads (a Monte Carlo groups samples by their values).
YEAR_PATHS = leaf_paths(YearInputs)
#: Attribute paths the sizing and the money read (sampled as columns).
SIZING_PATHS = leaf_paths(OrbitInputs)


def year_inputs(sc: OrbitScenario, columns: Columns | None = None) -> YearInputs:
    """Stage A's inputs of a scenario, with ``columns`` (one value each) in place."""
    return build(YearInputs, sc, columns)


def orbit_inputs(sc: OrbitScenario, columns: Columns | None = None) -> OrbitInputs:
    """The sizing and money inputs of a scenario, with sampled ``columns`` in place."""
    return build(OrbitInputs, sc, columns)

"""Typed inputs of the ground site's money, built from a validated scenario.

Field names and nesting follow the scenario's attribute paths (``sc.plant.gas_turbines.
fuel_price`` → ``p.plant.gas_turbines.fuel_price``), so a sampled key's path is the field's
path (:mod:`wattflop.parameters`). Each value is an SI ``float`` or an array of samples.
Keys that act through the hourly dispatch (weather, load, the grid's price series) are not
here: a sample re-prices the dispatched plan (:func:`wattflop.ground.money.ground_money`).
"""

from __future__ import annotations

from dataclasses import dataclass

from wattflop.deployment import GroundDeploymentInputs
from wattflop.parameters import Columns, Value, build, leaf_paths
from wattflop.scenario import Boundary, GroundScenario


@dataclass(frozen=True)
class AcceleratorMoney:
    system_price: Value  #: [USD]
    failure_rate: Value  #: permanent failures [1/yr]
    interruption_rate: Value  #: transient interruptions [1/yr]
    interruption_recovery_time: Value  #: [s]
    part_price: Value  #: the part a permanent failure replaces [USD]
    peak_flops: Value  #: [FLOP/s]


@dataclass(frozen=True)
class FacilityMoney:
    capex: Value  #: per W of IT [USD/W]
    life: Value  #: [s]
    accelerator_life: Value  #: [s]
    repair_time: Value  #: [s]
    # site lines (:func:`wattflop.ground.money.site_lines`)
    water_per_it_energy: Value  #: [m³/J]
    land_per_it_power: Value  #: [m²/W]
    om_fraction: Value  #: of the facility capex [1/s]
    network_fabric_per_accelerator: Value  #: [USD]
    land_price: Value  #: [USD/m²]
    water_price: Value  #: [USD/m³]


@dataclass(frozen=True)
class GasTurbineMoney:
    fuel_price: Value  #: [USD/J]
    capex: Value  #: [USD/W]
    fixed_om: Value  #: [USD/(W·s)]
    variable_om: Value  #: [USD/J]
    life: Value  #: [s]
    water_per_energy: Value  #: [m³/J]
    availability: Value


@dataclass(frozen=True)
class BatteryMoney:
    power_capex: Value  #: [USD/W]
    energy_capex: Value  #: [USD/J]
    fixed_om_fraction: Value  #: of capex per second [1/s]
    life: Value  #: [s]


@dataclass(frozen=True)
class PvMoney:
    capex: Value  #: [USD/W]
    fixed_om: Value  #: [USD/(W·s)]
    life: Value  #: [s]
    land_per_power: Value  #: [m²/W]


@dataclass(frozen=True)
class GridMoney:
    capex: Value  #: [USD/W]
    life: Value  #: [s]


@dataclass(frozen=True)
class PlantMoneyInputs:
    gas_turbines: GasTurbineMoney
    batteries: BatteryMoney
    pv: PvMoney
    grid: GridMoney
    co2_price: Value  #: [USD/kg]


@dataclass(frozen=True)
class GroundEconomicsInputs:
    discount_rate: Value
    boundary: Boundary
    property_tax_rate: Value  #: of the capex in the boundary and the land [1/s]
    property_insurance_rate: Value  #: of the capex in the boundary [1/s]


@dataclass(frozen=True)
class GroundWorkload:
    utilisation: Value


@dataclass(frozen=True)
class GroundInputs:
    """What the ground site's money reads."""

    accelerator: AcceleratorMoney
    facility: FacilityMoney
    plant: PlantMoneyInputs
    economics: GroundEconomicsInputs
    workload: GroundWorkload
    deployment: GroundDeploymentInputs


#: Attribute paths the ground money reads (sampled as columns).
MONEY_PATHS = leaf_paths(GroundInputs)


def ground_inputs(sc: GroundScenario, columns: Columns | None = None) -> GroundInputs:
    """The money inputs of a ground scenario, with sampled ``columns`` in place."""
    return build(GroundInputs, sc, columns)

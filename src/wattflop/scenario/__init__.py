"""Scenario files: YAML with units → validated pydantic models with SI floats.

Unknown keys are rejected; every field has a description, a unit and physical bounds; the
source of every default is in its description. One model per kind of site (the top-level
``site`` key): :class:`OrbitScenario` and :class:`GroundScenario`.
"""

from __future__ import annotations

from wattflop.scenario.common import Boundary, Uncertainty, UserCatalog, Workload
from wattflop.scenario.ground import GroundScenario
from wattflop.scenario.load import (
    SITES,
    Scenario,
    load_scenario,
    parse_scenario,
    scenario_json_schema,
)
from wattflop.scenario.orbit import (
    EclipseStrategy,
    LaunchPricing,
    OrbitScenario,
    Pointing,
    SparesPolicy,
)

__all__ = [
    "SITES",
    "Boundary",
    "EclipseStrategy",
    "GroundScenario",
    "LaunchPricing",
    "OrbitScenario",
    "Pointing",
    "Scenario",
    "SparesPolicy",
    "Uncertainty",
    "UserCatalog",
    "Workload",
    "load_scenario",
    "parse_scenario",
    "scenario_json_schema",
]

"""wattflop: where should the next gigawatt of AI compute run — on the ground or in orbit —
and what does it cost per unit of delivered compute?

>>> import wattflop
>>> sc = wattflop.load_scenario("scenarios/orbit-1gw-dawn-dusk-650km.yaml")  # doctest: +SKIP
>>> result = wattflop.simulate(sc)  # doctest: +SKIP
>>> result.get("cost.usd_per_eflop")  # doctest: +SKIP
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from wattflop.errors import InfeasibleError, ScenarioError, WattflopError
from wattflop.result import SiteResult
from wattflop.scenario import (
    GroundScenario,
    OrbitScenario,
    Scenario,
    load_scenario,
    parse_scenario,
)

try:
    __version__ = version("wattflop")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"


def simulate(scenario: Scenario) -> SiteResult:
    """Simulate a scenario's site and return a frozen :class:`SiteResult`."""
    if isinstance(scenario, GroundScenario):
        from wattflop.ground.site import simulate_ground

        return simulate_ground(scenario)
    from wattflop.orbit.site import simulate_orbit

    return simulate_orbit(scenario)


__all__ = [
    "GroundScenario",
    "InfeasibleError",
    "OrbitScenario",
    "Scenario",
    "ScenarioError",
    "SiteResult",
    "WattflopError",
    "__version__",
    "load_scenario",
    "parse_scenario",
    "simulate",
]

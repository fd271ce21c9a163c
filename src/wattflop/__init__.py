"""wattflop: where should the next gigawatt of AI compute run — on the ground or in orbit —
and what does it cost per unit of delivered compute?

A bundled scenario by name (or any scenario file by its path), simulated over a whole year:

>>> import wattflop
>>> sc = wattflop.load_scenario("orbit-1gw-dawn-dusk-650km")
>>> result = wattflop.simulate(sc)
>>> round(result.get("cost.usd_per_eflop"), 2)  # USD per delivered EFLOP
1.77
>>> result.get("satellite.kg_per_kw") > 14  # kg per kW of IT; published designs claim 14-20
True
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from wattflop.budget import Budget
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


def simulate(scenario: Scenario, budget: Budget | None = None) -> SiteResult:
    """Simulate a scenario's site and return a frozen :class:`SiteResult`.

    An orbital site's year is checked against ``budget`` before it is computed
    (:func:`wattflop.orbit.site.orbit_geometry`; the default budget when ``None``); a ground
    site's hourly year has a fixed size.
    """
    if isinstance(scenario, GroundScenario):
        from wattflop.ground.site import simulate_ground

        return simulate_ground(scenario)
    from wattflop.orbit.site import simulate_orbit

    return simulate_orbit(scenario, budget=budget)


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

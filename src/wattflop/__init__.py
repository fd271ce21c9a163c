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

import importlib
from typing import TYPE_CHECKING, Any

from wattflop.budget import Budget
from wattflop.errors import InfeasibleError, ScenarioError, WattflopError

if TYPE_CHECKING:
    __version__: str
    from wattflop.result import SiteResult
    from wattflop.scenario import (
        GroundScenario,
        OrbitScenario,
        Scenario,
        load_scenario,
        parse_scenario,
    )

#: Names imported on first use, so that ``import wattflop`` (and the command line's start)
#: does not load the models, pint and xarray before they are needed.
_LAZY = {
    "SiteResult": "wattflop.result",
    "GroundScenario": "wattflop.scenario",
    "OrbitScenario": "wattflop.scenario",
    "Scenario": "wattflop.scenario",
    "load_scenario": "wattflop.scenario",
    "parse_scenario": "wattflop.scenario",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value: Any = version("wattflop")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            value = "0+unknown"
        globals()[name] = value
        return value
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'wattflop' has no attribute {name!r}")





def simulate(scenario: Scenario, budget: Budget | None = None) -> SiteResult:
    """Simulate a scenario's site and return a frozen :class:`SiteResult`.

    An orbital site's year is checked against ``budget`` before it is computed
    (:func:`wattflop.orbit.site.orbit_geometry`; the default budget when ``None``); a ground
    site's hourly year has a fixed size, and is solved once per content: read from the
    result cache when solved before (:mod:`wattflop.result_cache`).
    """
    from wattflop.scenario import GroundScenario

    if isinstance(scenario, GroundScenario):
        from wattflop.result_cache import simulate_ground

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

"""The parameters the page offers as sliders: dotted scenario keys with display units.

Each parameter is a key that :func:`wattflop.scenario.keys.set_key` edits on the raw
scenario, with a bare number read in the key's display unit. Slider ranges lie inside the
key's physical bounds (checked in the tests against :func:`~wattflop.scenario.keys.key_spec`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from wattflop.errors import ScenarioError
from wattflop.scenario import Scenario

Site = Literal["orbit", "ground", "both"]


@dataclass(frozen=True)
class Param:
    """A slider: ``key`` may hold ``{accelerator}`` (the scenario's accelerator name)."""

    id: str
    key: str
    label: str
    unit: str
    site: Site
    lo: float
    hi: float
    step: float

    def key_for(self, sc: Scenario) -> str:
        return self.key.format(accelerator=sc.workload.accelerator)


PARAMS: tuple[Param, ...] = (
    Param("lp", "launch.price_per_kg", "launch price", "USD/kg", "orbit", 10, 3000, 10),
    Param(
        "sp", "satellite.array.specific_power", "array specific power", "W/kg", "orbit",
        20, 500, 5,
    ),
    Param(
        "rt", "satellite.radiator.temperature", "radiator temperature", "degC", "orbit",
        -40, 100, 1,
    ),
    Param(
        "fr", "catalog.accelerators.{accelerator}.failure_rate", "accelerator failure rate",
        "1/yr", "orbit", 0, 0.5, 0.01,
    ),
    Param("alt", "orbit.altitude", "altitude", "km", "orbit", 400, 1500, 10),
    Param(
        "gas", "plant.gas_turbines.fuel_price", "gas price", "USD/MMBtu", "ground", 1, 15, 0.1
    ),
    Param("grid", "plant.grid.connection_limit", "grid limit", "MW", "ground", 0, 2000, 10),
    Param("dr", "economics.discount_rate", "discount rate", "", "both", 0.01, 0.2, 0.005),
)  # fmt: skip
BY_ID = {p.id: p for p in PARAMS}


def slider_for(sc: Scenario, key: str) -> Param | None:
    """The slider that edits ``key`` in a scenario, if the page has one."""
    return next((p for p in PARAMS if p.key_for(sc) == key), None)


def applies(p: Param, site: str) -> bool:
    return p.site in (site, "both")


def param_values(
    raw: Mapping[str, Any], sc: Scenario, site: str, result: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The parameters of a site with the value the scenario uses, in the display unit.

    ``value`` is None for an optional key left unset; ``implied`` then gives the value the
    design ends up with where a result shows it (array specific power from the cell
    technology: BOL array power / array mass).
    """
    from wattflop.scenario.keys import get_key, key_spec, to_display

    out = []
    for p in PARAMS:
        if not applies(p, site):
            continue
        key = p.key_for(sc)
        spec = key_spec(raw, key)
        try:
            value: float | None = to_display(spec, get_key(raw, key))
        except ScenarioError:
            value = None
        implied = None
        if value is None and result is not None and p.id == "sp":
            power = result.get("power", {})
            mass = result.get("mass", {}).get("by_part_kg", {})
            if mass.get("solar_array"):
                implied = float(power["array_bol_w"]) / float(mass["solar_array"])
        out.append(asdict(p) | {"key": key, "value": value, "implied": implied})
    return out

"""The parameters the page offers as sliders: dotted scenario keys with display units, a line
that says what each does, preset values with their sources, and ranges.

Each parameter is a key that :func:`wattflop.scenario.keys.set_key` edits on the raw
scenario, with a bare number read in the key's display unit. The static ranges
(:data:`PARAMS`) lie inside the key's physical bounds and cover every bundled scenario's value
and every preset (both checked in the tests); a scenario's own range (:func:`scenario_range`)
widens them to its value and narrows them to the limits its catalogue entries set: the
radiator may not run hotter than the accelerator's coolant limit less the coolant loop's
temperature difference (the check of :func:`wattflop.orbit.satellite.size_satellite`), so
the slider stops there, with the reason.

Preset values come from the catalogue (launch vehicles) or from the figures of the project's
reference list, with their sources; a preset is a value the key takes, in its display unit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

from wattflop import catalog
from wattflop.errors import ScenarioError
from wattflop.scenario import OrbitScenario, Scenario
from wattflop.scenario.keys import KeySpec

Site = Literal["orbit", "ground", "both"]
Scale = Literal["linear", "log"]


@dataclass(frozen=True)
class Preset:
    """A marked value of a slider [its display unit], with where it comes from."""

    label: str
    value: float
    source: str


@dataclass(frozen=True)
class Param:
    """A slider: ``key`` may hold ``{accelerator}`` (the scenario's accelerator name).

    ``scale``: how the page should lay the range out ("log" where the interesting values span
    decades, e.g. launch prices from 15 to 3,600 USD/kg).
    """

    id: str
    key: str
    label: str
    unit: str
    site: Site
    lo: float
    hi: float
    step: float
    description: str
    presets: tuple[Preset, ...] = ()
    scale: Scale = "linear"

    def key_for(self, sc: Scenario) -> str:
        return self.key.format(accelerator=sc.workload.accelerator)


def _vehicle_preset(name: str, label: str) -> Preset:
    """A launch vehicle's catalogue price as a preset [USD/kg]."""
    entry = catalog.get("launch_vehicles", name)
    assert isinstance(entry, catalog.LaunchVehicle)
    src = catalog.sources("launch_vehicles", name)["price_per_kg"]
    return Preset(label, float(entry.price_per_kg), f"catalogue, {name}: {src['source']}")


_SUNCATCHER_LAUNCH = (
    "Agüera y Arcas et al., Project Suncatcher, arXiv:2511.19468 v2 §4.4: bottom-up Starship "
    "cost ≲ 60 USD/kg at 10× reuse, ≲ 15 USD/kg at 100× reuse (a cost estimate, not a price)"
)
_LLAMA3 = (
    "Meta, The Llama 3 Herd of Models (2024) §3.3.4, Table 5: 419 interruptions in 54 days on "
    "16,384 H100 GPUs"
)
_EIA_STEO = "EIA Short-Term Energy Outlook, Sep 2025 (Henry Hub)"
_COLOSSUS = "press reports on xAI Colossus 1, Memphis (secondary): grid 150 MW, then 300 MW"

PARAMS: tuple[Param, ...] = (
    Param(
        id="lp", key="launch.price_per_kg", label="launch price", unit="USD/kg", site="orbit",
        lo=10, hi=4000, step=5, scale="log",
        description="What a kilogram to low Earth orbit costs; the whole satellite is "
        "launched, so it scales the launch line and, through late compute, the wait.",
        presets=(
            Preset("Starship, 100× reuse", 15, _SUNCATCHER_LAUNCH),
            Preset("Starship, 10× reuse", 60, _SUNCATCHER_LAUNCH),
            _vehicle_preset("starship", "Starship, no reuse"),
            _vehicle_preset("falcon9-reusable", "Falcon 9"),
        ),
    ),
    Param(
        id="sp", key="satellite.array.specific_power", label="array specific power",
        unit="W/kg", site="orbit", lo=20, hi=500, step=5,
        description="Watts of solar array per kilogram of array: a lighter array is less "
        "mass to launch. Unset, it follows from the cell technology.",
        presets=(
            Preset("ISS roll-out array (iROSA)", 60, "flown array, ≈ 60 W/kg (secondary)"),
            Preset(
                "flexible blanket, state of the art", 150, "NASA NTRS 20150006022: ~150 W/kg"
            ),
        ),
    ),
    Param(
        id="rt", key="satellite.radiator.temperature", label="radiator temperature",
        unit="degC", site="orbit", lo=-40, hi=100, step=1,
        description="Temperature of the radiator panels: a hotter radiator sheds more heat "
        "per m² (σT⁴), but needs hotter coolant than the chips may take.",
        presets=(Preset("Starcloud white paper", 20, "Starcloud white paper v1.03 (2024)"),),
    ),
    Param(
        id="fr", key="catalog.accelerators.{accelerator}.failure_rate",
        label="accelerator failure rate", unit="1/yr", site="orbit", lo=0, hi=0.5, step=0.01,
        description="Accelerators that fail for good each year: in orbit each one costs a "
        "spare launched ahead, on the ground a replacement part.",
        presets=(
            Preset("'faulty GPU' (Llama 3)", 0.061, _LLAMA3 + ": 148 faulty GPU / 2,422 GPU-yr"),
            Preset("GPU-related (Llama 3)", 0.11, _LLAMA3 + ": GPU-related causes"),
            Preset("every interruption (Llama 3)", 0.17, _LLAMA3 + ": 419 / 2,422 GPU-yr"),
        ),
    ),
    Param(
        id="alt", key="orbit.altitude", label="altitude", unit="km", site="orbit",
        lo=400, hi=1500, step=10,
        description="Height of the orbit: lower sees more drag (propellant), higher a larger "
        "radiation dose (shielding, failures).",
        presets=(
            Preset("SpaceX AI1", 600, "press reports of the reveal, June 2026 (secondary)"),
            Preset("Suncatcher formation", 650, "Agüera y Arcas et al., arXiv:2511.19468 v2"),
        ),
    ),
    Param(
        id="gas", key="plant.gas_turbines.fuel_price", label="gas price", unit="USD/MMBtu",
        site="ground", lo=1, hi=15, step=0.1,
        description="Delivered price of natural gas: the turbines' fuel, the ground site's "
        "largest running cost after its staff.",
        presets=(
            Preset("low: 2024 average", 2.19, _EIA_STEO + ": 2024 average"),
            Preset("representative: 2025", 3.52, _EIA_STEO + ": 2025"),
            Preset("high: 2026 forecast", 4.28, _EIA_STEO + ": 2026 forecast"),
        ),
    ),
    Param(
        id="grid", key="plant.grid.connection_limit", label="grid limit", unit="MW",
        site="ground", lo=0, hi=2000, step=10,
        description="Most power the campus may draw from the grid; the optimiser builds "
        "turbines, batteries and PV for the rest. 0: off the grid.",
        presets=(
            Preset("Colossus 1, first connection", 150, _COLOSSUS),
            Preset("Colossus 1, upgraded", 300, _COLOSSUS),
        ),
    ),
    Param(
        id="dr", key="economics.discount_rate", label="discount rate", unit="", site="both",
        lo=0.01, hi=0.2, step=0.005,
        description="Real cost of capital per year: spreads every purchase over its life; a "
        "higher rate weighs on the site with more capital up front.",
        presets=(
            Preset("US OMB base case", 0.07, "US OMB Circular A-94 (1992), base case 7 %"),
        ),
    ),
)  # fmt: skip
BY_ID = {p.id: p for p in PARAMS}


def slider_for(sc: Scenario, key: str) -> Param | None:
    """The slider that edits ``key`` in a scenario, if the page has one."""
    return next((p for p in PARAMS if p.key_for(sc) == key), None)


def applies(p: Param, site: str) -> bool:
    return p.site in (site, "both")


@dataclass(frozen=True)
class Range:
    """A slider's range on one scenario [display unit], with the reason for a limit."""

    lo: float
    hi: float
    hi_reason: str = ""


@dataclass(frozen=True)
class ParamState:
    """A slider on one scenario: the parameter, its key with the accelerator filled in, the
    scenario's value, and the range on this scenario."""

    id: str
    key: str
    label: str
    unit: str
    site: Site
    lo: float
    hi: float
    step: float
    description: str
    presets: tuple[Preset, ...]
    scale: Scale
    value: float | None = None
    implied: float | None = None
    hi_reason: str = ""


def _radiator_limit(sc: OrbitScenario, spec: KeySpec) -> tuple[float, str]:
    """The hottest radiator the accelerator's coolant limit allows [degC], with the reason:
    radiator + coolant ΔT ≤ the accelerator's highest coolant temperature."""
    from wattflop.scenario.keys import to_display

    acc = sc.accelerator
    name = sc.workload.accelerator
    delta = float(sc.satellite.radiator.coolant_delta_t)
    limit_k = float(acc.max_coolant_temperature)
    hi = to_display(spec, limit_k - delta)
    top = round(hi, 6)
    assert spec.quantity is not None
    if spec.quantity.convert(f"{top!r} {spec.input_unit}") + delta > limit_k:
        top = math.floor(hi * 1e6) / 1e6  # rounding up crossed the limit
    src = "the scenario's own catalogue entry"
    if name in catalog.names("accelerators"):
        bundled = catalog.get("accelerators", name)
        assert isinstance(bundled, catalog.Accelerator)
        if float(bundled.max_coolant_temperature) == limit_k:  # not overridden
            src = catalog.sources("accelerators", name)["max_coolant_temperature"]["source"]
    limit_c = to_display(spec, limit_k)
    reason = (
        f"{name} accepts coolant up to {limit_c:g} °C and the coolant runs "
        f"{delta:g} K above the radiator (satellite.radiator.coolant_delta_t): a hotter "
        f"radiator is infeasible. Limit: {src}"
    )
    return top, reason


def scenario_range(p: Param, raw: Mapping[str, Any], sc: Scenario, value: float | None) -> Range:
    """The range of a slider on a scenario: the static one widened to the scenario's
    ``value`` [display unit; None: unset], then narrowed to the limits of its catalogue
    entries (radiator ≤ coolant limit − ΔT)."""
    from wattflop.scenario.keys import key_spec

    lo, hi = p.lo, p.hi
    if value is not None:
        lo, hi = min(lo, value), max(hi, value)
    reason = ""
    if p.id == "rt" and isinstance(sc, OrbitScenario):
        limit, why = _radiator_limit(sc, key_spec(raw, p.key_for(sc)))
        if limit < hi:
            hi, reason = limit, why
            lo = min(lo, hi)
    return Range(lo, hi, reason)


def param_values(
    raw: Mapping[str, Any], sc: Scenario, site: str, result: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The parameters of a site with the value the scenario uses, in the display unit, and
    the range on this scenario (:func:`scenario_range`), as plain data for the response.

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
        rng = scenario_range(p, raw, sc, value)
        state = ParamState(
            id=p.id, key=key, label=p.label, unit=p.unit, site=p.site, lo=rng.lo, hi=rng.hi,
            step=p.step, description=p.description, presets=p.presets, scale=p.scale,
            value=value, implied=implied, hi_reason=rng.hi_reason,
        )  # fmt: skip
        out.append(asdict(state))
    return out

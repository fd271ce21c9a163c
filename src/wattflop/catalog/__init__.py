"""The bundled catalogue: accelerators, launch vehicles, solar-cell technologies, batteries.

Each entry lives in a YAML data file next to this module; every number there is written as
``{value: "700 W", source: "...", date: "YYYY-MM"}``. Entries are validated by the same
pydantic models as user-defined entries in a scenario's ``catalog:`` section, so a user entry
and a bundled one are interchangeable.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from wattflop.quantity import Q


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)
    description: str = Field("", description="What this entry is.")


class Accelerator(_Entry):
    """An AI accelerator with its share of the server or rack around it."""

    tdp: Annotated[float, Q("W", gt=0, le=20e3, description="Board power of one accelerator")]
    system_power: Annotated[
        float,
        Q(
            "W",
            gt=0,
            le=50e3,
            description="Per-accelerator share of server/rack power (host, network)",
        ),
    ]
    system_mass: Annotated[
        float, Q("kg", gt=0, le=1e3, description="Per-accelerator share of server/rack mass")
    ]
    peak_flops: Annotated[
        float, Q("FLOP/s", gt=0, le=1e18, show="TFLOP/s", description="Peak dense BF16 throughput")
    ]
    system_price: Annotated[
        float,
        Q(
            "USD",
            ge=0,
            le=1e8,
            description="Price per accelerator including its share of the server/rack",
        ),
    ]
    failure_rate: Annotated[
        float,
        Q(
            "1/yr",
            ge=0,
            le=10,
            description="Permanent hardware failures per accelerator-year: each costs a part "
            "(a spare in orbit, a replacement on the ground)",
        ),
    ]
    interruption_rate: Annotated[
        float,
        Q(
            "1/yr",
            ge=0,
            le=100,
            description="Transient interruptions per accelerator-year (a restart, no part "
            "replaced): each costs downtime only. Omitted in a user entry: 0",
        ),
    ]
    interruption_recovery_time: Annotated[
        float,
        Q(
            "s",
            ge=0,
            le=1e6,
            description="Work time lost per transient interruption. Omitted in a user entry: "
            "the upset recovery time",
        ),
    ]
    flight_mass: Annotated[
        float,
        Q(
            "kg",
            gt=0,
            le=1e3,
            description="Per-accelerator flight compute mass: board, cold plate and a share of "
            "host, switch and DC power conversion, without terrestrial rack steel, fans or AC "
            "power shelves. Omitted in a user entry: system_mass (conservative)",
        ),
    ]
    part_mass: Annotated[
        float,
        Q(
            "kg",
            gt=0,
            le=1e3,
            description="Mass of the part a permanent failure replaces (board or tray share): "
            "what a cold spare weighs. Omitted in a user entry: flight_mass",
        ),
    ]
    part_price: Annotated[
        float,
        Q(
            "USD",
            ge=0,
            le=1e8,
            description="Price of the part a permanent failure replaces (a spare in orbit, a "
            "replacement on the ground). Omitted in a user entry: system_price",
        ),
    ]
    total_dose_tolerance: Annotated[
        float,
        Q("Gy", gt=0, le=1e5, show="rad_Si", description="Total ionising dose before wear-out"),
    ]
    upset_rate_per_dose: Annotated[
        float,
        Q(
            "1/Gy",
            ge=0,
            le=1e6,
            show="1/rad_Si",
            description="Work-interrupting single-event effects per unit dose, per accelerator",
        ),
    ]
    upset_recovery_time: Annotated[
        float, Q("s", ge=0, le=1e6, description="Time lost per single-event effect")
    ]
    max_coolant_temperature: Annotated[
        float,
        Q(
            "K",
            gt=200,
            le=500,
            show="degC",
            description="Highest coolant supply temperature the system accepts",
        ),
    ]


    @model_validator(mode="before")
    @classmethod
    def _derived_defaults(cls, data: Any) -> Any:
        """A user entry may omit the failure split and the flight figures: they default to
        the conservative terrestrial ones (documented per field)."""
        if not isinstance(data, dict):
            return data
        out = dict(data)
        out.setdefault("interruption_rate", "0 1/yr")
        for key, fallback in (
            ("interruption_recovery_time", "upset_recovery_time"),
            ("flight_mass", "system_mass"),
            ("part_mass", "flight_mass"),
            ("part_price", "system_price"),
        ):
            if key not in out and fallback in out:
                out[key] = out[fallback]
        return out


class LaunchVehicle(_Entry):
    """A launch vehicle's capacity to low Earth orbit and its price."""

    payload_to_leo: Annotated[
        float, Q("kg", gt=0, le=1e6, show="t", description="Payload mass to low Earth orbit")
    ]
    fairing_volume: Annotated[float, Q("m^3", gt=0, le=1e5, description="Usable payload volume")]
    price_per_kg: Annotated[
        float, Q("USD/kg", ge=0, le=1e6, description="Price per kg of payload capacity")
    ]


class SolarCell(_Entry):
    """A solar-cell technology and the array wing built from it."""

    efficiency: Annotated[
        float,
        Q(
            "",
            gt=0,
            le=1,
            description="Beginning-of-life AM0 cell efficiency at the reference temperature",
        ),
    ]
    reference_temperature: Annotated[
        float,
        Q(
            "K",
            gt=0,
            le=500,
            show="degC",
            description="Temperature at which the efficiency is rated",
        ),
    ]
    temperature_coefficient: Annotated[
        float, Q("1/K", ge=-0.05, le=0.0, description="Relative change of efficiency per kelvin")
    ]
    degradation_per_year: Annotated[
        float, Q("1/yr", ge=0, lt=1, description="Relative loss of output per year in orbit")
    ]
    areal_density: Annotated[
        float, Q("kg/m^2", gt=0, le=50, description="Mass per unit area of the whole array wing")
    ]
    price_per_watt: Annotated[
        float, Q("USD/W", ge=0, le=1e4, description="Price per watt of array (beginning of life)")
    ]
    solar_absorptance: Annotated[
        float, Q("", gt=0, le=1, description="Front-side solar absorptance")
    ]
    emissivity_front: Annotated[
        float, Q("", gt=0, le=1, description="Front-side infrared emissivity")
    ]
    emissivity_back: Annotated[
        float, Q("", gt=0, le=1, description="Back-side infrared emissivity")
    ]


class BatteryTech(_Entry):
    """A rechargeable battery technology at pack level."""

    specific_energy: Annotated[
        float, Q("J/kg", gt=0, le=3.6e6, show="W*h/kg", description="Pack-level specific energy")
    ]
    cycle_life_full_dod: Annotated[
        float, Q("", gt=0, le=1e7, description="Cycles to end of life at 100 % depth of discharge")
    ]
    cycle_life_exponent: Annotated[float, Q("", gt=0, le=10, description="k in N(D) = N100·D^-k")]
    charge_efficiency: Annotated[float, Q("", gt=0, le=1, description="One-way charge efficiency")]
    discharge_efficiency: Annotated[
        float, Q("", gt=0, le=1, description="One-way discharge efficiency")
    ]
    price_per_kwh: Annotated[
        float, Q("USD/J", ge=0, le=1, show="USD/(kW*h)", description="Pack price per unit energy")
    ]


KINDS: dict[str, tuple[str, type[_Entry]]] = {
    "accelerators": ("accelerators.yaml", Accelerator),
    "launch_vehicles": ("launch_vehicles.yaml", LaunchVehicle),
    "solar_cells": ("solar_cells.yaml", SolarCell),
    "batteries": ("batteries.yaml", BatteryTech),
}

E = TypeVar("E", bound=_Entry)


def _strip_sources(raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    values: dict[str, Any] = {}
    sources: dict[str, dict[str, str]] = {}
    for key, item in raw.items():
        if isinstance(item, dict) and "value" in item:
            values[key] = item["value"]
            sources[key] = {
                "source": str(item.get("source", "")),
                "date": str(item.get("date", "")),
            }
        else:
            values[key] = item
    return values, sources


@cache
def _load_kind(kind: str) -> tuple[dict[str, _Entry], dict[str, dict[str, dict[str, str]]]]:
    filename, model = KINDS[kind]
    text = resources.files(__name__).joinpath(filename).read_text(encoding="utf-8")
    raw = yaml.safe_load(text) or {}
    entries: dict[str, _Entry] = {}
    sources: dict[str, dict[str, dict[str, str]]] = {}
    for name, body in raw.items():
        values, src = _strip_sources(body)
        missing = [k for k in model.model_fields if k != "description" and k not in src]
        if missing:  # bundled numbers must all carry a source
            raise RuntimeError(f"catalogue {filename}: {name}: no source for {missing}")
        entries[name] = model.model_validate(values)
        sources[name] = src
    return entries, sources


def names(kind: str) -> list[str]:
    """Names of the bundled entries of a kind (``accelerators``, ``launch_vehicles``,
    ``solar_cells``, ``batteries``)."""
    return sorted(_load_kind(kind)[0])


def get(kind: str, name: str) -> _Entry:
    """A bundled entry; ``KeyError`` if absent."""
    return _load_kind(kind)[0][name]


def sources(kind: str, name: str) -> dict[str, dict[str, str]]:
    """Source and date of every number of a bundled entry."""
    return _load_kind(kind)[1][name]


def model_for(kind: str) -> type[_Entry]:
    """The pydantic model of a kind of entry."""
    return KINDS[kind][1]

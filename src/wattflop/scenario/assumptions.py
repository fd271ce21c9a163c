"""Every input a run uses, with its value, unit and source: the scenario's own values, the
defaults it leaves to the models, and the catalogue entries it names.

A default's source is the text ``wattflop schema`` shows for the key (the field's description,
which carries the source of its default by the models' convention, :class:`wattflop.quantity.Q`);
a catalogue number's source is the catalogue's own (``wattflop catalog KIND NAME``). A value
written in the scenario is the scenario's: its source is the scenario file. Nothing here adds
a source of its own.

>>> from wattflop.scenario.keys import load_raw
>>> rows = assumptions(load_raw("orbit-1gw-dawn-dusk-650km"), "orbit-1gw-dawn-dusk-650km.yaml")
>>> launch = next(r for r in rows if r.key == "launch.price_per_kg")
>>> launch.value, launch.unit, launch.origin
(460.0, 'USD/kg', 'catalogue')
>>> next(r for r in rows if r.key == "orbit.altitude").origin
'scenario'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from wattflop import catalog
from wattflop.quantity import Q
from wattflop.scenario.common import resolve_entry
from wattflop.scenario.keys import (
    entry_model_of,
    field_quantity,
    model_of,
    raw_at,
    submodel_of,
    to_display,
)
from wattflop.scenario.load import parse_scenario

Origin = Literal["scenario", "default", "catalogue"]
#: Keys that name or describe the scenario, or that a run ignores (``uncertainty`` is read by
#: ``wattflop montecarlo`` only): not assumptions of a run.
SKIPPED = frozenset({"name", "title", "description", "site", "uncertainty", "catalog"})
#: The unit and bounds that :class:`~wattflop.quantity.Q` appends to a description.
_SUFFIX = re.compile(r"\s\[[^\]]*\](; bounds .*)?$")


@dataclass(frozen=True)
class Assumption:
    """One input of a run.

    Attributes
    ----------
    key : str
        Dotted scenario key (``catalog.<kind>.<name>.<field>`` for a catalogue number).
    value : float, str, bool or None
        In the key's display unit for a number; text for choices, names and dates.
    unit : str
        The display unit (``""``: dimensionless or not a number).
    source : str
        Where the value comes from (module docstring).
    origin : {"scenario", "default", "catalogue"}
    """

    key: str
    value: float | str | bool | None
    unit: str
    source: str
    origin: Origin


def _text(q: Q | None, info: FieldInfo) -> str:
    """The schema's text of a field, without the unit and bounds Q appends."""
    text = q.description if q is not None else (info.description or "")
    return _SUFFIX.sub("", text).strip()


def _plain(value: Any) -> float | str | bool | None:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool | str) or value is None:
        return value
    if isinstance(value, int | float):
        return _tidy(float(value))
    if isinstance(value, dt.datetime):
        return value.isoformat().replace("+00:00", "Z")
    return str(value)


def _display(q: Q | None, value: Any) -> tuple[float | str | bool | None, str]:
    """A field's value and unit as the schema shows them."""
    if q is None or not isinstance(value, int | float) or isinstance(value, bool):
        return _plain(value), ""
    from wattflop.scenario.keys import KeySpec

    spec = KeySpec(key="", path=(), kind="quantity", unit=q.unit, show=q.show, quantity=q)
    unit = q.show or q.unit
    return _tidy(to_display(spec, float(value)) if q.show else float(value)), unit


def _tidy(x: float) -> float:
    """12 significant digits: 5 yr read back from seconds is 5, not 4.999999999999999."""
    return float(f"{x:.12g}")


def _walk(
    model: type[BaseModel],
    node: Any,
    raw: Any,
    prefix: tuple[str, ...],
    source: str,
    out: list[Assumption],
) -> None:
    for name, info in model.model_fields.items():
        if not prefix and name in SKIPPED:
            continue
        if entry_model_of(info.annotation) is not None:
            continue
        path = (*prefix, name)
        value = getattr(node, name)
        here = raw.get(name) if isinstance(raw, Mapping) else None
        sub = submodel_of(info.annotation)
        if sub is not None:
            if value is not None:  # an optional section left out is no input
                _walk(sub, value, here, path, source, out)
            continue
        if value is None:
            continue  # optional and unset: the models derive it (said by the key it follows)
        q = field_quantity(info)
        shown, unit = _display(q, value)
        written = isinstance(raw, Mapping) and name in raw
        out.append(
            Assumption(
                key=".".join(path),
                value=shown,
                unit=unit,
                source=f"scenario file {source}" if written else _text(q, info),
                origin="scenario" if written else "default",
            )
        )


def _catalogue_rows(sc: Any, raw: Mapping[str, Any], source: str) -> list[Assumption]:
    """The numbers of every catalogue entry the scenario names."""
    out: list[Assumption] = []
    for kind, path in type(sc).REFS:
        node: Any = sc
        for part in path:
            node = getattr(node, part)
        name = str(node)
        entry = resolve_entry(sc.catalog, kind, name)
        own = raw_at(raw, ("catalog", kind, name))
        bundled = catalog.get(kind, name) if name in catalog.names(kind) else None
        srcs = catalog.sources(kind, name) if bundled is not None else {}
        for field, info in type(entry).model_fields.items():
            if field == "description":
                continue
            value = getattr(entry, field)
            q = field_quantity(info)
            shown, unit = _display(q, value)
            key = f"catalog.{kind}.{name}.{field}"
            same = bundled is not None and getattr(bundled, field) == value
            if same and field in srcs:
                src = srcs[field]
                text = f"catalogue {kind}/{name}: {src['source']}"
                if src.get("date"):
                    text += f" ({src['date']})"
                out.append(Assumption(key, shown, unit, text, "catalogue"))
            else:
                written = isinstance(own, Mapping) and field in own
                text = f"scenario file {source}" + ("" if written else f" ({_text(q, info)})")
                out.append(Assumption(key, shown, unit, text, "scenario"))
    return out


def assumptions(raw: Mapping[str, Any], source: str = "<scenario>") -> tuple[Assumption, ...]:
    """Every input a run of ``raw`` uses (orbit or ground), in schema order, then the
    catalogue entries it names.

    Parameters
    ----------
    raw : mapping
        A raw scenario (:func:`wattflop.scenario.keys.load_raw`); validated here.
    source : str
        The scenario's file name, for the values it writes.

    Raises
    ------
    ScenarioError
        For an invalid scenario.
    """
    model = model_of(raw)
    sc = parse_scenario(dict(raw), source=source)
    rows: list[Assumption] = []
    _walk(model, sc, raw, (), source, rows)
    catalogue = _catalogue_rows(sc, raw, source)
    # an unset launch price is the vehicle's: say so on the key users look for
    if getattr(getattr(sc, "launch", None), "price_per_kg", False) is None:
        vehicle = next(
            r
            for r in catalogue
            if r.key.startswith("catalog.launch_vehicles.") and r.key.endswith(".price_per_kg")
        )
        rows.append(
            Assumption(
                "launch.price_per_kg", vehicle.value, vehicle.unit,
                f"the launch vehicle's price ({vehicle.key}): {vehicle.source}", "catalogue",
            )
        )  # fmt: skip
    return (*rows, *catalogue)

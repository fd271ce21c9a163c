"""Dotted scenario keys: read, get, set and scale a key of a raw scenario mapping, with its
unit and bounds.

Keys are dotted paths into a scenario file, e.g. ``launch.price_per_kg``,
``satellite.radiator.temperature`` or ``catalog.accelerators.GB200.system_price``. They are
edited on the *raw* mapping read from YAML (:func:`load_raw`), never on a validated scenario,
so every changed scenario goes through the same validation as a file
(:func:`wattflop.parse_scenario`). Break-even, Monte Carlo, sweeps, learning curves, claims
and the web API all edit scenarios through this module.

Values and units
----------------
A value for a key is either

- a **string with units**, e.g. ``"300 USD/kg"`` or ``"45 degC"``: written into the mapping as
  given, exactly as in a scenario file; or
- a **bare number**, read in the key's *display unit*: the unit the scenario schema shows for
  it (``Q.show``, e.g. ``km`` for ``orbit.altitude``, ``degC`` for a radiator temperature,
  ``yr`` for ``economics.satellite_life``), else its SI storage unit (``Q.unit``, e.g.
  ``USD/kg``), else a plain number for dimensionless keys. It is written as
  ``"<number> <display unit>"``. :func:`key_spec` tells which unit that is
  (:attr:`KeySpec.input_unit`); ``wattflop schema`` shows the same unit.

Values are checked against the key's unit and physical bounds when they are set, with an
error that names the key.

Keys are validated against the scenario models, not only the mapping: a key whose default is
used (absent from the file, like ``satellite.radiator.temperature`` in a minimal scenario)
is accepted and created. A catalogue key (``catalog.<kind>.<name>.<field>``) edits the
scenario's own entry of that name; when the scenario has none, the bundled entry is copied in
first (a scenario's entries take precedence over bundled ones of the same name), so only the
named field changes.

Examples
--------
>>> raw = {"site": "orbit", "launch": {"price_per_kg": "1000 USD/kg"}}
>>> key_spec(raw, "orbit.altitude").input_unit
'km'
>>> set_key(raw, "launch.price_per_kg", 300)["launch"]
{'price_per_kg': '300.0 USD/kg'}

On a whole scenario (a bundled one by name, or a file), values read back in SI; a key the
file leaves out reads its default, and the vehicle's price stands for an unset launch price:

>>> raw = load_raw("orbit-20mw-inclined-550km")
>>> get_key(raw, "orbit.altitude"), get_key(raw, "satellite.radiator.temperature")
(550000.0, 288.15)
>>> get_key(raw, "launch.price_per_kg")
3600.0
>>> scale_keys(raw, {"launch.price_per_kg": 0.5})["launch"]["price_per_kg"]
'1800.0 USD/kg'
>>> set_key(raw, "orbit.altitude", 50)
Traceback (most recent call last):
...
wattflop.errors.ScenarioError: invalid scenario: 1 problem
  <scenario>: orbit.altitude: must be ≥ 200 km, got 50 km (...)
    hint: a bare number is read in km
>>> "launch.price_per_kg" in numeric_keys("orbit")
True
"""

from __future__ import annotations

import copy
import difflib
import math
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from wattflop import catalog
from wattflop.errors import Problem, ScenarioError
from wattflop.quantity import Q
from wattflop.scenario.common import resolve_entry
from wattflop.scenario.ground import GroundScenario
from wattflop.scenario.load import SITES, Scenario, parse_scenario
from wattflop.scenario.orbit import OrbitScenario
from wattflop.units import registry

# ---------------------------------------------------------------------------------------
# Raw scenario mappings
# ---------------------------------------------------------------------------------------


def load_raw(path: str | Path) -> dict[str, Any]:
    """Read a scenario file into its raw mapping (unit strings kept, relative file paths
    made absolute), after checking that it is a valid scenario. ``path`` may name a bundled
    scenario (``orbit-1gw-dawn-dusk-650km``) when no such file exists, as in
    :func:`wattflop.load_scenario`.

    Raises
    ------
    ScenarioError
        As :func:`wattflop.load_scenario`.
    """
    from wattflop.bundled import find
    from wattflop.scenario.load import parse_scenario, read_text, resolve_paths
    from wattflop.yamlio import parse_yaml

    p = find(path, "scenarios")
    text = read_text(p)
    data = parse_yaml(text, str(p))
    if isinstance(data, dict):
        data = resolve_paths(data, p.parent)
    parse_scenario(data, source=str(p), text=text)  # every error with file, line and key
    return dict(data)


def model_of(raw: Mapping[str, Any]) -> type[OrbitScenario] | type[GroundScenario]:
    site = raw.get("site") if isinstance(raw, Mapping) else None
    model = SITES.get(site) if isinstance(site, str) else None
    if model is None:
        close = difflib.get_close_matches(str(site), list(SITES), n=1)
        what = "required key is missing" if site is None else f"unknown site '{site}'"
        hint = (f"did you mean '{close[0]}'? " if close else "") + "choose: " + ", ".join(SITES)
        raise ScenarioError([Problem("site", what, None, None, hint)])
    return model


# ---------------------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------------------

KeyKind = Literal["quantity", "number", "integer", "other"]


@dataclass(frozen=True)
class KeySpec:
    """What a dotted key names in a scenario model.

    Attributes
    ----------
    key : str
        The dotted key.
    path : tuple of str
        Its parts.
    kind : {"quantity", "number", "integer", "other"}
        ``quantity``: a float with units (:class:`wattflop.quantity.Q`); ``number`` and
        ``integer``: plain numbers; ``other``: text, choices, flags, lists.
    unit : str
        SI unit the value is stored in (``""``: dimensionless or not a quantity).
    show : str or None
        Unit the schema shows and bare numbers are read in, when it differs from ``unit``.
    catalog_entry : tuple of (kind, name), or None
        For ``catalog.<kind>.<name>.<field>`` keys.
    """

    key: str
    path: tuple[str, ...]
    kind: KeyKind
    unit: str = ""
    show: str | None = None
    quantity: Q | None = field(default=None, compare=False, repr=False)
    catalog_entry: tuple[str, str] | None = None

    @property
    def input_unit(self) -> str:
        """Unit of a bare number for this key (``""``: a plain number)."""
        return self.show or self.unit

    @property
    def continuous(self) -> bool:
        """Whether the key is a real number a root finder can vary."""
        return self.kind in ("quantity", "number")


def field_quantity(info: FieldInfo) -> Q | None:
    """The :class:`~wattflop.quantity.Q` of a model field (its unit, bounds and the
    description ``wattflop schema`` shows), or None for a field without units."""
    for m in info.metadata:
        if isinstance(m, Q):
            return m
    for arg in typing.get_args(info.annotation):  # Annotated[float, Q(...)] | None
        for m in getattr(arg, "__metadata__", ()):
            if isinstance(m, Q):
                return m
    return None


def _members(annotation: Any) -> tuple[Any, ...]:
    """The types of an annotation, unions unpacked, ``None`` dropped."""
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        return tuple(a for a in typing.get_args(annotation) if a is not type(None))
    return (annotation,)


def submodel_of(annotation: Any) -> type[BaseModel] | None:
    """The model of a section field (``Radiator`` for ``satellite.radiator``), else None."""
    for a in _members(annotation):
        if isinstance(a, type) and issubclass(a, BaseModel):
            return a
    return None


def entry_model_of(annotation: Any) -> type[BaseModel] | None:
    """The value model of a ``dict[str, Model]`` field (scenario catalogue sections)."""
    if typing.get_origin(annotation) is dict:
        args = typing.get_args(annotation)
        if len(args) == 2 and isinstance(args[1], type) and issubclass(args[1], BaseModel):
            return args[1]
    return None


def _leaf_kind(info: FieldInfo) -> KeyKind:
    if field_quantity(info) is not None:
        return "quantity"
    members = _members(info.annotation)
    if members == (int,):
        return "integer"
    if members == (float,):
        return "number"
    return "other"


def _leaf_keys(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[str]:
    out: list[str] = []
    for name, info in model.model_fields.items():
        if entry_model_of(info.annotation) is not None:
            continue  # catalogue sections: keys depend on entry names
        sub = submodel_of(info.annotation)
        if sub is not None:
            out += _leaf_keys(sub, (*prefix, name))
        else:
            out.append(".".join((*prefix, name)))
    return out


def numeric_keys(site: str) -> list[str]:
    """Every numeric key of a kind of site (``"orbit"`` or ``"ground"``), catalogue entries
    aside (those are ``catalog.<kind>.<name>.<field>``)."""
    model = model_of({"site": site})
    keys = []
    for key in _leaf_keys(model):
        spec = key_spec({"site": site}, key)
        if spec.kind != "other":
            keys.append(key)
    return keys


def _unknown(
    raw: Mapping[str, Any],
    key: str,
    prefix: tuple[str, ...],
    part: str,
    known: list[str],
    model: type[BaseModel],
    what: str = "key",
    rest: tuple[str, ...] = (),
) -> ScenarioError:
    where = ".".join(prefix)
    close = difflib.get_close_matches(part, known, n=1, cutoff=0.6)
    hint = ""
    if close:
        fixed = ".".join((*prefix, close[0], *rest))
        try:  # the whole key with this part corrected, if the rest is valid
            key_spec(raw, fixed)
        except ScenarioError:
            fixed = ".".join((*prefix, close[0]))
        hint = f"did you mean '{fixed}'? "
    else:
        leaves = _leaf_keys(model)
        ending = [k for k in leaves if k.endswith("." + key)]
        near = ending or difflib.get_close_matches(key, leaves, n=1, cutoff=0.6)
        if near:
            hint = f"did you mean '{near[0]}'? "
    if known:
        hint += f"allowed {'in ' + where if where else 'at the top level'}: {', '.join(known)}"
    message = f"unknown {what} '{part}'" + (f" in {where}" if where else "")
    return ScenarioError([Problem(key, message, None, None, hint.strip())])


def key_spec(raw: Mapping[str, Any], key: str) -> KeySpec:
    """Check a dotted key against the scenario's model (its ``site``) and say what it names.

    Keys with defaults that the mapping leaves out are valid. In
    ``catalog.<kind>.<name>.<field>`` the name must be one of the scenario's own entries or a
    bundled one.

    Raises
    ------
    ScenarioError
        For an unknown key (with a did-you-mean), or a key that names a section.
    """
    model = model_of(raw)
    parts = tuple(p.strip() for p in str(key).split("."))
    if not key or any(not p for p in parts):
        raise ScenarioError(
            [Problem(str(key), "a key is a dotted path such as 'launch.price_per_kg'")]
        )
    current: type[BaseModel] = model
    entry: tuple[str, str] | None = None
    i = 0
    while i < len(parts):
        part = parts[i]
        known = list(current.model_fields)
        if part not in current.model_fields:
            raise _unknown(raw, key, parts[:i], part, known, model, rest=parts[i + 1 :])
        info = current.model_fields[part]
        entry_model = entry_model_of(info.annotation)
        if entry_model is not None:
            if i + 1 >= len(parts):
                raise ScenarioError(
                    [
                        Problem(
                            key,
                            "names a catalogue section, not a value",
                            hint=f"write {key}.<name>.<field>, e.g. "
                            f"{key}.{(catalog.names(part) or ['name'])[0]}."
                            f"{next(iter(entry_model.model_fields))}",
                        )
                    ]
                )
            name = parts[i + 1]
            own = raw_at(raw, parts[: i + 1])
            names = sorted(
                set(catalog.names(part) if part in catalog.KINDS else [])
                | (set(own) if isinstance(own, Mapping) else set())
            )
            if name not in names:
                raise _unknown(
                    raw, key, parts[: i + 1], name, names, model, "entry", parts[i + 2 :]
                )
            entry = (part, name)
            current = entry_model
            i += 2
            continue
        sub = submodel_of(info.annotation)
        if sub is not None:
            current = sub
            i += 1
            continue
        if i != len(parts) - 1:
            raise ScenarioError(
                [
                    Problem(
                        key,
                        f"'{'.'.join(parts[: i + 1])}' is a value, not a section: nothing "
                        "lies below it",
                    )
                ]
            )
        q = field_quantity(info)
        return KeySpec(
            key=key,
            path=parts,
            kind=_leaf_kind(info),
            unit=q.unit if q is not None else "",
            show=q.show if q is not None and q.show != q.unit else None,
            quantity=q,
            catalog_entry=entry,
        )
    fields_here = ", ".join(current.model_fields)
    raise ScenarioError(
        [Problem(key, "names a section, not a value", hint=f"choose one of: {fields_here}")]
    )


def raw_at(raw: Any, path: tuple[str, ...]) -> Any:
    """The value at ``path`` in a raw mapping, or None where it is not written."""
    node = raw
    for part in path:
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        else:
            return None
    return node


def _problem(spec: KeySpec, message: str, value: object, hint: str = "") -> ScenarioError:
    return ScenarioError([Problem(spec.key, message, value, None, hint)])


def encode(spec: KeySpec, value: object) -> Any:
    """The value as it goes into the raw mapping, checked for unit and bounds."""
    is_number = isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )
    if spec.kind == "quantity":
        assert spec.quantity is not None
        if is_number:
            x = float(value)  # type: ignore[arg-type]
            if not math.isfinite(x):
                raise _problem(spec, f"{x} is not a finite number", None)
            text: object = f"{x!r} {spec.input_unit}" if spec.input_unit else x
        elif isinstance(value, str):
            text = value
        else:
            raise _problem(
                spec, f"expected a number or a quantity string, got {type(value).__name__}", None
            )
        try:
            spec.quantity.convert(text)  # units and physical bounds
        except PydanticCustomError as exc:
            unit = spec.input_unit
            hint = f"a bare number is read in {unit}" if unit else ""
            raise _problem(spec, exc.message(), value, hint) from None
        return text
    if spec.kind in ("number", "integer"):
        try:
            x = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise _problem(spec, "expected a plain number", value) from None
        if not math.isfinite(x):
            raise _problem(spec, f"{x} is not a finite number", None)
        if spec.kind == "integer":
            if x != round(x):
                raise _problem(spec, f"expected a whole number, got {x:g}", None)
            return round(x)
        return x
    return value


def entry_as_raw(kind: str, name: str) -> dict[str, Any]:
    """A bundled catalogue entry as a scenario writes it (unit strings in SI units)."""
    entry = catalog.get(kind, name)
    out: dict[str, Any] = {}
    for fname, info in type(entry).model_fields.items():
        v = getattr(entry, fname)
        q = field_quantity(info)
        if q is not None and q.unit:
            out[fname] = f"{float(v)!r} {q.unit}"
        else:
            out[fname] = v
    return out


def _write(raw: dict[str, Any], spec: KeySpec, encoded: Any) -> None:
    node: dict[str, Any] = raw
    parts = spec.path
    for n, part in enumerate(parts[:-1]):
        child = node.get(part)
        if child is None:
            if spec.catalog_entry is not None and n == len(parts) - 2:
                kind, name = spec.catalog_entry
                child = entry_as_raw(kind, name)  # bundled entry, edited in the copy
            else:
                child = {}
            node[part] = child
        elif not isinstance(child, dict):
            raise ScenarioError(
                [
                    Problem(
                        spec.key,
                        f"'{'.'.join(parts[: n + 1])}' is not a mapping in this scenario",
                        child,
                        None,
                        "write that section as an indented block of keys",
                    )
                ]
            )
        node = child
    node[parts[-1]] = encoded


def set_key(raw: Mapping[str, Any], dotted_key: str, value: str | float) -> dict[str, Any]:
    """A deep copy of a raw scenario mapping with one key set.

    Parameters
    ----------
    raw : mapping
        Scenario as read from YAML (see :func:`load_raw`); not modified.
    dotted_key : str
        e.g. ``"launch.price_per_kg"``, ``"satellite.radiator.temperature"``,
        ``"catalog.accelerators.GB200.system_price"``.
    value : str or float
        A quantity string (``"300 USD/kg"``), or a bare number in the key's display unit
        (:attr:`KeySpec.input_unit`; see the module docstring). Keys that are not numbers
        (choices, flags) take the value as written in YAML.

    Raises
    ------
    ScenarioError
        For an unknown key (did-you-mean), a value with wrong units or out of the key's
        physical bounds; the problem names the key.
    """
    spec = key_spec(raw, dotted_key)
    encoded = encode(spec, value)
    out = copy.deepcopy(dict(raw))
    _write(out, spec, encoded)
    return out


def catalog_names(raw: Mapping[str, Any]) -> dict[str, str]:
    """Names of the catalogue entries a scenario uses: ``accelerator``, and in orbit ``cell``,
    ``battery`` and ``vehicle`` (defaults included), for
    :func:`wattflop.study.learning.key_factors`."""
    sc = parse_scenario(dict(raw))
    names = {"accelerator": sc.workload.accelerator}
    if isinstance(sc, OrbitScenario):
        names |= {
            "cell": sc.satellite.array.cell,
            "battery": sc.satellite.battery.technology,
            "vehicle": sc.launch.vehicle,
        }
    return names


def _value_of(sc: Scenario, spec: KeySpec) -> Any:
    if spec.catalog_entry is not None:
        kind, name = spec.catalog_entry
        return getattr(resolve_entry(sc.catalog, kind, name), spec.path[-1])
    node: Any = sc
    for part in spec.path:
        node = getattr(node, part)
    if node is None and spec.path == ("launch", "price_per_kg") and isinstance(sc, OrbitScenario):
        return sc.vehicle.price_per_kg  # no override: the vehicle's price
    return node


def get_key(raw: Mapping[str, Any], dotted_key: str) -> float:
    """The value a scenario uses for a numeric key, in SI (:attr:`KeySpec.unit`): the
    written value, else the default, else the catalogue entry's; ``launch.price_per_kg``
    unset gives the vehicle's price.

    Raises
    ------
    ScenarioError
        For an unknown or non-numeric key, or an optional key left unset.
    """
    spec = key_spec(raw, dotted_key)
    if spec.kind == "other":
        raise _problem(spec, "is not a number", None)
    value = _value_of(parse_scenario(dict(raw)), spec)
    if value is None:
        raise _problem(spec, "is optional and unset in this scenario", None, "set it first")
    return float(value)


def scale_keys(raw: Mapping[str, Any], factors: Mapping[str, float]) -> dict[str, Any]:
    """A copy of a raw scenario with each key's value multiplied by its factor.

    Parameters
    ----------
    raw : mapping
        Raw scenario mapping; not modified.
    factors : mapping
        Dotted key → factor [-], e.g. from :func:`wattflop.study.learning.key_factors`.
        Values are read as the scenario uses them (:func:`get_key`) and written in SI units.
    """
    out = copy.deepcopy(dict(raw))
    if not factors:
        return out
    sc = parse_scenario(dict(raw))
    for key, factor in factors.items():
        spec = key_spec(raw, key)
        if not spec.continuous:
            raise _problem(spec, "only real-valued keys can be scaled", None)
        value = _value_of(sc, spec)
        if value is None:
            raise _problem(spec, "is optional and unset in this scenario", None, "set it first")
        x = float(value) * float(factor)
        encoded = encode(spec, f"{x!r} {spec.unit}" if spec.unit else x)
        _write(out, spec, encoded)
    return out


def to_input_unit(spec: KeySpec, value: str | float) -> float:
    """A range end as a number in the key's display unit (checked by :func:`encode`)."""
    if not isinstance(value, str):
        return float(value)
    if spec.kind != "quantity":
        return float(value)
    assert spec.quantity is not None
    si = spec.quantity.convert(value)
    if not spec.show:
        return si
    ureg = registry()
    unit = ureg.Unit(spec.unit) if spec.unit else ureg.dimensionless
    return float(ureg.Quantity(si, unit).to(spec.show).magnitude)


def to_display(spec: KeySpec, x: float) -> float:
    """An SI value in the unit the key is shown in (``USD/MMBtu`` rather than ``USD/J``)."""
    if not spec.show:
        return float(x)
    from wattflop.units import registry

    ureg = registry()
    unit = ureg.Unit(spec.unit) if spec.unit else ureg.dimensionless
    return float(ureg.Quantity(float(x), unit).to(spec.show).magnitude)

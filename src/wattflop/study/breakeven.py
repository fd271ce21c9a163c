"""Break-even on any numeric scenario key: the value at which orbit and ground cost the same.

Keys are dotted paths into a scenario file, e.g. ``launch.price_per_kg``,
``satellite.radiator.temperature`` or ``catalog.accelerators.GB200.system_price``. They are
edited on the *raw* mapping read from YAML (:func:`load_raw`), never on a validated scenario,
so every changed scenario goes through the same validation as a file
(:func:`wattflop.parse_scenario`).

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

Break-even ranges (``lo``, ``hi``) follow the same rule, and the root and the curve of
:class:`BreakEven` are in the display unit too. Values are checked against the key's unit and
physical bounds when they are set, with an error that names the key.

Keys are validated against the scenario models, not only the mapping: a key whose default is
used (absent from the file, like ``satellite.radiator.temperature`` in a minimal scenario)
is accepted and created. A catalogue key (``catalog.<kind>.<name>.<field>``) edits the
scenario's own entry of that name; when the scenario has none, the bundled entry is copied in
first (a scenario's entries take precedence over bundled ones of the same name), so only the
named field changes.
"""

from __future__ import annotations

import copy
import difflib
import math
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError
from scipy.optimize import brentq

import wattflop
from wattflop import catalog
from wattflop.errors import InfeasibleError, Problem, ScenarioError, WattflopError
from wattflop.quantity import Q
from wattflop.scenario import SITES, GroundScenario, OrbitScenario, Scenario, parse_scenario
from wattflop.scenario.common import resolve_entry
from wattflop.units import registry

FloatArray = NDArray[np.float64]

Side = Literal["orbit", "ground", "both"]


class BreakEvenError(WattflopError, ValueError):
    """A break-even request that cannot be answered as asked (``lo ≥ hi``, a key that is not
    a continuous number, an unknown metric). The message says what to change."""


class ResultLike(Protocol):
    """What a simulation returns, as far as break-even needs: a value at a dotted path."""

    def get(self, path: str) -> Any: ...


# ---------------------------------------------------------------------------------------
# Raw scenario mappings
# ---------------------------------------------------------------------------------------


def load_raw(path: str | Path) -> dict[str, Any]:
    """Read a scenario file into its raw mapping (unit strings kept, relative file paths
    made absolute), after checking that it is a valid scenario.

    Raises
    ------
    ScenarioError
        As :func:`wattflop.load_scenario`.
    """
    from wattflop.scenario.load import _resolve_paths, parse_scenario, parse_yaml, read_text

    p = Path(path)
    text = read_text(p)
    data = parse_yaml(text, str(p))
    if isinstance(data, dict):
        data = _resolve_paths(data, p.parent)
    parse_scenario(data, source=str(p), text=text)  # every error with file, line and key
    return dict(data)


def _model_of(raw: Mapping[str, Any]) -> type[OrbitScenario] | type[GroundScenario]:
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


def _field_q(info: FieldInfo) -> Q | None:
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


def _submodel(annotation: Any) -> type[BaseModel] | None:
    for a in _members(annotation):
        if isinstance(a, type) and issubclass(a, BaseModel):
            return a
    return None


def _entry_model(annotation: Any) -> type[BaseModel] | None:
    """The value model of a ``dict[str, Model]`` field (scenario catalogue sections)."""
    if typing.get_origin(annotation) is dict:
        args = typing.get_args(annotation)
        if len(args) == 2 and isinstance(args[1], type) and issubclass(args[1], BaseModel):
            return args[1]
    return None


def _leaf_kind(info: FieldInfo) -> KeyKind:
    if _field_q(info) is not None:
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
        if _entry_model(info.annotation) is not None:
            continue  # catalogue sections: keys depend on entry names
        sub = _submodel(info.annotation)
        if sub is not None:
            out += _leaf_keys(sub, (*prefix, name))
        else:
            out.append(".".join((*prefix, name)))
    return out


def numeric_keys(site: str) -> list[str]:
    """Every numeric key of a kind of site (``"orbit"`` or ``"ground"``), catalogue entries
    aside (those are ``catalog.<kind>.<name>.<field>``)."""
    model = _model_of({"site": site})
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
    model = _model_of(raw)
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
        entry_model = _entry_model(info.annotation)
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
            own = _raw_at(raw, parts[: i + 1])
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
        sub = _submodel(info.annotation)
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
        q = _field_q(info)
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


def _raw_at(raw: Any, path: tuple[str, ...]) -> Any:
    node = raw
    for part in path:
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        else:
            return None
    return node


def _problem(spec: KeySpec, message: str, value: object, hint: str = "") -> ScenarioError:
    return ScenarioError([Problem(spec.key, message, value, None, hint)])


def _encode(spec: KeySpec, value: object) -> Any:
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


def _entry_as_raw(kind: str, name: str) -> dict[str, Any]:
    """A bundled catalogue entry as a scenario writes it (unit strings in SI units)."""
    entry = catalog.get(kind, name)
    out: dict[str, Any] = {}
    for fname, info in type(entry).model_fields.items():
        v = getattr(entry, fname)
        q = _field_q(info)
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
                child = _entry_as_raw(kind, name)  # bundled entry, edited in the copy
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
    encoded = _encode(spec, value)
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
        encoded = _encode(spec, f"{x!r} {spec.unit}" if spec.unit else x)
        _write(out, spec, encoded)
    return out


# ---------------------------------------------------------------------------------------
# Break-even
# ---------------------------------------------------------------------------------------


def _numeric_paths(node: Any, prefix: str = "") -> list[str]:
    if isinstance(node, Mapping):
        out = []
        for k, v in node.items():
            out += _numeric_paths(v, f"{prefix}{k}.")
        return out
    if isinstance(node, int | float) and not isinstance(node, bool):
        return [prefix[:-1]]
    return []


def metric_value(result: ResultLike, metric: str) -> float:
    """A result's value at a dotted path as a float.

    Raises
    ------
    BreakEvenError
        If the path is missing or not a number (with the nearest known paths).
    """
    try:
        value = result.get(metric)
    except (KeyError, TypeError, AttributeError):
        values = getattr(result, "values", None)
        known = _numeric_paths(values) if isinstance(values, Mapping) else []
        close = difflib.get_close_matches(metric, known, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise BreakEvenError(f"the result has no metric '{metric}'{hint}") from None
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise BreakEvenError(f"metric '{metric}' is not a number (got {value!r})")
    return float(value)


@dataclass(frozen=True, eq=False)
class BreakEven:
    """Where orbit and ground cost the same as one key varies.

    Attributes
    ----------
    key : str
        The varied key.
    side : {"orbit", "ground", "both"}
        Which scenario(s) the key was varied in.
    metric : str
        Result path compared, e.g. ``cost.usd_per_eflop``.
    unit : str
        Unit of ``lo``, ``hi``, ``root`` and ``x``: the key's display unit (``""``: a plain
        number).
    lo, hi : float
        The range searched [unit].
    root : float or None
        Value of the key at which orbit − ground = 0 [unit]; ``None`` when the range holds
        no crossing (see ``message``).
    message : str
        The answer in words: the root, or which side is cheaper over the whole range.
    x : ndarray
        Evenly spaced key values over [lo, hi] for a figure [unit].
    orbit, ground : ndarray
        The metric at ``x`` on each side (NaN where the design is infeasible).
    orbit_at_root, ground_at_root : float or None
        The metric at the root.
    evaluations : int
        Simulations run (the fixed side counts once).
    notes : tuple of str
        Infeasible points and other remarks.
    """

    key: str
    side: Side
    metric: str
    unit: str
    lo: float
    hi: float
    root: float | None
    message: str
    x: FloatArray
    orbit: FloatArray
    ground: FloatArray
    orbit_at_root: float | None = None
    ground_at_root: float | None = None
    evaluations: int = 0
    notes: tuple[str, ...] = ()

    @property
    def difference(self) -> FloatArray:
        """orbit − ground along the curve."""
        return np.asarray(self.orbit - self.ground, dtype=float)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (NaN as ``None``)."""

        def clean(a: FloatArray) -> list[float | None]:
            return [float(v) if math.isfinite(v) else None for v in a]

        return {
            "key": self.key,
            "side": self.side,
            "metric": self.metric,
            "unit": self.unit,
            "lo": self.lo,
            "hi": self.hi,
            "root": self.root,
            "message": self.message,
            "orbit_at_root": self.orbit_at_root,
            "ground_at_root": self.ground_at_root,
            "evaluations": self.evaluations,
            "notes": list(self.notes),
            "curve": {"x": clean(self.x), "orbit": clean(self.orbit), "ground": clean(self.ground)},
        }


def _to_input_unit(spec: KeySpec, value: str | float) -> float:
    """A range end as a number in the key's display unit (checked by :func:`_encode`)."""
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


def _fmt(x: float, unit: str) -> str:
    return f"{x:.6g} {unit}".strip()


def varied_specs(
    orbit_raw: Mapping[str, Any], ground_raw: Mapping[str, Any], key: str, side: str
) -> dict[str, KeySpec]:
    """The :class:`KeySpec` of ``key`` on each varied side, checked for a break-even search:
    the sites are right and the key is real-valued on every side it varies on.

    Raises
    ------
    BreakEvenError
        A scenario of the wrong site, or a key that is text, a choice or a whole number.
    ScenarioError
        An unknown key.
    """
    raws = {"orbit": orbit_raw, "ground": ground_raw}
    for name, raw in raws.items():
        model = _model_of(raw)
        if model is not SITES[name]:
            raise BreakEvenError(
                f"the {name} scenario must have site: {name} (got site: {raw.get('site')})"
            )
    varied = ("orbit", "ground") if side == "both" else (side,)
    specs = {s: key_spec(raws[s], key) for s in varied}
    for s, spec in specs.items():
        if not spec.continuous:
            what = "a whole number" if spec.kind == "integer" else "not a number"
            raise BreakEvenError(
                f"{key} is {what} in the {s} scenario; break-even needs a real-valued key "
                "(set a few values with set_key and compare instead)"
            )
    return specs


def breakeven(
    orbit_raw: Mapping[str, Any],
    ground_raw: Mapping[str, Any],
    key: str,
    lo: str | float,
    hi: str | float,
    *,
    side: Side = "orbit",
    metric: str = "cost.usd_per_eflop",
    tol: float = 1e-6,
    simulate: Callable[[Scenario], ResultLike] = wattflop.simulate,
    points: int = 15,
) -> BreakEven:
    """The value of ``key`` in [lo, hi] at which the orbital and the ground metric are equal.

    Solves f(x) = orbit_metric(x) − ground_metric(x) = 0 with Brent's method (scipy
    ``brentq``) in the first interval of an evenly spaced curve of ``points`` values where f
    changes sign; the curve is returned for a figure. The side that does not vary is
    simulated once (with ``side="orbit"`` the slow ground LP runs once).

    Parameters
    ----------
    orbit_raw, ground_raw : mapping
        Raw scenario mappings (:func:`load_raw`).
    key : str
        Dotted key of a real-valued field (see the module docstring).
    lo, hi : str or float
        Range of the key: quantity strings, or bare numbers in the key's display unit.
    side : {"orbit", "ground", "both"}
        Scenario(s) in which the key varies; ``both`` needs the key on both sides with the
        same unit (e.g. ``economics.discount_rate``, an accelerator's price).
    metric : str
        Result path compared.
    tol : float
        Relative tolerance on the root [-].
    simulate : callable
        Scenario → result (:func:`wattflop.simulate`; inject a stub in tests).
    points : int
        Points of the curve (≥ 3).

    Raises
    ------
    BreakEvenError
        If lo ≥ hi, the key is not a real number, or the metric is unknown.
    ScenarioError
        For an unknown key (did-you-mean) or a range end with wrong units or out of bounds.
    InfeasibleError
        If the side that does not vary is infeasible.
    """
    if side not in ("orbit", "ground", "both"):
        raise BreakEvenError(f"side must be 'orbit', 'ground' or 'both', got {side!r}")
    if not 0.0 < tol < 0.1:
        raise BreakEvenError(f"tol is a relative tolerance in (0, 0.1), got {tol!r}")
    if points < 3:
        raise BreakEvenError(f"points must be ≥ 3, got {points}")
    raws = {"orbit": orbit_raw, "ground": ground_raw}
    specs = varied_specs(orbit_raw, ground_raw, key, side)
    varied = tuple(specs)
    spec = specs[varied[0]]
    if side == "both" and specs["orbit"].input_unit != specs["ground"].input_unit:
        raise BreakEvenError(
            f"{key} has unit '{specs['orbit'].input_unit}' in orbit but "
            f"'{specs['ground'].input_unit}' on the ground: vary it on one side"
        )
    for other in specs.values():  # units and bounds on every varied side
        _encode(other, lo)
        _encode(other, hi)
    a = _to_input_unit(spec, lo)
    b = _to_input_unit(spec, hi)
    unit = spec.input_unit
    if not a < b:
        raise BreakEvenError(
            f"the range must have lo < hi; got lo = {_fmt(a, unit)}, hi = {_fmt(b, unit)}"
        )

    runs = 0
    notes: list[str] = []

    def run(s: str, x: float | None) -> float:
        nonlocal runs
        raw = raws[s] if x is None else set_key(raws[s], key, x)
        runs += 1
        try:
            return metric_value(simulate(parse_scenario(raw)), metric)
        except InfeasibleError as exc:
            if x is None:
                raise
            notes.append(f"{key} = {_fmt(x, unit)}: {s} design infeasible ({exc})")
            return math.nan

    fixed: dict[str, float] = {}
    for s in ("orbit", "ground"):
        if s not in varied:
            fixed[s] = run(s, None)
    memo: dict[float, tuple[float, float]] = {}

    def both_at(x: float) -> tuple[float, float]:
        if x not in memo:
            o = fixed["orbit"] if "orbit" in fixed else run("orbit", x)
            g = fixed["ground"] if "ground" in fixed else run("ground", x)
            memo[x] = (o, g)
        return memo[x]

    def f(x: float) -> float:
        o, g = both_at(float(x))
        return o - g

    xs = np.linspace(a, b, points)
    xs[0], xs[-1] = a, b
    pairs = [both_at(float(x)) for x in xs]
    orbit = np.array([p[0] for p in pairs], dtype=float)
    ground = np.array([p[1] for p in pairs], dtype=float)
    d = orbit - ground
    ok = np.isfinite(d)

    brackets: list[tuple[float, float]] = []
    for i in range(points - 1):
        if ok[i] and d[i] == 0.0:
            brackets.append((float(xs[i]), float(xs[i])))
        elif ok[i] and ok[i + 1] and d[i] * d[i + 1] < 0.0:
            brackets.append((float(xs[i]), float(xs[i + 1])))
    if ok[-1] and d[-1] == 0.0:
        brackets.append((float(xs[-1]), float(xs[-1])))

    root: float | None = None
    if brackets:
        x0, x1 = brackets[0]
        if x0 == x1:
            root = x0
        else:
            scale = max(abs(x0), abs(x1))
            root = float(
                brentq(f, x0, x1, xtol=tol * scale * 1e-3, rtol=max(tol, 4 * np.finfo(float).eps))
            )
        o_r, g_r = both_at(root)
        message = (
            f"orbit and ground {metric} are equal at {key} = {_fmt(root, unit)} "
            f"({o_r:.6g} on each side)"
        )
        if len(brackets) > 1:
            others = ", ".join(f"{_fmt(0.5 * (p + q), unit)}" for p, q in brackets[1:])
            message += f"; orbit − ground also changes sign near {others}"
        rng = f"{_fmt(a, unit)} to {_fmt(b, unit)}"
        if not ok.all():
            notes.append(f"some points in {rng} are infeasible (NaN in the curve)")
        return BreakEven(
            key=key,
            side=side,
            metric=metric,
            unit=unit,
            lo=a,
            hi=b,
            root=root,
            message=message,
            x=xs,
            orbit=orbit,
            ground=ground,
            orbit_at_root=o_r,
            ground_at_root=g_r,
            evaluations=runs,
            notes=tuple(notes),
        )

    rng = f"{key} from {_fmt(a, unit)} to {_fmt(b, unit)}"
    if not ok.any():
        message = f"no crossing in range: no feasible design for {rng}"
    elif np.any(d[ok] < 0.0) and np.any(d[ok] > 0.0):
        message = (
            f"no crossing bracketed: orbit − ground changes sign across infeasible points for "
            f"{rng}; narrow the range to the feasible part"
        )
    else:
        cheaper = "orbit" if np.all(d[ok] < 0.0) else "ground"
        dearer = "ground" if cheaper == "orbit" else "orbit"
        closest = int(np.argmin(np.where(ok, np.abs(d), np.inf)))
        ratio = orbit[closest] / ground[closest] if ground[closest] else math.inf
        message = (
            f"no crossing in range: {cheaper} is cheaper than {dearer} over {rng} "
            f"({metric}); closest at {key} = {_fmt(float(xs[closest]), unit)}, where orbit / "
            f"ground = {ratio:.4g}"
        )
    return BreakEven(
        key=key,
        side=side,
        metric=metric,
        unit=unit,
        lo=a,
        hi=b,
        root=None,
        message=message,
        x=xs,
        orbit=orbit,
        ground=ground,
        evaluations=runs,
        notes=tuple(notes),
    )

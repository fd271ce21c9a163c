"""The referee: published designs and cost comparisons run through the full model with each
publication's own inputs, its figure beside wattflop's, and a waterfall from its assumptions
to wattflop's defaults.

The publications, their inputs and figures are data (``literature.yaml`` beside this module).
For each publication:

1. its scenario is the base scenario (wattflop's headline design) with the publication's
   inputs written on, one named group of keys at a time;
2. each figure is computed from a full :func:`wattflop.simulate` of that scenario and compared
   with the published number: ``ratio = wattflop / published``, reproduced when within the
   tolerance (±10 %); otherwise the registry's gap explanation names the line that causes it,
   and its check (a run with the publication's implicit input, or the named line at the
   publication's own figure) must land within the tolerance for the gap to count as explained;
3. the waterfall starts at the publication's inputs and switches one group back to
   wattflop's defaults at a time, recording the figure's quantity and the cost per delivered
   EFLOP after each step; its last step is the base scenario itself (the question's scale
   kept), so the steps name every difference.

Quantities (all undiscounted, as publications state them):

- ``program_cost`` [USD]: over ``horizon``, the capex of the lines in the scenario's cost
  boundary (plus ``add`` lines, minus ``exclude`` lines) times horizon / satellite life, plus
  operations per year times the horizon;
- ``launched_power_price`` [USD/(kW·yr)]: launch cost / (IT power × satellite life), the
  Suncatcher Table 1 measure;
- ``specific_mass`` [kg/kW]: the satellite at launch per kW of IT;
- ``radiator_area`` [m²]: radiator area of one satellite.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from importlib import resources
from typing import Any

import yaml

from wattflop.errors import ScenarioError, WattflopError
from wattflop.jsonable import jsonable
from wattflop.result import SiteResult
from wattflop.scenario import parse_scenario
from wattflop.scenario.keys import key_spec, load_raw, set_key
from wattflop.units import registry

#: Default tolerance of a reproduction: |wattflop / published − 1| ≤ 10 %.
TOLERANCE = 0.10


class ReproduceError(WattflopError):
    """A literature registry that cannot be read, or a publication id that does not exist."""


# ---------------------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InputGroup:
    """One named group of a publication's inputs (dotted key → value as in a scenario)."""

    name: str
    says: str
    set: Mapping[str, Any]
    set_if_known: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Gap:
    """Why a figure is not reproduced, the line that causes it, and the check."""

    line: str
    says: str
    set: Mapping[str, Any] = field(default_factory=dict)
    replace: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Figure:
    """One published number and how wattflop computes the same quantity."""

    id: str
    what: str
    quantity: str
    published: float
    unit: str
    horizon_yr: float | None = None
    add: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    set: Mapping[str, Any] = field(default_factory=dict)
    tolerance: float = TOLERANCE
    note: str = ""
    gap: Gap | None = None


@dataclass(frozen=True)
class Publication:
    """A publication with its inputs (groups) and figures; the first figure is its headline."""

    id: str
    title: str
    source: str
    date: str
    base: str
    question: Mapping[str, Any]
    inputs: tuple[InputGroup, ...]
    figures: tuple[Figure, ...]


def _years(text: object) -> float | None:
    if text is None:
        return None
    return float(registry().Quantity(str(text)).to("yr").magnitude)


def _publication(d: Mapping[str, Any]) -> Publication:
    try:
        figures = []
        for f in d["figures"]:
            g = f.get("gap")
            figures.append(
                Figure(
                    id=str(f["id"]),
                    what=str(f["what"]),
                    quantity=str(f["quantity"]),
                    published=float(f["published"]),
                    unit=str(f["unit"]),
                    horizon_yr=_years(f.get("horizon")),
                    add=tuple(f.get("add", ())),
                    exclude=tuple(f.get("exclude", ())),
                    set=dict(f.get("set", {})),
                    tolerance=float(f.get("tolerance", TOLERANCE)),
                    note=str(f.get("note", "")),
                    gap=None
                    if g is None
                    else Gap(
                        line=str(g["line"]),
                        says=" ".join(str(g["says"]).split()),
                        set=dict(g.get("set", {})),
                        replace={k: float(v) for k, v in g.get("replace", {}).items()},
                    ),
                )
            )
        return Publication(
            id=str(d["id"]),
            title=str(d["title"]),
            source=" ".join(str(d["source"]).split()),
            date=str(d["date"]),
            base=str(d["base"]),
            question=dict(d.get("question", {})),
            inputs=tuple(
                InputGroup(
                    name=str(g["name"]),
                    says=str(g["says"]),
                    set=dict(g.get("set", {})),
                    set_if_known=dict(g.get("set_if_known", {})),
                )
                for g in d["inputs"]
            ),
            figures=tuple(figures),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ReproduceError(
            f"literature registry: publication {d.get('id', '?')!r} is malformed ({exc!r})"
        ) from None


def load_publications() -> list[Publication]:
    """The bundled publications (``wattflop/study/literature.yaml``), in file order."""
    text = resources.files("wattflop.study").joinpath("literature.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, list):
        raise ReproduceError("literature registry: expected a list of publications")
    return [_publication(d) for d in data]


# ---------------------------------------------------------------------------------------
# Raw scenario edits
# ---------------------------------------------------------------------------------------

_MISSING = object()


def _get_path(raw: Mapping[str, Any], key: str) -> Any:
    node: Any = raw
    for part in key.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return _MISSING
        node = node[part]
    return node


def _put_path(raw: dict[str, Any], key: str, value: Any) -> None:
    parts = key.split(".")
    node = raw
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = {}
            node[part] = child
        node = child
    if value is _MISSING:
        node.pop(parts[-1], None)
    else:
        node[parts[-1]] = copy.deepcopy(value)


def _restore(raw: dict[str, Any], base: Mapping[str, Any], key: str) -> None:
    """Set ``key`` in ``raw`` back to its value in ``base``; where ``base`` lacks it, remove
    the shallowest part ``base`` lacks (a whole catalogue entry at most, never a section
    other keys still need), then any sections left empty."""
    parts = key.split(".")
    floor = 3 if parts[0] == "catalog" else 1  # catalog.<kind>.<name>
    for n in range(1, len(parts) + 1):
        if _get_path(base, ".".join(parts[:n])) is _MISSING:
            cut = ".".join(parts[: max(n, floor)])
            value = _get_path(base, cut)
            _put_path(raw, cut, value)
            break
    else:
        _put_path(raw, key, _get_path(base, key))
    for n in range(len(parts) - 1, 0, -1):  # prune sections left empty
        node = _get_path(raw, ".".join(parts[:n]))
        if isinstance(node, dict) and not node and _get_path(base, ".".join(parts[:n])) is _MISSING:
            _put_path(raw, ".".join(parts[:n]), _MISSING)


def known_key(raw: Mapping[str, Any], key: str) -> bool:
    """Whether this version of wattflop has ``key`` (a value or a section)."""
    try:
        key_spec(raw, key)
    except ScenarioError as exc:
        return any("names a section" in p.message for p in exc.problems)
    return True


def apply(raw: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``raw`` with each dotted key set: a value through
    :func:`~wattflop.scenario.keys.set_key` (units and bounds checked), a whole section
    (a mapping) or ``null`` written as given (checked when the scenario is parsed)."""
    out = copy.deepcopy(dict(raw))
    for key, value in values.items():
        if isinstance(value, Mapping) or value is None:
            _put_path(out, key, value)
        else:
            out = set_key(out, key, value)
    return out


def _known(raw: Mapping[str, Any], values: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    kept = {k: v for k, v in values.items() if known_key(raw, k)}
    return kept, [k for k in values if k not in kept]


def base_raw(pub: Publication) -> dict[str, Any]:
    """wattflop's defaults for a publication: its base scenario with the question's keys."""
    raw = load_raw(pub.base)
    raw.pop("uncertainty", None)
    return apply(raw, pub.question)


def _group_keys(raw: Mapping[str, Any], g: InputGroup) -> tuple[dict[str, Any], list[str]]:
    known, skipped = _known(raw, g.set_if_known)
    return {**g.set, **known}, skipped


def publication_raw(pub: Publication) -> dict[str, Any]:
    """The publication's scenario: the base with every input group written on."""
    raw = base_raw(pub)
    for g in pub.inputs:
        raw = apply(raw, _group_keys(raw, g)[0])
    return raw


# ---------------------------------------------------------------------------------------
# Running, with a cache
# ---------------------------------------------------------------------------------------


class Runner:
    """Simulates raw scenarios once each (by content) and reuses the year of geometry of an
    orbit across designs."""

    def __init__(self) -> None:
        self._results: dict[str, SiteResult] = {}
        self._geometry: dict[str, Any] = {}

    def __call__(self, raw: Mapping[str, Any]) -> SiteResult:
        key = json.dumps(raw, sort_keys=True, default=str)
        if key not in self._results:
            import wattflop
            from wattflop.orbit.site import geometry_for, simulate_orbit
            from wattflop.scenario import OrbitScenario

            sc = parse_scenario(copy.deepcopy(dict(raw)))
            if isinstance(sc, OrbitScenario):
                gkey = sc.orbit.model_dump_json()
                if gkey not in self._geometry:
                    self._geometry[gkey] = geometry_for(sc)
                self._results[key] = simulate_orbit(sc, self._geometry[gkey])
            else:
                self._results[key] = wattflop.simulate(sc)
        return self._results[key]


# ---------------------------------------------------------------------------------------
# Quantities
# ---------------------------------------------------------------------------------------


def _program_cost(r: SiteResult, f: Figure) -> dict[str, float]:
    life = float(r.get("reliability.design_life_yr"))
    horizon = f.horizon_yr if f.horizon_yr is not None else life
    every = r.get("cost.capex_all_lines_usd")
    lines = dict(r.get("cost.capex_usd"))
    for name in f.add:
        if name in every and name not in lines:
            lines[name] = every[name]
    out = {k: float(v) * horizon / life for k, v in lines.items() if k not in f.exclude}
    opex = float(r.get("cost.opex_usd_per_year"))
    if opex > 0 and "operations" not in f.exclude:
        out["operations"] = opex * horizon
    return out


def _launched_power_price(r: SiteResult, f: Figure) -> dict[str, float]:
    kw_yr = float(r.get("fleet.it_power_w")) / 1e3 * float(r.get("reliability.design_life_yr"))
    return {"launch": float(r.get("cost.capex_all_lines_usd")["launch"]) / kw_yr}


def _specific_mass(r: SiteResult, f: Figure) -> dict[str, float]:
    kw = float(r.get("power.it_w_per_satellite")) / 1e3
    return {k: float(v) / kw for k, v in r.get("mass.by_part_kg").items()}


def _radiator_area(r: SiteResult, f: Figure) -> dict[str, float]:
    return {"radiator": float(r.get("thermal.radiator_area_m2"))}


#: Quantity name → breakdown by line (the quantity is the sum of the lines).
QUANTITIES: dict[str, Callable[[SiteResult, Figure], dict[str, float]]] = {
    "program_cost": _program_cost,
    "launched_power_price": _launched_power_price,
    "specific_mass": _specific_mass,
    "radiator_area": _radiator_area,
}


def breakdown(r: SiteResult, f: Figure) -> dict[str, float]:
    """The figure's quantity on a result, by line, in the figure's unit."""
    if f.quantity not in QUANTITIES:
        raise ReproduceError(
            f"figure {f.id}: unknown quantity {f.quantity!r}; known: {', '.join(QUANTITIES)}"
        )
    return QUANTITIES[f.quantity](r, f)


# ---------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureResult:
    """A published figure beside wattflop's number for it with the publication's inputs.

    ``verdict`` is ``reproduced`` (within the tolerance), ``gap explained`` (outside it, and
    the gap's check lands within it), ``gap partly explained`` (the check moves towards the
    figure but not within the tolerance: ``gap_accounted`` says how far) or
    ``gap not explained`` (no explanation in the registry).
    """

    id: str
    what: str
    published: float
    unit: str
    value: float
    ratio: float
    tolerance: float
    within: bool
    verdict: str
    by_line: Mapping[str, float]
    usd_per_eflop: float
    note: str = ""
    gap_line: str = ""
    gap_says: str = ""
    gap_check: str = ""
    gap_closed_value: float | None = None
    #: share of the gap (wattflop − published) the check removes; 1 = all of it
    gap_accounted: float | None = None


@dataclass(frozen=True)
class WaterfallStep:
    """One step from the publication's inputs towards wattflop's defaults."""

    name: str
    says: str
    keys: tuple[str, ...]
    value: float
    delta: float
    usd_per_eflop: float
    by_line: Mapping[str, float]
    skipped_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reproduction:
    """A publication reproduced: its figures and the waterfall of its headline figure."""

    id: str
    title: str
    source: str
    date: str
    base: str
    figures: tuple[FigureResult, ...]
    waterfall_figure: str
    waterfall_unit: str
    waterfall: tuple[WaterfallStep, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (:func:`wattflop.jsonable.jsonable`)."""
        out: dict[str, Any] = jsonable(asdict(self))
        return out


def _check_gap(
    pub_raw: Mapping[str, Any], f: Figure, by_line: Mapping[str, float], run: Runner
) -> tuple[str, float | None, bool]:
    g = f.gap
    if g is None:
        return "", None, False
    if g.set:
        closed = sum(breakdown(run(apply(pub_raw, g.set)), f).values())
        check = "with " + ", ".join(f"{k} = {v}" for k, v in g.set.items())
    elif g.replace:
        closed = sum(v for k, v in by_line.items() if k not in g.replace) + sum(g.replace.values())
        check = "with " + ", ".join(f"the {k} line at {v:,.4g}" for k, v in g.replace.items())
    else:
        return "", None, False
    return check, closed, abs(closed / f.published - 1.0) <= f.tolerance


def _figure(pub_raw: Mapping[str, Any], f: Figure, run: Runner) -> FigureResult:
    raw = apply(pub_raw, f.set)
    r = run(raw)
    lines = breakdown(r, f)
    value = sum(lines.values())
    ratio = value / f.published
    within = abs(ratio - 1.0) <= f.tolerance
    check, closed, ok = ("", None, False) if within else _check_gap(raw, f, lines, run)
    if within:
        verdict = "reproduced"
    elif f.gap is not None and ok:
        verdict = "gap explained"
    elif f.gap is not None:
        verdict = "gap partly explained"
    else:
        verdict = "gap not explained"
    return FigureResult(
        id=f.id,
        what=f.what,
        published=f.published,
        unit=f.unit,
        value=value,
        ratio=ratio,
        tolerance=f.tolerance,
        within=within,
        verdict=verdict,
        by_line=lines,
        usd_per_eflop=float(r.get("cost.usd_per_eflop")),
        note=f.note,
        gap_line=f.gap.line if f.gap else "",
        gap_says=f.gap.says if f.gap else "",
        gap_check=check,
        gap_closed_value=closed,
        gap_accounted=None if closed is None else (value - closed) / (value - f.published),
    )


def waterfall(pub: Publication, run: Runner | None = None) -> list[WaterfallStep]:
    """From the publication's inputs to wattflop's defaults, one input group at a time, for
    the publication's headline figure (its first)."""
    run = run or Runner()
    f = pub.figures[0]
    base = base_raw(pub)
    raw = publication_raw(pub)
    steps: list[WaterfallStep] = []

    def record(name: str, says: str, keys: Sequence[str], skipped: Sequence[str] = ()) -> None:
        r = run(raw)
        lines = breakdown(r, f)
        value = sum(lines.values())
        delta = value - steps[-1].value if steps else 0.0
        steps.append(
            WaterfallStep(name, says, tuple(keys), value, delta,
                          float(r.get("cost.usd_per_eflop")), lines, tuple(skipped))
        )  # fmt: skip

    record("publication's inputs", "every input as the publication states it", [])
    for g in pub.inputs:
        keys, skipped = _group_keys(base, g)
        if not keys:
            continue
        for k in keys:
            _restore(raw, base, k)
        record(g.name, g.says, list(keys), skipped)
    rest = _differences(raw, base)
    if rest:  # anything the groups did not name (none for a well-formed entry)
        raw = copy.deepcopy(base)
        record("other differences", "keys no group names: " + ", ".join(rest), rest)
    return steps


def _flatten(d: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(d, Mapping):
        return {prefix: d}
    out: dict[str, Any] = {}
    for k, v in d.items():
        out |= _flatten(v, f"{prefix}.{k}" if prefix else str(k))
    return out


def _differences(a: Mapping[str, Any], b: Mapping[str, Any]) -> list[str]:
    fa, fb = _flatten(a), _flatten(b)
    return sorted(k for k in fa.keys() | fb.keys() if fa.get(k, _MISSING) != fb.get(k, _MISSING))


def reproduce_publication(pub: Publication, run: Runner | None = None) -> Reproduction:
    """Every figure of a publication and the waterfall of its headline figure."""
    run = run or Runner()
    raw = publication_raw(pub)
    return Reproduction(
        id=pub.id,
        title=pub.title,
        source=pub.source,
        date=pub.date,
        base=pub.base,
        figures=tuple(_figure(raw, f, run) for f in pub.figures),
        waterfall_figure=pub.figures[0].id,
        waterfall_unit=pub.figures[0].unit,
        waterfall=tuple(waterfall(pub, run)),
    )


def reproduce(only: Sequence[str] | None = None) -> list[Reproduction]:
    """Reproduce the bundled publications (``only``: publication or figure ids).

    Raises
    ------
    ReproduceError
        For an id that names no publication or figure.
    """
    pubs = load_publications()
    if only:
        ids = {p.id for p in pubs} | {f.id for p in pubs for f in p.figures}
        unknown = [i for i in only if i not in ids]
        if unknown:
            import difflib

            close = difflib.get_close_matches(unknown[0], sorted(ids), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ReproduceError(
                f"no publication or figure '{unknown[0]}'{hint}; known: {', '.join(sorted(ids))}"
            )
        pubs = [p for p in pubs if p.id in only or any(f.id in only for f in p.figures)]
    run = Runner()
    return [reproduce_publication(p, run) for p in pubs]


__all__ = [
    "QUANTITIES",
    "TOLERANCE",
    "Figure",
    "FigureResult",
    "Gap",
    "InputGroup",
    "Publication",
    "ReproduceError",
    "Reproduction",
    "Runner",
    "WaterfallStep",
    "apply",
    "base_raw",
    "breakdown",
    "known_key",
    "load_publications",
    "publication_raw",
    "reproduce",
    "reproduce_publication",
    "waterfall",
]

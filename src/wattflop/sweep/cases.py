"""From a sweep file to cases: keys checked against the base scenario, values drawn, ids.

Every case has a stable id: a hash of the canonical content of the base scenario (the
validated model, SI floats, defaults included; weather and price files by their content),
the varied values (numbers in the key's display unit), and the model compatibility tag
:data:`COMPAT`. Running the same sweep again gives the same ids, so finished cases are not
recomputed (:mod:`wattflop.sweep.engine`); a new wattflop release whose results may differ
(another major.minor version) gives new ids.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic_core import PydanticCustomError
from scipy.stats import qmc

import wattflop
from wattflop.budget import Budget, Estimate, check
from wattflop.errors import Problem, ScenarioError
from wattflop.scenario import parse_scenario
from wattflop.scenario.files import file_references
from wattflop.scenario.keys import KeySpec, key_spec, load_raw, set_key, to_display, to_input_unit
from wattflop.study.uncertainty import (
    Distribution,
    correlation_matrix,
    draw_uniforms,
    parse_distribution,
)
from wattflop.sweep.spec import (
    RESERVED,
    Range,
    Sampling,
    Scale,
    SweepError,
    SweepFile,
    SweepSpec,
    input_column,
)

#: Model compatibility tag: results of one major.minor version are comparable.
COMPAT = ".".join(wattflop.__version__.split(".")[:2])
#: Hex digits of a case id (80 bits: a collision among 10^6 cases has odds ~4e-13).
ID_LENGTH = 20

ColumnKind = Literal["float", "int", "str"]
CaseValue = float | int | str | bool


@dataclass(frozen=True)
class InputColumn:
    """A varied key and its column in the store.

    Attributes
    ----------
    key : str
        Dotted scenario key.
    column : str
        Column name (:func:`wattflop.sweep.spec.input_column`).
    kind : {"float", "int", "str"}
        Column type.
    unit : str
        Unit of the stored numbers: the key's display unit (``""``: plain number or text).
    """

    key: str
    column: str
    kind: ColumnKind
    unit: str


@dataclass(frozen=True)
class Case:
    """One scenario to simulate: the base with ``values`` set (dotted key → value in the key's
    display unit, or as written for keys that are not numbers)."""

    id: str
    values: Mapping[str, CaseValue]


@dataclass(frozen=True)
class SweepPlan:
    """A checked, expanded sweep, ready to run.

    Attributes
    ----------
    name : str
        The sweep's name.
    base_path : Path
        Base scenario file.
    base_raw : dict
        Base scenario mapping (boundary applied), as :func:`~wattflop.scenario.keys.load_raw`.
    inputs : tuple of InputColumn
        Varied keys, in the file's order.
    outputs : dict
        Column → result path.
    cases : tuple of Case
        Distinct cases, in expansion order.
    fingerprint : str
        Hash of what makes two runs one sweep (base content, keys, outputs, compat tag): a
        store holds the cases of one fingerprint.
    duplicates : int
        Cases dropped as repeats of an earlier one (same id).
    """

    name: str
    base_path: Path
    base_raw: dict[str, Any]
    inputs: tuple[InputColumn, ...]
    outputs: dict[str, str]
    cases: tuple[Case, ...]
    fingerprint: str
    duplicates: int = 0

    def row_inputs(self, case: Case) -> dict[str, CaseValue]:
        """The case's inputs by column, as stored."""
        out: dict[str, CaseValue] = {}
        for col in self.inputs:
            v = case.values[col.key]
            out[col.column] = v if col.kind != "str" or isinstance(v, str) else json.dumps(v)
        return out


def _digest(obj: Any) -> str:
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file_digest(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return "sha256:" + h.hexdigest()


def canonical_base(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The validated scenario as JSON data (SI floats, defaults filled in), with each data file
    (weather, price series) replaced by its content hash, so the same scenario on another
    machine or folder has the same content."""
    sc = parse_scenario(dict(raw))
    data: dict[str, Any] = sc.model_dump(mode="json")
    for key, value in file_references(data):
        *parents, last = key.split(".")
        parent = data
        for part in parents:
            parent = parent[part]
        if Path(value).is_file():
            parent[last] = _file_digest(value)
    return data


def case_id(base: Mapping[str, Any], values: Mapping[str, CaseValue]) -> str:
    """Stable id of a case: hash of the canonical base (:func:`canonical_base`), the varied
    values and :data:`COMPAT`."""
    return _digest({"compat": COMPAT, "base": base, "values": dict(values)})[:ID_LENGTH]


# ---------------------------------------------------------------------------------------
# Checking keys and values
# ---------------------------------------------------------------------------------------


def _kind(spec: KeySpec) -> ColumnKind:
    if spec.kind == "integer":
        return "int"
    return "float" if spec.continuous else "str"


def _normalise(spec: KeySpec, value: Any) -> CaseValue:
    """A value as a number in the key's display unit (numeric keys), else as written.

    Raises PydanticCustomError or ValueError for a value that does not fit the key.
    """
    if spec.kind == "other":
        if not isinstance(value, str | int | float | bool):
            raise ValueError(f"expected a value, got {type(value).__name__}")
        return value
    if isinstance(value, bool):
        raise ValueError("expected a number, got a flag")
    x = to_input_unit(spec, value)
    if not math.isfinite(x):
        raise ValueError(f"{x} is not a finite number")
    if spec.kind == "integer":
        if x != round(x):
            raise ValueError(f"expected a whole number, got {x:g}")
        return round(x)
    return x


@dataclass
class _Axis:
    """A varied key's values, or its range."""

    spec: KeySpec
    values: list[CaseValue] | None = None
    lo: float = 0.0
    hi: float = 0.0
    steps: int | None = None
    log: bool = False
    dist: Distribution | None = None

    def grid(self) -> list[CaseValue]:
        if self.values is not None:
            return self.values
        assert self.steps is not None
        if self.log:
            pts = np.geomspace(self.lo, self.hi, self.steps)
        else:
            pts = np.linspace(self.lo, self.hi, self.steps)
        return [self._cast(float(x)) for x in pts]

    def draw(self, u: NDArray[np.float64]) -> list[CaseValue]:
        """Values at unit-interval coordinates ``u`` (a list: index ``floor(u·n)``; a
        distribution: its quantile function)."""
        if self.dist is not None:
            return [self._cast(to_display(self.spec, float(x))) for x in self.dist.ppf(u)]
        if self.values is not None:
            n = len(self.values)
            return [self.values[min(int(x * n), n - 1)] for x in u]
        if self.log:
            pts = np.exp(np.log(self.lo) + u * (np.log(self.hi) - np.log(self.lo)))
        else:
            pts = self.lo + u * (self.hi - self.lo)
        return [self._cast(float(x)) for x in pts]

    def _cast(self, x: float) -> CaseValue:
        return round(x) if self.spec.kind == "integer" else x


def _axis(
    sf: SweepFile,
    raw: Mapping[str, Any],
    key: str,
    entry: list[Any] | Range | str,
    where: tuple[str, ...] | None = None,
) -> tuple[_Axis | None, list[Problem]]:
    sampling = sf.spec.sampling
    where = where or ("vary", key)
    path = ".".join(where)
    line = sf.line(*where) if where[0] == "vary" else None
    try:
        spec = key_spec(raw, key)
    except ScenarioError as exc:
        return None, [Problem(path, p.message, None, line, p.hint) for p in exc.problems]

    if isinstance(entry, str):  # a distribution
        if sampling is not Sampling.DISTRIBUTIONS:
            hint = "write a list or a range, or use sampling: distributions"
            return None, [Problem(path, f"'{entry}' is not a list or a range", None, line, hint)]
        try:
            dist = parse_distribution(key, entry, spec, where=path)
        except ScenarioError as exc:
            return None, [Problem(p.path, p.message, p.value, line, p.hint) for p in exc.problems]
        return _Axis(spec, dist=dist), []

    def check(value: Any, where: int | None) -> tuple[CaseValue | None, list[Problem]]:
        try:
            v = _normalise(spec, value)
            changed = set_key(raw, key, v)  # units and bounds, as a scenario file would
            if spec.kind == "other":  # names and choices: only the whole scenario knows them
                parse_scenario(changed)
        except PydanticCustomError as exc:
            return None, [Problem(path, exc.message(), value, where)]
        except ValueError as exc:
            return None, [Problem(path, str(exc), value, where)]
        except ScenarioError as exc:
            return None, [Problem(path, p.message, value, where, p.hint) for p in exc.problems]
        return v, []

    if isinstance(entry, list):
        if not entry:
            return None, [Problem(path, "empty list: give at least one value", None, line)]
        values: list[CaseValue] = []
        problems: list[Problem] = []
        for i, item in enumerate(entry):
            v, ps = check(item, sf.line("vary", key, str(i)))
            problems += ps
            if v is not None:
                values.append(v)
        return (_Axis(spec, values=values) if not problems else None), problems

    # a range
    unit = spec.input_unit
    if not spec.continuous and spec.kind != "integer":
        hint = "give a list of values, e.g. [a, b]"
        return None, [Problem(path, "a range needs a numeric key", None, line, hint)]
    if sampling is Sampling.LIST:
        hint = "list sampling pairs the i-th values of lists; give a list, or use grid"
        return None, [Problem(path, "list sampling takes lists, not ranges", None, line, hint)]
    lo, ps_lo = check(entry.start, sf.line("vary", key, "from"))
    hi, ps_hi = check(entry.stop, sf.line("vary", key, "to"))
    if ps_lo or ps_hi:
        return None, ps_lo + ps_hi
    assert isinstance(lo, int | float) and isinstance(hi, int | float)
    shown = f" {unit}" if unit else ""
    if not lo < hi:
        what = "empty range" if lo == hi else "reversed range"
        return None, [
            Problem(
                path,
                f"{what}: from {lo:g}{shown} to {hi:g}{shown}",
                None,
                line,
                f"'from' must be below 'to'; for one value write a list, e.g. [{lo:g}]",
            )
        ]
    if entry.scale is Scale.LOG and lo <= 0:
        return None, [Problem(path, f"log scale needs from > 0 (got {lo:g}{shown})", None, line)]
    steps = entry.steps
    if sampling is Sampling.GRID:
        if steps is None:
            hint = "e.g. {from: ..., to: ..., steps: 5}"
            return None, [Problem(path, "a range in a grid needs 'steps'", None, line, hint)]
        if steps < 2:
            hint = "steps counts the points, ends included: give ≥ 2, or write a list"
            return None, [Problem(path, f"steps must be ≥ 2 (got {steps})", None, line, hint)]
    elif steps is not None:
        hint = f"{sampling.value} draws 'samples' values; remove 'steps'"
        return None, [Problem(path, "'steps' applies to grid sampling", None, line, hint)]
    return _Axis(spec, lo=float(lo), hi=float(hi), steps=steps, log=entry.scale is Scale.LOG), []


def _expand(
    sf: SweepFile, axes: Sequence[_Axis], corr: NDArray[np.float64] | None = None
) -> list[tuple[CaseValue, ...]]:
    spec = sf.spec
    if spec.sampling is Sampling.GRID:
        return list(itertools.product(*(a.grid() for a in axes)))
    if spec.sampling is Sampling.LIST:
        lengths = {key: len(a.values or []) for key, a in zip(spec.vary, axes, strict=True)}
        if len(set(lengths.values())) > 1:
            text = ", ".join(f"{k}: {n}" for k, n in lengths.items())
            raise sf.error(
                [
                    Problem(
                        "vary",
                        f"list sampling needs lists of one length (got {text})",
                        None,
                        sf.line("vary"),
                        "or use sampling: grid for every combination",
                    )
                ]
            )
        return list(zip(*(a.values or [] for a in axes), strict=True))
    n = spec.samples
    assert n is not None
    if spec.sampling is Sampling.LATIN_HYPERCUBE:
        u = qmc.LatinHypercube(d=len(axes), rng=spec.seed).random(n)
    elif spec.sampling is Sampling.DISTRIBUTIONS:
        u = draw_uniforms(n, len(axes), spec.seed, corr)
    else:
        u = np.random.default_rng(spec.seed).random((n, len(axes)))
    columns = [a.draw(u[:, j]) for j, a in enumerate(axes)]
    return list(zip(*columns, strict=True))


def _with_distributions(
    sf: SweepFile,
    raw: Mapping[str, Any],
    entries: dict[str, tuple[list[Any] | Range | str, tuple[str, ...] | None]],
) -> tuple[
    dict[str, tuple[list[Any] | Range | str, tuple[str, ...] | None]],
    NDArray[np.float64] | None,
    list[Problem],
]:
    """The sweep's entries plus the base scenario's ``uncertainty.distributions`` (a ``vary``
    entry of the same key wins), and the correlation matrix of the scenario's
    ``uncertainty.correlations`` between the keys kept."""
    section = raw.get("uncertainty")
    section = section if isinstance(section, Mapping) else {}
    own = section.get("distributions") or {}
    out = dict(entries)
    for key, text in own.items():
        if key not in out:
            out[key] = (text, ("uncertainty", "distributions", str(key)))
    if not out:
        problem = Problem(
            "sampling",
            f"the base scenario {sf.base_path.name} has no uncertainty.distributions and the "
            "sweep varies nothing",
            None,
            sf.line("sampling"),
            "add distributions to the scenario's uncertainty section, or list keys under vary",
        )
        return out, None, [problem]
    keys = list(out)
    pairs = [
        (str(a), str(b), float(rho))
        for a, b, rho in (section.get("correlations") or [])
        if a in out and b in out
    ]
    if not pairs:
        return out, None, []
    try:
        corr = correlation_matrix(keys, pairs, where=f"{sf.base_path.name}: ")
    except ScenarioError as exc:
        return out, None, list(exc.problems)
    return out, corr, []


#: Wall time of one case on one worker, s, by kind of base scenario, rounded up from
#: measurements on the 2-core CI machine (2026-12): the headline orbit 0.3-0.5 s (both
#: eclipse strategies designed), the Memphis ground year 5-7 s (PyPSA + HiGHS). A
#: constellation case scales with its satellites and steps; 30 s is an assumption that errs
#: high for the bundled ones (81 and 1,584 satellites for a day, 1-10 s).
CASE_SECONDS = {"orbit": 0.6, "ground": 8.0, "constellation": 30.0}
#: Memory per case held by the parent while a sweep runs (its Case, id, values and stored
#: row), bytes; ~1 kB measured with tracemalloc on a 3-key grid, doubled.
_BYTES_PER_CASE = 2048.0


def case_count(spec: SweepSpec, axes: Sequence[_Axis]) -> int:
    """Cases a sweep expands to (before duplicates are dropped), without expanding it."""
    if spec.sampling is Sampling.GRID:
        return math.prod(len(a.values) if a.values is not None else a.steps or 1 for a in axes)
    if spec.sampling is Sampling.LIST:
        return max((len(a.values or []) for a in axes), default=0)
    return spec.samples or 0


def estimate(n: int, keys: int, site: str, workers: int | None) -> Estimate:
    """Memory and wall time of ``n`` cases of ``keys`` inputs on a ``site`` base, on
    ``workers`` workers (``None``: a remote cluster of unknown size, time not estimated)."""
    per_case = CASE_SECONDS.get(site, max(CASE_SECONDS.values()))
    seconds = 0.0 if workers is None else n * per_case / max(workers, 1)
    return Estimate(
        f"a sweep of {n:,} {site} cases × {keys} keys"
        + ("" if workers is None else f" on {workers} worker(s)"),
        memory=n * (_BYTES_PER_CASE + keys * 8.0 * 2),
        seconds=seconds,
        shrink="fewer steps or samples in the sweep file",
    )


def plan(sf: SweepFile, budget: Budget | None = None, workers: int | None = None) -> SweepPlan:
    """Check a sweep against its base scenario and expand it into cases.

    The case count is checked against ``budget`` (the default when ``None``) before the
    cases are expanded; ``workers`` sets the time estimate (``None``: not estimated).

    Raises
    ------
    SweepError
        Unknown keys (with did-you-mean), empty or reversed ranges, values with wrong units
        or out of bounds, lists of unequal length: all problems at once, each with its line.
    ScenarioError
        When the base scenario itself is invalid (its own file and line).
    BudgetError
        When the cases would not fit the memory or time budget.
    """
    spec = sf.spec
    if not sf.base_path.is_file():
        raise sf.error(
            [
                Problem(
                    "base",
                    f"scenario file not found: {sf.base_path}",
                    None,
                    sf.line("base"),
                    "the path is relative to the sweep file",
                )
            ]
        )
    raw = load_raw(sf.base_path)
    if spec.boundary is not None:
        raw = set_key(raw, "economics.boundary", spec.boundary.value)
    entries: dict[str, tuple[list[Any] | Range | str, tuple[str, ...] | None]] = {
        key: (entry, None) for key, entry in spec.vary.items()
    }
    corr = None
    if spec.sampling is Sampling.DISTRIBUTIONS:
        entries, corr, problems = _with_distributions(sf, raw, entries)
        if problems:
            raise sf.error(problems)
    axes: list[_Axis] = []
    problems = []
    for key, (entry, where) in entries.items():
        axis, ps = _axis(sf, raw, key, entry, where)
        problems += ps
        if axis is not None:
            axes.append(axis)
    if problems:
        raise sf.error(problems)
    site = str(raw.get("site", "orbit"))
    check(estimate(case_count(spec, axes), len(axes), site, workers), budget or Budget())
    combos = _expand(sf, axes, corr)
    keys = list(entries)
    inputs = tuple(
        InputColumn(key, input_column(key), _kind(a.spec), a.spec.input_unit)
        for key, a in zip(keys, axes, strict=True)
    )
    outputs = spec.output_columns()
    clash = [
        Problem(f"vary.{c.key}", f"its column '{c.column}' is reserved or an output's", None)
        for c in inputs
        if c.column in RESERVED or c.column in outputs
    ]
    if clash:
        raise sf.error(clash)
    p, _ids = _assemble(spec.name, sf.base_path, raw, inputs, combos, outputs)
    return p


def _assemble(
    name: str,
    base_path: Path,
    raw: dict[str, Any],
    inputs: tuple[InputColumn, ...],
    combos: Sequence[Sequence[CaseValue]],
    outputs: dict[str, str],
) -> tuple[SweepPlan, tuple[str, ...]]:
    """The plan of rows of values (one per combination, repeats dropped), and each
    combination's case id in order."""
    base = canonical_base(raw)
    keys = [c.key for c in inputs]
    seen: set[str] = set()
    cases: list[Case] = []
    ids: list[str] = []
    for combo in combos:
        values = dict(zip(keys, combo, strict=True))
        cid = case_id(base, values)
        ids.append(cid)
        if cid not in seen:
            seen.add(cid)
            cases.append(Case(cid, values))
    fingerprint = _digest(
        {
            "compat": COMPAT,
            "base": base,
            "inputs": [[c.key, c.column, c.kind, c.unit] for c in inputs],
            "outputs": outputs,
        }
    )[:ID_LENGTH]
    plan = SweepPlan(
        name=name,
        base_path=base_path,
        base_raw=raw,
        inputs=inputs,
        outputs=outputs,
        cases=tuple(cases),
        fingerprint=fingerprint,
        duplicates=len(combos) - len(cases),
    )
    return plan, tuple(ids)


def plan_rows(
    name: str,
    base_path: Path,
    base_raw: Mapping[str, Any],
    keys: Sequence[str],
    rows: Sequence[Sequence[CaseValue]],
    outputs: Mapping[str, str],
) -> tuple[SweepPlan, tuple[str, ...]]:
    """A sweep of rows of values drawn elsewhere (one case per distinct row), for a study
    that draws its own cases, such as the Monte Carlo's re-optimised ground samples
    (:mod:`wattflop.study.reoptimise`).

    Parameters
    ----------
    name : str
        The sweep's name (stored with every case).
    base_path : Path
        Where the base scenario came from (recorded in the store's manifest).
    base_raw : mapping
        The base scenario's raw mapping.
    keys : sequence of str
        Dotted keys, one per column of ``rows``.
    rows : sequence of sequences
        Values in each key's display unit (as a sweep file's bare numbers).
    outputs : mapping
        Store column → result path.

    Returns
    -------
    (SweepPlan, tuple of str)
        The plan, and each row's case id in order (equal rows share one case).

    Raises
    ------
    ScenarioError
        An unknown key; a key whose column is reserved or an output's.
    """
    raw = dict(base_raw)
    specs = [key_spec(raw, k) for k in keys]
    inputs = tuple(
        InputColumn(k, input_column(k), _kind(s), s.input_unit)
        for k, s in zip(keys, specs, strict=True)
    )
    clash = [
        Problem(k, f"its column '{c.column}' is reserved or an output's", None)
        for k, c in zip(keys, inputs, strict=True)
        if c.column in RESERVED or c.column in outputs
    ]
    if clash:
        raise ScenarioError(clash, str(base_path))
    return _assemble(name, Path(base_path), raw, inputs, rows, dict(outputs))


def scenario_for(base_raw: Mapping[str, Any], values: Mapping[str, CaseValue]) -> Any:
    """The raw scenario mapping of a case: the base with every value set."""
    raw: dict[str, Any] = dict(base_raw)
    for key, value in values.items():
        raw = set_key(raw, key, value)
    return raw


__all__ = [
    "COMPAT",
    "Case",
    "InputColumn",
    "SweepError",
    "SweepPlan",
    "canonical_base",
    "case_id",
    "plan",
    "plan_rows",
    "scenario_for",
]

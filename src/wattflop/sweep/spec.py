"""Sweep files: which scenario to start from, which keys to vary and how, what to keep.

A sweep file is YAML::

    name: orbit-design-space
    base: ../scenarios/orbit-1gw-dawn-dusk-650km.yaml   # relative to this file
    sampling: grid          # grid | list | latin_hypercube | random
    samples: 64             # latin_hypercube and random only
    seed: 1                 # latin_hypercube and random
    boundary: full          # optional: cost boundary of every case
    vary:
      orbit.altitude: {from: 500 km, to: 1300 km, steps: 5}
      satellite.radiator.temperature: [20 degC, 40 degC, 60 degC]
      launch.price_per_kg: {from: 20, to: 1500, scale: log, steps: 4}
    outputs:                # result paths (see `wattflop run`'s result.json)
      - cost.usd_per_eflop
      - mass.satellite_kg

``vary`` maps dotted scenario keys (as in ``wattflop breakeven --vary``) to either a **list**
of values or a **range** ``{from, to, steps, scale}``. Values follow
:mod:`wattflop.study.breakeven`: a bare number is read in the key's display unit, a string
carries its own unit.

- ``grid``: every combination of the keys' points (a range needs ``steps``);
- ``list``: the i-th case takes the i-th value of every list (all lists the same length);
- ``latin_hypercube``: ``samples`` cases, each range cut into ``samples`` equal strata and
  each stratum used once (McKay, Beckman & Conover 1979; scipy's ``LatinHypercube``); a list
  is sampled by its index the same way;
- ``random``: ``samples`` independent uniform draws (log-uniform with ``scale: log``);
- ``distributions``: ``samples`` draws from the base scenario's own
  ``uncertainty.distributions`` (with its ``correlations``, a Gaussian copula; see
  :mod:`wattflop.study.uncertainty`), plus any ``vary`` entry, which may be a distribution
  written the same way (``launch.price_per_kg: triangular(100, 460, 1500) USD/kg``), a range
  (uniform) or a list (each value equally likely).

``outputs`` is a list of result paths (the column is the last part of the path, e.g.
``usd_per_eflop``, or the whole path with ``_`` when last parts clash) or a mapping
``column: path``.

Errors name the sweep file, its line and the key (:class:`SweepError`). This module checks
the file's structure; :func:`wattflop.sweep.cases.plan` checks keys and values against the
base scenario.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator, model_validator

from wattflop.bundled import find, is_bare_name
from wattflop.errors import Problem, ScenarioError
from wattflop.scenario.common import Boundary, ScenarioModel
from wattflop.scenario.load import nearest_line, problems_from, read_text
from wattflop.yamlio import line_map, parse_yaml


@dataclass
class SweepError(ScenarioError):
    """A sweep file (or a sweep built in code) that cannot run as written. Holds
    :class:`~wattflop.errors.Problem` s with the sweep file's lines."""

    def __str__(self) -> str:
        head = f"invalid sweep {self.source}" if self.source else "invalid sweep"
        n = len(self.problems)
        lines = [f"{head}: {n} problem{'s' if n != 1 else ''}"]
        lines += ["  " + p.format(self.source) for p in self.problems]
        return "\n".join(lines)


class Sampling(StrEnum):
    """How the cases are drawn from the ``vary`` entries."""

    GRID = "grid"
    LIST = "list"
    LATIN_HYPERCUBE = "latin_hypercube"
    RANDOM = "random"
    DISTRIBUTIONS = "distributions"


class Scale(StrEnum):
    """Spacing of a range: even steps, or even steps of the logarithm."""

    LINEAR = "linear"
    LOG = "log"


Value = str | float | int | bool


class Range(ScenarioModel):
    """A range of a numeric key: ``{from: 500 km, to: 1300 km, steps: 5}``."""

    start: str | float = Field(alias="from", description="First value (number or with units).")
    stop: str | float = Field(alias="to", description="Last value (number or with units).")
    steps: int | None = Field(
        default=None, description="Number of evenly spaced points, ends included (grid only)."
    )
    scale: Scale = Field(default=Scale.LINEAR, description="linear or log spacing.")


#: Names of the store's own columns; no input or output may take them.
RESERVED = frozenset(
    {
        "id",
        "status",
        "error",
        "error_type",
        "started_at",
        "finished_at",
        "duration_s",
        "worker",
        "wattflop_version",
        "sweep",
    }
)
_COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class SweepSpec(ScenarioModel):
    """A sweep as written in a sweep file (structure only; see :func:`load_sweep`)."""

    name: str = Field(description="Name of the sweep (stored with every case).")
    description: str = ""
    base: str = Field(
        description="Base scenario file, relative to the sweep file, or a bundled scenario's name."
    )
    sampling: Sampling = Sampling.GRID
    samples: int | None = Field(
        default=None, ge=1, description="Cases to draw (latin_hypercube and random)."
    )
    seed: int = Field(default=0, ge=0, description="Seed of the random draws.")
    boundary: Boundary | None = Field(
        default=None, description="Cost boundary of every case (default: the base scenario's)."
    )
    vary: dict[str, list[Value] | Range | str] = Field(
        default_factory=dict,
        description="Dotted key → values, range, or (sampling: distributions) a distribution.",
    )
    outputs: list[str] | dict[str, str] = Field(description="Result paths to keep.")

    @field_validator("outputs")
    @classmethod
    def _some_outputs(cls, v: list[str] | dict[str, str]) -> list[str] | dict[str, str]:
        if not v:
            raise ValueError("give at least one result path, e.g. 'cost.usd_per_eflop'")
        return v

    @model_validator(mode="after")
    def _sampling_fits(self) -> SweepSpec:
        s = self.sampling
        if not self.vary and s is not Sampling.DISTRIBUTIONS:
            raise ValueError("give at least one key to vary, e.g. 'orbit.altitude: [500, 650]'")
        drawn = s in (Sampling.LATIN_HYPERCUBE, Sampling.RANDOM, Sampling.DISTRIBUTIONS)
        if drawn and self.samples is None:
            raise ValueError(f"sampling '{s.value}' needs 'samples': the number of cases to draw")
        if not drawn and self.samples is not None:
            raise ValueError(
                f"'samples' applies to latin_hypercube and random sampling, not '{s.value}' "
                "(remove it, or change 'sampling')"
            )
        return self

    def output_columns(self) -> dict[str, str]:
        """Column name → result path."""
        if isinstance(self.outputs, dict):
            return dict(self.outputs)
        last = [p.split(".")[-1] for p in self.outputs]
        return {
            (tail if last.count(tail) == 1 else path.replace(".", "_")): path
            for tail, path in zip(last, self.outputs, strict=True)
        }


def input_column(key: str) -> str:
    """The store column of a varied key: ``orbit.altitude`` → ``orbit_altitude``."""
    return re.sub(r"[^A-Za-z0-9_]", "_", key)


@dataclass(frozen=True)
class SweepFile:
    """A parsed sweep file: the spec, where it came from, and its key → line map."""

    spec: SweepSpec
    source: str | None
    base_path: Path
    lines: dict[tuple[str, ...], int]

    def line(self, *path: str) -> int | None:
        """Line of a key path in the sweep file (the nearest enclosing key), if known."""
        return nearest_line(self.lines, tuple(path))

    def error(self, problems: list[Problem]) -> SweepError:
        return SweepError(problems, self.source)


def _check_columns(sf: SweepFile) -> None:
    spec = sf.spec
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for key in spec.vary:
        col = input_column(key)
        if col in RESERVED:
            problems.append(
                Problem(f"vary.{key}", f"column '{col}' is reserved", None, sf.line("vary", key))
            )
        if col in seen:
            problems.append(
                Problem(
                    f"vary.{key}",
                    f"'{key}' and '{seen[col]}' both make column '{col}'",
                    None,
                    sf.line("vary", key),
                )
            )
        seen[col] = key
    for col, path in spec.output_columns().items():
        where = ("outputs", col) if isinstance(spec.outputs, dict) else ("outputs",)
        if not _COLUMN.match(col):
            problems.append(
                Problem(
                    f"outputs.{col}",
                    f"'{col}' is not a column name (letters, digits and _)",
                    None,
                    sf.line(*where),
                )
            )
        elif col in RESERVED or col in seen:
            what = "reserved" if col in RESERVED else f"the column of vary key '{seen[col]}'"
            problems.append(
                Problem(
                    f"outputs.{col}",
                    f"column '{col}' (for {path}) is {what}",
                    None,
                    sf.line(*where),
                    "name it: write outputs as a mapping 'column: path'",
                )
            )
        seen[col] = path
    if problems:
        raise sf.error(problems)


def _range_hint(p: Problem) -> Problem:
    """A range's keys are written 'from' and 'to' (pydantic knows them as start and stop);
    a value that is neither a list nor a range gets an example."""
    known = ["from", "to", "steps", "scale"]
    if "allowed here: start, stop" in p.hint:
        close = difflib.get_close_matches(p.path.split(".")[-1], known, n=1)
        hint = (f"did you mean '{close[0]}'? " if close else "") + "allowed: " + ", ".join(known)
        return replace(p, hint=hint)
    return p


def _vary_problems(data: dict[str, Any], lines: dict[tuple[str, ...], int]) -> list[Problem]:
    """Problems of each ``vary`` entry, with paths and lines inside the entry (pydantic would
    report a union's every branch)."""
    vary = data.get("vary")
    if not isinstance(vary, dict):
        return []
    out: list[Problem] = []
    for key, entry in vary.items():
        where = ("vary", str(key))
        line = nearest_line(lines, where)
        if isinstance(entry, dict):
            sub = {k[2:]: n for k, n in lines.items() if k[:2] == where}
            try:
                Range.model_validate(entry)
            except ValidationError as exc:
                for p in problems_from(exc, entry, sub, Range):
                    p = _range_hint(p)
                    out.append(replace(p, path=f"vary.{key}.{p.path}", line=p.line or line))
        elif isinstance(entry, str):
            pass  # a distribution: read against the key in wattflop.sweep.cases.plan
        elif isinstance(entry, list):
            for i, item in enumerate(entry):
                if not isinstance(item, str | int | float | bool):
                    out.append(
                        Problem(
                            f"vary.{key}.{i}",
                            f"expected a value (number or text), got a {type(item).__name__}",
                            None,
                            nearest_line(lines, (*where, str(i))),
                        )
                    )
        else:
            out.append(
                Problem(
                    f"vary.{key}",
                    "expected a list of values, a range or a distribution",
                    entry,
                    line,
                    "e.g. [500 km, 650 km] or {from: 500 km, to: 1300 km, steps: 5}",
                )
            )
    return out


def parse_sweep(
    data: Any, *, source: str | None = None, text: str | None = None, folder: Path | None = None
) -> SweepFile:
    """Validate a mapping read from a sweep file.

    Parameters
    ----------
    data : Any
        The YAML document.
    source, text : str, optional
        File name and text, for line numbers in errors.
    folder : Path, optional
        Folder the base path is relative to (default: the working directory).

    Raises
    ------
    SweepError
    """
    lines = line_map(text) if text is not None else {}
    if not isinstance(data, dict):
        got = "an empty file" if data is None else f"a {type(data).__name__}"
        raise SweepError(
            [Problem("", f"a sweep is a mapping (name, base, vary, outputs); got {got}", None, 1)],
            source,
        )
    problems = _vary_problems(data, lines)
    checked = data if not problems else {**data, "vary": {"_": [0]}}  # the other keys
    try:
        spec = SweepSpec.model_validate(checked)
    except ValidationError as exc:
        problems += problems_from(exc, checked, lines, SweepSpec)
    if problems:
        problems.sort(key=lambda p: (p.line is None, p.line or 0))
        raise SweepError(problems, source) from None
    base = Path(spec.base)
    if not base.is_absolute():
        base = (folder or Path.cwd()) / base
    base = Path(os.path.normpath(base))  # sweeps/../scenarios/x.yaml → scenarios/x.yaml
    if not base.exists() and is_bare_name(spec.base):  # a bundled scenario by name
        base = find(spec.base, "scenarios")
    sf = SweepFile(spec, source, base, lines)
    _check_columns(sf)
    return sf


def load_sweep(path: str | Path) -> SweepFile:
    """Read and check a sweep file (structure, names; keys are checked by
    :func:`wattflop.sweep.cases.plan`), or a bundled one by name (``orbit-design-space``)
    when no such file exists.

    Raises
    ------
    SweepError
        For a missing file, a YAML error (with its line) or an invalid entry.
    """
    p = find(path, "sweeps")
    src = str(p)
    text = read_text(p, bundled="sweeps", error=SweepError)
    data = parse_yaml(text, src, error=SweepError)
    return parse_sweep(data, source=src, text=text, folder=p.parent)

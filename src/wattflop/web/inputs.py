"""Scenarios as a web request gives them: a bundled name or uploaded text, plus key edits.

Nothing here reads a path that comes from a request: a bundled scenario is looked up by its
name in the list of bundled files, and uploaded text is parsed in memory. A scenario whose
weather or price file names a path is refused (the server reads no files on a request's
behalf, :mod:`wattflop.scenario.files`); the weather files shipped with pvlib and
``clear_sky`` are names, not paths, and are accepted.
"""

from __future__ import annotations

import copy
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from wattflop.errors import Problem, ScenarioError, WattflopError
from wattflop.scenario import GroundScenario, OrbitScenario, Scenario, parse_scenario
from wattflop.scenario.files import refuse_file_references

#: Largest uploaded scenario text [characters].
MAX_SCENARIO_CHARS = 200_000
#: Values (YAML scalars) read from uploaded text: a scenario has a few hundred.
MAX_SCENARIO_VALUES = 10_000
#: CPU time one request may spend reading and validating its scenarios, s (a bundled
#: scenario takes ~10 ms; a 200 kB text of 10,000 values ~0.5 s).
PARSE_CPU_S = 2.0
#: Most key edits in one scenario input.
MAX_EDITS = 32
#: Finest orbit time step the server simulates [s]: a year at 10 s is 3.2 M steps, about
#: 6× the work of the bundled 60 s; finer steps are for the command line.
MIN_TIME_STEP_S = 10.0

Value = float | str


class ScenarioInput(BaseModel):
    """A scenario: a bundled one by name, or YAML/JSON text; plus key edits.

    Exactly one of ``name`` and ``text`` is given.
    """

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(
        None,
        max_length=100,
        description="Name of a bundled scenario (GET /api/scenarios), e.g. "
        "'orbit-1gw-dawn-dusk-650km'.",
        examples=["orbit-1gw-dawn-dusk-650km"],
    )
    text: str | None = Field(
        None,
        max_length=MAX_SCENARIO_CHARS,
        description="Scenario content as YAML (or JSON), exactly as in a scenario file.",
    )
    filename: str | None = Field(
        None,
        max_length=100,
        description="Label of uploaded text in error messages (never opened as a file).",
    )
    set: dict[str, Value] = Field(
        default_factory=dict,
        max_length=MAX_EDITS,
        description="Dotted key → value, applied as `wattflop breakeven --vary` does: a "
        "quantity string ('300 USD/kg') or a bare number in the key's display unit "
        "(e.g. km for orbit.altitude, degC for a radiator temperature). '{accelerator}' in a "
        "key stands for the scenario's accelerator, e.g. "
        "catalog.accelerators.{accelerator}.failure_rate.",
        examples=[{"launch.price_per_kg": 300}],
    )

    @model_validator(mode="after")
    def _one_source(self) -> ScenarioInput:
        if (self.name is None) == (self.text is None):
            raise ValueError("give exactly one of 'name' (a bundled scenario) and 'text'")
        return self


@dataclass(frozen=True)
class Resolved:
    """A scenario input, checked: the raw mapping with the edits applied, and its model."""

    raw: dict[str, Any]
    scenario: Scenario
    source: str

    @property
    def site(self) -> str:
        return "orbit" if isinstance(self.scenario, OrbitScenario) else "ground"

    @property
    def key(self) -> str:
        """Content hash of the validated scenario (formatting and unit spelling aside)."""
        return scenario_key(self.scenario)


def scenario_key(sc: Scenario) -> str:
    """SHA-256 of a validated scenario's canonical JSON."""
    return hashlib.sha256(sc.model_dump_json().encode("utf-8")).hexdigest()


def content_key(*parts: Any) -> str:
    """SHA-256 of JSON-able parts (sorted keys), for cache entries."""
    text = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class InputError(WattflopError):
    """A request that names no scenario the server can use; carries the request location."""

    def __init__(self, where: str, error: WattflopError) -> None:
        super().__init__(str(error))
        self.where = where
        self.error = error


# ---------------------------------------------------------------------------------------
# Bundled scenarios
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bundled:
    name: str
    path: Path
    site: str
    description: str
    text: str
    raw: dict[str, Any]
    title: str = ""


def bundled_scenarios(folder: Path) -> dict[str, Bundled]:
    """Orbit and ground scenario files of ``folder`` by name (file stem)."""
    out: dict[str, Bundled] = {}
    for p in sorted(folder.glob("*.yaml")):
        text = p.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
        if not isinstance(data, dict) or data.get("site") not in ("orbit", "ground"):
            continue  # constellation scenarios have their own command
        from wattflop.scenario.keys import load_raw

        description = str(data.get("description", "")).strip()
        title = str(data.get("title") or data.get("name") or p.stem)
        out[p.stem] = Bundled(
            p.stem, p, str(data["site"]), description, text, load_raw(p), title=title
        )
    return out


# ---------------------------------------------------------------------------------------
# Uploaded text
# ---------------------------------------------------------------------------------------


def parse_text(text: str, source: str) -> Any:
    """YAML/JSON text → raw data, with the command line's error messages.

    Anchors and aliases are refused: they let a few lines expand into an enormous document.
    """
    from wattflop.yamlio import parse_yaml

    return parse_yaml(text, source, max_values=MAX_SCENARIO_VALUES)


def _lines(text: str | None) -> dict[tuple[str, ...], int]:
    from wattflop.yamlio import line_map

    return line_map(text) if text is not None else {}


def _year(step_s: float) -> str:
    """The estimate of an orbit year at ``step_s`` in words."""
    from wattflop.budget import format_bytes, format_seconds
    from wattflop.orbit.site import year_estimate

    est = year_estimate(step_s)
    return (
        f"{est.what} needs about {format_bytes(est.memory)} and "
        f"{format_seconds(est.seconds)} on a 2-core machine"
    )


def _check_limits(sc: Scenario, source: str, text: str | None) -> None:
    if isinstance(sc, OrbitScenario) and sc.orbit.time_step < MIN_TIME_STEP_S - 1e-9:
        raise ScenarioError(
            [
                Problem(
                    "orbit.time_step",
                    f"the web server simulates steps of at least {MIN_TIME_STEP_S:g} s "
                    f"(got {sc.orbit.time_step:g} s: {_year(sc.orbit.time_step)})",
                    None,
                    _lines(text).get(("orbit", "time_step")),
                    "run finer steps with the command line (`wattflop run`)",
                )
            ],
            source,
        )


def resolve(inp: ScenarioInput, bundled: Mapping[str, Bundled]) -> Resolved:
    """The raw mapping and the validated scenario of an input.

    Raises
    ------
    ScenarioError
        An unknown bundled name (with did-you-mean), a YAML error, a file path, an unknown
        key or a bad value — with the same text as the command line.
    """
    from wattflop.scenario.keys import set_key

    text: str | None
    if inp.name is not None:
        entry = bundled.get(inp.name)
        if entry is None:
            import difflib

            close = difflib.get_close_matches(inp.name, list(bundled), n=1)
            hint = (
                (f"did you mean '{close[0]}'? " if close else "") + "known: " + ", ".join(bundled)
            )
            raise ScenarioError(
                [Problem("name", f"no bundled scenario '{inp.name}'", None, None, hint)]
            )
        raw = copy.deepcopy(entry.raw)  # read and checked once, at startup
        source, text = f"{entry.name}.yaml", entry.text
    else:
        assert inp.text is not None
        source = _label(inp.filename)
        text = inp.text
        data = parse_text(text, source)
        if not isinstance(data, dict):
            parse_scenario(data, source=source, text=text)  # raises: not a mapping
        raw = dict(data)
    workload = raw.get("workload")
    accelerator = workload.get("accelerator") if isinstance(workload, Mapping) else None
    for written, value in inp.set.items():
        key = written
        if "{accelerator}" in key and isinstance(accelerator, str):
            key = key.replace("{accelerator}", accelerator)  # the scenario's accelerator
        if isinstance(value, float) and not math.isfinite(value):
            raise ScenarioError([Problem(key, "is not a finite number", None)], source)
        try:
            raw = set_key(raw, key, value)
        except ScenarioError as exc:
            raise ScenarioError(exc.problems, source) from None
    # After every edit, on what would run: no value may name a file on the server (whether
    # it came from the text, a bundled scenario or a `set` edit).
    refuse_file_references(raw, source, _lines(text))
    sc = parse_scenario(raw, source=source, text=text)
    refuse_file_references(sc.model_dump(), source, _lines(text))
    _check_limits(sc, source, text)
    return Resolved(raw, sc, source)


def _label(filename: str | None) -> str:
    """A printable label for uploaded text (no folders: it is never a path)."""
    if not filename:
        return "<uploaded>"
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(c for c in name if c.isprintable())[:100]
    return clean or "<uploaded>"


def dump_yaml(raw: Mapping[str, Any]) -> str:
    """A raw scenario mapping as YAML (unit strings kept, key order kept)."""

    def plain(x: Any) -> Any:
        if isinstance(x, Mapping):
            return {str(k): plain(v) for k, v in x.items()}
        if isinstance(x, list | tuple):
            return [plain(v) for v in x]
        return x

    text: str = yaml.safe_dump(plain(raw), sort_keys=False, allow_unicode=True, width=100)
    return text


def is_ground(sc: Scenario) -> bool:
    return isinstance(sc, GroundScenario)

"""Loading scenario files: YAML with units → a validated scenario, or a precise error.

This is the only place that parses text. Every mistake becomes a
:class:`~wattflop.errors.ScenarioError` that names the file, line, key path, value,
expectation and a suggestion.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from wattflop.bundled import Kind, find, is_bare_name, names, suggestion
from wattflop.errors import Problem, ScenarioError
from wattflop.scenario.common import ProblemsError, unknown_name
from wattflop.scenario.files import PATH_KEYS, is_file_reference
from wattflop.scenario.ground import GroundScenario
from wattflop.scenario.orbit import OrbitScenario
from wattflop.yamlio import (  # re-exported: the scenario layer's reader
    line_map,
    parse_yaml,
)

#: A scenario of any kind of site.
Scenario = OrbitScenario | GroundScenario
#: The model of each kind of site, by the value of the top-level ``site`` key.
SITES: dict[str, type[OrbitScenario] | type[GroundScenario]] = {
    "orbit": OrbitScenario,
    "ground": GroundScenario,
}


#: Keys of earlier versions that moved or went, with what to write instead (issue #12).
MOVED_KEYS: dict[str, str] = {
    **{
        f"swings.{k}": f"write it as workload.training.{k}: the training profile is the "
        "workload's, shared by both sites (swings: keeps the analysis keys)"
        for k in (
            "iteration_period",
            "compute_fraction",
            "swing_depth",
            "checkpoint_interval",
            "checkpoint_duration",
            "jitter",
            "seed",
        )
    },
    "facility.replacement_fraction": "delete it: permanent failures (the accelerator's "
    "failure_rate) cost the failed part (part_price) and transient ones "
    "(interruption_rate) cost downtime only",
    "satellite.shielding.area_per_power": "delete it: the shield now encloses the compute's "
    "volume (satellite.shielding.compute_density)",
}


def _raw_name_problems(model: type[BaseModel], data: dict[str, Any]) -> list[Problem]:
    """Unknown catalogue names in raw data: reported even when other fields fail (pydantic
    runs the model's own check only once every field is valid)."""
    problems = []
    for kind, key in getattr(model, "REFS", ()):
        name = value_at(data, key)
        own = value_at(data, ("catalog", kind))
        if isinstance(name, str):
            p = unknown_name(kind, name, ".".join(key), own if isinstance(own, dict) else {})
            if p is not None:
                problems.append(p)
    return problems


# ---------------------------------------------------------------------------------------
# Loading with precise errors
# ---------------------------------------------------------------------------------------


def _fields_at(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """Field names valid at ``path`` inside ``model`` (for did-you-mean)."""
    current: Any = model
    parts = list(path)
    while parts:
        part = parts.pop(0)
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        ann = field.annotation
        args: tuple[Any, ...] = getattr(ann, "__args__", ())
        if getattr(ann, "__origin__", None) is dict and len(args) == 2:
            # catalog.accelerators.<name>.<field>: the next part is the entry's name
            if parts:
                parts.pop(0)
            current = args[1]
            continue
        models = (a for a in (ann, *args) if isinstance(a, type) and issubclass(a, BaseModel))
        current = next(models, None)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def problems_from(
    exc: ValidationError, data: Any, lines: dict[tuple[str, ...], int], model: type[BaseModel]
) -> list[Problem]:
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(str(p) for p in err["loc"])
        ctx_err = (err.get("ctx") or {}).get("error")
        if isinstance(ctx_err, ProblemsError):
            for p in ctx_err.problems:
                key = loc + tuple(p.path.split("."))  # paths are relative to the model raising
                value = value_at(data, key)
                where = nearest_line(lines, key)
                problems.append(Problem(".".join(key), p.message, value, where, p.hint))
            continue
        etype = err["type"]
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        hint = ""
        value = err.get("input")
        if etype == "extra_forbidden":
            known = _fields_at(model, err["loc"][:-1])
            close = difflib.get_close_matches(loc[-1], known, n=1, cutoff=0.6)
            msg = f"unknown key '{loc[-1]}'"
            hint = (f"did you mean '{close[0]}'? " if close else "") + (
                f"allowed here: {', '.join(known)}" if known else ""
            )
            moved = MOVED_KEYS.get(".".join(loc))
            if moved is not None:
                msg, hint = f"key '{loc[-1]}' moved or went in this version", moved
            value = None
        elif etype == "missing":
            msg = "required key is missing"
            value = None
            hint = "`wattflop schema` lists every key with its units"
            parent = value_at(data, loc[:-1])
            if isinstance(parent, dict):
                keys = [str(k) for k in parent]
                typo = difflib.get_close_matches(loc[-1], keys, n=1, cutoff=0.6)
                if typo and typo[0] != loc[-1]:
                    hint = f"is '{typo[0]}' a misspelling of '{loc[-1]}'?"
        elif etype in ("model_type", "dict_type"):
            msg = "expected a mapping of keys (indented block)"
        elif etype == "enum":
            expected = (err.get("ctx") or {}).get("expected", "")
            choices = re.findall(r"'([^']+)'", str(expected))
            close = difflib.get_close_matches(str(value), choices, n=1)
            hint = f"did you mean '{close[0]}'?" if close else ""
        elif etype.startswith(("datetime", "date")):
            hint = "write a UTC date and time, e.g. 2027-01-01T00:00:00Z"
        if isinstance(value, dt.date):
            value = value.isoformat()  # as written, not datetime.datetime(...)
        if isinstance(value, dict) and etype not in ("model_type", "dict_type"):
            value = None  # a whole mapping (model-level check): the message says what is wrong
        problems.append(Problem(".".join(loc), msg, value, nearest_line(lines, loc), hint))
    return problems


def value_at(data: Any, key: tuple[str, ...]) -> Any:
    for part in key:
        if isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return None
    return data


def nearest_line(lines: dict[tuple[str, ...], int], loc: tuple[str, ...]) -> int | None:
    for n in range(len(loc), 0, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return None


def parse_scenario(data: Any, *, source: str | None = None, text: str | None = None) -> Scenario:
    """Validate an already-parsed mapping (e.g. from YAML or JSON) into a scenario.

    Raises
    ------
    ScenarioError
    """
    lines = line_map(text) if text is not None else {}
    if not isinstance(data, dict):
        got = "an empty file" if data is None else f"a {type(data).__name__} ({data!r:.60})"
        raise ScenarioError(
            [
                Problem(
                    "",
                    "a scenario is a mapping of keys (name, site, workload, orbit, ...) at the top "
                    f"level; got {got}",
                    None,
                    1,
                    "see scenarios/ for examples",
                )
            ],
            source,
        )
    site = data.get("site")
    model = SITES.get(site) if isinstance(site, str) else None
    if model is None:
        close = difflib.get_close_matches(str(site), list(SITES), n=1)
        what = "required key is missing" if site is None else f"unknown site '{site}'"
        hint = (f"did you mean '{close[0]}'? " if close else "") + "choose: " + ", ".join(SITES)
        if site == "constellation":
            hint = "this command takes orbit and ground sites; run constellations with " + (
                "`wattflop constellation FILE`"
            )
        problem = Problem("site", what, None, nearest_line(lines, ("site",)) or 1, hint)
        raise ScenarioError([problem], source)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = problems_from(exc, data, lines, model)
        seen = {p.path for p in problems}
        for p in _raw_name_problems(model, data):
            if p.path not in seen:
                key = tuple(p.path.split("."))
                where = nearest_line(lines, key)
                problems.append(Problem(p.path, p.message, value_at(data, key), where, p.hint))
        problems.sort(key=lambda p: (p.line is None, p.line or 0))
        raise ScenarioError(problems, source) from None


def read_text(
    path: str | Path,
    *,
    bundled: Kind = "scenarios",
    error: type[ScenarioError] = ScenarioError,
) -> str:
    """The UTF-8 text of a file, or ``error`` naming it: a missing file with a did-you-mean
    among its folder's YAML files, or, for a bare name, among the bundled files of the kind
    ``bundled`` (:func:`wattflop.bundled.suggestion`)."""
    p = Path(path)
    try:
        return p.read_text(encoding="utf-8")
    except FileNotFoundError:
        folder = p.parent.is_dir()
        siblings = [q.name for q in p.parent.glob("*.y*ml")] if folder else []
        near = difflib.get_close_matches(p.name, siblings, n=1)
        if near:
            hint = f"did you mean '{p.parent / near[0]}'?"
        elif not folder:
            hint = f"the folder '{p.parent}' does not exist either"
        elif is_bare_name(path):
            hint = suggestion(path, bundled)
        else:
            hint = f"check the path; or give a bundled name: {', '.join(names(bundled))}"
        raise error([Problem("", "file not found", None, None, hint)], str(p)) from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as exc:
        what = f"cannot read the file ({exc.__class__.__name__})"
        problem = Problem("", what, None, None, "give a UTF-8 YAML file")
        raise error([problem], str(p)) from None


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file.

    Parameters
    ----------
    path : str or Path
        YAML file, or the name of a bundled scenario (``orbit-1gw-dawn-dusk-650km``, with or
        without ``.yaml``) when no file of that name exists (:func:`wattflop.bundled.find`).

    Raises
    ------
    ScenarioError
        For a missing file (a bare name lists the bundled scenarios), a YAML syntax error
        (with its line) or any invalid value.

    Examples
    --------
    Values are SI floats once loaded (``altitude: 550 km``, ``it_power: 20 MW``):

    >>> sc = load_scenario("orbit-20mw-inclined-550km")
    >>> sc.site, sc.orbit.altitude, sc.workload.it_power
    ('orbit', 550000.0, 20000000.0)
    >>> load_scenario("orbit-20mw-inclined")
    Traceback (most recent call last):
    ...
    wattflop.errors.ScenarioError: invalid scenario orbit-20mw-inclined: 1 problem
      orbit-20mw-inclined: file not found
        hint: did you mean the bundled scenario 'orbit-20mw-inclined-550km'? ...
    """
    p = find(path, "scenarios")
    text = read_text(p)
    data = parse_yaml(text, str(p))
    if isinstance(data, dict):
        data = resolve_paths(data, p.parent)
    return parse_scenario(data, source=str(p), text=text)


def resolve_paths(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Copy of ``data`` with relative file paths made relative to ``folder``."""
    import copy

    out = copy.deepcopy(data)
    for key in PATH_KEYS:
        parent = value_at(out, key[:-1])
        value = parent.get(key[-1]) if isinstance(parent, dict) else None
        dotted = ".".join(key)
        if (
            isinstance(value, str)
            and is_file_reference(dotted, value)
            and not Path(value).is_absolute()
        ):
            parent[key[-1]] = str((folder / value).resolve())
    return out


def scenario_json_schema() -> dict[str, Any]:
    """JSON Schema of scenario files (every kind of site), generated from the models."""
    adapter: TypeAdapter[Scenario] = TypeAdapter(Annotated[Scenario, Field(discriminator="site")])
    schema = adapter.json_schema(mode="validation")
    schema["title"] = "wattflop scenario"
    return schema

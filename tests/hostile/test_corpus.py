"""The hostile-input corpus: every case in ``corpus.yaml`` through the command line and the
HTTP API, each with its expected outcome (issue #16 item 7).

A case builds one input from a bundled file (a scenario, a sweep, or two months of the
bundled EIA-930 demand for ``wattflop headroom``) and states what each door must answer:

- ``cli``: the exit code (2 for a user error, 0 when the input is acceptable) and a piece of
  the message; the command runs in-process (typer's ``CliRunner``), ``wattflop validate`` by
  default, or the ``command`` the case names;
- ``api``: the status of ``POST /api/validate`` (422 or another 4xx with a piece of the
  message, or 200) for the same text, or for the bundled scenario with ``api_set`` edits.

No answer may hold a traceback, and a 5xx is never right. Cases the fuzzer found deep in the
physics, the money or a command's compute budget, which this item does not fix, carry
``xfail`` with the reason: they run, must fail (``strict``), and turn into ordinary cases
once fixed.

The input of a case, in order: ``text`` (the whole text, as is) or ``gen`` (a generated
text: ``bomb``, ``deep-list:N``, ``deep-map:N``, ``deep-block:N``, ``huge:N``,
``long-name:N``, ``big-int:N``), else the base file's text, or, when the case has ``edits``
(``a/b/c: value`` paths, ``~delete~`` to delete), the base file's data with the edits, as
YAML; then ``replace`` ([old, new] pairs) and ``append``. Headroom cases edit the CSV with
``replace`` and ``append`` too (``csv: ""`` starts from nothing).
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from fuzz.harness import GROUND_HOURS, OverTime, budget, short_ground_year
from fuzz.strategies import SCENARIOS, SWEEPS, base_data, base_text, dump, headroom_base_csv
from wattflop.cli import app
from wattflop.yamlio import MAX_YAML_DEPTH

CORPUS = Path(__file__).with_name("corpus.yaml")
DELETE = "~delete~"
#: Wall-clock budget of one case [s]: a hang detector (a case may set a shorter ``budget_s``).
CASE_BUDGET_S = 30.0


def _cases() -> list[dict[str, Any]]:
    """The corpus, with its shorthands expanded: ``refuse: TEXT`` is exit 2 and 422 with
    TEXT in the message, ``accept: TEXT`` exit 0 (TEXT in the output) and 200; on the
    doors the case's command has (the API validates orbit and ground scenarios only), or
    those ``doors`` names."""
    cases: list[dict[str, Any]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["cases"]
    for c in cases:
        kind = _kind(c.get("base", "orbit-20mw-inclined-550km"))
        validate = kind in ("orbit", "ground") and c.get("command", "validate") == "validate"
        doors = c.pop("doors", "cli api" if validate else "cli").split()
        if "refuse" in c:
            text = c.pop("refuse")
            if "cli" in doors:
                c.setdefault("cli", {"exit": 2, "contains": text})
            if "api" in doors:
                c.setdefault("api", {"status": 422, "contains": text})
        elif "accept" in c:
            text = c.pop("accept")
            if "cli" in doors:
                c.setdefault("cli", {"exit": 0, "contains": text or ""})
            if "api" in doors:
                c.setdefault("api", {"status": 200})
    return cases


def _kind(base: str) -> str:
    if base == "tva":
        return "headroom"
    if (SWEEPS / f"{base}.yaml").exists():
        return "sweep"
    if base.startswith("constellation"):
        return "constellation"
    return "orbit" if base.startswith("orbit") else "ground"


CASES = _cases()

BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


def _generated(spec: str, base: str) -> str:
    what, _, n_text = spec.partition(":")
    n = int(n_text or 0)
    if what == "bomb":
        return BOMB
    if what == "deep-list":
        return "site: orbit\nx: " + "[" * n + "]" * n + "\n"
    if what == "deep-map":
        return "site: orbit\nx: " + "{a: " * n + "1" + "}" * n + "\n"
    if what == "deep-block":
        return "site: orbit\n" + "".join("  " * i + f"k{i}:\n" for i in range(n)) + "  " * n + "v\n"
    if what == "huge":
        return "site: orbit\n" + "x: 1\n" * n
    if what == "big-int":
        return base_text("scenario", base).replace("raan: 0 deg", "raan: " + "9" * n, 1)
    if what == "long-name":
        return base_text("scenario", base).replace(f"name: {base}", "name: " + "n" * n, 1)
    raise ValueError(f"unknown generator {spec!r}")


def _edit(data: Any, path: str, value: Any) -> None:
    parts = path.split("/")
    node = data
    for part in parts[:-1]:
        if isinstance(node, list):
            node = node[int(part)]
            continue
        if not isinstance(node.get(part), dict | list):
            node[part] = {}
        node = node[part]
    last = parts[-1]
    if isinstance(node, list):
        if value == DELETE:
            del node[int(last)]
        else:
            node[int(last)] = value
    elif value == DELETE:
        node.pop(last, None)
    else:
        node[last] = value


def case_text(case: dict[str, Any]) -> str:
    """The input text of a case (see the module docstring)."""
    base = case.get("base", "orbit-20mw-inclined-550km")
    kind = _kind(base)
    if "text" in case:
        return str(case["text"])
    if "gen" in case:
        text = _generated(case["gen"], base)
    elif kind == "headroom":
        text = case.get("csv", headroom_base_csv())
    elif "edits" in case:
        data = base_data("sweep" if kind == "sweep" else "scenario", base)
        for path, value in case["edits"].items():
            _edit(data, path, value)
        text = dump(data)
    else:
        text = base_text("sweep" if kind == "sweep" else "scenario", base)
    for old, new in case.get("replace", []):
        assert old in text, (case["id"], old)
        text = text.replace(old, new, 1)
    return text + case.get("append", "")


#: The fields a case may have (after the shorthands are expanded).
FIELDS = {
    *("id", "base", "note", "xfail"),
    *("text", "gen", "csv", "edits", "replace", "append"),
    *("command", "args", "data", "budget_s", "full_year", "cli"),
    *("api", "api_set", "api_body", "api_raw"),
}


def test_corpus_is_well_formed() -> None:
    """Unique ids, at least 250 cases, each with an expectation for one door or both."""
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    assert len(CASES) >= 250
    for c in CASES:
        assert "cli" in c or "api" in c, c["id"]
        assert set(c) <= FIELDS, (c["id"], set(c) - FIELDS)


def _params(door: str) -> list[Any]:
    out = []
    for c in CASES:
        if door not in c:
            continue
        marks = []
        if "xfail" in c:
            marks.append(pytest.mark.xfail(strict=True, reason=c["xfail"]))
        out.append(pytest.param(c, id=c["id"], marks=marks))
    return out


# ---------------------------------------------------------------------------------------------
# The command line


def _argv(case: dict[str, Any], f: Path, tmp_path: Path) -> list[str]:
    base = case.get("base", "orbit-20mw-inclined-550km")
    kind = _kind(base)
    command = case.get("command") or {
        "headroom": "headroom",
        "sweep": "sweep",
        "constellation": "constellation",
    }.get(kind, "validate")
    args = [str(a) for a in case.get("args", [])]
    out = str(tmp_path / "out")
    if command == "validate":
        return ["validate", str(f), *args]
    if command == "run":
        return ["run", str(f), "--out", out, *args]
    if command == "montecarlo":
        return ["montecarlo", str(f), "--samples", "64", "--no-sobol", "--out", out, *args]
    if command == "constellation":
        return ["constellation", str(f), "--out", out, *args]
    if command == "sweep":
        return ["sweep", str(f), "--store", str(tmp_path / "store"), "--no-progress", *args]
    if command == "headroom":
        return ["headroom", str(case.get("data", f)), *args]
    if command == "breakeven":
        ground = SCENARIOS / "ground-1gw-memphis.yaml"
        return ["breakeven", str(f), str(ground), "--out", out, *args]
    raise ValueError(f"unknown command {command!r}")


@pytest.mark.parametrize("case", _params("cli"))
def test_cli(case: dict[str, Any], tmp_path: Path) -> None:
    expect = case["cli"]
    kind = _kind(case.get("base", "orbit-20mw-inclined-550km"))
    if kind == "sweep":
        # a sweep's base is relative to the sweep file: keep the bundled layout
        (tmp_path / "scenarios").symlink_to(SCENARIOS, target_is_directory=True)
        folder = tmp_path / "sweeps"
        folder.mkdir()
    else:
        folder = tmp_path
    name = "demand.csv" if kind == "headroom" else "case.yaml"
    f = folder / name
    raw = case_text(case).encode("utf-8", "surrogateescape")
    f.write_bytes(raw)
    argv = _argv(case, f, tmp_path)
    seconds = float(case.get("budget_s", CASE_BUDGET_S))
    # ground sites simulate the first hours of their year unless the case needs the year
    # (the report of `wattflop run` draws a July week)
    hours = 8760 if case.get("full_year") else GROUND_HOURS
    try:
        with budget(seconds), short_ground_year(hours):
            r = CliRunner().invoke(app, argv)
    except OverTime:
        pytest.fail(f"over {seconds:g} s")
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    assert "Traceback" not in r.output
    assert r.exit_code == expect["exit"], r.output[-2000:]
    assert expect.get("contains", "") in r.output, r.output[-2000:]
    if case.get("command") == "run" and r.exit_code == 0:
        result = json.loads((tmp_path / "out" / "result.json").read_text(encoding="utf-8"))
        cost = result["cost"]["usd_per_eflop"]
        assert isinstance(cost, float) and math.isfinite(cost) and cost >= 0.0


# ---------------------------------------------------------------------------------------------
# The HTTP API


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient

    from wattflop.web import create_app

    application = create_app(tmp_path_factory.mktemp("corpus-web"), time_limit_s=30.0)
    with TestClient(application, raise_server_exceptions=False) as c:
        yield c
    application.state.wattflop.jobs.shutdown()


@pytest.mark.parametrize("case", _params("api"))
def test_api(case: dict[str, Any], client: Any) -> None:
    expect = case["api"]
    if "api_set" in case:
        scenario: dict[str, Any] = {
            "name": case.get("base", "orbit-20mw-inclined-550km"),
            "set": case["api_set"],
        }
    elif "api_body" in case:
        scenario = case["api_body"]
    else:
        scenario = {"text": case_text(case), "filename": "case.yaml"}
    body = case.get("api_raw", json.dumps({"scenario": scenario}, allow_nan=True))
    r = client.post(
        "/api/validate",
        content=body.encode("utf-8", "surrogatepass"),
        headers={"content-type": "application/json"},
    )
    assert r.status_code < 500, r.text[:500]
    assert "Traceback" not in r.text
    assert r.status_code == expect["status"], r.text[:1000]
    assert expect.get("contains", "") in r.text, r.text[:1000]


def test_depth_limit_is_the_loader_s() -> None:
    """The corpus's nesting cases sit on both sides of the loader's limit."""
    depths = [
        int(c["gen"].split(":")[1]) for c in CASES if str(c.get("gen", "")).startswith("deep-")
    ]
    assert min(depths) <= MAX_YAML_DEPTH < max(depths)

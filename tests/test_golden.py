"""No result moves: every bundled scenario reproduces its golden ``result.json``.

The goldens in ``tests/golden/`` were written by ``tests/golden/make_golden.py`` from main
before the parameter-table refactor (issue #11). Every number must agree to 1e-12 relative;
text, flags and the set of keys exactly. A change meant to move a result rewrites the golden
in the same commit and says why (CHANGELOG). Measured run times
(:data:`wattflop.result.RUN_TIME_KEYS`) are not compared, only required to be there.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from golden.make_golden import SCENARIOS, golden
from wattflop.result import RUN_TIME_KEYS, without_run_times

GOLDEN = Path(__file__).resolve().parent / "golden"
REL = 1e-12


def _diff(want: Any, got: Any, path: str, out: list[str]) -> None:
    if isinstance(want, dict) and isinstance(got, dict):
        if set(want) != set(got):
            out.append(f"{path}: keys {sorted(set(want) ^ set(got))} differ")
        for k in want.keys() & got.keys():
            _diff(want[k], got[k], f"{path}.{k}", out)
    elif isinstance(want, list) and isinstance(got, list):
        if len(want) != len(got):
            out.append(f"{path}: length {len(want)} != {len(got)}")
        for i, (w, g) in enumerate(zip(want, got, strict=False)):
            _diff(w, g, f"{path}[{i}]", out)
    elif (
        isinstance(want, float | int)
        and isinstance(got, float | int)
        and not isinstance(want, bool)
        and not isinstance(got, bool)
    ):
        if not math.isclose(want, got, rel_tol=REL, abs_tol=1e-300):
            rel = abs(got - want) / abs(want) if want else math.inf
            out.append(f"{path}: {want!r} -> {got!r} (rel {rel:.1e})")
    elif want != got:
        out.append(f"{path}: {want!r} -> {got!r}")


def _at(values: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        values = values.get(part) if isinstance(values, dict) else None
    return values


@pytest.mark.parametrize("name", sorted(p.stem for p in SCENARIOS.glob("*.yaml")))
def test_result_matches_golden(name: str) -> None:
    want = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    got = json.loads(golden(SCENARIOS / f"{name}.yaml"))
    problems: list[str] = []
    for dotted in RUN_TIME_KEYS:  # not compared; but present in both or neither, ≥ 0 s
        w, g = _at(want, dotted), _at(got, dotted)
        ok = g is None or (isinstance(g, float) and 0.0 <= g < math.inf)
        if (w is None) != (g is None) or not ok:
            problems.append(f"{name}.{dotted}: {w!r} -> {g!r} (a run time in seconds)")
    _diff(without_run_times(want), without_run_times(got), name, problems)
    assert not problems, "\n".join(problems[:40])


def test_the_differ_can_fail() -> None:
    out: list[str] = []
    _diff({"a": 1.0, "b": [1, "x"]}, {"a": 1.0 + 1e-11, "b": [1, "y"]}, "r", out)
    assert len(out) == 2
    _diff({"a": 0.0}, {"a": 1e-13}, "r", out)  # from zero: reported, not divided by
    assert out[-1] == "r.a: 0.0 -> 1e-13 (rel inf)"

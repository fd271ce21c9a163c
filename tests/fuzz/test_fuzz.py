"""Mutation fuzzing of every kind of input file (issue #16 item 7).

Mutants of the bundled scenarios, constellations, sweeps and headroom inputs
(:mod:`tests.fuzz.strategies`) go load → validate → a small simulate; only wattflop's own
errors may escape, an accepted result holds no NaN, infinity or negative cost or mass, and
each mutant stays within a time and a memory budget (:mod:`tests.fuzz.harness` says what
each outcome means and what the small simulate runs). Through the HTTP API, mutants of the
scenarios sent to ``/api/validate`` are answered 200 or 4xx, never 500.

Runs: the default profile runs a few hundred mutants in all (the counts below; derandomized,
so a CI run is reproducible, ~1 min on one core); the ``fuzz`` profile runs
:data:`FUZZ_EXAMPLES` per test, random ones::

    WATTFLOP_FUZZ=1 pytest tests/fuzz -p no:randomly -n 0
    pytest tests/fuzz --hypothesis-profile=fuzz -n 0
    WATTFLOP_FUZZ=1 WATTFLOP_FUZZ_LOG=fuzz.jsonl WATTFLOP_FUZZ_KEEP_GOING=1 pytest tests/fuzz

(the last logs every mutant and keeps going past findings, to survey them).
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from . import harness
from .strategies import (
    CONSTELLATION_FILES,
    GROUND_FILES,
    ORBIT_FILES,
    SPECIAL_VALUES,
    SWEEP_FILES,
    Mutant,
    base_text,
    headroom_mutants,
    hostile_value,
    yaml_mutants,
)

#: Examples per test under the ``fuzz`` profile (tests/conftest.py).
FUZZ_EXAMPLES = settings.get_profile("fuzz").max_examples
FUZZ = settings.default.max_examples == FUZZ_EXAMPLES


def examples(ci: int) -> settings:
    """``ci`` examples under the default profile; the profile's own count under ``fuzz``."""
    return settings(
        max_examples=FUZZ_EXAMPLES if FUZZ else ci,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where mutants are written; the models' one-time costs are paid here, outside the
    per-mutant budget: numba compiles, the thermosphere tables of each solar-activity level,
    the first PyPSA network."""
    import wattflop
    from wattflop.constellation.scenario import load_constellation
    from wattflop.constellation.site import simulate_constellation
    from wattflop.orbit.drag import orbit_average_density_kg_m3

    for level in ("low", "mean", "high"):
        orbit_average_density_kg_m3(650e3, level)
    with harness.short_ground_year():
        for name in ORBIT_FILES + GROUND_FILES:
            wattflop.simulate(wattflop.load_scenario(name))
    simulate_constellation(load_constellation(CONSTELLATION_FILES[0]))
    return tmp_path_factory.mktemp("fuzz")


@examples(ci=40)
@given(m=yaml_mutants("orbit", ORBIT_FILES))
def test_orbit_scenario_mutants(m: Mutant, folder: Path) -> None:
    harness.run(m, lambda: harness.scenario_work(m, folder), "orbit")


@examples(ci=12)
@given(m=yaml_mutants("ground", GROUND_FILES))
def test_ground_scenario_mutants(m: Mutant, folder: Path) -> None:
    harness.run(m, lambda: harness.scenario_work(m, folder), "ground")


@examples(ci=40)
@given(m=yaml_mutants("constellation", CONSTELLATION_FILES))
def test_constellation_mutants(m: Mutant, folder: Path) -> None:
    harness.run(m, lambda: harness.constellation_work(m, folder), "constellation")


@examples(ci=24)
@given(m=yaml_mutants("sweep", SWEEP_FILES))
def test_sweep_mutants(m: Mutant, folder: Path) -> None:
    harness.run(m, lambda: harness.sweep_work(m, folder), "sweep")


@examples(ci=24)
@given(m=headroom_mutants())
def test_headroom_mutants(m: Mutant, folder: Path) -> None:
    harness.run(m, lambda: harness.headroom_work(m, folder), "headroom")


# ---------------------------------------------------------------------------------------------
# The HTTP API


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
        from fastapi.testclient import TestClient

    from wattflop.web import create_app

    app = create_app(tmp_path_factory.mktemp("fuzz-web"), time_limit_s=30.0)
    # a crash must come back as the 500 a browser would get, not as an exception here
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c
    app.state.wattflop.jobs.shutdown()


@st.composite
def api_bodies(draw: st.DrawFn) -> tuple[Mutant, dict[str, Any]]:
    """A request body for /api/validate: mutated scenario text, or a bundled scenario with
    hostile ``set`` edits."""
    if draw(st.booleans()):
        site = draw(st.sampled_from(("orbit", "ground")))
        m = draw(yaml_mutants(site, ORBIT_FILES if site == "orbit" else GROUND_FILES))
        return m, {"scenario": {"text": m.text, "filename": draw(st.sampled_from(NAMES))}}
    from wattflop.scenario.keys import numeric_keys

    name = draw(st.sampled_from(ORBIT_FILES + GROUND_FILES))
    site = "orbit" if name.startswith("orbit") else "ground"
    edits: dict[str, Any] = {}
    for _ in range(draw(st.integers(1, 3))):
        key = draw(st.sampled_from((*numeric_keys(site), "x.y", "", "orbit", "site", "name")))
        value = hostile_value(draw)
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            value = str(value)
        if isinstance(value, float) and not math.isfinite(value) and draw(st.booleans()):
            value = str(value)
        edits[key] = value
    m = Mutant("api", name, base_text("scenario", name), [f"set {edits!r:.300}"])
    return m, {"scenario": {"name": name, "set": edits}}


NAMES = ("s.yaml", "../../etc/passwd", "/proc/self/environ", "", "x" * 100, "a\nb")


@examples(ci=80)
@given(case=api_bodies())
def test_api_validate_mutants(case: tuple[Mutant, dict[str, Any]], client: Any) -> None:
    m, body = case

    def work() -> harness.Outcome:
        # NaN and infinities as the JSON tokens Python writes (httpx's json= refuses them)
        payload = json.dumps(body, allow_nan=True).encode("utf-8", "surrogatepass")
        r = client.post(
            "/api/validate", content=payload, headers={"content-type": "application/json"}
        )
        if r.status_code >= 500 or r.status_code < 200 or 300 <= r.status_code < 400:
            return harness.Outcome("finding", f"{r.status_code}: {r.text[:300]}", "HTTP")
        if r.status_code >= 400:
            if "Traceback" in r.text:
                return harness.Outcome("finding", r.text[:300], "HTTP")
            return harness.Outcome("refused", r.text[:200])
        return harness.Outcome("accepted")

    harness.run(m, work, "api")


def test_special_values_cover_each_type() -> None:
    """The type swaps reach every YAML type the loader builds: null, bool, int, float (NaN
    and infinities too), text, list and mapping."""
    kinds = {type(v).__name__ for v in SPECIAL_VALUES}
    assert kinds >= {"NoneType", "bool", "int", "float", "str", "list", "dict"}
    floats = [v for v in SPECIAL_VALUES if isinstance(v, float)]
    assert any(math.isnan(v) for v in floats) and any(math.isinf(v) for v in floats)

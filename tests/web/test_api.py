"""HTTP API with the test client: every endpoint, against the library called directly.

The API must give the numbers of the library it wraps (the same ``result.json``, the same
comparison, break-even, Monte Carlo and claims), and the errors of the command line (the same
problems: key path, line, message, hint) with HTTP 422.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

import wattflop
from wattflop.errors import ScenarioError
from wattflop.result import without_run_times
from wattflop.scenario.keys import key_spec, load_raw, set_key

from .conftest import GROUND, ORBIT, REPO, TestClient, follow

SCEN = REPO / "scenarios"
ORBIT_TEXT = (SCEN / f"{ORBIT}.yaml").read_text(encoding="utf-8")
GROUND_TEXT = (SCEN / f"{GROUND}.yaml").read_text(encoding="utf-8")


def _json(x: Any) -> Any:
    return json.loads(json.dumps(x))


def _cli_problems(tmp_path: Path, text: str) -> list[tuple[str, str, int | None, str]]:
    """The problems `wattflop validate FILE` reports for ``text``."""
    f = tmp_path / "scenario.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        wattflop.load_scenario(f)
    return [(p.path, p.message, p.line, p.hint) for p in info.value.problems]


def _api_problems(body: dict[str, Any]) -> list[tuple[str, str, int | None, str]]:
    return [(p["path"], p["message"], p["line"], p["hint"]) for p in body["problems"]]


# ---------------------------------------------------------------------------------------
# Scenarios, params, validate
# ---------------------------------------------------------------------------------------


def test_scenarios_are_the_bundled_files(client: TestClient) -> None:
    """GET /api/scenarios lists the orbit and ground files of scenarios/ with their text."""
    r = client.get("/api/scenarios")
    assert r.status_code == 200
    got = {s["name"]: s for s in r.json()}
    for f in SCEN.glob("*.yaml"):
        site = yaml.safe_load(f.read_text(encoding="utf-8"))["site"]
        if site in ("orbit", "ground"):
            assert got[f.stem]["yaml"] == f.read_text(encoding="utf-8")
            assert got[f.stem]["site"] == site
        else:
            assert f.stem not in got  # constellation scenarios have their own command


def test_param_ranges_lie_inside_the_keys_bounds(client: TestClient) -> None:
    """Every slider end is a value set_key accepts (units and physical bounds of the key),
    on the bundled scenario of its site."""
    params = client.get("/api/params").json()
    assert {p["id"] for p in params} == {"lp", "sp", "rt", "fr", "alt", "gas", "grid", "dr"}
    raws = {"orbit": load_raw(SCEN / f"{ORBIT}.yaml"), "ground": load_raw(SCEN / f"{GROUND}.yaml")}
    for p in params:
        sites = ["orbit", "ground"] if p["site"] == "both" else [p["site"]]
        for site in sites:
            key = p["key"].format(accelerator="GB200")
            spec = key_spec(raws[site], key)
            assert spec.input_unit == p["unit"], key
            for end in (p["lo"], p["hi"]):
                wattflop.parse_scenario(set_key(raws[site], key, end))


def test_validate_returns_params_and_the_edited_yaml(client: TestClient) -> None:
    r = client.post(
        "/api/validate",
        json={"scenario": {"name": ORBIT, "set": {"satellite.radiator.temperature": 45}}},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["site"] == "orbit" and body["valid"]
    edited = yaml.safe_load(body["yaml"])
    assert edited["satellite"]["radiator"]["temperature"] == "45.0 degC"
    # the downloaded YAML is a scenario: it loads to the same model as the edit
    expected = wattflop.parse_scenario(
        set_key(load_raw(SCEN / f"{ORBIT}.yaml"), "satellite.radiator.temperature", 45)
    )
    assert wattflop.parse_scenario(edited) == expected
    values = {p["id"]: p["value"] for p in body["params"]}
    assert values["rt"] == pytest.approx(45.0, abs=1e-9)
    assert values["alt"] == pytest.approx(650.0, abs=1e-9)
    assert values["lp"] == pytest.approx(460.0)  # unset: the vehicle's price (starship)


def test_validate_typo_gives_the_command_lines_problems(client: TestClient, tmp_path: Path) -> None:
    """A misspelt key: 422 with the same problems (path, message, line, hint) as
    `wattflop validate` on the same text."""
    text = ORBIT_TEXT.replace("  altitude: 650 km", "  altitud: 650 km")
    r = client.post("/api/validate", json={"scenario": {"text": text, "filename": "mine.yaml"}})
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "invalid scenario" and body["input"] == "scenario"
    assert _api_problems(body) == _cli_problems(tmp_path, text)
    typo = next(p for p in body["problems"] if p["path"] == "orbit.altitud")
    assert typo["line"] == ORBIT_TEXT.splitlines().index("  altitude: 650 km") + 1
    assert "did you mean 'altitude'" in typo["hint"]
    assert body["message"].startswith("invalid scenario mine.yaml")


def test_yaml_syntax_error_has_its_line(client: TestClient, tmp_path: Path) -> None:
    text = "name: x\nsite: orbit\norbit:\n  altitude: [650 km\n"
    r = client.post("/api/validate", json={"scenario": {"text": text}})
    assert r.status_code == 422
    assert _api_problems(r.json()) == _cli_problems(tmp_path, text)
    assert r.json()["problems"][0]["line"] is not None


@pytest.mark.parametrize(
    ("edit", "path", "needle"),
    [
        (
            {"launch.price_per_kgg": 200},
            "launch.price_per_kgg",
            "did you mean 'launch.price_per_kg'",
        ),
        ({"orbit.altitude": 50}, "orbit.altitude", "≥ 200 km"),
        ({"orbit.altitude": "650 kg"}, "orbit.altitude", "km"),
    ],
)
def test_bad_edits_name_the_key(
    client: TestClient, edit: dict[str, Any], path: str, needle: str
) -> None:
    r = client.post("/api/simulate", json={"scenario": {"name": ORBIT, "set": edit}})
    assert r.status_code == 422
    p = r.json()["problems"][0]
    assert p["path"] == path
    assert needle in p["message"] + " " + p["hint"]


def test_unknown_bundled_name(client: TestClient) -> None:
    r = client.post("/api/simulate", json={"scenario": {"name": "orbit-1gw-dawn-dusk"}})
    assert r.status_code == 422
    p = r.json()["problems"][0]
    assert p["path"] == "name" and f"did you mean '{ORBIT}'" in p["hint"]


@pytest.mark.parametrize(
    "body",
    [
        {"scenario": {"name": ORBIT, "text": "site: orbit"}},
        {"scenario": {}},
        {"scenario": {"name": ORBIT, "colour": "red"}},
        {},
    ],
)
def test_malformed_requests_are_422_with_a_path(client: TestClient, body: Any) -> None:
    r = client.post("/api/simulate", json=body)
    assert r.status_code == 422
    out = r.json()
    assert out["error"] == "invalid request" and out["input"] == "body"
    assert all(p["path"].startswith("scenario") for p in out["problems"])


def test_server_paths_are_refused(client: TestClient) -> None:
    """Uploaded scenarios cannot make the server read a file; names are looked up, never
    joined to a path."""
    weather = GROUND_TEXT.replace("weather: clear_sky", "weather: /etc/passwd")
    r = client.post("/api/validate", json={"scenario": {"text": weather}})
    assert r.status_code == 422
    p = r.json()["problems"][0]
    assert p["path"] == "location.weather" and p["value"] == "/etc/passwd" and p["line"]
    price = GROUND_TEXT.replace("  co2_price:", "  co2_price:").replace(
        "    peak_hours: [14, 20]", "    peak_hours: [14, 20]\n    price_file: prices.csv"
    )
    r = client.post("/api/validate", json={"scenario": {"text": price}})
    assert r.status_code == 422
    assert r.json()["problems"][0]["path"] == "plant.grid.price_file"
    for name in (f"../scenarios/{ORBIT}", f"{ORBIT}.yaml", str(SCEN / f"{ORBIT}.yaml")):
        r = client.post("/api/validate", json={"scenario": {"name": name}})
        assert r.status_code == 422, name
    # a weather file shipped with pvlib, by name, is fine
    ok = GROUND_TEXT.replace("weather: clear_sky", "weather: greensboro")
    assert client.post("/api/validate", json={"scenario": {"text": ok}}).status_code == 200


def test_yaml_aliases_are_refused(client: TestClient) -> None:
    """Anchors let a few lines expand into a huge document ('billion laughs')."""
    text = "a: &a [1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nsite: orbit\n"
    r = client.post("/api/validate", json={"scenario": {"text": text}})
    assert r.status_code == 422
    assert "anchors and aliases" in r.json()["problems"][0]["message"]


def test_request_size_limit(client: TestClient) -> None:
    big = {"scenario": {"text": "#" * 2_100_000}}
    r = client.post("/api/validate", content=json.dumps(big).encode(), headers={
        "content-type": "application/json"})  # fmt: skip
    assert r.status_code == 413
    assert r.json()["error"] == "request too large"


def test_orbit_time_step_limit(client: TestClient) -> None:
    r = client.post(
        "/api/simulate", json={"scenario": {"name": ORBIT, "set": {"orbit.time_step": 5}}}
    )
    assert r.status_code == 422
    assert r.json()["problems"][0]["path"] == "orbit.time_step"


# ---------------------------------------------------------------------------------------
# Orbit simulate: the library's result.json
# ---------------------------------------------------------------------------------------


def test_simulate_orbit_is_the_librarys_result(client: TestClient) -> None:
    r = client.post("/api/simulate", json={"scenario": {"name": ORBIT}})
    assert r.status_code == 200
    body = r.json()
    direct = wattflop.simulate(wattflop.load_scenario(SCEN / f"{ORBIT}.yaml"))
    assert body["result"] == _json(direct.to_dict())
    daily = body["series"]["daily"]
    assert len(daily["time"]) == 365
    assert max(daily["eclipse_max_s"]) == pytest.approx(
        direct.get("eclipse.max_duration_s"), rel=1e-9
    )
    sp = next(p for p in body["params"] if p["id"] == "sp")
    assert sp["value"] is None  # unset in the file: the cell technology's areal density
    by_part = direct.get("mass.by_part_kg")
    assert sp["implied"] == pytest.approx(
        direct.get("power.array_bol_w") / by_part["solar_array"], rel=1e-12
    )
    again = client.post("/api/simulate", json={"scenario": {"text": ORBIT_TEXT}})
    assert again.json()["cached"] and again.json()["result"] == body["result"]


def test_simulate_with_edits_is_set_key(client: TestClient) -> None:
    """Edits go through set_key: the same numbers as the library on the edited scenario;
    '{accelerator}' stands for the scenario's accelerator."""
    edits = {"launch.price_per_kg": 200, "catalog.accelerators.{accelerator}.failure_rate": 0.2}
    r = client.post("/api/simulate", json={"scenario": {"name": ORBIT, "set": edits}})
    assert r.status_code == 200
    raw = load_raw(SCEN / f"{ORBIT}.yaml")
    raw = set_key(raw, "launch.price_per_kg", 200)
    raw = set_key(raw, "catalog.accelerators.GB200.failure_rate", 0.2)
    direct = wattflop.simulate(wattflop.parse_scenario(raw))
    assert r.json()["result"] == _json(direct.to_dict())
    assert r.json()["result"]["cost"]["launch_price_usd_per_kg"] == 200.0


# ---------------------------------------------------------------------------------------
# Ground (a background job), compare, break-even
# ---------------------------------------------------------------------------------------


@pytest.mark.slow
def test_ground_job_cache_compare_and_breakeven(
    client: TestClient, cache_dir: Path, fresh_cache: Path
) -> None:
    """The ground LP as a background job (202, then done: an empty result cache, so no
    earlier test's solve answers it), its result equal to the library run in this process
    meanwhile; the next request is answered from the disk cache; with the ground cached,
    compare answers at once and a break-even curve runs as a job — both equal to the
    library's. One test: the LP runs once."""
    from wattflop.study.breakeven import breakeven
    from wattflop.study.compare import compare
    from wattflop.web.compute import simulate_orbit_cached

    first = client.post("/api/simulate", json={"scenario": {"name": GROUND}})
    assert first.status_code == 202
    job = first.json()
    assert job["state"] in ("queued", "running") and job["kind"] == "simulate"
    direct = wattflop.simulate(wattflop.load_scenario(SCEN / f"{GROUND}.yaml"))
    status = follow(client, first)
    assert status["state"] == "done", status
    expected = _json(direct.to_dict())
    # the same result but for HiGHS' measured run time (wattflop.result.RUN_TIME_KEYS)
    assert without_run_times(status["result"]["result"]) == without_run_times(expected)

    again = client.post("/api/simulate", json={"scenario": {"name": GROUND}})
    assert again.status_code == 200
    body = again.json()
    assert body["cached"] and body["site"] == "ground"
    assert body["result"] == status["result"]["result"]  # the job's, to the run time
    assert {p["id"] for p in body["params"]} == {"gas", "grid", "dr"}
    files = list((cache_dir / "results").glob("*.json"))
    assert job["id"] in {f.stem for f in files}
    assert all(f.parent == cache_dir / "results" for f in cache_dir.rglob("*") if f.is_file())

    # compare: answered now, equal to the library's comparison
    r = client.post("/api/compare", json={"scenarios": [{"name": ORBIT}, {"name": GROUND}]})
    assert r.status_code == 200
    orbit_sc = wattflop.load_scenario(SCEN / f"{ORBIT}.yaml")
    ground_sc = wattflop.load_scenario(SCEN / f"{GROUND}.yaml")
    results = {orbit_sc.name: wattflop.simulate(orbit_sc), ground_sc.name: direct}
    c = compare([orbit_sc, ground_sc], simulate=lambda sc: results[sc.name])
    got = r.json()["result"]
    assert got["sites"] == _json(c.to_dict()["sites"])
    assert got["ratio_to_cheapest_usd_per_eflop"][ORBIT] == pytest.approx(
        results[ORBIT].get("cost.usd_per_eflop") / direct.get("cost.usd_per_eflop"), rel=1e-12
    )

    # break-even on the radiator temperature: a job, equal to the library's curve
    be = {
        "orbit": {"name": ORBIT}, "ground": {"name": GROUND},
        "key": "satellite.radiator.temperature", "lo": -20, "hi": 60, "points": 4,
    }  # fmt: skip
    status = follow(client, client.post("/api/breakeven", json=be))
    assert status["state"] == "done", status

    def sim(sc: Any) -> Any:
        return direct if sc.site == "ground" else simulate_orbit_cached(sc)

    b = breakeven(
        load_raw(SCEN / f"{ORBIT}.yaml"), load_raw(SCEN / f"{GROUND}.yaml"),
        "satellite.radiator.temperature", -20, 60, points=4, simulate=sim,
    )  # fmt: skip
    assert status["result"] == _json(b.to_dict())
    assert status["result"]["unit"] == "degC"
    cached = client.post("/api/breakeven", json=be)
    assert cached.status_code == 200 and cached.json()["cached"]


def test_compare_refuses_launch_only_on_ground(client: TestClient) -> None:
    r = client.post(
        "/api/compare",
        json={"scenarios": [{"name": ORBIT}, {"name": GROUND}], "boundary": "launch_only"},
    )
    assert r.status_code == 422
    assert r.json()["input"] == "scenarios.1"
    assert r.json()["problems"][0]["path"] == "economics.boundary"


def test_breakeven_bad_key_and_sides(client: TestClient) -> None:
    body = {"orbit": {"name": ORBIT}, "ground": {"name": GROUND}, "key": "launch.price"}
    r = client.post("/api/breakeven", json=body)
    assert r.status_code == 422
    assert r.json()["problems"][0]["path"] == "launch.price"
    swapped = {"orbit": {"name": GROUND}, "ground": {"name": ORBIT}}
    r = client.post("/api/breakeven", json=swapped)
    assert r.status_code == 422 and r.json()["input"] == "orbit"


# ---------------------------------------------------------------------------------------
# Monte Carlo, claims, jobs, time limit
# ---------------------------------------------------------------------------------------


def test_montecarlo_is_the_librarys(client: TestClient) -> None:
    from wattflop.study.uncertainty import monte_carlo

    body = {"scenarios": [{"name": ORBIT}], "samples": 500, "seed": 7}
    status = follow(client, client.post("/api/montecarlo", json=body))
    assert status["state"] == "done", status
    raw = load_raw(SCEN / f"{ORBIT}.yaml")
    mc = monte_carlo([(raw, f"{ORBIT}.yaml")], samples=500, seed=7, sobol=False)
    got = status["result"]
    expected = _json(mc.to_dict())
    assert got["summaries"] == expected["summaries"]
    assert got["tornado"] == expected["tornado"]


def test_montecarlo_limits(client: TestClient) -> None:
    r = client.post("/api/montecarlo", json={"scenarios": [{"name": ORBIT}], "samples": 10**6})
    assert r.status_code == 422
    assert r.json()["problems"][0]["path"] == "samples"
    two = {"scenarios": [{"name": ORBIT}, {"name": "orbit-20mw-inclined-550km"}]}
    assert client.post("/api/montecarlo", json=two).status_code == 422


def test_claims_overrides_are_checked_first(client: TestClient) -> None:
    r = client.post("/api/claims", json={"overrides": {"orbit-1gw": {"launch.price_per_kg": 1}}})
    assert r.status_code == 422 and r.json()["input"] == "overrides.orbit-1gw"
    r = client.post("/api/claims", json={"overrides": {ORBIT: {"launch.price_per_kgs": 1}}})
    assert r.status_code == 422
    assert r.json()["problems"][0]["path"] == "launch.price_per_kgs"


@pytest.mark.slow
def test_claims_with_an_override(client: TestClient) -> None:
    """The claims registry, evaluated with the launch price set on the orbital scenario:
    every claim, and the kW-per-tonne claim equal to the simulated design's W/kg."""
    from wattflop.claims.evaluate import load_registry

    body = {"overrides": {ORBIT: {"launch.price_per_kg": 200}}}
    status = follow(client, client.post("/api/claims", json=body), timeout_s=240)
    assert status["state"] == "done", status
    got = {c["id"]: c for c in status["result"]}
    assert list(got) == [e.id for e in load_registry()]
    sim = client.post(
        "/api/simulate", json={"scenario": {"name": ORBIT, "set": {"launch.price_per_kg": 200}}}
    ).json()["result"]
    assert got["orbit-100kw-per-t"]["value"] == pytest.approx(
        sim["specific_power_w_per_kg"], rel=1e-12
    )
    assert all(c["verdict"] for c in got.values())


def test_unknown_job_is_404(client: TestClient) -> None:
    assert client.get("/api/jobs/nope").status_code == 404
    assert client.get("/api/jobs/" + "0" * 64).status_code == 404


def test_time_limit_stops_a_job(tmp_path: Path, fresh_cache: Path) -> None:
    """A job past the server's time limit is killed, reported as failed with the limit,
    and nothing is cached (the next request tries again; the result cache starts empty, so
    the ground LP is a job)."""
    from wattflop.web import create_app

    app = create_app(tmp_path, time_limit_s=0.5)
    try:
        with TestClient(app) as c:
            first = c.post("/api/simulate", json={"scenario": {"name": GROUND}})
            assert first.status_code == 202
            status = follow(c, first, timeout_s=60)
            assert status["state"] == "failed"
            assert status["error"]["error"] == "time limit"
            assert "0.5 s" in status["error"]["message"]
            assert not list((tmp_path / "results").glob("*.json"))
    finally:
        app.state.wattflop.jobs.shutdown()


def test_openapi_documents_every_endpoint(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    for path, method in [
        ("/api/scenarios", "get"), ("/api/params", "get"), ("/api/validate", "post"),
        ("/api/simulate", "post"), ("/api/compare", "post"), ("/api/breakeven", "post"),
        ("/api/montecarlo", "post"), ("/api/claims", "get"), ("/api/claims", "post"),
        ("/api/jobs/{job_id}", "get"), ("/api/jobs/{job_id}", "delete"),
    ]:  # fmt: skip
        assert method in paths[path], path
    assert "422" in paths["/api/simulate"]["post"]["responses"]
    assert "202" in paths["/api/simulate"]["post"]["responses"]


def test_page_and_plotly_are_served_locally(client: TestClient) -> None:
    page = client.get("/")
    # the page loads plotly from this server, after the numbers (app.js adds the script)
    assert page.status_code == 200 and "/static/app.js" in page.text
    assert "/vendor/plotly.min.js" in client.get("/static/app.js").text
    assert "http://" not in page.text.replace("http://www.w3.org", "")  # no CDN
    js = client.get("/vendor/plotly.min.js")
    assert js.status_code == 200 and len(js.content) > 1_000_000
    assert client.get("/static/app.js").status_code == 200
    assert math.isfinite(len(client.get("/static/style.css").text))

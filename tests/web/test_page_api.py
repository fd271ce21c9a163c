"""What the page shows beside the raw results (issue #15): scenario titles, slider metadata
and ranges, the site summary, the assumptions table, the verdict, the what-it-would-take map
and the Monte Carlo summary; each against the library called directly."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from typing import Any

import pytest
import yaml

import wattflop
from wattflop.jsonable import jsonable
from wattflop.scenario import OrbitScenario
from wattflop.scenario.keys import get_key, key_spec, load_raw, set_key, to_display
from wattflop.web.params import PARAMS

from .conftest import GROUND, ORBIT, REPO, TestClient, follow

SCEN = REPO / "scenarios"
BUNDLED = sorted(
    p.stem
    for p in SCEN.glob("*.yaml")
    if yaml.safe_load(p.read_text(encoding="utf-8"))["site"] in ("orbit", "ground")
)


def _json(x: Any) -> Any:
    return json.loads(json.dumps(jsonable(x)))


def test_scenarios_have_their_titles(client: TestClient) -> None:
    got = {s["name"]: s for s in client.get("/api/scenarios").json()}
    assert got[ORBIT]["title"] == "1 GW on 100 kW satellites, 650 km dawn-dusk"
    assert got[GROUND]["title"] == "1 GW on gas + batteries + PV in Memphis, TN"
    for name in BUNDLED:
        assert got[name]["title"] == wattflop.load_scenario(SCEN / f"{name}.yaml").title
        assert got[name]["title"] != name  # every bundled scenario has one
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    assert "title" in schema["ScenarioOut"]["properties"]


def test_params_describe_themselves_and_cover_every_bundled_scenario(
    client: TestClient,
) -> None:
    """The static ranges cover every bundled scenario's value and every preset; each slider
    says what it does; the per-scenario lists hold each value inside their range."""
    static = {p["id"]: p for p in client.get("/api/params").json()}
    assert static["lp"]["hi"] >= 3600 and static["lp"]["scale"] == "log"
    for p in static.values():
        assert p["description"] and p["description"].endswith(".")
        for preset in p["presets"]:
            assert p["lo"] <= preset["value"] <= p["hi"], (p["id"], preset)
            assert preset["source"] and preset["label"]
    assert {x["value"] for x in static["gas"]["presets"]} == {2.19, 3.52, 4.28}
    assert {x["value"] for x in static["lp"]["presets"]} >= {460.0, 3600.0}
    for name in BUNDLED:
        body = client.post("/api/validate", json={"scenario": {"name": name}}).json()
        raw = load_raw(SCEN / f"{name}.yaml")
        for p in body["params"]:
            if p["value"] is None:
                continue
            assert p["lo"] <= p["value"] <= p["hi"], (name, p["id"])
            s = static[p["id"]]
            assert s["lo"] <= p["value"] <= s["hi"], (name, p["id"], "static range")
            spec = key_spec(raw, p["key"])
            assert p["value"] == pytest.approx(to_display(spec, get_key(raw, p["key"])))
            assert p["description"] == s["description"] and p["presets"] == s["presets"]


@pytest.mark.parametrize("name", ["orbit-1gw-dawn-dusk-650km", "orbit-20mw-inclined-550km"])
def test_radiator_slider_stops_at_the_coolant_limit(client: TestClient, name: str) -> None:
    """The radiator's hi is the accelerator's coolant limit less the loop's ΔT (catalogue
    and scenario); a simulation at hi runs, one just above it is refused as infeasible."""
    sc = wattflop.load_scenario(SCEN / f"{name}.yaml")
    assert isinstance(sc, OrbitScenario)
    limit_c = sc.accelerator.max_coolant_temperature - sc.satellite.radiator.coolant_delta_t
    limit_c -= 273.15
    body = client.post("/api/validate", json={"scenario": {"name": name}}).json()
    rt = next(p for p in body["params"] if p["id"] == "rt")
    assert rt["hi"] == pytest.approx(limit_c, abs=1e-6) and rt["hi"] < 100
    assert sc.workload.accelerator in rt["hi_reason"] and "coolant" in rt["hi_reason"]
    at = client.post(
        "/api/simulate",
        json={"scenario": {"name": name, "set": {"satellite.radiator.temperature": rt["hi"]}}},
    )
    assert at.status_code == 200
    above = client.post(
        "/api/simulate",
        json={
            "scenario": {"name": name, "set": {"satellite.radiator.temperature": rt["hi"] + 0.5}}
        },
    )
    assert above.status_code == 422 and above.json()["error"] == "infeasible design"


def test_simulate_orbit_has_its_summary(client: TestClient) -> None:
    from wattflop.study.summary import site_summary

    body = client.post("/api/simulate", json={"scenario": {"name": ORBIT}}).json()
    sc = wattflop.load_scenario(SCEN / f"{ORBIT}.yaml")
    direct = wattflop.simulate(sc)
    assert body["summary"] == _json(asdict(site_summary(sc, direct)))
    summary = body["summary"]
    assert summary["title"] == sc.title and summary["headline"].endswith("at 650 km")
    assert summary["usd_per_year"] == direct.get("cost.annual_cost_usd")
    buckets = summary["buckets"]
    assert [b["id"] for b in buckets] == [
        "compute", "spares", "power", "cooling", "site", "operations", "waiting",
    ]  # fmt: skip
    total = math.fsum(b["usd_per_eflop"] for b in buckets)
    assert total == pytest.approx(direct.get("cost.usd_per_eflop"), rel=1e-12)


def test_assumptions_table(client: TestClient) -> None:
    r = client.post("/api/assumptions", json={"scenario": {"name": ORBIT}})
    assert r.status_code == 200
    body = r.json()
    assert body["name"] == ORBIT and body["site"] == "orbit"
    rows = {row["key"]: row for row in body["rows"]}
    assert rows["launch.price_per_kg"]["value"] == 460.0
    assert rows["launch.price_per_kg"]["unit"] == "USD/kg"
    for row in body["rows"]:
        assert row["source"].strip(), row["key"]
        if row["origin"] == "scenario":
            assert f"{ORBIT}.yaml" in row["source"], row["key"]
    edited = client.post(
        "/api/assumptions",
        json={"scenario": {"name": ORBIT, "set": {"launch.price_per_kg": 200}}},
    ).json()
    lp = next(row for row in edited["rows"] if row["key"] == "launch.price_per_kg")
    assert (lp["value"], lp["origin"]) == (200.0, "scenario")
    assert lp["source"].startswith("set in the request")
    bad = client.post("/api/assumptions", json={"scenario": {"name": "nope"}})
    assert bad.status_code == 422


@pytest.mark.slow
def test_verdict_what_it_takes_and_montecarlo_on_the_bundled_pair(client: TestClient) -> None:
    """With the ground solved once (a job): compare carries the verdict of the library's
    summaries; the what-it-would-take study runs as a job, equal to the library's on the
    same axes; the Monte Carlo of both sites carries its summary."""
    from wattflop.study.summary import montecarlo_summary, site_summary, verdict
    from wattflop.study.uncertainty import monte_carlo
    from wattflop.study.what_it_takes import what_it_takes
    from wattflop.web.compute import MAP_KG_PER_KW, MAP_USD_PER_W

    status = follow(client, client.post("/api/simulate", json={"scenario": {"name": GROUND}}))
    assert status.get("state", "done") == "done", status  # a job, or cached already
    sim = client.post("/api/simulate", json={"scenario": {"name": GROUND}}).json()
    assert sim["summary"]["headline"].endswith("in Memphis, TN")
    assert sim["summary"]["title"] == "1 GW on gas + batteries + PV in Memphis, TN"

    pair = {"scenarios": [{"name": ORBIT}, {"name": GROUND}]}
    c = client.post("/api/compare", json=pair)
    assert c.status_code == 200
    v = c.json()["result"]["verdict"]
    osc = wattflop.load_scenario(SCEN / f"{ORBIT}.yaml")
    gsc = wattflop.load_scenario(SCEN / f"{GROUND}.yaml")
    orbit_result = wattflop.simulate(osc)
    from wattflop.web.compute import result_of

    ground_result = result_of(sim["result"])
    expected = verdict(site_summary(osc, orbit_result), site_summary(gsc, ground_result))
    assert v == _json(asdict(expected))
    assert v["cheaper"] == "ground" and v["ratio"] > 1
    assert v["sentence"].startswith("On these assumptions, 1 GW of GB200 compute costs ")
    assert "B USD a year" in v["sentence"] and sim["summary"]["headline"] in v["sentence"]
    assert [s["site"] for s in v["sites"]] == ["orbit", "ground"]
    two_orbits = {"scenarios": [{"name": ORBIT}, {"name": "orbit-20mw-inclined-550km"}]}
    assert client.post("/api/compare", json=two_orbits).json()["result"]["verdict"] is None

    # what it would take: a small map and band, equal to the library's
    req = {"orbit": {"name": ORBIT}, "ground": {"name": GROUND}, "samples": 20, "points": 6}
    first = client.post("/api/what-it-takes", json=req)
    assert first.status_code in (200, 202)
    st = follow(client, first, timeout_s=240)
    assert st["state"] == "done", st.get("error")
    got = st["result"]
    assert len(got["map"]["usd_per_w"]) == 6 and len(got["map"]["kg_per_kw"]) == 6
    assert len(got["map"]["ratio"]) == 6 and all(len(row) == 6 for row in got["map"]["ratio"])
    import numpy as np

    w = what_it_takes(
        load_raw(SCEN / f"{ORBIT}.yaml"), load_raw(SCEN / f"{GROUND}.yaml"), samples=20,
        usd_per_w=np.linspace(*MAP_USD_PER_W, 6), kg_per_kw=np.linspace(*MAP_KG_PER_KW, 6),
    )  # fmt: skip
    assert got == _json(w.to_dict())
    assert got["levers"]["steps"] and got["summary"]
    again = client.post("/api/what-it-takes", json=req)
    assert again.status_code == 200 and again.json()["cached"]
    swapped = {"orbit": {"name": GROUND}, "ground": {"name": ORBIT}}
    bad = client.post("/api/what-it-takes", json=swapped)
    assert bad.status_code == 422 and bad.json()["input"] == "orbit"
    assert client.post("/api/what-it-takes", json=req | {"points": 41}).status_code == 422

    # Monte Carlo of both sites: the summary of the library's run
    mc_req = {"scenarios": [{"name": ORBIT}, {"name": GROUND}], "samples": 300, "seed": 5}
    st = follow(client, client.post("/api/montecarlo", json=mc_req), timeout_s=240)
    assert st["state"] == "done", st.get("error")
    raws = [
        (load_raw(SCEN / f"{ORBIT}.yaml"), f"{ORBIT}.yaml"),
        (load_raw(SCEN / f"{GROUND}.yaml"), f"{GROUND}.yaml"),
    ]
    mc = monte_carlo(raws, samples=300, seed=5, sobol=False)
    summary = st["result"]["summary"]
    assert summary == _json(asdict(montecarlo_summary(mc)))
    assert summary["quantity"] == "ratio"
    assert 0.0 <= summary["p_orbit_cheaper"] <= 1.0
    assert summary["p_orbit_cheaper"] == st["result"]["p_orbit_cheaper"]
    ratio = summary["ratio"]
    assert ratio["p5"] <= ratio["p50"] <= ratio["p95"]
    assert summary["tornado"] and all(b["label"] for b in summary["tornado"])
    assert {"key", "label", "unit", "low_value", "high_value", "at_low", "at_high"} == set(
        summary["tornado"][0]
    )


def test_openapi_documents_the_new_shapes(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths, schemas = spec["paths"], spec["components"]["schemas"]
    assert "post" in paths["/api/assumptions"] and "post" in paths["/api/what-it-takes"]
    assert "202" in paths["/api/what-it-takes"]["post"]["responses"]
    assert "summary" in schemas["SimulateOut"]["properties"]
    assert "verdict" in schemas["CompareResultOut"]["properties"]
    assert "summary" in schemas["MonteCarloResultOut"]["properties"]
    for name in ("BucketOut", "SiteSummaryOut", "VerdictOut", "AssumptionOut", "PresetOut"):
        assert name in schemas
    assert {"description", "presets", "hi_reason", "scale"} <= set(
        schemas["ParamOut"]["properties"]
    )


def test_static_ranges_match_the_params_module() -> None:
    """The launch slider covers Falcon 9's catalogue price (a bundled scenario uses it)."""
    raw = load_raw(SCEN / "orbit-20mw-inclined-550km.yaml")
    lp = next(p for p in PARAMS if p.id == "lp")
    assert lp.lo <= get_key(raw, "launch.price_per_kg") <= lp.hi
    wattflop.parse_scenario(set_key(raw, "launch.price_per_kg", lp.hi))

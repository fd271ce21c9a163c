"""Every input a run uses, with its source (wattflop.scenario.assumptions)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import wattflop
from wattflop import catalog
from wattflop.scenario.assumptions import assumptions
from wattflop.scenario.keys import get_key, key_spec, load_raw, set_key, to_display

SCENARIOS = Path(__file__).parents[1] / "scenarios"
BUNDLED = ("orbit-1gw-dawn-dusk-650km", "orbit-20mw-inclined-550km", "ground-1gw-memphis")


@pytest.mark.parametrize("name", BUNDLED)
def test_every_row_has_a_source_and_the_run_s_value(name: str) -> None:
    raw = load_raw(SCENARIOS / f"{name}.yaml")
    rows = assumptions(raw, f"{name}.yaml")
    keys = [r.key for r in rows]
    assert len(keys) == len(set(keys)) > 50
    for r in rows:
        assert r.source.strip(), r.key
        if r.origin == "scenario":
            assert f"{name}.yaml" in r.source, r.key
        if isinstance(r.value, float) and not r.key.startswith("catalog."):
            # the value the run uses, in the unit the schema shows
            spec = key_spec(raw, r.key)
            assert r.unit == spec.input_unit, r.key
            assert r.value == pytest.approx(to_display(spec, get_key(raw, r.key)), rel=1e-11)
    assert not {"name", "title", "description", "site"} & set(keys)
    assert not any(k.startswith("uncertainty.") for k in keys)


def test_origins_and_sources_of_the_orbit_headline() -> None:
    raw = load_raw(SCENARIOS / "orbit-1gw-dawn-dusk-650km.yaml")
    rows = {r.key: r for r in assumptions(raw, "orbit.yaml")}
    launch = rows["launch.price_per_kg"]
    assert (launch.value, launch.unit, launch.origin) == (460.0, "USD/kg", "catalogue")
    assert "arXiv:2511.19468" in launch.source
    assert rows["orbit.altitude"].origin == "scenario"
    assert (rows["orbit.altitude"].value, rows["orbit.altitude"].unit) == (650.0, "km")
    # a default: the schema's text for the key, which holds the default's source
    delta = rows["satellite.radiator.coolant_delta_t"]
    assert delta.origin == "default" and (delta.value, delta.unit) == (10.0, "K")
    assert delta.source.startswith("Temperature drop from coolant supply")
    assert "[K]" not in delta.source and "bounds" not in delta.source
    # a catalogue number: the catalogue's source and date
    tdp = rows["catalog.accelerators.GB200.tdp"]
    src = catalog.sources("accelerators", "GB200")["tdp"]
    assert tdp.origin == "catalogue" and src["source"] in tdp.source and src["date"] in tdp.source
    assert rows["catalog.accelerators.GB200.max_coolant_temperature"].value == 45.0
    for kind in ("accelerators", "launch_vehicles", "solar_cells", "batteries"):
        assert any(k.startswith(f"catalog.{kind}.") for k in rows)


def test_edited_catalogue_field_is_the_scenario_s() -> None:
    raw = load_raw(SCENARIOS / "orbit-1gw-dawn-dusk-650km.yaml")
    raw = set_key(raw, "catalog.accelerators.GB200.failure_rate", 0.2)
    rows = {r.key: r for r in assumptions(raw, "mine.yaml")}
    fr = rows["catalog.accelerators.GB200.failure_rate"]
    assert (fr.value, fr.origin) == (0.2, "scenario") and "mine.yaml" in fr.source
    assert rows["catalog.accelerators.GB200.tdp"].origin == "catalogue"  # the rest unchanged


def test_assumptions_are_fast() -> None:
    """The page lists them inline: well under 0.3 s a scenario."""
    raw = load_raw(SCENARIOS / "ground-1gw-memphis.yaml")
    assumptions(raw)
    t0 = time.perf_counter()
    for _ in range(5):
        assumptions(raw)
    assert (time.perf_counter() - t0) / 5 < 0.3


def test_invalid_scenario_is_refused() -> None:
    raw = load_raw(SCENARIOS / "orbit-1gw-dawn-dusk-650km.yaml")
    raw["orbit"]["altitude"] = "10 km"
    with pytest.raises(wattflop.ScenarioError):
        assumptions(raw)

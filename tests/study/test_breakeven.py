"""Break-even on a scenario key, and editing raw scenarios by dotted key."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import wattflop
from wattflop import catalog
from wattflop.errors import InfeasibleError, ScenarioError
from wattflop.scenario import GroundScenario, OrbitScenario, Scenario, keys, parse_scenario
from wattflop.study import breakeven as be

SCENARIOS = Path(__file__).parents[2] / "scenarios"
METRIC = "cost.usd_per_eflop"


class Stub:
    """A result holding one metric (the ground LP is too slow for unit tests)."""

    def __init__(self, value: float) -> None:
        self.values = {"cost": {"usd_per_eflop": value}}

    def get(self, path: str) -> Any:
        node: Any = self.values
        for part in path.split("."):
            node = node[part]
        return node


@pytest.fixture(scope="module")
def orbit_raw() -> dict[str, Any]:
    return keys.load_raw(SCENARIOS / "orbit-1gw-dawn-dusk-650km.yaml")


@pytest.fixture(scope="module")
def ground_raw() -> dict[str, Any]:
    return keys.load_raw(SCENARIOS / "ground-1gw-memphis.yaml")


@pytest.fixture(scope="module")
def launch_only(orbit_raw: dict[str, Any]) -> dict[str, Any]:
    """The headline orbit, counting launch only and paying per kg flown: its cost per EFLOP
    is exactly proportional to the launch price (no other line, no operations)."""
    raw = keys.set_key(orbit_raw, "economics.boundary", "launch_only")
    return keys.set_key(raw, "launch.pricing", "per_kg")


def ground_stub(value: float, calls: dict[str, int]) -> Callable[[Scenario], Any]:
    """Real orbit simulation, constant ground metric; counts the runs of each side."""

    def simulate(sc: Scenario) -> Any:
        if isinstance(sc, GroundScenario):
            calls["ground"] += 1
            return Stub(value)
        calls["orbit"] += 1
        return wattflop.simulate(sc)

    return simulate


def orbit_cost(raw: dict[str, Any], price: float) -> float:
    sc = parse_scenario(keys.set_key(raw, "launch.price_per_kg", price))
    return float(wattflop.simulate(sc).get(METRIC))


# ---------------------------------------------------------------------------------------
# Break-even
# ---------------------------------------------------------------------------------------


def test_acceptance_linear_launch_price(
    launch_only: dict[str, Any], ground_raw: dict[str, Any]
) -> None:
    """Launch-only cost per EFLOP = slope × price; against a constant ground cost G the
    break-even price is G / slope (hand solution), found to 1e-6 relative. The ground side
    is simulated once."""
    slope = orbit_cost(launch_only, 100.0) / 100.0  # USD/EFLOP per USD/kg
    assert orbit_cost(launch_only, 300.0) == pytest.approx(3.0 * slope * 100.0, rel=1e-12)
    ground = 0.5  # USD/EFLOP
    calls = {"orbit": 0, "ground": 0}
    r = be.breakeven(
        launch_only,
        ground_raw,
        "launch.price_per_kg",
        10,
        2000,
        simulate=ground_stub(ground, calls),
        points=7,
    )
    hand = ground / slope
    assert r.root is not None
    assert r.root == pytest.approx(hand, rel=1e-6)
    assert r.unit == "USD/kg"
    assert r.orbit_at_root == pytest.approx(ground, rel=1e-6)
    assert calls["ground"] == 1
    assert r.evaluations == calls["orbit"] + calls["ground"]
    assert "equal at launch.price_per_kg" in r.message
    # the curve for a figure: evenly spaced, orbit linear in x, ground flat
    assert r.x.shape == r.orbit.shape == r.ground.shape == (7,)
    np.testing.assert_allclose(r.x, np.linspace(10, 2000, 7))
    np.testing.assert_allclose(r.orbit, slope * r.x, rtol=1e-12)
    np.testing.assert_array_equal(r.ground, np.full(7, ground))
    d = r.to_dict()
    assert d["root"] == r.root and len(d["curve"]["x"]) == 7


def test_range_with_units(launch_only: dict[str, Any], ground_raw: dict[str, Any]) -> None:
    """A range given as quantity strings in other units: 10 USD/kg to 2 USD/g (= 2000 USD/kg)
    gives the same root, reported in the key's unit."""
    slope = orbit_cost(launch_only, 100.0) / 100.0
    calls = {"orbit": 0, "ground": 0}
    r = be.breakeven(
        launch_only,
        ground_raw,
        "launch.price_per_kg",
        "10 USD/kg",
        "2 USD/g",
        simulate=ground_stub(0.5, calls),
        points=3,
    )
    assert (r.lo, r.unit) == (10.0, "USD/kg")
    assert r.hi == pytest.approx(2000.0, rel=1e-12)
    assert r.root == pytest.approx(0.5 / slope, rel=1e-6)


def test_no_crossing_says_which_side_is_cheaper(
    launch_only: dict[str, Any], ground_raw: dict[str, Any]
) -> None:
    slope = orbit_cost(launch_only, 100.0) / 100.0
    calls = {"orbit": 0, "ground": 0}
    r = be.breakeven(
        launch_only,
        ground_raw,
        "launch.price_per_kg",
        10,
        50,
        simulate=ground_stub(1000.0 * slope, calls),  # break-even at 1000 USD/kg
        points=3,
    )
    assert r.root is None and r.orbit_at_root is None
    assert r.message.startswith("no crossing in range: orbit is cheaper than ground")
    assert "10 USD/kg to 50 USD/kg" in r.message
    assert np.all(r.difference < 0)


def test_lo_not_below_hi(launch_only: dict[str, Any], ground_raw: dict[str, Any]) -> None:
    for lo, hi in ((500, 100), (100, 100), ("1 USD/g", "500 USD/kg")):
        with pytest.raises(be.BreakEvenError, match="lo < hi"):
            be.breakeven(launch_only, ground_raw, "launch.price_per_kg", lo, hi)


def test_unknown_key_did_you_mean(orbit_raw: dict[str, Any], ground_raw: dict[str, Any]) -> None:
    with pytest.raises(ScenarioError) as info:
        be.breakeven(orbit_raw, ground_raw, "launch.price_per_kilo", 10, 100)
    (problem,) = info.value.problems
    assert problem.path == "launch.price_per_kilo"
    assert "unknown key 'price_per_kilo' in launch" in problem.message
    assert "did you mean 'launch.price_per_kg'?" in problem.hint


def test_range_out_of_bounds_or_wrong_unit(
    orbit_raw: dict[str, Any], ground_raw: dict[str, Any]
) -> None:
    with pytest.raises(ScenarioError, match=r"orbit.altitude: must be ≥ 200 km, got 100 km"):
        be.breakeven(orbit_raw, ground_raw, "orbit.altitude", 100, 800)
    with pytest.raises(ScenarioError, match="has dimension mass"):
        be.breakeven(orbit_raw, ground_raw, "orbit.altitude", "3 kg", "800 km")


def test_key_must_be_a_real_number(orbit_raw: dict[str, Any], ground_raw: dict[str, Any]) -> None:
    with pytest.raises(be.BreakEvenError, match="whole number"):
        be.breakeven(orbit_raw, ground_raw, "satellite.radiator.n_sides", 1, 2)
    with pytest.raises(be.BreakEvenError, match="not a number"):
        be.breakeven(orbit_raw, ground_raw, "launch.vehicle", 1, 2)
    with pytest.raises(be.BreakEvenError, match="side"):
        be.breakeven(orbit_raw, ground_raw, "launch.price_per_kg", 1, 2, side="space")  # type: ignore[arg-type]
    with pytest.raises(be.BreakEvenError, match="site: ground"):
        be.breakeven(orbit_raw, orbit_raw, "launch.price_per_kg", 1, 2)


def test_ground_side_in_display_units(
    orbit_raw: dict[str, Any], ground_raw: dict[str, Any]
) -> None:
    """Varying a ground key (PV capex, stored in USD/W, shown in USD/kW): bare numbers are
    read in USD/kW; with a ground metric linear in the capex the root is solved by hand. The
    orbit side runs once."""
    calls = {"orbit": 0, "ground": 0}

    def simulate(sc: Scenario) -> Stub:
        if isinstance(sc, OrbitScenario):
            calls["orbit"] += 1
            return Stub(2.0)
        calls["ground"] += 1
        assert isinstance(sc, GroundScenario)
        return Stub(1.0 + sc.plant.pv.capex / 1.5)  # capex in USD/W

    r = be.breakeven(
        orbit_raw, ground_raw, "plant.pv.capex", 500, 3000, side="ground", simulate=simulate
    )
    assert r.unit == "USD/kW"
    assert r.root == pytest.approx(1500.0, rel=1e-6)  # 1 + 1.5 USD/W / 1.5 = 2
    assert calls["orbit"] == 1


def test_both_sides(orbit_raw: dict[str, Any], ground_raw: dict[str, Any]) -> None:
    """A key on both sides (the discount rate): orbit cost rises faster with it."""

    def simulate(sc: Scenario) -> Stub:
        r = sc.economics.discount_rate
        return Stub(1.0 + 10.0 * r if isinstance(sc, OrbitScenario) else 1.6 + 4.0 * r)

    r = be.breakeven(
        orbit_raw, ground_raw, "economics.discount_rate", 0.0, 0.3, side="both", simulate=simulate
    )
    assert r.unit == ""
    assert r.root == pytest.approx(0.1, rel=1e-6)


def test_infeasible_points_are_nan(orbit_raw: dict[str, Any], ground_raw: dict[str, Any]) -> None:
    def simulate(sc: Scenario) -> Stub:
        if isinstance(sc, GroundScenario):
            return Stub(1.0)
        price = sc.launch.price_per_kg or 0.0
        if price > 900.0:
            raise InfeasibleError("too dear")
        return Stub(price / 400.0)

    r = be.breakeven(
        orbit_raw, ground_raw, "launch.price_per_kg", 100, 1000, simulate=simulate, points=10
    )
    assert r.root == pytest.approx(400.0, rel=1e-6)
    assert np.isnan(r.orbit[-1]) and np.isfinite(r.orbit[:-1]).all()
    assert any("infeasible" in n for n in r.notes)


def test_unknown_metric(orbit_raw: dict[str, Any], ground_raw: dict[str, Any]) -> None:
    with pytest.raises(be.BreakEvenError, match=r"did you mean 'cost.usd_per_eflop'"):
        be.breakeven(
            orbit_raw,
            ground_raw,
            "launch.price_per_kg",
            100,
            200,
            metric="cost.usd_per_eflops",
            simulate=lambda sc: Stub(1.0),
        )


# ---------------------------------------------------------------------------------------
# Keys
# ---------------------------------------------------------------------------------------


def test_set_key_default_absent_from_the_file(orbit_raw: dict[str, Any]) -> None:
    """A key left to its default is accepted and created; bare numbers are read in the
    key's display unit (degC here, km for the altitude)."""
    assert "coolant_delta_t" not in orbit_raw["satellite"]["radiator"]
    raw = keys.set_key(orbit_raw, "satellite.radiator.coolant_delta_t", 15)
    assert raw["satellite"]["radiator"]["coolant_delta_t"] == "15.0 K"
    assert "coolant_delta_t" not in orbit_raw["satellite"]["radiator"]  # a copy
    sc = parse_scenario(keys.set_key(raw, "satellite.radiator.temperature", 45))
    assert isinstance(sc, OrbitScenario)
    assert sc.satellite.radiator.temperature == pytest.approx(318.15)
    assert sc.satellite.radiator.coolant_delta_t == 15.0
    sc = parse_scenario(keys.set_key(orbit_raw, "orbit.altitude", 550))
    assert isinstance(sc, OrbitScenario) and sc.orbit.altitude == 550e3
    sc = parse_scenario(keys.set_key(orbit_raw, "orbit.altitude", "0.5 Mm"))
    assert isinstance(sc, OrbitScenario) and sc.orbit.altitude == 500e3
    spec = keys.key_spec(orbit_raw, "satellite.radiator.temperature")
    assert (spec.unit, spec.show, spec.input_unit) == ("K", "degC", "degC")


def test_set_key_errors_name_the_key(orbit_raw: dict[str, Any]) -> None:
    cases = {
        "satellite.radiator.temprature": "did you mean 'satellite.radiator.temperature'?",
        "radiator.temperature": "did you mean 'satellite.radiator.temperature'?",
        "satelite.it_power": "did you mean 'satellite.it_power'?",
        "catalog.accelerators.GB20.tdp": "did you mean 'catalog.accelerators.GB200.tdp'?",
    }
    for key, hint in cases.items():
        with pytest.raises(ScenarioError) as info:
            keys.set_key(orbit_raw, key, 1)
        assert info.value.problems[0].path == key
        assert hint in info.value.problems[0].hint
    with pytest.raises(ScenarioError, match="names a section"):
        keys.set_key(orbit_raw, "satellite.radiator", 1)
    with pytest.raises(ScenarioError, match="is a value, not a section"):
        keys.set_key(orbit_raw, "orbit.altitude.km", 1)
    with pytest.raises(ScenarioError, match="whole number"):
        keys.set_key(orbit_raw, "satellite.radiator.n_sides", 1.5)
    with pytest.raises(ScenarioError, match="finite"):
        keys.set_key(orbit_raw, "launch.price_per_kg", math.inf)
    with pytest.raises(ScenarioError, match="unknown site"):
        keys.set_key({"site": "moon"}, "launch.price_per_kg", 1)


def test_catalog_key_copies_the_bundled_entry(orbit_raw: dict[str, Any]) -> None:
    raw = keys.set_key(orbit_raw, "catalog.accelerators.GB200.system_price", "30 kUSD")
    sc = parse_scenario(raw)
    bundled = catalog.get("accelerators", "GB200")
    own = sc.catalog.accelerators["GB200"]
    assert own.model_dump() == {**bundled.model_dump(), "system_price": 30000.0}
    assert sc.accelerator is own


@pytest.mark.parametrize("kind", list(catalog.KINDS))
def test_bundled_entries_round_trip(kind: str) -> None:
    """Copying a bundled entry into a scenario changes none of its numbers."""
    model = catalog.model_for(kind)
    for name in catalog.names(kind):
        copy = model.model_validate(keys.entry_as_raw(kind, name))
        assert copy == catalog.get(kind, name)


def test_get_and_scale_keys(orbit_raw: dict[str, Any]) -> None:
    """The launch price unset falls back to the vehicle's; scaling writes SI values that read
    back exactly."""
    assert keys.get_key(orbit_raw, "launch.price_per_kg") == 460.0  # Starship, bundled
    factors = {"launch.price_per_kg": 0.7, "catalog.batteries.li-ion.price_per_kwh": 0.55}
    scaled = keys.scale_keys(orbit_raw, factors)
    for key, f in factors.items():
        want = keys.get_key(orbit_raw, key) * f
        assert keys.get_key(scaled, key) == pytest.approx(want, rel=1e-15)
    with pytest.raises(ScenarioError, match="optional and unset"):
        keys.get_key(orbit_raw, "satellite.array.specific_power")


def test_numeric_keys() -> None:
    orbit = keys.numeric_keys("orbit")
    assert "satellite.radiator.temperature" in orbit and "launch.price_per_kg" in orbit
    assert "launch.vehicle" not in orbit
    assert "plant.pv.capex" in keys.numeric_keys("ground")


@pytest.mark.slow
def test_breakeven_cli(tmp_path: Path) -> None:
    """`wattflop breakeven ... --vary KEY` on the bundled headline sites (one ground LP, 15
    orbital runs): an answer in words, breakeven.json and .html; a misspelt key exits 2 with a
    did-you-mean."""
    import json

    from typer.testing import CliRunner

    from wattflop.cli import app

    root = Path(__file__).resolve().parents[2] / "scenarios"
    orbit = str(root / "orbit-1gw-dawn-dusk-650km.yaml")
    ground = str(root / "ground-1gw-memphis.yaml")
    runner = CliRunner()
    bad = runner.invoke(app, ["breakeven", orbit, ground, "--vary", "launch.price_per_kgg"])
    assert bad.exit_code == 2 and "did you mean 'launch.price_per_kg'" in bad.output
    args = ["breakeven", orbit, ground, "--vary", "launch.price_per_kg", "--out", str(tmp_path)]
    ok = runner.invoke(app, [*args, "--range", "10", "5000"])
    assert ok.exit_code == 0, ok.output
    data = json.loads((tmp_path / "breakeven.json").read_text())
    assert data["key"] == "launch.price_per_kg" and len(data["curve"]["x"]) == 15
    assert (tmp_path / "breakeven.html").exists()

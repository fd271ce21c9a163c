"""Learning-curve timeline: the vectorised year-by-year costs against full runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from wattflop.cli import app
from wattflop.ground.site import simulate_ground
from wattflop.orbit.site import simulate_orbit
from wattflop.scenario import GroundScenario, OrbitScenario, parse_scenario
from wattflop.scenario.keys import get_key, load_raw
from wattflop.study.learning import BY_LINE, scenario_at_year
from wattflop.study.timeline import curves_for, timeline

SCENARIOS = Path(__file__).parents[2] / "scenarios"
ORBIT = SCENARIOS / "orbit-1gw-dawn-dusk-650km.yaml"
GROUND = SCENARIOS / "ground-1gw-memphis.yaml"


@pytest.fixture(scope="module")
def tl() -> Any:
    return timeline(load_raw(ORBIT), load_raw(GROUND), np.array([2026.0, 2035.0, 2050.0]),
                    accelerator_learning_rate=0.2)  # fmt: skip


@pytest.mark.slow
def test_orbit_costs_per_year_match_full_runs_at_learned_prices(tl: Any) -> None:
    """Each year's orbit cost equals a full simulation of the scenario with that year's prices
    (:func:`scenario_at_year`, the scalar path), to rounding."""
    raw = load_raw(ORBIT)
    price = get_key(raw, "launch.price_per_kg")
    for case, c in tl.cases.items():
        curves = curves_for(price, case, 2026.0, 37e6, 0.2)
        assert curves.curves["launch"].learning_rate == c["launch_learning_rate"]
        for i, year in enumerate(tl.years):
            full = simulate_orbit(parse_scenario(scenario_at_year(raw, curves, year)))
            assert c["orbit"][i] == pytest.approx(full.get("cost.usd_per_eflop"), rel=1e-12), case
    # the first year is today's scenario, and prices only fall
    assert tl.cases["central"]["launch_price_usd_per_kg"][0] == pytest.approx(price)
    for c in tl.cases.values():
        assert np.all(np.diff(c["orbit"]) < 0) and np.all(np.diff(c["ground"]) < 0)
    # a faster launch learning rate gives a cheaper orbit every later year
    assert np.all(np.array(tl.cases["fast"]["orbit"][1:]) < tl.cases["slow"]["orbit"][1:])


#: Identity of the first learning year with a full run of the unmodified scenarios: the same
#: arithmetic on the same inputs (every factor is exactly 1 at year0), so to rounding.
IDENTITY = 1e-12


@pytest.fixture(scope="module")
def full() -> dict[str, Any]:
    orbit, ground = parse_scenario(load_raw(ORBIT)), parse_scenario(load_raw(GROUND))
    assert isinstance(orbit, OrbitScenario) and isinstance(ground, GroundScenario)
    return {"orbit": simulate_orbit(orbit), "ground": simulate_ground(ground)}


def test_first_year_is_a_full_run_of_the_unmodified_scenarios(tl: Any, full: Any) -> None:
    """2026 (year0) on both sides, in every case, equals `simulate` of the scenarios as
    written, to 1e-12 relative; so does each site's cost by line behind the floor."""
    for case, c in tl.cases.items():
        for site in ("orbit", "ground"):
            assert c[site][0] == pytest.approx(
                full[site].get("cost.usd_per_eflop"), rel=IDENTITY
            ), (case, site)
        assert all(f == 1.0 for f in (v[0] for v in c["factors"].values())), case


def test_floor_is_the_sum_of_the_lines_that_never_learn(tl: Any, full: Any) -> None:
    """Each site's floor equals the sum of the full run's cost by line over the lines that no
    learning price drives, to 1e-12; the lines sorted by hand from the money code are where
    they belong (new lines are sorted by the model, so only these are pinned)."""
    never = {
        "orbit": {"operations"},
        "ground": {"fuel", "gas_om", "pv_om", "grid_energy", "co2", "export_revenue"},
    }
    learn = {"orbit": {"accelerators", "solar_array", "battery", "power_electronics",
                       "radiator", "links", "bus", "launch"},
             "ground": {"accelerators", "facility", "gas_turbines", "grid_connection",
                        "accelerator_replacement"}}  # fmt: skip
    for site in ("orbit", "ground"):
        by_line = dict(full[site].get(BY_LINE))
        floor = tl.floors[site]
        assert learn[site] <= set(floor.learning), site
        assert not never[site] & set(floor.learning), site
        expected = sum(v for k, v in by_line.items() if k not in floor.learning)
        assert floor.total == pytest.approx(expected, rel=IDENTITY), site
        for case, c in tl.cases.items():
            assert c["floor"][site][0] == pytest.approx(expected, rel=IDENTITY), (case, site)
        # every learning price at zero: the asymptote keeps the floor and what rides on it
        # (late compute is charged on every line, the lines that never learn included), so it
        # lies between the floor and today's cost; in orbit it is the floor × the late factor
        assert floor.total <= floor.asymptote < full[site].get("cost.usd_per_eflop"), site
        if site == "orbit":
            late = full[site].get("deployment.late_factor")
            assert floor.asymptote == pytest.approx(floor.total * late, rel=1e-9), site
        assert floor.total < full[site].get("cost.usd_per_eflop")
    d = tl.to_dict()
    assert d["floor"]["orbit"]["usd_per_eflop"] == tl.floors["orbit"].total
    assert "never learn" in d["floor_summary"]
    assert {c["curve"] for c in d["curves"]} >= {"launch", "satellites", "accelerators",
                                                 "facility", "gas_turbines"}  # fmt: skip


@pytest.mark.slow
def test_learning_cli_prints_the_floor(tmp_path: Path) -> None:
    r = CliRunner().invoke(app, ["learning", str(ORBIT), str(GROUND), "--until", "2030",
                                 "--out", str(tmp_path)])  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "floor" in r.output and "asymptote" in r.output
    html = (tmp_path / "learning.html").read_text()
    assert "The floor: cost lines that never learn" in html and "satellites" in html


def test_learning_cli_errors(tmp_path: Path) -> None:
    r = CliRunner().invoke(app, ["learning", str(ORBIT), str(GROUND), "--launch-cadence", "-5",
                                 "--out", str(tmp_path)])  # fmt: skip
    assert r.exit_code == 2 and "launch cadence must be ≥ 0" in r.output
    assert not (tmp_path / "learning.json").exists()
    r = CliRunner().invoke(app, ["learning", str(ORBIT), str(GROUND), "--until", "2020"])
    assert r.exit_code == 2 and "--until" in r.output


def test_the_horizon_is_bounded() -> None:
    """Issue #16: `--until 100000` was accepted; the learning curves say nothing past 2100."""
    from typer.testing import CliRunner

    from wattflop.cli import app

    r = CliRunner().invoke(
        app, ["learning", "orbit-1gw-dawn-dusk-650km", "ground-1gw-memphis", "--until", "100000"]
    )
    assert r.exit_code == 2 and "2027–2100" in r.output and "Traceback" not in r.output

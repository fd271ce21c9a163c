"""Learning-curve timeline: the vectorised year-by-year costs against full runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from wattflop.cli import app
from wattflop.orbit.site import simulate_orbit
from wattflop.scenario import parse_scenario
from wattflop.scenario.keys import get_key, load_raw
from wattflop.study.learning import scenario_at_year
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
        curves = curves_for(price, c["launch_learning_rate"], 2026.0, 37e6, 0.2)
        for i, year in enumerate(tl.years):
            full = simulate_orbit(parse_scenario(scenario_at_year(raw, curves, year)))
            assert c["orbit"][i] == pytest.approx(full.get("cost.usd_per_eflop"), rel=1e-12), case
    # the first year is today's scenario, and prices only fall
    assert tl.cases["central"]["launch_price_usd_per_kg"][0] == pytest.approx(price)
    for c in tl.cases.values():
        assert np.all(np.diff(c["orbit"]) < 0) and np.all(np.diff(c["ground"]) < 0)
    # a faster launch learning rate gives a cheaper orbit every later year
    assert np.all(np.array(tl.cases["fast"]["orbit"][1:]) < tl.cases["slow"]["orbit"][1:])


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

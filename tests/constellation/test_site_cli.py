"""Scenario loading, the orchestrator and the CLI command, end to end on the bundled
scenarios (published 81-satellite cluster: arXiv:2511.19468 v2, REFERENCES.md)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from wattflop.cli.constellation import register
from wattflop.constellation import shells
from wattflop.constellation.scenario import load_constellation, parse_constellation
from wattflop.constellation.site import simulate_constellation
from wattflop.errors import ScenarioError, WattflopError

ROOT = Path(__file__).resolve().parents[2]
FORMATION = ROOT / "scenarios" / "constellation-81-formation-650km.yaml"
WALKER = ROOT / "scenarios" / "constellation-walker-550km.yaml"


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def _cb() -> None: ...

    register(app)
    return app


def test_formation_scenario_end_to_end(tmp_path: Path) -> None:
    r = CliRunner().invoke(_app(), ["constellation", str(FORMATION), "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    v = json.loads((tmp_path / "result.json").read_text())
    f = v["formation"]
    assert f["satellites"] == 81
    assert f["neighbour_min_m"] == pytest.approx(100.0, abs=1.0)
    assert f["neighbour_max_m"] == pytest.approx(200.0, abs=1.0)
    assert f["link_capacity_at_max_distance_bps"] == pytest.approx(9.6e12)
    assert 0 < f["training"]["goodput_flops"] <= f["training"]["peak_flops"]
    html = (tmp_path / "report.html").read_text()
    assert "Neighbour distance over one orbit" in html and "Training step time" in html


def test_walker_scenario_matches_its_parts() -> None:
    """The orchestrator's numbers equal the physics functions called directly."""
    sc = load_constellation(WALKER)
    res = simulate_constellation(sc)
    s = res.values["shells"]
    assert s["satellites"] == 1584 and s["links"] == 2 * 1584
    c = shells.walker(
        total=1584,
        planes=72,
        phasing=39,
        altitude_m=550e3,
        inclination_rad=np.deg2rad(53.0),
        epoch="2027-03-01T00:00",
    )
    from wattflop.constellation import propagate

    agg = propagate.sunlit_aggregates(c, step_s=60.0, n_steps=1440)
    assert s["sunlit_fraction_mean"] == pytest.approx(float(agg.sunlit_fraction.mean()), rel=1e-12)
    assert res.detail["link_capacity_bps"].size == 2 * 1584
    assert s["collision"][0]["collisions_per_year"] > 0


def test_bad_scenarios_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nsite: constellation\nepoch: 2027-01-01T00:00:00Z\n"
        "shells:\n  - satellites: 100\n    planes: 7\n    altitude: 550 km\n"
        "    inclination: 53 deg\n    colour: red\n"
    )
    r = CliRunner().invoke(_app(), ["constellation", str(bad)])
    assert r.exit_code == 2
    with pytest.raises(ScenarioError) as e:
        load_constellation(bad)
    assert "unknown key 'colour'" in str(e.value) and ":9:" in str(e.value)
    r = CliRunner().invoke(_app(), ["constellation", str(tmp_path / "missing.yaml")])
    assert r.exit_code == 2


@pytest.mark.parametrize(
    ("shell", "match"),
    [
        (
            {"satellites": 100, "planes": 7, "altitude": "550 km", "inclination": "53 deg"},
            "do not divide",
        ),
        (
            {"satellites": -3, "planes": 1, "altitude": "550 km", "inclination": "53 deg"},
            "greater than 0",
        ),
        (
            {
                "satellites": 10,
                "planes": 2,
                "phasing": 2,
                "altitude": "550 km",
                "inclination": "1 rad",
            },
            "phasing",
        ),
        ({"satellites": 10, "planes": 2, "altitude": "550 km", "sun_synchronous": True}, "ltan"),
        ({"satellites": 10, "planes": 2, "altitude": "50 km", "inclination": "1 rad"}, "200 km"),
        ({"satellites": 10, "planes": 2, "altitude": "550", "inclination": "1 rad"}, "unit"),
    ],
)
def test_bad_shells(shell: dict[str, object], match: str) -> None:
    data = {
        "name": "x",
        "site": "constellation",
        "epoch": "2027-01-01T00:00:00Z",
        "shells": [shell],
    }
    with pytest.raises(ScenarioError, match=match):
        parse_constellation(data)


def test_library_refusals() -> None:
    with pytest.raises(WattflopError, match="divide"):
        shells.walker(total=100, planes=7, phasing=0, altitude_m=550e3, inclination_rad=1.0)
    with pytest.raises(WattflopError, match="phasing"):
        shells.walker(total=100, planes=10, phasing=10, altitude_m=550e3, inclination_rad=1.0)
    with pytest.raises(WattflopError, match="sun-synchronous"):
        shells.sun_synchronous_shell(total=10, planes=1, phasing=0, altitude_m=7000e3, ltan_h=6)

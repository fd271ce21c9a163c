"""Comparing sites under one cost boundary."""

from __future__ import annotations

from pathlib import Path

import pytest

import wattflop
from wattflop.errors import ScenarioError
from wattflop.report.compare import render_comparison
from wattflop.scenario import Boundary, GroundScenario
from wattflop.study.compare import compare, with_boundary

ROOT = Path(__file__).resolve().parents[2] / "scenarios"


@pytest.fixture(scope="module")
def orbit_pair() -> list[wattflop.Scenario]:
    return [
        wattflop.load_scenario(ROOT / "orbit-1gw-dawn-dusk-650km.yaml"),
        wattflop.load_scenario(ROOT / "orbit-20mw-inclined-550km.yaml"),
    ]


def test_one_boundary_for_every_site(orbit_pair: list[wattflop.Scenario]) -> None:
    """The chosen boundary applies to every site; widening it never lowers a cost; the ratio
    is to the cheapest site per EFLOP; differing workloads are named."""
    narrow = compare(orbit_pair, boundary=Boundary.ENERGY_ONLY)
    full = compare(orbit_pair, boundary=Boundary.FULL)
    for r in narrow.results + full.results:
        assert r.get("scenario.boundary") in {"energy_only", "full"}
    for a, b in zip(narrow.results, full.results, strict=True):
        assert a.get("cost.usd_per_eflop") < b.get("cost.usd_per_eflop")
        assert a.get("cost.lcoe_usd_per_mwh") == pytest.approx(b.get("cost.lcoe_usd_per_mwh"))
    assert min(full.ratio()) == 1.0
    assert any("different accelerators" in n for n in full.workload_notes)
    assert any("different IT power" in n for n in full.workload_notes)
    page = render_comparison(full)
    assert "Cost per delivered EFLOP by line" in page and page.count("<script") >= 1


def test_launch_only_is_refused_for_ground() -> None:
    sc = wattflop.load_scenario(ROOT / "ground-1gw-memphis.yaml")
    assert isinstance(sc, GroundScenario)
    with pytest.raises(ScenarioError, match="launch_only has no meaning"):
        with_boundary(sc, Boundary.LAUNCH_ONLY)
    assert with_boundary(sc, Boundary.ENERGY_ONLY).economics.boundary is Boundary.ENERGY_ONLY


def test_compare_cli(tmp_path: Path) -> None:
    """`wattflop compare` prints the table, writes compare.json/html; a misspelt boundary
    exits 2 with a did-you-mean and no traceback."""
    import json

    from typer.testing import CliRunner

    from wattflop.cli import app

    a, b = (
        str(ROOT / "orbit-1gw-dawn-dusk-650km.yaml"),
        str(ROOT / "orbit-20mw-inclined-550km.yaml"),
    )
    runner = CliRunner()
    bad = runner.invoke(app, ["compare", a, b, "--boundary", "energy_onyl"])
    assert bad.exit_code == 2 and "did you mean 'energy_only'" in bad.output
    assert "Traceback" not in bad.output
    ok = runner.invoke(app, ["compare", a, b, "--boundary", "energy_only", "--out", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    data = json.loads((tmp_path / "compare.json").read_text())
    assert data["boundary"] == "energy_only" and len(data["sites"]) == 2
    assert (tmp_path / "compare.html").stat().st_size > 100_000

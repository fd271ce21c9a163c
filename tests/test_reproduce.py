"""`wattflop reproduce`: published figures with their own inputs, and the waterfalls.

Sources (REFERENCES.md, "Published designs and comparisons"): Novaspace, Space Data Centers
white paper §6 (May 2026); Agüera y Arcas et al., Suncatcher, arXiv:2511.19468 v2, Table 1;
Feilden, Oltean, Johnston, Starcloud white paper v1.03 (2024); SpaceX AI1 reveal, June 2026
(secondary press reports). Tolerance: ±10 % (TOLERANCE), the issue's bar.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from wattflop.cli.main import app
from wattflop.jsonable import loads
from wattflop.study import reproduce as rp

RUN = rp.Runner()  # one cache for the module: each scenario is simulated once


@pytest.fixture(scope="module")
def reps() -> dict[str, rp.Reproduction]:
    return {p.id: rp.reproduce_publication(p, RUN) for p in rp.load_publications()}


def _fig(reps: dict[str, rp.Reproduction], pub: str, fig: str) -> rp.FigureResult:
    return next(f for f in reps[pub].figures if f.id == fig)


def test_registry_lists_the_four_publications() -> None:
    ids = {p.id for p in rp.load_publications()}
    assert {"novaspace-2026", "suncatcher-2025", "starcloud-2024", "spacex-ai1-2026"} <= ids


@pytest.mark.parametrize(("fig", "published"), [("suncatcher-3600", 14_700.0),
                                                ("suncatcher-200", 810.0)])  # fmt: skip
def test_suncatcher_table_1_through_the_full_model(
    reps: dict[str, rp.Reproduction], fig: str, published: float
) -> None:
    """Suncatcher Table 1: a 575 kg, ~28 kW V2-mini over 5 years costs 14,700 USD per
    kW-year of launch at 3,600 USD/kg and 810 at 200 USD/kg; a full simulate with a top-down
    V2-mini (launch_only boundary) lands within ±10 %."""
    f = _fig(reps, "suncatcher-2025", fig)
    assert f.published == published
    assert f.value == pytest.approx(published, rel=rp.TOLERANCE)
    assert f.verdict == "reproduced"


def test_novaspace_space_cost_gap_is_the_unitemised_residual(
    reps: dict[str, rp.Reproduction],
) -> None:
    """Novaspace §6: 1 GW for 5 years in space ≈ 46 B USD (accelerators excluded). Its
    itemised inputs (10,000 × 2.5 M USD satellites, 15 kg/kW at 1,000 USD/kg) give 40 B USD
    plus wattflop's 1 B USD of operations: ratio 0.89, just outside ±10 %; the named line
    (operations, standing for the ~6 B USD the summary does not itemise) closes it."""
    f = _fig(reps, "novaspace-2026", "novaspace-space-5yr")
    assert f.by_line["platform"] == pytest.approx(25e9, rel=0.01)  # 10,000 × 2.5 M USD
    assert f.by_line["launch"] == pytest.approx(15e9, rel=0.01)  # 15,000 t × 1,000 USD/kg
    assert f.ratio == pytest.approx(0.89, abs=0.02)
    assert f.verdict == "gap explained" and f.gap_line == "operations"
    assert f.gap_closed_value == pytest.approx(46e9, rel=rp.TOLERANCE)


def test_starcloud_space_cost_gap_is_the_launch_line(reps: dict[str, rp.Reproduction]) -> None:
    """Starcloud v1.03: 40 MW over 10 years in space costs 8.2 M USD (launch 5 M, array 2 M,
    shielding 1.2 M). With its prices wattflop's array and shielding lines land near its
    figures, but launch is several times more: wattflop's power system weighs far more than
    the 2.5 kg/kW of one 100 t Starship for 40 MW. With the launch line at Starcloud's 5 M USD
    the total is within ±10 %."""
    f = _fig(reps, "starcloud-2024", "starcloud-space-10yr")
    assert f.by_line["shielding"] == pytest.approx(1.2e6, rel=0.25)
    assert f.by_line["solar_array"] == pytest.approx(2e6, rel=0.5)
    assert f.by_line["launch"] > 3 * 5e6
    assert f.verdict == "gap explained" and f.gap_line == "launch"
    assert f.gap_closed_value == pytest.approx(8.2e6, rel=rp.TOLERANCE)


def test_ai1_radiator_gap_is_the_radiator_temperature(reps: dict[str, rp.Reproduction]) -> None:
    """SpaceX AI1 (secondary): ~110 m² of radiator for 120 kW at ~600 km. At wattflop's 20 °C
    the same heat needs ~200 m²; at ~63 °C (coolant ~73 °C) the model gives 110 m² ±10 %."""
    f = _fig(reps, "spacex-ai1-2026", "ai1-radiator")
    assert 180 < f.value < 240
    assert f.verdict == "gap explained"
    assert f.gap_line == "satellite.radiator.temperature"
    assert f.gap_closed_value == pytest.approx(110.0, rel=rp.TOLERANCE)


def test_ai1_specific_mass_gap_is_named_and_mostly_accounted_for(
    reps: dict[str, rp.Reproduction],
) -> None:
    """SpaceX AI1 (secondary): ~70 kW/t, i.e. 14.3 kg/kW. wattflop's parts list at 120 kW is
    more than twice that; the named lines (array, radiator, structure, power electronics) at
    the light end of wattflop's ranges plus AI1's hot radiator remove most of the gap (≥ 80 %),
    not all: the verdict says so."""
    f = _fig(reps, "spacex-ai1-2026", "ai1-kg-per-kw")
    assert f.ratio > 2
    named = ("solar_array", "radiator", "structure", "power_electronics")
    assert all(n in f.gap_line for n in named)
    assert sum(f.by_line[n] for n in named) > f.value - f.published  # they can hold the gap
    assert f.gap_accounted is not None and f.gap_accounted >= 0.8
    assert f.verdict in ("gap explained", "gap partly explained")


@pytest.mark.parametrize("pub", ["novaspace-2026", "suncatcher-2025", "starcloud-2024",
                                 "spacex-ai1-2026"])  # fmt: skip
def test_waterfall_starts_at_their_inputs_and_ends_at_wattflops_defaults(
    reps: dict[str, rp.Reproduction], pub: str
) -> None:
    """First step = the figure with the publication's inputs; last step = a full run of the
    base scenario (wattflop's defaults at the question's scale) to 1e-12; the steps' effects
    sum to the difference; each step names its keys."""
    rep = reps[pub]
    p = next(p for p in rp.load_publications() if p.id == pub)
    head = p.figures[0]
    steps = rep.waterfall
    assert steps[0].value == pytest.approx(_fig(reps, pub, head.id).value, rel=1e-12)
    defaults = sum(rp.breakdown(RUN(rp.base_raw(p)), head).values())
    assert steps[-1].value == pytest.approx(defaults, rel=1e-12)
    assert sum(s.delta for s in steps) == pytest.approx(steps[-1].value - steps[0].value)
    assert all(s.keys for s in steps[1:])
    assert "other differences" not in [s.name for s in steps]  # every difference is named


def test_unknown_keys_are_skipped_not_fatal() -> None:
    raw = rp.base_raw(rp.load_publications()[0])
    assert rp.known_key(raw, "launch.price_per_kg")
    assert rp.known_key(raw, "satellite.top_down")
    assert not rp.known_key(raw, "economics.no_such_line")


def test_unknown_only_id_is_a_clear_error() -> None:
    with pytest.raises(rp.ReproduceError, match="did you mean 'suncatcher-2025'"):
        rp.reproduce(["suncatcher-2024"])


def test_cli_writes_json_and_html(tmp_path: Path) -> None:
    res = CliRunner().invoke(app, ["reproduce", "--out", str(tmp_path), "--only",
                                   "suncatcher-2025"])  # fmt: skip
    assert res.exit_code == 0, res.output
    data = loads((tmp_path / "reproduce.json").read_text(encoding="utf-8"))
    assert [d["id"] for d in data] == ["suncatcher-2025"]
    assert data[0]["figures"][0]["verdict"] == "reproduced"
    html = (tmp_path / "reproduce.html").read_text(encoding="utf-8")
    assert "suncatcher-3600" in html and "waterfall" in html
    bad = CliRunner().invoke(app, ["reproduce", "--out", str(tmp_path), "--only", "nope"])
    assert bad.exit_code == 2

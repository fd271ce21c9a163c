"""The answer for people (wattflop.study.summary): cost buckets, site summaries, the verdict
sentence and the Monte Carlo summary.

The bundled results are read from the goldens (tests/golden/*.json): test_golden.py keeps
them equal to what the bundled scenarios give, and reading them spares the ground LP here.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import xarray as xr

import wattflop
from wattflop import catalog
from wattflop.jsonable import restore
from wattflop.result import SiteResult
from wattflop.scenario import Boundary, OrbitScenario, Scenario
from wattflop.scenario.keys import load_raw, set_key
from wattflop.study import summary as s

ROOT = Path(__file__).parents[2]
SCENARIOS = ROOT / "scenarios"
GOLDEN = ROOT / "tests" / "golden"
ORBIT = "orbit-1gw-dawn-dusk-650km"
GROUND = "ground-1gw-memphis"
SITES = (ORBIT, GROUND, "orbit-20mw-inclined-550km")


def _values(name: str) -> dict[str, Any]:
    out: dict[str, Any] = restore(json.loads((GOLDEN / f"{name}.json").read_text("utf-8")))
    return out


def golden(name: str) -> tuple[Scenario, SiteResult]:
    sc = wattflop.load_scenario(SCENARIOS / f"{name}.yaml")
    return sc, SiteResult(values=_values(name), daily=xr.Dataset(), detail=xr.Dataset())


def _conserves(sc: Scenario, r: SiteResult) -> tuple[s.Bucket, ...]:
    buckets = s.cost_buckets(sc, r)
    assert [b.id for b in buckets] == [b.id for b in s.BUCKETS]  # all, in the fixed order
    total = float(r.get("cost.usd_per_eflop"))
    annual = float(r.get("cost.annual_cost_usd"))
    assert math.fsum(b.usd_per_eflop for b in buckets) == pytest.approx(total, rel=1e-12)
    assert math.fsum(b.usd_per_year for b in buckets) == pytest.approx(annual, rel=1e-12)
    assert math.fsum(b.share for b in buckets) == pytest.approx(1.0, rel=1e-12)
    return buckets


@pytest.mark.parametrize("name", SITES)
def test_every_line_of_the_bundled_results_has_a_bucket(name: str) -> None:
    """Every cost line of the bundled results is placed deliberately (no 'other'), each
    non-zero line shows up in its bucket, and the buckets add up to the total."""
    sc, r = golden(name)
    lines = r.get("cost.usd_per_eflop_by_line")
    assert set(lines) == set(r.get("cost.annual_cost_by_line_usd"))
    for line in lines:
        s.bucket_of(line)  # raises for a line without a bucket
    buckets = _conserves(sc, r)
    listed = {line for b in buckets for line in b.lines}
    assert listed == {k for k, v in lines.items() if v != 0.0}
    for b in buckets:
        assert all(s.LINE_BUCKET[line] in (b.id, "compute") for line in b.lines)


def test_a_line_without_a_bucket_is_an_error() -> None:
    with pytest.raises(ValueError, match="cost line 'teleport' has no bucket"):
        s.bucket_of("teleport")
    sc, _ = golden(ORBIT)
    values = _values(ORBIT)
    values["cost"]["usd_per_eflop_by_line"]["teleport"] = 0.0
    values["cost"]["annual_cost_by_line_usd"]["teleport"] = 0.0
    with pytest.raises(ValueError, match="teleport"):
        s.cost_buckets(sc, SiteResult(values, xr.Dataset(), xr.Dataset()))


@pytest.mark.parametrize(
    "boundary", [Boundary.LAUNCH_ONLY, Boundary.ENERGY_ONLY, Boundary.POWER_AND_COOLING]
)
def test_buckets_conserve_the_total_in_every_boundary(boundary: Boundary) -> None:
    raw = set_key(load_raw(SCENARIOS / f"{ORBIT}.yaml"), "economics.boundary", boundary.value)
    sc = wattflop.parse_scenario(raw)
    r = wattflop.simulate(sc)
    buckets = {b.id: b for b in _conserves(sc, r)}
    assert buckets["spares"].usd_per_eflop == 0.0  # accelerators are outside these boundaries
    assert buckets["compute"].usd_per_eflop == 0.0


def test_top_down_platform_is_power() -> None:
    """A top-down satellite's platform line cannot be split: it counts as power system."""
    raw = load_raw(SCENARIOS / f"{ORBIT}.yaml")
    raw = set_key(raw, "satellite.top_down.specific_mass", "15 kg/kW")
    raw = set_key(raw, "satellite.top_down.specific_cost", "20 USD/W")
    sc = wattflop.parse_scenario(raw)
    buckets = {b.id: b for b in _conserves(sc, wattflop.simulate(sc))}
    assert "platform" in buckets["power"].lines


def test_orbit_spares_are_split_from_the_accelerators_line() -> None:
    """The cold spares' share of the orbit's accelerators line is spares × part price over
    the line's capital: 249,288 × 35,000 USD of 34.71 B USD for the headline fleet."""
    sc, r = golden(ORBIT)
    assert isinstance(sc, OrbitScenario)
    gb200 = catalog.get("accelerators", "GB200")
    fleet = r.get("fleet")
    capex = r.get("cost.capex_all_lines_usd")["accelerators"]
    # the line is running accelerators at the system price plus spares at the part price
    assert capex == pytest.approx(
        fleet["accelerators"] * gb200.system_price  # type: ignore[attr-defined]
        + fleet["spare_accelerators"] * gb200.part_price,  # type: ignore[attr-defined]
        rel=1e-12,
    )
    share = s.spare_share(sc, r)
    assert share == pytest.approx(249_288 * 35_000 / capex, rel=1e-12)
    b = {x.id: x for x in s.cost_buckets(sc, r)}
    line = r.get("cost.usd_per_eflop_by_line")
    assert b["spares"].usd_per_eflop == pytest.approx(share * line["accelerators"], rel=1e-12)
    assert b["compute"].usd_per_eflop == pytest.approx(
        (1 - share) * line["accelerators"] + line["links"], rel=1e-12
    )
    assert "249,288 spares" in b["spares"].note
    gsc, gr = golden(GROUND)
    assert s.spare_share(gsc, gr) == 0.0
    gb = {x.id: x for x in s.cost_buckets(gsc, gr)}
    assert gb["spares"].lines == ("accelerator_replacement",)
    assert "facility line" in gb["cooling"].note and gb["cooling"].lines == ("water",)


def test_site_summaries_of_the_bundled_pair() -> None:
    osc, orr = golden(ORBIT)
    o = s.site_summary(osc, orr)
    assert o.headline == "10,387 satellites of 3.1 t at 650 km"
    assert (o.name, o.title, o.site) == (
        ORBIT,
        "1 GW on 100 kW satellites, 650 km dawn-dusk",
        "orbit",
    )
    assert o.usd_per_year == orr.get("cost.annual_cost_usd")
    assert o.accelerators == orr.get("fleet.accelerators")  # running, spares aside
    assert o.it_power_mw == pytest.approx(orr.get("fleet.it_power_w") / 1e6)
    gsc, grr = golden(GROUND)
    g = s.site_summary(gsc, grr)
    assert g.headline == "946 MW of gas turbines and a 150 MW grid connection in Memphis, TN"
    assert g.usd_per_eflop == grr.get("cost.usd_per_eflop")
    # no place name: the coordinates
    raw = load_raw(SCENARIOS / f"{GROUND}.yaml")
    del raw["location"]["name"]
    unnamed = wattflop.parse_scenario(raw)
    assert s.headline(unnamed, grr).endswith("in 35.15° N, 90.05° W")
    assert unnamed.title == "1 GW on gas + batteries + PV in Memphis, TN"


def test_title_falls_back_to_the_name() -> None:
    raw = load_raw(SCENARIOS / f"{ORBIT}.yaml")
    del raw["title"]
    assert wattflop.parse_scenario(raw).title == ORBIT
    raw["title"] = ""
    assert wattflop.parse_scenario(raw).title == ORBIT


# ---------------------------------------------------------------------------------------
# Verdict: hand-made summaries
# ---------------------------------------------------------------------------------------


def _site(
    site: str, usd_per_eflop: float, usd_per_year: float, mw: float = 1000.0
) -> s.SiteSummary:
    return s.SiteSummary(
        name=site, title=site, site=site, usd_per_year=usd_per_year,  # type: ignore[arg-type]
        usd_per_accelerator_hour=1.0, lcoe_usd_per_mwh=1.0, usd_per_eflop=usd_per_eflop,
        it_power_mw=mw, accelerator="GB200", accelerators=1,
        headline=f"the {site} site", buckets=(),
    )  # fmt: skip


def test_verdict_when_ground_is_cheaper() -> None:
    v = s.verdict(_site("orbit", 3.12, 31.5e9), _site("ground", 1.0, 10.1e9))
    assert v.cheaper == "ground" and v.ratio == pytest.approx(3.12)
    assert v.sentence == (
        "On these assumptions, 1 GW of GB200 compute costs 3.1× as much on the orbit site "
        "(31.5 B USD a year) as on the ground site (10.1 B USD a year)."
    )
    v = s.verdict(_site("orbit", 1.12, 11.3e9), _site("ground", 1.0, 10.1e9))
    assert "costs 12 % more on the orbit site (11.3 B USD a year) than on" in v.sentence


def test_verdict_when_orbit_is_cheaper() -> None:
    v = s.verdict(_site("orbit", 0.8, 8.1e9), _site("ground", 1.0, 10.1e9))
    assert v.cheaper == "orbit"
    assert v.sentence == (
        "On these assumptions, 1 GW of GB200 compute costs 20 % less on the orbit site "
        "(8.1 B USD a year) than on the ground site (10.1 B USD a year)."
    )


def test_verdict_when_about_equal() -> None:
    v = s.verdict(_site("orbit", 1.004, 10.14e9), _site("ground", 1.0, 10.1e9))
    assert v.cheaper == "equal"
    assert "costs about the same on the orbit site (10.1 B USD a year) as on" in v.sentence
    assert s.verdict(_site("orbit", 1.006, 1e9), _site("ground", 1.0, 1e9)).cheaper == "ground"


def test_verdict_of_sites_of_different_size_or_without_compute() -> None:
    v = s.verdict(_site("orbit", 2.0, 0.6e9, mw=20.0), _site("ground", 1.0, 10.1e9))
    assert v.sentence.startswith("On these assumptions, GB200 compute costs 2× as much per ")
    assert "(600 M USD a year)" in v.sentence
    v = s.verdict(_site("orbit", math.inf, 1e9), _site("ground", 1.0, 1e9))
    assert v.cheaper == "ground" and "delivers no compute" in v.sentence
    with pytest.raises(ValueError):
        s.verdict(_site("ground", 1.0, 1e9), _site("orbit", 1.0, 1e9))
    other = replace(_site("ground", 1.0, 1e9), accelerator="H100-SXM")
    assert " AI compute " in s.verdict(_site("orbit", 2.0, 1e9), other).sentence


def test_comparison_verdict_needs_one_orbit_and_one_ground() -> None:
    osc, orr = golden(ORBIT)
    gsc, grr = golden(GROUND)
    v = s.comparison_verdict([gsc, osc], [grr, orr])
    assert v is not None and [x.site for x in v.sites] == ["orbit", "ground"]
    assert v.ratio == pytest.approx(
        orr.get("cost.usd_per_eflop") / grr.get("cost.usd_per_eflop"), rel=1e-12
    )
    assert v.sentence == (
        "On these assumptions, 1 GW of GB200 compute costs 2.9× as much on 10,387 satellites "
        "of 3.1 t at 650 km (33.5 B USD a year) as on 946 MW of gas turbines and a 150 MW "
        "grid connection in Memphis, TN (11.5 B USD a year)."
    )
    small, sr = golden("orbit-20mw-inclined-550km")
    assert s.comparison_verdict([osc, small], [orr, sr]) is None
    assert s.comparison_verdict([osc, small, gsc], [orr, sr, grr]) is None


# ---------------------------------------------------------------------------------------
# Monte Carlo summary
# ---------------------------------------------------------------------------------------


def test_montecarlo_summary_of_one_site() -> None:
    from wattflop.study.uncertainty import monte_carlo

    raw = load_raw(SCENARIOS / f"{ORBIT}.yaml")
    mc = monte_carlo([(raw, f"{ORBIT}.yaml")], samples=200, seed=3, sobol=False)
    m = s.montecarlo_summary(mc)
    assert m.quantity == "orbit" and m.samples == 200
    assert m.p_orbit_cheaper is None and m.ratio is None and m.ground is None
    assert m.orbit is not None and m.orbit.p50 == mc.summaries["orbit"].p50
    assert [b.key for b in m.tornado] == [row["key"] for row in mc.tornado]
    bars = {b.key: b for b in m.tornado}
    assert bars["launch.price_per_kg"].label == "launch price"
    assert bars["catalog.accelerators.GB200.system_price"].label.startswith("accelerator price")
    assert all(b.label and b.label != b.key for b in m.tornado)


def test_key_labels() -> None:
    assert s.key_label("plant.gas_turbines.fuel_price") == "gas price"
    assert s.key_label("catalog.solar_cells.space-silicon.price_per_watt") == "solar cell price"
    assert s.key_label("catalog.accelerators.GB200.tdp") == "GB200 tdp"
    assert s.key_label("orbit.altitude") == "orbit altitude"

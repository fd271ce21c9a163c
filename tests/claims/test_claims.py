"""Public claims: the registry covers MISSION.md, every claim gets a verdict computed by the
models, verdicts move with the inputs, and the page renders and escapes.

The full evaluation (one ground LP) runs once per test worker (module fixture)."""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path

import pytest
import yaml

from wattflop.claims import (
    BAND,
    QUANTITIES,
    ClaimResult,
    ClaimsError,
    Models,
    evaluate_claims,
    load_registry,
    ratio_verdict,
)
from wattflop.claims import evaluate as ev
from wattflop.report.claims import render_claims

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
ORBIT = "orbit-1gw-dawn-dusk-650km.yaml"
GROUND = "ground-1gw-memphis.yaml"

#: The ids of the "Public claims" table of MISSION.md (ACCEPTANCE: each has an entry).
MISSION_IDS = {
    "orbit-1m-sats",
    "orbit-8x-solar",
    "orbit-100kw-per-t",
    "orbit-100gw-per-yr",
    "launch-100-per-kg",
    "orbit-competitive-when",
    "orbit-cooling",
    "orbit-no-repair",
    "ground-1gw-turbines",
    "us-batteries-double",
    "power-is-bottleneck",
    "china-solar",
    "algo-10x",
}
KINDS = {"consistent", "optimistic", "pessimistic", "not supported", "not evaluated"}
VERDICT = re.compile(
    r"^(consistent|(optimistic|pessimistic) ×[\d.,]+|not supported( by \d{4})?"
    r"|not evaluated: .+)$"
)


@pytest.fixture(scope="module")
def full() -> tuple[Models, dict[str, ClaimResult]]:
    models = Models(SCENARIOS)
    results = evaluate_claims(models=models)
    return models, {r.id: r for r in results}


# ---------------------------------------------------------------------------------------------
# Registry


def test_registry_matches_mission_table() -> None:
    """ACCEPTANCE: one registry entry per MISSION claim id, and no other."""
    ids = [e.id for e in load_registry()]
    assert len(ids) == len(set(ids)) == 13
    assert set(ids) == MISSION_IDS


def test_registry_is_valid() -> None:
    """Every entry names an evaluator, existing scenarios, a source and its assumptions; a
    claimed value parses as '<number> <unit>'."""
    raw = yaml.safe_load((ROOT / "src/wattflop/claims/claims.yaml").read_text(encoding="utf-8"))
    assert isinstance(raw, list)
    for entry in load_registry():
        assert entry.quantity in QUANTITIES
        assert entry.text and entry.source and entry.assumptions
        for name in entry.scenario:
            assert (SCENARIOS / name).is_file(), name
        if entry.claimed is not None:
            assert math.isfinite(entry.claimed) and entry.claimed_unit
    by_id = {e.id: e for e in load_registry()}
    assert by_id["orbit-100kw-per-t"].claimed == 100.0
    assert by_id["orbit-100kw-per-t"].claimed_unit == "kW/t"
    assert by_id["orbit-cooling"].claimed is None


def test_bad_registry_and_unknown_id(tmp_path: Path) -> None:
    bad = tmp_path / "claims.yaml"
    bad.write_text(
        "- {id: x, text: t, source: s, claimed: null, quantity: nope, scenario: [], "
        "assumptions: []}\n",
        encoding="utf-8",
    )
    with pytest.raises(ClaimsError, match="no evaluator"):
        load_registry(bad)
    bad.write_text(
        "- {id: x, text: t, source: s, claimed: lots, quantity: outside_model, scenario: [], "
        "assumptions: []}\n",
        encoding="utf-8",
    )
    with pytest.raises(ClaimsError, match="<number> <unit>"):
        load_registry(bad)
    with pytest.raises(ClaimsError, match="unknown claim id"):
        evaluate_claims(ids=["orbit-flat-earth"])


# ---------------------------------------------------------------------------------------------
# Verdict rule


@pytest.mark.parametrize(
    ("ratio", "better", "kind", "verdict"),
    [
        (1.0, "higher", "consistent", "consistent"),
        (BAND[1], "higher", "consistent", "consistent"),
        (BAND[0], "higher", "consistent", "consistent"),
        (6.5, "higher", "optimistic", "optimistic ×6.5"),
        (0.5, "higher", "pessimistic", "pessimistic ×2"),
        (0.5, "lower", "optimistic", "optimistic ×2"),
        (4.0, "lower", "pessimistic", "pessimistic ×4"),
        (74.0, "higher", "optimistic", "optimistic ×74"),
    ],
)
def test_ratio_verdict(ratio: float, better: ev.Better, kind: str, verdict: str) -> None:
    assert ratio_verdict(ratio, better) == (kind, verdict)


# ---------------------------------------------------------------------------------------------
# Full evaluation


def test_every_claim_has_a_verdict(full: tuple[Models, dict[str, ClaimResult]]) -> None:
    """ACCEPTANCE: every MISSION claim id gets a verdict; ratios are claimed / wattflop; each
    scenario was simulated once."""
    models, results = full
    assert set(results) == MISSION_IDS
    for r in results.values():
        assert r.kind in KINDS, r
        assert VERDICT.match(r.verdict), r.verdict
        assert r.verdict.startswith(r.kind.split(":")[0]), r
        assert r.reason
        if r.ratio is not None:
            assert r.claimed is not None and r.value is not None
            assert r.ratio == pytest.approx(r.claimed / r.value, rel=1e-12)
            assert r.unit == r.claimed_unit
    assert models.runs == {ORBIT: 1, GROUND: 1}
    for cid in ("power-is-bottleneck", "china-solar", "algo-10x"):
        assert results[cid].verdict == "not supported"
        assert "wattflop" in results[cid].reason


def test_orbit_numbers_come_from_the_orbital_result(
    full: tuple[Models, dict[str, ClaimResult]],
) -> None:
    """kW per tonne is the result's specific power; 1 Mt/yr adds 1e9 kg × that; the million
    satellites weigh 1e6 × the satellite mass."""
    models, results = full
    r = models.result(ORBIT)
    sp = r.get("specific_power_w_per_kg")
    assert results["orbit-100kw-per-t"].value == pytest.approx(sp)
    assert results["orbit-100gw-per-yr"].value == pytest.approx(1e9 * sp / 1e9)
    # the claim is far above the model with the bundled design: optimistic
    assert results["orbit-100kw-per-t"].kind == "optimistic"
    sats = results["orbit-1m-sats"]
    m = r.get("mass.satellite_kg")
    assert sats.details["claimed_fleet_mass_t"] == pytest.approx(1e6 * m / 1e3)
    assert sats.value == pytest.approx(1e9 / m * r.get("reliability.life_yr"))
    assert sats.details["claimed_fleet_it_gw"] == pytest.approx(
        1e6 * r.get("power.it_w_per_satellite") / 1e9
    )
    cooling = results["orbit-cooling"]
    parts = r.get("mass.by_part_kg")
    assert cooling.value == pytest.approx(100 * parts["radiator"] / m)


def test_solar_ratio_per_square_metre(full: tuple[Models, dict[str, ClaimResult]]) -> None:
    """Orbit: array electric energy / array area; ground: the PVWatts yield (computed again
    here through annual_yield_kwh_per_kwdc) × kW of the same panel per m²."""
    from wattflop.ground.pv import PVDesign, annual_yield_kwh_per_kwdc
    from wattflop.ground.weather import read_weather

    models, results = full
    r = models.result(ORBIT)
    sc = models.scenario(ORBIT)
    orbit = (
        r.get("power.energy_balance_j_per_satellite_year.array_electric")
        / 3.6e6
        / r.get("power.array_area_m2")
    )
    kwdc = annual_yield_kwh_per_kwdc(
        read_weather("greensboro"), PVDesign(tracking="single_axis", dc_ac_ratio=1.0)
    )
    ground = kwdc * sc.cell.efficiency * sc.satellite.array.packing_factor  # kWh/m² (1 kW/m²)
    solar = results["orbit-8x-solar"]
    assert solar.value == pytest.approx(orbit / ground, rel=1e-9)
    # sanity: a dawn-dusk orbit is sunlit almost always, Greensboro has night and clouds
    assert 4.0 < solar.value < 10.0


def test_launch_year_follows_wrights_law(full: tuple[Models, dict[str, ClaimResult]]) -> None:
    """At the stated cadence the Suncatcher-fit price is exactly the claimed price in the
    reported year; that year is after 2060 (verdict not supported by 2060)."""
    from wattflop.study.learning import price_path

    r = full[1]["launch-100-per-kg"]
    assert r.value is not None
    p = price_path(
        [r.value],
        price0=ev.LAUNCH_PRICE0_USD_PER_KG,
        cumulative0=ev.LAUNCH_CUMULATIVE0_KG,
        learning_rate=ev.LAUNCH_LEARNING_RATE,
        year0=ev.LAUNCH_YEAR0,
        rate_per_year=ev.LAUNCH_CADENCE_KG_PER_YR,
    )
    assert float(p[0]) == pytest.approx(100.0, rel=1e-9)
    assert r.value > ev.HORIZON_YEAR
    assert r.verdict == "not supported by 2060"
    assert r.details["price_2035_usd_per_kg"] == pytest.approx(200.0, rel=0.01)  # Suncatcher


def test_crossover_and_ground(full: tuple[Models, dict[str, ClaimResult]]) -> None:
    """No crossing by 2060 while orbit costs more than ground even with free launch; the
    ground plant is gas with a swing-smoothing battery."""
    models, results = full
    cx = results["orbit-competitive-when"]
    ground = models.result(GROUND).get("cost.usd_per_eflop")
    assert cx.details["ground_usd_per_eflop"] == pytest.approx(ground)
    orbit = cx.details["orbit_usd_per_eflop"]
    assert orbit[0] == pytest.approx(models.result(ORBIT).get("cost.usd_per_eflop"))
    assert all(b <= a for a, b in itertools.pairwise(orbit))  # launch gets cheaper
    if min(orbit) > ground:
        assert cx.value is None and cx.verdict == "not supported by 2060"
    gas = results["ground-1gw-turbines"]
    assert gas.value == pytest.approx(models.result(GROUND).get("ground.capacity_mw.gas_turbines"))
    assert gas.kind == "consistent"
    assert gas.details["smoothing_battery_mw"] > 0


def test_us_storage(full: tuple[Models, dict[str, ClaimResult]]) -> None:
    r = full[1]["us-batteries-double"]  # the EIA-930 demand ships with wattflop
    assert r.kind != "not evaluated"
    factors = [c["output_factor"] for c in r.details["cases"]]
    assert r.value == factors[0]
    # more storage or more dispatchable capacity never lowers the output factor
    assert factors[1] >= factors[0] and factors[3] >= factors[2] >= factors[0]
    assert r.ratio == pytest.approx(2.0 / r.value)


def test_defaults_are_the_packaged_scenarios_and_data() -> None:
    """No path outside the installed package: scenarios and the EIA-930 demand ship in it."""
    from wattflop import bundled

    m = Models()
    assert m.scenarios_dir == bundled.folder("scenarios")
    assert (m.scenarios_dir / ORBIT).is_file() and (m.scenarios_dir / GROUND).is_file()
    assert m.demand_file == bundled.eia930("CONUS") and m.demand_file.is_file()
    assert m.demand_file.is_relative_to(Path(bundled.__file__).parent)


def test_missing_demand_data_is_not_evaluated(tmp_path: Path) -> None:
    (r,) = evaluate_claims(ids=["us-batteries-double"], demand_file=tmp_path / "CONUS.csv")
    assert r.kind == "not evaluated"
    assert r.verdict == "not evaluated: data absent"
    assert r.value is None and r.ratio is None


# ---------------------------------------------------------------------------------------------
# Verdicts move with the inputs (orbit only: no ground LP)


def test_lighter_accelerators_raise_kw_per_tonne() -> None:
    base, light = (
        evaluate_claims(ids=["orbit-100kw-per-t"], overrides=ov)[0]
        for ov in ({}, {ORBIT: {"catalog.accelerators.GB200.system_mass": "5 kg"}})
    )
    assert base.value is not None and light.value is not None
    assert light.value > base.value * 1.2
    assert light.ratio is not None and base.ratio is not None and light.ratio < base.ratio
    assert light.verdict != base.verdict


def test_heavy_radiators_make_cooling_the_hard_problem() -> None:
    models = Models(SCENARIOS)
    (base,) = evaluate_claims(ids=["orbit-cooling"], models=models)
    (heavy,) = evaluate_claims(
        ids=["orbit-cooling"],
        overrides={ORBIT: {"satellite.radiator.areal_density": "20 kg/m^2"}},
    )
    assert base.verdict == "not supported"
    assert heavy.verdict == "consistent"
    assert heavy.details["radiator_kg"] > heavy.details["power_system_kg"]


def test_reliable_chips_make_repair_unnecessary() -> None:
    (base,) = evaluate_claims(ids=["orbit-no-repair"])
    (robust,) = evaluate_claims(
        ids=["orbit-no-repair"],
        overrides={ORBIT: {"catalog.accelerators.GB200.failure_rate": 0.005}},
    )
    assert base.verdict == "consistent"
    assert robust.verdict == "not supported"
    assert robust.details["spares_per_satellite"] < base.details["spares_per_satellite"]


# ---------------------------------------------------------------------------------------------
# Report page


def _result(**kw: object) -> ClaimResult:
    base: dict[str, object] = {
        "id": "x-1",
        "text": "claim",
        "source": "somebody",
        "claimed": 100.0,
        "claimed_unit": "kW/t",
        "value": 15.4,
        "unit": "kW/t",
        "ratio": 100.0 / 15.4,
        "verdict": "optimistic ×6.5",
        "kind": "optimistic",
        "reason": "r",
        "assumptions": ("a",),
    }
    base.update(kw)
    return ClaimResult(**base)  # type: ignore[arg-type]


def test_page_renders_and_escapes() -> None:
    rows = [
        _result(text='<script>alert("x")</script> & co', assumptions=("T < 20 °C",)),
        _result(id="q", claimed=None, value=None, ratio=None, unit="", claimed_unit="",
                verdict="not supported", kind="not supported"),
    ]  # fmt: skip
    page = render_claims(rows)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page
    assert "T &lt; 20 °C" in page
    assert 'class="verdict v-optimistic"' in page and 'class="verdict v-not-supported"' in page
    assert ".v-optimistic {" in page
    assert page.count("<tr>") == 3  # header + 2 rows
    assert "optimistic ×6.5" in page and "6.49" in page


def test_page_of_the_full_evaluation(full: tuple[Models, dict[str, ClaimResult]]) -> None:
    page = render_claims(list(full[1].values()))
    for cid in MISSION_IDS:
        assert cid in page
    # every result is JSON-ready (strict JSON: no NaN or Infinity)
    for r in full[1].values():
        json.loads(json.dumps(r.to_dict(), allow_nan=False))

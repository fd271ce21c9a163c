"""Public claims: the registry covers MISSION.md, every claim gets a verdict computed by the
models, verdicts move with the inputs, and the page renders and escapes.

The full evaluation (one ground LP) runs once per test worker (module fixture)."""

from __future__ import annotations

import csv
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
#: The project's shared folder, a sibling of the checkout (absent outside the workplace).
SHARED = ROOT.parent / "shared"
ORBIT = "orbit-1gw-dawn-dusk-650km.yaml"
GROUND = "ground-1gw-memphis.yaml"
#: The yearly national generation that ships with wattflop (claim china-power-3x-us).
GENERATION_CSV = ROOT / "src/wattflop/data/national/electricity_generation.csv"
CHINA_3X = "china-power-3x-us"
#: Relative tolerance of the hand calculations against the evaluator (float rounding only).
HAND_RTOL = 1e-12

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
    "china-power-3x-us",
}
KINDS = {"consistent", "optimistic", "pessimistic", "contradicted", "not evaluated"}
VERDICT = re.compile(
    r"^(consistent|(optimistic|pessimistic) ×[\d.,]+|contradicted(: not by \d{4})?"
    r"|not evaluated(: .+)?)$"
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
    assert len(ids) == len(set(ids)) == len(MISSION_IDS) == 14
    assert set(ids) == MISSION_IDS


def test_registry_matches_the_shared_mission_file() -> None:
    """The ids of the "Public claims" table of ../shared/MISSION.md, when that file is there,
    are the registry's (and this file's MISSION_IDS)."""
    mission = SHARED / "MISSION.md"
    if not mission.is_file():
        pytest.skip(f"{mission} is absent (the shared folder exists only in the workplace)")
    text = mission.read_text(encoding="utf-8")
    section = text.split("## Public claims", 1)[1].split("\n## ", 1)[0]
    table = set(re.findall(r"^\| ([a-z0-9-]+) \|", section, re.M)) - {"id"}
    assert table, "no claim ids found in the MISSION.md table"
    assert {e.id for e in load_registry()} == table == MISSION_IDS


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
    # issue #13: every claim is evaluated from the models or the data shipped in the package;
    # none reads "data absent", and every one carries its statement, band and condition
    for r in results.values():
        assert r.kind != "not evaluated", r
        assert "data absent" not in r.verdict, r
        assert r.statement and r.holds_if is not None, r.id
        d = r.to_dict()
        for k in ("verdict", "kind", "value", "band", "holds_if", "statement", "source", "url"):
            assert k in d, (r.id, k)


def test_orbit_numbers_come_from_the_orbital_result(
    full: tuple[Models, dict[str, ClaimResult]],
) -> None:
    """kW per tonne is the result's specific power; 1 Mt/yr adds 1e9 kg × that; the million
    satellites weigh 1e6 × the satellite mass."""
    models, results = full
    r = models.result(ORBIT)
    sp = r.get("specific_power_w_per_kg")
    assert results["orbit-100kw-per-t"].value == pytest.approx(sp)
    # gross 1e9 kg/yr × W/kg; the value judged is net of replacements (test_claims_orbit)
    assert results["orbit-100gw-per-yr"].details["gross_gw_per_yr"] == pytest.approx(1e9 * sp / 1e9)
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
    """Judged as a cost (bottom-up reuse); the price pace is reported: at the stated cadence
    the Suncatcher-fit price is exactly the claimed price in the reported year, after 2060."""
    from wattflop.study.learning import price_path

    r = full[1]["launch-100-per-kg"]
    year = r.details["pace_year_at_cadence"]
    p = price_path(
        [year],
        price0=ev.LAUNCH_PRICE0_USD_PER_KG,
        cumulative0=ev.LAUNCH_CUMULATIVE0_KG,
        learning_rate=ev.LAUNCH_LEARNING_RATE,
        year0=ev.LAUNCH_YEAR0,
        rate_per_year=ev.LAUNCH_CADENCE_KG_PER_YR,
    )
    assert float(p[0]) == pytest.approx(100.0, rel=1e-9)
    assert year > ev.HORIZON_YEAR
    assert r.unit == "USD/kg" and r.verdict == "consistent"
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
        assert cx.value is None and cx.verdict == "contradicted: not by 2060"
        assert cx.holds_if is not None
    gas = results["ground-1gw-turbines"]
    assert gas.value == pytest.approx(models.result(GROUND).get("ground.capacity_mw.gas_turbines"))
    assert gas.kind == "consistent"
    assert gas.details["smoothing_battery_mw"] > 0


def test_us_storage(full: tuple[Models, dict[str, ClaimResult]]) -> None:
    r = full[1]["us-batteries-double"]  # the EIA-930 demand ships with wattflop
    assert r.kind != "not evaluated"
    factors = [c["output_factor"] for c in r.details["cases"]]
    assert r.value == pytest.approx(factors[1], rel=1e-6)  # unlimited storage, 80 %
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
    assert m.generation_file == bundled.national_generation() == GENERATION_CSV.resolve()
    assert m.generation_file.is_file()
    assert (m.generation_file.parent / "SOURCE.md").is_file()


def test_missing_demand_data_is_not_evaluated(tmp_path: Path) -> None:
    (r,) = evaluate_claims(ids=["us-batteries-double"], demand_file=tmp_path / "CONUS.csv")
    assert r.kind == "not evaluated"
    assert r.verdict == "not evaluated: data absent"
    assert r.value is None and r.ratio is None


# ---------------------------------------------------------------------------------------------
# National generation: China vs US (data/national/electricity_generation.csv)


def _csv_series(path: Path, country: str, series: str = "ember") -> dict[int, float]:
    with path.open(encoding="utf-8", newline="") as f:
        return {
            int(r["year"]): float(r["twh"])
            for r in csv.DictReader(f)
            if r["country"] == country and r["series"] == series
        }


def _write_generation(path: Path, china: dict[int, float], us: dict[int, float]) -> Path:
    """A generation CSV with one Ember series per country."""
    from wattflop.claims.national import COLUMNS

    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        for country, values in (("China", china), ("United States", us)):
            for year, twh in values.items():
                w.writerow({"country": country, "year": year, "twh": twh, "series": "ember",
                            "basis": "test", "status": "final", "source": "test",
                            "published": "", "retrieved": ""})  # fmt: skip
    return path


def test_shipped_generation_data_is_documented() -> None:
    """Both countries have the Ember series to 2025 (2025 preliminary) and the US the EIA
    utility-scale series; every row names its source, basis and when it was read."""
    from wattflop.claims.national import read_generation

    rows = read_generation(GENERATION_CSV)
    assert {(r.country, r.series) for r in rows} == {
        ("China", "ember"), ("United States", "ember"), ("United States", "eia-utility")
    }  # fmt: skip
    for r in rows:
        assert r.source and r.basis and r.retrieved and r.status
        if r.series == "ember":
            assert (r.status == "preliminary") == (r.year == 2025)
    cn, us = _csv_series(GENERATION_CSV, "China"), _csv_series(GENERATION_CSV, "United States")
    assert sorted(cn) == sorted(us) == list(range(2019, 2026))
    # the project's reference figures: China ~10,000 TWh and the US ~4,300 TWh in 2024
    assert cn[2024] == pytest.approx(10_000, rel=0.05)
    assert us[2024] == pytest.approx(4_300, rel=0.05)
    eia = _csv_series(GENERATION_CSV, "United States", "eia-utility")
    assert all(eia[y] < us[y] for y in eia)  # without small-scale solar: lower


def test_china_us_ratio_equals_the_hand_calculation() -> None:
    """2026 = 2025 × (2025 / 2022)^(1/3) for each country (Ember); the ratio of the two, the
    verdict of the ratio rule, the growth China would need and the year 3× is reached."""
    cn, us = _csv_series(GENERATION_CSV, "China"), _csv_series(GENERATION_CSV, "United States")
    gc, gu = (cn[2025] / cn[2022]) ** (1 / 3), (us[2025] / us[2022]) ** (1 / 3)
    c26, u26 = cn[2025] * gc, us[2025] * gu
    (r,) = evaluate_claims(ids=[CHINA_3X])
    assert ev.GENERATION_WINDOW_YR == 3
    assert r.value == pytest.approx(c26 / u26, rel=HAND_RTOL)
    assert r.ratio == pytest.approx(3.0 / (c26 / u26), rel=HAND_RTOL)
    assert (r.kind, r.verdict) == ratio_verdict(3.0 / r.value, "higher")
    assert r.details["growth_rates"]["China (ember)"][3] == pytest.approx(gc - 1, rel=HAND_RTOL)
    assert r.details["ratio_low"] <= r.value <= r.details["ratio_high"]
    assert 2.0 < r.value < 3.0  # about 2.4
    needed = 3.0 * u26 / cn[2025] - 1.0
    assert r.details["china_rate_needed"] == pytest.approx(needed, rel=HAND_RTOL)
    year = 2025 + math.log(3.0 / (cn[2025] / us[2025])) / math.log(gc / gu)
    assert r.details["year_ratio_reaches_claim"] == pytest.approx(year, rel=HAND_RTOL)
    assert f"{needed:.0%}" in r.reason and f"in {math.ceil(year)}" in r.reason
    assert "2022–2025" in r.reason and "preliminary" in r.reason
    # the shipped numbers: ~2.44×, the claimed 3× 23 % above it, within the ±25 % band
    assert r.verdict == "consistent"
    json.loads(json.dumps(r.to_dict(), allow_nan=False))


@pytest.mark.parametrize(
    ("factor", "verdict"),
    [(3.0, "consistent"), (2.0, "optimistic ×1.5"), (5.0, "pessimistic ×1.7")],
)
def test_china_us_verdict_follows_the_data(tmp_path: Path, factor: float, verdict: str) -> None:
    """Data in which China makes `factor` times the US every year give that ratio in 2026 and
    the ratio rule's verdict on 3×: consistent at 3×, optimistic at 2×, pessimistic at 5×."""
    us = _csv_series(GENERATION_CSV, "United States")
    path = _write_generation(tmp_path / "gen.csv", {y: factor * v for y, v in us.items()}, us)
    (r,) = evaluate_claims(ids=[CHINA_3X], generation_file=path)
    assert r.value == pytest.approx(factor, rel=HAND_RTOL)
    assert r.details["ratio_low"] == pytest.approx(factor, rel=HAND_RTOL)
    assert r.verdict == verdict
    if factor >= 3.0:
        assert "already" in r.reason and "never reaches" not in r.reason


def test_china_us_without_data_is_not_evaluated(tmp_path: Path) -> None:
    (r,) = evaluate_claims(ids=[CHINA_3X], generation_file=tmp_path / "gen.csv")
    assert (r.kind, r.verdict) == ("not evaluated", "not evaluated: data absent")
    assert r.value is None and r.ratio is None


def test_bad_generation_data(tmp_path: Path) -> None:
    from wattflop.claims.national import GenerationDataError, growth_rate, year_ratio_reaches

    bad = tmp_path / "gen.csv"
    bad.write_text("country,year,twh\nChina,2025,10000\n", encoding="utf-8")
    with pytest.raises(GenerationDataError, match="missing column"):
        evaluate_claims(ids=[CHINA_3X], generation_file=bad)
    short = _write_generation(tmp_path / "short.csv", {2025: 3.0}, {2024: 1.0, 2025: 1.0})
    with pytest.raises(ClaimsError, match="China"):  # no 1-year window for China
        evaluate_claims(ids=[CHINA_3X], generation_file=short)
    with pytest.raises(GenerationDataError, match="2022"):
        growth_rate({2024: 1.0, 2025: 1.1}, 3)
    # the ratio moves away from the target: never reached
    assert year_ratio_reaches({2025: 2.0}, 0.01, {2025: 1.0}, 0.02, 3.0) is None
    assert year_ratio_reaches({2025: 2.0}, 0.02, {2025: 1.0}, 0.02, 3.0) is None


# ---------------------------------------------------------------------------------------------
# Verdicts move with the inputs (orbit only: no ground LP)


def test_lighter_accelerators_raise_kw_per_tonne() -> None:
    base, light = (
        evaluate_claims(ids=["orbit-100kw-per-t"], overrides=ov)[0]
        for ov in ({}, {ORBIT: {"catalog.accelerators.GB200.flight_mass": "1 kg"}})
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
    assert base.verdict == "contradicted"
    assert heavy.verdict == "consistent"
    assert heavy.details["radiator_kg"] > heavy.details["power_system_kg"]


def test_reliable_chips_make_repair_unnecessary() -> None:
    (fragile,) = evaluate_claims(
        ids=["orbit-no-repair"],
        # net of the ground's replacements, no repair passes 10 % only near 1.1/yr
        overrides={ORBIT: {"catalog.accelerators.GB200.failure_rate": 2.0}},
    )
    (robust,) = evaluate_claims(
        ids=["orbit-no-repair"],
        overrides={ORBIT: {"catalog.accelerators.GB200.failure_rate": 0.005}},
    )
    assert fragile.verdict == "consistent"
    assert robust.verdict == "contradicted"
    assert robust.details["spares_per_satellite"] < fragile.details["spares_per_satellite"]


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
                verdict="not evaluated", kind="not evaluated"),
    ]  # fmt: skip
    page = render_claims(rows)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page
    assert "T &lt; 20 °C" in page
    assert 'class="verdict v-optimistic"' in page and 'class="verdict v-not-evaluated"' in page
    assert ".v-optimistic {" in page
    assert page.count("<article ") == 2  # one card per result (tests/report/test_claims_page.py)
    assert "optimistic ×6.5" in page and "6.49" in page


def test_page_of_the_full_evaluation(full: tuple[Models, dict[str, ClaimResult]]) -> None:
    page = render_claims(list(full[1].values()))
    for cid in MISSION_IDS:
        assert cid in page
    # every result is JSON-ready (strict JSON: no NaN or Infinity)
    for r in full[1].values():
        json.loads(json.dumps(r.to_dict(), allow_nan=False))

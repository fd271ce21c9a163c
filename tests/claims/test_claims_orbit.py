"""The six orbital claims (issue #13 items 2–3): each number against a hand calculation from
the orbital result, its p5–p95 band, and its ``holds_if`` verified by re-running the model at
that condition (the claim's quantity within :data:`HOLDS_RTOL` of the claimed figure).

The headline orbital scenario is simulated once for the module; each ``holds_if`` re-run is
one more orbital simulation (no ground LP)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wattflop.claims import ClaimResult, Models, evaluate_claims
from wattflop.claims import evaluate as ev

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
ORBIT = "orbit-1gw-dawn-dusk-650km.yaml"
IDS = (
    "orbit-1m-sats",
    "orbit-8x-solar",
    "orbit-100kw-per-t",
    "orbit-100gw-per-yr",
    "orbit-cooling",
    "orbit-no-repair",
)
#: Hand calculations repeat the evaluator's arithmetic: float rounding only.
HAND_RTOL = 1e-9
#: Issue #13 acceptance: at the holds_if condition the claim's quantity is within 1 % of the
#: claimed figure.
HOLDS_RTOL = 0.01


@pytest.fixture(scope="module")
def run() -> tuple[Models, dict[str, ClaimResult]]:
    models = Models(SCENARIOS)
    return models, {r.id: r for r in evaluate_claims(ids=IDS, models=models)}


def _rerun(cid: str, keys: dict[str, str]) -> ClaimResult:
    """The claim evaluated again on the scenario with the holds_if keys set (a full run)."""
    (out,) = evaluate_claims(ids=[cid], scenarios_dir=SCENARIOS, overrides={ORBIT: keys})
    return out


def _band_around(r: ClaimResult) -> None:
    assert r.band is not None and r.value is not None
    lo, hi = r.band
    assert lo < r.value < hi, (r.id, r.band, r.value)


def test_every_orbit_claim_has_band_and_holds_if(
    run: tuple[Models, dict[str, ClaimResult]],
) -> None:
    _, res = run
    for cid in IDS:
        r = res[cid]
        assert r.holds_if is not None and r.holds_if.text, cid
        assert r.kind in {"consistent", "optimistic", "pessimistic", "contradicted"}, cid
        if cid != "orbit-8x-solar":  # no uncertain key acts on the solar yields
            _band_around(r)
    assert res["orbit-8x-solar"].band is None
    assert "uncertainty" in res["orbit-8x-solar"].details["band_note"]


# ---------------------------------------------------------------------------------------------
# orbit-1m-sats


def test_million_satellites(run: tuple[Models, dict[str, ClaimResult]]) -> None:
    """Sustainable fleet = 1e9 kg/yr / satellite mass × life; holds when a satellite weighs
    1e9 × life / 1e6 kg (re-run top-down at that kg/kW)."""
    models, res = run
    r, o = res["orbit-1m-sats"], models.result(ORBIT)
    m, life = o.get("mass.satellite_kg"), o.get("reliability.life_yr")
    assert r.value == pytest.approx(1e9 / m * life, rel=HAND_RTOL)
    assert r.kind == "pessimistic"  # 1 Mt/yr keeps more than a million 3 t satellites
    h = r.holds_if
    assert h is not None and h.reachable
    kg_kw = float(h.keys["satellite.top_down.specific_mass"].split()[0])
    assert kg_kw == pytest.approx(1e9 * life / 1e6 / o.get("power.it_w_per_satellite") * 1e3,
                                  rel=1e-5)  # fmt: skip
    again = _rerun(r.id, dict(h.keys))
    assert again.value == pytest.approx(1e6, rel=HOLDS_RTOL)


# ---------------------------------------------------------------------------------------------
# orbit-8x-solar


def test_solar_ratio_and_capacity_factor(run: tuple[Models, dict[str, ClaimResult]]) -> None:
    """Orbit kWh/m² / (ground capacity factor × 8760 h × kW/m²); 8× at the solved capacity
    factor, which is the Greensboro one scaled by ratio / 8."""
    models, res = run
    r, o = res["orbit-8x-solar"], models.result(ORBIT)
    d = r.details
    orbit = (
        o.get("power.energy_balance_j_per_satellite_year.array_electric")
        / 3.6e6
        / o.get("power.array_area_m2")
    )
    ground = d["ground_capacity_factor"] * 8760.0 * d["ground_kw_per_m2"]
    assert r.value == pytest.approx(orbit / ground, rel=HAND_RTOL)
    cf = d["capacity_factor_for_claim"]
    assert cf == pytest.approx(d["ground_capacity_factor"] * r.value / 8.0, rel=HAND_RTOL)
    assert orbit / (cf * 8760.0 * d["ground_kw_per_m2"]) == pytest.approx(8.0, rel=HOLDS_RTOL)
    assert r.holds_if is not None and r.holds_if.value == pytest.approx(8.0, rel=HOLDS_RTOL)
    # a dawn-dusk orbit is sunlit almost always: 8× from orbit alone would need > 100 %
    assert d["sunlit_fraction_for_claim"] == pytest.approx(
        o.get("eclipse.sunlit_fraction") * 8.0 / r.value, rel=HAND_RTOL
    )
    # the ratio against each bundled site follows its capacity factor
    for site in d["by_site"].values():
        assert site["ratio"] == pytest.approx(
            orbit / (site["capacity_factor"] * 8760.0 * d["ground_kw_per_m2"]), rel=HAND_RTOL
        )


# ---------------------------------------------------------------------------------------------
# orbit-100kw-per-t


def test_kw_per_tonne_and_the_parts_that_give_100(
    run: tuple[Models, dict[str, ClaimResult]],
) -> None:
    """kW/t = IT W / satellite kg; at the solved part keys (the non-compute parts scaled by
    one factor) a full re-run gives 100 kW/t, i.e. 10 kg/kW."""
    models, res = run
    r, o = res["orbit-100kw-per-t"], models.result(ORBIT)
    assert r.value == pytest.approx(
        o.get("power.it_w_per_satellite") / o.get("mass.satellite_kg"), rel=HAND_RTOL
    )
    assert r.kind == "optimistic"
    h = r.holds_if
    assert h is not None and h.reachable
    assert set(h.keys) == {
        "catalog.solar_cells.space-silicon.areal_density",
        "satellite.radiator.areal_density",
        "satellite.pmad_specific_mass",
        "satellite.isl_terminal_mass",
        "satellite.structure_fraction",
    }
    scale = r.details["non_compute_scale_for_claim"]
    assert 0.0 < scale < 1.0  # the parts must shrink
    assert float(h.keys["satellite.radiator.areal_density"].split()[0]) == pytest.approx(
        5.0 * scale, rel=1e-5
    )  # the scenario's 5 kg/m² radiator
    again = _rerun(r.id, dict(h.keys))
    assert again.value == pytest.approx(100.0, rel=HOLDS_RTOL)
    assert again.details["kg_per_kw"] == pytest.approx(10.0, rel=HOLDS_RTOL)


# ---------------------------------------------------------------------------------------------
# orbit-100gw-per-yr


def test_gw_per_year_counts_replacements(run: tuple[Models, dict[str, ClaimResult]]) -> None:
    """Gross = 1e9 kg/yr × W/kg; at steady state the fleet is gross × life and the fleet
    retired per year (fleet / life) equals the gross: net 0; judged: the mean net over a
    decade, gross × min(life, 10) / 10. Holds at the solved kg/kW and life (re-run)."""
    models, res = run
    r, o = res["orbit-100gw-per-yr"], models.result(ORBIT)
    sp, life = o.get("specific_power_w_per_kg"), o.get("reliability.life_yr")
    gross = 1e9 * sp / 1e9
    d = r.details
    assert d["gross_gw_per_yr"] == pytest.approx(gross, rel=HAND_RTOL)
    fleet = gross * life
    assert d["steady_state_fleet_gw"] == pytest.approx(fleet, rel=HAND_RTOL)
    assert d["net_gw_per_yr_at_steady_state"] == pytest.approx(gross - fleet / life, abs=1e-9)
    assert r.value == pytest.approx(gross * min(life, 10.0) / 10.0, rel=HAND_RTOL)
    assert ev.NET_HORIZON_YR == 10.0
    assert r.kind == "optimistic"
    h = r.holds_if
    assert h is not None and h.reachable
    again = _rerun(r.id, dict(h.keys))
    assert again.value == pytest.approx(100.0, rel=HOLDS_RTOL)


# ---------------------------------------------------------------------------------------------
# orbit-cooling


def test_cooling_criteria(run: tuple[Models, dict[str, ClaimResult]]) -> None:
    """Mass share = radiator / satellite; cost share = (radiator line + launch × its mass
    share) / annual cost; temperature margin = the coolant's radiator limit − the radiator's
    temperature. At the solved radiator areal density the mass share is 25 % (re-run)."""
    models, res = run
    r, o = res["orbit-cooling"], models.result(ORBIT)
    parts, m = o.get("mass.by_part_kg"), o.get("mass.satellite_kg")
    share = parts["radiator"] / m
    assert r.value == pytest.approx(100.0 * share, rel=HAND_RTOL)
    lines = o.get("cost.annual_cost_by_line_usd")
    cost = (lines["radiator"] + lines["launch"] * share) / o.get("cost.annual_cost_usd")
    assert r.details["radiator_cost_share"] == pytest.approx(cost, rel=HAND_RTOL)
    margin = o.get("thermal.radiator_max_c") - o.get("thermal.radiator_temperature_c")
    assert r.details["temperature_margin_k"] == pytest.approx(margin, rel=HAND_RTOL)
    # the bundled design: 22 % of the mass, 5 % of the cost, 15 K of margin: none holds
    held = share >= ev.RADIATOR_MASS_SHARE or cost >= ev.RADIATOR_COST_SHARE or margin <= 0
    assert r.kind == ("consistent" if held else "contradicted")
    assert r.details["criteria"]["decides"] == "mass"
    h = r.holds_if
    assert h is not None and h.reachable
    again = _rerun(r.id, dict(h.keys))
    assert again.value == pytest.approx(100.0 * ev.RADIATOR_MASS_SHARE, rel=HOLDS_RTOL)


# ---------------------------------------------------------------------------------------------
# orbit-no-repair


def test_no_repair_net_of_ground_replacements(
    run: tuple[Models, dict[str, ClaimResult]],
) -> None:
    """Net = spares (their share of the accelerator line at the part price, and of launch by
    mass) − the ground's replacements of the same failures (rate × running accelerators ×
    part price), over the annual cost. At the solved failure rate the net is 10 % (re-run)."""
    models, res = run
    r, o = res["orbit-no-repair"], models.result(ORBIT)
    acc = models.scenario(ORBIT).accelerator  # type: ignore[union-attr]
    n_sat = o.get("fleet.satellites")
    active = o.get("fleet.accelerators") / n_sat
    spares = o.get("reliability.spares_per_satellite")
    lines = o.get("cost.annual_cost_by_line_usd")
    total = o.get("cost.annual_cost_usd")
    spare_usd = lines["accelerators"] * spares * acc.part_price / (
        active * acc.system_price + spares * acc.part_price
    ) + lines["launch"] * spares * acc.part_mass / o.get("mass.satellite_kg")
    ground_usd = acc.failure_rate * o.get("fleet.accelerators") * acc.part_price
    gross = r.details["spares_cost_share_gross"]
    assert gross == pytest.approx(spare_usd / total, rel=HAND_RTOL)
    assert r.value == pytest.approx(100.0 * (spare_usd - ground_usd) / total, rel=HAND_RTOL)
    assert r.kind == "contradicted"  # below the 10 % rule net of the ground's replacements
    h = r.holds_if
    assert h is not None and h.reachable
    key = "catalog.accelerators.GB200.failure_rate"
    assert float(h.keys[key].split()[0]) > acc.failure_rate
    again = _rerun(r.id, dict(h.keys))
    assert again.value == pytest.approx(100.0 * ev.NO_REPAIR_COST_SHARE, rel=HOLDS_RTOL)

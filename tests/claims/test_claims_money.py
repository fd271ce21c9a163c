"""Claims launch-100-per-kg, orbit-competitive-when, ground-1gw-turbines and
us-batteries-double (issue #13 items 2–3): each number against a hand calculation or its
data, and each ``holds_if`` verified by re-running the model at its condition.

Sources: Suncatcher (arXiv:2511.19468 §2.4, §4.4: 460 / ≲ 60 / ≲ 15 USD/kg at 1 / 10 / 100
flights; Wright 20 %/doubling), EIA-930 2024 CONUS demand (Ruggles et al. 2020, CC BY 4.0,
shipped in the package)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from wattflop.claims import ClaimResult, Models, evaluate_claims
from wattflop.claims import evaluate as ev

ORBIT = "orbit-1gw-dawn-dusk-650km.yaml"
GROUND = "ground-1gw-memphis.yaml"
#: holds_if acceptance (issue #13): the claim's quantity within 1 % of the claimed figure.
HOLDS_RTOL = 0.01
#: Hand calculations of closed forms (float rounding only).
HAND_RTOL = 1e-12


@pytest.fixture(scope="module")
def money() -> tuple[Models, dict[str, ClaimResult]]:
    models = Models()
    ids = ["launch-100-per-kg", "orbit-competitive-when", "ground-1gw-turbines",
           "us-batteries-double"]  # fmt: skip
    return models, {r.id: r for r in evaluate_claims(models=models, ids=ids)}


# ---------------------------------------------------------------------------------------------
# launch-100-per-kg


def test_reuse_model_reproduces_suncatcher() -> None:
    """Suncatcher §4.4: ~460 USD/kg with no reuse (±1 %), ≲ 60 at 10×, ≲ 15 at 100×."""
    assert float(ev.reuse_launch_cost(1.0)) == pytest.approx(460.0, rel=HOLDS_RTOL)
    assert float(ev.reuse_launch_cost(10.0)) <= 60.0
    assert float(ev.reuse_launch_cost(100.0)) <= 15.0 + 1e-9


def test_launch_cost_is_the_hand_calculation(money: tuple[Models, dict[str, ClaimResult]]) -> None:
    r = money[1]["launch-100-per-kg"]
    hand = (90e6 / 10 + 0.5e6 + 1.0e6 + 0.6e6) / 200e3  # build/N + refurb + prop + ops, per kg
    assert r.value == pytest.approx(hand, rel=HAND_RTOL) == 55.5
    assert r.unit == "USD/kg" and r.kind == "consistent"  # 55.5 ≤ 100: the cost is under
    # Suncatcher's inputs sit at the favourable end of their ranges: the band lies above the
    # central figure and straddles the claim
    assert r.band is not None and r.value <= r.band[0] < 100.0 < r.band[1]
    assert "favourable end" in r.reason
    assert "cost" in r.reason and "2111" in r.reason and "600–900" in r.reason
    # the price pace is reported: the Wright curve at 37 kt/yr, 200 USD/kg in 2035 (Suncatcher)
    assert r.details["price_2035_usd_per_kg"] == pytest.approx(200.0, rel=HOLDS_RTOL)
    assert r.details["pace_year_at_cadence"] > ev.HORIZON_YEAR


def test_launch_holds_if(money: tuple[Models, dict[str, ClaimResult]]) -> None:
    """Re-running both models at the condition: the reuse count gives 100 USD/kg, and the
    cadence gives 100 USD/kg in 2030."""
    from wattflop.study.learning import price_path

    r = money[1]["launch-100-per-kg"]
    h = r.holds_if
    assert h is not None and h.reachable and h.target == 100.0
    n = r.details["flights_for_claimed_cost"]
    assert n == pytest.approx(90e6 / (100 * 200e3 - 2.1e6), rel=HAND_RTOL)
    assert float(ev.reuse_launch_cost(n)) == pytest.approx(100.0, rel=HOLDS_RTOL)
    cadence = r.details["cadence_for_2030_t_per_yr"] * 1e3
    p = price_path([2030.0], price0=ev.LAUNCH_PRICE0_USD_PER_KG,
                   cumulative0=ev.LAUNCH_CUMULATIVE0_KG, learning_rate=ev.LAUNCH_LEARNING_RATE,
                   year0=ev.LAUNCH_YEAR0, rate_per_year=cadence)  # fmt: skip
    assert float(p[0]) == pytest.approx(100.0, rel=HOLDS_RTOL)
    assert f"{n:.2f}" in h.text


# ---------------------------------------------------------------------------------------------
# orbit-competitive-when


def test_competitive_holds_if_by_full_run(money: tuple[Models, dict[str, ClaimResult]]) -> None:
    """The condition re-run in full: the orbital scenario restated top-down at the solved keys
    (or at the best point when out of reach) against the ground run. Reachable: orbit =
    ground within 1 %; out of reach: the full run's ratio is the one reported."""
    import wattflop
    from wattflop.scenario import parse_scenario
    from wattflop.scenario.keys import set_key
    from wattflop.study.what_it_takes import top_down_raw

    models, results = money
    r = results["orbit-competitive-when"]
    h = r.holds_if
    assert h is not None and h.keys
    wit = r.details["what_it_takes"]
    raw = top_down_raw(models.raw(ORBIT), models.result(ORBIT))
    keys = dict(h.keys)
    if not h.reachable:  # the best point of the ray: the satellite at its compute's mass
        s_min = wit["satellite_scale_min"]
        keys["satellite.top_down.specific_cost"] = f"{s_min * wit['headline_usd_per_w']!r} USD/W"
        keys["satellite.top_down.specific_mass"] = f"{s_min * wit['headline_kg_per_kw']!r} kg/kW"
    for k, v in keys.items():
        raw = set_key(raw, k, v)
    orbit = wattflop.simulate(parse_scenario(raw))
    ground = models.result(GROUND).get("cost.usd_per_eflop")
    ratio = orbit.get("cost.usd_per_eflop") / ground
    months = orbit.get("deployment")["months_to_full_power"]
    assert months == pytest.approx(30.0, rel=HOLDS_RTOL)  # the fleet at full power in 30 months
    if h.reachable:
        assert ratio == pytest.approx(1.0, rel=HOLDS_RTOL)
        assert h.value == pytest.approx(2.5, rel=HOLDS_RTOL)
    else:
        assert h.value is not None and h.value > 1.0
        assert ratio == pytest.approx(h.value, rel=HOLDS_RTOL)


def test_competitive_numbers(money: tuple[Models, dict[str, ClaimResult]]) -> None:
    """The mid-2028 launch price is the learning curve's (20 %/doubling from the scenario's
    price in 2026 at 37 kt/yr); the time-to-power view is the orbit result's schedule."""
    from wattflop.study.learning import cumulative_for_price, wright_price

    models, results = money
    r = results["orbit-competitive-when"]
    wit = r.details["what_it_takes"]
    p0 = r.details["launch_price_now_usd_per_kg"]
    q0 = float(cumulative_for_price(p0, price0=ev.LAUNCH_PRICE0_USD_PER_KG,
                                    cumulative0=ev.LAUNCH_CUMULATIVE0_KG,
                                    learning_rate=ev.LAUNCH_LEARNING_RATE))  # fmt: skip
    hand = float(wright_price(q0 + 2.5 * ev.LAUNCH_CADENCE_KG_PER_YR, price0=p0,
                              cumulative0=q0, learning_rate=ev.LAUNCH_LEARNING_RATE))  # fmt: skip
    assert wit["launch_price_that_year_usd_per_kg"] == pytest.approx(hand, rel=1e-9)
    dep = models.result(ORBIT).get("deployment")
    assert r.details["orbit_months_to_full_power"] == dep["months_to_full_power"]
    assert f"{dep['months_to_full_power']:.0f}" in r.reason
    assert r.band is None or r.band[0] <= r.band[1]


# ---------------------------------------------------------------------------------------------
# ground-1gw-turbines


def test_ground_holds_as_modelled(money: tuple[Models, dict[str, ClaimResult]]) -> None:
    """Unconditional within the model: the smoothing battery the model sized brings the ramp
    to the limit (within 1 %), and gas supplies most of the energy."""
    models, results = money
    r = results["ground-1gw-turbines"]
    g = models.result(GROUND)
    assert r.value == pytest.approx(g.get("ground.capacity_mw.gas_turbines"), rel=HAND_RTOL)
    assert r.kind == "consistent" and r.band is None and "No band" in r.reason
    h = r.holds_if
    assert h is not None and h.reachable and not h.keys
    swings = g.values["swings"]
    assert h.target == swings["ramp_limit_mw_per_s"]
    assert h.value == pytest.approx(h.target, rel=HOLDS_RTOL)
    assert h.value <= h.target * (1 + 1e-6)
    assert dict(g.get("ground.energy_mix"))["gas"] > 0.5


# ---------------------------------------------------------------------------------------------
# us-batteries-double


def test_us_storage_numbers_from_the_data(money: tuple[Models, dict[str, ClaimResult]]) -> None:
    """Unlimited storage (closed form of wattflop.study.headroom) and the two flat bounds from
    the shipped EIA-930 demand; the sweep never falls with more storage."""
    from wattflop.study.headroom import read_eia930

    models, results = money
    r = results["us-batteries-double"]
    load = np.asarray(read_eia930(models.demand_file, year=2024), dtype=float)
    mean, peak = float(load.mean()), float(load.max())
    # lossless unlimited storage runs G flat: 1 + (0.8·1.1 TW − mean)/mean; with losses, less
    assert r.value is not None and r.value < 0.8 * 1.1e6 / mean
    assert r.details["flat_at_peak_factor"] == pytest.approx(peak / mean, rel=HAND_RTOL)
    assert r.details["flat_at_nameplate_factor"] == pytest.approx(1.1e6 / mean, rel=HAND_RTOL)
    assert 1.5 < peak / mean < 1.6  # 2024: peak ~745 GW, mean ~476 GW
    for factors in r.details["sweep_output_factor"].values():
        assert all(b >= a - 1e-9 for a, b in itertools.pairwise(factors))
        assert max(factors) <= r.details["flat_at_nameplate_factor"]
    assert r.band is not None and r.band[0] <= r.value <= r.band[1]
    assert r.ratio == pytest.approx(2.0 / r.value, rel=HAND_RTOL)
    assert (r.kind, r.verdict) == ev.ratio_verdict(2.0 / r.value, "higher")


def test_us_storage_holds_if(money: tuple[Models, dict[str, ClaimResult]]) -> None:
    """Re-running the headroom at the solved storage gives 2× within 1 %; at 80 % dispatchable
    no 4-h storage reaches it; unlimited storage at the solved dispatchable share gives 2×."""
    from wattflop.study.headroom import read_eia930, storage_headroom

    models, results = money
    r = results["us-batteries-double"]
    h = r.holds_if
    assert h is not None and h.reachable
    p = r.details["storage_gw_for_claim"]["1"] * 1e3
    assert math.isfinite(p) and math.isinf(r.details["storage_gw_for_claim"]["0.8"])
    load = read_eia930(models.demand_file, year=2024)
    hh = storage_headroom(load, capacity_mw=1.1e6, dispatchable_fraction=1.0,
                          storage_mwh=4 * p, storage_mw=p, round_trip_efficiency=0.85)  # fmt: skip
    assert hh.output_factor_storage == pytest.approx(2.0, rel=HOLDS_RTOL)
    assert h.value == pytest.approx(2.0, rel=HOLDS_RTOL)
    a = r.details["dispatchable_fraction_for_claim_unlimited_storage"]
    hu = storage_headroom(load, capacity_mw=1.1e6, dispatchable_fraction=a,
                          storage_mwh=math.inf, storage_mw=math.inf,
                          round_trip_efficiency=0.85)  # fmt: skip
    assert hu.output_factor_storage == pytest.approx(2.0, rel=HOLDS_RTOL)

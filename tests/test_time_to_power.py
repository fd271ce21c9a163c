"""Time to power (issue #12, item 9): the deployment schedules of both sites and their money.

Oracles: hand calculations with the capital recovery factor (Short, Packey & Holt,
NREL/TP-462-5173, 1995, §4); the orbital closed forms against a satellite-by-satellite
enumeration of the same schedule; the zero-wait identity; monotonicity in every wait.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wattflop.constants import YEAR_S
from wattflop.deployment import (
    GroundDeploymentInputs,
    OrbitDeploymentInputs,
    Schedule,
    ground_schedule,
    orbit_schedule,
    time_to_power,
)
from wattflop.economics import capital_recovery_factor
from wattflop.errors import ScenarioError
from wattflop.scenario import load_scenario, parse_scenario
from wattflop.scenario.keys import get_key, key_spec, load_raw, set_key
from wattflop.study.breakeven import default_range

MONTH = YEAR_S / 12
#: Closed forms against enumeration and hand calculations: float round-off only.
RTOL = 1e-9

GROUND_LINES = ("accelerators", "facility", "gas_turbines", "grid_connection", "pv", "batteries")
ORBIT_LINES = ("accelerators", "solar_array", "bus", "launch")


def _ground(
    grid: float = 0.0, gas: float = 0.0, pv: float = 0.0, build: float = 0.0
) -> GroundDeploymentInputs:
    return GroundDeploymentInputs(
        interconnection_wait=grid * MONTH,
        gas_turbine_lead_time=gas * MONTH,
        pv_battery_lead_time=pv * MONTH,
        construction_time=build * MONTH,
    )


def _orbit(
    lead: float = 0.0, rate: float = math.inf, cadence: float = math.inf, comm: float = 0.0
) -> OrbitDeploymentInputs:
    return OrbitDeploymentInputs(
        first_unit_lead_time=lead * MONTH,
        production_rate=rate / MONTH,
        launch_cadence=cadence / MONTH,
        commissioning_time=comm * MONTH,
    )


def _ground_plan(**kw: Any) -> dict[str, Any]:
    plan: dict[str, Any] = {
        "accelerators": 1000.0,
        "load_mw": 100.0,
        "gas_mw": 0.0,
        "gas_availability": 1.0,
        "grid_mw": 0.0,
        "pv_mw": 0.0,
    }
    return plan | kw


def _annual(rate: float) -> dict[str, float]:
    """A ground site's annual cost by line: capital annualised, fuel as it is."""
    capex = {
        "accelerators": 25e9,
        "facility": 11e9,
        "gas_turbines": 1.35e9,
        "grid_connection": 1.5e7,
    }
    lives = {"accelerators": 5, "facility": 20, "gas_turbines": 25, "grid_connection": 40}
    out = {k: v * float(capital_recovery_factor(rate, lives[k])) for k, v in capex.items()}
    return out | {"fuel": 2.5e8}


# -- hand calculations -------------------------------------------------------------------


def test_one_tranche_waiting_a_year_costs_the_interest_on_its_capital() -> None:
    # accelerators bought at the decision (building ready at 0), gas online at 12 months:
    # 25 BUSD waits a year at 7 %: (1.07 − 1) of it, annualised over 5 yr
    s = ground_schedule(
        _ground(gas=12), rate=0.07, capital_lines=["accelerators"], **_ground_plan(gas_mw=150.0)
    )
    crf = float(capital_recovery_factor(0.07, 5))
    t = time_to_power(s, {"accelerators": 25e9 * crf})
    assert float(t.idle_capital) == pytest.approx(25e9 * 0.07 * crf, rel=RTOL)
    # the whole stream, idle capital included, delivered a year late: × 1.07
    assert float(t.late_compute) == pytest.approx(25e9 * 1.07 * crf * 0.07, rel=RTOL)
    assert float(s.accelerator_months_idle) == pytest.approx(1000 * 12, rel=RTOL)
    assert float(s.months_to_first_power) == float(s.months_to_full_power) == pytest.approx(12)


def test_ground_steps_follow_each_source_share() -> None:
    # building at 6 months; grid 20 MW at 12, gas 50 MW at 24, PV 30 MW mean at 36; load 100
    s = ground_schedule(
        _ground(grid=12, gas=24, pv=36, build=6),
        rate=0.07,
        capital_lines=GROUND_LINES,
        **_ground_plan(grid_mw=20.0, gas_mw=50.0, pv_mw=30.0),
    )
    g = 1.07
    assert float(s.months_to_first_power) == pytest.approx(12)
    assert float(s.months_to_full_power) == pytest.approx(36)
    assert float(s.mean_delay_months) == pytest.approx(0.2 * 12 + 0.5 * 24 + 0.3 * 36, rel=RTOL)
    # accelerators bought at 6 months, powered a fifth at 12, half at 24, the rest at 36
    carry = 0.2 * g**0.5 + 0.5 * g**1.5 + 0.3 * g**2.5 - 1
    assert float(s.carry_excess["accelerators"]) == pytest.approx(carry, rel=RTOL)
    assert float(s.carry_excess["facility"]) == pytest.approx(carry, rel=RTOL)
    # each power source is finished after the building: it delivers at once
    assert float(s.carry_excess["gas_turbines"]) == 0.0
    assert float(s.carry_excess["pv"]) == float(s.carry_excess["batteries"]) == 0.0
    late = 1 / (0.2 * g**-1 + 0.5 * g**-2 + 0.3 * g**-3) - 1
    assert float(s.late_excess) == pytest.approx(late, rel=RTOL)
    idle = 1000 * (0.2 * 6 + 0.5 * 18 + 0.3 * 30)
    assert float(s.accelerator_months_idle) == pytest.approx(idle, rel=RTOL)


def test_a_source_ready_before_the_building_waits_for_it() -> None:
    # the headline case: gas carries 97 % of the load; the grid is ready at 12 months and
    # waits for the building at 18
    s = ground_schedule(
        _ground(grid=12, gas=18, pv=12, build=18),
        rate=0.07,
        capital_lines=GROUND_LINES,
        **_ground_plan(load_mw=911.5, gas_mw=953.3, gas_availability=0.93, grid_mw=150.0),
    )
    assert float(s.carry_excess["grid_connection"]) == pytest.approx(1.07**0.5 - 1, rel=RTOL)
    assert float(s.carry_excess["accelerators"]) == 0.0
    assert float(s.mean_delay_months) == pytest.approx(18, rel=RTOL)
    assert float(s.late_excess) == pytest.approx(1.07**1.5 - 1, rel=RTOL)


def test_gas_alone_short_of_the_load_powers_its_share() -> None:
    # gas 80 MW of a 100 MW load online at 6 months, grid 40 MW at 30: 80 % runs from 6
    s = ground_schedule(
        _ground(grid=30, gas=6),
        rate=0.0,
        capital_lines=["accelerators"],
        **_ground_plan(gas_mw=80.0, grid_mw=40.0),
    )
    assert float(s.mean_delay_months) == pytest.approx(0.8 * 6 + 0.2 * 30, rel=RTOL)
    # at no interest, waiting costs nothing but accelerator-months
    assert float(s.carry_excess["accelerators"]) == 0.0 and float(s.late_excess) == 0.0
    assert float(s.accelerator_months_idle) == pytest.approx(1000 * (0.8 * 6 + 0.2 * 30))


# -- the fleet ramp ----------------------------------------------------------------------


def _enumerate(
    lead: float, rate: float, cadence: float, comm: float, n: int, m: int, r: float, acc: float
) -> dict[str, float]:
    """The orbital schedule satellite by satellite [months]."""
    c = 1 / cadence
    p = max(1 / rate, c / min(m, n))  # the line is paced to the pad
    n_launch = math.ceil(n / min(m, n))
    online, built = [], []
    for k in range(1, n + 1):
        j = math.ceil(k / m)
        launch = lead + max(min(j * m, n) * p, j * c)
        assert j <= n_launch
        online.append(launch + comm)
        built.append(lead + k * p)
    o, b = np.array(online) / 12, np.array(built) / 12
    g = 1 + r
    return {
        "first": float(o.min() * 12),
        "full": float(o.max() * 12),
        "mean": float(o.mean() * 12),
        "hw": float(np.mean(g ** (o - b)) - 1),
        "late": float(1 / np.mean(g**-o) - 1),
        "acc_months": float(acc * np.sum(o - b) * 12),
    }


@settings(max_examples=60, deadline=None)
@given(
    lead=st.floats(0, 60),
    rate=st.floats(0.5, 400),
    cadence=st.floats(0.1, 40),
    comm=st.floats(0, 6),
    n=st.integers(1, 400),
    m=st.integers(1, 60),
    r=st.floats(0, 0.2),
)
def test_orbit_closed_forms_match_the_satellite_by_satellite_schedule(
    lead: float, rate: float, cadence: float, comm: float, n: int, m: int, r: float
) -> None:
    s = orbit_schedule(
        _orbit(lead, rate, cadence, comm),
        rate=r,
        capital_lines=ORBIT_LINES,
        n_sat=n,
        per_launch=m,
        accelerators_per_satellite=8,
    )
    e = _enumerate(lead, rate, cadence, comm, n, m, r, 8)
    assert float(s.months_to_first_power) == pytest.approx(e["first"], rel=RTOL)
    assert float(s.months_to_full_power) == pytest.approx(e["full"], rel=RTOL)
    assert float(s.mean_delay_months) == pytest.approx(e["mean"], rel=RTOL)
    assert float(s.carry_excess["bus"]) == pytest.approx(e["hw"], rel=1e-7, abs=1e-12)
    assert float(s.carry_excess["launch"]) == pytest.approx((1 + r) ** (comm / 12) - 1, rel=RTOL)
    assert float(s.late_excess) == pytest.approx(e["late"], rel=1e-7, abs=1e-12)
    assert float(s.accelerator_months_idle) == pytest.approx(e["acc_months"], rel=1e-7, abs=1e-6)


def test_production_bound_fleet_is_finished_at_lead_plus_n_over_rate() -> None:
    # 9,999 satellites at 100 a month, 15 per launch, 8 launches a month (production binds:
    # 15 satellites take 0.15 months, a launch slot 0.125): the last flies at 24 + 99.99
    s = orbit_schedule(
        _orbit(lead=24, rate=100, cadence=8, comm=2),
        rate=0.07,
        capital_lines=ORBIT_LINES,
        n_sat=9999,
        per_launch=15,
        accelerators_per_satellite=60,
    )
    assert float(s.months_to_full_power) == pytest.approx(24 + 9999 / 100 + 2, rel=RTOL)
    assert float(s.months_to_first_power) == pytest.approx(24 + 15 / 100 + 2, rel=RTOL)


def test_launch_bound_fleet_is_finished_at_lead_plus_launches_over_cadence() -> None:
    # 667 launches at 4 a month bind (15 satellites are built in 0.15 months)
    s = orbit_schedule(
        _orbit(lead=24, rate=100, cadence=4, comm=2),
        rate=0.07,
        capital_lines=ORBIT_LINES,
        n_sat=9999,
        per_launch=15,
        accelerators_per_satellite=60,
    )
    assert float(s.months_to_full_power) == pytest.approx(24 + 667 / 4 + 2, rel=RTOL)
    # the line is paced to the pad; each satellite still waits for the rest of its launch,
    # so the hardware carries more than commissioning alone
    assert float(s.carry_excess["bus"]) > float(s.carry_excess["launch"]) > 0


# -- identities and properties -----------------------------------------------------------


def test_no_wait_costs_exactly_nothing_on_either_side() -> None:
    rng = np.random.default_rng(12)
    rate = rng.uniform(0, 0.2, 50)
    ground = ground_schedule(
        _ground(),
        rate=rate,
        capital_lines=GROUND_LINES,
        **_ground_plan(gas_mw=rng.uniform(0, 200, 50), grid_mw=rng.uniform(1, 200, 50), pv_mw=30.0),
    )
    orbit = orbit_schedule(
        _orbit(),
        rate=rate,
        capital_lines=ORBIT_LINES,
        n_sat=rng.integers(1, 20_000, 50).astype(float),
        per_launch=rng.integers(1, 60, 50).astype(float),
        accelerators_per_satellite=60,
    )
    for s, annual in ((ground, _annual(0.07)), (orbit, dict.fromkeys(ORBIT_LINES, 1e9))):
        t = time_to_power(s, annual)
        assert np.all(t.idle_capital == 0.0) and np.all(t.late_compute == 0.0)
        assert np.all(s.accelerator_months_idle == 0.0) and np.all(s.mean_delay_months == 0.0)


def test_the_lines_add_to_the_annual_cost_and_broadcast_over_samples() -> None:
    waits = np.array([0.0, 6.0, 12.0, 48.0])
    s = ground_schedule(
        _ground(grid=waits, gas=18, build=9),
        rate=0.07,
        capital_lines=GROUND_LINES,
        **_ground_plan(gas_mw=60.0, grid_mw=50.0),
    )
    annual = _annual(0.07)
    t = time_to_power(s, annual)
    assert t.idle_capital.shape == t.late_compute.shape == (4,)
    base = sum(annual.values())
    total = base + t.idle_capital + t.late_compute
    np.testing.assert_allclose(total, (base + t.idle_capital) * t.late_factor, rtol=RTOL)
    assert sum(t.idle_capital_by_line.values()) == pytest.approx(t.idle_capital, rel=RTOL)
    for i, w in enumerate(waits):  # each sample is its own scalar run
        one = time_to_power(
            ground_schedule(
                _ground(grid=float(w), gas=18, build=9),
                rate=0.07,
                capital_lines=GROUND_LINES,
                **_ground_plan(gas_mw=60.0, grid_mw=50.0),
            ),
            annual,
        )
        assert float(one.late_compute) == pytest.approx(t.late_compute[i], rel=RTOL)


def test_single_matches_a_ground_site_with_one_source() -> None:
    s1 = Schedule.single(wait_months=10, online_months=16, rate=0.05, lines=["accelerators"])
    s2 = ground_schedule(
        _ground(gas=16, build=6),
        rate=0.05,
        capital_lines=["accelerators"],
        **_ground_plan(gas_mw=100.0),
    )
    for name in ("carry_excess", "late_excess"):
        a, b = getattr(s1, name), getattr(s2, name)
        a, b = (a["accelerators"], b["accelerators"]) if isinstance(a, dict) else (a, b)
        assert float(a) == pytest.approx(float(b), rel=RTOL)


def _ground_cost(grid: float, gas: float, pv: float, build: float) -> float:
    s = ground_schedule(
        _ground(grid, gas, pv, build),
        rate=0.07,
        capital_lines=GROUND_LINES,
        **_ground_plan(gas_mw=50.0, grid_mw=40.0, pv_mw=30.0),
    )
    t = time_to_power(s, _annual(0.07))
    return float(t.idle_capital + t.late_compute)


months = st.floats(0, 120)


@settings(max_examples=80, deadline=None)
@given(grid=months, gas=months, pv=months, build=months, shift=st.floats(0.1, 60))
def test_ground_cost_rises_when_the_whole_schedule_slips(
    grid: float, gas: float, pv: float, build: float, shift: float
) -> None:
    # every payment and every delivery later by the same months: the carry is unchanged and
    # the compute comes later
    base = _ground_cost(grid, gas, pv, build)
    assert _ground_cost(grid + shift, gas + shift, pv + shift, build + shift) > base


@settings(max_examples=80, deadline=None)
@given(after=months, gas=months, pv=months, build=months, extra=st.floats(0.1, 60))
def test_ground_cost_rises_with_the_wait_of_a_source_the_site_waits_for(
    after: float, gas: float, pv: float, build: float, extra: float
) -> None:
    # a source that arrives after the building holds powered compute back: the grid here,
    # then the gas, then the building when it is the last to finish
    grid = build + after
    base = _ground_cost(grid, gas, pv, build)
    assert _ground_cost(grid + extra, gas, pv, build) > base
    assert _ground_cost(gas, build + after, pv, build) < _ground_cost(
        gas, build + after + extra, pv, build
    )
    last = max(grid, gas, pv)
    assert _ground_cost(grid, gas, pv, last + extra) > _ground_cost(grid, gas, pv, last)


def test_a_source_finished_early_pays_interest_until_the_building_is_ready() -> None:
    # the model's premise: every asset is started at the decision, so a source ready before
    # the building waits for it; finishing it later (just in time) would cost less
    early = _ground_cost(grid=24, gas=2, pv=30, build=20)
    just_in_time = _ground_cost(grid=24, gas=20, pv=30, build=20)
    assert early > just_in_time


def _orbit_cost(lead: float, rate: float, cadence: float, comm: float) -> float:
    s = orbit_schedule(
        _orbit(lead, rate, cadence, comm),
        rate=0.07,
        capital_lines=ORBIT_LINES,
        n_sat=2000.0,
        per_launch=15.0,
        accelerators_per_satellite=60,
    )
    t = time_to_power(s, dict.fromkeys(ORBIT_LINES, 1e9) | {"operations": 2e8})
    return float(t.idle_capital + t.late_compute)


@settings(max_examples=80, deadline=None)
@given(
    lead=st.floats(0, 60),
    rate=st.floats(1, 500),
    cadence=st.floats(0.5, 40),
    comm=st.floats(0, 6),
    more=st.floats(1.01, 10),
)
def test_orbit_cost_rises_with_every_wait_and_falls_with_every_rate(
    lead: float, rate: float, cadence: float, comm: float, more: float
) -> None:
    base = _orbit_cost(lead, rate, cadence, comm)
    assert _orbit_cost(lead + more, rate, cadence, comm) > base
    assert _orbit_cost(lead, rate, cadence, comm + more) > base
    assert _orbit_cost(lead, rate / more, cadence, comm) >= base * (1 - 1e-12)
    assert _orbit_cost(lead, rate, cadence / more, comm) >= base * (1 - 1e-12)


# -- scenario keys -----------------------------------------------------------------------


def test_bundled_scenarios_carry_the_sourced_defaults() -> None:
    g = load_scenario("ground-1gw-memphis").deployment
    o = load_scenario("orbit-1gw-dawn-dusk-650km").deployment
    assert g.interconnection_wait == pytest.approx(12 * MONTH)
    assert g.construction_time == pytest.approx(18 * MONTH)
    assert o.production_rate == pytest.approx(100 / MONTH)
    assert o.launch_cadence == pytest.approx(8 / MONTH)


@pytest.mark.parametrize(
    ("scenario", "key", "value", "expect"),
    [
        ("ground-1gw-memphis", "interconnection_wait", "-3 month", "≥ 0 month"),
        ("ground-1gw-memphis", "construction_time", "-1 yr", "≥ 0 month"),
        ("orbit-1gw-dawn-dusk-650km", "commissioning_time", "-2 month", "≥ 0 month"),
        ("orbit-1gw-dawn-dusk-650km", "production_rate", "0 1/month", "≥ 0.01 1/month"),
    ],
)
def test_a_bad_schedule_names_the_key_the_value_and_the_bound(
    scenario: str, key: str, value: str, expect: str
) -> None:
    raw = load_raw(scenario) | {"deployment": {key: value}}
    with pytest.raises(ScenarioError) as err:
        parse_scenario(raw)
    text = str(err.value)
    assert f"deployment.{key}" in text and expect in text


def test_breakeven_accepts_the_schedule_keys() -> None:
    orbit, ground = load_raw("orbit-1gw-dawn-dusk-650km"), load_raw("ground-1gw-memphis")
    spec = key_spec(ground, "deployment.interconnection_wait")
    assert spec.continuous and spec.input_unit == "month"
    assert default_range(orbit, ground, "deployment.interconnection_wait", "ground") == (
        pytest.approx(1.2),
        pytest.approx(120.0),
    )
    raw = set_key(orbit, "deployment.launch_cadence", 20)  # a bare number is per month
    assert get_key(raw, "deployment.launch_cadence") == pytest.approx(20 / MONTH)

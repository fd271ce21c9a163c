"""The program lines of the orbit and the site lines of the ground (issue #12 item 6): each
line by hand on the headline scenarios, in its boundaries, zero at a zero rate, broadcast
over samples, and the lines summing to the total in every boundary on both sides."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

import wattflop
from wattflop.constants import J_PER_MWH, W_PER_MW, YEAR_S
from wattflop.economics import FLOP_PER_EFLOP
from wattflop.ground.inputs import GroundInputs, ground_inputs
from wattflop.ground.money import PlanQuantities, ground_money
from wattflop.orbit.inputs import OrbitInputs, orbit_inputs
from wattflop.orbit.money import FleetMoney, fleet_money
from wattflop.orbit.satellite import SatelliteDesign
from wattflop.orbit.site import design_for, served_fraction
from wattflop.scenario import Boundary, GroundScenario, OrbitScenario

#: The lines are the total's own terms and a hand formula repeats the code's arithmetic:
#: they agree to rounding.
EXACT = 1e-12
ORBIT_LINES = {"insurance", "launch_failures", "development", "ground_segment"}
GROUND_LINES = {"network_fabric", "operations", "property_tax", "insurance", "land", "water"}
GROUND_BOUNDARIES = (Boundary.ENERGY_ONLY, Boundary.POWER_AND_COOLING, Boundary.FULL)


def _crf(r: float, years: float) -> float:
    """Capital recovery factor by hand: r(1+r)^n / ((1+r)^n − 1)."""
    return r * (1 + r) ** years / ((1 + r) ** years - 1)


# ---------------------------------------------------------------------------------------
# Orbit
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def orbit() -> tuple[OrbitScenario, SatelliteDesign]:
    sc = wattflop.load_scenario("orbit-1gw-dawn-dusk-650km")
    assert isinstance(sc, OrbitScenario)
    return sc, design_for(sc)


def _orbit_money(
    orbit: tuple[OrbitScenario, SatelliteDesign], boundary: Boundary = Boundary.FULL, **econ: Any
) -> tuple[OrbitInputs, FleetMoney]:
    sc, d = orbit
    p = orbit_inputs(sc)
    launch = (
        {"failure_probability": econ.pop("failure_probability")}
        if "failure_probability" in econ
        else {}
    )
    p = dataclasses.replace(
        p,
        economics=dataclasses.replace(p.economics, boundary=boundary, **econ),
        launch=dataclasses.replace(p.launch, **launch),
    )
    return p, fleet_money(p, d.sizing, served_fraction(d))


@pytest.mark.parametrize("boundary", list(Boundary))
def test_orbit_lines_sum_to_total(
    orbit: tuple[OrbitScenario, SatelliteDesign], boundary: Boundary
) -> None:
    """Σ usd_eflop_by_line = usd_eflop and Σ annual_by_line = annual, in every boundary."""
    _, m = _orbit_money(orbit, boundary)
    assert float(sum(m.usd_eflop_by_line.values())) == pytest.approx(float(m.usd_eflop), rel=EXACT)
    assert float(sum(m.annual_by_line.values())) == pytest.approx(float(m.annual), rel=EXACT)


def test_orbit_program_lines_by_hand(orbit: tuple[OrbitScenario, SatelliteDesign]) -> None:
    """Headline, full boundary, the scenario's defaults (1 %/yr in orbit, launch risk
    self-insured, p = 0.03, NRE 1 BUSD, 20,000 USD per satellite-year): each line by hand
    from the fleet's hardware and launch."""
    sc, d = orbit
    _, m = _orbit_money(orbit)
    e = sc.economics
    insured = sum(float(v) for v in m.hw_all.values()) + float(m.launch_cost)
    crf = _crf(e.discount_rate, float(d.sizing.life_years))
    n_sat = float(m.n_sat)
    fail = sc.launch.failure_probability
    assert (e.in_orbit_insurance_rate * YEAR_S, e.launch_insured_fraction, fail) == pytest.approx(
        (0.01, 0.0, 0.03), rel=EXACT
    )
    hand = {
        "insurance": 0.01 * insured,
        "launch_failures": 0.03 / 0.97 * insured * crf,
        "development": 1e9 * crf,
        "ground_segment": 20_000.0 * n_sat,
    }
    for line, value in hand.items():
        assert float(m.annual_by_line[line]) == pytest.approx(value, rel=EXACT), line
    assert float(m.reflown_launches) == pytest.approx(float(m.launches) * 0.03 / 0.97, rel=EXACT)
    assert float(m.reflown_satellites) == pytest.approx(n_sat * 0.03 / 0.97, rel=EXACT)
    # the one-off costs, beside the hardware and launch capex
    assert float(m.program_capex["development"]) == pytest.approx(1e9, rel=EXACT)
    assert float(m.program_capex["launch_failures"]) == pytest.approx(
        0.03 / 0.97 * insured, rel=EXACT
    )
    assert not ORBIT_LINES & m.capex.keys()


def test_orbit_insured_launch_replaces_its_expected_loss(
    orbit: tuple[OrbitScenario, SatelliteDesign],
) -> None:
    """All launch risk insured: no launch_failures cost, the 6 % launch+1 premium instead."""
    sc, d = orbit
    _, m = _orbit_money(orbit, launch_insured_fraction=1.0)
    insured = sum(float(v) for v in m.hw_all.values()) + float(m.launch_cost)
    crf = _crf(sc.economics.discount_rate, float(d.sizing.life_years))
    assert float(m.annual_by_line["launch_failures"]) == 0.0
    assert float(m.annual_by_line["insurance"]) == pytest.approx(
        0.01 * insured + 0.06 * insured * crf, rel=EXACT
    )


def test_orbit_program_lines_in_their_boundaries(
    orbit: tuple[OrbitScenario, SatelliteDesign],
) -> None:
    """launch_only: none (the launch price alone, as publications count it); energy_only:
    insurance and launch failures on the power system and its launch; power_and_cooling:
    plus development; full: all four."""
    sc, d = orbit
    crf = _crf(sc.economics.discount_rate, float(d.sizing.life_years))
    got = {b: _orbit_money(orbit, b)[1] for b in Boundary}
    assert not ORBIT_LINES & got[Boundary.LAUNCH_ONLY].annual_by_line.keys()
    energy = got[Boundary.ENERGY_ONLY]
    assert ORBIT_LINES & energy.annual_by_line.keys() == {"insurance", "launch_failures"}
    power = ("solar_array", "battery", "power_electronics")
    insured = sum(float(energy.hw_all[k]) + float(energy.launch_share[k]) for k in power)
    assert float(energy.annual_by_line["launch_failures"]) == pytest.approx(
        0.03 / 0.97 * insured * crf, rel=EXACT
    )
    assert float(energy.annual_by_line["insurance"]) == pytest.approx(0.01 * insured, rel=EXACT)
    assert ORBIT_LINES & got[Boundary.POWER_AND_COOLING].annual_by_line.keys() == {
        "insurance", "launch_failures", "development",
    }  # fmt: skip
    assert ORBIT_LINES <= got[Boundary.FULL].annual_by_line.keys()


def test_orbit_zero_rates_zero_lines(orbit: tuple[OrbitScenario, SatelliteDesign]) -> None:
    """Zero rates, no NRE, a launcher that never fails: the lines are there and zero, and the
    total is the other lines' sum."""
    _, m = _orbit_money(
        orbit,
        in_orbit_insurance_rate=0.0,
        development_cost=0.0,
        ground_segment_per_satellite_year=0.0,
        failure_probability=0.0,
    )
    for line in ORBIT_LINES:
        assert float(m.annual_by_line[line]) == 0.0, line
    others = sum(float(v) for k, v in m.annual_by_line.items() if k not in ORBIT_LINES)
    assert float(m.annual) == pytest.approx(others, rel=EXACT)


def test_orbit_program_lines_broadcast(orbit: tuple[OrbitScenario, SatelliteDesign]) -> None:
    """Sampled rates give one line per sample, each the one-row run at that value."""
    rates = np.array([0.0, 0.005, 0.02]) / YEAR_S
    _, many = _orbit_money(orbit, in_orbit_insurance_rate=rates)
    assert np.shape(many.annual_by_line["insurance"]) == (3,)
    for i, rate in enumerate(rates):
        _, one = _orbit_money(orbit, in_orbit_insurance_rate=float(rate))
        assert float(many.annual_by_line["insurance"][i]) == pytest.approx(
            float(one.annual_by_line["insurance"]), rel=EXACT, abs=0.0
        )
        assert float(many.usd_eflop[i]) == pytest.approx(float(one.usd_eflop), rel=EXACT)


# ---------------------------------------------------------------------------------------
# Ground
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ground() -> tuple[GroundScenario, PlanQuantities, wattflop.SiteResult]:
    sc = wattflop.load_scenario("ground-1gw-memphis")
    assert isinstance(sc, GroundScenario)
    r = wattflop.simulate(sc)
    q = r.artifacts["money_inputs"]
    assert isinstance(q, PlanQuantities)
    return sc, q, r


def _ground_inputs(sc: GroundScenario, boundary: Boundary, **changes: Any) -> GroundInputs:
    p = ground_inputs(sc)
    econ = {k: changes.pop(k) for k in list(changes) if k.startswith("property_")}
    return dataclasses.replace(
        p,
        economics=dataclasses.replace(p.economics, boundary=boundary, **econ),
        facility=dataclasses.replace(p.facility, **changes),
    )


@pytest.mark.parametrize("boundary", GROUND_BOUNDARIES)
def test_ground_lines_sum_to_total(
    ground: tuple[GroundScenario, PlanQuantities, wattflop.SiteResult], boundary: Boundary
) -> None:
    """Σ usd_eflop_by_line = usd_eflop and Σ annual_by_line = annual, in every boundary."""
    sc, q, _ = ground
    m = ground_money(_ground_inputs(sc, boundary), q)
    assert float(sum(m.usd_eflop_by_line.values())) == pytest.approx(float(m.usd_eflop), rel=EXACT)
    assert float(sum(m.annual_by_line.values())) == pytest.approx(float(m.annual), rel=EXACT)


def test_ground_result_lines_sum_to_total(
    ground: tuple[GroundScenario, PlanQuantities, wattflop.SiteResult],
) -> None:
    """The headline result's own by-line breakdown holds the new lines and sums to its total."""
    _, _, r = ground
    by_line = r.get("cost.usd_per_eflop_by_line")
    assert GROUND_LINES <= by_line.keys()
    assert sum(by_line.values()) == pytest.approx(r.get("cost.usd_per_eflop"), rel=EXACT)


def test_ground_site_lines_by_hand(
    ground: tuple[GroundScenario, PlanQuantities, wattflop.SiteResult],
) -> None:
    """Headline plan, full boundary, the scenario's values: each line by hand."""
    sc, q, _ = ground
    m = ground_money(_ground_inputs(sc, Boundary.FULL), q)
    f, e, pv = sc.facility, sc.economics, sc.plant.pv
    r = e.discount_rate
    # defaults: 5,000 USD per accelerator, 2 %/yr O&M, 1 %/yr tax, 0.3 %/yr insurance,
    # 1.8 L/kWh at 2 USD/m³
    assert (f.network_fabric_per_accelerator, f.water_price) == (5000.0, 2.0)
    assert (f.om_fraction * YEAR_S, e.property_tax_rate * YEAR_S) == pytest.approx((0.02, 0.01))
    assert e.property_insurance_rate * YEAR_S == pytest.approx(0.003)
    fabric = q.accelerators * 5000.0
    capex = sum(float(v) for k, v in m.capex_in.items() if k not in ("network_fabric", "land"))
    land = (f.land_per_it_power * q.it_w + pv.land_per_power * q.pv_mw * W_PER_MW) * f.land_price
    water_m3 = (
        1.8e-3 * q.it_mwh * 1e3
        + sc.plant.gas_turbines.water_per_energy * q.energy_mwh["gas"] * J_PER_MWH
    )
    hand = {
        "network_fabric": fabric * _crf(r, f.accelerator_life / YEAR_S),
        "operations": 0.02 * f.capex * q.it_w,
        "property_tax": 0.01 * (capex + fabric + land),
        "insurance": 0.003 * (capex + fabric),
        "land": land * r,
        "water": 2.0 * water_m3,
    }
    for line, value in hand.items():
        assert float(m.annual_by_line[line]) == pytest.approx(value, rel=EXACT), line
    flop = float(m.flop)
    for line in hand:
        assert float(m.usd_eflop_by_line[line]) == pytest.approx(
            hand[line] / (flop / FLOP_PER_EFLOP), rel=EXACT
        )


def test_ground_site_lines_in_their_boundaries(
    ground: tuple[GroundScenario, PlanQuantities, wattflop.SiteResult],
) -> None:
    """energy_only: tax and insurance on the plant, the PV's land, the turbines' water;
    power_and_cooling: plus the hall's; full: plus the fabric and the operations."""
    sc, q, _ = ground
    energy = ground_money(_ground_inputs(sc, Boundary.ENERGY_ONLY), q)
    scaled = {"property_tax", "insurance", "land", "water"}
    assert GROUND_LINES & energy.annual_by_line.keys() == scaled
    plant = sum(float(v) for k, v in energy.capex_in.items() if k != "land")
    assert float(energy.annual_by_line["insurance"]) == pytest.approx(0.003 * plant, rel=EXACT)
    pv_land = sc.plant.pv.land_per_power * q.pv_mw * W_PER_MW * sc.facility.land_price
    assert float(energy.annual_by_line["land"]) == pytest.approx(
        pv_land * sc.economics.discount_rate, rel=EXACT, abs=1e-9
    )
    power = ground_money(_ground_inputs(sc, Boundary.POWER_AND_COOLING), q)
    assert GROUND_LINES & power.annual_by_line.keys() == scaled
    assert float(power.annual_by_line["water"]) > float(energy.annual_by_line["water"])
    full = ground_money(_ground_inputs(sc, Boundary.FULL), q)
    assert GROUND_LINES <= full.annual_by_line.keys()


def test_ground_zero_rates_zero_lines(
    ground: tuple[GroundScenario, PlanQuantities, wattflop.SiteResult],
) -> None:
    """Zero prices and rates: the lines are there and zero; the total is the other lines'."""
    sc, q, _ = ground
    p = _ground_inputs(
        sc,
        Boundary.FULL,
        property_tax_rate=0.0,
        property_insurance_rate=0.0,
        om_fraction=0.0,
        network_fabric_per_accelerator=0.0,
        land_price=0.0,
        water_price=0.0,
    )
    m = ground_money(p, q)
    for line in GROUND_LINES:
        assert float(m.annual_by_line[line]) == 0.0, line
    others = sum(float(v) for k, v in m.annual_by_line.items() if k not in GROUND_LINES)
    assert float(m.annual) == pytest.approx(others, rel=EXACT)


def test_ground_site_lines_broadcast(
    ground: tuple[GroundScenario, PlanQuantities, wattflop.SiteResult],
) -> None:
    """Sampled rates give one line per sample, each the one-row run at that value."""
    sc, q, _ = ground
    rates = np.array([0.0, 0.01, 0.025]) / YEAR_S
    many = ground_money(_ground_inputs(sc, Boundary.FULL, property_tax_rate=rates), q)
    assert np.shape(many.annual_by_line["property_tax"]) == (3,)
    for i, rate in enumerate(rates):
        one = ground_money(_ground_inputs(sc, Boundary.FULL, property_tax_rate=float(rate)), q)
        assert float(np.asarray(many.usd_eflop)[i]) == pytest.approx(
            float(one.usd_eflop), rel=EXACT
        )

"""The plant LP on tiny cases solvable by hand (2–3 snapshots) with exact objectives.

Money and energy in these cases are chosen so that each objective is a short sum; with a zero
discount rate and a 1-year life the capital recovery factor is exactly 1, so a capital cost of
x USD/W costs x·10⁶ USD per MW in the objective.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import wattflop
from wattflop.errors import InfeasibleError
from wattflop.ground import network as net
from wattflop.scenario import GroundScenario

IDX = pd.date_range("2027-06-01", periods=2, freq="h", tz="UTC")


def _scenario(**plant: Any) -> GroundScenario:
    base: dict[str, Any] = {
        "gas_turbines": {"enabled": True, "capex": "1 USD/W", "fixed_om": "0 USD/(kW*yr)",
                         "variable_om": "1 USD/(MW*h)", "heat_rate": 2.5, "fuel_price": "1 USD/GJ",
                         "life": "1 yr", "availability": 1.0},
        "batteries": {"enabled": False, "life": "1 yr", "fixed_om_fraction": "0 1/yr"},
        "pv": {"enabled": False, "life": "1 yr", "fixed_om": "0 USD/(kW*yr)"},
    }  # fmt: skip
    for key, value in plant.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            base[key] = {**base[key], **value}
        else:
            base[key] = value
    sc = wattflop.parse_scenario({
        "name": "tiny", "site": "ground",
        "workload": {"accelerator": "H100-SXM", "it_power": "100 MW"},
        "location": {"latitude": "35 deg", "longitude": "-90 deg"},
        "plant": base, "swings": {"enabled": False},
        "economics": {"discount_rate": 0.0},
    })  # fmt: skip
    assert isinstance(sc, GroundScenario)
    return sc


def _solve(sc: GroundScenario, load: list[float], pv: list[float] | None = None,
           price: list[float] | None = None) -> tuple[Any, pd.DataFrame]:  # fmt: skip
    idx = (
        IDX
        if len(load) == 2
        else pd.date_range("2027-06-01", periods=len(load), freq="h", tz="UTC")
    )
    inputs = net.PlantInputs(
        pd.Series(load, index=idx, dtype=float),
        None if pv is None else pd.Series(pv, index=idx, dtype=float),
        pd.Series(price or [0.0] * len(load), index=idx, dtype=float),
    )
    n = net.optimise(sc, inputs)
    d = net.dispatch(n)
    assert net.balance_residual(d) < 1e-6  # hourly energy balance
    return n, d


def test_gas_only_objective() -> None:
    """Load 100 then 200 MW: build 200 MW at 10⁶ USD/MW and burn 300 MWh at 2.5 × 1 USD/GJ ×
    3.6 GJ/MWh + 1 USD/MWh = 10 USD/MWh → 200,003,000 USD."""
    n, _d = _solve(_scenario(), [100.0, 200.0])
    assert n.generators.p_nom_opt["gas"] == pytest.approx(200.0, rel=1e-9)
    assert net.objective_usd_per_year(n) == pytest.approx(200e6 + 300 * 10.0, rel=1e-9)
    assert net.gas_marginal_cost_usd_per_mwh(_scenario()) == pytest.approx(10.0, rel=1e-12)


def test_cheap_pv_and_battery_displace_gas() -> None:
    """Sun in hour 1 only; PV at 100 USD/MW, batteries at 1,000 USD/MW and 100 USD/MWh, round
    trip 0.81 (0.9 each way); gas at 10⁶ USD/MW. Hand solution: no gas; PV makes the 100 MWh
    of hour 1 plus the charge c with 0.81·c = 100 → c = 123.457 MWh, so PV = 223.457 MW;
    the battery stores 0.9·c = 111.111 MWh; its AC rating is the larger flow, 123.457 MW."""
    sc = _scenario(
        pv={"enabled": True, "capex": "0.0001 USD/W"},
        batteries={"enabled": True, "power_capex": "0.001 USD/W", "energy_capex": "0.1 USD/(kW*h)",
                   "round_trip_efficiency": 0.81},
    )  # fmt: skip
    n, d = _solve(sc, [100.0, 100.0], pv=[1.0, 0.0])
    c = 100.0 / 0.81
    assert d["gas"].abs().max() < 1e-6
    assert n.generators.p_nom_opt["pv"] == pytest.approx(100.0 + c, rel=1e-7)
    assert n.stores.e_nom_opt["battery"] == pytest.approx(0.9 * c, rel=1e-7)
    assert n.links.p_nom_opt["battery_charge"] == pytest.approx(c, rel=1e-7)
    expected = 100.0 * (100.0 + c) + 1000.0 * c + 100.0 * 0.9 * c
    assert net.objective_usd_per_year(n) == pytest.approx(expected, rel=1e-7)


def test_expensive_pv_and_battery_do_not_displace_gas() -> None:
    """Same case with PV at 10 USD/W and batteries at 10 USD/W + 3 USD/Wh: gas alone serves
    the 100 MW (10⁶ USD/MW + 200 MWh × 10 USD/MWh)."""
    sc = _scenario(
        pv={"enabled": True, "capex": "10 USD/W"},
        batteries={"enabled": True, "power_capex": "10 USD/W", "energy_capex": "3 USD/(W*h)"},
    )
    n, _d = _solve(sc, [100.0, 100.0], pv=[1.0, 0.0])
    assert n.generators.p_nom_opt["pv"] == pytest.approx(0.0, abs=1e-6)
    assert n.stores.e_nom_opt["battery"] == pytest.approx(0.0, abs=1e-6)
    assert net.objective_usd_per_year(n) == pytest.approx(100e6 + 200 * 10.0, rel=1e-9)


def test_grid_limit_and_price_series() -> None:
    """Grid of 50 MW at 5 then 50 USD/MWh against gas at 10 USD/MWh and 10⁶ USD/MW: gas must
    cover 100 − 50 = 50 MW (peak) ... hour 1 imports 50 at 5, gas 50; hour 2 gas 100 at 10 is
    cheaper than importing at 50, but gas capacity is already paid only up to what it needs:
    the LP builds 100 MW of gas iff 50 MW more gas (5·10⁷) beats importing 50 MWh at 40 USD
    extra (2,000 USD) — it does not, so gas = 50 MW and hour 2 imports 50 at 50 USD/MWh."""
    sc = _scenario(grid={"connection_limit": "50 MW"})
    n, d = _solve(sc, [100.0, 100.0], price=[5.0, 50.0])
    assert n.generators.p_nom_opt["gas"] == pytest.approx(50.0, rel=1e-9)
    assert list(d["grid_import"]) == pytest.approx([50.0, 50.0])
    assert net.objective_usd_per_year(n) == pytest.approx(
        50e6 + 100 * 10.0 + 50 * 5.0 + 50 * 50.0, rel=1e-9
    )


def test_unserved_energy_at_value_of_lost_load() -> None:
    """Gas capped at 80 MW and VOLL 10⁷ USD/MWh (dearer than a MW of gas over two hours):
    80 MW of gas, 20 MW unserved in the 100 MW hour."""
    sc = _scenario(gas_turbines={"max_capacity": "80 MW"}, value_of_lost_load="1e7 USD/(MW*h)")
    n, d = _solve(sc, [50.0, 100.0])
    assert list(d["unserved"]) == pytest.approx([0.0, 20.0], abs=1e-6)
    assert net.objective_usd_per_year(n) == pytest.approx(80e6 + 130 * 10.0 + 20 * 1e7, rel=1e-9)


def test_co2_cap_binds() -> None:
    """Gas emits 2.5 MWh_fuel/MWh_el × 53.06 kg/MMBtu; a cap of half the gas-only emissions
    forces half the energy to the grid (zero-carbon here, and dear: 3·10⁶ USD/MWh, so that gas
    is used wherever the cap allows)."""
    grid = {"connection_limit": "100 MW", "co2_intensity": "0 kg/(MW*h)"}
    sc0 = _scenario(gas_turbines={"co2_intensity": "53.06 kg/MMBtu"}, grid=grid)
    _n0, d0 = _solve(sc0, [100.0, 100.0], price=[3e6, 3e6])
    t_per_mwh = 2.5 * 3.6 / 1.05505585262 * 53.06 / 1e3
    assert d0["gas"].sum() == pytest.approx(200.0, rel=1e-9)
    cap = 0.5 * 200 * t_per_mwh
    sc = _scenario(gas_turbines={"co2_intensity": "53.06 kg/MMBtu"},
                   grid={"connection_limit": "100 MW", "co2_intensity": "0 kg/(MW*h)"},
                   co2_cap=f"{cap} t")  # fmt: skip
    _n, d = _solve(sc, [100.0, 100.0], price=[3e6, 3e6])
    assert d["gas"].sum() * t_per_mwh == pytest.approx(cap, rel=1e-6)


def test_infeasible_design_names_the_binding_limit() -> None:
    """No unserved energy allowed, gas capped at 80 MW, no grid: InfeasibleError that says when
    and which limits bind — not a solver log."""
    sc = _scenario(gas_turbines={"max_capacity": "80 MW"})
    with pytest.raises(InfeasibleError) as info:
        _solve(sc, [50.0, 100.0])
    text = str(info.value)
    assert "cannot be served in 1 hours" in text
    assert "gas_turbines.max_capacity = 80 MW" in text
    assert "worst shortfall 20 MW" in text


def test_model_is_built_apart_and_extensible() -> None:
    """Users can inspect and extend the linopy model before solving (PyPSA create/solve)."""
    sc = _scenario()
    inputs = net.PlantInputs(
        pd.Series([100.0, 200.0], index=IDX), None, pd.Series([0.0, 0.0], index=IDX)
    )
    n = net.build_network(sc, inputs)
    m = net.create_model(n)
    assert "Generator-p_nom" in m.variables
    m.add_constraints(m.variables["Generator-p_nom"] >= 250.0, name="user_minimum_gas")
    net.solve(n)
    assert n.generators.p_nom_opt["gas"] == pytest.approx(250.0, rel=1e-9)


def test_unit_commitment_minimum_load() -> None:
    """Two 50 MW units at 60 % minimum load (30 MW) cannot serve a 20 MW hour: with the exact
    MILP that hour goes unserved (20 MWh × 10⁷ USD/MWh); load 100, 20, 100 MW → dispatch
    100 / 0 / 100 and an objective of 200·10 + 20·10⁷ USD (capacities fixed by the linear
    sizing stage, so no capital in this stage). The linear relaxation of PyPSA commits a
    fraction of a unit and serves the 20 MW: never dearer than the MILP."""
    base = {"unit_size": "50 MW", "min_load": 0.6}
    sc = _scenario(gas_turbines={**base, "unit_commitment": "integer"},
                   value_of_lost_load="1e7 USD/(MW*h)")  # fmt: skip
    n, d = _solve(sc, [100.0, 20.0, 100.0])
    assert list(d["gas"]) == pytest.approx([100.0, 0.0, 100.0], abs=1e-6)
    assert list(d["unserved"]) == pytest.approx([0.0, 20.0, 0.0], abs=1e-6)
    assert net.objective_usd_per_year(n) == pytest.approx(200 * 10.0 + 20 * 1e7, rel=1e-9)
    assert net.gas_capacity_mw(n) == pytest.approx(100.0)
    lin = _scenario(gas_turbines={**base, "unit_commitment": "linearized"},
                    value_of_lost_load="1e7 USD/(MW*h)")  # fmt: skip
    n2, d2 = _solve(lin, [100.0, 20.0, 100.0])
    assert d2["unserved"].sum() < 1e-6
    assert net.objective_usd_per_year(n2) <= net.objective_usd_per_year(n)

"""The direct LP (:mod:`wattflop.ground.lp`) against PyPSA's own solve through linopy.

Both write the same formulation of the same network: on two weeks with every feature the
plant uses — gas with ramp limits, PV with an hourly profile, batteries with tied power
ratings, grid import at hourly prices and export, unserved energy, a CO₂ cap — the optimal
objective and the capacities agree to solver tolerance (1e-7 relative), and each dispatch
balances every hour. (Dispatch itself may differ where the optimum is degenerate.)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from wattflop.ground import network as net
from wattflop.ground.lp import UnsupportedError, solve_direct

from .test_network import _scenario

HOURS = 24 * 14
IDX = pd.date_range("2027-06-01", periods=HOURS, freq="h", tz="UTC")
H = np.arange(HOURS) % 24


def _inputs() -> net.PlantInputs:
    rng = np.random.default_rng(3)
    load = 200.0 + 40.0 * np.sin(2 * np.pi * (H - 15) / 24) + rng.normal(0, 5, HOURS)
    pv = np.clip(np.sin(np.pi * (H - 6) / 12), 0, None) * rng.uniform(0.4, 1.0, HOURS)
    price = np.where((H >= 16) & (H < 21), 120.0, 35.0) + rng.normal(0, 3, HOURS)
    return net.PlantInputs(
        pd.Series(load, index=IDX), pd.Series(pv, index=IDX), pd.Series(price, index=IDX),
        pd.Series(0.5 * price, index=IDX),
    )  # fmt: skip


CASES: dict[str, dict[str, Any]] = {
    "gas_pv_battery_grid": {
        "gas_turbines": {"ramp_limit": "0.0001 1/s"},
        "pv": {"enabled": True, "capex": "0.5 USD/W"},
        "batteries": {"enabled": True, "power_capex": "0.1 USD/W",
                      "energy_capex": "0.05 USD/(W*h)"},
        "grid": {"connection_limit": "60 MW", "export_allowed": True},
    },
    "co2_cap_and_lost_load": {
        "pv": {"enabled": True, "capex": "0.8 USD/W"},
        "batteries": {"enabled": True},
        "grid": {"connection_limit": "0 MW"},
        "co2_cap": "5000 t",
        "value_of_lost_load": "5000 USD/(MW*h)",
    },
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_direct_lp_equals_pypsa_linopy(case: str) -> None:
    sc = _scenario(**CASES[case])
    inputs = _inputs()
    ref = net.build_network(sc, inputs)
    net.solve_sizing(ref, backend="linopy")
    n = net.build_network(sc, inputs)
    net.solve_sizing(n, backend="direct")
    assert net.objective_usd_per_year(n) == pytest.approx(ref.objective, rel=1e-7)
    assert net.objective_usd_per_year(ref) == ref.objective  # the linopy path records it too
    for comp, attr in (("generators", "p_nom_opt"), ("links", "p_nom_opt"),
                       ("stores", "e_nom_opt")):  # fmt: skip
        got, want = getattr(n, comp)[attr], getattr(ref, comp)[attr]
        scale = max(float(want.abs().max()), 1.0)
        assert np.allclose(got.to_numpy(), want.reindex(got.index).to_numpy(), atol=1e-5 * scale)
    d = net.dispatch(n)
    assert net.balance_residual(d) < 1e-7
    # the battery's energy follows its flows: e_t − e_{t−1} = η·charge − discharge/η
    if n.stores.e_nom_opt.get("battery", 0.0) > 1e-6:
        eff = float(n.links.at["battery_charge", "efficiency"])
        e = d["battery_energy"].to_numpy()
        de = e - np.roll(e, 1)
        flow = eff * d["battery_charge"].to_numpy() - d["battery_discharge"].to_numpy() / eff
        assert np.allclose(de, flow, atol=1e-6 * e.max())
    assert n.meta["highs_run_time_s"] > 0.0


def test_unit_commitment_networks_go_through_linopy() -> None:
    sc = _scenario(gas_turbines={"unit_size": "50 MW", "min_load": 0.5,
                                 "unit_commitment": "linearized"})  # fmt: skip
    inputs = _inputs()
    sized = net.build_network(sc, inputs)
    net.solve_sizing(sized)
    stage = net.build_network(sc, inputs, sized=sized)
    with pytest.raises(UnsupportedError, match="committable"):
        solve_direct(stage)


def test_thread_count_can_change_within_a_process() -> None:
    """HiGHS sizes one task scheduler per process at its first run and refuses a later run
    that asks for another thread count ("Not Set"); a sweep worker forked from a parent that
    solved with the default hits exactly that. Every solve must still succeed."""
    sc = _scenario()
    inputs = _inputs()
    objectives = []
    for threads in (2, 1, None, 1):
        n = net.build_network(sc, inputs)
        net.solve_sizing(n, threads=threads)
        objectives.append(net.objective_usd_per_year(n))
    assert objectives == pytest.approx([objectives[0]] * 4, rel=1e-9)

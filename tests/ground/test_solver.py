"""The plant LP's algorithm (``plant.solver``, :func:`wattflop.ground.lp.solve_lp`): every
choice finds simplex's optimum, ``auto`` falls back to simplex when its PDLP stops short or
misses the results' tolerance, and the stats say what ran.

Oracle: HiGHS' dual simplex on the same LP (an exact vertex; the tiny cases' objectives are
also checked by hand in ``test_network.py``). Named tolerance: :data:`REL` = 1e-7 relative,
the tolerance the results are held to (:data:`wattflop.ground.lp.RESULT_TOLERANCE`, the
direct LP's tolerance against PyPSA's own solve in ``test_lp.py``).
"""

from __future__ import annotations

import re
import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest

from wattflop.errors import InfeasibleError, ScenarioError, SolverError
from wattflop.ground import lp
from wattflop.ground import network as net
from wattflop.ground.highs import SOLVE_TIME_KEY

from .test_lp import CASES as TWO_WEEK_CASES
from .test_lp import _inputs as two_week_inputs
from .test_network import _scenario

#: Objectives and capacities agree with simplex to this, relative.
REL = 1e-7


def _tiny(load: list[float], pv: list[float] | None = None,
          price: list[float] | None = None) -> net.PlantInputs:  # fmt: skip
    idx = pd.date_range("2027-06-01", periods=len(load), freq="h", tz="UTC")
    return net.PlantInputs(
        pd.Series(load, index=idx, dtype=float),
        None if pv is None else pd.Series(pv, index=idx, dtype=float),
        pd.Series(price or [0.0] * len(load), index=idx, dtype=float),
    )


#: The tiny LPs of test_network.py (plant changes, inputs), and the two-week LPs with
#: every feature of test_lp.py.
LPS: dict[str, tuple[dict[str, Any], net.PlantInputs]] = {
    "gas_only": ({}, _tiny([100.0, 200.0])),
    "cheap_pv_and_battery": (
        {"pv": {"enabled": True, "capex": "0.0001 USD/W"},
         "batteries": {"enabled": True, "power_capex": "0.001 USD/W",
                       "energy_capex": "0.1 USD/(kW*h)", "round_trip_efficiency": 0.81}},
        _tiny([100.0, 100.0], pv=[1.0, 0.0]),
    ),
    "grid_limit_and_prices": (
        {"grid": {"connection_limit": "50 MW"}}, _tiny([100.0, 100.0], price=[5.0, 50.0])
    ),
    "unserved_energy": (
        {"gas_turbines": {"max_capacity": "80 MW"}, "value_of_lost_load": "1e7 USD/(MW*h)"},
        _tiny([50.0, 100.0]),
    ),
    "co2_cap": (
        {"gas_turbines": {"co2_intensity": "53.06 kg/MMBtu"},
         "grid": {"connection_limit": "100 MW", "co2_intensity": "0 kg/(MW*h)"},
         "co2_cap": "49.5 t"},
        _tiny([100.0, 100.0], price=[3e6, 3e6]),
    ),
    **{f"two_week_{k}": (v, two_week_inputs()) for k, v in TWO_WEEK_CASES.items()},
}  # fmt: skip


def _capacities(n: Any) -> np.ndarray[Any, Any]:
    return np.concatenate([n.generators.p_nom_opt.to_numpy(), n.links.p_nom_opt.to_numpy(),
                           n.stores.e_nom_opt.to_numpy()])  # fmt: skip


def _solved(case: str, solver: lp.Solver, **kw: Any) -> Any:
    plant, inputs = LPS[case]
    n = net.build_network(_scenario(**plant), inputs)
    net.solve_sizing(n, solver=solver, **kw)
    return n


_SIMPLEX: dict[str, Any] = {}


def _simplex(case: str) -> Any:
    if case not in _SIMPLEX:
        _SIMPLEX[case] = _solved(case, "simplex")
    return _SIMPLEX[case]


def _assert_same_optimum(n: Any, ref: Any) -> None:
    assert net.objective_usd_per_year(n) == pytest.approx(net.objective_usd_per_year(ref),
                                                          rel=REL)  # fmt: skip
    got, want = _capacities(n), _capacities(ref)
    scale = max(float(np.abs(want).max()), 1.0)
    assert np.allclose(got, want, rtol=REL, atol=REL * scale), (got, want)
    assert net.balance_residual(net.dispatch(n)) < REL


@pytest.mark.parametrize("solver", [s for s in lp.SOLVERS if s != "simplex"])
@pytest.mark.parametrize("case", list(LPS))
def test_every_solver_finds_simplexs_optimum(case: str, solver: lp.Solver) -> None:
    n = _solved(case, solver)
    _assert_same_optimum(n, _simplex(case))
    s = net.solver_stats(n)
    assert s.requested == solver
    assert s.status == "Optimal"
    assert s.within_tolerance
    if solver == "auto":  # hipdlp, or simplex after it
        assert s.used == ("simplex" if s.fallback else "hipdlp")
        assert s.fallback == bool(s.fallback_reason)
    else:
        assert (s.used, s.fallback, s.fallback_reason) == (solver, False, "")


def test_simplex_is_selectable_and_counts_its_iterations() -> None:
    s = net.solver_stats(_simplex("two_week_gas_pv_battery_grid"))
    assert (s.requested, s.used, s.fallback) == ("simplex", "simplex", False)
    assert s.simplex_iterations > 0 and s.pdlp_iterations == 0 and s.ipm_iterations == 0
    assert s.max_primal_infeasibility <= s.primal_tolerance


def test_auto_falls_back_to_simplex_when_pdlp_stops_short() -> None:
    """One PDLP iteration cannot solve the two-week LP: auto says so and hands it to simplex,
    whose solution is then simplex's own (the same algorithm on the same LP: bit for bit)."""
    case = "two_week_co2_cap_and_lost_load"
    n = _solved(case, "auto", pdlp_options={"pdlp_iteration_limit": 1})
    s = net.solver_stats(n)
    assert (s.requested, s.used, s.fallback, s.status) == ("auto", "simplex", True, "Optimal")
    # HiPDLP checks its limits every 40 iterations (HiGHS 1.16)
    assert re.fullmatch(r"hipdlp stopped at 'Iteration limit reached' after \d+ iterations",
                        s.fallback_reason), s.fallback_reason  # fmt: skip
    assert 1 <= s.pdlp_iterations <= 40 and s.simplex_iterations > 0
    assert s.within_tolerance
    ref = _simplex(case)
    assert net.objective_usd_per_year(n) == net.objective_usd_per_year(ref)
    assert np.array_equal(_capacities(n), _capacities(ref))
    assert n.meta[SOLVE_TIME_KEY] == s.solve_time_s > 0.0  # both runs


def test_auto_falls_back_when_pdlp_misses_the_results_tolerance() -> None:
    """HiPDLP stopped at a loose relative tolerance (1e-6) reports "Optimal" with the hourly
    balance ~5e-4 MW off (2e-6 of the load): alone it is kept and flagged, under auto
    simplex replaces it (auto's iteration limit lifted, so that the tolerance decides)."""
    case = "two_week_gas_pv_battery_grid"
    loose = {"pdlp_optimality_tolerance": 1e-6, "pdlp_iteration_limit": 100_000}
    alone = net.solver_stats(_solved(case, "hipdlp", pdlp_options=loose))
    assert alone.status == "Optimal" and not alone.within_tolerance
    assert alone.max_primal_infeasibility > alone.primal_tolerance
    n = _solved(case, "auto", pdlp_options=loose)
    s = net.solver_stats(n)
    assert s.fallback and s.used == "simplex" and s.within_tolerance
    assert "hipdlp's max primal infeasibility" in s.fallback_reason
    _assert_same_optimum(n, _simplex(case))


@pytest.mark.parametrize("solver", lp.SOLVERS)
def test_infeasible_design_still_explained_under_every_solver(solver: lp.Solver) -> None:
    """An infeasible design gets the diagnosis of test_network.py whatever the solver."""
    sc = _scenario(gas_turbines={"max_capacity": "80 MW"}, solver=solver)
    with pytest.raises(InfeasibleError, match=re.escape("gas_turbines.max_capacity = 80 MW")):
        net.optimise(sc, _tiny([50.0, 100.0]))


@pytest.mark.parametrize("solver", ["pdlp", "hipdlp"])
def test_a_pdlp_alone_that_stops_short_blames_the_setting(solver: lp.Solver) -> None:
    """A feasible design whose PDLP, chosen alone, stops short: not "infeasible" but the
    setting named, with simplex's optimum as the evidence."""
    plant, inputs = LPS["two_week_co2_cap_and_lost_load"]
    sc = _scenario(**plant, solver=solver)
    want = f"plant.solver = {solver} ended the plant LP with 'HiGHS: Iteration limit reached'"
    with pytest.raises(SolverError, match=re.escape(want)) as info:
        net.optimise(sc, inputs, pdlp_options={"pdlp_iteration_limit": 1})
    assert "use plant.solver = auto" in str(info.value).lower()


def test_linopy_path_records_highs_default() -> None:
    plant, inputs = LPS["two_week_co2_cap_and_lost_load"]
    n = net.build_network(_scenario(**plant), inputs)
    net.solve_sizing(n, backend="linopy")
    s = net.solver_stats(n)
    assert (s.requested, s.used, s.fallback) == ("highs-default", "simplex", False)
    assert s.within_tolerance and s.simplex_iterations > 0


def test_solver_is_a_scenario_key_with_a_clear_error() -> None:
    for value in lp.SOLVERS:
        assert _scenario(solver=value).plant.solver.value == value
    assert _scenario().plant.solver.value == "auto"
    with pytest.raises(ScenarioError) as info:
        _scenario(solver="cplex")
    text = str(info.value)
    assert "plant.solver" in text and "cplex" in text and "simplex" in text


def test_unknown_solver_and_refused_option_raise() -> None:
    plant, inputs = LPS["gas_only"]
    n = net.build_network(_scenario(**plant), inputs)
    with pytest.raises(ValueError, match="solver must be one of auto, simplex"):
        net.solve_sizing(n, solver="cplex")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="pdlp_no_such_option"):
        net.solve_sizing(n, solver="pdlp", pdlp_options={"pdlp_no_such_option": 1})


def test_stats_survive_netcdf_export(tmp_path: Any) -> None:
    import pypsa

    n = _solved("gas_only", "auto")
    path = tmp_path / "network.nc"
    net.export_netcdf(n, path)
    with net.pypsa_settings(), warnings.catch_warnings():
        # PyPSA 1.4 reads with a pandas call pandas 4 drops (as in test_site.py)
        warnings.filterwarnings("ignore", "The inplace keyword")
        back = pypsa.Network(path)
    assert net.solver_stats(back) == net.solver_stats(n)


def test_auto_uses_cupdlp_where_highs_has_no_hipdlp(monkeypatch: pytest.MonkeyPatch) -> None:
    """highspy ≥ 1.7 is allowed (pyproject); one without hipdlp refuses the solver name, and
    auto runs cuPDLP-C (solver=pdlp) instead, to the same optimum."""
    real = lp._run

    def no_hipdlp(lp_: Any, algorithm: str, *args: Any) -> Any:
        return real(lp_, "no-such-solver" if algorithm == "hipdlp" else algorithm, *args)

    monkeypatch.setattr(lp, "_run", no_hipdlp)
    with pytest.raises(ValueError, match="no solver no-such-solver"):
        _solved("gas_only", "hipdlp")
    case = "two_week_co2_cap_and_lost_load"
    n = _solved(case, "auto")
    s = net.solver_stats(n)
    assert s.used in ("pdlp", "simplex") and s.pdlp_iterations > 0
    _assert_same_optimum(n, _simplex(case))

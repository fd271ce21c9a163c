"""End-to-end ground runs: conservation, the IT chain, emissions and money by hand, files."""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

import wattflop
from wattflop.cli import app
from wattflop.errors import ScenarioError
from wattflop.ground import lp, site
from wattflop.ground import network as net
from wattflop.scenario import GroundScenario

ROOT = Path(__file__).resolve().parents[2]
MEMPHIS = ROOT / "scenarios" / "ground-1gw-memphis.yaml"
J_PER_MWH = 3.6e9


@pytest.fixture(scope="module")
def scenario() -> GroundScenario:
    sc = wattflop.load_scenario(MEMPHIS)
    assert isinstance(sc, GroundScenario)
    return sc


@pytest.fixture(scope="module")
def result(scenario: GroundScenario) -> wattflop.SiteResult:
    """A solve, whatever the session's result cache holds (a hit re-solves its network on
    first access, so its solver stats would not be the network's)."""
    from wattflop.result_cache import bypass

    with bypass():
        return wattflop.simulate(scenario)


def _raw(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(MEMPHIS.read_text())
    for dotted, value in changes.items():
        node = raw
        keys = dotted.split("__")
        for k in keys[:-1]:
            node = node.setdefault(k, {})
        node[keys[-1]] = value
    return raw


def test_result_keys(result: wattflop.SiteResult) -> None:
    """The same economic keys as the orbital site, plus the ground ones (issue #3)."""
    for key in [
        "energy.delivered_to_it_mwh_per_year", "cost.lcoe_usd_per_mwh",
        "cost.usd_per_accelerator_hour", "cost.usd_per_eflop", "ground.battery_mwh",
        "ground.co2_t_per_year", "ground.unserved_mwh",
    ]:  # fmt: skip
        assert np.isfinite(result.get(key)), key
    assert set(result.get("ground.capacity_mw")) >= {"gas_turbines", "pv", "battery"}
    assert "accelerators" in result.get("cost.capex_usd")


def test_hourly_energy_balance(result: wattflop.SiteResult) -> None:
    """Every hour: gas + PV + import − export + discharge − charge + unserved = load (1e-6)."""
    d = result.detail
    supply = (
        d["gas"] + d["pv"] + d["grid_import"] - d["grid_export"]
        + d["battery_discharge"] - d["battery_charge"] + d["unserved"]
    )  # fmt: skip
    peak = float(d["load"].max())
    assert float(np.abs(supply - d["load"]).max()) / peak < 1e-6
    assert result.get("ground.balance_residual") < 1e-6
    assert float(d["grid_import"].max()) <= 150.0 + 1e-6  # the connection limit


def test_it_chain_and_load(result: wattflop.SiteResult, scenario: GroundScenario) -> None:
    """GB200: 1 GW / 1,667 W = 599,880 GPUs; 4 per tray, 18 trays per rack → 8,332 racks of
    ~120 kW (NVL72); site load = IT × PUE(T); energy to IT = Σ load / PUE."""
    c = result.get("it_chain")
    assert c["accelerators"] == round(1e9 / scenario.accelerator.system_power)
    assert c["racks"] == math.ceil(math.ceil(c["accelerators"] / 4) / 18)
    assert c["rack_kw"] == pytest.approx(120.0, rel=0.01)
    d = result.detail
    # the plant serves the training job's mean draw: IT × load factor (from the swing trace)
    assert 0.7 < c["load_factor"] < 0.85
    peak = c["it_mw"] * c["load_factor"] * float(d["pue"].max())
    assert float(d["load"].max()) == pytest.approx(peak, rel=1e-9)
    it = float((d["load"] / d["pue"]).sum())
    assert result.get("energy.delivered_to_it_mwh_per_year") == pytest.approx(it, rel=1e-9)


def test_fuel_and_co2_by_hand(result: wattflop.SiteResult, scenario: GroundScenario) -> None:
    """Fuel = gas MWh × 9.0 MMBtu/MWh; CO₂ = fuel × 53.06 kg/MMBtu (EIA) + grid MWh × 390 kg/MWh."""
    e = result.get("ground.energy_mwh_per_year")
    fuel = e["gas"] * 9.0
    assert result.get("ground.fuel_mmbtu_per_year") == pytest.approx(fuel, rel=1e-9)
    co2 = fuel * 53.06 / 1e3 + e["grid_import"] * 0.390
    assert result.get("ground.co2_t_per_year") == pytest.approx(co2, rel=1e-9)


def test_gas_capacity_factor_over_the_weather_year(result: wattflop.SiteResult) -> None:
    """Capacity factor = gas MWh over the simulated year ÷ (gas MW × its 8,760 hours), the
    hours the energy was summed over (not a 8,766-h Julian year); the hourly series agrees."""
    gas_mw = result.get("ground.capacity_mw")["gas_turbines"]
    e = result.get("ground.energy_mwh_per_year")["gas"]
    assert result.detail.sizes["time"] == 8760
    assert float(result.detail["gas"].sum()) == pytest.approx(e, rel=1e-9)
    assert result.get("ground.gas_capacity_factor") == pytest.approx(
        e / (gas_mw * 8760.0), rel=1e-12
    )


def test_lcoe_is_plant_cost_over_it_energy(
    result: wattflop.SiteResult, scenario: GroundScenario
) -> None:
    """LCOE to the chips = (annualised plant capital + fuel, O&M, grid energy, CO₂) / MWh to IT;
    hand-recomputed with the CRF at 7 %."""
    from wattflop.economics import capital_recovery_factor as crf

    c = result.get("cost")
    all_lines = c["capex_all_lines_usd"]
    lives = {
        "gas_turbines": 25,
        "batteries": 15,
        "pv": 30,
        "grid_connection": 40,
        "smoothing_battery": 15,
    }
    annual = sum(all_lines[k] * float(crf(0.07, life)) for k, life in lives.items())
    annual += sum(v for k, v in c["opex_usd_per_year"].items() if k != "accelerator_replacement")
    lcoe = annual / result.get("energy.delivered_to_it_mwh_per_year")
    assert c["lcoe_usd_per_mwh"] == pytest.approx(lcoe, rel=1e-9)
    # a gas-fed site lands in the range of published gas LCOEs (Lazard LCOE+ 2025:
    # combined cycle 48–107, peakers 110–228 USD/MWh), here with cheap 2025 gas
    assert 40.0 < c["lcoe_usd_per_mwh"] < 150.0


def test_swings_are_smoothed_within_the_ramp_limit(result: wattflop.SiteResult) -> None:
    s = result.get("swings")
    assert s["peak_ramp_after_mw_per_s"] <= s["ramp_limit_mw_per_s"] * (1 + 1e-6)
    assert s["band_share_after"] < s["band_share_before"]
    assert s["battery_power_mw"] > 0 and s["battery_energy_mwh"] > 0


def test_network_is_exposed_and_exports(result: wattflop.SiteResult, tmp_path: Path) -> None:
    """The solved PyPSA network comes with the result and round-trips through network.nc."""
    import pypsa

    n = result.artifacts["network"]
    path = tmp_path / "network.nc"
    net.export_netcdf(n, path)
    # read with the PyPSA options wattflop wrote it with (pandas 3 string dtypes)
    with net.pypsa_settings(), warnings.catch_warnings():
        # PyPSA 1.4 reads with a pandas call pandas 4 drops
        warnings.filterwarnings("ignore", "The inplace keyword", DeprecationWarning)
        back = pypsa.Network(path)
    assert back.generators.p_nom_opt["gas"] == pytest.approx(n.generators.p_nom_opt["gas"])
    assert net.objective_usd_per_year(back) == net.objective_usd_per_year(n)  # kept in meta


def test_dear_gas_and_carbon_bring_pv_and_batteries() -> None:
    """At 12 USD/MMBtu and 150 USD/t CO₂, on Greensboro's real TMY3 weather, the optimiser
    builds PV and batteries that displace gas (and with cheap 2025 gas it does not: see the
    headline run)."""
    raw = _raw(
        location__weather="greensboro", plant__gas_turbines__fuel_price="12 USD/MMBtu",
        plant__co2_price="150 USD/t", swings__enabled=False,
    )  # fmt: skip
    r = wattflop.simulate(wattflop.parse_scenario(raw))
    assert r.get("ground.capacity_mw")["pv"] > 100.0
    assert r.get("ground.battery_mwh") > 0.0
    assert r.get("ground.energy_mix")["pv"] > 0.05
    assert r.get("location.weather") == "tmy3"


def test_price_csv_with_the_wrong_length(tmp_path: Path) -> None:
    """A price file with 100 rows → ScenarioError naming the file, the count and the fix; the
    CLI exits 2 without a traceback."""
    prices = tmp_path / "prices.csv"
    prices.write_text("price_usd_per_mwh\n" + "50\n" * 100)
    raw = _raw(plant__grid__price_file=str(prices), swings__enabled=False)
    with pytest.raises(ScenarioError, match="has 100 prices; expected 8,760"):
        wattflop.simulate(wattflop.parse_scenario(raw))
    path = tmp_path / "bad.yaml"
    raw["plant"]["grid"]["price_file"] = "prices.csv"  # relative to the scenario file
    path.write_text(yaml.safe_dump(raw))
    out = CliRunner().invoke(app, ["run", str(path), "--out", str(tmp_path / "o")])
    assert out.exit_code == 2
    assert "expected 8,760" in out.output and "Traceback" not in out.output


def test_weather_file_with_missing_columns(tmp_path: Path) -> None:
    """A TMY3 file without its DNI column → a clear error through the CLI (exit 2)."""
    import pvlib

    src = Path(pvlib.__file__).parent / "data" / "723170TYA.CSV"
    lines = src.read_text().splitlines()
    header = lines[1].split(",")
    drop = header.index("DNI (W/m^2)")
    body = [",".join(c for i, c in enumerate(ln.split(",")) if i != drop) for ln in lines[1:]]
    bad = tmp_path / "nodni.csv"
    bad.write_text("\n".join([lines[0], *body]) + "\n")
    raw = _raw(location__weather=str(bad), swings__enabled=False)
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(raw))
    out = CliRunner().invoke(app, ["run", str(path), "--out", str(tmp_path / "o")])
    assert out.exit_code == 2
    assert "nodni.csv" in out.output and "DNI" in out.output and "Traceback" not in out.output


def test_cost_accounting_matches_the_optimiser(result: wattflop.SiteResult) -> None:
    """Two independent accountings agree: the PyPSA objective (annuity + fixed O&M per MW,
    marginal cost per MWh) equals wattflop's own plant lines recomputed from the capacities
    and the hourly dispatch (gas, batteries, PV capital + fuel, O&M, grid energy, CO₂), to
    1e-9 — so nothing is counted twice or left out."""
    c = result.get("cost")
    by_line = c["annual_cost_by_line_usd"]
    plant = sum(by_line[k] for k in ("gas_turbines", "batteries", "pv"))
    plant += sum(v for k, v in c["opex_usd_per_year"].items() if k != "accelerator_replacement")
    # the sub-second smoothing battery is costed outside the hourly LP: take its O&M out
    smoothing_om = 0.025 * c["capex_all_lines_usd"]["smoothing_battery"]
    assert plant - smoothing_om == pytest.approx(
        result.get("ground.objective_usd_per_year"), rel=1e-9
    )


def test_the_result_says_how_the_lp_was_solved(result: wattflop.SiteResult) -> None:
    """The default (plant.solver = auto) on the 1 GW Memphis year: HiPDLP converges well
    inside auto's 2,000 iterations (680 measured, HiGHS 1.16), within the results' tolerance,
    and the result records it next to the objective."""
    s = result.get("ground.solver")
    assert (s["requested"], s["used"], s["fallback"], s["fallback_reason"]) == (
        "auto", "hipdlp", False, "")  # fmt: skip
    assert s["status"] == "Optimal" and s["within_tolerance"]
    assert 0 < s["pdlp_iterations"] <= lp.AUTO_PDLP_ITERATION_LIMIT
    assert s["simplex_iterations"] == 0
    assert s["max_primal_infeasibility"] <= s["primal_tolerance"]
    assert s["max_dual_infeasibility"] <= s["dual_tolerance"]
    assert s["solve_time_s"] == result.artifacts["network"].meta["highs_run_time_s"] > 0.0
    assert result.values["notes"] == []


def test_auto_fallback_shows_in_the_result(
    result: wattflop.SiteResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With auto's PDLP held to one check (40 iterations) the year falls back to simplex:
    the result says so and why, and holds the same optimum (1e-7, the results' tolerance)."""
    monkeypatch.setattr(lp, "AUTO_PDLP_ITERATION_LIMIT", 1)
    r = wattflop.simulate(wattflop.parse_scenario(_raw(swings__enabled=False)))
    s = r.get("ground.solver")
    assert (s["requested"], s["used"], s["fallback"]) == ("auto", "simplex", True)
    assert s["fallback_reason"].startswith("hipdlp stopped at 'Iteration limit reached'")
    assert s["simplex_iterations"] > 0 and s["within_tolerance"]
    want = result.get("ground.objective_usd_per_year")
    assert r.get("ground.objective_usd_per_year") == pytest.approx(want, rel=1e-7)
    for k in ("gas_turbines", "pv", "battery"):
        scale = max(abs(result.get("ground.capacity_mw")["gas_turbines"]), 1.0)
        got, ref = r.get("ground.capacity_mw")[k], result.get("ground.capacity_mw")[k]
        assert got == pytest.approx(ref, rel=1e-7, abs=1e-7 * scale), k


def test_run_prints_how_the_lp_was_solved(
    result: wattflop.SiteResult, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(wattflop, "simulate", lambda sc, **kw: result)
    out = CliRunner().invoke(app, ["run", str(MEMPHIS), "--out", str(tmp_path / "o"),
                                   "--no-report"])  # fmt: skip
    assert out.exit_code == 0, out.output
    s = result.get("ground.solver")
    assert (f"LP solved by hipdlp (plant.solver = auto) in {s['solve_time_s']:.2f} s, "
            f"{s['pdlp_iterations']:,} PDLP iterations") in out.output  # fmt: skip


def test_run_solver_flag_sets_plant_solver(
    result: wattflop.SiteResult, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``run --solver simplex`` simulates the scenario as written but for plant.solver; a
    value the key does not take, or a scenario without a plant LP, exits 2 naming the flag."""
    seen: list[Any] = []

    def simulate(sc: Any, **kw: Any) -> wattflop.SiteResult:
        seen.append(sc)
        return result

    monkeypatch.setattr(wattflop, "simulate", simulate)

    def run(*args: str) -> Any:
        return CliRunner().invoke(app, ["run", *args, "--out", str(tmp_path / "o"),
                                        "--no-report"])  # fmt: skip

    ok = run(str(MEMPHIS), "--solver", "simplex")
    assert ok.exit_code == 0, ok.output
    written = wattflop.load_scenario(MEMPHIS)
    assert isinstance(written, GroundScenario)
    (got,) = seen
    assert got.plant.solver.value == "simplex" != written.plant.solver.value
    assert got.model_dump(exclude={"plant": {"solver"}}) == written.model_dump(
        exclude={"plant": {"solver"}}
    )
    bad = run(str(MEMPHIS), "--solver", "cplex")
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    assert "--solver cplex: plant.solver" in bad.output and "simplex" in bad.output
    orbit = run("orbit-20mw-inclined-550km", "--solver", "simplex")
    assert orbit.exit_code == 2 and "an orbit scenario, which has none" in orbit.output
    assert len(seen) == 1


def test_a_less_accurate_lp_solution_is_noted() -> None:
    """plant.solver = pdlp/hipdlp/ipm keep their answer whatever its accuracy; when it misses
    the results' tolerance the result notes it with the numbers and the way out."""
    stats = lp.SolverStats(
        requested="hipdlp", used="hipdlp", fallback=False, fallback_reason="",
        status="Optimal", simplex_iterations=0, pdlp_iterations=13000, ipm_iterations=0,
        crossover_iterations=0, solve_time_s=1.0, max_primal_infeasibility=4.8e-4,
        max_dual_infeasibility=0.0, primal_tolerance=2.5e-5, dual_tolerance=0.1,
        within_tolerance=False,
    )  # fmt: skip
    note = site._solver_note(stats)
    assert "plant.solver = hipdlp" in note and "4.8e-04" in note and "2.5e-05" in note
    assert "use plant.solver = auto or simplex" in note

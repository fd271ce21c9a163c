"""Re-optimised ground samples of a Monte Carlo (``--reoptimise-ground N``): the flag's
errors and budget, the samples are the Monte Carlo's own, the LP objective of a re-priced plan
against the solver's (the conservation property), a collapsed study re-optimising to the
deterministic plan through the sweep engine, the store's policy, and ``kill -9`` then the
same command again, reusing what the killed run stored."""

from __future__ import annotations

import copy
import json
import math
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import psutil
import pyarrow.parquet as pq
import pytest
import yaml
from typer.testing import CliRunner

import wattflop
from wattflop.cli import app
from wattflop.ground.inputs import ground_inputs
from wattflop.scenario import GroundScenario, parse_scenario
from wattflop.scenario.keys import load_raw, set_key
from wattflop.study import reoptimise as reopt
from wattflop.study import uncertainty as unc
from wattflop.sweep import load_sweep, plan
from wattflop.sweep import montecarlo as smc
from wattflop.sweep.cases import plan_rows
from wattflop.sweep.store import PARTS, StoreError, StoreWriter, part_files

ROOT = Path(__file__).resolve().parents[2]
MEMPHIS = ROOT / "scenarios" / "ground-1gw-memphis.yaml"
ORBIT = ROOT / "scenarios" / "orbit-1gw-dawn-dusk-650km.yaml"
SMALL_ORBIT = ROOT / "scenarios" / "orbit-20mw-inclined-550km.yaml"
#: The Memphis year with gas and grid only, no sub-second swings: ~1.5 s per ground run
#: (the full Memphis year ~6-9 s) with the same LP structure of turbines and grid.
SMALL = {"plant.pv.enabled": False, "plant.batteries.enabled": False, "swings.enabled": False}

runner = CliRunner()


def small_ground(**changes: Any) -> dict[str, Any]:
    raw = load_raw(MEMPHIS)
    for k, v in (SMALL | changes).items():
        raw = set_key(raw, k, v)
    return raw


def write(path: Path, raw: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


def user_error(result: Any, *fragments: str) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    flat = " ".join(result.output.split())
    for f in fragments:
        assert f in flat, f"{f!r} not in {flat}"
    return flat


# ---------------------------------------------------------------------------------------
# The flag: errors and the budget, before any run
# ---------------------------------------------------------------------------------------


def test_more_than_the_samples_no_ground_or_negative_is_an_error_naming_the_flag(
    tmp_path: Path,
) -> None:
    ground = write(tmp_path / "g.yaml", small_ground())
    out = tmp_path / "out"
    t0 = time.perf_counter()
    r = runner.invoke(
        app, ["montecarlo", str(ground), "--samples", "10", "--reoptimise-ground", "11",
              "--out", str(out)],
    )  # fmt: skip
    user_error(r, "--reoptimise-ground 11 is more than the 10 samples")
    # the default sample count is the scenario's uncertainty.samples
    samples = parse_scenario(small_ground()).uncertainty.samples
    r = runner.invoke(
        app, ["montecarlo", str(ground), "--reoptimise-ground", str(samples + 1), "--out",
              str(out)],
    )  # fmt: skip
    user_error(r, f"--reoptimise-ground {samples + 1} is more than the {samples:,} samples")
    r = runner.invoke(
        app, ["montecarlo", str(SMALL_ORBIT), "--reoptimise-ground", "2", "--out", str(out)]
    )
    user_error(r, "--reoptimise-ground 2: there is no ground scenario")
    r = runner.invoke(
        app, ["montecarlo", str(ground), "--reoptimise-ground", "-1", "--out", str(out)]
    )
    user_error(r, "--reoptimise-ground must be ≥ 0")
    assert not out.exists()
    assert time.perf_counter() - t0 < 60  # refused before any ground run


def test_the_budget_refuses_before_any_run(tmp_path: Path) -> None:
    """N × the ground case's seconds ÷ workers past 15 minutes: refused with --yes named,
    before the deterministic ground run."""
    ground = write(tmp_path / "g.yaml", small_ground())
    r = runner.invoke(
        app, ["montecarlo", str(ground), "--samples", "1000", "--reoptimise-ground", "400",
              "--workers", "2", "--out", str(tmp_path / "out")],
    )  # fmt: skip
    flat = user_error(r, "re-optimising 400 ground samples", "--yes", "--reoptimise-ground")
    assert "would take about" in flat
    assert not (tmp_path / "out").exists()
    # memory: every worker process holds a ground year
    est = smc.estimate(32, 64, 8)
    assert est.memory >= 64 * smc.WORKER_BYTES
    assert smc.estimate(32, None, 8).seconds <= smc.estimate(32, 1, 8).seconds


def test_check_count() -> None:
    reopt.check_count(0, 5, {"orbit"})  # off: nothing to check
    reopt.check_count(5, 5, {"ground"})
    with pytest.raises(reopt.ReoptimiseError, match="more than the 5 samples"):
        reopt.check_count(6, 5, {"ground", "orbit"})


# ---------------------------------------------------------------------------------------
# The samples are the Monte Carlo's own; their cases are a sweep's
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("rho", [0.0, -0.4])
def test_the_first_n_draws_are_the_first_n_monte_carlo_samples(rho: float) -> None:
    corr = np.array([[1.0, rho, 0.0], [rho, 1.0, 0.2], [0.0, 0.2, 1.0]])
    full = np.concatenate(list(unc.uniform_chunks(1_000, 3, 7, corr, chunk=96)))
    first = unc.draw_uniforms(40, 3, 7, corr)
    np.testing.assert_array_equal(first, full[:40])


def test_plan_rows_ids_are_the_sweep_files_ids(tmp_path: Path) -> None:
    """A case drawn by the Monte Carlo has the id a sweep file of the same values gives it
    (one id scheme, one store format); repeated rows share one case."""
    sweep = tmp_path / "s.yaml"
    values = [500.0, 650.0, 500.0]
    write(
        sweep,
        {"name": "x", "base": str(SMALL_ORBIT), "sampling": "list",
         "vary": {"orbit.altitude": values}, "outputs": ["cost.usd_per_eflop"]},
    )  # fmt: skip
    by_file = plan(load_sweep(sweep))
    by_rows, ids = plan_rows(
        "x", SMALL_ORBIT, load_raw(SMALL_ORBIT), ["orbit.altitude"], [[v] for v in values],
        {"usd_per_eflop": "cost.usd_per_eflop"},
    )  # fmt: skip
    assert [c.id for c in by_rows.cases] == [c.id for c in by_file.cases]
    assert by_rows.fingerprint == by_file.fingerprint
    assert ids[0] == ids[2] != ids[1] and len(by_rows.cases) == 2 and by_rows.duplicates == 1


# ---------------------------------------------------------------------------------------
# The LP objective: re-pricing is never cheaper than re-optimising (conservation)
# ---------------------------------------------------------------------------------------

#: Cheap PV and batteries, dear fuel, turbines capped and unserved energy priced: every line
#: of the LP's objective is non-zero, and the plan re-sizes when prices move.
RICH = {
    "swings.enabled": False,
    "plant.pv.capex": "300 USD/kW",
    "plant.batteries.power_capex": "100 USD/kW",
    "plant.batteries.energy_capex": "60 USD/(kW*h)",
    "plant.gas_turbines.fuel_price": "8 USD/MMBtu",
    "plant.gas_turbines.max_capacity": "600 MW",
    "plant.batteries.max_power": "300 MW",
    "plant.value_of_lost_load": "3000 USD/(MW*h)",
}


@pytest.mark.slow
def test_lp_objective_of_a_repriced_plan_bounds_the_reoptimised_one() -> None:
    """:func:`lp_objective` at the scenario's own values is the solver's objective (1e-9);
    at other prices the fixed plan costs at least what the LP re-solved for them costs, and
    strictly more when the plan re-sizes (the test can tell the two apart)."""
    raw = load_raw(MEMPHIS)
    for k, v in RICH.items():
        raw = set_key(raw, k, v)
    sc = parse_scenario(raw)
    assert isinstance(sc, GroundScenario)
    r = wattflop.simulate(sc)
    q = r.artifacts["money_inputs"]
    caps = r.get("ground.capacity_mw")
    assert caps["pv"] > 0 and caps["battery"] > 0 and r.get("ground.unserved_mwh") > 0
    own = float(reopt.lp_objective(ground_inputs(sc), q, sc))
    assert own == pytest.approx(r.get("ground.objective_usd_per_year"), rel=1e-9)
    # a draw of cheaper fuel and dearer PV: the LP re-solved for it builds less PV
    drawn = set_key(raw, "plant.gas_turbines.fuel_price", "3 USD/MMBtu")
    sampled = parse_scenario(set_key(drawn, "plant.pv.capex", "900 USD/kW"))
    assert isinstance(sampled, GroundScenario)
    repriced = float(reopt.lp_objective(ground_inputs(sampled), q, sampled))
    again = wattflop.simulate(sampled)
    best = again.get("ground.objective_usd_per_year")
    assert again.get("ground.capacity_mw")["pv"] < 0.9 * caps["pv"]
    margin = (repriced - best) / best
    assert margin >= -reopt.LP_SLACK
    assert margin > 1e-3  # re-optimising found a cheaper plant: the test tells them apart


def test_bias_and_lp_check_arithmetic() -> None:
    b = reopt.bias(np.array([2.0, 3.0, np.nan, 5.0]), np.array([1.0, 3.5, 1.0, 4.0]))
    assert b.pairs == 3
    assert b.mean == pytest.approx((1.0 - 0.5 + 1.0) / 3)
    assert b.median == pytest.approx(1.0)
    assert b.relative_mean == pytest.approx(b.mean / np.mean([1.0, 3.5, 4.0]))
    assert b.share_repriced_lower == pytest.approx(1 / 3)


# ---------------------------------------------------------------------------------------
# Through the sweep engine
# ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    from wattflop.sweep.engine import cluster_client

    with cluster_client(1) as c:
        yield c


def _collapsed(raw: dict[str, Any], **extra: str) -> dict[str, Any]:
    """Every ground distribution at the scenario's own value."""
    out = copy.deepcopy(raw)
    out["uncertainty"] = {
        "samples": 200,
        "seed": 3,
        "distributions": {
            "plant.gas_turbines.fuel_price": "uniform(3.52, 3.52) USD/MMBtu",
            "facility.capex": "uniform(11, 11) USD/W",
            **extra,
        },
    }
    return out


@pytest.mark.slow
def test_collapsed_draws_reoptimise_to_the_deterministic_plan_and_the_store_policy(
    tmp_path: Path, client: Any
) -> None:
    """Draws equal to the scenario's values: one case; re-optimised = re-priced =
    deterministic; zero bias; the LP check holds with a zero margin. Then the store's policy:
    the same call reuses the store; a store of another ground set-up is replaced when it is
    the command's own and refused when the user named it."""
    store = tmp_path / "store"
    raw = _collapsed(small_ground())
    kw: dict[str, Any] = {"sobol": False, "store": store, "client": client, "own_store": True}
    both = smc.monte_carlo_reoptimised([(raw, "g.yaml")], reoptimise_ground=5, **kw)
    r = both.reoptimised
    assert r.samples == 5 and r.cases == 1 and r.solved == 1
    det = both.monte_carlo.summaries["ground"].deterministic
    for key in ("ground_repriced", "ground_reoptimised"):
        np.testing.assert_allclose(r.values[key], det, rtol=1e-9)
    assert abs(r.bias["ground"].relative_mean) < 1e-9
    assert r.lp.checked and r.lp.holds and abs(r.lp.min_margin) < 1e-9
    assert r.lp.formula_error is not None and r.lp.formula_error < 1e-9
    d = json.loads(json.dumps(both.to_dict()))  # what montecarlo.json holds
    assert d["reoptimised_ground"]["summaries"]["ground_reoptimised"]["p50"] > 0
    from wattflop.report.montecarlo import render_montecarlo

    page = render_montecarlo(d)
    assert "re-optimised plant, first 5 samples" in page and "re-priced plan, first 5" in page

    again = smc.monte_carlo_reoptimised([(raw, "g.yaml")], reoptimise_ground=5, **kw).reoptimised
    assert again.reused == 1 and again.solved == 0 and again.workers == 0  # no cluster

    other = _collapsed(small_ground(**{"plant.grid.price": "70 USD/(MW*h)"}))
    with pytest.raises(StoreError, match="holds another sweep"):
        smc.monte_carlo_reoptimised(
            [(other, "g.yaml")], reoptimise_ground=2, **(kw | {"own_store": False})
        )
    kept = smc.monte_carlo_reoptimised([(raw, "g.yaml")], reoptimise_ground=5, **kw)
    assert kept.reoptimised.values == again.values  # untouched by the refusal
    replaced = smc.monte_carlo_reoptimised(
        [(other, "g.yaml")], reoptimise_ground=2, **kw
    ).reoptimised
    assert replaced.solved == 1 and any("replaced" in n for n in replaced.notes)
    assert replaced.values["ground_reoptimised"][0] > r.values["ground_reoptimised"][0]


def test_a_folder_that_is_not_our_store_is_never_replaced(tmp_path: Path) -> None:
    """Only a store whose manifest names the Monte Carlo's sweep is replaced; another
    sweep's store in its place is refused, and left as it was."""
    p, _ids = plan_rows(
        "someone-elses", SMALL_ORBIT, load_raw(SMALL_ORBIT), ["orbit.altitude"], [[500.0]],
        {"usd_per_eflop": "cost.usd_per_eflop"},
    )  # fmt: skip
    store = tmp_path / "store"
    with StoreWriter(store, p, resume=False) as w:
        w.write(
            [{"id": p.cases[0].id, "orbit_altitude": 500.0, "usd_per_eflop": 1.0,
              "status": "ok", "sweep": p.name}]
        )  # fmt: skip
    before = sorted(x.name for x in (store / PARTS).iterdir())
    with pytest.raises(StoreError, match="holds another sweep"):
        smc.solve(_fake_samples(load_raw(MEMPHIS)), str(MEMPHIS), store, replace_other=True)
    assert sorted(x.name for x in (store / PARTS).iterdir()) == before


def _fake_samples(raw: dict[str, Any]) -> reopt.GroundSamples:
    """Samples of the Memphis scenario's fuel price, built without running the ground."""
    nan = np.full(2, math.nan)
    return reopt.GroundSamples(
        np.array([[3.0], [4.0]]), ("plant.gas_turbines.fuel_price",), ((3.0,), (4.0,)),
        {k: v for k, v in raw.items() if k != "uncertainty"}, {"usd_per_eflop": nan}, None,
        None, None, None,
    )  # fmt: skip


# ---------------------------------------------------------------------------------------
# kill -9, then the same command again
# ---------------------------------------------------------------------------------------


def _ids(store: Path) -> list[str]:
    return [i for f in part_files(store) for i in pq.read_table(f).column("id").to_pylist()]


@pytest.mark.slow
def test_kill_9_then_the_same_command_reuses_the_stored_samples(tmp_path: Path) -> None:
    """Acceptance (issue #14 item 4): SIGKILL the montecarlo process while it re-optimises;
    the store keeps whole files of distinct samples; the same command again solves only
    the rest, says how many it reused, and the page shows both ground distributions."""
    ground = write(tmp_path / "g.yaml", small_ground())
    out = tmp_path / "out"
    store = out / smc.DEFAULT_STORE
    n = 6
    cmd = [sys.executable, "-m", "wattflop", "montecarlo", str(ground), "--samples", "50"]
    cmd += ["--no-sobol", "--reoptimise-ground", str(n), "--workers", "2", "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    children: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 240
        while len(part_files(store)) < 2:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            assert time.monotonic() < deadline, "no sample stored in 240 s"
            time.sleep(0.05)
        children = psutil.Process(proc.pid).children(recursive=True)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        _, alive = psutil.wait_procs(children, timeout=30)  # workers leave with their parent
        for c in alive:
            c.kill()
        if proc.stdout:
            proc.stdout.close()
    kept = _ids(store)
    assert 2 <= len(kept) < n and len(kept) == len(set(kept))
    files = {f.name: f.stat().st_mtime_ns for f in part_files(store)}
    assert not (out / "montecarlo.json").exists()  # the pages come at the end, or not at all

    result = subprocess.run(cmd, capture_output=True, text=True, timeout=400)
    assert result.returncode == 0, result.stdout + result.stderr
    flat = " ".join(result.stdout.split())
    assert f"{len(kept)} reused from the store, {n - len(kept)} solved" in flat, flat
    ids = _ids(store)
    assert len(ids) == len(set(ids)) == n  # each sample solved and stored once
    assert {f.name: f.stat().st_mtime_ns for f in part_files(store)}.items() >= files.items()
    assert not [x.name for x in (store / PARTS).iterdir() if x.name.startswith(".")]
    d = json.loads((out / "montecarlo.json").read_text())["reoptimised_ground"]
    assert d["samples"] == n and d["reused"] == len(kept) and d["solved"] == n - len(kept)
    assert all(v is not None and v > 0 for v in d["values"]["ground_reoptimised"])
    assert d["lp_objective"]["holds"] is True
    page = (out / "montecarlo.html").read_text()
    assert f"re-optimised plant, first {n} samples" in page
    assert f"re-priced plan, first {n} samples" in page

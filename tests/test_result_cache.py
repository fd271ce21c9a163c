"""One solve per content (issue #14 item 2): the ground result cache's key, entries, bounds,
bypass, and the commands, the web server and sweep workers that share it."""

from __future__ import annotations

import math
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import xarray as xr
import yaml
from typer.testing import CliRunner

import wattflop
from wattflop import result_cache as rc
from wattflop.cli import app
from wattflop.ground.money import PlanQuantities
from wattflop.result import SiteResult
from wattflop.scenario import GroundScenario

ROOT = Path(__file__).resolve().parents[1]
MEMPHIS = ROOT / "scenarios" / "ground-1gw-memphis.yaml"
ORBIT = ROOT / "scenarios" / "orbit-1gw-dawn-dusk-650km.yaml"
runner = CliRunner()


# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------


def _raw(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load(MEMPHIS.read_text())
    for dotted, value in changes.items():
        node = raw
        keys = dotted.split(".")
        for k in keys[:-1]:
            node = node.setdefault(k, {})
        node[keys[-1]] = value
    return raw


def _scenario(**changes: Any) -> GroundScenario:
    sc = wattflop.parse_scenario(_raw(**changes))
    assert isinstance(sc, GroundScenario)
    return sc


def _plan(scale: float = 1.0) -> PlanQuantities:
    return PlanQuantities(
        accelerators=10, it_w=1e6 * scale, it_mwh=8000.0, gas_mw=1.5, pv_mw=0.0, bat_mw=-0.0,
        bat_mwh=0.0, grid_mw=0.5, energy_mwh={"load": 9000.0, "gas": 8999.5}, fuel_mmbtu=1.0,
        co2_t=2.0, smoothing_power_w=3.0, smoothing_energy_j=4.0, grid_cost=5.0,
        export_revenue=0.0, served=1.0,
    )  # fmt: skip


def _fake(value: float = 1.0, **artifacts: Any) -> SiteResult:
    """A small result with every kind of content an entry keeps (and a network it does not)."""
    t = pd.date_range("2027-01-01", periods=48, freq="h").to_numpy()
    hourly = xr.Dataset(
        {"load": ("time", np.linspace(0.0, value, 48), {"units": "MW"})}, coords={"time": t}
    )
    swing = xr.Dataset(
        {"swing_load_mw": ("swing_time_s", np.arange(5.0) * value, {"units": "MW"})},
        coords={"swing_time_s": np.arange(5.0) / 10.0},
    )
    values = {
        "cost": {"usd_per_eflop": value, "n": 3, "inf": math.inf, "nan": math.nan},
        "notes": ["a note", 2.5, None, True],
        "scenario": {"name": "fake"},
    }
    return SiteResult(
        values=values,
        daily=hourly.isel(time=slice(0, 48, 24)),
        detail=xr.merge([hourly, swing]),
        sources={"accelerator": {"x": {"source": "somewhere", "date": "2026"}}},
        artifacts={"network": object(), "money_inputs": _plan(value)} | artifacts,
    )


def _counting(result: SiteResult) -> tuple[Callable[[GroundScenario], SiteResult], list[str]]:
    calls: list[str] = []

    def solve(sc: GroundScenario) -> SiteResult:
        calls.append(sc.name)
        return result

    return solve, calls


def _same(a: SiteResult, b: SiteResult) -> None:
    """``b`` is ``a`` read back: values (NaN as NaN), datasets, sources, plan."""
    assert a.to_json() == b.to_json()
    assert a.daily.identical(b.daily) and a.detail.identical(b.detail)
    assert a.sources == b.sources
    assert a.artifacts["money_inputs"] == b.artifacts["money_inputs"]


@pytest.fixture
def sc() -> GroundScenario:
    return _scenario()


@pytest.fixture
def solves(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every LP solve of a ground plant in this test (``network.optimise``), by scenario."""
    from wattflop.ground import network as net

    calls: list[str] = []
    real = net.optimise

    def optimise(sc: GroundScenario, *args: Any, **kwargs: Any) -> Any:
        calls.append(sc.name)
        return real(sc, *args, **kwargs)

    monkeypatch.setattr(net, "optimise", optimise)
    return calls


# ---------------------------------------------------------------------------------------
# The key
# ---------------------------------------------------------------------------------------


def test_key_is_the_content(sc: GroundScenario, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same content is one key (loaded twice, any thread count); a changed value is
    another, and so is the solver choice; the version number is not part of it."""
    key = rc.result_key(sc)
    assert key is not None and len(key) == 64
    assert rc.result_key(wattflop.load_scenario(MEMPHIS)) == key  # type: ignore[arg-type]
    monkeypatch.setenv("WATTFLOP_SOLVER_THREADS", "1")  # how it runs, not what it gives
    assert rc.result_key(sc) == key
    monkeypatch.setattr(wattflop, "__version__", "99.0")
    assert rc.result_key(sc) == key
    assert rc.result_key(_scenario(**{"plant.grid.price": "61 USD/(MW*h)"})) != key
    assert rc.result_key(_scenario(name="another name")) != key


@pytest.mark.parametrize("dotted", ["plant.grid.price_file", "location.weather"])
def test_key_follows_the_bytes_of_a_named_file(dotted: str, tmp_path: Path) -> None:
    """A file the scenario names is keyed by its bytes: edited in place (same path, same
    size), it is a new key; an unreadable one has no key (the simulation reports it)."""
    path = tmp_path / "data.csv"
    path.write_text("price_usd_per_mwh\n" + "60\n" * 8760)
    sc = _scenario(**{dotted: str(path)})
    key = rc.result_key(sc)
    assert key is not None
    path.write_text("price_usd_per_mwh\n" + "61\n" + "60\n" * 8759)
    assert rc.result_key(sc) not in (None, key)
    path.unlink()
    assert rc.result_key(sc) is None


def test_key_follows_the_code(sc: GroundScenario, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another package (a byte of its code) or another library version is another key."""
    key = rc.result_key(sc)
    uncached = rc.code_key.__wrapped__  # type: ignore[attr-defined]
    base = uncached()
    monkeypatch.setattr(rc, "code_key", lambda: "another build")
    assert rc.result_key(sc) != key
    monkeypatch.setattr(rc, "library_versions", lambda: {"pypsa": "0.0"})
    assert uncached() != base
    assert rc.code_hash() == rc.tree_hash(Path(rc.__file__).parent)


def test_tree_hash_reads_bytes_not_caches(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "__pycache__").mkdir(parents=True)
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    before = rc.tree_hash(tmp_path / "pkg")
    (tmp_path / "pkg" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"\0")
    (tmp_path / "pkg" / ".a.py.123.tmp").write_text("half")
    assert rc.tree_hash(tmp_path / "pkg") == before
    (tmp_path / "pkg" / "a.py").write_text("x = 2\n")
    assert rc.tree_hash(tmp_path / "pkg") != before


# ---------------------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------------------


def test_hit_reads_what_was_stored(sc: GroundScenario, fresh_cache: Path) -> None:
    """The first call solves and stores under $WATTFLOP_CACHE_DIR/results (a private
    folder); the second reads the same result back without solving; the network of a read
    result is made by solving again, on first use only."""
    fake = _fake(2.0)
    solve, calls = _counting(fake)
    first = rc.cached_simulation(sc, solve)
    assert first is fake and calls == [sc.name]
    folder = fresh_cache / "results"
    assert [p.name for p in folder.iterdir()] == [f"{rc.result_key(sc)}.npz"]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    hit = rc.cached_simulation(sc, solve)
    assert calls == [sc.name]
    _same(fake, hit)
    assert math.isnan(hit.get("cost.nan")) and hit.get("cost.inf") == math.inf
    assert isinstance(hit.get("cost.n"), int)
    assert rc.read_from_cache(hit) and not rc.read_from_cache(first)
    assert "network" in hit.artifacts and calls == [sc.name]
    assert hit.artifacts["network"] is fake.artifacts["network"]
    assert calls == [sc.name, sc.name]
    assert rc.contains(sc)


def test_bypass_neither_reads_nor_writes(sc: GroundScenario, fresh_cache: Path) -> None:
    solve, calls = _counting(_fake())
    rc.cached_simulation(sc, solve)
    with rc.bypass():
        assert not rc.enabled() and not rc.contains(sc)
        with rc.bypass(False):  # an inner "cache on" does not undo the outer bypass
            rc.cached_simulation(sc, solve)
        rc.cached_simulation(_scenario(name="other"), solve)
    assert calls == [sc.name, sc.name, "other"]
    assert len(list((fresh_cache / "results").iterdir())) == 1
    with rc.bypass(False):
        rc.cached_simulation(sc, solve)
    assert len(calls) == 3


def test_unreadable_entry_is_a_miss_and_replaced(sc: GroundScenario, fresh_cache: Path) -> None:
    """Garbage, a truncated archive, and another key's entry under this name: each is a
    miss, solved again, and the entry is replaced by a good one."""
    solve, calls = _counting(_fake(3.0))
    rc.cached_simulation(sc, solve)
    path = rc.ResultCache().path(rc.result_key(sc) or "")
    good = path.read_bytes()
    for n, broken in enumerate([b"not a zip", good[: len(good) // 2]], start=2):
        path.write_bytes(broken)
        _same(_fake(3.0), rc.cached_simulation(sc, solve))
        assert len(calls) == n
        _same(_fake(3.0), rc.cached_simulation(sc, solve))  # replaced: a hit again
        assert len(calls) == n
    other = rc.ResultCache().path("0" * 64)
    other.write_bytes(good)  # a whole entry, but of another key
    assert rc.ResultCache().get("0" * 64, lambda: _fake()) is None
    assert not other.exists()


def test_write_is_atomic(
    sc: GroundScenario, fresh_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails half-way (here: the disk refuses the flush) leaves the old entry
    whole and no temporary beside it; the result is still returned."""
    key = rc.result_key(sc) or ""
    store = rc.ResultCache()
    assert store.put(key, _fake(1.0))

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(os, "fsync", full)
        assert not store.put(key, _fake(5.0))
    assert [p.name for p in store.folder.iterdir()] == [f"{key}.npz"]
    _same(_fake(1.0), store.get(key, lambda: _fake()) or _fake(-1.0))


def test_results_it_cannot_keep_are_not_stored(sc: GroundScenario, fresh_cache: Path) -> None:
    """An artifact the entry does not know, or a tuple in the values, would not come back
    the same: such a result is returned as solved and not stored."""
    for odd in (_fake(extra=1), SiteResult({"x": (1, 2)}, xr.Dataset(), xr.Dataset())):
        solve, calls = _counting(odd)
        assert rc.cached_simulation(sc, solve) is odd
        assert rc.cached_simulation(sc, solve) is odd
        assert len(calls) == 2
        assert not rc.contains(sc)


def test_size_bounds_evict_the_least_recently_used(tmp_path: Path) -> None:
    """Beyond the entry or byte bound the least recently used entries go (a hit counts as a
    use); a kept network counts with its entry and goes with it; networks without an entry
    and old temporaries (a killed writer's) go; a fresh one (a writer at work) stays."""
    keys = [f"{n:064x}" for n in range(1, 5)]
    store = rc.ResultCache(tmp_path, max_entries=2)
    store.put(keys[0], _fake(0.0))
    store.put(keys[1], _fake(1.0))
    for n, key in enumerate(keys[:2]):
        os.utime(store.path(key), (1000.0 + n, 1000.0 + n))
    assert store.get(keys[0], lambda: _fake()) is not None  # used now: keys[1] is the oldest
    store.put(keys[2], _fake(2.0))
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{k}.npz" for k in (keys[0], keys[2])
    )

    one = store.path(keys[0]).stat().st_size
    sized = rc.ResultCache(tmp_path / "b", max_bytes=2 * one + one // 2)
    for n, key in enumerate(keys[:3]):
        sized.put(key, _fake(float(n)))
        os.utime(sized.path(key), (1000.0 + n, 1000.0 + n))
    assert sorted(p.name for p in sized.folder.iterdir()) == [f"{k}.npz" for k in keys[1:3]]
    source = tmp_path / "network.nc"
    source.write_bytes(b"\0" * (one // 2 + 1))
    assert sized.keep_network(keys[2], source)  # keys[2] with its network passes the bound
    assert sorted(p.name for p in sized.folder.iterdir()) == [f"{keys[2]}.nc", f"{keys[2]}.npz"]
    target = tmp_path / "copy.nc"
    assert sized.copy_network(keys[2], target) and target.read_bytes() == source.read_bytes()
    assert not sized.copy_network(keys[1], target)

    (sized.folder / f"{keys[3]}.nc").write_bytes(b"orphan")
    dead = sized.folder / f".{keys[3]}.npz.999999999.0a1b.tmp"
    live = sized.folder / f".{keys[3]}.npz.{os.getpid()}.0a1b.tmp"
    dead.write_bytes(b"x")
    live.write_bytes(b"x")
    os.utime(dead, (time.time() - rc.STALE_TEMPORARY_S - 1,) * 2)
    sized.prune()
    assert not (sized.folder / f"{keys[3]}.nc").exists() and not dead.exists() and live.exists()
    assert store.max_bytes == rc.DEFAULT_MAX_BYTES == 1 << 30
    assert rc.DEFAULT_MAX_ENTRIES == 1000


def test_cache_dir_env_is_where_entries_go(
    sc: GroundScenario, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATTFLOP_CACHE_DIR", str(tmp_path / "elsewhere"))
    rc.cached_simulation(sc, _counting(_fake())[0])
    assert rc.ResultCache().folder == tmp_path / "elsewhere" / "results"
    assert (tmp_path / "elsewhere" / "results" / f"{rc.result_key(sc)}.npz").is_file()


def test_fuel_unit_of_the_money_is_the_networks() -> None:
    """The money's MMBtu (a constant, so a cache hit imports no PyPSA) is the network's."""
    from wattflop.constants import J_PER_MMBTU
    from wattflop.ground.network import J_PER_MMBTU as NETWORK_J_PER_MMBTU

    assert J_PER_MMBTU == NETWORK_J_PER_MMBTU


# ---------------------------------------------------------------------------------------
# A real ground year
# ---------------------------------------------------------------------------------------


def test_a_ground_year_round_trips(sc: GroundScenario, fresh_cache: Path) -> None:
    """The 1 GW Memphis year read back equals the solved one (values, every hourly and
    sub-second series, sources, the plan), in a small fraction of the solve's time."""
    from wattflop.ground.site import simulate_ground  # the solver itself, never cached

    t0 = time.perf_counter()
    solved = simulate_ground(sc)
    solve_s = time.perf_counter() - t0
    key = rc.result_key(sc) or ""
    store = rc.ResultCache()
    assert store.put(key, solved)
    t0 = time.perf_counter()
    hit = store.get(key, lambda: solved)
    read_s = time.perf_counter() - t0
    assert hit is not None
    _same(solved, hit)
    assert hit.to_json() == solved.to_json()
    assert read_s < solve_s / 10, (read_s, solve_s)


def test_second_compare_solves_nothing(
    fresh_cache: Path, tmp_path: Path, solves: list[str]
) -> None:
    """`wattflop compare` of the same pair twice: the second solves no LP and writes the same
    comparison; with --no-cache it solves again and leaves the cache as it was."""
    args = ["compare", str(ORBIT), str(MEMPHIS), "--out"]
    first = runner.invoke(app, [*args, str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    assert solves == ["ground-1gw-memphis"]
    assert len(list((fresh_cache / "results").iterdir())) == 1
    second = runner.invoke(app, [*args, str(tmp_path / "b")])
    assert second.exit_code == 0, second.output
    assert solves == ["ground-1gw-memphis"]  # no LP solved
    page = "compare.json"
    assert (tmp_path / "a" / page).read_text() == (tmp_path / "b" / page).read_text()
    entries = {p.name: p.stat().st_mtime_ns for p in (fresh_cache / "results").iterdir()}
    third = runner.invoke(app, [*args, str(tmp_path / "c"), "--no-cache"])
    assert third.exit_code == 0, third.output
    assert solves == ["ground-1gw-memphis"] * 2
    assert {p.name: p.stat().st_mtime_ns for p in (fresh_cache / "results").iterdir()} == entries
    assert (tmp_path / "a" / page).read_text() == (tmp_path / "c" / page).read_text()


@pytest.mark.slow
def test_run_keeps_and_copies_its_network(
    fresh_cache: Path, tmp_path: Path, solves: list[str]
) -> None:
    """`wattflop run` of a ground site keeps the network.nc it exports beside the cached
    result; a second run copies that file (no solve) and writes the same files."""
    for out in ("a", "b"):
        done = runner.invoke(
            app, ["run", str(MEMPHIS), "--out", str(tmp_path / out), "--no-report"]
        )
        assert done.exit_code == 0, done.output
    assert solves == ["ground-1gw-memphis"]
    assert "read from the result cache" in done.output
    key = rc.result_key(wattflop.load_scenario(MEMPHIS))  # type: ignore[arg-type]
    assert (fresh_cache / "results" / f"{key}.nc").is_file()
    for name in ("result.json", "dispatch.parquet", "network.nc"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


# ---------------------------------------------------------------------------------------
# Who shares it
# ---------------------------------------------------------------------------------------

#: Every command that simulates a ground site.
CACHED_COMMANDS = [
    "run", "compare", "breakeven", "montecarlo", "learning", "what-it-takes", "claims", "sweep",
]  # fmt: skip


@pytest.mark.parametrize("command", CACHED_COMMANDS)
def test_every_ground_command_takes_no_cache(command: str) -> None:
    done = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert done.exit_code == 0 and "--no-cache" in done.output, done.output


def test_sweep_cases_pass_the_bypass_to_the_worker(sc: GroundScenario) -> None:
    from wattflop.sweep.engine import run_case

    seen: list[bool] = []

    def simulate(scenario: Any) -> SiteResult:
        seen.append(rc.enabled())
        return _fake(4.0)

    outputs = {"cost": "cost.usd_per_eflop"}
    assert run_case(_raw(), {}, outputs, simulate=simulate)["cost"] == 4.0
    assert run_case(_raw(), {}, outputs, simulate=simulate, use_cache=False)["cost"] == 4.0
    assert seen == [True, False]


def test_web_keys_follow_the_code_not_the_version(
    sc: GroundScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wattflop.web import compute
    from wattflop.web.state import study_key

    sim, study = compute.simulation_key(sc), study_key("compare", ["x"])
    monkeypatch.setattr(wattflop, "__version__", "99.0")
    assert (compute.simulation_key(sc), study_key("compare", ["x"])) == (sim, study)
    monkeypatch.setattr(rc, "code_key", lambda: "another build")
    assert compute.simulation_key(sc) != sim and study_key("compare", ["x"]) != study


def test_web_reads_a_result_the_command_line_solved(
    sc: GroundScenario, fresh_cache: Path, tmp_path: Path
) -> None:
    """A ground result in the shared cache goes into the server's store without a job."""
    from wattflop.web import compute

    store = compute.ResultStore(tmp_path / "web")
    assert not compute.from_result_cache(sc, store)
    rc.cached_simulation(sc, _counting(_fake(6.0))[0])
    assert compute.ground_ready(sc, store)
    assert compute.from_result_cache(sc, store)
    entry = store.get(compute.simulation_key(sc))
    assert entry is not None and entry["value"]["result"]["cost"]["usd_per_eflop"] == 6.0

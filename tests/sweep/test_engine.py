"""The engine on a real LocalCluster (2 single-threaded worker processes).

The reference for every stored output is a direct ``wattflop.simulate`` of a scenario file
written with the case's values substituted in the YAML text — a path independent of the
sweep's key editing (``set_key``). The models are deterministic, so the stored numbers equal
the direct ones to floating-point round-off (rtol 1e-12).
"""

from __future__ import annotations

import os
import signal
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

import wattflop
from wattflop.sweep import load_sweep, plan
from wattflop.sweep.engine import EngineError, Progress, run_case, run_sweep
from wattflop.sweep.store import PARTS, StoreError, part_files, read_cases

Writer = Callable[..., Path]
ROOT = Path(__file__).resolve().parents[2]
ORBIT = ROOT / "scenarios" / "orbit-20mw-inclined-550km.yaml"
GROUND = ROOT / "scenarios" / "ground-1gw-memphis.yaml"


def ids_in_files(store: Path) -> list[str]:
    """Every id in every committed file, without deduplication."""
    return [i for f in part_files(store) for i in pq.read_table(f).column("id").to_pylist()]


def assert_no_temporaries(store: Path) -> None:
    assert not [f.name for f in (store / PARTS).iterdir() if f.name.startswith(".")]


def direct(scenario: Path, tmp: Path, replace: dict[str, str]) -> wattflop.SiteResult:
    """Simulate a copy of ``scenario`` with lines edited as text (old → new)."""
    text = scenario.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text, old
        text = text.replace(old, new)
    f = tmp / f"direct-{abs(hash(text))}.yaml"
    f.write_text(text, encoding="utf-8")
    return wattflop.simulate(wattflop.load_scenario(f))


def test_small_orbit_sweep_matches_direct_simulate(
    tmp_path: Path, write_sweep: Writer, client: Any
) -> None:
    """Acceptance: every case stored once, outputs equal to a direct simulate; a case that
    cannot close (a 2 MW satellite on a Falcon 9) is stored as failed with its message,
    and the sweep finishes."""
    f = write_sweep(
        tmp_path,
        vary={"orbit.altitude": [500, 700], "satellite.it_power": ["20 kW", "40 kW", "2 MW"]},
        outputs=["cost.usd_per_eflop", "mass.satellite_kg", "fleet.satellites"],
    )
    p = plan(load_sweep(f))
    store = tmp_path / "store"
    seen: list[Progress] = []
    s = run_sweep(p, store, client=client, batch_size=2, on_progress=seen.append)
    assert (s.total, s.done, s.failed, s.lost, s.stopped) == (6, 4, 2, [], False)
    assert sorted(ids_in_files(store)) == sorted(c.id for c in p.cases)
    assert_no_temporaries(store)
    assert seen[-1].done == 4 and seen[-1].failed == 2 and seen[-1].running == 0
    rows = {r["id"]: r for r in read_cases(store).to_pylist()}
    for case in p.cases:
        row = rows[case.id]
        alt, power = case.values["orbit.altitude"], case.values["satellite.it_power"]
        assert row["orbit_altitude"] == alt and row["satellite_it_power"] == power
        edits = {
            "altitude: 550 km": f"altitude: {alt} km",
            "it_power: 20 kW": f"it_power: {power} kW",
        }
        if power == 2000.0:
            assert row["status"] == "failed" and row["error_type"] == "InfeasibleError"
            assert "exceeds the payload mass of falcon9-reusable" in row["error"]
            with pytest.raises(wattflop.InfeasibleError, match="exceeds the payload mass"):
                direct(ORBIT, tmp_path, edits)
            continue
        ref = direct(ORBIT, tmp_path, edits)
        assert row["status"] == "ok" and row["error"] is None
        for col, path in p.outputs.items():
            assert row[col] == pytest.approx(ref.get(path), rel=1e-12), col
        assert row["duration_s"] > 0 and row["finished_at"] >= row["started_at"]
    # the same sweep again, resumed: nothing to do, nothing written
    files = part_files(store)
    again = run_sweep(p, store, client=client, resume=True)
    assert (again.skipped, again.stored, again.files) == (6, 0, 0)
    assert part_files(store) == files
    with pytest.raises(StoreError, match="pass --resume"):
        run_sweep(p, store, client=client)


@pytest.mark.slow
def test_ground_case_matches_direct_simulate(
    tmp_path: Path, write_sweep: Writer, client: Any
) -> None:
    """One ground case (a year of hourly dispatch, PyPSA + HiGHS) through the engine."""
    f = write_sweep(
        tmp_path,
        base=str(GROUND),
        sampling="list",
        vary={"plant.gas_turbines.fuel_price": ["4.5 USD/MMBtu"]},
        outputs=["cost.usd_per_eflop", "ground.co2_t_per_year", "ground.battery_mwh"],
    )
    p = plan(load_sweep(f))
    store = tmp_path / "store"
    s = run_sweep(p, store, client=client)
    assert (s.done, s.failed) == (1, 0)
    row = read_cases(store).to_pylist()[0]
    ref = direct(GROUND, tmp_path, {"fuel_price: 3.52 USD/MMBtu": "fuel_price: 4.5 USD/MMBtu"})
    for col, path in p.outputs.items():
        # HiGHS is deterministic for one problem and one thread count: same optimum
        assert row[col] == pytest.approx(ref.get(path), rel=1e-9), col


def test_a_killed_worker_loses_nothing(tmp_path: Path, write_sweep: Writer, client: Any) -> None:
    """kill -9 one worker while it runs a case: its nanny restarts it, the scheduler runs
    the case again, the driver stores each case once."""
    f = write_sweep(
        tmp_path,
        vary={"orbit.altitude": [500 + 25 * i for i in range(12)]},
        outputs=["cost.usd_per_eflop"],
    )
    p = plan(load_sweep(f))
    store = tmp_path / "store"
    pids = client.run(os.getpid)
    victim = sorted(pids.values())[0]
    killed: list[int] = []

    def kill_once(pr: Progress) -> None:
        if not killed and pr.done >= 2:
            os.kill(victim, signal.SIGKILL)
            killed.append(victim)

    s = run_sweep(p, store, client=client, batch_size=3, on_progress=kill_once)
    assert killed == [victim]
    assert s.lost == [] and s.done == 12
    assert sorted(ids_in_files(store)) == sorted(c.id for c in p.cases)
    assert_no_temporaries(store)
    workers = {r["worker"] for r in read_cases(store).to_pylist()}
    assert len(workers) >= 2
    client.wait_for_workers(2, timeout=60)  # the nanny brought it back
    again = run_sweep(p, store, client=client, resume=True)
    assert again.stored == 0 and sorted(ids_in_files(store)) == sorted(c.id for c in p.cases)


def test_ctrl_c_keeps_finished_cases(tmp_path: Path, write_sweep: Writer, client: Any) -> None:
    f = write_sweep(
        tmp_path,
        vary={"orbit.altitude": [500 + 20 * i for i in range(10)]},
        outputs=["cost.usd_per_eflop"],
    )
    p = plan(load_sweep(f))
    store = tmp_path / "store"

    raised: list[int] = []

    def interrupt(pr: Progress) -> None:
        if pr.done >= 3 and not raised:
            raised.append(pr.done)
            raise KeyboardInterrupt

    s = run_sweep(p, store, client=client, batch_size=100, on_progress=interrupt)
    assert s.stopped and s.done >= 3 and s.remaining > 0
    stored = ids_in_files(store)
    assert len(stored) == len(set(stored)) == s.stored  # flushed on the way out
    rest = run_sweep(p, store, client=client, resume=True)
    assert rest.skipped == s.stored and rest.stored == 10 - s.stored
    assert sorted(ids_in_files(store)) == sorted(c.id for c in p.cases)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path, write_sweep: Writer) -> None:
    f = write_sweep(tmp_path, vary={"orbit.altitude": [500]}, outputs=["cost.usd_per_eflop"])
    p = plan(load_sweep(f))
    store = tmp_path / "store"
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(EngineError, match=f"no Dask scheduler answers at '{address}' within 2 s"):
        run_sweep(p, store, scheduler=address, timeout_s=2)
    assert not store.exists()


@pytest.mark.parametrize(
    "greeting",
    [b"", b"HTTP/1.1 400 Bad Request\r\n\r\n"],
    ids=["silent-listener", "http-proxy"],
)
def test_a_listener_that_is_not_dask_is_refused_fast(
    tmp_path: Path, write_sweep: Writer, greeting: bytes
) -> None:
    """Issue #16: a silent listener hung the client past --connect-timeout, and an HTTP
    proxy's reply, read as a Dask frame length, asked numpy for 3 EiB."""
    import threading

    f = write_sweep(tmp_path, vary={"orbit.altitude": [500]}, outputs=["cost.usd_per_eflop"])
    p = plan(load_sweep(f))
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    done = threading.Event()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.sendall(greeting)
            done.wait(10)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    try:
        with pytest.raises(EngineError, match="does not speak Dask"):
            run_sweep(p, tmp_path / "store", scheduler=address, timeout_s=1)
    finally:
        done.set()
        server.close()
    assert not (tmp_path / "store").exists()


def test_an_unknown_output_stops_before_storing(
    tmp_path: Path, write_sweep: Writer, client: Any
) -> None:
    f = write_sweep(tmp_path, vary={"orbit.altitude": [500, 600]}, outputs=["cost.usd_per_eflp"])
    p = plan(load_sweep(f))
    store = tmp_path / "store"
    with pytest.raises(EngineError, match=r"did you mean 'cost\.usd_per_eflop'"):
        run_sweep(p, store, client=client)
    assert not store.exists()


def test_run_case_returns_failures_as_data() -> None:
    from wattflop.scenario.keys import load_raw

    raw = load_raw(ORBIT)
    row = run_case(raw, {"orbit.altitude": 600.0}, {"c": "cost.usd_per_eflop"}, simulate=_boom)
    assert row["status"] == "failed" and row["error_type"] == "ZeroDivisionError"
    assert row["error"] == "no" and row["c"] != row["c"]  # NaN


def _boom(sc: Any) -> Any:
    raise ZeroDivisionError("no")

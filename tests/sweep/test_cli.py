"""The sweep commands: kill -9 of a running sweep then --resume (a real process), user
mistakes (exit 2, a message, the store untouched), query and report."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import psutil
import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner, Result

from wattflop.cli.sweep import register
from wattflop.sweep import load_sweep, plan
from wattflop.sweep.cases import SweepPlan
from wattflop.sweep.store import MANIFEST, PARTS, StoreWriter, part_files

Writer = Callable[..., Path]
ROOT = Path(__file__).resolve().parents[2]

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
register(app)
runner = CliRunner()


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(f.relative_to(folder)): (f.read_bytes(), f.stat().st_mtime_ns)
        for f in sorted(folder.rglob("*"))
        if f.is_file()
    }


def user_error(result: Result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    flat = " ".join(result.stderr.split())
    assert "error: " in flat, flat
    for f in fragments:
        assert f in flat, f"{f!r} not in {flat}"


def ids_in_files(store: Path) -> list[str]:
    return [i for f in part_files(store) for i in pq.read_table(f).column("id").to_pylist()]


def small_store(tmp_path: Path, write_sweep: Writer) -> tuple[Path, Path, SweepPlan]:
    """A sweep file and a store holding two (made-up) cases of it."""
    f = write_sweep(
        tmp_path,
        vary={"orbit.altitude": [500, 600, 700]},
        outputs=["cost.usd_per_eflop", "mass.satellite_kg"],
    )
    p = plan(load_sweep(f))
    store = tmp_path / "store"
    now = datetime.now(UTC)
    rows = [
        {
            "id": c.id,
            **p.row_inputs(c),
            "usd_per_eflop": 30.0 + i,
            "satellite_kg": 900.0 - i,
            "status": "ok",
            "started_at": now,
            "finished_at": now,
            "duration_s": 0.3,
            "worker": "w",
            "wattflop_version": "0.1.0",
            "sweep": p.name,
        }
        for i, c in enumerate(p.cases[:2])
    ]
    with StoreWriter(store, p, resume=False) as w:
        w.write(rows)
    return f, store, p


@pytest.mark.slow
def test_kill_9_then_resume_stores_every_case_once(tmp_path: Path, write_sweep: Writer) -> None:
    """Acceptance: kill -9 the sweep process midway; committed files are whole and hold
    distinct cases; --resume runs the rest; every case is stored exactly once."""
    f = write_sweep(
        tmp_path,
        vary={
            "orbit.altitude": [500 + 20 * i for i in range(8)],
            "launch.price_per_kg": [500, 1000],
        },
        outputs=["cost.usd_per_eflop"],
    )
    p = plan(load_sweep(f))
    store = tmp_path / "store"
    cmd = [sys.executable, "-m", "wattflop", "sweep", str(f), "--store", str(store)]
    cmd += ["--workers", "2", "--batch", "1", "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    children: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 120
        while len(part_files(store)) < 3:
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            assert time.monotonic() < deadline, "no case stored in 120 s"
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
    ids = ids_in_files(store)  # every committed file reads whole
    assert 3 <= len(ids) < len(p.cases)
    assert len(ids) == len(set(ids))
    result = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(ids)} already stored" in result.stdout
    assert sorted(ids_in_files(store)) == sorted(c.id for c in p.cases)
    assert not [x.name for x in (store / PARTS).iterdir() if x.name.startswith(".")]


@pytest.mark.slow
def test_ctrl_c_prints_one_line_and_resume_finishes(tmp_path: Path, write_sweep: Writer) -> None:
    """Acceptance (issue #16 item 5): Ctrl-C in a terminal sends SIGINT to the whole
    foreground group (driver and Dask workers). The sweep exits 130 with one line on what is
    kept and --resume, and nothing else: no worker's KeyboardInterrupt traceback, no leaked
    semaphore warning; the workers are gone; --resume stores the rest."""
    f = write_sweep(
        tmp_path,
        vary={"orbit.altitude": [500 + 25 * i for i in range(6)]},
        outputs=["cost.usd_per_eflop"],
    )
    p = plan(load_sweep(f))
    store = tmp_path / "store"
    cmd = [sys.executable, "-m", "wattflop", "sweep", str(f), "--store", str(store)]
    cmd += ["--workers", "2", "--batch", "1", "--no-progress"]
    # its own session: a process group like a terminal's foreground job
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    children: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 120
        while not part_files(store):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "no case stored in 120 s"
            time.sleep(0.05)
        children = psutil.Process(proc.pid).children(recursive=True)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130, stdout + stderr
    for bad in ("Traceback", "KeyboardInterrupt", "leaked semaphore", "Error"):
        assert bad not in stderr, stderr
    lines = [x for x in stderr.splitlines() if x.strip() and not x.startswith("sweep '")]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("interrupted: ") and "--resume" in lines[0], lines[0]
    kept = len(ids_in_files(store))
    assert f"{kept} case(s) of this run kept" in lines[0], (lines[0], kept)
    _, alive = psutil.wait_procs(children, timeout=30)  # workers closed with the cluster
    assert not [c for c in alive if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
    result = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{kept} already stored" in result.stdout
    assert sorted(ids_in_files(store)) == sorted(c.id for c in p.cases)


def test_dask_logs_are_quiet_only_while_a_sweep_runs() -> None:
    import logging

    from wattflop.cli.sweep import quiet_dask_logs

    lg = logging.getLogger("distributed")
    before = lg.level
    lg.setLevel(logging.INFO)
    try:
        with quiet_dask_logs():
            assert not lg.isEnabledFor(logging.INFO)
            assert logging.getLogger("distributed.scheduler").isEnabledFor(logging.WARNING)
        assert lg.level == logging.INFO
        lg.setLevel(logging.ERROR)
        with quiet_dask_logs():
            assert lg.level == logging.ERROR  # never lowered
        assert lg.level == logging.ERROR
    finally:
        lg.setLevel(before)


def test_unknown_key_and_empty_range_write_nothing(tmp_path: Path, write_sweep: Writer) -> None:
    f = write_sweep(
        tmp_path,
        vary={"orbit.altitud": [500], "launch.price_per_kg": {"from": 300, "to": 300, "steps": 2}},
        outputs=["cost.usd_per_eflop"],
    )
    store = tmp_path / "store"
    r = runner.invoke(app, ["sweep", str(f), "--store", str(store), "--workers", "1"])
    user_error(r, "unknown key 'altitud'", "did you mean 'orbit.altitude'?", "empty range")
    assert not store.exists()


def test_bad_stores_and_schedulers_are_refused_untouched(
    tmp_path: Path, write_sweep: Writer
) -> None:
    f, store, _ = small_store(tmp_path, write_sweep)
    before = snapshot(store)
    r = runner.invoke(app, ["sweep", str(f), "--store", str(store), "--workers", "1"])
    user_error(r, "already holds 2 cases", "--resume")
    r = runner.invoke(
        app,
        [
            "sweep",
            str(f),
            "--store",
            str(store),
            "--resume",
            "--scheduler",
            "tcp://127.0.0.1:9",
            "--no-progress",
            "--connect-timeout",
            "2",
        ],
    )
    user_error(r, "no Dask scheduler answers at 'tcp://127.0.0.1:9' within 2 s")
    r = runner.invoke(
        app,
        [
            "sweep",
            str(f),
            "--store",
            str(store),
            "--workers",
            "2",
            "--scheduler",
            "tcp://127.0.0.1:9",
        ],
    )
    user_error(r, "not both")
    assert snapshot(store) == before
    m = store / MANIFEST
    m.write_text(json.dumps(json.loads(m.read_text()) | {"format": 2}))
    before = snapshot(store)
    r = runner.invoke(app, ["sweep", str(f), "--store", str(store), "--resume"])
    user_error(r, "store of format 2", "write to a new --store")
    r = runner.invoke(app, ["query", str(store), "SELECT 1"])
    user_error(r, "store of format 2")
    assert snapshot(store) == before


def test_query_and_report(tmp_path: Path, write_sweep: Writer) -> None:
    _, store, p = small_store(tmp_path, write_sweep)
    r = runner.invoke(
        app, ["query", str(store), "SELECT orbit_altitude, usd_per_eflop FROM cases ORDER BY 1"]
    )
    assert r.exit_code == 0, r.output
    assert "2 rows" in r.stdout and "500" in r.stdout and "31" in r.stdout
    csv = tmp_path / "a.csv"
    r = runner.invoke(app, ["query", str(store), "SELECT id FROM cases", "--csv", str(csv)])
    assert r.exit_code == 0 and sorted(csv.read_text().split()[1:]) == sorted(
        f'"{c.id}"' for c in p.cases[:2]
    )
    user_error(runner.invoke(app, ["query", str(store), "SELECT nope FROM cases"]), "nope")
    user_error(runner.invoke(app, ["query", str(tmp_path / "none"), "SELECT 1"]), "no sweep store")
    copy = f"COPY (SELECT 1) TO '{tmp_path / 'x.csv'}'"
    user_error(runner.invoke(app, ["query", str(store), copy]), "--allow-write")
    assert not (tmp_path / "x.csv").exists()
    r = runner.invoke(app, ["query", str(store), copy, "--allow-write"])
    assert r.exit_code == 0 and (tmp_path / "x.csv").exists(), r.output
    # issue #16: SELECT * squeezed 19 columns to one character each at 80 columns
    r = runner.invoke(app, ["query", str(store), "SELECT * FROM cases"], env={"COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    assert "one block per row" in r.stdout and "── row 2 ──" in r.stdout
    assert all(len(line) <= 80 for line in r.stdout.splitlines())
    assert any(line.strip().startswith("usd_per_eflop: ") for line in r.stdout.splitlines())
    user_error(runner.invoke(app, ["query", str(store), "SELECT 1", "--layout", "x"]), "--layout")
    r = runner.invoke(app, ["sweep-report", str(store), "--versus", "satellite_kg"])
    assert r.exit_code == 0, r.output
    page = (store / "report.html").read_text(encoding="utf-8")
    assert "Pareto front" in page and "usd_per_eflop against each varied input" in page
    r = runner.invoke(app, ["sweep-report", str(store), "--versus", "satelite_kg"])
    user_error(r, "did you mean 'satellite_kg'?")

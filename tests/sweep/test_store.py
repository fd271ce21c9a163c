"""The Parquet store and DuckDB queries (no cluster: rows from ``run_case`` in process, or
made up where only the bookkeeping matters).

Queries are checked against pyarrow reading the same files (two independent Parquet
readers); refusals are checked to leave every byte and timestamp of the store unchanged.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from wattflop.sweep import load_sweep, plan
from wattflop.sweep.cases import SweepPlan
from wattflop.sweep.query import QueryError, query
from wattflop.sweep.store import (
    MANIFEST,
    PARTS,
    StoreError,
    StoreWriter,
    part_files,
    read_cases,
    stored_ids,
)

Writer = Callable[..., Path]


def _plan(tmp_path: Path, write_sweep: Writer, n: int = 6, **kw: Any) -> SweepPlan:
    f = write_sweep(
        tmp_path,
        vary={"orbit.altitude": [500 + 10 * i for i in range(n)]},
        outputs=["cost.usd_per_eflop", "mass.satellite_kg"],
        **kw,
    )
    return plan(load_sweep(f))


def _row(p: SweepPlan, i: int, status: str = "ok", cost: float | None = None) -> dict[str, Any]:
    """A made-up finished case (bookkeeping tests only)."""
    case = p.cases[i]
    now = datetime.now(UTC)
    return {
        "id": case.id,
        **p.row_inputs(case),
        "usd_per_eflop": cost if cost is not None else 10.0 + i,
        "satellite_kg": 1000.0 + i,
        "status": status,
        "error": None if status == "ok" else "boom",
        "error_type": None if status == "ok" else "InfeasibleError",
        "started_at": now,
        "finished_at": now,
        "duration_s": 0.1,
        "worker": "test:1",
        "wattflop_version": "0.1.0",
        "sweep": p.name,
    }


def _open(store: Path, p: SweepPlan, resume: bool = True) -> None:
    with StoreWriter(store, p, resume=resume):
        pass


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder``: its bytes and modification time [ns]."""
    return {
        str(f.relative_to(folder)): (f.read_bytes(), f.stat().st_mtime_ns)
        for f in sorted(folder.rglob("*"))
        if f.is_file()
    }


def test_write_read_exactly_once(tmp_path: Path, write_sweep: Writer) -> None:
    p = _plan(tmp_path, write_sweep)
    store = tmp_path / "store"
    with StoreWriter(store, p, resume=False) as w:
        assert w.write([_row(p, 0), _row(p, 1)]) is not None
        assert w.write([_row(p, 1), _row(p, 2)]) is not None  # 1 again: dropped
        assert w.write([_row(p, 2)]) is None  # nothing new: no file
    assert len(part_files(store)) == 2
    raw = [pq.read_table(f).column("id").to_pylist() for f in part_files(store)]
    flat = [i for ids in raw for i in ids]
    assert sorted(flat) == sorted({p.cases[i].id for i in range(3)})  # each once, in files
    manifest = json.loads((store / MANIFEST).read_text())
    assert manifest["format"] == 1 and manifest["outputs"]["usd_per_eflop"] == "cost.usd_per_eflop"
    assert manifest["inputs"][0] == {
        "key": "orbit.altitude",
        "column": "orbit_altitude",
        "kind": "float",
        "unit": "km",
    }
    t = read_cases(store)
    assert t.num_rows == 3
    assert sorted(t.column("orbit_altitude").to_pylist()) == [500.0, 510.0, 520.0]


def test_readers_dedupe_copies_and_ignore_temporaries(tmp_path: Path, write_sweep: Writer) -> None:
    """A file copied in by hand (same ids) is read once; a half-written temporary left by a
    killed writer is invisible to readers and removed by the next writer."""
    p = _plan(tmp_path, write_sweep)
    store = tmp_path / "store"
    with StoreWriter(store, p, resume=False) as w:
        w.write([_row(p, 0, "failed"), _row(p, 1)])
    first = part_files(store)[0]
    (first.parent / "part-99999999T000000000000-copy.parquet").write_bytes(first.read_bytes())
    junk = store / PARTS / ".part-20270101T000000000000-deadbeef.parquet.x1y2z3.tmp"
    junk.write_bytes(b"PAR1 half a file")
    assert read_cases(store).num_rows == 2
    assert read_cases(store, dedupe=False).num_rows == 4
    n = query(store, "SELECT count(*) AS n, count(DISTINCT id) AS d FROM cases").to_pylist()
    assert n == [{"n": 2, "d": 2}]
    with StoreWriter(store, p, resume=True) as w:
        assert not junk.exists()
        assert w.done == {p.cases[0].id, p.cases[1].id}


def test_query_agrees_with_pyarrow(tmp_path: Path, write_sweep: Writer) -> None:
    p = _plan(tmp_path, write_sweep)
    store = tmp_path / "store"
    with StoreWriter(store, p, resume=False) as w:
        w.write([_row(p, i, cost=3.0 * i + 1) for i in range(4)])
        w.write([_row(p, 4, "failed"), _row(p, 5, cost=0.5)])
    t = read_cases(store)
    ok = [r for r in t.to_pylist() if r["status"] == "ok"]
    expect = sum(r["usd_per_eflop"] for r in ok) / len(ok)
    got = query(store, "SELECT avg(usd_per_eflop) AS a FROM cases WHERE status = 'ok'")
    assert got.column("a")[0].as_py() == pytest.approx(expect, rel=1e-15)
    cheapest = query(store, "SELECT orbit_altitude FROM cases ORDER BY usd_per_eflop LIMIT 1")
    assert cheapest.column("orbit_altitude")[0].as_py() == pytest.approx(550.0)
    failed = query(store, "SELECT error_type, error FROM cases WHERE status = 'failed'")
    assert failed.to_pylist() == [{"error_type": "InfeasibleError", "error": "boom"}]
    with pytest.raises(QueryError, match="usd_per_eflop"):  # lists the columns
        query(store, "SELECT cost FROM cases")


@pytest.mark.parametrize(
    "sql",
    [
        "COPY (SELECT 1) TO '{out}'",
        "COPY cases TO '{out}' (FORMAT csv)",
        "CREATE TABLE t AS SELECT 1",
        "ATTACH '{out}.db' AS x",
        "SELECT 1; COPY (SELECT 1) TO '{out}'",
    ],
)
def test_query_is_read_only_by_default(tmp_path: Path, write_sweep: Writer, sql: str) -> None:
    """Issue #16: SQL on a store writes no file unless --allow-write (DuckDB's own sandbox:
    external access off, only the store's folder readable)."""
    p = _plan(tmp_path, write_sweep)
    store = tmp_path / "store"
    with StoreWriter(store, p, resume=False) as w:
        w.write([_row(p, 0)])
    out = tmp_path / "x.csv"
    with pytest.raises(QueryError, match="only SELECT"):
        query(store, sql.format(out=out))
    assert not out.exists() and not Path(f"{out}.db").exists()
    secret = tmp_path / "secret.csv"
    secret.write_text("a\n42\n")
    with pytest.raises(QueryError, match=r"disabled|Permission"):
        query(store, f"SELECT * FROM read_csv('{secret}')")  # a SELECT, but another file
    query(store, f"COPY (SELECT 1 AS one) TO '{out}'", allow_write=True)
    assert out.read_text().strip().splitlines() == ["one", "1"]


def test_query_of_an_empty_store(tmp_path: Path, write_sweep: Writer) -> None:
    p = _plan(tmp_path, write_sweep)
    store = tmp_path / "store"
    with StoreWriter(store, p, resume=False):
        pass  # nothing stored: no manifest yet
    with pytest.raises(StoreError, match="no sweep store"):
        query(store, "SELECT 1")  # no manifest yet: nothing was stored
    with StoreWriter(store, p, resume=False) as w:
        w.write([_row(p, 0)])
    (part_files(store)[0]).unlink()
    assert query(store, "SELECT count(*) AS n FROM cases").to_pylist() == [{"n": 0}]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda m: m | {"format": 99}, "format 99"),
        (lambda m: m | {"compat": "9.9", "wattflop_version": "9.9.0"}, "wattflop 9.9.0"),
        (lambda m: m | {"fingerprint": "other"}, "holds another sweep"),
        (lambda m: m, "pass --resume"),
    ],
)
def test_refusals_touch_nothing(
    tmp_path: Path, write_sweep: Writer, change: Callable[[dict[str, Any]], Any], message: str
) -> None:
    p = _plan(tmp_path, write_sweep)
    store = tmp_path / "store"
    with StoreWriter(store, p, resume=False) as w:
        w.write([_row(p, 0)])
    m = store / MANIFEST
    m.write_text(json.dumps(change(json.loads(m.read_text()))))
    (store / PARTS / ".part-x.parquet.abc.tmp").write_bytes(b"left by a kill")
    before = snapshot(store)
    with pytest.raises(StoreError, match=message), StoreWriter(store, p, resume=False):
        pass
    assert snapshot(store) == before


def test_not_a_store(tmp_path: Path, write_sweep: Writer) -> None:
    p = _plan(tmp_path, write_sweep)
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "cat.jpg").write_bytes(b"\xff\xd8")
    before = snapshot(folder)
    with pytest.raises(StoreError, match="not a wattflop store"):
        _open(folder, p)
    assert snapshot(folder) == before
    with pytest.raises(StoreError, match="is a file"):
        _open(folder / "cat.jpg", p)


def test_one_writer_at_a_time(tmp_path: Path, write_sweep: Writer) -> None:
    p = _plan(tmp_path, write_sweep)
    store = tmp_path / "store"
    with StoreWriter(store, p, resume=True), pytest.raises(StoreError, match="another sweep"):
        _open(store, p)
    with StoreWriter(store, p, resume=True):  # released
        pass


def test_a_failed_row_keeps_nan_outputs(tmp_path: Path, write_sweep: Writer) -> None:
    p = _plan(tmp_path, write_sweep)
    store = tmp_path / "store"
    row = _row(p, 0, "failed") | {"usd_per_eflop": math.nan, "satellite_kg": math.nan}
    with StoreWriter(store, p, resume=False) as w:
        w.write([row])
    got = read_cases(store).to_pylist()[0]
    assert got["status"] == "failed" and math.isnan(got["usd_per_eflop"])
    assert stored_ids(store) == {p.cases[0].id}


def test_an_extended_sweep_resumes_into_its_store(tmp_path: Path, write_sweep: Writer) -> None:
    """More values of the same keys (same base, same outputs) is the same sweep: its store
    takes the new cases and skips the old; other outputs make another sweep."""
    small = _plan(tmp_path, write_sweep, n=2)
    store = tmp_path / "store"
    with StoreWriter(store, small, resume=False) as w:
        w.write([_row(small, 0), _row(small, 1)])
    big = _plan(tmp_path, write_sweep, n=4)
    assert big.fingerprint == small.fingerprint
    with StoreWriter(store, big, resume=True) as w:
        assert [c.id for c in big.cases if c.id not in w.done] == [c.id for c in big.cases[2:]]
    other = plan(
        load_sweep(
            write_sweep(
                tmp_path, "o.yaml", vary={"orbit.altitude": [500]}, outputs=["cost.usd_per_eflop"]
            )
        )
    )
    with pytest.raises(StoreError, match=r"keeps cost\.usd_per_eflop, mass\.satellite_kg"):
        _open(store, other)

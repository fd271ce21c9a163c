"""The result store of a sweep: a folder of Parquet files, one row per case.

Layout::

    DIR/manifest.json                 store format, wattflop version, columns, sweep identity
    DIR/cases/part-<time>-<uuid>.parquet   one file per batch of finished cases
    DIR/.lock                         held (flock) while a sweep writes

Guarantees
----------
- **Atomic files.** Each batch is written to a hidden temporary name in ``cases/``, flushed
  to disk, then renamed (:func:`wattflop.outdir.write_atomic`): a reader (or a resume after
  ``kill -9``) sees whole files or none. Temporaries left by a killed writer are ignored by
  readers and removed by the next writer.
- **Exactly once.** A case is written once, when its result reaches the driver; a resume
  skips every id already in a file; one writer at a time (an exclusive ``flock`` on
  ``.lock``, released by the OS even after ``kill -9``). Readers also keep the first row of
  each id (:func:`read_cases`), so even a store merged by hand by copying files holds each
  case once in queries.
- **Compatibility.** The manifest records :data:`STORE_FORMAT` and the model compatibility
  tag; a store of another format or model version, or of another sweep (base scenario,
  keys, outputs), is refused before anything is touched.
"""

from __future__ import annotations

import io
import json
import os
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
import pyarrow.compute as pc  # type: ignore[import-untyped, unused-ignore]
import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]

import wattflop
from wattflop.errors import WattflopError
from wattflop.outdir import write_atomic
from wattflop.sweep.cases import COMPAT, InputColumn, SweepPlan

#: Version of the store layout and row schema; a reader refuses any other.
STORE_FORMAT = 1
MANIFEST = "manifest.json"
PARTS = "cases"
LOCK = ".lock"
PART_GLOB = "part-*.parquet"


class StoreError(WattflopError):
    """A store that cannot be read or written as asked (another format or version, another
    sweep, not a store, in use). Nothing in the folder has been changed."""


@dataclass(frozen=True)
class Manifest:
    """What a store holds: its format, the wattflop that wrote it and the sweep's columns."""

    format: int
    compat: str
    wattflop_version: str
    fingerprint: str
    name: str
    base: str
    created: str
    inputs: tuple[InputColumn, ...]
    outputs: dict[str, str]

    @classmethod
    def for_plan(cls, plan: SweepPlan) -> Manifest:
        return cls(
            format=STORE_FORMAT,
            compat=COMPAT,
            wattflop_version=wattflop.__version__,
            fingerprint=plan.fingerprint,
            name=plan.name,
            base=str(plan.base_path),
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            inputs=plan.inputs,
            outputs=dict(plan.outputs),
        )

    def to_json(self) -> str:
        data = {
            "format": self.format,
            "compat": self.compat,
            "wattflop_version": self.wattflop_version,
            "fingerprint": self.fingerprint,
            "name": self.name,
            "base": self.base,
            "created": self.created,
            "inputs": [
                {"key": c.key, "column": c.column, "kind": c.kind, "unit": c.unit}
                for c in self.inputs
            ],
            "outputs": self.outputs,
        }
        return json.dumps(data, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str, where: Path) -> Manifest:
        try:
            data = json.loads(text)
            fmt = data["format"]
        except (ValueError, KeyError, TypeError):
            raise StoreError(
                f"{where} is not a wattflop store manifest (unreadable JSON or no 'format')"
            ) from None
        if fmt != STORE_FORMAT:
            raise StoreError(
                f"{where.parent} is a store of format {fmt!r}, written by wattflop "
                f"{data.get('wattflop_version', '?')}; this wattflop ({wattflop.__version__}) "
                f"reads format {STORE_FORMAT} only: write to a new --store, or open it with "
                "the version that wrote it"
            )
        try:
            return cls(
                format=fmt,
                compat=str(data["compat"]),
                wattflop_version=str(data["wattflop_version"]),
                fingerprint=str(data["fingerprint"]),
                name=str(data["name"]),
                base=str(data.get("base", "")),
                created=str(data.get("created", "")),
                inputs=tuple(
                    InputColumn(str(c["key"]), str(c["column"]), c["kind"], str(c["unit"]))
                    for c in data["inputs"]
                ),
                outputs={str(k): str(v) for k, v in data["outputs"].items()},
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise StoreError(f"{where}: damaged manifest (missing {exc})") from None

    @property
    def input_columns(self) -> list[str]:
        return [c.column for c in self.inputs]

    @property
    def output_columns(self) -> list[str]:
        return list(self.outputs)


_ARROW = {"float": pa.float64(), "int": pa.int64(), "str": pa.string()}


def schema(manifest: Manifest) -> pa.Schema:
    """Row schema of a store: id, inputs, outputs, status, error, timings, version."""
    fields = [pa.field("id", pa.string(), nullable=False)]
    fields += [pa.field(c.column, _ARROW[c.kind]) for c in manifest.inputs]
    fields += [pa.field(col, pa.float64()) for col in manifest.outputs]
    fields += [
        pa.field("status", pa.string(), nullable=False),
        pa.field("error", pa.string()),
        pa.field("error_type", pa.string()),
        pa.field("started_at", pa.timestamp("us", tz="UTC")),
        pa.field("finished_at", pa.timestamp("us", tz="UTC")),
        pa.field("duration_s", pa.float64()),
        pa.field("worker", pa.string()),
        pa.field("wattflop_version", pa.string()),
        pa.field("sweep", pa.string()),
    ]
    units = {c.column: c.unit for c in manifest.inputs}
    meta = {"wattflop.store_format": str(STORE_FORMAT), "wattflop.units": json.dumps(units)}
    return pa.schema(fields, metadata=meta)


def part_files(path: Path) -> list[Path]:
    """The store's committed Parquet files, oldest first (temporaries excluded)."""
    return sorted((Path(path) / PARTS).glob(PART_GLOB))


def _is_ours(name: str) -> bool:
    return name in (MANIFEST, PARTS, LOCK) or name.startswith(f".{MANIFEST}.")


def read_manifest(path: Path) -> Manifest | None:
    """The store's manifest; ``None`` for a missing or empty folder (or one holding only a
    lock left by a sweep that stored nothing).

    Raises
    ------
    StoreError
        A folder with other files and no manifest, a file, an unreadable or incompatible
        manifest.
    """
    p = Path(path)
    if not p.exists():
        return None
    if not p.is_dir():
        raise StoreError(f"{p} is a file, not a store folder: give a folder for --store")
    m = p / MANIFEST
    if not m.is_file():
        others = sorted(x.name for x in p.iterdir() if not _is_ours(x.name))
        if others or part_files(p):
            shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
            raise StoreError(
                f"{p} is not a wattflop store (no {MANIFEST}; holds {shown or 'case files'}): "
                "choose a new or empty folder"
            )
        return None
    manifest = Manifest.from_json(m.read_text(encoding="utf-8"), m)
    if manifest.compat != COMPAT:
        raise StoreError(
            f"{p} holds results of wattflop {manifest.wattflop_version} (model version "
            f"{manifest.compat}); this is wattflop {wattflop.__version__} (model version "
            f"{COMPAT}), whose results may differ: write to a new --store"
        )
    return manifest


def check_plan(path: Path, plan: SweepPlan, *, resume: bool) -> Manifest | None:
    """Whether ``plan`` may write into the store at ``path``; changes nothing.

    Returns the store's manifest (``None`` for a new store).

    Raises
    ------
    StoreError
        Incompatible store, a store of another sweep, or a store with cases and no
        ``resume``.
    """
    manifest = read_manifest(path)
    if manifest is None:
        return None
    if manifest.fingerprint != plan.fingerprint:
        diff = []
        if manifest.input_columns != [c.column for c in plan.inputs]:
            diff.append(f"varies {', '.join(c.key for c in manifest.inputs)}")
        if manifest.outputs != plan.outputs:
            diff.append(f"keeps {', '.join(manifest.outputs.values())}")
        if not diff:
            diff.append(f"starts from another base scenario ({manifest.base})")
        raise StoreError(
            f"{path} holds another sweep ('{manifest.name}', which {'; '.join(diff)}): "
            "a store holds one sweep; write to a new --store"
        )
    if not resume and part_files(Path(path)):
        n = len(stored_ids(Path(path)))
        raise StoreError(
            f"{path} already holds {n} case{'s' if n != 1 else ''} of sweep '{manifest.name}': "
            "pass --resume to run the rest, or choose a new --store"
        )
    return manifest


def stored_ids(path: Path) -> set[str]:
    """Ids of every case in the store's files."""
    ids: set[str] = set()
    for f in part_files(path):
        ids.update(pq.read_table(f, columns=["id"]).column("id").to_pylist())
    return ids


def read_cases(path: Path, *, dedupe: bool = True) -> pa.Table:
    """Every case in the store as one table (schema from the manifest). With ``dedupe``,
    one row per id: an ``ok`` row before a failed one, then the earliest.

    Raises
    ------
    StoreError
        No store at ``path``, or an incompatible one.
    """
    manifest = read_manifest(path)
    if manifest is None:
        raise StoreError(f"no sweep store at {path}: run `wattflop sweep ... --store {path}`")
    sch = schema(manifest)
    tables = [pq.read_table(f, schema=sch) for f in part_files(path)]
    table = pa.concat_tables(tables) if tables else sch.empty_table()
    if not dedupe or table.num_rows == 0:
        return table
    order = pc.sort_indices(
        pa.table(
            {
                "id": table.column("id"),
                "failed": pc.not_equal(table.column("status"), "ok"),
                "t": table.column("finished_at"),
            }
        ),
        sort_keys=[("id", "ascending"), ("failed", "ascending"), ("t", "ascending")],
    )
    table = table.take(order)
    ids = table.column("id").to_pylist()
    keep = [i for i in range(len(ids)) if i == 0 or ids[i] != ids[i - 1]]
    return table.take(pa.array(keep, type=pa.int64()))


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


class StoreWriter:
    """Writes a sweep's finished cases into a store (a context manager holding its lock).

    Parameters
    ----------
    path : Path
        Store folder (created if missing).
    plan : SweepPlan
        The sweep.
    resume : bool
        Continue a store that already holds cases of this sweep.
    """

    def __init__(self, path: Path, plan: SweepPlan, *, resume: bool) -> None:
        self.path = Path(path)
        self.plan = plan
        self.resume = resume
        self.manifest: Manifest | None = None
        self.done: set[str] = set()
        self.created = False
        self._lock_fd: int | None = None
        self.files_written = 0
        self.rows_written = 0

    def __enter__(self) -> StoreWriter:
        check_plan(self.path, self.plan, resume=self.resume)  # before touching anything
        self.created = not self.path.exists()
        try:
            (self.path / PARTS).mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            why = exc.strerror or exc
            raise StoreError(f"cannot create the store {self.path}: {why}") from None
        self._lock()
        try:
            self.manifest = check_plan(self.path, self.plan, resume=self.resume)  # locked now
            for tmp in (self.path / PARTS).glob(".*.tmp"):  # left by a killed writer
                tmp.unlink(missing_ok=True)
            self.done = stored_ids(self.path)
        except BaseException:
            self._unlock()
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._unlock()

    def _lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - no flock (Windows): one writer by convention
            return
        fd = os.open(self.path / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 64).decode(errors="replace").strip()
            os.close(fd)
            raise StoreError(
                f"another sweep is writing to {self.path}"
                + (f" (process {holder})" if holder else "")
                + ": wait for it, or stop it first"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the flock
            self._lock_fd = None

    def write(self, rows: Sequence[Mapping[str, Any]]) -> Path | None:
        """Commit finished cases as one Parquet file; returns its path (``None``: no rows).

        Rows whose id is already stored are dropped (exactly once)."""
        fresh = []
        for r in rows:
            if r["id"] not in self.done:
                fresh.append(r)
                self.done.add(r["id"])
        if not fresh:
            return None
        if self.manifest is None:
            self.manifest = Manifest.for_plan(self.plan)
            write_atomic(self.path / MANIFEST, self.manifest.to_json())
        table = pa.Table.from_pylist(list(fresh), schema=schema(self.manifest))
        buf = io.BytesIO()
        pq.write_table(table, buf, compression="zstd")
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        target = self.path / PARTS / f"part-{stamp}-{uuid.uuid4().hex[:8]}.parquet"
        write_atomic(target, buf.getvalue())
        _fsync_dir(target.parent)
        self.files_written += 1
        self.rows_written += len(fresh)
        return target


def iter_rows(path: Path) -> Iterator[dict[str, Any]]:
    """Every stored row (deduplicated) as a dict."""
    yield from read_cases(path).to_pylist()

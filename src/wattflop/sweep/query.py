"""SQL over a sweep's store with DuckDB: ``wattflop query DIR "SELECT ... FROM cases"``.

The view ``cases`` holds one row per case (the store's Parquet files read in place, each id
once: an ``ok`` row before a failed one, then the earliest), with the columns of the store:
``id``, one per varied key (in its display unit, see the manifest), one per output,
``status`` (``ok``/``failed``), ``error``, ``error_type``, ``started_at``, ``finished_at``,
``duration_s``, ``worker``, ``wattflop_version``, ``sweep``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from wattflop.errors import WattflopError
from wattflop.sweep.store import PART_GLOB, PARTS, Manifest, StoreError, read_manifest, schema


class QueryError(WattflopError):
    """SQL that DuckDB cannot run on the store; the message is DuckDB's, with the columns."""


def connect(store: Path) -> tuple[duckdb.DuckDBPyConnection, Manifest]:
    """An in-memory DuckDB connection with the view ``cases`` over ``store``.

    Raises
    ------
    StoreError
        No store at ``store``, or an incompatible one.
    """
    manifest = read_manifest(Path(store))
    if manifest is None:
        raise StoreError(f"no sweep store at {store}: run `wattflop sweep ... --store {store}`")
    con = duckdb.connect(":memory:")
    parts = Path(store) / PARTS
    if any(parts.glob(PART_GLOB)):
        pattern = str(parts / PART_GLOB).replace("'", "''")
        con.execute(
            "CREATE VIEW cases AS SELECT * EXCLUDE (_rank) FROM ("
            "SELECT *, row_number() OVER (PARTITION BY id ORDER BY status <> 'ok', finished_at)"
            f" AS _rank FROM read_parquet('{pattern}', union_by_name = true)"
            ") WHERE _rank = 1"
        )
    else:
        con.register("_empty_store", schema(manifest).empty_table())
        con.execute("CREATE VIEW cases AS SELECT * FROM _empty_store")
    return con, manifest


def query(store: Path, sql: str) -> Any:
    """Run ``sql`` on the store's ``cases`` view; the answer as a ``pyarrow.Table`` (empty
    for a statement that returns no rows).

    Raises
    ------
    StoreError
        No store, or an incompatible one.
    QueryError
        SQL that DuckDB rejects (its message, and the columns of ``cases``).
    """
    con, manifest = connect(store)
    try:
        rel = con.sql(sql)
        if rel is None:
            import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]

            return pa.table({})
        return rel.to_arrow_table()
    except duckdb.Error as exc:
        columns = ", ".join(schema(manifest).names)
        raise QueryError(f"{exc}\n    the view 'cases' has columns: {columns}") from None
    finally:
        con.close()

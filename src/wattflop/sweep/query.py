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


def connect(
    store: Path, *, read_only: bool = True
) -> tuple[duckdb.DuckDBPyConnection, Manifest]:
    """An in-memory DuckDB connection with the view ``cases`` over ``store``.

    ``read_only`` (the default) sandboxes the connection: DuckDB's external access is off and
    only the store's own Parquet folder can be read, so SQL can neither read other files nor
    write any (``COPY … TO``, ``ATTACH``, ``INSTALL`` are refused by DuckDB itself).

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
    if read_only:
        folder = str(parts.resolve()).replace("'", "''")
        con.execute(f"SET allowed_directories = ['{folder}']")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
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


def query(store: Path, sql: str, *, allow_write: bool = False) -> Any:
    """Run ``sql`` on the store's ``cases`` view; the answer as a ``pyarrow.Table`` (empty
    for a statement that returns no rows).

    Read-only unless ``allow_write``: only ``SELECT`` (and ``WITH … SELECT``) statements, on
    a connection that can read the store and nothing else (:func:`connect`).

    Raises
    ------
    StoreError
        No store, or an incompatible one.
    QueryError
        SQL that DuckDB rejects (its message, and the columns of ``cases``), or a statement
        other than SELECT without ``allow_write``.
    """
    con, manifest = connect(store, read_only=not allow_write)
    try:
        if not allow_write:
            try:
                kinds = [st.type for st in con.extract_statements(sql)]
            except duckdb.Error as exc:
                raise QueryError(str(exc)) from None
            other = [k.name for k in kinds if k != duckdb.StatementType.SELECT]
            if other:
                raise QueryError(
                    f"only SELECT queries are run on a store (got {', '.join(other)}); "
                    "--allow-write runs other statements, with file access"
                )
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

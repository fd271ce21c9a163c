"""Large studies on Dask: sweep files, cases with stable ids, a resumable Parquet store,
DuckDB queries.

A sweep file (a bundled one by name) checked against its base scenario and expanded into
cases, each with a stable id:

>>> from wattflop.sweep import load_sweep, plan
>>> p = plan(load_sweep("orbit-design-space"))
>>> len(p.cases), [c.key for c in p.inputs]
(48, ['orbit.altitude', 'satellite.radiator.temperature', 'launch.price_per_kg'])
>>> p.cases[0].values
{'orbit.altitude': 500.0, 'satellite.radiator.temperature': 10.0, 'launch.price_per_kg': 20.0}

:func:`run_sweep` runs every case on a Dask cluster (``workers=2``: a local one) and writes
each finished case to a Parquet store; :func:`query` reads the store with DuckDB. Here one
case runs in this process, as a worker would run it, into a store in a temporary folder:

>>> import tempfile
>>> from pathlib import Path
>>> from wattflop.sweep.engine import run_case
>>> from wattflop.sweep.query import query
>>> from wattflop.sweep.store import StoreWriter
>>> case = p.cases[0]
>>> row = run_case(p.base_raw, case.values, p.outputs) | {"id": case.id, **p.row_inputs(case)}
>>> row["status"]
'ok'
>>> with tempfile.TemporaryDirectory() as tmp:
...     with StoreWriter(Path(tmp), p, resume=False) as store:
...         _ = store.write([row])
...     query(Path(tmp), "SELECT orbit_altitude, round(usd_per_eflop, 2) AS usd FROM cases")
pyarrow.Table
orbit_altitude: double
usd: double
----
orbit_altitude: [[500]]
usd: [[1.52]]

(``query`` is imported from :mod:`wattflop.sweep.query`: once that module is loaded, the
package attribute of the same name is the module, not the function.)

The names below load on first use, so that ``wattflop --help`` (whose sweep commands,
:mod:`wattflop.cli.sweep`, import them only when run) does not pay for DuckDB, pyarrow and
scipy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wattflop.sweep.cases import Case, SweepPlan, plan
    from wattflop.sweep.engine import EngineError, SweepSummary, run_sweep
    from wattflop.sweep.query import QueryError, query
    from wattflop.sweep.spec import SweepError, load_sweep, parse_sweep
    from wattflop.sweep.store import StoreError, read_cases

_WHERE = {
    "Case": "cases",
    "SweepPlan": "cases",
    "plan": "cases",
    "EngineError": "engine",
    "SweepSummary": "engine",
    "run_sweep": "engine",
    "QueryError": "query",
    "query": "query",
    "SweepError": "spec",
    "load_sweep": "spec",
    "parse_sweep": "spec",
    "StoreError": "store",
    "read_cases": "store",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"wattflop.sweep.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'wattflop.sweep' has no attribute '{name}'")


__all__ = [
    "Case",
    "EngineError",
    "QueryError",
    "StoreError",
    "SweepError",
    "SweepPlan",
    "SweepSummary",
    "load_sweep",
    "parse_sweep",
    "plan",
    "query",
    "read_cases",
    "run_sweep",
]

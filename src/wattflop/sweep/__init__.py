"""Large studies on Dask: sweep files, cases with stable ids, a resumable Parquet store,
DuckDB queries.

>>> from pathlib import Path
>>> from wattflop.sweep import load_sweep, plan, query, run_sweep  # doctest: +SKIP
>>> p = plan(load_sweep("sweeps/orbit-design-space.yaml"))  # doctest: +SKIP
>>> run_sweep(p, Path("out/sweep"), workers=2)  # doctest: +SKIP
>>> query(Path("out/sweep"), "SELECT min(usd_per_eflop) FROM cases")  # doctest: +SKIP

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

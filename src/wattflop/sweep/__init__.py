"""Large studies on Dask: sweep files, cases with stable ids, a resumable Parquet store,
DuckDB queries.

>>> from pathlib import Path
>>> from wattflop.sweep import load_sweep, plan, query, run_sweep  # doctest: +SKIP
>>> p = plan(load_sweep("sweeps/orbit-design-space.yaml"))  # doctest: +SKIP
>>> run_sweep(p, Path("out/sweep"), workers=2)  # doctest: +SKIP
>>> query(Path("out/sweep"), "SELECT min(usd_per_eflop) FROM cases")  # doctest: +SKIP
"""

from __future__ import annotations

from wattflop.sweep.cases import Case, SweepPlan, plan
from wattflop.sweep.engine import EngineError, SweepSummary, run_sweep
from wattflop.sweep.query import QueryError, query
from wattflop.sweep.spec import SweepError, load_sweep, parse_sweep
from wattflop.sweep.store import StoreError, read_cases

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

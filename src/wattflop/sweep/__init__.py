"""Large studies on Dask: sweep files, cases with stable ids, a resumable Parquet store,
DuckDB queries.

>>> from wattflop.sweep import load_sweep, plan, run_sweep  # doctest: +SKIP
>>> p = plan(load_sweep("sweeps/orbit-design-space.yaml"))  # doctest: +SKIP
>>> run_sweep(p, Path("out/sweep"), workers=2)  # doctest: +SKIP
"""

from __future__ import annotations

from wattflop.sweep.cases import Case, SweepPlan, plan
from wattflop.sweep.spec import SweepError, load_sweep, parse_sweep

__all__ = ["Case", "SweepError", "SweepPlan", "load_sweep", "parse_sweep", "plan"]

"""A job process for the job-queue tests (:class:`wattflop.web.jobs.JobManager`'s
``target``): it computes nothing and holds its worker for a set time, so that a test decides
when a job ends. Kept apart from the test modules so that a job process, which imports its
target by name, loads only this (the fork server has wattflop's modules loaded already)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from wattflop.web.compute import ResultStore, ok

#: How long a job holds its worker when its arguments do not say [s]: longer than any test.
HOLD_S = 60.0


def hold(kind: str, args: dict[str, Any], root: str, key: str, cache_env: str | None) -> None:
    """Sleep ``args['hold_s']`` seconds (default :data:`HOLD_S`), then store
    ``{'kind': kind, 'held_s': ...}`` as the job's answer, as a real job stores its result."""
    held_s = float(args.get("hold_s", HOLD_S))
    time.sleep(held_s)
    ResultStore(Path(root)).put(key, ok({"kind": kind, "held_s": held_s}))

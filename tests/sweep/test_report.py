"""The sweep page: its Pareto front against the definition (brute force over all pairs), and
the page built from a store with text inputs and failed cases."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from wattflop.report.sweep import pareto_front, render_sweep
from wattflop.sweep import load_sweep, plan
from wattflop.sweep.store import StoreWriter

Writer = Callable[..., Path]


def brute_force(c: np.ndarray, o: np.ndarray) -> set[int]:
    """Points no other point dominates (≤ in both, < in one), NaNs left out: O(n²)."""
    ok = [i for i in range(len(c)) if np.isfinite(c[i]) and np.isfinite(o[i])]
    return {
        i
        for i in ok
        if not any(
            c[j] <= c[i] and o[j] <= o[i] and (c[j] < c[i] or o[j] < o[i]) for j in ok if j != i
        )
    }


values = st.one_of(st.integers(0, 6).map(float), st.just(float("nan")))


@given(st.lists(st.tuples(values, values), max_size=40), st.booleans())
def test_pareto_front_is_the_set_of_non_dominated_points(
    pts: list[tuple[float, float]], maximize: bool
) -> None:
    """Small integers make ties and duplicates common, the cases a sweep gets wrong."""
    c = np.array([p[0] for p in pts], dtype=float)
    o = np.array([p[1] for p in pts], dtype=float)
    front = pareto_front(c, o, maximize_other=maximize)
    assert set(front.tolist()) == brute_force(c, -o if maximize else o)
    assert len(front) == len(set(front.tolist()))
    assert np.all(np.diff(c[front]) >= 0)  # by increasing cost


def test_page_from_a_store(tmp_path: Path, write_sweep: Writer) -> None:
    f = write_sweep(
        tmp_path,
        vary={"workload.accelerator": ["H100-SXM", "GB200"], "orbit.altitude": [500, 600]},
        outputs=["cost.usd_per_eflop", "mass.satellite_kg"],
    )
    p = plan(load_sweep(f))
    now = datetime.now(UTC)
    cost = [3.0, 1.0, 2.0, float("nan")]
    mass = [1.0, 3.0, 2.0, float("nan")]
    rows = [
        {"id": c.id, **p.row_inputs(c), "usd_per_eflop": cost[i], "satellite_kg": mass[i],
         "status": "ok" if i < 3 else "failed", "error": None if i < 3 else "radiator too hot",
         "error_type": None if i < 3 else "InfeasibleError", "started_at": now,
         "finished_at": now, "duration_s": 0.3, "worker": "w", "wattflop_version": "0.1.0",
         "sweep": p.name}
        for i, c in enumerate(p.cases)
    ]  # fmt: skip
    store = tmp_path / "store"
    with StoreWriter(store, p, resume=False) as w:
        w.write(rows)
    page = render_sweep(store, versus="satellite_kg")
    assert page.count("<figure>") == 3
    assert "(3 of 3)" in page  # every ok case is on the front of this made-up set
    assert "radiator too hot" in page and "InfeasibleError" in page
    assert "H100-SXM" in page and "GB200" in page  # text input as categories

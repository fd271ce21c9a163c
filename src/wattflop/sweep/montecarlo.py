"""The Monte Carlo's re-optimised ground samples as a sweep: ``wattflop montecarlo
--reoptimise-ground N``.

The first ``N`` samples of the Monte Carlo (:func:`wattflop.study.reoptimise.select`) become
the cases of a sweep (:func:`wattflop.sweep.cases.plan_rows`): the ground scenario with each
sample's values set, run in full — the plant re-sized and re-dispatched by the LP — on Dask
by the sweep engine (:func:`wattflop.sweep.engine.run_sweep`), each finished sample committed
to a Parquet store (:mod:`wattflop.sweep.store`) as its own file. A case's id is a hash of
the ground scenario's content and the sampled values (:func:`wattflop.sweep.cases.case_id`),
so the same command run again, after it finished or after it was killed (even by ``kill
-9``), solves only the samples not in the store yet; when all are, no cluster starts. The
runs are then compared with the re-priced samples (:func:`wattflop.study.reoptimise.compare`).

Where the store lives: ``--store DIR``, else ``OUT/montecarlo-ground-store`` beside the
command's pages (:data:`DEFAULT_STORE`). ``wattflop query`` and ``sweep-report`` read it as
any sweep store. A store of another ground set-up (an edited scenario, other sampled keys,
another model version: another sweep fingerprint) is replaced at the default place — it is
the command's own — and refused where the user named it.
"""

from __future__ import annotations

import json
import math
import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from wattflop.budget import Budget, Estimate, check, cpu_count
from wattflop.errors import ScenarioError, WattflopError
from wattflop.scenario import parse_scenario
from wattflop.study import reoptimise as reopt
from wattflop.study import uncertainty as unc
from wattflop.sweep.cases import CASE_SECONDS, SweepPlan, plan_rows
from wattflop.sweep.cases import estimate as sweep_estimate
from wattflop.sweep.engine import Progress, SweepSummary, run_sweep
from wattflop.sweep.store import LOCK, MANIFEST, StoreError, check_plan, read_cases, stored_ids

#: Name of the sweep whose cases are the re-optimised samples (stored with every case and in
#: the store's manifest).
SWEEP_NAME = "montecarlo-reoptimised-ground"
#: Where the store goes without ``--store``: this folder inside the Monte Carlo's ``--out``.
DEFAULT_STORE = "montecarlo-ground-store"
#: Peak memory of one worker process while it runs a ground year [bytes]: 600 MB measured
#: (``ru_maxrss`` of a process that simulated the Memphis year, 2-core machine, 2026-12),
#: rounded up.
WORKER_BYTES = 0.75e9


class ReoptimiseStoppedError(WattflopError):
    """The re-optimisation was stopped (Ctrl-C, SIGTERM) or some samples could not run on the
    cluster: what finished is in the store, and the same command runs the rest."""

    def __init__(self, message: str, summary: SweepSummary, store: Path) -> None:
        super().__init__(message)
        self.summary = summary
        self.store = store


def default_workers(n: int, workers: int | None) -> int:
    """Worker processes to start: as asked, else one per core, never more than samples."""
    return max(1, workers if workers is not None else min(cpu_count(), max(n, 1)))


def estimate(n: int, workers: int | None, keys: int) -> Estimate:
    """Memory and wall time of re-optimising ``n`` ground samples on ``workers`` local
    processes (``None``: one per core, at most ``n``): the sweep's time per ground case
    (:data:`~wattflop.sweep.cases.CASE_SECONDS`), and :data:`WORKER_BYTES` per worker process
    plus the sweep driver's share per case."""
    w = default_workers(n, workers)
    driver = sweep_estimate(n, keys, "ground", w)
    return Estimate(
        f"re-optimising {n:,} ground samples (a year of hourly dispatch each, about "
        f"{CASE_SECONDS['ground']:g} s) on {w} worker process(es)",
        memory=driver.memory + w * WORKER_BYTES,
        seconds=driver.seconds,
        shrink="a smaller --reoptimise-ground, or fewer --workers (memory)",
    )


def plan_samples(samples: reopt.GroundSamples, source: str) -> tuple[SweepPlan, tuple[str, ...]]:
    """The samples as a sweep: one case per distinct row of ground values, and each
    sample's case id. ``source`` is the ground scenario's file (kept in the manifest)."""
    return plan_rows(
        SWEEP_NAME, Path(source), samples.raw, samples.keys, samples.rows, reopt.OUTPUTS
    )


def _our_store(store: Path) -> bool:
    """Whether ``store`` is a store of this module's sweep (its manifest names it), whatever
    its version or ground set-up."""
    try:
        data = json.loads((store / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("name") == SWEEP_NAME


def _replace(store: Path) -> None:
    """Remove a store of ours (another ground set-up) unless a writer holds its lock."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no flock (Windows)
        shutil.rmtree(store)
        return
    fd = os.open(store / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise StoreError(
                f"another Monte Carlo is writing to {store}: wait for it, or stop it first"
            ) from None
        shutil.rmtree(store)
    finally:
        os.close(fd)


def solve(
    samples: reopt.GroundSamples,
    source: str,
    store: Path,
    *,
    workers: int | None = None,
    client: Any = None,
    replace_other: bool = False,
    on_progress: Callable[[Progress], None] | None = None,
    use_cache: bool = True,
) -> reopt.SampleRuns:
    """Run every sample not yet in ``store`` (resuming it), one case per Parquet file, so a
    killed run loses only the cases it was solving, then read every sample's outputs back.

    ``replace_other``: the store is the command's own (the default inside ``--out``): one
    there of another ground set-up is replaced rather than refused. Samples already stored
    are not solved again; when all are, no cluster starts.

    Raises
    ------
    StoreError
        A store of another sweep (without ``replace_other``), not a store, or in use.
    ReoptimiseStoppedError
        Stopped by Ctrl-C / SIGTERM, or samples the cluster could not run.
    """
    plan, ids = plan_samples(samples, source)
    notes: list[str] = []
    try:
        check_plan(store, plan, resume=True)
    except StoreError:
        if not (replace_other and _our_store(store)):
            raise
        _replace(store)
        notes.append(
            f"{store} held re-optimised samples of another ground set-up (scenario, sampled "
            "keys or model version): replaced"
        )
    todo = len(set(ids) - (stored_ids(store) if store.is_dir() else set()))
    w = 0
    if todo == 0:  # all stored: no cluster to start
        summary = SweepSummary(total=len(plan.cases), skipped=len(plan.cases))
    else:
        w = default_workers(todo, workers)
        if client is not None:
            w = max(1, sum(client.nthreads().values()))
        summary = run_sweep(
            plan,
            store,
            workers=None if client is not None else w,
            client=client,
            resume=True,
            batch_size=1,
            on_progress=on_progress,
            use_cache=use_cache,
        )
    if summary.stopped:
        raise ReoptimiseStoppedError(
            f"interrupted: {summary.stored} re-optimised ground sample(s) of this run kept in "
            f"{store} ({summary.skipped} stored before); {summary.remaining} not run: run the "
            "same command again to finish",
            summary,
            store,
        )
    if summary.lost:
        raise ReoptimiseStoppedError(
            f"{len(summary.lost)} ground sample(s) could not run on the cluster (first: "
            f"{summary.lost[0][1]}); the others are kept in {store}: run the same command again",
            summary,
            store,
        )
    return _read(store, ids, len(plan.cases), summary, w, notes)


def _read(
    store: Path,
    ids: Sequence[str],
    cases: int,
    summary: SweepSummary,
    workers: int,
    notes: list[str],
) -> reopt.SampleRuns:
    """Each sample's outputs from the store (NaN where its case failed)."""
    wanted = set(ids)
    rows = {r["id"]: r for r in read_cases(store).to_pylist() if r["id"] in wanted}
    missing = wanted - set(rows)
    if missing:  # pragma: no cover - solve() stored every case or raised
        raise StoreError(f"{len(missing)} re-optimised sample(s) missing from {store}")

    def column(name: str) -> np.ndarray:
        out = []
        for cid in ids:
            r = rows[cid]
            v = r.get(name)
            out.append(float(v) if r["status"] == "ok" and v is not None else math.nan)
        return np.asarray(out, dtype=float)

    failed = [rows[cid] for cid in dict.fromkeys(ids) if rows[cid]["status"] != "ok"]
    return reopt.SampleRuns(
        outputs={col: column(col) for col in reopt.OUTPUTS},
        cases=cases,
        failed=len(failed),
        errors=[f"{r['error_type']}: {r['error']}" for r in failed[:3]],
        reused=summary.skipped,
        solved=summary.done + summary.failed,
        wall_s=summary.wall_s,
        workers=workers,
        store=str(store),
        notes=notes,
    )


def monte_carlo_reoptimised(
    scenarios: Sequence[tuple[Mapping[str, Any], str]],
    samples: int | None = None,
    seed: int | None = None,
    sobol: bool = True,
    metric: str = "usd_per_eflop",
    budget: Budget | None = None,
    progress: Callable[[int, int], None] | None = None,
    *,
    reoptimise_ground: int,
    store: Path,
    own_store: bool = False,
    workers: int | None = None,
    client: Any = None,
    ground_progress: Callable[[Progress], None] | None = None,
    use_cache: bool = True,
) -> reopt.ReoptimisedMonteCarlo:
    """:func:`wattflop.study.uncertainty.monte_carlo`, with the first ``reoptimise_ground``
    (≥ 1) samples also run as full ground simulations, the plant re-sized for each, on Dask
    (``workers`` local processes, or ``client``) into the resumable store ``store``, and
    compared with their re-priced values. ``own_store``: a store there of another ground
    set-up is replaced, not refused. ``ground_progress`` receives the sweep's counts.

    The count is checked, and the N solves against ``budget``, before anything runs.

    Raises
    ------
    ScenarioError, UncertaintyError
        For a bad distribution, key, correlation or sample count.
    ReoptimiseError
        ``reoptimise_ground`` below 1, above the sample count, or without a ground scenario.
    BudgetError
        When the samples or the solves would not fit the memory or time budget.
    StoreError, EngineError
        The store cannot take the samples; the cluster cannot start.
    ReoptimiseStoppedError
        Stopped (Ctrl-C, SIGTERM), or samples lost: what finished is stored and the same
        call runs the rest.
    """
    limits = budget or Budget()
    try:  # the checks that need no site model, before the deterministic runs
        parsed = [(parse_scenario(dict(raw), source=src), src) for raw, src in scenarios]
    except ScenarioError as exc:
        raise unc.with_lines(exc) from None
    sites = {sc.site: src for sc, src in parsed}
    first = parsed[0][0].uncertainty.samples if parsed else 0
    reopt.check_count(reoptimise_ground, first if samples is None else samples, set(sites))
    if reoptimise_ground == 0:
        raise reopt.ReoptimiseError(
            "--reoptimise-ground 0 re-optimises nothing: run the plain Monte Carlo "
            "(wattflop.study.uncertainty.monte_carlo)"
        )
    keys = len({k for sc, _src in parsed for k in sc.uncertainty.distributions})
    check(estimate(reoptimise_ground, workers, keys), limits)
    study = unc.prepare(scenarios, samples, seed, budget)
    check(unc.estimate(study), limits)

    mc = unc.run_monte_carlo(study, sobol=sobol, metric=metric, progress=progress)
    chosen = reopt.select(study, reoptimise_ground, metric)
    runs = solve(
        chosen,
        sites["ground"],
        store,
        workers=workers,
        client=client,
        replace_other=own_store,
        on_progress=ground_progress,
        use_cache=use_cache,
    )
    g = study.sites["ground"].deterministic
    at = {"ground": g[metric]}
    if "orbit" in study.sites:
        at["ratio"] = study.sites["orbit"].deterministic[metric] / g[metric]
    caps = {col: g[f"capacity.{col.removesuffix('_mw')}"] for col in reopt.CAPACITIES}
    r = reopt.compare(chosen, runs, metric=metric, deterministic=at, capacities=caps)
    return reopt.ReoptimisedMonteCarlo(mc, r)


__all__ = [
    "DEFAULT_STORE",
    "SWEEP_NAME",
    "WORKER_BYTES",
    "ReoptimiseStoppedError",
    "default_workers",
    "estimate",
    "monte_carlo_reoptimised",
    "plan_samples",
    "solve",
]

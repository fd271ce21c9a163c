"""What the API computes, as plain functions of validated inputs returning JSON-ready dicts.

The same functions run inline in the server (orbit simulations, comparisons whose ground
results are cached) and in job processes (:mod:`wattflop.web.jobs`). Results are the
library's own: ``result`` is exactly the content of ``result.json``
(:meth:`wattflop.result.SiteResult.to_dict`), a comparison is
:meth:`wattflop.study.compare.Comparison.to_dict`, a break-even
:meth:`wattflop.study.breakeven.BreakEven.to_dict`, and so on.
"""

from __future__ import annotations

import json
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import xarray as xr

from wattflop.cache import CACHE_DIR_ENV
from wattflop.errors import InfeasibleError, ScenarioError, WattflopError
from wattflop.jsonable import dumps, jsonable, restore
from wattflop.outdir import write_atomic
from wattflop.result import SiteResult
from wattflop.scenario import Boundary, GroundScenario, OrbitScenario, Scenario
from wattflop.scenario.files import no_user_files
from wattflop.web.inputs import scenario_key

#: Bump when the shape of cached entries changes.
CACHE_FORMAT = 1
#: Series longer than this are left out of a response (the ground's 8,760 hours).
MAX_SERIES = 2000

_KEY = re.compile(r"^[0-9a-f]{64}$")


# ---------------------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------------------


def error_body(exc: BaseException, where: str = "") -> dict[str, Any]:
    """A user error as structured JSON: kind, the command line's message, and each problem
    with its key path, line, value and hint."""
    problems: list[dict[str, Any]] = []
    if isinstance(exc, ScenarioError):
        kind = "invalid scenario"
        for p in exc.problems:
            problems.append(
                {
                    "path": p.path,
                    "message": p.message,
                    "value": jsonable(p.value),
                    "line": p.line,
                    "hint": p.hint,
                    "text": p.format(exc.source),
                }
            )
    elif isinstance(exc, InfeasibleError):
        kind = "infeasible design"
    else:
        kind = "invalid request"
    return {"error": kind, "message": str(exc), "input": where, "problems": problems}


# ---------------------------------------------------------------------------------------
# Results on disk
# ---------------------------------------------------------------------------------------


class ResultStore:
    """Results (or user errors) on disk, one JSON file per content hash, written atomically.

    Only files named ``<64 hex digits>.json`` inside ``root/results`` are ever read or written;
    the oldest entries are removed beyond ``max_entries``.
    """

    def __init__(self, root: Path, max_entries: int = 2000) -> None:
        self.root = Path(root)
        self.folder = self.root / "results"
        self.max_entries = max_entries

    def path(self, key: str) -> Path:
        if not _KEY.match(key):
            raise ValueError(f"not a result key: {key!r}")
        return self.folder / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            entry: dict[str, Any] = json.loads(self.path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return entry

    def put(self, key: str, entry: Mapping[str, Any]) -> None:
        write_atomic(self.path(key), dumps(entry))
        self._prune()

    def _prune(self) -> None:
        try:
            files = [p for p in self.folder.glob("*.json") if _KEY.match(p.stem)]
            if len(files) <= self.max_entries:
                return
            files.sort(key=lambda p: p.stat().st_mtime)
            for p in files[: len(files) - self.max_entries]:
                p.unlink(missing_ok=True)
        except OSError:
            pass


def ok(value: Any) -> dict[str, Any]:
    return {"ok": True, "value": jsonable(value)}


def failed(exc: WattflopError, where: str = "") -> dict[str, Any]:
    return {"ok": False, "error": error_body(exc, where)}


# ---------------------------------------------------------------------------------------
# Orbit: the year of geometry per orbit, kept in memory
# ---------------------------------------------------------------------------------------

_GEOMETRY: OrderedDict[str, Any] = OrderedDict()
_GEOMETRY_LOCK = threading.Lock()
_GEOMETRY_MAX = 8


def geometry(sc: OrbitScenario) -> Any:
    """The year of geometry of an orbit, computed once per distinct orbit section."""
    from wattflop.orbit.site import geometry_for

    key = sc.orbit.model_dump_json()
    with _GEOMETRY_LOCK:
        if key in _GEOMETRY:
            _GEOMETRY.move_to_end(key)
            return _GEOMETRY[key]
    g = geometry_for(sc)
    with _GEOMETRY_LOCK:
        _GEOMETRY[key] = g
        while len(_GEOMETRY) > _GEOMETRY_MAX:
            _GEOMETRY.popitem(last=False)
    return g


def simulate_orbit_cached(sc: OrbitScenario) -> SiteResult:
    from wattflop.orbit.site import simulate_orbit

    return simulate_orbit(sc, geometry(sc))


# ---------------------------------------------------------------------------------------
# Simulation
# ---------------------------------------------------------------------------------------


def series(result: SiteResult) -> dict[str, Any]:
    """Daily and detail time series of a result (variables along ``time`` only)."""
    out: dict[str, Any] = {}
    for name, ds in (("daily", result.daily), ("detail", result.detail)):
        if not isinstance(ds, xr.Dataset) or "time" not in ds.dims:
            continue
        if ds.sizes["time"] > MAX_SERIES:
            continue
        times = np.datetime_as_string(ds["time"].values.astype("datetime64[s]"), unit="s")
        block: dict[str, Any] = {"time": times.tolist(), "units": {}}
        for var in ds.data_vars:
            da = ds[var]
            if da.dims != ("time",):
                continue
            block[str(var)] = jsonable(np.asarray(da.values, dtype=float))
            if "units" in da.attrs:
                block["units"][str(var)] = str(da.attrs["units"])
        out[name] = block
    return out


def simulation(sc: Scenario, result: SiteResult | None = None) -> dict[str, Any]:
    """``{"site", "result" (result.json), "series"}`` of a scenario."""
    import wattflop

    if result is None:
        result = (
            simulate_orbit_cached(sc) if isinstance(sc, OrbitScenario) else (wattflop.simulate(sc))
        )
    return {
        "site": "orbit" if isinstance(sc, OrbitScenario) else "ground",
        "result": result.to_dict(),
        "series": series(result),
    }


def result_of(values: Mapping[str, Any]) -> SiteResult:
    """A result rebuilt from its ``result.json`` values (for studies that only read values)."""

    return SiteResult(values=restore(values), daily=xr.Dataset(), detail=xr.Dataset())


def ground_result(sc: GroundScenario, store: ResultStore) -> SiteResult:
    """A ground result from the store, else simulated (and stored: a later request for the
    same scenario is then answered from disk)."""
    key = simulation_key(sc)
    entry = store.get(key)
    if entry is not None:
        if not entry.get("ok"):
            raise InfeasibleError(str(entry["error"]["message"]))
        return result_of(entry["value"]["result"])
    import wattflop

    try:
        result = wattflop.simulate(sc)
    except InfeasibleError as exc:
        store.put(key, failed(exc))
        raise
    store.put(key, ok(simulation(sc, result)))
    return result


def simulation_key(sc: Scenario) -> str:
    """Key of a simulation's entry: the scenario, the entry format, and wattflop's code and
    libraries (:func:`wattflop.result_cache.code_key`)."""
    from wattflop.result_cache import code_key
    from wattflop.web.inputs import content_key

    return content_key("simulate", CACHE_FORMAT, code_key(), scenario_key(sc))


def ground_ready(sc: Scenario, store: ResultStore) -> bool:
    """Whether a ground result is at hand, in this store or in the result cache shared with
    the command line and sweeps (:mod:`wattflop.result_cache`): then it is read in
    milliseconds and needs no job."""
    from wattflop import result_cache

    if store.get(simulation_key(sc)) is not None:
        return True
    return isinstance(sc, GroundScenario) and result_cache.contains(sc)


def from_result_cache(sc: GroundScenario, store: ResultStore) -> bool:
    """Put the simulation of ``sc`` into ``store`` when the result cache holds its result (a
    read of milliseconds, no job); whether the store has it now."""
    if ground_ready(sc, store):
        ground_result(sc, store)
        return True
    return False


def site_simulator(store: ResultStore) -> Callable[[Scenario], SiteResult]:
    """Scenario → result: orbit in this process (geometry cached), ground via the store."""

    def run(sc: Scenario) -> SiteResult:
        if isinstance(sc, OrbitScenario):
            return simulate_orbit_cached(sc)
        assert isinstance(sc, GroundScenario)
        return ground_result(sc, store)

    return run


# ---------------------------------------------------------------------------------------
# Studies
# ---------------------------------------------------------------------------------------


def site_summary(sc: Scenario, result: Mapping[str, Any]) -> dict[str, Any]:
    """The summary of a simulated site (:func:`wattflop.study.summary.site_summary`) of its
    ``result.json`` values, as JSON."""
    from wattflop.study.summary import site_summary as summarise

    out: dict[str, Any] = jsonable(asdict(summarise(sc, result_of(result))))
    return out


def comparison(
    scenarios: Sequence[Scenario],
    boundary: str | None,
    simulate: Callable[[Scenario], SiteResult],
) -> dict[str, Any]:
    """A comparison with its table and, for one orbital and one ground site, the verdict
    (:func:`wattflop.study.summary.comparison_verdict`; else None)."""
    from wattflop.study.compare import compare, with_boundary
    from wattflop.study.summary import comparison_verdict

    chosen = Boundary(boundary) if boundary is not None else None
    c = compare(list(scenarios), boundary=chosen, simulate=simulate)
    compared = [with_boundary(sc, c.boundary) for sc in scenarios]
    verdict = comparison_verdict(compared, c.results)
    return c.to_dict() | {
        "names": list(c.names),
        "table": [list(row) for row in c.table()],
        "verdict": jsonable(asdict(verdict)) if verdict is not None else None,
    }


def breakeven_curve(
    orbit_raw: Mapping[str, Any],
    ground_raw: Mapping[str, Any],
    key: str,
    lo: str | float,
    hi: str | float,
    side: str,
    metric: str,
    points: int,
    store: ResultStore,
) -> dict[str, Any]:
    from wattflop.study.breakeven import breakeven

    b = breakeven(
        orbit_raw, ground_raw, key, lo, hi, side=side,  # type: ignore[arg-type]
        metric=metric, points=points, simulate=site_simulator(store),
    )  # fmt: skip
    return b.to_dict()


def montecarlo(
    raws: Sequence[tuple[Mapping[str, Any], str]], samples: int, seed: int | None
) -> dict[str, Any]:
    from wattflop.study.summary import montecarlo_summary
    from wattflop.study.uncertainty import monte_carlo

    mc = monte_carlo(list(raws), samples=samples, seed=seed, sobol=False)
    out: dict[str, Any] = mc.to_dict() | {"summary": jsonable(asdict(montecarlo_summary(mc)))}
    return out


#: The what-it-would-take map's axes on the page: the command's ranges (0–60 USD/W,
#: 6–50 kg/kW), at most :data:`MAX_MAP_POINTS` points each.
MAP_USD_PER_W = (0.0, 60.0)
MAP_KG_PER_KW = (6.0, 50.0)
MAX_MAP_POINTS = 40


def what_it_takes(
    orbit_raw: Mapping[str, Any],
    ground_raw: Mapping[str, Any],
    launch_price: float,
    samples: int,
    seed: int | None,
    points: int,
) -> dict[str, Any]:
    """The what-it-would-take study (:func:`wattflop.study.what_it_takes.what_it_takes`) on
    a ``points`` × ``points`` map.

    The study re-prices the ground run's plan (its ``money_inputs`` artifact), which the
    store's JSON does not hold: the ground comes from :func:`wattflop.simulate`, which reads
    the result cache (plan included) in milliseconds when the site was solved before, as
    :func:`ground_result` leaves it."""
    import wattflop
    from wattflop.study.what_it_takes import what_it_takes as study

    def simulate(sc: Scenario) -> SiteResult:
        return simulate_orbit_cached(sc) if isinstance(sc, OrbitScenario) else wattflop.simulate(sc)

    n = min(int(points), MAX_MAP_POINTS)
    w = study(
        orbit_raw, ground_raw, launch_price=launch_price, samples=samples, seed=seed,
        usd_per_w=np.linspace(*MAP_USD_PER_W, n), kg_per_kw=np.linspace(*MAP_KG_PER_KW, n),
        simulate=simulate,
    )  # fmt: skip
    return w.to_dict()


def claims(
    scenarios_dir: Path, overrides: Mapping[str, Mapping[str, str | float]]
) -> list[dict[str, Any]]:
    from wattflop.claims import evaluate_claims

    results = evaluate_claims(
        scenarios_dir=scenarios_dir,
        overrides={f"{name}.yaml": dict(v) for name, v in overrides.items()},
    )
    return [r.to_dict() for r in results]


# ---------------------------------------------------------------------------------------
# Jobs: run in a separate process, answer through the store
# ---------------------------------------------------------------------------------------


def run_job(
    kind: str, args: dict[str, Any], root: str, key: str, cache_env: str | None = None
) -> None:
    """Entry point of a job process: compute, then store the result or the user error under
    ``key``. Anything else (a bug) propagates: the process exits non-zero and the job
    reports that it ended without a result.

    ``cache_env``: ``WATTFLOP_CACHE_DIR`` as the server had it when the job started (None:
    unset); the job process, forked from a fork server started earlier, takes it over, so
    the result cache it reads and writes is the server's own."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if cache_env is None:
        os.environ.pop(CACHE_DIR_ENV, None)
    else:
        os.environ[CACHE_DIR_ENV] = cache_env
    store = ResultStore(Path(root))
    try:
        with no_user_files():  # a request never makes the server read a file
            value = _JOBS[kind](args, store)
    except WattflopError as exc:
        store.put(key, failed(exc, str(args.get("where", ""))))
        return
    store.put(key, ok(value))


def _job_simulate(args: dict[str, Any], store: ResultStore) -> Any:
    sc: GroundScenario = args["scenario"]
    ground_result(sc, store)  # stores the simulation under its own key
    entry = store.get(simulation_key(sc))
    assert entry is not None and entry["ok"]
    return entry["value"]


def _job_compare(args: dict[str, Any], store: ResultStore) -> Any:
    return comparison(args["scenarios"], args["boundary"], site_simulator(store))


def _job_breakeven(args: dict[str, Any], store: ResultStore) -> Any:
    return breakeven_curve(
        args["orbit"], args["ground"], args["key"], args["lo"], args["hi"], args["side"],
        args["metric"], args["points"], store,
    )  # fmt: skip


def _job_montecarlo(args: dict[str, Any], store: ResultStore) -> Any:
    return montecarlo(args["raws"], args["samples"], args["seed"])


def _job_what_it_takes(args: dict[str, Any], store: ResultStore) -> Any:
    return what_it_takes(
        args["orbit"], args["ground"], args["launch_price"], args["samples"], args["seed"],
        args["points"],
    )  # fmt: skip


def _job_claims(args: dict[str, Any], store: ResultStore) -> Any:
    return claims(Path(args["scenarios_dir"]), args["overrides"])


_JOBS: dict[str, Callable[[dict[str, Any], ResultStore], Any]] = {
    "simulate": _job_simulate,
    "compare": _job_compare,
    "breakeven": _job_breakeven,
    "montecarlo": _job_montecarlo,
    "claims": _job_claims,
    "what_it_takes": _job_what_it_takes,
}

"""The state the routes of the web application share, and the dependency that hands it to
them: bundled scenarios, the result store on disk, background jobs, the worker threads of
inline computations and the in-memory caches."""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from fastapi.responses import JSONResponse

import wattflop
from wattflop import result_cache
from wattflop.budget import cpu_limit
from wattflop.errors import WattflopError
from wattflop.jsonable import jsonable
from wattflop.scenario import OrbitScenario, Scenario
from wattflop.scenario.files import no_user_files
from wattflop.web import compute
from wattflop.web.inputs import (
    PARSE_CPU_S,
    Bundled,
    InputError,
    Resolved,
    ScenarioInput,
    bundled_scenarios,
    content_key,
    resolve,
    scenario_key,
)
from wattflop.web.jobs import BusyError, JobManager
from wattflop.web.models import ParamOut
from wattflop.web.params import param_values

T = TypeVar("T")

#: Typical durations shown by the page's progress bars [s] (2-core machine).
EXPECTED_S = {"simulate": 12.0, "compare": 12.0, "breakeven": 20.0, "montecarlo": 15.0}
EXPECTED_S["claims"] = 25.0
EXPECTED_S["what_it_takes"] = 15.0
#: Errors of a job that are the request's fault (422), not the server's.
USER_ERRORS = ("invalid scenario", "invalid request", "infeasible design")


class TimeLimitError(Exception):
    """An inline computation past the server's time limit (HTTP 503)."""

    def __init__(self, limit: float) -> None:
        super().__init__(f"the computation took longer than the server's limit of {limit:g} s")


def study_key(*parts: Any) -> str:
    """Cache key of a computation: its inputs, the cache format and wattflop's code and
    libraries (:func:`wattflop.result_cache.code_key`: any change to the code is a new key,
    whatever the version number says)."""
    return content_key(compute.CACHE_FORMAT, result_cache.code_key(), *parts)


class WebState:
    """What the routes share: bundled scenarios, result store, jobs, inline executor.

    One per application, at ``app.state.wattflop``; a route gets it with the :data:`State`
    dependency.
    """

    def __init__(
        self, cache_dir: Path, scenarios_dir: Path, time_limit_s: float, max_jobs: int
    ) -> None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        self.cache_dir = cache_dir
        self.scenarios_dir = scenarios_dir
        self.bundled: dict[str, Bundled] = bundled_scenarios(scenarios_dir)
        self.store = compute.ResultStore(cache_dir)
        self.jobs = JobManager(self.store, time_limit_s, max_running=max_jobs)
        self.time_limit_s = time_limit_s
        self.executor = self._executor()
        self.executor_closed = False
        self.inflight = 0
        self.max_inflight = 64
        self.lock = threading.Lock()
        self.orbit: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self.params: OrderedDict[tuple[str, bool], list[ParamOut]] = OrderedDict()

    @staticmethod
    def _executor() -> ThreadPoolExecutor:
        return ThreadPoolExecutor(max_workers=2, thread_name_prefix="wattflop-web")

    def start(self) -> None:
        """(Re)open for work: the application's startup (a test client runs it per use)."""
        with self.lock:
            if self.executor_closed:
                self.executor = self._executor()
                self.executor_closed = False
        self.jobs.reopen()

    def stop(self) -> None:
        """Kill running jobs and stop the worker threads: the application's shutdown."""
        self.jobs.shutdown()
        with self.lock:
            self.executor_closed = True
            self.executor.shutdown(wait=False, cancel_futures=True)

    # inline computations ---------------------------------------------------------------

    async def inline(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on the worker threads, within the time limit (HTTP 503 past it)."""
        with self.lock:
            if self.executor_closed:
                raise BusyError("the server is shutting down")
            if self.inflight >= self.max_inflight:
                raise BusyError(f"{self.inflight} computations are running; try again shortly")
            self.inflight += 1
        try:
            loop = asyncio.get_running_loop()
            future = loop.run_in_executor(self.executor, _without_user_files(fn))
            try:
                return await asyncio.wait_for(future, self.time_limit_s)
            except TimeoutError:
                raise TimeLimitError(self.time_limit_s) from None
        finally:
            with self.lock:
                self.inflight -= 1

    def resolve(self, inp: ScenarioInput, where: str) -> Resolved:
        """A scenario of the request, validated; problems are blamed on ``where`` (422)."""
        try:
            with cpu_limit(PARSE_CPU_S, f"reading {where}"):
                return resolve(inp, self.bundled)
        except WattflopError as exc:
            raise InputError(where, exc) from None

    def param_list(self, r: Resolved, result: dict[str, Any] | None = None) -> list[ParamOut]:
        """The page's sliders for a scenario, with its values (cached per scenario)."""
        cache_key = (r.key, result is not None)
        with self.lock:
            hit = self.params.get(cache_key)
        if hit is None:
            hit = [ParamOut(**v) for v in param_values(r.raw, r.scenario, r.site, result)]
            with self.lock:
                self.params[cache_key] = hit
                while len(self.params) > 512:
                    self.params.popitem(last=False)
        return hit

    def orbit_simulation(self, sc: OrbitScenario) -> tuple[dict[str, Any], bool]:
        """An orbit simulation from memory, or computed now (call on a worker thread)."""
        key = scenario_key(sc)
        with self.lock:
            hit = self.orbit.get(key)
            if hit is not None:
                self.orbit.move_to_end(key)
                return hit, True
        sim = jsonable(compute.simulation(sc))
        with self.lock:
            self.orbit[key] = sim
            while len(self.orbit) > 256:
                self.orbit.popitem(last=False)
        return sim, False

    def simulator(self) -> Callable[[Scenario], wattflop.SiteResult]:
        """Scenario → result for studies run inline: orbit via memory, ground via disk."""
        ground = compute.site_simulator(self.store)

        def run(sc: Scenario) -> wattflop.SiteResult:
            if isinstance(sc, OrbitScenario):
                sim, _ = self.orbit_simulation(sc)
                return compute.result_of(sim["result"])
            return ground(sc)

        return run

    # jobs -------------------------------------------------------------------------------

    async def fetch(
        self, key: str, kind: str, args: dict[str, Any], wait: float
    ) -> tuple[Any, bool] | JSONResponse:
        """(result, cached) from the disk cache or a job done within ``wait`` seconds; else
        the response to send: 202 with the job's status, or 422 for a user error."""
        entry = self.store.get(key)
        cached = entry is not None
        if entry is None:
            job = self.jobs.submit(key, kind, args, EXPECTED_S[kind])
            if wait > 0 and not job.done_event.is_set():
                loop = asyncio.get_running_loop()
                await loop.run_in_executor(None, job.done_event.wait, wait)
            if job.state == "failed" and (job.error or {}).get("error") in USER_ERRORS:
                assert job.error is not None
                return JSONResponse(job.error, status_code=422)
            if job.state != "done":
                return JSONResponse(self.jobs.status(job), status_code=202)
            entry = self.store.get(key)
            if entry is None:  # removed by pruning in between: compute again
                job = self.jobs.submit(key, kind, args, EXPECTED_S[kind])
                return JSONResponse(self.jobs.status(job), status_code=202)
        if not entry.get("ok"):
            return JSONResponse(entry["error"], status_code=422)
        return entry["value"], cached

    async def job_or_result(
        self, key: str, kind: str, args: dict[str, Any], wait: float
    ) -> JSONResponse:
        """200 ``{key, cached, result}``, or the response :meth:`fetch` gives."""
        got = await self.fetch(key, kind, args, wait)
        if isinstance(got, JSONResponse):
            return got
        value, cached = got
        return JSONResponse({"key": key, "cached": cached, "result": value})


def _without_user_files(fn: Callable[[], T]) -> Callable[[], T]:
    """``fn`` run under :func:`no_user_files` in whichever thread calls it."""

    def run() -> T:
        with no_user_files():
            return fn()

    return run


async def web_state(request: Request) -> WebState:
    """The application's :class:`WebState` (a FastAPI dependency)."""
    state: WebState = request.app.state.wattflop
    return state


#: A route parameter typed ``State`` receives the application's :class:`WebState`.
State = Annotated[WebState, Depends(web_state)]

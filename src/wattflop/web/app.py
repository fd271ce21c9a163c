"""The HTTP API and the page: :func:`create_app` builds the FastAPI application.

Endpoints (all JSON; the OpenAPI schema is at ``/openapi.json``, documentation at ``/docs``):

- ``GET /api/scenarios``: the bundled orbit and ground scenarios, with their YAML;
- ``GET /api/params``: the page's sliders (dotted keys, display units, ranges);
- ``POST /api/validate``: check a scenario (bundled or uploaded, with key edits);
- ``POST /api/simulate``: ``result`` with the keys of ``result.json``, plus time series;
- ``POST /api/compare``, ``POST /api/breakeven``, ``POST /api/montecarlo``;
- ``GET``/``POST /api/claims``: the public claims, checked (optionally with key edits);
- ``GET /api/jobs/{id}``: a background computation's state and, once done, its result.

Orbit simulations run inline (a fraction of a second; the orbit's year of geometry is kept
in memory). The ground LP, break-even curves, Monte Carlo and the claims run as jobs in
separate processes (:mod:`wattflop.web.jobs`): the endpoint answers ``202`` with the job's
status, or ``200`` with the result when it is cached on disk or done within ``?wait=``
seconds. Bad input is ``422`` with the command line's message and each problem's key path.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from fastapi import FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field

import wattflop
import wattflop.cache
from wattflop.errors import Problem, ScenarioError, WattflopError
from wattflop.jsonable import jsonable
from wattflop.scenario import Boundary, OrbitScenario, Scenario
from wattflop.scenario.files import no_user_files, refuse_file_references
from wattflop.web import compute
from wattflop.web.inputs import (
    Bundled,
    InputError,
    Resolved,
    ScenarioInput,
    Value,
    bundled_scenarios,
    content_key,
    dump_yaml,
    resolve,
    scenario_key,
)
from wattflop.web.jobs import BusyError, JobManager
from wattflop.web.params import PARAMS, param_values

T = TypeVar("T")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")

STATIC = Path(__file__).with_name("static")
#: Largest request body [bytes]: four scenarios of the largest size, JSON-escaped.
MAX_BODY_BYTES = 2_000_000
#: Typical durations shown by the page's progress bars [s] (2-core machine).
EXPECTED_S = {"simulate": 12.0, "compare": 12.0, "breakeven": 20.0, "montecarlo": 15.0}
EXPECTED_S["claims"] = 25.0
#: Errors of a job that are the request's fault (422), not the server's.
USER_ERRORS = ("invalid scenario", "invalid request", "infeasible design")


def default_cache_dir() -> Path:
    """``web`` in wattflop's cache (:func:`wattflop.cache.cache_dir`:
    ``$WATTFLOP_CACHE_DIR/web`` when set, else ``~/.cache/wattflop/web`` on Linux)."""
    return wattflop.cache.cache_dir("web")


# ---------------------------------------------------------------------------------------
# Request and response bodies
# ---------------------------------------------------------------------------------------


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ScenarioRequest(_Body):
    scenario: ScenarioInput


class CompareRequest(_Body):
    scenarios: list[ScenarioInput] = Field(min_length=2, max_length=4)
    boundary: Boundary | None = Field(
        None, description="Cost boundary for every site (default: the first scenario's)."
    )


class BreakEvenRequest(_Body):
    orbit: ScenarioInput
    ground: ScenarioInput
    key: str = Field(
        "launch.price_per_kg",
        max_length=200,
        description="Dotted scenario key of a real number, e.g. satellite.radiator.temperature.",
    )
    lo: Value | None = Field(
        None,
        description="Low end: a number in the key's display unit or a quantity string; "
        "default: the page's slider range for the key, else a tenth of its value.",
    )
    hi: Value | None = Field(None, description="High end, as lo; default: see lo.")
    side: Literal["orbit", "ground", "both"] = "orbit"
    metric: str = Field("cost.usd_per_eflop", max_length=200)
    points: int = Field(9, ge=3, le=25, description="Points of the curve.")


class MonteCarloRequest(_Body):
    scenarios: list[ScenarioInput] = Field(
        min_length=1, max_length=2, description="One orbital and/or one ground scenario."
    )
    samples: int = Field(2000, ge=10, le=20_000)
    seed: int | None = Field(None, ge=0, le=2**32 - 1)


class ClaimsRequest(_Body):
    overrides: dict[str, dict[str, Value]] = Field(
        default_factory=dict,
        max_length=4,
        description="Bundled scenario name → {dotted key → value}, applied before the claims "
        "are evaluated, e.g. {'orbit-1gw-dawn-dusk-650km': {'launch.price_per_kg': 200}}.",
    )


class ProblemOut(BaseModel):
    path: str = Field(description="Dotted key path in the scenario ('' for the whole file).")
    message: str
    value: Any = None
    line: int | None = None
    hint: str = ""
    text: str = Field("", description="The problem as the command line prints it.")


class ErrorOut(BaseModel):
    error: str = Field(description="invalid scenario, invalid request, infeasible design, ...")
    message: str = Field(description="The message of `wattflop` on the command line.")
    input: str = Field("", description="Which part of the request, e.g. 'scenarios.1'.")
    problems: list[ProblemOut] = Field(default_factory=list)


class JobOut(BaseModel):
    id: str
    kind: str
    state: Literal["queued", "running", "done", "failed"]
    elapsed_s: float
    waited_s: float
    expected_s: float
    time_limit_s: float
    status_url: str
    result: Any = None
    error: ErrorOut | None = None


class ScenarioOut(BaseModel):
    name: str
    site: str
    description: str
    yaml: str


class ParamOut(BaseModel):
    id: str
    key: str
    label: str
    unit: str
    site: str
    lo: float
    hi: float
    step: float
    value: float | None = None
    implied: float | None = None


class ValidateOut(BaseModel):
    valid: bool
    name: str
    site: str
    key: str = Field(description="Content hash of the validated scenario.")
    yaml: str = Field(description="The scenario with the edits applied (comments dropped).")
    params: list[ParamOut]


class SimulateOut(BaseModel):
    key: str
    cached: bool
    name: str
    site: str
    result: dict[str, Any] = Field(description="The content of result.json.")
    series: dict[str, Any] = Field(description="Daily and detail time series.")
    params: list[ParamOut]


class AnyOut(BaseModel):
    key: str
    cached: bool
    result: Any


ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorOut, "description": "Bad input: the problems with their key paths."},
    413: {"model": ErrorOut, "description": "Request body too large."},
    429: {"model": ErrorOut, "description": "Too many computations waiting."},
}
JOB: dict[int | str, dict[str, Any]] = {
    202: {"model": JobOut, "description": "Running in the background: poll status_url."}
}


# ---------------------------------------------------------------------------------------
# Middleware: request size
# ---------------------------------------------------------------------------------------

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _TooLargeError(Exception):
    pass


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, by header or while streaming."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > self.limit
                except ValueError:
                    too_big = False
                if too_big:
                    await self._refuse(send)
                    return
        seen = 0
        started = False

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLargeError
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited, tracking)
        except _TooLargeError:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = compute.error_body(
            WattflopError(f"the request body is larger than {self.limit:,} bytes")
        )
        body["error"] = "request too large"
        response = JSONResponse(body, status_code=413)
        await send({"type": "http.response.start", "status": 413, "headers": response.raw_headers})
        await send({"type": "http.response.body", "body": response.body})


# ---------------------------------------------------------------------------------------
# The application
# ---------------------------------------------------------------------------------------


class _State:
    """What the routes share: bundled scenarios, result store, jobs, inline executor."""

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
                raise _TimeLimitError(self.time_limit_s) from None
        finally:
            with self.lock:
                self.inflight -= 1

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


def _simulated(
    r: Resolved, cached: bool, sim: dict[str, Any], params: list[ParamOut]
) -> JSONResponse:
    """The body of :class:`SimulateOut`, sent as is (the result is already plain JSON)."""
    body = {
        "key": r.key, "cached": cached, "name": r.scenario.name, "site": r.site,
        "result": sim["result"], "series": sim["series"],
        "params": [p.model_dump() for p in params],
    }  # fmt: skip
    return JSONResponse(body)


def _without_user_files(fn: Callable[[], T]) -> Callable[[], T]:
    """``fn`` run under :func:`no_user_files` in whichever thread calls it."""

    def run() -> T:
        with no_user_files():
            return fn()

    return run


class _TimeLimitError(Exception):
    def __init__(self, limit: float) -> None:
        super().__init__(f"the computation took longer than the server's limit of {limit:g} s")


def _resolve(inp: ScenarioInput, state: _State, where: str) -> Resolved:
    try:
        return resolve(inp, state.bundled)
    except WattflopError as exc:
        raise InputError(where, exc) from None


def _version_key(*parts: Any) -> str:
    return content_key(compute.CACHE_FORMAT, wattflop.__version__, *parts)


def create_app(
    cache_dir: Path | None = None,
    *,
    scenarios_dir: Path | None = None,
    time_limit_s: float = 120.0,
    max_jobs: int = 2,
    max_body_bytes: int = MAX_BODY_BYTES,
) -> FastAPI:
    """The web application.

    Parameters
    ----------
    cache_dir : Path, optional
        The only folder the server writes to (results of slow computations); default
        :func:`default_cache_dir`.
    scenarios_dir : Path, optional
        Bundled scenarios (default: the repository's ``scenarios/``).
    time_limit_s : float
        Limit of one computation [s]: jobs are killed, inline requests answer 503.
    max_jobs : int
        Background computations running at once.
    max_body_bytes : int
        Largest request body (413 above).
    """
    from wattflop.claims.evaluate import DEFAULT_SCENARIOS_DIR

    state = _State(
        Path(cache_dir) if cache_dir is not None else default_cache_dir(),
        Path(scenarios_dir) if scenarios_dir is not None else DEFAULT_SCENARIOS_DIR,
        time_limit_s,
        max_jobs,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state.start()
        yield
        state.stop()

    app = FastAPI(
        title="wattflop",
        version=wattflop.__version__,
        summary="Where should the next gigawatt of AI compute run, and what does it cost?",
        description=__doc__ or "",
        lifespan=lifespan,
    )
    app.state.wattflop = state
    app.add_middleware(BodyLimit, limit=max_body_bytes)

    # errors ------------------------------------------------------------------------------

    @app.exception_handler(InputError)
    async def _input_error(request: Request, exc: InputError) -> JSONResponse:
        return JSONResponse(compute.error_body(exc.error, exc.where), status_code=422)

    @app.exception_handler(WattflopError)
    async def _user_error(request: Request, exc: WattflopError) -> JSONResponse:
        return JSONResponse(compute.error_body(exc), status_code=422)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            loc = [str(p) for p in err.get("loc", ())]
            path = ".".join(loc[1:])
            msg = str(err.get("msg", "invalid"))
            problems.append(Problem(path, msg.removeprefix("Value error, ")))
        body = compute.error_body(ScenarioError(problems, "request"))
        body["error"] = "invalid request"
        body["input"] = ", ".join(sorted({str(e.get("loc", ("",))[0]) for e in exc.errors()}))
        return JSONResponse(body, status_code=422)

    @app.exception_handler(BusyError)
    async def _busy(request: Request, exc: BusyError) -> JSONResponse:
        body = {"error": "busy", "message": str(exc), "input": "", "problems": []}
        return JSONResponse(body, status_code=429, headers={"Retry-After": "30"})

    @app.exception_handler(_TimeLimitError)
    async def _too_long(request: Request, exc: _TimeLimitError) -> JSONResponse:
        body = {"error": "time limit", "message": str(exc), "input": "", "problems": []}
        return JSONResponse(body, status_code=503, headers={"Retry-After": "60"})

    # page --------------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    @app.get("/vendor/plotly.min.js", include_in_schema=False)
    async def plotly_js() -> FileResponse:
        path = resources.files("plotly") / "package_data" / "plotly.min.js"
        return FileResponse(str(path), media_type="text/javascript")

    @app.get("/index.html", include_in_schema=False)
    async def index_html() -> RedirectResponse:
        return RedirectResponse("/")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    # api ---------------------------------------------------------------------------------

    @app.get("/api/scenarios", response_model=list[ScenarioOut], tags=["scenarios"])
    async def scenarios() -> list[ScenarioOut]:
        """The bundled orbit and ground scenarios, with their YAML text."""
        return [
            ScenarioOut(name=b.name, site=b.site, description=b.description, yaml=b.text)
            for b in state.bundled.values()
        ]

    @app.get("/api/params", response_model=list[ParamOut], tags=["scenarios"])
    async def params() -> list[ParamOut]:
        """The page's sliders: dotted key (``{accelerator}`` is the scenario's), display
        unit, site and range."""
        return [
            ParamOut(
                id=p.id,
                key=p.key,
                label=p.label,
                unit=p.unit,
                site=p.site,
                lo=p.lo,
                hi=p.hi,
                step=p.step,
            )
            for p in PARAMS
        ]

    def _params(r: Resolved, result: dict[str, Any] | None = None) -> list[ParamOut]:
        cache_key = (r.key, result is not None)
        with state.lock:
            hit = state.params.get(cache_key)
        if hit is None:
            hit = [ParamOut(**v) for v in param_values(r.raw, r.scenario, r.site, result)]
            with state.lock:
                state.params[cache_key] = hit
                while len(state.params) > 512:
                    state.params.popitem(last=False)
        return hit

    @app.post("/api/validate", response_model=ValidateOut, responses=ERRORS, tags=["scenarios"])
    async def validate(body: ScenarioRequest) -> ValidateOut:
        """Check a scenario without simulating it: 422 lists every problem with its line and
        key path, as `wattflop validate` does."""

        def work() -> ValidateOut:
            r = _resolve(body.scenario, state, "scenario")
            return ValidateOut(
                valid=True, name=r.scenario.name, site=r.site, key=r.key,
                yaml=dump_yaml(r.raw), params=_params(r),
            )  # fmt: skip

        return await state.inline(work)

    @app.post(
        "/api/simulate",
        response_model=SimulateOut,
        responses=ERRORS | JOB,
        tags=["studies"],
    )
    async def simulate(
        body: ScenarioRequest,
        wait: Annotated[float, Query(ge=0, le=60, description="Seconds to wait for a job.")] = 0,
    ) -> Any:
        """Simulate one site. ``result`` has exactly the keys of ``result.json``. Orbit: run
        now; ground: from the disk cache, else a background job (202)."""
        r = await state.inline(lambda: _resolve(body.scenario, state, "scenario"))
        sc = r.scenario
        if isinstance(sc, OrbitScenario):
            sim, cached = await state.inline(lambda: state.orbit_simulation(sc))
            params = await state.inline(lambda: _params(r, sim["result"]))
            return _simulated(r, cached, sim, params)
        got = await state.fetch(compute.simulation_key(sc), "simulate", {"scenario": sc}, wait)
        if isinstance(got, JSONResponse):
            return got
        sim, cached = got
        params = await state.inline(lambda: _params(r, sim["result"]))
        return _simulated(r, cached, sim, params)

    @app.post("/api/compare", response_model=AnyOut, responses=ERRORS | JOB, tags=["studies"])
    async def compare(
        body: CompareRequest,
        wait: Annotated[float, Query(ge=0, le=60, description="Seconds to wait for a job.")] = 0,
    ) -> Any:
        """Compare sites under one cost boundary (`wattflop compare`): cost per delivered
        EFLOP, per accelerator-hour, per MWh, by cost line."""
        rs = await state.inline(
            lambda: [_resolve(s, state, f"scenarios.{i}") for i, s in enumerate(body.scenarios)]
        )
        boundary = body.boundary.value if body.boundary is not None else None
        chosen = Boundary(boundary) if boundary else rs[0].scenario.economics.boundary
        from wattflop.study.compare import with_boundary

        for i, r in enumerate(rs):
            try:
                with_boundary(r.scenario, chosen)
            except ScenarioError as exc:
                raise InputError(f"scenarios.{i}", exc) from None
        key = _version_key("compare", [r.key for r in rs], boundary)
        entry = state.store.get(key)
        if entry is None:
            grounds = [with_boundary(r.scenario, chosen) for r in rs if r.site == "ground"]
            if all(state.store.get(compute.simulation_key(g)) for g in grounds):
                scs = [r.scenario for r in rs]
                value = await state.inline(
                    lambda: compute.comparison(scs, boundary, state.simulator())
                )
                return {"key": key, "cached": False, "result": jsonable(value)}
        args = {"scenarios": [r.scenario for r in rs], "boundary": boundary}
        return await state.job_or_result(key, "compare", args, wait)

    @app.post("/api/breakeven", response_model=AnyOut, responses=ERRORS | JOB, tags=["studies"])
    async def breakeven(
        body: BreakEvenRequest,
        wait: Annotated[float, Query(ge=0, le=60, description="Seconds to wait for a job.")] = 0,
    ) -> Any:
        """The value of a key at which orbit and ground cost the same, with the curve
        (`wattflop breakeven`); always a background job unless cached."""

        def prepare() -> tuple[str, dict[str, Any]]:
            from wattflop.scenario.keys import get_key
            from wattflop.study.breakeven import BreakEvenError, varied_specs

            o = _resolve(body.orbit, state, "orbit")
            g = _resolve(body.ground, state, "ground")
            if o.site != "orbit":
                raise InputError("orbit", BreakEvenError("'orbit' must be an orbital scenario"))
            if g.site != "ground":
                raise InputError("ground", BreakEvenError("'ground' must be a ground scenario"))
            raw = o.raw if body.side != "ground" else g.raw
            sc = o.scenario if body.side != "ground" else g.scenario
            specs = varied_specs(o.raw, g.raw, body.key, body.side)  # before any job
            spec = specs["orbit" if body.side != "ground" else "ground"]
            lo, hi = body.lo, body.hi
            if lo is None or hi is None:
                slider = next((p for p in PARAMS if p.key_for(sc) == body.key), None)
                if slider is not None:
                    lo = slider.lo if lo is None else lo
                    hi = slider.hi if hi is None else hi
                else:
                    from wattflop.scenario.keys import to_display

                    now = to_display(spec, get_key(raw, body.key))
                    if not now > 0:
                        what = f"give lo and hi for {body.key} (its value is {now:g})"
                        raise BreakEvenError(what)
                    lo = now / 10 if lo is None else lo
                    hi = now * 10 if hi is None else hi
            args = {
                "orbit": o.raw, "ground": g.raw, "key": body.key, "lo": lo, "hi": hi,
                "side": body.side, "metric": body.metric, "points": body.points,
            }  # fmt: skip
            key = _version_key(
                "breakeven", o.key, g.key, body.key, lo, hi, body.side, body.metric, body.points
            )
            return key, args

        key, args = await state.inline(prepare)
        return await state.job_or_result(key, "breakeven", args, wait)

    @app.post("/api/montecarlo", response_model=AnyOut, responses=ERRORS | JOB, tags=["studies"])
    async def montecarlo(
        body: MonteCarloRequest,
        wait: Annotated[float, Query(ge=0, le=60, description="Seconds to wait for a job.")] = 0,
    ) -> Any:
        """Monte Carlo over the scenarios' ``uncertainty`` sections (`wattflop montecarlo`),
        at most 20,000 samples, no Sobol indices; a background job unless cached."""
        rs = await state.inline(
            lambda: [_resolve(s, state, f"scenarios.{i}") for i, s in enumerate(body.scenarios)]
        )
        sites = [r.site for r in rs]
        if len(set(sites)) != len(sites):
            raise InputError(
                "scenarios",
                ScenarioError([Problem("site", "give at most one orbital and one ground site")]),
            )
        key = _version_key("montecarlo", [r.key for r in rs], body.samples, body.seed)
        args = {
            "raws": [(r.raw, r.source) for r in rs],
            "samples": body.samples,
            "seed": body.seed,
        }
        return await state.job_or_result(key, "montecarlo", args, wait)

    async def _claims(overrides: dict[str, dict[str, Value]], wait: float) -> Any:
        def prepare() -> str:
            from wattflop.claims.evaluate import load_registry
            from wattflop.scenario.keys import load_raw, set_key

            for name, edits in overrides.items():
                where = f"overrides.{name}"
                if name not in state.bundled:
                    inp = ScenarioInput(name=name)
                    _resolve(inp, state, where)  # raises: unknown name, with did-you-mean
                try:
                    raw = load_raw(state.bundled[name].path)
                    for k, v in edits.items():
                        raw = set_key(raw, k, v)
                    refuse_file_references(raw, f"{name}.yaml")
                    sc = wattflop.parse_scenario(raw, source=f"{name}.yaml")
                    refuse_file_references(sc.model_dump(), f"{name}.yaml")
                except WattflopError as exc:
                    raise InputError(where, exc) from None
            texts = [b.text for b in state.bundled.values()]
            registry = [e.id for e in load_registry()]
            return _version_key("claims", texts, registry, overrides)

        key = await state.inline(prepare)
        args = {"scenarios_dir": str(state.scenarios_dir), "overrides": overrides}
        return await state.job_or_result(key, "claims", args, wait)

    @app.get("/api/claims", response_model=AnyOut, responses=ERRORS | JOB, tags=["claims"])
    async def claims_default(
        wait: Annotated[float, Query(ge=0, le=60, description="Seconds to wait for a job.")] = 0,
    ) -> Any:
        """The public claims checked against the bundled scenarios (`wattflop claims`):
        claimed, wattflop's number, ratio, verdict."""
        return await _claims({}, wait)

    @app.post("/api/claims", response_model=AnyOut, responses=ERRORS | JOB, tags=["claims"])
    async def claims_edited(
        body: ClaimsRequest,
        wait: Annotated[float, Query(ge=0, le=60, description="Seconds to wait for a job.")] = 0,
    ) -> Any:
        """The claims with key edits on the bundled scenarios: see a verdict move."""
        return await _claims(body.overrides, wait)

    @app.get(
        "/api/jobs/{job_id}",
        response_model=JobOut,
        responses={404: {"model": ErrorOut}},
        tags=["jobs"],
    )
    async def job_status(job_id: Annotated[str, PathParam(max_length=64)]) -> Any:
        """State of a background computation (queued, running, done, failed); with its
        result once done, or the error (the same JSON as a 422)."""
        job = state.jobs.get(job_id)
        if job is not None:
            return JSONResponse(state.jobs.status(job))
        entry = state.store.get(job_id) if _HEX64.match(job_id) else None
        if entry is not None:  # done before this server started
            out: dict[str, Any] = {
                "id": job_id, "kind": "cached", "state": "done" if entry.get("ok") else "failed",
                "elapsed_s": 0.0, "waited_s": 0.0, "expected_s": 0.0,
                "time_limit_s": state.time_limit_s, "status_url": f"/api/jobs/{job_id}",
            }  # fmt: skip
            out["result" if entry.get("ok") else "error"] = entry.get("value", entry.get("error"))
            return JSONResponse(out)
        body = {"error": "not found", "message": f"no job '{job_id}'", "input": "path",
                "problems": []}  # fmt: skip
        return JSONResponse(body, status_code=404)

    return app

"""The HTTP API and the page: :func:`create_app` builds the FastAPI application.

Endpoints (all JSON; the OpenAPI schema is at ``/openapi.json``, documentation at ``/docs``):

- ``GET /api/scenarios``: the bundled orbit and ground scenarios, with their YAML;
- ``GET /api/params``: the page's sliders (dotted keys, display units, ranges);
- ``POST /api/validate``: check a scenario (bundled or uploaded, with key edits);
- ``POST /api/simulate``: ``result`` with the keys of ``result.json``, plus time series and
  a ``summary`` (annual cost, cost per accelerator-hour, LCOE, headline, cost buckets);
- ``POST /api/assumptions``: every input a run uses, with its value, unit and source;
- ``POST /api/compare`` (with the verdict in a sentence), ``POST /api/breakeven``,
  ``POST /api/montecarlo`` (with a summary), ``POST /api/what-it-takes``;
- ``GET``/``POST /api/claims``: the public claims, checked (optionally with key edits);
- ``GET /api/jobs/{id}``: a background computation's state and, once done, its result;
- ``DELETE /api/jobs/{id}``: cancel a background computation (queued or running).

Orbit simulations run inline (a fraction of a second; the orbit's year of geometry is kept
in memory). The ground LP, break-even curves, Monte Carlo, the what-it-would-take map and
the claims run as jobs in separate processes (:mod:`wattflop.web.jobs`): the endpoint
answers ``202`` with the job's status, or ``200`` with the result when it is cached on disk
or done within ``?wait=`` seconds. Bad input is ``422`` with the command line's message and
each problem's key path.

A job's status (the ``202`` body and ``GET /api/jobs/{id}``) has its ``state`` (queued,
running, done, failed, cancelled) and times in seconds: ``elapsed_s`` since it was
submitted, ``queued_s`` waiting for a free worker (so far, or in all once it started),
``running_s`` computing, ``expected_s`` typical; ``queue_position`` is 0 while it runs, 1 for
the next to start, and null once it has ended. A job is shared by every request that asks
for the same content, so cancelling it cancels it for them all (their next request starts it
again); a page cancels the job its last edit superseded.

Everything is sent gzipped to a client that accepts it (JSON, the page, the vendored
plotly.js, Swagger UI and ReDoc, which load nothing from another host: ``/docs`` and
``/redoc`` work offline).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware

import wattflop
import wattflop.cache
from wattflop import bundled
from wattflop.web.assets import Assets
from wattflop.web.handlers import add_error_handlers
from wattflop.web.middleware import BodyLimit
from wattflop.web.routes import claims, docs, jobs, page, scenarios, simulate, studies
from wattflop.web.state import WebState

#: Largest request body [bytes]: four scenarios of the largest size, JSON-escaped.
MAX_BODY_BYTES = 2_000_000
#: Smallest answer that is gzipped [bytes]: below about 1 kB the gzip header and the CPU
#: cost more than the bytes saved.
GZIP_MIN_BYTES = 1000
#: gzip level of answers compressed on the fly (JSON, the page's files): zlib's default, as
#: small as level 9 to within 1 % on the API's JSON (measured 2026-12-03: /openapi.json
#: 24,012 B → 5,184 B at 6, 5,175 B at 9; an orbit /api/simulate 56,577 B → 15,362 / 15,268 B).
GZIP_LEVEL = 6


def default_cache_dir() -> Path:
    """``web`` in wattflop's cache (:func:`wattflop.cache.cache_dir`:
    ``$WATTFLOP_CACHE_DIR/web`` when set, else ``~/.cache/wattflop/web`` on Linux)."""
    return wattflop.cache.cache_dir("web")


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
        Bundled scenarios (default: the ones that ship with wattflop,
        :func:`wattflop.bundled.folder`).
    time_limit_s : float
        Limit of one computation [s]: jobs are killed, inline requests answer 503.
    max_jobs : int
        Background computations running at once.
    max_body_bytes : int
        Largest request body (413 above).
    """
    state = WebState(
        Path(cache_dir) if cache_dir is not None else default_cache_dir(),
        Path(scenarios_dir) if scenarios_dir is not None else bundled.folder("scenarios"),
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
        docs_url=None,  # served from local files by routes.docs
        redoc_url=None,
    )
    app.state.wattflop = state
    app.state.assets = Assets(page.STATIC)
    app.add_middleware(BodyLimit, limit=max_body_bytes)
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES, compresslevel=GZIP_LEVEL)
    add_error_handlers(app)
    app.include_router(page.router)
    app.include_router(docs.router)
    app.mount("/static", page.PageFiles(directory=page.STATIC), name="static")
    for api in (scenarios, simulate, studies, claims, jobs):
        app.include_router(api.router)
    return app

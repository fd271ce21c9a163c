"""``/api/compare``, ``/api/breakeven``, ``/api/montecarlo`` and ``/api/what-it-takes``: the
studies that join the sites, as the command line runs them (defaults from
:mod:`wattflop.study`)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from wattflop.errors import Problem, ScenarioError
from wattflop.jsonable import jsonable
from wattflop.study.breakeven import BreakEvenError, default_range, varied_specs
from wattflop.study.compare import chosen_boundary, with_boundary
from wattflop.web import compute
from wattflop.web.inputs import InputError
from wattflop.web.models import (
    ERRORS,
    JOB,
    AnyOut,
    BreakEvenRequest,
    CompareOut,
    CompareRequest,
    MonteCarloOut,
    MonteCarloRequest,
    Wait,
    WhatItTakesOut,
    WhatItTakesRequest,
)
from wattflop.web.params import scenario_range, slider_for
from wattflop.web.state import State, study_key

router = APIRouter(tags=["studies"])


@router.post("/api/compare", response_model=CompareOut, responses=ERRORS | JOB)
async def compare(body: CompareRequest, state: State, wait: Wait = 0) -> Any:
    """Compare sites under one cost boundary (`wattflop compare`): cost per delivered
    EFLOP, per accelerator-hour, per MWh, by cost line; with one orbital and one ground
    site, the verdict in a sentence with each site's summary."""
    rs = await state.inline(
        lambda: [state.resolve(s, f"scenarios.{i}") for i, s in enumerate(body.scenarios)]
    )
    boundary = body.boundary.value if body.boundary is not None else None
    chosen = chosen_boundary([r.scenario for r in rs], body.boundary)
    for i, r in enumerate(rs):
        try:
            with_boundary(r.scenario, chosen)
        except ScenarioError as exc:
            raise InputError(f"scenarios.{i}", exc) from None
    key = study_key("compare", [r.key for r in rs], boundary)
    entry = state.store.get(key)
    if entry is None:
        grounds = [with_boundary(r.scenario, chosen) for r in rs if r.site == "ground"]
        if all(compute.ground_ready(g, state.store) for g in grounds):
            scs = [r.scenario for r in rs]
            value = await state.inline(lambda: compute.comparison(scs, boundary, state.simulator()))
            return JSONResponse({"key": key, "cached": False, "result": jsonable(value)})
    args = {"scenarios": [r.scenario for r in rs], "boundary": boundary}
    return await state.job_or_result(key, "compare", args, wait)


@router.post("/api/breakeven", response_model=AnyOut, responses=ERRORS | JOB)
async def breakeven(body: BreakEvenRequest, state: State, wait: Wait = 0) -> Any:
    """The value of a key at which orbit and ground cost the same, with the curve
    (`wattflop breakeven`); always a background job unless cached."""

    def prepare() -> tuple[str, dict[str, Any]]:
        o = state.resolve(body.orbit, "orbit")
        g = state.resolve(body.ground, "ground")
        if o.site != "orbit":
            raise InputError("orbit", BreakEvenError("'orbit' must be an orbital scenario"))
        if g.site != "ground":
            raise InputError("ground", BreakEvenError("'ground' must be a ground scenario"))
        varied_specs(o.raw, g.raw, body.key, body.side)  # before any job
        lo, hi = body.lo, body.hi
        if lo is None or hi is None:
            # the page's slider range for the key, else the study's default
            r = o if body.side != "ground" else g
            slider = slider_for(r.scenario, body.key)
            if slider is not None:
                rng = scenario_range(slider, r.raw, r.scenario, None)
                default = (rng.lo, rng.hi)
            else:
                default = default_range(o.raw, g.raw, body.key, body.side)
            lo = default[0] if lo is None else lo
            hi = default[1] if hi is None else hi
        args = {
            "orbit": o.raw, "ground": g.raw, "key": body.key, "lo": lo, "hi": hi,
            "side": body.side, "metric": body.metric, "points": body.points,
        }  # fmt: skip
        key = study_key(
            "breakeven", o.key, g.key, body.key, lo, hi, body.side, body.metric, body.points
        )
        return key, args

    key, args = await state.inline(prepare)
    return await state.job_or_result(key, "breakeven", args, wait)


@router.post("/api/montecarlo", response_model=MonteCarloOut, responses=ERRORS | JOB)
async def montecarlo(body: MonteCarloRequest, state: State, wait: Wait = 0) -> Any:
    """Monte Carlo over the scenarios' ``uncertainty`` sections (`wattflop montecarlo`),
    at most 20,000 samples, no Sobol indices; a background job unless cached. ``summary``:
    P(orbit cheaper), the p5/p50/p95 of the ratio and of each site, and the tornado with
    labels."""
    rs = await state.inline(
        lambda: [state.resolve(s, f"scenarios.{i}") for i, s in enumerate(body.scenarios)]
    )
    sites = [r.site for r in rs]
    if len(set(sites)) != len(sites):
        raise InputError(
            "scenarios",
            ScenarioError([Problem("site", "give at most one orbital and one ground site")]),
        )
    key = study_key("montecarlo", [r.key for r in rs], body.samples, body.seed)
    args = {
        "raws": [(r.raw, r.source) for r in rs],
        "samples": body.samples,
        "seed": body.seed,
    }
    return await state.job_or_result(key, "montecarlo", args, wait)


@router.post("/api/what-it-takes", response_model=WhatItTakesOut, responses=ERRORS | JOB)
async def what_it_takes(body: WhatItTakesRequest, state: State, wait: Wait = 0) -> Any:
    """What it would take for orbit to win (`wattflop what-it-takes`): the map of satellite
    USD/W × kg/kW with the orbit = ground contour and its band, the published designs and
    the headline on it, and the greedy lever table; a background job unless cached."""

    from wattflop.study.what_it_takes import WhatItTakesError

    def prepare() -> tuple[str, dict[str, Any]]:
        o = state.resolve(body.orbit, "orbit")
        g = state.resolve(body.ground, "ground")
        if o.site != "orbit":
            raise InputError("orbit", WhatItTakesError("'orbit' must be an orbital scenario"))
        if g.site != "ground":
            raise InputError("ground", WhatItTakesError("'ground' must be a ground scenario"))
        args = {
            "orbit": o.raw, "ground": g.raw, "launch_price": body.launch_price,
            "samples": body.samples, "seed": body.seed, "points": body.points,
        }  # fmt: skip
        key = study_key(
            "what_it_takes", o.key, g.key, body.launch_price, body.samples, body.seed,
            body.points,
        )  # fmt: skip
        return key, args

    key, args = await state.inline(prepare)
    return await state.job_or_result(key, "what_it_takes", args, wait)

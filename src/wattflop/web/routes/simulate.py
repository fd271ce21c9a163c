"""``/api/simulate``: one site, with the keys of ``result.json`` and its time series."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from wattflop.scenario import OrbitScenario
from wattflop.web import compute
from wattflop.web.inputs import Resolved
from wattflop.web.models import ERRORS, JOB, ParamOut, ScenarioRequest, SimulateOut, Wait
from wattflop.web.state import State

router = APIRouter(tags=["studies"])


@router.post("/api/simulate", response_model=SimulateOut, responses=ERRORS | JOB)
async def simulate(body: ScenarioRequest, state: State, wait: Wait = 0) -> Any:
    """Simulate one site. ``result`` has exactly the keys of ``result.json``; ``summary``
    gives the site's annual cost, cost per accelerator-hour, LCOE, headline and cost in
    seven comparable buckets. Orbit: run now; ground: from the disk caches, else a
    background job (202)."""
    r = await state.inline(lambda: state.resolve(body.scenario, "scenario"))
    sc = r.scenario
    if isinstance(sc, OrbitScenario):
        sim, cached = await state.inline(lambda: state.orbit_simulation(sc))
        params = await state.inline(lambda: state.param_list(r, sim["result"]))
        return _simulated(r, cached, sim, params)
    key = compute.simulation_key(sc)
    if state.store.get(key) is None:  # solved elsewhere (command line, sweep)? read it now
        await state.inline(lambda: compute.from_result_cache(sc, state.store))
    got = await state.fetch(key, "simulate", {"scenario": sc}, wait)
    if isinstance(got, JSONResponse):
        return got
    sim, cached = got
    params = await state.inline(lambda: state.param_list(r, sim["result"]))
    return _simulated(r, cached, sim, params)


def _simulated(
    r: Resolved, cached: bool, sim: dict[str, Any], params: list[ParamOut]
) -> JSONResponse:
    """The body of :class:`SimulateOut`, sent as is (the result is already plain JSON)."""
    body = {
        "key": r.key, "cached": cached, "name": r.scenario.name, "site": r.site,
        "result": sim["result"], "series": sim["series"],
        "params": [p.model_dump() for p in params],
        "summary": compute.site_summary(r.scenario, sim["result"]),
    }  # fmt: skip
    return JSONResponse(body)

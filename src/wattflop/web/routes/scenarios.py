"""``/api/scenarios``, ``/api/params`` and ``/api/validate``: what the page offers and a
scenario checked without simulating it."""

from __future__ import annotations

from fastapi import APIRouter

from wattflop.web.inputs import dump_yaml
from wattflop.web.models import ERRORS, ParamOut, ScenarioOut, ScenarioRequest, ValidateOut
from wattflop.web.params import PARAMS
from wattflop.web.state import State

router = APIRouter(tags=["scenarios"])


@router.get("/api/scenarios", response_model=list[ScenarioOut])
async def scenarios(state: State) -> list[ScenarioOut]:
    """The bundled orbit and ground scenarios, with their YAML text."""
    return [
        ScenarioOut(name=b.name, site=b.site, description=b.description, yaml=b.text)
        for b in state.bundled.values()
    ]


@router.get("/api/params", response_model=list[ParamOut])
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


@router.post("/api/validate", response_model=ValidateOut, responses=ERRORS)
async def validate(body: ScenarioRequest, state: State) -> ValidateOut:
    """Check a scenario without simulating it: 422 lists every problem with its line and
    key path, as `wattflop validate` does."""

    def work() -> ValidateOut:
        r = state.resolve(body.scenario, "scenario")
        return ValidateOut(
            valid=True, name=r.scenario.name, site=r.site, key=r.key,
            yaml=dump_yaml(r.raw), params=state.param_list(r),
        )  # fmt: skip

    return await state.inline(work)

"""``/api/scenarios``, ``/api/params``, ``/api/validate`` and ``/api/assumptions``: what the
page offers, a scenario checked without simulating it, and every input a run of it uses."""

from __future__ import annotations

from dataclasses import asdict, replace

from fastapi import APIRouter

from wattflop.web.inputs import dump_yaml
from wattflop.web.models import (
    ERRORS,
    AssumptionOut,
    AssumptionsOut,
    ParamOut,
    PresetOut,
    ScenarioOut,
    ScenarioRequest,
    ValidateOut,
)
from wattflop.web.params import PARAMS
from wattflop.web.state import State

router = APIRouter(tags=["scenarios"])


@router.get("/api/scenarios", response_model=list[ScenarioOut])
async def scenarios(state: State) -> list[ScenarioOut]:
    """The bundled orbit and ground scenarios, with their YAML text."""
    return [
        ScenarioOut(name=b.name, title=b.title, site=b.site, description=b.description, yaml=b.text)
        for b in state.bundled.values()
    ]


@router.get("/api/params", response_model=list[ParamOut])
async def params() -> list[ParamOut]:
    """The page's sliders: dotted key (``{accelerator}`` is the scenario's), display unit,
    site, range (covering every bundled scenario), what moving it does, and presets with
    their sources. The per-scenario lists of /api/validate and /api/simulate carry each
    scenario's own range (the radiator stops at the accelerator's coolant limit)."""
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
            description=p.description,
            scale=p.scale,
            presets=[PresetOut(**asdict(x)) for x in p.presets],
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
            valid=True,
            name=r.scenario.name,
            site=r.site,
            key=r.key,
            yaml=dump_yaml(r.raw),
            params=state.param_list(r),
        )

    return await state.inline(work)


@router.post("/api/assumptions", response_model=AssumptionsOut, responses=ERRORS)
async def assumptions(body: ScenarioRequest, state: State) -> AssumptionsOut:
    """Every input a run of the scenario uses, with its value, display unit and source: the
    scenario's own values (source: the scenario file; keys edited in the request say so),
    the defaults it leaves to the models (source: the text of `wattflop schema`) and the
    catalogue entries it names (source: the catalogue's)."""
    from wattflop.scenario.assumptions import assumptions as rows_of

    def work() -> AssumptionsOut:
        r = state.resolve(body.scenario, "scenario")
        edited = {k.format(accelerator=r.scenario.workload.accelerator) for k in body.scenario.set}
        rows = [
            replace(a, source=f"set in the request (on {r.source})", origin="scenario")
            if a.key in edited
            else a
            for a in rows_of(r.raw, r.source)
        ]
        return AssumptionsOut(
            name=r.scenario.name,
            site=r.site,
            rows=[AssumptionOut(**asdict(a)) for a in rows],
        )

    return await state.inline(work)

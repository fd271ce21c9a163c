"""``/api/claims``: the public claims checked against the bundled scenarios, optionally
with key edits on them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from wattflop.claims.evaluate import load_registry
from wattflop.errors import WattflopError
from wattflop.scenario import parse_scenario
from wattflop.scenario.files import refuse_file_references
from wattflop.scenario.keys import load_raw, set_key
from wattflop.web.inputs import InputError, ScenarioInput, Value
from wattflop.web.models import ERRORS, JOB, AnyOut, ClaimsRequest, Wait
from wattflop.web.state import State, WebState, study_key

router = APIRouter(tags=["claims"])


@router.get("/api/claims", response_model=AnyOut, responses=ERRORS | JOB)
async def claims_default(state: State, wait: Wait = 0) -> Any:
    """The public claims checked against the bundled scenarios (`wattflop claims`): statement,
    source and url, claimed, wattflop's number and its p5–p95 band, ratio, verdict, reason and
    `holds_if` (the condition under which the claim would hold, or null)."""
    return await _claims(state, {}, wait)


@router.post("/api/claims", response_model=AnyOut, responses=ERRORS | JOB)
async def claims_edited(body: ClaimsRequest, state: State, wait: Wait = 0) -> Any:
    """The claims with key edits on the bundled scenarios: see a verdict move."""
    return await _claims(state, body.overrides, wait)


async def _claims(state: WebState, overrides: dict[str, dict[str, Value]], wait: float) -> Any:
    def prepare() -> str:
        for name, edits in overrides.items():
            where = f"overrides.{name}"
            if name not in state.bundled:
                state.resolve(ScenarioInput(name=name), where)  # raises: did-you-mean
            try:
                raw = load_raw(state.bundled[name].path)
                for k, v in edits.items():
                    raw = set_key(raw, k, v)
                refuse_file_references(raw, f"{name}.yaml")
                sc = parse_scenario(raw, source=f"{name}.yaml")
                refuse_file_references(sc.model_dump(), f"{name}.yaml")
            except WattflopError as exc:
                raise InputError(where, exc) from None
        texts = [b.text for b in state.bundled.values()]
        registry = [e.id for e in load_registry()]
        return study_key("claims", texts, registry, overrides)

    key = await state.inline(prepare)
    args = {"scenarios_dir": str(state.scenarios_dir), "overrides": overrides}
    return await state.job_or_result(key, "claims", args, wait)

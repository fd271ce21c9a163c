"""The JSON bodies of the HTTP API: requests, responses and the error responses each
endpoint documents (:data:`ERRORS`, :data:`JOB`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from wattflop.scenario import Boundary
from wattflop.study.breakeven import DEFAULT_METRIC, Side
from wattflop.web.inputs import ScenarioInput, Value

#: The ``?wait=`` query parameter of the endpoints that may start a job.
Wait = Annotated[float, Query(ge=0, le=60, description="Seconds to wait for a job.")]


class RequestBody(BaseModel):
    """A request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class ScenarioRequest(RequestBody):
    scenario: ScenarioInput


class CompareRequest(RequestBody):
    scenarios: list[ScenarioInput] = Field(min_length=2, max_length=4)
    boundary: Boundary | None = Field(
        None, description="Cost boundary for every site (default: the first scenario's)."
    )


class BreakEvenRequest(RequestBody):
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
    side: Side = "orbit"
    metric: str = Field(DEFAULT_METRIC, max_length=200)
    points: int = Field(9, ge=3, le=25, description="Points of the curve.")


class MonteCarloRequest(RequestBody):
    scenarios: list[ScenarioInput] = Field(
        min_length=1, max_length=2, description="One orbital and/or one ground scenario."
    )
    samples: int = Field(2000, ge=10, le=20_000)
    seed: int | None = Field(None, ge=0, le=2**32 - 1)


class ClaimsRequest(RequestBody):
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
    id: str = Field(description="The job's content key (the same request gives the same id).")
    kind: str = Field(description="simulate, compare, breakeven, montecarlo, claims; cached.")
    state: Literal["queued", "running", "done", "failed", "cancelled"]
    elapsed_s: float = Field(description="Time since the job was submitted [s].")
    queued_s: float = Field(
        description="Time waiting for a free worker [s]: so far while queued, in all after."
    )
    running_s: float = Field(description="Time computing [s] (0 while queued).")
    queue_position: int | None = Field(
        description="0 while running, 1 for the next queued job to start, 2, ...; null once "
        "ended."
    )
    waited_s: float = Field(description="The same as queued_s (kept for older clients) [s].")
    expected_s: float = Field(description="Typical time of such a job on the server [s].")
    time_limit_s: float = Field(description="The job is stopped past this time running [s].")
    status_url: str = Field(description="Where to poll (GET) or cancel (DELETE) the job.")
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

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


class WhatItTakesRequest(RequestBody):
    orbit: ScenarioInput
    ground: ScenarioInput
    launch_price: float = Field(
        100.0,
        gt=0,
        le=1e5,
        description="Launch price of the map [USD/kg] (the command's default: 100).",
    )
    samples: int = Field(
        300, ge=2, le=5000, description="Monte Carlo samples of the contour's p5–p95 band."
    )
    seed: int | None = Field(None, ge=0, le=2**32 - 1, description="Default: the scenario's.")
    points: int = Field(
        31, ge=3, le=40, description="Points on each axis of the map (0–60 USD/W, 6–50 kg/kW)."
    )


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
    title: str = Field(description="Short human name (the name when the file has none).")
    site: str
    description: str
    yaml: str


class PresetOut(BaseModel):
    label: str
    value: float = Field(description="In the parameter's display unit.")
    source: str


class ParamOut(BaseModel):
    id: str
    key: str
    label: str
    unit: str
    site: str
    lo: float = Field(description="Low end; per scenario: widened to its value.")
    hi: float = Field(
        description="High end; per scenario: widened to its value, then limited by its "
        "catalogue (the radiator by the accelerator's coolant limit), see hi_reason."
    )
    step: float
    description: str = Field("", description="What moving it does, in one line.")
    presets: list[PresetOut] = Field(default_factory=list)
    scale: Literal["linear", "log"] = "linear"
    value: float | None = None
    implied: float | None = None
    hi_reason: str = Field("", description="Why hi stops there (empty: the page's range).")


class BucketOut(BaseModel):
    id: Literal["compute", "spares", "power", "cooling", "site", "operations", "waiting"]
    label: str
    usd_per_eflop: float = Field(description="Its part of the cost per delivered EFLOP [USD].")
    usd_per_year: float = Field(description="Its part of the annual cost [USD/yr].")
    share: float = Field(description="Its part of the total [-].")
    lines: list[str] = Field(description="The non-zero cost lines of result.json in it.")
    holds: str = Field(description="What it holds on this site, in words.")
    note: str = ""


class SiteSummaryOut(BaseModel):
    """:class:`wattflop.study.summary.SiteSummary` (infinities as "inf")."""

    name: str
    title: str
    site: Literal["orbit", "ground"]
    usd_per_year: float = Field(description="Annual cost of the site in its boundary [USD/yr].")
    usd_per_accelerator_hour: float
    lcoe_usd_per_mwh: float
    usd_per_eflop: float
    it_power_mw: float = Field(description="IT power built [MW].")
    accelerator: str
    accelerators: int = Field(description="Running accelerators (orbit: spares aside).")
    headline: str = Field(description="The site in a phrase, from the solved design.")
    buckets: list[BucketOut] = Field(description="Seven comparable buckets, fixed order.")


class VerdictOut(BaseModel):
    sentence: str
    cheaper: Literal["orbit", "ground", "equal"] = Field(
        description="'equal' within 0.5 % of a ratio of 1."
    )
    ratio: float = Field(description="Orbit/ground cost per delivered EFLOP [-].")
    sites: list[SiteSummaryOut] = Field(description="Orbit, then ground.")


class AssumptionOut(BaseModel):
    key: str = Field(description="Dotted scenario key (catalog.KIND.NAME.FIELD for catalogue).")
    value: float | str | bool | None = Field(description="In the display unit for numbers.")
    unit: str
    source: str
    origin: Literal["scenario", "default", "catalogue"]


class AssumptionsOut(BaseModel):
    name: str
    site: str
    rows: list[AssumptionOut]


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
    summary: SiteSummaryOut = Field(description="The site in the numbers people read first.")


class AnyOut(BaseModel):
    key: str
    cached: bool
    result: Any


class CompareResultOut(BaseModel):
    """:meth:`wattflop.study.compare.Comparison.to_dict` with the verdict."""

    model_config = ConfigDict(extra="allow")
    boundary: str
    sites: dict[str, Any] = Field(description="Per site: metrics and cost per EFLOP by line.")
    ratio_to_cheapest_usd_per_eflop: dict[str, float]
    verdict: VerdictOut | None = Field(
        description="With exactly one orbital and one ground site, else null."
    )


class CompareOut(BaseModel):
    key: str
    cached: bool
    result: CompareResultOut


class SpreadOut(BaseModel):
    p5: float
    p50: float
    p95: float
    deterministic: float


class TornadoBarOut(BaseModel):
    key: str
    label: str
    unit: str
    low_value: float = Field(description="The key's p5 [unit].")
    high_value: float = Field(description="The key's p95 [unit].")
    at_low: float = Field(description="The tornado's quantity with the key at low_value.")
    at_high: float


class MonteCarloSummaryOut(BaseModel):
    """:class:`wattflop.study.summary.MonteCarloSummary`."""

    samples: int
    quantity: Literal["ratio", "orbit", "ground"] = Field(
        description="What the tornado measures: orbit/ground per delivered EFLOP when both "
        "sites are given, else the site's USD/EFLOP."
    )
    p_orbit_cheaper: float | None
    p_orbit_cheaper_standard_error: float | None
    ratio: SpreadOut | None
    orbit: SpreadOut | None
    ground: SpreadOut | None
    tornado: list[TornadoBarOut] = Field(description="Largest swing first.")


class MonteCarloResultOut(BaseModel):
    """:meth:`wattflop.study.uncertainty.MonteCarlo.to_dict` with its summary."""

    model_config = ConfigDict(extra="allow")
    summary: MonteCarloSummaryOut


class MonteCarloOut(BaseModel):
    key: str
    cached: bool
    result: MonteCarloResultOut


class WhatItTakesResultOut(BaseModel):
    """:meth:`wattflop.study.what_it_takes.WhatItTakes.to_dict` (NaN as null, infinities as
    "inf"/"-inf")."""

    model_config = ConfigDict(extra="allow")
    summary: str = Field(description="The answer in words.")
    map: dict[str, Any] = Field(
        description="usd_per_w (x) [USD/W], kg_per_kw (y) [kg/kW], ratio[y][x]: orbit/ground."
    )
    contour: dict[str, Any] = Field(
        description="Per kg_per_kw: the USD/W at which orbit = ground, its p5/p50/p95 band, "
        "and the same for a fleet in orbit when the campus is powered."
    )
    headline: dict[str, Any] = Field(description="The headline design on the map.")
    designs: list[dict[str, Any]] = Field(description="Published designs on the map.")
    levers: dict[str, Any] = Field(description="The greedy lever table.")


class WhatItTakesOut(BaseModel):
    key: str
    cached: bool
    result: WhatItTakesResultOut


ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorOut, "description": "Bad input: the problems with their key paths."},
    413: {"model": ErrorOut, "description": "Request body too large."},
    429: {"model": ErrorOut, "description": "Too many computations waiting."},
}
JOB: dict[int | str, dict[str, Any]] = {
    202: {"model": JobOut, "description": "Running in the background: poll status_url."}
}

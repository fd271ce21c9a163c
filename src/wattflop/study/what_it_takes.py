"""What it would take for orbit to win: a map of satellite specific cost × specific mass with
the orbit = ground contour and its Monte Carlo band, the published designs on it, and a greedy
table of the levers that flip the answer.

The orbital scenario is restated top-down (:class:`wattflop.scenario.orbit.TopDown`): the
headline design's own kg/kW and USD/W (``result.values["satellite"]``) become
``satellite.top_down``, and its eclipse strategy is pinned to the one its full run chose, so
that the headline point on the map costs what the headline run costs. In top-down mode the
cost per delivered EFLOP of any (USD/W, kg/kW, launch price, ...) is array algebra on the
typed inputs (:func:`wattflop.study.uncertainty.orbit_model`), evaluated for the whole map at
once. The ground site does not depend on any satellite key: it is simulated once
(:func:`wattflop.simulate`), and re-priced on sampled values by
:func:`wattflop.ground.money.ground_money` on that run's plan (exact for keys outside the
LP: accelerators, discount rate, failures).

The contour is exact, not interpolated: at each specific mass the specific cost at which
orbit/ground = 1 is solved per row (the cost per EFLOP rises monotonically with USD/W; a
vectorised Illinois regula falsi, :func:`solve_increasing`, which converges in one step where
the cost is linear in USD/W, as it is today, and still converges if future cost lines make
it curve).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

import wattflop
from wattflop.constants import MONTH_S
from wattflop.errors import WattflopError
from wattflop.ground.inputs import MONEY_PATHS, ground_inputs
from wattflop.ground.money import PlanQuantities, ground_money
from wattflop.jsonable import jsonable
from wattflop.orbit.inputs import SIZING_PATHS, YEAR_PATHS
from wattflop.parameters import Columns
from wattflop.scenario import GroundScenario, OrbitScenario, Scenario, parse_scenario
from wattflop.scenario.keys import KeySpec, get_key, key_spec, set_key, to_display
from wattflop.study.roots import solve_increasing
from wattflop.study.uncertainty import (
    Distribution,
    attribute_path,
    correlation_matrix,
    draw_uniforms,
    orbit_model,
    parse_distribution,
)

FloatArray = NDArray[np.float64]

#: The map's axes: keys of the top-down satellite.
COST_KEY = "satellite.top_down.specific_cost"
MASS_KEY = "satellite.top_down.specific_mass"
LAUNCH_KEY = "launch.price_per_kg"
_COST_PATH = ("satellite", "top_down", "specific_cost")
_MASS_PATH = ("satellite", "top_down", "specific_mass")
_LAUNCH_PATH = ("launch", "price_per_kg")
#: Largest specific cost the solver searches [USD/W]: the key's own bound.
MAX_USD_PER_W = 1e4
#: Relative tolerance of the contour on orbit/ground.
CONTOUR_RTOL = 1e-12


class WhatItTakesError(WattflopError, ValueError):
    """A what-it-takes request that cannot be answered as asked; the message says why."""


# ---------------------------------------------------------------------------------------
# Published designs
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedDesign:
    """A satellite as its publication states it: specific mass and, where known, cost."""

    name: str
    kg_per_kw: float  #: whole satellite at launch per kW [kg/kW]
    usd_per_w: float | None  #: platform price per W, accelerators excluded; None: unknown
    source: str
    note: str = ""


#: Published designs (REFERENCES.md, "Published designs and comparisons").
PUBLISHED: tuple[PublishedDesign, ...] = (
    PublishedDesign(
        "SpaceX AI1",
        1000.0 / 70.0,
        None,
        "press reports of the reveal, June 2026 (secondary): ~120 kW sustained, ~70 kW per "
        "tonne (1.7–2.1 t, i.e. 14–17.5 kg/kW), ~110 m² radiator, ~600 km",
        "price not published: shown as a line across every USD/W",
    ),
    PublishedDesign(
        "Starlink V2-mini",
        575.0 / 28.0,
        800e3 / 28e3,
        "575 kg and ~28 kW array (Suncatcher, arXiv:2511.19468 v2 Table 1, §4.4); unit cost "
        "~800,000 USD (Quilty, analyst estimate, secondary); ~730 kg in other reports",
        "a communications satellite: per W of array, not of IT (an IT load would be less, so "
        "its kg/kW and USD/W of IT would be higher)",
    ),
    PublishedDesign(
        "Starcloud-3",
        3000.0 / 200.0,
        None,
        "press reports (secondary): 200 kW, ~3 t (≈ 67 W/kg)",
        "price not published: shown as a line across every USD/W",
    ),
    PublishedDesign(
        "Novaspace (today)",
        15.0,
        25.0,
        "Novaspace, Space Data Centers white paper §6 (May 2026): 100 kW, 1.5 t, 2.5 M USD "
        "per satellite (25 USD/W)",
    ),
    PublishedDesign(
        "Novaspace (future)",
        15.0,
        10.0,
        "Novaspace, Space Data Centers white paper §6 (May 2026): future case 10 USD/W",
    ),
)


@dataclass(frozen=True)
class DesignOnMap:
    """A design placed on the map at the map's launch price."""

    name: str
    kg_per_kw: float
    usd_per_w: float | None
    source: str
    note: str
    #: orbit/ground at this point (None: price unknown; NaN: infeasible)
    ratio: float | None
    #: the USD/W at which orbit = ground at this kg/kW (−∞: not even a free platform;
    #: +∞: any price up to :data:`MAX_USD_PER_W`)
    usd_per_w_needed: float
    #: share of Monte Carlo samples in which this design is cheaper than ground (None:
    #: price unknown)
    p_orbit_cheaper: float | None
    #: p5 and p95 of the USD/W needed at this kg/kW over the Monte Carlo samples
    usd_per_w_needed_band: tuple[float, float]
    #: orbit/ground with a free platform (0 USD/W) at this kg/kW: above 1, no price wins
    ratio_free_platform: float


# ---------------------------------------------------------------------------------------
# The two sites on arrays
# ---------------------------------------------------------------------------------------


def top_down_raw(orbit_raw: Mapping[str, Any], headline: Any) -> dict[str, Any]:
    """The orbital scenario restated top-down at its own design's kg/kW and USD/W, with the
    eclipse strategy its full run chose and its launch price written out.

    ``headline`` is the full run of ``orbit_raw`` (:func:`wattflop.simulate`).
    """
    s = headline.get("satellite")
    raw = copy.deepcopy(dict(orbit_raw))
    sat = dict(raw.get("satellite") or {})
    if sat.get("top_down") is None:
        sat["top_down"] = {
            "specific_mass": f"{float(s['kg_per_kw'])!r} kg/kW",
            "specific_cost": f"{float(s['usd_per_w'])!r} USD/W",
        }
    sat["eclipse_strategy"] = str(headline.get("scenario.eclipse_strategy"))
    raw["satellite"] = sat
    return set_key(raw, LAUNCH_KEY, float(headline.get("cost.launch_price_usd_per_kg")))


@dataclass
class Sites:
    """Orbit (top-down) and ground on arrays of overrides keyed by attribute paths."""

    orbit_raw: dict[str, Any]  #: the top-down orbital scenario (raw, units kept)
    ground_raw: dict[str, Any]
    orbit_sc: OrbitScenario
    ground_sc: GroundScenario
    orbit_eval: Callable[[Columns], dict[str, FloatArray]]
    ground_plan: PlanQuantities
    ground_usd_per_eflop: float  #: the full ground run's cost per delivered EFLOP
    ground_months_to_power: float = 0.0  #: the ground run's months to full power
    orbit_reads: frozenset[tuple[str, ...]] = SIZING_PATHS
    ground_reads: frozenset[tuple[str, ...]] = MONEY_PATHS
    notes: list[str] = field(default_factory=list)

    def orbit(self, over: Columns) -> FloatArray:
        """Orbital cost per delivered EFLOP [USD/EFLOP] (NaN: infeasible)."""
        return np.asarray(self.orbit_eval(over)["usd_per_eflop"], dtype=float)

    def ground(self, over: Columns) -> FloatArray:
        """Ground cost per delivered EFLOP, re-priced on the full run's plan [USD/EFLOP]."""
        if not over:
            return np.asarray(self.ground_usd_per_eflop, dtype=float)
        with np.errstate(invalid="ignore", divide="ignore"):
            m = ground_money(ground_inputs(self.ground_sc, over), self.ground_plan)
        return np.asarray(m.usd_eflop, dtype=float)

    def path(self, site: str, key: str) -> tuple[tuple[str, ...] | None, KeySpec | None]:
        """Where ``key`` is read on ``site``'s scenario (None: not there)."""
        raw = self.orbit_raw if site == "orbit" else self.ground_raw
        sc: Scenario = self.orbit_sc if site == "orbit" else self.ground_sc
        try:
            spec = key_spec(raw, key)
        except WattflopError:
            return None, None
        return attribute_path(sc, spec), spec

    def reads(self, site: str, path: tuple[str, ...] | None) -> bool:
        """Whether the site's cost model reads the attribute at ``path``."""
        model = self.orbit_reads if site == "orbit" else self.ground_reads
        return path is not None and path in model and path not in YEAR_PATHS


def prepare_sites(
    orbit_raw: Mapping[str, Any],
    ground_raw: Mapping[str, Any],
    *,
    simulate: Callable[[Scenario], Any] = wattflop.simulate,
    ground_result: Any | None = None,
) -> tuple[Sites, Any]:
    """Both sites ready for array evaluation, and the headline orbital run.

    Runs the orbital scenario in full once (the headline design), the ground once (unless
    ``ground_result`` is given), and the top-down orbital year once.

    Raises
    ------
    WhatItTakesError
        If the scenarios are not one orbital and one ground scenario.
    """
    o_sc = parse_scenario(dict(orbit_raw))
    g_sc = parse_scenario(dict(ground_raw))
    if not isinstance(o_sc, OrbitScenario) or not isinstance(g_sc, GroundScenario):
        raise WhatItTakesError(
            "give an orbital scenario first and a ground scenario second "
            f"(got site: {o_sc.site} and site: {g_sc.site})"
        )
    headline = simulate(o_sc)
    g = ground_result if ground_result is not None else simulate(g_sc)
    plan = g.artifacts.get("money_inputs")
    if not isinstance(plan, PlanQuantities):
        raise WhatItTakesError("the ground run carries no plan to re-price (money_inputs)")
    td_raw = top_down_raw(orbit_raw, headline)
    td_sc = parse_scenario(td_raw)
    assert isinstance(td_sc, OrbitScenario)
    model = orbit_model(td_sc, td_raw)
    sites = Sites(
        orbit_raw=td_raw,
        ground_raw=dict(ground_raw),
        orbit_sc=td_sc,
        ground_sc=g_sc,
        orbit_eval=model.evaluate,
        ground_plan=plan,
        ground_usd_per_eflop=float(g.get("cost.usd_per_eflop")),
        ground_months_to_power=float(
            g.values.get("deployment", {}).get("months_to_full_power", 0.0)
        ),
    )
    repriced = float(sites.ground({("economics", "discount_rate"): g_sc.economics.discount_rate}))
    if abs(repriced / sites.ground_usd_per_eflop - 1.0) > 1e-9:
        sites.notes.append(
            f"the ground re-priced on its plan gives {repriced:.6g} USD/EFLOP against the full "
            f"run's {sites.ground_usd_per_eflop:.6g}: the band and the ground levers are off by "
            "that much"
        )
    full = float(headline.get("cost.usd_per_eflop"))
    top = float(model.deterministic["usd_per_eflop"])
    if abs(top / full - 1.0) > 1e-9:
        sites.notes.append(
            f"the headline restated top-down costs {top:.6g} USD/EFLOP against its bottom-up "
            f"run's {full:.6g}"
        )
    return sites, headline


# ---------------------------------------------------------------------------------------
# The band's uncertainty
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BandKey:
    """One sampled key of the band: its distribution and where each site reads it."""

    dist: Distribution
    paths: dict[str, tuple[str, ...]]


def band_keys(sites: Sites) -> tuple[list[BandKey], FloatArray, list[str]]:
    """The scenarios' uncertainty distributions that move the map: every key either cost
    model reads, less the map's axes and the launch price (fixed on the map), less keys that
    change nothing in top-down mode (the bottom-up part prices). Returns the keys, their
    correlation matrix and notes."""
    texts: dict[str, str] = {}
    pairs: list[tuple[str, str, float]] = []
    for sc in (sites.orbit_sc, sites.ground_sc):
        texts.update({k: v for k, v in sc.uncertainty.distributions.items() if k not in texts})
        pairs += [tuple(p) for p in sc.uncertainty.correlations]  # type: ignore[misc]
    notes: list[str] = []
    keys: list[BandKey] = []
    for k, text in texts.items():
        if k in (COST_KEY, MASS_KEY, LAUNCH_KEY):
            continue
        paths: dict[str, tuple[str, ...]] = {}
        spec: KeySpec | None = None
        for site in ("orbit", "ground"):
            path, s = sites.path(site, k)
            if s is not None and sites.reads(site, path):
                assert path is not None
                paths[site], spec = path, s
        if not paths or spec is None:
            notes.append(f"{k}: not read by the array models (acts through a full run): left out")
            continue
        dist = parse_distribution(k, text, spec, f"uncertainty.distributions.{k}")
        q = dist.ppf(np.array([0.05, 0.95]))
        moved = False
        for site, path in paths.items():
            f = sites.orbit if site == "orbit" else sites.ground
            y = f({path: q})
            moved |= bool(np.any(np.abs(y / f({}) - 1.0) > 1e-12))
        if moved:
            keys.append(BandKey(dist, paths))
            if "ground" in paths and k.startswith("plant."):
                notes.append(
                    f"{k}: priced on the ground run's plan, not re-optimised per sample (the "
                    "sampled ground cost is an upper bound)"
                )
        else:
            notes.append(f"{k}: no effect on a top-down satellite (its price is in the USD/W)")
    names = [b.dist.key for b in keys]
    kept = [(a, b, r) for a, b, r in pairs if a in names and b in names]
    return keys, correlation_matrix(names, kept), notes


def _overrides(keys: Sequence[BandKey], x: FloatArray, site: str) -> dict[tuple[str, ...], Any]:
    return {b.paths[site]: x[:, j] for j, b in enumerate(keys) if site in b.paths}


# ---------------------------------------------------------------------------------------
# Levers
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lever:
    """A key that may flip the answer, with the range it is moved over.

    ``lo``/``hi`` are quantity strings; None takes the range from the scenarios' uncertainty
    distribution of the key (its support, or its p5–p95 for normal and lognormal). A key
    template may name ``{accelerator}``.
    """

    key: str
    label: str
    side: str  #: "orbit", "ground" or "both"
    source: str
    lo: str | None = None
    hi: str | None = None


LEVERS: tuple[Lever, ...] = (
    Lever(
        LAUNCH_KEY,
        "launch price",
        "orbit",
        "≲ 15 USD/kg at 100× Starship reuse (Suncatcher arXiv:2511.19468 v2 §4.4); 1,800 USD/kg "
        "about half Falcon 9's price (the headline scenario's Monte Carlo range)",
        "15 USD/kg",
        "1800 USD/kg",
    ),
    Lever(
        COST_KEY,
        "satellite platform price",
        "orbit",
        "10 USD/W: Novaspace future case (white paper §6, May 2026); 29 USD/W: Starlink V2-mini "
        "~800,000 USD for ~28 kW (Quilty, secondary)",
        "10 USD/W",
        "29 USD/W",
    ),
    Lever(
        MASS_KEY,
        "satellite specific mass",
        "orbit",
        "~14.3 kg/kW: SpaceX AI1, ~70 kW/t (press reports, June 2026, secondary); 15 kg/kW "
        "Novaspace; 20.5 kg/kW Starlink V2-mini",
        "14.3 kg/kW",
        "30 kg/kW",
    ),
    Lever(
        "catalog.accelerators.{accelerator}.system_price",
        "accelerator price (both sides)",
        "both",
        "the scenarios' uncertainty range (GB200: NVL72 rack press estimates 3.0–3.9 M USD "
        "per 72 GPUs, catalogue)",
    ),
    Lever(
        "catalog.accelerators.{accelerator}.failure_rate",
        "permanent failure rate (both sides)",
        "both",
        "the scenarios' uncertainty range (Llama 3 'faulty GPU' 0.061/yr as an upper bound, "
        "Meta 2024 §3.3.4 Table 5)",
    ),
    Lever(
        "catalog.accelerators.{accelerator}.part_price",
        "failed-part price (both sides)",
        "both",
        "the scenarios' uncertainty range (GB200: 30,000–40,000 USD, Jensen Huang, CNBC, Mar 2024)",
    ),
    Lever(
        "economics.discount_rate",
        "discount rate (both sides)",
        "both",
        "the scenarios' uncertainty range (7 % OMB Circular A-94 base case; 5–10 % assumption)",
    ),
    Lever(
        "economics.satellite_life",
        "satellite life",
        "orbit",
        "assumption: 4–7 yr around the 5-yr Starlink-class design life (secondary); the dose "
        "limit still applies",
        "4 yr",
        "7 yr",
    ),
    Lever(
        "deployment.interconnection_wait",
        "ground grid wait (time to power)",
        "ground",
        "6–84 months: US large-load queues 2–7 years in 2025 (trade press, secondary)",
        "6 month",
        "84 month",
    ),
    Lever(
        "deployment.gas_turbine_lead_time",
        "ground turbine lead time (time to power)",
        "ground",
        "4–84 months: mobile units within months (Colossus 1, 2024) to large frames sold out "
        "to 2028–2030 (manufacturers as reported, secondary, 2025)",
        "4 month",
        "84 month",
    ),
    Lever(
        "deployment.first_unit_lead_time",
        "orbit first-unit lead time (time to power)",
        "orbit",
        "12–60 months (assumption; SpaceX AI1 targets 1 GW by end 2027, secondary)",
        "12 month",
        "60 month",
    ),
    Lever(
        "deployment.production_rate",
        "satellite production rate (time to power)",
        "orbit",
        "30–600 satellites a month: Starlink's line builds ~300 a month of 0.6–0.8 t (SpaceX, "
        "Aug 2025, secondary); SpaceX's 1 GW of AI1 by end 2027 implies ~450 a month of ~2 t",
        "600 1/month",
        "30 1/month",
    ),
    Lever(
        "deployment.launch_cadence",
        "launch cadence (time to power)",
        "orbit",
        "2–30 launches a month: Falcon 9 flew ~14 a month in 2025; Starship's operational "
        "cadence is unknown (assumption)",
        "30 1/month",
        "2 1/month",
    ),
)


@dataclass(frozen=True)
class LeverStep:
    """One step of the greedy table."""

    step: int
    key: str
    label: str
    unit: str  #: display unit of ``default`` and ``value``
    default: float
    value: float  #: where the lever is set [unit]
    ratio: float  #: orbit/ground after this step
    change: float  #: ratio after − ratio before
    flipped: bool  #: orbit cheaper after this step
    source: str


@dataclass(frozen=True)
class LeverTable:
    """Greedy order of the levers: each step applies the single lever (at the end of its
    range that helps orbit) that lowers orbit/ground most."""

    start_ratio: float
    steps: tuple[LeverStep, ...]
    #: levers left out and why (not priced by the cost model, no range, no gain)
    skipped: tuple[tuple[str, str], ...]
    #: the step at which orbit first becomes cheaper (None: never)
    flips_at: int | None


@dataclass(frozen=True)
class _LeverPlan:
    lever: Lever
    key: str
    spec: KeySpec
    paths: dict[str, tuple[str, ...]]
    default: float  #: SI
    ends: tuple[float, float]  #: SI


def _si(spec: KeySpec, text: str) -> float:
    if spec.kind == "quantity" and spec.quantity is not None:
        return float(spec.quantity.convert(text))
    return float(text)


def _plan_levers(
    sites: Sites, levers: Sequence[Lever]
) -> tuple[list[_LeverPlan], list[tuple[str, str]]]:
    acc = sites.orbit_sc.workload.accelerator
    dists = {
        **sites.ground_sc.uncertainty.distributions,
        **sites.orbit_sc.uncertainty.distributions,
    }
    plans: list[_LeverPlan] = []
    skipped: list[tuple[str, str]] = []
    for lv in levers:
        key = lv.key.format(accelerator=acc)
        sides = ("orbit", "ground") if lv.side == "both" else (lv.side,)
        paths: dict[str, tuple[str, ...]] = {}
        spec: KeySpec | None = None
        raw: Mapping[str, Any] = {}
        for site in sides:
            path, s = sites.path(site, key)
            if s is not None and sites.reads(site, path):
                assert path is not None
                paths[site], spec = path, s
                raw = sites.orbit_raw if site == "orbit" else sites.ground_raw
        if spec is None:
            skipped.append((key, "not priced in the cost per EFLOP by the array models yet"))
            continue
        if lv.lo is not None and lv.hi is not None:
            ends = (_si(spec, lv.lo), _si(spec, lv.hi))
        elif key in dists:
            d = parse_distribution(key, dists[key], spec)
            if d.kind in ("normal", "lognormal"):
                q = d.ppf(np.array([0.05, 0.95]))
                ends = (float(q[0]), float(q[1]))
            else:
                ends = (min(d.params), max(d.params))
        else:
            skipped.append((key, "no sourced range (no uncertainty distribution in the scenarios)"))
            continue
        plans.append(_LeverPlan(lv, key, spec, paths, float(get_key(raw, key)), ends))
    return plans, skipped


def lever_table(
    sites: Sites, levers: Sequence[Lever] = LEVERS, *, max_steps: int | None = None
) -> LeverTable:
    """Greedy lever table from the headline design (top-down, its own launch price).

    At each step every remaining lever is tried at both ends of its range on top of the
    levers already applied (one array evaluation per step); the one that lowers orbit/ground
    most is applied. Stops when no lever lowers the ratio. Ratios are non-increasing.
    """
    plans, skipped = _plan_levers(sites, levers)
    k = len(plans)
    current = np.array([p.default for p in plans], dtype=float)
    start = float(sites.orbit({}) / sites.ground({}))
    ratio = start
    steps: list[LeverStep] = []
    remaining = list(range(k))
    flips_at: int | None = None
    while remaining and (max_steps is None or len(steps) < max_steps):
        rows = np.tile(current, (2 * len(remaining), 1))
        for r, j in enumerate(remaining):
            rows[2 * r, j], rows[2 * r + 1, j] = plans[j].ends
        over = {
            site: {p.paths[site]: rows[:, j] for j, p in enumerate(plans) if site in p.paths}
            for site in ("orbit", "ground")
        }
        got = sites.orbit(over["orbit"]) / sites.ground(over["ground"])
        got = np.where(np.isfinite(got), got, np.inf)
        best = int(np.argmin(got))
        if not got[best] < ratio * (1.0 - 1e-12):
            break
        j = remaining[best // 2]
        p = plans[j]
        current[j] = rows[best, j]
        new = float(got[best])
        steps.append(
            LeverStep(
                step=len(steps) + 1,
                key=p.key,
                label=p.lever.label,
                unit=p.spec.input_unit,
                default=to_display(p.spec, p.default),
                value=to_display(p.spec, float(current[j])),
                ratio=new,
                change=new - ratio,
                flipped=new < 1.0,
                source=p.lever.source,
            )
        )
        if flips_at is None and new < 1.0:
            flips_at = len(steps)
        ratio = new
        remaining.remove(j)
    skipped += [(plans[j].key, "no gain at either end of its range") for j in remaining]
    return LeverTable(start, tuple(steps), tuple(skipped), flips_at)


# ---------------------------------------------------------------------------------------
# The map
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WhatItTakes:
    """The what-it-would-take map, its contour and band, the designs and the lever table."""

    orbit_name: str
    ground_name: str
    launch_price_usd_per_kg: float  #: the map's launch price
    eclipse_strategy: str  #: pinned to the headline run's
    ground_usd_per_eflop: float
    usd_per_w: FloatArray  #: x axis [USD/W]
    kg_per_kw: FloatArray  #: y axis [kg/kW]
    ratio: FloatArray  #: orbit/ground, shape (len(kg_per_kw), len(usd_per_w)); NaN infeasible
    #: the contour: USD/W at which orbit = ground at each kg_per_kw (−∞: not even free; +∞:
    #: any price)
    contour_usd_per_w: FloatArray
    #: the contour for a fleet in orbit when the ground campus is powered (no late fleet)
    contour_fast_fleet_usd_per_w: FloatArray
    fast_fleet_months: float  #: when that fleet computes: the ground's months to power
    band_p5: FloatArray  #: p5 of the break-even USD/W over the samples [USD/W]
    band_p50: FloatArray
    band_p95: FloatArray
    samples: int
    seed: int
    band_keys: tuple[str, ...]
    headline: DesignOnMap
    headline_ratio_full: float  #: the headline design's own ratio at its own launch price
    designs: tuple[DesignOnMap, ...]
    levers: LeverTable
    notes: tuple[str, ...]

    def needed_usd_per_w(self, kg_per_kw: float) -> float:
        """The contour's USD/W at a specific mass, linear between its points (exact values
        at the designs are in :attr:`designs`)."""
        return float(np.interp(kg_per_kw, self.kg_per_kw, self.contour_usd_per_w))

    def summary(self) -> str:
        """The answer in words."""
        lp = f"{self.launch_price_usd_per_kg:,.0f} USD/kg"
        ref = self.designs[-1]  # a 15 kg/kW reference (Novaspace)
        at = f"{ref.kg_per_kw:.3g} kg/kW"
        lo, hi = ref.usd_per_w_needed_band
        if ref.usd_per_w_needed > 0:
            first = (
                f"At {lp} launch and {at}, orbit costs as much as the ground when the satellite "
                f"platform costs {_usd(ref.usd_per_w_needed)} (p5–p95 {_usd(lo)} to {_usd(hi)})"
            )
        else:
            first = (
                f"At {lp} launch and {at}, no satellite price makes orbit as cheap as the "
                f"ground: even a free platform leaves orbit {ref.ratio_free_platform:.3g}× "
                f"ground (p95 of the break-even {_usd(hi)})"
            )
        fast = float(np.interp(ref.kg_per_kw, self.kg_per_kw, self.contour_fast_fleet_usd_per_w))
        second = (
            f"with a fleet in orbit as soon as the campus is powered "
            f"({self.fast_fleet_months:.0f} months), it would take {_usd(fast)} there"
        )
        h = self.headline
        third = (
            f"the headline satellite is {h.kg_per_kw:.3g} kg/kW at {h.usd_per_w:.3g} USD/W"
            if h.usd_per_w is not None
            else f"the headline satellite is {h.kg_per_kw:.3g} kg/kW"
        )
        lt = self.levers
        flip = (
            f"the answer flips at step {lt.flips_at} of the lever table"
            if lt.flips_at is not None
            else f"no sequence of the levers flips the answer (best {lt.steps[-1].ratio:.3g})"
            if lt.steps
            else "no lever lowers the ratio"
        )
        return f"{first}; {second}; {third}; {flip}."

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (NaN as null, infinities as ``"inf"``/``"-inf"``)."""

        def design(d: DesignOnMap) -> dict[str, Any]:
            return {
                "name": d.name,
                "kg_per_kw": d.kg_per_kw,
                "usd_per_w": d.usd_per_w,
                "ratio": d.ratio,
                "usd_per_w_needed": d.usd_per_w_needed,
                "usd_per_w_needed_p5_p95": list(d.usd_per_w_needed_band),
                "p_orbit_cheaper": d.p_orbit_cheaper,
                "ratio_free_platform": d.ratio_free_platform,
                "source": d.source,
                "note": d.note,
            }

        out: dict[str, Any] = jsonable(
            {
                "orbit": self.orbit_name,
                "ground": self.ground_name,
                "launch_price_usd_per_kg": self.launch_price_usd_per_kg,
                "eclipse_strategy": self.eclipse_strategy,
                "ground_usd_per_eflop": self.ground_usd_per_eflop,
                "summary": self.summary(),
                "map": {
                    "usd_per_w": self.usd_per_w,
                    "kg_per_kw": self.kg_per_kw,
                    "ratio": self.ratio,
                },
                "contour": {
                    "kg_per_kw": self.kg_per_kw,
                    "usd_per_w": self.contour_usd_per_w,
                    "p5": self.band_p5,
                    "p50": self.band_p50,
                    "p95": self.band_p95,
                    "fast_fleet_usd_per_w": self.contour_fast_fleet_usd_per_w,
                    "fast_fleet_months": self.fast_fleet_months,
                },
                "band": {
                    "samples": self.samples,
                    "seed": self.seed,
                    "keys": list(self.band_keys),
                },
                "headline": design(self.headline)
                | {"ratio_own_launch_price": self.headline_ratio_full},
                "designs": [design(d) for d in self.designs],
                "levers": {
                    "start_ratio": self.levers.start_ratio,
                    "flips_at": self.levers.flips_at,
                    "steps": [s.__dict__ for s in self.levers.steps],
                    "skipped": [{"key": k, "why": w} for k, w in self.levers.skipped],
                },
                "notes": list(self.notes),
            }
        )
        return out


def _usd(x: float) -> str:
    if math.isinf(x):
        return "any price" if x > 0 else "none"
    return f"{x:.3g} USD/W"


#: Production and launch rates that never bind [1/s] (one a second).
_UNBOUND_RATE = 1.0


def fast_fleet(sites: Sites) -> dict[tuple[str, ...], Any]:
    """Deployment overrides of a fleet in orbit when the ground campus is powered: its first
    (and last) satellite computes ``ground_months_to_power`` after the decision."""
    commissioning = float(sites.orbit_sc.deployment.commissioning_time)
    wait = max(sites.ground_months_to_power * MONTH_S - commissioning, 0.0)
    return {
        ("deployment", "first_unit_lead_time"): wait,
        ("deployment", "production_rate"): _UNBOUND_RATE,
        ("deployment", "launch_cadence"): _UNBOUND_RATE,
    }


def what_it_takes(
    orbit_raw: Mapping[str, Any],
    ground_raw: Mapping[str, Any],
    *,
    launch_price: float = 100.0,
    usd_per_w: Sequence[float] | FloatArray | None = None,
    kg_per_kw: Sequence[float] | FloatArray | None = None,
    samples: int = 1000,
    seed: int | None = None,
    levers: Sequence[Lever] = LEVERS,
    sites: Sites | None = None,
    headline: Any | None = None,
    simulate: Callable[[Scenario], Any] = wattflop.simulate,
) -> WhatItTakes:
    """The what-it-would-take map at ``launch_price`` [USD/kg].

    Parameters
    ----------
    orbit_raw, ground_raw : mapping
        Raw scenarios (:func:`wattflop.scenario.keys.load_raw`).
    launch_price : float
        The map's launch price [USD/kg].
    usd_per_w, kg_per_kw : sequence of float, optional
        The map's axes (default 0–60 USD/W by 1, 6–50 kg/kW by 1).
    samples, seed : int
        Monte Carlo samples of the band and their seed (default: the orbital scenario's).
    levers : sequence of Lever
        The lever table's candidates.
    sites, headline : optional
        Reuse :func:`prepare_sites` output (several launch prices, tests).

    Raises
    ------
    WhatItTakesError
        For a launch price ≤ 0, too few samples or axes that are not increasing.
    """
    if not (launch_price > 0 and math.isfinite(launch_price)):
        raise WhatItTakesError(
            f"the launch price must be a positive number of USD/kg, got {launch_price}"
        )
    if samples < 2:
        raise WhatItTakesError(f"the band needs at least 2 samples, got {samples}")
    x = np.asarray(usd_per_w if usd_per_w is not None else np.arange(0.0, 60.5, 1.0), dtype=float)
    y = np.asarray(kg_per_kw if kg_per_kw is not None else np.arange(6.0, 50.5, 1.0), dtype=float)
    for name, axis, lo in (("usd_per_w", x, 0.0), ("kg_per_kw", y, 1e-9)):
        if axis.ndim != 1 or axis.size < 2 or np.any(np.diff(axis) <= 0) or axis[0] < lo:
            raise WhatItTakesError(
                f"{name} must be an increasing list of at least 2 values ≥ {lo:g}"
            )
    if sites is None or headline is None:
        sites, headline = prepare_sites(orbit_raw, ground_raw, simulate=simulate)
    lp = launch_price
    g0 = sites.ground_usd_per_eflop

    # the map: every (USD/W, kg/kW) in one evaluation
    xx, yy = np.meshgrid(x, y)
    grid = (
        sites.orbit(
            {_COST_PATH: xx.ravel(), _MASS_PATH: yy.ravel() * 1e-3, _LAUNCH_PATH: lp}
        ).reshape(xx.shape)
        / g0
    )

    # published designs and the headline, with their kg/kW added to the contour's rows
    s = headline.get("satellite")
    head = PublishedDesign(
        f"headline: {headline.get('scenario.name')}",
        float(s["kg_per_kw"]),
        float(s["usd_per_w"]),
        f"this run ({s['mode']} design): its own kg/kW and USD/W",
        f"its full run at its own launch price gives orbit/ground "
        f"{float(headline.get('cost.usd_per_eflop')) / g0:.3g}",
    )
    designs = (head, *PUBLISHED)
    ys = np.concatenate([y, [d.kg_per_kw for d in designs]])

    def needed(mass_kg_kw: FloatArray, over: Columns, ground: Any) -> FloatArray:
        """The USD/W where orbit = ``ground`` at each row's kg/kW and overrides."""
        n = mass_kg_kw.size
        g = np.broadcast_to(np.asarray(ground, dtype=float), (n,))

        def f(c: FloatArray, rows: NDArray[np.intp]) -> FloatArray:
            sub = {k: (np.asarray(v)[rows] if np.ndim(v) else v) for k, v in over.items()}
            mass = mass_kg_kw[rows] * 1e-3
            cost = sites.orbit({**sub, _COST_PATH: c, _MASS_PATH: mass})
            return np.asarray(cost - g[rows], dtype=float)

        return solve_increasing(f, np.zeros(n), np.full(n, MAX_USD_PER_W), scale=g)

    contour_all = needed(ys, {_LAUNCH_PATH: lp}, g0)
    # the same contour for a fleet that flies as fast as the ground campus is powered: the
    # first satellites arrive when the campus does and the line and pad keep up
    fast = fast_fleet(sites)
    contour_fast = needed(y, {**fast, _LAUNCH_PATH: lp}, g0)

    # the band: the same solve on every sample of the scenarios' uncertain keys
    keys, corr, band_notes = band_keys(sites)
    seed_ = int(sites.orbit_sc.uncertainty.seed if seed is None else seed)
    notes = list(sites.notes) + band_notes
    ny = ys.size
    if keys:
        u = draw_uniforms(samples, len(keys), seed_, corr)
        v = np.column_stack([b.dist.ppf(u[:, j]) for j, b in enumerate(keys)])
        ground_s = sites.ground(_overrides(keys, v, "ground")) * np.ones(samples)
        rep = np.repeat(v, ny, axis=0)  # sample-major: rows (s0 y0, s0 y1, ...)
        over = {**_overrides(keys, rep, "orbit"), _LAUNCH_PATH: lp}
        roots = needed(np.tile(ys, samples), over, np.repeat(ground_s, ny)).reshape(samples, ny)
    else:
        notes.append("the scenarios have no uncertainty distribution that moves the map: no band")
        roots = np.tile(contour_all, (1, 1))
    roots = np.where(np.isnan(roots), -np.inf, roots)  # infeasible: no price suffices
    p5, p50, p95 = np.quantile(roots, [0.05, 0.5, 0.95], axis=0, method="nearest")

    placed = []
    for i, d in enumerate(designs):
        j = y.size + i
        ratio: float | None = None
        p_cheaper: float | None = None
        if d.usd_per_w is not None:
            ratio = float(
                sites.orbit({_COST_PATH: d.usd_per_w, _MASS_PATH: d.kg_per_kw * 1e-3,
                             _LAUNCH_PATH: lp})[()] / g0
            )  # fmt: skip
            p_cheaper = float(np.mean(roots[:, j] > d.usd_per_w))
        free = sites.orbit({_COST_PATH: 0.0, _MASS_PATH: d.kg_per_kw * 1e-3, _LAUNCH_PATH: lp})
        placed.append(
            DesignOnMap(
                d.name,
                d.kg_per_kw,
                d.usd_per_w,
                d.source,
                d.note,
                ratio,
                float(contour_all[j]),
                p_cheaper,
                (float(p5[j]), float(p95[j])),
                float(free[()] / g0),
            )
        )
    notes.append(
        "the eclipse strategy is pinned to the headline run's "
        f"({sites.orbit_sc.satellite.eclipse_strategy.value}): a top-down satellite's USD/W "
        "and kg/kW are taken to include what that strategy needs"
    )
    notes.append(
        "the band is the p5–p95 of the break-even USD/W over "
        f"{samples:,} samples of the scenarios' uncertain keys other than the map's axes and "
        "the launch price (fixed on the map)"
    )
    table = lever_table(sites, levers)
    return WhatItTakes(
        orbit_name=str(headline.get("scenario.name")),
        ground_name=str(sites.ground_sc.name),
        launch_price_usd_per_kg=lp,
        eclipse_strategy=sites.orbit_sc.satellite.eclipse_strategy.value,
        ground_usd_per_eflop=g0,
        usd_per_w=x,
        kg_per_kw=y,
        ratio=grid,
        contour_usd_per_w=contour_all[: y.size],
        contour_fast_fleet_usd_per_w=contour_fast,
        fast_fleet_months=sites.ground_months_to_power,
        band_p5=p5[: y.size],
        band_p50=p50[: y.size],
        band_p95=p95[: y.size],
        samples=samples if keys else 0,
        seed=seed_,
        band_keys=tuple(b.dist.key for b in keys),
        headline=placed[0],
        headline_ratio_full=float(headline.get("cost.usd_per_eflop")) / g0,
        designs=tuple(placed[1:]),
        levers=table,
        notes=tuple(notes),
    )

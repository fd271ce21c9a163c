"""Re-optimised ground samples of a Monte Carlo: the plant re-sized and re-dispatched for N of
the drawn samples, next to the re-priced plan of the same draws.

The vectorised Monte Carlo (:mod:`wattflop.study.uncertainty`) prices every ground sample on
the deterministic plan: the capacities and the hourly dispatch the linear programme chose
for the scenario's own values. For prices the LP optimises against (fuel, plant capital
costs, CO₂) that is an upper bound of what a plant re-optimised for the sampled prices costs
in the LP's objective. ``wattflop montecarlo --reoptimise-ground N`` runs the first ``N``
samples of the same stream (the draws are independent, so any ``N`` of them are a random
subset; these are the first ``N`` rows of the Monte Carlo's own sample table) as full ground
simulations — the plant re-sized by the LP with the sampled values written into the
scenario — on Dask through the sweep engine and its resumable store
(:mod:`wattflop.sweep.montecarlo`). This module holds what needs no cluster: the samples to
run (:func:`select`), the LP objective of a re-priced plan (:func:`lp_objective`) and the
comparison of the runs with the re-priced values (:func:`compare`).

The bias of re-pricing is measured on the same draws: the paired difference re-priced
minus re-optimised (:class:`Bias`). Re-pricing a fixed plan can never be cheaper than
re-optimising *in the LP's own objective*: the deterministic plan is feasible for every
sample's LP (the sampled keys change costs, not constraints), so the sample's optimum costs
at most as much. :func:`lp_objective` prices that objective for the fixed plan, and
:class:`LpCheck` records whether every sample keeps the inequality. The cost per delivered
EFLOP also carries lines the LP does not see (the time to power — a plant leaning on PV and
the grid waits longer for full power —, property tax and insurance on the plant's capital,
land, water), so in that metric re-pricing *can* come out below re-optimising; the page
reports how often. On the Memphis pair, 32 samples (2026-12): the LP check held in all 32
(mean margin +0.13 %); per delivered EFLOP the mean bias was −0.15 %, re-pricing lower in 5
of 32 draws, by up to 1.7 %, where high fuel prices made the LP build PV and buy more grid
energy at the price of later full power (idle capital and late compute).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from wattflop.constants import J_PER_MWH, YEAR_S
from wattflop.economics import capital_recovery_factor
from wattflop.errors import WattflopError
from wattflop.scenario import GroundScenario
from wattflop.scenario.keys import to_display
from wattflop.study.uncertainty import MonteCarlo, Study, Summary, draw_uniforms, summarise

if TYPE_CHECKING:
    from wattflop.ground.inputs import GroundInputs
    from wattflop.ground.money import PlanQuantities

FloatArray = NDArray[np.float64]

#: What each re-optimised sample keeps: column → result path.
OUTPUTS = {
    "usd_per_eflop": "cost.usd_per_eflop",
    "lcoe_usd_per_mwh": "cost.lcoe_usd_per_mwh",
    "usd_per_accelerator_hour": "cost.usd_per_accelerator_hour",
    "objective_usd_per_year": "ground.objective_usd_per_year",
    "gas_turbines_mw": "ground.capacity_mw.gas_turbines",
    "pv_mw": "ground.capacity_mw.pv",
    "battery_mw": "ground.capacity_mw.battery",
    "battery_mwh": "ground.battery_mwh",
    "unserved_mwh": "ground.unserved_mwh",
}
#: The plant's capacities shown on the page: column → label.
CAPACITIES = {
    "gas_turbines_mw": "gas turbines [MW]",
    "pv_mw": "PV [MW]",
    "battery_mw": "battery [MW]",
    "battery_mwh": "battery [MWh]",
}
#: Relative slack of the LP check, re-priced ≥ re-optimised × (1 − slack): HiGHS stops at a
#: relative optimality gap of ~1e-7 (simplex, and PDLP at wattflop's tolerance); 1e-6 leaves
#: room for both solves' tolerances (assumption).
LP_SLACK = 1e-6
#: Paired differences within this share of the re-optimised value count as equal when
#: :class:`Bias` counts the samples re-pricing puts lower: two solves of the same LP agree to
#: ~1e-13 relative (PDLP at 1e-10 tolerance, or simplex; measured on Memphis, 2026-12), and
#: noise at that level would otherwise count as "lower" in half of the unchanged plans.
TIE = 1e-9


class ReoptimiseError(WattflopError, ValueError):
    """A request for re-optimised ground samples that cannot run as asked."""


# ---------------------------------------------------------------------------------------
# The samples to re-optimise
# ---------------------------------------------------------------------------------------


def check_count(n: int, samples: int, sites: Mapping[str, object] | set[str]) -> None:
    """Refuse a count of re-optimised samples the Monte Carlo cannot give.

    Raises
    ------
    ReoptimiseError
        ``n`` negative, more than the ``samples`` drawn, or no ground scenario.
    """
    if n < 0:
        raise ReoptimiseError(f"--reoptimise-ground must be ≥ 0 (0: off), got {n}")
    if n == 0:
        return
    if "ground" not in sites:
        raise ReoptimiseError(
            f"--reoptimise-ground {n}: there is no ground scenario to re-optimise; give a ground "
            "scenario, or leave the option out"
        )
    if n > samples:
        raise ReoptimiseError(
            f"--reoptimise-ground {n} is more than the {samples:,} samples of the Monte Carlo: "
            "re-optimise at most as many samples as it draws (lower --reoptimise-ground, or "
            "raise --samples)"
        )


@dataclass(frozen=True)
class GroundSamples:
    """The samples to re-optimise: their values and their re-priced metrics.

    Attributes
    ----------
    values : array (n × k)
        Sampled values, SI, columns in the study's key order (the first ``n`` rows of the
        Monte Carlo's samples).
    keys : tuple of str
        The keys the ground scenario reads.
    rows : tuple of tuples
        Each sample's values of :attr:`keys`, in each key's display unit (as a sweep file's
        bare numbers): what a full ground run sets in the scenario.
    raw : dict
        The ground scenario as written, without its ``uncertainty`` section (no effect on a
        run): the base of the full runs.
    repriced : dict
        Metric → the re-priced ground value of each sample.
    orbit : dict or None
        Metric → the orbit's value of each sample (None: no orbit scenario).
    lp_repriced : array or None
        The LP objective of the fixed plan at each sample's prices [USD/yr]
        (:func:`lp_objective`); None where the LP is not the whole dispatch (unit commitment).
    lp_deterministic : float or None
        The LP's optimal objective of the scenario's own values [USD/yr].
    lp_formula_error : float or None
        |:func:`lp_objective` at the scenario's own values − the solver's objective| ÷ the
        latter: the check that the formula prices the LP's objective.
    """

    values: FloatArray
    keys: tuple[str, ...]
    rows: tuple[tuple[float, ...], ...]
    raw: dict[str, Any]
    repriced: dict[str, FloatArray]
    orbit: dict[str, FloatArray] | None
    lp_repriced: FloatArray | None
    lp_deterministic: float | None
    lp_formula_error: float | None

    @property
    def count(self) -> int:
        return len(self.rows)


def lp_objective(p: GroundInputs, q: PlanQuantities, sc: GroundScenario) -> FloatArray:
    """The sizing LP's objective [USD/yr] of the fixed plan ``q`` at the (sampled) prices
    ``p``: what the plan would cost in the LP of those prices.

    It is the plant's annual cost of :func:`~wattflop.ground.money.ground_money` (the plant's
    annualised capital, fixed and variable O&M, fuel, CO₂, grid energy less export revenue:
    :attr:`~wattflop.ground.money.PlantMoney.energy_annual`) without the two lines the LP
    does not size — the grid connection and the sub-second smoothing battery, both fixed by
    the scenario — plus the value of lost load on the unserved energy, which the LP prices
    (:func:`wattflop.ground.network.build_network`).
    """
    from wattflop.ground.money import ground_money

    m = ground_money(p, q)
    r = p.economics.discount_rate
    b, grid = p.plant.batteries, p.plant.grid
    fixed = m.capex["grid_connection"] * capital_recovery_factor(r, grid.life / YEAR_S)
    fixed = fixed + m.capex["smoothing_battery"] * (
        capital_recovery_factor(r, b.life / YEAR_S) + b.fixed_om_fraction * YEAR_S
    )
    voll = sc.plant.value_of_lost_load
    lost = 0.0 if voll is None else voll * q.energy_mwh.get("unserved", 0.0) * J_PER_MWH
    return np.asarray(m.energy_annual - fixed + lost, dtype=float)


def _rows(metrics: Mapping[str, Any], n: int) -> dict[str, FloatArray]:
    """A model's metrics as ``n`` values each (a key-less model answers one number)."""
    return {k: np.broadcast_to(np.asarray(v, dtype=float), (n,)).copy() for k, v in metrics.items()}


def select(study: Study, n: int, metric: str = "usd_per_eflop") -> GroundSamples:
    """The first ``n`` samples of ``study``, re-priced, with what a full run of each needs."""
    from wattflop.ground.inputs import ground_inputs
    from wattflop.ground.money import PlanQuantities
    from wattflop.scenario.ground import UnitCommitment

    model = study.sites["ground"]
    u = draw_uniforms(n, len(study.keys), study.seed, study.corr)
    x = study.values(u)
    ground = [(j, kp) for j, kp in enumerate(study.keys) if "ground" in kp.paths]
    keys = tuple(kp.dist.key for _j, kp in ground)
    rows = tuple(tuple(to_display(kp.spec, float(x[i, j])) for j, kp in ground) for i in range(n))
    raw = {k: v for k, v in model.raw.items() if k != "uncertainty"}
    over = study.overrides("ground", x)
    repriced = _rows(model.evaluate(over), n)
    orbit = None
    if "orbit" in study.sites:
        orbit = _rows(study.sites["orbit"].evaluate(study.overrides("orbit", x)), n)
    sc = model.scenario
    assert isinstance(sc, GroundScenario)
    q = model.plan
    lp = det = err = None
    if isinstance(q, PlanQuantities):
        det = model.lp_objective
        if sc.plant.gas_turbines.unit_commitment is UnitCommitment.OFF and det is not None:
            lp = np.broadcast_to(lp_objective(ground_inputs(sc, over), q, sc), (n,)).copy()
            own = float(lp_objective(ground_inputs(sc), q, sc))
            err = abs(own - det) / abs(det) if det else math.inf
    return GroundSamples(x, keys, rows, raw, repriced, orbit, lp, det, err)


# ---------------------------------------------------------------------------------------
# The comparison
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SampleRuns:
    """The full ground runs of the samples, however they ran (:mod:`wattflop.sweep.montecarlo`).

    Attributes
    ----------
    outputs : dict
        :data:`OUTPUTS` column → each sample's value (NaN: its run failed).
    cases : int
        Distinct runs (samples with equal ground values share one).
    failed : int
        Runs that failed (an infeasible plant: their samples count as infeasible).
    errors : list of str
        The first failures' messages.
    reused, solved : int
        Runs found already done (in the store) and run now.
    wall_s : float
        Time of the runs made now [s].
    workers : int
        Processes they ran on (0: none ran now).
    store : str
        Where the runs are kept.
    notes : list of str
        What happened to the store.
    """

    outputs: dict[str, FloatArray]
    cases: int
    failed: int
    errors: list[str]
    reused: int
    solved: int
    wall_s: float
    workers: int
    store: str
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Bias:
    """The paired difference re-priced − re-optimised of one quantity on the same draws."""

    mean: float
    median: float
    p5: float
    p95: float
    relative_mean: float  #: mean difference ÷ mean re-optimised value
    relative_median: float  #: median of (difference ÷ re-optimised value)
    share_repriced_lower: float  #: samples where re-pricing is the cheaper (beyond TIE), 0–1
    pairs: int  #: samples with both values finite

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def bias(repriced: FloatArray, reoptimised: FloatArray) -> Bias:
    """:class:`Bias` of ``repriced`` against ``reoptimised`` over the pairs both finite."""
    ok = np.isfinite(repriced) & np.isfinite(reoptimised)
    a, b = repriced[ok], reoptimised[ok]
    if a.size == 0:
        nan = math.nan
        return Bias(nan, nan, nan, nan, nan, nan, nan, 0)
    d = a - b
    p5, p50, p95 = (float(v) for v in np.percentile(d, [5, 50, 95]))
    return Bias(
        mean=float(np.mean(d)),
        median=p50,
        p5=p5,
        p95=p95,
        relative_mean=float(np.mean(d) / np.mean(b)) if np.mean(b) else math.nan,
        relative_median=float(np.median(d / b)),
        share_repriced_lower=float(np.mean(d < -TIE * np.abs(b))),
        pairs=int(a.size),
    )


@dataclass(frozen=True)
class LpCheck:
    """Re-pricing the fixed plan is never cheaper than re-optimising, in the LP's objective:
    ``repriced ≥ reoptimised × (1 − slack)`` for every sample."""

    checked: bool
    reason: str  #: why it was not checked, or what was checked
    holds: bool | None = None
    violations: int = 0
    min_margin: float = math.nan  #: smallest (re-priced − re-optimised) ÷ re-optimised
    mean_margin: float = math.nan
    slack: float = LP_SLACK
    formula_error: float | None = None  #: see :attr:`GroundSamples.lp_formula_error`
    repriced: list[float] = field(default_factory=list)  #: [USD/yr]
    reoptimised: list[float] = field(default_factory=list)  #: [USD/yr]

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def lp_check(samples: GroundSamples, reoptimised: FloatArray) -> LpCheck:
    """:class:`LpCheck` of the samples' re-priced LP objective against the solver's."""
    if samples.lp_repriced is None:
        return LpCheck(
            False,
            "not checked: with unit commitment the dispatch is a second problem after the LP "
            "(whole gas units), so the objectives are not one LP's",
        )
    err = samples.lp_formula_error
    if err is None or not err <= 1e3 * LP_SLACK:
        return LpCheck(
            False,
            f"not checked: the re-priced LP objective misses the solver's at the scenario's "
            f"own values by {err:.2e} relative (expected < {1e3 * LP_SLACK:g})",
            formula_error=err,
        )
    a, b = samples.lp_repriced, reoptimised
    ok = np.isfinite(a) & np.isfinite(b) & (b != 0)
    margin = (a[ok] - b[ok]) / np.abs(b[ok])
    bad = int(np.sum(margin < -LP_SLACK))
    return LpCheck(
        True,
        "the fixed plan's LP objective at each sample's prices against the LP re-solved for "
        "those prices",
        holds=bad == 0,
        violations=bad,
        min_margin=float(margin.min()) if margin.size else math.nan,
        mean_margin=float(margin.mean()) if margin.size else math.nan,
        formula_error=err,
        repriced=[float(v) for v in a],
        reoptimised=[float(v) for v in b],
    )


@dataclass(frozen=True)
class Reoptimised:
    """Re-priced and re-optimised ground samples on the same ``N`` draws."""

    samples: int
    cases: int  #: distinct ground cases (samples with equal ground values share one)
    metric: str
    store: str
    keys: list[str]
    reused: int  #: cases found in the store, not solved again
    solved: int  #: cases solved by this run
    failed: int  #: cases whose run failed (their samples count as infeasible)
    wall_s: float  #: time of this run's solves [s]
    workers: int  #: worker processes of this run (0: nothing left to solve)
    samples_per_minute: float | None  #: solved cases per minute of this run's wall time
    values: dict[str, list[float]]  #: ground / ratio, re-priced / re-optimised, per sample
    summaries: dict[str, Summary]
    bias: dict[str, Bias]  #: "ground" (and "ratio"): re-priced − re-optimised
    lp: LpCheck
    capacities: dict[str, dict[str, float]]  #: column → deterministic, p5, p50, p95
    errors: list[str]  #: first messages of failed cases
    notes: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "cases": self.cases,
            "metric": self.metric,
            "store": self.store,
            "keys": self.keys,
            "reused": self.reused,
            "solved": self.solved,
            "failed": self.failed,
            "wall_s": self.wall_s,
            "workers": self.workers,
            "samples_per_minute": self.samples_per_minute,
            "values": self.values,
            "summaries": {k: s.to_dict() for k, s in self.summaries.items()},
            "bias": {k: b.to_dict() for k, b in self.bias.items()},
            "lp_objective": self.lp.to_dict(),
            "capacities": self.capacities,
            "errors": self.errors,
            "notes": self.notes,
        }


def compare(
    samples: GroundSamples,
    runs: SampleRuns,
    *,
    metric: str,
    deterministic: Mapping[str, float],
    capacities: Mapping[str, float] | None = None,
) -> Reoptimised:
    """The re-optimised samples against their re-priced values.

    ``deterministic``: the deterministic value of ``metric`` by "ground" and "ratio";
    ``capacities``: the deterministic plant's, by :data:`CAPACITIES` column.
    """
    got = runs.outputs[metric]
    repriced = samples.repriced[metric]
    values = {"ground_repriced": repriced, "ground_reoptimised": got}
    summaries = {
        "ground_repriced": summarise(repriced, deterministic["ground"]),
        "ground_reoptimised": summarise(got, deterministic["ground"]),
    }
    biases = {"ground": bias(repriced, got)}
    if samples.orbit is not None and "ratio" in deterministic:
        orbit = samples.orbit[metric]
        with np.errstate(invalid="ignore", divide="ignore"):
            r_pri, r_opt = orbit / repriced, orbit / got
        values |= {"ratio_repriced": r_pri, "ratio_reoptimised": r_opt}
        summaries |= {
            "ratio_repriced": summarise(r_pri, deterministic["ratio"]),
            "ratio_reoptimised": summarise(r_opt, deterministic["ratio"]),
        }
        biases["ratio"] = bias(r_pri, r_opt)
    caps: dict[str, dict[str, float]] = {}
    for col in CAPACITIES:
        v = runs.outputs[col]
        v = v[np.isfinite(v)]
        if v.size:
            p5, p50, p95 = (float(t) for t in np.percentile(v, [5, 50, 95]))
            det = (capacities or {}).get(col, math.nan)
            caps[col] = {"deterministic": det, "p5": p5, "p50": p50, "p95": p95}
    rate = 60.0 * runs.solved / runs.wall_s if runs.solved and runs.wall_s > 0 else None
    return Reoptimised(
        samples=samples.count,
        cases=runs.cases,
        metric=metric,
        store=runs.store,
        keys=list(samples.keys),
        reused=runs.reused,
        solved=runs.solved,
        failed=runs.failed,
        wall_s=runs.wall_s,
        workers=runs.workers,
        samples_per_minute=rate,
        values={k: [float(t) for t in v] for k, v in values.items()},
        summaries=summaries,
        bias=biases,
        lp=lp_check(samples, runs.outputs["objective_usd_per_year"]),
        capacities=caps,
        errors=list(runs.errors),
        notes=[
            f"the first {samples.count:,} ground samples were also re-optimised (the plant "
            f"re-sized by a full ground run each; stored in {runs.store})",
            *runs.notes,
        ],
    )


@dataclass(frozen=True)
class ReoptimisedMonteCarlo:
    """A Monte Carlo and its re-optimised ground samples: ``montecarlo.json`` holds the
    Monte Carlo's fields and ``reoptimised_ground``."""

    monte_carlo: MonteCarlo
    reoptimised: Reoptimised

    def to_dict(self) -> dict[str, Any]:
        d = self.monte_carlo.to_dict()
        r = self.reoptimised
        d["notes"] = [*d["notes"], *r.notes]
        d["reoptimised_ground"] = r.to_dict()
        return d


__all__ = [
    "CAPACITIES",
    "LP_SLACK",
    "OUTPUTS",
    "TIE",
    "Bias",
    "GroundSamples",
    "LpCheck",
    "ReoptimiseError",
    "Reoptimised",
    "ReoptimisedMonteCarlo",
    "SampleRuns",
    "bias",
    "check_count",
    "compare",
    "lp_check",
    "lp_objective",
    "select",
]

"""Uncertainty: distributions written in the scenario, a vectorised Monte Carlo over both
sites, a one-at-a-time tornado and Sobol indices.

Distributions live in a scenario's ``uncertainty`` section (:class:`wattflop.scenario.
Uncertainty`), keyed by the same dotted keys ``wattflop breakeven --vary`` takes::

    uncertainty:
      samples: 100000
      seed: 1
      distributions:
        launch.price_per_kg: triangular(200, 460, 1500) USD/kg
        catalog.accelerators.H100-SXM.failure_rate: lognormal(0.05, 2) 1/yr
        orbit.altitude: choice(550, 600, 650) km
      correlations:
        - [launch.price_per_kg, satellite.array.specific_power, -0.3]

The scenario's own value of each key stays the deterministic case.

How the models are vectorised
-----------------------------
*Orbit*: a design has three stages (:mod:`wattflop.orbit.satellite`). Stage A, the array's
year per m² (geometry, shadow, cell temperature), depends only on the orbit, the pointing and
the cell's optics (:class:`~wattflop.orbit.inputs.YearInputs`): it is computed once per
distinct value of those keys, which take a ``choice(a, b, ...)`` distribution (at most
:data:`MAX_YEAR_GROUPS` distinct years). Stage B (sizing and mass closure) and the fleet's
money are array algebra on typed inputs (:class:`~wattflop.orbit.inputs.OrbitInputs`,
:func:`~wattflop.orbit.satellite.size_satellite`, :func:`~wattflop.orbit.money.fleet_money`),
evaluated on all samples of a group at once, the same code the deterministic run uses. Stage
C, the simulated years, gives the share of compute demand the power system serves; a design
re-sized by the same rule to the same worst passage serves the same share, so each group's
deterministic design's share is used for its samples (:func:`audit` re-simulates samples in
full to check this). Any numeric key the model reads can be sampled; a key it does not read
(one that acts only through the simulated years) is refused with the reason.

*Ground*: the plant is sized and dispatched by a linear programme (seconds per run), too
slow to sample inline. A sample re-prices the deterministic plan
(:func:`~wattflop.ground.money.ground_money`): exact for keys outside the LP (accelerators,
facility, discount rate, lives); for prices the LP optimises against (fuel, plant capital
costs, CO₂) an upper bound of the re-optimised plant's cost in the LP's own objective,
though not always per delivered EFLOP, which also carries lines the LP does not see (the
time to power, taxes, land). Keys that act only through the hourly dispatch (grid price
series, weather, load) are refused. ``wattflop montecarlo --reoptimise-ground N`` also runs
the first N samples as full ground runs, the plant re-sized for each, on Dask through the
sweep engine and its resumable store, and measures the bias of re-pricing on those draws
(:mod:`wattflop.study.reoptimise`, :mod:`wattflop.sweep.montecarlo`); a sweep file does the
same for any draws (``sampling: distributions``, e.g. ``sweeps/ground-monte-carlo.yaml``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray
from scipy.special import ndtr, ndtri

from wattflop.budget import Budget, Estimate, check
from wattflop.economics import FLOP_PER_EFLOP
from wattflop.errors import InfeasibleError, Problem, ScenarioError, WattflopError
from wattflop.orbit.geometry import YearGeometry
from wattflop.orbit.inputs import SIZING_PATHS, YEAR_PATHS, orbit_inputs, year_inputs
from wattflop.orbit.money import fleet_money
from wattflop.orbit.satellite import ArrayYear, array_year, design_satellite, size_satellite
from wattflop.orbit.site import least_cost_strategy, orbit_geometry, served_fraction
from wattflop.parameters import Columns
from wattflop.scenario import EclipseStrategy, GroundScenario, OrbitScenario, parse_scenario
from wattflop.scenario.keys import KeySpec, get_key, key_spec, set_key, to_display

if TYPE_CHECKING:
    from wattflop.ground.money import PlanQuantities

FloatArray = NDArray[np.float64]

KINDS = ("triangular", "uniform", "normal", "lognormal", "loguniform", "choice")
#: Most values a ``choice`` distribution lists.
MAX_CHOICES = 64
_ARITY = {
    "triangular": (3,),
    "uniform": (2,),
    "normal": (2, 4),
    "lognormal": (2,),
    "loguniform": (2,),
    "choice": tuple(range(1, MAX_CHOICES + 1)),
}
_FORM = {
    "triangular": "triangular(lo, mode, hi)",
    "uniform": "uniform(lo, hi)",
    "normal": "normal(mean, sd) or normal(mean, sd, lo, hi) (truncated)",
    "lognormal": "lognormal(median, gsd) with gsd ≥ 1 (geometric standard deviation)",
    "loguniform": "loguniform(lo, hi) with 0 < lo",
    "choice": f"choice(a, b, ...): up to {MAX_CHOICES} values, equally likely",
}
_TEXT = re.compile(r"^\s*([A-Za-z_-]+)\s*\((.*)\)\s*(.*?)\s*$")

#: Catalogue kinds → the scenario attribute that resolves the entry in use.
CATALOG_ATTR = {
    "accelerators": "accelerator",
    "launch_vehicles": "vehicle",
    "solar_cells": "cell",
    "batteries": "battery_tech",
}
#: Scenario attribute → the key that names the entry in use.
_ENTRY_NAME = {
    "accelerator": ("workload", "accelerator"),
    "vehicle": ("launch", "vehicle"),
    "cell": ("satellite", "array", "cell"),
    "battery_tech": ("satellite", "battery", "technology"),
}
#: Ground keys the linear programme optimises against: re-pricing gives an upper bound of
#: the LP's objective (:mod:`wattflop.study.reoptimise`).
_LP_PREFIXES = ("plant.",)


class UncertaintyError(WattflopError, ValueError):
    """A Monte Carlo request that cannot be run as written."""


# ---------------------------------------------------------------------------------------
# Distributions
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Distribution:
    """A distribution of one key's value, parameters in SI (:attr:`KeySpec.unit`)."""

    key: str
    kind: str
    params: tuple[float, ...]
    text: str
    unit: str = ""

    def ppf(self, u: FloatArray) -> FloatArray:
        """Quantile function at probabilities ``u`` in (0, 1): samples from uniforms."""
        p = self.params
        u = np.asarray(u, dtype=float)
        if self.kind == "uniform":
            return p[0] + u * (p[1] - p[0])
        if self.kind == "triangular":
            lo, mode, hi = p
            width = hi - lo
            if width == 0.0:
                return np.full(u.shape, lo)
            c = (mode - lo) / width
            left = lo + np.sqrt(u * width * (mode - lo))
            right = hi - np.sqrt((1.0 - u) * width * (hi - mode))
            return np.where(u < c, left, right)
        if self.kind == "normal":
            mean, sd = p[0], p[1]
            if sd == 0.0:
                return np.full(u.shape, mean)
            if len(p) == 4:  # truncated to [lo, hi]
                a, b = ndtr((p[2] - mean) / sd), ndtr((p[3] - mean) / sd)
                u = a + u * (b - a)
            return np.asarray(mean + sd * ndtri(u), dtype=float)
        if self.kind == "lognormal":
            median, gsd = p
            if gsd == 1.0:
                return np.full(u.shape, median)
            return np.asarray(median * np.exp(math.log(gsd) * ndtri(u)), dtype=float)
        if self.kind == "choice":  # equally likely values, in the order written
            k = len(p)
            i = np.minimum(np.floor(u * k), k - 1).astype(np.int64)
            return np.asarray(np.asarray(p, dtype=float)[i], dtype=float)
        lo, hi = p  # loguniform
        if lo == hi:
            return np.full(u.shape, lo)
        return np.exp(math.log(lo) + u * (math.log(hi) - math.log(lo)))

    @property
    def degenerate(self) -> bool:
        """Whether every draw is the same value."""
        p = self.params
        if self.kind == "normal":
            return p[1] == 0.0
        if self.kind == "lognormal":
            return p[1] == 1.0
        return min(p) == max(p)  # uniform, loguniform, triangular (lo ≤ mode ≤ hi), choice


def parse_distribution(key: str, text: str, spec: KeySpec, where: str = "") -> Distribution:
    """Read ``kind(a, b, ...) [unit]`` for the key ``spec``.

    Numbers take their own unit, else the unit after the parenthesis, else the key's input
    unit (as a bare number in the scenario would). The lognormal's spread ``gsd`` is a pure
    factor.

    Raises
    ------
    ScenarioError
        Naming ``where`` (the key path), the text, what was expected and a suggestion.
    """
    path = where or key

    def fail(message: str, hint: str = "") -> ScenarioError:
        return ScenarioError([Problem(path, message, value=text, hint=hint)])

    if not isinstance(text, str):
        raise fail("is not a distribution", "write e.g. 'triangular(200, 460, 1500) USD/kg'")
    m = _TEXT.match(text)
    if m is None:
        raise fail(
            "is not a distribution of the form kind(a, b, ...) [unit]",
            "write e.g. 'triangular(200, 460, 1500) USD/kg'",
        )
    kind, body, unit = m.group(1).lower().replace("-", ""), m.group(2), m.group(3)
    if kind == "log_uniform":
        kind = "loguniform"
    if kind not in KINDS:
        import difflib

        near = difflib.get_close_matches(kind, KINDS, n=1)
        raise fail(
            f"unknown distribution '{m.group(1)}'",
            (f"did you mean '{near[0]}'? " if near else "")
            + "choose one of: "
            + "; ".join(_FORM.values()),
        )
    args = [a.strip() for a in body.split(",")] if body.strip() else []
    if len(args) not in _ARITY[kind]:
        counts = f"1 to {MAX_CHOICES}" if kind == "choice" else " or ".join(map(str, _ARITY[kind]))
        raise fail(f"{kind} takes {counts} numbers", _FORM[kind])
    if not spec.continuous:
        raise fail(
            "is not a real-valued key: only real numbers can be sampled",
            "choose a key with a continuous value",
        )
    values: list[float] = []
    for i, a in enumerate(args):
        if kind == "lognormal" and i == 1:
            try:
                values.append(float(a))
            except ValueError:
                raise fail(f"the gsd '{a}' must be a plain number ≥ 1", _FORM[kind]) from None
            continue
        try:
            float(a)
            bare = True
        except ValueError:
            bare = False
        # a bare number takes the unit after the parenthesis, else the key's input unit
        written = f"{a} {unit or spec.input_unit}".strip() if bare else a
        try:
            values.append(_to_si(spec, written))
        except Exception as exc:  # unit or bound errors from the key's own check
            raise fail(f"argument {i + 1} '{a}': {exc}", _FORM[kind]) from None
    _check(kind, values, fail)
    return Distribution(key=key, kind=kind, params=tuple(values), text=text, unit=spec.unit)


def _to_si(spec: KeySpec, written: str) -> float:
    """A number as the key would read it, in SI (no bounds check: tails are checked later)."""
    from wattflop.units import to_si

    if spec.kind != "quantity" or spec.quantity is None:
        return float(written)
    return float(to_si(written, spec.quantity.unit, show=spec.quantity.show))


def _check(kind: str, v: list[float], fail: Callable[..., ScenarioError]) -> None:
    if kind in ("uniform", "loguniform", "triangular") and v[0] > v[-1]:
        raise fail(f"lo {v[0]:g} > hi {v[-1]:g}", "write the smaller bound first")
    if kind == "triangular" and not v[0] <= v[1] <= v[2]:
        raise fail(f"the mode {v[1]:g} lies outside [{v[0]:g}, {v[2]:g}]", _FORM[kind])
    if kind == "normal":
        if v[1] < 0:
            raise fail(f"sd {v[1]:g} is negative", "the standard deviation must be ≥ 0")
        if len(v) == 4 and v[2] >= v[3]:
            raise fail(f"truncation lo {v[2]:g} ≥ hi {v[3]:g}", "write the smaller bound first")
    if kind == "lognormal":
        if v[0] <= 0:
            raise fail(f"median {v[0]:g} must be > 0", _FORM[kind])
        if v[1] < 1:
            raise fail(f"gsd {v[1]:g} must be ≥ 1 (a factor: 2 means ×/÷ 2)", _FORM[kind])
    if kind == "loguniform" and v[0] <= 0:
        raise fail(f"lo {v[0]:g} must be > 0 on a log scale", "use uniform for ranges from 0")


def _check_tails(
    d: Distribution, spec: KeySpec, x: FloatArray, path: str, source: str | None = None
) -> None:
    """Samples outside the key's physical bounds are an error, not a silent clip."""
    q = spec.quantity
    broken = q.outside(x) if q is not None else None
    if q is None or broken is None:
        return
    op, bad = broken
    raise ScenarioError(
        [
            Problem(
                path,
                f"{int(np.sum(bad)):,} of {x.size:,} samples break the key's bound (must be "
                f"{q.bound_text(op)}; drew {q.text(x.min())} to {q.text(x.max())})",
                value=d.text,
                hint="narrow the distribution, truncate it (normal(mean, sd, lo, hi)) "
                "or use lognormal/loguniform for positive quantities",
            )
        ],
        source,
    )


# ---------------------------------------------------------------------------------------
# Sampling
# ---------------------------------------------------------------------------------------


def correlation_matrix(
    keys: Sequence[str], pairs: Sequence[tuple[str, str, float]], where: str = ""
) -> FloatArray:
    """Correlation matrix of the Gaussian copula from ``[key_a, key_b, rho]`` pairs."""
    import difflib

    n = len(keys)
    c = np.eye(n)
    index = {k: i for i, k in enumerate(keys)}
    seen: dict[frozenset[str], int] = {}
    for j, (a, b, rho) in enumerate(pairs):
        path = f"{where}uncertainty.correlations.{j}"
        pair = frozenset((a, b))
        if pair in seen:
            raise ScenarioError(
                [
                    Problem(
                        path,
                        f"correlates {a} and {b} again (first in correlations.{seen[pair]})",
                        value=[a, b, rho],
                        hint="give each pair of keys one correlation",
                    )
                ]
            )
        seen[pair] = j
        for k in (a, b):
            if k not in index:
                near = difflib.get_close_matches(k, keys, n=1)
                raise ScenarioError(
                    [
                        Problem(
                            path,
                            f"'{k}' has no distribution",
                            value=[a, b, rho],
                            hint=(f"did you mean '{near[0]}'? " if near else "")
                            + "correlate keys listed under uncertainty.distributions",
                        )
                    ]
                )
        if a == b or not -1.0 < rho < 1.0:
            raise ScenarioError(
                [
                    Problem(
                        path,
                        "a correlation pairs two different keys with −1 < rho < 1",
                        value=[a, b, rho],
                    )
                ]
            )
        c[index[a], index[b]] = c[index[b], index[a]] = rho
    if n and np.min(np.linalg.eigvalsh(c)) <= 1e-10:
        raise ScenarioError(
            [
                Problem(
                    f"{where}uncertainty.correlations",
                    "the correlations are not consistent with each other (the matrix is not "
                    "positive definite)",
                    hint="weaken the strongest correlations",
                )
            ]
        )
    return c


def draw_uniforms(n: int, k: int, seed: int, corr: FloatArray | None = None) -> FloatArray:
    """``n × k`` probabilities in (0, 1): independent, or joined by a Gaussian copula."""
    return np.concatenate(list(uniform_chunks(n, k, seed, corr, chunk=max(n, 1))))


def uniform_chunks(
    n: int, k: int, seed: int, corr: FloatArray | None = None, chunk: int = 100_000
) -> Iterator[FloatArray]:
    """:func:`draw_uniforms` in blocks of at most ``chunk`` rows, so memory stays flat.

    The blocks are the rows of one stream, in order: their concatenation equals
    ``draw_uniforms(n, k, seed, corr)`` exactly, whatever the chunk size.
    """
    if n < 1:
        raise UncertaintyError(f"the sample count must be a positive integer, got {n}")
    rng = np.random.default_rng(seed)
    lower = None if corr is None or np.allclose(corr, np.eye(k)) else np.linalg.cholesky(corr)
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        u = rng.random((m, k)) if lower is None else ndtr(rng.standard_normal((m, k)) @ lower.T)
        yield np.clip(u, 1e-15, 1.0 - 1e-15)


def attribute_path(sc: OrbitScenario | GroundScenario, spec: KeySpec) -> tuple[str, ...] | None:
    """Where a key's value is read on the scenario object (None: an entry not in use)."""
    if spec.catalog_entry is None:
        return spec.path
    kind, name = spec.catalog_entry
    attr = CATALOG_ATTR.get(kind)
    if attr is None or not hasattr(type(sc), attr):
        return None
    node: Any = sc
    for part in _ENTRY_NAME[attr]:
        node = getattr(node, part)
    return (attr, spec.path[-1]) if node == name else None


# ---------------------------------------------------------------------------------------
# The vectorised site models
# ---------------------------------------------------------------------------------------


Evaluate = Callable[[Columns], dict[str, FloatArray]]


@dataclass
class SiteModel:
    """A site evaluated on arrays of sampled values: ``evaluate(columns) → metrics``.

    ``reads`` are the attribute paths the vectorised model reads (from the types of its
    inputs, :mod:`wattflop.parameters`); a sampled key outside them has no effect here.
    ``grouped`` are those it runs once per distinct value (the orbit's year of geometry).
    """

    site: str
    scenario: OrbitScenario | GroundScenario
    raw: Mapping[str, Any]  #: the scenario as written (units kept), for full re-runs
    deterministic: dict[str, float]
    evaluate: Evaluate
    reads: frozenset[tuple[str, ...]]
    grouped: frozenset[tuple[str, ...]] = frozenset()
    notes: list[str] = field(default_factory=list)
    #: the ground's deterministic plan (what a sample re-prices) and its LP's optimal
    #: objective [USD/yr]; None for the orbit
    plan: PlanQuantities | None = None
    lp_objective: float | None = None


METRICS = ("usd_per_eflop", "lcoe_usd_per_mwh", "usd_per_accelerator_hour")
#: Prefix of the cost per EFLOP by line in a model's output: ``line.launch``, ``line.fuel``, …
#: (the result's ``cost.usd_per_eflop_by_line``) [USD/EFLOP].
LINE = "line."
#: Most distinct combinations of the orbit's year keys one Monte Carlo runs (each is a year
#: of geometry, the array's year and a simulated design: about a second).
MAX_YEAR_GROUPS = 64


@dataclass(frozen=True)
class _Year:
    """Stage A and the served share of one distinct value of the year keys."""

    geometry: YearGeometry
    array: ArrayYear
    served: float
    strategy: EclipseStrategy


def orbit_model(
    sc: OrbitScenario, raw: Mapping[str, Any] | None = None, budget: Budget | None = None
) -> SiteModel:
    """The orbital site on sampled values.

    Stage A (the year of geometry and the array's year) and the served share are computed
    once per distinct value of the keys that change them (:data:`~wattflop.orbit.inputs.
    YEAR_PATHS`), stage B and the money on all samples of that group at once. Each year is
    checked against ``budget`` (:func:`~wattflop.orbit.site.orbit_geometry`).
    """
    asked: EclipseStrategy = sc.satellite.eclipse_strategy
    years: dict[tuple[tuple[tuple[str, ...], float], ...], _Year | None] = {}

    def year(values: tuple[tuple[tuple[str, ...], float], ...]) -> _Year | None:
        if values not in years:
            cols = dict(values)
            try:
                y = year_inputs(sc, cols)
                g = orbit_geometry(y.orbit, budget)
                a = array_year(y, g)
                p = orbit_inputs(sc, cols)
                # least_cost: the design is chosen on the group's deterministic values, then
                # the samples re-price that design
                strategy = (
                    least_cost_strategy(p, g, a) if asked is EclipseStrategy.LEAST_COST else asked
                )
                served = served_fraction(design_satellite(p, g, a, strategy))
                years[values] = _Year(g, a, served, strategy)
            except InfeasibleError:
                if not values:
                    raise  # the scenario itself does not close
                years[values] = None  # that group's samples are infeasible: NaN
        return years[values]

    def rows(ctx: _Year, over: Columns) -> dict[str, FloatArray]:
        p = orbit_inputs(sc, over)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            z = size_satellite(p, ctx.geometry, ctx.array, ctx.strategy)
            m = fleet_money(p, z, ctx.served)
        bad = (z.infeasible != 0) | ~(m.per_launch >= 1)
        out = {
            "usd_per_eflop": m.usd_eflop,
            "lcoe_usd_per_mwh": m.lcoe,
            "usd_per_accelerator_hour": m.usd_acc_h,
            "satellite_kg": z.total_mass_kg,
            "satellites": m.n_sat,
        }
        out |= {LINE + k: v for k, v in m.usd_eflop_by_line.items()}
        return {k: np.asarray(np.where(bad, np.nan, v), dtype=float) for k, v in out.items()}

    def evaluate(over: Columns) -> dict[str, FloatArray]:
        keys = [path for path in over if path in YEAR_PATHS]
        if not keys:
            base = year(())
            assert base is not None
            return rows(base, over)
        n = max(np.size(v) for v in over.values())
        table = np.column_stack(
            [np.broadcast_to(np.asarray(over[k], dtype=float), (n,)) for k in keys]
        )
        distinct, inverse = np.unique(table, axis=0, return_inverse=True)
        if len(distinct) > MAX_YEAR_GROUPS:
            raise UncertaintyError(
                f"{len(distinct):,} distinct values of {', '.join('.'.join(k) for k in keys)}: "
                f"the year of geometry runs once per value, at most {MAX_YEAR_GROUPS}"
            )
        inverse = inverse.ravel()
        out: dict[str, FloatArray] = {}
        for i, values in enumerate(distinct):
            ctx = year(tuple((k, float(v)) for k, v in zip(keys, values, strict=True)))
            take = inverse == i
            sub = {k: (np.asarray(v)[take] if np.ndim(v) else v) for k, v in over.items()}
            got = rows(ctx, sub) if ctx is not None else {}
            names = ("usd_per_eflop", "lcoe_usd_per_mwh", "usd_per_accelerator_hour",
                     "satellite_kg", "satellites", *got)  # fmt: skip
            for name in dict.fromkeys(names):
                col = out.setdefault(name, np.full(n, np.nan))
                if name in got:
                    col[take] = got[name]
        return out

    base = evaluate({})
    det = {k: float(base[k]) for k in (*METRICS, "satellite_kg", "satellites")}
    return SiteModel("orbit", sc, raw or {}, det, evaluate, SIZING_PATHS | YEAR_PATHS, YEAR_PATHS)


def ground_model(sc: GroundScenario, raw: Mapping[str, Any] | None = None) -> SiteModel:
    """The ground site on sampled values: the deterministic plan, re-priced per sample."""
    from wattflop.ground.inputs import MONEY_PATHS, ground_inputs
    from wattflop.ground.money import PlanQuantities, ground_money
    from wattflop.result_cache import simulate_ground

    r = simulate_ground(sc)  # read from the result cache when solved before
    q = r.artifacts["money_inputs"]
    assert isinstance(q, PlanQuantities)

    def evaluate(over: Columns) -> dict[str, FloatArray]:
        with np.errstate(invalid="ignore", divide="ignore"):
            m = ground_money(ground_inputs(sc, over), q)
            eflop = np.asarray(m.flop, dtype=float) / FLOP_PER_EFLOP
            out = {
                "usd_per_eflop": m.usd_eflop,
                "lcoe_usd_per_mwh": m.lcoe,
                "usd_per_accelerator_hour": m.usd_acc_h,
            } | {LINE + k: v / eflop for k, v in m.annual_by_line.items()}
        return {k: np.asarray(v, dtype=float) for k, v in out.items()}

    base = evaluate({})
    det = {k: float(base[k]) for k in METRICS}
    det |= {
        f"capacity.{k}": float(r.get(f"ground.capacity_mw.{k}"))
        for k in ("gas_turbines", "pv", "battery")
    }
    det["capacity.battery_mwh"] = float(r.get("ground.battery_mwh"))
    lp = float(r.get("ground.objective_usd_per_year"))
    return SiteModel("ground", sc, raw or {}, det, evaluate, MONEY_PATHS, plan=q, lp_objective=lp)


# ---------------------------------------------------------------------------------------
# The study
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyPlan:
    """One sampled key: its distribution and where each site reads it."""

    dist: Distribution
    spec: KeySpec
    paths: dict[str, tuple[str, ...]]  #: site → attribute path on that site's scenario
    base: dict[str, float]  #: site → the deterministic value
    source: str = ""  #: the file the distribution is written in


@dataclass
class Study:
    """A prepared Monte Carlo: the keys, the site models and the copula."""

    keys: list[KeyPlan]
    sites: dict[str, SiteModel]
    corr: FloatArray
    samples: int
    seed: int
    notes: list[str]

    def overrides(self, site: str, x: FloatArray) -> dict[tuple[str, ...], FloatArray]:
        """Sampled values (``n × k``, columns in :attr:`keys` order) as one site's overrides."""
        return {kp.paths[site]: x[:, j] for j, kp in enumerate(self.keys) if site in kp.paths}

    def values(self, u: FloatArray) -> FloatArray:
        """Probabilities → sampled values, columns in key order."""
        return np.column_stack([kp.dist.ppf(u[:, j]) for j, kp in enumerate(self.keys)])

    def metric(self, x: FloatArray, name: str = "usd_per_eflop") -> dict[str, FloatArray]:
        """Each site's metric on sampled values, and the ratio orbit / ground when both."""
        out = {s: m.evaluate(self.overrides(s, x))[name] for s, m in self.sites.items()}
        if "orbit" in out and "ground" in out:
            out["ratio"] = out["orbit"] / out["ground"]
        return out


def with_lines(exc: ScenarioError) -> ScenarioError:
    """``exc`` with the line of each problem in its source file filled in, when the source
    is a readable file and the problem's key path (or a section above it) is written there."""
    from wattflop.yamlio import line_map

    try:
        text = Path(str(exc.source)).read_text(encoding="utf-8")
        lines = {".".join(k): v for k, v in line_map(text).items()}
    except (OSError, UnicodeDecodeError, ValueError):
        return exc
    problems = []
    for p in exc.problems:
        path, line = p.path, p.line
        while line is None and path:
            line = lines.get(path)
            path = path.rpartition(".")[0]
        problems.append(replace(p, line=line))
    return type(exc)(problems, exc.source)


def check_uncertainty(
    raw: Mapping[str, Any], sc: OrbitScenario | GroundScenario, source: str
) -> None:
    """Check a scenario's ``uncertainty`` section without running anything: every key exists
    and is numeric, every distribution parses and stays inside its key's bounds, and the
    correlations name sampled keys once each and form a valid matrix (what ``wattflop
    validate`` checks; a Monte Carlo also checks what needs the site models).

    Raises
    ------
    ScenarioError
        With every problem found, each with its file and line.
    """
    problems: list[Problem] = []
    keys: list[str] = []
    for k, text in sc.uncertainty.distributions.items():
        where = f"uncertainty.distributions.{k}"
        try:
            spec = key_spec(raw, k)
            if attribute_path(sc, spec) is None:
                problems.append(
                    Problem(
                        where,
                        "names a catalogue entry this scenario does not use",
                        value=text,
                        hint="write the key of the entry the scenario uses, e.g. "
                        "catalog.accelerators.<workload.accelerator>.system_price",
                    )
                )
                continue
            dist = parse_distribution(k, text, spec, where)
            q = spec.quantity
            if q is not None and not dist.degenerate:
                # the extremes expected among the scenario's samples
                n = max(sc.uncertainty.samples, 1)
                tails = dist.ppf(np.array([0.5 / n, 1.0 - 0.5 / n]))
                broken = q.outside(tails)
                if broken is not None:
                    problems.append(
                        Problem(
                            where,
                            f"its tails reach {q.text(tails.min())} to {q.text(tails.max())} "
                            f"over {n:,} samples, past the key's bound (must be "
                            f"{q.bound_text(broken[0])})",
                            value=text,
                            hint="narrow the distribution, truncate it (normal(mean, sd, lo, "
                            "hi)) or use lognormal/loguniform for positive quantities",
                        )
                    )
                    continue
        except ScenarioError as exc:
            problems += [
                p if p.path.startswith(where) else replace(p, path=where) for p in exc.problems
            ]
            continue
        keys.append(k)
    if not problems:
        try:
            correlation_matrix(keys, list(sc.uncertainty.correlations))
        except ScenarioError as exc:
            problems += exc.problems
    if problems:
        raise with_lines(ScenarioError(problems, source))


def prepare(
    scenarios: Sequence[tuple[Mapping[str, Any], str]],
    samples: int | None = None,
    seed: int | None = None,
    budget: Budget | None = None,
) -> Study:
    """Read the ``uncertainty`` sections of one orbital and/or one ground scenario.

    Parameters
    ----------
    scenarios : sequence of (raw mapping, source name)
        The raw scenarios (``load_raw``) and the file each came from (for messages).
    samples, seed : int, optional
        Override the first scenario's ``uncertainty.samples`` / ``seed``.
    budget : Budget, optional
        What the orbit's year may take (:func:`~wattflop.orbit.site.orbit_geometry`).

    A key written in either scenario is applied to every site whose model has it (a shared
    accelerator price moves both sides alike, with the same draws). The same key written
    differently in the two scenarios is an error.
    """
    try:
        return _prepare(scenarios, samples, seed, budget)
    except ScenarioError as exc:
        raise with_lines(exc) from None


def _prepare(
    scenarios: Sequence[tuple[Mapping[str, Any], str]],
    samples: int | None,
    seed: int | None,
    budget: Budget | None = None,
) -> Study:
    sites: dict[str, SiteModel] = {}
    parsed: list[tuple[Mapping[str, Any], str, OrbitScenario | GroundScenario]] = []
    for raw, source in scenarios:
        sc = parse_scenario(dict(raw), source=source)
        if sc.site in sites:
            raise UncertaintyError(
                f"{source}: two {sc.site} scenarios given; a Monte Carlo takes at most one "
                "orbital and one ground scenario"
            )
        parsed.append((raw, source, sc))
        sites[sc.site] = (
            orbit_model(sc, raw, budget) if isinstance(sc, OrbitScenario) else ground_model(sc, raw)
        )
    texts: dict[str, tuple[str, str]] = {}
    pairs: list[tuple[str, str, float]] = []
    pair_sources: list[tuple[str, int]] = []  # each pair's file and place in it
    for _raw, source, sc in parsed:
        for k, text in sc.uncertainty.distributions.items():
            if k in texts and texts[k][0] != text:
                raise ScenarioError(
                    [
                        Problem(
                            f"uncertainty.distributions.{k}",
                            f"is written differently in {texts[k][1]} ('{texts[k][0]}')",
                            value=text,
                            hint="write a shared key once, or identically in both",
                        )
                    ],
                    source,
                )
            texts[k] = (text, source)
        pairs += list(sc.uncertainty.correlations)
        pair_sources += [(source, i) for i in range(len(sc.uncertainty.correlations))]
    plans: list[KeyPlan] = []
    notes: list[str] = []
    for k, (text, source) in texts.items():
        where = f"uncertainty.distributions.{k}"
        specs: dict[str, KeySpec] = {}
        paths: dict[str, tuple[str, ...]] = {}
        base: dict[str, float] = {}
        errors: list[ScenarioError] = []
        for raw, _src, sc in parsed:
            try:
                spec = key_spec(raw, k)
            except ScenarioError as exc:
                errors.append(exc)
                continue
            path = attribute_path(sc, spec)
            if path is None:
                continue
            specs[sc.site], paths[sc.site] = spec, path
            base[sc.site] = get_key(raw, k)
        if not paths:
            if errors:
                e = errors[0]
                raise ScenarioError(
                    [Problem(where, p.message, value=text, hint=p.hint) for p in e.problems],
                    source,
                )
            raise ScenarioError(
                [
                    Problem(
                        where,
                        "names a catalogue entry no scenario here uses",
                        value=text,
                        hint="write the key of the entry the scenario uses, e.g. "
                        "catalog.accelerators.<workload.accelerator>.system_price",
                    )
                ],
                source,
            )
        spec = next(iter(specs.values()))
        try:
            dist = parse_distribution(k, text, spec, where)
        except ScenarioError as exc:
            raise ScenarioError(exc.problems, source) from None
        grouped = [site for site, path in paths.items() if path in sites[site].grouped]
        if grouped and dist.kind != "choice" and not dist.degenerate:
            raise ScenarioError(
                [
                    Problem(
                        where,
                        f"{k} changes the {grouped[0]}'s year of geometry or the array's "
                        "temperature, which the Monte Carlo runs once per distinct value "
                        "(about a second each): give it a few values to choose from",
                        value=text,
                        hint=f"write e.g. 'choice(a, b, c) [unit]', at most {MAX_CHOICES} "
                        "values; or vary it with `wattflop breakeven --vary` or a sweep",
                    )
                ],
                source,
            )
        plans.append(KeyPlan(dist, spec, paths, base, source))
        if "ground" in paths and any(k.startswith(p) for p in _LP_PREFIXES):
            notes.append(
                f"ground: {k} is priced on the deterministic plan and dispatch, not "
                "re-optimised per sample: an upper bound of the plant's cost in the LP, though "
                "per delivered EFLOP a re-optimised plant can cost more (the LP does not see "
                "the time to power, taxes or land); --reoptimise-ground N measures it"
            )
    if not plans:
        names = " and ".join(source for _raw, source, _sc in parsed)
        raise ScenarioError(
            [
                Problem(
                    "uncertainty.distributions",
                    "is empty: there is nothing to sample",
                    None,
                    None,
                    "write at least one key's distribution, e.g. uncertainty: {distributions: "
                    "{launch.price_per_kg: 'triangular(60, 460, 1800) USD/kg'}}; the bundled "
                    "scenarios have examples",
                )
            ],
            names,
        )
    first = parsed[0][2].uncertainty
    n = first.samples if samples is None else samples
    if n < 1:
        raise UncertaintyError(f"the sample count must be a positive integer, got {n}")
    s = first.seed if seed is None else seed
    try:
        corr = correlation_matrix([p.dist.key for p in plans], pairs)
    except ScenarioError as exc:  # blame the file the pair is written in, at its line
        found = re.search(r"correlations\.(\d+)", exc.problems[0].path)
        where, local = pair_sources[int(found.group(1))] if found else (parsed[0][1], 0)
        problems = [
            replace(p, path=re.sub(r"correlations\.\d+", f"correlations.{local}", p.path))
            for p in exc.problems
        ]
        raise with_lines(ScenarioError(problems, where)) from None
    study = Study(plans, sites, corr, int(n), int(s), notes)
    _check_effect(study)
    return study


def _check_effect(study: Study) -> None:
    """Refuse a key that a site's vectorised model never reads (it would be ignored), and
    more distinct values of the year keys than the Monte Carlo runs."""
    for site, model in study.sites.items():
        for kp in study.keys:
            if site in kp.paths and kp.paths[site] not in model.reads:
                if len(kp.paths) > 1:
                    del kp.paths[site]  # shared key: the other site reads it
                    continue
                raise ScenarioError(
                    [
                        Problem(
                            f"uncertainty.distributions.{kp.dist.key}",
                            f"has no effect in the vectorised {site} model: it acts through "
                            + (
                                "the hourly dispatch (weather, load, price series)"
                                if site == "ground"
                                else "the simulated years"
                            ),
                            value=kp.dist.text,
                            hint="vary it with full runs: `wattflop breakeven --vary` or "
                            "`wattflop sweep`",
                        )
                    ],
                    kp.source or None,
                )
        year_keys = [kp for kp in study.keys if kp.paths.get(site) in model.grouped]
        combos = math.prod(
            len(set(kp.dist.params)) if kp.dist.kind == "choice" else 1 for kp in year_keys
        )
        if combos > MAX_YEAR_GROUPS:
            names = ", ".join(kp.dist.key for kp in year_keys)
            raise ScenarioError(
                [
                    Problem(
                        f"uncertainty.distributions.{year_keys[0].dist.key}",
                        f"{names} give up to {combos:,} distinct years of geometry; the Monte "
                        f"Carlo runs at most {MAX_YEAR_GROUPS}",
                        value=year_keys[0].dist.text,
                        hint="list fewer values, or vary the orbit with a sweep",
                    )
                ],
                year_keys[0].source or None,
            )


@dataclass(frozen=True)
class Summary:
    """Percentiles and convergence of one sampled quantity."""

    mean: float
    std: float
    standard_error: float
    p5: float
    p50: float
    p95: float
    deterministic: float
    deterministic_percentile: float  #: where the deterministic case falls, 0–100
    infeasible_fraction: float
    running_mean: tuple[float, float, float]  #: at n/4, n/2, n

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def summarise(x: FloatArray, deterministic: float) -> Summary:
    ok = np.isfinite(x)
    v = x[ok]
    n = v.size
    if n == 0:
        nan = float("nan")
        return Summary(nan, nan, nan, nan, nan, nan, deterministic, nan, 1.0, (nan, nan, nan))
    p5, p50, p95 = (float(q) for q in np.percentile(v, [5, 50, 95]))
    std = float(np.std(v, ddof=1)) if n > 1 else 0.0
    rank = 100.0 * (np.sum(v < deterministic) + 0.5 * np.sum(v == deterministic)) / n
    quarters = [float(np.mean(v[: max(1, n * q // 4)])) for q in (1, 2, 4)]
    return Summary(
        mean=float(np.mean(v)),
        std=std,
        standard_error=std / math.sqrt(n),
        p5=p5,
        p50=p50,
        p95=p95,
        deterministic=deterministic,
        deterministic_percentile=float(rank),
        infeasible_fraction=float(1.0 - n / x.size),
        running_mean=(quarters[0], quarters[1], quarters[2]),
    )


@dataclass(frozen=True)
class MonteCarlo:
    """The result of :func:`monte_carlo`."""

    samples: int
    seed: int
    keys: list[dict[str, Any]]
    summaries: dict[str, Summary]  #: "orbit", "ground", "ratio"
    p_orbit_cheaper: float | None
    p_orbit_cheaper_se: float | None
    histograms: dict[str, dict[str, list[float]]]
    tornado: list[dict[str, Any]]
    sobol: dict[str, Any] | None
    notes: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "seed": self.seed,
            "keys": self.keys,
            "summaries": {k: s.to_dict() for k, s in self.summaries.items()},
            "p_orbit_cheaper": self.p_orbit_cheaper,
            "p_orbit_cheaper_standard_error": self.p_orbit_cheaper_se,
            "histograms": self.histograms,
            "tornado": self.tornado,
            "sobol": self.sobol,
            "notes": self.notes,
        }


#: Samples evaluated at once: ~130 MB of working memory at 28 keys (measured, 1.3 kB per
#: sample), so a Monte Carlo of any size streams in flat memory.
CHUNK = 100_000
#: Working memory per sample and key while a chunk is evaluated, bytes (1.3 kB per sample
#: over 28 keys measured on the headline pair, 2026-12; rounded up).
_BYTES_PER_SAMPLE_KEY = 64.0
#: Model time per sample and key, s (112,000-161,000 samples/s over 28 keys measured on one
#: core of a 2-core CI machine, 2026-12: ~0.25 µs; rounded up to err high).
_SECONDS_PER_SAMPLE_KEY = 0.4e-6


def estimate(study: Study) -> Estimate:
    """Memory and time of :func:`sample_metric` on ``study``, before it runs.

    Memory is the kept outputs (one value per site and the ratio per sample, with the copies
    percentiles and histograms make) plus one chunk's working set; time is per sample-key.
    """
    n, k = study.samples, max(len(study.keys), 1)
    outputs = len(study.sites) + (1 if len(study.sites) == 2 else 0)
    memory = n * outputs * 8.0 * 3 + min(n, CHUNK) * k * _BYTES_PER_SAMPLE_KEY
    return Estimate(
        f"a Monte Carlo of {n:,} samples × {len(study.keys)} keys",
        memory=memory,
        seconds=n * k * _SECONDS_PER_SAMPLE_KEY,
        shrink="fewer samples (--samples, or uncertainty.samples)",
    )


def sample_metric(
    study: Study,
    metric: str = "usd_per_eflop",
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, FloatArray]:
    """All samples of each site's metric (and the ratio): the Monte Carlo itself.

    Drawn and evaluated in chunks of :data:`CHUNK` samples (the same values as one block);
    ``progress(done, total)`` is called after each chunk.
    """
    parts: dict[str, list[FloatArray]] = {}
    done = 0
    chunks = uniform_chunks(study.samples, len(study.keys), study.seed, study.corr, CHUNK)
    for u in chunks:
        x = study.values(u)
        for j, kp in enumerate(study.keys):
            where = f"uncertainty.distributions.{kp.dist.key}"
            try:
                _check_tails(kp.dist, kp.spec, x[:, j], where, kp.source)
            except ScenarioError as exc:
                raise with_lines(exc) from None
        for name, y in study.metric(x, metric).items():
            parts.setdefault(name, []).append(y)
        done += u.shape[0]
        if progress is not None:
            progress(done, study.samples)
    return {name: np.concatenate(ys) for name, ys in parts.items()}


def tornado(
    study: Study, metric: str = "usd_per_eflop", lo: float = 0.05, hi: float = 0.95
) -> list[dict[str, Any]]:
    """One key at a time at its ``lo`` and ``hi`` quantiles, the others at the scenario's
    values; sorted by swing of the headline quantity (the ratio when both sites are in)."""
    k = len(study.keys)
    if k == 0:
        return []
    base_row = {s: [kp.base.get(s, np.nan) for kp in study.keys] for s in study.sites}
    target = "ratio" if len(study.sites) == 2 else next(iter(study.sites))
    rows = []
    for j, kp in enumerate(study.keys):
        q = kp.dist.ppf(np.array([lo, hi]))
        res: dict[str, FloatArray] = {}
        for s, model in study.sites.items():
            x = np.tile(np.array(base_row[s], dtype=float), (2, 1))
            x[:, j] = q
            res[s] = model.evaluate(study.overrides(s, x))[metric]
        if "ratio" == target:
            res["ratio"] = res["orbit"] / res["ground"]
        rows.append(
            {
                "key": kp.dist.key,
                "low_value": to_display(kp.spec, float(q[0])),
                "high_value": to_display(kp.spec, float(q[1])),
                "unit": kp.spec.input_unit,
                "at_low": float(res[target][0]),
                "at_high": float(res[target][1]),
                "swing": float(abs(res[target][1] - res[target][0])),
            }
        )
    return sorted(rows, key=lambda r: -r["swing"] if math.isfinite(r["swing"]) else 0.0)


def sobol_indices(
    study: Study, metric: str = "usd_per_eflop", base_n: int = 1024
) -> dict[str, Any] | None:
    """First-order and total Sobol indices of the headline quantity (SALib, Saltelli
    sampling, ``base_n × (2k + 2)`` model runs). Inputs are taken as independent: any
    correlations are left out of this decomposition."""
    from SALib.analyze import sobol as sobol_analyze
    from SALib.sample import sobol as sobol_sample

    k = len(study.keys)
    if k < 2:
        return None
    names = [kp.dist.key for kp in study.keys]
    problem = {"num_vars": k, "names": names, "bounds": [[0.0, 1.0]] * k}
    u = sobol_sample.sample(problem, base_n, calc_second_order=False, seed=study.seed)
    x = study.values(np.clip(u, 1e-12, 1 - 1e-12))
    res = study.metric(x, metric)
    target = "ratio" if "ratio" in res else next(iter(res))
    y = res[target]
    if not np.all(np.isfinite(y)):
        y = np.where(np.isfinite(y), y, np.nanmedian(y))
    si = sobol_analyze.analyze(
        problem, y, calc_second_order=False, seed=study.seed, print_to_console=False
    )
    return {
        "quantity": target,
        "base_samples": base_n,
        "model_runs": int(u.shape[0]),
        "names": names,
        "S1": [float(v) for v in si["S1"]],
        "S1_conf": [float(v) for v in si["S1_conf"]],
        "ST": [float(v) for v in si["ST"]],
        "ST_conf": [float(v) for v in si["ST_conf"]],
        "correlations_ignored": bool(np.any(study.corr != np.eye(k))),
    }


def monte_carlo(
    scenarios: Sequence[tuple[Mapping[str, Any], str]],
    samples: int | None = None,
    seed: int | None = None,
    sobol: bool = True,
    metric: str = "usd_per_eflop",
    budget: Budget | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> MonteCarlo:
    """Monte Carlo of the cost of compute on one or both sites; tornado and Sobol indices.

    The sampling is checked against ``budget`` (the default :class:`~wattflop.budget.Budget`
    when ``None``) before it starts, then streams in chunks, calling ``progress(done, total)``.
    With the ground plant re-optimised for some of the samples:
    :func:`wattflop.sweep.montecarlo.monte_carlo_reoptimised`.

    Raises
    ------
    ScenarioError, UncertaintyError
        For a bad distribution, key, correlation or sample count.
    BudgetError
        When the samples would not fit the memory or time budget.
    """
    study = prepare(scenarios, samples, seed, budget)
    check(estimate(study), budget or Budget())
    return run_monte_carlo(study, sobol=sobol, metric=metric, progress=progress)


def run_monte_carlo(
    study: Study,
    *,
    sobol: bool = True,
    metric: str = "usd_per_eflop",
    progress: Callable[[int, int], None] | None = None,
) -> MonteCarlo:
    """:func:`monte_carlo` on a prepared (and budget-checked) study."""
    ys = sample_metric(study, metric, progress)
    summaries = {}
    for name, y in ys.items():
        if name == "ratio":
            det = (
                study.sites["orbit"].deterministic[metric]
                / study.sites["ground"].deterministic[metric]
            )
        else:
            det = study.sites[name].deterministic[metric]
        summaries[name] = summarise(y, det)
    p = se = None
    if "ratio" in ys:
        ok = np.isfinite(ys["ratio"])
        p = float(np.mean(ys["ratio"][ok] < 1.0)) if np.any(ok) else float("nan")
        se = math.sqrt(p * (1 - p) / max(int(np.sum(ok)), 1))
    hists = {}
    for name, y in ys.items():
        v = y[np.isfinite(y)]
        if v.size:
            lo, hi = np.percentile(v, [0.5, 99.5])
            counts, edges = np.histogram(v, bins=60, range=(lo, hi) if hi > lo else None)
            hists[name] = {"edges": edges.tolist(), "counts": counts.astype(float).tolist()}
    notes = list(study.notes)
    if "ground" in study.sites:
        notes.append(
            "ground samples re-price the deterministic plan and dispatch (the LP takes seconds "
            "per run); `--reoptimise-ground N` re-sizes the plant for N of the samples (full "
            "ground runs on Dask, resumable) and measures the bias of re-pricing"
        )
    if "orbit" in study.sites:
        years = [kp.dist.key for kp in study.keys if kp.paths.get("orbit") in YEAR_PATHS]
        where = (
            f"on one year of geometry per distinct value of {', '.join(years)}"
            if years
            else "on the orbit's precomputed year"
        )
        notes.append(
            "orbit samples re-size every satellite (array, battery, radiator, mass closure, "
            f"fleet, launches, money) {where}; the served share of compute demand is that "
            "year's deterministic design's"
        )
    return MonteCarlo(
        samples=study.samples,
        seed=study.seed,
        keys=[
            {
                "key": kp.dist.key,
                "distribution": kp.dist.text,
                "unit": kp.spec.input_unit,
                "sites": sorted(kp.paths),
                "deterministic": {s: to_display(kp.spec, v) for s, v in kp.base.items()},
            }
            for kp in study.keys
        ],
        summaries=summaries,
        p_orbit_cheaper=p,
        p_orbit_cheaper_se=se,
        histograms=hists,
        tornado=tornado(study, metric),
        sobol=sobol_indices(study, metric) if sobol else None,
        notes=notes,
    )


def audit(study: Study, n: int = 4, seed: int = 1) -> float:
    """Largest relative difference between the vectorised orbit model and full runs
    (:func:`~wattflop.orbit.site.simulate_orbit`, simulated years included) at ``n`` sampled
    points: the check of the served-share assumption. Each full run is the raw scenario with
    the sampled values written in by :func:`~wattflop.scenario.keys.set_key`."""
    from wattflop.orbit.site import simulate_orbit

    if "orbit" not in study.sites or not study.keys:
        return 0.0
    model = study.sites["orbit"]
    u = draw_uniforms(n, len(study.keys), seed, study.corr)
    x = study.values(u)
    fast = model.evaluate(study.overrides("orbit", x))["usd_per_eflop"]
    worst = 0.0
    for i in range(n):
        if not np.isfinite(fast[i]):
            continue
        raw = dict(model.raw)
        for j, kp in enumerate(study.keys):
            if "orbit" in kp.paths:
                raw = set_key(raw, kp.dist.key, f"{float(x[i, j])!r} {kp.spec.unit}".strip())
        sc = parse_scenario(raw)
        assert isinstance(sc, OrbitScenario)
        full = simulate_orbit(sc).get("cost.usd_per_eflop")
        worst = max(worst, abs(fast[i] - full) / full)
    return worst

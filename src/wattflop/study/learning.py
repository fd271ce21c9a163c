"""Learning curves: how prices fall with cumulative production, and when orbit overtakes ground.

Wright's law (Wright, *Factors affecting the cost of airplanes*, J. Aeronaut. Sci. 3:122,
1936): the unit price falls by a fixed fraction, the *learning rate* ``LR``, each time
cumulative production doubles,

    P(Q) = P₀ · (Q / Q₀)^(−b),    b = −log₂(1 − LR).

Launch follows it with cumulative *mass* launched: about 20 % lower price per doubling
(18–24 %) in SpaceX's history (Agüera y Arcas et al., "Suncatcher", arXiv:2511.19468, §2.4).
Cumulative production grows with a cadence (units per year), constant or growing
exponentially; :func:`price_path` joins the two into a price per year, and
:func:`crossing_year` finds the first year an orbital cost falls below a ground cost.

Accelerators, solar cells and batteries learn *on both sides alike*: a
:class:`LearningCurves` turns a year into one price factor per technology, and
:func:`key_factors` maps those factors onto a scenario's price keys (dotted key → factor),
the same technology scaling the same way in an orbital and a ground scenario. This module
works on plain dicts and numbers; :func:`scenario_at_year` and :func:`crossover` apply the
factors to raw scenario mappings with :func:`wattflop.scenario.keys.scale_keys`.

Quantities carry whatever units the caller chooses as long as they agree: cumulative
production and cadence in one unit (kg and kg/yr for launch; accelerators and accelerators/yr;
W and W/yr for cells; J and J/yr for batteries), years as (fractional) calendar years, prices
in the unit of ``price0``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wattflop.errors import WattflopError

FloatArray = NDArray[np.float64]


class LearningError(WattflopError, ValueError):
    """A learning-curve input outside its domain (a learning rate ≥ 1, a cumulative
    production ≤ 0, ...). The message names the argument and the value."""


# ---------------------------------------------------------------------------------------
# Wright's law
# ---------------------------------------------------------------------------------------


def _check_rate(learning_rate: ArrayLike) -> FloatArray:
    lr = np.asarray(learning_rate, dtype=float)
    if not np.all((lr >= 0.0) & (lr < 1.0)):
        raise LearningError(
            f"learning_rate must be in [0, 1) (fraction of price lost per doubling, e.g. 0.2), "
            f"got {learning_rate!r}"
        )
    return lr


def _check_positive(name: str, value: ArrayLike) -> FloatArray:
    x = np.asarray(value, dtype=float)
    if not np.all(x > 0.0):  # also rejects NaN
        raise LearningError(f"{name} must be > 0, got {value!r}")
    return x


def learning_exponent(learning_rate: ArrayLike) -> FloatArray:
    """Wright exponent b = −log₂(1 − LR) [-]; 0.3219 for LR = 0.2.

    Parameters
    ----------
    learning_rate : array_like
        Fraction of the price lost per doubling of cumulative production [-], in [0, 1).
    """
    return np.asarray(-np.log2(1.0 - _check_rate(learning_rate)), dtype=float)


def doublings(cumulative: ArrayLike, cumulative0: ArrayLike) -> FloatArray:
    """Doublings of cumulative production from ``cumulative0`` to ``cumulative``:
    log₂(Q/Q₀) [-]."""
    q = _check_positive("cumulative", cumulative)
    q0 = _check_positive("cumulative0", cumulative0)
    return np.asarray(np.log2(q / q0), dtype=float)


def wright_price(
    cumulative: ArrayLike,
    *,
    price0: ArrayLike,
    cumulative0: ArrayLike,
    learning_rate: ArrayLike,
) -> FloatArray:
    """Unit price after cumulative production ``cumulative``: P₀·(Q/Q₀)^(−b) [price0's unit].

    Parameters
    ----------
    cumulative : array_like
        Cumulative production Q [any unit, as cumulative0], > 0.
    price0 : array_like
        Price at Q₀ [e.g. USD kg⁻¹].
    cumulative0 : array_like
        Cumulative production at which the price is ``price0``, > 0.
    learning_rate : array_like
        Fraction of the price lost per doubling [-], in [0, 1).

    Examples
    --------
    >>> float(wright_price(800.0, price0=1800.0, cumulative0=400.0, learning_rate=0.2))
    1440.0
    """
    b = learning_exponent(learning_rate)
    q = _check_positive("cumulative", cumulative)
    q0 = _check_positive("cumulative0", cumulative0)
    return np.asarray(np.asarray(price0, dtype=float) * (q / q0) ** (-b), dtype=float)


def cumulative_for_price(
    price: ArrayLike, *, price0: ArrayLike, cumulative0: ArrayLike, learning_rate: ArrayLike
) -> FloatArray:
    """Cumulative production at which Wright's law reaches ``price``: Q₀·(P/P₀)^(−1/b)
    [cumulative0's unit]. Inverse of :func:`wright_price`.

    Raises
    ------
    LearningError
        For a learning rate of 0 (the price never changes).
    """
    b = learning_exponent(learning_rate)
    if np.any(b == 0.0):
        raise LearningError("learning_rate is 0: the price never changes, no volume reaches it")
    p = _check_positive("price", price)
    p0 = _check_positive("price0", price0)
    q0 = _check_positive("cumulative0", cumulative0)
    return np.asarray(q0 * (p / p0) ** (-1.0 / b), dtype=float)


# ---------------------------------------------------------------------------------------
# Cumulative production over time
# ---------------------------------------------------------------------------------------


def cumulative_at(
    year: ArrayLike, *, cumulative0: ArrayLike, year0: float, rate_per_year: ArrayLike
) -> FloatArray:
    """Cumulative production at a constant cadence: Q₀ + r·(t − t₀).

    Parameters
    ----------
    year : array_like
        Calendar year(s) t [yr], fractional allowed.
    cumulative0 : array_like
        Cumulative production at ``year0``, > 0.
    year0 : float
        Year of ``cumulative0`` [yr].
    rate_per_year : array_like
        Production per year r (e.g. mass launched per year) [unit yr⁻¹], ≥ 0.

    Raises
    ------
    LearningError
        If the cumulative production is not positive at some year (a year far before
        ``year0``).
    """
    return cumulative_at_growing(
        year, cumulative0=cumulative0, year0=year0, rate0=rate_per_year, growth=0.0
    )


def cumulative_at_growing(
    year: ArrayLike,
    *,
    cumulative0: ArrayLike,
    year0: float,
    rate0: ArrayLike,
    growth: ArrayLike,
) -> FloatArray:
    """Cumulative production when the cadence grows exponentially,
    r(t) = r₀·(1 + g)^(t − t₀):

        Q(t) = Q₀ + r₀·((1 + g)^(t − t₀) − 1) / ln(1 + g)   (Q₀ + r₀·(t − t₀) at g = 0).

    The cadence is integrated continuously, so fractional years are exact and g = 0 gives
    :func:`cumulative_at`.

    Parameters
    ----------
    year : array_like
        Calendar year(s) [yr].
    cumulative0 : array_like
        Cumulative production at ``year0``, > 0.
    year0 : float
        Year of ``cumulative0`` and of the cadence ``rate0`` [yr].
    rate0 : array_like
        Cadence at ``year0`` [unit yr⁻¹], ≥ 0.
    growth : array_like
        Growth of the cadence per year g [-], > −1 (0.3: 30 % more each year).
    """
    q0 = _check_positive("cumulative0", cumulative0)
    r0 = np.asarray(rate0, dtype=float)
    if not np.all(r0 >= 0.0):
        raise LearningError(f"the cadence must be ≥ 0 per year, got {rate0!r}")
    g = np.asarray(growth, dtype=float)
    if not np.all(g > -1.0):
        raise LearningError(f"growth must be > -1 per year, got {growth!r}")
    tau = np.asarray(year, dtype=float) - float(year0)
    k = np.log1p(g)
    with np.errstate(divide="ignore", invalid="ignore"):
        span = np.where(k == 0.0, tau, np.expm1(tau * k) / np.where(k == 0.0, 1.0, k))
    q = np.asarray(q0 + r0 * span, dtype=float)
    if not np.all(q > 0.0):
        raise LearningError(
            f"cumulative production falls to {float(np.min(q)):g} (≤ 0) at some year before "
            f"{year0:g}: start the years at or after year0"
        )
    return q


def price_path(
    years: ArrayLike,
    *,
    price0: ArrayLike,
    cumulative0: ArrayLike,
    learning_rate: ArrayLike,
    year0: float,
    rate_per_year: ArrayLike,
    growth: ArrayLike = 0.0,
) -> FloatArray:
    """Unit price per year: Wright's law along a constant or growing cadence
    [price0's unit].

    Parameters
    ----------
    years : array_like
        Calendar years [yr].
    price0 : array_like
        Price at ``year0`` (when cumulative production is ``cumulative0``).
    cumulative0 : array_like
        Cumulative production at ``year0``, > 0.
    learning_rate : array_like
        Fraction of the price lost per doubling [-].
    year0 : float
        Reference year [yr].
    rate_per_year : array_like
        Cadence at ``year0`` [unit yr⁻¹].
    growth : array_like
        Growth of the cadence per year [-] (0: constant cadence).
    """
    q = cumulative_at_growing(
        years, cumulative0=cumulative0, year0=year0, rate0=rate_per_year, growth=growth
    )
    return wright_price(q, price0=price0, cumulative0=cumulative0, learning_rate=learning_rate)


def cadence_for_price(
    price: float,
    year: float,
    *,
    price0: float,
    cumulative0: float,
    learning_rate: float,
    year0: float,
) -> float:
    """Constant cadence that brings the price down to ``price`` by ``year``
    [cumulative0's unit yr⁻¹] (0 when ``price`` ≥ ``price0``).

    Raises
    ------
    LearningError
        If ``year`` ≤ ``year0`` while the price must still fall.
    """
    q = float(
        cumulative_for_price(
            price, price0=price0, cumulative0=cumulative0, learning_rate=learning_rate
        )
    )
    if q <= cumulative0:
        return 0.0
    if year <= year0:
        raise LearningError(f"year ({year:g}) must be after year0 ({year0:g})")
    return (q - cumulative0) / (year - year0)


# ---------------------------------------------------------------------------------------
# Crossing years
# ---------------------------------------------------------------------------------------


def crossing_years(cost_orbit: ArrayLike, cost_ground: ArrayLike, years: ArrayLike) -> FloatArray:
    """First year at which an orbital cost falls below a ground cost, for many pairs at once.

    Costs are given at the ``years`` (last axis; leading axes are independent cases, e.g.
    learning rates). Between two yearly points the difference orbit − ground is interpolated
    linearly; the result is where it reaches 0. A case where orbit is already cheaper at the
    first year returns the first year; a case where it never becomes cheaper returns NaN.
    A NaN cost (an infeasible design) ends no crossing: the crossing is then the first
    year orbit is cheaper.

    Parameters
    ----------
    cost_orbit, cost_ground : array_like
        Costs [any one unit], shape (..., n), broadcast together.
    years : array_like
        Increasing years [yr], shape (n,).

    Returns
    -------
    ndarray
        Crossing year per case [yr], shape (...); NaN where there is none.
    """
    t = np.asarray(years, dtype=float)
    if t.ndim != 1 or t.size == 0:
        raise LearningError("years must be a non-empty 1-D sequence")
    if np.any(np.diff(t) <= 0.0):
        raise LearningError("years must increase strictly")
    o, gr = np.broadcast_arrays(np.asarray(cost_orbit, float), np.asarray(cost_ground, float))
    if o.shape[-1] != t.size:
        raise LearningError(
            f"costs have {o.shape[-1]} values per case on the last axis but there are "
            f"{t.size} years"
        )
    d = o - gr
    below = d < 0.0  # NaN compares False
    has = below.any(axis=-1)
    k = np.argmax(below, axis=-1)  # first year orbit is cheaper
    prev = np.maximum(k - 1, 0)
    d_prev = np.take_along_axis(d, prev[..., None], axis=-1)[..., 0]
    d_k = np.take_along_axis(d, k[..., None], axis=-1)[..., 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = d_prev / (d_prev - d_k)  # d_prev ≥ 0 > d_k, so 0 ≤ frac < 1 (else unused)
        interp = t[prev] + frac * (t[k] - t[prev])
    at_k = t[k]
    out = np.where(k == 0, at_k, np.where(np.isfinite(d_prev), interp, at_k))
    return np.asarray(np.where(has, out, np.nan), dtype=float)


def crossing_year(cost_orbit: ArrayLike, cost_ground: ArrayLike, years: ArrayLike) -> float | None:
    """First year at which the orbital cost falls below the ground cost, linearly
    interpolated between the yearly points, or ``None`` if it never does in ``years``
    (one case; see :func:`crossing_years` for many).

    Examples
    --------
    >>> crossing_year([3.0, 2.0, 1.0], [1.5, 1.5, 1.5], [2030, 2031, 2032])
    2031.5
    """
    y = crossing_years(np.asarray(cost_orbit, float), np.asarray(cost_ground, float), years)
    if y.ndim != 0:
        raise LearningError(
            "crossing_year takes one case (1-D costs); use crossing_years for several"
        )
    value = float(y)
    return None if math.isnan(value) else value


# ---------------------------------------------------------------------------------------
# Technologies that learn on both sides
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Curve:
    """One technology's experience curve.

    Attributes
    ----------
    price0 : float
        Price at ``LearningCurves.year0`` [e.g. USD kg⁻¹]; used for price paths only: a
        scenario keeps its own price at year0 and is scaled by P(t)/P(t₀).
    cumulative0 : float
        Cumulative production at year0 (kg launched, accelerators shipped, W of cells,
        J of batteries), > 0.
    learning_rate : float
        Price lost per doubling of cumulative production [-], in [0, 1).
    cadence : float
        Production per year at year0 [cumulative0's unit yr⁻¹], ≥ 0.
    growth : float
        Growth of the cadence per year [-] (0: constant cadence).
    source : str
        Where the numbers come from.
    """

    price0: float
    cumulative0: float
    learning_rate: float
    cadence: float
    growth: float = 0.0
    source: str = ""

    def __post_init__(self) -> None:
        _check_rate(self.learning_rate)
        _check_positive("cumulative0", self.cumulative0)
        if self.cadence < 0.0 or not math.isfinite(self.cadence):
            raise LearningError(f"cadence must be ≥ 0 per year, got {self.cadence!r}")

    def cumulative(self, year: ArrayLike, year0: float) -> FloatArray:
        """Cumulative production at ``year``."""
        return cumulative_at_growing(
            year, cumulative0=self.cumulative0, year0=year0, rate0=self.cadence, growth=self.growth
        )

    def price(self, year: ArrayLike, year0: float) -> FloatArray:
        """Price at ``year`` [price0's unit]."""
        return price_path(
            year,
            price0=self.price0,
            cumulative0=self.cumulative0,
            learning_rate=self.learning_rate,
            year0=year0,
            rate_per_year=self.cadence,
            growth=self.growth,
        )

    def factor(self, year: ArrayLike, year0: float) -> FloatArray:
        """Price at ``year`` over price at ``year0``: (Q(t)/Q₀)^(−b) [-]."""
        q = self.cumulative(year, year0)
        return wright_price(
            q, price0=1.0, cumulative0=self.cumulative0, learning_rate=self.learning_rate
        )


#: Technologies that learn, in :class:`LearningCurves` and :data:`TECHNOLOGY_KEYS`.
TECHNOLOGIES = ("launch", "accelerators", "solar_cells", "batteries")

#: Scenario price keys each technology scales, per kind of site. ``{accelerator}``,
#: ``{cell}`` and ``{battery}`` are the names the scenario uses (``workload.accelerator``,
#: ``satellite.array.cell``, ``satellite.battery.technology``); a catalogue key edits the
#: scenario's own copy of that entry (``catalog.<kind>.<name>``), made from the bundled one
#: when the scenario has none.
#:
#: - launch: ``launch.price_per_kg`` (orbit only; the vehicle's price when the scenario sets
#:   none);
#: - accelerators: ``catalog.accelerators.{accelerator}.system_price`` on both sides (the same
#:   chips and servers are bought for orbit and ground);
#: - solar_cells: the cell price per watt in orbit; the whole installed PV capex on the ground
#:   (``plant.pv.capex``: modules dominate it and learn with cells; a simplification);
#: - batteries: the pack price per kWh in orbit; both battery capex terms on the ground.
#:
#: Not scaled (no learning assumed): radiators, power electronics, bus, links and operations in
#: orbit; the facility, gas turbines, grid connection and fuel on the ground.
TECHNOLOGY_KEYS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "orbit": {
        "launch": ("launch.price_per_kg",),
        "accelerators": ("catalog.accelerators.{accelerator}.system_price",),
        "solar_cells": ("catalog.solar_cells.{cell}.price_per_watt",),
        "batteries": ("catalog.batteries.{battery}.price_per_kwh",),
    },
    "ground": {
        "launch": (),
        "accelerators": ("catalog.accelerators.{accelerator}.system_price",),
        "solar_cells": ("plant.pv.capex",),
        "batteries": ("plant.batteries.power_capex", "plant.batteries.energy_capex"),
    },
}


@dataclass(frozen=True)
class LearningCurves:
    """Experience curves of the technologies that learn, from one reference year.

    A technology left ``None`` keeps its price (factor 1).

    Attributes
    ----------
    year0 : float
        Reference year: the scenarios' own prices are the prices of this year [yr].
    launch, accelerators, solar_cells, batteries : Curve or None
    """

    year0: float
    launch: Curve | None = None
    accelerators: Curve | None = None
    solar_cells: Curve | None = None
    batteries: Curve | None = None

    def curves(self) -> dict[str, Curve]:
        """The technologies that learn, by name."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Curve):
                out[f.name] = value
        return out

    def factors(self, year: float) -> dict[str, float]:
        """Price factor P(year)/P(year0) per technology in :data:`TECHNOLOGIES` [-]."""
        out = dict.fromkeys(TECHNOLOGIES, 1.0)
        for name, curve in self.curves().items():
            out[name] = float(curve.factor(year, self.year0))
        return out


def key_factors(
    site: str, technology_factors: Mapping[str, float], names: Mapping[str, str]
) -> dict[str, float]:
    """Scenario key → price factor for one kind of site.

    Parameters
    ----------
    site : {"orbit", "ground"}
        Kind of site (a scenario's ``site`` key).
    technology_factors : mapping
        Technology (one of :data:`TECHNOLOGIES`) → factor, e.g. from
        :meth:`LearningCurves.factors`. Factors of exactly 1 are left out of the result.
    names : mapping
        ``accelerator``, ``cell`` and ``battery`` → the names the scenario uses (see
        :func:`wattflop.scenario.keys.catalog_names`); only those the site's keys need.

    Returns
    -------
    dict
        Dotted scenario key → factor, per :data:`TECHNOLOGY_KEYS`, e.g.
        ``{"launch.price_per_kg": 0.7, "catalog.accelerators.GB200.system_price": 0.8}``.
    """
    if site not in TECHNOLOGY_KEYS:
        raise LearningError(f"site must be one of {', '.join(TECHNOLOGY_KEYS)}, got {site!r}")
    unknown = sorted(set(technology_factors) - set(TECHNOLOGIES))
    if unknown:
        raise LearningError(
            f"unknown technologies {unknown}; choose among {', '.join(TECHNOLOGIES)}"
        )
    out: dict[str, float] = {}
    for tech, factor in technology_factors.items():
        if factor == 1.0:
            continue
        if not (math.isfinite(factor) and factor > 0.0):
            raise LearningError(f"the factor of {tech} must be > 0, got {factor!r}")
        for template in TECHNOLOGY_KEYS[site][tech]:
            try:
                key = template.format_map(dict(names))
            except KeyError as exc:
                raise LearningError(
                    f"key {template!r} needs the scenario's {exc.args[0]} name in `names`"
                ) from None
            out[key] = out.get(key, 1.0) * float(factor)
    return out


# ---------------------------------------------------------------------------------------
# Orchestrators on raw scenario mappings
# ---------------------------------------------------------------------------------------


def scenario_at_year(raw: Mapping[str, Any], curves: LearningCurves, year: float) -> dict[str, Any]:
    """A copy of a raw scenario mapping with its learning prices scaled to ``year``."""
    from wattflop.scenario.keys import catalog_names, scale_keys

    site = str(raw.get("site"))
    factors = key_factors(site, curves.factors(year), catalog_names(raw))
    return scale_keys(raw, factors)


@dataclass(frozen=True, eq=False)
class Crossover:
    """Orbit and ground costs per year as prices learn, and the crossing year.

    Attributes
    ----------
    years : ndarray [yr]
    orbit, ground : ndarray
        The metric per year on each side.
    metric : str
        Result path of the metric, e.g. ``cost.usd_per_eflop``.
    year : float or None
        First year orbit is cheaper (see :func:`crossing_year`); ``None`` if never in range.
    factors : dict
        Technology → price factor per year [-].
    """

    years: FloatArray
    orbit: FloatArray
    ground: FloatArray
    metric: str
    year: float | None
    factors: dict[str, FloatArray]


def crossover(
    orbit_raw: Mapping[str, Any],
    ground_raw: Mapping[str, Any],
    curves: LearningCurves,
    years: ArrayLike,
    *,
    metric: str = "cost.usd_per_eflop",
    simulate: Callable[[Any], Any] | None = None,
) -> Crossover:
    """Simulate both sites in each year with learned prices and find the crossing year.

    A ground scenario whose scaled keys are the same in two years is simulated once (the
    ground LP is slow): with no ground technology learning, the ground side runs once.

    Parameters
    ----------
    orbit_raw, ground_raw : mapping
        Raw scenario mappings (as read from YAML; see
        :func:`wattflop.scenario.keys.load_raw`).
    curves : LearningCurves
    years : array_like
        Increasing years [yr].
    metric : str
        Result path compared.
    simulate : callable, optional
        Scenario → result with ``.get(path)``; :func:`wattflop.simulate` by default.
    """
    from wattflop.scenario.keys import catalog_names, scale_keys
    from wattflop.study.breakeven import metric_value

    if simulate is None:
        import wattflop

        simulate = wattflop.simulate
    from wattflop.scenario import parse_scenario

    t = np.asarray(years, dtype=float)
    names = {"orbit": catalog_names(orbit_raw), "ground": catalog_names(ground_raw)}
    cache: dict[tuple[str, tuple[tuple[str, float], ...]], float] = {}
    per_year: dict[str, list[float]] = {"orbit": [], "ground": []}
    factors: dict[str, list[float]] = {tech: [] for tech in TECHNOLOGIES}
    for year in t:
        tech = curves.factors(float(year))
        for name, f in tech.items():
            factors[name].append(f)
        for side, raw in (("orbit", orbit_raw), ("ground", ground_raw)):
            kf = key_factors(side, tech, names[side])
            memo = (side, tuple(sorted(kf.items())))
            if memo not in cache:
                sc = parse_scenario(scale_keys(raw, kf))
                cache[memo] = metric_value(simulate(sc), metric)
            per_year[side].append(cache[memo])
    orbit = np.asarray(per_year["orbit"], dtype=float)
    ground = np.asarray(per_year["ground"], dtype=float)
    return Crossover(
        years=t,
        orbit=orbit,
        ground=ground,
        metric=metric,
        year=crossing_year(orbit, ground, t),
        factors={k: np.asarray(v, dtype=float) for k, v in factors.items()},
    )

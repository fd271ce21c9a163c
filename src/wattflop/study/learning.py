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

Every price key of a scenario's cost lines learns along one curve, on both sides: the
table :data:`LINES` maps each key to a curve (satellite hardware to cumulative satellites
built, accelerators to one curve shared by orbit and ground, the ground facility and plant to
their markets, launch to cumulative mass). A :class:`LearningCurves` turns a year into one
price factor per curve, and :func:`key_factors` maps those factors onto a scenario's keys
(dotted key → factor). The cost lines no key drives never learn; their sum is the *floor*
(:class:`Floor`, found from the cost by line with every learning price at zero). This module
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
from dataclasses import dataclass, field, replace
from typing import Any, Literal

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
# Curves, and the table of the price keys that learn
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Curve:
    """One experience curve: a cumulative production that grows at a cadence, and the
    learning rate of the prices that follow it.

    Attributes
    ----------
    price0 : float
        Price at ``LearningCurves.year0`` [e.g. USD kg⁻¹]; used for price paths only: a
        scenario keeps its own price at year0 and is scaled by P(t)/P(t₀).
    cumulative0 : float
        Cumulative production at year0 (kg launched, satellites built, accelerators shipped,
        W installed, J of batteries), > 0.
    learning_rate : float
        Price lost per doubling of cumulative production [-], in [0, 1): the central value.
    cadence : float
        Production per year at year0 [cumulative0's unit yr⁻¹], ≥ 0.
    growth : float
        Growth of the cadence per year [-] (0: constant cadence).
    source : str
        Where the numbers come from (rate, range, cumulative production and cadence).
    low, high : float or None
        Range of the learning rate [-] (``None``: the central value); low ≤ rate ≤ high.
    driver : str
        What is cumulated, with its unit, e.g. "satellites produced (LEO, all operators)".
    """

    price0: float
    cumulative0: float
    learning_rate: float
    cadence: float
    growth: float = 0.0
    source: str = ""
    low: float | None = None
    high: float | None = None
    driver: str = ""

    def __post_init__(self) -> None:
        _check_rate(self.learning_rate)
        _check_positive("cumulative0", self.cumulative0)
        if self.cadence < 0.0 or not math.isfinite(self.cadence):
            raise LearningError(f"cadence must be ≥ 0 per year, got {self.cadence!r}")
        lo, hi = self.rate_range
        _check_rate([lo, hi])
        if not lo <= self.learning_rate <= hi:
            raise LearningError(
                f"the learning rate {self.learning_rate:g} lies outside its range "
                f"{lo:g}–{hi:g}: give low ≤ learning_rate ≤ high"
            )

    @property
    def rate_range(self) -> tuple[float, float]:
        """(low, high) learning rates [-]; the central rate where one is not given."""
        lo = self.learning_rate if self.low is None else self.low
        hi = self.learning_rate if self.high is None else self.high
        return lo, hi

    def with_rate(self, rate: float) -> Curve:
        """The same curve at another learning rate; the range widens to hold it."""
        lo, hi = self.rate_range
        return replace(self, learning_rate=rate, low=min(lo, rate), high=max(hi, rate))

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


Site = Literal["orbit", "ground"]


@dataclass(frozen=True)
class LearningLine:
    """One row of the learning table: a scenario price key and the curve its price follows.

    Attributes
    ----------
    site : {"orbit", "ground"}
        Kind of scenario the key belongs to.
    key : str
        Dotted scenario key; ``{accelerator}``, ``{cell}`` and ``{battery}`` stand for the
        names the scenario uses (:func:`wattflop.scenario.keys.catalog_names`). A catalogue
        key edits the scenario's own copy of that entry, made from the bundled one when the
        scenario has none.
    curve : str
        Name of the curve (a key of :attr:`LearningCurves.curves`).
    what : str
        The cost line it prices, in words.
    """

    site: Site
    key: str
    curve: str
    what: str


#: The price keys that learn, one row each, and the curve each follows. The rates, ranges,
#: cumulative productions and sources of the curves are in
#: :data:`wattflop.study.timeline.DEFAULT_CURVES`. Every satellite-hardware price follows one
#: curve of cumulative satellites produced; accelerators one curve, the same factor on both
#: sides (the same chips and servers are bought for orbit and ground); launch its curve of
#: cumulative mass. A key a scenario does not have is skipped; a cost line that no key of
#: this table drives (fuel, operations, O&M, grid energy, …) never learns and makes the
#: floor (:class:`Floor`). Adding a cost line that learns is one row here.
LINES: tuple[LearningLine, ...] = (
    LearningLine("orbit", "launch.price_per_kg", "launch", "launch (vehicle price if unset)"),
    LearningLine("orbit", "catalog.accelerators.{accelerator}.system_price", "accelerators",
                 "accelerators"),
    LearningLine("orbit", "catalog.accelerators.{accelerator}.part_price", "accelerators",
                 "cold spares (the failed part)"),
    LearningLine("orbit", "satellite.bus_price_per_kg", "satellites", "bus structure"),
    LearningLine("orbit", "satellite.shielding.price_per_kg", "satellites", "shield"),
    LearningLine("orbit", "satellite.pmad_price_per_watt", "satellites", "power electronics"),
    LearningLine("orbit", "satellite.radiator.price_per_m2", "satellites", "radiator"),
    LearningLine("orbit", "satellite.isl_terminal_price", "satellites", "link terminals"),
    LearningLine("orbit", "catalog.solar_cells.{cell}.price_per_watt", "satellites",
                 "solar array (space-rated, per W)"),
    LearningLine("orbit", "catalog.batteries.{battery}.price_per_kwh", "satellites",
                 "battery in orbit (per kWh)"),
    LearningLine("ground", "catalog.accelerators.{accelerator}.system_price", "accelerators",
                 "accelerators"),
    LearningLine("ground", "catalog.accelerators.{accelerator}.part_price", "accelerators",
                 "replacement parts"),
    LearningLine("ground", "facility.network_fabric_per_accelerator", "accelerators",
                 "scale-out network (switches and optics, IT hardware)"),
    LearningLine("ground", "facility.capex", "facility", "facility (building, cooling, power)"),
    LearningLine("ground", "plant.gas_turbines.capex", "gas_turbines", "gas turbines"),
    LearningLine("ground", "plant.pv.capex", "pv", "PV plant (installed)"),
    LearningLine("ground", "plant.batteries.power_capex", "batteries", "batteries (power)"),
    LearningLine("ground", "plant.batteries.energy_capex", "batteries", "batteries (energy)"),
    LearningLine("ground", "plant.grid.capex", "grid_connection", "grid connection"),
)  # fmt: skip

#: Names of the curves :data:`LINES` uses, in order.
CURVES: tuple[str, ...] = tuple(dict.fromkeys(line.curve for line in LINES))


def lines_of(site: str) -> tuple[LearningLine, ...]:
    """The rows of :data:`LINES` for one kind of site."""
    if site not in ("orbit", "ground"):
        raise LearningError(f"site must be orbit or ground, got {site!r}")
    return tuple(line for line in LINES if line.site == site)


@dataclass(frozen=True)
class LearningCurves:
    """Experience curves of the curves in :data:`CURVES`, from one reference year.

    A curve absent from ``curves`` keeps its prices (factor 1).

    Attributes
    ----------
    year0 : float
        Reference year: the scenarios' own prices are the prices of this year [yr].
    curves : mapping
        Curve name (one of :data:`CURVES`) → :class:`Curve`.
    """

    year0: float
    curves: Mapping[str, Curve] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = sorted(set(self.curves) - set(CURVES))
        if unknown:
            raise LearningError(f"unknown curves {unknown}; choose among {', '.join(CURVES)}")

    def factors(self, year: float) -> dict[str, float]:
        """Price factor P(year)/P(year0) per curve [-]: exactly 1 at year0."""
        return {name: float(c.factor(year, self.year0)) for name, c in self.curves.items()}

    def at(self, case: Literal["low", "central", "high"]) -> LearningCurves:
        """The same curves, every one at its low, central or high learning rate."""
        pick = {"low": 0, "high": 1}
        out = {}
        for name, c in self.curves.items():
            out[name] = c if case == "central" else c.with_rate(c.rate_range[pick[case]])
        return LearningCurves(self.year0, out)


def key_factors(
    site: str, curve_factors: Mapping[str, float], names: Mapping[str, str]
) -> dict[str, float]:
    """Scenario key → price factor for one kind of site, from the rows of :data:`LINES`.

    Parameters
    ----------
    site : {"orbit", "ground"}
        Kind of site (a scenario's ``site`` key).
    curve_factors : mapping
        Curve (one of :data:`CURVES`) → factor ≥ 0, e.g. from
        :meth:`LearningCurves.factors`; 0 prices the line's key at nothing (the asymptote).
        Factors of exactly 1 are left out of the result.
    names : mapping
        ``accelerator``, ``cell`` and ``battery`` → the names the scenario uses (see
        :func:`wattflop.scenario.keys.catalog_names`); only those the site's keys need.

    Returns
    -------
    dict
        Dotted scenario key → factor, e.g.
        ``{"launch.price_per_kg": 0.7, "catalog.accelerators.GB200.system_price": 0.8}``.
    """
    rows = lines_of(site)
    unknown = sorted(set(curve_factors) - set(CURVES))
    if unknown:
        raise LearningError(f"unknown curves {unknown}; choose among {', '.join(CURVES)}")
    for curve, factor in curve_factors.items():
        if not (math.isfinite(factor) and factor >= 0.0):
            raise LearningError(f"the factor of {curve} must be ≥ 0, got {factor!r}")
    out: dict[str, float] = {}
    for row in rows:
        factor = curve_factors.get(row.curve, 1.0)
        if factor == 1.0:
            continue
        try:
            key = row.key.format_map(dict(names))
        except KeyError as exc:
            raise LearningError(
                f"key {row.key!r} needs the scenario's {exc.args[0]} name in `names`"
            ) from None
        out[key] = out.get(key, 1.0) * float(factor)
    return out


# ---------------------------------------------------------------------------------------
# The floor: the cost lines that never learn
# ---------------------------------------------------------------------------------------


def learning_lines(
    now: Mapping[str, float], zero: Mapping[str, float], rtol: float = 1e-9
) -> tuple[str, ...]:
    """Cost lines that move when every learning price goes to zero.

    A line is *learning* when its value with today's prices (``now``) differs from its value
    with every key of the learning table at zero (``zero``) by more than ``rtol`` relative
    (a line missing on one side counts as 0 there). Found from the results, not from names,
    so any cost line a model adds is sorted by what drives it.

    Examples
    --------
    >>> learning_lines({"launch": 1.0, "fuel": 0.3}, {"launch": 0.0, "fuel": 0.3})
    ('launch',)
    """
    out = []
    for name in dict.fromkeys([*now, *zero]):
        a, b = float(now.get(name, 0.0)), float(zero.get(name, 0.0))
        if not math.isclose(a, b, rel_tol=rtol, abs_tol=0.0) and not (
            math.isnan(a) and math.isnan(b)
        ):
            out.append(name)
    return tuple(out)


def floor_of(by_line: Mapping[str, float], learning: tuple[str, ...]) -> float:
    """Sum of the cost lines not in ``learning`` [the lines' unit].

    Examples
    --------
    >>> floor_of({"launch": 1.0, "fuel": 0.3, "operations": 0.1}, ("launch",))
    0.4
    """
    return float(sum(float(v) for k, v in by_line.items() if k not in learning))


@dataclass(frozen=True)
class Floor:
    """What one site's cost cannot fall below as the table's prices learn.

    Attributes
    ----------
    lines : dict
        The cost lines that never learn, at the first year (lines of 0 left out)
        [USD/EFLOP].
    learning : tuple of str
        The cost lines that move with a learning price.
    asymptote : float
        The site's whole cost with every learning price at zero [USD/EFLOP]: the floor plus
        what a partly learning line keeps; whether a crossing is possible at all.
    """

    lines: dict[str, float]
    learning: tuple[str, ...]
    asymptote: float

    @property
    def total(self) -> float:
        """Sum of the lines that never learn [USD/EFLOP]."""
        return float(sum(self.lines.values()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "usd_per_eflop": self.total,
            "lines": self.lines,
            "learning_lines": list(self.learning),
            "asymptote_usd_per_eflop": self.asymptote,
        }


def make_floor(now: Mapping[str, float], zero: Mapping[str, float]) -> Floor:
    """The floor from a site's cost by line with today's prices and with every learning
    price at zero (e.g. ``result.get("cost.usd_per_eflop_by_line")`` of both runs)."""
    learning = learning_lines(now, zero)
    return Floor(
        lines={k: float(v) for k, v in now.items() if k not in learning and v != 0.0},
        learning=learning,
        asymptote=float(sum(float(v) for v in zero.values())),
    )


# ---------------------------------------------------------------------------------------
# Orchestrators on raw scenario mappings
# ---------------------------------------------------------------------------------------

#: Result path of the cost per EFLOP by line, on both sides.
BY_LINE = "cost.usd_per_eflop_by_line"


def scenario_at_year(raw: Mapping[str, Any], curves: LearningCurves, year: float) -> dict[str, Any]:
    """A copy of a raw scenario mapping with its learning prices scaled to ``year``."""
    from wattflop.scenario.keys import catalog_names, scale_keys

    site = str(raw.get("site"))
    factors = key_factors(site, curves.factors(year), catalog_names(raw))
    return scale_keys(raw, factors)


def scenario_at_zero(raw: Mapping[str, Any], curves: LearningCurves) -> dict[str, Any]:
    """A copy of a raw scenario mapping with every price of ``curves`` at zero: the
    asymptote of learning."""
    from wattflop.scenario.keys import catalog_names, scale_keys

    site = str(raw.get("site"))
    zero = dict.fromkeys(curves.curves, 0.0)
    return scale_keys(raw, key_factors(site, zero, catalog_names(raw)))


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
        Curve → price factor per year [-].
    floor : dict
        Site → the sum of its cost lines that never learn, per year [USD/EFLOP]; empty when
        the metric is not ``cost.usd_per_eflop``.
    floors : dict
        Site → its :class:`Floor` (lines, learning lines, asymptote) at the first year.
    """

    years: FloatArray
    orbit: FloatArray
    ground: FloatArray
    metric: str
    year: float | None
    factors: dict[str, FloatArray]
    floor: dict[str, FloatArray] = field(default_factory=dict)
    floors: dict[str, Floor] = field(default_factory=dict)


def crossover(
    orbit_raw: Mapping[str, Any],
    ground_raw: Mapping[str, Any],
    curves: LearningCurves,
    years: ArrayLike,
    *,
    metric: str = "cost.usd_per_eflop",
    simulate: Callable[[Any], Any] | None = None,
    floor: bool = True,
) -> Crossover:
    """Simulate both sites in each year with learned prices and find the crossing year.

    A scenario whose scaled keys are the same in two years is simulated once (the ground LP
    is slow): with no ground curve learning, the ground side runs once. With ``floor`` (and
    the metric ``cost.usd_per_eflop``) each site also runs once with every learning price at
    zero, to sort its cost lines into learning lines and the floor.

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
    floor : bool
        Report the floor and the asymptote (results must have ``cost.usd_per_eflop_by_line``).
    """
    from wattflop.scenario.keys import catalog_names, scale_keys
    from wattflop.study.breakeven import metric_value

    if simulate is None:
        import wattflop

        simulate = wattflop.simulate
    from wattflop.scenario import parse_scenario

    floor = floor and metric == "cost.usd_per_eflop"
    t = np.asarray(years, dtype=float)
    names = {"orbit": catalog_names(orbit_raw), "ground": catalog_names(ground_raw)}
    raws = {"orbit": orbit_raw, "ground": ground_raw}
    cache: dict[tuple[str, tuple[tuple[str, float], ...]], tuple[float, dict[str, float]]] = {}

    def run(side: str, kf: Mapping[str, float]) -> tuple[float, dict[str, float]]:
        memo = (side, tuple(sorted(kf.items())))
        if memo not in cache:
            res = simulate(parse_scenario(scale_keys(raws[side], kf)))
            lines = {k: float(v) for k, v in res.get(BY_LINE).items()} if floor else {}
            cache[memo] = (metric_value(res, metric), lines)
        return cache[memo]

    per_year: dict[str, list[float]] = {"orbit": [], "ground": []}
    lines: dict[str, list[dict[str, float]]] = {"orbit": [], "ground": []}
    factors: dict[str, list[float]] = {name: [] for name in curves.curves}
    for year in t:
        tech = curves.factors(float(year))
        for name, f in tech.items():
            factors[name].append(f)
        for side in ("orbit", "ground"):
            value, by_line = run(side, key_factors(side, tech, names[side]))
            per_year[side].append(value)
            lines[side].append(by_line)
    floors: dict[str, Floor] = {}
    floor_years: dict[str, FloatArray] = {}
    if floor:
        zero = dict.fromkeys(curves.curves, 0.0)
        for side in ("orbit", "ground"):
            _, at_zero = run(side, key_factors(side, zero, names[side]))
            floors[side] = make_floor(lines[side][0], at_zero)
            floor_years[side] = np.array(
                [floor_of(b, floors[side].learning) for b in lines[side]], dtype=float
            )
    orbit = np.asarray(per_year["orbit"], dtype=float)
    ground = np.asarray(per_year["ground"], dtype=float)
    return Crossover(
        years=t,
        orbit=orbit,
        ground=ground,
        metric=metric,
        year=crossing_year(orbit, ground, t),
        factors={k: np.asarray(v, dtype=float) for k, v in factors.items()},
        floor=floor_years,
        floors=floors,
    )

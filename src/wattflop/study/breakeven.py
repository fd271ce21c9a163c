"""Break-even on any numeric scenario key: the value at which orbit and ground cost the same.

Keys, their display units and bounds are those of :mod:`wattflop.scenario.keys`: a bare number
is read in the key's display unit, a string with units as written. Break-even ranges (``lo``,
``hi``) follow the same rule, and the root and the curve of :class:`BreakEven` are in the
display unit too.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol, get_args

import numpy as np
from numpy.typing import NDArray

import wattflop
from wattflop.errors import InfeasibleError, WattflopError
from wattflop.jsonable import jsonable
from wattflop.scenario import SITES, Scenario, parse_scenario
from wattflop.scenario.keys import (
    KeySpec,
    encode,
    get_key,
    key_spec,
    model_of,
    set_key,
    to_display,
    to_input_unit,
)

FloatArray = NDArray[np.float64]

Side = Literal["orbit", "ground", "both"]
#: The sides a key can vary on: the orbital scenario, the ground one, or both alike.
SIDES: tuple[Side, ...] = get_args(Side)
#: The result path a break-even equalises unless told otherwise.
DEFAULT_METRIC = "cost.usd_per_eflop"


class BreakEvenError(WattflopError, ValueError):
    """A break-even request that cannot be answered as asked (``lo ≥ hi``, a key that is not
    a continuous number, an unknown metric). The message says what to change."""


class ResultLike(Protocol):
    """What a simulation returns, as far as break-even needs: a value at a dotted path."""

    def get(self, path: str) -> Any: ...


# ---------------------------------------------------------------------------------------
# Break-even
# ---------------------------------------------------------------------------------------


def _numeric_paths(node: Any, prefix: str = "") -> list[str]:
    if isinstance(node, Mapping):
        out = []
        for k, v in node.items():
            out += _numeric_paths(v, f"{prefix}{k}.")
        return out
    if isinstance(node, int | float) and not isinstance(node, bool):
        return [prefix[:-1]]
    return []


def metric_value(result: ResultLike, metric: str) -> float:
    """A result's value at a dotted path as a float.

    Raises
    ------
    BreakEvenError
        If the path is missing or not a number (with the nearest known paths).
    """
    try:
        value = result.get(metric)
    except (KeyError, TypeError, AttributeError):
        values = getattr(result, "values", None)
        known = _numeric_paths(values) if isinstance(values, Mapping) else []
        close = difflib.get_close_matches(metric, known, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise BreakEvenError(f"the result has no metric '{metric}'{hint}") from None
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise BreakEvenError(f"metric '{metric}' is not a number (got {value!r})")
    return float(value)


@dataclass(frozen=True, eq=False)
class BreakEven:
    """Where orbit and ground cost the same as one key varies.

    Attributes
    ----------
    key : str
        The varied key.
    side : {"orbit", "ground", "both"}
        Which scenario(s) the key was varied in.
    metric : str
        Result path compared, e.g. ``cost.usd_per_eflop``.
    unit : str
        Unit of ``lo``, ``hi``, ``root`` and ``x``: the key's display unit (``""``: a plain
        number).
    lo, hi : float
        The range searched [unit].
    root : float or None
        Value of the key at which orbit − ground = 0 [unit]; ``None`` when the range holds
        no crossing (see ``message``).
    message : str
        The answer in words: the root, or which side is cheaper over the whole range.
    x : ndarray
        Evenly spaced key values over [lo, hi] for a figure [unit].
    orbit, ground : ndarray
        The metric at ``x`` on each side (NaN where the design is infeasible).
    orbit_at_root, ground_at_root : float or None
        The metric at the root.
    evaluations : int
        Simulations run (the fixed side counts once).
    notes : tuple of str
        Infeasible points and other remarks.
    """

    key: str
    side: Side
    metric: str
    unit: str
    lo: float
    hi: float
    root: float | None
    message: str
    x: FloatArray
    orbit: FloatArray
    ground: FloatArray
    orbit_at_root: float | None = None
    ground_at_root: float | None = None
    evaluations: int = 0
    notes: tuple[str, ...] = ()

    @property
    def difference(self) -> FloatArray:
        """orbit − ground along the curve."""
        return np.asarray(self.orbit - self.ground, dtype=float)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (:func:`wattflop.jsonable.jsonable`: NaN, an infeasible point, as
        ``None``; infinities as ``"inf"``/``"-inf"``)."""
        out: dict[str, Any] = jsonable(
            {
                "key": self.key,
                "side": self.side,
                "metric": self.metric,
                "unit": self.unit,
                "lo": self.lo,
                "hi": self.hi,
                "root": self.root,
                "message": self.message,
                "orbit_at_root": self.orbit_at_root,
                "ground_at_root": self.ground_at_root,
                "evaluations": self.evaluations,
                "notes": list(self.notes),
                "curve": {"x": self.x, "orbit": self.orbit, "ground": self.ground},
            }
        )
        return out


def _fmt(x: float, unit: str) -> str:
    return f"{x:.6g} {unit}".strip()


def varied_specs(
    orbit_raw: Mapping[str, Any], ground_raw: Mapping[str, Any], key: str, side: str
) -> dict[str, KeySpec]:
    """The :class:`KeySpec` of ``key`` on each varied side, checked for a break-even search:
    the sites are right and the key is real-valued on every side it varies on.

    Raises
    ------
    BreakEvenError
        A scenario of the wrong site, or a key that is text, a choice or a whole number.
    ScenarioError
        An unknown key.
    """
    raws = {"orbit": orbit_raw, "ground": ground_raw}
    for name, raw in raws.items():
        model = model_of(raw)
        if model is not SITES[name]:
            raise BreakEvenError(
                f"the {name} scenario must have site: {name} (got site: {raw.get('site')})"
            )
    varied = ("orbit", "ground") if side == "both" else (side,)
    specs = {s: key_spec(raws[s], key) for s in varied}
    for s, spec in specs.items():
        if not spec.continuous:
            what = "a whole number" if spec.kind == "integer" else "not a number"
            raise BreakEvenError(
                f"{key} is {what} in the {s} scenario; break-even needs a real-valued key "
                "(set a few values with set_key and compare instead)"
            )
    return specs


def default_range(
    orbit_raw: Mapping[str, Any],
    ground_raw: Mapping[str, Any],
    key: str,
    side: str = "orbit",
    *,
    ask: str = "give lo and hi",
) -> tuple[float, float]:
    """The range searched when none is given: a decade either side of the value the varied
    scenario uses (the orbital one unless ``side`` is ``"ground"``), in the key's display
    unit, as :func:`breakeven` reads bare numbers.

    Parameters
    ----------
    orbit_raw, ground_raw : mapping
        Raw scenario mappings (:func:`load_raw`).
    key : str
        Dotted key.
    side : {"orbit", "ground", "both"}
        Which scenario(s) the key varies in.
    ask : str
        How the caller's user gives a range, for the message when there is no default
        (e.g. ``"give --range LO HI"`` on the command line).

    Raises
    ------
    BreakEvenError
        If the value in use is not positive (no decade around it).
    ScenarioError
        For an unknown or non-numeric key, or an optional key left unset.
    """
    raw = ground_raw if side == "ground" else orbit_raw
    now = to_display(key_spec(raw, key), get_key(raw, key))
    if not now > 0:
        raise BreakEvenError(f"{ask} for {key} (its value is {now:g})")
    return now / 10, now * 10


def breakeven(
    orbit_raw: Mapping[str, Any],
    ground_raw: Mapping[str, Any],
    key: str,
    lo: str | float,
    hi: str | float,
    *,
    side: Side = "orbit",
    metric: str = DEFAULT_METRIC,
    tol: float = 1e-6,
    simulate: Callable[[Scenario], ResultLike] = wattflop.simulate,
    points: int = 15,
) -> BreakEven:
    """The value of ``key`` in [lo, hi] at which the orbital and the ground metric are equal.

    Solves f(x) = orbit_metric(x) − ground_metric(x) = 0 with Brent's method (scipy
    ``brentq``) in the first interval of an evenly spaced curve of ``points`` values where f
    changes sign; the curve is returned for a figure. The side that does not vary is
    simulated once (with ``side="orbit"`` the slow ground LP runs once).

    Parameters
    ----------
    orbit_raw, ground_raw : mapping
        Raw scenario mappings (:func:`load_raw`).
    key : str
        Dotted key of a real-valued field (see the module docstring).
    lo, hi : str or float
        Range of the key: quantity strings, or bare numbers in the key's display unit.
    side : {"orbit", "ground", "both"}
        Scenario(s) in which the key varies; ``both`` needs the key on both sides with the
        same unit (e.g. ``economics.discount_rate``, an accelerator's price).
    metric : str
        Result path compared.
    tol : float
        Relative tolerance on the root [-].
    simulate : callable
        Scenario → result (:func:`wattflop.simulate`; inject a stub in tests).
    points : int
        Points of the curve (≥ 3).

    Raises
    ------
    BreakEvenError
        If lo ≥ hi, the key is not a real number, or the metric is unknown.
    ScenarioError
        For an unknown key (did-you-mean) or a range end with wrong units or out of bounds.
    InfeasibleError
        If the side that does not vary is infeasible.
    """
    if side not in SIDES:
        raise BreakEvenError(f"side must be 'orbit', 'ground' or 'both', got {side!r}")
    if not 0.0 < tol < 0.1:
        raise BreakEvenError(f"tol is a relative tolerance in (0, 0.1), got {tol!r}")
    if points < 3:
        raise BreakEvenError(f"points must be ≥ 3, got {points}")
    raws = {"orbit": orbit_raw, "ground": ground_raw}
    specs = varied_specs(orbit_raw, ground_raw, key, side)
    varied = tuple(specs)
    spec = specs[varied[0]]
    if side == "both" and specs["orbit"].input_unit != specs["ground"].input_unit:
        raise BreakEvenError(
            f"{key} has unit '{specs['orbit'].input_unit}' in orbit but "
            f"'{specs['ground'].input_unit}' on the ground: vary it on one side"
        )
    for other in specs.values():  # units and bounds on every varied side
        encode(other, lo)
        encode(other, hi)
    a = to_input_unit(spec, lo)
    b = to_input_unit(spec, hi)
    unit = spec.input_unit
    if not a < b:
        raise BreakEvenError(
            f"the range must have lo < hi; got lo = {_fmt(a, unit)}, hi = {_fmt(b, unit)}"
        )

    runs = 0
    notes: list[str] = []

    def run(s: str, x: float | None) -> float:
        nonlocal runs
        raw = raws[s] if x is None else set_key(raws[s], key, x)
        runs += 1
        try:
            return metric_value(simulate(parse_scenario(raw)), metric)
        except InfeasibleError as exc:
            if x is None:
                raise
            notes.append(f"{key} = {_fmt(x, unit)}: {s} design infeasible ({exc})")
            return math.nan

    fixed: dict[str, float] = {}
    for s in ("orbit", "ground"):
        if s not in varied:
            fixed[s] = run(s, None)
    memo: dict[float, tuple[float, float]] = {}

    def both_at(x: float) -> tuple[float, float]:
        if x not in memo:
            o = fixed["orbit"] if "orbit" in fixed else run("orbit", x)
            g = fixed["ground"] if "ground" in fixed else run("ground", x)
            memo[x] = (o, g)
        return memo[x]

    def f(x: float) -> float:
        o, g = both_at(float(x))
        return o - g

    xs = np.linspace(a, b, points)
    xs[0], xs[-1] = a, b
    pairs = [both_at(float(x)) for x in xs]
    orbit = np.array([p[0] for p in pairs], dtype=float)
    ground = np.array([p[1] for p in pairs], dtype=float)
    d = orbit - ground
    ok = np.isfinite(d)

    brackets: list[tuple[float, float]] = []
    for i in range(points - 1):
        if ok[i] and d[i] == 0.0:
            brackets.append((float(xs[i]), float(xs[i])))
        elif ok[i] and ok[i + 1] and d[i] * d[i + 1] < 0.0:
            brackets.append((float(xs[i]), float(xs[i + 1])))
    if ok[-1] and d[-1] == 0.0:
        brackets.append((float(xs[-1]), float(xs[-1])))

    root: float | None = None
    if brackets:
        x0, x1 = brackets[0]
        if x0 == x1:
            root = x0
        else:
            from scipy.optimize import brentq  # here: `wattflop --help` reads DEFAULT_METRIC

            scale = max(abs(x0), abs(x1))
            root = float(
                brentq(f, x0, x1, xtol=tol * scale * 1e-3, rtol=max(tol, 4 * np.finfo(float).eps))
            )
        o_r, g_r = both_at(root)
        message = (
            f"orbit and ground {metric} are equal at {key} = {_fmt(root, unit)} "
            f"({o_r:.6g} on each side)"
        )
        if len(brackets) > 1:
            others = ", ".join(f"{_fmt(0.5 * (p + q), unit)}" for p, q in brackets[1:])
            message += f"; orbit − ground also changes sign near {others}"
        rng = f"{_fmt(a, unit)} to {_fmt(b, unit)}"
        if not ok.all():
            notes.append(f"some points in {rng} are infeasible (NaN in the curve)")
        return BreakEven(
            key=key,
            side=side,
            metric=metric,
            unit=unit,
            lo=a,
            hi=b,
            root=root,
            message=message,
            x=xs,
            orbit=orbit,
            ground=ground,
            orbit_at_root=o_r,
            ground_at_root=g_r,
            evaluations=runs,
            notes=tuple(notes),
        )

    rng = f"{key} from {_fmt(a, unit)} to {_fmt(b, unit)}"
    if not ok.any():
        message = f"no crossing in range: no feasible design for {rng}"
    elif np.any(d[ok] < 0.0) and np.any(d[ok] > 0.0):
        message = (
            f"no crossing bracketed: orbit − ground changes sign across infeasible points for "
            f"{rng}; narrow the range to the feasible part"
        )
    else:
        cheaper = "orbit" if np.all(d[ok] < 0.0) else "ground"
        dearer = "ground" if cheaper == "orbit" else "orbit"
        closest = int(np.argmin(np.where(ok, np.abs(d), np.inf)))
        ratio = orbit[closest] / ground[closest] if ground[closest] else math.inf
        message = (
            f"no crossing in range: {cheaper} is cheaper than {dearer} over {rng} "
            f"({metric}); closest at {key} = {_fmt(float(xs[closest]), unit)}, where orbit / "
            f"ground = {ratio:.4g}"
        )
    return BreakEven(
        key=key,
        side=side,
        metric=metric,
        unit=unit,
        lo=a,
        hi=b,
        root=None,
        message=message,
        x=xs,
        orbit=orbit,
        ground=ground,
        evaluations=runs,
        notes=tuple(notes),
    )

"""Claims judged from data that ships with wattflop rather than from its models: China's solar
build-out, algorithmic efficiency gains, and AI accelerator power against the firm capacity the
US adds; plus the band and the condition (``holds_if``) of the national-generation claim.

Each dataset is a small CSV under ``wattflop/data/<name>/`` with a ``SOURCE.md`` (source,
licence, date), read through :func:`wattflop.bundled.dataset` (``importlib.resources``):

- ``china_solar/china_solar.csv``: solar added and installed by year, and all new capacity
  (NEA / CEC);
- ``algorithmic_efficiency/estimates.csv``: published halving times of the compute needed for
  a fixed performance (Epoch AI, OpenAI), with their intervals;
- ``ai_power/ai_power.csv``: accelerator shipments, power per accelerator, PUE, US share, US
  firm (gas + nuclear) capacity added, interconnection wait (secondary figures and labelled
  assumptions, each with a range).

A halving time h [months] is a gain of ``2 ** (12 / h)`` a year:

>>> round(gain_per_year(8.0), 2), round(halving_months_for(10.0), 2)
(2.83, 3.61)
>>> rows = read_china_solar(dataset_path("china_solar"))
>>> rows[-1].year, rows[-1].solar_added_gw, rows[-1].solar_cumulative_gw
(2025, 315.07, 1200.5)
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from wattflop.claims.verdicts import (
    BAND,
    ClaimEntry,
    ClaimsError,
    HoldsIf,
    Kind,
    Memo,
    Outcome,
    ratio_verdict,
)

#: File of each dataset under ``wattflop/data/<name>/``.
FILES = {
    "china_solar": "china_solar.csv",
    "algorithmic_efficiency": "estimates.csv",
    "ai_power": "ai_power.csv",
}
MONTHS_PER_YEAR = 12.0


class DatasetError(ClaimsError):
    """A bundled (or given) dataset that cannot be read: a missing column, a bad number, or a
    figure the evaluator needs that is absent."""


def dataset_path(name: str) -> Path:
    """The bundled CSV of dataset ``name`` (a key of :data:`FILES`)."""
    from wattflop import bundled

    return bundled.dataset(name, FILES[name])


def _read(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise DatasetError(f"{path.name}: missing column(s) {missing}")
        return list(reader)


def _num(raw: str, path: Path, line: int, column: str) -> float:
    try:
        v = float(raw)
    except ValueError:
        raise DatasetError(f"{path.name}, line {line}: {column} {raw!r} is not a number") from None
    if not math.isfinite(v):
        raise DatasetError(f"{path.name}, line {line}: {column} must be finite, got {raw!r}")
    return v


def _data_absent(path: Path, unit: str) -> Outcome:
    return Outcome(
        None,
        unit,
        {"data": path.name},
        kind="not evaluated",
        verdict="not evaluated: data absent",
        reason=f"the data file {path.name} is absent",
    )


def _combine(parts: Sequence[tuple[Kind, str, float]]) -> tuple[Kind, str]:
    """One verdict from several parts ``(kind, verdict, claimed/wattflop)``: ``consistent``
    when every part is; otherwise the verdict of the part farthest from its figure (largest
    ``|ln ratio|``)."""
    if all(k == "consistent" for k, _, _ in parts):
        return "consistent", "consistent"
    k, v, _ = max(parts, key=lambda p: abs(math.log(p[2])))
    return k, v


# ---------------------------------------------------------------------------------------------
# china-solar

#: Share of new capacity the claim says was solar "last year" (claim china-solar).
CLAIMED_SOLAR_SHARE = 0.70
#: "Hundreds of GW a year": the yearly addition the first half of the claim needs [GW/yr].
HUNDREDS_GW = (100.0, 1000.0)
#: Years whose mean addition is the "recent growth" [yr].
RECENT_YEARS = 3
#: Module (DC) over grid (AC) capacity, the high end of the cumulative figure (analysts'
#: conversions, secondary; 1.2–1.3): NEA counts grid-connected capacity.
DC_PER_AC_HIGH = 1.3


@dataclass(frozen=True)
class SolarYear:
    """One row of ``china_solar.csv`` [GW]."""

    year: int
    solar_added_gw: float
    solar_cumulative_gw: float
    all_sources_added_gw: float | None
    status: str
    source: str


def read_china_solar(path: str | Path) -> list[SolarYear]:
    """Rows of a China solar CSV (columns of ``data/china_solar/SOURCE.md``), sorted by year.

    Raises
    ------
    DatasetError
        A missing column, a number that is not one, or a year twice.
    """
    p = Path(path)
    cols = ("year", "solar_added_gw", "solar_cumulative_gw", "all_sources_added_gw")
    out: dict[int, SolarYear] = {}
    for i, raw in enumerate(_read(p, cols), start=2):
        year = int(_num(raw["year"], p, i, "year"))
        if year in out:
            raise DatasetError(f"{p.name}, line {i}: year {year} repeats")
        total = raw["all_sources_added_gw"].strip()
        out[year] = SolarYear(
            year=year,
            solar_added_gw=_num(raw["solar_added_gw"], p, i, "solar_added_gw"),
            solar_cumulative_gw=_num(raw["solar_cumulative_gw"], p, i, "solar_cumulative_gw"),
            all_sources_added_gw=_num(total, p, i, "all_sources_added_gw") if total else None,
            status=raw.get("status", ""),
            source=raw.get("source", ""),
        )
    return [out[y] for y in sorted(out)]


def cumulative_at(rows: Sequence[SolarYear], t: float, rate_gw_per_yr: float) -> float:
    """Installed solar at calendar time ``t`` [GW] (``t = Y + 1`` is the end of year Y),
    carried from the end of the latest year at ``rate_gw_per_yr``."""
    last = rows[-1]
    return last.solar_cumulative_gw + rate_gw_per_yr * (t - (last.year + 1.0))


def time_cumulative_reaches(rows: Sequence[SolarYear], target_gw: float, rate: float) -> float:
    """Calendar time at which installed solar reaches ``target_gw`` at ``rate`` GW/yr from the
    end of the latest year (``Y + 1`` = end of year Y; earlier when it is already past)."""
    last = rows[-1]
    return last.year + 1.0 + (target_gw - last.solar_cumulative_gw) / rate


def _when(t: float) -> str:
    """``early 2027`` for calendar time 2027.1."""
    year = math.floor(t)
    part = t - year
    third = "early" if part < 1 / 3 else ("mid" if part < 2 / 3 else "late")
    return f"{third} {year}"


def china_solar(models: Memo, entry: ClaimEntry) -> Outcome:
    """China's installed solar against the 1,500 GW quoted [GW], and solar's share of the new
    capacity of the latest year against 70 % (``data/china_solar``, NEA / CEC).

    Parts, each by :func:`~wattflop.claims.evaluate.ratio_verdict` (claimed / data, ±25 %):
    (1) the 1,500 GW as installed capacity at the end of the latest year (the claim was made
    early the next year), with the check that the yearly additions are "hundreds of GW"
    (:data:`HUNDREDS_GW`); (2) 70 % against solar / all new capacity of the latest year.
    Verdict: ``consistent`` when both are, else the part farthest from its figure. Band: the
    grid (AC) figure to the module (DC) figure (×:data:`DC_PER_AC_HIGH`). ``holds_if``: the
    time installed solar reaches the claimed figure at the mean addition of the last
    :data:`RECENT_YEARS` years, verified by carrying the capacity there.
    """
    path = dataset_path("china_solar")
    if not path.is_file():
        return _data_absent(path, "GW")
    rows: list[SolarYear] = models.memo(f"china_solar:{path}", lambda: read_china_solar(path))
    if len(rows) < RECENT_YEARS:
        raise DatasetError(f"{path.name}: needs {RECENT_YEARS} years, has {len(rows)}")
    target = entry.claimed if entry.claimed is not None else 1500.0
    last = rows[-1]
    recent = rows[-RECENT_YEARS:]
    rate = float(np.mean([r.solar_added_gw for r in recent]))
    cum = last.solar_cumulative_gw
    k1, v1 = ratio_verdict(target / cum, "higher")
    hundreds = HUNDREDS_GW[0] <= last.solar_added_gw < HUNDREDS_GW[1]
    share_row = next((r for r in reversed(rows) if r.all_sources_added_gw), None)
    if share_row is None or share_row.all_sources_added_gw is None:
        raise DatasetError(f"{path.name}: no year has all_sources_added_gw")
    share = share_row.solar_added_gw / share_row.all_sources_added_gw
    k2, v2 = ratio_verdict(CLAIMED_SOLAR_SHARE / share, "higher")
    parts: list[tuple[Kind, str, float]] = [
        (k1, v1, target / cum),
        (k2, v2, CLAIMED_SOLAR_SHARE / share),
    ]
    if not hundreds:
        parts.append(("contradicted", "contradicted", last.solar_added_gw / HUNDREDS_GW[0]))
    kind, verdict = _combine(parts)
    t_reach = time_cumulative_reaches(rows, target, rate)
    t_reach_last = time_cumulative_reaches(rows, target, last.solar_added_gw)
    previous = [
        (r.year, r.solar_added_gw / r.all_sources_added_gw)
        for r in rows
        if r.all_sources_added_gw and r.year != share_row.year
    ]
    prev_text = f" ({previous[-1][0]}: {previous[-1][1]:.0%})" if previous else ""
    reason = (
        f"Installed at the end of {last.year}: {cum:,.0f} GW ({last.status}, NEA), after "
        f"{', '.join(f'{r.solar_added_gw:.0f}' for r in recent)} GW added in "
        f"{recent[0].year}–{last.year}: 'hundreds of GW a year' "
        f"{'holds' if hundreds else 'does not hold'}. The quoted {target:,.0f} GW is "
        f"{target / cum:.2f}× the installed figure ({v1}"
        + (", at the edge of the band" if BAND[1] / 1.05 < target / cum <= BAND[1] else "")
        + f"); it matches the installed capacity "
        f"of {_when(t_reach)} at the {recent[0].year}–{last.year} mean of {rate:.0f} GW/yr "
        f"({_when(t_reach_last)} at {last.year}'s {last.solar_added_gw:.0f} GW/yr), or the "
        f"{last.year} figure in module (DC) rather than grid (AC) terms "
        f"(×{target / cum:.2f}; analysts put DC at 1.2–{DC_PER_AC_HIGH:g}× AC). Solar was "
        f"{share:.0%} of the {share_row.all_sources_added_gw:.0f} GW of all new capacity in "
        f"{share_row.year}{prev_text}: the claimed {CLAIMED_SOLAR_SHARE:.0%} reads {v2}. "
        f"Both parts together: {verdict} (each within ±{BAND[1] - 1:.0%} for consistent; "
        "else the part farthest from its figure)."
    )
    holds_if = HoldsIf(
        text=(
            f"China's installed solar reaches {target:,.0f} GW in {_when(t_reach)} "
            f"(calendar {t_reach:.2f}) at the {recent[0].year}–{last.year} mean addition of "
            f"{rate:.0f} GW/yr"
        ),
        keys={},
        value=cumulative_at(rows, t_reach, rate),
        target=target,
        reachable=True,
    )
    details: dict[str, Any] = {
        "latest_year": last.year,
        "cumulative_gw": cum,
        "added_gw": {r.year: r.solar_added_gw for r in rows},
        "cumulative_by_year_gw": {r.year: r.solar_cumulative_gw for r in rows},
        "recent_mean_added_gw_per_yr": rate,
        "hundreds_of_gw_a_year": hundreds,
        "ratio_cumulative": target / cum,
        "verdict_cumulative": v1,
        "share_year": share_row.year,
        "solar_share_of_new_capacity": share,
        "share_by_year": dict(previous) | {share_row.year: share},
        "claimed_share": CLAIMED_SOLAR_SHARE,
        "ratio_share": CLAIMED_SOLAR_SHARE / share,
        "verdict_share": v2,
        "time_reaches_claim": t_reach,
        "time_reaches_claim_at_latest_addition": t_reach_last,
        "band_basis": f"grid (AC) to module (DC, ×{DC_PER_AC_HIGH:g}) capacity",
        "data": path.name,
    }
    return Outcome(
        cum,
        "GW",
        details,
        kind=kind,
        verdict=verdict,
        reason=reason,
        band=(cum, cum * DC_PER_AC_HIGH),
        holds_if=holds_if,
    )


# ---------------------------------------------------------------------------------------------
# algo-10x


@dataclass(frozen=True)
class EfficiencyEstimate:
    """One published estimate: the compute for a fixed performance halves every
    ``halving_months`` (interval ``low``–``high``)."""

    id: str
    short: str
    domain: str
    measure: str
    halving_months: float
    halving_months_low: float
    halving_months_high: float
    use: str
    source: str
    url: str


def gain_per_year(halving_months: float) -> float:
    """Efficiency gain a year [x/yr] of a halving time [months]: ``2 ** (12 / h)``."""
    return float(2.0 ** (MONTHS_PER_YEAR / halving_months))


def halving_months_for(gain: float) -> float:
    """Halving time [months] that gives ``gain`` a year: ``12 ln 2 / ln gain``."""
    return float(MONTHS_PER_YEAR * math.log(2.0) / math.log(gain))


def read_algorithmic_efficiency(path: str | Path) -> list[EfficiencyEstimate]:
    """Rows of an estimates CSV (columns of ``data/algorithmic_efficiency/SOURCE.md``).

    Raises
    ------
    DatasetError
        A missing column, a halving time that is not a positive number, or an interval that
        does not contain the central value.
    """
    p = Path(path)
    cols = ("id", "halving_months", "halving_months_low", "halving_months_high", "use")
    out: list[EfficiencyEstimate] = []
    for i, raw in enumerate(_read(p, cols), start=2):
        h, lo, hi = (
            _num(raw[c], p, i, c)
            for c in ("halving_months", "halving_months_low", "halving_months_high")
        )
        if not 0 < lo <= h <= hi:
            raise DatasetError(
                f"{p.name}, line {i}: need 0 < halving_months_low ≤ halving_months ≤ "
                f"halving_months_high, got {lo}, {h}, {hi}"
            )
        out.append(
            EfficiencyEstimate(
                id=raw["id"],
                short=raw.get("short") or raw["id"],
                domain=raw.get("domain", ""),
                measure=raw.get("measure", ""),
                halving_months=h,
                halving_months_low=lo,
                halving_months_high=hi,
                use=raw["use"],
                source=raw.get("source", ""),
                url=raw.get("url", ""),
            )
        )
    return out


def algo_efficiency(models: Memo, entry: ClaimEntry) -> Outcome:
    """Algorithmic efficiency gain a year [x/yr] of the headline published estimate (Ho et al.
    2024, Epoch AI: compute for a fixed language-model performance halves every ~8 months).

    Verdict: :func:`~wattflop.claims.evaluate.ratio_verdict` on claimed / central (larger is
    the claim's side). Band: the gains at the ends of the headline's published interval.
    ``holds_if``: the halving time that gives the claimed gain, verified by turning it back
    into a gain.
    """
    path = dataset_path("algorithmic_efficiency")
    if not path.is_file():
        return _data_absent(path, "x/yr")
    rows: list[EfficiencyEstimate] = models.memo(
        f"algo:{path}", lambda: read_algorithmic_efficiency(path)
    )
    head = next((r for r in rows if r.use == "headline"), None)
    if head is None:
        raise DatasetError(f"{path.name}: no estimate has use = headline")
    target = entry.claimed if entry.claimed is not None else 10.0
    value = gain_per_year(head.halving_months)
    band = (gain_per_year(head.halving_months_high), gain_per_year(head.halving_months_low))
    kind, verdict = ratio_verdict(target / value, "higher")
    h_needed = halving_months_for(target)
    others = [r for r in rows if r is not head]
    spread = (
        "; other estimates: "
        + ", ".join(
            f"{r.short} ({r.domain}) {gain_per_year(r.halving_months):.1f}×/yr"
            + (
                f" ({gain_per_year(r.halving_months_high):.1f}–"
                f"{gain_per_year(r.halving_months_low):.1f})"
                if r.halving_months_low < r.halving_months_high
                else ""
            )
            for r in others
        )
        if others
        else ""
    )
    reason = (
        f"The compute needed for a fixed performance of {head.domain} halves every "
        f"{head.halving_months:g} months ({head.halving_months_low:g}–"
        f"{head.halving_months_high:g}, 95 % CI; {head.short}): "
        f"{value:.1f}×/yr ({band[0]:.1f}–{band[1]:.1f}){spread}. The claimed {target:g}×/yr "
        f"is {target / value:.1f}× the central estimate: {verdict}"
        + (
            f", {'above' if target > band[1] else 'below'} the interval too"
            if not band[0] <= target <= band[1]
            else ", inside the interval"
        )
        + f". It would take a halving every {h_needed:.1f} months."
    )
    holds_if = HoldsIf(
        text=(
            f"the compute for a fixed performance halves every {h_needed:.2f} months "
            f"(published: {head.halving_months:g}, {head.halving_months_low:g}–"
            f"{head.halving_months_high:g})"
        ),
        keys={},
        value=gain_per_year(h_needed),
        target=target,
        reachable=True,
    )
    details = {
        "headline": head.id,
        "halving_months": head.halving_months,
        "halving_months_interval": (head.halving_months_low, head.halving_months_high),
        "gain_per_year": value,
        "estimates": {
            r.id: {
                "domain": r.domain,
                "halving_months": r.halving_months,
                "gain_per_year": gain_per_year(r.halving_months),
                "gain_low": gain_per_year(r.halving_months_high),
                "gain_high": gain_per_year(r.halving_months_low),
                "url": r.url,
            }
            for r in rows
        },
        "halving_months_needed": h_needed,
        "data": path.name,
    }
    return Outcome(
        value,
        "x/yr",
        details,
        kind=kind,
        verdict=verdict,
        reason=reason,
        band=band,
        holds_if=holds_if,
    )


# ---------------------------------------------------------------------------------------------
# power-is-bottleneck

#: Samples of the band (triangular on each figure's range) and their seed.
BAND_SAMPLES = 20_000
BAND_SEED = 13


@dataclass(frozen=True)
class Figure:
    """One row of ``ai_power.csv``: central ``value`` and its range, in ``unit``."""

    name: str
    year: int | None
    value: float
    low: float
    high: float
    unit: str
    status: str
    source: str


def read_ai_power(path: str | Path) -> list[Figure]:
    """Rows of an AI-power CSV (columns of ``data/ai_power/SOURCE.md``).

    Raises
    ------
    DatasetError
        A missing column, a number that is not one, or a range that does not contain the value.
    """
    p = Path(path)
    cols = ("name", "year", "value", "low", "high", "unit")
    out: list[Figure] = []
    for i, raw in enumerate(_read(p, cols), start=2):
        v, lo, hi = (_num(raw[c], p, i, c) for c in ("value", "low", "high"))
        if not lo <= v <= hi:
            raise DatasetError(f"{p.name}, line {i}: need low ≤ value ≤ high, got {lo}, {v}, {hi}")
        year = raw["year"].strip()
        out.append(
            Figure(
                name=raw["name"],
                year=int(_num(year, p, i, "year")) if year else None,
                value=v,
                low=lo,
                high=hi,
                unit=raw["unit"],
                status=raw.get("status", ""),
                source=raw.get("source", ""),
            )
        )
    return out


def _one(rows: Sequence[Figure], name: str, year: int | None = None) -> Figure:
    for r in rows:
        if r.name == name and r.year == year:
            return r
    raise DatasetError(f"ai_power data: no figure {name!r}" + (f" for {year}" if year else ""))


def us_accelerator_gw(shipments_million: Any, kw_each: Any, pue: Any, us_share: Any) -> Any:
    """Power of the accelerators installed in the US in a year [GW]: world shipments
    [million/yr] × system power per accelerator [kW] × PUE × US share (10⁶ × kW = GW).

    >>> round(us_accelerator_gw(8.5, 1.275, 1.2, 0.6), 3)
    7.803
    """
    return shipments_million * kw_each * pue * us_share


def wait_months(interconnection_wait_months: Any, construction_months: Any) -> Any:
    """Months an accelerator of a grid-fed ground campus waits for power after its building is
    ready, from :func:`wattflop.deployment.ground_schedule` (one grid tranche carrying the
    whole load; accelerators bought when the building is ready).

    >>> float(wait_months(36.0, 18.0)), float(wait_months(12.0, 18.0))
    (18.0, 0.0)
    """
    from wattflop.constants import YEAR_S
    from wattflop.deployment import GroundDeploymentInputs, ground_schedule

    month = YEAR_S / MONTHS_PER_YEAR
    d = GroundDeploymentInputs(
        interconnection_wait=np.asarray(interconnection_wait_months, dtype=float) * month,
        gas_turbine_lead_time=0.0,
        pv_battery_lead_time=0.0,
        construction_time=np.asarray(construction_months, dtype=float) * month,
    )
    s = ground_schedule(
        d,
        rate=0.07,
        capital_lines=("accelerators",),
        accelerators=1.0,
        load_mw=1.0,
        gas_mw=0.0,
        gas_availability=1.0,
        grid_mw=1.0,
        pv_mw=0.0,
    )
    return s.accelerator_months_idle


def _triangular(rng: np.random.Generator, f: Figure, n: int) -> Any:
    if f.low == f.high:
        return np.full(n, f.value)
    return rng.triangular(f.low, f.value, f.high, n)


def power_bottleneck(models: Memo, entry: ClaimEntry) -> Outcome:
    """GW of accelerators installed in the US in the latest year that would wait for power
    [GW]: accelerator power added (world shipments × system power × PUE × US share) less the
    firm (gas + nuclear) capacity the US added that year (``data/ai_power``), and the months a
    grid-fed campus waits (:func:`wait_months`, the time-to-power model).

    Rule: ``consistent`` when the accelerator power added exceeds the firm capacity that can
    connect in the same year (some chips wait for power), else ``contradicted``. The balance
    leaves out existing plants' headroom, so it is the claim's side of the argument, stated.
    Band: p5–p95 with each figure triangular on its range (seeded). ``holds_if``: the world
    shipments at which the US accelerator power equals the firm capacity added, verified by
    recomputing the power there.
    """
    path = dataset_path("ai_power")
    if not path.is_file():
        return _data_absent(path, "GW")
    rows: list[Figure] = models.memo(f"ai_power:{path}", lambda: read_ai_power(path))
    years = sorted(
        {r.year for r in rows if r.name == "accelerator_shipments" and r.year is not None}
        & {r.year for r in rows if r.name == "us_firm_capacity_added" and r.year is not None}
    )
    if not years:
        raise DatasetError(f"{path.name}: no year has both shipments and firm capacity")
    year = years[-1]
    ship = _one(rows, "accelerator_shipments", year)
    firm = _one(rows, "us_firm_capacity_added", year)
    kw, pue, share = (_one(rows, n) for n in ("system_kw_per_accelerator", "pue", "us_share"))
    wait, build = _one(rows, "interconnection_wait"), _one(rows, "construction_time")
    acc = float(us_accelerator_gw(ship.value, kw.value, pue.value, share.value))
    excess = acc - firm.value
    value = max(excess, 0.0)
    months = float(wait_months(wait.value, build.value))
    months_lo = float(wait_months(wait.low, build.value))
    months_hi = float(wait_months(wait.high, build.value))
    rng = np.random.default_rng(BAND_SEED)
    n = BAND_SAMPLES
    sample = np.maximum(
        us_accelerator_gw(
            _triangular(rng, ship, n),
            _triangular(rng, kw, n),
            _triangular(rng, pue, n),
            _triangular(rng, share, n),
        )
        - _triangular(rng, firm, n),
        0.0,
    )
    band = (float(np.percentile(sample, 5)), float(np.percentile(sample, 95)))
    p_wait = float(np.mean(sample > 0.0))
    kind: Kind = "consistent" if excess > 0 else "contradicted"
    verdict = kind
    ship_needed = firm.value / (kw.value * pue.value * share.value)
    by_year = {
        y: {
            "accelerator_gw": float(
                us_accelerator_gw(
                    _one(rows, "accelerator_shipments", y).value,
                    kw.value,
                    pue.value,
                    share.value,
                )
            ),
            "firm_gw": _one(rows, "us_firm_capacity_added", y).value,
        }
        for y in years
    }
    reason = (
        f"In {year} the US installed about {acc:.1f} GW of AI accelerators at the meter "
        f"({ship.value:g} M shipped worldwide × {kw.value:g} kW × PUE {pue.value:g} × US "
        f"share {share.value:.0%}; {ship.status}) against {firm.value:g} GW of firm (gas + "
        f"nuclear) capacity added (EIA, {firm.status}): "
        + (
            f"{excess:.1f} GW more than the firm capacity that could connect that year "
            f"(p5–p95 {band[0]:.1f}–{band[1]:.1f} GW; some wait in {p_wait:.0%} of draws), "
            f"so the claim is {verdict} under the rule that accelerator power added beyond "
            "the firm capacity added waits for power"
            if excess > 0
            else f"{-excess:.1f} GW less than the firm capacity added: {verdict}"
        )
        + f". A grid-fed campus waits {months:.0f} months for power after its building is "
        f"ready ({months_lo:.0f}–{months_hi:.0f}; interconnection {wait.value:g} months, "
        f"{wait.low:g}–{wait.high:g}, against {build.value:g} to build; wattflop.deployment). "
        "Not counted: headroom on existing plants (claim us-batteries-double), retirements, "
        "transformers and cooling."
    )
    holds_if = HoldsIf(
        text=(
            f"world accelerator shipments ≥ {ship_needed:.2f} M/yr in {year} "
            f"(shipped: {ship.value:g} M), i.e. US accelerator power added ≥ the "
            f"{firm.value:g} GW of firm capacity added"
        ),
        keys={},
        value=float(us_accelerator_gw(ship_needed, kw.value, pue.value, share.value)),
        target=firm.value,
        reachable=True,
    )
    details = {
        "year": year,
        "accelerator_gw": acc,
        "firm_capacity_added_gw": firm.value,
        "excess_gw": excess,
        "share_of_draws_that_wait": p_wait,
        "wait_months": months,
        "wait_months_range": (months_lo, months_hi),
        "shipments_million_needed": ship_needed,
        "by_year": by_year,
        "inputs": {
            r.name + (f" {r.year}" if r.year else ""): {
                "value": r.value,
                "low": r.low,
                "high": r.high,
                "unit": r.unit,
                "status": r.status,
            }
            for r in rows
        },
        "band_basis": f"p5–p95 of {BAND_SAMPLES} draws, triangular on each range",
        "data": path.name,
    }
    return Outcome(
        value,
        "GW",
        details,
        kind=kind,
        verdict=verdict,
        reason=reason,
        band=band,
        holds_if=holds_if,
    )


# ---------------------------------------------------------------------------------------------
# china-power-3x-us


def generation_ratio_at(
    china: Mapping[int, float],
    rate_china: float,
    us: Mapping[int, float],
    rate_us: float,
    year: float,
) -> float:
    """China / US generation at (fractional) ``year``, each carried from its latest value at
    its rate (the projection of :func:`wattflop.claims.national.project`)."""
    yc, yu = max(china), max(us)
    return float(
        china[yc] * (1.0 + rate_china) ** (year - yc) / (us[yu] * (1.0 + rate_us) ** (year - yu))
    )


def generation_holds_if(
    china: Mapping[int, float],
    rate_china: float,
    us: Mapping[int, float],
    rate_us: float,
    target: float,
    year_reaches: float | None,
    window: int,
) -> HoldsIf:
    """The condition of claim china-power-3x-us: the year China / US generation reaches
    ``target`` at the ``window``-year trends, verified by projecting both series there."""
    if year_reaches is None:
        return HoldsIf(
            text=(
                f"never at the {window}-year trends (China {rate_china:+.1%}/yr, US "
                f"{rate_us:+.1%}/yr): China would have to outgrow the US"
            ),
            reachable=False,
            target=target,
        )
    last = max(max(china), max(us))
    return HoldsIf(
        text=(
            f"the claim's {target:g}× comes in {math.ceil(year_reaches):d} (year "
            f"{year_reaches:.2f}) at the {last - window}–{last} trends, China "
            f"{rate_china:+.1%}/yr and US {rate_us:+.1%}/yr"
        ),
        keys={},
        value=generation_ratio_at(china, rate_china, us, rate_us, year_reaches),
        target=target,
        reachable=True,
    )

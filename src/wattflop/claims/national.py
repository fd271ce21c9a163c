"""National electricity generation: the yearly series that ships with wattflop
(``data/national/electricity_generation.csv``, see its ``SOURCE.md``), compound growth rates
and projections from them.

A row is one country, one year and one source series, in TWh:

>>> rows = read_generation(bundled_generation())
>>> cn = series(rows, "China", "ember")
>>> round(cn[2024])
10087
>>> round(growth_rate(cn, 3), 4)  # 2022 -> 2025
0.0615
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from wattflop.errors import WattflopError

#: Columns of the generation CSV, in order.
COLUMNS = (
    "country",
    "year",
    "twh",
    "series",
    "basis",
    "status",
    "source",
    "published",
    "retrieved",
)


class GenerationDataError(WattflopError):
    """A generation CSV that cannot be read: missing columns, a bad number, a repeated row,
    or a series too short for the growth window asked."""


@dataclass(frozen=True)
class GenerationRow:
    """One row of the generation CSV: ``twh`` of ``country`` in ``year`` per ``series``."""

    country: str
    year: int
    twh: float
    series: str
    basis: str
    status: str
    source: str
    published: str
    retrieved: str


def bundled_generation() -> Path:
    """The generation CSV that ships with wattflop (``data/national``)."""
    from wattflop import bundled

    return bundled.national_generation()


def read_generation(path: str | Path) -> list[GenerationRow]:
    """Rows of a generation CSV (the columns of :data:`COLUMNS`; extra columns are ignored).

    Raises
    ------
    GenerationDataError
        A missing column, a year or TWh that is not a positive number, or the same
        (country, series, year) twice.
    """
    p = Path(path)
    with p.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise GenerationDataError(f"{p.name}: missing column(s) {missing}")
        rows: list[GenerationRow] = []
        seen: set[tuple[str, str, int]] = set()
        for i, raw in enumerate(reader, start=2):
            try:
                year, twh = int(raw["year"]), float(raw["twh"])
            except ValueError:
                raise GenerationDataError(
                    f"{p.name}, line {i}: year {raw['year']!r} or twh {raw['twh']!r} is not a "
                    "number"
                ) from None
            if not (math.isfinite(twh) and twh > 0):
                raise GenerationDataError(f"{p.name}, line {i}: twh must be > 0, got {twh}")
            key = (raw["country"], raw["series"], year)
            if key in seen:
                raise GenerationDataError(f"{p.name}, line {i}: {key} repeats")
            seen.add(key)
            rows.append(
                GenerationRow(
                    country=raw["country"],
                    year=year,
                    twh=twh,
                    series=raw["series"],
                    basis=raw["basis"],
                    status=raw["status"],
                    source=raw["source"],
                    published=raw["published"],
                    retrieved=raw["retrieved"],
                )
            )
    return rows


def series(rows: Iterable[GenerationRow], country: str, name: str) -> dict[int, float]:
    """Year → TWh of one country and series, sorted by year (empty when absent)."""
    return dict(sorted((r.year, r.twh) for r in rows if r.country == country and r.series == name))


def series_names(rows: Iterable[GenerationRow], country: str) -> list[str]:
    """The series a country has, in file order."""
    return list(dict.fromkeys(r.series for r in rows if r.country == country))


def growth_rate(values: Mapping[int, float], window: int) -> float:
    """Compound annual growth over the last ``window`` years of ``values`` (year → TWh):
    ``(v[last] / v[last - window]) ** (1 / window) - 1``.

    Raises
    ------
    GenerationDataError
        ``last - window`` is not in the series.
    """
    last = max(values)
    first = last - window
    if window < 1 or first not in values:
        raise GenerationDataError(
            f"a {window}-year growth rate needs {first} and {last}; the series has "
            f"{min(values)}–{last}"
        )
    return float((values[last] / values[first]) ** (1.0 / window) - 1.0)


def project(values: Mapping[int, float], rate: float, year: int) -> float:
    """The series' latest value carried to ``year`` at ``rate`` a year [TWh]."""
    last = max(values)
    return float(values[last] * (1.0 + rate) ** (year - last))


def year_ratio_reaches(
    a: Mapping[int, float],
    rate_a: float,
    b: Mapping[int, float],
    rate_b: float,
    target: float,
) -> float | None:
    """Year (fractional) at which ``a / b`` reaches ``target`` when each series grows from its
    latest value (year ``ya``, ``yb``) at its rate; None when, from the later of the two latest
    years on, the ratio stays put or moves away from the target (also when it is already past
    it).

    Solves ``ln target = ln a₀ + (t - ya) ln(1 + ra) - ln b₀ - (t - yb) ln(1 + rb)``.
    """
    ya, yb = max(a), max(b)
    la, lb = math.log1p(rate_a), math.log1p(rate_b)
    slope = la - lb
    # ln(a/b)(t) = intercept + slope·t
    intercept = math.log(a[ya]) - ya * la - math.log(b[yb]) + yb * lb
    if slope == 0.0:
        return None
    ratio_start = math.exp(intercept + slope * max(ya, yb))
    if (target - ratio_start) * slope < 0:
        return None
    return float((math.log(target) - intercept) / slope)


def rate_needed(values: Mapping[int, float], value_at_year: float, year: int) -> float:
    """Annual growth from the series' latest value that reaches ``value_at_year`` in ``year``."""
    last = max(values)
    return float((value_at_year / values[last]) ** (1.0 / (year - last)) - 1.0)

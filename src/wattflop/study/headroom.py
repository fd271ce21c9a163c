"""Grid storage headroom: how much constant new load a fleet can serve without new plants.

The question behind the claim *"US peak capacity is ~1.1 TW and average load ~0.5 TW, so
charging batteries at night and discharging them by day could double annual output without
new plants"*: given the hourly load of a grid over a year, its dispatchable generating
capacity and some storage, how large a constant new load ``X`` (a fleet of AI data centres
running flat out) can be served every hour of the year, and by how much does annual energy
delivered grow?

Model
-----
Hours ``t = 1 … n`` of length ``Δt`` (1 h). Inputs:

- ``L_t`` [MW]: existing load (e.g. EIA-930 demand, :func:`read_eia930`);
- ``G = a·C`` [MW]: dispatchable capacity, nameplate ``C`` times the dispatchable fraction
  ``a``. Capacity that cannot be dispatched at will (wind, solar, must-run plant, outages,
  reserves) is left out through ``a``; its energy is ignored (a conservative choice: to credit
  it, subtract its hourly output from ``L_t``);
- storage of deliverable energy ``E`` [MWh] and power ``P`` [MW] (both at the grid
  connection; a "4-h battery" has ``E = 4·P``) and round-trip efficiency ``η``, all of whose
  loss is booked on charging (only the product of the charge and discharge efficiencies
  matters once ``E`` is the deliverable energy).

With a new constant load ``X`` the fleet has, each hour, spare capacity or a deficit (never
both)::

    s_t(X) = max(G − L_t − X, 0)        spare  [MW]
    d_t(X) = max(L_t + X − G, 0)        deficit [MW]

The store charges ``c_t ∈ [0, min(P, s_t)]`` from spare capacity and must cover every deficit::

    e_t = e_{t−1} + η·c_t·Δt − d_t·Δt,     0 ≤ e_t ≤ E,     d_t ≤ P,     e_n ≥ e_0

The last condition makes the year *cyclic*: the store may not end the year emptier than it
began it, so the same year can repeat and a store that is full on 1 January is not free energy.
``X`` is feasible when some charging schedule ``c`` meets all of these; the headroom is the
largest feasible ``X``. Hourly generation is ``g_t = L_t + X + c_t − d_t ≤ G``.

**No storage** (``E = 0`` or ``P = 0``)::

    X₀ = G − max_t L_t

**Unlimited storage** (``E, P → ∞``): only the cyclic energy balance is left, spare energy
times ``η`` must cover the deficit energy::

    η·Σ_t (G − L_t − X)⁺ = Σ_t (L_t + X − G)⁺

Write ``y = G − X``, the capacity left for the existing load. The left side rises and the
right side falls with ``y``, so the root ``y*`` is unique and lies in ``[min L, max L]``. On
the sorted loads ``L_(1) ≤ … ≤ L_(n)`` with partial sums ``S_k = Σ_{j≤k} L_(j)``, for
``y ∈ [L_(k), L_(k+1)]`` the balance is linear, ``η(k·y − S_k) = (S_n − S_k) − (n − k)·y``, so::

    y* = (S_n − (1 − η)·S_k) / (n − (1 − η)·k),        X∞ = G − y*

with ``k`` the number of hours whose load is at or below ``y*``. Lossless (``η = 1``) this is
``y* = mean L``, the energy limit ``X∞ = G − mean L``: the fleet runs flat out all year. With
losses, ``y*`` sits between the mean and the peak (``y* = max L`` as ``η → 0``).

**Finite storage**: ``X`` is found by bisection on ``[X₀, X∞]`` with an O(n) feasibility
check (a numba loop) that uses the *greedy* schedule: charge as much as possible whenever
there is spare capacity (``c_t = min(P, s_t, (E − e_{t−1})/(η·Δt))``), discharge exactly the
deficit. Greedy is optimal for a feasibility check with a constant ``X``: in a deficit hour
every schedule must deliver exactly ``d_t``; in a spare hour the end state
``min(E, e + η·min(P, s_t)·Δt)`` is the largest reachable and every hour's map from ``e_{t−1}``
to ``e_t`` is non-decreasing, so by induction the greedy state of charge is at least that of
any other schedule at every hour. If any schedule never runs the store dry, greedy does not.

Each hour's map has the form ``e ↦ min(K, e + b)``, so the year's is ``F(e) = min(K, e + B)``
with ``K ≤ E`` and ``B = Σ η·min(P, s_t)·Δt − Σ d_t·Δt`` the unclipped net change. The check
runs the year twice. Pass 1 starts full (``e_0 = E``, the most favourable start: if it fails,
every start fails) and ends at ``e_1 = F(E)``. Any cyclic start ``e ≤ E`` obeys
``e ≤ F(e) ≤ F(E) = e_1``, so the trajectory from ``e_1`` dominates it; and a cyclic start
exists exactly when ``B ≥ 0``, in which case ``F(e_1) = e_1``. Pass 2 starts from ``e_1``:
``X`` is feasible iff pass 2 never runs dry, never needs more than ``P`` and ends with
``e_2 ≥ e_1``. (With ``E = ∞`` the store starts with more than the year's total deficit,
and the test reduces to ``B ≥ 0``.) Feasibility is monotone in ``X`` (more ``X``: less spare,
more deficit) and in ``E`` and ``P`` (looser bounds), so bisection is exact up to its
tolerance.

Output increase
---------------
Delivered energy over the period grows from ``Σ L_t·Δt`` to ``Σ (L_t + X)·Δt``, by the factor
``1 + X·n·Δt / Σ L_t·Δt = 1 + X / mean L`` (``1 + X·8760 h / annual energy`` for a year).
"Doubling annual output" needs ``X = mean L``. Generation grows a little more than delivered
energy when ``η < 1`` (the charging losses).

Limits of the model
-------------------
One copper plate: no transmission limits between regions (the contiguous US is three weakly
linked interconnections and dozens of balancing areas), no ramp limits, no reserve margin, no
forced or planned outages beyond the dispatchable fraction, perfect foresight is not needed
(greedy is causal) but the load year is known. Every one of these lowers the real headroom,
so the results are upper bounds.

References
----------
- Ruggles, T. H., Farnham, D. J., Tong, D., Caldeira, K. (2020), Developing reliable hourly
  electricity demand data through screening and imputation, Scientific Data 7, 155,
  doi:10.1038/s41597-020-0483-x (the cleaned EIA-930 series :func:`read_eia930` reads; each
  value is the mean over the hour *ending* at its UTC timestamp).
- U.S. Energy Information Administration, Form EIA-930 *Hourly Electric Grid Monitor*
  (the raw balancing-authority data).
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

import wattflop.cache
from wattflop.errors import DataSourceError, WattflopError
from wattflop.jit import numba

FloatArray = NDArray[np.float64]

#: Column of the cleaned (screened and imputed) demand in the Ruggles et al. files.
CLEANED_COLUMN = "cleaned demand (MW)"
#: Column of the raw demand as EIA published it (has reporting glitches).
RAW_COLUMN = "raw demand (MW)"
#: Column of the UTC timestamps (hour ending).
TIME_COLUMN = "date_time"
#: Contiguous-US cleaned demand, release of January 2025 (2020–2024, hourly, UTC; CC BY 4.0).
CONUS_URL = (
    "https://raw.githubusercontent.com/truggles/EIA_Cleaned_Hourly_Electricity_Demand_Data/"
    "master/data/release_2025_Jan_include_subregions/contiguous_US/CONUS.csv"
)
#: How :attr:`Headroom.binding` names what limits the headroom with storage.
BINDING = {
    "peak": "no usable storage: the peak hour binds",
    "power": "the storage power P is below the deficit of the binding hour",
    "energy": "the store runs empty at the binding hour (E too small for the deficit run)",
    "balance": "the year's spare energy × η no longer covers its deficits (generation binds)",
}
#: Bisection stops when the bracket is narrower than this fraction of the capacity.
_REL_TOL_X = 1e-10
_SECONDS_PER_HOUR = 3600.0


class DemandDataError(DataSourceError):
    """A demand file or URL that cannot give a valid hourly demand series (a
    :class:`~wattflop.errors.DataSourceError`: the message names the file or URL, the problem
    and a fix)."""


class HeadroomError(WattflopError):
    """Inputs to :func:`storage_headroom` that do not describe a fleet, a store or a load."""


# ---------------------------------------------------------------------------------------------
# Reading the demand data


#: URL schemes :func:`read_eia930` downloads; anything else with ``://`` is refused.
URL_SCHEMES = ("http", "https")


#: Largest hourly demand accepted, MW: 10 TW, above the world's installed generating
#: capacity (~9 TW in 2024, IEA World Energy Outlook 2024; Ember 2025), so any larger value
#: is a unit slip or a corrupt row, not a load.
MAX_DEMAND_MW = 1.0e7

def _is_url(source: str | Path) -> bool:
    """Whether ``source`` is an http(s) URL; any other ``scheme://`` is a
    :class:`DemandDataError` (``file://``, ``ftp://`` … are not fetched: give a path)."""
    if not isinstance(source, str) or "://" not in source:
        return False
    scheme = urllib.parse.urlsplit(source).scheme.lower()
    if scheme in URL_SCHEMES:
        return True
    raise DemandDataError(
        source,
        f"'{scheme}://' is not read: only http(s) URLs and local paths are",
        f"give the file's path instead of a file:// URL, or an https:// URL such as {CONUS_URL}",
    )


def default_cache_dir() -> Path:
    """Folder downloaded demand files are kept in: ``eia930`` in wattflop's cache
    (:func:`wattflop.cache.cache_dir`: ``$WATTFLOP_CACHE_DIR/eia930`` when set, else the
    platform's cache, ``$XDG_CACHE_HOME/wattflop/eia930`` or ``~/.cache/wattflop/eia930`` on
    Linux)."""
    return wattflop.cache.cache_dir("eia930")


def cached_path(url: str, cache_dir: str | Path | None = None) -> Path:
    """Cache file of a URL: the URL's file name behind a short hash of the whole URL."""
    name = Path(urllib.parse.urlsplit(url).path).name or "download.csv"
    digest = hashlib.sha256(url.encode()).hexdigest()[:16]
    folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    return folder / f"{digest}-{name}"


def _fetch(url: str, target: Path, timeout_s: float) -> Path:
    """Download ``url`` into a private temporary file beside ``target`` and return it.

    Raises
    ------
    DemandDataError
        When the download fails; nothing is left behind then.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DemandDataError(
            url,
            f"cannot create the cache folder {target.parent}: {exc}",
            "set WATTFLOP_CACHE_DIR to a writable folder, or download the file yourself and "
            "give its path",
        ) from exc
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    part = Path(name)
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response, os.fdopen(fd, "wb") as f:
            shutil.copyfileobj(response, f)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        part.unlink(missing_ok=True)
        reason = getattr(exc, "reason", exc)
        raise DemandDataError(
            url,
            f"download failed ({type(exc).__name__}: {reason})",
            "check the URL and the network connection (timeout "
            f"{timeout_s:g} s), or download the file yourself and give its path; "
            f"the contiguous-US file is {CONUS_URL}",
        ) from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return part


def read_eia930(
    source: str | Path,
    *,
    column: str = CLEANED_COLUMN,
    year: int | None = None,
    cache_dir: str | Path | None = None,
    timeout_s: float = 60.0,
) -> pd.Series:
    """Hourly demand [MW] from a cleaned EIA-930 CSV file (Ruggles et al. 2020) or its URL.

    Parameters
    ----------
    source : str or Path
        Path of a CSV with columns ``date_time`` (UTC, e.g. ``2024-07-15 21:00:00``) and
        ``column``, or an ``http(s)://`` URL of one (e.g. :data:`CONUS_URL`), downloaded once
        into the cache (only once it parses: a download that fails to parse is not kept).
        Other URL schemes (``file://``, ``ftp://``) are refused.
    column : str
        Demand column to read [MW]; :data:`CLEANED_COLUMN` by default (the raw column has
        reporting glitches, one hour in January 2024 reads about 10.5 TW).
    year : int, optional
        Keep only the hours whose UTC label falls in this calendar year. Labels mark the end
        of each hour, so the year's first row is the hour ending at 00:00 on 1 January.
    cache_dir : path, optional
        Cache folder for URLs (:func:`default_cache_dir` when not given).
    timeout_s : float
        Network timeout for URLs [s].

    Returns
    -------
    pandas.Series
        Demand [MW] as float, on a continuous hourly tz-aware UTC ``DatetimeIndex`` named
        ``date_time``; the series is named after ``column``.

    Raises
    ------
    DemandDataError
        Missing file, unreadable CSV, missing column (the message lists the columns found),
        values that are not numbers or are negative, timestamps that do not parse, are out
        of order, repeat or leave gaps, and a ``year`` with no rows. Each message names the
        file and, where it applies, the line.
    """
    name = str(source)
    if not _is_url(source):
        return _parse_eia930(Path(source), name, column, year)
    # A URL: parse the cached copy, or download to a temporary file, parse it, and only then
    # keep it in the cache: nothing that fails to parse is ever cached.
    target = cached_path(name, cache_dir)
    if target.is_file():
        return _parse_eia930(target, name, column, year)
    part = _fetch(name, target, timeout_s)
    try:
        series = _parse_eia930(part, name, column, year)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return series


def _parse_eia930(path: Path, name: str, column: str, year: int | None) -> pd.Series:
    """The demand series of a local file (see :func:`read_eia930`)."""
    if not path.is_file():
        raise DemandDataError(
            name,
            "file not found" if not path.exists() else "not a file",
            f"give the path of a cleaned EIA-930 CSV or a URL such as {CONUS_URL}",
        )
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise DemandDataError(
            name,
            f"not a readable CSV file ({type(exc).__name__}: {exc})",
            "give a comma-separated file with a header line",
        ) from exc
    found = [str(c) for c in df.columns]
    missing = [c for c in (TIME_COLUMN, column) if c not in df.columns]
    if missing:
        raise DemandDataError(
            name,
            f"missing column(s) {missing}; found {found}",
            f"the cleaned EIA-930 files have {[TIME_COLUMN, RAW_COLUMN, CLEANED_COLUMN]}; "
            "choose the demand column with `column=`",
        )
    if df.empty:
        raise DemandDataError(name, "no data rows", "give a file with hourly rows")
    line = np.arange(len(df)) + 2  # file line of each row (the header is line 1)

    text_t = df[TIME_COLUMN].astype(str)
    t = pd.to_datetime(text_t, utc=True, errors="coerce", format="ISO8601")
    bad_t = np.asarray(t.isna())
    if bad_t.any():
        i = int(np.argmax(bad_t))
        raise DemandDataError(
            name,
            f"column {TIME_COLUMN!r}: {int(bad_t.sum())} timestamp(s) do not parse, first at "
            f"line {line[i]} ({text_t.iloc[i]!r})",
            "write UTC timestamps as YYYY-MM-DD HH:MM:SS",
        )
    text_v = df[column].astype(str)
    v = pd.to_numeric(text_v, errors="coerce").to_numpy(dtype=float)
    bad_v = ~np.isfinite(v)
    if bad_v.any():
        i = int(np.argmax(bad_v))
        raise DemandDataError(
            name,
            f"column {column!r}: {int(bad_v.sum())} value(s) are empty or not numbers, first "
            f"at line {line[i]} ({text_v.iloc[i]!r})",
            "fill those hours with demand in MW (the cleaned column has none missing)",
        )
    neg = v < 0.0
    if neg.any():
        i = int(np.argmax(neg))
        raise DemandDataError(
            name,
            f"column {column!r}: {int(neg.sum())} negative demand value(s), first at line "
            f"{line[i]} ({text_v.iloc[i]!r})",
            "demand is a power drawn by load, ≥ 0 MW; use the cleaned column",
        )
    huge = v > MAX_DEMAND_MW
    if huge.any():
        i = int(np.argmax(huge))
        raise DemandDataError(
            name,
            f"column {column!r}: {int(huge.sum())} value(s) above {MAX_DEMAND_MW:,.0f} MW, "
            f"first at line {line[i]} ({text_v.iloc[i]!r}): more than the world's generating "
            "capacity",
            "demand is in MW; check for a unit slip (W or kW) or a corrupt row",
        )
    index = pd.DatetimeIndex(t, name=TIME_COLUMN)
    if year is not None:
        keep = np.asarray(index.year == year)
        if not keep.any():
            years = sorted({int(y) for y in index.year})
            raise DemandDataError(
                name, f"no rows in year {year}", f"choose one of the years in the file: {years}"
            )
        index, v, line = index[keep], v[keep], line[keep]
    _check_hourly(name, index, line)
    return pd.Series(v, index=index, name=column, dtype=float)


def _steps_s(index: pd.DatetimeIndex) -> FloatArray:
    """Seconds between consecutive labels [s] (any datetime resolution)."""
    return np.asarray((index[1:] - index[:-1]).total_seconds(), dtype=float)


def _check_hourly(name: str, index: pd.DatetimeIndex, line: NDArray[np.int64]) -> None:
    """Raise unless ``index`` is strictly increasing in steps of exactly one hour."""
    if len(index) < 2:
        return
    step = _steps_s(index)
    hour = _SECONDS_PER_HOUR

    def at(i: int) -> str:
        return (
            f"line {line[i]} ({index[i]:%Y-%m-%d %H:%M} UTC) → line {line[i + 1]} "
            f"({index[i + 1]:%Y-%m-%d %H:%M} UTC)"
        )

    back = step <= 0
    if back.any():
        i = int(np.argmax(back))
        what = "repeats" if step[i] == 0 else "goes back in time"
        raise DemandDataError(
            name,
            f"timestamps out of order: {what} at {at(i)}",
            "sort the rows by time and remove repeated hours",
        )
    gap = step > hour
    if gap.any():
        i = int(np.argmax(gap))
        n_missing = round(step[gap].sum() / hour) - int(gap.sum())
        raise DemandDataError(
            name,
            f"gap in the hourly series: {round(step[i] / hour) - 1} hour(s) missing at {at(i)}"
            f"; {int(gap.sum())} gap(s), {n_missing} missing hour(s) in all",
            "fill the missing hours (the cleaned files from Ruggles et al. have none) or "
            "choose a year without gaps with `year=`",
        )
    sub = step < hour
    if sub.any():
        i = int(np.argmax(sub))
        raise DemandDataError(
            name,
            f"not hourly: step of {step[i] / 60:g} min at {at(i)}",
            "average to hourly means first",
        )


# ---------------------------------------------------------------------------------------------
# The model


def no_storage_headroom_mw(load_mw: ArrayLike, capacity_mw: float) -> float:
    """Largest constant new load without storage, ``X₀ = G − max L`` [MW].

    Parameters
    ----------
    load_mw : array_like
        Existing hourly load [MW].
    capacity_mw : float
        Dispatchable capacity ``G`` [MW].
    """
    return float(capacity_mw - np.max(np.asarray(load_mw, dtype=float)))


def unlimited_storage_headroom_mw(
    load_mw: ArrayLike, capacity_mw: float, round_trip_efficiency: float = 1.0
) -> float:
    """Largest constant new load with unlimited storage energy and power, ``X∞`` [MW].

    Solves the cyclic energy balance ``η·Σ(G − L − X)⁺ = Σ(L + X − G)⁺`` in closed form on
    the sorted loads (module notes): ``X∞ = G − y*`` with
    ``y* = (S_n − (1 − η)·S_k) / (n − (1 − η)·k)``; ``y* = mean L`` when ``η = 1``.

    Parameters
    ----------
    load_mw : array_like
        Existing load, one value per step of equal length [MW].
    capacity_mw : float
        Dispatchable capacity ``G`` [MW].
    round_trip_efficiency : float
        ``η`` in (0, 1] [-].
    """
    eta = float(round_trip_efficiency)
    lo = np.sort(np.asarray(load_mw, dtype=float).ravel())
    n = lo.shape[0]
    s = np.cumsum(lo)  # s[j-1] = S_j
    j = np.arange(1, n + 1, dtype=float)
    # balance f(y) = η Σ(y − L)⁺ − Σ(L − y)⁺ at y = L_(j); non-decreasing in j, f(L_(1)) ≤ 0
    f = eta * (j * lo - s) - ((s[-1] - s) - (n - j) * lo)
    k = int(np.flatnonzero(f <= 0.0)[-1]) + 1  # hours at or below y*
    y = (s[-1] - (1.0 - eta) * s[k - 1]) / (n - (1.0 - eta) * k)
    upper = lo[k] if k < n else lo[-1]
    y = min(max(y, lo[k - 1]), upper)  # guard the bracket against rounding
    return float(capacity_mw - y)


# failure codes of the feasibility check
_OK, _POWER, _EMPTY, _CYCLE = 0, 1, 2, 3
_CODE_NAME = {_POWER: "power", _EMPTY: "energy", _CYCLE: "balance"}


@numba.njit(cache=True)
def _check(
    load: FloatArray,
    g: float,
    x: float,
    e_max: float,
    p_max: float,
    eta: float,
    dt: float,
    soc: FloatArray,
) -> tuple[int, int]:
    """Greedy storage over the year, twice (module notes). Returns (code, hour).

    code 0: feasible; 1: a deficit exceeds ``p_max``; 2: the store runs dry; 3: the year does
    not close (pass 2 ends emptier than it began). ``hour`` is the first failing hour (for
    code 3 the hour the store is emptiest). ``soc`` receives the pass-2 end-of-hour state.
    """
    n = load.shape[0]
    if math.isinf(e_max):
        need = 0.0
        for i in range(n):
            d = load[i] + x - g
            if d > 0.0:
                need += d * dt
        e = 2.0 * need + 1.0  # more than the whole year can draw
    else:
        e = e_max
    start = e
    for k in range(2):
        start = e
        for i in range(n):
            net = g - load[i] - x  # spare (≥ 0) or deficit (< 0) [MW]
            if net >= 0.0:
                e = min(e_max, e + eta * min(net, p_max) * dt)
            else:
                if -net > p_max:
                    return _POWER, i
                e += net * dt
                if e < 0.0:
                    return _EMPTY, i
            if k == 1:
                soc[i] = e
    if e < start:
        return _CYCLE, int(np.argmin(soc))
    return _OK, -1


@numba.njit(cache=True)
def _bisect(
    load: FloatArray,
    g: float,
    lo: float,
    hi: float,
    e_max: float,
    p_max: float,
    eta: float,
    dt: float,
    tol: float,
    soc: FloatArray,
) -> tuple[float, float]:
    """Largest feasible X in [lo, hi], lo feasible; returns (feasible lo, infeasible hi)."""
    code, _ = _check(load, g, hi, e_max, p_max, eta, dt, soc)
    if code == _OK:
        return hi, hi
    while hi - lo > tol:
        mid = 0.5 * (lo + hi)
        if mid <= lo or mid >= hi:
            break
        code, _ = _check(load, g, mid, e_max, p_max, eta, dt, soc)
        if code == _OK:
            lo = mid
        else:
            hi = mid
    return lo, hi


def storage_state_mwh(
    load_mw: ArrayLike,
    extra_mw: float,
    *,
    capacity_mw: float,
    storage_mwh: float,
    storage_mw: float,
    round_trip_efficiency: float = 0.85,
    step_h: float = 1.0,
) -> tuple[bool, FloatArray]:
    """Whether a constant extra load is feasible, and the store's state of charge [MWh].

    Runs the greedy, cyclic check of the module notes for one ``X``. The state is the energy
    in the store at the end of each step of the second (cyclic) pass; meaningful up to the
    first failing step when infeasible.

    Parameters
    ----------
    load_mw : array_like
        Existing load per step [MW].
    extra_mw : float
        Constant new load ``X`` [MW].
    capacity_mw : float
        Dispatchable capacity ``G`` [MW] (already times the dispatchable fraction).
    storage_mwh, storage_mw : float
        Deliverable energy ``E`` [MWh] and power ``P`` [MW]; ``inf`` allowed.
    round_trip_efficiency : float
        ``η`` [-].
    step_h : float
        Step length ``Δt`` [h].
    """
    load = np.ascontiguousarray(load_mw, dtype=np.float64).ravel()
    soc = np.zeros_like(load)
    code, _ = _check(
        load,
        float(capacity_mw),
        float(extra_mw),
        float(storage_mwh),
        float(storage_mw),
        float(round_trip_efficiency),
        float(step_h),
        soc,
    )
    return code == _OK, soc


@dataclass(frozen=True, eq=False)
class Headroom:
    """How much constant new load a fleet can serve, without, with some and with unlimited
    storage.

    Attributes
    ----------
    capacity_mw : float
        Nameplate capacity ``C`` [MW].
    dispatchable_mw : float
        Dispatchable capacity ``G = a·C`` [MW].
    storage_mwh : float
        Deliverable storage energy ``E`` [MWh].
    storage_mw : float
        Storage power ``P`` [MW].
    round_trip_efficiency : float
        ``η`` [-].
    x0_mw : float
        Headroom without storage, ``G − max L`` [MW]; negative when the fleet cannot meet
        today's peak.
    x_storage_mw : float
        Headroom with the given store [MW] (to a bisection tolerance of 1e-10·G, on the
        feasible side).
    x_inf_mw : float
        Headroom with unlimited storage energy and power [MW] (closed form).
    peak_mw : float
        Peak existing load [MW].
    mean_mw : float
        Mean existing load [MW].
    annual_energy_twh : float
        Existing energy over the series [TWh] (a year's when given one year).
    hours : float
        Length of the series [h].
    peak_hour : object
        Label (timestamp, or position for plain arrays) of the peak hour, which binds ``X₀``.
    binding : str
        What limits ``x_storage_mw``: a key of :data:`BINDING`.
    binding_hour : object
        Label of the hour that binds ``x_storage_mw``: the peak hour (``"peak"``), the first
        hour whose deficit exceeds ``P`` (``"power"``) or in which the store runs dry
        (``"energy"``) just above the headroom, or the hour the store is emptiest
        (``"balance"``).
    state_of_charge_mwh : numpy.ndarray
        Energy in the store at the end of each hour when serving ``x_storage_mw`` (cyclic
        pass) [MWh].
    """

    capacity_mw: float
    dispatchable_mw: float
    storage_mwh: float
    storage_mw: float
    round_trip_efficiency: float
    x0_mw: float
    x_storage_mw: float
    x_inf_mw: float
    peak_mw: float
    mean_mw: float
    annual_energy_twh: float
    hours: float
    peak_hour: object
    binding: str
    binding_hour: object
    state_of_charge_mwh: FloatArray

    def output_factor(self, extra_mw: float) -> float:
        """Delivered energy with a constant extra load over delivered energy today [-].

        ``1 + X·T / (annual energy) = 1 + X / mean L``.
        """
        if self.mean_mw == 0.0:  # no output today: any extra is an unbounded factor
            return math.inf if extra_mw > 0 else 1.0
        return 1.0 + extra_mw / self.mean_mw

    @property
    def output_factor_0(self) -> float:
        """Output increase factor without storage [-]."""
        return self.output_factor(self.x0_mw)

    @property
    def output_factor_storage(self) -> float:
        """Output increase factor with the given store [-]."""
        return self.output_factor(self.x_storage_mw)

    @property
    def output_factor_inf(self) -> float:
        """Output increase factor with unlimited storage [-]."""
        return self.output_factor(self.x_inf_mw)

    def summary(self) -> str:
        """A few lines a person can read."""
        gw = 1e-3
        return "\n".join(
            [
                f"load: peak {self.peak_mw * gw:,.1f} GW at {self.peak_hour}, mean "
                f"{self.mean_mw * gw:,.1f} GW, {self.annual_energy_twh:,.0f} TWh over "
                f"{self.hours:,.0f} h",
                f"fleet: {self.capacity_mw * gw:,.1f} GW nameplate, "
                f"{self.dispatchable_mw * gw:,.1f} GW dispatchable; store "
                f"{self.storage_mw * gw:,.1f} GW / {self.storage_mwh * gw:,.1f} GWh, "
                f"η = {self.round_trip_efficiency:g}",
                f"new constant load without storage: {self.x0_mw * gw:,.1f} GW "
                f"(output × {self.output_factor_0:.3f})",
                f"with this store:                   {self.x_storage_mw * gw:,.1f} GW "
                f"(output × {self.output_factor_storage:.3f}; limited by {self.binding} at "
                f"{self.binding_hour})",
                f"with unlimited storage:            {self.x_inf_mw * gw:,.1f} GW "
                f"(output × {self.output_factor_inf:.3f})",
            ]
        )


def _validated_load(load_mw: ArrayLike | pd.Series, step_h: float) -> tuple[FloatArray, object]:
    """Load as a float array and the labels of its hours (index or positions)."""
    labels: object = None
    if isinstance(load_mw, pd.Series):
        idx = load_mw.index
        if isinstance(idx, pd.DatetimeIndex) and len(idx) > 1:
            step = _steps_s(idx)
            if not np.all(step == step_h * _SECONDS_PER_HOUR):
                raise HeadroomError(
                    f"load series is not on a continuous {step_h:g}-h index (first step "
                    f"{step[np.argmax(step != step_h * _SECONDS_PER_HOUR)] / 3600:g} h); "
                    "read it with read_eia930 or fill the gaps"
                )
        labels = idx
    load = np.asarray(load_mw, dtype=float).ravel()
    if load.size == 0:
        raise HeadroomError("load series is empty")
    bad = ~np.isfinite(load) | (load < 0.0)
    if bad.any():
        i = int(np.argmax(bad))
        raise HeadroomError(
            f"load has {int(bad.sum())} value(s) that are NaN, infinite or negative, first at "
            f"position {i} ({load[i]!r}); loads are ≥ 0 MW"
        )
    return load, labels


def check_fleet(load: pd.Series, capacity_mw: float, dispatchable_fraction: float = 1.0) -> None:
    """Refuse a question with no useful answer: a demand that is zero in every hour (there is
    no output to grow), or a dispatchable capacity below the demand's own peak (the fleet
    could not serve today's load; the headroom would be negative).

    Raises
    ------
    HeadroomError
        Naming the peak and its hour, and the capacity asked.
    """
    values = np.asarray(load, dtype=float)
    if values.size == 0 or not np.any(values > 0.0):
        raise HeadroomError(
            "the demand is zero in every hour: there is no output to grow (check the demand "
            "column and the year)"
        )
    i = int(np.argmax(values))
    g = float(capacity_mw) * float(dispatchable_fraction)
    if g < float(values[i]):
        hour = load.index[i] if isinstance(load, pd.Series) else i
        raise HeadroomError(
            f"the dispatchable capacity ({g:,.0f} MW = {float(capacity_mw):,.0f} MW × "
            f"{float(dispatchable_fraction):g}) is below the demand's own peak "
            f"({float(values[i]):,.0f} MW at {hour}): the fleet cannot serve today's load; "
            "give a capacity (or dispatchable fraction) above the peak"
        )


def storage_headroom(
    load_mw: ArrayLike | pd.Series,
    *,
    capacity_mw: float,
    dispatchable_fraction: float = 1.0,
    storage_mwh: float = 0.0,
    storage_mw: float = 0.0,
    round_trip_efficiency: float = 0.85,
    step_h: float = 1.0,
) -> Headroom:
    """Largest constant new load a fleet serves every hour, without and with storage.

    Parameters
    ----------
    load_mw : array_like or pandas.Series
        Existing load per step [MW], e.g. from :func:`read_eia930`; a series' index labels the
        peak and binding hours.
    capacity_mw : float
        Nameplate capacity ``C`` of the fleet [MW] (e.g. 1.1e6 for 1.1 TW).
    dispatchable_fraction : float
        Share ``a`` of the nameplate that can be dispatched at will, in (0, 1] [-].
    storage_mwh : float
        Deliverable storage energy ``E`` [MWh], ≥ 0, ``inf`` allowed.
    storage_mw : float
        Storage charge and discharge power ``P`` at the grid [MW], ≥ 0, ``inf`` allowed.
    round_trip_efficiency : float
        ``η`` in (0, 1] [-]; 0.85 is typical of lithium-ion systems AC to AC.
    step_h : float
        Step length ``Δt`` [h]; a series with a ``DatetimeIndex`` must be evenly spaced by it.

    Returns
    -------
    Headroom

    Raises
    ------
    HeadroomError
        When a parameter is out of range or the load has NaN, infinite or negative values or
        gaps.

    Notes
    -----
    ``X₀ ≤ X_storage ≤ X∞``; ``X_storage`` is non-decreasing in ``E`` and ``P``. Cost is one
    O(n) pass per bisection step (about 40 steps).
    """
    checks = [
        (math.isfinite(capacity_mw) and capacity_mw > 0, f"capacity_mw = {capacity_mw!r} (> 0)"),
        (
            0.0 < dispatchable_fraction <= 1.0,
            f"dispatchable_fraction = {dispatchable_fraction!r} (in (0, 1])",
        ),
        (storage_mwh >= 0.0, f"storage_mwh = {storage_mwh!r} (≥ 0, inf allowed)"),
        (storage_mw >= 0.0, f"storage_mw = {storage_mw!r} (≥ 0, inf allowed)"),
        (
            0.0 < round_trip_efficiency <= 1.0,
            f"round_trip_efficiency = {round_trip_efficiency!r} (in (0, 1])",
        ),
        (math.isfinite(step_h) and step_h > 0, f"step_h = {step_h!r} (> 0)"),
    ]
    bad = [text for ok, text in checks if not ok]  # NaN fails every comparison
    if bad:
        raise HeadroomError("out of range: " + "; ".join(bad))
    load, labels = _validated_load(load_mw, step_h)

    def label(i: int) -> object:
        return labels[i] if labels is not None else i  # type: ignore[index]

    g = float(capacity_mw) * float(dispatchable_fraction)
    eta = float(round_trip_efficiency)
    i_peak = int(np.argmax(load))
    x0 = no_storage_headroom_mw(load, g)
    x_inf = unlimited_storage_headroom_mw(load, g, eta)
    e_max, p_max = float(storage_mwh), float(storage_mw)
    soc = np.zeros_like(load)
    if e_max == 0.0 or p_max == 0.0 or x_inf <= x0:
        x_st, binding, i_bind = x0, "peak", i_peak
    else:
        tol = _REL_TOL_X * max(abs(g), float(np.max(load)), 1e-300)
        x_st, hi = _bisect(load, g, x0, x_inf, e_max, p_max, eta, float(step_h), tol, soc)
        code, i_bind = _check(load, g, max(hi, x_st + tol), e_max, p_max, eta, float(step_h), soc)
        binding = _CODE_NAME.get(code, "balance")
        if code == _OK:
            i_bind = int(np.argmin(soc))
    ok, soc = storage_state_mwh(
        load,
        x_st,
        capacity_mw=g,
        storage_mwh=e_max,
        storage_mw=p_max,
        round_trip_efficiency=eta,
        step_h=step_h,
    )
    if not ok:  # pragma: no cover - x_st is feasible by construction
        raise AssertionError("headroom bisection returned an infeasible load")
    if math.isinf(e_max):
        soc = soc - float(np.min(soc))  # an unbounded store: show the energy above its minimum
    hours = load.size * float(step_h)
    return Headroom(
        capacity_mw=float(capacity_mw),
        dispatchable_mw=g,
        storage_mwh=e_max,
        storage_mw=p_max,
        round_trip_efficiency=eta,
        x0_mw=x0,
        x_storage_mw=float(x_st),
        x_inf_mw=x_inf,
        peak_mw=float(load[i_peak]),
        mean_mw=float(np.mean(load)),
        annual_energy_twh=float(np.sum(load)) * float(step_h) * 1e-6,
        hours=hours,
        peak_hour=label(i_peak),
        binding=binding,
        binding_hour=label(int(i_bind)),
        state_of_charge_mwh=soc,
    )

"""Grid storage headroom: the EIA-930 reader, hand cases, closed forms and the 2024 US grid.

Sources
-------
- src/wattflop/data/eia930/SOURCE.md: the cleaned EIA-930 series of Ruggles et al. (2020),
  Scientific Data 7, 155, doi:10.1038/s41597-020-0483-x (release of January 2025); its 2024
  contiguous-US figures: peak about 744.7 GW, mean 476 GW, 4,183 TWh; EIA's record lower-48
  peak of 745,020 MW on 2024-07-15.
- The hand cases and closed forms are derived in the notes of :mod:`wattflop.study.headroom`.
"""

from __future__ import annotations

import functools
import http.server
import math
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray
from scipy.optimize import linprog

from wattflop import bundled
from wattflop.errors import WattflopError
from wattflop.study import headroom as hr
from wattflop.study.headroom import (
    CLEANED_COLUMN,
    DemandDataError,
    HeadroomError,
    read_eia930,
    storage_headroom,
    unlimited_storage_headroom_mw,
)

#: The cleaned EIA-930 series that ship with wattflop (src/wattflop/data/eia930/SOURCE.md).
CONUS = bundled.eia930("CONUS")
TVA = bundled.eia930("TVA")

#: Agreement asked of the 2024 figures against SOURCE.md and EIA's record (rounding of the
#: quoted figures, and EIA's raw record against the cleaned series).
FIGURE_REL_TOL = 0.005
#: Bisection stops at 1e-10 of the capacity; comparisons allow ten times that.
BISECTION_REL_TOL = 1e-9
#: Hand cases are exact up to the bisection tolerance on capacities of a few MW.
HAND_ABS_TOL = 1e-8

#: HiGHS solves the small LPs to about 1e-7 of their coefficients (loads up to ~130 MW).
LP_ABS_TOL = 1e-5

FloatArray = NDArray[np.float64]

#: A 4-h store of 100 GW [MW], [MWh]: about four times the US utility-scale battery fleet at
#: the end of 2024 (26 GW, EIA Preliminary Monthly Electric Generator Inventory, Jan 2025).
SOME_POWER_MW = 1.0e5
SOME_ENERGY_MWH = 4.0e5


@cache
def _conus_2024() -> pd.Series:
    return read_eia930(CONUS, year=2024)


# ---------------------------------------------------------------------------------------------
# The 2024 contiguous-US grid


def test_conus_2024_figures() -> None:
    """Peak, mean and energy of the cleaned 2024 series match SOURCE.md and EIA's record."""
    s = _conus_2024()
    assert len(s) == 8784  # 2024 is a leap year
    assert str(s.index.tz) == "UTC"
    h = storage_headroom(s, capacity_mw=1.1e6)
    assert h.peak_mw == pytest.approx(744.7e3, rel=FIGURE_REL_TOL)
    assert h.peak_mw == pytest.approx(745_020.0, rel=FIGURE_REL_TOL)  # EIA, 2024-07-15
    assert h.mean_mw == pytest.approx(476e3, rel=FIGURE_REL_TOL)
    assert h.annual_energy_twh == pytest.approx(4183.0, rel=FIGURE_REL_TOL)
    assert h.hours == 8784.0
    assert h.peak_hour == pd.Timestamp("2024-08-01 22:00", tz="UTC")
    assert h.binding == "peak"


@pytest.mark.parametrize("fraction", [1.0, 0.8])
def test_conus_storage_bracket(fraction: float) -> None:
    """ACCEPTANCE: X with no storage ≤ X with 100 GW / 400 GWh ≤ X with unlimited storage,
    the last equal to the closed form; a lossless store lifts X∞ to the mean-load limit."""
    s = _conus_2024()
    cap = 1.1e6
    g = cap * fraction
    tol = BISECTION_REL_TOL * g
    none = storage_headroom(s, capacity_mw=cap, dispatchable_fraction=fraction)
    some = storage_headroom(
        s,
        capacity_mw=cap,
        dispatchable_fraction=fraction,
        storage_mwh=SOME_ENERGY_MWH,
        storage_mw=SOME_POWER_MW,
    )
    unlimited = storage_headroom(
        s,
        capacity_mw=cap,
        dispatchable_fraction=fraction,
        storage_mwh=math.inf,
        storage_mw=math.inf,
    )
    assert none.x0_mw == pytest.approx(g - s.max())
    assert none.x_storage_mw == none.x0_mw
    assert none.x0_mw < some.x_storage_mw < unlimited.x_storage_mw
    assert unlimited.x_storage_mw == pytest.approx(unlimited.x_inf_mw, abs=tol)
    assert unlimited.x_inf_mw == pytest.approx(
        unlimited_storage_headroom_mw(s.to_numpy(), g, 0.85), abs=1e-6
    )
    assert unlimited.binding == "balance"
    # lossless: the whole spare energy is usable, X∞ = G − mean L
    lossless = unlimited_storage_headroom_mw(s.to_numpy(), g, 1.0)
    assert lossless == pytest.approx(g - s.mean(), rel=1e-12)
    assert lossless > unlimited.x_inf_mw
    # the state of charge stays in the store, and the year closes
    soc = some.state_of_charge_mwh
    assert soc.shape == (len(s),)
    assert soc.min() >= 0.0
    assert soc.max() <= SOME_ENERGY_MWH
    assert some.binding in hr.BINDING


def test_tva_reads_with_its_extra_column() -> None:
    """TVA.csv has a 'category' column between the raw and cleaned demand."""
    s = read_eia930(TVA, year=2023)
    assert len(s) == 8760
    assert 10e3 < s.mean() < 25e3  # TVA serves roughly 16 GW on average


# ---------------------------------------------------------------------------------------------
# Hand cases: load [1, 3] MW, C = 3 MW (module notes)


def _two_hours(**kw: float) -> hr.Headroom:
    return storage_headroom(np.array([1.0, 3.0]), capacity_mw=3.0, **kw)


def test_two_hours_no_and_unlimited_storage() -> None:
    """X₀ = 3 − 3 = 0; lossless X∞ = 3 − mean(1, 3) = 1; with η the balance η(2 − X) = X
    gives X∞ = 2η/(1 + η)."""
    h = _two_hours(round_trip_efficiency=1.0)
    assert h.x0_mw == 0.0
    assert h.x_storage_mw == 0.0
    assert h.binding == "peak"
    assert h.peak_hour == 1
    assert h.x_inf_mw == pytest.approx(1.0, abs=1e-12)
    assert h.output_factor_inf == pytest.approx(1.5)  # 1 + 1/2
    for eta in (0.5, 0.8, 0.85):
        x = _two_hours(round_trip_efficiency=eta).x_inf_mw
        assert x == pytest.approx(2 * eta / (1 + eta), abs=1e-12)


@pytest.mark.parametrize(
    ("energy", "power", "eta", "expected", "binding"),
    [
        # lossless, a large store: the year's balance 2 − X = X binds, X = X∞ = 1
        (10.0, 10.0, 1.0, 1.0, "balance"),
        # lossless 1 MWh / 1 MW: charge 1 MWh in hour 0 (spare 2 − X ≥ 1), deliver X ≤ 1; E,
        # P and the balance all bind at X = 1, and the power check comes first in hour 1
        (1.0, 1.0, 1.0, 1.0, "power"),
        # 0.5 MWh: the store runs dry above X = 0.5
        (0.5, 1.0, 1.0, 0.5, "energy"),
        # 0.25 MW: the deficit X of hour 1 exceeds P above 0.25
        (1.0, 0.25, 1.0, 0.25, "power"),
        # η = 0.8, 1 MWh / 1 MW: charging 1 MW for an hour stores 0.8 MWh, so X = 0.8
        (1.0, 1.0, 0.8, 0.8, "balance"),
        # unlimited store, η = 0.8: X∞ = 2·0.8/1.8
        (math.inf, math.inf, 0.8, 1.6 / 1.8, "balance"),
    ],
)
def test_two_hours_finite_store(
    energy: float, power: float, eta: float, expected: float, binding: str
) -> None:
    h = _two_hours(storage_mwh=energy, storage_mw=power, round_trip_efficiency=eta)
    assert h.x_storage_mw == pytest.approx(expected, abs=HAND_ABS_TOL)
    assert h.x_storage_mw <= expected + 1e-12  # bisection keeps the feasible side
    assert h.binding == binding
    assert h.binding_hour == 1


def test_three_hours_energy_versus_charge_power() -> None:
    """Load [1, 3, 3], C = 3, lossless. X∞ = 3 − 7/3 = 2/3. 1 MWh / 1 MW: two deficit hours
    need 2X ≤ 1 MWh (X = 1/2, the store runs dry). 2 MWh / 1 MW: one charging hour at 1 MW
    stores 1 MWh, so again X = 1/2 but the year's balance binds. 2 MWh / 2 MW: charging
    2 − X MWh covers 2X, X = 2/3 = X∞."""
    load = np.array([1.0, 3.0, 3.0])
    kw = {"capacity_mw": 3.0, "round_trip_efficiency": 1.0}
    a = storage_headroom(load, storage_mwh=1.0, storage_mw=1.0, **kw)
    b = storage_headroom(load, storage_mwh=2.0, storage_mw=1.0, **kw)
    c = storage_headroom(load, storage_mwh=2.0, storage_mw=2.0, **kw)
    assert a.x_inf_mw == pytest.approx(2 / 3, abs=1e-12)
    assert a.x_storage_mw == pytest.approx(0.5, abs=HAND_ABS_TOL)
    assert (a.binding, a.binding_hour) == ("energy", 2)
    assert b.x_storage_mw == pytest.approx(0.5, abs=HAND_ABS_TOL)
    assert b.binding == "balance"
    assert c.x_storage_mw == pytest.approx(2 / 3, abs=HAND_ABS_TOL)
    # the state of charge of case a: full (1) after the charging hour, 0.5 then 0 after the
    # two deficit hours
    assert a.state_of_charge_mwh == pytest.approx([1.0, 0.5, 0.0], abs=1e-7)


def test_year_must_close() -> None:
    """Load [3, 1], C = 3, η = 0.5, a 100 MWh store. Starting full and running the year once
    would let the store's 100 MWh serve X far above 2 MW; the cyclic year allows only
    η(2 − X) = X, X = 2/3."""
    h = storage_headroom(
        np.array([3.0, 1.0]),
        capacity_mw=3.0,
        storage_mwh=100.0,
        storage_mw=100.0,
        round_trip_efficiency=0.5,
    )
    assert h.x_storage_mw == pytest.approx(2 / 3, abs=HAND_ABS_TOL)
    assert h.x_inf_mw == pytest.approx(2 / 3, abs=1e-12)
    ok, soc = hr.storage_state_mwh(
        [3.0, 1.0],
        h.x_storage_mw,
        capacity_mw=3.0,
        storage_mwh=100.0,
        storage_mw=100.0,
        round_trip_efficiency=0.5,
    )
    assert ok
    assert soc[-1] == pytest.approx(100.0)  # ends where it began (full)
    assert not hr.storage_state_mwh(
        [3.0, 1.0],
        0.7,
        capacity_mw=3.0,
        storage_mwh=100.0,
        storage_mw=100.0,
        round_trip_efficiency=0.5,
    )[0]


def test_step_length_scales_energy_only() -> None:
    """Half-hour steps: the same powers with half the energy per step need half the store."""
    load = np.array([1.0, 3.0, 3.0])
    hourly = storage_headroom(
        load, capacity_mw=3.0, storage_mwh=1.0, storage_mw=1.0, round_trip_efficiency=1.0
    )
    half = storage_headroom(
        load,
        capacity_mw=3.0,
        storage_mwh=0.5,
        storage_mw=1.0,
        round_trip_efficiency=1.0,
        step_h=0.5,
    )
    assert half.x_storage_mw == pytest.approx(hourly.x_storage_mw, abs=HAND_ABS_TOL)
    assert half.hours == 1.5


def test_fleet_short_of_todays_peak() -> None:
    """A fleet below today's peak has negative X₀; storage can still close the gap."""
    h = storage_headroom(
        np.array([1.0, 3.0]),
        capacity_mw=2.5,
        storage_mwh=10.0,
        storage_mw=10.0,
        round_trip_efficiency=1.0,
    )
    assert h.x0_mw == pytest.approx(-0.5)
    assert h.x_storage_mw == pytest.approx(0.5, abs=HAND_ABS_TOL)  # 2.5 − mean 2
    assert h.output_factor_0 < 1.0


def test_losses_lower_headroom() -> None:
    """η < 1 lowers X∞ and X with a store large enough for the year's balance to bind, never
    raises X with a small store (limited by its energy, which refills whatever η), and
    leaves X₀ alone."""
    rng = np.random.default_rng(7)
    load = 50.0 + 20.0 * np.sin(np.arange(96) * 2 * np.pi / 24) + rng.uniform(0, 5, 96)
    tol = BISECTION_REL_TOL * 80.0
    for e, p, strict in ((1e4, 100.0, True), (60.0, 15.0, False)):
        kw = {"capacity_mw": 80.0, "storage_mwh": e, "storage_mw": p}
        lossless = storage_headroom(load, round_trip_efficiency=1.0, **kw)
        lossy = storage_headroom(load, round_trip_efficiency=0.7, **kw)
        assert lossy.x0_mw == lossless.x0_mw
        assert lossy.x_inf_mw < lossless.x_inf_mw
        if strict:
            assert lossless.binding == lossy.binding == "balance"
            assert lossy.x_storage_mw < lossless.x_storage_mw - 1.0
        else:
            assert lossless.binding == lossy.binding == "energy"  # refills whatever η
            assert lossy.x_storage_mw <= lossless.x_storage_mw + tol


# ---------------------------------------------------------------------------------------------
# Properties


loads = st.lists(
    st.floats(min_value=0.0, max_value=100.0, allow_nan=False), min_size=2, max_size=48
)


@given(
    load=loads,
    headroom=st.floats(min_value=0.0, max_value=50.0),
    e=st.tuples(st.floats(0.0, 500.0), st.floats(0.0, 500.0)),
    p=st.tuples(st.floats(0.0, 100.0), st.floats(0.0, 100.0)),
    eta=st.floats(min_value=0.3, max_value=1.0),
)
def test_monotone_in_energy_and_power(
    load: list[float],
    headroom: float,
    e: tuple[float, float],
    p: tuple[float, float],
    eta: float,
) -> None:
    """X is non-decreasing in E and in P and stays within [X₀, X∞]."""
    cap = max(load) + headroom + 1.0
    tol = BISECTION_REL_TOL * cap
    e_lo, e_hi = sorted(e)
    p_lo, p_hi = sorted(p)
    x = {
        (ei, pi): storage_headroom(
            np.array(load),
            capacity_mw=cap,
            storage_mwh=ei,
            storage_mw=pi,
            round_trip_efficiency=eta,
        )
        for ei in (e_lo, e_hi)
        for pi in (p_lo, p_hi)
    }
    base = x[e_lo, p_lo]
    assert base.x0_mw - tol <= base.x_storage_mw <= base.x_inf_mw + tol
    assert x[e_hi, p_lo].x_storage_mw >= base.x_storage_mw - tol
    assert x[e_lo, p_hi].x_storage_mw >= base.x_storage_mw - tol
    assert x[e_hi, p_hi].x_storage_mw >= x[e_hi, p_lo].x_storage_mw - tol
    assert x[e_hi, p_hi].x_storage_mw >= x[e_lo, p_hi].x_storage_mw - tol
    assert x[e_hi, p_hi].x_storage_mw <= base.x_inf_mw + tol


def _lp_headroom(load: FloatArray, g: float, e_max: float, p_max: float, eta: float) -> float:
    """The same question as a linear programme, without the greedy argument: maximise X over
    X, charge c_t, discharge u_t and state e_0 … e_n with X + c_t − u_t ≤ G − L_t,
    e_t = e_{t−1} + η·c_t − u_t, 0 ≤ c_t, u_t ≤ P, 0 ≤ e_t ≤ E and e_0 ≤ e_n."""
    n = load.size
    nv = 1 + 2 * n + (n + 1)  # X, c, u, e
    ic, iu, ie = 1, 1 + n, 1 + 2 * n
    a_ub = np.zeros((n + 1, nv))
    b_ub = np.zeros(n + 1)
    for t in range(n):
        a_ub[t, [0, ic + t, iu + t]] = [1.0, 1.0, -1.0]
        b_ub[t] = g - load[t]
    a_ub[n, [ie, ie + n]] = [1.0, -1.0]  # e_0 − e_n ≤ 0
    a_eq = np.zeros((n, nv))
    for t in range(n):
        a_eq[t, [ie + t + 1, ie + t, ic + t, iu + t]] = [1.0, -1.0, -eta, 1.0]
    bounds = [(None, None)] + [(0.0, p_max)] * (2 * n) + [(0.0, e_max)] * (n + 1)
    cost = np.zeros(nv)
    cost[0] = -1.0
    res = linprog(cost, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=np.zeros(n), bounds=bounds)
    assert res.status == 0, res.message
    return float(res.x[0])


@given(
    load=st.lists(st.floats(0.0, 100.0), min_size=2, max_size=12),
    headroom=st.floats(0.0, 30.0),
    e=st.floats(0.0, 200.0),
    p=st.floats(0.0, 60.0),
    eta=st.floats(0.3, 1.0),
)
def test_greedy_matches_linear_programme(
    load: list[float], headroom: float, e: float, p: float, eta: float
) -> None:
    """The greedy, two-pass bisection finds the optimum of the full linear programme."""
    arr = np.array(load)
    cap = float(arr.max()) + headroom + 1.0
    h = storage_headroom(
        arr, capacity_mw=cap, storage_mwh=e, storage_mw=p, round_trip_efficiency=eta
    )
    assert h.x_storage_mw == pytest.approx(_lp_headroom(arr, cap, e, p, eta), abs=LP_ABS_TOL)


@given(load=loads, eta=st.floats(min_value=0.05, max_value=1.0))
def test_closed_form_balances_energy(load: list[float], eta: float) -> None:
    """X∞ satisfies η·Σ(G − L − X)⁺ = Σ(L + X − G)⁺ and lies in [G − max L, G − min L]."""
    arr = np.array(load)
    g = 120.0
    x = unlimited_storage_headroom_mw(arr, g, eta)
    spare = np.clip(g - arr - x, 0.0, None).sum()
    deficit = np.clip(arr + x - g, 0.0, None).sum()
    assert eta * spare == pytest.approx(deficit, abs=1e-9 * (1.0 + arr.sum()))
    assert g - arr.max() - 1e-9 <= x <= g - arr.min() + 1e-9


@given(load=loads, eta=st.floats(min_value=0.3, max_value=1.0))
def test_unlimited_store_reaches_closed_form(load: list[float], eta: float) -> None:
    """The bisection with E = P = ∞ lands on the closed form X∞."""
    arr = np.array(load)
    h = storage_headroom(
        arr, capacity_mw=150.0, storage_mwh=math.inf, storage_mw=math.inf, round_trip_efficiency=eta
    )
    assert h.x_storage_mw == pytest.approx(h.x_inf_mw, abs=BISECTION_REL_TOL * 150.0)


# ---------------------------------------------------------------------------------------------
# Input errors


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        ({"capacity_mw": 0.0}, "capacity_mw"),
        ({"capacity_mw": math.nan}, "capacity_mw"),
        ({"dispatchable_fraction": 1.2}, "dispatchable_fraction"),
        ({"storage_mwh": -1.0}, "storage_mwh"),
        ({"storage_mw": math.nan}, "storage_mw"),
        ({"round_trip_efficiency": 0.0}, "round_trip_efficiency"),
        ({"step_h": -1.0}, "step_h"),
    ],
)
def test_bad_parameters(kw: dict[str, float], fragment: str) -> None:
    args: dict[str, float] = {"capacity_mw": 10.0, **kw}
    with pytest.raises(HeadroomError, match=fragment):
        storage_headroom(np.array([1.0, 2.0]), **args)


def test_bad_loads() -> None:
    with pytest.raises(HeadroomError, match="empty"):
        storage_headroom(np.array([]), capacity_mw=10.0)
    with pytest.raises(HeadroomError, match="first at position 1"):
        storage_headroom(np.array([1.0, np.nan]), capacity_mw=10.0)
    idx = pd.DatetimeIndex(["2024-01-01 00:00", "2024-01-01 01:00", "2024-01-01 03:00"], tz="UTC")
    with pytest.raises(HeadroomError, match="continuous"):
        storage_headroom(pd.Series([1.0, 2.0, 3.0], index=idx), capacity_mw=10.0)
    assert issubclass(HeadroomError, WattflopError)


# ---------------------------------------------------------------------------------------------
# Reading EIA-930 files

HEADER = "date_time,raw demand (MW),cleaned demand (MW)\n"


def _write(tmp_path: Path, rows: list[str], name: str = "demand.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows))
    return path


def _hours(start: str, n: int, values: list[float] | None = None) -> list[str]:
    t = pd.date_range(start, periods=n, freq="h")
    v = values if values is not None else [100.0 + i for i in range(n)]
    return [f"{ti:%Y-%m-%d %H:%M:%S},{vi:g},{vi:g}" for ti, vi in zip(t, v, strict=True)]


def test_read_good_file(tmp_path: Path) -> None:
    path = _write(tmp_path, _hours("2023-12-31 22:00", 5))
    s = read_eia930(path)
    assert list(s) == [100.0, 101.0, 102.0, 103.0, 104.0]
    assert s.name == CLEANED_COLUMN
    assert s.index[0] == pd.Timestamp("2023-12-31 22:00", tz="UTC")
    assert s.index.name == "date_time"
    s24 = read_eia930(str(path), year=2024, column="raw demand (MW)")
    assert list(s24) == [102.0, 103.0, 104.0]


def test_read_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DemandDataError, match=r"nope\.csv: file not found") as err:
        read_eia930(tmp_path / "nope.csv")
    assert "CONUS.csv" in str(err.value)  # the fix names a file that exists
    assert isinstance(err.value, WattflopError)


def test_read_missing_column_lists_columns(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("date_time,demand\n2024-01-01 00:00:00,1\n")
    with pytest.raises(DemandDataError) as err:
        read_eia930(path)
    text = str(err.value)
    assert str(path) in text
    assert "missing column(s) ['cleaned demand (MW)']" in text
    assert "found ['date_time', 'demand']" in text


def test_read_non_numeric(tmp_path: Path) -> None:
    rows = _hours("2024-01-01", 4)
    rows[2] = "2024-01-01 02:00:00,5,MISSING"
    path = _write(tmp_path, rows)
    with pytest.raises(DemandDataError, match=r"1 value\(s\).*line 4 \('MISSING'\)") as err:
        read_eia930(path)
    assert str(path) in str(err.value)
    rows[2] = "2024-01-01 02:00:00,5,"
    with pytest.raises(DemandDataError, match=r"empty or not numbers, first at line 4"):
        read_eia930(_write(tmp_path, rows))


def test_read_negative_and_bad_time(tmp_path: Path) -> None:
    rows = _hours("2024-01-01", 3, [1.0, -2.0, 3.0])
    with pytest.raises(DemandDataError, match="negative"):
        read_eia930(_write(tmp_path, rows))
    rows = _hours("2024-01-01", 3)
    rows[1] = "yesterday,1,1"
    with pytest.raises(DemandDataError, match=r"do not parse, first at line 3 \('yesterday'\)"):
        read_eia930(_write(tmp_path, rows))


def test_read_gaps_and_order(tmp_path: Path) -> None:
    rows = _hours("2024-03-01", 10)
    del rows[4:7]  # three missing hours
    with pytest.raises(DemandDataError, match=r"3 hour\(s\) missing at line 5") as err:
        read_eia930(_write(tmp_path, rows))
    assert "2024-03-01 03:00 UTC" in str(err.value)
    rows = _hours("2024-03-01", 4)
    rows[2] = rows[1]
    with pytest.raises(DemandDataError, match="repeats"):
        read_eia930(_write(tmp_path, rows))
    rows = _hours("2024-03-01", 4)
    rows[1], rows[2] = rows[2], rows[1]
    with pytest.raises(DemandDataError, match="goes back in time"):
        read_eia930(_write(tmp_path, rows))
    half = [f"2024-03-01 00:{m:02d}:00,1,1" for m in (0, 30)]
    with pytest.raises(DemandDataError, match="not hourly"):
        read_eia930(_write(tmp_path, half))


def test_read_year_not_in_file(tmp_path: Path) -> None:
    path = _write(tmp_path, _hours("2024-01-01", 3))
    with pytest.raises(DemandDataError, match=r"(?s)no rows in year 2019.*\[2024\]"):
        read_eia930(path, year=2019)


def test_read_empty_and_garbage(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(DemandDataError, match="not a readable CSV"):
        read_eia930(empty)
    header_only = tmp_path / "header.csv"
    header_only.write_text(HEADER)
    with pytest.raises(DemandDataError, match="no data rows"):
        read_eia930(header_only)


@contextmanager
def _http_server(folder: Path) -> Iterator[str]:
    """A real HTTP server on loopback serving ``folder``; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


def test_read_url_downloads_once_to_cache(tmp_path: Path) -> None:
    """An http URL is downloaded through urllib once; the second read uses the cache."""
    served = tmp_path / "served"
    served.mkdir()
    src = _write(served, _hours("2024-01-01", 3), name="CONUS.csv")
    cache_dir = tmp_path / "cache"
    with _http_server(served) as base:
        url = f"{base}/CONUS.csv"
        s = read_eia930(url, cache_dir=cache_dir)
    assert list(s) == [100.0, 101.0, 102.0]
    cached = hr.cached_path(url, cache_dir)
    assert cached.is_file()
    assert cached.name.endswith("-CONUS.csv")
    src.unlink()  # the next read must not need the source (nor the server)
    assert list(read_eia930(url, cache_dir=cache_dir)) == [100.0, 101.0, 102.0]
    assert list(cache_dir.iterdir()) == [cached]  # no partial files left behind


def test_a_download_that_fails_to_parse_is_not_cached(tmp_path: Path) -> None:
    """Issue #16: nothing that fails to parse stays in the cache (not even as a .part)."""
    served = tmp_path / "served"
    served.mkdir()
    (served / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash\n")
    cache_dir = tmp_path / "cache"
    with _http_server(served) as base:
        url = f"{base}/secret.txt"
        with pytest.raises(DemandDataError, match="missing column"):
            read_eia930(url, cache_dir=cache_dir)
    assert not hr.cached_path(url, cache_dir).exists()
    assert list(cache_dir.iterdir()) == []


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "FILE:///etc/passwd", "ftp://example.org/x.csv", "data://x"]
)
def test_only_http_urls_and_paths_are_read(url: str, tmp_path: Path) -> None:
    """``file://`` and other schemes are refused before anything is opened or cached."""
    cache_dir = tmp_path / "cache"
    with pytest.raises(DemandDataError, match="only http\\(s\\) URLs and local paths") as err:
        read_eia930(url, cache_dir=cache_dir)
    assert "root:" not in str(err.value)
    assert not cache_dir.exists()


def test_headroom_cli_refuses_file_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from wattflop.cli import app

    monkeypatch.setenv("WATTFLOP_CACHE_DIR", str(tmp_path / "cache"))
    r = CliRunner().invoke(app, ["headroom", "file:///etc/passwd", "--capacity", "1.1 TW"])
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and "root:" not in r.output
    assert "http(s)" in r.output
    assert not (tmp_path / "cache").exists()


def test_read_https_with_patched_opener(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An https URL is opened with a timeout; failures name the URL and leave no cache file."""
    body = (HEADER + "".join(r + "\n" for r in _hours("2024-01-01", 2))).encode()
    seen: dict[str, object] = {}

    class Response:
        def __init__(self) -> None:
            self._data = [body]

        def read(self, n: int = -1) -> bytes:
            return self._data.pop() if self._data else b""

        def __enter__(self) -> Response:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

    def fake_open(url: str, timeout: float) -> Response:
        seen["url"], seen["timeout"] = url, timeout
        return Response()

    monkeypatch.setattr(urllib.request, "urlopen", fake_open)
    s = read_eia930(hr.CONUS_URL, cache_dir=tmp_path, timeout_s=12.0)
    assert list(s) == [100.0, 101.0]
    assert seen == {"url": hr.CONUS_URL, "timeout": 12.0}

    def failing_open(url: str, timeout: float) -> Response:
        raise urllib.error.URLError("no route to host")

    monkeypatch.setattr(urllib.request, "urlopen", failing_open)
    url = "https://example.invalid/data/TVA.csv"
    with pytest.raises(DemandDataError, match=r"download failed.*no route to host") as err:
        read_eia930(url, cache_dir=tmp_path)
    assert str(err.value).startswith(url)
    assert not hr.cached_path(url, tmp_path).exists()


def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WATTFLOP_CACHE_DIR", str(tmp_path))
    assert hr.default_cache_dir() == tmp_path / "eia930"
    monkeypatch.delenv("WATTFLOP_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert hr.default_cache_dir() == tmp_path / "xdg" / "wattflop" / "eia930"


def test_headroom_cli() -> None:
    """`wattflop headroom` on the packaged CONUS file (gzip): the summary with the 2024 peak;
    a wrong unit exits 2 without a traceback."""
    from typer.testing import CliRunner

    from wattflop.cli import app

    conus = CONUS
    runner = CliRunner()
    ok = runner.invoke(
        app, ["headroom", str(conus), "--capacity", "1.1 TW", "--storage-power", "100 GW"]
    )
    assert ok.exit_code == 0, ok.output
    assert "744.7 GW" in ok.output and "unlimited storage" in ok.output
    bad = runner.invoke(app, ["headroom", str(conus), "--capacity", "1.1 kg"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output


def test_zero_demand_and_capacity_below_the_peak_are_clear_errors(tmp_path: Path) -> None:
    """Issue #16: an all-zero load was a ZeroDivisionError, and a capacity below the load's
    own peak gave a negative headroom; both are now errors that say why (the second names
    the peak and its hour), exit 2 on the command line."""
    from typer.testing import CliRunner

    from wattflop.cli import app
    from wattflop.study.headroom import check_fleet

    zero = _write(tmp_path, _hours("2024-01-01", 24, [0.0] * 24), name="zero.csv")
    with pytest.raises(HeadroomError, match="zero in every hour"):
        check_fleet(read_eia930(zero), capacity_mw=1e3)
    h = storage_headroom(read_eia930(zero), capacity_mw=1e3)  # the library: a case, no crash
    assert h.output_factor_0 == math.inf and h.output_factor(0.0) == 1.0
    spiky = _hours("2024-01-01", 24, [100.0] * 5 + [1e6] + [100.0] * 18)
    huge = _write(tmp_path, spiky, name="huge.csv")
    with pytest.raises(HeadroomError, match=r"below the demand's own peak \(1,000,000 MW"):
        check_fleet(read_eia930(huge), capacity_mw=1e3)
    r = CliRunner().invoke(app, ["headroom", str(huge), "--capacity", "1 GW"])
    assert r.exit_code == 2 and "own peak" in r.output and "Traceback" not in r.output
    # a single value past the world's generating capacity was an IndexError: a unit slip
    absurd = _write(tmp_path, _hours("2024-01-01", 24, [100.0] * 5 + [1e15] + [100.0] * 18))
    r = CliRunner().invoke(app, ["headroom", str(absurd), "--capacity", "1 GW"])
    assert r.exit_code == 2 and "above 10,000,000 MW, first at line 7" in r.output

"""Capital recovery and levelised costs against textbook values."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wattflop import economics as ec


@pytest.mark.parametrize(
    ("rate", "years", "crf"), [(0.07, 20, 0.094393), (0.10, 10, 0.162745), (0.05, 30, 0.065051)]
)
def test_crf_table(rate: float, years: float, crf: float) -> None:
    """Capital recovery factors as tabulated in compound-interest tables (e.g. Short, Packey &
    Holt, NREL/TP-462-5173, 1995, Appendix), to 1e-6."""
    assert float(ec.capital_recovery_factor(rate, years)) == pytest.approx(crf, abs=1e-6)


def test_crf_zero_rate() -> None:
    assert float(ec.capital_recovery_factor(0.0, 5)) == pytest.approx(0.2)


@given(st.floats(0.001, 0.3), st.floats(1, 50))
def test_crf_repays_the_loan(rate: float, years: float) -> None:
    """Property: the present value of CRF·P paid yearly for n years equals P."""
    n = int(years)
    crf = float(ec.capital_recovery_factor(rate, n))
    pv = sum(crf / (1 + rate) ** k for k in range(1, n + 1))
    assert pv == pytest.approx(1.0, rel=1e-9)


def test_annualised_and_levelised() -> None:
    lines = {"a": ec.CostLine(1e6, 20), "b": ec.CostLine(5e5, 10)}
    annual = ec.annualised_cost_usd(lines, 0.07, opex_usd_per_year=1e4)
    assert annual == pytest.approx(1e6 * 0.0943929 + 5e5 * 0.1423775 + 1e4, rel=1e-6)
    assert ec.lcoe_usd_per_mwh(annual, 1000.0) == pytest.approx(annual / 1000.0)
    assert ec.usd_per_eflop(1e6, 2e18) == pytest.approx(5e5)
    assert ec.usd_per_accelerator_hour(1e6, 0.0) == float("inf")

"""Money on one footing for every site: annualised capital, levelised cost of energy and of
compute.

Every cost line is annualised with the capital recovery factor over its own life; the
levelised cost of energy (LCOE) delivered to the chips is the annual cost over the annual
energy delivered to IT; the cost of compute divides the same annual cost by accelerator-hours
or by delivered EFLOP.

Reference: Short, Packey & Holt, *A Manual for the Economic Evaluation of Energy Efficiency
and Renewable Energy Technologies*, NREL/TP-462-5173 (1995), §4 (CRF, LCOE).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

#: FLOP in one EFLOP.
FLOP_PER_EFLOP = 1e18


def capital_recovery_factor(rate: ArrayLike, life_years: ArrayLike) -> FloatArray:
    """CRF = r(1+r)^n / ((1+r)^n − 1); 1/n at r = 0 [yr⁻¹].

    Parameters
    ----------
    rate : array_like
        Real discount rate per year [-].
    life_years : array_like
        Economic life [yr], > 0.

    Examples
    --------
    A satellite bought for 1 USD at 7 % over 5 years costs 0.244 USD a year; at no interest,
    a fifth of it:

    >>> round(float(capital_recovery_factor(0.07, 5)), 6)
    0.243891
    >>> float(capital_recovery_factor(0.0, 5))
    0.2
    >>> capital_recovery_factor([0.05, 0.10], 20).round(4)  # broadcasts over samples
    array([0.0802, 0.1175])
    """
    r = np.asarray(rate, dtype=float)
    n = np.asarray(life_years, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        g = (1.0 + r) ** n
        crf = np.where(np.abs(r) < 1e-12, 1.0 / n, r * g / (g - 1.0))
    return np.asarray(crf, dtype=float)


@dataclass(frozen=True)
class CostLine:
    """One capital cost line [USD] with its own economic life [yr]."""

    capex_usd: float
    life_years: float


def annualised_cost_usd(
    lines: Mapping[str, CostLine], rate: float, opex_usd_per_year: float = 0.0
) -> float:
    """Σ capex·CRF(r, life) + opex [USD yr⁻¹]."""
    total = opex_usd_per_year
    for line in lines.values():
        total += line.capex_usd * float(capital_recovery_factor(rate, line.life_years))
    return total


def lcoe_usd_per_mwh(annual_cost_usd: float, energy_mwh_per_year: float) -> float:
    """Levelised cost of energy [USD MWh⁻¹]."""
    return annual_cost_usd / energy_mwh_per_year if energy_mwh_per_year > 0 else float("inf")


def usd_per_accelerator_hour(annual_cost_usd: float, accelerator_hours_per_year: float) -> float:
    """Cost per delivered accelerator-hour [USD h⁻¹]."""
    return (
        annual_cost_usd / accelerator_hours_per_year
        if accelerator_hours_per_year > 0
        else float("inf")
    )


def usd_per_eflop(annual_cost_usd: float, flop_per_year: float) -> float:
    """Cost per delivered EFLOP (10¹⁸ floating-point operations) [USD EFLOP⁻¹].

    >>> usd_per_eflop(1e9, 1e27)  # 1 BUSD a year for 10⁹ EFLOP delivered
    1.0
    """
    return annual_cost_usd / (flop_per_year / FLOP_PER_EFLOP) if flop_per_year > 0 else float("inf")

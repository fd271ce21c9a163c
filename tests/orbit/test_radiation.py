"""Dose, dose-limited life and upsets against the tables they come from."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wattflop.orbit import radiation


@pytest.mark.parametrize(
    ("altitude_km", "krad_per_year"), [(500, 0.38), (700, 0.70), (1000, 1.79), (1500, 7.82)]
)
def test_spenvis_table_behind_5mm(altitude_km: float, krad_per_year: float) -> None:
    """rMcDonald17/Orbital-Datacenters SPENVIS runs, SSO behind 5 mm Al (exact at nodes)."""
    gy = radiation.dose_rate_gy_per_year(altitude_km * 1e3, 5e-3)
    assert float(gy) / radiation.GY_PER_KRAD == pytest.approx(krad_per_year, rel=1e-12)


def test_suncatcher_point_650km_10mm() -> None:
    """Suncatcher (arXiv:2511.19468 §2.3): ~150 rad(Si)/yr at 650 km SSO behind ~10 mm Al."""
    gy = radiation.dose_rate_gy_per_year(650e3, 10e-3)
    assert float(gy) * 100.0 == pytest.approx(150.0, rel=1e-9)
    assert radiation.SHIELDING_EXPONENT == pytest.approx(2.0, abs=0.01)


@given(st.floats(200e3, 1500e3), st.floats(1e-3, 30e-3), st.floats(1.01, 2.0))
def test_dose_monotone(altitude_m: float, thickness_m: float, factor: float) -> None:
    """More altitude → more dose; more shielding → less dose."""
    d = radiation.dose_rate_gy_per_year(altitude_m, thickness_m)
    assert radiation.dose_rate_gy_per_year(min(altitude_m * factor, 1500e3), thickness_m) >= d
    assert radiation.dose_rate_gy_per_year(altitude_m, min(thickness_m * factor, 30e-3)) <= d


def test_life_and_upsets_hand_calculation() -> None:
    """TPU v6e (Suncatcher §2.3): 2 krad(Si) tolerance at 150 rad/yr → 13.3 yr; HBM
    uncorrectable (1/44 rad) + SEFI (1/5000 rad) at 150 rad/yr = 3.44 upsets/yr; at 600 s each
    that is 2,064 s of 3.156e7 s → 6.5e-5 of the time."""
    assert float(radiation.dose_limited_life_years(20.0, 1.5)) == pytest.approx(13.333, rel=1e-4)
    per_gy = (1 / 44 + 1 / 5000) * 100.0
    frac = radiation.upset_downtime_fraction(per_gy, 1.5, 600.0)
    assert float(frac) == pytest.approx(
        (1 / 44 + 1 / 5000) * 150 * 600 / (365.25 * 86400), rel=1e-12
    )


def test_shielding_mass() -> None:
    """1 m² of 10 mm aluminium (2,700 kg/m³) weighs 27 kg."""
    assert float(radiation.shielding_mass_kg(1.0, 10e-3, 2700.0)) == pytest.approx(27.0)
    assert np.all(np.diff(radiation.shielding_mass_kg(1.0, np.array([1e-3, 2e-3]), 2700.0)) > 0)

"""Launch counting and the Suncatcher launched-power price."""

from __future__ import annotations

import pytest

from wattflop.constants import YEAR_S
from wattflop.orbit import launch


@pytest.mark.parametrize(("price_usd_per_kg", "expected"), [(3600.0, 14_700.0), (200.0, 810.0)])
def test_suncatcher_launched_power_price(price_usd_per_kg: float, expected: float) -> None:
    """Agüera y Arcas et al., "Towards a future space-based, highly scalable AI infrastructure
    system design" (arXiv:2511.19468 v2), Table 1: a 575 kg, 28 kW satellite over 5 years
    costs $14,700 per kW-year of launch at $3,600/kg and $810 at $200/kg (±2 %)."""
    value = launch.launched_power_price_usd_per_kw_year(575.0, 28e3, price_usd_per_kg, 5 * YEAR_S)
    assert float(value) == pytest.approx(expected, rel=0.02)


def test_satellites_per_launch_mass_or_volume() -> None:
    # 60 Starlink v1 (260 kg) fit a Falcon 9 by mass (15.6 t ≤ 17.5 t) and by volume at
    # 107 kg/m³ (2.43 m³ each, 145 m³ fairing → 59): volume binds by one satellite.
    n, limit = launch.satellites_per_launch(260.0, 260.0 / 107.0, 17_500.0, 145.0)
    assert (n, limit) == (59, "volume")
    n, limit = launch.satellites_per_launch(5000.0, 10.0, 100_000.0, 1000.0)
    assert (n, limit) == (20, "mass")


def test_launches_needed() -> None:
    assert launch.launches_needed(100, 15) == 7
    with pytest.raises(ValueError):
        launch.launches_needed(1, 0)

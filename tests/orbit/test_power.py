"""Array power, sizing and battery rules against hand calculations."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wattflop.orbit import power


def test_array_power_hand() -> None:
    """1361 W/m² × 0.5 visible × cos 60° × 10 m² × 0.9 × 0.3 × 0.98 = 900.4 W."""
    p = power.array_power_w(
        solar_flux_w_m2=1361.0,
        illumination=0.5,
        sun_cos=0.5,
        area_m2=10.0,
        packing_factor=0.9,
        efficiency=0.3,
        degradation_factor=0.98,
    )
    assert float(p) == pytest.approx(1361 * 0.5 * 0.5 * 10 * 0.9 * 0.3 * 0.98)


def test_required_array_power_hand() -> None:
    """Orbit of 95.65 min with 35.6 min eclipse, 100 kW load, η_pmad 0.95, η_c = η_d = 0.97:
    P = (100·60.05 + 100·35.6/0.9409) / (0.95·60.05) = 171.6 kW."""
    p = power.required_array_power_w(
        sunlit_load_w=100e3,
        eclipse_load_w=100e3,
        eclipse_s=35.6 * 60,
        period_s=95.65 * 60,
        pmad_efficiency=0.95,
        charge_efficiency=0.97,
        discharge_efficiency=0.97,
    )
    t_s = (95.65 - 35.6) * 60
    assert p == pytest.approx((100e3 * t_s + 100e3 * 35.6 * 60 / 0.97**2) / (0.95 * t_s))
    assert p / 1e3 == pytest.approx(171.6, abs=0.1)


def test_depth_of_discharge_from_cycle_life() -> None:
    """N(D) = 2000·D^-2.25: 30,000 cycles allow D = 15^(-1/2.25) = 0.300 (the LEO rule of
    thumb of ~30 % DoD for 5 years of eclipses); few cycles → the user's cap."""
    assert power.battery_depth_of_discharge(30_000, 2000, 2.25, 0.8) == pytest.approx(
        0.300, abs=0.001
    )
    assert power.battery_depth_of_discharge(100, 2000, 2.25, 0.8) == 0.8
    assert power.battery_depth_of_discharge(0, 2000, 2.25, 0.8) == 0.8


def test_degradation_compounds() -> None:
    np.testing.assert_allclose(power.degradation_factor([0, 1, 5], 0.01), [1, 0.99, 0.99**5])


@given(
    st.lists(st.floats(0.0, 2e5), min_size=10, max_size=300),
    st.floats(0.0, 1e5),
    st.floats(0.0, 2e4),
    st.floats(0.0, 5e8),
    st.booleans(),
)
def test_energy_flows_conserve(
    p: list[float], it_w: float, bus_w: float, cap_j: float, it_in_eclipse: bool
) -> None:
    """Property: any array profile, load and battery → every joule accounted for (1e-9), the
    battery stays within its depth-of-discharge window, and no load gets more than it asked."""
    arr = np.array(p)
    if arr.sum() == 0:
        return
    f = power.energy_flows(
        arr,
        step_s=60.0,
        it_power_w=it_w,
        bus_power_w=bus_w,
        pmad_efficiency=0.95,
        battery_capacity_j=cap_j,
        depth_of_discharge=0.6,
        charge_efficiency=0.97,
        discharge_efficiency=0.96,
        it_in_eclipse=it_in_eclipse,
    )
    assert abs(f.conservation_residual) < 1e-9
    assert f.soc_j.min() >= cap_j * 0.4 - 1e-6 * max(cap_j, 1)
    assert f.soc_j.max() <= cap_j * (1 + 1e-12) + 1e-9
    assert f.it_j <= f.it_demand_j * (1 + 1e-12) + 1e-9
    assert f.bus_j <= f.bus_demand_j * (1 + 1e-12) + 1e-9
    assert min(f.curtailed_j, f.pmad_loss_j, f.charge_loss_j, f.discharge_loss_j) >= -1e-6

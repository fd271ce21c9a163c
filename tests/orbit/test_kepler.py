"""Tests for :mod:`wattflop.orbit.kepler` against published values.

Sources
-------
- Vallado, D. A., *Fundamentals of Astrodynamics and Applications*, 4th ed. (2013), §9.6:
  secular J2 rates (eq. 9-41) and sun-synchronous inclinations.
- NASA TFAWS, Rickman, "Introduction to orbital mechanics and spacecraft attitudes for thermal
  engineers": 550 km orbit period 95.65 min.
- the project's shared REFERENCES.md, "Orbit geometry".
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wattflop.constants import J2, MU_EARTH_M3_S2, R_EARTH_M
from wattflop.orbit import kepler

#: Tolerance on sun-synchronous inclinations: the published table is given to 0.01°, and the
#: constants (μ, R, J2) differ slightly between editions — Vallado §9.6.
SSO_INCLINATION_TOL_DEG = 0.02
#: Tolerance on the 550 km Keplerian period: the published value has 4 significant figures.
PERIOD_TOL_MIN = 0.01
#: Relative tolerance for identities that hold to round-off.
ROUNDOFF_RTOL = 1e-12
ROUNDOFF_ATOL = 1e-12

#: Tropical year [d] — the period of the mean Sun in right ascension (Vallado §9.6).
TROPICAL_YEAR_D = 365.2422

angles = st.floats(min_value=-2 * np.pi, max_value=2 * np.pi, allow_nan=False)
inclinations = st.floats(min_value=0.0, max_value=np.pi, allow_nan=False)
leo_altitudes_m = st.floats(min_value=300e3, max_value=1500e3, allow_nan=False)


@pytest.mark.parametrize(
    ("altitude_km", "inclination_deg"),
    [(400.0, 97.03), (550.0, 97.59), (650.0, 97.99), (800.0, 98.60), (1000.0, 99.48)],
)
def test_sun_synchronous_inclination_matches_vallado(
    altitude_km: float, inclination_deg: float
) -> None:
    """Vallado 2013 §9.6 / REFERENCES.md: SSO inclination vs altitude, ±0.02°."""
    got = np.rad2deg(kepler.sun_synchronous_inclination_rad(altitude_km * 1e3))
    assert got == pytest.approx(inclination_deg, abs=SSO_INCLINATION_TOL_DEG)


def test_sun_synchronous_inclination_vectorised_and_retrograde() -> None:
    """SSOs are retrograde and their inclination rises with altitude (Vallado §9.6)."""
    h = np.linspace(200e3, 2000e3, 50)
    inc = np.rad2deg(kepler.sun_synchronous_inclination_rad(h))
    assert inc.shape == h.shape
    assert np.all(inc > 90.0)
    assert np.all(np.diff(inc) > 0.0)


def test_sun_synchronous_limit_altitude() -> None:
    """No circular SSO above |cos i| = 1: a^{7/2} = (3/2)·J2·R²·√μ/Ω̇☉ (Vallado §9.6).

    Hand calculation with Ω̇☉ = 2π/(365.2422·86400 s) = 1.991e-7 rad/s gives a ≈ 12,350 km,
    i.e. an altitude of ≈ 5,974 km (the docstring says "about 5,970 km"). Just below the limit
    the orbit is nearly retrograde-equatorial (cos i → −1).
    """
    omega_sun = 2 * np.pi / (TROPICAL_YEAR_D * 86400.0)
    a_lim = (1.5 * J2 * R_EARTH_M**2 * np.sqrt(MU_EARTH_M3_S2) / omega_sun) ** (2.0 / 7.0)
    h_lim = a_lim - R_EARTH_M
    assert h_lim == pytest.approx(5970e3, abs=10e3)
    assert np.rad2deg(kepler.sun_synchronous_inclination_rad(h_lim - 1e3)) > 175.0
    with pytest.raises(ValueError, match="sun-synchronous"):
        kepler.sun_synchronous_inclination_rad(h_lim + 1e3)
    with pytest.raises(ValueError, match="sun-synchronous"):
        kepler.sun_synchronous_inclination_rad(np.array([550e3, h_lim + 1e3]))


@pytest.mark.parametrize("altitude_km", [400.0, 550.0, 650.0, 800.0, 1000.0])
def test_sso_raan_rate_equals_mean_sun_rate(altitude_km: float) -> None:
    """An SSO's node regresses — eastward — at 360° per tropical year of 365.2422 d.

    Vallado §9.6: the sun-synchronous condition is Ω̇ = 360°/365.2422 d = 0.9856°/d.
    """
    h = altitude_km * 1e3
    rate = kepler.raan_rate_rad_s(h, kepler.sun_synchronous_inclination_rad(h))
    expected = 2 * np.pi / (TROPICAL_YEAR_D * 86400.0)
    assert rate == pytest.approx(expected, rel=ROUNDOFF_RTOL)
    assert np.rad2deg(rate) * 86400.0 == pytest.approx(0.98565, abs=1e-5)


def test_sso_node_tracks_mean_sun_over_a_year() -> None:
    """Integrated over a year, the SSO node moves with the mean Sun (Vallado §9.6).

    The node drifts Ω̇·t; the mean Sun's RA (Astronomical Almanac: 0.9856474°/d) moves by the
    same amount to within 1e-4° per year.
    """
    from wattflop.orbit.sun import mean_sun_right_ascension_rad

    h = 650e3
    rate = kepler.raan_rate_rad_s(h, kepler.sun_synchronous_inclination_rad(h))
    t_days = 365.0
    node_drift = np.rad2deg(rate * t_days * 86400.0)
    jd0 = 2461406.5  # 2027-01-01T00:00
    sun_drift = (
        np.rad2deg(mean_sun_right_ascension_rad(jd0 + t_days) - mean_sun_right_ascension_rad(jd0))
        % 360.0
    )
    assert (node_drift % 360.0) == pytest.approx(sun_drift, abs=1e-3)


def test_raan_rate_iss_like_orbit() -> None:
    """J2 nodal regression for an ISS-like orbit (420 km, 51.64°): ≈ −5.0°/day.

    Hand calculation (Vallado eq. 9-41, e = 0): a = 6,798.1 km, n = 1.1264e-3 rad/s,
    (R/a)² = 0.8803, Ω̇ = −1.5·n·J2·(R/a)²·cos i = −9.99e-7 rad/s = −0.0863 rad/d = −4.95°/d.
    The ISS node is commonly quoted to regress ≈ 5°/day.
    """
    rate_deg_day = np.rad2deg(kepler.raan_rate_rad_s(420e3, np.deg2rad(51.64))) * 86400.0
    assert rate_deg_day == pytest.approx(-4.95, abs=0.01)


def test_period_at_550_km() -> None:
    """Keplerian period at 550 km is 95.65 min (REFERENCES.md / NASA TFAWS, Rickman)."""
    assert kepler.period_s(550e3) / 60.0 == pytest.approx(95.65, abs=PERIOD_TOL_MIN)


def test_orbital_speed_and_mean_motion_consistent() -> None:
    """v = n·a and v ≈ 7.59 km/s at 550 km (v = √(μ/a), a = 6,928 km: hand value 7,585 m/s)."""
    h = np.array([300e3, 550e3, 1500e3])
    a = kepler.semi_major_axis_m(h)
    np.testing.assert_allclose(
        kepler.orbital_speed_m_s(h), kepler.mean_motion_rad_s(h) * a, rtol=ROUNDOFF_RTOL
    )
    assert kepler.orbital_speed_m_s(550e3) == pytest.approx(7585.0, abs=2.0)
    assert a[1] == pytest.approx(6_928_137.0)


@settings(max_examples=200, deadline=None)
@given(altitude=leo_altitudes_m, inc=inclinations)
def test_argument_of_latitude_rate_is_sum_of_vallado_rates(altitude: float, inc: float) -> None:
    """u̇ = ω̇ + Ṁ with Vallado eq. 9-41 (e = 0, p = a).

    ω̇ = (3/4)·n·J2·(R/a)²·(4 − 5 sin² i);  Ṁ = n·[1 + (3/4)·J2·(R/a)²·(2 − 3 sin² i)].
    """
    n = float(kepler.mean_motion_rad_s(altitude))
    k = 0.75 * J2 * (R_EARTH_M / float(kepler.semi_major_axis_m(altitude))) ** 2
    s2 = np.sin(inc) ** 2
    omega_dot = n * k * (4.0 - 5.0 * s2)
    m_dot = n * (1.0 + k * (2.0 - 3.0 * s2))
    got = float(kepler.argument_of_latitude_rate_rad_s(altitude, inc))
    assert got == pytest.approx(omega_dot + m_dot, rel=ROUNDOFF_RTOL)
    assert float(kepler.nodal_period_s(altitude, inc)) == pytest.approx(
        2 * np.pi / got, rel=ROUNDOFF_RTOL
    )


def test_nodal_period_of_sso_slightly_longer_than_keplerian() -> None:
    """At 550 km SSO (cos² i = 0.0175), u̇/n − 1 = (3/4)·J2·(R/a)²·(8cos² i − 2) = −1.28e-3,
    so the nodal period exceeds the Keplerian one by ≈ 7.3 s (hand calculation, Vallado 9-41).
    """
    h = 550e3
    inc = kepler.sun_synchronous_inclination_rad(h)
    delta = float(kepler.nodal_period_s(h, inc) - kepler.period_s(h))
    assert delta == pytest.approx(7.3, abs=0.1)


def test_orbit_normal_hand_cases() -> None:
    """ĥ = (sin Ω sin i, −cos Ω sin i, cos i) (REFERENCES.md) at hand-picked angles."""
    np.testing.assert_allclose(kepler.orbit_normal(0.0, 0.0), [0.0, 0.0, 1.0], atol=1e-15)
    np.testing.assert_allclose(kepler.orbit_normal(0.0, np.pi / 2), [0.0, -1.0, 0.0], atol=1e-15)
    np.testing.assert_allclose(
        kepler.orbit_normal(np.pi / 2, np.pi / 2), [1.0, 0.0, 0.0], atol=1e-15
    )
    # Retrograde equatorial: angular momentum points south.
    np.testing.assert_allclose(kepler.orbit_normal(0.3, np.pi), [0.0, 0.0, -1.0], atol=1e-15)
    # Broadcasting: (3, 4) from scalar inclination and 4 RAANs.
    assert kepler.orbit_normal(np.zeros(4), 1.0).shape == (3, 4)


def test_position_velocity_hand_cases() -> None:
    """At u = 0 the satellite sits at the ascending node (cos Ω, sin Ω, 0); at u = 90° it is at
    its northernmost point, latitude = i (prograde) — elementary orbit geometry."""
    raan, inc = np.deg2rad(40.0), np.deg2rad(60.0)
    r0, v0 = kepler.position_velocity_unit(raan, inc, 0.0)
    np.testing.assert_allclose(r0, [np.cos(raan), np.sin(raan), 0.0], atol=1e-15)
    assert v0[2] > 0.0  # ascending
    r90, _ = kepler.position_velocity_unit(raan, inc, np.pi / 2)
    assert np.rad2deg(np.arcsin(r90[2])) == pytest.approx(60.0, abs=1e-12)


@settings(max_examples=300, deadline=None)
@given(raan=angles, inc=inclinations, u=angles)
def test_position_velocity_orthonormal_and_normal(raan: float, inc: float, u: float) -> None:
    """r̂, v̂ are unit vectors, r̂ ⊥ v̂ and r̂ × v̂ = ĥ (circular-orbit geometry)."""
    r, v = kepler.position_velocity_unit(raan, inc, u)
    assert np.linalg.norm(r) == pytest.approx(1.0, abs=ROUNDOFF_ATOL)
    assert np.linalg.norm(v) == pytest.approx(1.0, abs=ROUNDOFF_ATOL)
    assert abs(float(np.dot(r, v))) < ROUNDOFF_ATOL
    np.testing.assert_allclose(np.cross(r, v), kepler.orbit_normal(raan, inc), atol=ROUNDOFF_ATOL)


@settings(max_examples=50, deadline=None)
@given(raan=angles, inc=inclinations)
def test_position_velocity_vectorised(raan: float, inc: float) -> None:
    """Array u gives (3, N) arrays; v̂ = dr̂/du (finite difference over a circular orbit)."""
    u = np.linspace(0.0, 2 * np.pi, 721)
    r, v = kepler.position_velocity_unit(raan, inc, u)
    assert r.shape == v.shape == (3, 721)
    du = u[1] - u[0]
    dr = (r[:, 2:] - r[:, :-2]) / (2 * du)
    np.testing.assert_allclose(dr, v[:, 1:-1], atol=1e-4)

"""Tests for the Earth view factor of a flat plate (wattflop.orbit.viewfactor).

Reference for the closed form: Howell, Mengüç, Daun & Siegel, *Thermal Radiation Heat
Transfer*, 7th ed. (CRC 2020), configuration factor B-43 (differential planar element to a
sphere, arbitrarily tilted); Thornton, *Thermal Structures for Aerospace Applications*
(AIAA 1996), ch. 3. Every test below checks it against something independent of that formula:
a direct surface integral of the definition, exact special cases, or exact integral identities.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray
from scipy.integrate import quad

from wattflop.constants import R_EARTH_M
from wattflop.orbit.viewfactor import (
    earth_angular_radius_rad,
    earth_view_factor,
    earth_view_factor_two_sided,
)

H_650_M = 650e3

#: Closed form vs. a 400 × 1000-node quadrature of the defining surface integral. The brief
#: asks for 1e-3 absolute; the quadrature error (kink of max(cos θ, 0) in azimuth) is ~1e-7
#: at this resolution, so 1e-6 is used and is still two orders above the observed error.
INTEGRATION_ATOL = 1e-6
#: Pure floating-point round-off on O(1) quantities built from a handful of transcendentals.
ROUNDOFF_ATOL = 1e-12
#: Step either side of a branch boundary for the continuity test [rad]; |dF/dλ| ≤ 1/π·2π ≈ 2,
#: so a jump-free function moves by < 4·ε across it.
BOUNDARY_EPS_RAD = 1e-8
BOUNDARY_ATOL = 4.0 * BOUNDARY_EPS_RAD
#: Quadrature tolerance for the orientation-average identity (scipy.integrate.quad on a
#: piecewise-smooth integrand with the breakpoints given).
AVERAGE_IDENTITY_ATOL = 1e-10

altitudes_m = st.floats(min_value=100e3, max_value=40_000e3, allow_nan=False)
tilts_rad = st.floats(min_value=0.0, max_value=float(np.pi), allow_nan=False)


def _view_factor_by_surface_integral(
    altitude_m: float, tilt_rad: float, n_psi: int = 400, n_beta: int = 1000
) -> float:
    """Direct quadrature of the definition F = ∫ cos θ_plate · cos θ_earth / (π d²) dA.

    The integral runs over the visible Earth cap (central angle ψ ≤ acos(R/(R+h)) from the
    sub-satellite point), in Earth-centred coordinates with the plate at (0, 0, R + h) and its
    normal n = (sin λ, 0, −cos λ). cos θ_plate is clipped at 0 (the part of the cap behind
    the plate's plane is not seen). Gauss–Legendre in ψ, midpoint rule in azimuth β over
    [0, π] doubled by the plate's mirror symmetry in y. Definition: Howell et al., eq. for
    the differential-to-finite configuration factor, dF = cos θ₁ cos θ₂ dA₂ / (π S²).
    """
    R = R_EARTH_M
    D = R + altitude_m
    psi_max = np.arccos(R / D)
    x, w = np.polynomial.legendre.leggauss(n_psi)
    psi = 0.5 * psi_max * (x + 1.0)
    w_psi = 0.5 * psi_max * w
    beta = (np.arange(n_beta) + 0.5) * np.pi / n_beta
    w_beta = np.pi / n_beta
    P, B = np.meshgrid(psi, beta, indexing="ij")
    px = R * np.sin(P) * np.cos(B)
    py = R * np.sin(P) * np.sin(B)
    pz = R * np.cos(P)
    dx, dy, dz = px, py, pz - D  # plate → surface point
    dist = np.sqrt(dx * dx + dy * dy + dz * dz)
    cos_plate = np.maximum((np.sin(tilt_rad) * dx - np.cos(tilt_rad) * dz) / dist, 0.0)
    cos_earth = -(px * dx + py * dy + pz * dz) / (R * dist)
    integrand = cos_plate * cos_earth / (np.pi * dist**2) * R**2 * np.sin(P)
    return float(2.0 * np.sum(integrand * w_psi[:, None] * w_beta))


# --- exact special cases ------------------------------------------------------------------


@given(altitudes_m)
def test_facing_nadir_is_square_of_radius_ratio(h: float) -> None:
    # Howell et al. factor B-39 (element facing the sphere's centre): F = (R/(R+h))².
    expected = (R_EARTH_M / (R_EARTH_M + h)) ** 2
    assert float(earth_view_factor(h, 0.0)) == pytest.approx(expected, abs=ROUNDOFF_ATOL)


@given(altitudes_m)
def test_vertical_plate_closed_form(h: float) -> None:
    # At λ = π/2 the B-43 partial-view expression reduces to (φ − sin φ cos φ)/π, the
    # cosine-weighted fraction of a half-disc of angular radius φ (derived by hand: the
    # asin term is π/2 − φ, the acos term is multiplied by cos λ = 0, √(H²−1)/H² = cos φ sin φ).
    phi = float(earth_angular_radius_rad(h))
    expected = (phi - np.sin(phi) * np.cos(phi)) / np.pi
    assert float(earth_view_factor(h, np.pi / 2)) == pytest.approx(expected, abs=ROUNDOFF_ATOL)


@given(tilts_rad)
def test_zero_altitude_limit_is_tilted_plate_to_infinite_plane(tilt: float) -> None:
    # At h = 0 the Earth fills a half-space; a plate tilted λ from nadir sees the plane with
    # F = (1 + cos λ)/2 (the isotropic ground view factor (1 − cos β)/2 of a surface with
    # slope β = π − λ; Duffie & Beckman, *Solar Engineering of Thermal Processes*).
    expected = 0.5 * (1.0 + np.cos(tilt))
    assert float(earth_view_factor(0.0, tilt)) == pytest.approx(expected, abs=ROUNDOFF_ATOL)


@pytest.mark.parametrize("h", [400e3, 650e3, 2000e3, 35_786e3])
def test_orientation_average_equals_differential_sphere_factor(h: float) -> None:
    # Averaging the plate factor over isotropically distributed normals gives the factor of a
    # differential *sphere*, Ω/(4π) = (1 − cos φ)/2 (since the mean of max(cos θ, 0) over the
    # sphere of normals is 1/4 and ∫ dω over the Earth is Ω = 2π(1 − cos φ)). Hence
    # ½ ∫₀^π F(λ) sin λ dλ = (1 − cos φ)/2. This tests the partial-view branch as a whole.
    phi = float(earth_angular_radius_rad(h))

    def integrand(lam: float) -> float:
        return float(earth_view_factor(h, lam) * np.sin(lam))

    breaks = [0.5 * np.pi - phi, 0.5 * np.pi + phi]
    value, _ = quad(integrand, 0.0, np.pi, points=breaks, epsabs=1e-13, epsrel=1e-13)
    assert 0.5 * value == pytest.approx(0.5 * (1.0 - np.cos(phi)), abs=AVERAGE_IDENTITY_ATOL)


def _published_form(altitude_m: float, tilt_rad: float) -> float:
    """Literal transcription of the B-43 / Thornton partial-view expression (scalar)."""
    H = (R_EARTH_M + altitude_m) / R_EARTH_M
    q = np.sqrt(H**2 - 1.0)
    lam = tilt_rad
    return float(
        0.5
        - np.arcsin(q / (H * np.sin(lam))) / np.pi
        + (np.cos(lam) * np.arccos(-q / np.tan(lam)) - q * np.sqrt(1.0 - H**2 * np.cos(lam) ** 2))
        / (np.pi * H**2)
    )


#: The published form loses ~half its digits only next to λ = π/2 − φ; the test samples
#: the interior of the partial-view range, at least 1 % of its width from either edge.
PUBLISHED_FORM_ATOL = 1e-12


@given(altitudes_m, st.floats(min_value=0.01, max_value=0.99))
def test_rearranged_form_equals_published_form(h: float, frac: float) -> None:
    phi = float(earth_angular_radius_rad(h))
    tilt = 0.5 * np.pi - phi + frac * 2.0 * phi
    assert float(earth_view_factor(h, tilt)) == pytest.approx(
        _published_form(h, tilt), abs=PUBLISHED_FORM_ATOL
    )


# --- independent numerical integration ----------------------------------------------------


@pytest.mark.parametrize("tilt_deg", [0.0, 30.0, 60.0, 90.0, 120.0, 150.0, 170.0])
@pytest.mark.parametrize("h", [H_650_M, 35_786e3])
def test_matches_direct_surface_integral(h: float, tilt_deg: float) -> None:
    tilt = np.deg2rad(tilt_deg)
    numeric = _view_factor_by_surface_integral(h, tilt)
    assert float(earth_view_factor(h, tilt)) == pytest.approx(numeric, abs=INTEGRATION_ATOL)


def test_vertical_plate_at_650km_against_integral_and_starcloud_value() -> None:
    f = float(earth_view_factor(H_650_M, np.pi / 2))
    # Brief's 1e-3 requirement against the direct integral (actual agreement ~1e-7).
    assert f == pytest.approx(_view_factor_by_surface_integral(H_650_M, np.pi / 2), abs=1e-3)
    # Exact value 0.2407; the Starcloud white paper (2024) rounds its radiator's Earth view
    # factor to 0.25, within 0.01 of this.
    assert 0.23 < f < 0.26


# --- structure of the piecewise function --------------------------------------------------


@given(altitudes_m)
def test_continuous_at_partial_view_boundaries(h: float) -> None:
    phi = float(earth_angular_radius_rad(h))
    for edge in (0.5 * np.pi - phi, 0.5 * np.pi + phi):
        below = float(earth_view_factor(h, max(edge - BOUNDARY_EPS_RAD, 0.0)))
        above = float(earth_view_factor(h, min(edge + BOUNDARY_EPS_RAD, np.pi)))
        assert abs(below - above) < BOUNDARY_ATOL
    # Values at the edges: full-view branch cos(π/2 − φ)·sin²φ = sin³φ, and 0.
    assert float(earth_view_factor(h, 0.5 * np.pi - phi)) == pytest.approx(
        np.sin(phi) ** 3, abs=ROUNDOFF_ATOL
    )
    assert float(earth_view_factor(h, 0.5 * np.pi + phi)) == 0.0


@given(altitudes_m, tilts_rad, tilts_rad)
def test_monotone_non_increasing_in_tilt(h: float, a: float, b: float) -> None:
    lo, hi = min(a, b), max(a, b)
    assert float(earth_view_factor(h, hi)) <= float(earth_view_factor(h, lo)) + ROUNDOFF_ATOL


@given(altitudes_m, tilts_rad)
def test_values_in_unit_interval_and_below_nadir_value(h: float, tilt: float) -> None:
    f = float(earth_view_factor(h, tilt))
    assert 0.0 <= f <= 1.0
    assert f <= (R_EARTH_M / (R_EARTH_M + h)) ** 2 + ROUNDOFF_ATOL


@given(altitudes_m, tilts_rad)
def test_two_sided_sum_bounded_by_solid_angle(h: float, tilt: float) -> None:
    # F₁ + F₂ = (1/π)∫_Earth |cos θ| dω ≤ Ω/π = 2(1 − cos φ), with Ω = 2π(1 − cos φ) the
    # solid angle of the Earth's cone (cap of half-angle φ). The lower bound sin²φ·|cos λ|
    # is the single face's full-view value: |∫ cos θ dω|/π = |cos λ|·sin²φ for every λ
    # (the projected-area vector of the Earth disc), and |∫cos| ≤ ∫|cos|.
    f1, f2 = earth_view_factor_two_sided(h, tilt)
    phi = float(earth_angular_radius_rad(h))
    total = float(f1 + f2)
    assert total <= 2.0 * (1.0 - np.cos(phi)) + ROUNDOFF_ATOL
    assert total >= np.sin(phi) ** 2 * abs(np.cos(tilt)) - ROUNDOFF_ATOL


@given(altitudes_m, tilts_rad)
def test_two_sided_difference_is_signed_projected_solid_angle(h: float, tilt: float) -> None:
    # F₁ − F₂ = (1/π)∫_Earth cos θ dω = sin²φ · cos λ exactly (the cosine-weighted integral is
    # linear in the normal, and equals the full-view value for every orientation).
    f1, f2 = earth_view_factor_two_sided(h, tilt)
    phi = float(earth_angular_radius_rad(h))
    assert float(f1 - f2) == pytest.approx(np.sin(phi) ** 2 * np.cos(tilt), abs=1e-10)


def test_two_sided_sides() -> None:
    f1, f2 = earth_view_factor_two_sided(H_650_M, np.deg2rad(60.0))
    assert float(f1) == float(earth_view_factor(H_650_M, np.deg2rad(60.0)))
    assert float(f2) == pytest.approx(
        float(earth_view_factor(H_650_M, np.deg2rad(120.0))), abs=ROUNDOFF_ATOL
    )
    g1, g2 = earth_view_factor_two_sided(H_650_M, np.pi / 2)
    assert float(g1) == float(g2)


# --- array handling -----------------------------------------------------------------------


def test_scalar_inputs_give_0d_arrays() -> None:
    f = earth_view_factor(H_650_M, 0.3)
    assert isinstance(f, np.ndarray)
    assert f.shape == ()
    assert f.dtype == np.float64


def test_arrays_broadcast_and_match_scalar_calls() -> None:
    hs = np.array([400e3, 650e3, 1200e3])[:, None]
    tilts = np.linspace(0.0, np.pi, 7)
    out: NDArray[np.float64] = earth_view_factor(hs, tilts)
    assert out.shape == (3, 7)
    for i, h in enumerate(hs[:, 0]):
        for j, t in enumerate(tilts):
            assert out[i, j] == float(earth_view_factor(float(h), float(t)))
    f1, f2 = earth_view_factor_two_sided(hs, tilts)
    assert f1.shape == f2.shape == (3, 7)
    np.testing.assert_array_equal(f1, out)


def test_lists_are_accepted() -> None:
    out = earth_view_factor([650e3, 650e3], [0.0, np.pi])
    np.testing.assert_allclose(out, [(R_EARTH_M / (R_EARTH_M + 650e3)) ** 2, 0.0])


@pytest.mark.parametrize(
    ("h", "tilt"), [(-1.0, 0.0), (650e3, -1e-3), (650e3, np.pi + 1e-3), (650e3, 4.0)]
)
def test_out_of_domain_raises(h: float, tilt: float) -> None:
    with pytest.raises(ValueError):
        earth_view_factor(h, tilt)


def test_no_floating_point_warnings_on_a_dense_grid() -> None:
    # pyproject turns warnings into errors; the clipped partial-view branch must stay finite
    # even where it is not selected (including h = 0, where sin λ = 0 at λ = π).
    hs = np.concatenate(([0.0, 1.0], np.geomspace(1e3, 4e8, 50)))[:, None]
    tilts = np.linspace(0.0, np.pi, 721)
    with np.errstate(all="raise"):
        out = earth_view_factor(hs, tilts)
    assert np.all(np.isfinite(out))

"""Kinetic-gas collision rates against the closed form on a uniform test shell.

Sources
-------
- Kessler (1981), Icarus 48:39 (REFERENCES.md): pair rate ½·N²·σ·v̄/V in a shell of volume V.
- 4v/π: mean of 2v|sin(θ/2)| for θ uniform on [0, 2π).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial import cKDTree

from wattflop.constants import R_EARTH_M
from wattflop.constellation import collision, shells

#: Statistical tolerance: 3 standard deviations of a Poisson count of ≈ 1,000 events.
COUNT_TOL = 0.10


def _uniform_shell(
    n: int, lo: float, hi: float, v: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """n points uniform in volume between R⊕+lo and R⊕+hi, with horizontal velocities of
    speed v and random headings."""
    rng = np.random.default_rng(seed)
    r1, r2 = R_EARTH_M + lo, R_EARTH_M + hi
    r = (rng.uniform(r1**3, r2**3, n)) ** (1 / 3)
    z = rng.uniform(-1, 1, n)
    lon = rng.uniform(0, 2 * np.pi, n)
    rho = np.sqrt(1 - z * z)
    u = np.stack([rho * np.cos(lon), rho * np.sin(lon), z], axis=1)
    e1 = np.cross(u, [0.0, 0.0, 1.0])
    e1 /= np.linalg.norm(e1, axis=1)[:, None]
    e2 = np.cross(u, e1)
    h = rng.uniform(0, 2 * np.pi, n)
    vel = v * (np.cos(h)[:, None] * e1 + np.sin(h)[:, None] * e2)
    return u * r[:, None], vel


def test_simulated_encounters_match_closed_form() -> None:
    """Straight-line motion of 3×10⁵ objects for 5 s in a 500–1,500 km test shell: the number
    of pairs passing within 10 km equals ½·N²·σ·(4v/π)·τ/V within 10 % (≈ 1,000 events)."""
    n, lo, hi, v, tau, d = 300_000, 500e3, 1500e3, 7500.0, 5.0, 10e3
    pos, vel = _uniform_shell(n, lo, hi, v, seed=1)
    cand = cKDTree(pos).query_pairs(r=d + 2 * v * tau, output_type="ndarray")
    dr = pos[cand[:, 1]] - pos[cand[:, 0]]
    dv = vel[cand[:, 1]] - vel[cand[:, 0]]
    t_star = np.clip(-np.sum(dr * dv, axis=1) / np.sum(dv * dv, axis=1), 0.0, tau)
    miss = np.linalg.norm(dr + t_star[:, None] * dv, axis=1)
    initially_apart = np.linalg.norm(dr, axis=1) >= d
    count = int(np.count_nonzero((miss < d) & initially_apart))
    vol = collision.shell_volume_m3(lo, hi)
    vbar = collision.isotropic_mean_relative_speed_m_s(v)
    expect = collision.kinetic_gas_pair_rate_per_s(n, vol, np.pi * d**2, vbar) * tau
    assert expect > 800
    assert count == pytest.approx(expect, rel=COUNT_TOL)


def test_encounter_sampler_matches_closed_form() -> None:
    """The sampler's rate (pair density × σ × v̄ from the states) equals the closed form on
    the uniform test shell, and its mean relative speed is 4v/π."""
    n, lo, hi, v = 200_000, 500e3, 1500e3, 7500.0
    pos, vel = _uniform_shell(n, lo, hi, v, seed=2)
    enc = collision.sample_encounters(pos, vel, 30e3)
    assert enc.pairs_found > 1000
    sigma = np.pi * 10.0**2
    closed = collision.kinetic_gas_pair_rate_per_s(
        n, collision.shell_volume_m3(lo, hi), sigma, collision.isotropic_mean_relative_speed_m_s(v)
    )
    # edge effect of a 30 km sphere in a 1,000 km shell: ≈ 3R/(4Δh) ≈ 2 % fewer pairs
    assert enc.rate_per_s(sigma) == pytest.approx(closed, rel=0.08)
    assert enc.mean_relative_speed_m_s == pytest.approx(4 * v / np.pi, rel=0.03)


def test_shell_exposure_scales_and_walker_states() -> None:
    e1 = collision.shell_exposure(
        n_satellites=10_000,
        altitude_m=550e3,
        shell_thickness_m=10e3,
        satellite_radius_m=5.0,
        screening_distance_m=1e3,
    )
    e2 = collision.shell_exposure(
        n_satellites=20_000,
        altitude_m=550e3,
        shell_thickness_m=10e3,
        satellite_radius_m=5.0,
        screening_distance_m=1e3,
    )
    assert e2.collisions_per_year == pytest.approx(4 * e1.collisions_per_year)
    assert e1.conjunctions_per_year / e1.collisions_per_year == pytest.approx((1e3 / 10.0) ** 2)
    c = shells.walker(total=100, planes=10, phasing=1, altitude_m=550e3, inclination_rad=0.9)
    r, v = collision.states(c)
    np.testing.assert_allclose(np.linalg.norm(r, axis=1), R_EARTH_M + 550e3)
    np.testing.assert_allclose(np.einsum("ij,ij->i", r, v), 0.0, atol=1e-3)
    with pytest.raises(collision.CollisionError):
        collision.shell_exposure(
            n_satellites=-1,
            altitude_m=550e3,
            shell_thickness_m=1e3,
            satellite_radius_m=1,
            screening_distance_m=1,
        )

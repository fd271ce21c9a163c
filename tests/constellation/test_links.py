"""Link budget, topologies, Earth blockage and the close-approach screen.

Sources
-------
- Agüera y Arcas et al., arXiv:2511.19468 v2 §2.1 (REFERENCES.md): 5 W transmit, 105.1 dB
  aperture gain each end, 1.55 µm, −3 dB other losses → about 1.6 µW at 5,000 km.
- Friis (1946) free-space path loss 20·log₁₀(4πd/λ): 272.2 dB at 5,000 km and 1.55 µm.
- Starlink optical ISL ≈ 100 Gbps up to ≈ 5,400 km ([G] §2.1): a sanity band for the
  photon-limited capacity with 100 photons per bit.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.distance import pdist, squareform

from wattflop.constants import R_EARTH_M
from wattflop.constellation import links, propagate, shells

#: "about 1.6 µW": the quoted figure has two significant digits.
RX_POWER_TOL_W = 0.05e-6


def test_link_budget_5000_km() -> None:
    p = links.received_power_w(
        5_000e3,
        tx_power_w=5.0,
        gain_tx_db=105.1,
        gain_rx_db=105.1,
        wavelength_m=1.55e-6,
        other_losses_db=-3.0,
    )
    assert abs(float(p) - 1.6e-6) < RX_POWER_TOL_W
    assert abs(float(links.free_space_path_loss_db(5_000e3, 1.55e-6)) - 272.2) < 0.05
    # the same through the terminal defaults, and the inverse-square law
    t = links.OpticalTerminal()
    c5, c10 = links.capacity_bps([5_000e3, 10_000e3], t)
    assert 50e9 < c5 < 200e9  # Starlink-class ~100 Gbps at ~5,000 km
    assert c5 / c10 == pytest.approx(4.0, rel=1e-12)
    # formation distances: capped by the 24 × 400G DWDM terminal (9.6 Tbps)
    assert float(links.capacity_bps(150.0, t)) == pytest.approx(9.6e12)
    assert (
        float(
            links.received_power_w(
                1.0,
                tx_power_w=5,
                gain_tx_db=105.1,
                gain_rx_db=105.1,
                wavelength_m=1.55e-6,
                other_losses_db=-3.0,
            )
        )
        <= 5.0
    )


def _walker() -> shells.Constellation:
    return shells.walker(
        total=22 * 72, planes=72, phasing=39, altitude_m=550e3, inclination_rad=np.deg2rad(53.0)
    )


def test_plus_grid_degree_four_and_links_clear_of_earth() -> None:
    """Starlink-like 72 × 22 shell: every satellite has exactly 4 +Grid links, all within a
    few thousand km and clear of the Earth at an 80 km grazing altitude."""
    c = _walker()
    e = links.plus_grid(c)
    assert e.shape == (2 * c.n_satellites, 2)
    assert np.all(np.bincount(e.ravel()) == 4)
    pos = propagate.propagate_positions(c, step_s=60.0, n_steps=1, dtype=np.float64).position_m
    g = links.link_graph(pos[:, :, 0], e, max_range_m=5_016e3)
    assert g.edges.shape[0] == e.shape[0] and g.dropped_blocked == 0
    # in-plane spacing: chord of 360°/22 at 6,928 km
    a = R_EARTH_M + 550e3
    assert g.distance_m.min() < 2 * a * np.sin(np.pi / 22) + 1.0


def test_earth_blockage() -> None:
    a = R_EARTH_M + 550e3
    r1 = np.array([[a, 0.0, 0.0], [a, 0.0, 0.0]])
    r2 = np.array([[-a, 0.0, 0.0], [a * np.cos(0.3), a * np.sin(0.3), 0.0]])
    assert links.earth_clear(r1, r2, 80e3).tolist() == [False, True]
    # grazing exactly: the chord's midpoint is at a·cos(θ/2)
    theta = 2 * np.arccos((R_EARTH_M + 80e3) / a)
    r3 = np.array([[a * np.cos(theta * 1.01), a * np.sin(theta * 1.01), 0.0]])
    r4 = np.array([[a * np.cos(theta * 0.99), a * np.sin(theta * 0.99), 0.0]])
    assert not links.earth_clear(r1[:1], r3, 80e3)[0]
    assert links.earth_clear(r1[:1], r4, 80e3)[0]


@settings(max_examples=20)
@given(seed=st.integers(0, 2**31 - 1), k=st.integers(1, 6))
def test_k_nearest_matches_brute_force(seed: int, k: int) -> None:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(60, 3)) * 1e6
    e = links.k_nearest(x, k, max_range_m=1.5e6)
    d = squareform(pdist(x))
    np.fill_diagonal(d, np.inf)
    expect = set()
    for i in range(60):
        for j in np.argsort(d[i])[:k]:
            if d[i, j] <= 1.5e6:
                expect.add((min(i, j), max(i, j)))
    assert set(map(tuple, e.tolist())) == expect


def test_close_approach_screen_matches_brute_force() -> None:
    rng = np.random.default_rng(3)
    x = rng.uniform(-5e3, 5e3, size=(400, 3, 4))
    pairs, dmin, step = links.screen_close_approaches(x, 500.0)
    found = {}
    for k in range(4):
        d = squareform(pdist(x[:, :, k]))
        i, j = np.nonzero(np.triu(d < 500.0, 1))
        for a, b in zip(i, j, strict=True):
            found[(a, b)] = min(found.get((a, b), np.inf), d[a, b])
    assert {tuple(p) for p in pairs.tolist()} == set(found)
    for (a, b), dm in zip(pairs.tolist(), dmin.tolist(), strict=True):
        assert dm == pytest.approx(found[(a, b)])
    assert step.shape == dmin.shape


def test_plus_grid_refuses_irregular() -> None:
    c = shells.concatenate(
        [
            shells.walker(total=10, planes=2, phasing=0, altitude_m=550e3, inclination_rad=0.9),
            shells.walker(total=9, planes=3, phasing=0, altitude_m=560e3, inclination_rad=0.9),
        ]
    )
    with pytest.raises(links.LinkError, match="k-nearest"):
        links.plus_grid(c)

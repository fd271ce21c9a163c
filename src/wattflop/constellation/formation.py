"""Relative motion inside a formation cluster: Hill–Clohessy–Wiltshire with the no-drift
condition, the J2 correction of Schweighart & Sedwick, neighbour distances over an orbit and
the Δv to hold the formation.

Frame: LVLH of the reference (chief) orbit, x radial (outward), y along-track, z cross-track
(along the orbit normal).

References
----------
- Clohessy, W. H. & Wiltshire, R. S., "Terminal guidance system for satellite rendezvous",
  J. Aerospace Sci. 27 (1960) 653–658: closed-form solution, no-drift condition ẏ₀ = −2n·x₀.
- Schweighart, S. A. & Sedwick, R. J., "High-fidelity linearized J2 model for satellite
  formation flight", J. Guid. Control Dyn. 25 (2002) 1073–1080: c = √(1 + s),
  s = 3·J2·R²/(8·r²)·(1 + 3 cos 2i); no-drift ẏ₀ = −2·n·c·x₀.
- Published cluster (Agüera y Arcas et al., arXiv:2511.19468 v2, REFERENCES.md): 81 satellites
  within 1 km at 650 km dawn-dusk SSO, neighbours oscillating ≈ 100–200 m, shape repeating
  twice per orbit. The free-motion lattice below reproduces it: a lattice with 100 m radial
  and 200 m along-track spacing inside the ellipse x² + (y/2)² ≤ (500 m)² holds exactly 81
  points (Gauss's circle count for radius 5), and the HCW map M(t) = [[cos nt, ½ sin nt],
  [−2 sin nt, cos nt]] keeps that ellipse invariant while each neighbour distance swings
  between 100 and 200 m with period T/2.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.spatial import cKDTree

from wattflop.constants import J2, R_EARTH_M, YEAR_S
from wattflop.errors import WattflopError
from wattflop.orbit import kepler

FloatArray = NDArray[np.float64]


class FormationError(WattflopError):
    """A formation that cannot be built as asked."""


def hcw_propagate(
    position_m: ArrayLike, velocity_m_s: ArrayLike, n_rad_s: float, t_s: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Closed-form HCW solution (Clohessy & Wiltshire 1960).

    Parameters
    ----------
    position_m, velocity_m_s : array_like (..., 3)
        Initial relative state in LVLH [m], [m s⁻¹].
    n_rad_s : float
        Mean motion of the reference orbit [rad s⁻¹].
    t_s : array_like (T,)
        Times [s].

    Returns
    -------
    position_m, velocity_m_s : ndarray (..., 3, T)
    """
    r0 = np.asarray(position_m, dtype=np.float64)[..., None]
    v0 = np.asarray(velocity_m_s, dtype=np.float64)[..., None]
    n = float(n_rad_s)
    nt = n * np.asarray(t_s, dtype=np.float64)
    c, s = np.cos(nt), np.sin(nt)
    x0, y0, z0 = r0[..., 0, :], r0[..., 1, :], r0[..., 2, :]
    u0, v0_, w0 = v0[..., 0, :], v0[..., 1, :], v0[..., 2, :]
    x = (4 - 3 * c) * x0 + s / n * u0 + 2 / n * (1 - c) * v0_
    y = 6 * (s - nt) * x0 + y0 - 2 / n * (1 - c) * u0 + (4 * s - 3 * nt) / n * v0_
    z = z0 * c + w0 / n * s
    vx = 3 * n * s * x0 + c * u0 + 2 * s * v0_
    vy = 6 * n * (c - 1) * x0 - 2 * s * u0 + (4 * c - 3) * v0_
    vz = -z0 * n * s + w0 * c
    return np.stack([x, y, z], axis=-2), np.stack([vx, vy, vz], axis=-2)


def no_drift_velocity(position_m: ArrayLike, n_rad_s: float, c: float = 1.0) -> FloatArray:
    """Along-track velocity that cancels the secular drift: ẏ₀ = −2·n·c·x₀ (c = 1: HCW;
    c from :func:`ss_c` with J2) [m s⁻¹]."""
    r = np.asarray(position_m, dtype=np.float64)
    return np.asarray(-2.0 * n_rad_s * c * r[..., 0])


def ss_c(altitude_m: float, inclination_rad: float) -> float:
    """Schweighart–Sedwick J2 factor c = √(1 + s), s = 3·J2·R²/(8r²)·(1 + 3 cos 2i)."""
    r = R_EARTH_M + altitude_m
    s = 3.0 * J2 * R_EARTH_M**2 / (8.0 * r**2) * (1.0 + 3.0 * np.cos(2.0 * inclination_rad))
    return float(np.sqrt(1.0 + s))


@dataclass(frozen=True)
class Cluster:
    """A formation cluster: initial relative states around a reference orbit."""

    position_m: FloatArray  #: (N, 3) LVLH at t = 0
    velocity_m_s: FloatArray  #: (N, 3)
    neighbours: NDArray[np.int64]  #: (E, 2) nearest-neighbour pairs of the lattice
    altitude_m: float
    inclination_rad: float
    n_rad_s: float

    @property
    def n_satellites(self) -> int:
        return int(self.position_m.shape[0])


def lattice_cluster(
    *,
    radius_m: float = 1000.0,
    spacing_m: float = 100.0,
    altitude_m: float = 650e3,
    inclination_rad: float | None = None,
) -> Cluster:
    """The free-motion lattice cluster (see the module note): lattice points with radial
    spacing ``spacing_m`` and along-track spacing 2·``spacing_m`` inside the ellipse with
    along-track semi-axis ``radius_m`` and radial semi-axis ``radius_m``/2, initial velocities
    ẋ₀ = n·y₀/2 and ẏ₀ = −2·n·x₀ (no drift). Default inclination: sun-synchronous.
    Defaults (1 km, 100 m, 650 km) give the published 81-satellite cluster."""
    if not radius_m > 0 or not spacing_m > 0:
        raise FormationError("radius and spacing must be > 0 m")
    m = int(np.floor(radius_m / (2.0 * spacing_m)))
    if m < 1:
        raise FormationError(
            f"a radius of {radius_m:g} m holds a single satellite at {spacing_m:g} m spacing; "
            f"give a radius ≥ {2 * spacing_m:g} m"
        )
    inc = (
        float(kepler.sun_synchronous_inclination_rad(altitude_m))
        if inclination_rad is None
        else float(inclination_rad)
    )
    i, j = np.meshgrid(np.arange(-m, m + 1), np.arange(-m, m + 1), indexing="ij")
    lim = (radius_m / (2.0 * spacing_m)) ** 2
    keep = (i**2 + j**2) <= lim * (1 + 1e-12)
    i, j = i[keep], j[keep]
    x, y = i * spacing_m, j * 2.0 * spacing_m
    n = float(kepler.mean_motion_rad_s(altitude_m))
    pos = np.stack([x, y, np.zeros_like(x)], axis=1).astype(np.float64)
    vel = np.stack([n * y / 2.0, -2.0 * n * x, np.zeros_like(x)], axis=1).astype(np.float64)
    # each point's neighbour at (i + 1, j) then at (i, j + 1), where the lattice has one
    index = np.full((2 * m + 2, 2 * m + 2), -1, dtype=np.int64)
    index[i + m, j + m] = np.arange(i.size)
    ahead = np.stack([index[i + m + 1, j + m], index[i + m, j + m + 1]], axis=1).ravel()
    ok = ahead >= 0
    pairs = np.stack([np.repeat(np.arange(i.size), 2)[ok], ahead[ok]], axis=1)
    return Cluster(pos, vel, pairs, altitude_m, inc, n)


@dataclass(frozen=True)
class NeighbourDistances:
    t_s: FloatArray  #: (T,)
    distance_m: FloatArray  #: (E, T) distance of each neighbour pair
    min_m: float
    max_m: float
    min_any_pair_m: float  #: closest approach of any two satellites over the orbit


#: Satellite-steps of relative motion held at once by :func:`neighbour_distances`.
BLOCK = 250_000


def neighbour_distances(
    cluster: Cluster, n_steps: int = 361, progress: Callable[[int], None] | None = None
) -> NeighbourDistances:
    """Distances of lattice neighbours over one orbit (HCW), and the closest approach of any
    two satellites (a k-d tree per step: never all pairs).

    The steps are taken in blocks of about :data:`BLOCK` satellite-steps (memory O(N) per
    step whatever the cluster), calling ``progress(steps_done)`` after each.
    """
    period = 2.0 * np.pi / cluster.n_rad_s
    t = np.linspace(0.0, period, n_steps)
    e = cluster.neighbours
    d = np.empty((e.shape[0], n_steps))
    closest = np.inf
    per = max(1, BLOCK // max(cluster.n_satellites, 1))
    for k0 in range(0, n_steps, per):
        tk = t[k0 : k0 + per]
        r, _ = hcw_propagate(cluster.position_m, cluster.velocity_m_s, cluster.n_rad_s, tk)
        d[:, k0 : k0 + tk.size] = np.linalg.norm(r[e[:, 0]] - r[e[:, 1]], axis=1)
        for k in range(tk.size):
            p = np.ascontiguousarray(r[:, :, k])
            nearest, _ = cKDTree(p).query(p, k=2)
            closest = min(closest, float(nearest[:, 1].min()))
        if progress is not None:
            progress(k0 + tk.size)
    return NeighbourDistances(t, d, float(d.min()), float(d.max()), closest)


def along_track_drift_m_per_orbit(cluster: Cluster) -> FloatArray:
    """Secular along-track drift of each satellite under J2 when initialised with the plain
    HCW no-drift condition (Schweighart & Sedwick 2002, in-plane: mean ẏ = K·(1 − 4c²/(2 − c²))
    with K = ẏ₀ + 2·n·c·x₀), per orbit [m]."""
    c = ss_c(cluster.altitude_m, cluster.inclination_rad)
    n = cluster.n_rad_s
    x0, vy0 = cluster.position_m[:, 0], cluster.velocity_m_s[:, 1]
    k = vy0 + 2.0 * n * c * x0
    rate = k * (1.0 - 4.0 * c**2 / (2.0 - c**2))
    return np.asarray(rate * 2.0 * np.pi / n)


def hold_delta_v(cluster: Cluster) -> tuple[float, float]:
    """Δv to hold the formation against J2 [m s⁻¹]:

    - one-time: re-setting each satellite to the J2 no-drift condition ẏ₀ = −2·n·c·x₀
      (largest over the cluster);
    - per year: cancelling differential nodal precession of satellites with a cross-track
      amplitude (inclination offset δi ≈ amplitude / a): v·sin i·|∂Ω̇/∂i|·δi·year, largest
      over the cluster. An in-plane lattice has none; differential drag is not modelled here.
    """
    c = ss_c(cluster.altitude_m, cluster.inclination_rad)
    n = cluster.n_rad_s
    one_time = float(
        np.max(np.abs(cluster.velocity_m_s[:, 1] + 2 * n * c * cluster.position_m[:, 0]))
    )
    a = R_EARTH_M + cluster.altitude_m
    amp = np.hypot(cluster.position_m[:, 2], cluster.velocity_m_s[:, 2] / n)
    d_i = amp / a
    i = cluster.inclination_rad
    dodi = 1.5 * n * J2 * (R_EARTH_M / a) ** 2 * np.sin(i)  # |∂Ω̇/∂i|
    v = n * a
    per_year = float(np.max(v * abs(np.sin(i)) * dodi * d_i * YEAR_S)) if amp.size else 0.0
    return one_time, per_year

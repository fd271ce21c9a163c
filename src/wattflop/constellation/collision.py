"""Collision exposure of a shell: kinetic-gas conjunction and collision rates, avoidance
manoeuvres per year.

References
----------
- Kessler, D. J., "Derivation of the collision probability between orbiting objects: the
  lifetimes of Jupiter's outer moons", Icarus 48 (1981) 39–48: the kinetic-gas rate
  λ = S·v_rel·σ per object (S spatial density, σ = π(r₁ + r₂)²); within one shell of volume
  V, the pair rate ½·N²·σ·v̄_rel / V (REFERENCES.md).
- Mean relative speed of velocities isotropic in the local horizontal plane, equal speed v:
  ⟨|v₁ − v₂|⟩ = ⟨2v·|sin(θ/2)|⟩ over θ uniform = 4v/π.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from wattflop.constants import R_EARTH_M, YEAR_S
from wattflop.constellation.shells import Constellation
from wattflop.errors import WattflopError
from wattflop.orbit import kepler

FloatArray = NDArray[np.float64]


class CollisionError(WattflopError):
    """Collision inputs out of range."""


def shell_volume_m3(altitude_low_m: float, altitude_high_m: float) -> float:
    """Volume between two spheres of radii R⊕ + h [m³]."""
    if not altitude_high_m > altitude_low_m:
        raise CollisionError("the shell's upper altitude must exceed its lower altitude")
    r1, r2 = R_EARTH_M + altitude_low_m, R_EARTH_M + altitude_high_m
    return float(4.0 / 3.0 * np.pi * (r2**3 - r1**3))


def kinetic_gas_pair_rate_per_s(
    n_objects: float, volume_m3: float, cross_section_m2: float, mean_relative_speed_m_s: float
) -> float:
    """Events per second among N objects spread uniformly in V: ½·N²·σ·v̄/V (Kessler 1981)."""
    return 0.5 * n_objects**2 * cross_section_m2 * mean_relative_speed_m_s / volume_m3


def isotropic_mean_relative_speed_m_s(speed_m_s: float) -> float:
    """4v/π: mean relative speed of equal-speed horizontal velocities with random headings."""
    return 4.0 * speed_m_s / np.pi


def states(c: Constellation, t_s: float = 0.0) -> tuple[FloatArray, FloatArray]:
    """Positions and velocities (N, 3) of the circular orbits at ``t_s`` after the epoch."""
    raan = c.raan_rad + kepler.raan_rate_rad_s(c.altitude_m, c.inclination_rad) * t_s
    u = (
        c.arg_latitude_rad
        + kepler.argument_of_latitude_rate_rad_s(c.altitude_m, c.inclination_rad) * t_s
    )
    r_hat, v_hat = kepler.position_velocity_unit(raan, c.inclination_rad, u)
    a = kepler.semi_major_axis_m(c.altitude_m)
    v = kepler.orbital_speed_m_s(c.altitude_m)
    return (r_hat * a).T.copy(), (v_hat * v).T.copy()


@dataclass(frozen=True)
class Encounters:
    """Encounter statistics of a population sampled at one or more instants."""

    pair_density_m3: (
        float  #: pairs per unit volume of separation space, ⟨#pairs within R⟩/(4/3 πR³)
    )
    mean_relative_speed_m_s: float  #: mean |v_i − v_j| over the pairs found
    pairs_found: int

    def rate_per_s(self, cross_section_m2: float) -> float:
        """Events per second for a cross-section σ: pair density × σ × v̄ (Kessler 1981)."""
        return self.pair_density_m3 * cross_section_m2 * self.mean_relative_speed_m_s


def sample_encounters(
    position_m: FloatArray, velocity_m_s: FloatArray, radius_m: float
) -> Encounters:
    """Pairs closer than ``radius_m`` (cKDTree) and their relative speeds, from states
    (N, 3): the kinetic-gas rate of the actual geometry (dense latitude bands of inclined
    shells included), not of an assumed uniform shell."""
    tree = cKDTree(position_m)
    pairs = tree.query_pairs(r=radius_m, output_type="ndarray")
    vol = 4.0 / 3.0 * np.pi * radius_m**3
    if pairs.size == 0:
        return Encounters(0.0, 0.0, 0)
    dv = np.linalg.norm(velocity_m_s[pairs[:, 0]] - velocity_m_s[pairs[:, 1]], axis=1)
    return Encounters(pairs.shape[0] / vol, float(dv.mean()), int(pairs.shape[0]))


@dataclass(frozen=True)
class CollisionExposure:
    collisions_per_year: float  #: among the constellation's own satellites
    conjunctions_per_year: float  #: pair passes within the screening distance
    manoeuvres_per_year: float  #: avoidance manoeuvres (one per conjunction flagged)
    manoeuvres_per_satellite_per_year: float
    mean_relative_speed_m_s: float
    method: str


def shell_exposure(
    *,
    n_satellites: int,
    altitude_m: float,
    shell_thickness_m: float,
    satellite_radius_m: float,
    screening_distance_m: float,
    mean_relative_speed_m_s: float | None = None,
) -> CollisionExposure:
    """Uniform-shell kinetic-gas exposure (Kessler 1981): N satellites spread over a shell of
    ``shell_thickness_m`` centred on ``altitude_m``; collision cross-section π(2r)², conjunction
    cross-section π·d_screen²; every conjunction inside the screening distance counts as one
    avoidance manoeuvre. Default v̄ = 4v/π (random headings)."""
    if n_satellites < 0:
        raise CollisionError(f"the number of satellites must be ≥ 0, got {n_satellites}")
    if not (satellite_radius_m > 0 and screening_distance_m > 0 and shell_thickness_m > 0):
        raise CollisionError("radius, screening distance and shell thickness must be > 0")
    v = float(kepler.orbital_speed_m_s(altitude_m))
    vrel = (
        isotropic_mean_relative_speed_m_s(v)
        if mean_relative_speed_m_s is None
        else mean_relative_speed_m_s
    )
    vol = shell_volume_m3(altitude_m - shell_thickness_m / 2, altitude_m + shell_thickness_m / 2)
    coll = kinetic_gas_pair_rate_per_s(
        n_satellites, vol, np.pi * (2 * satellite_radius_m) ** 2, vrel
    )
    conj = kinetic_gas_pair_rate_per_s(n_satellites, vol, np.pi * screening_distance_m**2, vrel)
    # each conjunction involves two satellites; one of them manoeuvres
    return CollisionExposure(
        coll * YEAR_S,
        conj * YEAR_S,
        conj * YEAR_S,
        conj * YEAR_S / max(n_satellites, 1),
        vrel,
        "uniform shell (Kessler 1981)",
    )

"""Constellations as arrays: Walker delta/star shells and sun-synchronous shells.

A :class:`Constellation` holds the mean elements of circular orbits, one entry per satellite
(satellites on the first axis), built for 10⁶ satellites (≈ 37 MB).

References
----------
- Walker, J. G., "Satellite constellations", *J. Br. Interplanet. Soc.* 37 (1984) 559–572:
  the delta pattern i:T/P/F (T satellites in P equally spaced planes, phasing F).
- Vallado, D. A., *Fundamentals of Astrodynamics and Applications*, 4th ed. (2013), §9.6
  (sun-synchronous inclination, local time of the node).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal, cast

import numpy as np
from numpy.typing import NDArray

from wattflop.errors import WattflopError
from wattflop.orbit import kepler, sun

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int32]

#: Walker patterns: the planes' nodes span 360° (delta) or 180° (star, polar shells).
Pattern = Literal["delta", "star"]


def as_datetime64(epoch: np.datetime64 | str) -> np.datetime64:
    """An epoch as ``datetime64[ns]`` (UTC)."""
    return cast(np.datetime64, np.asarray(epoch, dtype="datetime64[ns]")[()])


class ConstellationError(WattflopError):
    """A constellation that cannot be built as asked (the message says why and what to do)."""


@dataclass(frozen=True)
class Constellation:
    """Circular orbits at an epoch, one entry per satellite.

    Attributes
    ----------
    altitude_m : ndarray (N,)
        Altitude above the equatorial radius [m].
    inclination_rad : ndarray (N,)
        [rad]
    raan_rad : ndarray (N,)
        Right ascension of the ascending node at the epoch [rad] (mean equator and equinox of
        date, the frame of :func:`wattflop.orbit.sun.sun_position`).
    arg_latitude_rad : ndarray (N,)
        Argument of latitude u = ω + M at the epoch [rad].
    plane : ndarray (N,) int32
        Orbital plane index (0 … P−1); satellites of a plane are stored contiguously in
        order of u.
    epoch : numpy.datetime64
        UTC epoch of the elements.
    """

    altitude_m: FloatArray
    inclination_rad: FloatArray
    raan_rad: FloatArray
    arg_latitude_rad: FloatArray
    plane: IntArray
    epoch: np.datetime64
    name: str = ""

    def __post_init__(self) -> None:
        n = self.altitude_m.shape
        for f in ("inclination_rad", "raan_rad", "arg_latitude_rad", "plane"):
            if getattr(self, f).shape != n:
                raise ConstellationError(f"{f} has shape {getattr(self, f).shape}, expected {n}")
        if self.altitude_m.size and float(self.altitude_m.min()) <= 0.0:
            raise ConstellationError("every altitude must be above the Earth's surface (> 0 m)")

    @property
    def n_satellites(self) -> int:
        return int(self.altitude_m.shape[0])

    def __len__(self) -> int:
        return self.n_satellites

    @cached_property
    def secular_rates(self) -> tuple[FloatArray, FloatArray]:
        """J2 secular rates of the node and of the argument of latitude per satellite
        [rad s⁻¹] (computed once per constellation: propagating successive windows reuses
        them)."""
        return (
            np.asarray(kepler.raan_rate_rad_s(self.altitude_m, self.inclination_rad), float),
            np.asarray(
                kepler.argument_of_latitude_rate_rad_s(self.altitude_m, self.inclination_rad),
                float,
            ),
        )

    @property
    def n_planes(self) -> int:
        return int(self.plane.max()) + 1 if self.plane.size else 0

    def subset(self, index: NDArray[np.intp] | slice) -> Constellation:
        """The satellites at ``index`` (plane numbers kept)."""
        return Constellation(
            self.altitude_m[index],
            self.inclination_rad[index],
            self.raan_rad[index],
            self.arg_latitude_rad[index],
            self.plane[index],
            self.epoch,
            self.name,
        )

    def nbytes(self) -> int:
        """Memory held by the element arrays [B]."""
        return sum(
            getattr(self, f).nbytes
            for f in ("altitude_m", "inclination_rad", "raan_rad", "arg_latitude_rad", "plane")
        )


def _check_counts(total: int, planes: int, phasing: int) -> None:
    if total < 1:
        raise ConstellationError(f"the number of satellites must be ≥ 1, got {total}")
    if planes < 1:
        raise ConstellationError(f"the number of planes must be ≥ 1, got {planes}")
    if total % planes:
        near = [p for p in range(max(1, planes - 5), planes + 6) if total % p == 0]
        raise ConstellationError(
            f"{planes} planes do not divide {total} satellites evenly; a Walker shell has the "
            f"same number in every plane (planes that divide {total} near {planes}: "
            f"{', '.join(map(str, near)) or 'none'})"
        )
    if not 0 <= phasing < planes:
        raise ConstellationError(
            f"the Walker phasing F must be an integer in 0 … planes−1 = {planes - 1}, got {phasing}"
        )


def walker(
    *,
    total: int,
    planes: int,
    phasing: int,
    altitude_m: float,
    inclination_rad: float,
    pattern: Pattern = "delta",
    raan0_rad: float = 0.0,
    epoch: np.datetime64 | str = "2027-01-01T00:00",
    name: str = "",
) -> Constellation:
    """A Walker shell i:T/P/F (Walker 1984).

    Plane p has node Ω_p = Ω₀ + p·ΔΩ with ΔΩ = 360°/P (delta) or 180°/P (star); satellite s
    of plane p has u = s·360°/S + p·F·360°/T (S = T/P satellites per plane).

    Raises
    ------
    ConstellationError
        Non-positive counts, planes that do not divide the satellites, F outside 0 … P−1,
        a non-positive altitude.
    """
    _check_counts(total, planes, phasing)
    if not altitude_m > 0.0:
        raise ConstellationError(f"the altitude must be > 0 m, got {altitude_m:g} m")
    if pattern not in ("delta", "star"):
        raise ConstellationError(f"unknown Walker pattern '{pattern}' (choose delta or star)")
    per_plane = total // planes
    spread = 2.0 * np.pi if pattern == "delta" else np.pi
    p = np.repeat(np.arange(planes, dtype=np.int32), per_plane)
    s = np.tile(np.arange(per_plane, dtype=np.float64), planes)
    raan = (raan0_rad + p * (spread / planes)) % (2.0 * np.pi)
    u = (s * (2.0 * np.pi / per_plane) + p * (phasing * 2.0 * np.pi / total)) % (2.0 * np.pi)
    return Constellation(
        altitude_m=np.full(total, float(altitude_m)),
        inclination_rad=np.full(total, float(inclination_rad)),
        raan_rad=np.asarray(raan, dtype=np.float64),
        arg_latitude_rad=np.asarray(u, dtype=np.float64),
        plane=p,
        epoch=as_datetime64(epoch),
        name=name,
    )


def ltan_to_raan_rad(ltan_h: float, epoch: np.datetime64 | str) -> float:
    """Node of a plane whose ascending node passes at local time ``ltan_h`` [h] (mean Sun):
    Ω = α_mean☉ + (LTAN − 12 h)·15°/h (Vallado 2013 §9.6)."""
    jd = sun.julian_date(as_datetime64(epoch))
    return float(sun.mean_sun_right_ascension_rad(jd)) + float(np.deg2rad((ltan_h - 12.0) * 15.0))


def sun_synchronous_shell(
    *,
    total: int,
    planes: int,
    phasing: int,
    altitude_m: float,
    ltan_h: float,
    pattern: Pattern = "star",
    epoch: np.datetime64 | str = "2027-01-01T00:00",
    name: str = "",
) -> Constellation:
    """A Walker shell at the sun-synchronous inclination, first plane at local time
    ``ltan_h`` of the ascending node. With one plane and LTAN 6 h (or 18 h) it is a dawn-dusk
    ring.

    Raises
    ------
    ConstellationError
        As :func:`walker`, and above ≈ 5,974 km where no sun-synchronous circular orbit exists.
    """
    if not 0.0 <= ltan_h < 24.0:
        raise ConstellationError(f"the local time of the node must be in [0, 24) h, got {ltan_h}")
    try:
        inc = float(kepler.sun_synchronous_inclination_rad(altitude_m))
    except ValueError as exc:
        raise ConstellationError(f"altitude {altitude_m / 1e3:g} km: {exc}") from None
    return walker(
        total=total,
        planes=planes,
        phasing=phasing,
        altitude_m=altitude_m,
        inclination_rad=inc,
        pattern=pattern,
        raan0_rad=ltan_to_raan_rad(ltan_h, epoch),
        epoch=epoch,
        name=name,
    )


def concatenate(parts: list[Constellation], name: str = "") -> Constellation:
    """Several shells as one constellation (same epoch); plane numbers are renumbered so
    they stay distinct."""
    if not parts:
        raise ConstellationError("no shells to join")
    epochs = {as_datetime64(p.epoch) for p in parts}
    if len(epochs) > 1:
        raise ConstellationError("shells with different epochs cannot be joined")
    offsets = np.cumsum([0] + [p.n_planes for p in parts[:-1]])
    return Constellation(
        np.concatenate([p.altitude_m for p in parts]),
        np.concatenate([p.inclination_rad for p in parts]),
        np.concatenate([p.raan_rad for p in parts]),
        np.concatenate([p.arg_latitude_rad for p in parts]),
        np.concatenate([p.plane + o for p, o in zip(parts, offsets, strict=True)]).astype(np.int32),
        parts[0].epoch,
        name,
    )

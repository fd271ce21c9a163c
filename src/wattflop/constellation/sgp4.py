"""Real catalogues: TLE / OMM element sets propagated with python-sgp4 (``SatrecArray``).

Also the bridge between SGP4 mean elements and :class:`~wattflop.constellation.shells.
Constellation` (near-circular orbits), used to compare the J2-secular propagator with SGP4
and as the speed baseline of ``benchmarks/constellation.py``.

References
----------
- Vallado, Crawford, Hujsak, Kelso, "Revisiting Spacetrack Report #3", AIAA 2006-6753
  (the SGP4 implemented by python-sgp4; positions in the TEME frame, km).
- CCSDS 502.0-B-3, Orbit Data Messages (OMM keys as read by ``sgp4.omm``).
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from sgp4 import omm
from sgp4.api import WGS72, Satrec, SatrecArray

from wattflop.constants import MU_EARTH_M3_S2, R_EARTH_M
from wattflop.constellation.shells import Constellation, as_datetime64
from wattflop.errors import WattflopError
from wattflop.orbit import kepler, sun

FloatArray = NDArray[np.float64]

#: SGP4's epoch origin: 1949 December 31 00:00 UT as a Julian date.
_JD_1949 = 2433281.5
#: WGS-72 constants of SGP4 (Vallado et al. 2006, ``getgravconst('wgs72')``).
_MU72_KM3_S2 = 398600.8
_R72_KM = 6378.135
_J2_72 = 0.001082616
_XKE = 60.0 / math.sqrt(_R72_KM**3 / _MU72_KM3_S2)  # [Earth radii^1.5 / min]


def kozai_mean_motion(brouwer_rad_min: FloatArray, inclination_rad: FloatArray) -> FloatArray:
    """SGP4's input (Kozai) mean motion whose Brouwer ("un-Kozai'd") mean motion, as SGP4
    recovers it at initialisation, is ``brouwer_rad_min`` (e = 0) [rad min⁻¹].

    Inverts SGP4's ``initl`` recovery (Vallado et al. 2006) by fixed-point iteration.
    """
    n = np.asarray(brouwer_rad_min, dtype=np.float64)
    d1 = 0.75 * _J2_72 * (3.0 * np.cos(inclination_rad) ** 2 - 1.0)
    k = n.copy()
    for _ in range(30):
        a1 = (_XKE / k) ** (2.0 / 3.0)
        de = d1 / a1**2
        adel = a1 * (1.0 - de / 3.0 - de**2 - 134.0 / 81.0 * de**3)
        de = d1 / adel**2
        k = n * (1.0 + de)
    return k


def brouwer_mean_motion(sat: Satrec) -> float:
    """SGP4's Brouwer mean motion of ``sat`` from its mean semi-major axis [rad min⁻¹]."""
    return float(_XKE / sat.a**1.5)


class ElementSetError(WattflopError):
    """A TLE or OMM record that cannot be read (the message names the record)."""


def read_tle(text: str, *, source: str = "<tle>") -> list[Satrec]:
    """Satellites from two-line (or three-line, with a name line) element sets."""
    lines = [ln.rstrip() for ln in text.splitlines() if ln.strip()]
    sats: list[Satrec] = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("1 ") and i + 1 < len(lines) and lines[i + 1].startswith("2 "):
            l1, l2 = lines[i], lines[i + 1]
            i += 2
        elif i + 2 < len(lines) and lines[i + 1].startswith("1 ") and lines[i + 2].startswith("2 "):
            l1, l2 = lines[i + 1], lines[i + 2]
            i += 3
        else:
            raise ElementSetError(
                f"{source}: line {i + 1} ({lines[i][:30]!r}) is not part of a two-line element "
                "set (expected a line starting '1 ' followed by one starting '2 ')"
            )
        sat = Satrec.twoline2rv(l1, l2)
        if sat.error:
            raise ElementSetError(f"{source}: element set {l1[2:7]!r}: SGP4 error {sat.error}")
        sats.append(sat)
    if not sats:
        raise ElementSetError(f"{source}: no element sets found")
    return sats


def read_omm_csv(text: str, *, source: str = "<omm>") -> list[Satrec]:
    """Satellites from a CCSDS OMM file in CSV form (as served by CelesTrak / Space-Track)."""
    sats: list[Satrec] = []
    for n, fields in enumerate(omm.parse_csv(io.StringIO(text)), start=2):
        sat = Satrec()
        try:
            omm.initialize(sat, fields)
        except (KeyError, ValueError) as exc:
            raise ElementSetError(f"{source}: row {n}: cannot read OMM field {exc}") from None
        sats.append(sat)
    if not sats:
        raise ElementSetError(f"{source}: no OMM records found")
    return sats


def read_elements(path: str | Path) -> list[Satrec]:
    """TLE (``.tle``/``.txt``) or OMM CSV (``.csv``) file → SGP4 satellites."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ElementSetError(f"{p}: cannot read ({exc.strerror or exc})") from None
    if p.suffix.lower() == ".csv" or text.lstrip().startswith("OBJECT_NAME"):
        return read_omm_csv(text, source=str(p))
    return read_tle(text, source=str(p))


def _epoch_jd(epoch: np.datetime64) -> tuple[float, float]:
    jd = float(sun.julian_date(as_datetime64(epoch)))
    whole = math.floor(jd - 0.5) + 0.5
    return whole, jd - whole


def satrecs_from_constellation(
    c: Constellation, *, index: Sequence[int] | None = None
) -> list[Satrec]:
    """SGP4 satellites with the constellation's circular elements (e = 0, no drag): Brouwer
    mean motion √(μ/a³) from the altitude (given to SGP4 as the equivalent Kozai mean
    motion), M = u, ω = 0, Ω and i as given, at its epoch."""
    jd, fr = _epoch_jd(c.epoch)
    epoch_days = jd + fr - _JD_1949
    idx: Iterable[int] = range(c.n_satellites) if index is None else index
    n_rad_min = kozai_mean_motion(
        np.asarray(kepler.mean_motion_rad_s(c.altitude_m)) * 60.0, c.inclination_rad
    )
    sats = []
    for k, i in enumerate(idx):
        s = Satrec()
        s.sgp4init(
            WGS72,
            "i",
            k % 100000,
            epoch_days,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            float(c.inclination_rad[i]),
            float(c.arg_latitude_rad[i]),
            float(n_rad_min[i]),
            float(c.raan_rad[i]),
        )
        sats.append(s)
    return sats


def constellation_from_satrecs(
    sats: Sequence[Satrec],
    *,
    epoch: np.datetime64 | str | None = None,
    max_eccentricity: float = 0.01,
) -> Constellation:
    """Near-circular SGP4 satellites as circular mean elements at ``epoch`` (default: the
    first satellite's epoch): a from SGP4's (Brouwer) mean motion, u = ω + M advanced with
    the J2 secular rates from each satellite's own epoch.

    Raises
    ------
    ElementSetError
        For an eccentricity above ``max_eccentricity`` (the circular model does not apply).
    """
    if not sats:
        raise ElementSetError("no satellites")
    ecc = np.array([s.ecco for s in sats])
    if float(ecc.max()) > max_eccentricity:
        bad = int(np.argmax(ecc))
        raise ElementSetError(
            f"satellite {sats[bad].satnum}: eccentricity {ecc[bad]:.4f} > {max_eccentricity}; "
            "the circular J2 model applies to near-circular orbits only (propagate this one "
            "with SGP4: propagate_sgp4)"
        )
    n = np.array([brouwer_mean_motion(s) for s in sats]) / 60.0  # [rad/s]
    a = (MU_EARTH_M3_S2 / n**2) ** (1.0 / 3.0)
    alt = a - R_EARTH_M
    inc = np.array([s.inclo for s in sats])
    jd_sat = np.array([s.jdsatepoch + s.jdsatepochF for s in sats])
    if epoch is None:
        jd0 = float(jd_sat[0])
        ep = as_datetime64("2000-01-01T12:00:00") + np.timedelta64(
            round((jd0 - 2451545.0) * 86400e9), "ns"
        )
    else:
        ep = as_datetime64(epoch)
        jd0 = float(sun.julian_date(ep))
    dt = (jd0 - jd_sat) * 86400.0
    raan = np.array([s.nodeo for s in sats]) + kepler.raan_rate_rad_s(alt, inc) * dt
    u = (
        np.array([s.argpo + s.mo for s in sats])
        + kepler.argument_of_latitude_rate_rad_s(alt, inc) * dt
    )
    return Constellation(
        altitude_m=np.asarray(alt, dtype=np.float64),
        inclination_rad=inc,
        raan_rad=np.mod(raan, 2 * np.pi),
        arg_latitude_rad=np.mod(u, 2 * np.pi),
        plane=np.zeros(len(sats), dtype=np.int32),
        epoch=ep,
    )


def propagate_sgp4(
    sats: Sequence[Satrec], epoch: np.datetime64, *, step_s: float, n_steps: int
) -> tuple[NDArray[np.float64], NDArray[np.uint8]]:
    """SGP4 positions (N, 3, T) in TEME [m] and error codes (N, T) (0 = fine) at ``n_steps``
    steps of ``step_s`` from ``epoch``, with ``SatrecArray``."""
    jd, fr = _epoch_jd(as_datetime64(epoch))
    frs = fr + np.arange(n_steps) * (step_s / 86400.0)
    jds = np.full(n_steps, jd)
    err, r, _ = SatrecArray(list(sats)).sgp4(jds, frs)
    return np.ascontiguousarray(np.transpose(r, (0, 2, 1))) * 1e3, err

"""View factor from a flat plate in orbit to the Earth.

The Earth is a sphere of radius R (``R_EARTH_M``) and the plate a differential planar element
at altitude h, i.e. at distance R + h from the centre. The tilt λ is the angle between the
plate's outward normal and the nadir direction (0: facing the Earth, π/2: edge-on, π: facing
zenith). With H = (R + h)/R and φ the angular radius of the Earth seen from the plate,
sin φ = R/(R + h) = 1/H:

- full view, λ ≤ π/2 − φ (the whole Earth disc is in front of the plate)::

      F = cos λ / H²

- partial view, π/2 − φ < λ < π/2 + φ (the plate's plane cuts the Earth disc)::

      F = 1/2 − (1/π)·asin(√(H² − 1)/(H sin λ))
          + [cos λ · acos(−√(H² − 1)·cot λ) − √(H² − 1)·√(1 − H² cos² λ)] / (π H²)

- no view, λ ≥ π/2 + φ::

      F = 0

The three pieces join continuously (at λ = π/2 ∓ φ the partial-view expression equals
sin³ φ and 0 respectively).

Numerics: as published, the partial-view expression loses about half its digits next to
λ = π/2 − φ (asin and acos of arguments → ±1, and √(1 − H² cos² λ) → 0, whose √-singular
parts cancel). It is evaluated here in an algebraically identical form. With 1/H = sin φ,
√(H² − 1)/H = cos φ and

    Q = sin² λ − cos² φ = (1 − H² cos² λ)/H² = −cos(λ − φ)·cos(λ + φ)  (≥ 0 in range),

one has asin(√(H²−1)/(H sin λ)) = atan2(cos φ, √Q), acos(−√(H²−1) cot λ) =
atan2(√Q, −cos φ cos λ) and √(H²−1)·√(1 − H² cos² λ)/H² = cos φ·√Q, so::

      F = 1/2 − atan2(cos φ, √Q)/π + [sin² φ cos λ · atan2(√Q, −cos φ cos λ) − cos φ √Q]/π

Every term is O(1) and computed to a few ulps, so F is accurate to ~1e-15 absolute across
the whole range, including h = 0 where it reduces to (1 + cos λ)/2.

References
----------
- Howell, J. R., Mengüç, M. P., Daun, K. & Siegel, R., *Thermal Radiation Heat Transfer*,
  7th ed. (CRC Press, 2020), catalogue of configuration factors, factor B-43 "arbitrarily
  oriented differential planar element to a sphere"; online catalogue
  http://www.thermalradiation.net/sectionb/B-43.html (formerly
  www.me.utexas.edu/~howell/sectionb/B-43.html).
- Thornton, E. A., *Thermal Structures for Aerospace Applications*, AIAA Education Series
  (AIAA, 1996), orbital heating: Earth view factor of a flat plate; same expression.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wattflop.constants import R_EARTH_M

FloatArray = NDArray[np.float64]

__all__ = ["earth_angular_radius_rad", "earth_view_factor", "earth_view_factor_two_sided"]


def _validate(h: FloatArray, lam: FloatArray) -> None:
    if np.any(h < 0.0):
        raise ValueError(f"altitude_m must be >= 0, got min {np.min(h)!r} m")
    if np.any((lam < 0.0) | (lam > np.pi)):
        raise ValueError(
            "tilt_rad is the angle between the plate normal and nadir and must lie in [0, π]; "
            f"got values in [{np.min(lam)!r}, {np.max(lam)!r}] rad"
        )


def earth_angular_radius_rad(altitude_m: ArrayLike) -> FloatArray:
    """Angular radius φ of the Earth seen from altitude h: sin φ = R/(R + h) [rad].

    Parameters
    ----------
    altitude_m : array_like
        Altitude above the (spherical, equatorial-radius) Earth [m], >= 0.

    Returns
    -------
    ndarray
        Half-angle of the cone that just contains the Earth [rad], in (0, π/2].
    """
    h = np.asarray(altitude_m, dtype=float)
    return np.asarray(np.arcsin(R_EARTH_M / (R_EARTH_M + h)), dtype=float)


def earth_view_factor(altitude_m: ArrayLike, tilt_rad: ArrayLike) -> FloatArray:
    """View factor from one face of a flat plate element in orbit to the Earth sphere [-].

    Exact closed form for a differential planar element to a sphere with the element tilted
    by λ from the direction to the sphere's centre (Howell et al., catalogue factor B-43;
    Thornton 1996). With H = (R + h)/R and sin φ = 1/H:

    - λ ≤ π/2 − φ: F = cos λ / H²
    - π/2 − φ < λ < π/2 + φ:
      F = 1/2 − asin(√(H²−1)/(H sin λ))/π
      + [cos λ·acos(−√(H²−1)·cot λ) − √(H²−1)·√(1 − H² cos² λ)]/(π H²)
    - λ ≥ π/2 + φ: F = 0

    The partial-view piece is evaluated in an algebraically identical, well-conditioned
    form (module docstring). The Earth is a sphere of radius ``R_EARTH_M`` (WGS-84
    equatorial radius). Inputs broadcast against each other.

    Parameters
    ----------
    altitude_m : array_like
        Altitude of the plate above the Earth's surface [m], >= 0.
    tilt_rad : array_like
        Angle between the face's outward normal and the nadir direction [rad], in [0, π]:
        0 faces the Earth, π/2 is edge-on (a "vertical" plate), π faces zenith.

    Returns
    -------
    ndarray
        Fraction of the diffuse radiation leaving the face that reaches the Earth, which
        equals the fraction of the face's hemisphere, cosine-weighted, filled by the
        Earth [-], in [0, 1]. A 0-d array for scalar inputs.

    Raises
    ------
    ValueError
        If an altitude is negative or a tilt lies outside [0, π].

    References
    ----------
    Howell, J. R., Mengüç, M. P., Daun, K. & Siegel, R., *Thermal Radiation Heat Transfer*,
    7th ed. (CRC Press, 2020), configuration factor B-43,
    http://www.thermalradiation.net/sectionb/B-43.html.
    Thornton, E. A., *Thermal Structures for Aerospace Applications* (AIAA, 1996).
    """
    h, lam = np.broadcast_arrays(
        np.asarray(altitude_m, dtype=float), np.asarray(tilt_rad, dtype=float)
    )
    _validate(h, lam)

    phi = earth_angular_radius_rad(h)
    lo = 0.5 * np.pi - phi
    hi = 0.5 * np.pi + phi
    sin2_phi = np.sin(phi) ** 2  # = 1/H²
    cos_phi = np.cos(phi)  # = √(H² − 1)/H

    full = np.cos(lam) * sin2_phi

    # Partial-view branch in a rearranged, well-conditioned form (see the module docstring),
    # evaluated on tilts clipped into its own range so every intermediate stays finite.
    lp = np.clip(lam, lo, hi)
    c = np.cos(lp)
    root_q = np.sqrt(np.maximum(-np.cos(lp - phi) * np.cos(lp + phi), 0.0))
    a1 = np.arctan2(cos_phi, root_q)
    a2 = np.arctan2(root_q, -cos_phi * c)
    partial = 0.5 - a1 / np.pi + (sin2_phi * c * a2 - cos_phi * root_q) / np.pi

    f = np.where(lam <= lo, full, np.where(lam >= hi, 0.0, partial))
    return np.asarray(np.clip(f, 0.0, 1.0), dtype=float)


def earth_view_factor_two_sided(
    altitude_m: ArrayLike, tilt_rad: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Earth view factors of the two faces of a thin flat plate [-].

    Face 1 has its outward normal at ``tilt_rad`` from nadir; face 2 points the opposite way,
    at π − tilt from nadir. Each is :func:`earth_view_factor` (Howell et al., factor B-43).
    Their sum never exceeds 2(1 − cos φ), the Earth's solid angle 2π(1 − cos φ) divided by π
    (because |cos θ| ≤ 1 in the projected-solid-angle integral).

    Parameters
    ----------
    altitude_m : array_like
        Altitude of the plate above the Earth's surface [m], >= 0.
    tilt_rad : array_like
        Angle between face 1's outward normal and the nadir direction [rad], in [0, π].

    Returns
    -------
    f_side1 : ndarray
        Earth view factor of face 1 [-].
    f_side2 : ndarray
        Earth view factor of face 2 [-].

    References
    ----------
    Howell, J. R., Mengüç, M. P., Daun, K. & Siegel, R., *Thermal Radiation Heat Transfer*,
    7th ed. (CRC Press, 2020), configuration factor B-43,
    http://www.thermalradiation.net/sectionb/B-43.html.
    """
    lam = np.asarray(tilt_rad, dtype=float)
    return earth_view_factor(altitude_m, lam), earth_view_factor(altitude_m, np.pi - lam)

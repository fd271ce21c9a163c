"""Physical constants used by wattflop, each with its source.

All values are SI.
"""

from __future__ import annotations

#: Earth gravitational parameter [m³ s⁻²] — WGS-84 / IERS Conventions (2010).
MU_EARTH_M3_S2 = 3.986004418e14
#: Earth equatorial radius [m] — WGS-84.
R_EARTH_M = 6_378_137.0
#: Earth second zonal harmonic J2 [-] — EGM96 (Lemoine et al. 1998), unnormalised.
J2 = 1.08263e-3
#: Sun radius [m] — IAU 2015 Resolution B3 nominal solar radius.
R_SUN_M = 6.957e8
#: Astronomical unit [m] — IAU 2012 Resolution B2.
AU_M = 1.495978707e11
#: Total solar irradiance at 1 au [W m⁻²] — Kopp & Lean 2011, GRL 38, L01706.
SOLAR_CONSTANT_W_M2 = 1361.0
#: Stefan–Boltzmann constant [W m⁻² K⁻⁴] — CODATA 2018.
SIGMA_W_M2_K4 = 5.670374419e-8
#: Standard gravity [m s⁻²] — CGPM 1901 / ISO 80000-3.
G0_M_S2 = 9.80665
#: Mean rate of the mean Sun in right ascension: 360° per tropical year of 365.2422 d
#: [rad s⁻¹] — the sun-synchronous node rate (definition; Vallado §9.6).
SUN_MEAN_MOTION_RAD_S = 2.0 * 3.141592653589793 / (365.2422 * 86400.0)
#: Julian year [s] — IAU.
YEAR_S = 365.25 * 86400.0
#: One twelfth of a Julian year [s]: the month of schedules (`deployment:` keys).
MONTH_S = YEAR_S / 12.0
#: Hours per Julian year (365.25 d) [h]: the year of the orbit's accounting and of every
#: per-year cost and accelerator-hour count (``YEAR_S`` / 3600).
HOURS_PER_JULIAN_YEAR = 365.25 * 24.0
#: Hours per weather year [h]: one non-leap year of hourly weather (365 d), the year the
#: ground site is simulated over hour by hour (its energies are sums over these hours).
HOURS_PER_WEATHER_YEAR = 365 * 24
#: Former name of :data:`HOURS_PER_JULIAN_YEAR`, ambiguous next to the weather year; kept only
#: until the last module importing it (orbit/site.py) moves to an explicit name.
HOURS_PER_YEAR = HOURS_PER_JULIAN_YEAR
#: Joules per megawatt-hour [J MWh⁻¹] (definition: 1 W·h = 3,600 J).
J_PER_MWH = 3.6e9
#: Joules per million British thermal units [J MMBtu⁻¹]: the ISO 31-4 Btu of 1,055.056 J
#: (pint's ``Btu``, which reads scenario files; :data:`wattflop.ground.network.J_PER_MMBTU`).
J_PER_MMBTU = 1.055056e9
#: Joules per kilowatt-hour [J kWh⁻¹].
J_PER_KWH = 3.6e6
#: Watts per megawatt [W MW⁻¹].
W_PER_MW = 1e6
#: Density of aluminium 6061 [kg m⁻³] — ASM Aerospace Specification Metals, Al 6061-T6.
RHO_ALUMINIUM_KG_M3 = 2700.0
#: Julian date of the J2000.0 epoch [d] — IAU.
JD_J2000 = 2451545.0

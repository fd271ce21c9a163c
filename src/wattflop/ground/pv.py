"""Hourly photovoltaic output of a weather year with pvlib's PVWatts model chain.

Output is normalised per kW of AC (inverter) capacity, so a plant of any size scales it: the
DC array is ``dc_ac_ratio`` kW per kW of inverter, and the inverter clips at 1 kW/kW_ac.

Model chain (``pvlib.modelchain.ModelChain.with_pvwatts``): Perez transposition, Fresnel
("physical") angle-of-incidence loss, no spectral loss, SAPM cell temperature with the
``open_rack_glass_polymer`` parameters (King et al. 2004: a = −3.56, b = −0.075, ΔT = 3 °C:
glass/backsheet modules on open racks or trackers), PVWatts DC power, one lumped PVWatts
system loss, PVWatts inverter (η_nom = 0.96, Dobos 2014).

Solar position is evaluated at the middle of each hour (``t + 30 min``): the weather rows are
hourly means over ``[t, t + 1 h)`` (see :mod:`wattflop.ground.weather`).

References
----------
- Dobos, A. P. (2014), *PVWatts Version 5 Manual*, NREL/TP-6A20-62641, doi:10.2172/1158421.
- King, D. L., Boyson, W. E., Kratochvil, J. A. (2004), *Photovoltaic Array Performance
  Model*, SAND2004-3535, doi:10.2172/919131 (cell temperature, table 1).
- Perez, R. et al. (1990), Modeling daylight availability and irradiance components from
  direct and global irradiance, Solar Energy 44, 271–289.
- Marion, W. F. and Dobos, A. P. (2013), *Rotation Angle for the Optimum Tracking of
  One-Axis Trackers*, NREL/TP-6A20-58891 (backtracking).
- Holmgren, W. F., Hansen, C. W., Mikofski, M. A. (2018), pvlib python: a python package for
  modeling solar energy systems, J. Open Source Software 3(29), 884.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd
import pvlib

from wattflop.ground.weather import Weather, quiet_pvlib_deprecations

Tracking = Literal["fixed", "single_axis"]

#: PVWatts default total system losses [%] (Dobos 2014, table 1: soiling 2, shading 3,
#: mismatch 2, wiring 2, connections 0.5, light-induced degradation 1.5, nameplate 1,
#: availability 3, combined multiplicatively).
PVWATTS_DEFAULT_LOSSES_PERCENT = 14.08
#: PVWatts nominal inverter efficiency [-] (Dobos 2014, eq. 10).
PVWATTS_INVERTER_EFFICIENCY = 0.96
#: SAPM cell-temperature parameters used for every array (King et al. 2004, table 1).
TEMPERATURE_MODEL_PARAMETERS: dict[str, float] = dict(
    pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"]["open_rack_glass_polymer"]
)
#: Ground albedo [-]: pvlib's default when no surface type is given.
DEFAULT_ALBEDO = 0.25


@dataclass(frozen=True)
class PVDesign:
    """Layout and electrical parameters of a PV plant.

    Attributes
    ----------
    tracking : {"fixed", "single_axis"}
        Fixed-tilt racking or a single-axis tracker.
    tilt_deg : float or None
        Fixed: module tilt from horizontal [deg], None → |latitude| of the site.
        Single axis: tilt of the tracker axis [deg], None → 0 (horizontal axis).
    azimuth_deg : float or None
        Fixed: compass direction the modules face [deg], east of north. Single axis:
        direction of the axis [deg]. None → equator-facing: 180 north of the equator, 0 south
        of it (a north–south tracker axis either way).
    dc_ac_ratio : float
        DC nameplate over inverter AC rating [-] (inverter loading ratio).
    losses_percent : float
        Total PVWatts DC system losses [%], applied as one lumped derate.
    gamma_pdc : float
        Temperature coefficient of DC power [1/°C].
    gcr : float
        Ground coverage ratio of tracker rows, for backtracking [-].
    max_angle_deg : float
        Tracker rotation limit either side of horizontal [deg].
    backtrack : bool
        Whether the tracker backtracks to avoid row-to-row shading.
    albedo : float
        Ground reflectance [-].
    """

    tracking: Tracking = "fixed"
    tilt_deg: float | None = None
    azimuth_deg: float | None = None
    dc_ac_ratio: float = 1.3
    losses_percent: float = PVWATTS_DEFAULT_LOSSES_PERCENT
    gamma_pdc: float = -0.0035
    gcr: float = 0.4
    max_angle_deg: float = 60.0
    backtrack: bool = True
    albedo: float = DEFAULT_ALBEDO

    def __post_init__(self) -> None:
        checks: list[tuple[bool, str]] = [
            (
                self.tracking in ("fixed", "single_axis"),
                "tracking must be 'fixed' or 'single_axis'",
            ),
            (self.tilt_deg is None or 0.0 <= self.tilt_deg <= 90.0, "tilt_deg must lie in [0, 90]"),
            (
                self.azimuth_deg is None or 0.0 <= self.azimuth_deg < 360.0,
                "azimuth_deg must lie in [0, 360)",
            ),
            (0.0 < self.dc_ac_ratio <= 5.0, "dc_ac_ratio must lie in (0, 5]"),
            (0.0 <= self.losses_percent < 100.0, "losses_percent must lie in [0, 100)"),
            (-0.02 <= self.gamma_pdc <= 0.0, "gamma_pdc must lie in [-0.02, 0] 1/°C"),
            (0.0 < self.gcr < 1.0, "gcr must lie in (0, 1)"),
            (0.0 < self.max_angle_deg <= 90.0, "max_angle_deg must lie in (0, 90]"),
            (0.0 <= self.albedo <= 1.0, "albedo must lie in [0, 1]"),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(f"PVDesign: {message} (got {self!r})")


def _mount(design: PVDesign, latitude: float) -> pvlib.pvsystem.AbstractMount:
    equator_facing = 180.0 if latitude >= 0.0 else 0.0
    azimuth = equator_facing if design.azimuth_deg is None else design.azimuth_deg
    if design.tracking == "fixed":
        tilt = abs(latitude) if design.tilt_deg is None else design.tilt_deg
        return pvlib.pvsystem.FixedMount(surface_tilt=tilt, surface_azimuth=azimuth)
    return pvlib.pvsystem.SingleAxisTrackerMount(
        axis_tilt=0.0 if design.tilt_deg is None else design.tilt_deg,
        axis_azimuth=azimuth,
        max_angle=design.max_angle_deg,
        backtrack=design.backtrack,
        gcr=design.gcr,
    )


def pv_power_per_kw_ac(weather: Weather, design: PVDesign) -> pd.DataFrame:
    """Hourly DC and AC power per kW of inverter capacity [kW/kW_ac].

    Parameters
    ----------
    weather : Weather
        One year of hourly weather at the site.
    design : PVDesign
        Plant layout and electrical parameters.

    Returns
    -------
    pandas.DataFrame
        Index ``weather.data.index`` [UTC]; columns ``dc`` (array output after the PVWatts
        losses, before the inverter) [kW/kW_ac] and ``ac`` (inverter output, in [0, 1])
        [kW/kW_ac]. Row ``t`` is the mean power over ``[t, t + 1 h)``, so the column sums are
        annual energies [kWh/kW_ac].
    """
    # All powers in W for a 1 kW_ac plant; the PVWatts inverter's pdc0 is its DC input limit
    # P_ac0 / η_nom (Dobos 2014, eq. 10), so it clips at exactly 1000 W AC.
    ac_rating_w = 1000.0
    array = pvlib.pvsystem.Array(
        mount=_mount(design, weather.latitude),
        albedo=design.albedo,
        module_parameters={"pdc0": design.dc_ac_ratio * ac_rating_w, "gamma_pdc": design.gamma_pdc},
        temperature_model_parameters=TEMPERATURE_MODEL_PARAMETERS,
    )
    # pvlib's PVWatts loss model multiplies ten categories and fills any that are absent with
    # its defaults; the total is passed as one category with the others at zero.
    categories = (
        "soiling",
        "shading",
        "snow",
        "mismatch",
        "wiring",
        "connections",
        "lid",
        "nameplate_rating",
        "age",
        "availability",
    )
    losses = dict.fromkeys(categories, 0.0)
    losses["soiling"] = design.losses_percent
    system = pvlib.pvsystem.PVSystem(
        arrays=[array],
        inverter_parameters={"pdc0": ac_rating_w / PVWATTS_INVERTER_EFFICIENCY},
        losses_parameters=losses,
    )
    location = pvlib.location.Location(
        weather.latitude, weather.longitude, tz="UTC", altitude=weather.altitude_m
    )
    inputs = weather.data[["ghi", "dni", "dhi", "temp_air", "wind_speed"]].copy()
    inputs.index = inputs.index + pd.Timedelta(minutes=30)
    with quiet_pvlib_deprecations():
        chain = pvlib.modelchain.ModelChain.with_pvwatts(system, location)
        chain.run_model(inputs)
    dc = pd.Series(chain.results.dc, dtype=float).fillna(0.0).to_numpy()
    ac = pd.Series(chain.results.ac, dtype=float).fillna(0.0).to_numpy()
    return pd.DataFrame({"dc": dc / ac_rating_w, "ac": ac / ac_rating_w}, index=weather.data.index)


def pv_ac_per_kw(
    weather: Weather,
    *,
    tracking: Tracking = "fixed",
    tilt_deg: float | None = None,
    azimuth_deg: float | None = None,
    dc_ac_ratio: float = 1.3,
    losses_percent: float = PVWATTS_DEFAULT_LOSSES_PERCENT,
    gamma_pdc: float = -0.0035,
    gcr: float = 0.4,
    max_angle_deg: float = 60.0,
    backtrack: bool = True,
) -> pd.Series:
    """Hourly AC output per kW of AC (inverter) capacity [kW/kW_ac], in [0, 1].

    PVWatts DC and inverter models through ``ModelChain.with_pvwatts``, SAPM open-rack
    cell temperature; see the module notes.

    Parameters
    ----------
    weather : Weather
        One year of hourly weather at the site.
    tracking : {"fixed", "single_axis"}
        Fixed-tilt racking or a single-axis tracker.
    tilt_deg : float or None
        Fixed: module tilt [deg], None → |latitude|. Single axis: axis tilt [deg], None → 0.
    azimuth_deg : float or None
        Module (fixed) or axis (tracker) azimuth, east of north [deg]; None → equator-facing
        (180 north of the equator, 0 south of it).
    dc_ac_ratio : float
        DC nameplate over inverter AC rating [-].
    losses_percent : float
        Total PVWatts system losses [%]; PVWatts' default is 14.08.
    gamma_pdc : float
        Temperature coefficient of DC power [1/°C].
    gcr : float
        Ground coverage ratio of tracker rows [-].
    max_angle_deg : float
        Tracker rotation limit [deg].
    backtrack : bool
        Tracker backtracking on or off.

    Returns
    -------
    pandas.Series
        Named ``"ac_kw_per_kw_ac"`` on ``weather.data.index`` [UTC]; the mean over each hour.

    Raises
    ------
    ValueError
        A parameter out of its physical range (see :class:`PVDesign`).
    """
    design = PVDesign(
        tracking=tracking,
        tilt_deg=tilt_deg,
        azimuth_deg=azimuth_deg,
        dc_ac_ratio=dc_ac_ratio,
        losses_percent=losses_percent,
        gamma_pdc=gamma_pdc,
        gcr=gcr,
        max_angle_deg=max_angle_deg,
        backtrack=backtrack,
    )
    return pv_power_per_kw_ac(weather, design)["ac"].rename("ac_kw_per_kw_ac")


def annual_yield_kwh_per_kwdc(weather: Weather, design: PVDesign | None = None) -> float:
    """Annual AC energy per kW of DC nameplate, the usual PVWatts "specific yield" [kWh/kW_dc].

    Parameters
    ----------
    weather : Weather
        One year of hourly weather at the site.
    design : PVDesign or None
        Plant layout; None → ``PVDesign()`` (fixed tilt at latitude, equator-facing).

    Returns
    -------
    float
        Σ AC [kWh/kW_ac] / dc_ac_ratio [kWh/kW_dc].
    """
    d = PVDesign() if design is None else design
    return float(pv_power_per_kw_ac(weather, d)["ac"].sum()) / d.dc_ac_ratio

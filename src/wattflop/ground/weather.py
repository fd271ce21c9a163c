"""Hourly weather years for ground sites: typical-year files and a clear-sky model.

A :class:`Weather` holds one non-leap year of hourly irradiance, air temperature and wind on a
UTC index, plus the site. :func:`read_weather` reads the common typical-meteorological-year
formats through pvlib's readers; :func:`clear_sky_weather` builds a year anywhere from the
Ineichen–Perez clear-sky model, a cloud derate and a sinusoidal temperature.

Conventions
-----------
- Row ``t`` of :attr:`Weather.data` is the mean over the hour ``[t, t + 1 h)`` in UTC
  (interval-beginning labels). TMY3 labels hours by their end (``01:00`` is 00:00–01:00);
  TMY2 and EPW by their hour number 1–24; both are relabelled here.
- A typical year stitches months from different years. Every row is re-stamped onto one
  reference year (month, day and hour kept, 29 February dropped), then the local-standard-time
  year is shifted to UTC. The few hours that spill past 31 December wrap around to 1 January
  (what pvlib does for PVGIS, ``pvlib.iotools.pvgis._coerce_and_roll_tmy``): a typical year
  has no true neighbour year, so that join is as good as any other month boundary. A time
  zone that is not a whole number of hours (e.g. UTC+5:30) is handled exactly for
  hour means: each UTC hour is the time-weighted mean of the two local hours it overlaps.

References
----------
- Wilcox, S. and Marion, W. (2008), *Users Manual for TMY3 Data Sets*, NREL/TP-581-43156,
  doi:10.2172/928611.
- Marion, W. and Urban, K. (1995), *User's Manual for TMY2s*, NREL, doi:10.2172/87130.
- EnergyPlus *Auxiliary Programs*, ch. 2 "Weather converter program" (EPW format).
- Huld, T., Müller, R., Gambardella, A. (2012), A new solar radiation database for
  estimating PV performance in Europe and Africa, Solar Energy 86, 1803–1815 (PVGIS).
- Sengupta, M. et al. (2018), The National Solar Radiation Data Base (NSRDB), Renewable and
  Sustainable Energy Reviews 89, 51–60.
- Ineichen, P. and Perez, R. (2002), A new airmass independent formulation for the Linke
  turbidity coefficient, Solar Energy 73, 151–157.
- Remund, J., Wald, L., Lefèvre, M., Ranchin, T., Page, J. (2003), Worldwide Linke turbidity
  information, ISES Solar World Congress (the climatology pvlib ships as LinkeTurbidities.h5).
"""

from __future__ import annotations

import calendar
import difflib
import math
import re
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pvlib
from numpy.typing import NDArray

from wattflop.constants import HOURS_PER_WEATHER_YEAR
from wattflop.errors import DataSourceError
from wattflop.scenario.files import check_file_allowed

FloatArray = NDArray[np.float64]

#: Year every typical-year row is re-stamped onto (any non-leap year works; 2027 is one).
REFERENCE_YEAR = 2027
#: Columns every :class:`Weather` carries, with their units.
REQUIRED_COLUMNS: dict[str, str] = {
    "ghi": "W/m²",
    "dni": "W/m²",
    "dhi": "W/m²",
    "temp_air": "°C",
    "wind_speed": "m/s",
}
#: Physical bounds used to catch missing-data flags (-9900, 9999, 99.9 …) [column unit].
#: Irradiance: hourly means cannot exceed the solar constant at perihelion (≈ 1408 W/m²,
#: Kopp & Lean 2011); air temperature: the recorded extremes −89.2 °C and 56.7 °C; wind:
#: hourly means above 75 m/s do not occur at weather stations.
VALID_RANGES: dict[str, tuple[float, float]] = {
    "ghi": (0.0, 1500.0),
    "dni": (0.0, 1500.0),
    "dhi": (0.0, 1500.0),
    "temp_air": (-90.0, 60.0),
    "wind_speed": (0.0, 75.0),
}
#: Where a weather year can come from.
KINDS = ("tmy3", "tmy2", "epw", "pvgis", "nsrdb", "clear_sky")

_PVLIB_DATA = Path(pvlib.__file__).parent / "data"

#: Names usable in scenarios → typical-year files shipped in pvlib's data folder.
#: greensboro: TMY3 723170 Greensboro Piedmont Triad Intl, NC (36.10 N, 79.95 W, 273 m);
#: sand_point: TMY3 703165 Sand Point, AK (55.32 N, 160.52 W, 7 m);
#: miami: TMY2 12839 Miami, FL (25.80 N, 80.27 W, 2 m).
BUNDLED: dict[str, str] = {
    "greensboro": str(_PVLIB_DATA / "723170TYA.CSV"),
    "sand_point": str(_PVLIB_DATA / "703165TY.csv"),
    "miami": str(_PVLIB_DATA / "12839.tm2"),
}

_FORMATS_HELP = (
    "EPW (.epw), TMY3 (.csv with a 'Date (MM/DD/YYYY)' header), TMY2 (.tm2), "
    "PVGIS TMY (.json or .csv from re.jrc.ec.europa.eu/pvg_tools) or "
    "NSRDB PSM3/PSM4 (.csv starting 'Source,Location ID,…')"
)


#: pandas 3 deprecates APIs pvlib 0.16 still calls (``DatetimeIndex.dayofyear`` …).
_PANDAS_DEPRECATION: type[Warning] = getattr(pd.errors, "Pandas4Warning", DeprecationWarning)


@contextmanager
def quiet_pvlib_deprecations() -> Iterator[None]:
    """Silence pandas' deprecation warnings raised from inside pvlib, and only those.

    pvlib 0.16 calls pandas APIs that pandas 3 deprecates (``Pandas4Warning``); they are not
    ours to fix and would fail tests run with warnings as errors. Any other warning, and any
    pandas deprecation raised from wattflop's own code, still surfaces.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=_PANDAS_DEPRECATION, module=r"pvlib(\.|$)")
        yield


class WeatherError(DataSourceError):
    """A weather file or clear-sky request that cannot give a valid weather year (a
    :class:`~wattflop.errors.DataSourceError`: the message names the file or request, the
    problem and a fix)."""


@dataclass(frozen=True, eq=False)
class Weather:
    """One non-leap year of hourly weather at a site.

    Attributes
    ----------
    data : pandas.DataFrame
        8760 hourly rows on a continuous tz-aware UTC index (one calendar year); row ``t`` is
        the mean over ``[t, t + 1 h)``. Columns ``ghi``, ``dni``, ``dhi`` [W m⁻²] (global
        horizontal, direct normal, diffuse horizontal irradiance), ``temp_air`` [°C] (dry-bulb
        air temperature) and ``wind_speed`` [m s⁻¹] (at the station's anemometer height,
        usually 10 m).
    latitude : float
        Site latitude, north positive [deg].
    longitude : float
        Site longitude, east positive [deg].
    altitude_m : float
        Site elevation above sea level [m].
    name : str
        Site name as the source gives it.
    source : str
        File path or model the year came from.
    kind : str
        One of :data:`KINDS`.

    Raises
    ------
    WeatherError
        When the frame is not one year of hourly UTC rows with the required columns, or holds
        NaN or values outside :data:`VALID_RANGES` (usually missing-data flags).
    """

    data: pd.DataFrame
    latitude: float
    longitude: float
    altitude_m: float
    name: str
    source: str
    kind: str

    def __post_init__(self) -> None:
        _validate(self)

    @property
    def annual_ghi_kwh_m2(self) -> float:
        """Global horizontal irradiation over the year [kWh m⁻²]."""
        return float(self.data["ghi"].sum()) / 1000.0


def _validate(w: Weather) -> None:
    src = w.source
    if w.kind not in KINDS:
        raise WeatherError(src, f"unknown weather kind {w.kind!r}", f"use one of {KINDS}")
    if not (-90.0 <= w.latitude <= 90.0) or not (-180.0 <= w.longitude <= 180.0):
        raise WeatherError(
            src,
            f"site at latitude {w.latitude} deg, longitude {w.longitude} deg is off the globe",
            "latitude must lie in [-90, 90] and longitude in [-180, 180] (east positive)",
        )
    df = w.data
    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        raise WeatherError(
            src,
            f"missing column(s) {missing}; found {list(map(str, df.columns))}",
            f"provide {list(REQUIRED_COLUMNS)} in {list(REQUIRED_COLUMNS.values())}",
        )
    if len(df) != HOURS_PER_WEATHER_YEAR:
        raise WeatherError(
            src,
            f"{len(df)} rows; a weather year has {HOURS_PER_WEATHER_YEAR} (hourly, 365 days)",
            "give one non-leap year of hourly rows",
        )
    idx = df.index
    if not isinstance(idx, pd.DatetimeIndex) or idx.tz is None or str(idx.tz) != "UTC":
        raise WeatherError(src, "index is not a tz-aware UTC DatetimeIndex", "tz_convert('UTC')")
    if not np.all(np.diff(idx.to_numpy()) == np.timedelta64(1, "h")):
        raise WeatherError(
            src, "index is not continuous hourly", "resample to hourly means, no gaps or repeats"
        )
    for col, (lo, hi) in VALID_RANGES.items():
        v = df[col].to_numpy(dtype=float)
        bad = ~np.isfinite(v) | (v < lo) | (v > hi)
        if np.any(bad):
            i = int(np.argmax(bad))
            raise WeatherError(
                src,
                f"column {col!r} [{REQUIRED_COLUMNS[col]}] has {int(bad.sum())} value(s) that "
                f"are NaN or outside [{lo:g}, {hi:g}], first at {idx[i]:%Y-%m-%d %H:%M} UTC "
                f"(value {v[i]!r})",
                "these are usually missing-data flags: fill those hours in the file "
                "(e.g. interpolate) or use another weather file",
            )


# ---------------------------------------------------------------------------------------------
# Reading files


@dataclass(frozen=True)
class _Parsed:
    """A file read by pvlib, before re-stamping: local standard time, interval-beginning."""

    data: pd.DataFrame  # REQUIRED_COLUMNS, SI units
    local_start: pd.DatetimeIndex  # naive local standard time at the start of each hour
    tz_hours: float  # local standard time − UTC [h]
    latitude: float
    longitude: float
    altitude_m: float
    name: str

    @classmethod
    def from_meta(
        cls, data: pd.DataFrame, local_start: pd.DatetimeIndex, meta: Any, name: str
    ) -> _Parsed:
        """From pvlib's metadata mapping in the TMY3/TMY2/EPW spelling (TZ, latitude, …)."""
        return cls(
            data,
            local_start,
            float(meta["TZ"]),
            float(meta["latitude"]),
            float(meta["longitude"]),
            float(meta["altitude"]),
            name,
        )


# File column names of the required quantities, per format (for the messages and renaming).
_TMY3_COLUMNS = {
    "ghi": "GHI (W/m^2)",
    "dni": "DNI (W/m^2)",
    "dhi": "DHI (W/m^2)",
    "temp_air": "Dry-bulb (C)",
    "wind_speed": "Wspd (m/s)",
}
_PVGIS_COLUMNS = {
    "ghi": "G(h)",
    "dni": "Gb(n)",
    "dhi": "Gd(h)",
    "temp_air": "T2m",
    "wind_speed": "WS10m",
}
_NSRDB_COLUMNS = {
    "ghi": "GHI",
    "dni": "DNI",
    "dhi": "DHI",
    "temp_air": "Temperature",
    "wind_speed": "Wind Speed",
}
_FORMAT_NAMES = {
    "tmy3": "TMY3",
    "tmy2": "TMY2",
    "epw": "EPW",
    "pvgis": "PVGIS TMY",
    "nsrdb": "NSRDB PSM",
}


def _select(df: pd.DataFrame, columns: dict[str, str], src: str, fmt: str) -> pd.DataFrame:
    """Required columns renamed to pvlib names; WeatherError naming any that are missing."""
    missing = [f for f in columns.values() if f not in df.columns]
    if missing:
        want = ", ".join(f"{name!r} ({q})" for q, name in columns.items())
        raise WeatherError(
            src,
            f"{fmt} file lacks column(s) {missing}; found {[str(c) for c in df.columns]}",
            f"a {fmt} file needs {want}; re-export it with those columns",
        )
    out = df[list(columns.values())].rename(columns={v: k for k, v in columns.items()})
    return out.astype(float)


def _naive(idx: pd.DatetimeIndex) -> pd.DatetimeIndex:
    return idx.tz_localize(None) if idx.tz is not None else idx


def _read_tmy3(path: Path, src: str) -> _Parsed:
    df, meta = pvlib.iotools.read_tmy3(path, map_variables=False)
    data = _select(df, _TMY3_COLUMNS, src, "TMY3")
    # TMY3 stamps the END of each hour: "01:00" is 00:00-01:00 and "24:00" is 23:00-24:00 of
    # the same date. Built from the file's own date and time columns (pvlib's index moves a
    # "02/28 24:00" of a leap year to 1 March, which would lose the hour).
    stamp = ["Date (MM/DD/YYYY)", "Time (HH:MM)"]
    if any(c not in df.columns for c in stamp):
        raise WeatherError(src, f"TMY3 file lacks {stamp}", "re-export it as a TMY3 CSV")
    date = pd.to_datetime(df[stamp[0]], format="%m/%d/%Y")
    hour_end = df[stamp[1]].str.split(":").str[0].astype(int)
    start = pd.DatetimeIndex(date + pd.to_timedelta(hour_end - 1, unit="h"))
    name = f"{str(meta['Name']).strip(chr(34))}, {meta['State']}"
    return _Parsed.from_meta(data, start, meta, name)


def _read_tmy2(path: Path, src: str) -> _Parsed:
    df, meta = pvlib.iotools.read_tmy2(str(path))
    cols = {"ghi": "GHI", "dni": "DNI", "dhi": "DHI", "temp_air": "DryBulb", "wind_speed": "Wspd"}
    data = _select(df, cols, src, "TMY2")
    # TMY2 stores temperature in tenths of °C and wind in tenths of m/s (Marion & Urban 1995,
    # table 3-2); irradiance is Wh/m² over the hour, i.e. the hour's mean in W/m².
    data["temp_air"] /= 10.0
    data["wind_speed"] /= 10.0
    # pvlib already maps hour h (1..24) to h-1: the start of the hour.
    start = _naive(pd.DatetimeIndex(df.index))
    name = f"{str(meta['City']).strip()}, {meta['State']}"
    return _Parsed.from_meta(data, start, meta, name)


def _read_epw(path: Path, src: str) -> _Parsed:
    df, meta = pvlib.iotools.read_epw(path)
    data = _select(df, {k: k for k in REQUIRED_COLUMNS}, src, "EPW")
    # pvlib maps EPW hour h (1..24, the hour ending at h) to h-1: the start of the hour.
    start = _naive(pd.DatetimeIndex(df.index))
    parts = [str(meta.get(k, "")).strip() for k in ("city", "state-prov", "country")]
    name = ", ".join(p for p in parts if p and p != "-")
    return _Parsed.from_meta(data, start, meta, name)


def _read_pvgis(path: Path, src: str) -> _Parsed:
    df, meta = pvlib.iotools.read_pvgis_tmy(path, map_variables=False)
    data = _select(df, _PVGIS_COLUMNS, src, "PVGIS TMY")
    inputs = meta["inputs"]
    loc = inputs.get("location", inputs)  # JSON nests the site under "location"; CSV does not
    # PVGIS TMY rows are stamped in UTC at the start of the hour ("20070101:0000").
    start = _naive(pd.DatetimeIndex(df.index).tz_convert("UTC"))
    lat, lon = float(loc["latitude"]), float(loc["longitude"])
    return _Parsed(
        data, start, 0.0, lat, lon, float(loc["elevation"]), f"PVGIS {lat:.3f}, {lon:.3f}"
    )


def _read_nsrdb(path: Path, src: str) -> _Parsed:
    df, meta = pvlib.iotools.read_nsrdb_psm4(path, map_variables=False)
    data = _select(df, _NSRDB_COLUMNS, src, "NSRDB")
    # NSRDB values are instantaneous at the stamp (minute 0 or 30): each is taken for the hour
    # that contains it, in the file's time zone ("Time Zone", 0 when requested in UTC).
    start = _naive(pd.DatetimeIndex(df.index)).floor("h")
    parts = [str(meta.get(k, "")).strip() for k in ("City", "State", "Country")]
    name = ", ".join(p for p in parts if p and p != "-") or f"NSRDB {meta.get('Location ID')}"
    return _Parsed(
        data,
        start,
        float(meta["Time Zone"]),
        float(meta["Latitude"]),
        float(meta["Longitude"]),
        float(meta["Elevation"]),
        name,
    )


_READERS: dict[str, Callable[[Path, str], _Parsed]] = {
    "tmy3": _read_tmy3,
    "tmy2": _read_tmy2,
    "epw": _read_epw,
    "pvgis": _read_pvgis,
    "nsrdb": _read_nsrdb,
}

# TMY2 header: "WBAN City State TZ N|S deg min E|W deg min elevation".
_TMY2_HEADER = re.compile(
    r"^\s*\d{5}\s+.*\s-?\d+\s+[NS]\s+\d+\s+\d+\s+[EW]\s+\d+\s+\d+\s+-?\d+\s*$"
)


def detect_format(path: str | Path) -> str:
    """Format of a weather file from its extension and first lines.

    Parameters
    ----------
    path : str or pathlib.Path
        An existing file.

    Returns
    -------
    str
        One of ``"epw"``, ``"tmy3"``, ``"tmy2"``, ``"pvgis"``, ``"nsrdb"``.

    Raises
    ------
    WeatherError
        When no supported format matches.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    with p.open("r", encoding="utf-8", errors="replace") as f:
        head = [f.readline() for _ in range(2)]
    first, second = head[0].lstrip("\ufeff"), head[1]
    if suffix == ".epw" or first.startswith("LOCATION,"):
        return "epw"
    if first.startswith("Source,") and "Location ID" in first:
        return "nsrdb"
    if first.startswith("Latitude (decimal degrees)"):
        return "pvgis"
    if "Date (MM/DD/YYYY)" in second and "Time (HH:MM)" in second:
        return "tmy3"
    if suffix == ".json":
        with p.open("r", encoding="utf-8", errors="replace") as f:
            text = f.read(200_000)
        if '"tmy_hourly"' in text:
            return "pvgis"
    if suffix == ".tm2" or _TMY2_HEADER.match(first):
        return "tmy2"
    raise WeatherError(
        str(p),
        f"unknown weather file format (extension {suffix or 'none'!r}, first line "
        f"{first.strip()[:60]!r})",
        f"give a file in one of the supported formats: {_FORMATS_HELP}",
    )


def _resolve(source: str | Path) -> tuple[Path, str]:
    """Path of a bundled name or a file; WeatherError with did-you-mean when neither exists."""
    key = str(source)
    if isinstance(source, str) and key in BUNDLED:
        return Path(BUNDLED[key]), f"{key} ({BUNDLED[key]})"
    check_file_allowed("location.weather", key)  # a server reads no paths from requests
    p = Path(source).expanduser()
    if p.is_file():
        return p, str(p)
    close = difflib.get_close_matches(key.lower(), list(BUNDLED), n=3, cutoff=0.6)
    close += [
        n for n in difflib.get_close_matches(p.stem.lower(), list(BUNDLED), n=3) if n not in close
    ]
    hint = f"did you mean {' or '.join(repr(c) for c in close)}? " if close else ""
    problem = "is a directory, not a weather file" if p.is_dir() else "no such file"
    raise WeatherError(
        key,
        f"weather {problem}, and not a bundled name",
        f"{hint}bundled names: {sorted(BUNDLED)}; or give the path to a file: {_FORMATS_HELP}",
    )


def read_weather(source: str | Path, *, year: int = REFERENCE_YEAR) -> Weather:
    """Read a typical-year weather file (or a bundled one by name) into a :class:`Weather`.

    Parameters
    ----------
    source : str or pathlib.Path
        A name in :data:`BUNDLED` (``"greensboro"``, ``"sand_point"``, ``"miami"``) or the path
        of an EPW, TMY3, TMY2, PVGIS TMY (JSON or CSV) or NSRDB PSM3/PSM4 (SAM CSV) file.
    year : int
        Non-leap reference year every row is re-stamped onto [year]; the result covers this
        calendar year in UTC.

    Returns
    -------
    Weather
        8760 hourly UTC rows; see the module notes for the time conventions.

    Raises
    ------
    WeatherError
        Missing file (with did-you-mean among the bundled names), unknown format, a file
        pvlib cannot parse, missing columns (named, with those found), a length other than
        8760 hours after dropping 29 February, duplicate hours, NaN or out-of-range values.

    Notes
    -----
    Formats are recognised by extension and header (:func:`detect_format`) and read with
    ``pvlib.iotools.read_epw``, ``read_tmy3``, ``read_tmy2``, ``read_pvgis_tmy`` and
    ``read_nsrdb_psm4`` (PSM3 downloads share its SAM-CSV layout; pvlib 0.16 dropped
    ``read_psm3``).
    """
    if calendar.isleap(year):
        raise WeatherError(str(source), f"reference year {year} is a leap year", "use e.g. 2027")
    path, src = _resolve(source)
    kind = detect_format(path)
    try:
        with quiet_pvlib_deprecations():
            parsed = _READERS[kind](path, src)
    except WeatherError:
        raise
    except (ValueError, KeyError, IndexError, TypeError, AttributeError, OSError) as exc:
        raise WeatherError(
            src,
            f"could not be read as {_FORMAT_NAMES[kind]}: {type(exc).__name__}: {exc}",
            f"check the file is a complete, unedited {_FORMAT_NAMES[kind]} file",
        ) from exc
    data = _one_year_utc(parsed, src, year)
    return Weather(
        data=data,
        latitude=parsed.latitude,
        longitude=parsed.longitude,
        altitude_m=parsed.altitude_m,
        name=parsed.name,
        source=src,
        kind=kind,
    )


_CUM_DAYS = np.concatenate(([0], np.cumsum([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])))


def _one_year_utc(parsed: _Parsed, src: str, year: int) -> pd.DataFrame:
    """Re-stamp onto ``year``, drop 29 Feb, check completeness and shift local time to UTC."""
    t = parsed.local_start
    month, day = np.asarray(t.month), np.asarray(t.day)
    keep = ~((month == 2) & (day == 29))
    n_leap = int((~keep).sum())
    month, day, hour = month[keep], day[keep], np.asarray(t.hour)[keep]
    values = parsed.data.to_numpy(dtype=float)[keep]
    n = len(values)
    dropped = f" after dropping {n_leap} rows of 29 February" if n_leap else ""
    if n != HOURS_PER_WEATHER_YEAR:
        raise WeatherError(
            src,
            f"{n} hourly rows{dropped}; a typical year has {HOURS_PER_WEATHER_YEAR} "
            f"(one per hour of a 365-day year)",
            "give a complete hourly year (sub-hourly files: average to hourly means first; "
            "multi-year files: cut one year)",
        )
    pos = (_CUM_DAYS[month - 1] + day - 1) * 24 + hour
    counts = np.bincount(pos, minlength=HOURS_PER_WEATHER_YEAR)
    if np.any(counts != 1):
        first = int(np.argmax(counts != 1))
        stamp = pd.Timestamp(year, 1, 1) + pd.Timedelta(hours=first)
        raise WeatherError(
            src,
            f"hour {stamp:%m-%d %H:00} (local standard time) appears {counts[first]} times; "
            "every hour of the year must appear exactly once",
            "the file mixes time stamps (duplicated or missing hours): fix or re-download it",
        )
    local = np.empty_like(values)
    local[pos] = values
    # UTC hour k covers local hours [k + tz, k + tz + 1): blend the two local hours it overlaps.
    tz = parsed.tz_hours
    whole = math.floor(tz)
    frac = tz - whole
    utc = np.roll(local, -whole, axis=0)
    if frac > 0.0:
        utc = (1.0 - frac) * utc + frac * np.roll(local, -(whole + 1), axis=0)
    index = pd.date_range(f"{year}-01-01", periods=HOURS_PER_WEATHER_YEAR, freq="h", tz="UTC")
    return pd.DataFrame(utc, index=index, columns=list(REQUIRED_COLUMNS))


# ---------------------------------------------------------------------------------------------
# Clear-sky year

#: Ratio of annual GHI in a TMY to the Ineichen clear-sky GHI (pvlib Linke turbidity
#: climatology, derate 1) at the same coordinates and elevation, both on this module's hourly
#: grid [-]. Greensboro NC, TMY3 723170: 1566.2 / 2027.2 kWh/m² = 0.773. Miami FL, TMY2 12839:
#: 1792.6 / 2189.0 kWh/m² = 0.819. (For contrast, maritime Sand Point AK, TMY3 703165:
#: 829.2 / 1568.6 = 0.529: cloudy high-latitude coasts need their own derate.) Recomputed in
#: tests/ground/test_weather.py.
CLOUD_DERATE_GREENSBORO = 0.773
CLOUD_DERATE_MIAMI = 0.819
#: Default cloud derate: the mean of the Greensboro and Miami calibrations above [-].
DEFAULT_CLOUD_DERATE = 0.796

#: Default temperature model [°C]: least-squares first harmonics of the Greensboro NC TMY3
#: (annual mean 14.4 °C; daily means: amplitude 11.4 °C, maximum on day 196; mean day in
#: local solar time: amplitude 4.2 °C, maximum at 14.7 h). Miami's TMY2 gives 24.3 °C,
#: 4.1 °C and 2.5 °C: set these three for the site at hand.
DEFAULT_TEMP_MEAN_C = 14.4
DEFAULT_TEMP_ANNUAL_AMPLITUDE_C = 11.4
DEFAULT_TEMP_DIURNAL_AMPLITUDE_C = 4.2
#: Day of year of the annual temperature maximum in the northern hemisphere (15 July) [day].
TEMP_PEAK_DAY_NORTH = 196.0
#: Local mean solar time of the daily temperature maximum [h].
TEMP_PEAK_SOLAR_HOUR = 15.0
#: Wind speed of the clear-sky year [m s⁻¹].
CLEAR_SKY_WIND_SPEED_M_S = 1.0


def sinusoidal_temperature_c(
    times_utc: pd.DatetimeIndex,
    latitude: float,
    longitude: float,
    *,
    temp_mean_c: float = DEFAULT_TEMP_MEAN_C,
    temp_annual_amplitude_c: float = DEFAULT_TEMP_ANNUAL_AMPLITUDE_C,
    temp_diurnal_amplitude_c: float = DEFAULT_TEMP_DIURNAL_AMPLITUDE_C,
) -> FloatArray:
    """Air temperature from one annual and one diurnal harmonic [°C].

    T = T̄ + A_y·cos(2π·(d − d_peak)/365) + A_d·cos(2π·(h_solar − 15)/24)

    with d the fractional day of year, d_peak = 196 (15 July) north of the equator and
    196 − 182.5 (mid January) south of it, and h_solar the local mean solar time
    (UTC + longitude/15 h; the equation of time, ≤ 16 min, is ignored).

    Parameters
    ----------
    times_utc : pandas.DatetimeIndex
        Times, tz-aware [UTC].
    latitude : float
        Site latitude, north positive [deg]; its sign picks the season.
    longitude : float
        Site longitude, east positive [deg].
    temp_mean_c : float
        Annual mean temperature T̄ [°C].
    temp_annual_amplitude_c : float
        Amplitude A_y of the annual cycle of daily means (about half the July–January
        difference) [°C].
    temp_diurnal_amplitude_c : float
        Amplitude A_d of the mean daily cycle (about half the mean daily range) [°C].

    Returns
    -------
    numpy.ndarray
        Temperature at each time [°C].

    Notes
    -----
    The defaults are the first-harmonic fit to the Greensboro NC TMY3 (see
    DEFAULT_TEMP_MEAN_C); that fit puts the annual maximum on day 196 and the daily maximum
    at 14.7 h solar time, which is why 15 July and 15:00 are used.
    """
    t = pd.DatetimeIndex(times_utc).tz_convert("UTC")
    hours_utc = np.asarray(t.hour + t.minute / 60.0, dtype=float)
    day = np.asarray(t.day_of_year, dtype=float) - 1.0 + hours_utc / 24.0
    peak = TEMP_PEAK_DAY_NORTH if latitude >= 0.0 else TEMP_PEAK_DAY_NORTH - 182.5
    solar_hour = (hours_utc + longitude / 15.0) % 24.0
    annual = temp_annual_amplitude_c * np.cos(2.0 * np.pi * (day - peak) / 365.0)
    diurnal = temp_diurnal_amplitude_c * np.cos(
        2.0 * np.pi * (solar_hour - TEMP_PEAK_SOLAR_HOUR) / 24.0
    )
    return np.asarray(temp_mean_c + annual + diurnal, dtype=float)


def clear_sky_weather(
    latitude: float,
    longitude: float,
    *,
    altitude_m: float | None = None,
    year: int = REFERENCE_YEAR,
    cloud_derate: float = DEFAULT_CLOUD_DERATE,
    temp_mean_c: float = DEFAULT_TEMP_MEAN_C,
    temp_annual_amplitude_c: float = DEFAULT_TEMP_ANNUAL_AMPLITUDE_C,
    temp_diurnal_amplitude_c: float = DEFAULT_TEMP_DIURNAL_AMPLITUDE_C,
) -> Weather:
    """A weather year anywhere: derated clear sky, sinusoidal temperature, 1 m/s wind.

    Irradiance is pvlib's Ineichen–Perez clear sky (``Location.get_clearsky(model="ineichen")``)
    with the monthly Linke turbidity that pvlib looks up in its bundled climatology
    (LinkeTurbidities.h5, Remund et al. 2003), evaluated at the middle of each hour; GHI, DNI
    and DHI are all multiplied by ``cloud_derate``. Temperature is
    :func:`sinusoidal_temperature_c`, also at mid-hour.

    Parameters
    ----------
    latitude : float
        Site latitude, north positive [deg].
    longitude : float
        Site longitude, east positive [deg].
    altitude_m : float or None
        Site elevation [m]; None looks it up in pvlib's bundled elevation map (Altitude.h5).
    year : int
        Non-leap calendar year of the UTC index [year].
    cloud_derate : float
        Fraction of clear-sky irradiance that reaches the ground on average [-], in (0, 1].
        The default 0.796 is the mean of two calibrations of annual TMY GHI over annual
        clear-sky GHI (this function with derate 1 at the TMY's coordinates and elevation):
        0.773 at Greensboro NC (TMY3 723170, 1566 / 2027 kWh/m²) and 0.819 at Miami FL
        (TMY2 12839, 1793 / 2189 kWh/m²). Cloudy maritime sites are far lower (Sand Point AK:
        0.529). A uniform derate keeps the clear-sky beam fraction, so it overstates the gain
        of tracking over fixed tilt under real clouds.
    temp_mean_c : float
        Annual mean air temperature [°C].
    temp_annual_amplitude_c : float
        Amplitude of the annual temperature cycle [°C].
    temp_diurnal_amplitude_c : float
        Amplitude of the daily temperature cycle [°C].

    Returns
    -------
    Weather
        ``kind="clear_sky"``.

    Raises
    ------
    WeatherError
        Off-globe coordinates, a leap year, a derate outside (0, 1] or negative amplitudes.
    """
    src = f"clear_sky(latitude={latitude}, longitude={longitude}, cloud_derate={cloud_derate:.3f})"
    if not (-90.0 <= latitude <= 90.0) or not (-180.0 <= longitude <= 180.0):
        raise WeatherError(
            src,
            "coordinates are off the globe",
            "latitude must lie in [-90, 90] and longitude in [-180, 180] (east positive)",
        )
    if calendar.isleap(year):
        raise WeatherError(src, f"year {year} is a leap year", "use a non-leap year, e.g. 2027")
    if not (0.0 < cloud_derate <= 1.0):
        raise WeatherError(
            src,
            f"cloud_derate {cloud_derate} is outside (0, 1]",
            f"use the fraction of clear-sky irradiance that arrives, e.g. the default "
            f"{DEFAULT_CLOUD_DERATE:.3f}",
        )
    if temp_annual_amplitude_c < 0.0 or temp_diurnal_amplitude_c < 0.0:
        raise WeatherError(src, "temperature amplitudes must be ≥ 0", "give magnitudes in °C")
    index = pd.date_range(f"{year}-01-01", periods=HOURS_PER_WEATHER_YEAR, freq="h", tz="UTC")
    mid = index + pd.Timedelta(minutes=30)
    location = pvlib.location.Location(latitude, longitude, tz="UTC", altitude=altitude_m)
    with quiet_pvlib_deprecations():
        cs = location.get_clearsky(mid, model="ineichen")
    data = pd.DataFrame(index=index)
    for col in ("ghi", "dni", "dhi"):
        data[col] = cloud_derate * cs[col].to_numpy(dtype=float)
    data["temp_air"] = sinusoidal_temperature_c(
        mid,
        latitude,
        longitude,
        temp_mean_c=temp_mean_c,
        temp_annual_amplitude_c=temp_annual_amplitude_c,
        temp_diurnal_amplitude_c=temp_diurnal_amplitude_c,
    )
    data["wind_speed"] = CLEAR_SKY_WIND_SPEED_M_S
    return Weather(
        data=data,
        latitude=float(latitude),
        longitude=float(longitude),
        altitude_m=float(location.altitude),
        name=f"clear sky {latitude:.3f}, {longitude:.3f}",
        source=src,
        kind="clear_sky",
    )

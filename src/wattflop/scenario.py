"""Scenario files: YAML with units → validated pydantic models with SI floats.

This is the only place that parses text. Unknown keys are rejected; every field has a
description, a unit and physical bounds; the source of every default is in its description.
:func:`load_scenario` turns every mistake into a :class:`~wattflop.errors.ScenarioError` that
names the file, line, key path, value, expectation and a suggestion.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from wattflop import catalog
from wattflop.catalog import Accelerator, BatteryTech, LaunchVehicle, SolarCell
from wattflop.errors import Problem, ScenarioError
from wattflop.quantity import Q, U


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class Boundary(StrEnum):
    """Which costs count. Published analyses differ exactly here.

    - ``launch_only``: launching the whole fleet, nothing else;
    - ``energy_only``: the power system (array, battery, power electronics) and its launch;
    - ``power_and_cooling``: energy_only plus radiators and their launch;
    - ``full``: everything, accelerators included (they usually dominate).
    """

    LAUNCH_ONLY = "launch_only"
    ENERGY_ONLY = "energy_only"
    POWER_AND_COOLING = "power_and_cooling"
    FULL = "full"


class Workload(_Model):
    """The compute to be powered."""

    accelerator: str = Field(
        description="Accelerator name from the catalogue (`wattflop catalog`) or the scenario's own `catalog.accelerators`."
    )
    it_power: Annotated[
        float,
        Q(
            "W",
            gt=0,
            le=1e12,
            show="MW",
            description="Target IT power of the whole fleet, at the accelerators' system power (accelerators + their server share)",
        ),
    ]
    utilisation: Annotated[
        float,
        Q(
            "",
            gt=0,
            le=1,
            description="Delivered fraction of peak FLOP/s while running (model FLOPs utilisation). Default 0.40: Llama 3 405B pre-training reached 38–43 % BF16 MFU (Meta, The Llama 3 Herd of Models, 2024, Table 4)",
        ),
    ] = 0.40


class ShadowModel(StrEnum):
    CONICAL = "conical"
    CYLINDRICAL = "cylindrical"


class SolarActivity(StrEnum):
    LOW = "low"
    MEAN = "mean"
    HIGH = "high"


_LTAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


class Orbit(_Model):
    """A circular orbit, inclined or sun-synchronous."""

    altitude: Annotated[
        float,
        Q(
            "m",
            ge=200e3,
            le=1500e3,
            show="km",
            why="below 200 km a compute satellite decays in days; the radiation table ends at 1,500 km",
            description="Circular orbit altitude above the equatorial radius",
        ),
    ]
    sun_synchronous: bool = Field(
        False, description="Inclination from J2 so the orbit plane keeps its angle to the Sun."
    )
    ltan: float | None = Field(
        None,
        description='Local time of the ascending node for a sun-synchronous orbit, "HH:MM" [h]; dawn-dusk = "06:00" or "18:00".',
        json_schema_extra={"examples": ["06:00"]},
    )
    inclination: (
        Annotated[
            float,
            Q(
                "rad",
                ge=0,
                le=3.14159265358979,
                show="deg",
                description="Inclination (orbits that are not sun-synchronous)",
            ),
        ]
        | None
    ) = None
    raan: Annotated[
        float,
        Q(
            "rad",
            ge=-6.3,
            le=6.3,
            show="deg",
            description="Right ascension of the ascending node at the epoch (orbits that are not sun-synchronous)",
        ),
    ] = U("0 deg")
    epoch: dt.datetime = Field(
        dt.datetime(2027, 1, 1, tzinfo=dt.UTC), description="Start of the simulated year (UTC)."
    )
    shadow: ShadowModel = Field(
        ShadowModel.CONICAL,
        description="Earth shadow model: conical (umbra and penumbra, Montenbruck & Gill §3.4.2) or cylindrical.",
    )
    time_step: Annotated[
        float, Q("s", ge=1, le=60, description="Step of the year-long simulation")
    ] = U("60 s")
    solar_activity: SolarActivity = Field(
        SolarActivity.MEAN, description="Solar activity level for atmospheric density (drag)."
    )

    @field_validator("ltan", mode="before")
    @classmethod
    def _parse_ltan(cls, v: object) -> object:
        if isinstance(v, str):
            m = _LTAN.match(v)
            if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
                raise ValueError(
                    'write the local time of the ascending node as "HH:MM" (hours 00-23, '
                    'minutes 00-59), e.g. "06:00"'
                )
            return int(m.group(1)) + int(m.group(2)) / 60.0
        if isinstance(v, int | float) and not isinstance(v, bool):
            if 0 <= v < 24:
                return float(v)  # hours
            if isinstance(v, int) and 24 <= v < 24 * 60:
                # a YAML 1.1 loader (yaml.safe_load, not ours) reads an unquoted 6:00 as the
                # sexagesimal integer 360 (minutes)
                return v / 60.0
        return v

    @model_validator(mode="after")
    def _orbit_kind(self) -> Orbit:
        problems = []
        if self.sun_synchronous:
            if self.ltan is None:
                problems.append(
                    Problem(
                        "ltan",
                        'a sun-synchronous orbit needs `ltan`, e.g. ltan: "06:00" (dawn-dusk)',
                    )
                )
            if self.inclination is not None:
                problems.append(
                    Problem(
                        "inclination",
                        "a sun-synchronous orbit's inclination follows from J2: remove `inclination` "
                        "or set sun_synchronous: false",
                    )
                )
        elif self.inclination is None:
            problems.append(
                Problem(
                    "inclination",
                    "give `inclination` (e.g. 53 deg), or set sun_synchronous: true with an `ltan`",
                )
            )
        if self.ltan is not None and not 0.0 <= self.ltan < 24.0:
            problems.append(
                Problem(
                    "ltan",
                    f"ltan must be between 00:00 and 23:59 (got {self.ltan:g} h)",
                    hint='write it as "HH:MM", e.g. "06:00"',
                )
            )
        if problems:
            raise _ProblemsError(problems)
        if self.epoch.tzinfo is None:
            object.__setattr__(self, "epoch", self.epoch.replace(tzinfo=dt.UTC))
        return self


class Pointing(StrEnum):
    SUN_TRACKING = "sun_tracking"
    ORBIT_NORMAL = "orbit_normal"


class EclipseStrategy(StrEnum):
    BATTERY = "battery"
    THROTTLE = "throttle"


class SparesPolicy(StrEnum):
    COLD_SPARES = "cold_spares"
    NONE = "none"


class Array(_Model):
    """The solar array."""

    cell: str = Field(
        "triple-junction",
        description="Solar-cell technology from the catalogue or `catalog.solar_cells`.",
    )
    packing_factor: Annotated[
        float,
        Q(
            "",
            gt=0,
            le=1,
            description="Fraction of array area covered by active cells. Default 0.90: typical for flexible blanket arrays (assumption)",
        ),
    ] = 0.90
    pointing: Pointing = Field(
        Pointing.SUN_TRACKING,
        description="sun_tracking: the array normal follows the Sun; orbit_normal: fixed along the orbit normal (cos incidence = |sin β|).",
    )
    specific_power: (
        Annotated[
            float,
            Q(
                "W/kg",
                gt=0,
                le=1e4,
                description="Override the cell technology's areal density with a wing specific power (BOL electric output at 1 au per kg of wing)",
            ),
        ]
        | None
    ) = None
    margin: Annotated[
        float,
        Q(
            "",
            ge=0,
            le=1,
            description="End-of-life power margin over the computed need. Default 0.05 (assumption; covers step discretisation and penumbra)",
        ),
    ] = 0.05


class Battery(_Model):
    """The battery that carries the loads through eclipse."""

    technology: str = Field(
        "li-ion", description="Battery technology from the catalogue or `catalog.batteries`."
    )
    max_depth_of_discharge: Annotated[
        float,
        Q(
            "",
            gt=0,
            le=1,
            description="Upper bound on depth of discharge; cycle life may impose a lower one",
        ),
    ] = 0.8


class Radiator(_Model):
    """Radiator panels that reject the heat of compute and power conversion."""

    temperature: Annotated[
        float,
        Q(
            "K",
            gt=150,
            le=600,
            show="degC",
            description="Radiating surface temperature. Default 20 °C as in the Starcloud white paper",
        ),
    ] = U("20 degC")
    emissivity: Annotated[
        float,
        Q("", gt=0, le=1, description="Infrared emissivity. Default 0.92 (Starcloud white paper)"),
    ] = 0.92
    solar_absorptance: Annotated[
        float,
        Q(
            "",
            ge=0,
            le=1,
            description="Solar absorptance. Default 0.09 (Starcloud white paper; white paint / OSR class)",
        ),
    ] = 0.09
    n_sides: int = Field(2, ge=1, le=2, description="Radiating faces per panel [-].")
    areal_density: Annotated[
        float,
        Q(
            "kg/m^2",
            gt=0,
            le=50,
            description="Mass per unit panel area, including fluid loop share. Default 5 kg/m²: middle of the 2–10 kg/m² range (Turyshev, arXiv:2604.27197)",
        ),
    ] = U("5 kg/m^2")
    tilt: Annotated[
        float,
        Q(
            "rad",
            ge=0,
            le=3.14159265358979,
            show="deg",
            description="Angle between panel normal and nadir (90° = edge-on to the Earth)",
        ),
    ] = U("90 deg")
    sun_incidence_cos: Annotated[
        float,
        Q(
            "",
            ge=0,
            le=1,
            description="Cosine of the Sun's incidence on the panel (0: kept edge-on to the Sun)",
        ),
    ] = 0.0
    coolant_delta_t: Annotated[
        float,
        Q(
            "K",
            ge=0,
            le=200,
            description="Temperature drop from coolant supply to radiating surface (loop and heat exchanger). Default 10 K (assumption)",
        ),
    ] = U("10 K")
    price_per_m2: Annotated[
        float,
        Q(
            "USD/m^2",
            ge=0,
            le=1e7,
            description="Manufacturing price per panel area. Default 3,000 USD/m² (assumption; no public price for deployable radiators)",
        ),
    ] = U("3000 USD/m^2")


class Shielding(_Model):
    """Aluminium-equivalent shield around the compute."""

    thickness: Annotated[
        float,
        Q(
            "m",
            ge=1e-3,
            le=30e-3,
            show="mm",
            why="the dose fit is valid for 1–30 mm Al",
            description="Equivalent aluminium thickness",
        ),
    ] = U("5 mm")
    area_per_power: Annotated[
        float,
        Q(
            "m^2/W",
            gt=0,
            le=0.01,
            show="m^2/kW",
            description="Enclosed surface area per watt of IT. Default 0.18 m²/kW: DGX H100 chassis 897×482×356 mm (NVIDIA datasheet) = 1.86 m² for 10.2 kW",
        ),
    ] = U("0.18 m^2/kW")


class Propulsion(_Model):
    """Station keeping against drag."""

    isp: Annotated[
        float,
        Q(
            "s",
            gt=0,
            le=1e4,
            description="Specific impulse. Default 1,500 s: Hall-effect thrusters (Goebel & Katz, Fundamentals of Electric Propulsion, 2008)",
        ),
    ] = U("1500 s")
    drag_coefficient: Annotated[
        float,
        Q(
            "",
            gt=0,
            le=5,
            description="Drag coefficient. Default 2.2 for flat plates in free-molecular flow (Vallado §8.6)",
        ),
    ] = 2.2
    bus_frontal_area: Annotated[
        float,
        Q(
            "m^2",
            ge=0,
            le=1e4,
            description="Frontal area of the bus body apart from array and radiator. Default 2 m² (assumption)",
        ),
    ] = U("2 m^2")


class Satellite(_Model):
    """One compute satellite."""

    it_power: Annotated[
        float,
        Q(
            "W",
            gt=0,
            le=1e9,
            show="kW",
            description="IT power per satellite (accelerators at their system power)",
        ),
    ]
    bus_power_fraction: Annotated[
        float,
        Q(
            "",
            ge=0,
            le=1,
            description="Avionics, attitude control and pumps as a fraction of IT power. Default 0.05 (assumption)",
        ),
    ] = 0.05
    eclipse_strategy: EclipseStrategy = Field(
        EclipseStrategy.BATTERY,
        description="battery: batteries carry compute through the longest eclipse; throttle: compute stops in eclipse (battery only for the bus).",
    )
    spares_policy: SparesPolicy = Field(
        SparesPolicy.COLD_SPARES,
        description="cold_spares: launch enough unpowered spare accelerators that the expected working count stays at target for the whole life (spares cost mass and money, availability stays whole); none: the fleet decays and availability drops. One policy for cost and availability: never both.",
    )
    array: Array = Field(default_factory=Array)
    battery: Battery = Field(default_factory=Battery)
    radiator: Radiator = Field(default_factory=Radiator)
    shielding: Shielding = Field(default_factory=Shielding)
    propulsion: Propulsion = Field(default_factory=Propulsion)
    pmad_efficiency: Annotated[
        float,
        Q(
            "",
            gt=0,
            le=1,
            description="Power management and distribution efficiency from array to loads. Default 0.95 (assumption)",
        ),
    ] = 0.95
    pmad_specific_mass: Annotated[
        float,
        Q(
            "kg/W",
            ge=0,
            le=0.1,
            show="kg/kW",
            description="Power electronics mass per watt of array power. Default 2 kg/kW (assumption)",
        ),
    ] = U("2 kg/kW")
    pmad_price_per_watt: Annotated[
        float,
        Q(
            "USD/W",
            ge=0,
            le=1e4,
            description="Power electronics price per watt. Default 5 USD/W (assumption)",
        ),
    ] = U("5 USD/W")
    isl_terminals: int = Field(
        4, ge=0, le=64, description="Optical inter-satellite link terminals [-] (+Grid: 4)."
    )
    isl_terminal_mass: Annotated[
        float,
        Q(
            "kg",
            ge=0,
            le=1e3,
            description="Mass per link terminal. Default 15 kg (assumption, CONDOR Mk3-class terminal)",
        ),
    ] = U("15 kg")
    isl_terminal_power: Annotated[
        float,
        Q("W", ge=0, le=1e4, description="Power per link terminal. Default 150 W (assumption)"),
    ] = U("150 W")
    isl_terminal_price: Annotated[
        float,
        Q(
            "USD",
            ge=0,
            le=1e8,
            description="Price per link terminal. Default 100,000 USD (assumption; mass-produced optical terminal, no public price)",
        ),
    ] = U("100000 USD")
    structure_fraction: Annotated[
        float,
        Q(
            "",
            ge=0,
            lt=0.9,
            description="Structure and mechanisms as a fraction of dry mass. Default 0.20 (Wertz & Larson, SMAD 3rd ed., Table 10-? typical 15–25 %; assumption)",
        ),
    ] = 0.20
    bus_price_per_kg: Annotated[
        float,
        Q(
            "USD/kg",
            ge=0,
            le=1e7,
            description="Manufacturing price of structure, shielding and propulsion per kg. Default 1,000 USD/kg (assumption; Starlink-class mass production)",
        ),
    ] = U("1000 USD/kg")
    stowed_density: Annotated[
        float,
        Q(
            "kg/m^3",
            gt=0,
            le=5000,
            description="Satellite mass per stowed volume in the fairing. Default 107 kg/m³: 60 Starlink v1 (260 kg each) in a 145 m³ Falcon 9 fairing",
        ),
    ] = U("107 kg/m^3")


class LaunchPricing(StrEnum):
    PER_KG = "per_kg"
    PER_LAUNCH = "per_launch"


class Launch(_Model):
    """How the fleet gets to orbit."""

    vehicle: str = Field(
        "starship", description="Launch vehicle from the catalogue or `catalog.launch_vehicles`."
    )
    price_per_kg: (
        Annotated[
            float, Q("USD/kg", ge=0, le=1e6, description="Override the vehicle's price per kg")
        ]
        | None
    ) = None
    pricing: LaunchPricing = Field(
        LaunchPricing.PER_LAUNCH,
        description="per_launch: each launch costs the whole vehicle (payload × price per kg); per_kg: pay only for the mass flown.",
    )


class Economics(_Model):
    """Money."""

    discount_rate: Annotated[
        float,
        Q(
            "",
            ge=0,
            le=1,
            description="Real discount rate per year. Default 0.07 (US OMB Circular A-94, 1992 base case)",
        ),
    ] = 0.07
    satellite_life: Annotated[
        float,
        Q(
            "s",
            gt=0,
            le=50 * 3.15576e7,
            show="yr",
            description="Design life of a satellite; accelerators in orbit share it (no repair)",
        ),
    ] = U("5 yr")
    operations_per_satellite_year: Annotated[
        float,
        Q(
            "USD/s",
            ge=0,
            le=1e3,
            show="USD/yr",
            description="Operations cost per satellite per year. Default 20,000 USD/yr (assumption)",
        ),
    ] = U("20000 USD/yr")
    boundary: Boundary = Field(
        Boundary.FULL,
        description="Which costs count: launch_only, energy_only, power_and_cooling, full.",
    )


class UserCatalog(_Model):
    """Entries defined in the scenario; they take precedence over bundled ones of the same name."""

    accelerators: dict[str, Accelerator] = Field(default_factory=dict)
    launch_vehicles: dict[str, LaunchVehicle] = Field(default_factory=dict)
    solar_cells: dict[str, SolarCell] = Field(default_factory=dict)
    batteries: dict[str, BatteryTech] = Field(default_factory=dict)


class OrbitScenario(_Model):
    """An orbital compute site: a fleet of identical solar-powered compute satellites."""

    name: str = Field(description="Short name of the scenario.")
    description: str = Field("", description="What the scenario represents, with its sources.")
    site: Literal["orbit"] = Field(description="Kind of site.")
    workload: Workload
    orbit: Orbit
    satellite: Satellite
    launch: Launch = Field(default_factory=Launch)
    economics: Economics = Field(default_factory=Economics)
    catalog: UserCatalog = Field(default_factory=UserCatalog)

    # -- resolved catalogue entries -------------------------------------------------------
    def _entry(self, kind: str, name: str) -> Any:
        own = getattr(self.catalog, kind)
        return own[name] if name in own else catalog.get(kind, name)

    @property
    def accelerator(self) -> Accelerator:
        return self._entry("accelerators", self.workload.accelerator)  # type: ignore[no-any-return]

    @property
    def vehicle(self) -> LaunchVehicle:
        return self._entry("launch_vehicles", self.launch.vehicle)  # type: ignore[no-any-return]

    @property
    def cell(self) -> SolarCell:
        return self._entry("solar_cells", self.satellite.array.cell)  # type: ignore[no-any-return]

    @property
    def battery_tech(self) -> BatteryTech:
        return self._entry("batteries", self.satellite.battery.technology)  # type: ignore[no-any-return]

    @model_validator(mode="after")
    def _names_exist(self) -> OrbitScenario:
        refs = (
            ("accelerators", self.workload.accelerator, "workload.accelerator"),
            ("launch_vehicles", self.launch.vehicle, "launch.vehicle"),
            ("solar_cells", self.satellite.array.cell, "satellite.array.cell"),
            ("batteries", self.satellite.battery.technology, "satellite.battery.technology"),
        )
        problems = [
            p
            for kind, name, path in refs
            if (p := _unknown_name(kind, name, path, getattr(self.catalog, kind))) is not None
        ]
        if problems:
            raise _ProblemsError(problems)
        return self


class _ProblemsError(ValueError):
    """Carries already-located problems out of a validator."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def _unknown_name(kind: str, name: str, path: str, own: Any) -> Problem | None:
    """A problem if ``name`` is neither a bundled entry of ``kind`` nor one of ``own``."""
    known = sorted(set(catalog.names(kind)) | set(own))
    if name in known:
        return None
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'? " if close else ""
    what = kind.replace("_", " ")[:-1]
    hint += f"known: {', '.join(known)}; or define it under catalog.{kind}"
    return Problem(path, f"unknown {what} '{name}'", hint=hint)


#: Catalogue references in a scenario: kind of entry and key path of the name.
_REFS = (
    ("accelerators", ("workload", "accelerator")),
    ("launch_vehicles", ("launch", "vehicle")),
    ("solar_cells", ("satellite", "array", "cell")),
    ("batteries", ("satellite", "battery", "technology")),
)


def _raw_name_problems(data: dict[str, Any]) -> list[Problem]:
    """Unknown catalogue names in raw data: reported even when other fields fail (pydantic
    runs the model's own check only once every field is valid)."""
    problems = []
    for kind, key in _REFS:
        name = _value_at(data, key)
        own = _value_at(data, ("catalog", kind))
        if isinstance(name, str):
            p = _unknown_name(kind, name, ".".join(key), own if isinstance(own, dict) else {})
            if p is not None:
                problems.append(p)
    return problems


Scenario = OrbitScenario


# ---------------------------------------------------------------------------------------
# Loading with precise errors
# ---------------------------------------------------------------------------------------


def _line_map(text: str) -> dict[tuple[str, ...], int]:
    """Key path → 1-based line of the key in the YAML text."""
    lines: dict[tuple[str, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = str(k.value)
                lines[(*path, key)] = k.start_mark.line + 1
                walk(v, (*path, key))
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                lines[(*path, str(i))] = v.start_mark.line + 1
                walk(v, (*path, str(i)))

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return lines
    if root is not None:
        walk(root, ())
    return lines


def _fields_at(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """Field names valid at ``path`` inside ``model`` (for did-you-mean)."""
    current: Any = model
    parts = list(path)
    while parts:
        part = parts.pop(0)
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        ann = field.annotation
        args: tuple[Any, ...] = getattr(ann, "__args__", ())
        if getattr(ann, "__origin__", None) is dict and len(args) == 2:
            # catalog.accelerators.<name>.<field>: the next part is the entry's name
            if parts:
                parts.pop(0)
            current = args[1]
            continue
        models = (a for a in (ann, *args) if isinstance(a, type) and issubclass(a, BaseModel))
        current = next(models, None)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _problems_from(
    exc: ValidationError, data: Any, lines: dict[tuple[str, ...], int]
) -> list[Problem]:
    problems: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(str(p) for p in err["loc"])
        ctx_err = (err.get("ctx") or {}).get("error")
        if isinstance(ctx_err, _ProblemsError):
            for p in ctx_err.problems:
                key = loc + tuple(p.path.split("."))  # paths are relative to the model raising
                value = _value_at(data, key)
                where = _nearest_line(lines, key)
                problems.append(Problem(".".join(key), p.message, value, where, p.hint))
            continue
        etype = err["type"]
        msg = err["msg"]
        if msg.startswith("Value error, "):
            msg = msg[len("Value error, ") :]
        hint = ""
        value = err.get("input")
        if etype == "extra_forbidden":
            known = _fields_at(OrbitScenario, err["loc"][:-1])
            close = difflib.get_close_matches(loc[-1], known, n=1, cutoff=0.6)
            msg = f"unknown key '{loc[-1]}'"
            hint = (f"did you mean '{close[0]}'? " if close else "") + (
                f"allowed here: {', '.join(known)}" if known else ""
            )
            value = None
        elif etype == "missing":
            msg = "required key is missing"
            value = None
            hint = "`wattflop schema` lists every key with its units"
            parent = _value_at(data, loc[:-1])
            if isinstance(parent, dict):
                keys = [str(k) for k in parent]
                typo = difflib.get_close_matches(loc[-1], keys, n=1, cutoff=0.6)
                if typo and typo[0] != loc[-1]:
                    hint = f"is '{typo[0]}' a misspelling of '{loc[-1]}'?"
        elif etype in ("model_type", "dict_type"):
            msg = "expected a mapping of keys (indented block)"
        elif etype == "literal_error" and loc == ("site",):
            hint = "this build simulates `site: orbit`"
        elif etype == "enum":
            expected = (err.get("ctx") or {}).get("expected", "")
            choices = re.findall(r"'([^']+)'", str(expected))
            close = difflib.get_close_matches(str(value), choices, n=1)
            hint = f"did you mean '{close[0]}'?" if close else ""
        elif etype.startswith(("datetime", "date")):
            hint = "write a UTC date and time, e.g. 2027-01-01T00:00:00Z"
        if isinstance(value, dict) and etype not in ("model_type", "dict_type"):
            value = None  # a whole mapping (model-level check): the message says what is wrong
        problems.append(Problem(".".join(loc), msg, value, _nearest_line(lines, loc), hint))
    return problems


def _value_at(data: Any, key: tuple[str, ...]) -> Any:
    for part in key:
        if isinstance(data, dict) and part in data:
            data = data[part]
        else:
            return None
    return data


def _nearest_line(lines: dict[tuple[str, ...], int], loc: tuple[str, ...]) -> int | None:
    for n in range(len(loc), 0, -1):
        if loc[:n] in lines:
            return lines[loc[:n]]
    return None


def parse_scenario(
    data: Any, *, source: str | None = None, text: str | None = None
) -> OrbitScenario:
    """Validate an already-parsed mapping (e.g. from YAML or JSON) into a scenario.

    Raises
    ------
    ScenarioError
    """
    lines = _line_map(text) if text is not None else {}
    if not isinstance(data, dict):
        got = "an empty file" if data is None else f"a {type(data).__name__} ({data!r:.60})"
        raise ScenarioError(
            [
                Problem(
                    "",
                    "a scenario is a mapping of keys (name, site, workload, orbit, ...) at the top "
                    f"level; got {got}",
                    None,
                    1,
                    "see scenarios/ for examples",
                )
            ],
            source,
        )
    try:
        return OrbitScenario.model_validate(data)
    except ValidationError as exc:
        problems = _problems_from(exc, data, lines)
        seen = {p.path for p in problems}
        for p in _raw_name_problems(data):
            if p.path not in seen:
                key = tuple(p.path.split("."))
                where = _nearest_line(lines, key)
                problems.append(Problem(p.path, p.message, _value_at(data, key), where, p.hint))
        problems.sort(key=lambda p: (p.line is None, p.line or 0))
        raise ScenarioError(problems, source) from None


class _DuplicateKey(yaml.constructor.ConstructorError):
    """The same key twice in one mapping (plain YAML keeps the last silently)."""


class _Loader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate keys and keeps unquoted ``6:00`` as text (YAML 1.1
    would read it as the sexagesimal integer 360)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first: dict[str, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value != "<<":
                if key_node.value in first:
                    raise _DuplicateKey(
                        "while constructing a mapping",
                        node.start_mark,
                        f"duplicate key '{key_node.value}' (first on line {first[key_node.value]})",
                        key_node.start_mark,
                    )
                first[key_node.value] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_INT, _FLOAT)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(  # YAML 1.1 int without the sexagesimal form
    _INT,
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(  # YAML 1.1 float without the sexagesimal form
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def load_scenario(path: str | Path) -> OrbitScenario:
    """Read and validate a scenario file.

    Parameters
    ----------
    path : str or Path
        YAML file.

    Raises
    ------
    ScenarioError
        For a missing file, a YAML syntax error (with its line) or any invalid value.
    """
    p = Path(path)
    src = str(p)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        folder = p.parent.is_dir()
        siblings = [q.name for q in p.parent.glob("*.y*ml")] if folder else []
        near = difflib.get_close_matches(p.name, siblings, n=1)
        if near:
            hint = f"did you mean '{p.parent / near[0]}'?"
        elif not folder:
            hint = f"the folder '{p.parent}' does not exist either"
        else:
            hint = "check the path; bundled scenarios are in scenarios/"
        raise ScenarioError([Problem("", "file not found", None, None, hint)], src) from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as exc:
        what = f"cannot read the file ({exc.__class__.__name__})"
        problem = Problem("", what, None, None, "give a UTF-8 YAML file")
        raise ScenarioError([problem], src) from None
    try:
        data = yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        col = f", column {mark.column + 1}" if mark is not None else ""
        what = exc.problem or str(exc)
        ctx = exc.context_mark
        if exc.context and ctx is not None and (mark is None or ctx.line != mark.line):
            what += f" ({exc.context} on line {ctx.line + 1})"
        if isinstance(exc, _DuplicateKey):
            kind, hint = "YAML error", "keep one of them"
        else:
            kind = "YAML syntax error"
            hint = "check indentation and quoting on this line or the one above"
        raise ScenarioError([Problem("", f"{kind}{col}: {what}", None, line, hint)], src) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem("", f"YAML error: {exc}", None, None)], src) from None
    return parse_scenario(data, source=src, text=text)


def scenario_json_schema() -> dict[str, Any]:
    """JSON Schema of scenario files, generated from the models."""
    return OrbitScenario.model_json_schema(mode="validation")

"""The orbital site: a fleet of identical solar-powered compute satellites."""

from __future__ import annotations

import datetime as dt
import math
import re
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from wattflop.catalog import Accelerator, BatteryTech, LaunchVehicle, SolarCell
from wattflop.errors import Problem
from wattflop.quantity import Q, U
from wattflop.scenario.common import (
    MAX_TITLE,
    TITLE_DESCRIPTION,
    Boundary,
    DiscountRate,
    Epoch,
    ProblemsError,
    ScenarioModel,
    Uncertainty,
    UserCatalog,
    Workload,
    check_names,
    resolve_entry,
    title_or_name,
)
from wattflop.scenario.deployment import OrbitDeployment, OrbitDeploymentField


class ShadowModel(StrEnum):
    CONICAL = "conical"
    CYLINDRICAL = "cylindrical"


class SolarActivity(StrEnum):
    LOW = "low"
    MEAN = "mean"
    HIGH = "high"


_LTAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


class Orbit(ScenarioModel):
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
                le=math.pi,
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
    epoch: Epoch = Field(
        dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        description="Start of the simulated year (UTC), 1950-01-01 to 2050-01-01.",
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
            raise ProblemsError(problems)
        if self.epoch.tzinfo is None:
            object.__setattr__(self, "epoch", self.epoch.replace(tzinfo=dt.UTC))
        return self


class Pointing(StrEnum):
    SUN_TRACKING = "sun_tracking"
    ORBIT_NORMAL = "orbit_normal"


class EclipseStrategy(StrEnum):
    LEAST_COST = "least_cost"
    BATTERY = "battery"
    THROTTLE = "throttle"


class SparesPolicy(StrEnum):
    COLD_SPARES = "cold_spares"
    NONE = "none"


class Array(ScenarioModel):
    """The solar array."""

    cell: str = Field(
        "triple-junction",
        description="Solar-cell technology from the catalogue or `catalog.solar_cells`.",
    )
    packing_factor: Annotated[
        float,
        Q(
            "",
            ge=0.01,  # physical floor: no input may overflow
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
                ge=1.0,  # physical floor: no input may overflow
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


class Battery(ScenarioModel):
    """The battery that carries the loads through eclipse."""

    technology: str = Field(
        "li-ion", description="Battery technology from the catalogue or `catalog.batteries`."
    )
    max_depth_of_discharge: Annotated[
        float,
        Q(
            "",
            ge=0.01,  # floor: 1 % (no accepted input may overflow to inf or NaN)
            le=1,
            description="Upper bound on depth of discharge; cycle life may impose a lower one",
        ),
    ] = 0.8
    max_c_rate: Annotated[
        float,
        Q(
            "1/s",
            ge=0.01 / 3600,  # floor: 0.01 C (no accepted input may overflow to inf or NaN)
            le=0.1,
            show="1/h",
            description="Highest discharge power per unit capacity: the battery also takes the training job's sub-second swings above its mean draw, as the ground's smoothing battery does. Default 2 /h (2C; assumption: LEO Li-ion packs are rated 1-5C for pulses; range 1-5 /h)",
        ),
    ] = U("2 1/h")


class Radiator(ScenarioModel):
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
        Q("", ge=0.01, le=1, description="Infrared emissivity. Default 0.92 (Starcloud white paper)"),
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
            le=math.pi,
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
            description="Manufacturing price per panel area. Default 3,000 USD/m² (assumption, no public price for deployable radiators; range 1,000-10,000 USD/m²; at 5 kg/m² it is 600 USD/kg, below a whole V2-mini's ~1,100-1,400 USD/kg, Quilty, secondary 2024)",
        ),
    ] = U("3000 USD/m^2")


class Shielding(ScenarioModel):
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
    compute_density: Annotated[
        float,
        Q(
            "kg/m^3",
            ge=1.0,  # physical floor (1 kg/m³, about the density of air): no input may overflow
            le=1e4,
            description="Packed density of the flight compute the shield encloses; the shield is the surface of the cube holding the compute's flight mass. Default 1,000 kg/m³ (assumption: a liquid-cooled 1U GB200 compute tray is ~20 kg in 0.48 × 0.044 × 0.9 m ≈ 0.019 m³, i.e. ~1,000 kg/m³; range 500–1,500 kg/m³)",
        ),
    ] = U("1000 kg/m^3")
    price_per_kg: Annotated[
        float,
        Q(
            "USD/kg",
            ge=0,
            le=1e5,
            description="Price of the shield per kg, machined and fitted. Default 100 USD/kg (assumption: aerospace aluminium plate ~5–10 USD/kg as stock, ×10–20 machined and fitted; range 20–500 USD/kg)",
        ),
    ] = U("100 USD/kg")


class TopDown(ScenarioModel):
    """A satellite stated as publications state it: specific mass and specific cost."""

    specific_mass: Annotated[
        float,
        Q(
            "kg/W",
            gt=0,
            le=1.0,
            show="kg/kW",
            description="Whole satellite at launch (compute, power, thermal, structure, propellant) per kW of IT power, e.g. 15 kg/kW (Novaspace 2026) or ~14 kg/kW (SpaceX AI1, ~70 kW/t)",
        ),
    ]
    specific_cost: Annotated[
        float,
        Q(
            "USD/W",
            ge=0,
            le=1e4,
            description="Satellite platform price (everything but the accelerators, before launch) per W of IT power, e.g. 25 USD/W today and 10 USD/W future (Novaspace 2026)",
        ),
    ]
    array_area: (
        Annotated[
            float,
            Q(
                "m^2",
                gt=0,
                le=1e6,
                description="Array area per satellite, where the publication gives it (drag and the report); omitted: sized from physics",
            ),
        ]
        | None
    ) = None


class Propulsion(ScenarioModel):
    """Station keeping against drag."""

    isp: Annotated[
        float,
        Q(
            "s",
            ge=10.0,  # physical floor (cold gas ~70 s)
            le=1e4,
            description="Specific impulse. Default 1,500 s: Hall-effect thrusters (Goebel & Katz, Fundamentals of Electric Propulsion, 2008)",
        ),
    ] = U("1500 s")
    drag_coefficient: Annotated[
        float,
        Q(
            "",
            ge=0.1,  # floor: 0.1 (no accepted input may overflow to inf or NaN)
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
    deorbit: bool = Field(
        True,
        description="Carry propellant to deorbit at end of life (one burn lowering the perigee to disposal_perigee).",
    )
    disposal_perigee: Annotated[
        float,
        Q(
            "m",
            ge=0,
            le=2e6,
            show="km",
            description="Perigee of the disposal orbit. Default 50 km: prompt re-entry (assumption)",
        ),
    ] = U("50 km")


class Satellite(ScenarioModel):
    """One compute satellite."""

    it_power: Annotated[
        float,
        Q(
            "W",
            ge=1e3,  # 1 kW: one accelerator's system power is more than that
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
        EclipseStrategy.LEAST_COST,
        description="least_cost (default): whichever of battery and throttle costs less per delivered EFLOP at the scenario's values (both are reported); battery: batteries carry compute through the longest eclipse; throttle: compute stops in eclipse (battery only for the bus).",
    )
    spares_policy: SparesPolicy = Field(
        SparesPolicy.COLD_SPARES,
        description="cold_spares: launch unpowered spare accelerators so that the running count stays at target through the life with probability spares_confidence (spares cost mass and money; the rare shortfall beyond them costs availability); none: the fleet decays and availability drops. Each failure is counted once, in cost or in availability.",
    )
    spares_confidence: Annotated[
        float,
        Q(
            "",
            ge=0,
            lt=1,
            description="Probability that the cold spares last the whole life (Poisson quantile of failures). Default 0.9 (assumption)",
        ),
    ] = 0.9
    array: Array = Field(default_factory=Array)
    battery: Battery = Field(default_factory=Battery)
    radiator: Radiator = Field(default_factory=Radiator)
    shielding: Shielding = Field(default_factory=Shielding)
    propulsion: Propulsion = Field(default_factory=Propulsion)
    top_down: TopDown | None = Field(
        None,
        description="State the satellite as publications do (specific mass and cost) instead of the bottom-up parts list; the physics still sizes the array, battery and radiator for the report, the mass and the platform price come from here.",
    )
    pmad_efficiency: Annotated[
        float,
        Q(
            "",
            ge=0.01,  # floor: 1 % (no accepted input may overflow to inf or NaN)
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
            description="Power electronics mass per watt of rating. Default 3 kg/kW (assumption; range 1-10 kg/kW: heritage spacecraft PMAD is 40-183 kg/kW (NASA/AIAA survey, early 1990s), which no 15 kg/kW compute satellite could carry; modern SiC/GaN converters far lighter)",
        ),
    ] = U("3 kg/kW")
    pmad_price_per_watt: Annotated[
        float,
        Q(
            "USD/W",
            ge=0,
            le=1e4,
            description="Power electronics price per watt. Default 5 USD/W (assumption; range 1-15 USD/W: terrestrial DC converters cost < 1 USD/W; 5 USD/W is ~17 % of a whole Starlink V2-mini's ~29 USD/W, Quilty, secondary 2024)",
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
            description="Price per link terminal. Default 100,000 USD (secondary: NASA TBIRD-class small optical terminals ~100,000 USD, SpaceNews 2018; range 30,000-500,000 USD; no unit price for 10 Tbps terminals exists)",
        ),
    ] = U("100000 USD")
    structure_fraction: Annotated[
        float,
        Q(
            "",
            ge=0,
            lt=0.9,
            description="Structure and mechanisms as a fraction of dry mass. Default 0.20 (secondary: ~20 % of dry mass, spacecraft-design textbooks, e.g. Brown, Elements of Spacecraft Design, 2002, 21-29 %; range 0.15-0.30)",
        ),
    ] = 0.20
    bus_price_per_kg: Annotated[
        float,
        Q(
            "USD/kg",
            ge=0,
            le=1e7,
            description="Manufacturing price of the bus structure and mechanisms per kg. Default 1,000 USD/kg (assumption; Starlink-class mass production: V2-mini ~800,000 USD for ~575-730 kg is ~1,100-1,400 USD/kg for the whole satellite, secondary, Quilty; range 500-3,000 USD/kg)",
        ),
    ] = U("1000 USD/kg")
    stowed_density: Annotated[
        float,
        Q(
            "kg/m^3",
            ge=1.0,  # physical floor (1 kg/m³, about the density of air): no input may overflow
            le=5000,
            description="Satellite mass per stowed volume in the fairing. Default 107 kg/m³: 60 Starlink v1 (260 kg each) in a 145 m³ Falcon 9 fairing",
        ),
    ] = U("107 kg/m^3")


class LaunchPricing(StrEnum):
    PER_KG = "per_kg"
    PER_LAUNCH = "per_launch"


class Launch(ScenarioModel):
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
    failure_probability: Annotated[
        float,
        Q(
            "",
            ge=0,
            lt=1,
            description="Probability that a launch loses its payload; lost satellites are rebuilt and re-flown (p/(1-p) more of both, expected). Default 0.03 (assumption for a heavy reusable vehicle early in its operational life: Falcon 9 lost ~1 payload in ~400 flights 2010-2024, new launchers lost ~10-30 % of their first ten flights, secondary; range 0.01-0.10)",
        ),
    ] = 0.03


class Economics(ScenarioModel):
    """Money."""

    discount_rate: DiscountRate = 0.07
    satellite_life: Annotated[
        float,
        Q(
            "s",
            ge=3.15576e7 / 12,  # a month: shorter lives annualise capital to infinity
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
    # -- program, risk and ground-segment lines (issue #12 item 6); twins in orbit/money.py --
    in_orbit_insurance_rate: Annotated[
        float,
        Q(
            "1/s",
            ge=0,
            le=1,
            show="1/yr",
            description="In-orbit insurance premium per year, as a fraction of the insured value (the fleet's hardware and launch inside the cost boundary, undepreciated). Default 1 %/yr (assumption: trade-press figures put in-orbit renewal rates at ~0.5-1.5 %/yr, not verified here; range 0.3-2 %/yr)",
        ),
    ] = U("1 %/yr")
    launch_insurance_rate: Annotated[
        float,
        Q(
            "",
            ge=0,
            le=1,
            description="Launch-plus-one-year insurance premium, once per satellite, as a fraction of the insured value; paid on the insured share of the launch risk only (launch_insured_fraction). Default 0.06 (assumption: trade-press launch+1 rates ~4-6 % before 2023; insurers raised them after 2023 losses of about twice the premiums (Taylor Wessing, 'Launch plus 1 satellite insurance', 2024, secondary); range 0.04-0.10)",
        ),
    ] = 0.06
    launch_insured_fraction: Annotated[
        float,
        Q(
            "",
            ge=0,
            le=1,
            description="Share of the launch risk insured; the rest is self-insured and costs its expected loss (the launch_failures line). Default 0: self-insured, as many low-Earth-orbit constellation operators do (Taylor Wessing 2024, secondary; range 0-1)",
        ),
    ] = 0.0
    development_cost: Annotated[
        float,
        Q(
            "USD",
            ge=0,
            le=1e12,
            show="USD",
            description="One-off engineering development (NRE) of the program this fleet bears: design, qualification, radiation testing, flight software; annualised over one satellite life. Default 1e9 USD (assumption: a new satellite bus program costs ~0.3-1 B USD, a mass-produced constellation's development low billions; range 0.2e9-5e9 USD)",
        ),
    ] = U("1e9 USD")
    ground_segment_per_satellite_year: Annotated[
        float,
        Q(
            "USD/s",
            ge=0,
            le=1e4,
            show="USD/yr",
            description="Ground segment and downlink (gateways, teleports, their backhaul and operation) per satellite per year; gateway antennas track satellites one at a time, so the cost scales with satellites rather than with the modest data volume of training. Default 20,000 USD/yr (assumption: Starlink-class gateways of a few M USD each, ~1 per 40-50 satellites, annualised, plus backhaul; range 5,000-100,000 USD/yr)",
        ),
    ] = U("20000 USD/yr")
    boundary: Boundary = Field(
        Boundary.FULL,
        description="Which costs count: launch_only, energy_only, power_and_cooling, full.",
    )


class OrbitScenario(ScenarioModel):
    """An orbital compute site: a fleet of identical solar-powered compute satellites."""

    name: str = Field(description="Short name of the scenario.")
    description: str = Field("", description="What the scenario represents, with its sources.")
    title: str = Field("", max_length=MAX_TITLE, description=TITLE_DESCRIPTION)
    site: Literal["orbit"] = Field(description="Kind of site.")
    workload: Workload
    orbit: Orbit
    satellite: Satellite
    launch: Launch = Field(default_factory=Launch)
    economics: Economics = Field(default_factory=Economics)
    deployment: OrbitDeployment = OrbitDeploymentField
    catalog: UserCatalog = Field(default_factory=UserCatalog)
    uncertainty: Uncertainty = Field(
        default_factory=Uncertainty,
        description="Uncertain inputs for `wattflop montecarlo` (ignored by `wattflop run`).",
    )

    #: Catalogue references: kind of entry and key path of its name.
    REFS: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = (
        ("accelerators", ("workload", "accelerator")),
        ("launch_vehicles", ("launch", "vehicle")),
        ("solar_cells", ("satellite", "array", "cell")),
        ("batteries", ("satellite", "battery", "technology")),
    )

    # -- resolved catalogue entries -------------------------------------------------------
    @property
    def accelerator(self) -> Accelerator:
        return resolve_entry(self.catalog, "accelerators", self.workload.accelerator)  # type: ignore[no-any-return]

    @property
    def vehicle(self) -> LaunchVehicle:
        return resolve_entry(self.catalog, "launch_vehicles", self.launch.vehicle)  # type: ignore[no-any-return]

    @property
    def cell(self) -> SolarCell:
        return resolve_entry(self.catalog, "solar_cells", self.satellite.array.cell)  # type: ignore[no-any-return]

    @property
    def battery_tech(self) -> BatteryTech:
        return resolve_entry(self.catalog, "batteries", self.satellite.battery.technology)  # type: ignore[no-any-return]

    @model_validator(mode="before")
    @classmethod
    def _title(cls, data: Any) -> Any:
        return title_or_name(data)

    @model_validator(mode="after")
    def _names_exist(self) -> OrbitScenario:
        check_names(
            (
                ("accelerators", self.workload.accelerator, "workload.accelerator"),
                ("launch_vehicles", self.launch.vehicle, "launch.vehicle"),
                ("solar_cells", self.satellite.array.cell, "satellite.array.cell"),
                ("batteries", self.satellite.battery.technology, "satellite.battery.technology"),
            ),
            self.catalog,
        )
        return self

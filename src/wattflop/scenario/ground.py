"""The ground site: a data centre on a real or clear-sky weather year, fed by a cost-optimal
mix of gas turbines, batteries, grid and PV, with its sub-second training swings.

Default costs are public figures with their sources (NREL ATB 2024 as mapped in
PyPSA/technology-data ``outputs/US/costs_2025.csv``; EIA; Lazard); assumptions say so.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, model_validator

from wattflop.catalog import Accelerator
from wattflop.errors import Problem
from wattflop.quantity import Q, U
from wattflop.scenario.common import (
    MAX_TITLE,
    TITLE_DESCRIPTION,
    Boundary,
    DiscountRate,
    ProblemsError,
    ScenarioModel,
    Uncertainty,
    UserCatalog,
    Workload,
    check_names,
    resolve_entry,
    title_or_name,
)
from wattflop.scenario.deployment import GroundDeployment, GroundDeploymentField


class Site(ScenarioModel):
    """Where the data centre is and which weather year it sees."""

    name: str = Field(
        "",
        max_length=120,
        description="Place name for pages and sentences, e.g. 'Memphis, TN'. Default: the coordinates.",
    )
    latitude: Annotated[float, Q("deg", ge=-90, le=90, description="Latitude, north positive")]
    longitude: Annotated[float, Q("deg", ge=-180, le=180, description="Longitude, east positive")]
    altitude: Annotated[float, Q("m", ge=-500, le=9000, description="Altitude above sea level")] = (
        U("0 m")
    )
    weather: str = Field(
        "clear_sky",
        description="'clear_sky' (pvlib Ineichen with the bundled Linke turbidity and a cloud "
        "derate), a weather file shipped with pvlib by name (greensboro, sand_point, miami), or a "
        "path to a TMY3/TMY2/EPW/PVGIS/NSRDB file (relative paths are relative to the scenario file).",
    )
    cloud_derate: (
        Annotated[
            float,
            Q(
                "",
                ge=0.01,  # floor: 1 % (no accepted input may overflow to inf or NaN)
                le=1,
                description="Clear-sky irradiance multiplier for clouds (clear_sky only); default: calibrated on the TMY files shipped with pvlib, see wattflop.ground.weather",
            ),
        ]
        | None
    ) = None
    temperature_mean: Annotated[
        float,
        Q(
            "K",
            ge=200,
            le=330,
            show="degC",
            description="Annual mean air temperature (clear_sky only). Default 17 °C: Memphis normal 1991–2020 (NOAA NCEI)",
        ),
    ] = U("17 degC")
    temperature_annual_amplitude: Annotated[
        float,
        Q(
            "K",
            ge=0,
            le=40,
            description="Half the July–January difference of monthly means (clear_sky only). Default 11 K: Memphis normals (NOAA NCEI)",
        ),
    ] = U("11 K")
    temperature_diurnal_amplitude: Annotated[
        float,
        Q(
            "K",
            ge=0,
            le=20,
            description="Half the daily max–min range (clear_sky only). Default 5.5 K (assumption, humid subtropical)",
        ),
    ] = U("5.5 K")
    year: int = Field(
        2027,
        ge=1900,
        le=2100,
        description="Calendar year the weather is stamped on (not a leap year).",
    )
    utc_offset: (
        Annotated[
            float,
            Q(
                "h",
                ge=-12,
                le=14,
                description="Local standard time minus UTC, for time-of-use hours; default: round(longitude / 15°)",
            ),
        ]
        | None
    ) = None


class PueModel(StrEnum):
    CONSTANT = "constant"
    AMBIENT = "ambient"


class UnitCommitment(StrEnum):
    OFF = "off"
    LINEARIZED = "linearized"
    INTEGER = "integer"


class LpSolver(StrEnum):
    """HiGHS' algorithm for the plant's linear programme (wattflop.ground.lp)."""

    AUTO = "auto"
    SIMPLEX = "simplex"
    PDLP = "pdlp"
    HIPDLP = "hipdlp"
    IPM = "ipm"


class Facility(ScenarioModel):
    """The data centre: from accelerators to site power, and what the building costs."""

    pue: Annotated[
        float,
        Q(
            "",
            ge=1,
            le=3,
            description="Power usage effectiveness at or below the threshold temperature. Default 1.2 (large liquid-cooled AI halls; Uptime Institute 2024 reports 1.56 industry average, hyperscale ~1.1)",
        ),
    ] = 1.2
    pue_model: PueModel = Field(
        PueModel.CONSTANT,
        description="constant, or ambient: PUE rises linearly with air temperature above a threshold (chillers work harder; free cooling below).",
    )
    pue_slope: Annotated[
        float,
        Q(
            "1/K",
            ge=0,
            le=0.1,
            description="PUE increase per kelvin above the threshold (ambient model). Default 0.01 /K (assumption; order of magnitude of chiller COP loss with condenser temperature)",
        ),
    ] = U("0.01 1/K")
    pue_threshold: Annotated[
        float,
        Q(
            "K",
            ge=230,
            le=330,
            show="degC",
            description="Air temperature above which PUE rises (ambient model). Default 18 °C (ASHRAE economiser range, assumption)",
        ),
    ] = U("18 degC")
    accelerators_per_server: int = Field(
        8, ge=1, le=1024, description="Accelerators per server or tray [-]. Default 8 (DGX/HGX)."
    )
    servers_per_rack: int = Field(
        4,
        ge=1,
        le=256,
        description="Servers per rack [-]. Default 4 (DGX H100: ~41 kW per rack of four).",
    )
    capex: Annotated[
        float,
        Q(
            "USD/W",
            ge=0,
            le=100,
            description="Building, cooling and electrical fit-out per watt of IT. Default 11 USD/W: ~11 million USD per MW (Cushman & Wakefield, Data Center Development Cost Guide 2025; secondary)",
        ),
    ] = U("11 USD/W")
    life: Annotated[
        float,
        Q(
            "s",
            ge=2629800.0,  # floor: a month (no input may overflow the annuity)
            le=100 * 3.15576e7,
            show="yr",
            description="Economic life of the facility. Default 20 yr (assumption)",
        ),
    ] = U("20 yr")
    accelerator_life: Annotated[
        float,
        Q(
            "s",
            ge=2629800.0,  # floor: a month (no input may overflow the annuity)
            le=30 * 3.15576e7,
            show="yr",
            description="Economic life of the accelerators. Default 5 yr, as in orbit",
        ),
    ] = U("5 yr")
    repair_time: Annotated[
        float,
        Q(
            "s",
            ge=0,
            le=3.15576e7,
            show="d",
            description="Time a failed accelerator is out before it is repaired or swapped. Default 2 d (assumption)",
        ),
    ] = U("2 d")
    water_per_it_energy: Annotated[
        float,
        Q(
            "m^3/J",
            ge=0,
            le=1e-8,
            show="L/(kW*h)",
            description="Water consumed per unit IT energy (WUE). Default 1.8 L/kWh (Shehabi et al. 2016, LBNL-1005775, US average)",
        ),
    ] = U("1.8 L/(kW*h)")
    land_per_it_power: Annotated[
        float,
        Q(
            "m^2/W",
            ge=0,
            le=1,
            show="m^2/kW",
            description="Land per watt of IT for the data centre itself. Default 4 m²/kW (assumption; ~100 ha per GW campus)",
        ),
    ] = U("4 m^2/kW")
    # -- site lines (issue #12 item 6); their orbit twins are in ground/money.py ------------
    om_fraction: Annotated[
        float,
        Q(
            "1/s",
            ge=0,
            le=1,
            show="1/yr",
            description="Facility operation, maintenance and staff per year, as a fraction of the facility capex (building, cooling, electrical; the power plant has its own O&M). Default 2 %/yr (assumption: maintenance of mechanical and electrical plant ~1-2 %/yr of its cost plus site staff ~0.5-1 %/yr; range 1-4 %/yr)",
        ),
    ] = U("2 %/yr")
    network_fabric_per_accelerator: Annotated[
        float,
        Q(
            "USD",
            ge=0,
            le=1e6,
            description="Scale-out network fabric (switches, optics, cables between racks) per accelerator; the rack's own NVLink domain is in the accelerator's system price. Default 5,000 USD: ~12 % of a 41,700 USD GB200 share (assumption: scale-out networks are ~10-15 % of AI cluster capex in analyst teardowns, secondary; range 2,500-8,000 USD)",
        ),
    ] = U("5000 USD")
    land_price: Annotated[
        float,
        Q(
            "USD/m^2",
            ge=0,
            le=1e4,
            show="USD/acre",
            description="Price of land for the data centre and its PV; counted at its real opportunity cost (discount rate × value per year; land does not wear out). Default 50,000 USD/acre (assumption: industrial land away from data-centre hubs, tens of thousands USD/acre; Northern Virginia data-centre land ~1-3 M USD/acre, secondary; range 10,000-2,000,000 USD/acre)",
        ),
    ] = U("50000 USD/acre")
    water_price: Annotated[
        float,
        Q(
            "USD/m^3",
            ge=0,
            le=100,
            description="Price of water consumed (cooling towers, turbine inlet cooling). Default 2 USD/m³ (assumption: US municipal commercial water rates ~1-3 USD/m³, sewer extra; range 0.5-6 USD/m³)",
        ),
    ] = U("2 USD/m^3")


class GasTurbines(ScenarioModel):
    """Gas turbine generators behind the meter."""

    enabled: bool = Field(True, description="Allow gas turbines.")
    availability: Annotated[
        float,
        Q(
            "",
            ge=0.01,  # floor: 1 % (no accepted input may overflow to inf or NaN)
            le=1,
            description="Share of installed gas capacity available in any hour (forced and planned outages), so the plant carries a reserve. Default 0.93: equivalent forced outage rate of ~7 % for gas turbines (NERC GADS, 2017–2021 averages; approximate)",
        ),
    ] = 0.93
    unit_size: Annotated[
        float,
        Q(
            "W",
            ge=1e3,  # floor: 1 kW, a small generator set (no accepted input may overflow to inf or NaN)
            le=1e9,
            show="MW",
            description="Size of one turbine (for unit counts and unit commitment). Default 35 MW: aeroderivative class (GE LM2500XPRESS; secondary)",
        ),
    ] = U("35 MW")
    heat_rate: Annotated[
        float,
        Q(
            "",
            gt=1,
            le=5,
            show="MMBtu/MWh",
            description="Fuel energy per electric energy. Default 9.0 MMBtu/MWh: aeroderivative simple cycle (EIA Electric Power Annual, Table 8.2, 2023; REFERENCES)",
        ),
    ] = U("9.0 MMBtu/MWh")
    fuel_price: Annotated[
        float,
        Q(
            "USD/J",
            ge=0,
            le=1e-6,
            show="USD/MMBtu",
            description="Delivered gas price. Default 3.52 USD/MMBtu: Henry Hub 2025 (EIA STEO, Sep 2025)",
        ),
    ] = U("3.52 USD/MMBtu")
    capex: Annotated[
        float,
        Q(
            "USD/W",
            ge=0,
            le=100,
            show="USD/kW",
            description="Installed cost per watt. Default 1,420 USD/kW (NREL ATB 2024 via PyPSA technology-data; 2025 market quotes run 2,157–2,400 USD/kW per BNEF/Reuters)",
        ),
    ] = U("1420 USD/kW")
    fixed_om: Annotated[
        float,
        Q(
            "USD/(W*s)",
            ge=0,
            le=1e-5,
            show="USD/(kW*yr)",
            description="Fixed O&M. Default 25 USD/kW-yr (assumption in the range of NREL ATB gas technologies)",
        ),
    ] = U("25 USD/(kW*yr)")
    variable_om: Annotated[
        float,
        Q(
            "USD/J",
            ge=0,
            le=1e-6,
            show="USD/(MW*h)",
            description="Variable O&M. Default 5 USD/MWh (assumption in the range of NREL ATB gas technologies)",
        ),
    ] = U("5 USD/(MW*h)")
    ramp_limit: Annotated[
        float,
        Q(
            "1/s",
            ge=0.01 / 3600,  # floor: 1 % of capacity an hour (no accepted input may overflow to inf or NaN)
            le=1,
            show="1/h",
            description="Largest change of output per hour as a fraction of capacity (hourly model). Default 1 /h: aeroderivatives reach full load in minutes",
        ),
    ] = U("1 1/h")
    min_load: Annotated[
        float,
        Q(
            "",
            ge=0,
            lt=1,
            description="Minimum stable load of a running unit as a fraction of its size (unit commitment only). Default 0.25 (assumption)",
        ),
    ] = 0.25
    unit_commitment: UnitCommitment = Field(
        UnitCommitment.OFF,
        description="off: turbines are one continuous LP capacity. linearized: after sizing, dispatch whole units with minimum load in PyPSA's linear relaxation of unit commitment (fast). integer: the exact MILP (binary on/off per unit and hour; practical for short horizons or few units).",
    )
    co2_intensity: Annotated[
        float,
        Q(
            "kg/J",
            ge=0,
            le=1e-6,
            show="kg/MMBtu",
            description="CO₂ per fuel energy. Default 53.06 kg/MMBtu (EIA, carbon dioxide emissions coefficients, natural gas)",
        ),
    ] = U("53.06 kg/MMBtu")
    water_per_energy: Annotated[
        float,
        Q(
            "m^3/J",
            ge=0,
            le=1e-8,
            show="L/(MW*h)",
            description="Water consumed per electric energy. Default 0 for simple-cycle turbines without inlet cooling (assumption)",
        ),
    ] = U("0 L/(MW*h)")
    life: Annotated[
        float,
        Q(
            "s",
            ge=2629800.0,  # floor: a month (no input may overflow the annuity)
            le=100 * 3.15576e7,
            show="yr",
            description="Economic life. Default 25 yr (NREL ATB)",
        ),
    ] = U("25 yr")
    max_capacity: (
        Annotated[
            float,
            Q(
                "W",
                ge=0,
                le=1e12,
                show="MW",
                description="Upper bound on installed capacity (e.g. a permit)",
            ),
        ]
        | None
    ) = None


class Batteries(ScenarioModel):
    """Grid-scale batteries, power and energy sized independently."""

    enabled: bool = Field(True, description="Allow batteries.")
    power_capex: Annotated[
        float,
        Q(
            "USD/W",
            ge=0,
            le=100,
            show="USD/kW",
            description="Cost per watt of converter power. Default 257 USD/kW: NREL ATB 4-h battery 1,842 USD/kW split so that 4 h of energy at 396 USD/kWh plus power reproduces it (split is ours)",
        ),
    ] = U("257 USD/kW")
    energy_capex: Annotated[
        float,
        Q(
            "USD/J",
            ge=0,
            le=1e-3,
            show="USD/(kW*h)",
            description="Cost per unit energy capacity. Default 396 USD/kWh (see power_capex)",
        ),
    ] = U("396 USD/(kW*h)")
    round_trip_efficiency: Annotated[
        float,
        Q(
            "",
            ge=0.01,  # floor: 1 % (no accepted input may overflow to inf or NaN)
            le=1,
            description="AC round-trip efficiency. Default 0.85 (NREL ATB utility-scale battery storage)",
        ),
    ] = 0.85
    fixed_om_fraction: Annotated[
        float,
        Q(
            "1/s",
            ge=0,
            le=1,
            show="1/yr",
            description="Fixed O&M per year as a fraction of capex. Default 2.5 %/yr (NREL ATB)",
        ),
    ] = U("2.5 %/yr")
    life: Annotated[
        float,
        Q(
            "s",
            ge=2629800.0,  # floor: a month (no input may overflow the annuity)
            le=50 * 3.15576e7,
            show="yr",
            description="Economic life. Default 15 yr (NREL ATB)",
        ),
    ] = U("15 yr")
    max_power: (
        Annotated[
            float, Q("W", ge=0, le=1e12, show="MW", description="Upper bound on battery power")
        ]
        | None
    ) = None


class Tracking(StrEnum):
    FIXED = "fixed"
    SINGLE_AXIS = "single_axis"


class SolarPV(ScenarioModel):
    """Utility PV on or near the site."""

    enabled: bool = Field(False, description="Allow PV.")
    capex: Annotated[
        float,
        Q(
            "USD/W",
            ge=0,
            le=100,
            show="USD/kW",
            description="Installed cost per watt AC. Default 1,606 USD/kWac (NREL ATB 2024 via PyPSA technology-data; REFERENCES)",
        ),
    ] = U("1606 USD/kW")
    fixed_om: Annotated[
        float,
        Q(
            "USD/(W*s)",
            ge=0,
            le=1e-5,
            show="USD/(kW*yr)",
            description="Fixed O&M per watt AC. Default 22 USD/kW-yr (NREL ATB 2024, utility PV; assumption within its range)",
        ),
    ] = U("22 USD/(kW*yr)")
    tracking: Tracking = Field(
        Tracking.SINGLE_AXIS,
        description="fixed tilt or single_axis tracking (the US utility norm).",
    )
    tilt: (
        Annotated[
            float, Q("deg", ge=0, le=90, description="Tilt of fixed arrays; default: the latitude")
        ]
        | None
    ) = None
    azimuth: Annotated[
        float,
        Q(
            "deg",
            ge=0,
            lt=360,
            description="Azimuth of fixed arrays, clockwise from north. Default 180° (south)",
        ),
    ] = U("180 deg")
    dc_ac_ratio: Annotated[
        float,
        Q(
            "",
            ge=1,
            le=2.5,
            description="DC modules per AC inverter capacity. Default 1.3 (LBNL Utility-Scale Solar 2024 median ~1.3)",
        ),
    ] = 1.3
    losses: Annotated[
        float,
        Q(
            "",
            ge=0,
            lt=1,
            description="System losses (soiling, wiring, mismatch, availability). Default 14.08 % (PVWatts v5 default, NREL/TP-6A20-62641)",
        ),
    ] = U("14.08 %")
    land_per_power: Annotated[
        float,
        Q(
            "m^2/W",
            ge=0,
            le=1,
            show="m^2/kW",
            description="Land per watt AC. Default 29.5 m²/kW: 7.3 acres/MWac (Ong et al. 2013, NREL/TP-6A20-56290, total area, tracking)",
        ),
    ] = U("29.5 m^2/kW")
    life: Annotated[
        float,
        Q(
            "s",
            ge=2629800.0,  # floor: a month (no input may overflow the annuity)
            le=100 * 3.15576e7,
            show="yr",
            description="Economic life. Default 30 yr (NREL ATB)",
        ),
    ] = U("30 yr")
    max_capacity: (
        Annotated[
            float,
            Q("W", ge=0, le=1e12, show="MW", description="Upper bound on PV AC capacity (land)"),
        ]
        | None
    ) = None


class Grid(ScenarioModel):
    """The utility connection."""

    connection_limit: Annotated[
        float,
        Q(
            "W",
            ge=0,
            le=1e12,
            show="MW",
            description="Largest import (and export) power. 0: no grid",
        ),
    ] = U("0 MW")
    price: Annotated[
        float,
        Q(
            "USD/J",
            ge=0,  # a flat price for a whole year is never negative; hourly negatives go in price_file
            le=1e-3,
            show="USD/(MW*h)",
            description="Flat energy price. Default 60 USD/MWh (assumption: US industrial tariff ~8 ¢/kWh less demand charges; EIA Electric Power Monthly 2025)",
        ),
    ] = U("60 USD/(MW*h)")
    peak_price: (
        Annotated[
            float,
            Q(
                "USD/J",
                ge=-1e-3,
                le=1e-3,
                show="USD/(MW*h)",
                description="Time-of-use: price in peak hours (replaces `price` in those hours)",
            ),
        ]
        | None
    ) = None
    peak_hours: tuple[int, int] = Field(
        (14, 20),
        description="Time-of-use: first and last+1 local standard hour of the daily peak [h].",
    )
    price_file: str | None = Field(
        None,
        description="CSV with an hourly price column (8,760 rows, USD/MWh, row 0 = the hour starting 00:00 UTC on 1 January), header 'price_usd_per_mwh'; overrides price and peak_price. Relative to the scenario file.",
    )
    export_allowed: bool = Field(False, description="Allow selling to the grid (at export_price).")
    export_price: (
        Annotated[
            float,
            Q(
                "USD/J",
                ge=-1e-3,
                le=1e-3,
                show="USD/(MW*h)",
                description="Price received for exported energy; default: half the import price in each hour (assumption: wholesale, not retail)",
            ),
        ]
        | None
    ) = None
    co2_intensity: Annotated[
        float,
        Q(
            "kg/J",
            ge=0,
            le=1e-5,
            show="kg/(MW*h)",
            description="CO₂ per unit imported energy. Default 390 kg/MWh: eGRID2022 SRTV (TVA) subregion output emission rate (EPA; approximate)",
        ),
    ] = U("390 kg/(MW*h)")
    capex: Annotated[
        float,
        Q(
            "USD/W",
            ge=0,
            le=100,
            show="USD/kW",
            description="Interconnection cost per watt of connection. Default 100 USD/kW (assumption; substation and line share)",
        ),
    ] = U("100 USD/kW")
    life: Annotated[
        float,
        Q(
            "s",
            ge=2629800.0,  # floor: a month (no input may overflow the annuity)
            le=100 * 3.15576e7,
            show="yr",
            description="Economic life of the interconnection. Default 40 yr (assumption)",
        ),
    ] = U("40 yr")

    @model_validator(mode="after")
    def _hours(self) -> Grid:
        a, b = self.peak_hours
        if not 0 <= a < b <= 24:
            raise ProblemsError(
                [
                    Problem(
                        "peak_hours",
                        f"peak hours must satisfy 0 ≤ first < last ≤ 24 (got {list(self.peak_hours)})",
                        hint="e.g. peak_hours: [14, 20]",
                    )
                ]
            )
        return self


class Plant(ScenarioModel):
    """The power plant options the optimiser may build and dispatch."""

    gas_turbines: GasTurbines = Field(default_factory=GasTurbines)
    batteries: Batteries = Field(default_factory=Batteries)
    pv: SolarPV = Field(default_factory=SolarPV)
    grid: Grid = Field(default_factory=Grid)
    value_of_lost_load: (
        Annotated[
            float,
            Q(
                "USD/J",
                ge=1000 / 3.6e9,
                le=1e-1,
                show="USD/(MW*h)",
                description="Price of unserved energy; omit to forbid unserved energy. E.g. 10,000 USD/MWh. At least 1,000 USD/MWh: below the cost of supplying energy the plant would serve nothing (European VOLL estimates 1,500-22,000 EUR/MWh, ACER 2018; ERCOT's offer cap 5,000 USD/MWh, 2024)",
            ),
        ]
        | None
    ) = None
    co2_price: Annotated[
        float, Q("USD/kg", ge=0, le=10, show="USD/t", description="Price on CO₂ emissions")
    ] = U("0 USD/t")
    co2_cap: (
        Annotated[
            float, Q("kg", ge=0, le=1e13, show="t", description="Cap on annual CO₂ emissions")
        ]
        | None
    ) = None
    solver: LpSolver = Field(
        LpSolver.AUTO,
        description="HiGHS' algorithm for the sizing and dispatch LP: the same optimum, found faster or slower. auto: a first-order PDLP (HiGHS' hipdlp at relative tolerance 1e-10, at most 2,000 iterations), falling back to simplex when it stops short or its solution misses the results' tolerance (1e-7 of the load and cost scales); ~5× faster than simplex on the 1 GW Memphis year, ~2 s slower where PDLP does not converge (measured, HiGHS 1.16; benchmarks/ground_year.py). simplex: HiGHS' dual simplex (an exact vertex; PyPSA's default). pdlp (cuPDLP-C) and hipdlp: that PDLP alone, no iteration limit, no fallback. ipm: interior point (IPX) with crossover. The result says which ran and how (ground.solver). Unit commitment's second stage always uses HiGHS' default.",
    )


class Swings(ScenarioModel):
    """The analysis of the sub-second power of synchronous training (the profile itself is
    the workload's, ``workload.training``) and the storage that smooths it."""

    enabled: bool = Field(True, description="Analyse the sub-second swings.")
    sample_rate: Annotated[
        float, Q("Hz", ge=100, le=10000, description="Sample rate of the profile (≥ 100 Hz)")
    ] = U("100 Hz")
    duration: Annotated[
        float,
        Q(
            "s",
            ge=10,
            le=86400,
            show="min",
            description="Length of the analysed profile. Default 1 h",
        ),
    ] = U("1 h")
    ramp_limit: Annotated[
        float,
        Q(
            "W/s",
            ge=1e3,  # floor: 1 kW/s (no accepted input may overflow to inf or NaN)
            le=1e12,
            show="MW/s",
            description="Largest ramp the turbines and grid may see. Default 10 MW/s per GW of IT (assumption; utility interconnection specs state MW/s limits)",
        ),
    ] = U("10 MW/s")
    floor_fraction: (
        Annotated[
            float,
            Q(
                "",
                ge=0,
                le=1,
                description="GPU power floor as a fraction of peak (burns energy in communication phases); omit for none",
            ),
        ]
        | None
    ) = None


class GroundEconomics(ScenarioModel):
    """Money."""

    discount_rate: DiscountRate = 0.07
    # -- site lines (issue #12 item 6); their orbit twins are in ground/money.py ------------
    property_tax_rate: Annotated[
        float,
        Q(
            "1/s",
            ge=0,
            le=1,
            show="1/yr",
            description="Property tax per year on the capex inside the cost boundary and the land (servers are taxed as business personal property in many US states). Default 1 %/yr (assumption: US effective commercial rates ~1-2.5 %/yr, data-centre abatements (PILOT) take them towards 0; range 0-2.5 %/yr)",
        ),
    ] = U("1 %/yr")
    property_insurance_rate: Annotated[
        float,
        Q(
            "1/s",
            ge=0,
            le=1,
            show="1/yr",
            description="Property insurance premium per year on the capex inside the cost boundary. Default 0.3 %/yr (assumption: commercial property rates ~0.1-0.6 %/yr of insured value; range 0.1-0.6 %/yr)",
        ),
    ] = U("0.3 %/yr")
    boundary: Boundary = Field(
        Boundary.FULL,
        description="Which costs count: energy_only (the power plant and its energy), power_and_cooling (plus the facility), full (plus accelerators).",
    )

    @model_validator(mode="after")
    def _no_launch(self) -> GroundEconomics:
        if self.boundary is Boundary.LAUNCH_ONLY:
            raise ProblemsError(
                [
                    Problem(
                        "boundary",
                        "launch_only has no meaning on the ground",
                        hint="use energy_only, power_and_cooling or full",
                    )
                ]
            )
        return self


class GroundScenario(ScenarioModel):
    """A ground compute site: a data centre and the plant that powers it."""

    name: str = Field(description="Short name of the scenario.")
    description: str = Field("", description="What the scenario represents, with its sources.")
    title: str = Field("", max_length=MAX_TITLE, description=TITLE_DESCRIPTION)
    site: Literal["ground"] = Field(description="Kind of site.")
    workload: Workload
    location: Site
    facility: Facility = Field(default_factory=Facility)
    plant: Plant = Field(default_factory=Plant)
    swings: Swings = Field(default_factory=Swings)
    economics: GroundEconomics = Field(default_factory=GroundEconomics)
    deployment: GroundDeployment = GroundDeploymentField
    catalog: UserCatalog = Field(default_factory=UserCatalog)
    uncertainty: Uncertainty = Field(
        default_factory=Uncertainty,
        description="Uncertain inputs for `wattflop montecarlo` (ignored by `wattflop run`).",
    )

    REFS: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = (
        ("accelerators", ("workload", "accelerator")),
    )

    @property
    def accelerator(self) -> Accelerator:
        return resolve_entry(self.catalog, "accelerators", self.workload.accelerator)  # type: ignore[no-any-return]

    @model_validator(mode="before")
    @classmethod
    def _title(cls, data: Any) -> Any:
        return title_or_name(data)

    @model_validator(mode="after")
    def _names_exist(self) -> GroundScenario:
        check_names(
            (("accelerators", self.workload.accelerator, "workload.accelerator"),), self.catalog
        )
        tr, sw = self.workload.training, self.swings
        if sw.enabled and tr is not None and tr.iteration_period * sw.sample_rate < 2.0:
            raise ProblemsError(
                [
                    Problem(
                        "workload.training.iteration_period",
                        f"the swing analysis samples at {sw.sample_rate:g} Hz: an iteration must "
                        f"span at least two samples, ≥ {2.0 / sw.sample_rate:g} s "
                        f"(got {tr.iteration_period:g} s)",
                        hint="raise swings.sample_rate, or set swings.enabled: false",
                    )
                ]
            )
        p = self.plant
        if not (p.gas_turbines.enabled or p.pv.enabled or p.grid.connection_limit > 0):
            raise ProblemsError(
                [
                    Problem(
                        "plant",
                        "no source of energy: enable gas_turbines or pv, or give grid.connection_limit > 0",
                    )
                ]
            )
        return self

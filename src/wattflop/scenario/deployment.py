"""Time to power: when each site starts delivering compute, counted from the decision date.

Time 0 is the decision to build. The ground site is ready when its data centre is built; each
power source (the grid share, the gas turbines, PV with its batteries) comes online at its own
lead time, and the compute runs as far as the power online allows. The orbital fleet comes off
a production line after a first-unit lead time, flies at a launch cadence, and computes after
commissioning. :mod:`wattflop.deployment` turns these schedules into money.

Every default is a public figure with its date and a range, or an assumption that says so;
most are secondary (press reports of 2025–2026) because the primary figures are not public.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from wattflop.quantity import Q, U
from wattflop.scenario.common import ScenarioModel

#: Longest lead time a key accepts: 50 years [s] (a break-even may search far past the default).
_MAX_WAIT_S = 50 * 3.15576e7
#: Fastest rate a key accepts: 10⁹ per month [1/s] (effectively "no limit").
_MAX_RATE = 1e9 / (3.15576e7 / 12)


class GroundDeployment(ScenarioModel):
    """When the ground site's building and each of its power sources are ready."""

    interconnection_wait: Annotated[
        float,
        Q(
            "s",
            ge=0,
            le=_MAX_WAIT_S,
            show="month",
            description="Time from the decision until the utility delivers the plan's grid share (study, agreement, substation). Default 12 months: xAI 'spent a year sorting out access to that 1 GW' in Memphis (interview; press reports, secondary, 2025). Range 6–84 months: US large-load queues are reported at 2–7 years in 2025 (utility and ISO reports as summarised by the trade press, secondary)",
        ),
    ] = U("12 month")
    gas_turbine_lead_time: Annotated[
        float,
        Q(
            "s",
            ge=0,
            le=_MAX_WAIT_S,
            show="month",
            description="Time from the decision until the gas turbines run (order, delivery, installation, permit). Default 18 months: aeroderivative and trailer-mounted units (the scenario's 35 MW LM2500XPRESS class) quoted at 1–2 years in 2025 (trade press, secondary). Range 4–84 months: Colossus 1 ran mobile turbines within months (press reports, secondary, 2024); large frame units are sold out to 2028–2030, 5–7 years (GE Vernova, Siemens Energy, Mitsubishi Power statements as reported, secondary, 2025)",
        ),
    ] = U("18 month")
    pv_battery_lead_time: Annotated[
        float,
        Q(
            "s",
            ge=0,
            le=_MAX_WAIT_S,
            show="month",
            description="Time from the decision until the PV plant and its batteries run, behind the meter (no grid queue). Default 12 months (assumption: utility PV and battery construction after permits). Range 6–36 months (assumption)",
        ),
    ] = U("12 month")
    construction_time: Annotated[
        float,
        Q(
            "s",
            ge=0,
            le=_MAX_WAIT_S,
            show="month",
            description="Time from the decision until the data centre (building, cooling, electrical fit-out) is ready for accelerators. Default 18 months: 12–24 months typical for a large data centre (industry guides, secondary). Range 4–36 months: xAI built Colossus 1 in 122 days (press reports, secondary, 2024)",
        ),
    ] = U("18 month")


class OrbitDeployment(ScenarioModel):
    """How fast the fleet is built, flown and switched on."""

    first_unit_lead_time: Annotated[
        float,
        Q(
            "s",
            ge=0,
            le=_MAX_WAIT_S,
            show="month",
            description="Time from the decision until the production line and the launch pad start (design, qualification, factory, first vehicle). Default 24 months (assumption: SpaceX revealed its AI1 compute satellite in June 2026 and targets 1 GW by end 2027, secondary, which implies ≤ 18 months for a firm that already builds Starlink). Range 12–60 months (assumption)",
        ),
    ] = U("24 month")
    production_rate: Annotated[
        float,
        Q(
            "1/s",
            ge=0.01 / 2629800.0,  # floor: one per 100 months (a month of 30.4375 days)
            le=_MAX_RATE,
            show="1/month",
            description="Satellites the line finishes per month once it runs. Default 100 /month (assumption: SpaceX's Redmond factory sustains ~70 Starlink satellites a week, ~300 /month, of 0.6–0.8 t each (SpaceX video, Aug 2025, secondary; 120 /month in 2020, FCC filing); compute satellites several tonnes each are taken at a third of that count). Range 20–600 /month (assumption)",
        ),
    ] = U("100 1/month")
    launch_cadence: Annotated[
        float,
        Q(
            "1/s",
            ge=0.01 / 2629800.0,  # floor: one per 100 months (a month of 30.4375 days)
            le=_MAX_RATE,
            show="1/month",
            description="Launches per month available to the fleet; satellites per launch follow from the vehicle's payload and fairing. Default 8 /month (assumption: Falcon 9 flew ~165 times in 2025, ~14 /month, secondary; Starship flew ~4 orbital flights in 2026, secondary, REFERENCES). Range 1–30 /month (assumption)",
        ),
    ] = U("8 1/month")
    commissioning_time: Annotated[
        float,
        Q(
            "s",
            ge=0,
            le=_MAX_WAIT_S,
            show="month",
            description="Time from launch until a satellite computes (orbit raising, checkout, link acquisition). Default 2 months (assumption: Starlink satellites raise orbit over weeks to months, secondary). Range 0.5–6 months (assumption)",
        ),
    ] = U("2 month")


#: Field used by both scenario models: a schedule that defaults to the sourced values.
GroundDeploymentField = Field(
    default_factory=GroundDeployment,
    description="Time to power: lead times of the building and of each power source, from the decision date.",
)
OrbitDeploymentField = Field(
    default_factory=OrbitDeployment,
    description="Time to power: first-unit lead time, production rate, launch cadence and commissioning, from the decision date.",
)

r"""Time to power in money: capital that waits for power, and compute that arrives late.

The annual cost of a site (:mod:`wattflop.ground.money`, :mod:`wattflop.orbit.money`) assumes
every asset is paid for, and delivers, from the decision date. This module prices the
schedule of :mod:`wattflop.scenario.deployment`: :func:`ground_schedule` and
:func:`orbit_schedule` turn lead times and rates into a :class:`Schedule`, and
:func:`time_to_power` turns a schedule and the annual cost by line into two more cost lines,
``idle_capital`` and ``late_compute`` [USD/yr], that add to the annual cost (so cost per
EFLOP by line still sums to the total). Every value broadcasts over Monte Carlo samples.

Derivation
----------
Time *t* [yr] runs from the decision date, *r* is the real discount rate, g = 1 + r. The
site's compute comes online in tranches k (a power source, a launch) at times o_k with shares
w_k of the full compute (Σ w_k = 1).

**Idle capital** (interest during the wait; Short, Packey & Holt, NREL/TP-462-5173, 1995, §4
on time value). A line's capital K is paid at t_p (lump sum when it is finished or bought) and
starts to deliver at t_o ≥ t_p. The annual cost K·CRF assumes payment when delivery starts;
paid t_o − t_p earlier, the same capital is worth K·g^{t_o − t_p} at t_o. The extra, annualised
over the line's own life with the same capital recovery factor:

    idle_line = K·CRF·(g^{t_o − t_p} − 1) = annual_line · (φ_line − 1),

with φ_line the capital-weighted mean of g^{t_o − t_p} over the line's tranches. A tranche that
waits 12 months at 7 % costs (1.07 − 1) = 7 % of its annualised capital. Capital is counted
when finished (overnight cost): interest *during* construction is not added.

**Late compute** (the value of time). Costs are now referenced to the time each tranche
delivers. Referenced to the decision date, with compute valued as if needed then (the source
interviews' premise: chips that "sit idle for lack of power" are compute lost), the stream
of tranche k is worth g^{−o_k} of an on-time stream, so the levelised cost referenced to the
decision date rises by

    1/S, S = Σ_k w_k·g^{−o_k}, late = (annual + idle)·(1/S − 1).

For one tranche, 1/S = g^{o}: the (1+r)^delay of a levelised cost delayed by o. For a ramp,
1/S = g^{D*} with D* the discount-equivalent delay, within second order of the compute-weighted
mean delay D = Σ w_k·o_k that :class:`Schedule` reports (D* ≤ D by Jensen's inequality).

The total is (annual + idle)·(1/S) = annual + idle + late, so the two lines add to the annual
cost. Both are exactly 0 when every wait is 0 (g⁰ − 1 = 0). They measure different things:
``idle_capital`` is the owner's financing cost of paying before delivering; ``late_compute``
is the user's cost of waiting. A purely financial view, in which compute is worth only its
discounted value when it arrives, counts ``idle_capital`` alone.

Examples
--------
One tranche: capital 100 USD (annualised over 5 yr at 7 %) waits 12 months for power.

>>> from wattflop.economics import capital_recovery_factor
>>> crf = float(capital_recovery_factor(0.07, 5))
>>> s = Schedule.single(wait_months=12, online_months=12, rate=0.07, lines=("accelerators",))
>>> t = time_to_power(s, {"accelerators": 100 * crf})
>>> round(float(t.idle_capital) / crf, 6)  # 7 % of the capital
7.0
>>> round(float(t.late_compute) / (107 * crf), 6)  # the cost, delivered a year late
0.07
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from wattflop.constants import YEAR_S
from wattflop.parameters import FloatArray, Value, as_array

MONTHS_PER_YEAR = 12.0

#: Ground capital lines → the power group whose lead time they follow. ``site`` lines are
#: bought when the building is ready and deliver as the power arrives; lines not named here
#: (new lines) are taken as ``site``.
GROUND_LINE_GROUP: dict[str, str] = {
    "accelerators": "site",
    "facility": "site",
    "smoothing_battery": "site",  # the sub-second buffer runs with the compute
    "gas_turbines": "gas",
    "grid_connection": "grid",
    "pv": "pv_battery",
    "batteries": "pv_battery",
}

#: Orbital capital lines paid at launch; every other capital line is paid when its satellite
#: is finished.
ORBIT_LAUNCH_LINES = frozenset({"launch"})


@dataclass(frozen=True)
class GroundDeploymentInputs:
    """The ground schedule's keys (``deployment.*``), SI; mirrors
    :class:`wattflop.scenario.deployment.GroundDeployment` for :func:`wattflop.parameters.build`."""

    interconnection_wait: Value  #: [s]
    gas_turbine_lead_time: Value  #: [s]
    pv_battery_lead_time: Value  #: [s]
    construction_time: Value  #: [s]


@dataclass(frozen=True)
class OrbitDeploymentInputs:
    """The orbital schedule's keys (``deployment.*``), SI; mirrors
    :class:`wattflop.scenario.deployment.OrbitDeployment`."""

    first_unit_lead_time: Value  #: [s]
    production_rate: Value  #: satellites per second [1/s]
    launch_cadence: Value  #: launches per second [1/s]
    commissioning_time: Value  #: [s]


@dataclass(frozen=True)
class Schedule:
    """A deployment schedule reduced to what money needs; one value per sample.

    ``carry_excess[line]`` is φ_line − 1, the capital-weighted mean of g^{t_o − t_p} − 1 over
    the line's tranches; ``late_excess`` is 1/S − 1 (see the module docstring).
    """

    months_to_first_power: FloatArray  #: decision → first compute [month]
    months_to_full_power: FloatArray  #: decision → all compute [month]
    mean_delay_months: FloatArray  #: compute-weighted mean time to power [month]
    accelerator_months_idle: FloatArray  #: accelerators × months bought but not powered
    carry_excess: dict[str, FloatArray]  #: by capital line [-]
    late_excess: FloatArray  #: [-]

    @classmethod
    def single(
        cls,
        wait_months: Value,
        online_months: Value,
        rate: Value,
        lines: Iterable[str],
        accelerators: Value = 0.0,
    ) -> Schedule:
        """One tranche: every capital line paid ``wait_months`` before it delivers, all
        compute online at ``online_months``."""
        lam = np.log1p(as_array(rate))
        wait = as_array(wait_months) / MONTHS_PER_YEAR
        online = as_array(online_months)
        carry = as_array(np.expm1(lam * wait))
        return cls(
            months_to_first_power=online,
            months_to_full_power=online,
            mean_delay_months=online,
            accelerator_months_idle=as_array(as_array(accelerators) * wait * MONTHS_PER_YEAR),
            carry_excess={line: carry for line in lines},
            late_excess=as_array(np.expm1(lam * online / MONTHS_PER_YEAR)),
        )


@dataclass(frozen=True)
class TimeToPower:
    """The money of a schedule; one value per sample. Add ``idle_capital`` and
    ``late_compute`` to the annual cost and to its lines (:meth:`lines`)."""

    idle_capital: FloatArray  #: [USD/yr]
    idle_capital_by_line: dict[str, FloatArray]  #: [USD/yr]
    late_compute: FloatArray  #: [USD/yr]
    late_factor: FloatArray  #: 1/S: the levelised cost referenced to the decision date rises by it
    schedule: Schedule

    def lines(self) -> dict[str, FloatArray]:
        """The two cost lines by name [USD/yr], to add to ``annual_by_line``."""
        return {"idle_capital": self.idle_capital, "late_compute": self.late_compute}


def time_to_power(schedule: Schedule, annual_by_line: Mapping[str, Value]) -> TimeToPower:
    """Idle capital and late compute of a schedule [USD/yr] (module docstring).

    Parameters
    ----------
    schedule : Schedule
        From :func:`ground_schedule`, :func:`orbit_schedule` or :meth:`Schedule.single`; its
        ``carry_excess`` names the capital lines.
    annual_by_line : mapping
        The site's annual cost by line [USD/yr], capital lines annualised (capex·CRF) and
        operating lines as they are; every line counts in the late-compute base.

    Examples
    --------
    No wait, no cost:

    >>> s = Schedule.single(0, 0, 0.07, ("facility",))
    >>> t = time_to_power(s, {"facility": 1e9, "fuel": 2e8})
    >>> float(t.idle_capital), float(t.late_compute)
    (0.0, 0.0)
    """
    idle_by_line = {
        line: as_array(annual_by_line[line] * excess)
        for line, excess in schedule.carry_excess.items()
        if line in annual_by_line
    }
    idle = as_array(sum(idle_by_line.values(), as_array(0.0)))
    annual = as_array(sum((as_array(v) for v in annual_by_line.values()), as_array(0.0)))
    late = as_array((annual + idle) * schedule.late_excess)
    return TimeToPower(
        idle_capital=idle,
        idle_capital_by_line=idle_by_line,
        late_compute=late,
        late_factor=as_array(1.0 + schedule.late_excess),
        schedule=schedule,
    )


# ---------------------------------------------------------------------------------------
# Ground
# ---------------------------------------------------------------------------------------


def ground_schedule(
    d: GroundDeploymentInputs,
    *,
    rate: Value,
    capital_lines: Iterable[str],
    accelerators: Value,
    load_mw: Value,
    gas_mw: Value,
    gas_availability: Value,
    grid_mw: Value,
    pv_mw: Value,
) -> Schedule:
    """The ground site's schedule: the building, then power source by power source.

    The data centre is ready at ``construction_time`` T_c; the accelerators are bought then.
    Each power group g (grid share, gas turbines, PV with batteries) is finished at its lead
    time T_g and feeds the site from τ_g = max(T_g, T_c). The share of compute powered at t is

        f(t) = min(1, Σ_{g: τ_g ≤ t} P_g / P_load) / min(1, Σ_g P_g / P_load),

    with P_g what the group delivers on average [MW] — gas: capacity × availability; grid:
    the connection limit; PV with its batteries: PV's mean output, shifted by the batteries to
    any hour — and P_load the site's mean load. The denominator makes the full plan deliver
    what the annual cost assumes (its own ``served`` share). It is an energy balance, not an
    hourly one: PV without its batteries could not carry the nights.

    Capital timing: ``site`` lines (:data:`GROUND_LINE_GROUP`: accelerators, facility,
    smoothing battery, and any line not named) are paid at T_c and deliver with f; a power
    group's lines are paid at T_g and deliver from τ_g.

    Parameters
    ----------
    d : GroundDeploymentInputs
        Lead times [s].
    rate : float or array
        Real discount rate [-].
    capital_lines : iterable of str
        The capital lines of the annual cost (``PlantMoney.capex_in``).
    accelerators : float or array
        Accelerators bought [-].
    load_mw, gas_mw, gas_availability, grid_mw, pv_mw : float or array
        Mean site load [MW]; gas capacity [MW] and its availability [-]; the grid's
        connection limit [MW]; PV's mean delivered output [MW] (annual MWh / hours).

    Examples
    --------
    Gas carries 97 % of a 911 MW load and arrives with the building at 18 months; the
    grid's 150 MW arrives at 12 and waits 6 months for the building:

    >>> d = GroundDeploymentInputs(
    ...     interconnection_wait=YEAR_S, gas_turbine_lead_time=1.5 * YEAR_S,
    ...     pv_battery_lead_time=YEAR_S, construction_time=1.5 * YEAR_S)
    >>> s = ground_schedule(d, rate=0.07, capital_lines=["accelerators", "grid_connection"],
    ...     accelerators=1000, load_mw=911.5, gas_mw=953.3, gas_availability=0.93,
    ...     grid_mw=150.0, pv_mw=0.0)
    >>> float(s.months_to_first_power), float(s.mean_delay_months)
    (18.0, 18.0)
    >>> round(float(s.carry_excess["grid_connection"]), 5)  # 1.07 ** 0.5 - 1
    0.03441
    >>> float(s.carry_excess["accelerators"]), float(s.accelerator_months_idle)
    (0.0, 0.0)
    """
    lam = np.log1p(as_array(rate))
    t_c = as_array(d.construction_time) / YEAR_S
    ready = np.stack(
        np.broadcast_arrays(
            as_array(d.interconnection_wait) / YEAR_S,
            as_array(d.gas_turbine_lead_time) / YEAR_S,
            as_array(d.pv_battery_lead_time) / YEAR_S,
        ),
        axis=-1,
    )  # (..., 3): grid, gas, pv_battery
    names = ("grid", "gas", "pv_battery")
    supply = np.stack(
        np.broadcast_arrays(
            as_array(grid_mw), as_array(gas_mw) * as_array(gas_availability), as_array(pv_mw)
        ),
        axis=-1,
    )
    ready, supply = np.broadcast_arrays(ready, supply)
    tc = as_array(t_c)[..., None]
    online = np.maximum(ready, tc)
    order = np.argsort(online, axis=-1, kind="stable")
    times = np.take_along_axis(online, order, axis=-1)
    cum = np.cumsum(np.take_along_axis(supply, order, axis=-1), axis=-1)
    load = as_array(load_mw)[..., None]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.minimum(1.0, cum / load)
        frac = frac / frac[..., -1:]  # the full plan delivers its own share
    w = np.diff(frac, axis=-1, prepend=0.0)  # (..., 3) compute share coming online at times
    delivering = w > 0
    first = np.min(np.where(delivering, times, np.inf), axis=-1)
    full = np.max(np.where(delivering, times, -np.inf), axis=-1)
    mean_delay = np.sum(w * times, axis=-1)
    lam_k = lam[..., None]
    late_shortfall = -np.sum(w * np.expm1(-lam_k * times), axis=-1)  # 1 − S
    late_excess = late_shortfall / (1.0 - late_shortfall)
    site_carry = np.sum(w * np.expm1(lam_k * (times - tc)), axis=-1)
    group_carry = {
        name: as_array(np.expm1(lam * (online[..., i] - ready[..., i])))
        for i, name in enumerate(names)
    }
    carry = {
        line: as_array(
            group_carry[GROUND_LINE_GROUP.get(line, "site")]
            if GROUND_LINE_GROUP.get(line, "site") != "site"
            else site_carry
        )
        for line in capital_lines
    }
    idle_years = np.sum(w * (times - tc), axis=-1)
    return Schedule(
        months_to_first_power=as_array(first * MONTHS_PER_YEAR),
        months_to_full_power=as_array(full * MONTHS_PER_YEAR),
        mean_delay_months=as_array(mean_delay * MONTHS_PER_YEAR),
        accelerator_months_idle=as_array(as_array(accelerators) * idle_years * MONTHS_PER_YEAR),
        carry_excess=carry,
        late_excess=as_array(late_excess),
    )


# ---------------------------------------------------------------------------------------
# Orbit
# ---------------------------------------------------------------------------------------


def _geo(u: FloatArray, n: FloatArray) -> FloatArray:
    """Σ_{j=1}^{n} e^{j·u}, exactly n at u = 0 (and 0 for n = 0)."""
    u, n = np.broadcast_arrays(as_array(u), as_array(n))
    safe = np.where(u == 0.0, 1.0, u)
    with np.errstate(over="ignore", invalid="ignore"):
        s = np.exp(safe) * np.expm1(n * safe) / np.expm1(safe)
    return as_array(np.where(u == 0.0, n, np.where(n == 0.0, 0.0, s)))


def orbit_schedule(
    d: OrbitDeploymentInputs,
    *,
    rate: Value,
    capital_lines: Iterable[str],
    n_sat: Value,
    per_launch: Value,
    accelerators_per_satellite: Value,
) -> Schedule:
    """The fleet's schedule: a production line, a launch cadence, commissioning.

    From the decision, the line and pad start at T (``first_unit_lead_time``). Launch j = 1…L
    carries m satellites (the last one the rest, m_L = n − (L−1)·m); the pad flies one launch
    every c = 1/cadence. The line finishes a satellite every p = max(1/production rate, c/m):
    at its own rate, or paced to the pad when launches are slower (whichever rate is slower
    binds; a line that outran the pad would only build satellites to wait). Satellite
    k = 1…n is finished at b_k = T + k·p, and launch j flies at

        l_j = T + max(min(j·m, n)·p, j·c),

    the later of its last satellite and the pad's j-th slot, i.e. T + j·m·p for j < L and
    T + max(n·p, L·c) for the last. Its satellites compute from o_j = l_j + C
    (commissioning). Hardware lines (accelerators
    included) are paid when their satellite is finished, launch lines
    (:data:`ORBIT_LAUNCH_LINES`) at launch. The sums over satellites are geometric series in
    closed form, so the cost is the same for 10 or 10⁵ satellites and broadcasts over samples.

    Parameters
    ----------
    d : OrbitDeploymentInputs
        Lead times [s] and rates [1/s] (an infinite rate is no limit).
    rate : float or array
        Real discount rate [-].
    capital_lines : iterable of str
        The capital lines of the annual cost (``FleetMoney.capex``).
    n_sat, per_launch : float or array
        Satellites in the fleet and per launch (``FleetMoney.n_sat``, ``.per_launch``).
    accelerators_per_satellite : float or array
        Accelerators flown per satellite, spares included [-].

    Examples
    --------
    120 satellites at 10 a month, 12 per launch, unlimited pad: the last one is finished,
    and flown, at lead + n/R = 6 + 12 months, and computes a month later:

    >>> month = YEAR_S / 12
    >>> d = OrbitDeploymentInputs(first_unit_lead_time=6 * month,
    ...     production_rate=10 / month, launch_cadence=np.inf, commissioning_time=month)
    >>> s = orbit_schedule(d, rate=0.07, capital_lines=["bus", "launch"], n_sat=120,
    ...     per_launch=12, accelerators_per_satellite=8)
    >>> float(s.months_to_first_power), float(s.months_to_full_power)
    (8.2, 19.0)
    """
    lam = np.log1p(as_array(rate))
    t_lead = as_array(d.first_unit_lead_time) / YEAR_S
    t_comm = as_array(d.commissioning_time) / YEAR_S
    with np.errstate(divide="ignore"):
        p = 1.0 / (as_array(d.production_rate) * YEAR_S)  # years per satellite
        c = 1.0 / (as_array(d.launch_cadence) * YEAR_S)  # years per launch
    n = as_array(n_sat)
    with np.errstate(invalid="ignore"):
        m = np.minimum(as_array(per_launch), n)
        m = np.where(m >= 1, m, np.nan)  # a satellite that fits no vehicle has no schedule
        n_launch = np.ceil(n / m - 1e-9)
        m_last = n - (n_launch - 1.0) * m
    p = np.maximum(p, c / m)  # the line is paced to the pad: no satellite built to wait
    step = np.maximum(m * p, c)  # Δ between launches before the last
    t_last = np.maximum(n * p, n_launch * c)  # last launch, after T
    start = t_lead + t_comm

    first = start + np.where(n_launch > 1, step, t_last)
    full = start + t_last
    mean_delay = start + (m * step * n_launch * (n_launch - 1.0) / 2.0 + m_last * t_last) / n

    early = n_launch - 1.0
    shortfall = (
        m * (early - np.exp(-lam * start) * _geo(-lam * step, early))
        - m_last * np.expm1(-lam * (start + t_last))
    ) / n  # 1 − S
    late_excess = shortfall / (1.0 - shortfall)

    def within(k: FloatArray) -> FloatArray:  # Σ_{i=0}^{k-1} e^{λ·i·p}
        return as_array(1.0 + _geo(lam * p, k - 1.0))

    slack = step - m * p  # ≥ 0: launch-bound satellites wait for the pad
    hw_sum = np.exp(lam * t_comm) * (
        _geo(lam * slack, early) * within(m) + np.exp(lam * (t_last - n * p)) * within(m_last)
    )
    hw_carry = as_array(hw_sum / n - 1.0)
    launch_carry = as_array(np.expm1(lam * t_comm))
    idle_years = (
        early * (m * t_comm + p * m * (m - 1.0) / 2.0)
        + m * slack * n_launch * (n_launch - 1.0) / 2.0
        + m_last * (t_comm + t_last - n * p)
        + p * m_last * (m_last - 1.0) / 2.0
    )
    carry = {
        line: launch_carry if line in ORBIT_LAUNCH_LINES else hw_carry for line in capital_lines
    }
    return Schedule(
        months_to_first_power=as_array(first * MONTHS_PER_YEAR),
        months_to_full_power=as_array(full * MONTHS_PER_YEAR),
        mean_delay_months=as_array(mean_delay * MONTHS_PER_YEAR),
        accelerator_months_idle=as_array(
            as_array(accelerators_per_satellite) * idle_years * MONTHS_PER_YEAR
        ),
        carry_excess=carry,
        late_excess=as_array(late_excess),
    )


def schedule_values(t: TimeToPower | None) -> dict[str, float]:
    """The schedule figures of a site's time to power, for its result."""
    if t is None:
        return {}
    s = t.schedule
    return {
        "months_to_first_power": float(s.months_to_first_power),
        "months_to_full_power": float(s.months_to_full_power),
        "mean_delay_months": float(s.mean_delay_months),
        "accelerator_months_idle": float(s.accelerator_months_idle),
        "late_factor": float(t.late_factor),
    }

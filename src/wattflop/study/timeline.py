"""When could orbit overtake ground? Every cost line's price learns on both sides, year by
year, with a range from the spread of the learning rates, and the floor the lines that never
learn leave.

Prices learn by Wright's law (:mod:`wattflop.study.learning`): each price key of the learning
table (:data:`wattflop.study.learning.LINES`) follows one curve of :data:`DEFAULT_CURVES`:
launch with cumulative mass launched, the satellite hardware with cumulative satellites built,
accelerators with cumulative accelerators shipped (the same factor on both sides), the
facility and each kind of plant with its world market. Three cases take every curve at its
low, central and high learning rate. Both sites are evaluated on all years at once with the
vectorised models of :mod:`wattflop.study.uncertainty`: exact for the orbit and for the
ground facility and accelerators; the ground plan and dispatch are held (plant capex
re-priced, an upper bound).

The *floor* of a site is the sum of its cost lines that no learning price drives (fuel,
operations, O&M, …), found from the cost by line (:func:`wattflop.study.learning.make_floor`):
orbit can only cross ground if its floor lies below ground's cost; the *asymptote* is the
site's cost with every learning price at zero.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from wattflop.study.learning import (
    Curve,
    Floor,
    LearningCurves,
    LearningError,
    crossing_years,
    cumulative_for_price,
    floor_of,
    key_factors,
    lines_of,
    make_floor,
)

#: Launch learning: ~20 % per doubling of cumulative mass launched, 18–24 % (Agüera y Arcas
#: et al., "Suncatcher", arXiv:2511.19468 §2.4); curve fitted to its projection: 1,800 USD/kg
#: at 400 t cumulative (see tests/study/test_learning.py).
LAUNCH_RATES = {"slow": 0.18, "central": 0.20, "fast": 0.24}
LAUNCH_FIT_PRICE_USD_PER_KG = 1800.0
LAUNCH_FIT_CUMULATIVE_KG = 400e3
#: ~180 Starship launches a year of ~206 t: 37,000 t/yr (Suncatcher §2.4) [kg/yr].
LAUNCH_CADENCE_KG_PER_YR = 37e6

#: Satellite hardware (bus, power electronics, radiator, link terminals, space solar array,
#: battery in orbit) learns with cumulative *satellites produced*. Units, not mass or watts:
#: unit learning curves, stated per unit built, are how NASA and industry cost estimators
#: carry learning (a progress ratio of 85–95 % per doubling of units for spacecraft and
#: aerospace assemblies: NASA Cost Estimating Handbook, learning-curve section; secondary),
#: and the repetitions of a production line are what teach; a mass or power driver would
#: credit a few big satellites with the learning of many. The line that sets these prices
#: today is Starlink-class mass production (the bus default, 1,000 USD/kg, is quoted for
#: it), so the driver is all LEO satellites built, which Starlink dominates: ~10,000 by
#: end-2025 and ~3,000 a year (Starlink launch statistics compiled by J. McDowell,
#: planet4589.org, 2025; secondary, ±20 %). Rate 10 % (5–15 %), the central an assumption.
SATELLITES = Curve(
    1.0,
    10_000.0,
    0.10,
    3_000.0,
    low=0.05,
    high=0.15,
    driver="LEO satellites produced, all operators [satellites]",
    source="rate 10 % (5–15 %): spacecraft unit learning curves of 85–95 % (NASA Cost "
    "Estimating Handbook; secondary), central an assumption; ~10,000 satellites built by "
    "end-2025, ~3,000/yr (Starlink statistics, J. McDowell, planet4589.org, 2025; secondary)",
)
#: Accelerators: one curve, the same factor on both sides. Semiconductors learn ~20 % per
#: doubling (Irwin & Klenow, J. Polit. Econ. 102:1200, 1994, DRAM generations); range 10–30 %
#: (assumption). ~12 M data-centre accelerators shipped by end-2025, ~7 M/yr (assumption
#: scaled from TechInsights' 3.76 M NVIDIA data-centre GPUs shipped in 2023; secondary, ±50 %).
ACCELERATORS = Curve(
    1.0,
    12e6,
    0.20,
    7e6,
    low=0.10,
    high=0.30,
    driver="data-centre accelerators shipped [units]",
    source="rate 20 % (10–30 %): semiconductor learning (Irwin & Klenow, JPE 102:1200, 1994); "
    "~12 M shipped by end-2025, ~7 M/yr (assumption from TechInsights 2024: 3.76 M NVIDIA "
    "data-centre GPUs in 2023; secondary, ±50 %)",
)
#: Data-centre facility (building, cooling, electrical fit-out): mature trades, low learning:
#: 5 % (0–10 %), assumption (mature technologies' rates in Rubin et al., Energy Policy 86:198,
#: 2015). ~100 GW of data-centre capacity in 2025 growing ~15 GW/yr (assumption from IEA,
#: *Energy and AI*, 2025: 415 TWh used in 2024, ~945 TWh by 2030; ±30 %).
FACILITY = Curve(
    1.0,
    100e9,
    0.05,
    15e9,
    low=0.0,
    high=0.10,
    driver="data-centre capacity built worldwide [W]",
    source="rate 5 % (0–10 %), assumption (mature trades; Rubin et al., Energy Policy 86:198, "
    "2015); ~100 GW built, +15 GW/yr (assumption from IEA Energy and AI 2025, ±30 %)",
)
#: Gas turbines: one-factor learning rates of gas combined cycle and turbines reported from
#: below 0 to above 30 % (Rubin et al., Energy Policy 86:198, 2015; secondary); 10 % (0–20 %).
#: ~1,900 GW gas-fired capacity worldwide, ~50 GW a year added (IEA / Global Energy Monitor
#: 2024; secondary, ±30 %).
GAS_TURBINES = Curve(
    1.0,
    1.9e12,
    0.10,
    50e9,
    low=0.0,
    high=0.20,
    driver="gas-fired capacity installed worldwide [W]",
    source="rate 10 % (0–20 %), reported rates span <0 to >30 % (Rubin et al., Energy Policy "
    "86:198, 2015; secondary); ~1,900 GW installed, ~50 GW/yr (IEA/GEM 2024; secondary)",
)
#: PV plant (installed capex): modules learn ~24 % per doubling over 1976–2023 (ITRPV 15th
#: ed., 2024), the upper end; the balance of system, about half of a utility plant's capex,
#: learns slower: 20 % central (15–24 %; assumption). ~2.2 TW installed by end-2024, ~0.6 TW
#: added in 2024 (IEA PVPS, Snapshot of Global PV Markets 2025).
PV = Curve(
    1.0,
    2.2e12,
    0.20,
    0.6e12,
    low=0.15,
    high=0.24,
    driver="PV installed worldwide [W]",
    source="rate 20 % (15–24 %): modules 24 % (ITRPV 2024), balance of system slower "
    "(assumption); 2.2 TW installed, +0.6 TW/yr (IEA PVPS Snapshot 2025)",
)
#: Li-ion packs: ~18 % per doubling (BloombergNEF battery price survey, 2024); 12–24 %
#: (cells up to ~24 %: Ziegler & Trancik, Energy Environ. Sci. 14:1635, 2021; stationary
#: systems slower, assumption). ~1.2 TWh made in 2024 (IEA Global EV Outlook 2025) on ~5 TWh
#: cumulative (order of magnitude, wattflop estimate from the same outlooks).
BATTERIES = Curve(
    1.0,
    5e12 * 3600.0,
    0.18,
    1.2e12 * 3600.0,
    low=0.12,
    high=0.24,
    driver="Li-ion batteries produced [J]",
    source="rate 18 % (12–24 %): BNEF 2024; Ziegler & Trancik 2021; ~1.2 TWh/yr (IEA GEVO "
    "2025); ~5 TWh cumulative (estimate)",
)
#: Grid connection (substation, transformers, lines): mature equipment, 5 % (0–10 %),
#: assumption; learns with the world's generating capacity, ~9 TW, ~0.6 TW a year added
#: (IEA World Energy Outlook 2024 / Ember 2025; secondary, ±20 %).
GRID_CONNECTION = Curve(
    1.0,
    9e12,
    0.05,
    0.6e12,
    low=0.0,
    high=0.10,
    driver="generating capacity installed worldwide [W]",
    source="rate 5 % (0–10 %), assumption (mature equipment); ~9 TW installed, +0.6 TW/yr "
    "(IEA WEO 2024 / Ember 2025; secondary)",
)

#: The default curves, by name (:data:`wattflop.study.learning.CURVES`); launch is built per
#: scenario by :func:`curves_for` (anchored at the scenario's launch price).
DEFAULT_CURVES: Mapping[str, Curve] = {
    "satellites": SATELLITES,
    "accelerators": ACCELERATORS,
    "facility": FACILITY,
    "gas_turbines": GAS_TURBINES,
    "pv": PV,
    "batteries": BATTERIES,
    "grid_connection": GRID_CONNECTION,
}

#: Cases: every curve at its low, central or high learning rate.
CASES: dict[str, Literal["low", "central", "high"]] = {
    "slow": "low",
    "central": "central",
    "fast": "high",
}

#: Last year a learning timeline extrapolates to.
LAST_YEAR = 2100.0


@dataclass(frozen=True)
class Timeline:
    """Costs per year on both sides for each learning case, the crossing years and the
    floors."""

    years: list[float]
    #: case → rates, factors, orbit, ground, floor per year, cost by line in the last year,
    #: crossing year
    cases: dict[str, dict[str, Any]]
    launch_cadence_t_per_yr: float
    accelerator_learning_rate: float | None  #: an override of the table's rate, or None
    floors: dict[str, Floor]  #: site → its floor at the first year
    curves: list[dict[str, Any]]  #: the curves used (central case), with keys and sources
    metric: str = "usd_per_eflop"
    notes: list[str] = field(default_factory=list)

    @property
    def central_year(self) -> float | None:
        y = self.cases["central"]["crossing_year"]
        return None if y is None else float(y)

    def floor_summary(self) -> str:
        """Orbit's floor and asymptote against ground's cost at the last year."""
        last = self.years[-1]
        o, g = self.floors["orbit"], self.floors["ground"]
        ground_last = self.cases["fast"]["ground"][-1]
        verdict = (
            "the lines that never learn alone keep orbit dearer: no learning rate makes it cross"
            if o.asymptote >= ground_last
            else "the lines that never learn do not rule a crossing out: it turns on the "
            "learning rates"
        )
        return (
            f"orbit's cost lines that never learn sum to {o.total:.3g} USD/EFLOP (ground's "
            f"{g.total:.3g}); with every learning price at zero orbit would cost "
            f"{o.asymptote:.3g} and ground {g.asymptote:.3g}, against ground's {ground_last:.3g} "
            f"in {last:.0f} (fast case): {verdict}"
        )

    def summary(self) -> str:
        ys = {k: c["crossing_year"] for k, c in self.cases.items()}
        last = self.years[-1]
        if all(v is None for v in ys.values()):
            o = self.cases["fast"]["orbit"][-1]
            g = self.cases["fast"]["ground"][-1]
            return (
                f"orbit does not fall below ground by {last:.0f} in any case, even with every "
                f"line learning fast ({o:.3g} vs {g:.3g} USD/EFLOP in {last:.0f})"
            )
        fmt = {k: (f"{v:.0f}" if v is not None else f"after {last:.0f}") for k, v in ys.items()}
        return (
            f"orbit falls below ground in {fmt['central']} (range {fmt['fast']}–{fmt['slow']} "
            "with every line learning fast to slow)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "years": self.years,
            "cases": self.cases,
            "launch_cadence_t_per_yr": self.launch_cadence_t_per_yr,
            "accelerator_learning_rate": self.accelerator_learning_rate,
            "floor": {site: f.to_dict() for site, f in self.floors.items()},
            "curves": self.curves,
            "metric": self.metric,
            "summary": self.summary(),
            "floor_summary": self.floor_summary(),
            "notes": self.notes,
        }


def launch_curve(
    launch_price_now: float, launch_rate: float, launch_cadence_kg_per_yr: float
) -> Curve:
    """Launch anchored at today's scenario price on the Suncatcher fit, at one rate."""
    q_now = float(
        cumulative_for_price(
            launch_price_now,
            price0=LAUNCH_FIT_PRICE_USD_PER_KG,
            cumulative0=LAUNCH_FIT_CUMULATIVE_KG,
            learning_rate=launch_rate,
        )
    )
    lo, hi = min(LAUNCH_RATES.values()), max(LAUNCH_RATES.values())
    return Curve(launch_price_now, q_now, launch_rate, launch_cadence_kg_per_yr,
                 low=min(lo, launch_rate), high=max(hi, launch_rate),
                 driver="mass launched [kg]",
                 source="rate 20 % (18–24 %), Suncatcher §2.4 fit (arXiv:2511.19468), "
                 "anchored at the scenario's price")  # fmt: skip


def curves_for(
    launch_price_now: float,
    case: str = "central",
    year0: float = 2026.0,
    launch_cadence_kg_per_yr: float = LAUNCH_CADENCE_KG_PER_YR,
    accelerator_learning_rate: float | None = None,
) -> LearningCurves:
    """The default curves for one case (``slow``, ``central`` or ``fast``): every curve of
    :data:`DEFAULT_CURVES` at its low, central or high rate, and launch at its case rate
    anchored at today's scenario price. ``accelerator_learning_rate`` overrides the
    accelerators' rate in every case (0: they keep today's price)."""
    if case not in CASES:
        raise LearningError(f"case must be one of {', '.join(CASES)}, got {case!r}")
    curves = dict(LearningCurves(year0, DEFAULT_CURVES).at(CASES[case]).curves)
    if accelerator_learning_rate is not None:
        curves["accelerators"] = ACCELERATORS.with_rate(accelerator_learning_rate)
    curves["launch"] = launch_curve(launch_price_now, LAUNCH_RATES[case], launch_cadence_kg_per_yr)
    return LearningCurves(year0, curves)


def _lines(out: Mapping[str, Any], n: int) -> dict[str, np.ndarray[Any, Any]]:
    from wattflop.study.uncertainty import LINE

    return {
        k[len(LINE) :]: np.broadcast_to(np.asarray(v, dtype=float), (n,))
        for k, v in out.items()
        if k.startswith(LINE)
    }


def timeline(
    orbit_raw: Mapping[str, Any],
    ground_raw: Mapping[str, Any],
    years: np.ndarray[Any, Any] | None = None,
    *,
    launch_cadence_kg_per_yr: float = LAUNCH_CADENCE_KG_PER_YR,
    accelerator_learning_rate: float | None = None,
) -> Timeline:
    """Cost per delivered EFLOP on both sides per year, three learning cases, and each
    site's floor and asymptote.

    Raises
    ------
    LearningError
        For a negative cadence or a learning rate outside [0, 1).
    """
    from wattflop.scenario import GroundScenario, OrbitScenario, parse_scenario
    from wattflop.scenario.keys import catalog_names, get_key, key_spec
    from wattflop.study import uncertainty as unc

    if not (launch_cadence_kg_per_yr >= 0 and math.isfinite(launch_cadence_kg_per_yr)):
        raise LearningError(
            f"the launch cadence must be ≥ 0 t/yr, got {launch_cadence_kg_per_yr / 1e3:g}"
        )
    if accelerator_learning_rate is not None and not 0.0 <= accelerator_learning_rate < 1.0:
        raise LearningError(
            f"the accelerator learning rate must be in [0, 1), got {accelerator_learning_rate}"
        )
    t = np.arange(2026.0, 2061.0) if years is None else np.asarray(years, dtype=float)
    if t.size == 0 or not np.all(np.isfinite(t)) or t.min() < 2026.0 or t.max() > LAST_YEAR:
        raise LearningError(
            f"the years must lie in 2026–{LAST_YEAR:.0f} (the learning rates are fitted on "
            "the last few decades: beyond that they say nothing)"
        )
    orbit_sc, ground_sc = parse_scenario(dict(orbit_raw)), parse_scenario(dict(ground_raw))
    if not isinstance(orbit_sc, OrbitScenario) or not isinstance(ground_sc, GroundScenario):
        raise LearningError("give an orbital scenario, then a ground scenario")
    models = {"orbit": unc.orbit_model(orbit_sc), "ground": unc.ground_model(ground_sc)}
    raws = {"orbit": orbit_raw, "ground": ground_raw}
    names = {s: catalog_names(r) for s, r in raws.items()}
    price_now = get_key(orbit_raw, "launch.price_per_kg")

    where: dict[tuple[str, str], tuple[tuple[str, ...] | None, float]] = {}

    def columns(site: str, per_key: list[dict[str, float]]) -> dict[tuple[str, ...], Any]:
        """Attribute path → value per year, for the keys the site's model reads."""
        model = models[site]
        over: dict[tuple[str, ...], Any] = {}
        for key in sorted(set().union(*per_key)):
            if (site, key) not in where:
                path = unc.attribute_path(model.scenario, key_spec(raws[site], key))
                where[site, key] = (path, get_key(raws[site], key) if path else math.nan)
            path, value = where[site, key]
            if path is None:
                continue  # a catalogue entry the scenario does not use
            if path not in model.reads:
                raise LearningError(f"{key} learns but the {site} model does not read it")
            over[path] = value * np.array([kf.get(key, 1.0) for kf in per_key])
        return over

    # the floor: every learning price of the table at zero, once per site
    central = curves_for(price_now, "central", float(t[0]), launch_cadence_kg_per_yr,
                         accelerator_learning_rate)  # fmt: skip
    zero = dict.fromkeys(central.curves, 0.0)
    floors: dict[str, Floor] = {}
    for site, model in models.items():
        now = _lines(model.evaluate({}), 1)
        at_zero = _lines(model.evaluate(columns(site, [key_factors(site, zero, names[site])])), 1)
        floors[site] = make_floor(
            {k: float(v[0]) for k, v in now.items()}, {k: float(v[0]) for k, v in at_zero.items()}
        )

    cases: dict[str, dict[str, Any]] = {}
    for case in CASES:
        curves = curves_for(price_now, case, float(t[0]), launch_cadence_kg_per_yr,
                            accelerator_learning_rate)  # fmt: skip
        per_year = [curves.factors(float(y)) for y in t]
        cost: dict[str, np.ndarray[Any, Any]] = {}
        floor: dict[str, list[float]] = {}
        last: dict[str, dict[str, float]] = {}
        for site, model in models.items():
            per_key = [key_factors(site, pf, names[site]) for pf in per_year]
            out = model.evaluate(columns(site, per_key))
            cost[site] = np.broadcast_to(np.asarray(out["usd_per_eflop"], float), t.shape).copy()
            by_line = _lines(out, t.size)
            floor[site] = [
                floor_of({k: v[i] for k, v in by_line.items()}, floors[site].learning)
                for i in range(t.size)
            ]
            last[site] = {k: float(v[-1]) for k, v in by_line.items() if v[-1] != 0.0}
        year = crossing_years(cost["orbit"], cost["ground"], t)
        cases[case] = {
            "learning_rates": {k: c.learning_rate for k, c in curves.curves.items()},
            "launch_learning_rate": curves.curves["launch"].learning_rate,
            "launch_price_usd_per_kg": [price_now * p["launch"] for p in per_year],
            "factors": {k: [p[k] for p in per_year] for k in curves.curves},
            "orbit": cost["orbit"].tolist(),
            "ground": cost["ground"].tolist(),
            "floor": floor,
            "by_line_last_year": last,
            "crossing_year": None if math.isnan(float(year)) else float(year),
        }
    table = []
    for name, c in central.curves.items():
        keys = {
            site: [row.key.format_map(names[site]) for row in lines_of(site) if row.curve == name]
            for site in ("orbit", "ground")
        }
        lo, hi = c.rate_range
        table.append({"curve": name, "driver": c.driver, "learning_rate": c.learning_rate,
                      "low": lo, "high": hi, "cadence_per_yr": c.cadence,
                      "cumulative0": c.cumulative0, "keys": keys, "source": c.source})  # fmt: skip
    notes = [
        "orbit: every year re-sizes the fleet with that year's prices (exact); ground: the plan "
        "and dispatch are today's, re-priced (accelerators and facility exact; plant capex an "
        "upper bound)",
        f"launch {launch_cadence_kg_per_yr / 1e3:,.0f} t/yr from {t[0]:.0f}; cases take every "
        "curve at its low (slow), central or high (fast) learning rate",
        "the floor is the sum of the cost lines no learning price drives (found from the cost "
        "by line with every learning price at zero); the asymptote is the cost with every "
        "learning price at zero",
        "accelerators: one curve, the same factor on both sides"
        + (
            f", at {accelerator_learning_rate:.0%}/doubling (given)"
            if accelerator_learning_rate is not None
            else f", at {ACCELERATORS.learning_rate:.0%}/doubling "
            f"({ACCELERATORS.rate_range[0]:.0%}–{ACCELERATORS.rate_range[1]:.0%})"
        ),
    ]
    return Timeline(
        years=t.tolist(),
        cases=cases,
        launch_cadence_t_per_yr=launch_cadence_kg_per_yr / 1e3,
        accelerator_learning_rate=accelerator_learning_rate,
        floors=floors,
        curves=table,
        notes=notes,
    )

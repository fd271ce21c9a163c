"""When could orbit overtake ground? Learning curves on both sides, year by year, with a
range from the spread of the launch learning rate.

Prices learn by Wright's law (:mod:`wattflop.study.learning`): launch with cumulative mass
launched at a stated cadence; solar cells and batteries with their world markets; the
accelerators, when given a learning rate, on both sides alike. Each year's prices scale the
scenarios' own price keys (:data:`wattflop.study.learning.TECHNOLOGY_KEYS`), and both sites
are evaluated on all years at once with the vectorised models of
:mod:`wattflop.study.uncertainty`: exact for the orbit and for ground accelerator prices; the
ground plan and dispatch are held (PV and battery capex re-priced, an upper bound).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from wattflop.study.learning import (
    TECHNOLOGIES,
    Curve,
    LearningCurves,
    LearningError,
    crossing_years,
    cumulative_for_price,
    key_factors,
)

#: Launch learning: ~20 % per doubling of cumulative mass launched, 18–24 % (Agüera y Arcas
#: et al., "Suncatcher", arXiv:2511.19468 §2.4); curve fitted to its projection: 1,800 USD/kg
#: at 400 t cumulative (see tests/study/test_learning.py).
LAUNCH_RATES = {"slow": 0.18, "central": 0.20, "fast": 0.24}
LAUNCH_FIT_PRICE_USD_PER_KG = 1800.0
LAUNCH_FIT_CUMULATIVE_KG = 400e3
#: ~180 Starship launches a year of ~206 t: 37,000 t/yr (Suncatcher §2.4) [kg/yr].
LAUNCH_CADENCE_KG_PER_YR = 37e6

#: PV modules: learning rate ~24 % per doubling over 1976–2023 (ITRPV, International
#: Technology Roadmap for Photovoltaic, 15th ed., 2024); ~2.2 TW installed by end-2024 and
#: ~0.6 TW added in 2024 (IEA PVPS, Snapshot of Global PV Markets 2025).
SOLAR = Curve(
    1.0,
    2.2e12,
    0.24,
    0.6e12,
    source="ITRPV 2024 (24 %/doubling); IEA PVPS Snapshot 2025 (2.2 TW installed, +0.6 TW/yr)",
)
#: Li-ion packs: ~18 % per doubling (BloombergNEF battery price survey, 2024); ~1.2 TWh
#: made in 2024 (IEA Global EV Outlook 2025: battery demand passed 1 TWh) on ~5 TWh
#: cumulative (order of magnitude, wattflop estimate from the same outlooks).
BATTERIES = Curve(
    1.0,
    5e12 * 3600.0,
    0.18,
    1.2e12 * 3600.0,
    source="BNEF 2024 (18 %/doubling); IEA GEVO 2025 (~1.2 TWh/yr); ~5 TWh cumulative (estimate)",
)


#: Last year a learning timeline extrapolates to.
LAST_YEAR = 2100.0


@dataclass(frozen=True)

class Timeline:
    """Costs per year on both sides for each learning case, and the crossing years."""

    years: list[float]
    cases: dict[str, dict[str, Any]]  #: case → launch rate, launch price, orbit, ground, year
    launch_cadence_t_per_yr: float
    accelerator_learning_rate: float
    metric: str = "usd_per_eflop"
    notes: list[str] = field(default_factory=list)

    @property
    def central_year(self) -> float | None:
        y = self.cases["central"]["crossing_year"]
        return None if y is None else float(y)

    def summary(self) -> str:
        ys = {k: c["crossing_year"] for k, c in self.cases.items()}
        last = self.years[-1]
        if all(v is None for v in ys.values()):
            o = self.cases["fast"]["orbit"][-1]
            g = self.cases["fast"]["ground"][-1]
            return (
                f"orbit does not fall below ground by {last:.0f} in any case, even with fast "
                f"launch learning ({o:.3g} vs {g:.3g} USD/EFLOP in {last:.0f})"
            )
        fmt = {k: (f"{v:.0f}" if v is not None else f"after {last:.0f}") for k, v in ys.items()}
        return (
            f"orbit falls below ground in {fmt['central']} (range {fmt['fast']}–{fmt['slow']} "
            f"for launch learning rates {LAUNCH_RATES['fast']:.0%}–{LAUNCH_RATES['slow']:.0%})"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "years": self.years,
            "cases": self.cases,
            "launch_cadence_t_per_yr": self.launch_cadence_t_per_yr,
            "accelerator_learning_rate": self.accelerator_learning_rate,
            "metric": self.metric,
            "summary": self.summary(),
            "notes": self.notes,
        }


def curves_for(
    launch_price_now: float,
    launch_rate: float,
    year0: float,
    launch_cadence_kg_per_yr: float,
    accelerator_learning_rate: float = 0.0,
    accelerator_growth: float = 0.5,
) -> LearningCurves:
    """Default experience curves, launch anchored at today's scenario price on the Suncatcher
    fit. Accelerators learn only when given a rate, their cumulative production growing by
    ``accelerator_growth`` of itself per year (no public learning curve exists for them)."""
    q_now = float(
        cumulative_for_price(
            launch_price_now,
            price0=LAUNCH_FIT_PRICE_USD_PER_KG,
            cumulative0=LAUNCH_FIT_CUMULATIVE_KG,
            learning_rate=launch_rate,
        )
    )
    acc = None
    if accelerator_learning_rate > 0:
        acc = Curve(1.0, 1.0, accelerator_learning_rate, accelerator_growth,
                    source="user learning rate")  # fmt: skip
    return LearningCurves(
        year0=year0,
        launch=Curve(launch_price_now, q_now, launch_rate, launch_cadence_kg_per_yr,
                     source="Suncatcher §2.4 fit, anchored at the scenario's price"),
        solar_cells=SOLAR,
        batteries=BATTERIES,
        accelerators=acc,
    )  # fmt: skip


def timeline(
    orbit_raw: Mapping[str, Any],
    ground_raw: Mapping[str, Any],
    years: np.ndarray[Any, Any] | None = None,
    *,
    launch_cadence_kg_per_yr: float = LAUNCH_CADENCE_KG_PER_YR,
    accelerator_learning_rate: float = 0.0,
) -> Timeline:
    """Cost per delivered EFLOP on both sides per year, three launch-learning cases.

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
    if not 0.0 <= accelerator_learning_rate < 1.0:
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
    cases: dict[str, dict[str, Any]] = {}
    for case, rate in LAUNCH_RATES.items():
        curves = curves_for(price_now, rate, float(t[0]), launch_cadence_kg_per_yr,
                            accelerator_learning_rate)  # fmt: skip
        per_year = [curves.factors(float(y)) for y in t]
        cost = {}
        for site, model in models.items():
            over: dict[tuple[str, ...], np.ndarray[Any, Any]] = {}
            # scenario key → price factor, per year (keys that never learn are left out)
            per_key = [key_factors(site, pf, names[site]) for pf in per_year]
            for key in sorted(set().union(*per_key)):
                path = unc.attribute_path(model.scenario, key_spec(raws[site], key))
                if path is None:
                    continue
                f = np.array([kf.get(key, 1.0) for kf in per_key])
                over[path] = get_key(raws[site], key) * f
            cost[site] = np.asarray(model.evaluate(over)["usd_per_eflop"], dtype=float)
            cost[site] = np.broadcast_to(cost[site], t.shape).astype(float)
        year = crossing_years(cost["orbit"], cost["ground"], t)
        cases[case] = {
            "launch_learning_rate": rate,
            "launch_price_usd_per_kg": [price_now * p["launch"] for p in per_year],
            "factors": {k: [p[k] for p in per_year] for k in TECHNOLOGIES},
            "orbit": cost["orbit"].tolist(),
            "ground": cost["ground"].tolist(),
            "crossing_year": None if math.isnan(float(year)) else float(year),
        }
    notes = [
        "orbit: every year re-sizes the fleet with that year's prices (exact); ground: the plan "
        "and dispatch are today's, re-priced (accelerators exact; PV and battery capex an "
        "upper bound)",
        f"launch {launch_cadence_kg_per_yr / 1e3:,.0f} t/yr from {t[0]:.0f}; solar cells "
        f"{SOLAR.learning_rate:.0%}/doubling ({SOLAR.source}); batteries "
        f"{BATTERIES.learning_rate:.0%}/doubling ({BATTERIES.source})",
        "accelerators "
        + (
            f"learn at {accelerator_learning_rate:.0%}/doubling on both sides alike"
            if accelerator_learning_rate
            else "keep today's price on both sides (no public learning curve; "
            "--accelerator-learning-rate sets one)"
        ),
    ]
    return Timeline(
        years=t.tolist(),
        cases=cases,
        launch_cadence_t_per_yr=launch_cadence_kg_per_yr / 1e3,
        accelerator_learning_rate=accelerator_learning_rate,
        notes=notes,
    )

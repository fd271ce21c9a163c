"""Evaluators of public claims: one small function per quantity, each computing wattflop's own
number from the models, and the verdict rule that compares it with the claim.

Verdicts
--------
With ``ratio = claimed / wattflop`` (both in the claim's unit) and a quantity where a larger
value is better for the claimant (kW per tonne, GW per year, productivity factors):

- ``consistent`` when ``0.75 ≤ ratio ≤ 1.25`` (:data:`BAND`: the claim is within ±25 % of
  the model);
- ``optimistic ×N`` when ``ratio > 1.25``, ``N = ratio`` (the claim is N times better than
  the model);
- ``pessimistic ×N`` when ``ratio < 0.75``, ``N = 1/ratio``.

Where a smaller value is better for the claimant (years until something happens, prices) the
two directions swap: ``optimistic ×N`` with ``N = 1/ratio`` when the claim is smaller.

Qualitative claims, claims with no model number in the claim's unit, and claims outside the
model get a rule of their own, stated in the evaluator's docstring: ``consistent``,
``contradicted`` (the model does not back it, or cannot: ``wattflop does not model ...``),
``contradicted: not by 2060`` (nothing happens before the horizon) or ``not evaluated: ...``
(an input, such as a data file, is absent).

Each model runs at most once per :func:`evaluate_claims` call: scenario results, the orbital
year of geometry, the ground TMY yield, the EIA-930 demand and the national generation data are
cached in :class:`Models`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import yaml

from wattflop.constants import J_PER_KWH
from wattflop.errors import WattflopError
from wattflop.jsonable import jsonable
from wattflop.result import SiteResult
from wattflop.scenario import GroundScenario, OrbitScenario, Scenario, parse_scenario

#: Ratio claimed / wattflop inside which a claim is ``consistent`` (±25 %).
BAND = (0.75, 1.25)
#: Last year the learning-curve evaluators look at [yr].
HORIZON_YEAR = 2060.0
#: Year the claims were made (early 2026): time to an event is counted from here [yr].
CLAIM_YEAR = 2026.0

#: Suncatcher-fit launch learning curve (arXiv:2511.19468 §2.4, as in the learning tests):
#: 1,800 USD/kg at 400 t cumulative in 2025, 20 % per doubling, ~180 Starship launches a year
#: (37,000 t/yr).
LAUNCH_PRICE0_USD_PER_KG = 1800.0
LAUNCH_CUMULATIVE0_KG = 400e3
LAUNCH_LEARNING_RATE = 0.2
LAUNCH_YEAR0 = 2025.0
LAUNCH_CADENCE_KG_PER_YR = 37e6
#: Mass to orbit per year of claim orbit-100gw-per-yr [kg/yr].
MASS_PER_YEAR_KG = 1e9

#: Verdict kinds (issue #13): ``contradicted`` when the evidence says otherwise; ``not
#: evaluated`` when the claim is outside what wattflop models (shown neutrally, never as false).
Kind = Literal["consistent", "optimistic", "pessimistic", "contradicted", "not evaluated"]
Better = Literal["higher", "lower"]


class ClaimsError(WattflopError):
    """A claims registry that cannot be read, or a claim id or quantity that does not exist."""


@dataclass(frozen=True)
class HoldsIf:
    """The condition under which a claim would hold, solved on the relevant key(s), and the
    check: the claim's quantity re-computed at that condition.

    Attributes
    ----------
    text : str
        The condition in words, e.g. "the satellite weighs ≤ 10 kg per kW of IT".
    keys : Mapping[str, str]
        The key(s) set and their values as written in a scenario (``"10 kg/kW"``); empty for a
        condition that is not a key (e.g. a growth rate).
    value : float or None
        The claim's quantity re-computed at the condition, in the result's unit.
    target : float or None
        What the claim needs (the claimed figure, or the threshold of the verdict).
    reachable : bool
        False when no value of the key(s) within their physical bounds makes the claim hold
        (``text`` then says how close the best gets).
    """

    text: str
    keys: Mapping[str, str] = field(default_factory=dict)
    value: float | None = None
    target: float | None = None
    reachable: bool = True


@dataclass(frozen=True)
class ClaimEntry:
    """One entry of the registry (``claims.yaml``)."""

    id: str
    text: str
    source: str
    statement: str  #: the claim faithfully paraphrased in plain English
    url: str | None  #: a link to the source, where one exists
    claimed_text: str | None
    claimed: float | None
    claimed_unit: str
    quantity: str
    scenario: tuple[str, ...]
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class ClaimResult:
    """A claim, wattflop's own number for it and the verdict.

    Attributes
    ----------
    id, text, source : str
        From the registry.
    claimed : float or None
        Claimed value in ``claimed_unit`` (None for a qualitative claim).
    claimed_unit : str
    value : float or None
        wattflop's number, in ``unit`` (None when the model gives none).
    unit : str
    ratio : float or None
        ``claimed / value`` when both are numbers in the same unit.
    verdict : str
        e.g. ``"consistent"``, ``"optimistic ×6.5"``, ``"contradicted"``.
    kind : str
        The verdict without its number: consistent, optimistic, pessimistic, contradicted,
        not evaluated.
    reason : str
        One sentence on how the verdict follows from the numbers.
    assumptions : tuple of str
        The inputs that drive the verdict.
    details : Mapping
        Intermediate numbers (SI or with the unit in the key).
    quantity : str
    scenario : tuple of str
    """

    id: str
    text: str
    source: str
    claimed: float | None
    claimed_unit: str
    value: float | None
    unit: str
    ratio: float | None
    verdict: str
    kind: Kind
    reason: str
    assumptions: tuple[str, ...]
    details: Mapping[str, Any] = field(default_factory=dict)
    quantity: str = ""
    scenario: tuple[str, ...] = ()
    statement: str = ""  #: the claim faithfully paraphrased in plain English
    url: str | None = None  #: a link to the source
    band: tuple[float, float] | None = None  #: p5–p95 of ``value`` under the uncertainty
    holds_if: HoldsIf | None = None  #: the condition under which the claim would hold

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (:func:`wattflop.jsonable.jsonable`: infinities as ``"inf"``,
        NaN as None, tuples as lists; ``holds_if`` as a mapping of its fields, or None).

        >>> r = ClaimResult("x", "t", "s", 1.0, "u", 2.0, "u", 0.5, "pessimistic ×2",
        ...                 "pessimistic", "r", (), band=(1.5, 2.5),
        ...                 holds_if=HoldsIf("k ≤ 1", {"a.b": "1 kg"}, 1.0, 1.0))
        >>> d = r.to_dict()
        >>> d["band"], d["holds_if"]["keys"], d["holds_if"]["reachable"]
        ([1.5, 2.5], {'a.b': '1 kg'}, True)
        """
        plain = {f.name: getattr(self, f.name) for f in fields(self)}
        if self.holds_if is not None:  # a mapping (its ``keys`` may be a read-only proxy)
            h = self.holds_if
            plain["holds_if"] = {f.name: getattr(h, f.name) for f in fields(h)} | {
                "keys": dict(h.keys)
            }
        out: dict[str, Any] = jsonable(plain)
        return out


@dataclass(frozen=True)
class Outcome:
    """What an evaluator returns: its number, and a verdict when the ratio rule cannot give one."""

    value: float | None
    unit: str
    details: dict[str, Any]
    better: Better = "higher"
    kind: Kind | None = None
    verdict: str | None = None
    reason: str = ""
    band: tuple[float, float] | None = None  #: p5–p95 of ``value``
    holds_if: HoldsIf | None = None


# ---------------------------------------------------------------------------------------------
# Registry


def _parse_claimed(text: object, claim_id: str) -> tuple[str | None, float | None, str]:
    if text is None:
        return None, None, ""
    number, _, unit = str(text).strip().partition(" ")
    try:
        value = float(number.replace(",", ""))
    except ValueError:
        raise ClaimsError(
            f"claim {claim_id}: `claimed` must be '<number> <unit>' or null, got {text!r}"
        ) from None
    return str(text), value, unit.strip()


def load_registry(path: str | Path | None = None) -> list[ClaimEntry]:
    """Read the claims registry (the bundled ``claims.yaml`` by default).

    Raises
    ------
    ClaimsError
        A missing field, a repeated id, a ``claimed`` that is not ``<number> <unit>``, or a
        quantity with no evaluator.
    """
    if path is None:
        text = resources.files("wattflop.claims").joinpath("claims.yaml").read_text("utf-8")
        where = "claims.yaml"
    else:
        text = Path(path).read_text(encoding="utf-8")
        where = str(path)
    data = yaml.safe_load(text)
    if not isinstance(data, list):
        raise ClaimsError(f"{where}: expected a list of claims")
    required = ("id", "text", "source", "claimed", "quantity", "scenario", "assumptions")
    out: list[ClaimEntry] = []
    seen: set[str] = set()
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise ClaimsError(f"{where}: entry {i} is not a mapping")
        missing = [k for k in required if k not in item]
        if missing:
            raise ClaimsError(f"{where}: entry {i} ({item.get('id')}) misses {missing}")
        cid = str(item["id"])
        if cid in seen:
            raise ClaimsError(f"{where}: claim id {cid!r} repeats")
        seen.add(cid)
        if item["quantity"] not in QUANTITIES:
            raise ClaimsError(
                f"{where}: claim {cid}: quantity {item['quantity']!r} has no evaluator; "
                f"choose among {sorted(QUANTITIES)}"
            )
        claimed_text, claimed, unit = _parse_claimed(item["claimed"], cid)
        out.append(
            ClaimEntry(
                id=cid,
                text=str(item["text"]),
                source=str(item["source"]),
                statement=str(item.get("statement") or item["text"]),
                url=str(item["url"]) if item.get("url") else None,
                claimed_text=claimed_text,
                claimed=claimed,
                claimed_unit=unit,
                quantity=str(item["quantity"]),
                scenario=tuple(str(s) for s in item["scenario"] or ()),
                assumptions=tuple(str(a) for a in item["assumptions"] or ()),
            )
        )
    return out


# ---------------------------------------------------------------------------------------------
# Models, each run once


class Models:
    """Scenario results and data, computed on first use and cached.

    Parameters
    ----------
    scenarios_dir : path, optional
        Folder of the scenario files the registry names (default: the bundled scenarios,
        :func:`wattflop.bundled.folder`).
    demand_file : path, optional
        Cleaned EIA-930 contiguous-US demand CSV, plain or gzip (default: the copy that ships
        with wattflop, :func:`wattflop.bundled.eia930`).
    overrides : mapping, optional
        Scenario file name → {dotted key → value} applied with
        :func:`wattflop.scenario.keys.set_key` before the scenario is parsed, e.g.
        ``{"orbit-1gw-dawn-dusk-650km.yaml": {"satellite.radiator.temperature": "-10 degC"}}``.
    generation_file : path, optional
        Yearly national electricity generation CSV (default: the copy that ships with
        wattflop, :func:`wattflop.bundled.national_generation`; columns in
        :data:`wattflop.claims.national.COLUMNS`).
    """

    def __init__(
        self,
        scenarios_dir: str | Path | None = None,
        demand_file: str | Path | None = None,
        overrides: Mapping[str, Mapping[str, str | float]] | None = None,
        generation_file: str | Path | None = None,
    ) -> None:
        from wattflop import bundled

        self.scenarios_dir = (
            Path(scenarios_dir) if scenarios_dir is not None else bundled.folder("scenarios")
        )
        self.demand_file = Path(demand_file) if demand_file is not None else bundled.eia930()
        self.generation_file = (
            Path(generation_file) if generation_file is not None else bundled.national_generation()
        )
        self.overrides = {k: dict(v) for k, v in (overrides or {}).items()}
        self._raw: dict[str, dict[str, Any]] = {}
        self._scenario: dict[str, Scenario] = {}
        self._result: dict[str, SiteResult] = {}
        self._geometry: dict[str, Any] = {}
        self._memo: dict[str, Any] = {}
        #: how many times each scenario was simulated (at most once each)
        self.runs: dict[str, int] = {}

    def raw(self, name: str) -> dict[str, Any]:
        """Raw mapping of a scenario file, with the overrides applied."""
        if name not in self._raw:
            from wattflop.scenario.keys import load_raw, set_key

            raw = load_raw(self.scenarios_dir / name)
            for key, value in self.overrides.get(name, {}).items():
                raw = set_key(raw, key, value)
            self._raw[name] = raw
        return self._raw[name]

    def scenario(self, name: str) -> Scenario:
        if name not in self._scenario:
            self._scenario[name] = parse_scenario(self.raw(name))
        return self._scenario[name]

    def geometry(self, name: str) -> Any:
        """Year of geometry of an orbital scenario's orbit."""
        if name not in self._geometry:
            from wattflop.orbit.site import geometry_for

            sc = self.scenario(name)
            assert isinstance(sc, OrbitScenario)
            self._geometry[name] = geometry_for(sc)
        return self._geometry[name]

    def result(self, name: str) -> SiteResult:
        """Simulated result of a scenario (run once)."""
        if name not in self._result:
            sc = self.scenario(name)
            if isinstance(sc, OrbitScenario):
                from wattflop.orbit.site import simulate_orbit

                res = simulate_orbit(sc, self.geometry(name))
            else:
                from wattflop.ground.site import simulate_ground

                res = simulate_ground(sc)
            self.runs[name] = self.runs.get(name, 0) + 1
            self._result[name] = res
        return self._result[name]

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """A cached value of anything else (weather yields, demand data)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def site_file(self, entry: ClaimEntry, site: str) -> str:
        """The scenario file of an entry whose ``site`` is ``site``."""
        for name in entry.scenario:
            if self.raw(name).get("site") == site:
                return name
        raise ClaimsError(f"claim {entry.id}: no {site} scenario among {list(entry.scenario)}")


# ---------------------------------------------------------------------------------------------
# Evaluators


def _orbit(models: Models, entry: ClaimEntry) -> tuple[OrbitScenario, SiteResult]:
    name = models.site_file(entry, "orbit")
    sc = models.scenario(name)
    assert isinstance(sc, OrbitScenario)
    return sc, models.result(name)


def it_power_per_tonne(models: Models, entry: ClaimEntry) -> Outcome:
    """IT power per tonne in orbit = ``specific_power_w_per_kg`` × 1000 / 1000 [kW/t]
    (W/kg and kW/t are the same number)."""
    _, r = _orbit(models, entry)
    sp = float(r.get("specific_power_w_per_kg"))
    by_part = dict(r.get("mass.by_part_kg"))
    m = float(r.get("mass.satellite_kg"))
    return Outcome(
        value=sp * 1000.0 / 1000.0,
        unit="kW/t",
        details={
            "specific_power_w_per_kg": sp,
            "satellite_kg": m,
            "it_w_per_satellite": float(r.get("power.it_w_per_satellite")),
            "mass_share": {k: v / m for k, v in by_part.items()},
        },
    )


def it_power_added_per_year(models: Models, entry: ClaimEntry) -> Outcome:
    """GW of IT added per year by 1,000,000 t/yr to orbit: 1e9 kg × specific power; the
    steady-state fleet once launches only replace satellites at end of life is shown too."""
    _, r = _orbit(models, entry)
    sp = float(r.get("specific_power_w_per_kg"))
    life = float(r.get("reliability.life_yr"))
    gw_per_yr = MASS_PER_YEAR_KG * sp / 1e9
    return Outcome(
        value=gw_per_yr,
        unit="GW/yr",
        details={
            "mass_per_year_kg": MASS_PER_YEAR_KG,
            "specific_power_w_per_kg": sp,
            "satellite_life_yr": life,
            "steady_state_fleet_gw": gw_per_yr * life,
        },
    )


def sustainable_fleet(models: Models, entry: ClaimEntry) -> Outcome:
    """Satellites of the headline design that 1,000,000 t/yr of launches can keep in orbit when
    each is replaced at the end of its life: ``1e9 kg/yr / satellite mass × life``; compared
    with the claimed 1,000,000. Details give the IT power, mass and launches of 10⁶ satellites
    and the launches a year needed to keep them."""
    sc, r = _orbit(models, entry)
    n_claim = entry.claimed if entry.claimed is not None else 1e6
    m = float(r.get("mass.satellite_kg"))
    life = float(r.get("reliability.life_yr"))
    per_launch = int(r.get("fleet.satellites_per_launch"))
    it_w = float(r.get("power.it_w_per_satellite"))
    launches = math.ceil(n_claim / per_launch)
    sustainable = MASS_PER_YEAR_KG / m * life
    return Outcome(
        value=sustainable,
        unit="satellites",
        details={
            "satellite_kg": m,
            "life_yr": life,
            "claimed_fleet_it_gw": n_claim * it_w / 1e9,
            "claimed_fleet_mass_t": n_claim * m / 1e3,
            "claimed_fleet_launches": launches,
            "launch_vehicle": sc.launch.vehicle,
            "satellites_per_launch": per_launch,
            "launches_per_year_to_sustain": launches / life,
            "mass_per_year_to_sustain_t": n_claim * m / life / 1e3,
            "launch_capacity_t_per_yr": MASS_PER_YEAR_KG / 1e3,
            "sustainable_with_suncatcher_cadence": LAUNCH_CADENCE_KG_PER_YR / m * life,
        },
    )


#: Module packing and efficiency of the ground panel come from the orbital scenario, so both
#: sides are the same panel; the STC irradiance rates it on the ground [W/m²].
STC_IRRADIANCE_W_M2 = 1000.0


def orbit_vs_ground_solar(models: Models, entry: ClaimEntry) -> Outcome:
    """Electric energy per m² of panel per year, orbit ÷ ground (Greensboro TMY).

    Orbit: first-year ``power.energy_balance_j_per_satellite_year.array_electric`` (cell output
    at cell temperature, with packing, before PMAD) / ``power.array_area_m2``.
    Ground: pvlib PVWatts annual AC yield per kW of DC (single-axis tracker, DC/AC 1.0, PVWatts
    losses) × kW of DC per m² of the same panel, ``η_cell × 1000 W/m² × packing / 1000``.
    The same ratio per kW of panel nameplate (AM0 rating in orbit, STC on the ground) is in the
    details: it is smaller, since an AM0 kW needs 1/1.361 of the area of an STC kW.
    """
    from wattflop.ground.pv import PVDesign, pv_power_per_kw_ac
    from wattflop.ground.weather import read_weather

    sc, r = _orbit(models, entry)
    area = float(r.get("power.array_area_m2"))
    e_orbit_j = float(r.get("power.energy_balance_j_per_satellite_year.array_electric"))
    e_orbit_kwh = e_orbit_j / J_PER_KWH
    orbit_kwh_m2 = e_orbit_kwh / area
    orbit_kwh_kw = e_orbit_kwh / (float(r.get("power.array_bol_w")) / 1e3)
    design = PVDesign(tracking="single_axis", dc_ac_ratio=1.0)

    def yields() -> tuple[float, float]:
        df = pv_power_per_kw_ac(read_weather("greensboro"), design)
        return float(df["ac"].sum()) / design.dc_ac_ratio, float(
            df["dc"].sum()
        ) / design.dc_ac_ratio

    ac_kwh_kwdc, dc_kwh_kwdc = models.memo("greensboro_single_axis", yields)
    kw_per_m2 = sc.cell.efficiency * STC_IRRADIANCE_W_M2 * sc.satellite.array.packing_factor / 1e3
    ground_kwh_m2 = ac_kwh_kwdc * kw_per_m2
    return Outcome(
        value=orbit_kwh_m2 / ground_kwh_m2,
        unit="x",
        details={
            "basis": "per m² of the same panel; orbit cell DC output / ground AC output",
            "orbit_kwh_per_m2_yr": orbit_kwh_m2,
            "ground_ac_kwh_per_m2_yr": ground_kwh_m2,
            "ground_dc_kwh_per_m2_yr": dc_kwh_kwdc * kw_per_m2,
            "ratio_dc_to_dc": orbit_kwh_m2 / (dc_kwh_kwdc * kw_per_m2),
            "ground_ac_kwh_per_kwdc_yr": ac_kwh_kwdc,
            "orbit_kwh_per_kw_am0_yr": orbit_kwh_kw,
            "ratio_per_kw_nameplate": orbit_kwh_kw / ac_kwh_kwdc,
            "cell_efficiency": sc.cell.efficiency,
            "packing_factor": sc.satellite.array.packing_factor,
            "orbit_sunlit_fraction": float(r.get("eclipse.sunlit_fraction")),
            "ground_weather": "greensboro (pvlib TMY3)",
        },
    )


def launch_price_year(models: Models, entry: ClaimEntry) -> Outcome:
    """Year the Wright's-law launch price falls below the claimed price at the Suncatcher
    cadence (constant 37,000 t/yr from 1,800 USD/kg at 400 t in 2025, 20 % per doubling).

    Verdict: ``consistent`` when that year is at or before 2060, else ``contradicted: not by 2060``.
    Details: the price in 2035 and 2060, the cadence that reaches the price by 2035, and the
    year at 1,000,000 t/yr (claim orbit-100gw-per-yr).
    """
    from wattflop.study.learning import cadence_for_price, cumulative_for_price, price_path

    target = entry.claimed if entry.claimed is not None else 100.0
    curve = {
        "price0": LAUNCH_PRICE0_USD_PER_KG,
        "cumulative0": LAUNCH_CUMULATIVE0_KG,
        "learning_rate": LAUNCH_LEARNING_RATE,
    }
    q = float(cumulative_for_price(target, **curve))

    def year_at(cadence: float) -> float:
        return LAUNCH_YEAR0 + (q - LAUNCH_CUMULATIVE0_KG) / cadence

    year = year_at(LAUNCH_CADENCE_KG_PER_YR)
    p = price_path(
        [2035.0, HORIZON_YEAR],
        year0=LAUNCH_YEAR0,
        rate_per_year=LAUNCH_CADENCE_KG_PER_YR,
        **curve,
    )
    details = {
        "cumulative_mass_needed_t": q / 1e3,
        "cadence_t_per_yr": LAUNCH_CADENCE_KG_PER_YR / 1e3,
        "price_2035_usd_per_kg": float(p[0]),
        "price_2060_usd_per_kg": float(p[1]),
        "cadence_for_2035_t_per_yr": cadence_for_price(target, 2035.0, year0=LAUNCH_YEAR0, **curve)
        / 1e3,
        "year_at_1mt_per_yr": year_at(MASS_PER_YEAR_KG),
    }
    if year <= HORIZON_YEAR:
        kind: Kind = "consistent"
        verdict = "consistent"
        reason = (
            f"below {target:g} USD/kg by {year:.0f} at {LAUNCH_CADENCE_KG_PER_YR / 1e6:g} kt/yr"
        )
    else:
        kind, verdict = "contradicted", f"contradicted: not by {HORIZON_YEAR:.0f}"
        reason = (
            f"at {LAUNCH_CADENCE_KG_PER_YR / 1e6:g} kt/yr the price reaches {target:g} USD/kg only "
            f"in {year:.0f} ({p[1]:.0f} USD/kg in {HORIZON_YEAR:.0f}); it takes "
            f"{details['cadence_for_2035_t_per_yr'] / 1e3:,.0f} kt/yr to get there by 2035, "
            f"or {details['year_at_1mt_per_yr']:.0f} at 1 Mt/yr"
        )
    return Outcome(
        value=year, unit="yr", details=details, kind=kind, verdict=verdict, reason=reason
    )


def crossover_years(models: Models, entry: ClaimEntry) -> Outcome:
    """Years from 2026 until orbit's cost per EFLOP falls below ground's, with launch learning.

    Only launch learns (Suncatcher-fit curve, 20 %/doubling, 37,000 t/yr, placed so that its
    2026 price is the scenario's launch price); ground prices, accelerators, cells and batteries
    stay at today's prices on both sides, so the ground LP runs once. Years 2026–2060 every two
    years, crossing interpolated linearly (:func:`wattflop.study.learning.crossover`). No
    crossing by 2060: ``contradicted: not by 2060``; otherwise the ratio rule on years, smaller
    being better for the claim.
    """
    from wattflop.orbit.site import simulate_orbit
    from wattflop.scenario.keys import get_key
    from wattflop.study.learning import Curve, LearningCurves, crossover, cumulative_for_price

    orbit_name = models.site_file(entry, "orbit")
    ground_name = models.site_file(entry, "ground")
    orbit_raw, ground_raw = models.raw(orbit_name), models.raw(ground_name)
    ground = models.result(ground_name)
    orbit_now = models.result(orbit_name)
    geometry = models.geometry(orbit_name)
    price_now = get_key(orbit_raw, "launch.price_per_kg")
    q_now = float(
        cumulative_for_price(
            price_now,
            price0=LAUNCH_PRICE0_USD_PER_KG,
            cumulative0=LAUNCH_CUMULATIVE0_KG,
            learning_rate=LAUNCH_LEARNING_RATE,
        )
    )
    curves = LearningCurves(
        year0=CLAIM_YEAR,
        curves={
            "launch": Curve(
                price_now,
                q_now,
                LAUNCH_LEARNING_RATE,
                LAUNCH_CADENCE_KG_PER_YR,
                source="Suncatcher §2.4 fit, anchored at the scenario's launch price",
            )
        },
    )

    def simulate(sc: Any) -> SiteResult:
        if isinstance(sc, GroundScenario):
            return ground  # no ground key learns: the same scenario as the cached run
        return simulate_orbit(sc, geometry)

    years = np.arange(CLAIM_YEAR, HORIZON_YEAR + 1.0, 2.0)
    cx = crossover(orbit_raw, ground_raw, curves, years, simulate=simulate, floor=False)
    by_line = dict(orbit_now.get("cost.usd_per_eflop_by_line"))
    floor = float(sum(v for k, v in by_line.items() if k != "launch"))
    details = {
        "metric": cx.metric,
        "years": cx.years.tolist(),
        "orbit_usd_per_eflop": cx.orbit.tolist(),
        "ground_usd_per_eflop": float(cx.ground[0]),
        "launch_price_now_usd_per_kg": price_now,
        "launch_price_2060_usd_per_kg": price_now * float(cx.factors["launch"][-1]),
        "orbit_usd_per_eflop_with_free_launch": floor,
        "crossing_year": cx.year,
        "expert_view_years": 2035.0 - CLAIM_YEAR,
    }
    if cx.year is None:
        return Outcome(
            value=None,
            unit="yr",
            details=details,
            better="lower",
            kind="contradicted",
            verdict=f"contradicted: not by {HORIZON_YEAR:.0f}",
            reason=(
                f"orbit {cx.orbit[-1]:.2f} vs ground {cx.ground[-1]:.2f} USD/EFLOP in "
                f"{HORIZON_YEAR:.0f}; even free launch leaves orbit at {floor:.2f} USD/EFLOP"
            ),
        )
    return Outcome(value=cx.year - CLAIM_YEAR, unit="yr", details=details, better="lower")


def radiator_burden(models: Models, entry: ClaimEntry) -> Outcome:
    """Radiator share of satellite mass [%], with its area against the array's.

    "The hard problem" is backed (``consistent``) when the radiator weighs at least as much as
    the power system (array + battery + power electronics); otherwise ``contradicted``: power,
    not cooling, is the larger mass.
    """
    _, r = _orbit(models, entry)
    parts = dict(r.get("mass.by_part_kg"))
    m = float(r.get("mass.satellite_kg"))
    rad = float(parts["radiator"])
    power = float(parts["solar_array"] + parts["battery"] + parts["power_electronics"])
    rad_area = float(r.get("thermal.radiator_area_m2"))
    arr_area = float(r.get("power.array_area_m2"))
    details = {
        "radiator_kg": rad,
        "power_system_kg": power,
        "radiator_mass_share": rad / m,
        "power_system_mass_share": power / m,
        "radiator_area_m2": rad_area,
        "array_area_m2": arr_area,
        "radiator_to_array_area": rad_area / arr_area,
        "radiator_temperature_c": float(r.get("thermal.radiator_temperature_c")),
        "net_flux_w_per_m2": float(r.get("thermal.net_flux_w_per_m2")),
    }
    text = (
        f"radiator {rad / m:.1%} of mass and {rad_area / arr_area:.2f}× the array area; "
        f"power system {power / m:.1%} of mass"
    )
    if rad >= power:
        return Outcome(100.0 * rad / m, "% of mass", details, kind="consistent",
                       verdict="consistent", reason=text)  # fmt: skip
    return Outcome(
        100.0 * rad / m,
        "% of mass",
        details,
        kind="contradicted",
        verdict="contradicted",
        reason=text + ": power, not cooling, dominates the mass",
    )


#: Spares cost share of the annual cost above which no repair is a material burden [-].
NO_REPAIR_COST_SHARE = 0.10
#: Availability below which no repair is a material burden [-].
NO_REPAIR_AVAILABILITY = 0.95


def no_repair_cost(models: Models, entry: ClaimEntry) -> Outcome:
    """Share of the annual cost [%] spent on the spare accelerators that stand in for repair:
    their hardware (share of the accelerator line) and their launch (their share of the mass).

    Backed (``consistent``: doing without repair costs materially) when the share is ≥ 10 % or
    the fleet availability < 95 %; otherwise ``contradicted``.
    """
    sc, r = _orbit(models, entry)
    acc = sc.accelerator
    n_sat = float(r.get("fleet.satellites"))
    active = float(r.get("fleet.accelerators")) / n_sat
    spares = float(r.get("reliability.spares_per_satellite"))
    m = float(r.get("mass.satellite_kg"))
    # a spare is the part a permanent failure replaces: its own mass and price
    spare_kg = spares * acc.part_mass
    spare_price = spares * acc.part_price
    annual = dict(r.get("cost.annual_cost_by_line_usd"))
    total = float(r.get("cost.annual_cost_usd"))
    spare_usd = annual.get("accelerators", 0.0) * spare_price / (
        active * acc.system_price + spare_price
    ) + annual.get("launch", 0.0) * (spare_kg / m)
    share = spare_usd / total
    availability = float(r.get("reliability.failure_availability"))
    details = {
        "accelerators_per_satellite": active,
        "spares_per_satellite": spares,
        "spares_per_active": spares / active,
        "spares_kg_per_satellite": spare_kg,
        "spares_mass_share": spare_kg / m,
        "spares_annual_cost_usd": spare_usd,
        "spares_cost_share": share,
        "failure_availability": availability,
        "failure_rate_per_year": float(r.get("reliability.failure_rate_per_year")),
        "life_yr": float(r.get("reliability.life_yr")),
    }
    text = (
        f"{spares:.0f} spares per {active:.0f} accelerators: {spare_kg / m:.1%} of the mass, "
        f"{share:.1%} of the annual cost, availability {availability:.2%}"
    )
    backed = share >= NO_REPAIR_COST_SHARE or availability < NO_REPAIR_AVAILABILITY
    return Outcome(
        100.0 * share,
        "% of annual cost",
        details,
        kind="consistent" if backed else "contradicted",
        verdict="consistent" if backed else "contradicted",
        reason=text if backed else text + ": spares make repair unnecessary at small cost",
    )


def ground_gas_and_smoothing(models: Models, entry: ClaimEntry) -> Outcome:
    """Gas-turbine capacity [MW] of the least-cost ground plant, with its units, the energy
    mix and the battery that keeps the training swings within the ramp limit.

    ``consistent`` when no load goes unserved, gas supplies more than half the energy and the
    smoothed ramp is within the limit; otherwise ``contradicted``.
    """
    r = models.result(models.site_file(entry, "ground"))
    cap = dict(r.get("ground.capacity_mw"))
    mix = dict(r.get("ground.energy_mix"))
    swings = dict(r.values.get("swings", {}))
    details = {
        "gas_turbines_mw": float(cap["gas_turbines"]),
        "gas_turbine_units": int(cap["gas_turbine_units"]),
        "plant_battery_mw": float(cap["battery"]),
        "plant_battery_mwh": float(r.get("ground.battery_mwh")),
        "pv_mw": float(cap["pv"]),
        "grid_mw": float(cap["grid_connection"]),
        "energy_mix": mix,
        "unserved_mwh": float(r.get("ground.unserved_mwh")),
        "smoothing_battery_mw": swings.get("battery_power_mw"),
        "smoothing_battery_mwh": swings.get("battery_energy_mwh"),
        "peak_ramp_before_mw_per_s": swings.get("peak_ramp_before_mw_per_s"),
        "peak_ramp_after_mw_per_s": swings.get("peak_ramp_after_mw_per_s"),
        "ramp_limit_mw_per_s": swings.get("ramp_limit_mw_per_s"),
    }
    ramp_ok = bool(swings) and (
        swings["peak_ramp_after_mw_per_s"] <= swings["ramp_limit_mw_per_s"] * (1 + 1e-6)
    )
    unserved = float(r.get("ground.unserved_mwh"))
    ok = unserved <= 1e-6 and mix.get("gas", 0.0) > 0.5 and ramp_ok
    text = (
        f"{details['gas_turbines_mw']:,.0f} MW of gas ({details['gas_turbine_units']} units) "
        f"supply {mix.get('gas', 0.0):.0%} of the energy; "
    )
    if swings:
        text += (
            f"a {swings['battery_power_mw']:,.0f} MW / {swings['battery_energy_mwh']:,.1f} MWh "
            f"battery cuts the ramp from {swings['peak_ramp_before_mw_per_s']:,.0f} to "
            f"{swings['peak_ramp_after_mw_per_s']:,.1f} MW/s"
        )
    else:
        text += "the scenario models no training swings"
    return Outcome(
        float(cap["gas_turbines"]),
        "MW gas",
        details,
        kind="consistent" if ok else "contradicted",
        verdict="consistent" if ok else "contradicted",
        reason=text,
    )


#: US nameplate capacity of the claim [MW].
US_CAPACITY_MW = 1.1e6
#: Storage cases: (dispatchable fraction, energy [MWh], power [MW]); the first is the headline.
US_CASES: tuple[tuple[float, float, float], ...] = (
    (0.8, 400e3, 100e3),
    (0.8, math.inf, math.inf),
    (1.0, 400e3, 100e3),
    (1.0, math.inf, math.inf),
)


def grid_storage_output_factor(models: Models, entry: ClaimEntry) -> Outcome:
    """Factor by which annual US output grows when a constant new load fills the headroom of
    1.1 TW with storage (:func:`wattflop.study.headroom.storage_headroom`, 2024 CONUS demand).

    Headline: 80 % dispatchable, 100 GW / 400 GWh; the other cases of :data:`US_CASES` are in
    the details. ``not evaluated: data absent`` when the demand file (the packaged
    ``data/eia930/CONUS.csv.gz`` by default) is absent.
    """
    from wattflop.study.headroom import read_eia930, storage_headroom

    path = models.demand_file
    if not path.is_file():
        return _data_absent(path)
    load = models.memo("conus_2024", lambda: read_eia930(path, year=2024))
    cases: list[dict[str, Any]] = []
    for a, e, p in US_CASES:
        h = storage_headroom(
            load, capacity_mw=US_CAPACITY_MW, dispatchable_fraction=a, storage_mwh=e, storage_mw=p
        )
        cases.append(
            {
                "dispatchable_fraction": a,
                "storage_gwh": e / 1e3,
                "storage_gw": p / 1e3,
                "new_load_gw": h.x_storage_mw / 1e3,
                "output_factor": h.output_factor_storage,
                "output_factor_without_storage": h.output_factor_0,
                "binding": h.binding,
            }
        )
    mean_gw = float(np.mean(np.asarray(load, dtype=float))) / 1e3
    peak_gw = float(np.max(np.asarray(load, dtype=float))) / 1e3
    return Outcome(
        float(cases[0]["output_factor"]),
        "x",
        {"mean_load_gw": mean_gw, "peak_load_gw": peak_gw, "cases": cases},
    )


#: Year the claim china-power-3x-us is about.
GENERATION_YEAR = 2026
#: Growth window of the headline projection [yr]: 2022 → 2025 for Ember, which leaves out
#: the 2020 dip and the 2021 rebound.
GENERATION_WINDOW_YR = 3
#: Growth windows whose spread, with the source spread, makes the range [yr].
GENERATION_WINDOWS_YR = (1, 3, 5)
#: Headline series per country (same compiler for both: Ember).
GENERATION_SERIES = {"China": "ember", "United States": "ember"}
#: Names of the generation CSV's series in the reason.
SERIES_NAMES = {"ember": "Ember", "eia-utility": "EIA utility-scale"}


def _label(country: str, name: str) -> str:
    return f"{country} ({name})"


def _years(windows: Iterable[int]) -> str:
    """``1-, 3- and 5-year``."""
    w = [f"{n}-" for n in windows]
    return (", ".join(w[:-1]) + " and " if len(w) > 1 else "") + w[-1] + "year"


def national_generation_ratio(models: Models, entry: ClaimEntry) -> Outcome:
    """China's electricity generation over the US's in 2026 [x], projected from each series'
    latest year with its compound growth over the last :data:`GENERATION_WINDOW_YR` years
    (:mod:`wattflop.claims.national`, data ``data/national/electricity_generation.csv``).

    Headline: the Ember series of both countries. Range: every pair of a China and a US series
    (the US also has EIA utility-scale net generation, without small-scale solar) and every
    window of :data:`GENERATION_WINDOWS_YR`. Verdict: :func:`ratio_verdict` on claimed /
    wattflop, a larger ratio being the claim's side (``optimistic`` when the claim is larger).
    The reason gives the growth China would need in 2026 for the claimed ratio (US at its
    trend), the US change that would do it alone, and the year the ratio reaches the claim at
    the trends. ``not evaluated: data absent`` when the CSV is absent.
    """
    from wattflop.claims import national as nat

    path = models.generation_file
    if not path.is_file():
        return _data_absent(path)
    rows = models.memo(f"generation:{path}", lambda: nat.read_generation(path))
    target = entry.claimed if entry.claimed is not None else 3.0
    year = GENERATION_YEAR
    cn_name, us_name = "China", "United States"
    by_country = {
        c: {_label(c, s): nat.series(rows, c, s) for s in nat.series_names(rows, c)}
        for c in (cn_name, us_name)
    }
    all_series = by_country[cn_name] | by_country[us_name]
    for c, s in GENERATION_SERIES.items():
        if not all_series.get(_label(c, s)):
            raise ClaimsError(f"claim {entry.id}: {path.name} has no {c} series {s!r}")
    windows = sorted(set(GENERATION_WINDOWS_YR) | {GENERATION_WINDOW_YR})
    rates = {
        label: {w: nat.growth_rate(v, w) for w in windows if max(v) - w in v}
        for label, v in all_series.items()
    }
    for c, s in GENERATION_SERIES.items():
        if GENERATION_WINDOW_YR not in rates[_label(c, s)]:
            v = all_series[_label(c, s)]
            raise ClaimsError(
                f"claim {entry.id}: {path.name}: the {c} series {s!r} ({min(v)}–{max(v)}) is "
                f"too short for a {GENERATION_WINDOW_YR}-year growth rate"
            )
    # every (China series, US series, window) that both series are long enough for
    cases: list[dict[str, Any]] = []
    for cl, cv in by_country[cn_name].items():
        for ul, uv in by_country[us_name].items():
            for w in windows:
                if w not in rates[cl] or w not in rates[ul]:
                    continue
                c26 = nat.project(cv, rates[cl][w], year)
                u26 = nat.project(uv, rates[ul][w], year)
                cases.append(
                    {
                        "china": cl,
                        "us": ul,
                        "window_yr": w,
                        "china_twh": c26,
                        "us_twh": u26,
                        "ratio": c26 / u26,
                        "year_ratio_reaches_claim": nat.year_ratio_reaches(
                            cv, rates[cl][w], uv, rates[ul][w], target
                        ),
                    }
                )
    cl0, ul0 = (
        _label(cn_name, GENERATION_SERIES[cn_name]),
        _label(us_name, GENERATION_SERIES[us_name]),
    )
    head = next(
        c
        for c in cases
        if c["china"] == cl0 and c["us"] == ul0 and c["window_yr"] == GENERATION_WINDOW_YR
    )
    cv, uv = all_series[cl0], all_series[ul0]
    rc, ru = rates[cl0][GENERATION_WINDOW_YR], rates[ul0][GENERATION_WINDOW_YR]
    value = float(head["ratio"])
    lo, hi = min(c["ratio"] for c in cases), max(c["ratio"] for c in cases)
    latest_c, latest_u = max(cv), max(uv)
    ratio_latest = cv[latest_c] / uv[latest_u]
    china_rate_needed = nat.rate_needed(cv, target * head["us_twh"], year)
    us_rate_needed = nat.rate_needed(uv, head["china_twh"] / target, year)
    preliminary = sorted(
        {
            f"{r.country} {r.year}"
            for r in rows
            if r.status == "preliminary" and _label(r.country, r.series) in (cl0, ul0)
        }
    )
    kind, verdict = ratio_verdict(target / value, "higher")
    w0 = GENERATION_WINDOW_YR
    latest = f"{latest_c}" if latest_c == latest_u else f"{latest_c}/{latest_u}"
    source = SERIES_NAMES.get(GENERATION_SERIES[cn_name], GENERATION_SERIES[cn_name])
    gap = target / value - 1.0
    text = (
        f"{value:.2f}× in {year} ({lo:.2f}–{hi:.2f} over {_years(windows)} trends "
        f"and {len(by_country[us_name])} US series): {source}'s {latest} figures "
        f"({'preliminary, ' if preliminary else ''}{ratio_latest:.2f}×) carried forward "
        f"at the {latest_c - w0}–{latest_c} compound growth, China {rc:.1%}/yr, US "
        f"{ru:.1%}/yr. The claimed {target:g}× is {abs(gap):.0%} "
        f"{'above' if gap > 0 else 'below'} it: {verdict} (claimed/wattflop "
        f"{target / value:.2f}, band {BAND[0]:g}–{BAND[1]:g})"
    )
    for end, r in (("low", lo), ("high", hi)):
        v_end = ratio_verdict(target / r, "higher")[1]
        if v_end != verdict:
            text += f", though the {end} end ({r:.2f}×) reads {v_end}"
    text += (
        f". For {target:g}× in {year} China's output would have to "
        f"{'grow' if china_rate_needed >= 0 else 'shrink'} {abs(china_rate_needed):.0%} in a "
        f"year (US on trend) or the US's {'fall' if us_rate_needed < 0 else 'rise'} "
        f"{abs(us_rate_needed):.0%} (China on trend); "
    )
    y0 = head["year_ratio_reaches_claim"]
    reach = [c["year_ratio_reaches_claim"] for c in cases]
    reach_years = [y for y in reach if y is not None]
    if ratio_latest >= target * (1.0 - 1e-9):
        text += f"the ratio is already {ratio_latest:.2f}× in {latest}."
    elif y0 is None:
        text += f"at these trends the ratio never reaches {target:g}×."
    else:
        text += f"at these trends it reaches {target:g}× in {math.ceil(y0):d}"
        if reach_years:
            text += (
                f" ({math.ceil(min(reach_years)):d}–{math.ceil(max(reach_years)):d}"
                + (", never on some trends" if len(reach_years) < len(reach) else "")
                + ")"
            )
        text += "."
    details = {
        "year": year,
        "claimed_ratio": target,
        "headline": {"china": cl0, "us": ul0, "window_yr": w0},
        "ratio_latest_year": ratio_latest,
        "latest_year": {label: max(v) for label, v in all_series.items()},
        "ratio_low": lo,
        "ratio_high": hi,
        "china_twh": head["china_twh"],
        "us_twh": head["us_twh"],
        "series_twh": all_series,
        "growth_rates": rates,
        "cases": cases,
        "china_rate_needed": china_rate_needed,
        "us_rate_needed": us_rate_needed,
        "year_ratio_reaches_claim": y0,
        "preliminary": preliminary,
        "basis": {_label(r.country, r.series): r.basis for r in rows},
        "data": path.name,
    }
    return Outcome(value, "x", details, kind=kind, verdict=verdict, reason=text)


def _data_absent(path: Path) -> Outcome:
    """The outcome of a claim whose data file is missing: not evaluated, neutrally."""
    return Outcome(
        None,
        "x",
        {"path": str(path)},
        kind="not evaluated",
        verdict="not evaluated: data absent",
        reason=f"{path} is absent",
    )


def outside_model(models: Models, entry: ClaimEntry) -> Outcome:
    """A claim wattflop has no model for: ``not evaluated`` with the reason (never false)."""
    reason = entry.assumptions[0] if entry.assumptions else "wattflop does not model this"
    return Outcome(None, "", {}, kind="not evaluated", verdict="not evaluated", reason=reason)


#: Quantity name (the registry's ``quantity``) → evaluator.
QUANTITIES: Mapping[str, Callable[[Models, ClaimEntry], Outcome]] = MappingProxyType(
    {
        "sustainable_fleet": sustainable_fleet,
        "orbit_vs_ground_solar": orbit_vs_ground_solar,
        "it_power_per_tonne": it_power_per_tonne,
        "it_power_added_per_year": it_power_added_per_year,
        "launch_price_year": launch_price_year,
        "crossover_years": crossover_years,
        "radiator_burden": radiator_burden,
        "no_repair_cost": no_repair_cost,
        "ground_gas_and_smoothing": ground_gas_and_smoothing,
        "grid_storage_output_factor": grid_storage_output_factor,
        "national_generation_ratio": national_generation_ratio,
        "outside_model": outside_model,
    }
)


# ---------------------------------------------------------------------------------------------
# Verdicts


def ratio_verdict(ratio: float, better: Better = "higher") -> tuple[Kind, str]:
    """Verdict from ``ratio = claimed / wattflop`` (module notes): ``consistent`` inside
    :data:`BAND`, else ``optimistic ×N`` or ``pessimistic ×N``."""
    lo, hi = BAND
    if lo <= ratio <= hi:
        return "consistent", "consistent"
    claim_bigger = ratio > hi
    optimistic = claim_bigger if better == "higher" else not claim_bigger
    n = ratio if claim_bigger else 1.0 / ratio
    kind: Kind = "optimistic" if optimistic else "pessimistic"
    return kind, f"{kind} ×{n:.2g}" if n < 10 else f"{kind} ×{n:,.0f}"


def evaluate_entry(models: Models, entry: ClaimEntry) -> ClaimResult:
    """Evaluate one registry entry on (cached) models."""
    out = QUANTITIES[entry.quantity](models, entry)
    ratio: float | None = None
    if (
        entry.claimed is not None
        and out.value is not None
        and out.value != 0.0
        and out.unit == entry.claimed_unit
    ):
        ratio = entry.claimed / out.value
    if out.kind is not None and out.verdict is not None:
        kind, verdict, reason = out.kind, out.verdict, out.reason
    elif ratio is not None:
        kind, verdict = ratio_verdict(ratio, out.better)
        reason = out.reason or (
            f"claimed {entry.claimed:g} vs wattflop {out.value:.3g} {out.unit}: "
            f"ratio {ratio:.2f} (consistent band {BAND[0]:g}–{BAND[1]:g})"
        )
    else:
        raise ClaimsError(
            f"claim {entry.id}: evaluator {entry.quantity} gave no verdict and no ratio "
            f"(claimed unit {entry.claimed_unit!r}, model unit {out.unit!r})"
        )
    return ClaimResult(
        id=entry.id,
        text=entry.text,
        source=entry.source,
        claimed=entry.claimed,
        claimed_unit=entry.claimed_unit,
        value=out.value,
        unit=out.unit,
        ratio=ratio,
        verdict=verdict,
        kind=kind,
        reason=reason,
        assumptions=entry.assumptions,
        details=MappingProxyType(dict(out.details)),
        quantity=entry.quantity,
        scenario=entry.scenario,
        statement=entry.statement,
        url=entry.url,
        band=out.band,
        holds_if=out.holds_if,
    )


def evaluate_claims(
    *,
    scenarios_dir: str | Path | None = None,
    demand_file: str | Path | None = None,
    ids: Iterable[str] | None = None,
    overrides: Mapping[str, Mapping[str, str | float]] | None = None,
    registry: str | Path | None = None,
    models: Models | None = None,
    generation_file: str | Path | None = None,
) -> list[ClaimResult]:
    """Evaluate the public claims of the registry, each model run at most once.

    Parameters
    ----------
    scenarios_dir : path, optional
        Folder of the scenarios the registry names (the bundled scenarios by default).
    demand_file : path, optional
        Cleaned EIA-930 contiguous-US demand CSV, plain or gzip (the copy that ships with
        wattflop by default); claims that need absent data are ``not evaluated: data absent``.
    ids : iterable of str, optional
        Evaluate only these claim ids (in registry order); all by default.
    overrides : mapping, optional
        Scenario file name → {dotted key → value}, applied to the raw scenario before it is
        parsed (see :class:`Models`), e.g. to see a verdict move with an input.
    registry : path, optional
        A claims YAML file other than the bundled one.
    models : Models, optional
        A cache to share between calls (``scenarios_dir``, ``demand_file``, ``overrides``
        and ``generation_file`` are then ignored).
    generation_file : path, optional
        Yearly national electricity generation CSV (the copy that ships with wattflop by
        default, ``data/national/electricity_generation.csv``).

    Raises
    ------
    ClaimsError
        An unknown id in ``ids``, or an invalid registry.
    """
    entries = load_registry(registry)
    if ids is not None:
        wanted = list(ids)
        known = {e.id for e in entries}
        unknown = [i for i in wanted if i not in known]
        if unknown:
            raise ClaimsError(f"unknown claim id(s) {unknown}; known: {sorted(known)}")
        entries = [e for e in entries if e.id in set(wanted)]
    m = (
        models
        if models is not None
        else Models(scenarios_dir, demand_file, overrides, generation_file=generation_file)
    )
    return [evaluate_entry(m, e) for e in entries]

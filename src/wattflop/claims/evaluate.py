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
from functools import partial
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import yaml
from numpy.typing import ArrayLike, NDArray

from wattflop.claims import datasets
from wattflop.claims.orbit_arrays import Design, OrbitArrays, band
from wattflop.claims.verdicts import (
    BAND,
    ClaimEntry,
    ClaimsError,
    HoldsIf,
    Kind,
    Outcome,
    ratio_verdict,
)
from wattflop.constants import J_PER_KWH
from wattflop.jsonable import jsonable
from wattflop.result import SiteResult
from wattflop.scenario import (
    EclipseStrategy,
    GroundScenario,
    OrbitScenario,
    Scenario,
    parse_scenario,
)

FloatArray = NDArray[np.float64]

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
                from wattflop.result_cache import simulate_ground

                res = simulate_ground(sc)  # the result cache's when solved before
            self.runs[name] = self.runs.get(name, 0) + 1
            self._result[name] = res
        return self._result[name]

    def orbit_arrays(self, name: str) -> OrbitArrays:
        """An orbital scenario's design on arrays of key values, at its full run's eclipse
        strategy and served share (:mod:`wattflop.claims.orbit_arrays`; built once)."""

        def build() -> OrbitArrays:
            sc, r = self.scenario(name), self.result(name)
            assert isinstance(sc, OrbitScenario)
            return OrbitArrays(
                sc,
                self.raw(name),
                self.geometry(name),
                EclipseStrategy(str(r.get("scenario.eclipse_strategy"))),
                float(r.get("power.it_served_fraction")),
            )

        arrays: OrbitArrays = self.memo(f"orbit-arrays:{name}", build)
        return arrays

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


def _arrays(models: Models, entry: ClaimEntry) -> OrbitArrays:
    """The claim's orbital scenario on arrays of key values (samples and holds_if grids)."""
    return models.orbit_arrays(models.site_file(entry, "orbit"))


def _key_text(raw: Mapping[str, Any], key: str, si: float) -> str:
    """An SI value of a key as a scenario writes it, e.g. ``"10 kg/kW"``."""
    from wattflop.scenario.keys import key_spec, to_display

    spec = key_spec(raw, key)
    return f"{to_display(spec, si):.6g} {spec.input_unit}".strip()


def _top_down_keys(raw: Mapping[str, Any], r: SiteResult, kg_per_kw: float) -> dict[str, str]:
    """The keys restating the satellite top-down at ``kg_per_kw``, priced at its design's
    own USD/W (so only the mass changes)."""
    return {
        "satellite.top_down.specific_mass": f"{kg_per_kw:.6g} kg/kW",
        "satellite.top_down.specific_cost": f"{float(r.get('satellite.usd_per_w')):.6g} USD/W",
    }


#: Parts a bottom-up kg/kW target scales, with the key that sets each one's mass and the
#: power of the scale factor the key takes (-1: the key is a specific power or energy). The
#: compute (the accelerators and their spares), the battery, the shielding (its thickness
#: sets the dose) and the propellant (it follows the mass) are kept.
SCALED_PARTS: tuple[tuple[str, str, float], ...] = (
    ("solar_array", "catalog.solar_cells.{cell}.areal_density", 1.0),
    ("radiator", "satellite.radiator.areal_density", 1.0),
    ("power_electronics", "satellite.pmad_specific_mass", 1.0),
    ("links", "satellite.isl_terminal_mass", 1.0),
    ("structure", "satellite.structure_fraction", 1.0),
)


def _scaled_parts(sc: OrbitScenario) -> list[tuple[str, str, float]]:
    out = []
    for part, key, power in SCALED_PARTS:
        if part == "solar_array" and sc.satellite.array.specific_power is not None:
            key, power = "satellite.array.specific_power", -1.0
        out.append((part, key.format(cell=sc.satellite.array.cell), power))
    return out


def it_power_per_tonne(models: Models, entry: ClaimEntry) -> Outcome:
    """IT power per tonne in orbit = ``specific_power_w_per_kg`` (W/kg and kW/t are the same
    number). Band: the scenario's uncertainty. Holds if: the satellite's kg/kW that gives the
    claimed kW/t (``1000 / claimed``), reached bottom-up by scaling the non-compute parts of
    :data:`SCALED_PARTS` by one factor through their keys (solved on the vectorised design)."""
    from wattflop.scenario.keys import get_key
    from wattflop.study.roots import solve_increasing

    sc, r = _orbit(models, entry)
    arr = _arrays(models, entry)
    sp = float(r.get("specific_power_w_per_kg"))
    by_part = dict(r.get("mass.by_part_kg"))
    m = float(r.get("mass.satellite_kg"))
    it_w = float(r.get("power.it_w_per_satellite"))
    target = entry.claimed if entry.claimed is not None else 100.0
    s_draw = arr.samples()
    parts = _scaled_parts(sc)
    base = {key: get_key(arr.raw, key) for _, key, _ in parts}

    def at(s: FloatArray) -> Design:
        return arr.at({k: base[k] * np.asarray(s) ** pw for _, k, pw in parts})

    def f(s: FloatArray, rows: Any) -> FloatArray:
        d = at(s)
        return np.asarray(target - d.z.it_power_w / d.z.total_mass_kg, dtype=float)

    lo, hi = (1e-3, 1.0) if sp < target else (1.0, 4.0)
    s = math.nan
    for _ in range(3):  # again at the eclipse strategy a full run would choose there
        s = float(solve_increasing(f, np.array([lo]), np.array([hi]), rtol=1e-6, scale=target)[0])
        if not math.isfinite(s):
            break
        moved = arr.resolved({k: base[k] * s**pw for _, k, pw in parts})
        if moved is arr:
            break
        arr = moved
    kg_kw_target = 1e3 / target
    compute_kg_kw = by_part["compute"] / it_w * 1e3
    if math.isfinite(s):
        d = at(np.array([s]))
        new_sp = float(np.ravel(d.z.it_power_w / d.z.total_mass_kg)[0])
        new_parts = {k: float(np.ravel(v)[0]) for k, v in d.z.mass_kg.items()}
        keys = {k: _key_text(arr.raw, k, base[k] * s**pw) for _, k, pw in parts}
        shrink = ", ".join(
            f"{p.replace('_', ' ')} {by_part[p]:,.0f}→{new_parts[p]:,.0f} kg" for p, _, _ in parts
        )
        holds = HoldsIf(
            text=(
                f"{target:g} kW/t needs a satellite of {kg_kw_target:.1f} kg per kW of IT "
                f"(now {m / it_w * 1e3:.1f}; the compute with its spares alone is "
                f"{compute_kg_kw:.1f}): keeping the compute, battery, shielding and "
                f"propellant, the other parts must weigh {s:.0%} of today's ({shrink})"
            ),
            keys=keys,
            value=new_sp,
            target=target,
        )
    else:
        holds = HoldsIf(
            text=(
                f"no single scale of the non-compute parts gives {target:g} kW/t "
                f"(the compute with its spares alone is {compute_kg_kw:.1f} kg/kW)"
            ),
            target=target,
            reachable=False,
        )
    return Outcome(
        value=sp,
        unit="kW/t",
        details={
            "specific_power_w_per_kg": sp,
            "satellite_kg": m,
            "kg_per_kw": m / it_w * 1e3,
            "compute_kg_per_kw": compute_kg_kw,
            "it_w_per_satellite": it_w,
            "mass_share": {k: v / m for k, v in by_part.items()},
            "kg_per_kw_for_claim": kg_kw_target,
            "non_compute_scale_for_claim": s,
        },
        band=band(s_draw.z.it_power_w / s_draw.z.total_mass_kg),
        holds_if=holds,
    )


#: Years over which a "GW added per year" is averaged (claim orbit-100gw-per-yr): a decade of
#: launching, the span a yearly build-out rate speaks to (assumption; 5 yr to 34 yr, 2026–2060,
#: in the details).
NET_HORIZON_YR = 10.0


def _net_gw_per_yr(gross: ArrayLike, life: ArrayLike, horizon: float) -> FloatArray:
    """Mean net addition per year over ``horizon`` years of a constant gross addition
    (launches from year 0): every satellite retires ``life`` years after launch, so the fleet
    grows by ``gross`` a year until year ``life`` and then stays at ``gross × life``.

    >>> float(_net_gw_per_yr(30.0, 5.0, 10.0)), float(_net_gw_per_yr(30.0, 12.0, 10.0))
    (15.0, 30.0)
    """
    g, life_ = np.asarray(gross, dtype=float), np.asarray(life, dtype=float)
    return np.asarray(g * np.minimum(life_, horizon) / horizon, dtype=float)


def it_power_added_per_year(models: Models, entry: ClaimEntry) -> Outcome:
    """Net GW of IT added per year by 1,000,000 t/yr to orbit, counting replacements.

    Gross: ``1e9 kg/yr × specific power`` (what the first ``life`` years add). Each satellite
    retires after its life, so at steady state the fleet is ``gross × life`` and launches only
    replace it (net 0). The number judged is the mean net addition over the first
    :data:`NET_HORIZON_YR` years, ``gross × min(life, H) / H``; ratio rule on claimed /
    wattflop. Holds if: the top-down kg/kW that gives the claim net at today's life, or, when
    that leaves no mass beside the compute, a life of H years and the kg/kW for the claim gross.
    """
    _, r = _orbit(models, entry)
    arr = _arrays(models, entry)
    sp = float(r.get("specific_power_w_per_kg"))
    life = float(r.get("reliability.life_yr"))
    it_w = float(r.get("power.it_w_per_satellite"))
    compute_kg_kw = float(r.get("satellite.compute_kg_per_kw"))
    kg_kw = float(r.get("satellite.kg_per_kw"))
    h = NET_HORIZON_YR
    gross = MASS_PER_YEAR_KG * sp / 1e9
    net = float(_net_gw_per_yr(gross, life, h))
    target = entry.claimed if entry.claimed is not None else 100.0
    kind, verdict = ratio_verdict(target / net, "higher")
    draws = arr.samples()
    net_band = band(
        _net_gw_per_yr(
            MASS_PER_YEAR_KG * draws.z.it_power_w / draws.z.total_mass_kg / 1e9,
            draws.z.life_years,
            h,
        )
    )
    # holds if: GW/yr gross = 1000 / (kg/kW) [1e9 kg/yr / (kg/kW) = 1e6 kW/yr per kg/kW]
    k_at_life = 1e3 * min(life, h) / (h * target)
    keys: dict[str, str]
    if k_at_life > compute_kg_kw * 1.05:
        keys = _top_down_keys(arr.raw, r, k_at_life)
        text = (
            f"{target:g} GW/yr net over {h:g} years needs satellites of {k_at_life:.1f} kg/kW "
            f"(now {kg_kw:.1f}) at their {life:g}-yr life"
        )
        value = float(_net_gw_per_yr(1e3 / k_at_life, life, h))
        reachable = True
    else:
        k = 1e3 / target
        reachable = k > compute_kg_kw * 1.05
        keys = _top_down_keys(arr.raw, r, k) | {"economics.satellite_life": f"{h:g} yr"}
        text = (
            f"{target:g} GW/yr net over {h:g} years needs satellites that last {h:g} years "
            f"(now {life:g}) and weigh {k:.1f} kg/kW (now {kg_kw:.1f}): at a {life:g}-yr life "
            f"it would take {k_at_life:.2f} kg/kW, no more than the compute alone "
            f"({compute_kg_kw:.2f} kg/kW)"
        )
        value = float(_net_gw_per_yr(1e3 / k, h, h))
        if not reachable:
            text += "; even then the compute alone is too heavy"
    reason = (
        f"1 Mt/yr of {kg_kw:.1f} kg/kW satellites adds {gross:.1f} GW/yr gross; each retires "
        f"after {life:g} years, so from year {life:g} launches only replace and the fleet "
        f"stays at {gross * life:,.0f} GW (net 0 at steady state). Over the first {h:g} years "
        f"the net addition averages {net:.1f} GW/yr: {verdict} (claimed/wattflop "
        f"{target / net:.2f}, band {BAND[0]:g}–{BAND[1]:g})"
    )
    return Outcome(
        value=net,
        unit="GW/yr",
        details={
            "mass_per_year_kg": MASS_PER_YEAR_KG,
            "specific_power_w_per_kg": sp,
            "satellite_life_yr": life,
            "gross_gw_per_yr": gross,
            "net_gw_per_yr": net,
            "net_horizon_yr": h,
            "net_gw_per_yr_over_5_yr": float(_net_gw_per_yr(gross, life, 5.0)),
            "net_gw_per_yr_to_2060": float(_net_gw_per_yr(gross, life, HORIZON_YEAR - CLAIM_YEAR)),
            "net_gw_per_yr_at_steady_state": 0.0,
            "retired_gw_per_yr_at_steady_state": gross,
            "steady_state_fleet_gw": gross * life,
            "it_w_per_satellite": it_w,
        },
        kind=kind,
        verdict=verdict,
        reason=reason,
        band=net_band,
        holds_if=HoldsIf(text=text, keys=keys, value=value, target=target, reachable=reachable),
    )


def sustainable_fleet(models: Models, entry: ClaimEntry) -> Outcome:
    """Satellites of the headline design that 1,000,000 t/yr of launches can keep in orbit when
    each is replaced at the end of its life: ``1e9 kg/yr / satellite mass × life``; compared
    with the claimed 1,000,000. Details give the IT power, mass and launches of 10⁶ satellites
    and the launches a year needed to keep them. Holds if: the satellite mass (top-down kg/kW)
    at which 1 Mt/yr keeps exactly the claimed fleet."""
    sc, r = _orbit(models, entry)
    arr = _arrays(models, entry)
    n_claim = entry.claimed if entry.claimed is not None else 1e6
    m = float(r.get("mass.satellite_kg"))
    life = float(r.get("reliability.life_yr"))
    per_launch = int(r.get("fleet.satellites_per_launch"))
    it_w = float(r.get("power.it_w_per_satellite"))
    launches = math.ceil(n_claim / per_launch)
    sustainable = MASS_PER_YEAR_KG / m * life
    draws = arr.samples()
    m_needed = MASS_PER_YEAR_KG * life / n_claim
    k = m_needed / it_w * 1e3
    kind, verdict = ratio_verdict(n_claim / sustainable, "higher")
    reason = (
        f"1 Mt/yr keeps {sustainable:,.0f} satellites of {m:,.0f} kg flying at a {life:g}-yr "
        f"life; the claimed {n_claim:,.0f} is {verdict} (claimed/wattflop "
        f"{n_claim / sustainable:.2f}) and would carry {n_claim * it_w / 1e9:,.0f} GW of IT"
    )
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
            "satellite_kg_for_claim": m_needed,
        },
        kind=kind,
        verdict=verdict,
        reason=reason,
        band=band(MASS_PER_YEAR_KG / draws.z.total_mass_kg * draws.z.life_years),
        holds_if=HoldsIf(
            text=(
                f"1 Mt/yr keeps exactly {n_claim:,.0f} satellites at a {life:g}-yr life when "
                f"each weighs {m_needed:,.0f} kg ({k:.1f} kg/kW; now {m:,.0f} kg, "
                f"{m / it_w * 1e3:.1f} kg/kW): any lighter and more fit"
            ),
            keys=_top_down_keys(arr.raw, r, k),
            value=MASS_PER_YEAR_KG / (k * it_w / 1e3) * life,
            target=n_claim,
        ),
    )


#: Module packing and efficiency of the ground panel come from the orbital scenario, so both
#: sides are the same panel; the STC irradiance rates it on the ground [W/m²].
STC_IRRADIANCE_W_M2 = 1000.0
#: Hours of a typical (TMY) year, the ground capacity factor's denominator [h].
TMY_HOURS = 8760.0
#: Bundled typical-year weather sites the orbit/ground ratio is also shown for.
SOLAR_SITES = ("greensboro", "sand_point", "miami")


def solar_ratio(orbit_kwh_m2: float, ground_capacity_factor: float, kw_per_m2: float) -> float:
    """Orbit / ground energy per m² of the same panel, the ground given by its AC capacity
    factor per kW of DC over a TMY year.

    >>> round(solar_ratio(2000.0, 0.2, 0.2), 3)
    5.708
    """
    return orbit_kwh_m2 / (ground_capacity_factor * TMY_HOURS * kw_per_m2)


def orbit_vs_ground_solar(models: Models, entry: ClaimEntry) -> Outcome:
    """Electric energy per m² of panel per year, orbit ÷ ground (Greensboro TMY).

    Orbit: first-year ``power.energy_balance_j_per_satellite_year.array_electric`` (cell output
    at cell temperature, with packing, before PMAD) / ``power.array_area_m2``.
    Ground: pvlib PVWatts annual AC yield per kW of DC (single-axis tracker, DC/AC 1.0, PVWatts
    losses) × kW of DC per m² of the same panel, ``η_cell × 1000 W/m² × packing / 1000``.
    The same ratio per kW of panel nameplate (AM0 rating in orbit, STC on the ground) is in the
    details: it is smaller, since an AM0 kW needs 1/1.361 of the area of an STC kW.

    Band: none (no key of the scenario's ``uncertainty:`` section acts on either yield; the
    ratio at the other bundled weather sites is in the details). Holds if: the ground capacity
    factor that gives the claimed ratio (:func:`solar_ratio`), and the orbit's sunlit fraction
    that would (reachable only up to 1).
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

    def yields(site: str) -> tuple[float, float]:
        df = pv_power_per_kw_ac(read_weather(site), design)
        return float(df["ac"].sum()) / design.dc_ac_ratio, float(
            df["dc"].sum()
        ) / design.dc_ac_ratio

    ac_kwh_kwdc, dc_kwh_kwdc = models.memo("greensboro_single_axis", lambda: yields("greensboro"))
    kw_per_m2 = sc.cell.efficiency * STC_IRRADIANCE_W_M2 * sc.satellite.array.packing_factor / 1e3
    ground_kwh_m2 = ac_kwh_kwdc * kw_per_m2
    value = orbit_kwh_m2 / ground_kwh_m2
    cf = ac_kwh_kwdc / TMY_HOURS
    by_site = {}
    for site in SOLAR_SITES:
        ac = ac_kwh_kwdc
        if site != "greensboro":
            ac = models.memo(f"{site}_single_axis", partial(yields, site))[0]
        by_site[site] = {
            "capacity_factor": ac / TMY_HOURS,
            "ratio": solar_ratio(orbit_kwh_m2, ac / TMY_HOURS, kw_per_m2),
        }
    target = entry.claimed if entry.claimed is not None else 8.0
    cf_needed = cf * value / target
    sunlit = float(r.get("eclipse.sunlit_fraction"))
    sunlit_needed = sunlit * target / value
    nearest = min(by_site, key=lambda s: abs(by_site[s]["ratio"] - target))
    text = (
        f"{target:g}× holds against a ground site whose single-axis array yields a capacity "
        f"factor of {cf_needed:.1%} (AC per kW of DC; Greensboro {cf:.1%}); of the bundled "
        f"sites {nearest.replace('_', ' ').title()} comes closest "
        f"({by_site[nearest]['ratio']:.1f}×, {by_site[nearest]['capacity_factor']:.1%}). "
    )
    text += (
        f"From orbit alone it would need a sunlit fraction of {sunlit_needed:.1%} (now "
        f"{sunlit:.1%})" + (", more than always sunlit" if sunlit_needed > 1.0 else "")
    )
    return Outcome(
        value=value,
        unit="x",
        details={
            "basis": "per m² of the same panel; orbit cell DC output / ground AC output",
            "orbit_kwh_per_m2_yr": orbit_kwh_m2,
            "ground_ac_kwh_per_m2_yr": ground_kwh_m2,
            "ground_dc_kwh_per_m2_yr": dc_kwh_kwdc * kw_per_m2,
            "ratio_dc_to_dc": orbit_kwh_m2 / (dc_kwh_kwdc * kw_per_m2),
            "ground_ac_kwh_per_kwdc_yr": ac_kwh_kwdc,
            "ground_capacity_factor": cf,
            "ground_kw_per_m2": kw_per_m2,
            "orbit_kwh_per_kw_am0_yr": orbit_kwh_kw,
            "ratio_per_kw_nameplate": orbit_kwh_kw / ac_kwh_kwdc,
            "cell_efficiency": sc.cell.efficiency,
            "packing_factor": sc.satellite.array.packing_factor,
            "orbit_sunlit_fraction": sunlit,
            "ground_weather": "greensboro (pvlib TMY3)",
            "by_site": by_site,
            "capacity_factor_for_claim": cf_needed,
            "sunlit_fraction_for_claim": sunlit_needed,
            "band_note": "no key of the scenario's uncertainty section acts on either yield",
        },
        band=None,
        holds_if=HoldsIf(
            text=text,
            keys={},
            value=solar_ratio(orbit_kwh_m2, cf_needed, kw_per_m2),
            target=target,
        ),
    )


#: Bottom-up reusable-launch cost model (claim launch-100-per-kg), per flight of a fully
#: reusable two-stage vehicle of the Starship class. The four inputs are chosen to reproduce
#: Suncatcher's own bottom-up points (arXiv:2511.19468 §4.4, REFERENCES.md "Launch": ~460 USD/kg
#: with no reuse, ≲ 60 at 10× reuse, ≲ 15 at 100×): this model gives 460.5, 55.5 and 15.0.
#: Payload to LEO per flight [kg] (Suncatcher uses 200 t; the SpaceX target is 100–200 t,
#: REFERENCES.md "Starship stated payload"; range 100–200 t).
REUSE_PAYLOAD_KG = 200e3
#: Build cost of one vehicle, booster and ship [USD] (assumption, set so that one flight with
#: no reuse costs Suncatcher's ~460 USD/kg at 200 t; range 50–200 M USD).
REUSE_BUILD_USD = 90e6
#: Propellant per flight [USD] (assumption: ~4,600 t of liquid oxygen and methane at
#: ~200 USD/t; range 0.5–2 M USD).
REUSE_PROPELLANT_USD = 1.0e6
#: Refurbishment between flights [USD] (assumption, set with the operations so that 100 reuses
#: give Suncatcher's ≲ 15 USD/kg; range 0.25–5 M USD: Falcon 9 booster refurbishment is not
#: disclosed).
REUSE_REFURBISH_USD = 0.5e6
#: Operations per flight: pad, range, recovery, staff [USD] (assumption; range 0.3–3 M USD).
REUSE_OPERATIONS_USD = 0.6e6
#: Flights per vehicle at which the claim is judged as a cost: Suncatcher's first reuse point
#: (§4.4; assumption, range 5–100; the model's cost at 1 and 100 flights is in the details).
REUSE_FLIGHTS = 10.0
#: Ranges of the reuse-model inputs for its band (triangular, peaked at the value above;
#: assumption: the ranges above).
REUSE_RANGES: Mapping[str, tuple[float, float]] = MappingProxyType(
    {
        "payload_kg": (100e3, 200e3),
        "build_usd": (50e6, 200e6),
        "propellant_usd": (0.5e6, 2e6),
        "refurbish_usd": (0.25e6, 5e6),
        "operations_usd": (0.3e6, 3e6),
    }
)
#: Monte Carlo draws and seed of the reuse band.
REUSE_BAND_SAMPLES = 4000
REUSE_BAND_SEED = 13
#: The only disclosed Starship contract price, ~90 M USD per launch, ≈ 600–900 USD/kg at the
#: demonstrated payloads (press reports, secondary; REFERENCES.md "Starship price").
STARSHIP_CONTRACT_USD_PER_KG = (600.0, 900.0)
#: Year by which the price pace is asked to reach the claimed price [yr] (assumption: the
#: end of the decade the claim is about).
LAUNCH_PACE_YEAR = 2030.0


def reuse_launch_cost(
    flights: ArrayLike,
    *,
    payload_kg: ArrayLike = REUSE_PAYLOAD_KG,
    build_usd: ArrayLike = REUSE_BUILD_USD,
    propellant_usd: ArrayLike = REUSE_PROPELLANT_USD,
    refurbish_usd: ArrayLike = REUSE_REFURBISH_USD,
    operations_usd: ArrayLike = REUSE_OPERATIONS_USD,
) -> FloatArray:
    """Cost to orbit per kg of payload [USD/kg] of a vehicle flown ``flights`` times: its build
    cost amortised over its flights, plus refurbishment, propellant and operations per flight,
    over the payload. Refurbishment is paid on every flight (the first included: a
    conservative simplification). Broadcasts over arrays.

    >>> round(float(reuse_launch_cost(1.0)), 1), round(float(reuse_launch_cost(10.0)), 1)
    (460.5, 55.5)
    """
    n = np.asarray(flights, dtype=float)
    per_flight = (
        np.asarray(build_usd, dtype=float) / n
        + np.asarray(refurbish_usd, dtype=float)
        + np.asarray(propellant_usd, dtype=float)
        + np.asarray(operations_usd, dtype=float)
    )
    out: FloatArray = per_flight / np.asarray(payload_kg, dtype=float)
    return out


def reuse_flights_for_cost(
    cost_usd_per_kg: float,
    *,
    payload_kg: float = REUSE_PAYLOAD_KG,
    build_usd: float = REUSE_BUILD_USD,
    propellant_usd: float = REUSE_PROPELLANT_USD,
    refurbish_usd: float = REUSE_REFURBISH_USD,
    operations_usd: float = REUSE_OPERATIONS_USD,
) -> float:
    """Flights per vehicle at which :func:`reuse_launch_cost` equals ``cost_usd_per_kg``
    (``inf`` when the recurring cost per flight alone is above it).

    >>> round(reuse_flights_for_cost(100.0), 2)
    5.03
    """
    margin = cost_usd_per_kg * payload_kg - (propellant_usd + refurbish_usd + operations_usd)
    return build_usd / margin if margin > 0 else math.inf


def launch_price_year(models: Models, entry: ClaimEntry) -> Outcome:
    """The launch claim judged as a **cost** (the verdict) and as a **price pace** (reported).

    Cost: :func:`reuse_launch_cost` at :data:`REUSE_FLIGHTS` flights per vehicle [USD/kg],
    a bottom-up model that reproduces Suncatcher §4.4 (460 / ≲ 60 / ≲ 15 USD/kg at 1 / 10 /
    100 flights); band p5–p95 over :data:`REUSE_RANGES`. ``consistent`` when the cost is at or
    below the claimed price ("well under $100/kg" is an upper bound), else ``optimistic ×k``
    with ``k`` = cost / claimed.

    Pace: the Wright's-law price (20 % per doubling from 1,800 USD/kg at 400 t in 2025) at the
    Suncatcher cadence of 37,000 t/yr reaches the claimed price only in the reported year; the
    cadence that reaches it by :data:`LAUNCH_PACE_YEAR` and the year at 1 Mt/yr are in the
    details. Prices are what a buyer pays; the only disclosed Starship contract is ~600–900
    USD/kg.

    ``holds_if``: the flights per vehicle that give the claimed cost, and the cadence that
    gives the claimed price by 2030, each verified by re-computing the model there.
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
    cadence_pace = float(cadence_for_price(target, LAUNCH_PACE_YEAR, year0=LAUNCH_YEAR0, **curve))
    price_pace = float(
        price_path([LAUNCH_PACE_YEAR], year0=LAUNCH_YEAR0, rate_per_year=cadence_pace, **curve)[0]
    )
    # the cost: bottom-up reuse model, with its band over the input ranges
    cost = float(reuse_launch_cost(REUSE_FLIGHTS))
    rng = np.random.default_rng(REUSE_BAND_SEED)
    modes = {
        "payload_kg": REUSE_PAYLOAD_KG,
        "build_usd": REUSE_BUILD_USD,
        "propellant_usd": REUSE_PROPELLANT_USD,
        "refurbish_usd": REUSE_REFURBISH_USD,
        "operations_usd": REUSE_OPERATIONS_USD,
    }
    draws = {
        k: rng.triangular(lo, modes[k], hi, REUSE_BAND_SAMPLES)
        for k, (lo, hi) in REUSE_RANGES.items()
    }
    sampled = reuse_launch_cost(REUSE_FLIGHTS, **draws)
    p5, p95 = (float(v) for v in np.quantile(sampled, [0.05, 0.95]))
    n_needed = reuse_flights_for_cost(target)
    cost_at_n = float(reuse_launch_cost(n_needed))
    by_flights = {str(int(n)): float(reuse_launch_cost(n)) for n in (1.0, 10.0, 100.0)}
    recurring = REUSE_PROPELLANT_USD + REUSE_REFURBISH_USD + REUSE_OPERATIONS_USD
    details = {
        "judged_as": "cost (bottom-up reuse model); the price pace is reported",
        "cost_usd_per_kg": cost,
        "cost_flights_per_vehicle": REUSE_FLIGHTS,
        "cost_usd_per_kg_by_flights": by_flights,
        "cost_floor_usd_per_kg": recurring / REUSE_PAYLOAD_KG,
        "cost_band_usd_per_kg": [p5, p95],
        "cost_share_of_band_above_claim": float(np.mean(sampled > target)),
        "reuse_inputs": modes,
        "reuse_ranges": {k: list(v) for k, v in REUSE_RANGES.items()},
        "flights_for_claimed_cost": n_needed,
        "pace_year_at_cadence": year,
        "cumulative_mass_needed_t": q / 1e3,
        "cadence_t_per_yr": LAUNCH_CADENCE_KG_PER_YR / 1e3,
        "price_2035_usd_per_kg": float(p[0]),
        "price_2060_usd_per_kg": float(p[1]),
        "cadence_for_2030_t_per_yr": cadence_pace / 1e3,
        "price_2030_at_that_cadence_usd_per_kg": price_pace,
        "cadence_for_2035_t_per_yr": cadence_for_price(target, 2035.0, year0=LAUNCH_YEAR0, **curve)
        / 1e3,
        "year_at_1mt_per_yr": year_at(MASS_PER_YEAR_KG),
        "disclosed_contract_usd_per_kg": list(STARSHIP_CONTRACT_USD_PER_KG),
    }
    if cost <= target:
        kind: Kind = "consistent"
        verdict = "consistent"
    else:
        kind, verdict = ratio_verdict(cost / target, "higher")
    lo_c, hi_c = STARSHIP_CONTRACT_USD_PER_KG
    edge = (
        " (Suncatcher's inputs sit at the favourable end of their ranges: the band lies "
        "above the central figure)"
    )
    reason = (
        f"Judged as a cost: a reusable vehicle (build {REUSE_BUILD_USD / 1e6:.0f} M USD, "
        f"{recurring / 1e6:.1f} M USD a flight in propellant, refurbishment and operations, "
        f"{REUSE_PAYLOAD_KG / 1e3:.0f} t) costs {cost:.0f} USD/kg at "
        f"{REUSE_FLIGHTS:.0f} flights (p5–p95 {p5:.0f}–{p95:.0f} over the inputs' "
        f"ranges, {np.mean(sampled > target):.0%} of draws above {target:g}; "
        f"{by_flights['1']:.0f} with no reuse, "
        f"{by_flights['100']:.0f} at 100, as Suncatcher §4.4), "
        f"{'at or below' if cost <= target else 'above'} the claimed {target:g} USD/kg: "
        f"{verdict}{'' if p5 < cost else edge}. As a price pace it is far off: the Wright "
        f"curve (20 %/doubling from "
        f"{LAUNCH_PRICE0_USD_PER_KG:,.0f} USD/kg in {LAUNCH_YEAR0:.0f}) at "
        f"{LAUNCH_CADENCE_KG_PER_YR / 1e6:g} kt/yr reaches {target:g} USD/kg only in "
        f"{year:.0f} ({p[1]:.0f} USD/kg in {HORIZON_YEAR:.0f}), {year_at(MASS_PER_YEAR_KG):.0f} "
        f"at 1 Mt/yr; the only disclosed Starship contract is ~{lo_c:.0f}–{hi_c:.0f} USD/kg"
    )
    holds = HoldsIf(
        text=(
            f"as a cost: each vehicle flies ≥ {n_needed:.2f} times ({cost_at_n:.1f} USD/kg "
            f"there); as a price: launches run at ≥ {cadence_pace / 1e6:,.0f} kt/yr from "
            f"{LAUNCH_YEAR0:.0f} ({price_pace:.1f} USD/kg in {LAUNCH_PACE_YEAR:.0f}, "
            f"{cadence_pace / LAUNCH_CADENCE_KG_PER_YR:.0f}× the Suncatcher cadence)"
        ),
        keys={},
        value=cost_at_n,
        target=target,
        reachable=math.isfinite(n_needed),
    )
    return Outcome(
        value=cost,
        unit="USD/kg",
        details=details,
        better="lower",
        kind=kind,
        verdict=verdict,
        reason=reason,
        band=(p5, p95),
        holds_if=holds,
    )


#: Months from the claim to the "within 30 months" date (early 2026 → mid-2028).
COMPETITIVE_MONTHS = 30.0
#: Step of the fine year grid the holds-if crossing is found on [yr].
HOLDS_YEAR_STEP = 0.05


def _competitive_holds_if(
    models: Models,
    entry: ClaimEntry,
    orbit_name: str,
    ground_name: str,
    price_at: Callable[[Any], Any],
) -> tuple[HoldsIf, dict[str, Any]]:
    """The satellite at which orbit costs what the ground does by mid-2028, with a fleet at
    full power by then: the headline design's USD/W and kg/kW scaled together by ``s``
    (a ray through the what-it-takes map, :func:`wattflop.study.what_it_takes.solve_increasing`)
    at the learning curve's launch price of that year, in top-down mode; the production line
    and pad unconstrained and started so that the whole fleet computes at 30 months. Checked
    by the crossing year of the top-down cost over a fine year grid (the claim's quantity)."""
    from wattflop.constants import MONTH_S
    from wattflop.study import what_it_takes as wit
    from wattflop.study.learning import crossing_year
    from wattflop.study.roots import solve_increasing

    target_yr = entry.claimed if entry.claimed is not None else COMPETITIVE_MONTHS / 12.0
    year = CLAIM_YEAR + target_yr
    orbit_res, ground_res = models.result(orbit_name), models.result(ground_name)

    def cached(sc: Scenario) -> SiteResult:
        return orbit_res if isinstance(sc, OrbitScenario) else ground_res

    sites, head = wit.prepare_sites(
        models.raw(orbit_name), models.raw(ground_name), simulate=cached, ground_result=ground_res
    )
    s = head.get("satellite")
    c0, m0 = float(s["usd_per_w"]), float(s["kg_per_kw"])
    g0 = sites.ground_usd_per_eflop
    price = float(np.asarray(price_at(year)))
    commissioning = float(sites.orbit_sc.deployment.commissioning_time)
    lead = max(target_yr * 12.0 * MONTH_S - commissioning, 0.0)
    deploy: dict[tuple[str, ...], Any] = {
        ("deployment", "first_unit_lead_time"): lead,
        ("deployment", "production_rate"): 1.0,
        ("deployment", "launch_cadence"): 1.0,
    }
    cost, mass, launch = (
        ("satellite", "top_down", "specific_cost"),
        ("satellite", "top_down", "specific_mass"),
        ("launch", "price_per_kg"),
    )

    def orbit_at(scale: Any, lp: Any, extra: Mapping[tuple[str, ...], Any]) -> Any:
        return sites.orbit({**extra, cost: scale * c0, mass: scale * m0 * 1e-3, launch: lp})

    def f(x: FloatArray, rows: Any) -> FloatArray:
        return np.asarray(orbit_at(x, price, deploy) - g0, dtype=float)

    # the satellite cannot weigh less than its compute: the ray ends there
    s_min = float(s["compute_kg_per_kw"]) / m0 * (1.0 + 1e-9)
    scale = float(solve_increasing(f, np.full(1, s_min), np.ones(1), scale=g0)[0])
    ratio_best = float(orbit_at(s_min, price, deploy)[()] / g0)
    free = {**deploy, cost: 0.0, mass: s_min * m0 * 1e-3, launch: price}
    ratio_free = float(sites.orbit(free)[()] / g0)
    ratio_head = float(orbit_at(1.0, price, deploy)[()] / g0)

    # the contour at the headline kg/kW (USD/W alone) and at Suncatcher-class 15 kg/kW
    def usd_per_w_at(kg_per_kw: float, extra: Mapping[tuple[str, ...], Any]) -> float:
        def g(x: FloatArray, rows: Any) -> FloatArray:
            v = sites.orbit({**extra, cost: x, mass: kg_per_kw * 1e-3, launch: price})
            return np.asarray(v - g0, dtype=float)

        return float(solve_increasing(g, np.zeros(1), np.full(1, wit.MAX_USD_PER_W),
                                          scale=g0)[0])  # fmt: skip

    details: dict[str, Any] = {
        "year": year,
        "launch_price_that_year_usd_per_kg": price,
        "headline_usd_per_w": c0,
        "headline_kg_per_kw": m0,
        "orbit_over_ground_headline_30_month_fleet": ratio_head,
        "satellite_scale_min": s_min,
        "orbit_over_ground_at_compute_mass": ratio_best,
        "orbit_over_ground_free_platform_at_compute_mass": ratio_free,
        "usd_per_w_needed_at_headline_kg_per_kw": usd_per_w_at(m0, deploy),
        "usd_per_w_needed_at_15_kg_per_kw": usd_per_w_at(15.0, deploy),
        "usd_per_w_needed_at_headline_kg_per_kw_own_schedule": usd_per_w_at(m0, {}),
    }
    keys_fixed = {
        "launch.price_per_kg": f"{price:.4g} USD/kg",
        "deployment.first_unit_lead_time": f"{lead / MONTH_S:.4g} month",
        "deployment.production_rate": "1 1/s",
        "deployment.launch_cadence": "1 1/s",
    }
    if not math.isfinite(scale):
        return HoldsIf(
            text=(
                f"not reachable by the satellite alone: at the {year:.1f} launch price "
                f"({price:.0f} USD/kg) and a fleet at full power in "
                f"{target_yr * 12:.0f} months, a satellite that weighs no more than its "
                f"compute ({s['compute_kg_per_kw']:.3g} kg/kW) leaves orbit at "
                f"{ratio_best:.2f}× the ground's cost per EFLOP, and a free one at "
                f"{ratio_free:.2f}×"
            ),
            keys=keys_fixed,
            value=ratio_best,
            target=1.0,
            reachable=False,
        ), details
    c1, m1 = scale * c0, scale * m0
    # the claim's quantity at the condition: years until orbit is cheaper, launch learning
    years = np.arange(CLAIM_YEAR, CLAIM_YEAR + 2.0 * target_yr + 1e-9, HOLDS_YEAR_STEP)
    lp = np.asarray(price_at(years), dtype=float)
    o = np.asarray(orbit_at(np.full(years.size, scale), lp, deploy), dtype=float)
    y_cross = crossing_year(o, np.full(years.size, g0), years)
    value = (y_cross - CLAIM_YEAR) if y_cross is not None else math.nan
    details |= {"holds_if_scale": scale, "holds_if_crossing_year": y_cross}
    return HoldsIf(
        text=(
            f"the satellite costs ≤ {c1:.3g} USD/W at ≤ {m1:.3g} kg/kW ({scale:.0%} of the "
            f"headline's {c0:.3g} USD/W and {m0:.3g} kg/kW), with launch at the learning "
            f"curve's {year:.1f} price ({price:.0f} USD/kg) and the whole fleet computing "
            f"{target_yr * 12:.0f} months after the decision (line and pad unconstrained); "
            f"orbit then becomes cheaper after {value:.2f} yr"
        ),
        keys={
            "satellite.top_down.specific_cost": f"{c1:.6g} USD/W",
            "satellite.top_down.specific_mass": f"{m1:.6g} kg/kW",
            **keys_fixed,
        },
        value=value,
        target=target_yr,
        reachable=y_cross is not None,
    ), details


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
    launch_curve = curves.curves["launch"]
    holds, hd = _competitive_holds_if(
        models,
        entry,
        orbit_name,
        ground_name,
        lambda y: launch_curve.price(y, CLAIM_YEAR),
    )
    dep_o = dict(orbit_now.values.get("deployment", {}))
    dep_g = dict(ground.values.get("deployment", {}))
    details |= {
        "what_it_takes": hd,
        "orbit_months_to_first_power": dep_o.get("months_to_first_power"),
        "orbit_months_to_full_power": dep_o.get("months_to_full_power"),
        "ground_months_to_full_power": dep_g.get("months_to_full_power"),
    }
    target_months = 12.0 * (entry.claimed if entry.claimed is not None else 2.5)
    power_text = (
        f"Time to power: the headline fleet computes first after "
        f"{dep_o.get('months_to_first_power', math.nan):.0f} months and at full power after "
        f"{dep_o.get('months_to_full_power', math.nan):.0f} (claim: {target_months:.0f}; the "
        f"ground campus {dep_g.get('months_to_full_power', math.nan):.0f})."
    )
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
                f"{HORIZON_YEAR:.0f}; even free launch leaves orbit at {floor:.2f} USD/EFLOP: "
                f"no crossing by {HORIZON_YEAR:.0f} (so no band either). At the "
                f"{hd['year']:.1f} launch price ({hd['launch_price_that_year_usd_per_kg']:.0f} "
                f"USD/kg) the headline design with a fleet at full power in "
                f"{target_months:.0f} months costs "
                f"{hd['orbit_over_ground_headline_30_month_fleet']:.2f}× the ground. {power_text}"
            ),
            holds_if=holds,
        )
    return Outcome(
        value=cx.year - CLAIM_YEAR,
        unit="yr",
        details=details,
        better="lower",
        reason=(
            f"orbit becomes cheaper than ground in {cx.year:.1f} with launch learning alone. "
            f"{power_text}"
        ),
        holds_if=holds,
    )


#: Radiator share of the satellite's mass above which cooling is "the hard problem": a quarter
#: of the satellite, more than any other subsystem weighs in the bundled designs (assumption;
#: range 20–33 %).
RADIATOR_MASS_SHARE = 0.25
#: Radiator share of the annual cost (its hardware and its launch) above which cooling is a
#: material burden: the tool's 10 % materiality rule, as in claim orbit-no-repair.
RADIATOR_COST_SHARE = 0.10


def _radiator_shares(d: Design) -> tuple[FloatArray, FloatArray]:
    """Radiator share of the satellite's mass and of the annual cost (hardware + launch)."""
    rad = d.z.mass_kg["radiator"]
    mass_share = rad / d.z.total_mass_kg
    usd = d.m.annual_by_line["radiator"] + d.m.annual_by_line["launch"] * mass_share
    return np.asarray(mass_share, dtype=float), np.asarray(usd / d.m.annual, dtype=float)


def radiator_burden(models: Models, entry: ClaimEntry) -> Outcome:
    """Radiator share of satellite mass [%], judged on three stated criteria:

    - mass: the radiator weighs ≥ :data:`RADIATOR_MASS_SHARE` of the satellite;
    - cost: the radiator (hardware and its share of launch) is ≥ :data:`RADIATOR_COST_SHARE`
      of the annual cost;
    - temperature: the radiator must run at or above the highest temperature the
      accelerator's coolant limit allows (``thermal.radiator_max_c``: no margin).

    ``consistent`` (cooling is the hard problem) when any holds, else ``contradicted``; the
    deciding criterion is the one that holds or, when none does, the share nearest its
    threshold. Holds if: that share's key (radiator areal density for mass, radiator price
    per m² for cost) solved to reach its threshold on the vectorised design.
    """
    from wattflop.study.roots import solve_increasing

    _, r = _orbit(models, entry)
    arr = _arrays(models, entry)
    parts = dict(r.get("mass.by_part_kg"))
    m = float(r.get("mass.satellite_kg"))
    rad = float(parts["radiator"])
    power = float(parts["solar_array"] + parts["battery"] + parts["power_electronics"])
    rad_area = float(r.get("thermal.radiator_area_m2"))
    arr_area = float(r.get("power.array_area_m2"))
    t_rad = float(r.get("thermal.radiator_temperature_c"))
    t_max = float(r.get("thermal.radiator_max_c"))
    margin = t_max - t_rad
    mass_share, cost_share = (float(x) for x in _radiator_shares(arr.at()))
    draws = arr.samples()
    mass_draws, cost_draws = _radiator_shares(draws)
    criteria = {
        "mass": (mass_share, RADIATOR_MASS_SHARE, "satellite.radiator.areal_density"),
        "cost": (cost_share, RADIATOR_COST_SHARE, "satellite.radiator.price_per_m2"),
    }
    held = [c for c, (v, thr, _) in criteria.items() if v >= thr]
    hot = margin <= 0.0
    if hot:
        held.append("temperature")
    decides = held[0] if held else max(criteria, key=lambda c: criteria[c][0] / criteria[c][1])
    kind: Kind = "consistent" if held else "contradicted"
    text = (
        f"radiator {mass_share:.1%} of the mass (criterion ≥ {RADIATOR_MASS_SHARE:.0%}), "
        f"{cost_share:.1%} of the annual cost with its launch (≥ {RADIATOR_COST_SHARE:.0%}), "
        f"at {t_rad:.0f} °C, {margin:.0f} K below the {t_max:.0f} °C the coolant limit allows "
        f"(criterion: no margin); {rad_area / arr_area:.2f}× the array area. "
    )
    if held:
        text += f"Cooling is the hard problem on {', '.join(held)}"
    else:
        text += (
            f"No criterion holds: {decides} comes nearest "
            f"({criteria[decides][0] / criteria[decides][1]:.0%} of its threshold)"
        )
    share_of = 0 if decides == "mass" else 1
    dkey = criteria["mass" if decides == "temperature" else decides][2]
    thr = criteria["mass" if decides == "temperature" else decides][1]
    from wattflop.scenario.keys import get_key, key_spec

    x0 = get_key(arr.raw, dkey)
    q = key_spec(arr.raw, dkey).quantity
    upper = q.bounds.get("≤") or q.bounds.get("<") if q is not None else None
    top = float(upper) if upper is not None else x0 * 100.0

    def f(x: FloatArray, rows: Any) -> FloatArray:
        return _radiator_shares(arr.at({dkey: x}))[share_of] - thr

    x = math.nan
    for _ in range(3):  # again at the eclipse strategy a full run would choose there
        x = float(solve_increasing(f, np.array([x0 * 1e-3]), np.array([top]), rtol=1e-6)[0])
        if not math.isfinite(x):
            break
        moved = arr.resolved({dkey: x})
        if moved is arr:
            break
        arr = moved
    if math.isfinite(x):
        value = float(np.ravel(_radiator_shares(arr.at({dkey: np.array([x])}))[share_of])[0])
        holds = HoldsIf(
            text=(
                f"the radiator reaches {thr:.0%} of the "
                f"{'mass' if share_of == 0 else 'annual cost'} at "
                f"{_key_text(arr.raw, dkey, x)} (now {_key_text(arr.raw, dkey, x0)})"
            ),
            keys={dkey: _key_text(arr.raw, dkey, x)},
            value=value,
            target=thr,
        )
    else:
        best = float(np.ravel(f(np.array([top]), None))[0]) + thr
        holds = HoldsIf(
            text=f"{dkey} up to its bound {_key_text(arr.raw, dkey, top)} gives {best:.1%}",
            target=thr,
            value=best,
            reachable=False,
        )
    details = {
        "radiator_kg": rad,
        "power_system_kg": power,
        "radiator_mass_share": mass_share,
        "radiator_cost_share": cost_share,
        "radiator_cost_share_band": band(cost_draws),
        "power_system_mass_share": power / m,
        "radiator_area_m2": rad_area,
        "array_area_m2": arr_area,
        "radiator_to_array_area": rad_area / arr_area,
        "radiator_temperature_c": t_rad,
        "radiator_max_c": t_max,
        "coolant_max_c": float(r.get("thermal.coolant_max_c")),
        "temperature_margin_k": margin,
        "net_flux_w_per_m2": float(r.get("thermal.net_flux_w_per_m2")),
        "criteria": {
            "mass_share_threshold": RADIATOR_MASS_SHARE,
            "cost_share_threshold": RADIATOR_COST_SHARE,
            "held": held,
            "decides": decides,
        },
    }
    return Outcome(
        100.0 * mass_share,
        "% of mass",
        details,
        kind=kind,
        verdict=kind,
        reason=text,
        band=(lambda b: None if b is None else (100.0 * b[0], 100.0 * b[1]))(band(mass_draws)),
        holds_if=holds,
    )


#: Spares cost share of the annual cost above which no repair is a material burden [-].
NO_REPAIR_COST_SHARE = 0.10
#: Availability below which no repair is a material burden [-].
NO_REPAIR_AVAILABILITY = 0.95
#: Permanent failure rates searched for the one that makes no repair material [1/yr]: 0.001
#: to 5 per accelerator-year (the key allows up to 10), fine enough that neighbours mostly
#: share a spare count.
FAILURE_RATE_GRID = np.geomspace(1e-3, 5.0, 20000)


@dataclass(frozen=True)
class SpareCost:
    """What doing without repair costs a year, per sample [USD/yr]."""

    spares_usd: FloatArray  #: the spares' hardware and their share of launch
    ground_usd: FloatArray  #: what the ground pays to replace the same failures
    annual_usd: FloatArray  #: the orbit's annual cost

    @property
    def gross_share(self) -> FloatArray:
        return np.asarray(self.spares_usd / self.annual_usd, dtype=float)

    @property
    def net_share(self) -> FloatArray:
        return np.asarray((self.spares_usd - self.ground_usd) / self.annual_usd, dtype=float)


def spare_cost(d: Design) -> SpareCost:
    """Spares: their share of the accelerator line (priced at the failed part) and of the
    launch line (their share of the mass); ground: one part a year per failure of the same
    running accelerators (``failure_rate × accelerators × part_price``, as the ground's
    ``accelerator_replacement`` line)."""
    acc, z, m = d.p.accelerator, d.z, d.m
    spare_price = z.spares * acc.part_price
    spare_kg = z.spares * acc.part_mass
    spares = (
        m.annual_by_line["accelerators"]
        * spare_price
        / (z.accelerators * acc.system_price + spare_price)
        + m.annual_by_line["launch"] * spare_kg / z.total_mass_kg
    )
    ground = acc.failure_rate * m.n_sat * z.accelerators * acc.part_price
    return SpareCost(
        np.asarray(spares, dtype=float),
        np.asarray(ground + 0.0 * spares, dtype=float),
        np.asarray(m.annual + 0.0 * spares, dtype=float),
    )


def _failure_rate_for(arr: OrbitArrays, key: str, threshold: float) -> tuple[float, float]:
    """The lowest failure rate of :data:`FAILURE_RATE_GRID` at which the net spares share
    crosses ``threshold`` between two rates with the same spare count (the share is
    continuous there: a new spare makes it jump), refined by bisection; (NaN, best share) when
    it never does."""
    grid = FAILURE_RATE_GRID
    d = arr.at({key: grid})
    net = spare_cost(d).net_share - threshold
    spares = np.broadcast_to(d.z.spares, grid.shape)
    same = spares[:-1] == spares[1:]
    cross = same & (np.sign(net[:-1]) != np.sign(net[1:]))
    if not np.any(cross):
        return math.nan, float(np.nanmax(net) + threshold)
    i = int(np.flatnonzero(cross)[0])
    a, b, fa = grid[i], grid[i + 1], net[i]
    for _ in range(60):
        x = 0.5 * (a + b)
        fx = float(np.ravel(spare_cost(arr.at({key: np.array([x])})).net_share)[0] - threshold)
        if np.sign(fx) == np.sign(fa):
            a, fa = x, fx
        else:
            b = x
    return 0.5 * (a + b), threshold


def no_repair_cost(models: Models, entry: ClaimEntry) -> Outcome:
    """Share of the annual cost [%] that doing without repair costs, net of the ground's own
    replacements: the cold spares that stand in for repair (their hardware, priced at the
    failed part, and their launch) minus what the ground pays to replace the same failures
    (:func:`spare_cost`). The gross share is in the details.

    Backed (``consistent``: doing without repair costs materially) when the net share is
    ≥ 10 % or the fleet availability < 95 %; otherwise ``contradicted``. Holds if: the
    permanent failure rate at which the net share reaches 10 %.
    """
    sc, r = _orbit(models, entry)
    arr = _arrays(models, entry)
    acc = sc.accelerator
    n_sat = float(r.get("fleet.satellites"))
    active = float(r.get("fleet.accelerators")) / n_sat
    spares = float(r.get("reliability.spares_per_satellite"))
    m = float(r.get("mass.satellite_kg"))
    spare_kg = spares * acc.part_mass
    total = float(r.get("cost.annual_cost_usd"))
    cost = spare_cost(arr.at())
    spare_usd = float(cost.spares_usd)
    ground_usd = float(cost.ground_usd)
    gross, share = float(cost.gross_share), float(cost.net_share)
    late = float(dict(r.get("cost.annual_cost_by_line_usd")).get("late_compute", 0.0))
    availability = float(r.get("reliability.failure_availability"))
    rate = float(r.get("reliability.failure_rate_per_year"))
    key = f"catalog.accelerators.{sc.workload.accelerator}.failure_rate"
    rate_needed, best = math.nan, math.nan
    for _ in range(3):  # again at the eclipse strategy a full run would choose there
        rate_needed, best = _failure_rate_for(arr, key, NO_REPAIR_COST_SHARE)
        if not math.isfinite(rate_needed):
            break
        moved = arr.resolved({key: rate_needed})
        if moved is arr:
            break
        arr = moved
    if math.isfinite(rate_needed):
        at = spare_cost(arr.at({key: np.array([rate_needed])}))
        holds = HoldsIf(
            text=(
                f"the net cost of no repair reaches {NO_REPAIR_COST_SHARE:.0%} of the annual "
                f"cost at {rate_needed:.2f} permanent failures per accelerator-year (now "
                f"{rate:g})"
            ),
            keys={key: f"{rate_needed:.6g} 1/yr"},
            value=100.0 * float(np.ravel(at.net_share)[0]),
            target=100.0 * NO_REPAIR_COST_SHARE,
        )
    else:
        holds = HoldsIf(
            text=(
                f"no failure rate up to {FAILURE_RATE_GRID[-1]:g}/yr brings the net cost of no "
                f"repair to {NO_REPAIR_COST_SHARE:.0%}: the most is {best:.1%}"
            ),
            value=100.0 * best,
            target=100.0 * NO_REPAIR_COST_SHARE,
            reachable=False,
        )
    details = {
        "accelerators_per_satellite": active,
        "spares_per_satellite": spares,
        "spares_per_active": spares / active,
        "spares_kg_per_satellite": spare_kg,
        "spares_mass_share": spare_kg / m,
        "spares_annual_cost_usd": spare_usd,
        "ground_replacement_annual_cost_usd": ground_usd,
        "net_annual_cost_usd": spare_usd - ground_usd,
        "spares_cost_share_gross": gross,
        "spares_cost_share": share,
        "spares_cost_share_without_late_compute": (spare_usd - ground_usd) / (total - late),
        "failure_availability": availability,
        "failure_rate_per_year": rate,
        "failure_rate_for_threshold": rate_needed,
        "life_yr": float(r.get("reliability.life_yr")),
    }
    text = (
        f"{spares:.0f} spares per {active:.0f} accelerators ({spare_kg / m:.1%} of the mass) "
        f"cost {gross:.1%} of the annual cost; the ground replaces the same failures for "
        f"{ground_usd / total:.1%}, so no repair costs {share:.1%} net "
        f"(rule: ≥ {NO_REPAIR_COST_SHARE:.0%}), availability {availability:.2%}"
    )
    backed = share >= NO_REPAIR_COST_SHARE or availability < NO_REPAIR_AVAILABILITY
    draws = _arrays(models, entry).samples()
    return Outcome(
        100.0 * share,
        "% of annual cost",
        details,
        kind="consistent" if backed else "contradicted",
        verdict="consistent" if backed else "contradicted",
        reason=text if backed else text + ": spares make repair unnecessary at small cost",
        band=(lambda b: None if b is None else (100.0 * b[0], 100.0 * b[1]))(
            band(spare_cost(draws).net_share)
        ),
        holds_if=holds,
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
    if swings:
        limit = float(swings["ramp_limit_mw_per_s"])
        after = float(swings["peak_ramp_after_mw_per_s"])
        holds = HoldsIf(
            text=(
                f"holds as modelled, with no further condition: the least-cost plant is "
                f"{mix.get('gas', 0.0):.0%} gas and its smoothing battery "
                f"({swings['battery_power_mw']:,.0f} MW / {swings['battery_energy_mwh']:,.1f} "
                f"MWh, sized by the model for the {limit:g} MW/s ramp limit) brings the "
                f"ramp to {after:.3g} MW/s"
            ),
            keys={},
            value=after,
            target=limit,
            reachable=ok,
        )
    else:
        holds = HoldsIf(
            text="the scenario models no training swings: no smoothing battery to size",
            reachable=False,
        )
    text += (
        ". No band: the plant comes from one least-cost LP (about 15 s), not re-solved per sample"
    )
    return Outcome(
        float(cap["gas_turbines"]),
        "MW gas",
        details,
        kind="consistent" if ok else "contradicted",
        verdict="consistent" if ok else "contradicted",
        reason=text,
        holds_if=holds,
    )


#: US nameplate capacity of the claim [MW].
US_CAPACITY_MW = 1.1e6
#: Storage cases: (dispatchable fraction, energy [MWh], power [MW]); the first is the headline
#: of the earlier verdict (100 GW / 400 GWh at 80 % dispatchable).
US_CASES: tuple[tuple[float, float, float], ...] = (
    (0.8, 400e3, 100e3),
    (0.8, math.inf, math.inf),
    (1.0, 400e3, 100e3),
    (1.0, math.inf, math.inf),
)
#: Dispatchable share of the 1.1 TW taken as the headline, and the range swept [-] (assumption:
#: wind and solar nameplate, ~0.3 TW of the 1.3 TW US fleet in 2024 (EIA Electric Power
#: Monthly, secondary), cannot be dispatched at will; range 0.8–1.0, 1.0 the claim's own
#: reading of 1.1 TW).
US_DISPATCHABLE = 0.8
US_DISPATCHABLE_RANGE = (0.8, 1.0)
#: Storage duration of the sweep [h] (a 4-h battery, the US utility-scale norm; NREL ATB).
US_STORAGE_HOURS = 4.0
#: Storage power swept [MW]: 0–1,000 GW by 50 GW.
US_SWEEP_MW: tuple[float, ...] = tuple(float(x) for x in np.arange(0.0, 1.0e6 + 1.0, 50e3))
#: Round-trip efficiency of the store [-] (lithium-ion AC to AC, typical 0.85; range 0.80–0.90,
#: assumption).
US_ROUND_TRIP = 0.85
US_ROUND_TRIP_RANGE = (0.80, 0.90)
#: Relative tolerance of the storage size solved for the claimed factor [-].
US_SOLVE_RTOL = 1e-4


def _us_factor(load: Any, a: float, p_mw: float, eta: float = US_ROUND_TRIP) -> float:
    from wattflop.study.headroom import storage_headroom

    h = storage_headroom(
        load,
        capacity_mw=US_CAPACITY_MW,
        dispatchable_fraction=a,
        storage_mwh=US_STORAGE_HOURS * p_mw,
        storage_mw=p_mw,
        round_trip_efficiency=eta,
    )
    return float(h.output_factor_storage)


def _storage_for_factor(load: Any, a: float, target: float) -> float:
    """Smallest 4-h storage power [MW] at which the output factor reaches ``target`` (bisection
    on the monotone factor; ``inf`` when unlimited storage falls short)."""
    if _us_factor(load, a, math.inf) < target:
        return math.inf
    lo, hi = 0.0, 1.0e6
    while _us_factor(load, a, hi) < target:
        lo, hi = hi, 2.0 * hi
    while hi - lo > US_SOLVE_RTOL * hi:
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if _us_factor(load, a, mid) < target else (lo, mid)
    return hi


def grid_storage_output_factor(models: Models, entry: ClaimEntry) -> Outcome:
    """Factor by which annual US output grows when a constant new load fills the headroom of
    1.1 TW with storage (:func:`wattflop.study.headroom.storage_headroom`, 2024 CONUS demand,
    EIA-930 as cleaned by Ruggles et al., shipped in the package).

    The claim states no storage size, so it is judged at the most storage can give: the
    number is the factor with **unlimited** storage at :data:`US_DISPATCHABLE` of the 1.1 TW
    dispatchable; band: the same over the dispatchable range and round trip 0.80–0.90 (a
    range of assumptions, not a p5–p95). The verdict is the ratio rule on claimed / that.
    Details: a sweep of 4-h storage 0–1,000 GW at 80 % and 100 % dispatchable, the fixed
    cases of :data:`US_CASES`, and two bounds: the grid run flat at today's peak demand all
    year (peak / mean, lossless) and the 1.1 TW run flat (1.1 TW / mean). ``holds_if``: the
    4-h storage at which the factor is 2× with all 1.1 TW dispatchable (at 80 % it is out of
    reach), verified by re-running the headroom there. ``not evaluated: data absent`` when
    the demand file is absent.
    """
    from wattflop.study.headroom import read_eia930, storage_headroom, unlimited_storage_headroom_mw

    path = models.demand_file
    if not path.is_file():
        return _data_absent(path)
    load = models.memo("conus_2024", lambda: read_eia930(path, year=2024))
    target = entry.claimed if entry.claimed is not None else 2.0
    values = np.asarray(load, dtype=float)
    mean_mw, peak_mw = float(np.mean(values)), float(np.max(values))
    cases: list[dict[str, Any]] = []
    for a, e, p in US_CASES:
        h = storage_headroom(
            load, capacity_mw=US_CAPACITY_MW, dispatchable_fraction=a, storage_mwh=e, storage_mw=p,
            round_trip_efficiency=US_ROUND_TRIP,
        )  # fmt: skip
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
    sweep = {f"{a:g}": [_us_factor(load, a, p) for p in US_SWEEP_MW] for a in US_DISPATCHABLE_RANGE}

    def unlimited(a: float, eta: float) -> float:
        x = unlimited_storage_headroom_mw(values, a * US_CAPACITY_MW, eta)
        return 1.0 + x / mean_mw

    value = unlimited(US_DISPATCHABLE, US_ROUND_TRIP)
    ends = [unlimited(a, eta) for a in US_DISPATCHABLE_RANGE for eta in US_ROUND_TRIP_RANGE]
    band = (min(ends), max(ends))
    # 2× with unlimited storage needs G − y* = mean: the dispatchable share that gives it
    y_star = US_DISPATCHABLE * US_CAPACITY_MW - (value - 1.0) * mean_mw
    a_needed = (mean_mw * (target - 1.0) + y_star) / US_CAPACITY_MW
    p_needed = {f"{a:g}": _storage_for_factor(values, a, target) for a in US_DISPATCHABLE_RANGE}
    a_hold = US_DISPATCHABLE_RANGE[1]
    p_hold = p_needed[f"{a_hold:g}"]
    f_hold = _us_factor(values, a_hold, p_hold) if math.isfinite(p_hold) else math.nan
    flat_peak = peak_mw / mean_mw
    flat_nameplate = US_CAPACITY_MW / mean_mw
    kind, verdict = ratio_verdict(target / value, "higher")
    head = cases[0]
    reason = (
        f"The claim names no storage size. 2024 CONUS demand: mean {mean_mw / 1e3:,.0f} GW, "
        f"peak {peak_mw / 1e3:,.0f} GW. With unlimited storage and {US_DISPATCHABLE:.0%} of "
        f"1.1 TW dispatchable, output grows {value:.2f}× ({band[0]:.2f}–{band[1]:.2f} over "
        f"80–100 % dispatchable and round trip 0.80–0.90): the claimed {target:g}× is "
        f"{verdict} (claimed/wattflop {target / value:.2f}). A finite store gives less: "
        f"{head['storage_gw']:.0f} GW / {head['storage_gwh']:.0f} GWh gives "
        f"{head['output_factor']:.2f}×; at {US_DISPATCHABLE:.0%} no storage reaches "
        f"{target:g}× (1,000 GW / 4,000 GWh: {sweep[f'{US_DISPATCHABLE:g}'][-1]:.2f}×). "
        f"Bounds: running the grid flat all year at today's peak, {flat_peak:.2f}×; the "
        f"claim's own 1.1 TW flat, {flat_nameplate:.2f}× (one copper plate, no outages: "
        f"upper bounds)"
    )
    if math.isfinite(p_hold):
        holds = HoldsIf(
            text=(
                f"all 1.1 TW dispatchable and ≥ {p_hold / 1e3:,.0f} GW / "
                f"{US_STORAGE_HOURS * p_hold / 1e3:,.0f} GWh of 4-h storage (round trip "
                f"{US_ROUND_TRIP:g}): output × {f_hold:.3f}; with unlimited storage ≥ "
                f"{a_needed:.0%} of 1.1 TW dispatchable suffices"
            ),
            keys={},
            value=f_hold,
            target=target,
            reachable=True,
        )
    else:
        holds = HoldsIf(
            text=f"not reachable: even unlimited storage and all 1.1 TW dispatchable give "
            f"{unlimited(1.0, US_ROUND_TRIP):.2f}×",
            value=unlimited(1.0, US_ROUND_TRIP),
            target=target,
            reachable=False,
        )
    return Outcome(
        value,
        "x",
        {
            "judged_at": "unlimited storage (the claim names no size)",
            "mean_load_gw": mean_mw / 1e3,
            "peak_load_gw": peak_mw / 1e3,
            "dispatchable_fraction": US_DISPATCHABLE,
            "round_trip_efficiency": US_ROUND_TRIP,
            "cases": cases,
            "sweep_storage_gw": [p / 1e3 for p in US_SWEEP_MW],
            "sweep_storage_hours": US_STORAGE_HOURS,
            "sweep_output_factor": sweep,
            "storage_gw_for_claim": {k: v / 1e3 for k, v in p_needed.items()},
            "dispatchable_fraction_for_claim_unlimited_storage": a_needed,
            "flat_at_peak_factor": flat_peak,
            "flat_at_nameplate_factor": flat_nameplate,
        },
        kind=kind,
        verdict=verdict,
        reason=reason,
        band=band,
        holds_if=holds,
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
    from wattflop.claims.datasets import generation_holds_if

    holds_if = generation_holds_if(cv, rc, uv, ru, target, y0, w0)
    return Outcome(
        value,
        "x",
        details,
        kind=kind,
        verdict=verdict,
        reason=text,
        band=(lo, hi),
        holds_if=holds_if,
    )


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
        "china_solar": datasets.china_solar,
        "algo_efficiency": datasets.algo_efficiency,
        "power_bottleneck": datasets.power_bottleneck,
        "outside_model": outside_model,
    }
)


# ---------------------------------------------------------------------------------------------
# Verdicts


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

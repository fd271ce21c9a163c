"""The answer for people: each site's cost in a few comparable buckets, a site summary with
its headline, the verdict sentence of an orbit/ground comparison, and a compact summary of a
Monte Carlo.

Everything here reads results (:class:`~wattflop.result.SiteResult`, a comparison, a Monte
Carlo) and the scenarios that produced them; nothing runs physics or re-prices a line. The web
page, the command line's ``compare`` and any report show these dataclasses; JSON is made at
the edge (:func:`wattflop.jsonable.jsonable` of :func:`dataclasses.asdict`).

Buckets
-------
The two sites have about twenty cost lines each, many of them near zero, and few with the
same name on both sides. :data:`BUCKETS` groups them into seven buckets that mean the same on
both sides, in a fixed order; :data:`LINE_BUCKET` puts every line of either site
(:mod:`wattflop.orbit.money` and :mod:`wattflop.ground.money`, whose module docstrings table
each line's twin) into exactly one. A line missing from it is an error, not a silent
"other": a new cost line must be placed here deliberately.

One line is split, not mapped: the orbit's ``accelerators`` line holds the running
accelerators at the system price *and* the cold spares launched with them at the price of the
part they replace (:func:`wattflop.orbit.money.fleet_money`). The spares' share of that line
(spare count × part price over the line's capital) goes to "spares and replacement", the
twin of the ground's ``accelerator_replacement``; the rest stays in "compute hardware". The
buckets add up to the total (the lines do, and the split is a share of one line).

The ground's chillers and cooling fit-out have no line of their own: the facility line is one
sourced USD/W for building, cooling and electrical fit-out (Cushman & Wakefield 2025), so it
stands in "launch or facility" whole and the ground's "cooling" bucket holds its water only.
The bucket's ``note`` says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from wattflop.result import SiteResult
from wattflop.scenario import GroundScenario, OrbitScenario, Scenario

if TYPE_CHECKING:
    from wattflop.study.uncertainty import MonteCarlo

SiteKind = Literal["orbit", "ground"]
BucketId = Literal["compute", "spares", "power", "cooling", "site", "operations", "waiting"]
Cheaper = Literal["orbit", "ground", "equal"]

#: Orbit/ground ratios within this of 1 are "about the same" [-] (0.5 %).
EQUAL_WITHIN = 0.005
#: Sites whose IT power differs by less than this are "the same size" in the sentence [-].
SAME_SIZE_WITHIN = 0.05


# ---------------------------------------------------------------------------------------
# Buckets
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BucketSpec:
    """A bucket: what it holds on each side, in words."""

    id: BucketId
    label: str
    orbit: str
    ground: str


#: The buckets, in the order every view shows them.
BUCKETS: tuple[BucketSpec, ...] = (
    BucketSpec(
        "compute",
        "Compute hardware",
        "running accelerators and the optical inter-satellite links",
        "accelerators and the scale-out network fabric",
    ),
    BucketSpec(
        "spares",
        "Spares and replacement",
        "cold spare accelerators launched with each satellite (no repair in orbit)",
        "replacement parts for failed accelerators",
    ),
    BucketSpec(
        "power",
        "Power",
        "solar arrays, batteries and power electronics",
        "gas turbines, PV, batteries, grid connection and the swing-smoothing battery",
    ),
    BucketSpec(
        "cooling",
        "Cooling",
        "radiators",
        "water; the chillers and cooling fit-out are inside the facility line (one sourced "
        "USD/W for building, cooling and electrical), under launch or facility",
    ),
    BucketSpec(
        "site",
        "Launch or facility",
        "launch, expected launch failures, satellite bus and shielding, programme development",
        "building with its cooling and electrical fit-out, land",
    ),
    BucketSpec(
        "operations",
        "Energy and operations",
        "operations, ground segment, insurance",
        "fuel, grid energy, CO₂, plant O&M, operations and staff, insurance, property tax, "
        "export revenue (negative)",
    ),
    BucketSpec(
        "waiting",
        "Waiting for power",
        "idle capital and late compute while the fleet is built and launched",
        "idle capital and late compute while the plant and grid connection are built",
    ),
)

#: Every cost line of either site → its bucket. The orbit's ``accelerators`` line is split
#: between compute and spares (module docstring).
LINE_BUCKET: dict[str, BucketId] = {
    # compute hardware
    "accelerators": "compute",
    "links": "compute",
    "network_fabric": "compute",
    # spares and replacement
    "accelerator_replacement": "spares",
    # power: orbit
    "solar_array": "power",
    "battery": "power",
    "power_electronics": "power",
    # a top-down satellite's platform cannot be split; it counts as power system, as in the
    # LCOE (wattflop.orbit.money.POWER_LINES)
    "platform": "power",
    # power: ground
    "gas_turbines": "power",
    "batteries": "power",
    "pv": "power",
    "grid_connection": "power",
    "smoothing_battery": "power",
    # cooling
    "radiator": "cooling",
    "water": "cooling",
    # launch or facility
    "launch": "site",
    "launch_failures": "site",
    "bus": "site",
    "shielding": "site",
    "development": "site",
    "facility": "site",
    "land": "site",
    # energy and operations
    "operations": "operations",
    "ground_segment": "operations",
    "insurance": "operations",
    "property_tax": "operations",
    "fuel": "operations",
    "gas_om": "operations",
    "pv_om": "operations",
    "battery_om": "operations",
    "grid_energy": "operations",
    "co2": "operations",
    "export_revenue": "operations",
    # time to power
    "idle_capital": "waiting",
    "late_compute": "waiting",
}


@dataclass(frozen=True)
class Bucket:
    """One bucket of a site's cost.

    Attributes
    ----------
    id, label : str
    usd_per_eflop : float
        Its part of the cost per delivered EFLOP [USD EFLOP⁻¹].
    usd_per_year : float
        Its part of the annual cost [USD yr⁻¹].
    share : float
        Its part of the total [-] (negative for a net revenue).
    lines : tuple of str
        The non-zero cost lines in it (the orbit's ``accelerators`` may appear in two
        buckets: see ``note``).
    holds : str
        What it holds on this site, in words.
    note : str
        A split or an exception the reader must know ("" when none).
    """

    id: BucketId
    label: str
    usd_per_eflop: float
    usd_per_year: float
    share: float
    lines: tuple[str, ...]
    holds: str
    note: str = ""


def bucket_of(line: str) -> BucketId:
    """The bucket of a cost line.

    Raises
    ------
    ValueError
        For a line :data:`LINE_BUCKET` does not place (a new cost line: place it there).
    """
    try:
        return LINE_BUCKET[line]
    except KeyError:
        raise ValueError(
            f"cost line '{line}' has no bucket: add it to wattflop.study.summary.LINE_BUCKET"
        ) from None


def spare_share(sc: Scenario, result: SiteResult) -> float:
    """The cold spares' share of the orbit's ``accelerators`` line [-]: spare count × the
    price of the part a spare replaces, over the line's capital (0 on the ground, or when the
    line is outside the cost boundary)."""
    if not isinstance(sc, OrbitScenario):
        return 0.0
    capex = result.get("cost.capex_all_lines_usd").get("accelerators", 0.0)
    if "accelerators" not in result.get("cost.usd_per_eflop_by_line") or not capex > 0:
        return 0.0
    spares = float(result.get("fleet.spare_accelerators"))
    return spares * float(sc.accelerator.part_price) / float(capex)


def cost_buckets(sc: Scenario, result: SiteResult) -> tuple[Bucket, ...]:
    """A site's cost per delivered EFLOP and per year in the :data:`BUCKETS`, in their
    order, every bucket present (zero where the site has nothing in it).

    Raises
    ------
    ValueError
        For a cost line without a bucket (:func:`bucket_of`).
    """
    site: SiteKind = "orbit" if isinstance(sc, OrbitScenario) else "ground"
    per_eflop: Mapping[str, float] = result.get("cost.usd_per_eflop_by_line")
    per_year: Mapping[str, float] = result.get("cost.annual_cost_by_line_usd")
    total = float(result.get("cost.usd_per_eflop"))
    split = spare_share(sc, result)
    parts: dict[BucketId, list[tuple[str, float, float]]] = {b.id: [] for b in BUCKETS}
    for line, value in per_eflop.items():
        e, y = float(value), float(per_year[line])
        where = bucket_of(line)
        if line == "accelerators" and split > 0:
            parts["spares"].append((line, e * split, y * split))
            e, y = e * (1.0 - split), y * (1.0 - split)
        parts[where].append((line, e, y))
    out = []
    for b in BUCKETS:
        got = parts[b.id]
        e = math.fsum(v for _, v, _ in got)
        note = ""
        if b.id == "spares" and split > 0:
            n = float(result.get("fleet.spare_accelerators"))
            note = (
                f"the cold spares' share ({split:.1%}) of the accelerators line: {n:,.0f} spares "
                f"at {float(sc.accelerator.part_price):,.0f} USD each (the failed part's price)"
            )
        elif b.id == "cooling" and site == "ground":
            note = (
                "chillers and cooling fit-out are inside the facility line (building, cooling "
                "and electrical in one sourced USD/W), shown under launch or facility"
            )
        out.append(
            Bucket(
                id=b.id,
                label=b.label,
                usd_per_eflop=e,
                usd_per_year=math.fsum(v for _, _, v in got),
                share=e / total if total and math.isfinite(total) else math.nan,
                lines=tuple(line for line, v, w in got if v != 0.0 or w != 0.0),
                holds=b.orbit if site == "orbit" else b.ground,
                note=note,
            )
        )
    return tuple(out)


# ---------------------------------------------------------------------------------------
# Site summary
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteSummary:
    """A site in the numbers people read first.

    Attributes
    ----------
    name, title : str
        The scenario's name and title (the name when it has none).
    site : {"orbit", "ground"}
    usd_per_year : float
        Annual cost of the site in its cost boundary [USD yr⁻¹] (``cost.annual_cost_usd``).
    usd_per_accelerator_hour, lcoe_usd_per_mwh, usd_per_eflop : float
        Cost per delivered accelerator-hour, LCOE of the power system to the chips, cost per
        delivered EFLOP (``cost.*``).
    it_power_mw : float
        IT power built [MW] (orbit: the whole fleet's; ground: the campus').
    accelerator : str
        Its catalogue name.
    accelerators : int
        Running accelerators (orbit: spares aside).
    headline : str
        The site in a phrase, from the solved design.
    buckets : tuple of Bucket
        :func:`cost_buckets`.
    """

    name: str
    title: str
    site: SiteKind
    usd_per_year: float
    usd_per_accelerator_hour: float
    lcoe_usd_per_mwh: float
    usd_per_eflop: float
    it_power_mw: float
    accelerator: str
    accelerators: int
    headline: str
    buckets: tuple[Bucket, ...]


def _mass_text(kg: float) -> str:
    return f"{kg / 1e3:.2g} t" if kg >= 1e3 else f"{kg:.3g} kg"


def _and(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def place(sc: GroundScenario) -> str:
    """The ground site's place: ``location.name``, else its coordinates."""
    loc = sc.location
    if loc.name:
        return loc.name
    ns = "N" if loc.latitude >= 0 else "S"
    ew = "E" if loc.longitude >= 0 else "W"
    return f"{abs(loc.latitude):.2f}° {ns}, {abs(loc.longitude):.2f}° {ew}"


#: Ground capacities in a headline: (result key, words).
_SOURCES = (
    ("gas_turbines", "gas turbines"),
    ("pv", "PV"),
    ("battery", "batteries"),
    ("grid_connection", "grid connection"),
)


def headline(sc: Scenario, result: SiteResult) -> str:
    """The site in a phrase: "10,387 satellites of 3.1 t at 650 km"; "946 MW of gas turbines
    and a 150 MW grid connection in Memphis, TN" (only the sources the solve built)."""
    if isinstance(sc, OrbitScenario):
        n = int(result.get("fleet.satellites"))
        kg = float(result.get("mass.satellite_kg"))
        km = float(result.get("orbit.altitude_km"))
        return f"{n:,} satellites of {_mass_text(kg)} at {km:,.0f} km"
    assert isinstance(sc, GroundScenario)
    cap = result.get("ground.capacity_mw")
    parts = []
    for key, words in _SOURCES:
        mw = float(cap.get(key, 0.0))
        if mw > 0:
            size = f"{mw:,.0f} MW"
            parts.append(f"a {size} {words}" if key == "grid_connection" else f"{size} of {words}")
    what = _and(parts) if parts else "no power source"
    return f"{what} in {place(sc)}"


def site_summary(sc: Scenario, result: SiteResult) -> SiteSummary:
    """The summary of one site's result (``sc``: the scenario that produced it)."""
    orbit = isinstance(sc, OrbitScenario)
    if orbit:
        it_mw = float(result.get("fleet.it_power_w")) / 1e6
        count = int(result.get("fleet.accelerators"))
    else:
        it_mw = float(result.get("it_chain.it_mw"))
        count = int(result.get("it_chain.accelerators"))
    return SiteSummary(
        name=sc.name,
        title=sc.title,
        site="orbit" if orbit else "ground",
        usd_per_year=float(result.get("cost.annual_cost_usd")),
        usd_per_accelerator_hour=float(result.get("cost.usd_per_accelerator_hour")),
        lcoe_usd_per_mwh=float(result.get("cost.lcoe_usd_per_mwh")),
        usd_per_eflop=float(result.get("cost.usd_per_eflop")),
        it_power_mw=it_mw,
        accelerator=sc.workload.accelerator,
        accelerators=count,
        headline=headline(sc, result),
        buckets=cost_buckets(sc, result),
    )


# ---------------------------------------------------------------------------------------
# Verdict
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """The answer of an orbit/ground comparison in one sentence.

    Attributes
    ----------
    sentence : str
    cheaper : {"orbit", "ground", "equal"}
        "equal" within :data:`EQUAL_WITHIN` of a ratio of 1.
    ratio : float
        Orbit/ground cost per delivered EFLOP [-].
    sites : tuple of SiteSummary
        Orbit, then ground.
    """

    sentence: str
    cheaper: Cheaper
    ratio: float
    sites: tuple[SiteSummary, ...]


def format_usd(x: float) -> str:
    """Money for people, three significant digits: "33.5 B USD", "460 M USD".

    >>> format_usd(33.497e9), format_usd(4.6e8), format_usd(1234.0), format_usd(2.5e12)
    ('33.5 B USD', '460 M USD', '1,234 USD', '2.5 T USD')
    """
    if not math.isfinite(x):
        return "unbounded USD" if x > 0 else "n/a"
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if abs(x) >= scale:
            return f"{x / scale:.3g} {suffix} USD"
    return f"{x:,.0f} USD"


def format_power(mw: float) -> str:
    """IT power for people, two significant digits: "1 GW", "20 MW".

    >>> format_power(1038.9), format_power(999.99996), format_power(20.0), format_power(2500)
    ('1 GW', '1 GW', '20 MW', '2.5 GW')
    """
    if mw >= 950.0:
        return f"{mw / 1e3:.2g} GW"
    return f"{mw:.2g} MW" if mw >= 1.0 else f"{mw * 1e3:.2g} kW"


def _percent(x: float) -> str:
    return f"{x * 100:.2g} %"


def verdict(orbit: SiteSummary, ground: SiteSummary) -> Verdict:
    """The verdict sentence of an orbital and a ground site.

    Orbit is the sentence's subject: "costs 2.9× as much on … as on …" (a ratio of 1.5 or
    more), "costs 12 % more on … than on …" (up to 1.5), "costs about the same" (within
    :data:`EQUAL_WITHIN`), "costs 20 % less on … than on …" (orbit cheaper). Each site is
    named by its headline with its annual cost; a ratio has two significant digits.
    """
    if orbit.site != "orbit" or ground.site != "ground":
        raise ValueError("verdict() takes the orbital site's summary, then the ground one's")
    ratio = orbit.usd_per_eflop / ground.usd_per_eflop if ground.usd_per_eflop else math.inf
    same_acc = orbit.accelerator == ground.accelerator
    what = f"{orbit.accelerator} compute" if same_acc else "AI compute"
    big, small = (
        max(orbit.it_power_mw, ground.it_power_mw),
        min(orbit.it_power_mw, ground.it_power_mw),
    )
    same_size = big > 0 and (big - small) / big < SAME_SIZE_WITHIN
    if same_size:
        subject = f"{format_power((orbit.it_power_mw + ground.it_power_mw) / 2)} of {what}"
        per = ""
    else:
        subject = what
        per = " per delivered EFLOP"
    o = f"{orbit.headline} ({format_usd(orbit.usd_per_year)} a year)"
    g = f"{ground.headline} ({format_usd(ground.usd_per_year)} a year)"
    start = "On these assumptions, " + subject
    cheaper: Cheaper
    if not math.isfinite(ratio):
        cheaper = "ground"
        sentence = (
            f"On these assumptions, {orbit.headline} delivers no compute; {what} runs on "
            f"{g} instead."
        )
    elif abs(ratio - 1.0) <= EQUAL_WITHIN:
        cheaper = "equal"
        sentence = f"{start} costs about the same{per} on {o} as on {g}."
    elif ratio > 1.0:
        cheaper = "ground"
        if ratio >= 1.5:
            sentence = f"{start} costs {ratio:.2g}× as much{per} on {o} as on {g}."
        else:
            sentence = f"{start} costs {_percent(ratio - 1.0)} more{per} on {o} than on {g}."
    else:
        cheaper = "orbit"
        sentence = f"{start} costs {_percent(1.0 - ratio)} less{per} on {o} than on {g}."
    return Verdict(sentence=sentence, cheaper=cheaper, ratio=ratio, sites=(orbit, ground))


def comparison_verdict(
    scenarios: Sequence[Scenario], results: Sequence[SiteResult]
) -> Verdict | None:
    """The verdict of a comparison of exactly one orbital and one ground site (the
    scenarios as compared, each with its result); None for any other set of sites."""
    orbit = [(s, r) for s, r in zip(scenarios, results, strict=True) if s.site == "orbit"]
    ground = [(s, r) for s, r in zip(scenarios, results, strict=True) if s.site == "ground"]
    if len(orbit) != 1 or len(ground) != 1 or len(scenarios) != 2:
        return None
    return verdict(site_summary(*orbit[0]), site_summary(*ground[0]))


# ---------------------------------------------------------------------------------------
# Monte Carlo
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """The p5, p50 and p95 of a sampled quantity, and its deterministic value."""

    p5: float
    p50: float
    p95: float
    deterministic: float


@dataclass(frozen=True)
class TornadoBar:
    """One key at its p5 and p95, the others at the scenario's values.

    ``at_low``/``at_high``: the tornado's quantity (:attr:`MonteCarloSummary.quantity`) with
    the key at ``low_value``/``high_value`` [its display ``unit``].
    """

    key: str
    label: str
    unit: str
    low_value: float
    high_value: float
    at_low: float
    at_high: float


@dataclass(frozen=True)
class MonteCarloSummary:
    """What a page shows of a Monte Carlo.

    Attributes
    ----------
    samples : int
    quantity : {"ratio", "orbit", "ground"}
        What the tornado measures: orbit/ground cost per delivered EFLOP when both sites are
        in, else the one site's USD/EFLOP.
    p_orbit_cheaper, p_orbit_cheaper_standard_error : float or None
        Share of the samples with orbit cheaper, and its standard error (None for one site).
    ratio, orbit, ground : Spread or None
        Orbit/ground ratio [-] and each site's cost per delivered EFLOP [USD EFLOP⁻¹].
    tornado : tuple of TornadoBar
        Largest swing first.
    """

    samples: int
    quantity: Literal["ratio", "orbit", "ground"]
    p_orbit_cheaper: float | None
    p_orbit_cheaper_standard_error: float | None
    ratio: Spread | None
    orbit: Spread | None
    ground: Spread | None
    tornado: tuple[TornadoBar, ...]


#: Labels of the keys the bundled scenarios' uncertainty sections vary, beyond the levers'
#: (:data:`wattflop.study.what_it_takes.LEVERS`); catalogue keys use ``{accelerator}`` etc.
#: as the entry name is replaced by ``*``.
KEY_LABELS: dict[str, str] = {
    "plant.gas_turbines.fuel_price": "gas price",
    "plant.gas_turbines.capex": "gas turbine price",
    "facility.capex": "data-centre build cost",
    "facility.om_fraction": "facility O&M and staff",
    "facility.network_fabric_per_accelerator": "network fabric per accelerator",
    "economics.property_tax_rate": "property tax rate",
    "economics.in_orbit_insurance_rate": "in-orbit insurance rate",
    "economics.development_cost": "programme development cost",
    "launch.failure_probability": "launch failure probability",
    "satellite.pmad_price_per_watt": "power electronics price",
    "satellite.radiator.price_per_m2": "radiator price",
    "satellite.radiator.areal_density": "radiator areal density",
    "satellite.bus_price_per_kg": "satellite bus price",
    "satellite.isl_terminal_price": "optical link terminal price",
    "satellite.structure_fraction": "structure mass fraction",
    "catalog.solar_cells.*.price_per_watt": "solar cell price",
    "catalog.batteries.*.price_per_kwh": "battery price",
    "catalog.accelerators.*.flight_mass": "accelerator flight mass",
}

_SECTIONS = {"satellite", "economics", "deployment", "launch", "facility", "plant", "workload"}


def key_label(key: str) -> str:
    """A scenario key in words: the lever table's label, :data:`KEY_LABELS`, else its last
    parts with spaces ("catalog.accelerators.GB200.tdp" → "GB200 tdp").

    >>> key_label("launch.price_per_kg"), key_label("catalog.accelerators.H100.failure_rate")
    ('launch price', 'permanent failure rate (both sides)')
    >>> key_label("satellite.array.packing_factor")
    'array packing factor'
    """
    from wattflop.study.what_it_takes import LEVERS

    parts = key.split(".")
    generic = key
    if len(parts) == 4 and parts[0] == "catalog":
        generic = f"catalog.{parts[1]}.*.{parts[3]}"
    for lever in LEVERS:
        if lever.key.replace("{accelerator}", "*") in (key, generic):
            return lever.label
    if generic in KEY_LABELS or key in KEY_LABELS:
        return KEY_LABELS.get(key, KEY_LABELS.get(generic, key))
    if generic != key:
        return f"{parts[2]} {parts[3].replace('_', ' ')}"
    kept = [p for p in parts[:-1] if p not in _SECTIONS]
    return " ".join([*(p.replace("_", " ") for p in kept), parts[-1].replace("_", " ")])


def montecarlo_summary(mc: MonteCarlo) -> MonteCarloSummary:
    """The page's view of a :class:`wattflop.study.uncertainty.MonteCarlo`."""

    def spread(name: str) -> Spread | None:
        s = mc.summaries.get(name)
        if s is None:
            return None
        return Spread(s.p5, s.p50, s.p95, s.deterministic)

    quantity: Literal["ratio", "orbit", "ground"]
    if "ratio" in mc.summaries:
        quantity = "ratio"
    else:
        quantity = "orbit" if "orbit" in mc.summaries else "ground"
    bars = tuple(
        TornadoBar(
            key=str(row["key"]),
            label=key_label(str(row["key"])),
            unit=str(row["unit"]),
            low_value=float(row["low_value"]),
            high_value=float(row["high_value"]),
            at_low=float(row["at_low"]),
            at_high=float(row["at_high"]),
        )
        for row in mc.tornado
    )
    return MonteCarloSummary(
        samples=int(mc.samples),
        quantity=quantity,
        p_orbit_cheaper=mc.p_orbit_cheaper,
        p_orbit_cheaper_standard_error=mc.p_orbit_cheaper_se,
        ratio=spread("ratio"),
        orbit=spread("orbit"),
        ground=spread("ground"),
        tornado=bars,
    )

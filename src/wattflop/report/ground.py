"""A self-contained HTML report of one simulated ground site.

:func:`render_ground_report` turns a ground :class:`~wattflop.result.SiteResult` and its
:class:`~wattflop.scenario.GroundScenario` into one offline HTML page in the style of the
orbital report (:mod:`wattflop.report.page`): header and cost boundary, notes, headline cards,
the IT chain, the design at a glance, the prices assumed, the figures of
:mod:`wattflop.report.ground_figures` and the catalogue sources. It only reads the result; all
text from the scenario is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel

from wattflop.quantity import Q
from wattflop.report import ground_figures as gf
from wattflop.report.figures import format_large, format_number
from wattflop.report.page import (
    CSS,
    card,
    document,
    esc,
    figure_html,
    notes_html,
    pct,
    sources_html,
    table,
)
from wattflop.result import SiteResult
from wattflop.scenario import GroundScenario
from wattflop.units import registry

__all__ = ["BOUNDARY_TEXT", "render_ground_report"]

_RUNNING = "fuel, O&M, grid energy and CO₂ price"

#: What each cost boundary counts on the ground, for the header.
BOUNDARY_TEXT: dict[str, str] = {
    "energy_only": "the power plant (gas turbines, batteries, PV, grid connection, "
    f"swing-smoothing battery) and its running costs ({_RUNNING})",
    "power_and_cooling": "the power plant, the data-centre building with its cooling and "
    f"electrical fit-out, and the running costs ({_RUNNING})",
    "full": "everything: accelerators, building and cooling, power plant, and the running "
    f"costs ({_RUNNING})",
}

_GROUND_CSS = """
.chain { table-layout: fixed; }
.chain th { text-align: center; }
.chain td { text-align: center; }
.chain td.big { font-size: 20px; font-weight: 700; font-variant-numeric: tabular-nums;
  border-bottom: none; padding-bottom: 0; }
.chain td.small { font-size: 12.5px; color: var(--muted); }
.chain th.arrow, .chain td.arrow { width: 34px; color: var(--muted); font-size: 20px;
  padding: 0; }
.glance h3 { font-size: 15px; margin: 6px 0 6px; color: var(--muted); font-weight: 600; }
"""

#: Display names of some units, as people write them.
_UNIT_TEXT = {
    "USD/(MW*h)": "USD/MWh",
    "USD/(kW*h)": "USD/kWh",
    "USD/(kW*yr)": "USD/kW-yr",
    "kg/(MW*h)": "kg/MWh",
    "L/(MW*h)": "L/MWh",
    "L/(kW*h)": "L/kWh",
    "m^2/kW": "m²/kW",
    "degC": "°C",
    "1/K": "/K",
}


def _q(model: BaseModel, field: str) -> Q | None:
    """The :class:`~wattflop.quantity.Q` of a scenario field, optional fields included."""
    info = type(model).model_fields[field]
    found = [m for m in info.metadata if isinstance(m, Q)]
    stack = [info.annotation]
    while stack and not found:
        a = stack.pop()
        args = get_args(a)
        if get_origin(a) is Annotated:
            found = [m for m in args[1:] if isinstance(m, Q)]
            stack.append(args[0])
        else:
            stack.extend(args)
    return found[0] if found else None


def _input(model: BaseModel, field: str) -> str:
    """A scenario field in the unit its schema shows it in: ``"3.52 USD/MMBtu"``."""
    value = getattr(model, field)
    if value is None:
        return "none"
    q = _q(model, field)
    if q is None or not (q.unit or q.show):
        return gf.plain_number(float(value))
    show = q.show or q.unit
    if show == q.unit:
        x = float(value)
    else:
        ureg = registry()
        unit = ureg.Unit(q.unit) if q.unit else ureg.dimensionless
        x = float(ureg.Quantity(float(value), unit).to(show).magnitude)
    return f"{gf.plain_number(x)} {_UNIT_TEXT.get(show, show)}"


def _lat_lon(lat: float, lon: float) -> str:
    return f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.2f}° {'E' if lon >= 0 else 'W'}"


def _header(v: Mapping[str, Any], sc: GroundScenario) -> str:
    loc, f, g = v["location"], sc.facility, sc.plant.grid
    if loc["weather"] == "clear_sky":
        weather = "clear sky, derated for clouds"
    else:
        weather = str(loc["weather_name"])
    if f.pue_model.value == "constant":
        pue = f"{gf.plain_number(f.pue)}, constant"
    else:
        pue = (
            f"{gf.plain_number(f.pue)}, + {_input(f, 'pue_slope')} above "
            f"{_input(f, 'pue_threshold')} air"
        )
    grid = f"{_input(g, 'connection_limit')} at {_input(g, 'price')}"
    if g.price_file is not None:
        grid = f"{_input(g, 'connection_limit')}, hourly prices from a file"
    elif g.peak_price is not None:
        a, b = g.peak_hours
        grid += f" ({_input(g, 'peak_price')} {a:02d}–{b:02d} h)"
    swings = f"ramp limit {_input(sc.swings, 'ramp_limit')}" if "swings" in v else "not analysed"
    meta = [
        ("site", "ground"),
        ("location", _lat_lon(float(loc["latitude_deg"]), float(loc["longitude_deg"]))),
        ("weather", f"{weather}, {sc.location.year}"),
        ("accelerator", v["scenario"]["accelerator"]),
        ("PUE", pue),
        ("grid", grid),
        ("training swings", swings),
        ("discount rate", pct(float(v["cost"]["discount_rate"]), 0)),
    ]
    chips = "".join(f"<li>{esc(k)}: <b>{esc(val)}</b></li>" for k, val in meta)
    boundary = str(v["cost"]["boundary"])
    desc = sc.description.strip()
    return (
        f"<header><h1>{esc(sc.name)}</h1>"
        + (f'<p class="desc">{esc(desc)}</p>' if desc else "")
        + f'<ul class="meta">{chips}</ul>'
        f'<div class="boundary"><b>Cost boundary: {esc(boundary)}</b> — counts '
        f"{esc(BOUNDARY_TEXT.get(boundary, boundary))}. Every cost figure below is within this "
        "boundary, except the LCOE of the power plant, which is always the plant's own.</div>"
        "</header>"
    )


def _headline(v: Mapping[str, Any], sc: GroundScenario) -> str:
    c, chain, g = v["cost"], v["it_chain"], v["ground"]
    cap = g["capacity_mw"]
    it_twh = float(v["energy"]["delivered_to_it_mwh_per_year"]) / 1e6
    units = int(cap["gas_turbine_units"])
    unit_mw = sc.plant.gas_turbines.unit_size / 1e6
    parts = [f"{units} × {gf.plain_number(unit_mw)} MW units" if units else "no gas turbines"]
    if cap["battery"] > 0:
        parts.append(
            f"battery {format_number(float(cap['battery']))} MW / "
            f"{format_number(float(g['battery_mwh']))} MWh"
        )
    else:
        parts.append("no battery built" if sc.plant.batteries.enabled else "batteries not allowed")
    if cap["pv"] > 0:
        parts.append(f"PV {format_number(float(cap['pv']))} MW")
    else:
        parts.append("no PV built" if sc.plant.pv.enabled else "PV not allowed")
    parts.append(f"grid {gf.plain_number(float(cap['grid_connection']), 3)} MW")
    plant_sub = " · ".join(parts)
    e = {k: float(x) for k, x in g["energy_mwh_per_year"].items()}
    supply = max(e["gas"] + e["grid_import"] + e["pv"], 1e-300)
    cards = [
        card(
            "Cost per delivered EFLOP",
            format_number(c["usd_per_eflop"]),
            "USD/EFLOP",
            f"{format_large(c['delivered_eflop_per_year'])} EFLOP delivered per year; "
            f"availability {pct(v['energy']['availability'], 2)}",
        ),
        card(
            "Per accelerator-hour",
            format_number(c["usd_per_accelerator_hour"]),
            "USD/h",
            f"{format_number(chain['accelerators'])} accelerators; "
            f"{format_large(c['annual_cost_usd'])} USD per year in all",
        ),
        card(
            "LCOE to the chips (plant)",
            format_number(c["lcoe_usd_per_mwh"]),
            "USD/MWh",
            f"power plant and its running costs per MWh to IT "
            f"({format_number(it_twh)} TWh/yr); all-in within the boundary "
            f"{format_number(c['usd_per_mwh_in_boundary'])} USD/MWh",
        ),
        card(
            "Site power",
            f"{format_number(chain['it_mw'])} → {format_number(chain['site_peak_mw'])}",
            "MW",
            f"IT → site peak; PUE {format_number(chain['pue_mean'])} mean, "
            f"{format_number(chain['pue_max'])} max; site mean "
            f"{format_number(chain['site_mean_mw'])} MW",
        ),
        card("Plant: gas turbines", format_number(float(cap["gas_turbines"])), "MW", plant_sub),
        card(
            "CO₂ emissions",
            format_large(float(g["co2_t_per_year"])),
            "t/yr",
            f"{format_number(float(g['co2_kg_per_mwh_it']))} kg per MWh to IT; supply "
            f"{pct(e['gas'] / supply)} gas, {pct(e['grid_import'] / supply)} grid, "
            f"{pct(e['pv'] / supply)} PV",
        ),
    ]
    return f'<section class="headline">{"".join(cards)}</section>'


def _it_chain(v: Mapping[str, Any], sc: GroundScenario) -> str:
    c, f = v["it_chain"], sc.facility
    cols = [
        (
            "Accelerators",
            format_number(int(c["accelerators"])),
            f"{v['scenario']['accelerator']}, "
            f"{format_number(sc.accelerator.system_power)} W each with their share of the server",
        ),
        (
            "Servers",
            format_number(int(c["servers"])),
            f"{f.accelerators_per_server} accelerators per server",
        ),
        (
            "Racks",
            format_number(int(c["racks"])),
            f"{f.servers_per_rack} servers per rack, {format_number(c['rack_kw'])} kW per rack",
        ),
        (
            "IT power",
            f"{format_number(c['it_mw'])} MW",
            f"accelerators at TDP: {format_number(c['accelerator_tdp_mw'])} MW",
        ),
        (
            "Site power",
            f"{format_number(c['site_peak_mw'])} MW peak",
            f"IT × PUE: {format_number(c['site_mean_mw'])} MW mean "
            f"(PUE {format_number(c['pue_mean'])} mean, {format_number(c['pue_max'])} max)",
        ),
    ]
    arrow = '<th class="arrow"></th>'
    head = arrow.join(f"<th>{esc(name)}</th>" for name, _, _ in cols)
    big = '<td class="arrow">→</td>'.join(f'<td class="big">{esc(x)}</td>' for _, x, _ in cols)
    small = '<td class="arrow"></td>'.join(f'<td class="small">{esc(x)}</td>' for _, _, x in cols)
    return (
        '<h2 class="section">IT chain: from accelerators to site power</h2>'
        f'<table class="chain"><thead><tr>{head}</tr></thead>'
        f"<tbody><tr>{big}</tr><tr>{small}</tr></tbody></table>"
    )


def _glance(v: Mapping[str, Any], sc: GroundScenario) -> str:
    g, c, cap = v["ground"], v["cost"], v["ground"]["capacity_mw"]
    e = g["energy_mwh_per_year"]
    if cap["battery"] > 0:
        battery = (
            f"{format_number(cap['battery'])} MW / {format_number(g['battery_mwh'])} MWh "
            f"({format_number(g['battery_hours'])} h)"
        )
    else:
        battery = "none built" if sc.plant.batteries.enabled else "not allowed"
    energy = [
        (
            "Energy to IT / site load",
            f"{format_number(v['energy']['delivered_to_it_mwh_per_year'] / 1e6)} / "
            f"{format_number(e['load'] / 1e6)} TWh/yr",
        ),
        ("Availability (failures and unserved hours)", pct(v["energy"]["availability"], 2)),
        (
            "Gas turbines: capacity factor / fuel",
            f"{pct(g['gas_capacity_factor'])} / {format_large(g['fuel_mmbtu_per_year'])} MMBtu/yr",
        ),
        (
            "Grid import / export",
            f"{format_number(e['grid_import'] / 1e3)} / {format_number(e['grid_export'] / 1e3)} "
            "GWh/yr",
        ),
        ("Hourly battery", battery),
        ("Unserved energy", f"{format_number(g['unserved_mwh'])} MWh/yr"),
        ("CO₂", f"{format_large(g['co2_t_per_year'])} t/yr"),
        ("Land (buildings and PV)", f"{format_number(g['land_ha'])} ha"),
        ("Water (cooling and turbines)", f"{format_large(g['water_m3_per_year'])} m³/yr"),
    ]
    opex = float(sum(c["opex_usd_per_year"].values()))
    money = [
        (
            "Capital cost within the boundary",
            f"{format_large(sum(c['capex_usd'].values()))} USD",
        ),
        (
            "Annual cost (capital annualised + running)",
            f"{format_large(c['annual_cost_usd'])} USD/yr",
        ),
        ("Running costs (fuel, O&M, grid, CO₂)", f"{format_large(opex)} USD/yr"),
    ]
    s = v.get("swings")
    if s is not None:
        money += [
            (
                "Swing-smoothing battery",
                f"{format_number(s['battery_power_mw'])} MW / "
                f"{format_number(s['battery_energy_mwh'])} MWh",
            ),
            (
                "Peak ramp: load → turbines and grid",
                f"{format_number(s['peak_ramp_before_mw_per_s'])} → "
                f"{gf.plain_number(s['peak_ramp_after_mw_per_s'], 3)} MW/s "
                f"(limit {gf.plain_number(s['ramp_limit_mw_per_s'], 3)})",
            ),
            (
                f"Swing energy in {gf.band_text()}: before → after",
                f"{gf.share(float(s['band_share_before']))} → "
                f"{gf.share(float(s['band_share_after']))}",
            ),
            (
                "Energy burnt by the power floor",
                pct(s["floor_energy_fraction"], 2)
                if sc.swings.floor_fraction is not None
                else "no floor",
            ),
        ]
    return (
        '<h2 class="section">Design at a glance</h2><div class="glance">'
        f"<div><h3>Energy and environment</h3>{table(energy)}</div>"
        f"<div><h3>Money and training swings</h3>{table(money)}</div></div>"
    )


def _assumptions(sc: GroundScenario) -> str:
    p = sc.plant
    gt, b, pv, g = p.gas_turbines, p.batteries, p.pv, p.grid
    off = " (not allowed)"
    plant = [
        (
            "Gas turbines: capital / fixed O&M" + ("" if gt.enabled else off),
            f"{_input(gt, 'capex')} / {_input(gt, 'fixed_om')}",
        ),
        (
            "Gas: fuel price / heat rate",
            f"{_input(gt, 'fuel_price')} / {_input(gt, 'heat_rate')}",
        ),
        (
            "Batteries: power / energy capital" + ("" if b.enabled else off),
            f"{_input(b, 'power_capex')} / {_input(b, 'energy_capex')}",
        ),
        ("Batteries: round-trip efficiency", pct(b.round_trip_efficiency, 0)),
        (
            "Solar PV: capital (AC)" + ("" if pv.enabled else off),
            f"{_input(pv, 'capex')}, {pv.tracking.value.replace('_', ' ')}",
        ),
    ]
    grid_price = _input(g, "price")
    if g.price_file is not None:
        grid_price = "hourly, from a file"
    elif g.peak_price is not None:
        a, z = g.peak_hours
        grid_price += f"; {_input(g, 'peak_price')} {a:02d}–{z:02d} h local"
    rest = [
        ("Grid: energy price", grid_price),
        (
            "Grid: connection limit / capital",
            f"{_input(g, 'connection_limit')} / {_input(g, 'capex')}",
        ),
        ("Grid: CO₂ intensity", _input(g, "co2_intensity")),
        ("CO₂ price", _input(p, "co2_price")),
        ("Building, cooling, electrical", _input(sc.facility, "capex")),
    ]
    return (
        '<h2 class="section">Prices and costs assumed</h2><div class="glance">'
        f"{table(plant)}{table(rest)}</div>"
    )


def _captions(v: Mapping[str, Any], sc: GroundScenario, result: SiteResult) -> dict[str, str]:
    c = v["cost"]
    offset = gf.utc_offset_h(result)
    unused = [
        n for var, n, _, _ in gf.DISPATCH_FLOWS if var not in {x[0] for x in gf.used_flows(result)}
    ]
    zero_lines = [
        gf.CAPEX_LABELS.get(k, gf.OPEX_LABELS.get(k, k))
        for k, x in c["usd_per_eflop_by_line"].items()
        if float(x) == 0.0
    ]
    caps = {
        "dispatch_weeks": "Hourly power flows of the plant over two weeks of the simulated "
        f"year, in local standard time ({gf._utc_label(offset)}): what feeds the site is "
        "stacked above zero, what takes from it (battery charging, grid export) below zero; the "
        "black line is the site load (IT × PUE), which the stack meets every hour."
        + (f" Zero all year and not drawn: {', '.join(unused)}." if unused else ""),
        "cost_breakdown": "Top: undiscounted capital cost of each line in billions of USD"
        + (
            " (grey: outside the cost boundary, not counted)."
            if any(k not in c["capex_usd"] for k in c["capex_all_lines_usd"])
            else "."
        )
        + " Bottom: each line's annual cost — capital annualised with the capital recovery "
        f"factor at {c['discount_rate']:.0%} over its life, and the running costs (blue) — "
        f"divided by the {format_large(c['delivered_eflop_per_year'])} EFLOP delivered per "
        "year: what each line adds to the cost of compute."
        + (f" Zero and not drawn: {', '.join(zero_lines)}." if zero_lines else ""),
        "energy_mix": "Energy over the simulated year in TWh, with shares of the total. Left: "
        "the sources; right: where the energy goes — the IT equipment, the PUE overhead "
        "(cooling, power conversion, building) and, where there are any, grid exports and "
        "battery losses. Both sides add up to the same total.",
        "pue_and_temperature": "Daily mean (line) and range over the hours of each day (band) "
        "of the PUE and the air temperature"
        + (
            f"; the PUE is {gf.plain_number(sc.facility.pue)} up to "
            f"{_input(sc.facility, 'pue_threshold')} and rises by "
            f"{_input(sc.facility, 'pue_slope')} above (ambient model)."
            if sc.facility.pue_model.value == "ambient"
            else "."
        ),
    }
    s = v.get("swings")
    if s is not None:
        sw, tr = sc.swings, sc.workload.training
        assert tr is not None  # a swing analysis needs the training profile
        ckpt = (
            f", and a {_input(tr, 'checkpoint_duration')} checkpoint every "
            f"{_input(tr, 'checkpoint_interval')}"
            if tr.checkpoint_interval is not None
            else ""
        )
        t0, t1 = (float(x) for x in result.detail["swing_time_s"].values[[0, -1]])
        caps["swing_profile"] = (
            f"{t1 - t0:.0f} s of the synthetic {_input(sw, 'duration')} training trace at "
            f"{_input(sw, 'sample_rate')} (from {t0:.0f} s, around the first checkpoint when "
            f"there is one): iterations of {_input(tr, 'iteration_period')}, "
            f"{pct(tr.compute_fraction, 0)} compute, {pct(tr.swing_depth, 0)} of the IT power "
            f"dropping while accelerators communicate{ckpt}. Orange: what turbines and grid see "
            f"when the smoothing battery takes every change faster than "
            f"{_input(sw, 'ramp_limit')}. Bottom: the battery's power (+ discharging). Its size "
            f"({format_number(s['battery_power_mw'])} MW, "
            f"{format_number(s['battery_energy_mwh'])} MWh) is set over the whole trace."
        )
        caps["swing_spectrum"] = (
            "Power spectral density (Welch) of the whole training trace and of what turbines "
            f"and grid see, in MW²/Hz on log–log axes. Shaded: the {gf.band_text()} band in which "
            "power oscillations can excite turbine-generator shafts and sub-synchronous "
            "resonances of the grid; utilities cap its share of the swing energy (e.g. ≤ 20 %, "
            "Choukse et al. 2025)."
        )
    return caps


#: Accelerator fields the ground model uses (the catalogue also holds the orbital ones:
#: radiation tolerance, mass, coolant limit).
_GROUND_ACCELERATOR_FIELDS = {"tdp", "system_power", "peak_flops", "system_price", "failure_rate"}


def _used_sources(sources: Mapping[str, Any]) -> dict[str, Any]:
    """The catalogue sources without the accelerator fields a ground site does not use."""
    out: dict[str, Any] = {}
    for kind, by_name in sources.items():
        if kind != "accelerator":
            out[kind] = by_name
            continue
        out[kind] = {
            name: (
                dict.fromkeys(sorted(_GROUND_ACCELERATOR_FIELDS), fields["*"])
                if "*" in fields  # defined in the scenario: one source for every field
                else {k: src for k, src in fields.items() if k in _GROUND_ACCELERATOR_FIELDS}
            )
            for name, fields in by_name.items()
        }
    return out


def render_ground_report(result: SiteResult, scenario: GroundScenario) -> str:
    """The HTML report of one simulated ground site, as one self-contained page.

    Parameters
    ----------
    result : SiteResult
        The result of :func:`wattflop.simulate` for ``scenario``.
    scenario : GroundScenario
        The scenario; its name, description, inputs and catalogue entries label the report.

    Returns
    -------
    str
        A complete HTML document. plotly.js is embedded once, inline; the page makes no
        network requests.
    """
    v = result.values
    captions = _captions(v, scenario, result)
    figs = "".join(
        figure_html(make(result), i, captions[make.__name__])
        for i, make in enumerate(gf.figures_for(result))
    )
    notes = notes_html(v["notes"], "such as unserved load")
    return document(
        f"wattflop report: {scenario.name}",
        f"{_header(v, scenario)}{notes}{_headline(v, scenario)}{_it_chain(v, scenario)}"
        f"{_glance(v, scenario)}{_assumptions(scenario)}"
        f'<h2 class="section">Figures</h2>{figs}'
        f"{sources_html(_used_sources(result.sources), scenario)}",
        css=CSS + _GROUND_CSS,
    )

"""A self-contained HTML report of one simulated site.

:func:`render_report` turns a :class:`~wattflop.result.SiteResult` and the scenario that
produced it into one HTML page that works offline: plotly.js is embedded once, inline, and
nothing is fetched from the network. The report only reads the result; all text that comes
from the scenario (names, description, catalogue sources, notes) is escaped. A ground scenario
gets the ground report of :mod:`wattflop.report.ground`; both are built from the shared parts
in :mod:`wattflop.report.page`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import plotly.graph_objects as go

from wattflop.report import figures
from wattflop.report.figures import format_large, format_number
from wattflop.report.ground import render_ground_report
from wattflop.report.page import (
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
from wattflop.scenario import GroundScenario, OrbitScenario

__all__ = ["format_large", "format_number", "render_ground_report", "render_report"]

#: What each cost boundary counts, for the header.
BOUNDARY_TEXT: dict[str, str] = {
    "launch_only": "launching the whole fleet, nothing else",
    "energy_only": "the power system (solar arrays, batteries, power electronics) and its launch",
    "power_and_cooling": "the power system and the radiators, and their launch",
    "full": "everything: accelerators, power, cooling, links, bus, launch and operations",
}


def _hhmm(hours: float | None) -> str:
    if hours is None:
        return ""
    m = round(hours * 60.0)
    return f"{m // 60:02d}:{m % 60:02d}"


def _header(v: Mapping[str, Any], sc: OrbitScenario) -> str:
    s, o = v["scenario"], v["orbit"]
    if o["sun_synchronous"]:
        orbit = (
            f"{format_number(o['altitude_km'])} km sun-synchronous, LTAN {_hhmm(o['ltan_h'])}, "
            f"{o['inclination_deg']:.1f}°"
        )
    else:
        orbit = f"{format_number(o['altitude_km'])} km, {o['inclination_deg']:.1f}° inclination"
    meta = [
        ("site", s["site"]),
        ("orbit", orbit),
        ("accelerator", s["accelerator"]),
        ("solar cell", s["solar_cell"]),
        ("battery", sc.satellite.battery.technology),
        ("launch vehicle", s["launch_vehicle"]),
        ("eclipse strategy", s["eclipse_strategy"]),
        ("spares", v["reliability"]["policy"]),
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
        "boundary.</div></header>"
    )


def _headline(v: Mapping[str, Any]) -> str:
    c, f, m = v["cost"], v["fleet"], v["mass"]
    dep = v.get("deployment", {})
    lines = c["usd_per_eflop_by_line"]
    waiting = lines.get("late_compute", 0.0) + lines.get("idle_capital", 0.0)
    util_sub = (
        f"{format_large(c['delivered_eflop_per_year'])} EFLOP delivered per year; "
        f"availability {pct(v['energy']['availability'], 2)}"
    )
    cards = [
        card("Cost per delivered EFLOP", format_number(c["usd_per_eflop"]), "USD/EFLOP", util_sub),
        card(
            "Per accelerator-hour",
            format_number(c["usd_per_accelerator_hour"]),
            "USD/h",
            f"{format_number(f['accelerators'])} accelerators in the fleet",
        ),
        card(
            "LCOE to the chips",
            format_number(c["lcoe_usd_per_mwh"]),
            "USD/MWh",
            "power system and its launch; "
            f"{format_number(v['energy']['delivered_to_it_mwh_per_year'] / 1e6)} TWh/yr to IT; "
            f"all-in {format_number(c['usd_per_mwh_in_boundary'])} USD/MWh",
        ),
        card(
            "Fleet",
            format_number(f["satellites"]),
            "satellites",
            f"{format_number(f['launches'])} launches ({f['satellites_per_launch']} per launch, "
            f"{f['launch_limit']}-limited) · {format_number(m['fleet_kg'] / 1e3)} t",
        ),
        card(
            "The satellite",
            format_number(v["satellite"]["kg_per_kw"]),
            "kg per kW of IT",
            f"{format_number(v['satellite']['usd_per_w'])} USD/W of IT without accelerators "
            f"({v['satellite']['mode'].replace('_', '-')}); "
            f"{format_number(v['power']['it_w_per_satellite'] / 1e3)} kW IT on "
            f"{format_number(m['satellite_kg'])} kg; published designs claim 14–20 kg/kW",
        ),
        card(
            "Time to power",
            format_number(dep.get("months_to_full_power", 0.0)),
            "months to the whole fleet",
            f"first compute after {format_number(dep.get('months_to_first_power', 0.0))} months; "
            f"late compute and idle capital add {format_number(waiting)} USD/EFLOP",
        ),
        card(
            "Annual cost",
            format_number(c["annual_cost_usd"] / 1e9),
            "billion USD/yr",
            f"capital annualised at {pct(c['discount_rate'], 0)} over "
            f"{format_number(v['reliability']['life_yr'])} yr"
            + (", plus operations" if c["boundary"] == "full" else ""),
        ),
    ]
    return f'<section class="headline">{"".join(cards)}</section>'


def _glance(v: Mapping[str, Any]) -> str:
    o, ecl, p, th = v["orbit"], v["eclipse"], v["power"], v["thermal"]
    rad, drag, rel, f, c = v["radiation"], v["drag"], v["reliability"], v["fleet"], v["cost"]
    acc_per_sat = f["accelerators"] // f["satellites"] if f["satellites"] else 0
    left = [
        ("Orbit period", f"{format_number(o['nodal_period_s'] / 60)} min"),
        ("Sunlit fraction of the year", pct(ecl["sunlit_fraction"])),
        (
            "Eclipses per year / days with eclipse",
            f"{format_number(ecl['eclipses_per_year'])} / {ecl['days_with_eclipse']}",
        ),
        ("Longest eclipse", f"{format_number(ecl['max_duration_s'] / 60)} min"),
        ("Beta angle range", f"{ecl['beta_min_deg']:.1f}° to {ecl['beta_max_deg']:.1f}°"),
        (
            "Life used (design / dose-limited)",
            f"{format_number(rel['life_yr'])} yr ({format_number(rel['design_life_yr'])} / "
            f"{format_number(rad['dose_limited_life_yr'])} yr)",
        ),
        ("Dose behind shielding", f"{format_number(rad['dose_rad_si_per_year'])} rad(Si)/yr"),
        (
            "Drag Δv / life without propulsion",
            f"{format_number(drag['delta_v_m_s_per_year'])} m/s/yr / "
            f"{format_number(drag['lifetime_without_propulsion_yr'])} yr",
        ),
    ]
    right = [
        (
            "IT / bus power per satellite",
            f"{format_number(p['it_w_per_satellite'] / 1e3)} / "
            f"{format_number(p['bus_w_per_satellite'] / 1e3)} kW",
        ),
        (
            "Accelerators (+ cold spares) per satellite",
            f"{format_number(acc_per_sat)} (+{rel['spares_per_satellite']})",
        ),
        (
            "Solar array",
            f"{format_number(p['array_area_m2'])} m², "
            f"{format_number(p['array_bol_w'] / 1e3)} kW at beginning of life",
        ),
        (
            "Battery",
            f"{format_number(p['battery_capacity_wh'] / 1e3)} kWh, "
            f"{pct(p['battery_depth_of_discharge'], 0)} depth of discharge",
        ),
        (
            "Radiator",
            f"{format_number(th['radiator_area_m2'])} m² at "
            f"{th['radiator_temperature_c']:.0f} °C for "
            f"{format_number(th['heat_w_per_satellite'] / 1e3)} kW",
        ),
        ("Fleet IT power", f"{format_number(f['it_power_w'] / 1e6)} MW"),
        (
            "Fleet capital cost (in boundary)",
            f"{format_number(sum(c['capex_usd'].values()) / 1e9)} billion USD",
        ),
        (
            "Launch price / operations",
            f"{format_number(c['launch_price_usd_per_kg'])} USD/kg / "
            f"{format_number(c['opex_usd_per_year'] / 1e6)} million USD/yr",
        ),
    ]
    return (
        f'<h2 class="section">Design at a glance</h2>'
        f'<div class="glance">{table(left)}{table(right)}</div>'
    )


def _captions(v: Mapping[str, Any]) -> dict[str, str]:
    partial = v["cost"]["boundary"] != "full"
    return {
        "mass_breakdown": "Mass of each part of one satellite in kg, with its share of the "
        f"total; the fleet is {format_number(v['fleet']['satellites'])} identical satellites.",
        "cost_breakdown": "Undiscounted capital cost of the whole fleet by line, in billions of "
        "USD; launch cost is shared among the lines by mass"
        + ("; grey: lines outside the cost boundary, not counted." if partial else "."),
        "cost_per_eflop": "Each line's capital annualised with the capital recovery factor "
        f"at {v['cost']['discount_rate']:.0%} over its life (plus operations), divided by the "
        "EFLOP delivered per year: what each part adds to the cost of compute.",
        "beta_and_eclipse": "Daily mean solar beta angle in degrees (top) and the longest "
        "eclipse of each day in minutes (bottom) over the simulated year.",
        "power_sankey": "Where the sunlight falling on one satellite's array goes in its first "
        "year, in MWh: array heat and reflection, then the array's electric output to IT, bus, "
        "power-electronics and battery losses, and curtailment.",
        "power_timeline": "One satellite over about three orbits around the year's longest "
        "eclipse: visible fraction of the Sun, sunlight on the array (kW), IT power (kW) and "
        "battery energy (kWh); grey bands are eclipses.",
        "radiator_area": "Radiator area per satellite (m²) needed to reject the same heat at "
        "each radiator temperature (°C); orange dot: the design; red dashed line: the "
        "highest radiator temperature the accelerators' coolant limit allows.",
        "eclipse_strategies": "The same site with batteries carrying compute through eclipse vs "
        "compute stopped in eclipse: cost per delivered EFLOP (USD), availability (%) and "
        "satellite mass (kg; purple: battery).",
    }


def render_report(result: SiteResult, scenario: OrbitScenario | GroundScenario) -> str:
    """The HTML report of one simulated site, as one self-contained page.

    Parameters
    ----------
    result : SiteResult
        The result of :func:`wattflop.simulate` for ``scenario``.
    scenario : OrbitScenario or GroundScenario
        The scenario; its name, description and catalogue entries label the report. A ground
        scenario gets the ground report (:func:`wattflop.report.ground.render_ground_report`).

    Returns
    -------
    str
        A complete HTML document. plotly.js is embedded once, inline; the page makes no
        network requests.
    """
    if isinstance(scenario, GroundScenario):
        return render_ground_report(result, scenario)
    v = result.values
    captions = _captions(v)
    makers: tuple[Callable[[SiteResult], go.Figure], ...] = figures.ALL_FIGURES
    figs = "".join(
        figure_html(make(result), i, captions[make.__name__]) for i, make in enumerate(makers)
    )
    notes = notes_html(v["notes"], "such as a dose-limited life")
    return document(
        f"wattflop report: {scenario.name}",
        f"{_header(v, scenario)}{notes}{_headline(v)}"
        f'{_glance(v)}<h2 class="section">Figures</h2>{figs}'
        f"{sources_html(result.sources, scenario)}",
    )

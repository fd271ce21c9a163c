"""A self-contained HTML report of one simulated site.

:func:`render_report` turns a :class:`~wattflop.result.SiteResult` and the scenario that
produced it into one HTML page that works offline: plotly.js is embedded once, inline, and
nothing is fetched from the network. The report only reads the result; all text that comes
from the scenario (names, description, catalogue sources, notes) is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from wattflop import __version__
from wattflop.report import figures
from wattflop.report.figures import format_large, format_number
from wattflop.result import SiteResult
from wattflop.scenario import OrbitScenario

__all__ = ["format_large", "format_number", "render_report"]

#: What each cost boundary counts, for the header.
BOUNDARY_TEXT: dict[str, str] = {
    "launch_only": "launching the whole fleet, nothing else",
    "energy_only": "the power system (solar arrays, batteries, power electronics) and its launch",
    "power_and_cooling": "the power system and the radiators, and their launch",
    "full": "everything: accelerators, power, cooling, links, bus, launch and operations",
}

#: Catalogue fields shown in the sources table: (scale from SI, unit shown).
_DISPLAY: dict[str, tuple[float, str]] = {
    "tdp": (1.0, "W"),
    "system_power": (1.0, "W"),
    "system_mass": (1.0, "kg"),
    "peak_flops": (1e-12, "TFLOP/s"),
    "system_price": (1.0, "USD"),
    "failure_rate": (1.0, "1/yr"),
    "total_dose_tolerance": (100.0, "rad(Si)"),
    "upset_rate_per_dose": (0.01, "1/rad(Si)"),
    "upset_recovery_time": (1.0, "s"),
    "max_coolant_temperature": (1.0, "°C"),
    "payload_to_leo": (1e-3, "t"),
    "fairing_volume": (1.0, "m³"),
    "price_per_kg": (1.0, "USD/kg"),
    "efficiency": (100.0, "%"),
    "reference_temperature": (1.0, "°C"),
    "temperature_coefficient": (100.0, "%/K"),
    "degradation_per_year": (100.0, "%/yr"),
    "areal_density": (1.0, "kg/m²"),
    "price_per_watt": (1.0, "USD/W"),
    "solar_absorptance": (1.0, ""),
    "emissivity_front": (1.0, ""),
    "emissivity_back": (1.0, ""),
    "specific_energy": (1.0 / 3600.0, "Wh/kg"),
    "cycle_life_full_dod": (1.0, "cycles"),
    "cycle_life_exponent": (1.0, ""),
    "charge_efficiency": (1.0, ""),
    "discharge_efficiency": (1.0, ""),
    "price_per_kwh": (3.6e6, "USD/kWh"),
}
_CELSIUS = {"max_coolant_temperature", "reference_temperature"}

#: Result key of each kind of catalogue entry → (heading, scenario property).
_KINDS: dict[str, tuple[str, str]] = {
    "accelerator": ("Accelerator", "accelerator"),
    "launch_vehicle": ("Launch vehicle", "vehicle"),
    "solar_cell": ("Solar cell", "cell"),
    "battery": ("Battery", "battery_tech"),
}

_CSS = """
:root { --ink:#1d2330; --muted:#5b6475; --line:#e3e6ec; --accent:#ff7f0e; --bg:#f6f7f9; }
* { box-sizing: border-box; }
body { margin:0; background:var(--bg); color:var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 28px 48px; }
header h1 { margin: 0 0 4px; font-size: 28px; }
header .desc { margin: 0 0 12px; font-size: 16px; color: var(--ink); max-width: 70em; }
.meta { display:flex; flex-wrap:wrap; gap:6px 8px; margin: 0 0 12px; padding:0; list-style:none; }
.meta li { background:#fff; border:1px solid var(--line); border-radius:14px; padding:2px 10px;
  font-size: 13px; color: var(--muted); }
.meta b { color: var(--ink); font-weight: 600; }
.boundary { background:#fff; border-left: 4px solid var(--accent); padding: 8px 12px;
  margin: 0 0 18px; }
.notes { background:#fff4e5; border:1px solid #f5b971; border-left:6px solid #e8590c;
  border-radius:6px; padding: 10px 16px; margin: 0 0 18px; }
.notes h2 { margin:0 0 4px; font-size: 17px; color:#a33f00; }
.notes ul { margin: 4px 0 0; padding-left: 20px; }
.nonotes { color: var(--muted); font-size: 13px; margin: 0 0 18px; }
.headline { display:grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 12px;
  margin: 0 0 22px; }
.card { background:#fff; border:1px solid var(--line); border-radius:8px; padding: 12px 14px; }
.card .label { font-size: 13px; color: var(--muted); text-transform: uppercase;
  letter-spacing: .03em; }
.card .value { font-size: 28px; font-weight: 700; line-height: 1.2; margin: 4px 0 2px;
  font-variant-numeric: tabular-nums; }
.card .unit { font-size: 15px; font-weight: 500; color: var(--muted); }
.card .sub { font-size: 13px; color: var(--muted); }
h2.section { font-size: 20px; margin: 28px 0 10px; border-bottom: 1px solid var(--line);
  padding-bottom: 4px; }
table { border-collapse: collapse; width: 100%; background:#fff; font-size: 13.5px; }
th, td { text-align: left; vertical-align: top; padding: 5px 10px;
  border-bottom: 1px solid var(--line); }
th { background: #eef0f4; font-weight: 600; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.glance { display:grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 0 24px; }
.glance table td:first-child { color: var(--muted); width: 45%; }
figure { background:#fff; border:1px solid var(--line); border-radius:8px; margin: 0 0 18px;
  padding: 10px 12px 8px; }
figure h3 { margin: 2px 4px 4px; font-size: 17px; }
figcaption { font-size: 13.5px; color: var(--muted); margin: 4px 4px 2px; }
.sources td:nth-child(3) { font-size: 12.5px; color: #39404d; }
.sources td.date { white-space: nowrap; }
.sources tr.group th { background: #fff; font-size: 14.5px; padding-top: 12px;
  border-bottom: 2px solid var(--line); }
footer { margin-top: 24px; font-size: 12px; color: var(--muted); }
"""


def _e(x: object) -> str:
    return html.escape(str(x), quote=True)


def _card(label: str, value: str, unit: str, sub: str) -> str:
    return (
        f'<div class="card"><div class="label">{_e(label)}</div>'
        f'<div class="value">{_e(value)} <span class="unit">{_e(unit)}</span></div>'
        f'<div class="sub">{_e(sub)}</div></div>'
    )


def _pct(x: float, decimals: int = 1) -> str:
    return f"{100.0 * x:.{decimals}f} %"


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
    chips = "".join(f"<li>{_e(k)}: <b>{_e(val)}</b></li>" for k, val in meta)
    boundary = str(v["cost"]["boundary"])
    desc = sc.description.strip()
    return (
        f"<header><h1>{_e(sc.name)}</h1>"
        + (f'<p class="desc">{_e(desc)}</p>' if desc else "")
        + f'<ul class="meta">{chips}</ul>'
        f'<div class="boundary"><b>Cost boundary: {_e(boundary)}</b> — counts '
        f"{_e(BOUNDARY_TEXT.get(boundary, boundary))}. Every cost figure below is within this "
        "boundary.</div></header>"
    )


def _notes(notes: Iterable[str]) -> str:
    items = [str(n) for n in notes]
    if not items:
        return (
            '<p class="nonotes">The model raised no notes on this design '
            "(such as a dose-limited life).</p>"
        )
    lis = "".join(f"<li>{_e(n)}</li>" for n in items)
    return f'<div class="notes" role="alert"><h2>⚠ Notes on this design</h2><ul>{lis}</ul></div>'


def _headline(v: Mapping[str, Any]) -> str:
    c, f, m = v["cost"], v["fleet"], v["mass"]
    util_sub = (
        f"{format_large(c['delivered_eflop_per_year'])} EFLOP delivered per year; "
        f"availability {_pct(v['energy']['availability'], 2)}"
    )
    cards = [
        _card("Cost per delivered EFLOP", format_number(c["usd_per_eflop"]), "USD/EFLOP", util_sub),
        _card(
            "Per accelerator-hour",
            format_number(c["usd_per_accelerator_hour"]),
            "USD/h",
            f"{format_number(f['accelerators'])} accelerators in the fleet",
        ),
        _card(
            "LCOE to the chips",
            format_number(c["lcoe_usd_per_mwh"]),
            "USD/MWh",
            "power system and its launch; "
            f"{format_number(v['energy']['delivered_to_it_mwh_per_year'] / 1e6)} TWh/yr to IT; "
            f"all-in {format_number(c['usd_per_mwh_in_boundary'])} USD/MWh",
        ),
        _card(
            "Fleet",
            format_number(f["satellites"]),
            "satellites",
            f"{format_number(f['launches'])} launches ({f['satellites_per_launch']} per launch, "
            f"{f['launch_limit']}-limited) · {format_number(m['fleet_kg'] / 1e3)} t",
        ),
        _card(
            "IT power per kg",
            format_number(v["specific_power_w_per_kg"]),
            "W/kg",
            f"{format_number(v['power']['it_w_per_satellite'] / 1e3)} kW IT on "
            f"{format_number(m['satellite_kg'])} kg per satellite",
        ),
        _card(
            "Annual cost",
            format_number(c["annual_cost_usd"] / 1e9),
            "billion USD/yr",
            f"capital annualised at {_pct(c['discount_rate'], 0)} over "
            f"{format_number(v['reliability']['life_yr'])} yr"
            + (", plus operations" if c["boundary"] == "full" else ""),
        ),
    ]
    return f'<section class="headline">{"".join(cards)}</section>'


def _table(rows: Iterable[tuple[str, str]]) -> str:
    body = "".join(f'<tr><td>{_e(k)}</td><td class="num">{_e(val)}</td></tr>' for k, val in rows)
    return f"<table>{body}</table>"


def _glance(v: Mapping[str, Any]) -> str:
    o, ecl, p, th = v["orbit"], v["eclipse"], v["power"], v["thermal"]
    rad, drag, rel, f, c = v["radiation"], v["drag"], v["reliability"], v["fleet"], v["cost"]
    acc_per_sat = f["accelerators"] // f["satellites"] if f["satellites"] else 0
    left = [
        ("Orbit period", f"{format_number(o['nodal_period_s'] / 60)} min"),
        ("Sunlit fraction of the year", _pct(ecl["sunlit_fraction"])),
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
            f"{_pct(p['battery_depth_of_discharge'], 0)} depth of discharge",
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
        f'<div class="glance">{_table(left)}{_table(right)}</div>'
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


def _figure_html(fig: go.Figure, index: int, caption: str) -> str:
    title = fig.layout.title.text or ""
    # the title becomes the heading above the plot: give back its room, keep the mode bar's
    fig.update_layout(title=None, margin={"t": max(int(fig.layout.margin.t or 60) - 25, 35)})
    height = int(fig.layout.height or 450)
    div = pio.to_html(
        fig,
        full_html=False,
        include_plotlyjs=index == 0,
        include_mathjax=False,
        div_id=f"wattflop-figure-{index + 1}",
        default_height=f"{height}px",
        config={"displaylogo": False, "responsive": True},
    )
    return f"<figure><h3>{_e(title)}</h3>{div}<figcaption>{_e(caption)}</figcaption></figure>"


def _value_text(field: str, value: object) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)
    scale, unit = _DISPLAY.get(field, (1.0, ""))
    x = float(value) - 273.15 if field in _CELSIUS else float(value) * scale
    text = format_number(x, 4)
    if "." in text:  # catalogue numbers: no padding zeros (0.1000 → 0.1)
        text = text.rstrip("0").rstrip(".")
    return f"{text} {unit}".strip()


def _sources(sources: Mapping[str, Any], sc: OrbitScenario) -> str:
    rows: list[str] = []
    for kind, by_name in sources.items():
        heading, prop = _KINDS.get(kind, (kind.replace("_", " ").capitalize(), ""))
        entry = getattr(sc, prop, None) if prop else None
        for name, fields in by_name.items():
            if "*" in fields:  # defined in the scenario: every field has the same source
                names = [
                    k
                    for k in (type(entry).model_fields if entry is not None else {})
                    if k != "description"
                ]
                items = [(k, fields["*"]) for k in names] or [("*", fields["*"])]
            else:
                items = list(fields.items())
            rows.append(f'<tr class="group"><th colspan="4">{_e(heading)}: {_e(name)}</th></tr>')
            for field, src in items:
                value = getattr(entry, field, "") if entry is not None and field != "*" else ""
                rows.append(
                    f"<tr><td>{_e(field.replace('_', ' '))}</td>"
                    f'<td class="num">{_e(_value_text(field, value))}</td>'
                    f"<td>{_e(src.get('source', ''))}</td>"
                    f'<td class="date">{_e(src.get("date", ""))}</td></tr>'
                )
    return (
        '<h2 class="section">Catalogue numbers used and their sources</h2>'
        '<table class="sources"><thead><tr><th>Quantity</th><th>Value</th>'
        f"<th>Source</th><th>Date</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def render_report(result: SiteResult, scenario: OrbitScenario) -> str:
    """The HTML report of one simulated site, as one self-contained page.

    Parameters
    ----------
    result : SiteResult
        The result of :func:`wattflop.simulate` for ``scenario``.
    scenario : OrbitScenario
        The scenario; its name, description and catalogue entries label the report.

    Returns
    -------
    str
        A complete HTML document. plotly.js is embedded once, inline; the page makes no
        network requests.
    """
    v = result.values
    captions = _captions(v)
    makers: tuple[Callable[[SiteResult], go.Figure], ...] = figures.ALL_FIGURES
    figs = "".join(
        _figure_html(make(result), i, captions[make.__name__]) for i, make in enumerate(makers)
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>wattflop report: {_e(scenario.name)}</title><style>{_CSS}</style></head>"
        f"<body><main>{_header(v, scenario)}{_notes(v['notes'])}{_headline(v)}"
        f'{_glance(v)}<h2 class="section">Figures</h2>{figs}'
        f"{_sources(result.sources, scenario)}"
        f"<footer>Generated by wattflop {_e(__version__)}. All values are computed by the model "
        "from the scenario and the catalogue; see the sources above.</footer>"
        "</main></body></html>\n"
    )

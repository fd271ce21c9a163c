"""The parts every wattflop HTML report shares: style, escaping, cards, tables, figures,
the notes box, the catalogue sources table and the page around them.

Both the orbital report (:mod:`wattflop.report.html`) and the ground report
(:mod:`wattflop.report.ground`) are built from these; each page is one self-contained file.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from wattflop import __version__
from wattflop.constants import J_PER_KWH
from wattflop.report.figures import format_number

#: Catalogue fields shown in the sources table: (scale from SI, unit shown).
DISPLAY: dict[str, tuple[float, str]] = {
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
    "price_per_kwh": (J_PER_KWH, "USD/kWh"),
}
CELSIUS = {"max_coolant_temperature", "reference_temperature"}

#: Result key of each kind of catalogue entry → (heading, scenario property).
KINDS: dict[str, tuple[str, str]] = {
    "accelerator": ("Accelerator", "accelerator"),
    "launch_vehicle": ("Launch vehicle", "vehicle"),
    "solar_cell": ("Solar cell", "cell"),
    "battery": ("Battery", "battery_tech"),
}

CSS = """
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


def esc(x: object) -> str:
    """``x`` as text, HTML-escaped (quotes too)."""
    return html.escape(str(x), quote=True)


def card(label: str, value: str, unit: str, sub: str) -> str:
    """A headline card: label, big value with its unit, and a line under it."""
    return (
        f'<div class="card"><div class="label">{esc(label)}</div>'
        f'<div class="value">{esc(value)} <span class="unit">{esc(unit)}</span></div>'
        f'<div class="sub">{esc(sub)}</div></div>'
    )


def pct(x: float, decimals: int = 1) -> str:
    """A fraction as a percentage: ``0.0123 → "1.2 %"``."""
    return f"{100.0 * x:.{decimals}f} %"


def table(rows: Iterable[tuple[str, str]]) -> str:
    """A two-column table: a name, and its value right-aligned."""
    body = "".join(f'<tr><td>{esc(k)}</td><td class="num">{esc(val)}</td></tr>' for k, val in rows)
    return f"<table>{body}</table>"


def notes_html(notes: Iterable[str], example: str) -> str:
    """The notes box, before the headline; or a quiet line saying there are none (``example``:
    what kind of note the model could have raised)."""
    items = [str(n) for n in notes]
    if not items:
        return f'<p class="nonotes">The model raised no notes on this design ({esc(example)}).</p>'
    lis = "".join(f"<li>{esc(n)}</li>" for n in items)
    return f'<div class="notes" role="alert"><h2>⚠ Notes on this design</h2><ul>{lis}</ul></div>'


def figure_html(fig: go.Figure, index: int, caption: str) -> str:
    """One figure as HTML: its title as a heading, the plot, and the caption. plotly.js is
    embedded, inline, with the first figure (``index`` 0) only."""
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
    return f"<figure><h3>{esc(title)}</h3>{div}<figcaption>{esc(caption)}</figcaption></figure>"


def _value_text(field: str, value: object) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return str(value)
    scale, unit = DISPLAY.get(field, (1.0, ""))
    x = float(value) - 273.15 if field in CELSIUS else float(value) * scale
    text = format_number(x, 4)
    if "." in text:  # catalogue numbers: no padding zeros (0.1000 → 0.1)
        text = text.rstrip("0").rstrip(".")
    return f"{text} {unit}".strip()


def sources_html(sources: Mapping[str, Any], scenario: object) -> str:
    """The catalogue numbers the result used, each with its value, source and date; the
    values are read from ``scenario``'s resolved catalogue entries."""
    rows: list[str] = []
    for kind, by_name in sources.items():
        heading, prop = KINDS.get(kind, (kind.replace("_", " ").capitalize(), ""))
        entry = getattr(scenario, prop, None) if prop else None
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
            rows.append(f'<tr class="group"><th colspan="4">{esc(heading)}: {esc(name)}</th></tr>')
            for field, src in items:
                value = getattr(entry, field, "") if entry is not None and field != "*" else ""
                rows.append(
                    f"<tr><td>{esc(field.replace('_', ' '))}</td>"
                    f'<td class="num">{esc(_value_text(field, value))}</td>'
                    f"<td>{esc(src.get('source', ''))}</td>"
                    f'<td class="date">{esc(src.get("date", ""))}</td></tr>'
                )
    return (
        '<h2 class="section">Catalogue numbers used and their sources</h2>'
        '<table class="sources"><thead><tr><th>Quantity</th><th>Value</th>'
        f"<th>Source</th><th>Date</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def document(title: str, body: str, css: str = CSS) -> str:
    """The whole page: ``body`` (HTML) in ``<main>``, with the style and the footer."""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{css}</style></head>"
        f"<body><main>{body}"
        f"<footer>Generated by wattflop {esc(__version__)}. All values are computed by the model "
        "from the scenario and the catalogue; see the sources above.</footer>"
        "</main></body></html>\n"
    )

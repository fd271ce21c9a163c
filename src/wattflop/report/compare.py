"""The comparison page: sites side by side under one cost boundary."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.colors import qualitative

from wattflop.report.figures import base_layout, format_number
from wattflop.report.page import card, document, esc, figure_html
from wattflop.study.compare import Comparison

#: Readable names of cost lines from either site.
LABELS = {
    "accelerators": "Accelerators",
    "solar_array": "Solar arrays (orbit)",
    "battery": "Batteries (orbit)",
    "power_electronics": "Power electronics (orbit)",
    "radiator": "Radiators (orbit)",
    "links": "Optical links (orbit)",
    "bus": "Satellite bus (orbit)",
    "launch": "Launch (orbit)",
    "operations": "Operations (orbit)",
    "facility": "Building, cooling, electrical (ground)",
    "gas_turbines": "Gas turbines (ground)",
    "batteries": "Batteries (ground)",
    "pv": "PV (ground)",
    "grid_connection": "Grid connection (ground)",
    "smoothing_battery": "Swing-smoothing battery (ground)",
    "fuel": "Gas fuel (ground)",
    "gas_om": "Gas O&M (ground)",
    "pv_om": "PV O&M (ground)",
    "battery_om": "Battery O&M (ground)",
    "grid_energy": "Grid energy (ground)",
    "co2": "CO₂ price (ground)",
}


def cost_stack(c: Comparison) -> go.Figure:
    """Cost per delivered EFLOP of each site, stacked by line [USD/EFLOP]."""
    fig = go.Figure()
    lines: list[str] = []
    for r in c.results:
        for k, v in r.get("cost.usd_per_eflop_by_line").items():
            if v > 0 and k not in lines:
                lines.append(k)
    for k in lines:
        vals = [float(r.get("cost.usd_per_eflop_by_line").get(k, 0.0)) for r in c.results]
        label = LABELS.get(k, k)
        hover = "%{x}: %{y:.3g} USD/EFLOP<extra>" + label + "</extra>"
        fig.add_trace(go.Bar(name=label, x=c.names, y=vals, hovertemplate=hover))
    totals = [float(r.get("cost.usd_per_eflop")) for r in c.results]
    text = [format_number(t) for t in totals]
    fig.add_trace(
        go.Scatter(x=c.names, y=totals, mode="text", text=text, textposition="top center",
                   showlegend=False, hoverinfo="skip")
    )  # fmt: skip
    # enough distinct colours for every line of both sites (the default palette repeats at 10)
    fig.update_layout(barmode="stack", legend={"orientation": "v"}, colorway=qualitative.Alphabet)
    fig.update_yaxes(title_text="Cost per delivered EFLOP [USD]", rangemode="tozero")
    return base_layout(fig, f"Cost per delivered EFLOP by line, boundary '{c.boundary.value}'", 520)


def render_comparison(c: Comparison) -> str:
    """A self-contained HTML page for a comparison."""
    ratio = c.ratio()
    cheapest = c.names[ratio.index(1.0)]
    cards = "".join(
        card(
            name,
            format_number(float(r.get("cost.usd_per_eflop"))),
            "USD/EFLOP",
            f"{ratio[i]:.2f}× the cheapest; "
            f"{format_number(float(r.get('cost.usd_per_accelerator_hour')))} USD per "
            "accelerator-hour; LCOE "
            f"{format_number(float(r.get('cost.lcoe_usd_per_mwh')))} USD/MWh",
        )
        for i, (name, r) in enumerate(zip(c.names, c.results, strict=True))
    )
    rows = "".join(
        f"<tr><td>{esc(label)}</td>"
        + "".join(f'<td class="num">{esc(format_number(v))}</td>' for v in values)
        + f"<td>{esc(unit)}</td></tr>"
        for label, unit, values in c.table()
    )
    head = "".join(f"<th>{esc(n)}</th>" for n in c.names)
    notes = "".join(f"<li>{esc(n)}</li>" for n in c.workload_notes)
    body = (
        f"<h1>Compare: {esc(' vs '.join(c.names))}</h1>"
        f'<div class="boundary"><b>Cost boundary: {esc(c.boundary.value)}</b> for every site. '
        f"Cheapest per delivered EFLOP: <b>{esc(cheapest)}</b>.</div>"
        + (f'<div class="notes"><ul>{notes}</ul></div>' if notes else "")
        + f'<section class="headline">{cards}</section>'
        f"<table><tr><th>quantity</th>{head}<th>unit</th></tr>{rows}</table>"
        + figure_html(
            cost_stack(c),
            0,
            "Each site's annual cost per delivered EFLOP, split into "
            "its lines (capital annualised with the capital recovery factor over each "
            "line's life, plus running costs).",
        )
    )
    return document(f"wattflop compare: {' vs '.join(c.names)}", body)

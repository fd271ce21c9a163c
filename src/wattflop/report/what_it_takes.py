"""The what-it-would-take page: the map of satellite USD/W × kg/kW with the orbit = ground
contour and its band, the published designs on it, and the lever table."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import plotly.graph_objects as go

from wattflop.report.figures import BLUE, GREY, ORANGE, PURPLE, RED, base_layout, format_number
from wattflop.report.page import card, document, esc, figure_html


def _finite(values: list[Any]) -> list[float | None]:
    """Contour points that can be drawn: None where the value is ±∞ or missing."""
    out: list[float | None] = []
    for v in values:
        ok = isinstance(v, int | float) and math.isfinite(v)
        out.append(float(v) if ok else None)
    return out


def ratio_map(d: dict[str, Any]) -> go.Figure:
    """orbit/ground over USD/W × kg/kW, the ratio = 1 contour, its band and the designs."""
    m, c = d["map"], d["contour"]
    z = np.array([[np.nan if v is None else v for v in row] for row in m["ratio"]], dtype=float)
    fig = go.Figure()
    fig.add_trace(
        go.Heatmap(
            x=m["usd_per_w"], y=m["kg_per_kw"], z=np.log10(z), zmid=0.0,
            colorscale="RdBu_r", name="orbit/ground",
            customdata=z, hovertemplate="%{x} USD/W, %{y} kg/kW: orbit/ground %{customdata:.3f}"
            "<extra></extra>",
            colorbar={"title": "orbit/ground", "tickvals": np.log10([0.5, 0.7, 1, 1.5, 2, 3]),
                      "ticktext": ["0.5", "0.7", "1", "1.5", "2", "3"]},
        )
    )  # fmt: skip
    y = c["kg_per_kw"]
    for key, name, dash, colour in (
        ("p5", "p5 of break-even (Monte Carlo)", "dot", GREY),
        ("p95", "p95 of break-even (Monte Carlo)", "dot", GREY),
        ("usd_per_w", "orbit = ground", "solid", "black"),
        (
            "fast_fleet_usd_per_w",
            f"orbit = ground, fleet in orbit in {c.get('fast_fleet_months', 0):.0f} months "
            "(as the campus)",
            "dash",
            "black",
        ),
    ):
        if key not in c:
            continue
        fig.add_trace(
            go.Scatter(x=_finite(c[key]), y=y, mode="lines", name=name,
                       line={"color": colour, "dash": dash, "width": 3 if dash == "solid" else 2})
        )  # fmt: skip
    designs = [d["headline"], *d["designs"]]
    known = [x for x in designs if x["usd_per_w"] is not None]
    fig.add_trace(
        go.Scatter(
            x=[x["usd_per_w"] for x in known], y=[x["kg_per_kw"] for x in known],
            mode="markers+text", text=[x["name"].split(":")[0] for x in known],
            textposition="top center", name="published designs (known price)",
            marker={"size": 12, "color": ORANGE, "line": {"color": "black", "width": 1}},
            customdata=[x["ratio"] for x in known],
            hovertemplate="%{text}: %{x:.3g} USD/W, %{y:.3g} kg/kW, orbit/ground "
            "%{customdata:.3f}<extra></extra>",
        )
    )  # fmt: skip
    for x in designs:
        if x["usd_per_w"] is None:
            fig.add_hline(
                y=x["kg_per_kw"], line={"color": PURPLE, "dash": "dash"},
                annotation_text=f"{x['name']} (price unknown)", annotation_position="top right",
            )  # fmt: skip
    fig.update_xaxes(title_text="satellite platform price, accelerators excluded [USD/W of IT]")
    fig.update_yaxes(title_text="satellite mass at launch [kg/kW of IT]")
    title = (
        f"orbit/ground cost per delivered EFLOP at {format_number(d['launch_price_usd_per_kg'])}"
        " USD/kg launch"
    )
    fig = base_layout(fig, title, 660)
    # the legend under the map, clear of the colour bar
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0.0})
    return fig


def lever_chart(d: dict[str, Any]) -> go.Figure:
    """orbit/ground after each greedy step."""
    lv = d["levers"]
    names = ["headline"] + [f"{s['step']}. {s['label']}" for s in lv["steps"]]
    ratios = [lv["start_ratio"]] + [s["ratio"] for s in lv["steps"]]
    colours = [BLUE if r >= 1 else RED for r in ratios]
    fig = go.Figure(go.Bar(x=names, y=ratios, marker_color=colours,
                           text=[f"{r:.3g}" for r in ratios], textposition="outside"))  # fmt: skip
    fig.add_hline(y=1.0, line={"color": "black", "dash": "dash"})
    fig.update_yaxes(title_text="orbit / ground", rangemode="tozero")
    return base_layout(fig, "orbit/ground as the levers are applied, in greedy order", 460)


def _cell(x: Any, digits: int = 3) -> str:
    if x is None:
        return "unknown"
    if isinstance(x, str):
        return "any price" if x == "inf" else "none" if x == "-inf" else x
    return format_number(float(x), digits)


def render_what_it_takes(d: dict[str, Any]) -> str:
    """A self-contained HTML page from :meth:`WhatItTakes.to_dict`."""
    h = d["headline"]
    lv = d["levers"]
    cards = "".join(
        [
            card("launch price on the map", format_number(d["launch_price_usd_per_kg"]),
                 "USD/kg", f"ground {format_number(d['ground_usd_per_eflop'])} USD/EFLOP"),
            card("headline design", f"{h['usd_per_w']:.3g}", "USD/W",
                 f"{h['kg_per_kw']:.3g} kg/kW; orbit/ground {_cell(h['ratio'])} here, "
                 f"{_cell(h['ratio_own_launch_price'])} at its own launch price"),
            card("answer flips at lever step", str(lv["flips_at"] or "never"), "",
                 f"from orbit/ground {lv['start_ratio']:.3g}"),
        ]
    )  # fmt: skip
    rows = "".join(
        f"<tr><td>{esc(x['name'])}</td><td class='num'>{esc(_cell(x['kg_per_kw']))}</td>"
        f"<td class='num'>{esc(_cell(x['usd_per_w']))}</td>"
        f"<td class='num'>{esc(_cell(x['ratio']))}</td>"
        f"<td class='num'>{esc(_cell(x['usd_per_w_needed']))}</td>"
        f"<td class='num'>{esc(_cell(x['usd_per_w_needed_p5_p95'][0]))}–"
        f"{esc(_cell(x['usd_per_w_needed_p5_p95'][1]))}</td>"
        f"<td class='num'>{esc(_cell(x['ratio_free_platform']))}</td>"
        f"<td>{esc(x['source'])}{'; ' + esc(x['note']) if x['note'] else ''}</td></tr>"
        for x in [h, *d["designs"]]
    )
    designs = (
        "<table><tr><th>design</th><th>kg/kW</th><th>USD/W</th><th>orbit/ground</th>"
        "<th>USD/W for orbit = ground</th><th>p5–p95</th><th>orbit/ground, free platform</th>"
        f"<th>source</th></tr>{rows}</table>"
    )
    steps = "".join(
        f"<tr><td class='num'>{s['step']}</td><td>{esc(s['label'])}<br><code>{esc(s['key'])}"
        f"</code></td><td class='num'>{esc(_cell(s['default'], 4))} → "
        f"{esc(_cell(s['value'], 4))} {esc(s['unit'])}</td>"
        f"<td class='num'>{s['ratio']:.4f}</td><td class='num'>{s['change']:+.4f}</td>"
        f"<td>{'yes' if s['flipped'] else 'no'}</td><td>{esc(s['source'])}</td></tr>"
        for s in lv["steps"]
    )
    skipped = "".join(
        f"<li><code>{esc(s['key'])}</code>: {esc(s['why'])}</li>" for s in lv["skipped"]
    )
    notes = "".join(f"<li>{esc(n)}</li>" for n in d["notes"])
    body = (
        "<h1>What it would take for orbit to win</h1>"
        f'<div class="boundary"><b>{esc(d["summary"])}</b></div>'
        f'<section class="headline">{cards}</section>'
        + figure_html(
            ratio_map(d),
            0,
            f"{d['orbit']} restated top-down (satellite.top_down) against {d['ground']}: "
            "colour is orbit/ground per delivered EFLOP; the black line is where they are "
            "equal (solved exactly per row), the dashed line the same for a fleet in orbit as "
            "soon as the ground campus is powered (no late compute), the dotted lines the "
            "black line's p5 and p95 over "
            f"{d['band']['samples']:,} Monte Carlo samples of {', '.join(d['band']['keys'])}. "
            "A line absent at some kg/kW means no price ≥ 0 closes the gap there.",
        )
        + '<h2 class="section">Designs on the map</h2>'
        + designs
        + '<h2 class="section">Levers, in greedy order</h2>'
        "<p>From the headline design at its own launch price, each step applies the single "
        "lever (at the end of its sourced range that helps orbit) that lowers orbit/ground "
        "most.</p>"
        "<table><tr><th>step</th><th>lever</th><th>default → value</th><th>orbit/ground</th>"
        f"<th>change</th><th>orbit cheaper</th><th>range source</th></tr>{steps}</table>"
        + (f"<p>Left out:</p><ul>{skipped}</ul>" if skipped else "")
        + figure_html(lever_chart(d), 1, "orbit/ground after each step; red: orbit cheaper.")
        + (f'<div class="notes"><ul>{notes}</ul></div>' if notes else "")
    )
    return document("wattflop: what it would take for orbit to win", body)

"""The learning-curve page: cost per delivered EFLOP on both sides per year, three launch
learning cases, and the crossing year."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from wattflop.report.figures import BLUE, GREEN, RED, base_layout
from wattflop.report.page import document, esc, figure_html

DASH = {"slow": "dot", "central": "solid", "fast": "dash"}


def costs(tl: dict[str, Any]) -> go.Figure:
    """Orbit per case and ground per year; crossing years marked."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.68, 0.32],
                        vertical_spacing=0.06)  # fmt: skip
    years = tl["years"]
    for case, c in tl["cases"].items():
        rate = c["launch_learning_rate"]
        fig.add_trace(go.Scatter(x=years, y=c["orbit"], name=f"orbit, launch {rate:.0%}/doubling",
                                 line={"color": BLUE, "dash": DASH[case], "width": 3}),
                      row=1, col=1)  # fmt: skip
        price = go.Scatter(
            x=years,
            y=c["launch_price_usd_per_kg"],
            showlegend=False,
            name=f"launch price ({case})",
            line={"color": "#555", "dash": DASH[case]},
        )
        fig.add_trace(price, row=2, col=1)
        if c["crossing_year"] is not None:
            fig.add_vline(x=c["crossing_year"], line={"color": RED, "dash": DASH[case]})
    c = tl["cases"]["central"]
    fig.add_trace(go.Scatter(x=years, y=c["ground"], name="ground",
                             line={"color": GREEN, "width": 3}), row=1, col=1)  # fmt: skip
    fig.update_yaxes(title_text="USD per delivered EFLOP", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="launch USD/kg", type="log", row=2, col=1)
    fig.update_xaxes(title_text="year", row=2, col=1)
    return base_layout(fig, "Cost of compute per year as prices learn", 620)


def render_timeline(tl: dict[str, Any]) -> str:
    """A self-contained HTML page for a learning-curve timeline (``Timeline.to_dict()``)."""
    rows = []
    for k, c in tl["cases"].items():
        year = "—" if c["crossing_year"] is None else f"{c['crossing_year']:.1f}"
        rows.append(
            f"<tr><td>{esc(k)}</td><td class='num'>{c['launch_learning_rate']:.0%}</td>"
            f"<td class='num'>{c['launch_price_usd_per_kg'][-1]:,.0f}</td>"
            f"<td class='num'>{c['orbit'][-1]:.3g}</td>"
            f"<td class='num'>{c['ground'][-1]:.3g}</td><td class='num'>{year}</td></tr>"
        )
    last = f"{tl['years'][-1]:.0f}"
    notes = "".join(f"<li>{esc(n)}</li>" for n in tl["notes"])
    body = (
        "<h1>Learning curves: when could orbit overtake ground?</h1>"
        f'<div class="boundary"><b>{esc(tl["summary"])}</b>, at '
        f"{tl['launch_cadence_t_per_yr']:,.0f} t/yr to orbit.</div>"
        + figure_html(
            costs(tl),
            0,
            "Top: cost per delivered EFLOP of each site per year; "
            "orbit for three launch learning rates (dotted slow, solid central, dashed "
            "fast); red lines: crossing years. Bottom: the launch price per kg.",
        )
        + "<h2>Cases</h2><table><tr><th>case</th><th>launch learning</th>"
        f"<th>launch USD/kg in {last}</th><th>orbit USD/EFLOP in {last}</th>"
        f"<th>ground USD/EFLOP in {last}</th><th>crossing year</th></tr>{''.join(rows)}</table>"
        + f'<div class="notes"><h2>Assumptions</h2><ul>{notes}</ul></div>'
    )
    return document("wattflop learning curves", body)

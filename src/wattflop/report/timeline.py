"""The learning-curve page: cost per delivered EFLOP on both sides per year, three learning
cases (every cost line slow, central, fast), the floor the lines that never learn leave, the
asymptote, the crossing year and the table of curves."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from wattflop.report.figures import BLUE, GREEN, RED, base_layout
from wattflop.report.page import document, esc, figure_html

DASH = {"slow": "dot", "central": "solid", "fast": "dash"}


def costs(tl: dict[str, Any]) -> go.Figure:
    """Orbit and ground per case, each site's floor; crossing years marked."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.68, 0.32],
                        vertical_spacing=0.06)  # fmt: skip
    years = tl["years"]
    for case, c in tl["cases"].items():
        fig.add_trace(go.Scatter(x=years, y=c["orbit"], name=f"orbit, {case} learning",
                                 line={"color": BLUE, "dash": DASH[case], "width": 3}),
                      row=1, col=1)  # fmt: skip
        fig.add_trace(go.Scatter(x=years, y=c["ground"], name=f"ground, {case} learning",
                                 line={"color": GREEN, "dash": DASH[case], "width": 3}),
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
    for site, color in (("orbit", BLUE), ("ground", GREEN)):
        if site in c.get("floor", {}):
            fig.add_trace(go.Scatter(x=years, y=c["floor"][site], name=f"{site} floor",
                                     line={"color": color, "width": 1},
                                     fill="tozeroy", opacity=0.3), row=1, col=1)  # fmt: skip
    fig.update_yaxes(title_text="USD per delivered EFLOP", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="launch USD/kg", type="log", row=2, col=1)
    fig.update_xaxes(title_text="year", row=2, col=1)
    return base_layout(fig, "Cost of compute per year as prices learn", 620)


def _floor_html(tl: dict[str, Any]) -> str:
    floor = tl.get("floor") or {}
    if not floor:
        return ""
    rows = []
    for site, f in floor.items():
        lines = ", ".join(f"{k} {v:.3g}" for k, v in f["lines"].items()) or "none"
        rows.append(
            f"<tr><td>{esc(site)}</td><td class='num'>{f['usd_per_eflop']:.3g}</td>"
            f"<td>{esc(lines)}</td><td class='num'>{f['asymptote_usd_per_eflop']:.3g}</td>"
            f"<td>{esc(', '.join(f['learning_lines']))}</td></tr>"
        )
    last = tl["cases"]["central"].get("by_line_last_year") or {}
    if last:
        names = list(dict.fromkeys(k for lines in last.values() for k in lines))
        head = "".join(f"<th>{esc(site)}</th>" for site in last)
        body = "".join(
            f"<tr><td>{esc(n)}</td>"
            + "".join(
                f"<td class='num'>{last[site][n]:.3g}</td>" if n in last[site] else "<td></td>"
                for site in last
            )
            + "</tr>"
            for n in names
        )
        rows.append(
            f"</table><h3>Cost by line in {tl['years'][-1]:.0f}, central case [USD/EFLOP]</h3>"
            f"<table><tr><th>line</th>{head}</tr>{body}"
        )
    return (
        "<h2>The floor: cost lines that never learn</h2>"
        f'<div class="boundary">{esc(tl.get("floor_summary", ""))}.</div>'
        "<table><tr><th>site</th><th>floor USD/EFLOP</th><th>lines that never learn</th>"
        "<th>asymptote USD/EFLOP</th><th>lines that learn</th></tr>"
        f"{''.join(rows)}</table>"
    )


def _curves_html(tl: dict[str, Any]) -> str:
    curves = tl.get("curves") or []
    if not curves:
        return ""
    rows = []
    for c in curves:
        keys = "; ".join(f"{site}: {', '.join(k)}" for site, k in c["keys"].items() if k)
        rows.append(
            f"<tr><td>{esc(c['curve'])}</td><td>{esc(c['driver'])}</td>"
            f"<td class='num'>{c['learning_rate']:.0%}</td>"
            f"<td class='num'>{c['low']:.0%}–{c['high']:.0%}</td><td>{esc(keys)}</td>"
            f"<td>{esc(c['source'])}</td></tr>"
        )
    return (
        "<h2>What learns: curves and the price keys they drive</h2><table><tr><th>curve</th>"
        "<th>driver</th><th>learning rate</th><th>range</th><th>keys</th><th>source</th></tr>"
        f"{''.join(rows)}</table>"
    )


def render_timeline(tl: dict[str, Any]) -> str:
    """A self-contained HTML page for a learning-curve timeline (``Timeline.to_dict()``)."""
    rows = []
    for k, c in tl["cases"].items():
        year = "—" if c["crossing_year"] is None else f"{c['crossing_year']:.1f}"
        floor = c.get("floor", {})
        rows.append(
            f"<tr><td>{esc(k)}</td><td class='num'>{c['launch_learning_rate']:.0%}</td>"
            f"<td class='num'>{c['launch_price_usd_per_kg'][-1]:,.0f}</td>"
            f"<td class='num'>{c['orbit'][-1]:.3g}</td>"
            f"<td class='num'>{c['ground'][-1]:.3g}</td>"
            f"<td class='num'>{floor['orbit'][-1] if 'orbit' in floor else float('nan'):.3g}</td>"
            f"<td class='num'>{year}</td></tr>"
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
            "Top: cost per delivered EFLOP of each site per year with every cost line learning "
            "slow (dotted), central (solid) or fast (dashed); shaded: each site's floor, the "
            "lines that never learn; red lines: crossing years. Bottom: the launch price per kg.",
        )
        + "<h2>Cases</h2><table><tr><th>case</th><th>launch learning</th>"
        f"<th>launch USD/kg in {last}</th><th>orbit USD/EFLOP in {last}</th>"
        f"<th>ground USD/EFLOP in {last}</th><th>orbit floor in {last}</th>"
        f"<th>crossing year</th></tr>{''.join(rows)}</table>"
        + _floor_html(tl)
        + _curves_html(tl)
        + f'<div class="notes"><h2>Assumptions</h2><ul>{notes}</ul></div>'
    )
    return document("wattflop learning curves", body)

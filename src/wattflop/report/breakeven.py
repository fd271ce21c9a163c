"""The break-even page: the cost of both sites as one key varies, and where they cross."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from wattflop.report.figures import BLUE, GREEN, RED, base_layout, format_number
from wattflop.report.page import document, esc, figure_html
from wattflop.study.breakeven import BreakEven


def curve(b: BreakEven) -> go.Figure:
    """Orbit and ground metric against the varied key, with the root marked."""
    unit = f" [{b.unit}]" if b.unit else ""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=b.x, y=b.orbit, name="orbit", mode="lines+markers",
                             line={"color": BLUE, "width": 3}))  # fmt: skip
    fig.add_trace(go.Scatter(x=b.x, y=b.ground, name="ground", mode="lines+markers",
                             line={"color": GREEN, "width": 3}))  # fmt: skip
    if b.root is not None and b.orbit_at_root is not None:
        fig.add_vline(x=b.root, line={"color": RED, "dash": "dash"})
        label = f"break-even {format_number(b.root)}{unit}"
        fig.add_annotation(
            x=b.root, y=b.orbit_at_root, text=label, showarrow=True, arrowhead=2,
            font={"color": RED},
        )  # fmt: skip
    fig.update_xaxes(title_text=f"{b.key}{unit}")
    fig.update_yaxes(title_text=b.metric, rangemode="tozero")
    finite = np.isfinite(b.x) & (b.x > 0)
    if finite.all() and b.hi / b.lo >= 20:
        fig.update_xaxes(type="log")
    return base_layout(fig, f"{b.metric} against {b.key} ({b.side} side varied)", 480)


def render_breakeven(b: BreakEven) -> str:
    """A self-contained HTML page for a break-even study."""
    notes = "".join(f"<li>{esc(n)}</li>" for n in b.notes)
    body = (
        f"<h1>Break-even: {esc(b.key)}</h1>"
        f'<div class="boundary"><b>{esc(b.message)}</b></div>'
        + (f'<div class="notes"><ul>{notes}</ul></div>' if notes else "")
        + figure_html(
            curve(b),
            0,
            f"The metric {b.metric} of each site as {b.key} varies over "
            f"[{format_number(b.lo)}, {format_number(b.hi)}] {b.unit}; {b.evaluations} "
            "simulations (the side that does not vary runs once).",
        )
    )
    return document(f"wattflop break-even: {b.key}", body)

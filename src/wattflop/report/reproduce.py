"""The referee page: each publication's figures beside wattflop's (with the publication's
inputs), the verdict, the gap explanation, and a waterfall chart from the publication's
assumptions to wattflop's defaults. One self-contained HTML file (plotly)."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from wattflop.report.figures import BLUE, GREEN, RED, base_layout, format_number
from wattflop.report.page import document, esc, figure_html
from wattflop.study.reproduce import Reproduction

#: Verdict → (background, text colour).
VERDICT_COLOURS: dict[str, tuple[str, str]] = {
    "reproduced": ("#d3f9d8", "#1b5e20"),
    "gap explained": ("#e7f5ff", "#1c4f8a"),
    "gap partly explained": ("#fff3bf", "#7a5b00"),
    "gap not explained": ("#ffe3e3", "#a61e1e"),
}


def waterfall_figure(rep: Reproduction) -> go.Figure:
    """The headline figure's quantity from the publication's inputs (first bar) through one
    step per input group to wattflop's defaults (last bar)."""
    steps = rep.waterfall
    names = [s.name for s in steps] + ["wattflop's defaults"]
    measure = ["absolute"] + ["relative"] * (len(steps) - 1) + ["total"]
    y = [steps[0].value] + [s.delta for s in steps[1:]] + [0.0]
    fig = go.Figure(
        go.Waterfall(
            x=names,
            y=y,
            measure=measure,
            text=[format_number(steps[0].value)]
            + [("+" if s.delta >= 0 else "") + format_number(s.delta) for s in steps[1:]]
            + [format_number(steps[-1].value)],
            textposition="outside",
            increasing={"marker": {"color": RED}},
            decreasing={"marker": {"color": GREEN}},
            totals={"marker": {"color": BLUE}},
            connector={"line": {"color": "#999"}},
        )
    )
    published = next(f for f in rep.figures if f.id == rep.waterfall_figure).published
    fig.add_hline(y=published, line={"color": "#333", "dash": "dash"},
                  annotation_text=f"published {format_number(published)}")  # fmt: skip
    fig.update_yaxes(title_text=rep.waterfall_unit, rangemode="tozero")
    return base_layout(fig, f"{rep.waterfall_figure}: from its inputs to wattflop's", 460)


def _figures_table(rep: Reproduction) -> str:
    rows = []
    for f in rep.figures:
        bg, fg = VERDICT_COLOURS.get(f.verdict, ("#eef0f4", "#5b6475"))
        gap = ""
        if f.gap_says and not f.within:
            closed = (
                f" {esc(f.gap_check)}: {esc(format_number(f.gap_closed_value))} {esc(f.unit)}"
                if f.gap_closed_value is not None
                else ""
            )
            share = f" ({f.gap_accounted:.0%} of the gap)" if f.gap_accounted is not None else ""
            gap = (
                f"<div class='reason'><b>line: {esc(f.gap_line)}</b>. {esc(f.gap_says)}"
                f"<br><i>check</i>{closed}{esc(share)}</div>"
            )
        note = f"<div class='reason'>{esc(f.note)}</div>" if f.note else ""
        rows.append(
            f"<tr><td><div class='cid'>{esc(f.id)}</div>{esc(f.what)}{note}</td>"
            f"<td class='num'>{esc(format_number(f.published))} {esc(f.unit)}</td>"
            f"<td class='num'>{esc(format_number(f.value))} {esc(f.unit)}</td>"
            f"<td class='num'>{f.ratio:.3f}</td>"
            f"<td><span class='verdict' style='background:{bg};color:{fg}'>"
            f"{esc(f.verdict)}</span>{gap}</td></tr>"
        )
    return (
        "<table><tr><th>figure</th><th>published</th><th>wattflop, their inputs</th>"
        f"<th>ratio</th><th>verdict</th></tr>{''.join(rows)}</table>"
    )


def _steps_table(rep: Reproduction) -> str:
    rows = []
    for s in rep.waterfall:
        keys = ", ".join(s.keys) or "—"
        skipped = f" (not in this version: {', '.join(s.skipped_keys)})" if s.skipped_keys else ""
        rows.append(
            f"<tr><td>{esc(s.name)}</td><td>{esc(s.says)}<div class='cid'>{esc(keys)}"
            f"{esc(skipped)}</div></td><td class='num'>{esc(format_number(s.value))}</td>"
            f"<td class='num'>{esc(format_number(s.delta))}</td>"
            f"<td class='num'>{s.usd_per_eflop:.3f}</td></tr>"
        )
    return (
        f"<table><tr><th>step</th><th>difference</th><th>{esc(rep.waterfall_unit)}</th>"
        "<th>effect</th><th>USD/EFLOP (its boundary)</th></tr>"
        f"{''.join(rows)}</table>"
    )


def render_reproduce(reps: Sequence[Reproduction], title: str = "The referee") -> str:
    """An HTML page for :func:`wattflop.study.reproduce.reproduce`."""
    parts = [
        f"<header><h1>{esc(title)}: published designs through wattflop</h1>"
        "<p class='desc'>Each publication's own inputs run through the full model; its "
        "figure beside wattflop's (ratio = wattflop / published; reproduced within ±10 %, or "
        "the gap named with the line that causes it and a check). The waterfall then switches "
        "one group of the publication's inputs at a time to wattflop's defaults (the headline "
        "design at the publication's scale), naming every difference.</p></header>"
    ]
    for i, rep in enumerate(reps):
        parts.append(
            f"<h2>{esc(rep.title)}</h2><p class='desc'>{esc(rep.source)} ({esc(rep.date)}); "
            f"wattflop's defaults: {esc(rep.base)}</p>"
            + _figures_table(rep)
            + figure_html(
                waterfall_figure(rep),
                i,
                "First bar: the headline figure with the publication's inputs; each next bar: "
                "one group switched to wattflop's default; last bar: wattflop's defaults. "
                "Dashed: the published figure.",
            )
            + _steps_table(rep)
        )
    css_extra = (
        ".cid { font-family: ui-monospace, monospace; font-size: 12px; color: var(--muted); }"
        ".reason { font-size: 12.5px; margin-top: 4px; }"
        ".verdict { display: inline-block; border-radius: 10px; padding: 1px 8px;"
        " font-weight: 600; white-space: nowrap; }"
    )
    from wattflop.report.page import CSS

    return document("wattflop reproduce", "".join(parts), css=CSS + css_extra)

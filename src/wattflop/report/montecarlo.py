"""The Monte Carlo page: the distributions of the cost of compute on each site, where the
deterministic case falls in them, P(orbit cheaper), the tornado and the Sobol indices."""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

from wattflop.report.figures import BLUE, GREEN, RED, base_layout, format_number
from wattflop.report.page import card, document, esc, figure_html, pct

COLOURS = {"orbit": BLUE, "ground": GREEN, "ratio": "#7a4fbf"}
LABELS = {
    "orbit": "orbit [USD/EFLOP]",
    "ground": "ground [USD/EFLOP]",
    "ratio": "orbit / ground [-]",
}


def _bars(h: dict[str, list[float]], name: str, colour: str, opacity: float = 1.0) -> go.Bar:
    """A stored histogram (bin edges, counts) as bars of the share of samples per bin."""
    edges = np.asarray(h["edges"])
    total = max(sum(h["counts"]), 1.0)
    return go.Bar(
        x=0.5 * (edges[1:] + edges[:-1]),
        y=np.asarray(h["counts"]) / total,
        width=np.diff(edges),
        name=name,
        marker={"color": colour},
        opacity=opacity,
    )


def histograms(mc: dict[str, Any]) -> go.Figure:
    """Histogram of each site's cost per EFLOP, with its deterministic case and p5–p95."""
    fig = go.Figure()
    for name in ("orbit", "ground"):
        h = mc["histograms"].get(name)
        if not h:
            continue
        fig.add_trace(_bars(h, name, COLOURS[name], 0.75))
        s = mc["summaries"][name]
        fig.add_vline(
            x=s["deterministic"], line={"color": COLOURS[name], "dash": "dash", "width": 2}
        )
        fig.add_annotation(
            x=s["deterministic"],
            y=1.0,
            yref="paper",
            text=f"{name} deterministic (p{s['deterministic_percentile']:.0f})",
            showarrow=False,
            font={"color": COLOURS[name]},
            yanchor="bottom",
        )
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title_text="cost of delivered compute [USD/EFLOP]", rangemode="tozero")
    fig.update_yaxes(title_text="share of samples")
    return base_layout(fig, "Cost per delivered EFLOP: the distribution on each site", 460)


def ratio_histogram(mc: dict[str, Any]) -> go.Figure:
    """Histogram of orbit/ground with parity marked."""
    fig = go.Figure(_bars(mc["histograms"]["ratio"], "orbit / ground", COLOURS["ratio"]))
    fig.add_vline(x=1.0, line={"color": RED, "width": 2})
    fig.add_annotation(
        x=1.0,
        y=1.0,
        yref="paper",
        text="parity",
        showarrow=False,
        font={"color": RED},
        yanchor="bottom",
    )
    s = mc["summaries"]["ratio"]
    fig.add_vline(x=s["deterministic"], line={"color": "#333", "dash": "dash"})
    fig.update_xaxes(title_text="orbit cost / ground cost per EFLOP [-]", rangemode="tozero")
    fig.update_yaxes(title_text="share of samples")
    return base_layout(
        fig, "How many times orbit costs ground (left of the red line: orbit cheaper)", 420
    )


def tornado(mc: dict[str, Any]) -> go.Figure:
    """One key at a time at its p5 and p95: swing of the headline quantity."""
    rows = list(reversed(mc["tornado"]))
    quantity = "ratio" if "ratio" in mc["summaries"] else next(iter(mc["summaries"]))
    base = mc["summaries"][quantity]["deterministic"]
    labels = [r["key"] for r in rows]
    lo = [r["at_low"] - base for r in rows]
    hi = [r["at_high"] - base for r in rows]
    text_lo = [f"{format_number(r['low_value'])} {r['unit']}" for r in rows]
    text_hi = [f"{format_number(r['high_value'])} {r['unit']}" for r in rows]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=labels,
            x=lo,
            base=base,
            orientation="h",
            name="key at its p5",
            marker={"color": "#9bb7d9"},
            text=text_lo,
            textposition="auto",
        )
    )
    fig.add_trace(
        go.Bar(
            y=labels,
            x=hi,
            base=base,
            orientation="h",
            name="key at its p95",
            marker={"color": "#2c5d9e"},
            text=text_hi,
            textposition="auto",
        )
    )
    fig.update_layout(barmode="overlay")
    fig.update_xaxes(title_text=LABELS[quantity])
    fig.update_yaxes(automargin=True)
    return base_layout(
        fig,
        f"Tornado: {LABELS[quantity]} with one key at a time at its p5 / p95",
        120 + 42 * len(rows),
    )


def sobol(mc: dict[str, Any]) -> go.Figure:
    """First-order and total Sobol indices with their 95 % confidence."""
    s = mc["sobol"]
    order = np.argsort(s["ST"])
    names = [s["names"][i] for i in order]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=names,
            x=[s["S1"][i] for i in order],
            orientation="h",
            error_x={"array": [s["S1_conf"][i] for i in order]},
            name="first order S1",
            marker={"color": "#9bb7d9"},
        )
    )
    fig.add_trace(
        go.Bar(
            y=names,
            x=[s["ST"][i] for i in order],
            orientation="h",
            error_x={"array": [s["ST_conf"][i] for i in order]},
            name="total ST",
            marker={"color": "#2c5d9e"},
        )
    )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text="share of the variance [-]", range=[0, 1.05])
    fig.update_yaxes(automargin=True)
    return base_layout(
        fig, f"Sobol indices of {LABELS.get(s['quantity'], s['quantity'])}", 140 + 50 * len(names)
    )


def render_montecarlo(mc: dict[str, Any]) -> str:
    """A self-contained HTML page for a Monte Carlo study (``MonteCarlo.to_dict()``)."""
    sm = mc["summaries"]
    cards = []
    for name in ("orbit", "ground"):
        if name in sm:
            s = sm[name]
            cards.append(
                card(
                    f"{name}: cost per EFLOP (p50)",
                    format_number(s["p50"]),
                    "USD",
                    f"p5–p95 {format_number(s['p5'])}–{format_number(s['p95'])}; deterministic "
                    f"{format_number(s['deterministic'])} at p{s['deterministic_percentile']:.0f}",
                )
            )
    answer = ""
    if mc.get("p_orbit_cheaper") is not None:
        p, se = mc["p_orbit_cheaper"], mc["p_orbit_cheaper_standard_error"]
        r = sm["ratio"]
        cards.append(
            card(
                "P(orbit cheaper)",
                pct(p),
                "",
                f"± {pct(se, 2)} (standard error); orbit/ground p50 {r['p50']:.2f}×",
            )
        )
        answer = (
            f'<div class="boundary"><b>Under these distributions orbit is cheaper per delivered '
            f"EFLOP in {esc(pct(p))} of {mc['samples']:,} samples</b>; orbit costs "
            f"{r['p5']:.2f}–{r['p95']:.2f}× ground (p5–p95, median {r['p50']:.2f}×; the "
            f"deterministic {r['deterministic']:.2f}× sits at "
            f"p{r['deterministic_percentile']:.0f})."
            "</div>"
        )
    conv = []
    for name, s in sm.items():
        rm = s["running_mean"]
        drift = abs(rm[2] - rm[1]) / abs(rm[2]) if rm[2] else 0.0
        rel = pct(s["standard_error"] / abs(s["mean"]), 3) if s["mean"] else "—"
        conv.append(
            f"<tr><td>{esc(name)}</td><td class='num'>{format_number(s['mean'])}</td>"
            f"<td class='num'>{format_number(s['standard_error'])}</td>"
            f"<td class='num'>{rel}</td>"
            f"<td class='num'>{pct(drift, 3)}</td>"
            f"<td class='num'>{pct(s['infeasible_fraction'], 2)}</td></tr>"
        )
    rows = []
    for k in mc["keys"]:
        det = ", ".join(f"{format_number(v)} {k['unit']}" for v in k["deterministic"].values())
        rows.append(
            f"<tr><td>{esc(k['key'])}</td><td>{esc(k['distribution'])}</td>"
            f"<td>{esc(', '.join(k['sites']))}</td><td class='num'>{esc(det)}</td></tr>"
        )
    keys = "".join(rows)
    notes = "".join(f"<li>{esc(n)}</li>" for n in mc["notes"])
    figs = [
        (
            histograms(mc),
            "Share of samples per bin; dashed: the deterministic case (the "
            "scenarios' own values) and its percentile in the distribution.",
        ),
    ]
    if "ratio" in mc["histograms"]:
        figs.append(
            (
                ratio_histogram(mc),
                "Orbit cost over ground cost per sample (the same "
                "draws for shared keys); dashed: deterministic.",
            )
        )
    if mc["tornado"]:
        figs.append(
            (
                tornado(mc),
                "Each key alone at its 5th and 95th percentile, the others at "
                "the scenarios' values; the bars start at the deterministic value.",
            )
        )
    if mc.get("sobol"):
        s = mc["sobol"]
        figs.append(
            (
                sobol(mc),
                f"Sobol indices (SALib, Saltelli sampling, {s['model_runs']:,} "
                "model runs): S1 the share of the variance a key explains alone, ST with "
                "its interactions; whiskers 95 % confidence."
                + (
                    " Correlations are left out of this decomposition."
                    if s["correlations_ignored"]
                    else ""
                ),
            )
        )
    body = (
        "<h1>Monte Carlo: how sure is the answer?</h1>"
        + answer
        + f'<section class="headline">{"".join(cards)}</section>'
        + "".join(figure_html(f, i, c) for i, (f, c) in enumerate(figs))
        + "<h2>Uncertain inputs</h2><table><tr><th>key</th><th>distribution</th><th>sites</th>"
        "<th>deterministic</th></tr>"
        + keys
        + "</table>"
        + "<h2>Convergence</h2><table><tr><th>quantity</th><th>mean</th><th>standard error</th>"
        "<th>relative</th><th>mean drift n/2→n</th><th>infeasible samples</th></tr>"
        + "".join(conv)
        + f"</table><p>{mc['samples']:,} samples, seed {mc['seed']}.</p>"
        + (
            f'<div class="notes"><h2>How the samples are computed</h2><ul>{notes}</ul></div>'
            if notes
            else ""
        )
    )
    return document("wattflop Monte Carlo", body)

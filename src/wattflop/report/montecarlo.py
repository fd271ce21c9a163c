"""The Monte Carlo page: the distributions of the cost of compute on each site, where the
deterministic case falls in them, P(orbit cheaper), the tornado and the Sobol indices; with
``--reoptimise-ground N``, the re-priced and the re-optimised ground distributions of the
same N draws side by side and the bias of re-pricing (:mod:`wattflop.study.reoptimise`)."""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

from wattflop.report.figures import BLUE, GREEN, RED, base_layout, format_number
from wattflop.report.page import card, document, esc, figure_html, pct
from wattflop.study.reoptimise import CAPACITIES

COLOURS = {"orbit": BLUE, "ground": GREEN, "ratio": "#7a4fbf"}
#: Re-priced (the deterministic plan) and re-optimised (the plant re-sized per sample).
REPRICED, REOPTIMISED = GREEN, "#d9480f"
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
        label = "ground (re-priced plan)" if name == "ground" else name
        fig.add_trace(_bars(h, label, COLOURS[name], 0.75))
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


def _floats(values: list[float | None]) -> np.ndarray:
    """Stored values as floats (``null`` in JSON, for an infeasible sample, → NaN)."""
    return np.asarray([np.nan if v is None else v for v in values], dtype=float)


def _ecdf(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The empirical CDF as a step line: sorted finite values and their cumulative share."""
    v = np.sort(values[np.isfinite(values)])
    return v, np.arange(1, v.size + 1) / max(v.size, 1)


def _hist_cdf(h: dict[str, list[float]]) -> tuple[np.ndarray, np.ndarray]:
    """The cumulative share of a stored histogram at its bin edges."""
    edges, counts = np.asarray(h["edges"]), np.asarray(h["counts"])
    cum = np.concatenate([[0.0], np.cumsum(counts)]) / max(float(counts.sum()), 1.0)
    return edges, cum


def reoptimised_ecdf(mc: dict[str, Any], quantity: str) -> go.Figure:
    """ECDFs of the re-priced and the re-optimised ``quantity`` ("ground" or "ratio") on the
    same N draws; for the ground, the re-priced distribution of every sample too."""
    r = mc["reoptimised_ground"]
    n = r["samples"]
    fig = go.Figure()
    if quantity == "ground" and mc["histograms"].get("ground"):
        x, y = _hist_cdf(mc["histograms"]["ground"])
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                name=f"re-priced, all {mc['samples']:,} samples",
                line={"color": REPRICED, "dash": "dot", "width": 1.5},
            )
        )
    # the re-priced line wider and under the other: where the two coincide both show
    for how, colour, width in (("repriced", REPRICED, 6.0), ("reoptimised", REOPTIMISED, 2.0)):
        x, y = _ecdf(_floats(r["values"][f"{quantity}_{how}"]))
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines+markers",
                line={"shape": "hv", "color": colour, "width": width},
                marker={"size": width + 2},
                name=f"{'re-priced plan' if how == 'repriced' else 're-optimised plant'}, "
                f"first {n} samples",
            )
        )
    det = r["summaries"][f"{quantity}_repriced"]["deterministic"]
    fig.add_vline(x=det, line={"color": "#333", "dash": "dash"})
    if quantity == "ratio":
        fig.add_vline(x=1.0, line={"color": RED, "width": 2})
        title = "Orbit / ground per sample: with the re-priced and the re-optimised ground"
        fig.update_xaxes(title_text="orbit cost / ground cost per EFLOP [-]")
    else:
        title = "Ground cost per delivered EFLOP: re-priced plan against re-optimised plant"
        fig.update_xaxes(title_text="ground cost of delivered compute [USD/EFLOP]")
    fig.update_yaxes(title_text="share of samples at or below", range=[0, 1.02])
    return base_layout(fig, title, 440)


def reoptimised_pairs(mc: dict[str, Any]) -> go.Figure:
    """Each sample's re-priced against its re-optimised ground cost, with the diagonal."""
    r = mc["reoptimised_ground"]
    a = _floats(r["values"]["ground_repriced"])
    b = _floats(r["values"]["ground_reoptimised"])
    ok = np.isfinite(a) & np.isfinite(b)
    lo = float(min(a[ok].min(), b[ok].min())) if ok.any() else 0.0
    hi = float(max(a[ok].max(), b[ok].max())) if ok.any() else 1.0
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[lo, hi],
            y=[lo, hi],
            mode="lines",
            line={"color": "#999", "dash": "dash"},
            name="re-priced = re-optimised",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=b[ok],
            y=a[ok],
            mode="markers",
            marker={"color": REOPTIMISED, "size": 8},
            name="one sample",
            text=[f"sample {i + 1}" for i in np.flatnonzero(ok)],
        )
    )
    fig.update_xaxes(title_text="re-optimised plant [USD/EFLOP]")
    fig.update_yaxes(title_text="re-priced plan [USD/EFLOP]")
    return base_layout(
        fig,
        "Each sample: re-priced against re-optimised (above the line: re-pricing overstates)",
        440,
    )


def _signed(x: float | None) -> str:
    if x is None or not np.isfinite(x):
        return "n/a"
    return ("+" if x > 0 else "") + format_number(x)


def _spct(x: float | None, decimals: int = 3) -> str:
    """A signed percentage, ``n/a`` for a missing value."""
    if x is None or not np.isfinite(x):
        return "n/a"
    return ("+" if x > 0 else "") + pct(x, decimals)


def reoptimised_section(mc: dict[str, Any]) -> str:
    """The page's section on the re-optimised ground samples (HTML), or ``""``."""
    r = mc.get("reoptimised_ground")
    if not r:
        return ""
    n = r["samples"]
    b = r["bias"]["ground"]
    sm = r["summaries"]
    cards = [
        card(
            f"ground re-optimised (p50, first {n})",
            format_number(sm["ground_reoptimised"]["p50"]),
            "USD/EFLOP",
            f"re-priced on the same draws: {format_number(sm['ground_repriced']['p50'])}",
        ),
        card(
            "bias of re-pricing (mean)",
            _signed(b["mean"]),
            "USD/EFLOP",
            f"{_spct(b['relative_mean'])} of the re-optimised mean; median {_signed(b['median'])}",
        ),
    ]
    lp = r["lp_objective"]
    if lp["checked"]:
        verdict = "holds" if lp["holds"] else f"fails in {lp['violations']}"
        cards.append(
            card(
                "LP objective: re-priced ≥ re-optimised",
                verdict,
                "",
                f"in all {n} samples; smallest margin {lp['min_margin']:+.1e} (relative)"
                if lp["holds"]
                else f"of {n} samples (smallest margin {lp['min_margin']:+.1e})",
            )
        )
    else:
        cards.append(card("LP objective check", "not run", "", lp["reason"]))
    rows = []
    for name, unit in (("ground", "USD/EFLOP"), ("ratio", "-")):
        if name not in r["bias"]:
            continue
        x = r["bias"][name]
        rows.append(
            f"<tr><td>{'ground cost' if name == 'ground' else 'orbit / ground'} [{unit}]</td>"
            f"<td class='num'>{_signed(x['mean'])}</td>"
            f"<td class='num'>{_signed(x['median'])}</td>"
            f"<td class='num'>{_signed(x['p5'])}</td>"
            f"<td class='num'>{_signed(x['p95'])}</td>"
            f"<td class='num'>{_spct(x['relative_mean'])}</td>"
            f"<td class='num'>{_spct(x['relative_median'])}</td>"
            f"<td class='num'>{pct(x['share_repriced_lower'])} of {x['pairs']}</td></tr>"
        )
    caps = "".join(
        f"<tr><td>{esc(label)}</td><td class='num'>{format_number(c['deterministic'])}</td>"
        f"<td class='num'>{format_number(c['p5'])}</td><td class='num'>"
        f"{format_number(c['p50'])}</td><td class='num'>{format_number(c['p95'])}</td></tr>"
        for col, label in CAPACITIES.items()
        if (c := r["capacities"].get(col))
    )
    figs = [
        (
            reoptimised_ecdf(mc, "ground"),
            f"Share of samples at or below each ground cost. Solid: the first {n} samples, "
            "priced on the deterministic plan (green) and with the plant re-sized by the LP "
            "for each sample's values (orange); dotted: the re-priced distribution of every "
            "sample; dashed: deterministic.",
        ),
        (
            reoptimised_pairs(mc),
            "Each of the same draws twice: a point above the diagonal is a sample whose "
            "re-priced plan costs more than the plant re-optimised for it.",
        ),
    ]
    if "ratio_repriced" in r["values"]:
        figs.append(
            (
                reoptimised_ecdf(mc, "ratio"),
                "Orbit over ground with the ground re-priced and re-optimised, the same "
                "draws on both sides; red: parity.",
            )
        )
    rate = r["samples_per_minute"]
    solved = (
        f"{r['solved']} solved on {r['workers']} worker(s) in {r['wall_s']:.1f} s"
        + (f" ({rate:.1f} per minute)" if rate else "")
        if r["solved"]
        else "none left to solve"
    )
    run = (
        f"{n} samples ({r['cases']} distinct ground cases): {r['reused']} reused from the "
        f"store, {solved}"
        + (f"; {r['failed']} failed (infeasible samples)" if r["failed"] else "")
        + f". Store: <code>{esc(r['store'])}</code> (query it with <code>wattflop query</code>)."
    )
    errors = "".join(f"<li>{esc(e)}</li>" for e in r["errors"])
    return (
        '<h2 class="section">Ground: the re-priced plan against a re-optimised plant</h2>'
        "<p>Each ground sample above prices the deterministic plan — the capacities and the "
        "hourly dispatch the LP chose for the scenario's own values. Here the first "
        f"{n} samples were also run in full, the plant re-sized and re-dispatched by the LP "
        "with the sampled values; the difference is the bias of re-pricing on the same "
        "draws.</p>"
        + f'<section class="headline">{"".join(cards)}</section>'
        + "".join(figure_html(f, 10 + i, c) for i, (f, c) in enumerate(figs))
        + "<h3>Bias of re-pricing: re-priced − re-optimised, paired by sample</h3>"
        "<table><tr><th>quantity</th><th>mean</th><th>median</th><th>p5</th><th>p95</th>"
        "<th>mean ÷ re-optimised mean</th><th>median relative</th>"
        "<th>re-priced lower</th></tr>"
        + "".join(rows)
        + "</table>"
        + f"<p>The LP's objective ({esc(lp['reason'])})"
        + (
            f": re-priced ≥ re-optimised × (1 − {lp['slack']:g}) in "
            f"{n - lp['violations']} of {n} samples; mean margin "
            f"{lp['mean_margin']:+.2e} relative. In the cost per delivered EFLOP re-pricing "
            "can come out lower, as that cost also carries lines the LP does not see: the "
            "time to power (a plant leaning on PV and the grid waits longer for full "
            "power), property tax and insurance on the plant's capital, land, water.</p>"
            if lp["checked"]
            else "</p>"
        )
        + "<h3>The plant re-sized</h3><table><tr><th>capacity</th><th>deterministic plan"
        "</th><th>re-optimised p5</th><th>p50</th><th>p95</th></tr>"
        + caps
        + "</table>"
        + f"<p>{run}</p>"
        + (f'<div class="notes"><h2>Failed samples</h2><ul>{errors}</ul></div>' if errors else "")
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
        + reoptimised_section(mc)
        + (
            f'<div class="notes"><h2>How the samples are computed</h2><ul>{notes}</ul></div>'
            if notes
            else ""
        )
    )
    return document("wattflop Monte Carlo", body)

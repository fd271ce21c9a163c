"""The sweep page: how the cost of compute moves with every varied input, and the Pareto
front of cost against a second output the user names.

Reads only the store (:mod:`wattflop.sweep.store`); one self-contained HTML file.
"""

from __future__ import annotations

import difflib
import math
from pathlib import Path
from typing import Any

import numpy as np
import plotly.graph_objects as go
from numpy.typing import ArrayLike, NDArray
from plotly.subplots import make_subplots

from wattflop.errors import WattflopError
from wattflop.report.figures import BLUE, GREY, ORANGE, base_layout, format_number
from wattflop.report.page import card, document, esc, figure_html
from wattflop.sweep.store import Manifest, read_cases, read_manifest

IntArray = NDArray[np.int64]


class SweepReportError(WattflopError):
    """A report asked for a column the store does not have."""


def pareto_front(cost: ArrayLike, other: ArrayLike, *, maximize_other: bool = False) -> IntArray:
    """Indices of the points no other point dominates, by increasing cost.

    A point dominates another when it is no worse in both objectives and better in one:
    lower ``cost``, and lower ``other`` (higher with ``maximize_other``). Points with a
    NaN are left out; identical points on the front are all kept. O(n log n): sort by cost,
    then keep each point that improves on the best ``other`` so far (Kung, Luccio & Preparata
    1975, two objectives).
    """
    c = np.asarray(cost, dtype=float)
    o = np.asarray(other, dtype=float)
    if c.shape != o.shape or c.ndim != 1:
        raise ValueError("cost and other must be 1-D arrays of one length")
    o = -o if maximize_other else o
    idx = np.flatnonzero(np.isfinite(c) & np.isfinite(o))
    order = idx[np.lexsort((o[idx], c[idx]))]
    keep: list[int] = []
    best = math.inf
    last: tuple[float, float] | None = None
    for i in order:
        if o[i] < best:
            keep.append(int(i))
            best = float(o[i])
            last = (float(c[i]), float(o[i]))
        elif last is not None and (float(c[i]), float(o[i])) == last:
            keep.append(int(i))  # an exact copy of the last front point
    return np.asarray(keep, dtype=np.int64)


def _pick(name: str | None, known: list[str], what: str, default: str | None) -> str | None:
    if name is None:
        return default
    if name not in known:
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise SweepReportError(
            f"the store has no output column '{name}' for {what}; {hint}outputs: "
            + ", ".join(known)
        )
    return name


def _label(manifest: Manifest, column: str) -> str:
    for c in manifest.inputs:
        if c.column == column:
            return f"{c.key} [{c.unit}]" if c.unit else c.key
    path = manifest.outputs.get(column)
    return f"{column} ({path})" if path and path.split(".")[-1] != column else column


def _short(manifest: Manifest, column: str) -> str:
    """An axis label that fits a parallel-coordinates axis: the key's last part and its
    unit."""
    for c in manifest.inputs:
        if c.column == column:
            name = c.key.split(".")[-1]
            return f"{name} [{c.unit}]" if c.unit else name
    return column


def inputs_vs_cost(df: Any, manifest: Manifest, cost: str) -> go.Figure:
    """One panel per varied input: the cost of every successful case against it."""
    cols = [c.column for c in manifest.inputs]
    n = len(cols)
    ncol = min(n, 3)
    nrow = math.ceil(n / ncol)
    fig = make_subplots(
        rows=nrow, cols=ncol, shared_yaxes=True, horizontal_spacing=0.05, vertical_spacing=0.16
    )
    for k, col in enumerate(cols):
        r, c = divmod(k, ncol)
        fig.add_trace(
            go.Scatter(
                x=df[col],
                y=df[cost],
                mode="markers",
                showlegend=False,
                marker={"color": BLUE, "size": 7, "opacity": 0.65},
                customdata=df["id"],
                hovertemplate="%{x}: %{y:.4g}<br>%{customdata}<extra></extra>",
            ),
            row=r + 1,
            col=c + 1,
        )
        fig.update_xaxes(title_text=_label(manifest, col), row=r + 1, col=c + 1)
    for r in range(nrow):
        fig.update_yaxes(title_text=_label(manifest, cost), row=r + 1, col=1)
    return base_layout(fig, f"{cost} against each varied input", 340 * nrow + 60)


def parallel_coordinates(df: Any, manifest: Manifest, columns: list[str], cost: str) -> go.Figure:
    """Every successful case as a line across the inputs and outputs, coloured by cost."""
    dims = []
    for col in columns:
        values = df[col]
        if values.dtype == object:  # text inputs: categories as ticks
            cats = sorted(set(values))
            codes = [cats.index(v) for v in values]
            dims.append(
                {
                    "label": _label(manifest, col),
                    "values": codes,
                    "tickvals": list(range(len(cats))),
                    "ticktext": cats,
                }
            )
        else:
            dims.append({"label": _short(manifest, col), "values": values})
    fig = go.Figure(
        go.Parcoords(
            line={
                "color": df[cost],
                "colorscale": "Viridis",
                "showscale": True,
                "colorbar": {"title": {"text": cost}},
            },
            dimensions=dims,
            labelangle=-20,
        )
    )
    return base_layout(
        fig,
        "Every case across inputs and outputs (drag an axis to filter)",
        460,
        margin={"l": 90, "r": 60, "t": 120, "b": 40},
    )


def pareto_figure(
    df: Any, manifest: Manifest, cost: str, versus: str, front: IntArray, maximize: bool
) -> go.Figure:
    """All cases, and the Pareto front of cost against ``versus``."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=df[versus],
            y=df[cost],
            mode="markers",
            name="cases",
            marker={"color": GREY, "size": 7, "opacity": 0.5},
            customdata=df["id"],
            hovertemplate="%{x:.4g}, %{y:.4g}<br>%{customdata}<extra></extra>",
        )
    )
    f = df.iloc[front]
    fig.add_trace(
        go.Scatter(
            x=f[versus],
            y=f[cost],
            mode="lines+markers",
            name="Pareto front",
            # "vh": the staircase runs along the edge of the region the front dominates
            line={"color": ORANGE, "width": 3, "shape": "vh"},
            marker={"size": 9},
            customdata=f["id"],
            hovertemplate="%{x:.4g}, %{y:.4g}<br>%{customdata}<extra></extra>",
        )
    )
    fig.update_xaxes(
        title_text=_label(manifest, versus)
        + (" (higher is better)" if maximize else " (lower is better)")
    )
    fig.update_yaxes(title_text=_label(manifest, cost) + " (lower is better)")
    return base_layout(fig, f"Pareto front: {cost} against {versus}", 480)


def _text(v: Any) -> str:
    return str(v) if isinstance(v, str) else format_number(float(v), 4)


def _rows_table(df: Any, columns: list[str], manifest: Manifest) -> str:
    head = "".join(f"<th>{esc(_label(manifest, c))}</th>" for c in ["id", *columns])
    body = []
    for _, row in df.iterrows():
        cells = [f"<td>{esc(row['id'])}</td>"]
        for c in columns:
            cells.append(f'<td class="num">{esc(_text(row[c]))}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_sweep(
    store: Path, *, cost: str | None = None, versus: str | None = None, maximize: bool = False
) -> str:
    """A self-contained HTML page of a sweep's store.

    Parameters
    ----------
    store : Path
        Store folder.
    cost : str, optional
        Output column of the cost of compute (default ``usd_per_eflop``, else the first).
    versus : str, optional
        Second output for the Pareto front (default: the first other output).
    maximize : bool
        Whether ``versus`` is better larger.

    Raises
    ------
    StoreError
        No store, or an incompatible one.
    SweepReportError
        A column the store does not have.
    """
    manifest = read_manifest(Path(store))
    if manifest is None:
        from wattflop.sweep.store import StoreError

        raise StoreError(f"no sweep store at {store}: run `wattflop sweep ... --store {store}`")
    outputs = manifest.output_columns
    default_cost = "usd_per_eflop" if "usd_per_eflop" in outputs else outputs[0]
    cost_col = _pick(cost, outputs, "the cost", default_cost)
    assert cost_col is not None
    others = [c for c in outputs if c != cost_col]
    versus_col = _pick(versus, outputs, "the Pareto front", others[0] if others else None)
    if versus_col == cost_col:
        raise SweepReportError("--versus must differ from the cost column")
    df = read_cases(Path(store)).to_pandas()
    ok = df[df["status"] == "ok"].reset_index(drop=True)
    failed = df[df["status"] != "ok"]
    inputs = manifest.input_columns

    cards = [
        card("cases stored", f"{len(df):,}", "", f"sweep '{manifest.name}'"),
        card("ok", f"{len(ok):,}", "", f"{len(failed):,} failed"),
    ]
    if len(ok):
        best = ok.loc[ok[cost_col].idxmin()]
        where = ", ".join(f"{c} = {_text(best[c])}" for c in inputs)
        cards.append(card(f"lowest {cost_col}", format_number(float(best[cost_col]), 4), "", where))
    body = [
        f"<h1>Sweep: {esc(manifest.name)}</h1>",
        f'<div class="boundary">Base scenario <b>{esc(manifest.base)}</b>; varied: '
        + esc(", ".join(_label(manifest, c) for c in inputs))
        + f". Written by wattflop {esc(manifest.wattflop_version)}.</div>",
        f'<div class="headline">{"".join(cards)}</div>',
    ]
    figures: list[tuple[go.Figure, str]] = []
    if len(ok):
        figures.append(
            (
                inputs_vs_cost(ok, manifest, cost_col),
                f"Each point is one successful case; {cost_col} is {manifest.outputs[cost_col]}.",
            )
        )
        figures.append(
            (
                parallel_coordinates(ok, manifest, [*inputs, *outputs], cost_col),
                "One line per case from the varied inputs to the outputs.",
            )
        )
    front = np.zeros(0, dtype=np.int64)
    if len(ok) and versus_col is not None:
        front = pareto_front(ok[cost_col], ok[versus_col], maximize_other=maximize)
        better = "higher" if maximize else "lower"
        figures.append(
            (
                pareto_figure(ok, manifest, cost_col, versus_col, front, maximize),
                f"Orange: the cases no other case beats on both lower {cost_col} and "
                f"{better} {versus_col} ({len(front)} of {len(ok)}).",
            )
        )
    body += [figure_html(fig, i, cap) for i, (fig, cap) in enumerate(figures)]
    if len(front):
        body.append('<h2 class="section">Cases on the Pareto front</h2>')
        body.append(_rows_table(ok.iloc[front[:50]], [*inputs, *outputs], manifest))
    if len(failed):
        groups = failed.groupby(failed["error_type"].fillna("?"))
        rows = "".join(
            f'<tr><td>{esc(kind)}</td><td class="num">{len(g):,}</td>'
            f"<td>{esc(g['error'].iloc[0])}</td></tr>"
            for kind, g in sorted(groups, key=lambda kg: -len(kg[1]))
        )
        body.append('<h2 class="section">Failed cases</h2>')
        body.append(
            "<table><thead><tr><th>Error</th><th>Cases</th><th>Example message</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>"
        )
    return document(f"wattflop sweep: {manifest.name}", "".join(body))

"""Plotly figures of a :class:`~wattflop.result.SiteResult`, one function per figure.

Every function only reads the result and returns a :class:`plotly.graph_objects.Figure` whose
title is plain text (the HTML report lifts it into a heading) and whose axes carry units.
Values in the result are SI; conversions for display happen here and nowhere else.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from wattflop.constants import J_PER_KWH, J_PER_MWH
from wattflop.result import SiteResult

#: Display names of the mass parts and cost lines in the result.
PART_LABELS: dict[str, str] = {
    "compute": "Compute (accelerators + servers)",
    "solar_array": "Solar array",
    "radiator": "Radiator",
    "battery": "Battery",
    "power_electronics": "Power electronics (PMAD)",
    "shielding": "Radiation shielding",
    "links": "Optical links",
    "structure": "Structure",
    "propellant": "Propellant",
}
LINE_LABELS: dict[str, str] = {
    "accelerators": "Accelerators (incl. spares)",
    "solar_array": "Solar arrays",
    "battery": "Batteries",
    "power_electronics": "Power electronics",
    "radiator": "Radiators",
    "links": "Optical links",
    "bus": "Bus (structure, shielding)",
    "launch": "Launch",
    "operations": "Operations",
    "insurance": "Insurance (in orbit, launch premium)",
    "launch_failures": "Launch failures (re-flown, expected)",
    "development": "Development (NRE)",
    "ground_segment": "Ground segment and downlink",
}

TEMPLATE = "plotly_white"
FONT = {"family": "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", "size": 13}
BLUE, ORANGE, GREEN, RED, GREY, YELLOW, PURPLE, LIGHT = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#7f7f7f",
    "#f2c12e",
    "#9467bd",
    "#d9d9d9",
)


def format_number(x: float | None, digits: int = 3) -> str:
    """A number for people: ``digits`` significant figures, thousands separators, never
    scientific notation below 1e15 (``1.4718 → "1.47"``, ``3180.7 → "3,181"``)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if isinstance(x, int):
        return f"{x:,}"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if x == 0:
        return "0"
    mag = math.floor(math.log10(abs(x)))
    if mag >= digits - 1:
        return f"{x:,.0f}"
    decimals = digits - 1 - mag
    text = f"{x:,.{decimals}f}"
    # rounding can add a digit (9.996 → "10.00"): redo at the new magnitude
    if len(text.replace("-", "").replace(",", "").replace(".", "").lstrip("0")) > digits:
        text = f"{x:,.{max(decimals - 1, 0)}f}"
    return text


def format_large(x: float, digits: int = 3) -> str:
    """A large number in words: ``1.89e10 → "18.9 billion"``; below a million as
    :func:`format_number`."""
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if math.isfinite(x) and abs(x) >= scale:
            return f"{format_number(x / scale, digits)} {word}"
    return format_number(x, digits)


def base_layout(fig: go.Figure, title: str, height: int, **kw: Any) -> go.Figure:
    layout: dict[str, Any] = {
        "title": {"text": title, "x": 0.0, "xanchor": "left"},
        "template": TEMPLATE,
        "font": FONT,
        "height": height,
        "margin": {"l": 70, "r": 30, "t": 60, "b": 60},
    }
    fig.update_layout(**(layout | kw))
    return fig


# -- 1. mass ----------------------------------------------------------------------------
def mass_breakdown(result: SiteResult) -> go.Figure:
    """Mass of one satellite by part [kg], largest first, with each part's share."""
    parts: Mapping[str, float] = result.values["mass"]["by_part_kg"]
    total = float(sum(parts.values()))
    items = sorted(parts.items(), key=lambda kv: kv[1])  # plotly draws bottom-up
    names = [PART_LABELS.get(k, k.replace("_", " ")) for k, _ in items]
    kg = [float(v) for _, v in items]
    text = [f"{format_number(v)} kg ({100 * v / total:.0f} %)" for v in kg]
    fig = go.Figure(
        go.Bar(
            x=kg,
            y=names,
            orientation="h",
            text=text,
            textposition="outside",
            cliponaxis=False,
            marker_color=BLUE,
            hovertemplate="%{y}: %{x:,.0f} kg<extra></extra>",
        )
    )
    fig.update_xaxes(title_text="Mass per satellite [kg]", range=[0, max(kg) * 1.3])
    fig.update_yaxes(title_text=None)
    return base_layout(
        fig,
        f"Mass of one satellite by part (total {format_number(total)} kg)",
        420,
    )


# -- 2. cost ----------------------------------------------------------------------------
def cost_breakdown(result: SiteResult) -> go.Figure:
    """Fleet capital cost by line within the cost boundary [billion USD]; lines outside the
    boundary (when it is not ``full``) in grey behind."""
    cost = result.values["cost"]
    inside: Mapping[str, float] = cost["capex_usd"]
    every: Mapping[str, float] = cost["capex_all_lines_usd"]
    boundary = str(cost["boundary"])
    keys = sorted(every, key=lambda k: every[k])
    names = [LINE_LABELS.get(k, k.replace("_", " ")) for k in keys]
    b_in = [float(inside.get(k, 0.0)) / 1e9 for k in keys]
    b_all = [float(every[k]) / 1e9 for k in keys]
    fig = go.Figure()
    partial = boundary != "full"
    if partial:
        fig.add_trace(
            go.Bar(
                x=b_all,
                y=names,
                orientation="h",
                name="all lines (outside the boundary)",
                marker_color=LIGHT,
                hovertemplate="%{y}: %{x:,.2f} billion USD (all lines)<extra></extra>",
            )
        )
    fig.add_trace(
        go.Bar(
            x=b_in,
            y=names,
            orientation="h",
            name=f"within the boundary ({boundary})",
            marker_color=ORANGE,
            text=[f"{format_number(v)}" if v > 0 else "" for v in b_in],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,.2f} billion USD<extra></extra>",
        )
    )
    total_in = sum(b_in)
    fig.update_xaxes(
        title_text="Capital cost of the fleet [billion USD]", range=[0, max(b_all) * 1.15]
    )
    fig.update_layout(
        barmode="overlay", showlegend=partial, legend={"orientation": "h", "y": -0.2, "x": 0}
    )
    return base_layout(
        fig,
        f"Fleet capital cost by line, boundary '{boundary}' "
        f"(total {format_number(total_in)} billion USD)",
        440,
    )


def cost_per_eflop(result: SiteResult) -> go.Figure:
    """Cost per delivered EFLOP by line, annualised (CRF over each line's life) [USD/EFLOP]."""
    cost = result.values["cost"]
    by_line: Mapping[str, float] = cost["usd_per_eflop_by_line"]
    keys = sorted(by_line, key=lambda k: by_line[k])
    names = [LINE_LABELS.get(k, k.replace("_", " ")) for k in keys]
    vals = [float(by_line[k]) for k in keys]
    total = float(cost["usd_per_eflop"])
    fig = go.Figure(
        go.Bar(
            x=vals,
            y=names,
            orientation="h",
            marker_color=BLUE,
            text=[f"{format_number(v)} ({v / total:.0%})" if total else "–" for v in vals],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.3g} USD/EFLOP<extra></extra>",
        )
    )
    fig.update_xaxes(title_text="Cost per delivered EFLOP [USD]", range=[0, max(vals) * 1.25])
    fig.update_layout(showlegend=False)
    return base_layout(
        fig,
        f"Cost per delivered EFLOP by line (total {format_number(total)} USD/EFLOP)",
        400,
    )


# -- 3. beta angle and eclipse ------------------------------------------------------------
def beta_and_eclipse(result: SiteResult) -> go.Figure:
    """Daily-mean solar beta angle [deg] and longest eclipse of each day [min] over the year."""
    d = result.daily
    t = d["time"].values
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    fig.add_trace(
        go.Scatter(
            x=t,
            y=d["beta_deg"].values,
            mode="lines",
            name="beta angle",
            line_color=ORANGE,
            hovertemplate="%{x|%d %b}: %{y:.1f}°<extra></extra>",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=t,
            y=d["eclipse_max_s"].values / 60.0,
            mode="lines",
            name="longest eclipse",
            line_color=PURPLE,
            fill="tozeroy",
            hovertemplate="%{x|%d %b}: %{y:.1f} min<extra></extra>",
        ),
        row=2,
        col=1,
    )
    fig.update_yaxes(title_text="Beta angle [deg]", row=1, col=1)
    fig.update_yaxes(title_text="Longest eclipse [min]", rangemode="tozero", row=2, col=1)
    fig.update_xaxes(title_text="Date (UTC)", row=2, col=1)
    fig.update_layout(showlegend=False)
    ecl = result.values["eclipse"]
    return base_layout(
        fig,
        f"Solar beta angle and longest eclipse per day ({ecl['days_with_eclipse']} days "
        f"with eclipse, longest {format_number(ecl['max_duration_s'] / 60.0)} min)",
        500,
    )


# -- 4. power chain -----------------------------------------------------------------------
def power_sankey(result: SiteResult) -> go.Figure:
    """Energy balance of one satellite over its first year, sunlight → chips [MWh]."""
    e = {
        k: float(v) / J_PER_MWH
        for k, v in result.values["power"]["energy_balance_j_per_satellite_year"].items()
    }
    sun, elec = e["sunlight_on_array"], e["array_electric"]
    batt_loss = e["battery_charge_loss"] + e["battery_discharge_loss"]
    nodes: list[tuple[str, float, str]] = [
        ("Sunlight on array", sun, YELLOW),
        ("Array heat and reflected", sun - elec, LIGHT),
        ("Array electric output", elec, ORANGE),
        ("IT (accelerators)", e["it"], GREEN),
        ("Bus (avionics, pumps, links)", e["bus"], BLUE),
        ("PMAD loss", e["pmad_loss"], RED),
        ("Battery losses", batt_loss, PURPLE),
        ("Curtailed (not needed)", e["curtailed"], GREY),
    ]
    links: list[tuple[int, int, float]] = [(0, 1, sun - elec), (0, 2, elec)]
    links += [(2, i, nodes[i][1]) for i in range(3, 8)]
    delta = e["battery_stored_change"]
    if abs(delta) >= 1e-3 * elec:
        if delta > 0:
            nodes.append(("Net stored in battery", delta, PURPLE))
            links.append((2, len(nodes) - 1, delta))
        else:
            nodes.append(("Net drawn from battery", -delta, PURPLE))
            links.append((len(nodes) - 1, 2, -delta))
    labels = [f"{n}: {format_number(v)} MWh" for n, v, _ in nodes]
    link_color = [rgba_color(nodes[t][2], 0.45) for _, t, _ in links]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=",.0f",
            valuesuffix=" MWh",
            node={
                "label": labels,
                "color": [c for _, _, c in nodes],
                "pad": 22,
                "thickness": 18,
                "line": {"width": 0},
            },
            link={
                "source": [s for s, _, _ in links],
                "target": [t for _, t, _ in links],
                "value": [v for _, _, v in links],
                "color": link_color,
            },
        )
    )
    return base_layout(
        fig,
        "Energy balance of one satellite, first year: sunlight to chips [MWh per year]",
        460,
        margin={"l": 20, "r": 20, "t": 60, "b": 20},
    )


def rgba_color(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def power_timeline(result: SiteResult) -> go.Figure:
    """Illumination, sunlight on the array [kW], IT power [kW] and battery energy [kWh] over
    about three orbits around the longest eclipse; eclipses shaded."""
    d = result.detail
    t = d["time"].values
    illum = d["illumination"].values
    fig = make_subplots(
        rows=4,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.04,
        row_heights=[0.16, 0.28, 0.28, 0.28],
    )
    series = (
        (illum, "Illumination", "Sunlit [fraction]", YELLOW, "%{y:.2f}"),
        (
            d["sunlight_on_array_w"].values / 1e3,
            "Sunlight on array",
            "Sunlight [kW]",
            ORANGE,
            "%{y:,.0f} kW",
        ),
        (d["it_power_w"].values / 1e3, "IT power", "IT power [kW]", GREEN, "%{y:,.1f} kW"),
        (
            d["battery_energy_j"].values / J_PER_KWH,
            "Battery energy",
            "Battery [kWh]",
            PURPLE,
            "%{y:,.1f} kWh",
        ),
    )
    for row, (y, name, ytitle, color, fmt) in enumerate(series, start=1):
        fig.add_trace(
            go.Scatter(
                x=t,
                y=y,
                mode="lines",
                name=name,
                line={"color": color, "width": 2},
                hovertemplate=f"%{{x|%H:%M}} UTC: {fmt}<extra>{name}</extra>",
            ),
            row=row,
            col=1,
        )
        fig.update_yaxes(title_text=ytitle, rangemode="tozero", row=row, col=1)
    for start, stop in _runs(illum < 0.5):
        x0, x1 = (np.datetime_as_string(t[i], unit="s") for i in (start, min(stop, len(t) - 1)))
        fig.add_vrect(
            x0=str(x0), x1=str(x1), fillcolor=GREY, opacity=0.2, line_width=0, row="all", col=1
        )
    fig.update_yaxes(range=[0, 1.05], row=1, col=1)
    fig.update_xaxes(title_text="Time (UTC)", tickformat="%H:%M\n%d %b %Y", row=4, col=1)
    fig.update_layout(showlegend=False)
    return base_layout(
        fig,
        "Power chain over three orbits around the longest eclipse (one satellite; eclipse shaded)",
        640,
    )


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Start and stop indices of the runs where ``mask`` is true."""
    m = np.concatenate([[False], np.asarray(mask, dtype=bool), [False]])
    edges = np.flatnonzero(np.diff(m.astype(np.int8)))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


# -- 5. radiator --------------------------------------------------------------------------
def radiator_area(result: SiteResult) -> go.Figure:
    """Radiator area needed for the same heat vs radiator temperature [m² vs °C], with the
    design point and the accelerators' coolant limit."""
    th = result.values["thermal"]
    curve = th["area_vs_temperature"]
    temp = [float(x) for x in curve["temperature_c"]]
    area = [None if a is None else float(a) for a in curve["area_m2"]]
    limit = float(th["radiator_max_c"])
    coolant = float(th["coolant_max_c"])
    loop_dt = float(th["coolant_delta_t_k"])
    t_d, a_d = float(th["radiator_temperature_c"]), float(th["radiator_area_m2"])
    fig = go.Figure()
    fig.add_vrect(x0=limit, x1=max([*temp, limit]) + 5, fillcolor=RED, opacity=0.08, line_width=0)
    fig.add_trace(
        go.Scatter(
            x=temp,
            y=area,
            mode="lines",
            name="area needed",
            line={"color": BLUE, "width": 3},
            hovertemplate="%{x:.0f} °C: %{y:,.0f} m²<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[t_d],
            y=[a_d],
            mode="markers+text",
            name="design point",
            marker={"color": ORANGE, "size": 13, "line": {"color": "black", "width": 1}},
            text=[f"design: {t_d:.0f} °C, {format_number(a_d)} m²"],
            textposition="bottom left",
            hovertemplate="design: %{x:.0f} °C, %{y:,.0f} m²<extra></extra>",
        )
    )
    fig.add_vline(x=limit, line={"color": RED, "width": 2, "dash": "dash"})
    fig.add_annotation(
        x=limit,
        y=1,
        yref="paper",
        xanchor="left",
        yanchor="top",
        showarrow=False,
        align="left",
        xshift=6,
        text=(
            f"radiator limit {limit:.0f} °C<br>(coolant ≤ {coolant:.0f} °C − loop {loop_dt:.0f} K)"
        ),
        font={"color": RED},
    )
    fig.update_xaxes(title_text="Radiator temperature [°C]")
    fig.update_yaxes(title_text="Radiator area per satellite [m²]", rangemode="tozero")
    fig.update_layout(showlegend=False)
    return base_layout(
        fig,
        "Radiator area vs radiator temperature for "
        f"{format_number(th['heat_w_per_satellite'] / 1e3)} kW of heat per satellite",
        440,
    )


# -- 6. eclipse strategies -------------------------------------------------------------------
def eclipse_strategies(result: SiteResult) -> go.Figure:
    """Battery vs throttle: cost per delivered EFLOP [USD], availability [%] and satellite
    mass [kg] (battery share shown)."""
    strat: Mapping[str, Mapping[str, float]] = result.values["eclipse_strategies"]
    chosen = str(result.values["scenario"]["eclipse_strategy"])
    keys = sorted(strat, key=lambda k: (k != chosen, k))
    names = [f"{k} (chosen)" if k == chosen else k for k in keys]
    colors = [ORANGE if k == chosen else GREY for k in keys]
    fig = make_subplots(
        rows=1,
        cols=3,
        horizontal_spacing=0.1,
        subplot_titles=("Cost per delivered EFLOP", "Availability", "Satellite mass"),
    )
    cost = [float(strat[k]["usd_per_eflop"]) for k in keys]
    fig.add_trace(
        go.Bar(
            x=names,
            y=cost,
            marker_color=colors,
            text=[format_number(v) for v in cost],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{y:.3f} USD/EFLOP<extra></extra>",
        ),
        row=1,
        col=1,
    )
    avail = [100.0 * float(strat[k]["availability"]) for k in keys]
    fig.add_trace(
        go.Scatter(
            x=names,
            y=avail,
            mode="markers+text",
            marker={"color": colors, "size": 16},
            text=[f"{v:.2f} %" for v in avail],
            textposition="middle right",
            hovertemplate="%{x}: %{y:.2f} %<extra></extra>",
        ),
        row=1,
        col=2,
    )
    batt = [float(strat[k]["battery_kg"]) for k in keys]
    rest = [float(strat[k]["satellite_kg"]) - b for k, b in zip(keys, batt, strict=True)]
    fig.add_trace(
        go.Bar(
            x=names,
            y=rest,
            marker_color=colors,
            name="rest of satellite",
            hovertemplate="%{x}: %{y:,.0f} kg without battery<extra></extra>",
        ),
        row=1,
        col=3,
    )
    fig.add_trace(
        go.Bar(
            x=names,
            y=batt,
            marker_color=PURPLE,
            name="battery",
            text=[f"{format_number(b + r)} kg" for b, r in zip(batt, rest, strict=True)],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: battery %{y:,.0f} kg<extra></extra>",
        ),
        row=1,
        col=3,
    )
    fig.update_yaxes(
        title_text="USD per EFLOP", rangemode="tozero", row=1, col=1, range=[0, max(cost) * 1.2]
    )
    lo = min(avail)
    bottom = max(0.0, lo - max(2.0, 0.3 * (100.0 - lo)))
    fig.update_yaxes(
        title_text="Availability [%]",
        row=1,
        col=2,
        range=[bottom, 100.0 + 0.08 * (100.0 - bottom)],  # dots, not bars: no zero needed
    )
    fig.update_xaxes(range=[-0.5, len(keys) - 0.1], row=1, col=2)
    fig.update_yaxes(
        title_text="Mass per satellite [kg]",
        row=1,
        col=3,
        range=[0, max(b + r for b, r in zip(batt, rest, strict=True)) * 1.2],
    )
    fig.update_xaxes(title_text="Eclipse strategy")
    fig.update_layout(barmode="stack", showlegend=False)
    return base_layout(
        fig,
        "Eclipse strategy: batteries through eclipse vs throttling compute",
        460,
        margin={"l": 70, "r": 30, "t": 90, "b": 60},
    )


#: The figures of the report, in order.
ALL_FIGURES = (
    mass_breakdown,
    cost_breakdown,
    cost_per_eflop,
    beta_and_eclipse,
    power_sankey,
    power_timeline,
    radiator_area,
    eclipse_strategies,
)

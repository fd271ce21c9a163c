"""Plotly figures of a ground :class:`~wattflop.result.SiteResult`, one function per figure.

As in :mod:`wattflop.report.figures`: every function only reads the result and returns a
:class:`plotly.graph_objects.Figure` whose title is plain text (the HTML report lifts it into a
heading) and whose axes carry units. The hourly dispatch in the result is in MW and MWh
already; energies are shown in TWh or GWh per year, money in billions of USD.

Not every site has every figure: the swing figures need the sub-second analysis (``swings``
enabled) and the PUE figure a PUE that varies. :func:`figures_for` lists the figures a result
has; the functions raise :class:`ValueError` when asked for a figure the result cannot draw.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import plotly.graph_objects as go
import xarray as xr
from plotly.subplots import make_subplots

from wattflop.report.figures import (
    BLUE,
    GREY,
    LIGHT,
    ORANGE,
    PURPLE,
    RED,
    YELLOW,
    base_layout,
    format_number,
    rgba_color,
)
from wattflop.result import SiteResult

#: Critical band of the spectrum [Hz]: as :data:`wattflop.ground.swings.CRITICAL_BAND_HZ`
#: (kept here so that the report does not import the swing model; a test checks they agree).
CRITICAL_BAND_HZ = (0.1, 20.0)

GAS = "#a0522d"
BLACK = "#1d2330"
EXPORT = "#9ecae1"
CHARGE = "#c5b0d5"
IT_GREEN = "#2ca02c"

#: Display names of the ground cost lines (capital, then running costs).
CAPEX_LABELS: dict[str, str] = {
    "accelerators": "Accelerators (servers, racks)",
    "facility": "Building, cooling, electrical",
    "gas_turbines": "Gas turbines",
    "batteries": "Batteries (hourly)",
    "pv": "Solar PV",
    "grid_connection": "Grid connection",
    "smoothing_battery": "Swing-smoothing battery",
    "network_fabric": "Scale-out network fabric",
    "land": "Land",
}
OPEX_LABELS: dict[str, str] = {
    "fuel": "Gas fuel",
    "gas_om": "Gas turbine O&M",
    "pv_om": "PV O&M",
    "battery_om": "Battery O&M",
    "grid_energy": "Grid energy (net of export)",
    "co2": "CO₂ price",
    "operations": "Facility O&M and staff",
    "property_tax": "Property tax",
    "insurance": "Property insurance",
    "water": "Water",
}

#: The flows of the dispatch stack: (variable, name, colour, sign as drawn). Positive flows
#: feed the site, negative ones take from it; drawn, they sum to the load every hour.
DISPATCH_FLOWS: tuple[tuple[str, str, str, int], ...] = (
    ("gas", "Gas turbines", GAS, 1),
    ("grid_import", "Grid import", BLUE, 1),
    ("pv", "Solar PV", YELLOW, 1),
    ("battery_discharge", "Battery discharge", PURPLE, 1),
    ("unserved", "Unserved load", RED, 1),
    ("battery_charge", "Battery charge", CHARGE, -1),
    ("grid_export", "Grid export", EXPORT, -1),
)

#: The weeks shown in the dispatch figure: (label, month, first day), in local standard time.
WEEKS: tuple[tuple[str, int, int], ...] = (("Summer week", 7, 12), ("Winter week", 1, 12))


def plain_number(x: float, digits: int = 4) -> str:
    """A number as people write inputs: ``digits`` significant figures without padding zeros
    (``10.0 → "10"``, ``0.0100 → "0.01"``, ``1420 → "1,420"``)."""
    text = format_number(x, digits)
    return text.rstrip("0").rstrip(".") if "." in text else text


def utc_offset_h(result: SiteResult) -> int:
    """Local standard time − UTC [h], from the longitude (as the grid's time-of-use hours)."""
    return round(float(result.values["location"]["longitude_deg"]) / 15.0)


def _utc_label(offset: int) -> str:
    return "UTC" if offset == 0 else f"UTC{'+' if offset > 0 else '−'}{abs(offset)}"


def used_flows(result: SiteResult) -> list[tuple[str, str, str, int]]:
    """The dispatch flows that are not zero all year (the others are left out of the stack)."""
    d = result.detail
    tol = 1e-9 * max(float(np.abs(d["load"].values).max()), 1.0)
    return [f for f in DISPATCH_FLOWS if float(np.abs(d[f[0]].values).max()) > tol]


def week(result: SiteResult, month: int, day: int) -> xr.Dataset:
    """Seven days of the hourly dispatch from ``day``/``month`` 00:00 local standard time,
    with ``time`` shifted to local standard time."""
    d = result.detail
    cols = [k for k in d.data_vars if d[k].dims == ("time",)]
    hourly = d[cols]
    local = hourly["time"].values + np.timedelta64(utc_offset_h(result), "h")
    hourly = hourly.assign_coords(time=local)
    year = int(str(local[len(local) // 2])[:4])  # the simulated year, whatever the offset
    start = np.datetime64(f"{year:04d}-{month:02d}-{day:02d}T00:00")
    out = hourly.sel(time=slice(start, start + np.timedelta64(7 * 24 - 1, "h")))
    if out.sizes["time"] == 0:
        raise ValueError(f"no hourly dispatch from {start} on")
    return out


# -- 1. dispatch ------------------------------------------------------------------------------
def dispatch_weeks(result: SiteResult) -> go.Figure:
    """Hourly dispatch over a summer and a winter week [MW]: supply stacked above zero
    (gas, grid import, PV, battery discharge, unserved), battery charge and grid export
    stacked below, and the site load as a line."""
    flows = used_flows(result)
    weeks = [(label, week(result, m, day)) for label, m, day in WEEKS]
    titles = [
        f"{label}: {_days(w)} {str(w['time'].values[0])[:4]} (local standard time)"
        for label, w in weeks
    ]
    fig = make_subplots(rows=2, cols=1, vertical_spacing=0.14, subplot_titles=titles)
    top = 0.0
    bottom = 0.0
    for row, (_, w) in enumerate(weeks, start=1):
        t = w["time"].values
        for var, name, color, sign in flows:
            y = sign * w[var].values
            fig.add_trace(
                go.Scatter(
                    x=t,
                    y=y,
                    name=name,
                    legendgroup=var,
                    showlegend=row == 1,
                    mode="lines",
                    line={"width": 0.5, "color": color},
                    fillcolor=rgba_color(color, 0.85),
                    stackgroup="supply" if sign > 0 else "sinks",
                    hovertemplate=f"%{{x|%a %d %b %H:%M}}: %{{y:,.0f}} MW<extra>{name}</extra>",
                ),
                row=row,
                col=1,
            )
        load = w["load"].values
        fig.add_trace(
            go.Scatter(
                x=t,
                y=load,
                name="Site load (IT × PUE)",
                legendgroup="load",
                showlegend=row == 1,
                mode="lines",
                line={"width": 2.5, "color": BLACK},
                hovertemplate="%{x|%a %d %b %H:%M}: %{y:,.0f} MW<extra>site load</extra>",
            ),
            row=row,
            col=1,
        )
        pos = np.zeros(len(t))
        neg = np.zeros(len(t))
        for var, _, _, sign in flows:
            if sign > 0:
                pos += w[var].values
            else:
                neg += w[var].values
        top = max(top, float(np.max(pos)), float(np.max(load)))
        bottom = max(bottom, float(np.max(neg)))
    offset = utc_offset_h(result)
    span = top + bottom
    y_range = [-(bottom + 0.04 * span) if bottom > 0 else 0.0, top + 0.06 * span]
    for row in (1, 2):
        fig.update_yaxes(title_text="Power [MW]", range=y_range, row=row, col=1)
        fig.update_xaxes(
            title_text=f"Local standard time ({_utc_label(offset)})",
            tickformat="%a %d %b",
            row=row,
            col=1,
        )
    fig.update_layout(legend={"orientation": "h", "y": -0.12, "x": 0}, hovermode="x unified")
    return base_layout(
        fig,
        "Hourly dispatch in a summer week and a winter week [MW]",
        760,
        margin={"l": 70, "r": 30, "t": 80, "b": 60},
    )


def _days(w: xr.Dataset) -> str:
    """``"12–18 July"`` (or ``"29 June – 5 July"``) for the days of a week."""
    a, b = (str(w["time"].values[i]) for i in (0, -1))
    ma, mb = (_MONTHS[int(x[5:7]) - 1] for x in (a, b))
    da, db = int(a[8:10]), int(b[8:10])
    return f"{da}–{db} {mb}" if ma == mb else f"{da} {ma} – {db} {mb}"


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # fmt: skip


# -- 2. cost ------------------------------------------------------------------------------------
def cost_breakdown(result: SiteResult) -> go.Figure:
    """Capital cost by line [billion USD] (lines outside the cost boundary in grey) and the
    annual cost per delivered EFLOP by line, capital annualised plus running costs [USD]."""
    cost = result.values["cost"]
    inside: Mapping[str, float] = cost["capex_usd"]
    every: Mapping[str, float] = cost["capex_all_lines_usd"]
    per_eflop: Mapping[str, float] = cost["usd_per_eflop_by_line"]
    boundary = str(cost["boundary"])
    partial = any(k not in inside and float(v) > 0 for k, v in every.items())

    cap_keys = sorted((k for k in every if float(every[k]) > 0), key=lambda k: float(every[k]))
    cap_names = [_capex_label(k) for k in cap_keys]
    b_in = [float(inside.get(k, 0.0)) / 1e9 for k in cap_keys]
    b_all = [float(every[k]) / 1e9 for k in cap_keys]
    run_keys = [k for k in per_eflop if float(per_eflop[k]) > 0]
    run_keys.sort(key=lambda k: float(per_eflop[k]))
    run_names = [_capex_label(k) if k in every else OPEX_LABELS.get(k, k) for k in run_keys]
    per = [float(per_eflop[k]) for k in run_keys]
    total_per = float(cost["usd_per_eflop"])
    total_in = sum(b_in)

    fig = make_subplots(
        rows=2,
        cols=1,
        vertical_spacing=0.16,
        row_heights=[max(len(cap_keys), 1), max(len(run_keys), 1)],
        subplot_titles=(
            f"Capital cost by line (total {format_number(total_in)} billion USD within the "
            "boundary)",
            f"Cost per delivered EFLOP by line (total {format_number(total_per)} USD/EFLOP)",
        ),
    )
    if partial:
        fig.add_trace(
            go.Bar(
                x=b_all,
                y=cap_names,
                orientation="h",
                name="capital outside the boundary (not counted)",
                marker_color=LIGHT,
                text=[
                    f"{format_number(a)} (not counted)" if i == 0 else ""
                    for a, i in zip(b_all, b_in, strict=True)
                ],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{y}: %{x:,.2f} billion USD (outside the boundary)<extra></extra>",
            ),
            row=1,
            col=1,
        )
    fig.add_trace(
        go.Bar(
            x=b_in,
            y=cap_names,
            orientation="h",
            name=f"capital within the boundary ({boundary})",
            marker_color=ORANGE,
            text=[format_number(v) if v > 0 else "" for v in b_in],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:,.3f} billion USD<extra></extra>",
        ),
        row=1,
        col=1,
    )
    running = [k not in every for k in run_keys]
    fig.add_trace(
        go.Bar(
            x=per,
            y=run_names,
            orientation="h",
            name="per EFLOP",
            marker_color=[BLUE if r else ORANGE for r in running],
            text=[f"{format_number(v)} ({v / total_per:.1%})" for v in per],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.3g} USD/EFLOP<extra></extra>",
            showlegend=False,
        ),
        row=2,
        col=1,
    )
    # legend entry for the running costs (blue bars in the lower chart)
    fig.add_trace(
        go.Bar(
            x=[None],
            y=[None],
            orientation="h",
            name="running costs per year (fuel, O&M, grid energy, CO₂)",
            marker_color=BLUE,
        ),
        row=2,
        col=1,
    )
    fig.update_xaxes(
        title_text="Capital cost [billion USD]",
        range=[0, max([*b_all, 1e-9]) * (1.35 if partial else 1.18)],
        row=1,
        col=1,
    )
    fig.update_xaxes(
        title_text="Annual cost per delivered EFLOP [USD/EFLOP]",
        range=[0, max([*per, 1e-12]) * 1.28],
        row=2,
        col=1,
    )
    fig.update_layout(barmode="overlay", legend={"orientation": "h", "y": -0.1, "x": 0})
    height = 230 + 34 * (len(cap_keys) + len(run_keys))
    return base_layout(
        fig,
        f"Capital cost and cost per delivered EFLOP by line, boundary '{boundary}'",
        height,
        margin={"l": 70, "r": 40, "t": 90, "b": 60},
    )


def _capex_label(key: str) -> str:
    return CAPEX_LABELS.get(key, key.replace("_", " ").capitalize())


# -- 3. energy mix ----------------------------------------------------------------------------
def energy_balance(result: SiteResult) -> dict[str, list[tuple[str, float, str]]]:
    """Where the site's energy comes from and where it goes over the year [MWh]: two lists of
    (name, MWh, colour) with equal sums; zero items after the first three are left out."""
    g = result.values["ground"]
    e: Mapping[str, float] = g["energy_mwh_per_year"]
    it = float(result.values["energy"]["delivered_to_it_mwh_per_year"])
    served = float(e["load"]) - float(e["unserved"])
    losses = float(e["battery_charge"]) - float(e["battery_discharge"])
    sources = [
        ("Gas turbines", float(e["gas"]), GAS),
        ("Grid import", float(e["grid_import"]), BLUE),
        ("Solar PV", float(e["pv"]), YELLOW),
        ("Not served", float(e["unserved"]), RED),
    ]
    uses = [
        ("IT (accelerators, servers)", it, IT_GREEN),
        ("Cooling and facility (PUE overhead)", served - it, GREY),
        ("Grid export", float(e["grid_export"]), EXPORT),
        ("Battery round-trip losses", losses, PURPLE),
        ("Not served", float(e["unserved"]), RED),
    ]
    tol = 1e-9 * float(e["load"])
    return {
        "sources": sources[:3] + [s for s in sources[3:] if s[1] > tol],
        "uses": uses[:2] + [u for u in uses[2:] if abs(u[1]) > tol],
    }


def energy_mix(result: SiteResult) -> go.Figure:
    """Annual energy by source and by use [TWh/yr], each with its share of the total (the two
    sides have the same total: the site load served, plus exports and battery losses)."""
    bal = energy_balance(result)
    load = float(result.values["ground"]["energy_mwh_per_year"]["load"])
    total = sum(v for _, v, _ in bal["sources"])
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_xaxes=False,
        horizontal_spacing=0.26,
        subplot_titles=("Where the energy comes from", "Where it goes"),
    )
    top = max(v for items in bal.values() for _, v, _ in items) / 1e6
    for col, items in enumerate((bal["sources"], bal["uses"]), start=1):
        rev = items[::-1]  # plotly draws bottom-up
        twh = [v / 1e6 for _, v, _ in rev]
        fig.add_trace(
            go.Bar(
                x=twh,
                y=[n for n, _, _ in rev],
                orientation="h",
                marker_color=[c for _, _, c in rev],
                text=[f"{format_number(x)} TWh ({100 * x * 1e6 / total:.1f} %)" for x in twh],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{y}: %{x:,.4g} TWh/yr<extra></extra>",
            ),
            row=1,
            col=col,
        )
        fig.update_xaxes(title_text="Energy [TWh/yr]", range=[0, top * 1.45], row=1, col=col)
    fig.update_layout(showlegend=False)
    return base_layout(
        fig,
        f"Energy over the year: {format_number(load / 1e6)} TWh of site load, by source and by use",
        400,
        margin={"l": 70, "r": 40, "t": 90, "b": 60},
    )


# -- 4. training swings -----------------------------------------------------------------------
def has_swings(result: SiteResult) -> bool:
    """Whether the result holds the sub-second swing analysis."""
    return "swings" in result.values and "swing_time_s" in result.detail.coords


def _need_swings(result: SiteResult) -> None:
    if not has_swings(result):
        raise ValueError("the result has no swing analysis (swings.enabled is false)")


def floor_differs(result: SiteResult) -> bool:
    """Whether the power floor changed the load in the swing window."""
    d = result.detail
    return bool(
        np.max(np.abs(d["swing_floored_mw"].values - d["swing_load_mw"].values))
        > 1e-9 * max(float(np.max(np.abs(d["swing_load_mw"].values))), 1.0)
    )


def swing_profile(result: SiteResult) -> go.Figure:
    """One minute of the training load at full resolution [MW]: the load, the load with the
    power floor (when there is one), what turbines and grid see, and the smoothing battery's
    power (+ discharging)."""
    _need_swings(result)
    d, s = result.detail, result.values["swings"]
    t = d["swing_time_s"].values
    load = d["swing_load_mw"].values
    floored = d["swing_floored_mw"].values
    smooth = d["swing_smoothed_mw"].values
    floor = floor_differs(result)
    fig = make_subplots(
        rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.62, 0.38]
    )
    fig.add_trace(
        go.Scatter(
            x=t,
            y=load,
            mode="lines",
            name="IT load of the training job",
            line={"color": GREY, "width": 1},
            hovertemplate="%{x:.2f} s: %{y:,.0f} MW<extra>load</extra>",
        ),
        row=1,
        col=1,
    )
    if floor:
        fig.add_trace(
            go.Scatter(
                x=t,
                y=floored,
                mode="lines",
                name="load with the power floor (accelerators burn the difference)",
                line={"color": IT_GREEN, "width": 1.5, "dash": "dot"},
                hovertemplate="%{x:.2f} s: %{y:,.0f} MW<extra>floored</extra>",
            ),
            row=1,
            col=1,
        )
    mean = float(np.mean(floored))
    fig.add_trace(
        go.Scatter(
            x=[t[0], t[-1]],
            y=[mean, mean],
            mode="lines",
            name=f"mean over this window ({format_number(mean)} MW"
            + (", with the floor)" if floor else ")"),
            line={"color": BLACK, "width": 1, "dash": "dash"},
            hoverinfo="skip",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=t,
            y=smooth,
            mode="lines",
            name="what turbines and grid see (ramp-limited)",
            line={"color": ORANGE, "width": 3},
            hovertemplate="%{x:.2f} s: %{y:,.0f} MW<extra>turbines and grid</extra>",
        ),
        row=1,
        col=1,
    )
    fig.add_trace(
        go.Scatter(
            x=t,
            y=floored - smooth,
            mode="lines",
            name="smoothing battery (+ discharging)",
            line={"color": PURPLE, "width": 1},
            fill="tozeroy",
            fillcolor=rgba_color(PURPLE, 0.3),
            hovertemplate="%{x:.2f} s: %{y:,.0f} MW<extra>battery</extra>",
        ),
        row=2,
        col=1,
    )
    fig.update_yaxes(title_text="IT power [MW]", rangemode="tozero", row=1, col=1)
    fig.update_yaxes(title_text="Battery [MW]", row=2, col=1)
    fig.update_xaxes(title_text="Time from the start of the trace [s]", row=2, col=1)
    fig.update_layout(legend={"orientation": "h", "y": -0.18, "x": 0})
    steps = f"{plain_number(float(np.max(load) - np.min(load)), 3)} MW steps"
    if floor:
        steps += f" ({plain_number(float(np.max(floored) - np.min(floored)), 3)} MW with the floor)"
    return base_layout(
        fig,
        f"Training power swings over {t[-1] - t[0]:.0f} s: {steps}; "
        "turbines and grid ramp at most "
        f"{plain_number(float(s['peak_ramp_after_mw_per_s']), 3)} MW/s",
        560,
    )


# -- 5. spectrum ---------------------------------------------------------------------------------
def swing_spectrum(result: SiteResult) -> go.Figure:
    """Power spectral density of the load and of what turbines and grid see [MW²/Hz vs Hz],
    log–log, with the critical band shaded and its share of the fluctuation energy."""
    _need_swings(result)
    d, s = result.detail, result.values["swings"]
    f = d["frequency_hz"].values
    lo, hi = CRITICAL_BAND_HZ
    before, after = float(s["band_share_before"]), float(s["band_share_after"])
    floor = floor_differs(result)
    fig = go.Figure()
    fig.add_vrect(x0=lo, x1=hi, fillcolor=RED, opacity=0.08, line_width=0)
    series = (
        ("psd_load_mw2_per_hz", "IT load", GREY, 1.5),
        ("psd_smoothed_mw2_per_hz", "what turbines and grid see", ORANGE, 2.5),
    )
    for var, name, color, width in series:
        p = d[var].values
        keep = p > 0  # a log axis cannot show zero
        fig.add_trace(
            go.Scatter(
                x=f[keep],
                y=p[keep],
                mode="lines",
                name=name,
                line={"color": color, "width": width},
                hovertemplate="%{x:.3g} Hz: %{y:.3g} MW²/Hz<extra>" + name + "</extra>",
            )
        )
    fig.add_annotation(
        x=float(np.log10(np.sqrt(lo * hi))),  # annotations on a log axis take log10(x)
        y=0.02,
        xref="x",
        yref="paper",
        yanchor="bottom",
        showarrow=False,
        text=(
            f"critical band {band_text()}<br>"
            f"share of the swing energy: {share(before)} → {share(after)}"
        ),
        font={"color": RED},
        bgcolor="rgba(255,255,255,0.8)",
    )
    fig.update_xaxes(type="log", title_text="Frequency [Hz]")
    fig.update_yaxes(
        type="log", title_text="Power spectral density [MW²/Hz]", exponentformat="power"
    )
    fig.update_layout(legend={"orientation": "h", "y": -0.2, "x": 0})
    what = "floored and smoothed" if floor else "smoothed"
    return base_layout(
        fig,
        f"Spectrum of the training load: {share(before)} of the swing energy in {band_text()} "
        f"before, {share(after)} after ({what})",
        460,
    )


def share(x: float) -> str:
    """A share of the swing energy as a percentage, two significant figures when small."""
    return f"{100 * x:.1f} %" if x >= 0.01 else f"{format_number(100 * x, 2)} %"


def band_text() -> str:
    lo, hi = CRITICAL_BAND_HZ
    return f"{lo:g}–{hi:g} Hz"


# -- 6. PUE and air temperature ----------------------------------------------------------------
def pue_varies(result: SiteResult) -> bool:
    """Whether the PUE changes over the year (the ambient PUE model)."""
    pue = result.detail["pue"].values
    return bool(np.max(pue) - np.min(pue) > 1e-9)


def pue_and_temperature(result: SiteResult) -> go.Figure:
    """Daily PUE and air temperature over the year [–, °C]: the daily mean as a line, the
    range of the hours of each day shaded."""
    if not pue_varies(result):
        raise ValueError("the PUE is constant: there is nothing to draw")
    d = result.detail[["pue", "temp_air"]]
    daily = d.resample(time="1D")
    mean, lo, hi = daily.mean(), daily.min(), daily.max()
    t = mean["time"].values
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    rows = (
        ("pue", "PUE", "PUE [–]", PURPLE, "%{y:.3f}"),
        ("temp_air", "Air temperature", "Air temperature [°C]", RED, "%{y:.1f} °C"),
    )
    for row, (var, name, ytitle, color, fmt) in enumerate(rows, start=1):
        fig.add_trace(
            go.Scatter(
                x=np.concatenate([t, t[::-1]]),
                y=np.concatenate([hi[var].values, lo[var].values[::-1]]),
                fill="toself",
                fillcolor=rgba_color(color, 0.15),
                line={"width": 0},
                hoverinfo="skip",
                name=f"{name}: daily range",
            ),
            row=row,
            col=1,
        )
        fig.add_trace(
            go.Scatter(
                x=t,
                y=mean[var].values,
                mode="lines",
                name=f"{name}: daily mean",
                line={"color": color, "width": 2},
                hovertemplate=f"%{{x|%d %b}}: {fmt}<extra>daily mean</extra>",
            ),
            row=row,
            col=1,
        )
        fig.update_yaxes(title_text=ytitle, row=row, col=1)
    fig.update_xaxes(title_text="Date (UTC days)", row=2, col=1)
    fig.update_layout(showlegend=False)
    c = result.values["it_chain"]
    return base_layout(
        fig,
        f"PUE and air temperature over the year (PUE {format_number(float(d['pue'].min()))} "
        f"to {format_number(float(c['pue_max']))}, mean {format_number(float(c['pue_mean']))})",
        500,
    )


Maker = Callable[[SiteResult], go.Figure]

#: The figures of the ground report, in order.
ALL_FIGURES: tuple[Maker, ...] = (
    dispatch_weeks,
    cost_breakdown,
    energy_mix,
    swing_profile,
    swing_spectrum,
    pue_and_temperature,
)


def figures_for(result: SiteResult) -> tuple[Maker, ...]:
    """The figures ``result`` can draw, in report order: the swing figures need the swing
    analysis, the PUE figure a PUE that varies."""
    skip: set[Any] = set()
    if not has_swings(result):
        skip |= {swing_profile, swing_spectrum}
    if not pue_varies(result):
        skip.add(pue_and_temperature)
    return tuple(m for m in ALL_FIGURES if m not in skip)

"""Report page of a constellation run: sunlit fraction map, link-capacity histogram, formation
distances over an orbit, training step-time breakdown. Reads the result only."""

from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

from wattflop.report.page import card, document, esc, figure_html, notes_html, pct, table
from wattflop.result import SiteResult


def _window(v: Any) -> str:
    """The propagated window the sunlit fractions belong to (not a year)."""
    w = v.get("window")
    return f"{w['start'][:10]}, {w['duration_h']:g} h" if w else "simulated window"


def _training_figure(parts: dict[str, dict[str, Any]]) -> go.Figure:
    fig = go.Figure()
    names = list(parts)
    for key, label in (
        ("compute_s", "compute"),
        ("exposed_comm_s", "exposed all-reduce"),
    ):
        fig.add_bar(name=label, x=names, y=[parts[n][key] for n in names])
    fig.update_layout(
        title="Training step time: compute and exposed communication",
        barmode="stack",
        yaxis_title="seconds per step",
        height=380,
    )
    return fig


def render_constellation(result: SiteResult) -> str:
    """The whole HTML page."""
    v = result.values
    d = result.detail
    cards: list[str] = []
    figs: list[str] = []
    glance: list[tuple[str, str]] = []
    training_parts: dict[str, dict[str, Any]] = {}
    s = v.get("shells")
    if s:
        cards.append(
            card("Satellites in shells", f"{s['satellites']:,}", "", f"{s['planes']} planes")
        )
        cards.append(
            card(
                "Mean sunlit fraction",
                pct(s["sunlit_fraction_mean"]),
                "",
                f"min {pct(s['sunlit_fraction_min'])}; {_window(v)}",
            )
        )
        med = s["link_capacity_median_bps"]
        cards.append(
            card(
                "Median link capacity",
                f"{(med or 0) / 1e12:.2f}",
                "Tbit/s",
                f"{s['links']:,} links",
            )
        )
        glance += [
            ("longest eclipse", f"{s['longest_eclipse_max_s'] / 60:.1f} min"),
            ("links blocked by the Earth", f"{s['links_blocked_by_earth']:,}"),
            ("close-approach pairs", f"{s['close_approach_pairs']:,}"),
        ]
        for c in s["collision"]:
            glance += [
                (f"{c['shell']}: collisions / yr (kinetic gas)", f"{c['collisions_per_year']:.3g}"),
                (
                    f"{c['shell']}: avoidance manoeuvres / sat / yr",
                    f"{c['manoeuvres_per_satellite_per_year']:.3g}",
                ),
            ]
        training_parts["shells (orbit)"] = dict(s["training"])
        training_parts["shells (ground)"] = dict(s["training_ground"])
        fig = go.Figure(
            go.Scattergl(
                x=np.asarray(d["map_ra_deg"]),
                y=np.asarray(d["map_lat_deg"]),
                mode="markers",
                marker={
                    "size": 4,
                    "color": np.asarray(d["map_sunlit_fraction"]),
                    "colorscale": "Viridis",
                    "colorbar": {"title": "sunlit"},
                },
            )
        )
        fig.update_layout(
            title="Sunlit fraction of each satellite (position at the epoch)",
            xaxis_title="right ascension [deg]",
            yaxis_title="declination [deg]",
            height=420,
        )
        figs.append(
            figure_html(
                fig,
                len(figs),
                (
                    "Share of the propagated span each satellite sees the Sun (ν averaged), at its "
                    "position at the epoch; a sample of up to 20,000 satellites."
                ),
            )
        )
        fig = go.Figure(go.Histogram(x=np.asarray(d["link_capacity_bps"]) / 1e12, nbinsx=40))
        fig.update_layout(
            title="Link capacity", xaxis_title="capacity [Tbit/s]", yaxis_title="links", height=360
        )
        figs.append(
            figure_html(
                fig,
                len(figs),
                (
                    "Capacity of every link from the optical link budget at its length (photon-"
                    "limited, capped by the DWDM terminal)."
                ),
            )
        )
    f = v.get("formation")
    if f:
        cards.append(
            card(
                "Formation",
                f"{f['satellites']}",
                "satellites",
                f"neighbours {f['neighbour_min_m']:.0f}–{f['neighbour_max_m']:.0f} m",
            )
        )
        glance += [
            (f"formation sunlit fraction ({_window(v)})", pct(f["sunlit_fraction"])),
            ("formation Δv one-time (J2 no-drift)", f"{f['delta_v_one_time_m_s'] * 1e3:.3g} mm/s"),
            ("formation Δv per year (J2 nodal)", f"{f['delta_v_per_year_m_s']:.3g} m/s"),
            (
                "J2 drift if HCW-initialised",
                f"{f['j2_drift_max_m_per_orbit_hcw_init']:.3g} m/orbit",
            ),
        ]
        training_parts["formation (orbit)"] = dict(f["training"])
        training_parts["formation (ground)"] = dict(f["training_ground"])
        t = np.asarray(d["formation_t_s"]) / 60.0
        dist = np.asarray(d["formation_distance_m"])
        fig = go.Figure()
        fig.add_scatter(x=t, y=dist.min(axis=0), name="closest neighbour pair")
        fig.add_scatter(x=t, y=dist.max(axis=0), name="farthest neighbour pair")
        fig.update_layout(
            title="Neighbour distance over one orbit",
            xaxis_title="minutes",
            yaxis_title="distance [m]",
            height=360,
        )
        figs.append(
            figure_html(
                fig,
                len(figs),
                (
                    "Hill–Clohessy–Wiltshire motion of the lattice: each neighbour distance swings "
                    "between its extremes twice per orbit."
                ),
            )
        )
    if training_parts:
        figs.append(
            figure_html(
                _training_figure(training_parts),
                len(figs),
                (
                    "Per step: compute time (6·parameters·tokens / (peak × utilisation)) and "
                    "the all-reduce time not hidden under compute; ground: the same "
                    "accelerators with their node network."
                ),
            )
        )
        for name, p in training_parts.items():
            glance.append(
                (
                    f"{name}: goodput",
                    (
                        f"{p['goodput_flops'] / 1e18:.3g} EFLOP/s (availability "
                        f"{pct(p['availability'])})"
                    ),
                )
            )
    body = (
        f"<header><h1>{esc(v.get('name', 'constellation'))}</h1>"
        f'<p class="desc">{esc(v.get("description", ""))}</p></header>'
        + notes_html(v.get("notes", []), "e.g. training goodput far below the ground")
        + f'<div class="headline">{"".join(cards)}</div>'
        + '<h2 class="section">At a glance</h2>'
        + f'<div class="glance">{table(glance)}</div>'
        + '<h2 class="section">Figures</h2>'
        + "".join(figs)
    )
    return document(f"wattflop constellation: {v.get('name', '')}", body)

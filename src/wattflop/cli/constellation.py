"""``wattflop constellation SCENARIO``: load, simulate, print a table, write result.json and
report.html. Registered on the main app (:mod:`wattflop.cli.main`) with :func:`register`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from wattflop.cli.console import (
    SITE_FILES,
    MaxMemory,
    Yes,
    budget,
    fail,
    out,
    progress,
    ready,
    writing,
)


def _table(values: Any) -> Table:
    t = Table(title=escape(str(values.get("name", ""))), show_header=True)
    t.add_column("quantity")
    t.add_column("value", justify="right")
    s = values.get("shells")
    if s:
        t.add_row("satellites (shells)", f"{s['satellites']:,}")
        t.add_row(f"mean sunlit fraction ({_window(values)})", f"{s['sunlit_fraction_mean']:.1%}")
        t.add_row(
            "links (kept / blocked by Earth)", f"{s['links']:,} / {s['links_blocked_by_earth']:,}"
        )
        if s["link_capacity_median_bps"] is not None:
            t.add_row("median link capacity", f"{s['link_capacity_median_bps'] / 1e12:.2f} Tbit/s")
        t.add_row("close-approach pairs", f"{s['close_approach_pairs']:,}")
        for c in s["collision"]:
            t.add_row(
                f"{escape(c['shell'])}: collisions/yr (kinetic gas, ≤)",
                f"{c['collisions_per_year']:.3g}",
            )
            t.add_row(
                f"{escape(c['shell'])}: manoeuvres/sat/yr",
                f"{c['manoeuvres_per_satellite_per_year']:.3g}",
            )
        _training_rows(t, "shells", s)
    f = values.get("formation")
    if f:
        t.add_row("formation satellites", f"{f['satellites']}")
        t.add_row(
            "neighbour distance over an orbit",
            f"{f['neighbour_min_m']:.0f}–{f['neighbour_max_m']:.0f} m",
        )
        t.add_row(f"formation sunlit fraction ({_window(values)})", f"{f['sunlit_fraction']:.1%}")
        t.add_row(
            "formation Δv one-time / per year",
            f"{f['delta_v_one_time_m_s'] * 1e3:.3g} mm/s / {f['delta_v_per_year_m_s']:.3g} m/s",
        )
        _training_rows(t, "formation", f)
    return t


def _window(values: Any) -> str:
    w = values.get("window")
    return f"{w['start'][:10]}, {w['duration_h']:g} h" if w else "simulated window"


def _training_rows(t: Table, label: str, v: Any) -> None:
    tr, gr = v["training"], v["training_ground"]
    t.add_row(
        f"{label}: step (compute + exposed comm)",
        f"{tr['step_s']:.3g} s ({tr['compute_s']:.3g} + {tr['exposed_comm_s']:.3g})",
    )
    t.add_row(
        f"{label}: goodput orbit / ground",
        f"{tr['goodput_flops'] / 1e18:.3g} / {gr['goodput_flops'] / 1e18:.3g} EFLOP/s",
    )


def constellation(
    scenario: Annotated[
        Path, typer.Argument(help="Constellation scenario YAML file, or a bundled one by name.")
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", help="Directory for result.json and report.html.")
    ] = Path("out"),
    max_memory: MaxMemory = None,
    yes: Yes = False,
) -> None:
    """Simulate a constellation as one distributed supercomputer; print a summary; write
    DIR/result.json and DIR/report.html. Its memory and time are estimated from the
    satellites, steps and formation lattice before it starts: work above the memory budget
    (2 GiB) or 15 minutes is refused unless --max-memory / --yes allow it."""
    from wattflop.constellation.scenario import load_constellation
    from wattflop.constellation.site import simulate_constellation
    from wattflop.errors import WattflopError
    from wattflop.report.constellation import render_constellation

    ready(out_dir)
    try:
        sc = load_constellation(scenario)
        limits = budget(max_memory, yes)
        with progress(f"simulating {escape(scenario.name)} (satellite-steps)") as update:
            result = simulate_constellation(sc, budget=limits, progress=update)
    except WattflopError as exc:
        fail(exc)
    out.print(_table(result.values))
    for note in result.values.get("notes", []):
        out.print(f"[yellow]note:[/] {escape(str(note))}")
    with writing(out_dir, owns=SITE_FILES) as stage:
        stage.write("result.json", result.to_json())
        stage.write("report.html", render_constellation(result))
    out.print(f"wrote {out_dir / 'result.json'} and {out_dir / 'report.html'}")


def register(app: typer.Typer) -> None:
    """Add ``constellation`` to a typer app."""
    app.command("constellation")(constellation)

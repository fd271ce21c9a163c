"""The ``wattflop`` app and its study commands: a thin layer that loads, calls one
orchestrator and renders the result.

User mistakes (bad scenario, design that cannot close) print a clear message and exit with
code 2; they never show a traceback.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from wattflop.cli import constellation as constellation_cli
from wattflop.cli import serve as serve_cli
from wattflop.cli import sweep as sweep_cli
from wattflop.cli.console import (
    SITE_FILES,
    MaxMemory,
    NoCache,
    Yes,
    budget,
    caching,
    err,
    fail,
    flag_error,
    out,
    ready,
    writing,
)
from wattflop.errors import ScenarioError, WattflopError
from wattflop.outdir import Stage

if TYPE_CHECKING:
    from wattflop.claims.evaluate import ClaimResult

app = typer.Typer(
    name="wattflop",
    help="Where should the next gigawatt of AI compute run, and what does it cost?",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _did_you_mean(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    return f"did you mean '{close[0]}'? " if close else ""


def _fmt(x: Any, digits: int = 4) -> str:
    if isinstance(x, float):
        return f"{x:,.{digits}g}" if abs(x) < 1e4 else f"{x:,.0f}"
    if isinstance(x, int):
        return f"{x:,}"
    return str(x)


#: (result path, label, display unit, factor from the SI value to the display unit)
SUMMARY_ROWS: list[tuple[str, str, str, float]] = [
    ("orbit.inclination_deg", "inclination", "deg", 1.0),
    ("orbit.period_s", "period", "min", 1 / 60),
    ("eclipse.sunlit_fraction", "sunlit fraction (year)", "", 1.0),
    ("eclipse.max_duration_s", "longest eclipse", "min", 1 / 60),
    ("eclipse.days_with_eclipse", "days with eclipse", "", 1),
    ("power.array_area_m2", "array area / satellite", "m²", 1.0),
    ("power.array_bol_w", "array power BOL / satellite", "kW", 1e-3),
    ("power.battery_capacity_wh", "battery / satellite", "kWh", 1e-3),
    ("thermal.net_flux_w_per_m2", "radiator net flux", "W/m²", 1.0),
    ("thermal.radiator_area_m2", "radiator area / satellite", "m²", 1.0),
    ("radiation.dose_rad_si_per_year", "dose", "rad(Si)/yr", 1.0),
    ("reliability.life_yr", "life", "yr", 1.0),
    ("mass.satellite_kg", "satellite mass", "kg", 1.0),
    ("specific_power_w_per_kg", "IT power per kg in orbit", "W/kg", 1.0),
    ("satellite.kg_per_kw", "satellite mass per kW of IT", "kg/kW", 1.0),
    ("satellite.usd_per_w", "satellite price per W of IT", "USD/W", 1.0),
    ("fleet.satellites", "satellites", "", 1),
    ("fleet.accelerators", "accelerators (running)", "", 1),
    ("fleet.launches", "launches", "", 1),
    ("mass.fleet_kg", "fleet mass", "t", 1e-3),
    ("energy.delivered_to_it_mwh_per_year", "energy delivered to IT", "TWh/yr", 1e-6),
    ("cost.lcoe_usd_per_mwh", "LCOE to the chips", "USD/MWh", 1.0),
    ("cost.usd_per_accelerator_hour", "cost per accelerator-hour", "USD", 1.0),
    ("deployment.months_to_full_power", "months to full power", "months", 1.0),
    ("cost.usd_per_eflop", "cost per delivered EFLOP", "USD", 1.0),
]


GROUND_ROWS: list[tuple[str, str, str, float]] = [
    ("it_chain.accelerators", "accelerators", "", 1),
    ("it_chain.racks", "racks", "", 1),
    ("it_chain.it_mw", "IT power", "MW", 1.0),
    ("it_chain.pue_mean", "PUE (year mean)", "", 1.0),
    ("it_chain.site_peak_mw", "site peak load", "MW", 1.0),
    ("ground.capacity_mw.gas_turbines", "gas turbines", "MW", 1.0),
    ("ground.capacity_mw.gas_turbine_units", "gas turbine units", "", 1),
    ("ground.capacity_mw.battery", "battery power", "MW", 1.0),
    ("ground.battery_mwh", "battery energy", "MWh", 1.0),
    ("ground.capacity_mw.pv", "PV (AC)", "MW", 1.0),
    ("ground.capacity_mw.grid_connection", "grid connection", "MW", 1.0),
    ("ground.energy_mix.gas", "energy from gas", "", 1.0),
    ("ground.energy_mix.grid_import", "energy from grid", "", 1.0),
    ("ground.energy_mix.pv", "energy from PV", "", 1.0),
    ("ground.co2_t_per_year", "CO₂", "t/yr", 1.0),
    ("ground.unserved_mwh", "unserved energy", "MWh/yr", 1.0),
    ("ground.land_ha", "land", "ha", 1.0),
    ("energy.delivered_to_it_mwh_per_year", "energy delivered to IT", "TWh/yr", 1e-6),
    ("cost.lcoe_usd_per_mwh", "LCOE to the chips", "USD/MWh", 1.0),
    ("cost.usd_per_accelerator_hour", "cost per accelerator-hour", "USD", 1.0),
    ("deployment.months_to_full_power", "months to full power", "months", 1.0),
    ("cost.usd_per_eflop", "cost per delivered EFLOP", "USD", 1.0),
]


def _summary(result: Any) -> Table:
    v = result.values
    table = Table(title=f"{v['scenario']['name']} — boundary: {v['cost']['boundary']}")
    table.add_column("quantity")
    table.add_column("value", justify="right")
    table.add_column("unit")
    rows = GROUND_ROWS if v["scenario"]["site"] == "ground" else SUMMARY_ROWS
    for path, label, unit, factor in rows:
        try:
            value = result.get(path)
        except KeyError:  # not computed for this boundary (time to power under launch_only)
            continue
        table.add_row(label, _fmt(value * factor), unit)  # int × 1 stays an int (counts)

    def share(part: float, whole: float) -> str:
        # a zero total is a result, not a division: its shares are "–"
        return f"{part / whole:.0%}" if whole else "–"

    capex = v["cost"]["capex_usd"]
    total = sum(capex.values())
    for line, usd in sorted(capex.items(), key=lambda kv: -kv[1]):
        table.add_row(f"  capex: {line}", f"{usd / 1e9:,.2f}", f"BUSD ({share(usd, total)})")
    by_line = v["cost"].get("usd_per_eflop_by_line", {})
    per_eflop = v["cost"]["usd_per_eflop"]
    for line, usd in sorted(by_line.items(), key=lambda kv: -kv[1]):
        if usd and abs(usd) >= 5e-4 * abs(per_eflop):
            table.add_row(f"  per EFLOP: {line}", f"{usd:,.3f}", f"USD ({share(usd, per_eflop)})")
    return table


def _solver_line(s: Any) -> str:
    """One line on how the plant LP was solved (``ground.solver`` of a result)."""
    kinds = {"pdlp_iterations": "PDLP", "ipm_iterations": "IPM",
             "crossover_iterations": "crossover", "simplex_iterations": "simplex"}  # fmt: skip
    its = ", ".join(f"{s[key]:,} {name}" for key, name in kinds.items() if s[key])
    how = f"plant.solver = {s['requested']}"
    if s["fallback"]:
        how += f", fell back: {s['fallback_reason']}"
    return (
        f"LP solved by {s['used']} ({escape(how)}) in {s['solve_time_s']:.2f} s"
        f"{f', {its} iterations' if its else ''}; max infeasibility primal "
        f"{s['max_primal_infeasibility']:.1e}, dual {s['max_dual_infeasibility']:.1e}"
    )


def _with_solver(path: Path, sc: Any, solver: str) -> Any:
    """The scenario at ``path`` with ``plant.solver`` set to ``solver`` (``run --solver``);
    exit 2 on a value the key does not take or a scenario without a plant LP."""
    import wattflop
    from wattflop.scenario import GroundScenario
    from wattflop.scenario.keys import load_raw, set_key

    if not isinstance(sc, GroundScenario):
        fail(
            f"--solver {solver}: sets plant.solver, the algorithm of a ground plant's LP; "
            f"{path} is an {sc.site} scenario, which has none. Drop --solver"
        )
    try:
        return wattflop.parse_scenario(set_key(load_raw(path), "plant.solver", solver))
    except ScenarioError as exc:
        fail(flag_error("--solver", solver, exc))


def dumps(value: Any, **kwargs: Any) -> str:
    """:func:`wattflop.jsonable.dumps`, imported when a command writes JSON (it loads numpy,
    which ``validate`` and ``--help`` do not need)."""
    from wattflop.jsonable import dumps as to_json

    return to_json(value, **kwargs)


@app.command()
def run(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    out_dir: Annotated[
        Path, typer.Option("--out", help="Directory for result.json and report.html.")
    ] = Path("out"),
    report: Annotated[bool, typer.Option(help="Write report.html.")] = True,
    max_memory: MaxMemory = None,
    yes: Yes = False,
    solver: Annotated[
        str | None,
        typer.Option(
            help="Ground only: the plant LP's HiGHS algorithm, over the scenario's "
            "plant.solver: auto (PDLP, simplex when it falls short; the default), simplex, "
            "pdlp, hipdlp or ipm."
        ),
    ] = None,
    no_cache: NoCache = False,
) -> None:
    """Simulate one site; print a summary; write DIR/result.json and DIR/report.html. An
    orbital year's memory and time are estimated from its time step before it starts: above
    the memory budget (2 GiB) or 15 minutes it is refused unless --max-memory / --yes allow
    it. A ground run prints how its plant LP was solved (result.json: ground.solver)."""
    import wattflop
    from wattflop.scenario import GroundScenario

    ready(out_dir)
    if report:  # the page's extra, checked before any work (the folder is one unit)
        import wattflop.report
    try:
        sc = wattflop.load_scenario(scenario)
        if solver is not None:
            sc = _with_solver(scenario, sc, solver)
        limits = budget(max_memory, yes)
        if isinstance(sc, GroundScenario):
            what = "a year of hourly dispatch on PyPSA + HiGHS"
        else:
            from wattflop.budget import format_seconds
            from wattflop.orbit.site import year_estimate

            took = format_seconds(year_estimate(sc.orbit.time_step).seconds)
            what = f"a year at {sc.orbit.time_step:g} s steps, about {took}"
        with err.status(f"simulating {escape(scenario.name)} ({what})…"), caching(no_cache):
            result = wattflop.simulate(sc, budget=limits)
    except WattflopError as exc:
        fail(exc)

    out.print(_summary(result))
    if isinstance(sc, GroundScenario):
        out.print(_solver_line(result.get("ground.solver")))
        if _from_cache(result):
            out.print("[dim]read from the result cache (solved before; --no-cache solves again)[/]")
    for note in result.values.get("notes", []):
        out.print(f"[yellow]note:[/] {escape(str(note))}")
    # one unit: result.json beside the report of another scenario is never seen, and files of
    # the site result this run does not write (a ground run's dispatch.parquet) are removed
    with writing(out_dir, owns=SITE_FILES) as stage:
        stage.write("result.json", result.to_json())
        if isinstance(sc, GroundScenario):
            with caching(no_cache):
                _write_ground_files(result, sc, stage)
        if report:
            from wattflop.report.html import render_report

            stage.write("report.html", render_report(result, sc))
    for name in ("result.json", "dispatch.parquet", "network.nc", "report.html"):
        if name in stage.names:
            out.print(f"wrote {out_dir / name}")


def _from_cache(result: Any) -> bool:
    """Whether a result was read from the result cache rather than solved now."""
    from wattflop.result_cache import read_from_cache

    return read_from_cache(result)


def _write_ground_files(result: Any, sc: Any, stage: Stage) -> None:
    """Hourly dispatch as Parquet and the solved network as netCDF, into the stage. The
    network file is the one kept in the result cache for this scenario when there is one
    (no solve); else the result's network, exported and then kept there."""
    import io

    from wattflop import result_cache

    hourly = [k for k in result.detail.data_vars if result.detail[k].dims == ("time",)]
    buf = io.BytesIO()
    result.detail[hourly].to_dataframe().to_parquet(buf)
    stage.write("dispatch.parquet", buf.getvalue())
    network = stage.path("network.nc")
    if not result_cache.copy_network(sc, network):
        from wattflop.ground.network import export_netcdf  # PyPSA: only when exporting

        export_netcdf(result.artifacts["network"], network)
        result_cache.keep_network(sc, network)


@app.command()
def compare(
    scenarios: Annotated[list[Path], typer.Argument(help="Two or more scenario files.")],
    boundary: Annotated[
        str | None,
        typer.Option(help="energy_only, power_and_cooling or full (default: the first file's)."),
    ] = None,
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for compare.json/html.")] = Path(
        "out"
    ),
    no_cache: NoCache = False,
) -> None:
    """Simulate sites under one cost boundary and compare their cost of delivered compute."""
    ready(out_dir)
    import wattflop
    from wattflop.report.compare import render_comparison
    from wattflop.scenario import Boundary
    from wattflop.study.compare import compare as run_compare

    if len(scenarios) < 2:
        fail("give at least two scenario files to compare")
    chosen = None
    if boundary is not None:
        try:
            chosen = Boundary(boundary)
        except ValueError:
            close = difflib.get_close_matches(boundary, [b.value for b in Boundary], n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            choices = ", ".join(b.value for b in Boundary)
            fail(f"unknown boundary '{boundary}'{hint} (choose {choices})")
    try:
        loaded = [wattflop.load_scenario(p) for p in scenarios]
        with err.status(f"simulating {len(loaded)} sites…"), caching(no_cache):
            c = run_compare(loaded, boundary=chosen)
    except WattflopError as exc:
        fail(exc)
    table = Table(title=f"compare — boundary: {c.boundary.value}")
    table.add_column("quantity")
    for name in c.names:
        table.add_column(escape(name), justify="right")
    table.add_column("unit")
    for label, unit, values in c.table():
        table.add_row(label, *(_fmt(v) for v in values), unit)
    table.add_row("ratio to the cheapest (per EFLOP)", *(f"{x:.2f}×" for x in c.ratio()), "")
    out.print(table)
    from wattflop.study.compare import with_boundary
    from wattflop.study.summary import comparison_verdict

    verdict = comparison_verdict([with_boundary(sc, c.boundary) for sc in loaded], c.results)
    if verdict is not None:
        out.print(escape(verdict.sentence))
    for note in c.workload_notes:
        out.print(f"[yellow]note:[/] {escape(note)}")
    _write_pages(out_dir, "compare", dumps(c.to_dict(), indent=2), render_comparison(c))


@app.command()
def headroom(
    data: Annotated[
        str | None,
        typer.Argument(
            help="EIA-930 cleaned demand CSV (path or URL); default: the public CONUS file."
        ),
    ] = None,
    capacity: Annotated[str, typer.Option(help="Fleet capacity, e.g. '1.1 TW'.")] = "1.1 TW",
    year: Annotated[int | None, typer.Option(help="Calendar year to use.")] = 2024,
    dispatchable_fraction: Annotated[
        float, typer.Option(help="Share of the capacity that can be dispatched at will.")
    ] = 1.0,
    storage_power: Annotated[str, typer.Option(help="Storage power, e.g. '100 GW'.")] = "0 GW",
    storage_hours: Annotated[
        float, typer.Option(help="Storage energy as hours at its power.")
    ] = 4.0,
    efficiency: Annotated[float, typer.Option(help="Round-trip efficiency of storage.")] = 0.85,
) -> None:
    """How much constant new load (e.g. AI) a fleet can serve without new plants, with and
    without storage (the 'batteries could double US output' claim)."""
    from wattflop.study.headroom import CONUS_URL, check_fleet, read_eia930, storage_headroom
    from wattflop.units import UnitParseError, to_si

    powers = {"--capacity": capacity, "--storage-power": storage_power}
    si: dict[str, float] = {}
    for flag, text in powers.items():
        try:
            si[flag] = to_si(text, "W")
        except UnitParseError as exc:
            fail(f"{flag}: {exc}")
    cap_w, p_w = si["--capacity"], si["--storage-power"]
    if not cap_w > 0:
        fail(f"--capacity must be > 0, got {capacity}")
    if not p_w >= 0:
        fail(f"--storage-power must be ≥ 0, got {storage_power}")
    for flag, value, ok, want in (
        (
            "--dispatchable-fraction",
            dispatchable_fraction,
            0 < dispatchable_fraction <= 1,
            "within (0, 1]",
        ),
        ("--efficiency", efficiency, 0 < efficiency <= 1, "within (0, 1]"),
        ("--storage-hours", storage_hours, storage_hours >= 0, "≥ 0 h"),
    ):
        if not ok:
            fail(f"{flag} must be {want}, got {value:g}")
    try:
        load = read_eia930(data or CONUS_URL, year=year)
        check_fleet(load, cap_w / 1e6, dispatchable_fraction)
        h = storage_headroom(
            load, capacity_mw=cap_w / 1e6, dispatchable_fraction=dispatchable_fraction,
            storage_mw=p_w / 1e6, storage_mwh=p_w / 1e6 * storage_hours,
            round_trip_efficiency=efficiency,
        )  # fmt: skip
    except WattflopError as exc:
        fail(exc)
    out.print(escape(h.summary()))


@app.command()
def breakeven(
    orbit_file: Annotated[Path, typer.Argument(help="Orbital scenario.")],
    ground_file: Annotated[Path, typer.Argument(help="Ground scenario.")],
    vary: Annotated[str, typer.Option(help="Dotted scenario key, e.g. launch.price_per_kg.")],
    range_: Annotated[
        tuple[str, str] | None,
        typer.Option("--range", help="LO HI, numbers in the key's unit or with units."),
    ] = None,
    side: Annotated[str, typer.Option(help="orbit, ground or both.")] = "orbit",
    metric: Annotated[
        str | None,
        typer.Option(help="Result path to equalise (default: the cost per delivered EFLOP)."),
    ] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Directory for breakeven.json/html.")
    ] = Path("out"),
    no_cache: NoCache = False,
) -> None:
    """The value of any numeric scenario key at which orbit and ground cost the same."""
    ready(out_dir)
    from wattflop.report.breakeven import render_breakeven
    from wattflop.scenario.keys import encode, load_raw, to_input_unit
    from wattflop.study.breakeven import DEFAULT_METRIC, SIDES, default_range, varied_specs
    from wattflop.study.breakeven import breakeven as run_breakeven

    if side not in SIDES:
        fail(f"--side must be orbit, ground or both (got '{side}')")
    try:
        orbit_raw, ground_raw = load_raw(orbit_file), load_raw(ground_file)
    except WattflopError as exc:
        fail(exc)
    try:  # the flags, each blamed by name
        specs = varied_specs(orbit_raw, ground_raw, vary, side)
    except ScenarioError as exc:
        fail(flag_error("--vary", vary, exc))
    except WattflopError as exc:
        fail(f"--vary {vary}: {exc}")
    try:
        lo: str | float
        hi: str | float
        if range_ is None:
            lo, hi = default_range(orbit_raw, ground_raw, vary, side, ask="give --range LO HI")
        else:
            lo, hi = (float(v) if _is_number(v) else v for v in range_)
            for spec in specs.values():
                encode(spec, lo)
                encode(spec, hi)
            unit = next(iter(specs.values()))
            if not to_input_unit(unit, lo) < to_input_unit(unit, hi):
                fail(f"--range {range_[0]} {range_[1]}: LO must be below HI")
    except ScenarioError as exc:
        fail(flag_error("--range", " ".join(range_ or ()), exc))
    except WattflopError as exc:
        fail(exc)
    try:
        with err.status(f"searching {vary} for break-even…"), caching(no_cache):
            b = run_breakeven(
                orbit_raw, ground_raw, vary, lo, hi, side=side, metric=metric or DEFAULT_METRIC
            )
    except WattflopError as exc:
        fail(exc)
    out.print(escape(b.message))
    for note in b.notes:
        out.print(f"[yellow]note:[/] {escape(note)}")
    _write_pages(out_dir, "breakeven", dumps(b.to_dict(), indent=2), render_breakeven(b))


@app.command()
def montecarlo(
    scenarios: Annotated[
        list[Path], typer.Argument(help="One orbital and/or one ground scenario.")
    ],
    samples: Annotated[
        int | None, typer.Option(help="Samples (default: the scenario's uncertainty.samples).")
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Seed (default: the scenario's).")] = None,
    sobol: Annotated[bool, typer.Option(help="Also compute Sobol indices (SALib).")] = True,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Directory for montecarlo.json/html.")
    ] = Path("out"),
    reoptimise_ground: Annotated[
        int,
        typer.Option(
            "--reoptimise-ground",
            metavar="N",
            help="Also re-optimise the ground plant for the first N samples (a full ground run "
            "each, re-sized by the LP, on Dask) and measure the bias of re-pricing; 0: off. "
            "Resumable: the same command again solves only the samples not yet stored.",
        ),
    ] = 0,
    store: Annotated[
        Path | None,
        typer.Option(
            help="Store of the re-optimised samples (a sweep store: `wattflop query` reads it). "
            "Default: OUT/montecarlo-ground-store, replaced when the ground set-up changes.",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(help="Local worker processes of --reoptimise-ground (default: one per core)."),
    ] = None,
    max_memory: MaxMemory = None,
    yes: Yes = False,
    no_cache: NoCache = False,
) -> None:
    """Monte Carlo over the distributions in the scenarios' uncertainty sections: percentiles,
    P(orbit cheaper), tornado and Sobol indices. The samples stream in chunks of 100,000;
    work estimated above the memory budget (2 GiB) or 15 minutes is refused before it starts
    unless --max-memory / --yes allow it. Ground samples re-price the deterministic plan;
    --reoptimise-ground N re-sizes it for N of them (seconds each) and shows both."""
    ready(out_dir)
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    from wattflop.report.montecarlo import render_montecarlo
    from wattflop.scenario.keys import load_raw
    from wattflop.study.reoptimise import Reoptimised
    from wattflop.study.uncertainty import MonteCarlo, monte_carlo

    if samples is not None and samples < 1:
        fail(f"--samples must be a positive integer, got {samples}")
    if seed is not None and seed < 0:
        fail(f"--seed must be ≥ 0, got {seed}")
    if workers is not None and workers < 1:
        fail(f"--workers must be ≥ 1, got {workers}")
    if reoptimise_ground < 0:
        fail(f"--reoptimise-ground must be ≥ 0 (0: off), got {reoptimise_ground}")
    if reoptimise_ground:
        from wattflop.extras import require

        try:
            require("cluster", "wattflop montecarlo --reoptimise-ground")
        except WattflopError as exc:
            fail(exc)
        # its import sets dask's log levels: before quiet_dask_logs, which raises them
        import distributed  # noqa: F401

        from wattflop.sweep.montecarlo import (
            DEFAULT_STORE,
            ReoptimiseStoppedError,
            monte_carlo_reoptimised,
        )
    bar = Bar(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "sampling" not in tasks:
            tasks["sampling"] = bar.add_task("sampling", total=total)
        bar.update(tasks["sampling"], completed=done, total=total)

    def ground(pr: Any) -> None:
        if "ground" not in tasks:
            tasks["ground"] = bar.add_task(
                f"re-optimising ground ({pr.skipped} stored)", total=pr.total - pr.skipped
            )
        bar.update(tasks["ground"], completed=pr.done + pr.failed)

    try:
        raws = [(load_raw(p), str(p)) for p in scenarios]
        limits = budget(max_memory, yes)
        with bar, sweep_cli.quiet_dask_logs(), caching(no_cache):
            mc: MonteCarlo
            r: Reoptimised | None = None
            if reoptimise_ground:
                both = monte_carlo_reoptimised(
                    raws,
                    samples=samples,
                    seed=seed,
                    sobol=sobol,
                    budget=limits,
                    progress=update,
                    reoptimise_ground=reoptimise_ground,
                    store=store if store is not None else out_dir / DEFAULT_STORE,
                    own_store=store is None,
                    workers=workers,
                    ground_progress=ground,
                    use_cache=not no_cache,
                )
                mc, r, d = both.monte_carlo, both.reoptimised, both.to_dict()
            else:
                mc = monte_carlo(
                    raws, samples=samples, seed=seed, sobol=sobol, budget=limits, progress=update
                )
                d = mc.to_dict()
    except WattflopError as exc:
        if reoptimise_ground and isinstance(exc, ReoptimiseStoppedError):
            err.print(f"[bold yellow]{escape(str(exc))}[/]", highlight=False, soft_wrap=True)
            raise typer.Exit(130 if exc.summary.stopped else 1) from None
        fail(exc)
    except KeyboardInterrupt:
        err.print("[bold yellow]interrupted[/]: nothing written", highlight=False)
        raise typer.Exit(130) from None
    t = Table(title=f"Monte Carlo, {mc.samples:,} samples (seed {mc.seed})")
    for col in ("quantity", "p5", "p50", "p95", "determ.", "at", "std. err."):
        t.add_column(col, justify="left" if col == "quantity" else "right")
    labels = {"orbit": "orbit USD/EFLOP", "ground": "ground USD/EFLOP", "ratio": "orbit/ground"}
    rows = [(labels[name], s) for name, s in mc.summaries.items()]
    if r is not None:
        hows = {"repriced": "re-priced", "reoptimised": "re-optimised"}
        for name, s in r.summaries.items():
            what, how = name.split("_")
            rows.append((f"{labels[what]}, {hows[how]} (first {r.samples})", s))
    for label, s in rows:
        t.add_row(
            label,
            f"{s.p5:.4g}",
            f"{s.p50:.4g}",
            f"{s.p95:.4g}",
            f"{s.deterministic:.4g}",
            f"p{s.deterministic_percentile:.0f}",
            f"{s.standard_error:.2g}",
        )
    out.print(t)
    if mc.p_orbit_cheaper is not None:
        out.print(f"P(orbit cheaper) = {mc.p_orbit_cheaper:.2%} ± {mc.p_orbit_cheaper_se or 0:.2%}")
    if mc.tornado:
        top = mc.tornado[0]
        out.print(f"largest swing (tornado): {escape(top['key'])}")
    if r is not None:
        b = r.bias["ground"]
        rate = f" ({r.samples_per_minute:.1f} per minute)" if r.samples_per_minute else ""
        ran = (
            f"{r.solved} solved on {r.workers} worker(s) in {r.wall_s:.1f} s{rate}"
            if r.solved
            else "none left to solve"
        )
        out.print(
            f"re-optimised ground: {r.samples} samples ({r.cases} cases): {r.reused} reused from "
            f"the store, {ran}" + (f"; {r.failed} failed (infeasible)" if r.failed else "")
        )
        out.print(
            f"bias of re-pricing (re-priced − re-optimised): mean {b.mean:+.4g} USD/EFLOP "
            f"({b.relative_mean:+.3%}), median {b.median:+.4g}, p5–p95 {b.p5:+.4g} to "
            f"{b.p95:+.4g}; re-priced lower in {b.share_repriced_lower:.0%} of {b.pairs}"
        )
        lp = r.lp
        if lp.checked:
            verdict = "holds" if lp.holds else f"FAILS in {lp.violations} sample(s)"
            out.print(
                f"LP objective, re-priced ≥ re-optimised: {verdict} (smallest margin "
                f"{lp.min_margin:+.2e} relative)"
            )
        out.print(f"store: {escape(r.store)}")
    for note in d["notes"]:
        out.print(f"[yellow]note:[/] {escape(note)}")
    _write_pages(out_dir, "montecarlo", dumps(d, indent=2), render_montecarlo(d))


@app.command()
def learning(
    orbit_file: Annotated[Path, typer.Argument(help="Orbital scenario.")],
    ground_file: Annotated[Path, typer.Argument(help="Ground scenario.")],
    launch_cadence: Annotated[
        float, typer.Option(help="Mass launched per year from 2026 [t/yr].")
    ] = 37_000.0,
    accelerator_learning_rate: Annotated[
        float | None,
        typer.Option(
            help="Accelerator price drop per doubling, both sides [-]; default: the table's "
            "20 % (10–30 %)."
        ),
    ] = None,
    until: Annotated[int, typer.Option(help="Last year.")] = 2060,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Directory for learning.json/html.")
    ] = Path("out"),
    no_cache: NoCache = False,
) -> None:
    """Learning curves on both sides: the year orbit's cost per EFLOP falls below ground's."""
    ready(out_dir)
    import numpy as np

    from wattflop.report.timeline import render_timeline
    from wattflop.scenario.keys import load_raw
    from wattflop.study.timeline import LAST_YEAR, timeline

    if not 2026 < until <= LAST_YEAR:
        fail(f"--until must lie in 2027–{LAST_YEAR:.0f}, got {until}")
    try:
        with err.status("learning…"), caching(no_cache):
            tl = timeline(
                load_raw(orbit_file),
                load_raw(ground_file),
                np.arange(2026.0, until + 1.0),
                launch_cadence_kg_per_yr=launch_cadence * 1e3,
                accelerator_learning_rate=accelerator_learning_rate,
            )
    except WattflopError as exc:
        fail(exc)
    out.print(escape(tl.summary()))
    last = f"{tl.years[-1]:.0f}"
    t = Table(title="Cost per delivered EFLOP as prices learn [USD/EFLOP]")
    for col in ("case", "crossing", f"orbit {tl.years[0]:.0f}", f"orbit {last}",
                f"ground {last}", "orbit floor", "ground floor"):  # fmt: skip
        t.add_column(col, justify="left" if col == "case" else "right")
    for case, c in tl.cases.items():
        y = c["crossing_year"]
        t.add_row(
            case,
            f"{y:.1f}" if y is not None else f"after {last}",
            f"{c['orbit'][0]:.4g}",
            f"{c['orbit'][-1]:.4g}",
            f"{c['ground'][-1]:.4g}",
            f"{c['floor']['orbit'][-1]:.4g}",
            f"{c['floor']['ground'][-1]:.4g}",
        )
    out.print(t)
    for site, f in tl.floors.items():
        lines = ", ".join(f"{k} {v:.3g}" for k, v in f.lines.items()) or "none"
        out.print(
            f"{site}: floor {f.total:.4g} USD/EFLOP (lines that never learn: {escape(lines)}); "
            f"asymptote (every learning price at zero) {f.asymptote:.4g}"
        )
    out.print(escape(tl.floor_summary()))
    for note in tl.notes:
        out.print(f"[yellow]note:[/] {escape(note)}")
    _write_pages(out_dir, "learning", dumps(tl.to_dict(), indent=2), render_timeline(tl.to_dict()))


@app.command("what-it-takes")
def what_it_takes(
    orbit_file: Annotated[Path, typer.Argument(help="Orbital scenario.")],
    ground_file: Annotated[Path, typer.Argument(help="Ground scenario.")],
    launch_price: Annotated[float, typer.Option(help="Launch price of the map [USD/kg].")] = 100.0,
    samples: Annotated[int, typer.Option(help="Monte Carlo samples of the contour's band.")] = 1000,
    seed: Annotated[int | None, typer.Option(help="Seed (default: the scenario's).")] = None,
    out_dir: Annotated[
        Path, typer.Option("--out", help="Directory for what_it_takes.json/html.")
    ] = Path("out"),
    no_cache: NoCache = False,
) -> None:
    """What it would take for orbit to win: a map of satellite USD/W × kg/kW with the
    orbit = ground contour and its Monte Carlo band, published designs, and the levers that
    flip the answer, in greedy order."""
    ready(out_dir)
    from wattflop.report.what_it_takes import render_what_it_takes
    from wattflop.scenario.keys import load_raw
    from wattflop.study.what_it_takes import what_it_takes as run_what_it_takes

    if not launch_price > 0:
        fail(f"--launch-price must be a positive number of USD/kg, got {launch_price}")
    if samples < 2:
        fail(f"--samples must be at least 2, got {samples}")
    if seed is not None and seed < 0:
        fail(f"--seed must be ≥ 0, got {seed}")
    try:
        orbit_raw, ground_raw = load_raw(orbit_file), load_raw(ground_file)
        with err.status("simulating both sites, then mapping USD/W × kg/kW…"), caching(no_cache):
            w = run_what_it_takes(
                orbit_raw, ground_raw, launch_price=launch_price, samples=samples, seed=seed
            )
    except WattflopError as exc:
        fail(exc)
    out.print(escape(w.summary()))
    t = Table(title="levers, greedy order (from the headline at its own launch price)")
    for col in ("step", "lever", "value", "orbit/ground", "change", "orbit cheaper"):
        t.add_column(col, justify="left" if col in ("lever", "value") else "right")
    t.add_row("0", "headline", "", f"{w.levers.start_ratio:.4f}", "", "")
    for st in w.levers.steps:
        t.add_row(
            str(st.step),
            escape(st.label),
            escape(f"{_fmt(st.default)} → {_fmt(st.value)} {st.unit}".strip()),
            f"{st.ratio:.4f}",
            f"{st.change:+.4f}",
            "yes" if st.flipped else "no",
        )
    out.print(t)
    for key, why in w.levers.skipped:
        out.print(f"[yellow]lever left out:[/] {escape(key)}: {escape(why)}")
    for note in w.notes:
        out.print(f"[yellow]note:[/] {escape(note)}")
    d = w.to_dict()
    _write_pages(out_dir, "what_it_takes", dumps(d, indent=2), render_what_it_takes(d))


def _write_pages(out_dir: Path, name: str, payload: str, html: str) -> None:
    """Write ``name.json`` and ``name.html`` into ``out_dir`` as one unit, or fail with exit 2."""
    with writing(out_dir, owns=(f"{name}.json", f"{name}.html")) as stage:
        stage.write(f"{name}.json", payload)
        stage.write(f"{name}.html", html)
    out.print(f"wrote {out_dir / f'{name}.json'} and {out_dir / f'{name}.html'}")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@app.command()
def claims(
    out_dir: Annotated[Path, typer.Option("--out", help="Directory for claims.json/html.")] = Path(
        "out"
    ),
    scenarios: Annotated[
        Path | None, typer.Option(help="Folder of the scenarios (default: the bundled ones).")
    ] = None,
    demand: Annotated[
        Path | None,
        typer.Option(help="EIA-930 CONUS demand CSV (default: the copy shipped with wattflop)."),
    ] = None,
    generation: Annotated[
        Path | None,
        typer.Option(
            help="Yearly national electricity generation CSV (default: the copy shipped with "
            "wattflop, data/national/electricity_generation.csv)."
        ),
    ] = None,
    no_cache: NoCache = False,
) -> None:
    """Check the public claims against the models: claimed, computed (p5–p95), verdict, why,
    and what would make each claim hold."""
    ready(out_dir)
    from wattflop.claims import evaluate_claims
    from wattflop.report.claims import render_claims

    try:
        with (
            err.status("evaluating the claims (orbit, ground LP, learning, headroom, generation)…"),
            caching(no_cache),
        ):
            results = evaluate_claims(
                scenarios_dir=scenarios, demand_file=demand, generation_file=generation
            )
    except WattflopError as exc:
        fail(exc)
    _print_claims(results)
    _write_pages(
        out_dir,
        "claims",
        dumps([r.to_dict() for r in results], indent=2),
        render_claims(results),
    )


#: Rich style of each verdict kind in the terminal: red only for ``contradicted``; ``not
#: evaluated`` (outside the model) is dim, never red.
CLAIM_STYLES = {
    "consistent": "bold green",
    "optimistic": "bold yellow",
    "pessimistic": "bold blue",
    "contradicted": "bold red",
    "not evaluated": "dim",
}


def _print_claims(results: Sequence[ClaimResult]) -> None:
    """The claims as a table that stays readable at 80 columns (ids never cut; the other cells
    wrap), then each claim in full: statement, source and link, why, and what would make it
    hold."""
    from rich import box

    from wattflop.report.claims import band_text, holds_if_text, value_text

    width = max((len(r.id) for r in results), default=5)
    table = Table(title="public claims, checked", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("claim", no_wrap=True, min_width=width, overflow="fold")
    table.add_column("claimed", ratio=1)
    table.add_column("wattflop [p5–p95]", ratio=1)
    table.add_column("verdict", ratio=1)
    for r in results:
        value = value_text(r.value, r.unit)
        if r.band is not None:
            value += f"\n[{band_text(r.band, r.unit)}]"
        style = CLAIM_STYLES.get(r.kind, "")
        table.add_row(
            escape(r.id),
            escape(value_text(r.claimed, r.claimed_unit)),
            escape(value),
            f"[{style}]{escape(r.verdict)}[/]" if style else escape(r.verdict),
        )
    out.print(table)
    for r in results:
        style = CLAIM_STYLES.get(r.kind, "")
        verdict = f"[{style}]{escape(r.verdict)}[/]" if style else escape(r.verdict)
        out.print(f"\n[bold]{escape(r.id)}[/]  {verdict}", highlight=False)
        block = Table.grid(padding=(0, 1))
        block.add_column(style="dim", no_wrap=True, justify="right")
        block.add_column(overflow="fold")
        source = r.source + (f" <{r.url}>" if r.url else "")
        for label, text in (
            ("claim", r.statement or r.text),
            ("source", source),
            ("why", r.reason or "—"),
            ("holds if", holds_if_text(r.holds_if, r.unit)),
        ):
            block.add_row(f"  {label}:", escape(text))
        out.print(block, highlight=False)


@app.command()
def reproduce(
    out_dir: Annotated[
        Path, typer.Option("--out", help="Directory for reproduce.json/html.")
    ] = Path("out"),
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="A publication or figure id (repeat for more)."),
    ] = None,
) -> None:
    """The referee: published designs run with their own inputs, their figures beside
    wattflop's, and a waterfall from their assumptions to wattflop's defaults."""
    ready(out_dir)
    from wattflop.report.reproduce import render_reproduce
    from wattflop.study.reproduce import reproduce as run_reproduce

    try:
        with err.status("running the publications' scenarios and waterfalls…"):
            reps = run_reproduce(only)
    except WattflopError as exc:
        fail(exc)
    table = Table(title="published figures, reproduced with their own inputs")
    for col in ("figure", "published", "wattflop (their inputs)", "ratio", "verdict"):
        table.add_column(col)
    for rep in reps:
        for f in rep.figures:
            if only and rep.id not in only and f.id not in only:
                continue
            verdict = f.verdict if f.within else f"{f.verdict}: {f.gap_line}"
            table.add_row(
                escape(f.id),
                escape(f"{_fmt(f.published)} {f.unit}"),
                escape(f"{_fmt(f.value)} {f.unit}"),
                f"{f.ratio:.3f}",
                escape(verdict),
            )
    out.print(table)
    for rep in reps:
        steps = Table(title=f"{rep.id}: {rep.waterfall_figure}, from its inputs to wattflop's")
        for col in ("step", rep.waterfall_unit, "effect", "USD/EFLOP"):
            steps.add_column(col)
        for s in rep.waterfall:
            steps.add_row(escape(s.name), _fmt(s.value), _fmt(s.delta), f"{s.usd_per_eflop:.3f}")
        out.print(steps)
    _write_pages(
        out_dir,
        "reproduce",
        dumps([r.to_dict() for r in reps], indent=2),
        render_reproduce(reps),
    )


@app.command()
def index(
    folder: Annotated[Path, typer.Argument(help="Study folder written by run/compare/...")] = Path(
        "out"
    ),
) -> None:
    """Write FOLDER/index.html: the answer first, then links to every page in the folder."""
    from wattflop.report.index import render_index

    if not folder.is_dir():
        fail(f"no folder '{folder}': run `wattflop run ... --out {folder}` first")
    page = render_index(folder)
    with writing(folder, owns=("index.html",)) as stage:
        stage.write("index.html", page)
    out.print(f"wrote {folder / 'index.html'}")


class _Background:
    """A step of :func:`demo` run as its own ``wattflop`` process beside the others; its
    output is kept and shown when it ends."""

    def __init__(self, step: Sequence[str]) -> None:
        import subprocess
        import tempfile
        import time

        self.line = "wattflop " + " ".join(step)
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by wait() or stop()
        self._t0 = time.perf_counter()
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "wattflop", *step],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        self.code: int | None = None
        self.output = ""

    def wait(self) -> tuple[str, float]:
        """Wait for the process; (line, seconds it ran)."""
        import time

        self.code = self._proc.wait()
        took = time.perf_counter() - self._t0
        self._log.seek(0)
        self.output = self._log.read().decode("utf-8", "replace")
        self._log.close()
        return self.line, took

    def stop(self) -> None:
        """End it if it still runs (the study stopped early)."""
        import subprocess

        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self._proc.kill()
        if not self._log.closed:
            self._log.close()


#: The headline study (``make demo``, :func:`demo`): each step is a command line of this
#: program, OUT standing for the output folder. The bundled scenarios, by name.
DEMO_ORBIT = "orbit-1gw-dawn-dusk-650km"
DEMO_GROUND = "ground-1gw-memphis"
#: The commands among them that take --no-cache.
CACHED_COMMANDS = frozenset(
    {"run", "compare", "breakeven", "learning", "montecarlo", "what-it-takes", "claims", "sweep"}
)
DEMO_STEPS: tuple[tuple[str, ...], ...] = (
    ("run", DEMO_ORBIT, "--out", "OUT"),
    ("run", DEMO_GROUND, "--out", "OUT/ground"),
    ("compare", DEMO_ORBIT, DEMO_GROUND, "--boundary", "full", "--out", "OUT"),
    ("breakeven", DEMO_ORBIT, DEMO_GROUND, "--vary", "launch.price_per_kg", "--range", "10",
     "5000", "--out", "OUT"),
    ("learning", DEMO_ORBIT, DEMO_GROUND, "--out", "OUT"),
    ("montecarlo", DEMO_ORBIT, DEMO_GROUND, "--out", "OUT"),
    ("what-it-takes", DEMO_ORBIT, DEMO_GROUND, "--out", "OUT"),
    ("reproduce", "--out", "OUT"),
    ("claims", "--out", "OUT"),
    ("constellation", "constellation-81-formation-650km", "--out", "OUT/constellation-formation"),
    ("constellation", "constellation-walker-550km", "--out", "OUT/constellation-walker"),
    ("sweep", "orbit-design-space", "--store", "OUT/sweep-orbit", "--resume", "--no-progress"),
    ("sweep-report", "OUT/sweep-orbit", "--versus", "satellite_kg", "--out", "OUT/sweep.html"),
    ("index", "OUT"),
)  # fmt: skip


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder of the study's pages.")] = Path(
        "out"
    ),
    workers: Annotated[
        int | None, typer.Option(help="Worker processes of the sweep (default: one per core).")
    ] = None,
    profile: Annotated[
        bool,
        typer.Option(
            help="Also print the 25 functions the study spent the most time in (cProfile)."
        ),
    ] = False,
    no_cache: NoCache = False,
) -> None:
    """The headline study, as `make demo` runs it: 1 GW in orbit against 1 GW on the ground
    (run, compare, break-even, learning, Monte Carlo, what it takes, the publications
    reproduced, the claims, two constellations, a design-space sweep), then OUT/index.html.

    Every step is the command of the same name, run in this one process, so the models load
    once, the ground year is solved once (the result cache) and each orbit's year is computed
    once. A line per step says how long it took; the end says where the time went. A failing
    step stops the study with its exit code."""
    import time

    folder = str(out_dir)
    steps = [tuple(a.replace("OUT", folder) if a.startswith("OUT") else a for a in step)
             for step in DEMO_STEPS]  # fmt: skip
    steps = [
        (*step, *(("--workers", str(workers)) if workers and step[0] == "sweep" else ()),
         *(("--no-cache",) if no_cache and step[0] in CACHED_COMMANDS else ()))
        for step in steps
    ]  # fmt: skip
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
    took: list[tuple[str, float]] = []
    t_all = time.perf_counter()
    # the sweep runs beside the other steps, in a process of its own with one worker (two
    # with --workers 2): the other steps keep one core busy, the sweep the other
    background = [step for step in steps if step[0] == "sweep"]
    if not any(a == "--workers" for step in background for a in step):
        background = [(*step, "--workers", "1") for step in background]
    running = [_Background(step) for step in background]
    try:
        for i, step in enumerate(steps, 1):
            if step[0] == "sweep":
                continue
            if step[0] in ("sweep-report", "index"):
                for job in running:  # the pages that read the sweep's store wait for it
                    if job.code is None:
                        took.append(job.wait())
                        if job.code:
                            err.print(job.output, highlight=False, markup=False)
                            err.print(f"[bold red]failed[/]: {escape(job.line)}: exit {job.code}")
                            raise typer.Exit(job.code)
                        err.print(f"[dim]{escape(job.line)}: {took[-1][1]:.1f} s[/]")
            line = "wattflop " + " ".join(step)
            err.print(f"[bold][{i}/{len(steps)}][/] {escape(line)}", highlight=False)
            t0 = time.perf_counter()
            try:
                code = app(list(step), prog_name="wattflop", standalone_mode=False)
            except typer.Exit as exc:  # typer's own exit, raised past click in some paths
                code = exc.exit_code
            except typer.Abort:  # Ctrl-C inside a step
                code = 130
            dt = time.perf_counter() - t0
            took.append((line, dt))
            if code not in (None, 0):
                err.print(f"[bold red]step {i} failed[/] ({escape(line)}): exit {code}")
                raise typer.Exit(int(code) if isinstance(code, int) else 1)
            err.print(f"      [dim]{dt:.1f} s[/]", highlight=False)
    finally:
        for job in running:
            job.stop()
    total = time.perf_counter() - t_all
    if prof is not None:
        import io
        import pstats

        prof.disable()
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(25)
        out.print(escape(buf.getvalue()))
    t = Table(title=f"where the time went: {total:.1f} s in all")
    t.add_column("step", no_wrap=True, overflow="ellipsis", max_width=52)
    t.add_column("s", justify="right", no_wrap=True, min_width=5)
    t.add_column("share", justify="right", no_wrap=True, min_width=5)
    beside = {job.line for job in running}
    for line, dt in sorted(took, key=lambda x: -x[1]):
        share = "beside" if line in beside else f"{dt / total:.0%}" if total > 0 else "–"
        t.add_row(escape(line), f"{dt:.1f}", share)
    out.print(t)
    out.print(f"open {out_dir / 'index.html'}")


@app.command()
def validate(scenario: Annotated[Path, typer.Argument(help="Scenario YAML file.")]) -> None:
    """Check a scenario file (orbit, ground or constellation) without simulating it,
    including its uncertainty section's distributions and correlations."""
    import wattflop

    try:
        if _peek_site(scenario, strict=True) == "constellation":
            from wattflop.constellation.scenario import load_constellation

            load_constellation(scenario)
        else:
            from wattflop.scenario.keys import load_raw
            from wattflop.study.uncertainty import check_uncertainty

            sc = wattflop.load_scenario(scenario)
            check_uncertainty(load_raw(scenario), sc, str(scenario))
    except WattflopError as exc:
        fail(exc)
    out.print(f"{scenario}: valid")


def _peek_site(path: Path, strict: bool = False) -> object:
    """The top-level ``site`` of a YAML file, or None (the loaders report any problem).

    ``strict``: a YAML-level mistake (syntax, aliases, size, nesting, dates) is raised here,
    from :mod:`wattflop.yamlio` alone, before the models are imported: a hostile file is
    refused in a fraction of a second.
    """
    from wattflop.yamlio import parse_yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # a bundled name, or a file the loaders will report
    try:
        data = parse_yaml(text, str(path))
    except WattflopError:
        if strict:
            raise
        return None
    return data.get("site") if isinstance(data, dict) else None


@app.command()
def schema() -> None:
    """Print the JSON Schema of scenario files (generated from the models)."""
    from wattflop.scenario import scenario_json_schema

    sys.stdout.write(json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False) + "\n")


@app.command("catalog")
def catalog_cmd(
    kind: Annotated[
        str | None,
        typer.Argument(help="accelerators, launch_vehicles, solar_cells or batteries."),
    ] = None,
    name: Annotated[
        str | None, typer.Argument(help="Entry name: show every number with its source.")
    ] = None,
) -> None:
    """List the bundled catalogue, or show one entry with the source of every number."""
    from wattflop import catalog

    kinds = list(catalog.KINDS)
    if kind is not None and kind not in kinds:
        hint = _did_you_mean(kind, kinds)
        fail(f"unknown catalogue kind '{kind}'; {hint}choose one of {', '.join(kinds)}")
    if name is None:
        for k in [kind] if kind else kinds:
            out.print(f"[bold]{k}[/]: {', '.join(catalog.names(k))}")
        return
    assert kind is not None
    known = catalog.names(kind)
    if name not in known:
        fail(f"no {kind} entry '{name}'; {_did_you_mean(name, known)}known: {', '.join(known)}")
    entry = catalog.get(kind, name)
    table = Table(title=escape(f"{kind}: {name} — {entry.description}"))
    for col in ("field", "value (SI)", "source", "date"):
        table.add_column(col, overflow="fold")
    for field, src in catalog.sources(kind, name).items():
        table.add_row(field, _fmt(getattr(entry, field)), escape(src["source"]), src["date"])
    out.print(table)


# Commands in their own modules of this package.
constellation_cli.register(app)
sweep_cli.register(app)
serve_cli.register(app)


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()

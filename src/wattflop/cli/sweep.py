"""Command line of sweeps: ``sweep``, ``query`` and ``sweep-report``, added to the main app by
:func:`register` (:mod:`wattflop.cli.main`)."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from wattflop.budget import cpu_count
from wattflop.cli.console import MaxMemory, NoCache, Yes, budget, err, fail, out

EXIT_STOPPED = 130
EXIT_LOST = 1

#: Loggers of Dask whose INFO lines (a cluster starting, workers joining, closing) would
#: break into the progress bar; quiet while a sweep runs (:func:`quiet_dask_logs`).
DASK_LOGGERS = ("distributed", "dask", "tornado", "bokeh")


@contextmanager
def quiet_dask_logs(level: int = logging.WARNING) -> Iterator[None]:
    """Raise the level of :data:`DASK_LOGGERS` to ``level`` (those below it only) for the
    block, and put every level back on exit: nothing of the logging state outlives the call.
    """
    loggers = [logging.getLogger(name) for name in DASK_LOGGERS]
    saved = [lg.level for lg in loggers]
    try:
        for lg in loggers:
            if lg.getEffectiveLevel() < level:
                lg.setLevel(level)
        yield
    finally:
        for lg, old in zip(loggers, saved, strict=True):
            lg.setLevel(old)


def _cell(x: Any) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        if not math.isfinite(x):
            return str(x)
        return f"{x:,.6g}" if abs(x) < 1e6 else f"{x:,.0f}"
    if isinstance(x, int) and not isinstance(x, bool):
        return f"{x:,}"
    return str(x)


def sweep(
    sweep_file: Annotated[
        Path, typer.Argument(help="Sweep YAML file, or a bundled sweep by name.")
    ],
    store: Annotated[Path, typer.Option("--store", help="Result store folder.")],
    workers: Annotated[
        int | None, typer.Option(help="Local worker processes (default: one per core).")
    ] = None,
    scheduler: Annotated[
        str | None, typer.Option(help="Address of a running Dask scheduler, e.g. tcp://h:8786.")
    ] = None,
    resume: Annotated[bool, typer.Option(help="Continue a store: skip cases stored.")] = False,
    batch: Annotated[int, typer.Option(help="Cases per Parquet file.")] = 64,
    flush: Annotated[float, typer.Option(help="Write finished cases at least every S s.")] = 10.0,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
    connect_timeout: Annotated[
        float, typer.Option(help="Seconds to wait for --scheduler to answer.")
    ] = 10.0,
    max_memory: MaxMemory = None,
    yes: Yes = False,
    no_cache: NoCache = False,
) -> None:
    """Run a sweep on Dask and stream every case into a Parquet store (resumable). A sweep
    estimated above the memory budget (2 GiB) or 15 minutes is refused before it starts
    unless --max-memory / --yes allow it."""
    from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
    from rich.progress import Progress as Bar

    from wattflop.errors import WattflopError
    from wattflop.extras import require
    from wattflop.sweep.cases import plan
    from wattflop.sweep.engine import Progress, run_sweep
    from wattflop.sweep.spec import load_sweep

    try:
        require("cluster", "wattflop sweep")
    except WattflopError as exc:
        fail(exc)
    if workers is not None and scheduler is not None:
        fail("give --workers (a local cluster) or --scheduler (a running one), not both")
    if batch < 1:
        fail(f"--batch must be ≥ 1 (got {batch})")
    try:
        limits = budget(max_memory, yes)
        n_workers = None if scheduler is not None else workers or cpu_count()
        p = plan(load_sweep(sweep_file), limits, n_workers)
    except WattflopError as exc:
        fail(exc)
    where = scheduler or f"{workers or 'one per core'} local worker(s)"
    dup = f" ({p.duplicates} repeated combinations dropped)" if p.duplicates else ""
    err.print(f"sweep '{escape(p.name)}': {len(p.cases)} cases{dup} on {escape(where)}")
    bar = Bar(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]} failed · {task.fields[running]} running"),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=err,
        disable=not progress,
        transient=False,
    )
    state: dict[str, Any] = {"task": None, "t0": time.perf_counter()}

    def on_progress(pr: Progress) -> None:
        stored = pr.done + pr.failed
        elapsed = time.perf_counter() - state["t0"]
        rate = f"{stored / elapsed:.2f} cases/s" if stored and elapsed > 0 else "— cases/s"
        if state["task"] is None:
            state["t0"] = time.perf_counter()
            state["task"] = bar.add_task(
                "cases", total=pr.total - pr.skipped, failed=0, running=0, rate=rate
            )
        bar.update(state["task"], completed=stored, failed=pr.failed, running=pr.running, rate=rate)

    try:
        with bar, quiet_dask_logs():
            s = run_sweep(
                p,
                store,
                workers=workers,
                scheduler=scheduler,
                resume=resume,
                batch_size=batch,
                flush_s=flush,
                on_progress=on_progress,
                timeout_s=connect_timeout,
                use_cache=not no_cache,
            )
    except WattflopError as exc:
        fail(exc)
    except KeyboardInterrupt:
        err.print(
            "[bold yellow]interrupted:[/] before any case ran; nothing was stored",
            highlight=False,
        )
        raise typer.Exit(EXIT_STOPPED) from None
    if s.stopped:  # Ctrl-C or SIGTERM: one line on what is kept and how to go on
        before = f"; {s.skipped} stored before" if s.skipped else ""
        err.print(
            f"[bold yellow]interrupted:[/] {s.stored} case(s) of this run kept in "
            f"{escape(str(store))} ({s.done} ok, {s.failed} failed{before}); {s.remaining} "
            "not run: run the same command with --resume to finish",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_STOPPED)
    skipped = f", {s.skipped} already stored" if s.skipped else ""
    out.print(
        f"{s.done} ok, {s.failed} failed{skipped}; {s.stored} stored in {s.files} file(s) "
        f"under {escape(str(store))} in {s.wall_s:.1f} s"
    )
    if s.failed:
        out.print(
            f'[yellow]note:[/] see the failures: wattflop query {escape(str(store))} "SELECT '
            "error_type, count(*) AS n, any_value(error) AS example FROM cases WHERE status = "
            "'failed' GROUP BY ALL\""
        )
    if s.lost:
        err.print(
            f"[red]{len(s.lost)} case(s) could not run on the cluster[/] (first: "
            f"{escape(s.lost[0][1])}); they are not stored: run again with --resume"
        )
        raise typer.Exit(EXIT_LOST)


def query(
    store: Annotated[Path, typer.Argument(help="Result store folder.")],
    sql: Annotated[str, typer.Argument(help='SQL on the view "cases".')],
    limit: Annotated[int, typer.Option(help="Rows to print (0: all).")] = 50,
    csv: Annotated[Path | None, typer.Option(help="Also write the whole answer as CSV.")] = None,
    allow_write: Annotated[
        bool,
        typer.Option(
            "--allow-write",
            help="Run any statement (COPY, CREATE …) with file access; default: SELECT only, "
            "reading the store alone.",
        ),
    ] = False,
    layout: Annotated[
        str,
        typer.Option(
            help="table, vertical (one block per row, 'column: value'), or auto: a table "
            "when it fits the terminal's width, else vertical."
        ),
    ] = "auto",
) -> None:
    """Answer SQL (DuckDB) on a sweep's store; the view `cases` has one row per case."""
    from wattflop.errors import WattflopError
    from wattflop.sweep.query import query as run_query

    try:
        table = run_query(store, sql, allow_write=allow_write)
    except WattflopError as exc:
        fail(exc)
    if layout not in ("auto", "table", "vertical"):
        fail(f"--layout must be auto, table or vertical (got {layout!r})")
    rows = table.to_pylist()
    shown = rows[:limit] if limit > 0 else rows
    names = table.column_names
    cells = [[_cell(v) for v in row.values()] for row in shown]
    # a rich table draws each column as its widest cell plus 3 characters of border/padding
    widths = [max([len(n)] + [len(r[j]) for r in cells]) for j, n in enumerate(names)]
    fits = sum(w + 3 for w in widths) + 1 <= out.width
    title = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
    if layout == "vertical" or (layout == "auto" and not fits):
        out.print(
            title
            + (
                ""
                if layout == "vertical"
                else f" ({len(names)} columns, one block "
                "per row to fit the width; --layout table for a table)"
            )
        )
        pad = max((len(n) for n in names), default=0)
        for i, r in enumerate(cells, 1):
            out.print(f"[bold]── row {i} ──[/]")
            for n, v in zip(names, r, strict=True):
                out.print(f"{escape(n):>{pad}}: {escape(v)}", highlight=False)
    else:
        view = Table(title=title)
        for name in names:
            view.add_column(escape(name), overflow="fold")
        for r in cells:
            view.add_row(*(escape(v) for v in r))
        out.print(view)
    if limit > 0 and len(rows) > limit:
        out.print(f"({len(rows) - limit} more rows; --limit 0 prints all, --csv writes them)")
    if csv is not None:
        import io

        import pyarrow.csv as pacsv  # type: ignore[import-untyped, unused-ignore]

        from wattflop.outdir import write_atomic

        buf = io.BytesIO()
        pacsv.write_csv(table, buf)
        try:
            write_atomic(csv, buf.getvalue())
        except OSError as exc:
            fail(f"cannot write {csv}: {exc.strerror or exc}")
        out.print(f"wrote {csv}")


def sweep_report(
    store: Annotated[Path, typer.Argument(help="Result store folder.")],
    cost: Annotated[
        str | None, typer.Option(help="Cost column (default: usd_per_eflop, else the first).")
    ] = None,
    versus: Annotated[
        str | None, typer.Option(help="Second output for the Pareto front (default: another).")
    ] = None,
    maximize: Annotated[
        bool, typer.Option(help="The second output is better larger (else smaller).")
    ] = False,
    out_file: Annotated[
        Path | None, typer.Option("--out", help="HTML file (default: STORE/report.html).")
    ] = None,
) -> None:
    """Write an HTML page of a sweep: inputs vs the cost of compute, and a Pareto front."""
    from wattflop.errors import WattflopError
    from wattflop.outdir import write_atomic
    from wattflop.report.sweep import render_sweep

    # one file: write_atomic's rename makes it one unit; the store folder itself is not
    # swapped (wattflop.outdir.output_folder), as a sweep may be writing into it
    target = out_file or store / "report.html"
    try:
        page = render_sweep(store, cost=cost, versus=versus, maximize=maximize)
    except WattflopError as exc:
        fail(exc)
    try:
        write_atomic(target, page)
    except OSError as exc:
        fail(f"cannot write {target}: {exc.strerror or exc}")
    out.print(f"wrote {target}")


def register(app: typer.Typer) -> None:
    """Add ``sweep``, ``query`` and ``sweep-report`` to a typer app."""
    app.command("sweep")(sweep)
    app.command("query")(query)
    app.command("sweep-report")(sweep_report)

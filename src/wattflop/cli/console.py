"""The command line's consoles, its one way to report a user mistake and its one way to
write an output folder, shared by every command of :mod:`wattflop.cli`."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from wattflop.budget import Budget, parse_size
from wattflop.errors import InfeasibleError, ScenarioError, WattflopError
from wattflop.outdir import Stage, check_folder, output_folder

out = Console()
err = Console(stderr=True)

#: The files of one site's result (``run``, ``constellation``): the command owns them all
#: (:func:`wattflop.outdir.output_folder`), so one it does not write this time (an orbit run
#: over a ground run: no ``dispatch.parquet``) goes rather than stay beside the new result.
SITE_FILES = ("result.json", "report.html", "dispatch.parquet", "network.nc")

#: Exit code of a user mistake (bad scenario, design that cannot close); never a traceback.
EXIT_USER_ERROR = 2


def fail(exc: Exception | str) -> NoReturn:
    """Print a user error (escaped: messages quote user text such as ``[km]``) and exit 2."""
    kind = "infeasible design" if isinstance(exc, InfeasibleError) else "error"
    text = escape(str(exc))
    err.print(f"[bold red]{kind}:[/] {text}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_USER_ERROR)


#: ``--max-memory``: the compute budget's memory limit (see :mod:`wattflop.budget`).
MaxMemory = Annotated[
    str | None,
    typer.Option(
        "--max-memory",
        help="Memory this command may plan to use, e.g. 8GiB (default 2 GiB, capped at what "
        "the machine has available).",
    ),
]
#: ``--no-cache``: solve every ground site again (:mod:`wattflop.result_cache`).
NoCache = Annotated[
    bool,
    typer.Option(
        "--no-cache",
        help="Solve every ground site again: neither read nor write the result cache "
        "($WATTFLOP_CACHE_DIR/results, else ~/.cache/wattflop/results on Linux).",
    ),
]
#: ``--yes``: run work whose time estimate passes the budget's threshold.
Yes = Annotated[
    bool,
    typer.Option("--yes", help="Run even when the time estimate passes 15 minutes."),
]


@contextmanager
def caching(no_cache: bool) -> Iterator[None]:
    """A block that uses the result cache, or bypasses it with ``--no-cache``
    (:func:`wattflop.result_cache.bypass`; imported only then)."""
    if not no_cache:
        yield
        return
    from wattflop.result_cache import bypass

    with bypass():
        yield


def budget(max_memory: str | None, yes: bool) -> Budget:
    """The :class:`~wattflop.budget.Budget` of ``--max-memory`` and ``--yes`` (exit 2 on a
    size that is not one)."""
    try:
        limit = None if max_memory is None else parse_size(max_memory)
    except WattflopError as exc:
        fail(exc)
    return Budget(max_memory=limit, yes=yes)


@contextmanager
def progress(what: str) -> Iterator[Callable[[int, int], None]]:
    """A progress bar with an ETA on stderr; yields ``update(done, total)``."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(what, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def flag_error(flag: str, value: str, exc: ScenarioError) -> str:
    """A scenario error caused by a command-line flag, told as the flag's: ``--vary
    launch.price_per_kgg: unknown key …`` rather than ``<scenario>: …``."""
    lines = []
    for p in exc.problems:
        path = f"{p.path}: " if p.path and p.path != value else ""
        text = f"{flag} {value}: {path}{p.message}"
        lines.append(text + (f"\n    hint: {p.hint}" if p.hint else ""))
    return "\n".join(lines)


def ready(folder: Path) -> None:
    """Refuse now, before any work, an output folder that cannot be written (a file in its
    place, no permission): exit 2 (:func:`wattflop.outdir.check_folder`)."""
    try:
        check_folder(folder)
    except WattflopError as exc:
        fail(exc)


@contextmanager
def writing(folder: Path, owns: Collection[str] = ()) -> Iterator[Stage]:
    """Write the output folder ``folder`` as one unit (:func:`wattflop.outdir.output_folder`):
    files written to the yielded stage appear together when the block ends, or not at all;
    a folder that cannot be written exits 2 with the reason."""
    try:
        with output_folder(folder, owns) as stage:
            yield stage
    except WattflopError as exc:
        fail(exc)

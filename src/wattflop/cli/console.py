"""The command line's consoles, its one way to report a user mistake and its one way to
write an output folder, shared by every command of :mod:`wattflop.cli`."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from wattflop.errors import InfeasibleError, WattflopError
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

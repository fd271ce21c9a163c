"""The command line's consoles and its one way to report a user mistake, shared by every
command of :mod:`wattflop.cli`."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from wattflop.errors import InfeasibleError

out = Console()
err = Console(stderr=True)

#: Exit code of a user mistake (bad scenario, design that cannot close); never a traceback.
EXIT_USER_ERROR = 2


def fail(exc: Exception | str) -> NoReturn:
    """Print a user error (escaped: messages quote user text such as ``[km]``) and exit 2."""
    kind = "infeasible design" if isinstance(exc, InfeasibleError) else "error"
    text = escape(str(exc))
    err.print(f"[bold red]{kind}:[/] {text}", markup=True, highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_USER_ERROR)

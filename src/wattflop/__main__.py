"""``wattflop`` and ``python -m wattflop``: the command line (:data:`wattflop.cli.app`), with
two more cases caught:

- an optional part used without its extra installed (:class:`wattflop.extras.
  MissingExtraError`) prints what to install and exits with code 2, never a traceback;
- Ctrl-C prints one line saying what was kept and exits with code 130 (128 + SIGINT), not
  click's "Aborted!" with code 1.
"""

from __future__ import annotations

import sys

from wattflop.extras import MissingExtraError

#: Exit code after Ctrl-C: 128 + SIGINT, as shells report it.
EXIT_INTERRUPTED = 130


def main() -> None:
    """Run the command line."""
    import click
    import typer
    from typer.exceptions import TyperException

    from wattflop.cli import app

    # typer ≥ 0.26 runs its own copy of click (typer._click): its exceptions are typer's,
    # not click's; both are caught
    abort = (click.exceptions.Abort, typer.Abort)
    leave = (click.exceptions.Exit, typer.Exit)
    usage = (click.ClickException, TyperException)

    try:
        # outside standalone mode click returns a command's exit code (typer.Exit) instead
        # of exiting; pass it on
        code = app(prog_name="wattflop", standalone_mode=False)
        if isinstance(code, int) and code:
            sys.exit(code)
    except abort:
        from wattflop.cli.console import err

        err.print(
            "[bold yellow]interrupted:[/] an output folder keeps what it held (it is written "
            "as one unit, at the end); a sweep continues with --resume",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    except leave as exc:
        sys.exit(exc.exit_code)
    except usage as exc:  # usage errors: click's own message, its exit code
        exc.show()  # type: ignore[union-attr]  # every usage error of typer's click has it
        sys.exit(getattr(exc, "exit_code", 2))
    except MissingExtraError as exc:
        from rich.markup import escape

        from wattflop.cli.console import EXIT_USER_ERROR, err

        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(EXIT_USER_ERROR)


if __name__ == "__main__":  # pragma: no cover - python -m wattflop
    main()

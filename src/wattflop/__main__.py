"""``wattflop`` and ``python -m wattflop``: the command line (:data:`wattflop.cli.app`), with
one more user error caught: an optional part used without its extra installed
(:class:`wattflop.extras.MissingExtraError`) prints what to install and exits with code 2,
never a traceback."""

from __future__ import annotations

import sys

from wattflop.extras import MissingExtraError


def main() -> None:
    """Run the command line."""
    from wattflop.cli import app

    try:
        app(prog_name="wattflop")
    except MissingExtraError as exc:
        from rich.markup import escape

        from wattflop.cli.console import EXIT_USER_ERROR, err

        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(EXIT_USER_ERROR)


if __name__ == "__main__":  # pragma: no cover - python -m wattflop
    main()

"""The command line, all of it: ``wattflop`` (:data:`app`) and its commands.

The package sits on top of the library; nothing in the library imports it. Run it as
``wattflop`` (the console script) or ``python -m wattflop``.

- :mod:`wattflop.cli.main`: the app and the study commands (run, compare, breakeven, ...);
- :mod:`wattflop.cli.constellation`: ``constellation``;
- :mod:`wattflop.cli.sweep`: ``sweep``, ``query`` and ``sweep-report``;
- :mod:`wattflop.cli.serve`: ``serve`` (the web page and HTTP API);
- :mod:`wattflop.cli.console`: the consoles and :func:`~wattflop.cli.console.fail`, the one
  way a command reports a user mistake (exit 2, never a traceback).
"""

from __future__ import annotations

from wattflop.cli.main import app

__all__ = ["app"]

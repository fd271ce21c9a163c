"""``python -m wattflop``: the command line (:data:`wattflop.cli.app`)."""

from wattflop.cli import app

if __name__ == "__main__":  # pragma: no cover
    app(prog_name="wattflop")

"""``python -m wattflop.sweep``: the sweep commands on their own."""

from wattflop.sweep.cli import main

if __name__ == "__main__":
    main()

"""Write the golden ``result.json`` of every bundled scenario (run from the repository root).

The goldens were written from main *before* the parameter-table refactor (issue #11), so that
``tests/test_golden.py`` can show that no result moved. Re-run this only for a change that is
meant to move results, and say so in the commit and the CHANGELOG.

    .venv/bin/python tests/golden/make_golden.py
"""

from __future__ import annotations

import json
from pathlib import Path

import wattflop
from wattflop.constellation.scenario import load_constellation
from wattflop.constellation.site import simulate_constellation

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE.parents[1] / "scenarios"


def golden(path: Path) -> str:
    if path.stem.startswith("constellation-"):
        return simulate_constellation(load_constellation(path)).to_json()
    return wattflop.simulate(wattflop.load_scenario(path)).to_json()


if __name__ == "__main__":
    for path in sorted(SCENARIOS.glob("*.yaml")):
        text = golden(path)
        json.loads(text)  # plain JSON
        (HERE / f"{path.stem}.json").write_text(text, encoding="utf-8")
        print(f"wrote tests/golden/{path.stem}.json")

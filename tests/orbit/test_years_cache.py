"""The years of geometry and of the array kept in-process (orbit.site._Years, issue #14
item 3): a second run on the same orbit and array reuses them, read-only; anything that
changes the year misses; a price does not; results are equal either way."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest

import wattflop
from wattflop.orbit import site
from wattflop.orbit.inputs import year_inputs
from wattflop.parameters import FloatArray
from wattflop.scenario.keys import load_raw, set_key

SCENARIO = "scenarios/orbit-20mw-inclined-550km.yaml"


def _scenario(**edits: str) -> wattflop.OrbitScenario:
    raw = load_raw(SCENARIO)
    for key, value in edits.items():
        raw = set_key(raw, key, value)
    sc = wattflop.parse_scenario(raw)
    assert isinstance(sc, wattflop.OrbitScenario)
    return sc


def test_same_orbit_reuses_the_year_read_only() -> None:
    site._YEARS.clear()
    sc = _scenario()
    g1 = site.geometry_for(sc)
    g2 = site.geometry_for(_scenario(**{"launch.price_per_kg": "50 USD/kg"}))
    assert g1 is g2  # a price does not change the year
    with pytest.raises(ValueError, match="read-only"):
        g1.illumination[0] = 0.5
    a1 = site.array_year_of(year_inputs(sc), g1)
    assert site.array_year_of(year_inputs(sc), g1) is a1


def test_another_orbit_misses_and_results_match_a_fresh_year() -> None:
    site._YEARS.clear()
    sc = _scenario(**{"orbit.altitude": "600 km"})
    g = site.geometry_for(sc)
    assert site.geometry_for(_scenario()) is not g
    cached = wattflop.simulate(sc)
    site._YEARS.clear()
    fresh = wattflop.simulate(sc)
    assert cached.get("cost.usd_per_eflop") == fresh.get("cost.usd_per_eflop")
    assert cached.get("fleet.satellites") == fresh.get("fleet.satellites")


@dataclass(frozen=True)
class Y:
    x: FloatArray


def test_a_year_too_large_is_not_kept_and_the_oldest_goes_first() -> None:
    years = site._Years(max_bytes=4 * 8 * 100)  # keeps years of ≤ 100 floats

    small = years.get(("a", 1), lambda: Y(np.zeros(10)))
    assert years.get(("a", 1), lambda: Y(np.ones(10))) is small
    big = years.get(("a", 2), lambda: Y(np.zeros(1000)))
    assert years.get(("a", 2), lambda: Y(np.zeros(1000))) is not big
    # least recently used first out
    for i in range(3, 10):
        years.get(("a", i), lambda: Y(np.zeros(100)))
    assert years.get(("a", 1), lambda: Y(np.ones(10))) is not small

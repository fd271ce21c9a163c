"""Real element sets through python-sgp4 (the ISS TLE of the python-sgp4 README)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from wattflop.constellation import propagate
from wattflop.constellation import sgp4 as sg

ISS = """ISS (ZARYA)
1 25544U 98067A   19343.69339541  .00001764  00000-0  38792-4 0  9991
2 25544  51.6439 211.2001 0007417  17.6667  85.6398 15.50103472202482
"""
#: As test_propagate.SGP4_BOUND_M (short-period J2 terms), plus ≈ 1 km of drag-driven
#: along-track drift in a day at the ISS altitude (SGP4 B* term, not in the circular model).
ISS_BOUND_M = 21e3


def test_iss_tle_circular_model_vs_sgp4(tmp_path: Path) -> None:
    f = tmp_path / "iss.tle"
    f.write_text(ISS)
    sats = sg.read_elements(f)
    c = sg.constellation_from_satrecs(sats)
    assert 400e3 < c.altitude_m[0] < 440e3  # ISS late 2019
    assert np.degrees(c.inclination_rad[0]) == pytest.approx(51.6439)
    ref, err = sg.propagate_sgp4(sats, c.epoch, step_s=60.0, n_steps=1440)
    assert not err.any()
    ours = propagate.propagate_positions(c, step_s=60.0, n_steps=1440, dtype=np.float64)
    d = np.linalg.norm(ours.position_m - ref, axis=1)
    assert d.max() < ISS_BOUND_M


def test_bad_element_sets(tmp_path: Path) -> None:
    with pytest.raises(sg.ElementSetError, match="line 1"):
        sg.read_tle("hello\nworld\n")
    with pytest.raises(sg.ElementSetError, match="cannot read"):
        sg.read_elements(tmp_path / "none.tle")
    molniya = sg.read_tle(
        "1 99999U 00000A   19343.69339541  .00000000  00000-0  00000-0 0  9990\n"
        "2 99999  63.4000 211.2001 7000000 270.0000  85.6398  2.00600000    09\n"
    )
    with pytest.raises(sg.ElementSetError, match="eccentricity"):
        sg.constellation_from_satrecs(molniya)

"""The web server's compute budget (issue #16, item 2): an orbit year too fine for it is a
422 that states the year's estimate, never a hang or a 500; the server has the default
budget and no way to raise it, and constellations are not simulated here at all."""

from __future__ import annotations

import time

from .conftest import ORBIT, TestClient, follow


def test_a_year_at_1s_steps_is_a_422_with_its_estimate(client: TestClient) -> None:
    t0 = time.perf_counter()
    r = client.post(
        "/api/simulate", json={"scenario": {"name": ORBIT, "set": {"orbit.time_step": 1}}}
    )
    body = follow(client, r)
    assert r.status_code == 422, body
    (problem,) = body["problems"]
    assert problem["path"] == "orbit.time_step"
    # 31,536,000 steps × 256 B and × 2.5 µs (wattflop.orbit.site.year_estimate)
    assert "31,536,000 orbit steps" in problem["message"] and "7.5 GiB" in problem["message"]
    assert "--max-memory" not in str(body)  # no option to name on the web
    assert time.perf_counter() - t0 < 30.0


def test_a_constellation_is_refused_not_simulated(client: TestClient) -> None:
    text = (
        "name: big\nsite: constellation\nepoch: 2027-03-01T00:00:00Z\n"
        "shells:\n  - {satellites: 10000000, planes: 1000, phasing: 1, altitude: 550 km, "
        "inclination: 53 deg}\n"
    )
    t0 = time.perf_counter()
    r = client.post("/api/simulate", json={"scenario": {"text": text}})
    assert r.status_code == 422, r.text
    assert "constellation" in r.text and time.perf_counter() - t0 < 30.0

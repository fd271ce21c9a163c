"""Hostile input through the HTTP API: 422 with problems, never a 500 or a held worker
(issue #16, item 1; the command-line side is tests/test_hostile.py)."""

from __future__ import annotations

import time

import pytest

from wattflop.yamlio import MAX_YAML_DEPTH

from .conftest import ORBIT, REPO, TestClient

ORBIT_TEXT = (REPO / "scenarios" / f"{ORBIT}.yaml").read_text(encoding="utf-8")
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)
DEEP = "site: orbit\nx: " + "[" * (MAX_YAML_DEPTH + 5) + "]" * (MAX_YAML_DEPTH + 5) + "\n"


@pytest.mark.parametrize(
    "text",
    [
        ORBIT_TEXT.replace("altitude: 650 km", "altitude: 9**9**9 km"),
        BOMB,
        DEEP,
        "site: orbit\nname: x\norbit:\n  epoch: 2027-02-30\n",
        # 90,000 tiny values in 180 kB held a worker for 20 s of pure-Python YAML work
        "site: orbit\nname: x\nx: [" + ",".join(["1"] * 90_000) + "]\n",
    ],
    ids=["pow-expression", "alias-bomb", "deep", "feb-30", "many-values"],
)
def test_api_validate_answers_422(client: TestClient, text: str) -> None:
    t0 = time.perf_counter()
    r = client.post("/api/validate", json={"scenario": {"text": text}})
    assert r.status_code == 422, r.text[:300]
    assert r.json()["problems"]
    assert time.perf_counter() - t0 < 10.0  # hang detector, not a speed goal


def test_api_set_edit_with_an_expression_is_422(client: TestClient) -> None:
    body = {"scenario": {"name": ORBIT, "set": {"orbit.altitude": "9**9**9 km"}}}
    r = client.post("/api/validate", json=body)
    assert r.status_code == 422 and "no arithmetic" in r.text


def test_many_values_are_refused_before_they_are_built(client: TestClient) -> None:
    text = "site: orbit\nname: x\nx: [" + ",".join(["1"] * 90_000) + "]\n"
    t0 = time.perf_counter()
    r = client.post("/api/validate", json={"scenario": {"text": text}})
    assert r.status_code == 422 and "more than 10,000 values" in r.text, r.text[:300]
    assert time.perf_counter() - t0 < 2.0  # was 20 s


def test_reading_a_request_has_a_cpu_time_limit(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #16 item 1: a CPU-time limit on request parsing and validation, not only on
    jobs. With the limit at zero, any uploaded text is stopped at the first check."""
    from wattflop.web import state

    monkeypatch.setattr(state, "PARSE_CPU_S", 0.0)
    r = client.post("/api/validate", json={"scenario": {"text": ORBIT_TEXT}})
    assert r.status_code == 422, r.text[:300]
    assert "s of CPU time and was stopped" in r.text and "Traceback" not in r.text


def test_pow_expression_is_422_in_under_a_second(client: TestClient) -> None:
    """Done-when of issue #16: `altitude: 9**9**9 km` answers 422 in under a second (it held
    a worker for over 150 s; measured 0.03-0.07 s)."""
    text = ORBIT_TEXT.replace("altitude: 650 km", "altitude: 9**9**9 km")
    client.post("/api/validate", json={"scenario": {"text": ORBIT_TEXT}})  # warm the app
    t0 = time.perf_counter()
    r = client.post("/api/validate", json={"scenario": {"text": text}})
    assert r.status_code == 422 and "no arithmetic" in r.text
    assert time.perf_counter() - t0 < 1.0

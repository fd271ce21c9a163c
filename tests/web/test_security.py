"""No request can make the server read a file (issue #16, item 0).

Every endpoint that takes a scenario is probed with every way a request can name a file:
uploaded text, ``set`` edits on a bundled scenario, claim overrides and break-even keys; with
absolute paths, ``..``, ``~``, ``file://``, ``/proc/self/*`` and a symlink, for both keys
that hold paths (``location.weather`` and ``plant.grid.price_file``). Each probe must get a
4xx, and no response may contain a byte sequence from the file it named: a canary file
written for the test, and the first line of each real system file.

A second, independent lock is tested too: the readers themselves refuse paths while the
server computes (``no_user_files``), so a route that forgets the input check still reads
nothing.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import wattflop
from wattflop.errors import ScenarioError
from wattflop.scenario.files import PATH_KEYS, check_file_allowed, no_user_files
from wattflop.scenario.keys import load_raw, set_key

from .conftest import GROUND, ORBIT, REPO, TestClient, follow

GROUND_TEXT = (REPO / "scenarios" / f"{GROUND}.yaml").read_text(encoding="utf-8")
KEYS = [".".join(k) for k in PATH_KEYS]
CANARY = f"WATTFLOP-CANARY-{uuid.uuid4().hex}"


@pytest.fixture(scope="module")
def targets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[str], list[str]]]:
    """(paths to probe, secrets that must never appear in a response)."""
    folder = tmp_path_factory.mktemp("secret")
    secret = folder / "secret.csv"
    # A file that parses as a price CSV *and* as a weather header, so that a reader that got
    # through would succeed or fail with its content in the message.
    secret.write_text(f"price_usd_per_mwh,{CANARY}\n{CANARY},1\n", encoding="utf-8")
    link = folder / "link.epw"
    link.symlink_to(secret)
    dotdot = os.path.relpath(secret, Path.cwd())
    paths = [
        str(secret),
        str(link),
        dotdot,
        "../" * 12 + str(secret).lstrip("/"),
        secret.as_uri(),
        "~/.bashrc",
        "/etc/passwd",
        "/etc/shadow",
        "/proc/self/environ",
        "/proc/self/cmdline",
        "/proc/self/status",
        "/dev/zero",
        "scenarios/ground-1gw-memphis.yaml",
        "prices.csv",
    ]
    secrets = [CANARY]
    for system in ("/etc/passwd", "/proc/self/environ", "/proc/self/status"):
        try:
            head = Path(system).read_bytes()[:200].split(b"\n")[0].split(b"\0")[0]
        except OSError:
            continue
        text = head.decode("utf-8", "replace")
        if len(text) >= 8:
            secrets.append(text[:40])
    yield paths, secrets


def _assert_clean(r: Any, secrets: list[str], what: str) -> None:
    assert 400 <= r.status_code < 500, (what, r.status_code, r.text[:300])
    body = r.text
    for s in secrets:
        assert s not in body, (what, s)


def _probes(path: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(description, endpoint, body) of every request that names ``path``."""
    for key in KEYS:
        edit = {"name": GROUND, "set": {key: path}}
        yield f"validate set {key}", "/api/validate", {"scenario": edit}
        yield f"simulate set {key}", "/api/simulate?wait=5", {"scenario": edit}
        yield (
            f"compare set {key}",
            "/api/compare?wait=5",
            {"scenarios": [{"name": ORBIT}, edit]},
        )
        yield (
            f"breakeven ground set {key}",
            "/api/breakeven?wait=5",
            {"orbit": {"name": ORBIT}, "ground": edit, "key": "launch.price_per_kg"},
        )
        yield f"montecarlo set {key}", "/api/montecarlo?wait=5", {"scenarios": [edit]}
        yield f"claims override {key}", "/api/claims?wait=5", {"overrides": {GROUND: {key: path}}}
    weather = GROUND_TEXT.replace("weather: clear_sky", f"weather: '{path}'")
    assert weather != GROUND_TEXT
    price = GROUND_TEXT.replace(
        "    peak_hours: [14, 20]", f"    peak_hours: [14, 20]\n    price_file: '{path}'"
    )
    assert price != GROUND_TEXT
    for label, text in (("weather text", weather), ("price text", price)):
        yield f"validate {label}", "/api/validate", {"scenario": {"text": text}}
        yield f"simulate {label}", "/api/simulate?wait=5", {"scenario": {"text": text}}
        yield (
            f"compare {label}",
            "/api/compare?wait=5",
            {"scenarios": [{"name": ORBIT}, {"text": text}]},
        )
        yield f"montecarlo {label}", "/api/montecarlo?wait=5", {"scenarios": [{"text": text}]}
    # uploaded text whose path is set back to a name by an edit is fine; the reverse is not
    back = {"text": weather, "set": {"location.weather": "clear_sky"}}
    yield "validate text, then set back", "/api/validate", {"scenario": back}


def test_every_endpoint_refuses_every_path(
    client: TestClient, targets: tuple[list[str], list[str]]
) -> None:
    paths, secrets = targets
    n = 0
    for path in paths:
        for what, url, body in _probes(path):
            r = client.post(url, json=body)
            if what.startswith("validate text, then set back"):
                # the path was edited away before anything could read it: a valid scenario
                assert r.status_code == 200, r.text[:300]
                continue
            _assert_clean(r, secrets, f"{what} = {path!r}")
            problems = r.json().get("problems", [])
            assert problems, (what, path, r.text[:300])
            n += 1
    assert n >= 250  # every endpoint × every key × every path form


def test_refusals_name_the_key_and_the_way_out(client: TestClient) -> None:
    body = {"scenario": {"name": GROUND, "set": {"location.weather": "/etc/passwd"}}}
    r = client.post("/api/validate", json=body)
    assert r.status_code == 422
    (p,) = r.json()["problems"]
    assert p["path"] == "location.weather" and p["value"] == "/etc/passwd"
    assert "reads no files" in p["message"] and "clear_sky" in p["hint"]
    body = {"scenario": {"name": GROUND, "set": {"plant.grid.price_file": "/etc/shadow"}}}
    (p,) = client.post("/api/validate", json=body).json()["problems"]
    assert p["path"] == "plant.grid.price_file" and "wattflop run" in p["hint"]


def test_bundled_names_still_work(client: TestClient) -> None:
    """The weather files that ship with pvlib are names, not paths: still accepted."""
    for name in ("clear_sky", "greensboro", "sand_point", "miami"):
        body = {"scenario": {"name": GROUND, "set": {"location.weather": name}}}
        assert client.post("/api/validate", json=body).status_code == 200, name


def test_breakeven_cannot_vary_a_path_key(
    client: TestClient, targets: tuple[list[str], list[str]]
) -> None:
    """Varying a path-valued key would write numbers ('10.0') into it: refused as a key."""
    _, secrets = targets
    for key in KEYS:
        body = {
            "orbit": {"name": ORBIT}, "ground": {"name": GROUND}, "side": "ground",
            "key": key, "lo": 1, "hi": 2,
        }  # fmt: skip
        r = client.post("/api/breakeven?wait=5", json=body)
        _assert_clean(r, secrets, f"breakeven key {key}")


def test_readers_refuse_paths_inside_no_user_files(
    targets: tuple[list[str], list[str]], tmp_path: Path
) -> None:
    """The second lock: under ``no_user_files`` the weather and price readers open nothing,
    even for a scenario that never passed the web's input check."""
    from wattflop.web import compute

    paths, secrets = targets
    raw = load_raw(REPO / "scenarios" / f"{GROUND}.yaml")
    for key in KEYS:
        for path in paths:
            sc = wattflop.parse_scenario(set_key(raw, key, path))
            store = compute.ResultStore(tmp_path / "store")
            job = uuid.uuid4().hex * 2
            compute.run_job("simulate", {"scenario": sc}, str(tmp_path / "store"), job)
            entry = store.get(job)
            assert entry is not None and not entry["ok"], (key, path)
            text = str(entry["error"])
            assert "reads no files" in text, text
            for s in secrets:
                assert s not in text
    with no_user_files():
        with pytest.raises(ScenarioError, match="reads no files"):
            check_file_allowed("location.weather", "/etc/passwd")
        check_file_allowed("location.weather", "greensboro")  # a name: allowed
    check_file_allowed("location.weather", "/etc/passwd")  # outside: the CLI reads paths


def test_job_status_never_echoes_a_file(
    client: TestClient, targets: tuple[list[str], list[str]]
) -> None:
    """Even the job route, followed to its end, gives nothing of a file: the refusal comes
    before any job is queued."""
    _, secrets = targets
    body = {"scenario": {"name": GROUND, "set": {"location.weather": "/proc/self/environ"}}}
    r = client.post("/api/simulate", json=body)
    status = follow(client, r)
    assert r.status_code == 422
    for s in secrets:
        assert s not in str(status)

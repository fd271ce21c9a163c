"""End to end in headless Chromium (Debian's ``chromium``, driven by Playwright through its
``executable_path``; nothing is downloaded): the page against a real uvicorn server.

What the page shows is checked against the HTTP API's own numbers for the same state.
Skipped, with the reason, where no ``chromium`` is installed (``make browser`` installs it).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import ORBIT, REPO

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on PATH (install it with `make browser`)"
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A uvicorn server on a free loopback port, in a thread of this process."""
    import uvicorn

    from wattflop.web import create_app

    app = create_app(tmp_path_factory.mktemp("browser-cache"), max_jobs=1)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    end = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > end:
            raise AssertionError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=15)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield b
        b.close()


def _orbit_cost(base: str, edits: dict[str, float]) -> float:
    """USD per EFLOP of the orbital scenario with ``edits``, from the HTTP API."""
    body = {"scenario": {"name": ORBIT, "set": edits}}
    r = httpx.post(f"{base}/api/simulate", json=body, timeout=60)
    r.raise_for_status()
    return float(r.json()["result"]["cost"]["usd_per_eflop"])


def _shown(page: Any, selector: str) -> str:
    """Text of an element once it shows a number (not the placeholder)."""
    page.wait_for_function(
        "s => /[0-9]/.test(document.querySelector(s).textContent)", arg=selector, timeout=60_000
    )
    return str(page.inner_text(selector))


def _as_number(text: str) -> float:
    return float(text.replace(",", ""))


def test_launch_price_slider_changes_the_cost(server: str, browser: Any, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "/")
    page.select_option("#orbit-select", "orbit-20mw-inclined-550km")
    page.wait_for_function("() => /20mw/.test(document.querySelector('#orbit-name').textContent)")
    page.select_option("#orbit-select", ORBIT)
    page.wait_for_function(
        "n => document.querySelector('#orbit-name').textContent === n", arg=ORBIT
    )
    before = _shown(page, "#orbit-cost")
    assert _as_number(before) == pytest.approx(_orbit_cost(server, {}), rel=5e-3)
    assert page.input_value("#num-lp") == "460"  # starship's price, from the scenario
    page.locator("#range-lp").fill("200")
    page.wait_for_function(
        "b => document.querySelector('#orbit-cost').textContent !== b", arg=before
    )
    after = _shown(page, "#orbit-cost")
    expected = _orbit_cost(server, {"launch.price_per_kg": 200})
    assert _as_number(after) == pytest.approx(expected, rel=5e-3)
    assert _as_number(after) < _as_number(before)
    assert "lp=200" in page.url
    page.screenshot(path=str(tmp_path / "slider.png"), full_page=True)
    assert (tmp_path / "slider.png").stat().st_size > 10_000
    assert not errors
    page.close()


def test_pasted_scenario_with_a_typo_shows_the_error(server: str, browser: Any) -> None:
    text = (REPO / "scenarios" / f"{ORBIT}.yaml").read_text(encoding="utf-8")
    typo = text.replace("  altitude: 650 km", "  altitud: 650 km")
    line = text.splitlines().index("  altitude: 650 km") + 1
    page = browser.new_page()
    page.goto(server + "/")
    page.click("#paste summary")
    page.fill("#scenario-text", typo)
    page.click("#scenario-use")
    page.wait_for_selector("#scenario-errors:not([hidden])", timeout=30_000)
    shown = page.inner_text("#scenario-errors")
    assert f"line {line}: orbit.altitud: unknown key 'altitud'" in shown
    assert "did you mean 'altitude'?" in shown
    page.close()


def test_shared_url_gives_the_same_state(server: str, browser: Any, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.goto(f"{server}/#o={ORBIT}&g=ground-1gw-memphis&lp=250&alt=700&be=lp")
    page.wait_for_function("() => document.querySelector('#num-alt').value === '700'")
    cost = _shown(page, "#orbit-cost")
    expected = _orbit_cost(server, {"launch.price_per_kg": 250, "orbit.altitude": 700})
    assert _as_number(cost) == pytest.approx(expected, rel=5e-3)
    assert page.input_value("#num-lp") == "250"
    shared = page.url
    other = browser.new_page(viewport={"width": 1400, "height": 1800})
    other.goto(shared)
    other.wait_for_function("() => document.querySelector('#num-alt').value === '700'")
    assert _shown(other, "#orbit-cost") == cost
    assert other.input_value("#num-lp") == "250"
    assert other.input_value("#be-select") == "lp"
    other.screenshot(path=str(tmp_path / "shared.png"), full_page=True)
    page.close()
    other.close()

"""End to end in headless Chromium (Debian's ``chromium``, driven by Playwright through its
``executable_path``; nothing is downloaded): the page against a real uvicorn server.

What the page shows is checked against the HTTP API's own numbers for the same state.
Skipped, with the reason, where no ``chromium`` is installed (``make browser`` installs it).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import CHROMIUM, ORBIT, REPO

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium on PATH (install it with `make browser`)"
)


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
    """The first number in a text such as "1.77 USD per delivered EFLOP"."""
    return float(text.split()[0].replace(",", ""))


def test_launch_price_slider_changes_the_cost(server: str, browser: Any, tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "/")
    page.select_option("#orbit-select", "orbit-20mw-inclined-550km")
    # the cards name a scenario by its title
    page.wait_for_function("() => /20 MW/.test(document.querySelector('#orbit-name').textContent)")
    page.select_option("#orbit-select", ORBIT)
    page.wait_for_function("() => /^1 GW/.test(document.querySelector('#orbit-name').textContent)")
    before = _shown(page, "#orbit-eflop")
    assert _as_number(before) == pytest.approx(_orbit_cost(server, {}), rel=5e-3)
    assert page.input_value("#num-lp") == "460"  # starship's price, from the scenario
    # the launch slider moves on a log scale (10 to 4,000 USD/kg): log10(200) is 200 USD/kg
    page.locator("#range-lp").fill(str(math.log10(200)))
    page.wait_for_function(
        "b => document.querySelector('#orbit-eflop').textContent !== b", arg=before
    )
    after = _shown(page, "#orbit-eflop")
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
    page.wait_for_function("() => document.querySelector('#num-alt')?.value === '700'")
    cost = _shown(page, "#orbit-eflop")
    expected = _orbit_cost(server, {"launch.price_per_kg": 250, "orbit.altitude": 700})
    assert _as_number(cost) == pytest.approx(expected, rel=5e-3)
    assert page.input_value("#num-lp") == "250"
    shared = page.url
    other = browser.new_page(viewport={"width": 1400, "height": 1800})
    other.goto(shared)
    other.wait_for_function("() => document.querySelector('#num-alt')?.value === '700'")
    assert _shown(other, "#orbit-eflop") == cost
    assert other.input_value("#num-lp") == "250"
    assert other.input_value("#be-select") == "lp"
    other.screenshot(path=str(tmp_path / "shared.png"), full_page=True)
    page.close()
    other.close()


def _stub_claims() -> list[dict[str, Any]]:
    """Three hand-made claim results (the page shows what the API gives; the evaluators are
    tested in tests/claims/), as ``/api/claims`` serialises them."""
    from wattflop.claims.evaluate import ClaimResult, HoldsIf

    def one(cid: str, kind: str, verdict: str, **kw: Any) -> dict[str, Any]:
        base: dict[str, Any] = {
            "id": cid, "text": f"{cid} as said", "source": f"source of {cid}", "claimed": 100.0,
            "claimed_unit": "kW/t", "value": 32.46, "unit": "kW/t", "ratio": 3.08,
            "verdict": verdict, "kind": kind, "reason": f"why {cid}", "assumptions": (),
            "statement": f"{cid} paraphrased", "url": "https://example.org/" + cid,
            "band": (28.0, 37.2), "holds_if": None,
        }  # fmt: skip
        base.update(kw)
        return ClaimResult(**base).to_dict()

    return [
        one("orbit-100kw-per-t", "optimistic", "optimistic ×3.1",
            holds_if=HoldsIf("≤ 10 kg per kW", {"satellite.kg_per_kw": "10 kg/kW"}, 100.4, 100)),
        one("orbit-cooling", "contradicted", "contradicted"),
        one("power-is-bottleneck", "not evaluated", "not evaluated", value=None, band=None,
            ratio=None, url=None),
    ]  # fmt: skip


def test_claim_permalink_survives_parameter_changes(server: str, browser: Any) -> None:
    """Issue #13 item 6: ``#claim-<id>`` (the static page's anchor) opens the web page at that
    claim, and the claim stays in the URL state when a parameter moves and when the link is
    shared. The claims and the simulations are stubbed: only the page's own logic is tested."""
    claims = _stub_claims()
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    asked: list[str] = []  # the bodies of the simulate requests

    def stub(route: Any) -> None:
        if "/api/claims" in route.request.url:
            route.fulfill(json={"result": claims, "cached": True})
        else:  # simulate, compare, break-even: not needed here
            if "/api/simulate" in route.request.url:
                asked.append(route.request.post_data or "")
            route.fulfill(status=422, json={"error": "stubbed", "message": "stubbed"})

    for path in ("claims", "simulate", "compare", "breakeven"):
        page.route(f"**/api/{path}*", stub)
    page.goto(f"{server}/#claim-orbit-cooling")
    page.wait_for_selector("#claim-orbit-cooling.target")
    assert "claim=orbit-cooling" in page.url and "o=" in page.url  # the full state, written
    # each row: statement, source link, band, reason inline, condition, permalink
    row = page.inner_text("#claim-orbit-100kw-per-t")
    for shown in ("orbit-100kw-per-t paraphrased", "source of orbit-100kw-per-t",
                  "p5–p95 28–37.2 kW/t", "Why: why orbit-100kw-per-t",
                  "Holds if: ≤ 10 kg per kW (satellite.kg_per_kw = 10 kg/kW); re-computed: "
                  "100 kW/t for 100 kW/t", "#orbit-100kw-per-t"):  # fmt: skip
        assert shown in row, shown
    assert page.get_attribute("#claim-orbit-100kw-per-t .src a", "href") == (
        "https://example.org/orbit-100kw-per-t"
    )
    # not evaluated is grey, contradicted red (computed colours, rgb)
    colour = "s => getComputedStyle(document.querySelector(s)).color"
    grey = page.evaluate(colour, "#claim-power-is-bottleneck .badge")
    red = page.evaluate(colour, "#claim-orbit-cooling .badge")
    assert grey == "rgb(69, 77, 92)" and red == "rgb(155, 28, 28)"
    # a parameter moves: the claim stays in the URL
    page.fill("#num-lp", "250")
    page.dispatch_event("#num-lp", "change")
    page.wait_for_function("() => location.hash.includes('lp=250')")
    assert "claim=orbit-cooling" in page.url
    # another claim's permalink: the parameters stay
    page.click("#claim-power-is-bottleneck .perma")
    page.wait_for_function("() => location.hash.includes('claim=power-is-bottleneck')")
    assert "lp=250" in page.url
    # the shared link opens at that claim with that parameter
    other = browser.new_page(viewport={"width": 1400, "height": 900})
    for path in ("claims", "simulate", "compare", "breakeven"):
        other.route(f"**/api/{path}*", stub)
    asked.clear()
    other.goto(page.url)
    other.wait_for_selector("#claim-power-is-bottleneck.target")
    assert "lp=250" in other.url and "claim=power-is-bottleneck" in other.url
    assert any('"launch.price_per_kg":250' in body for body in asked), asked
    assert other.evaluate("() => { const r = document.querySelector("
                          "'#claim-power-is-bottleneck').getBoundingClientRect();"
                          " return r.top >= 0 && r.bottom <= innerHeight; }")  # fmt: skip
    assert not errors
    page.close()
    other.close()

"""The page as its users wait on it (issue #15), in headless Chromium through Playwright.

Starts a real uvicorn server (``wattflop.web.create_app``) in a subprocess on a free loopback
port with an empty cache, opens the page once to warm it (the orbit year in memory, the ground
year in the server's cache), then measures:

1. **First contentful paint and the answer** on an emulated phone network and CPU: Chrome
   DevTools' network conditions (``--rtt`` ms round trip, ``--down`` Mbit/s down,
   ``--up`` Mbit/s up; default 60 ms / 9 / 1.5, DevTools' "Fast 4G") and a CPU ``--cpu``
   times slower (default 4). The answer is the verdict sentence, written and current.
   Goals: FCP ≤ 3 s, answer ≤ 5 s with a warm server cache.
2. **An orbit slider change** (launch price): from the change to the orbit card, the ratio and
   the sentence current again. Goal ≤ 1 s.
3. **A burst of 5 gas-price edits** one second apart, each a price no request has used (a full
   ground year, LP and all): from the last edit to the answer current again. Goal ≤ 5 s.

Baseline in the same process: the same page load without network or CPU emulation, so the
ratio shows what the phone costs on top of the server's own time.

    .venv/bin/python benchmarks/web_page.py [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

import httpx

SERVER = """
import sys, uvicorn
from pathlib import Path
from wattflop.web import create_app
uvicorn.run(create_app(Path(sys.argv[1])), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="warning")
"""
ANSWERED = (
    "() => { const v = document.getElementById('verdict');"
    " return !v.dataset.stale && /USD a year/.test(v.textContent); }"
)
FCP_GOAL_S, ANSWER_GOAL_S, ORBIT_GOAL_S, BURST_GOAL_S = 3.0, 5.0, 1.0, 5.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _load(browser: Any, url: str, emulate: dict[str, float] | None) -> tuple[float, float]:
    """(first contentful paint, answer) [s] of one fresh load of ``url``."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    if emulate is not None:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": emulate["rtt"],
                "downloadThroughput": emulate["down"] * 1e6 / 8,
                "uploadThroughput": emulate["up"] * 1e6 / 8,
            },
        )
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": emulate["cpu"]})
    page.goto(url, wait_until="commit")
    page.wait_for_function(ANSWERED, timeout=120_000)
    answer = page.evaluate("() => performance.now()") / 1e3
    fcp = page.evaluate("() => performance.getEntriesByName('first-contentful-paint')[0].startTime")
    context.close()
    return float(fcp) / 1e3, float(answer)


def _after_change(page: Any, selector: str, value: str) -> float:
    """Seconds from a changed number box to the answer current again."""
    page.fill(selector, value)
    t0 = time.perf_counter()
    page.dispatch_event(selector, "change")
    page.wait_for_function(
        "() => document.getElementById('verdict').dataset.stale !== undefined", timeout=10_000
    )
    page.wait_for_function(ANSWERED, timeout=120_000)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="loads per measurement (median)")
    ap.add_argument("--rtt", type=float, default=60.0, help="round trip [ms]")
    ap.add_argument("--down", type=float, default=9.0, help="download [Mbit/s]")
    ap.add_argument("--up", type=float, default=1.5, help="upload [Mbit/s]")
    ap.add_argument("--cpu", type=float, default=4.0, help="CPU slow-down factor")
    args = ap.parse_args()
    chromium = shutil.which("chromium")
    if chromium is None:
        print("no chromium on PATH: run `make browser`", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as cache:
        server = subprocess.Popen([sys.executable, "-c", SERVER, cache, str(port)])
        try:
            for _ in range(300):
                try:
                    httpx.get(base + "/api/params", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, headless=True)
                t0 = time.perf_counter()
                _load(browser, base + "/", None)  # warms the server: cold answer
                print(f"cold server, first answer: {time.perf_counter() - t0:.1f} s")
                emulate = {"rtt": args.rtt, "down": args.down, "up": args.up, "cpu": args.cpu}
                plain = [_load(browser, base + "/", None) for _ in range(args.runs)]
                phone = [_load(browser, base + "/", emulate) for _ in range(args.runs)]
                fcp0 = statistics.median(x[0] for x in plain)
                ans0 = statistics.median(x[1] for x in plain)
                fcp = statistics.median(x[0] for x in phone)
                ans = statistics.median(x[1] for x in phone)
                print(
                    f"phone emulation: {args.rtt:g} ms RTT, {args.down:g}/{args.up:g} Mbit/s, "
                    f"CPU {args.cpu:g}× slower; median of {args.runs}"
                )
                print(
                    f"  first contentful paint {fcp:.2f} s (goal ≤ {FCP_GOAL_S:g} s; "
                    f"{fcp / fcp0:.1f}× the unthrottled {fcp0:.2f} s)"
                )
                print(
                    f"  answer                 {ans:.2f} s (goal ≤ {ANSWER_GOAL_S:g} s; "
                    f"{ans / ans0:.1f}× the unthrottled {ans0:.2f} s)"
                )
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                page = context.new_page()
                page.goto(base + "/")
                page.wait_for_function(ANSWERED, timeout=120_000)
                orbit = [_after_change(page, "#num-lp", str(v)) for v in (300, 350, 400)]
                print(
                    f"orbit slider change → answer: median {statistics.median(orbit):.2f} s, "
                    f"max {max(orbit):.2f} s (goal ≤ {ORBIT_GOAL_S:g} s)"
                )
                prices = [4.11, 4.23, 4.37, 4.49, 4.61]
                for price in prices[:-1]:
                    page.fill("#num-gas", str(price))
                    page.dispatch_event("#num-gas", "change")
                    page.wait_for_timeout(1000)
                burst = _after_change(page, "#num-gas", str(prices[-1]))
                print(
                    f"5 gas edits 1 s apart → answer {burst:.2f} s after the last "
                    f"(goal ≤ {BURST_GOAL_S:g} s)"
                )
                context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The report's figures render in a real browser (headless Chromium).

Skips when Chromium is not installed (Debian package ``chromium``); ``make demo``'s report is
checked the same way by hand with a headless-browser screenshot.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import wattflop
from wattflop.report import figures
from wattflop.report.html import render_report

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--virtual-time-budget=15000",
]  # fmt: skip

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium)"
)


def test_figures_render_in_chromium(tmp_path: Path) -> None:
    sc = wattflop.load_scenario(ROOT / "scenarios" / "orbit-20mw-inclined-550km.yaml")
    page = tmp_path / "report.html"
    page.write_text(render_report(wattflop.simulate(sc), sc), encoding="utf-8")
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    dom = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=180, check=True,
    ).stdout  # fmt: skip
    # plotly wraps each drawn plot in div.plot-container and draws into svg.main-svg
    assert dom.count('class="plot-container plotly"') == len(figures.ALL_FIGURES)
    assert dom.count('class="main-svg"') >= len(figures.ALL_FIGURES)
    shot = tmp_path / "report.png"
    subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--window-size=1400,3000",
         f"--screenshot={shot}", page.as_uri()],
        capture_output=True, timeout=180, check=True,
    )  # fmt: skip
    assert shot.stat().st_size > 50_000  # a page of figures, not a blank one

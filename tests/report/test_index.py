"""The study front page reads the JSON files the commands wrote."""

from __future__ import annotations

import json
from pathlib import Path

from wattflop.report.index import render_index


def test_index_answer_first(tmp_path: Path) -> None:
    sites = {
        "orbit": {"usd_per_eflop": 1.67, "lcoe_usd_per_mwh": 1093.0},
        "ground": {"usd_per_eflop": 0.408, "lcoe_usd_per_mwh": 66.2},
    }
    (tmp_path / "compare.json").write_text(json.dumps({"boundary": "full", "sites": sites}))
    (tmp_path / "report.html").write_text("<html></html>")
    page = render_index(tmp_path)
    assert page.index("Answer, as modelled") < page.index("Pages")
    assert "4.1× more" in page and 'href="report.html"' in page
    assert "compare.html" not in page  # only pages that exist are linked


def test_index_without_studies(tmp_path: Path) -> None:
    assert "Where should the next gigawatt" in render_index(tmp_path)


def test_index_links_what_it_takes(tmp_path: Path) -> None:
    summary = "At 10 USD/kg, orbit = ground where the satellite platform costs 0.674 USD/W"
    (tmp_path / "what_it_takes.json").write_text(json.dumps({"summary": summary}))
    (tmp_path / "what_it_takes.html").write_text("<html></html>")
    page = render_index(tmp_path)
    assert "What it would take:" in page and summary in page
    assert 'href="what_it_takes.html"' in page


def test_index_links_every_page_the_folder_holds(tmp_path: Path) -> None:
    """Issue #16: `wattflop index out` missed pages the README's own commands wrote
    (out/formation/, out/sweep-orbit/report.html)."""
    (tmp_path / "report.html").write_text("<html><title>orbit</title></html>")
    (tmp_path / "formation").mkdir()
    (tmp_path / "formation" / "report.html").write_text(
        "<html><head><title>Formation &amp; links</title></head></html>"
    )
    (tmp_path / "sweep-orbit").mkdir()
    (tmp_path / "sweep-orbit" / "report.html").write_text("<html></html>")
    (tmp_path / "sweep-orbit" / ".report.html.x.tmp").write_text("<html></html>")
    (tmp_path / "index.html").write_text("<html><title>old index</title></html>")
    page = render_index(tmp_path)
    assert page.index('href="report.html"') < page.index('href="formation/report.html"')
    assert "Formation &amp; links (formation/report.html)" in page
    assert 'href="sweep-orbit/report.html"' in page
    assert ".tmp" not in page and "old index" not in page

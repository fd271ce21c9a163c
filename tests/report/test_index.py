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

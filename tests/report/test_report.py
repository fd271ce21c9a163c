"""Tests for :mod:`wattflop.report`: the self-contained HTML report and its figures.

The report must be one offline file (plotly.js inline, once), show the result's numbers as the
result holds them, escape every piece of scenario text, and draw figures whose data are the
result's data (the Sankey conserves energy, the cost bars sum to the capex).
"""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pytest

import wattflop
from wattflop.report import figures
from wattflop.report.html import format_large, format_number, render_report
from wattflop.result import SiteResult
from wattflop.scenario import Boundary, OrbitScenario

SCENARIO = Path(__file__).resolve().parents[2] / "scenarios" / "orbit-1gw-dawn-dusk-650km.yaml"
J_PER_MWH = 3.6e9


@pytest.fixture(scope="module")
def scenario() -> OrbitScenario:
    sc = wattflop.load_scenario(SCENARIO)
    assert isinstance(sc, OrbitScenario)
    return sc


@pytest.fixture(scope="module")
def result(scenario: OrbitScenario) -> SiteResult:
    return wattflop.simulate(scenario)


@pytest.fixture(scope="module")
def page(result: SiteResult, scenario: OrbitScenario) -> str:
    return render_report(result, scenario)


# -- one offline file --------------------------------------------------------------------------
def test_page_is_one_self_contained_file(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    assert len(re.findall(r"\* plotly\.js v\d", page)) == 1  # the bundle's licence header
    assert page.count("Plotly.newPlot(") == len(figures.ALL_FIGURES)
    assert re.search(r"<script[^>]*\bsrc\s*=", page, flags=re.IGNORECASE) is None
    assert re.search(r"<link[^>]*\bhref\s*=\s*[\"']?https?:", page, flags=re.IGNORECASE) is None
    # (the plotly.js bundle itself names cdn.plot.ly for geo topojson; no figure here uses it)


def test_rendering_is_deterministic(result: SiteResult, scenario: OrbitScenario, page: str) -> None:
    assert render_report(result, scenario) == page


# -- content -------------------------------------------------------------------------------------
def test_page_has_each_figure_title_and_caption(page: str, result: SiteResult) -> None:
    for make in figures.ALL_FIGURES:
        title = make(result).layout.title.text
        assert title, make.__name__
        assert f"<h3>{html.escape(title)}</h3>" in page, make.__name__
    assert page.count("<figcaption>") == len(figures.ALL_FIGURES)
    assert "Catalogue numbers used and their sources" in page


def test_headline_numbers_match_the_result(page: str, result: SiteResult) -> None:
    headline = page[page.index('<section class="headline">') :]
    headline = headline[: headline.index("</section>")]
    cases = {
        "cost.usd_per_eflop": "USD/EFLOP",
        "cost.usd_per_accelerator_hour": "USD/h",
        "cost.lcoe_usd_per_mwh": "USD/MWh",
        "satellite.kg_per_kw": "kg per kW of IT",
        "deployment.months_to_full_power": "months to the whole fleet",
    }
    for path, unit in cases.items():
        value = float(result.get(path))
        shown = format_number(value)
        assert f'{shown} <span class="unit">{unit}</span>' in headline, path
        assert float(shown.replace(",", "")) == pytest.approx(value, rel=5e-3), path
    fleet = result.values["fleet"]
    assert f">{fleet['satellites']:,} <span" in headline
    assert f"{fleet['launches']:,} launches" in headline
    assert f"{format_number(result.get('mass.fleet_kg') / 1e3)} t" in headline


def test_header_shows_name_description_and_boundary(
    page: str, scenario: OrbitScenario, result: SiteResult
) -> None:
    assert f"<h1>{html.escape(scenario.name)}</h1>" in page
    assert html.escape(scenario.description.strip()) in page
    assert f"Cost boundary: {result.get('cost.boundary')}" in page


def test_sources_table_lists_every_catalogue_number(page: str, result: SiteResult) -> None:
    table = page[page.index('<table class="sources">') :]
    for by_name in result.sources.values():
        for fields in by_name.values():
            for field, src in fields.items():
                assert html.escape(src["source"]) in table
                if field != "*":
                    assert f"<td>{field.replace('_', ' ')}</td>" in table
    assert '<td class="num">1,667 W</td>' in table  # GB200 system power, 120 kW / 72


# -- escaping ------------------------------------------------------------------------------------
def test_scenario_text_is_escaped(result: SiteResult, scenario: OrbitScenario) -> None:
    nasty = scenario.model_copy(
        update={"description": "<script>x</script>", "name": 'a&b "<i>site</i>"'}
    )
    page = render_report(result, nasty)
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<i>site</i>" not in page
    assert "a&amp;b &quot;&lt;i&gt;site&lt;/i&gt;&quot;" in page


def test_notes_are_shown_prominently_and_escaped(
    result: SiteResult, scenario: OrbitScenario
) -> None:
    note = "total dose limits life to 3.1 yr (< design 5.0 yr) & <b>more</b>"
    noted = dataclasses.replace(result, values={**result.values, "notes": [note]})
    page = render_report(noted, scenario)
    box = page.index('<div class="notes"')
    assert box < page.index('<section class="headline">')
    assert html.escape(note) in page
    assert "<b>more</b>" not in page
    assert 'class="nonotes"' not in page


# -- figures -------------------------------------------------------------------------------------
def _axis_titles(fig: object) -> list[str]:
    layout = fig.layout  # type: ignore[attr-defined]
    names = [k for k in layout.to_plotly_json() if re.fullmatch(r"[xy]axis\d*", k)]
    return [layout[k].title.text for k in names if layout[k].title.text]


@pytest.mark.parametrize("make", figures.ALL_FIGURES, ids=lambda f: f.__name__)
def test_figures_have_data_and_units(make: object, result: SiteResult) -> None:
    fig = make(result)  # type: ignore[operator]
    assert len(fig.data) >= 1
    if make is figures.power_sankey:
        assert "[MWh" in fig.layout.title.text
        return
    titles = _axis_titles(fig)
    assert titles, "no axis titles"
    with_units = [t for t in titles if re.search(r"\[[^\]]+\]", t)]
    assert with_units, titles


def test_sankey_conserves_the_energy_balance(result: SiteResult) -> None:
    fig = figures.power_sankey(result)
    s = fig.data[0]
    labels = list(s.node.label)
    src, tgt, val = list(s.link.source), list(s.link.target), list(s.link.value)
    e = result.values["power"]["energy_balance_j_per_satellite_year"]
    elec = labels.index(next(x for x in labels if x.startswith("Array electric output")))
    sun = labels.index(next(x for x in labels if x.startswith("Sunlight on array")))
    into = sum(v for s_, t, v in zip(src, tgt, val, strict=True) if t == elec)
    out = sum(v for s_, t, v in zip(src, tgt, val, strict=True) if s_ == elec)
    from_sun = sum(v for s_, t, v in zip(src, tgt, val, strict=True) if s_ == sun)
    assert from_sun == pytest.approx(e["sunlight_on_array"] / J_PER_MWH, rel=1e-12)
    # a net battery change under 0.1 % of the electric output is left out of the picture
    assert out == pytest.approx(into, rel=1e-3)
    it = labels.index(next(x for x in labels if x.startswith("IT ")))
    assert sum(v for _, t, v in zip(src, tgt, val, strict=True) if t == it) == pytest.approx(
        e["it"] / J_PER_MWH
    )


def test_cost_bars_sum_to_the_capex(result: SiteResult) -> None:
    fig = figures.cost_breakdown(result)
    assert len(fig.data) == 1  # full boundary: no greyed lines
    total = sum(result.values["cost"]["capex_usd"].values()) / 1e9
    assert sum(fig.data[0].x) == pytest.approx(total)


def test_partial_boundary_shows_the_other_lines_in_grey(scenario: OrbitScenario) -> None:
    econ = scenario.economics.model_copy(update={"boundary": Boundary.ENERGY_ONLY})
    sc = scenario.model_copy(update={"economics": econ})
    r = wattflop.simulate(sc)
    fig = figures.cost_breakdown(r)
    grey, inside = fig.data
    every = r.values["cost"]["capex_all_lines_usd"]
    assert sum(grey.x) == pytest.approx(sum(every.values()) / 1e9)
    assert sum(inside.x) == pytest.approx(sum(r.values["cost"]["capex_usd"].values()) / 1e9)
    assert sum(inside.x) < sum(grey.x)
    page = render_report(r, sc)
    assert "Cost boundary: energy_only" in page
    assert "grey: lines outside the cost boundary" in page


def test_radiator_figure_marks_design_point_and_coolant_limit(result: SiteResult) -> None:
    fig = figures.radiator_area(result)
    th = result.values["thermal"]
    design = next(t for t in fig.data if t.name == "design point")
    assert design.x[0] == pytest.approx(th["radiator_temperature_c"])
    assert design.y[0] == pytest.approx(th["radiator_area_m2"])
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    # the line marks the hottest radiator the coolant allows: coolant limit − loop ΔT
    limit = th["coolant_max_c"] - th["coolant_delta_t_k"]
    assert th["radiator_max_c"] == pytest.approx(limit)
    assert any(s.x0 == pytest.approx(limit) for s in lines)


# -- number formatting ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("x", "text"),
    [
        (1.4718, "1.47"),
        (5.2986, "5.30"),
        (15.43, "15.4"),
        (3180.7, "3,181"),
        (9999, "9,999"),
        (9.996, "10.0"),
        (0.09996, "0.100"),
        (0.000376, "0.000376"),
        (0.0, "0"),
        (-58.58, "-58.6"),
        (float("inf"), "∞"),
        (float("nan"), "n/a"),
        (None, "n/a"),
    ],
)
def test_format_number(x: float | None, text: str) -> None:
    assert format_number(x) == text


def test_format_large() -> None:
    assert format_large(1.89e10) == "18.9 billion"
    assert format_large(8.76e6) == "8.76 million"
    assert format_large(667.0) == "667"

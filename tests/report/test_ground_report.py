"""Tests for the ground report: :mod:`wattflop.report.ground` and its figures.

The page must be one offline file, show the result's numbers as the result holds them, escape
every piece of scenario text, and draw figures whose data are the result's data: the dispatch
stack, as drawn, meets the load every hour; both sides of the energy figure add up; the cost
bars add up to the cost. The Memphis run (~6 s) is computed once for the module; the cases it
does not cover (batteries, PV, export, unserved load, no swings, constant PUE, a partial cost
boundary) are made by editing a copy of its result, which the report only reads.
"""

from __future__ import annotations

import dataclasses
import html
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import wattflop
from wattflop.ground.swings import CRITICAL_BAND_HZ
from wattflop.report import ground_figures as gf
from wattflop.report.figures import format_large, format_number
from wattflop.report.ground import render_ground_report
from wattflop.report.html import render_report
from wattflop.result import SiteResult
from wattflop.scenario import GroundScenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "ground-1gw-memphis.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def scenario() -> GroundScenario:
    sc = wattflop.load_scenario(SCENARIO)
    assert isinstance(sc, GroundScenario)
    return sc


@pytest.fixture(scope="module")
def result(scenario: GroundScenario) -> SiteResult:
    return wattflop.simulate(scenario)


@pytest.fixture(scope="module")
def page(result: SiteResult, scenario: GroundScenario) -> str:
    return render_report(result, scenario)


def _with_values(result: SiteResult, **changes: Any) -> SiteResult:
    """A copy of ``result`` with top-level value sections replaced (None: removed)."""
    values = {k: v for k, v in result.values.items() if changes.get(k, v) is not None}
    values.update({k: v for k, v in changes.items() if v is not None})
    return dataclasses.replace(result, values=values)


def _mixed(result: SiteResult) -> SiteResult:
    """The Memphis result with every dispatch flow made non-zero, the balance kept: PV by day
    feeding a battery and the grid, the battery by night, a little unserved load."""
    d = result.detail.copy()
    hour = d["time"].dt.hour.values
    n = d.sizes["time"]
    sun = np.clip(np.sin((hour - 12 + 6) / 24 * 2 * np.pi), 0.0, None)  # peaks 18 UTC
    pv = 300.0 * sun
    charge = 120.0 * sun
    export = 30.0 * sun
    discharge = np.where(sun == 0.0, 80.0, 0.0)
    unserved = np.where(np.arange(n) % 97 == 0, 5.0, 0.0)
    gas = d["load"].values - d["grid_import"].values - pv - discharge - unserved + charge + export
    assert gas.min() > 0.0
    flows = {
        "pv": pv,
        "battery_charge": charge,
        "battery_discharge": discharge,
        "grid_export": export,
        "unserved": unserved,
        "gas": gas,
    }
    for k, v in flows.items():
        d[k] = ("time", v, {"units": "MW"})
    # the annual sums as the model makes them from the hourly dispatch
    ground = dict(result.values["ground"])
    energy = {k: float(d[k].sum()) for k in ground["energy_mwh_per_year"]}
    ground["energy_mwh_per_year"] = energy
    load = d["load"].values
    it = float(np.sum((load - unserved) / d["pue"].values))
    mixed = _with_values(result, ground=ground, energy={**result.values["energy"]} | {
        "delivered_to_it_mwh_per_year": it
    })  # fmt: skip
    return dataclasses.replace(mixed, detail=d)


# -- one offline file --------------------------------------------------------------------------
def test_page_is_one_self_contained_file(page: str, result: SiteResult) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    assert len(re.findall(r"\* plotly\.js v\d", page)) == 1  # the bundle's licence header
    assert gf.figures_for(result) == gf.ALL_FIGURES  # Memphis: swings on, ambient PUE
    assert page.count("Plotly.newPlot(") == len(gf.ALL_FIGURES)
    assert re.search(r"<script[^>]*\bsrc\s*=", page, flags=re.IGNORECASE) is None
    assert re.search(r"<link[^>]*\bhref\s*=\s*[\"']?https?:", page, flags=re.IGNORECASE) is None


def test_render_report_dispatches_ground_scenarios(
    page: str, result: SiteResult, scenario: GroundScenario
) -> None:
    assert render_ground_report(result, scenario) == page  # and the rendering is deterministic
    assert "IT chain: from accelerators to site power" in page


# -- content -------------------------------------------------------------------------------------
def test_page_has_each_figure_title_and_caption(page: str, result: SiteResult) -> None:
    for make in gf.ALL_FIGURES:
        title = make(result).layout.title.text
        assert title, make.__name__
        assert f"<h3>{html.escape(title)}</h3>" in page, make.__name__
    assert page.count("<figcaption>") == len(gf.ALL_FIGURES)
    assert "Catalogue numbers used and their sources" in page


def _headline(page: str) -> str:
    start = page.index('<section class="headline">')
    return page[start : page.index("</section>", start)]


def test_headline_numbers_match_the_result(
    page: str, result: SiteResult, scenario: GroundScenario
) -> None:
    headline = _headline(page)
    for path, unit in {
        "cost.usd_per_eflop": "USD/EFLOP",
        "cost.usd_per_accelerator_hour": "USD/h",
        "cost.lcoe_usd_per_mwh": "USD/MWh",
        "ground.capacity_mw.gas_turbines": "MW",
    }.items():
        value = float(result.get(path))
        shown = format_number(value)
        assert f'{shown} <span class="unit">{unit}</span>' in headline, path
        assert float(shown.replace(",", "")) == pytest.approx(value, rel=5e-3), path
    # the LCOE card: the plant's own, with the all-in cost per MWh in its sub-line
    assert result.get("cost.lcoe_usd_per_mwh") < result.get("cost.usd_per_mwh_in_boundary")
    assert f"{format_number(result.get('cost.usd_per_mwh_in_boundary'))} USD/MWh" in headline
    chain = result.get("it_chain")
    site = f"{format_number(chain['it_mw'])} → {format_number(chain['site_peak_mw'])}"
    assert f"{html.escape(site)} <span" in headline
    assert f"PUE {format_number(chain['pue_mean'])} mean" in headline
    units = result.get("ground.capacity_mw.gas_turbine_units")
    assert f"{units} × 35 MW units" in headline
    assert scenario.plant.gas_turbines.unit_size == pytest.approx(35e6)
    assert f'{format_large(result.get("ground.co2_t_per_year"))} <span class="unit">t/yr' in (
        headline
    )
    assert f"{format_number(result.get('ground.co2_kg_per_mwh_it'))} kg per MWh" in headline
    # Memphis builds neither batteries nor PV: the card says so rather than "0 MW"
    assert result.get("ground.capacity_mw.battery") == 0.0
    assert "no battery built" in headline
    assert "no PV built" in headline


def test_it_chain_table(page: str, result: SiteResult) -> None:
    table = page[page.index('<table class="chain">') :]
    table = table[: table.index("</table>")]
    c = result.get("it_chain")
    for key in ("accelerators", "servers", "racks"):
        assert f'<td class="big">{c[key]:,}</td>' in table, key
    assert f'<td class="big">{format_number(c["it_mw"])} MW</td>' in table
    assert f'<td class="big">{format_number(c["site_peak_mw"])} MW peak</td>' in table
    # in the order of the chain
    heads = re.findall(r"<th>([^<]+)</th>", table)
    assert heads == ["Accelerators", "Servers", "Racks", "IT power", "Site power"]


def test_header_shows_name_description_and_boundary(
    page: str, scenario: GroundScenario, result: SiteResult
) -> None:
    assert f"<h1>{html.escape(scenario.name)}</h1>" in page
    assert html.escape(scenario.description.strip()) in page
    assert f"Cost boundary: {result.get('cost.boundary')}</b> — counts everything" in page
    assert "35.15° N, 90.05° W" in page
    assert "90 USD/MWh 14–20 h" in page  # the time-of-use grid price, in display units


def test_inputs_are_shown_in_display_units(page: str) -> None:
    section = page[page.index("Prices and costs assumed") :]
    section = section[: section.index("Figures")]
    for text in ("1,420 USD/kW", "3.52 USD/MMBtu", "9 MMBtu/MWh", "1,606 USD/kW", "0 USD/t"):
        assert text in section, text


def test_sources_table_lists_only_the_fields_a_ground_site_uses(page: str) -> None:
    table = page[page.index('<table class="sources">') :]
    assert '<td class="num">1,667 W</td>' in table  # GB200 system power, 120 kW / 72
    assert "<td>peak flops</td>" in table
    assert "total dose tolerance" not in table  # orbital only


# -- escaping ------------------------------------------------------------------------------------
def test_scenario_text_is_escaped(result: SiteResult, scenario: GroundScenario) -> None:
    nasty = scenario.model_copy(
        update={"description": "<script>x</script>", "name": 'a&b "<i>site</i>"'}
    )
    page = render_report(result, nasty)
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<i>site</i>" not in page
    assert "a&amp;b &quot;&lt;i&gt;site&lt;/i&gt;&quot;" in page


def test_notes_are_shown_prominently_and_escaped(
    result: SiteResult, scenario: GroundScenario
) -> None:
    note = "12 h of unserved load & <b>more</b>"
    page = render_report(_with_values(result, notes=[note]), scenario)
    assert page.index('<div class="notes"') < page.index('<section class="headline">')
    assert html.escape(note) in page
    assert "<b>more</b>" not in page
    assert 'class="nonotes"' not in page


# -- figures -------------------------------------------------------------------------------------
def _axis_titles(fig: Any) -> list[str]:
    layout = fig.layout
    names = [k for k in layout.to_plotly_json() if re.fullmatch(r"[xy]axis\d*", k)]
    return [layout[k].title.text for k in names if layout[k].title.text]


@pytest.mark.parametrize("make", gf.ALL_FIGURES, ids=lambda f: f.__name__)
def test_figures_have_data_and_units(make: gf.Maker, result: SiteResult) -> None:
    fig = make(result)
    assert len(fig.data) >= 1
    assert all(t.x is not None and len(t.x) > 0 for t in fig.data)
    titles = _axis_titles(fig)
    # every titled axis but a time axis carries its unit in brackets
    quantities = [t for t in titles if not re.search(r"time|Date", t)]
    assert quantities, titles
    assert all(re.search(r"\[[^\]]+\]", t) for t in quantities), titles


def _stack_balance(fig: Any) -> list[tuple[int, float]]:
    """(hours, largest |stack − load|) of each subplot of the dispatch figure, as drawn."""
    out = []
    for axis in sorted({t.xaxis for t in fig.data}):
        traces = [t for t in fig.data if t.xaxis == axis]
        load = next(t for t in traces if t.stackgroup is None)
        stack = sum(np.asarray(t.y, dtype=float) for t in traces if t.stackgroup is not None)
        for t in traces:
            if t.stackgroup is not None:
                assert list(t.x) == list(load.x)
                # supply above zero, charge and export below
                ys = np.asarray(t.y, dtype=float)
                assert (ys >= -1e-9).all() if t.stackgroup == "supply" else (ys <= 1e-9).all()
        out.append((len(load.x), float(np.max(np.abs(stack - np.asarray(load.y, dtype=float))))))
    return out


def test_dispatch_stack_meets_the_load_every_hour(result: SiteResult) -> None:
    fig = gf.dispatch_weeks(result)
    balance = _stack_balance(fig)
    assert len(balance) == 2  # summer week, winter week
    for hours, err in balance:
        assert hours == 7 * 24
        assert err < 1e-6
    # Memphis: gas and grid only; the flows that are zero all year are not drawn
    assert {t.name for t in fig.data if t.stackgroup} == {"Gas turbines", "Grid import"}


def test_dispatch_stack_with_every_flow(result: SiteResult) -> None:
    fig = gf.dispatch_weeks(_mixed(result))
    assert {t.legendgroup for t in fig.data if t.stackgroup} == {
        var for var, *_ in gf.DISPATCH_FLOWS
    }
    for hours, err in _stack_balance(fig):
        assert hours == 7 * 24
        assert err < 1e-6


def test_dispatch_weeks_are_mid_july_and_mid_january_local_time(result: SiteResult) -> None:
    fig = gf.dispatch_weeks(result)
    loads = [t for t in fig.data if t.stackgroup is None]
    firsts = [str(np.datetime64(t.x[0], "h")) for t in loads]
    assert firsts == ["2027-07-12T00", "2027-01-12T00"]
    # local standard time: Memphis is UTC−6, so the first hour shown is 06:00 UTC
    offset = gf.utc_offset_h(result)
    assert offset == -6
    utc = np.datetime64("2027-07-12T06:00")
    assert float(loads[0].y[0]) == pytest.approx(float(result.detail["load"].sel(time=utc)))


def test_cost_bars_add_up(result: SiteResult) -> None:
    fig = gf.cost_breakdown(result)
    cost = result.values["cost"]
    capex = next(t for t in fig.data if t.name and t.name.startswith("capital within"))
    assert sum(capex.x) == pytest.approx(sum(cost["capex_usd"].values()) / 1e9)
    per = next(t for t in fig.data if t.name == "per EFLOP")
    assert sum(per.x) == pytest.approx(cost["usd_per_eflop"], rel=1e-9)
    names = set(per.y)
    assert {"Gas fuel", "Gas turbine O&M", "Grid energy (net of export)"} <= names
    assert not any(t.name and "outside" in t.name for t in fig.data)  # boundary: full


def test_partial_boundary_shows_the_other_lines_in_grey(
    result: SiteResult, scenario: GroundScenario
) -> None:
    cost = dict(result.values["cost"])
    cost["boundary"] = "power_and_cooling"
    cost["capex_usd"] = {k: v for k, v in cost["capex_usd"].items() if k != "accelerators"}
    partial = _with_values(result, cost=cost)
    fig = gf.cost_breakdown(partial)
    grey = next(t for t in fig.data if t.name and "outside" in t.name)
    assert sum(grey.x) == pytest.approx(sum(cost["capex_all_lines_usd"].values()) / 1e9)
    assert any("not counted" in str(x) for x in grey.text)
    page = render_report(partial, scenario)
    assert "Cost boundary: power_and_cooling" in page
    assert "grey: outside the cost boundary" in page


def test_energy_mix_sides_add_up(result: SiteResult) -> None:
    for r in (result, _mixed(result)):
        bal = gf.energy_balance(r)
        src = sum(v for _, v, _ in bal["sources"])
        use = sum(v for _, v, _ in bal["uses"])
        assert src == pytest.approx(use, rel=1e-9)
    bal = gf.energy_balance(_mixed(result))
    assert {n for n, _, _ in bal["sources"]} == {
        "Gas turbines", "Grid import", "Solar PV", "Not served"
    }  # fmt: skip
    assert {n for n, _, _ in bal["uses"]} >= {"Grid export", "Battery round-trip losses"}
    fig = gf.energy_mix(result)
    sources, uses = fig.data
    e = result.values["ground"]["energy_mwh_per_year"]
    by_name = dict(zip(sources.y, sources.x, strict=True))
    assert by_name["Gas turbines"] == pytest.approx(e["gas"] / 1e6)
    assert by_name["Grid import"] == pytest.approx(e["grid_import"] / 1e6)
    used = dict(zip(uses.y, uses.x, strict=True))
    it = result.values["energy"]["delivered_to_it_mwh_per_year"] / 1e6
    assert used["IT (accelerators, servers)"] == pytest.approx(it)
    # with export and battery losses, the shares are of the total, not over 100 %
    mixed = gf.energy_mix(_mixed(result))
    shares = [float(re.findall(r"\(([\d.]+) %\)", t)[0]) for t in mixed.data[0].text]
    assert sum(shares) == pytest.approx(100.0, abs=0.2)
    assert "Battery round-trip losses" in mixed.data[1].y


def test_swing_profile_draws_the_result(result: SiteResult) -> None:
    fig = gf.swing_profile(result)
    d = result.detail
    load = next(t for t in fig.data if t.name == "IT load of the training job")
    smooth = next(t for t in fig.data if t.name.startswith("what turbines"))
    np.testing.assert_array_equal(load.y, d["swing_load_mw"].values)
    np.testing.assert_array_equal(smooth.y, d["swing_smoothed_mw"].values)
    assert max(np.abs(np.diff(smooth.y))) / float(d["swing_time_s"][1]) <= 10.0 + 1e-6
    # Memphis has no power floor: no floored line
    assert not gf.floor_differs(result)
    assert not any("floor" in (t.name or "") for t in fig.data)


def test_spectrum_is_log_log_with_the_band_and_its_shares(result: SiteResult) -> None:
    assert gf.CRITICAL_BAND_HZ == CRITICAL_BAND_HZ
    fig = gf.swing_spectrum(result)
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    band = fig.layout.shapes[0]
    assert (band.x0, band.x1) == CRITICAL_BAND_HZ
    s = result.values["swings"]
    title = fig.layout.title.text
    assert f"{100 * s['band_share_before']:.1f} %" in title
    assert gf.share(s["band_share_after"]) in title
    assert all(min(t.y) > 0 for t in fig.data)  # nothing a log axis cannot show


def test_pue_figure_shows_the_daily_means(result: SiteResult) -> None:
    fig = gf.pue_and_temperature(result)
    pue = next(t for t in fig.data if t.name == "PUE: daily mean")
    np.testing.assert_allclose(pue.y, result.daily["pue"].values, rtol=1e-12)
    temp = next(t for t in fig.data if t.name == "Air temperature: daily mean")
    np.testing.assert_allclose(temp.y, result.daily["temp_air"].values, rtol=1e-12)


def test_figures_the_result_cannot_draw_are_left_out(
    result: SiteResult, scenario: GroundScenario
) -> None:
    swing_vars = [k for k in result.detail.data_vars if result.detail[k].dims[0] != "time"]
    d = result.detail.drop_vars(swing_vars).drop_dims(["swing_time_s", "frequency_hz"])
    d["pue"] = d["pue"] * 0.0 + 1.2
    bare = dataclasses.replace(_with_values(result, swings=None), detail=d)
    makers = gf.figures_for(bare)
    assert makers == (gf.dispatch_weeks, gf.cost_breakdown, gf.energy_mix)
    for make in (gf.swing_profile, gf.swing_spectrum, gf.pue_and_temperature):
        with pytest.raises(ValueError):
            make(bare)
    page = render_report(bare, scenario)
    assert page.count("Plotly.newPlot(") == 3
    assert len(re.findall(r"\* plotly\.js v\d", page)) == 1
    assert "training swings: <b>not analysed</b>" in page


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_figures_render_in_chromium(page: str, tmp_path: Path) -> None:
    path = tmp_path / "ground.html"
    path.write_text(page, encoding="utf-8")
    assert CHROMIUM is not None
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--virtual-time-budget=15000",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]  # fmt: skip
    dom = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=180, check=True,
    ).stdout  # fmt: skip
    assert dom.count('class="plot-container plotly"') == len(gf.ALL_FIGURES)

"""The front page of a study folder: the answer first, then links to every page.

Reads only the JSON files the other commands wrote (``result.json``, ``ground/result.json``,
``compare.json``, ``breakeven.json``, ``learning.json``, ``montecarlo.json``,
``claims.json``, ``reproduce.json``, ``what_it_takes.json``; infinities restored by
:func:`wattflop.jsonable.loads`); missing ones are skipped. Links every page the folder
holds: the known ones first, then any other, by its title.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from wattflop.jsonable import loads
from wattflop.report.figures import format_number
from wattflop.report.page import card, document, esc


def _load(path: Path) -> Any:
    try:
        return loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _headline(cmp_: Any, mc: Any, be: Any, tl: Any) -> str:
    """Four cards that answer the question before any detail: which site, how sure, at what
    launch price, and when."""
    cards = []
    if cmp_:
        ranked = sorted(cmp_["sites"].items(), key=lambda kv: kv[1]["usd_per_eflop"])
        (best, b), (_, w) = ranked[0], ranked[-1]
        kind = b.get("site", best)
        cards.append(
            card(
                "cheaper per delivered EFLOP",
                str(kind),
                "",
                f"{w['usd_per_eflop'] / b['usd_per_eflop']:.1f}× cheaper ({best})",
            )
        )
    if mc and mc.get("p_orbit_cheaper") is not None:
        r = mc["summaries"]["ratio"]
        cards.append(
            card(
                "chance orbit is cheaper",
                f"{100 * mc['p_orbit_cheaper']:.1f}",
                "%",
                f"orbit/ground {r['p5']:.1f}–{r['p95']:.1f}× (p5–p95, Monte Carlo)",
            )
        )
    if be:
        if be.get("root") is not None:
            value, sub = format_number(be["root"]), f"{be['key']} where costs are equal"
        else:
            value = "none"
            span = f"{format_number(be['lo'])} to {format_number(be['hi'])} {be['unit']}"
            sub = f"no crossing for {be['key']} from {span}"
        cards.append(card("break-even", value, be["unit"] if be.get("root") else "", sub))
    if tl:
        y = tl["cases"]["central"]["crossing_year"]
        last = tl["years"][-1]
        cards.append(
            card(
                "orbit cheaper from",
                f"{y:.0f}" if y is not None else f"not by {last:.0f}",
                "",
                f"prices learning, launch {tl['launch_cadence_t_per_yr']:,.0f} t/yr",
            )
        )
    return f'<section class="headline">{"".join(cards)}</section>' if cards else ""


_TITLE = re.compile(r"<title>(.*?)</title>", re.IGNORECASE | re.DOTALL)


def pages(folder: Path, known: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every page under ``folder`` (three levels deep) as ``(relative link, label)``: the
    ``known`` pages first, in their order and with their labels, then any other ``.html``
    page by path, labelled with its title (a sweep's ``report.html``, a run in a
    subfolder …)."""
    found = {
        p.relative_to(folder).as_posix(): p
        for pattern in ("*.html", "*/*.html", "*/*/*.html")
        for p in folder.glob(pattern)
        if p.is_file() and not p.name.startswith(".")
    }
    found.pop("index.html", None)
    out = [(href, text) for href, text in known if href in found]
    for href in sorted(set(found) - {h for h, _ in known}):
        try:
            head = found[href].read_text(encoding="utf-8", errors="replace")[:4096]
        except OSError:
            continue
        m = _TITLE.search(head)
        title = html.unescape(m.group(1).strip()) if m else ""
        out.append((href, f"{title} ({href})" if title else href))
    return out


def render_index(folder: Path) -> str:
    """HTML of ``folder/index.html``."""
    cmp_ = _load(folder / "compare.json")
    be = _load(folder / "breakeven.json")
    claims = _load(folder / "claims.json")
    mc = _load(folder / "montecarlo.json")
    tl = _load(folder / "learning.json")
    wit = _load(folder / "what_it_takes.json")
    parts = ["<h1>Where should the next gigawatt of AI compute run?</h1>"]
    parts.append(_headline(cmp_, mc, be, tl))
    if cmp_:
        sites = cmp_["sites"]
        ranked = sorted(sites.items(), key=lambda kv: kv[1]["usd_per_eflop"])
        best, worst = ranked[0], ranked[-1]
        ratio = worst[1]["usd_per_eflop"] / best[1]["usd_per_eflop"]
        parts.append(
            '<div class="boundary"><b>Answer, as modelled:</b> per delivered EFLOP, '
            f"<b>{esc(best[0])}</b> costs {esc(format_number(best[1]['usd_per_eflop']))} USD and "
            f"<b>{esc(worst[0])}</b> {esc(format_number(worst[1]['usd_per_eflop']))} USD — "
            f"{esc(f'{ratio:.1f}')}× more — with the cost boundary "
            f"<b>{esc(cmp_['boundary'])}</b> (accelerators, facility or bus, launch and "
            "replacement included). Power alone (LCOE to the chips): "
            + ", ".join(
                f"{esc(name)} {esc(format_number(s['lcoe_usd_per_mwh']))} USD/MWh"
                for name, s in ranked
            )
            + ".</div>"
        )
    if mc and mc.get("p_orbit_cheaper") is not None:
        r = mc["summaries"]["ratio"]
        parts.append(
            f'<div class="boundary"><b>How sure:</b> over {mc["samples"]:,} Monte Carlo samples '
            f"of the uncertain inputs, orbit costs {r['p5']:.1f}–{r['p95']:.1f}× ground (p5–p95) "
            f"and is cheaper in {100 * mc['p_orbit_cheaper']:.1f} % of them.</div>"
        )
    if be:
        parts.append(
            f'<div class="boundary">Break-even on {esc(be["key"])}: {esc(be["message"])}</div>'
        )
    if tl:
        parts.append(
            f'<div class="boundary"><b>When:</b> with every cost line learning (launch at '
            f"{tl['launch_cadence_t_per_yr']:,.0f} t/yr), {esc(tl['summary'])}. "
            + (f"{esc(tl['floor_summary'])}." if tl.get("floor_summary") else "")
            + "</div>"
        )
    if wit:
        parts.append(
            f'<div class="boundary"><b>What it would take:</b> {esc(wit["summary"])}</div>'
        )
    links = [
        ("report.html", "Orbital site: physics, mass, cost, eclipse, radiators"),
        ("ground/report.html", "Ground site: plant sizing, hourly dispatch, training swings"),
        ("compare.html", "Side-by-side comparison under one cost boundary"),
        ("breakeven.html", "Break-even curve"),
        ("learning.html", "Learning curves: cost per year and the crossing year"),
        ("montecarlo.html", "Monte Carlo: distributions, P(orbit cheaper), tornado, Sobol"),
        ("what_it_takes.html", "What it would take: satellite USD/W × kg/kW, designs, levers"),
        ("claims.html", "The public claims, checked"),
        ("reproduce.html", "The referee: published designs reproduced, with waterfalls"),
        ("sweep.html", "Design-space sweep (Dask): cost against altitude, radiator, launch price"),
        ("constellation-formation/report.html", "81-satellite formation: motion, links, training"),
        ("constellation-walker/report.html", "Walker shell: sunlight, link graph, collisions"),
    ]
    items = "".join(
        f'<li><a href="{esc(href)}">{esc(text)}</a></li>' for href, text in pages(folder, links)
    )
    parts.append(f"<h2>Pages</h2><ul>{items}</ul>")
    if claims:
        rows = "".join(
            f"<tr><td>{esc(c['id'])}</td><td>{esc(c['verdict'])}</td></tr>" for c in claims
        )
        parts.append(f"<h2>Claims</h2><table><tr><th>claim</th><th>verdict</th></tr>{rows}</table>")
    return document("wattflop: where should the next gigawatt of AI compute run?", "".join(parts))

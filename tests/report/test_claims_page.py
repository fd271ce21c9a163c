"""The claims pages (issue #13, item 6): the static page, ``claims.json`` and the ``wattflop
claims`` table show, for every claim, the statement, the source and its link, wattflop's
number with its p5–p95 band, the verdict (coloured; ``not evaluated`` neutral, never red),
the reasoning inline and the condition under which the claim would hold; every claim has a
permalink anchor ``#claim-<id>``; the terminal table keeps every id whole at 80 columns.

The results are built by hand (the evaluators are tested in tests/claims/): the page must
show what it is given, whatever the models say.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from wattflop.claims.evaluate import ClaimResult, HoldsIf
from wattflop.report.claims import (
    KIND_BORDER,
    VERDICT_COLOURS,
    anchor,
    band_text,
    holds_if_text,
    render_claims,
)


def _result(**kw: Any) -> ClaimResult:
    base: dict[str, Any] = {
        "id": "orbit-100kw-per-t",
        "text": "Each tonne launched to orbit provides about 100 kW of compute power.",
        "source": "public statements on orbital compute economics, early 2026 (secondary)",
        "claimed": 100.0,
        "claimed_unit": "kW/t",
        "value": 32.46,
        "unit": "kW/t",
        "ratio": 100.0 / 32.46,
        "verdict": "optimistic ×3.1",
        "kind": "optimistic",
        "reason": "The headline satellite gives 32.5 kW of IT per tonne; the claim is 3.1× that.",
        "assumptions": ("GB200 system mass and power per accelerator from the catalogue",),
        "statement": "One tonne in orbit carries about 100 kW of computing.",
        "url": "https://example.org/interview?a=1&b=2",
        "band": (28.04, 37.2),
        "holds_if": HoldsIf(
            "the satellite weighs ≤ 10 kg per kW of IT",
            {"satellite.kg_per_kw": "10 kg/kW"},
            value=100.4,
            target=100.0,
        ),
    }
    base.update(kw)
    return ClaimResult(**base)


#: One result of every kind, each with a different id (the longest id of the registry,
#: orbit-competitive-when, 22 characters, included).
RESULTS = [
    _result(),
    _result(
        id="orbit-competitive-when",
        verdict="consistent",
        kind="consistent",
        ratio=1.1,
        band=None,
        holds_if=None,
        url=None,
    ),
    _result(
        id="us-batteries-double",
        verdict="pessimistic ×2",
        kind="pessimistic",
        ratio=0.5,
        holds_if=HoldsIf("storage of ≥ 400 GWh", {}, value=2.0, target=2.0, reachable=False),
    ),
    _result(
        id="launch-100-per-kg",
        verdict="contradicted: not by 2060",
        kind="contradicted",
        value=2111.4,
        unit="yr",
        claimed=2035.0,
        claimed_unit="yr",
        ratio=None,
        band=(2090.2, 2140.0),
    ),
    _result(
        id="power-is-bottleneck",
        verdict="not evaluated",
        kind="not evaluated",
        value=None,
        ratio=None,
        band=None,
        holds_if=None,
        reason="wattflop does not model accelerator shipments.",
    ),
]


class _Cards(HTMLParser):
    """The claim cards of a page: id → (classes, verdict badge classes, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, dict[str, Any]] = {}
        self.links: list[str] = []
        self._cur: str | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(str(a["href"]))
        if tag == "article":
            self._cur = str(a["id"])
            self.cards[self._cur] = {"cls": a.get("class", ""), "badge": None, "text": ""}
            self._depth = 1
        elif self._cur is not None:
            if tag in ("div", "span", "p", "dl", "dd", "dt", "h2", "details", "ul", "li"):
                self._depth += 1
            if tag == "span" and "verdict" in (a.get("class") or ""):
                self.cards[self._cur]["badge"] = self.cards[self._cur]["badge"] or a["class"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._cur = None

    def handle_data(self, data: str) -> None:
        if self._cur is not None:
            self.cards[self._cur]["text"] += data + " "


def _parse(page: str) -> _Cards:
    p = _Cards()
    p.feed(page)
    return p


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _reddish(hex_colour: str) -> bool:
    """A colour people read as red: red well above green and blue (threshold 40 of 255)."""
    r, g, b = _rgb(hex_colour)
    return r - max(g, b) > 40


def test_every_claim_has_its_permalink_anchor() -> None:
    page = _parse(render_claims(RESULTS))
    assert list(page.cards) == [f"claim-{r.id}" for r in RESULTS]
    for r in RESULTS:
        assert page.links.count(f"#{anchor(r.id)}") == 2  # the index and the card's own link


def test_each_card_shows_statement_source_link_number_band_reason_and_condition() -> None:
    page = render_claims(RESULTS)
    cards = _parse(page).cards
    first = " ".join(cards["claim-orbit-100kw-per-t"]["text"].split())
    assert "One tonne in orbit carries about 100 kW of computing." in first  # statement
    assert "As stated: “Each tonne launched" in first  # the wording, when it differs
    assert "public statements on orbital compute economics" in first  # source
    assert 'href="https://example.org/interview?a=1&amp;b=2"' in page  # link, escaped
    assert "32.5 kW/t" in first and "p5–p95: 28.0–37.2 kW/t" in first  # number and band
    assert "100 kW/t" in first and "3.08" in first  # claimed and ratio
    assert "Why: The headline satellite gives 32.5 kW" in first  # reasoning inline
    assert (
        "Holds if: the satellite weighs ≤ 10 kg per kW of IT (satellite.kg_per_kw = 10 kg/kW); "
        "re-computed: 100 kW/t for 100 kW/t" in first
    )
    # None-safe: no band, no condition, no link, no number
    consistent = " ".join(cards["claim-orbit-competitive-when"]["text"].split())
    assert "p5–p95: —" in consistent and "Holds if: —" in consistent and "(no link)" in consistent
    unmodelled = " ".join(cards["claim-power-is-bottleneck"]["text"].split())
    assert "wattflop —" in unmodelled and "p5–p95" not in unmodelled
    assert "Why: wattflop does not model accelerator shipments." in unmodelled
    # an unreachable condition says so; a calendar year reads as a year
    assert "not reachable within the keys' physical bounds" in " ".join(
        cards["claim-us-batteries-double"]["text"].split()
    )
    assert "year 2111" in cards["claim-launch-100-per-kg"]["text"]
    assert "years 2090–2140" in cards["claim-launch-100-per-kg"]["text"]


def test_verdict_colours_and_not_evaluated_is_never_red() -> None:
    page = render_claims(RESULTS)
    cards = _parse(page).cards
    for r in RESULTS:
        kind = r.kind.replace(" ", "-")
        card = cards[f"claim-{r.id}"]
        assert f"k-{kind}" in card["cls"]
        assert card["badge"] == f"verdict v-{kind}"
        assert r.verdict in card["text"]
    css = {
        m.group(1): m.group(2)
        for m in re.finditer(
            r"\.v-([a-z-]+) \{ background:#[0-9a-f]{6}; color:(#[0-9a-f]{6})", page
        )
    }
    assert _reddish(css["contradicted"]) and _reddish(KIND_BORDER["contradicted"])
    assert not _reddish(css["not-evaluated"]) and not _reddish(KIND_BORDER["not evaluated"])
    for colour in VERDICT_COLOURS["not evaluated"]:
        assert not _reddish(colour)
    r, g, b = _rgb(VERDICT_COLOURS["consistent"][1])
    assert g > r and g > b  # green
    # the summary counts each kind once
    assert '<span class="verdict v-not-evaluated">1 not evaluated</span>' in page


def test_page_escapes_what_it_is_given() -> None:
    page = render_claims(
        [_result(statement='<script>alert("x")</script> & co', url='javascript:"x"',
                 assumptions=("T < 20 °C",), id='a"b')]
    )  # fmt: skip
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page
    assert "T &lt; 20 °C" in page and 'id="claim-a&quot;b"' in page


def test_text_helpers_are_none_safe() -> None:
    assert band_text(None, "kW/t") == "—"
    assert holds_if_text(None) == "—"
    assert holds_if_text(HoldsIf("growth ≥ 3×/yr")) == "growth ≥ 3×/yr"


def test_claims_json_entry_carries_every_field() -> None:
    """Issue #13, done when: every claim in claims.json has verdict, kind, value (or a reason),
    band, holds_if, statement, source and url; holds_if as a mapping, not a string."""
    for r in RESULTS:
        d = json.loads(json.dumps(r.to_dict(), allow_nan=False))
        for key in ("verdict", "kind", "value", "reason", "band", "holds_if", "statement",
                    "source", "url"):  # fmt: skip
            assert key in d, key
        assert d["value"] is not None or d["reason"]
        if r.holds_if is not None:
            assert d["holds_if"]["text"] == r.holds_if.text
            assert d["holds_if"]["keys"] == dict(r.holds_if.keys)
            assert d["holds_if"]["reachable"] is r.holds_if.reachable
        else:
            assert d["holds_if"] is None
    assert RESULTS[0].to_dict()["band"] == [28.04, 37.2]


# ---------------------------------------------------------------------------------------------
# The terminal table


def test_cli_table_keeps_every_id_whole_at_80_columns(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import wattflop.claims
    from wattflop.cli.main import app

    monkeypatch.setattr(wattflop.claims, "evaluate_claims", lambda **_: RESULTS)
    res = CliRunner().invoke(app, ["claims", "--out", str(tmp_path)], env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    table = res.output[: res.output.index("\n\norbit-100kw-per-t")]
    for r in RESULTS:
        # the id whole on one line of the table, as the first word of its row
        assert any(line.split()[:1] == [r.id] for line in table.splitlines()), r.id
    assert "[28.0–37.2 kW/t]" in table and "[years 2090–2140]" in table  # the bands
    flat = " ".join(res.output.split())
    assert "holds if: the satellite weighs ≤ 10 kg per kW of IT" in flat
    assert "why: wattflop does not model accelerator shipments." in flat
    assert "<https://example.org/interview?a=1&b=2>" in flat
    written = json.loads((tmp_path / "claims.json").read_text())
    assert written[0]["holds_if"]["keys"] == {"satellite.kg_per_kw": "10 kg/kW"}
    assert 'id="claim-power-is-bottleneck"' in (tmp_path / "claims.html").read_text()

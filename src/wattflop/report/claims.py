"""The claims page: each public claim as a card with its statement, its source (linked), the
number claimed, wattflop's number with its p5–p95 band, the verdict (coloured: green
consistent, amber optimistic, blue pessimistic, red contradicted, neutral grey not evaluated),
the reasoning in words, the condition under which the claim would hold (``holds_if``) and the
assumptions. A summary strip at the top counts the verdicts and links to every claim.

Every claim has a permalink anchor ``#claim-<id>``. One self-contained HTML file, no figures,
no script.
"""

from __future__ import annotations

from collections.abc import Sequence

from wattflop.claims.evaluate import ClaimResult
from wattflop.claims.verdicts import BAND, HoldsIf
from wattflop.report.figures import format_number
from wattflop.report.page import CSS, document, esc

#: Verdict kind → (background, text colour). Red is for ``contradicted`` only; ``not
#: evaluated`` (outside the model) is a neutral grey, never a colour that reads "false".
VERDICT_COLOURS: dict[str, tuple[str, str]] = {
    "consistent": ("#d3f9d8", "#1b5e20"),
    "optimistic": ("#fff3bf", "#7a4a00"),
    "pessimistic": ("#dbeafe", "#1c4f8a"),
    "contradicted": ("#ffe3e3", "#a61e1e"),
    "not evaluated": ("#eef0f4", "#5b6475"),
}
#: Verdict kind → the card's left border (stronger than the badge's background).
KIND_BORDER: dict[str, str] = {
    "consistent": "#2f9e44",
    "optimistic": "#f59f00",
    "pessimistic": "#1c7ed6",
    "contradicted": "#e03131",
    "not evaluated": "#adb5bd",
}
#: The kinds in the order the summary lists them.
KIND_ORDER = ("consistent", "optimistic", "pessimistic", "contradicted", "not evaluated")
#: What each kind means, in one line (the page's legend).
KIND_MEANING: dict[str, str] = {
    "consistent": "the claim is within ±25 % of wattflop's number",
    "optimistic": "the claim is ×N better for its author than the model finds",
    "pessimistic": "the claim is ×N worse for its author than the model finds",
    "contradicted": "the evidence says otherwise",
    "not evaluated": "outside what wattflop models: no judgement either way",
}


def kind_class(kind: str) -> str:
    """CSS class of a verdict kind: ``"not evaluated"`` → ``"v-not-evaluated"``."""
    return "v-" + kind.replace(" ", "-")


def anchor(claim_id: str) -> str:
    """The permalink anchor of a claim (the same on the static page and the web page).

    >>> anchor("orbit-100kw-per-t")
    'claim-orbit-100kw-per-t'
    """
    return f"claim-{claim_id}"


def value_text(x: float | None, unit: str) -> str:
    """A claim's number for people: a calendar year as ``year 2111``, else the number and its
    unit; ``—`` for none.

    >>> value_text(2111.4, "yr"), value_text(32.46, "kW/t"), value_text(None, "x")
    ('year 2111', '32.5 kW/t', '—')
    """
    if x is None:
        return "—"
    if unit == "yr" and x > 1000:
        return f"year {x:.0f}"
    return f"{format_number(x)} {unit}".strip()


def band_text(band: tuple[float, float] | None, unit: str) -> str:
    """The p5–p95 band, ``—`` when there is none.

    >>> band_text((28.04, 37.2), "kW/t"), band_text((2040.2, 2071.0), "yr"), band_text(None, "")
    ('28.0–37.2 kW/t', 'years 2040–2071', '—')
    """
    if band is None:
        return "—"
    lo, hi = band
    if unit == "yr" and lo > 1000:
        return f"years {lo:.0f}–{hi:.0f}"
    return f"{format_number(lo)}–{format_number(hi)} {unit}".strip()


#: Appended to a condition no value of the keys within their bounds reaches.
UNREACHABLE = "not reachable within the keys' physical bounds"


def holds_if_text(h: HoldsIf | None, unit: str = "", note_unreachable: bool = True) -> str:
    """The condition under which a claim would hold, in one line of plain text: the words,
    the key(s) as a scenario writes them, and the check (the claim's quantity re-computed
    there against the target); ``—`` when there is none.

    >>> holds_if_text(HoldsIf("the satellite weighs ≤ 10 kg per kW", {"a.b": "10 kg/kW"},
    ...                       100.2, 100.0), "kW/t")
    'the satellite weighs ≤ 10 kg per kW (a.b = 10 kg/kW); re-computed: 100 kW/t for 100 kW/t'
    """
    if h is None:
        return "—"
    text = h.text
    if h.keys:
        text += " (" + ", ".join(f"{k} = {v}" for k, v in h.keys.items()) + ")"
    if h.value is not None:
        check = value_text(h.value, unit)
        if h.target is not None:
            check += f" for {value_text(h.target, unit)}"
        text += f"; re-computed: {check}"
    if not h.reachable and note_unreachable:
        text += f" — {UNREACHABLE}"
    return text


CLAIMS_CSS = (
    CSS
    + """
.summary { display:flex; flex-wrap:wrap; gap:8px; margin: 6px 0 10px; padding:0;
  list-style:none; }
.summary li { font-size: 15px; }
.legend { font-size: 13px; color: var(--muted); margin: 0 0 14px; }
.legend b { color: var(--ink); }
.index { display:grid; grid-template-columns: repeat(auto-fill, minmax(350px, 1fr));
  gap: 4px 16px; margin: 0 0 22px; padding: 10px 12px; list-style:none; background:#fff;
  border:1px solid var(--line); border-radius:8px; font-size: 13.5px; }
.index li { display:flex; gap:8px; align-items:baseline; min-width:0; }
.index a { color: var(--ink); font-family: ui-monospace, monospace; font-size: 12.5px;
  white-space:nowrap; }
.index .verdict { font-size: 12px; }
.claim { background:#fff; border:1px solid var(--line); border-left: 6px solid #adb5bd;
  border-radius:8px; padding: 12px 16px; margin: 0 0 14px; scroll-margin-top: 12px; }
.claim:target { box-shadow: 0 0 0 3px #ffd43b; }
.claim .top { display:flex; gap:12px; align-items:flex-start; }
.claim .top .verdict { font-size: 15px; margin-top: 2px; }
.claim h2 { font-size: 18px; line-height:1.35; margin: 0; flex:1; }
.claim .perma { font-family: ui-monospace, monospace; font-size: 12.5px; color: var(--muted);
  text-decoration:none; white-space:nowrap; }
.claim .perma:hover { text-decoration:underline; }
.claim .quote { font-size: 13.5px; color: var(--muted); margin: 4px 0 0; font-style: italic; }
.claim .src { font-size: 13px; color: var(--muted); margin: 2px 0 8px; }
.nums { display:grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 8px;
  margin: 8px 0; }
.nums div { background: var(--bg); border-radius:6px; padding: 6px 10px; }
.nums dt { font-size: 12px; color: var(--muted); text-transform: uppercase;
  letter-spacing:.03em; }
.nums dd { margin: 0; font-size: 17px; font-weight: 600; font-variant-numeric: tabular-nums; }
.nums dd .band { display:block; font-size: 12.5px; font-weight: 400; color: var(--muted); }
.claim p { margin: 6px 0; font-size: 14.5px; }
.claim .label { font-weight: 700; }
.claim .holds .no { color:#a61e1e; font-weight:600; }
.claim details { font-size: 13px; color: var(--muted); }
.claim details ul { margin: 4px 0 0; padding-left: 20px; }
.verdict { display: inline-block; border-radius: 12px; padding: 1px 10px; font-weight: 700;
  white-space: nowrap; }
@media (max-width: 600px) {
  main { padding: 14px 12px 32px; }
  .claim .top { flex-direction: column; gap: 4px; }
  .claim h2 { font-size: 16.5px; }
  .index a { white-space:normal; overflow-wrap:anywhere; }
  .nums { grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 6px; }
  .nums div { padding: 5px 7px; }
  .nums dt { font-size: 10.5px; }
  .nums dd { font-size: 14.5px; }
  .nums dd .band { font-size: 11.5px; }
}
"""
    + "".join(
        f".{kind_class(kind)} {{ background:{bg}; color:{fg}; }}\n"
        for kind, (bg, fg) in VERDICT_COLOURS.items()
    )
    + "".join(
        f".claim.k-{kind.replace(' ', '-')} {{ border-left-color:{colour}; }}\n"
        for kind, colour in KIND_BORDER.items()
    )
)


def _badge(r: ClaimResult) -> str:
    return f'<span class="verdict {kind_class(r.kind)}">{esc(r.verdict)}</span>'


def _source(r: ClaimResult) -> str:
    if r.url:
        return (
            f'Source: <a href="{esc(r.url)}" rel="noopener noreferrer">{esc(r.source)}</a>'
            if r.source
            else f'Source: <a href="{esc(r.url)}" rel="noopener noreferrer">{esc(r.url)}</a>'
        )
    return f"Source: {esc(r.source) or '—'} (no link)"


def _holds(r: ClaimResult) -> str:
    h = r.holds_if
    if h is None:
        return '<p class="holds"><span class="label">Holds if:</span> —</p>'
    body = esc(holds_if_text(h, r.unit, note_unreachable=False))
    if not h.reachable:
        body += f' <span class="no">— {esc(UNREACHABLE)}</span>'
    return f'<p class="holds"><span class="label">Holds if:</span> {body}</p>'


def _card(r: ClaimResult) -> str:
    statement = r.statement or r.text
    quote = (
        f'<p class="quote">As stated: “{esc(r.text)}”</p>'
        if r.text and r.text.strip() != statement.strip()
        else ""
    )
    ratio = "—" if r.ratio is None else format_number(r.ratio)
    band = (
        f'<span class="band">p5–p95: {esc(band_text(r.band, r.unit))}</span>'
        if r.value is not None or r.band is not None
        else ""
    )
    assumptions = "".join(f"<li>{esc(a)}</li>" for a in r.assumptions)
    details = (
        f"<details><summary>Assumptions ({len(r.assumptions)})</summary>"
        f"<ul>{assumptions}</ul></details>"
        if r.assumptions
        else ""
    )
    reason = esc(r.reason) if r.reason else "—"
    return (
        f'<article class="claim k-{r.kind.replace(" ", "-")}" id="{esc(anchor(r.id))}">'
        f'<div class="top">{_badge(r)}<h2>{esc(statement)}</h2>'
        f'<a class="perma" href="#{esc(anchor(r.id))}" title="permalink to this claim">'
        f"#{esc(r.id)}</a></div>"
        f"{quote}"
        f'<div class="src">{_source(r)}</div>'
        '<dl class="nums">'
        f"<div><dt>Claimed</dt><dd>{esc(value_text(r.claimed, r.claimed_unit))}</dd></div>"
        f"<div><dt>wattflop</dt><dd>{esc(value_text(r.value, r.unit))}{band}</dd></div>"
        f"<div><dt>Claimed ÷ wattflop</dt><dd>{esc(ratio)}</dd></div>"
        "</dl>"
        f'<p class="reason"><span class="label">Why:</span> {reason}</p>'
        f"{_holds(r)}"
        f"{details}"
        "</article>"
    )


def _summary(results: Sequence[ClaimResult]) -> str:
    counts = {k: sum(r.kind == k for r in results) for k in KIND_ORDER}
    chips = "".join(
        f'<li><span class="verdict {kind_class(k)}">{n} {esc(k)}</span></li>'
        for k, n in counts.items()
        if n
    )
    index = "".join(
        f'<li>{_badge(r)}<a href="#{esc(anchor(r.id))}">{esc(r.id)}</a></li>' for r in results
    )
    lo, hi = BAND
    legend = " · ".join(f"<b>{esc(k)}</b>: {esc(KIND_MEANING[k])}" for k in KIND_ORDER)
    return (
        f'<ul class="summary" aria-label="verdicts">{chips}</ul>'
        f'<p class="legend">{legend}. Ratio = claimed ÷ wattflop; consistent when it lies within '
        f"{lo:g}–{hi:g}. The band is p5–p95 of wattflop's number under the scenario's "
        "uncertainty.</p>"
        f'<ul class="index">{index}</ul>'
    )


def render_claims(results: Sequence[ClaimResult], title: str = "Public claims, checked") -> str:
    """An HTML page with one card per claim result (from
    :func:`wattflop.claims.evaluate_claims`): the verdicts summarised at the top, then each
    claim with its permalink anchor ``#claim-<id>``."""
    intro = (
        f"<header><h1>{esc(title)}</h1>"
        '<p class="desc">Each claim made publicly, paraphrased, with its source; wattflop\'s own '
        "number for it, computed by the models from the bundled scenarios; the verdict and why; "
        "and what would have to be true for the claim to hold.</p></header>"
    )
    cards = "".join(_card(r) for r in results)
    body = intro + _summary(results) + f'<section class="claims">{cards}</section>'
    return document(title, body, css=CLAIMS_CSS)

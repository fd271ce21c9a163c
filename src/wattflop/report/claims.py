"""The claims page: each public claim, the number claimed, wattflop's number, their ratio, the
verdict (coloured) and the assumptions behind it. One self-contained HTML file, no figures.
"""

from __future__ import annotations

from collections.abc import Sequence

from wattflop.claims.evaluate import BAND, ClaimResult
from wattflop.report.figures import format_number
from wattflop.report.page import CSS, document, esc

#: Verdict kind → (background, text colour).
VERDICT_COLOURS: dict[str, tuple[str, str]] = {
    "consistent": ("#d3f9d8", "#1b5e20"),
    "optimistic": ("#ffe3e3", "#a61e1e"),
    "pessimistic": ("#e7f5ff", "#1c4f8a"),
    "contradicted": ("#ffe3e3", "#a61e1e"),
    "not evaluated": ("#eef0f4", "#5b6475"),
}

CLAIMS_CSS = (
    CSS
    + """
.claims td.claim { width: 30%; }
.claims .cid { font-family: ui-monospace, monospace; font-size: 12.5px; color: var(--muted); }
.claims .src { font-size: 12px; color: var(--muted); margin-top: 2px; }
.claims ul { margin: 0; padding-left: 16px; font-size: 12.5px; }
.claims .reason { font-size: 12.5px; margin-top: 4px; }
.verdict { display: inline-block; border-radius: 10px; padding: 1px 8px; font-weight: 600;
  white-space: nowrap; }
"""
    + "".join(
        f".v-{kind.replace(' ', '-')} {{ background:{bg}; color:{fg}; }}\n"
        for kind, (bg, fg) in VERDICT_COLOURS.items()
    )
)


def _num(x: float | None, unit: str) -> str:
    if x is None:
        return "—"
    return f"{format_number(x)} {unit}".strip()


def _row(r: ClaimResult) -> str:
    cls = "v-" + r.kind.replace(" ", "-")
    assumptions = "".join(f"<li>{esc(a)}</li>" for a in r.assumptions)
    ratio = "—" if r.ratio is None else format_number(r.ratio)
    return (
        "<tr>"
        f'<td class="claim"><div class="cid">{esc(r.id)}</div>{esc(r.text)}'
        f'<div class="src">{esc(r.source)}</div></td>'
        f'<td class="num">{esc(_num(r.claimed, r.claimed_unit))}</td>'
        f'<td class="num">{esc(_num(r.value, r.unit))}</td>'
        f'<td class="num">{esc(ratio)}</td>'
        f'<td><span class="verdict {cls}">{esc(r.verdict)}</span>'
        f'<div class="reason">{esc(r.reason)}</div></td>'
        f"<td><ul>{assumptions}</ul></td>"
        "</tr>"
    )


def render_claims(results: Sequence[ClaimResult], title: str = "Public claims, checked") -> str:
    """An HTML page with one row per claim result (from
    :func:`wattflop.claims.evaluate_claims`)."""
    lo, hi = BAND
    intro = (
        f"<header><h1>{esc(title)}</h1>"
        '<p class="desc">Each claim as stated publicly, wattflop\'s own number for it computed '
        "by the models from the bundled scenarios, and the verdict. Ratio = claimed / "
        f"wattflop; <b>consistent</b> when it lies within {lo:g}–{hi:g} (±25 %), "
        "<b>optimistic ×N</b> when the claim is N times better than the model, "
        "<b>pessimistic ×N</b> when N times worse, <b>contradicted</b> when the evidence says "
        "otherwise, <b>not evaluated</b> (grey, neutral) when it lies outside what wattflop "
        "models.</p></header>"
    )
    rows = "".join(_row(r) for r in results)
    body = (
        intro + '<table class="claims"><thead><tr><th>Claim</th><th>Claimed</th>'
        "<th>wattflop</th><th>Ratio</th><th>Verdict</th><th>Assumptions</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
    return document(title, body, css=CLAIMS_CSS)

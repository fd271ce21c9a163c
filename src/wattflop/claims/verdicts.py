"""The vocabulary of claim verdicts, shared by every evaluator: the verdict kinds, the ±25 %
band, the registry entry, what an evaluator returns (:class:`Outcome`, with its band and
:class:`HoldsIf` condition) and the ratio rule.

The evaluators live in :mod:`wattflop.claims.evaluate` (the models) and
:mod:`wattflop.claims.datasets` (data shipped with wattflop); both build on this module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from wattflop.errors import WattflopError

#: Ratio claimed / wattflop inside which a claim is ``consistent`` (±25 %).
BAND = (0.75, 1.25)

#: Verdict kinds (issue #13): ``contradicted`` when the evidence says otherwise; ``not
#: evaluated`` when the claim is outside what wattflop models (shown neutrally, never as false).
Kind = Literal["consistent", "optimistic", "pessimistic", "contradicted", "not evaluated"]
Better = Literal["higher", "lower"]



class ClaimsError(WattflopError):
    """A claims registry that cannot be read, or a claim id or quantity that does not exist."""


@dataclass(frozen=True)
class HoldsIf:
    """The condition under which a claim would hold, solved on the relevant key(s), and the
    check: the claim's quantity re-computed at that condition.

    Attributes
    ----------
    text : str
        The condition in words, e.g. "the satellite weighs ≤ 10 kg per kW of IT".
    keys : Mapping[str, str]
        The key(s) set and their values as written in a scenario (``"10 kg/kW"``); empty for a
        condition that is not a key (e.g. a growth rate).
    value : float or None
        The claim's quantity re-computed at the condition, in the result's unit.
    target : float or None
        What the claim needs (the claimed figure, or the threshold of the verdict).
    reachable : bool
        False when no value of the key(s) within their physical bounds makes the claim hold
        (``text`` then says how close the best gets).
    """

    text: str
    keys: Mapping[str, str] = field(default_factory=dict)
    value: float | None = None
    target: float | None = None
    reachable: bool = True


@dataclass(frozen=True)
class ClaimEntry:
    """One entry of the registry (``claims.yaml``)."""

    id: str
    text: str
    source: str
    statement: str  #: the claim faithfully paraphrased in plain English
    url: str | None  #: a link to the source, where one exists
    claimed_text: str | None
    claimed: float | None
    claimed_unit: str
    quantity: str
    scenario: tuple[str, ...]
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """What an evaluator returns: its number, and a verdict when the ratio rule cannot give one."""

    value: float | None
    unit: str
    details: dict[str, Any]
    better: Better = "higher"
    kind: Kind | None = None
    verdict: str | None = None
    reason: str = ""
    band: tuple[float, float] | None = None  #: p5–p95 of ``value``
    holds_if: HoldsIf | None = None



class Memo(Protocol):
    """What a data-driven evaluator needs of the claims' model cache: a memo."""

    def memo(self, key: str, compute: Callable[[], Any]) -> Any: ...


def ratio_verdict(ratio: float, better: Better = "higher") -> tuple[Kind, str]:
    """Verdict from ``ratio = claimed / wattflop`` (module notes): ``consistent`` inside
    :data:`BAND`, else ``optimistic ×N`` or ``pessimistic ×N``."""
    lo, hi = BAND
    if lo <= ratio <= hi:
        return "consistent", "consistent"
    claim_bigger = ratio > hi
    optimistic = claim_bigger if better == "higher" else not claim_bigger
    n = ratio if claim_bigger else 1.0 / ratio
    kind: Kind = "optimistic" if optimistic else "pessimistic"
    return kind, f"{kind} ×{n:.2g}" if n < 10 else f"{kind} ×{n:,.0f}"

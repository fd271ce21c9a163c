"""Public claims about AI compute on the ground and in orbit, each turned into a number the
models compute and a verdict.

The registry, ``claims.yaml`` (one entry per id of the MISSION claims table), gives each claim
as stated, its source, the claimed value and unit, the evaluator (``quantity``), the bundled
scenarios it runs on and the assumptions that drive the verdict. :func:`evaluate_claims` runs
each model at most once and returns one frozen :class:`ClaimResult` per claim: claimed value,
wattflop's value, unit, ratio, verdict (``consistent`` within ±25 %, ``optimistic ×N``,
``pessimistic ×N``, ``contradicted``, ``not evaluated``), assumptions and details.
:func:`wattflop.report.claims.render_claims` turns the results into an HTML page.

>>> from wattflop.claims import evaluate_claims, ratio_verdict
>>> [r] = evaluate_claims(ids=["orbit-100kw-per-t"])
>>> r.claimed, round(r.value, 1), r.unit, r.verdict
(100.0, 32.5, 'kW/t', 'optimistic ×3.1')
>>> ratio_verdict(1.1), ratio_verdict(0.1)
(('consistent', 'consistent'), ('pessimistic', 'pessimistic ×10'))
"""

from __future__ import annotations

from wattflop.claims.evaluate import (
    QUANTITIES,
    ClaimResult,
    Models,
    evaluate_claims,
    load_registry,
)
from wattflop.claims.verdicts import BAND, ClaimEntry, ClaimsError, HoldsIf, ratio_verdict

__all__ = [
    "BAND",
    "QUANTITIES",
    "ClaimEntry",
    "ClaimResult",
    "ClaimsError",
    "HoldsIf",
    "Models",
    "evaluate_claims",
    "load_registry",
    "ratio_verdict",
]

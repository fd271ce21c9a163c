"""One JSON encoding for everything wattflop writes or serves (``result.json``, the study
files, the web API and its result cache).

The rule, in one place:

- ±∞ → the strings ``"inf"`` and ``"-inf"`` (what ``result.json`` has always held: an
  infinite cost is an answer — nothing is delivered — and must stay distinguishable);
- NaN → ``null`` (no value);
- numpy scalars → Python numbers, numpy arrays and tuples → lists, mapping keys → strings;
- any other object → ``str(x)``.

:func:`restore` undoes the first rule when such JSON is read back for computation.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

#: How +∞ and −∞ are written.
INF = "inf"
NEG_INF = "-inf"


def jsonable(x: Any) -> Any:
    """A copy of ``x`` made of JSON types only, by the rule of this module."""
    if isinstance(x, Mapping):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [jsonable(v) for v in x]
    if isinstance(x, np.ndarray):
        # tolist() of a 0-d array is a Python scalar, of an n-d array nested lists
        return jsonable(x.tolist())
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None if math.isnan(x) else (INF if x > 0 else NEG_INF)
    if x is None or isinstance(x, bool | int | float | str):
        return x
    return str(x)


def dumps(x: Any, **kwargs: Any) -> str:
    """``json.dumps`` of :func:`jsonable` (``x``): strict JSON, never ``NaN`` or ``Infinity``;
    keyword arguments (``indent``, ``sort_keys`` …) go to :func:`json.dumps`."""
    return json.dumps(jsonable(x), allow_nan=False, **kwargs)


def restore(x: Any) -> Any:
    """``"inf"`` and ``"-inf"`` back to floats, through mappings and lists (NaN written as
    ``null`` stays ``None``)."""
    if isinstance(x, Mapping):
        return {k: restore(v) for k, v in x.items()}
    if isinstance(x, list):
        return [restore(v) for v in x]
    if isinstance(x, str) and x == INF:
        return math.inf
    if isinstance(x, str) and x == NEG_INF:
        return -math.inf
    return x


def loads(text: str | bytes) -> Any:
    """JSON written by :func:`dumps`, with its infinities restored."""
    return restore(json.loads(text))

"""One JSON rule for every result: ±∞ as "inf"/"-inf", NaN as null, strict JSON."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import xarray as xr

from wattflop.jsonable import dumps, jsonable, loads, restore
from wattflop.result import SiteResult
from wattflop.study.breakeven import BreakEven


def test_the_rule() -> None:
    x = {
        1: (math.inf, -math.inf, math.nan),
        "a": np.array([1.0, np.inf, np.nan]),
        "n": np.float64(2.5),
        "i": np.int64(3),
        "b": np.bool_(True),
        "p": Path("x"),
        "s": "text",
        "none": None,
    }
    assert jsonable(x) == {
        "1": ["inf", "-inf", None],
        "a": [1.0, "inf", None],
        "n": 2.5,
        "i": 3,
        "b": True,
        "p": "x",
        "s": "text",
        "none": None,
    }
    text = dumps(x)
    assert "Infinity" not in text and "NaN" not in text
    back = loads(text)
    assert back["1"][:2] == [math.inf, -math.inf] and back["1"][2] is None
    assert restore({"k": ["inf", {"j": "-inf"}]}) == {"k": [math.inf, {"j": -math.inf}]}


def test_every_writer_uses_it() -> None:
    """result.json and a break-even curve write infinities the same way (the curve used to
    write them as null, like NaN)."""
    r = SiteResult(
        values={"cost": {"lcoe": math.inf, "x": (1.0, math.nan)}},
        daily=xr.Dataset(),
        detail=xr.Dataset(),
    )
    assert json.loads(r.to_json()) == {"cost": {"lcoe": "inf", "x": [1.0, None]}}
    assert r.to_dict() == json.loads(r.to_json())
    b = BreakEven(
        key="k", side="orbit", metric="m", unit="u", lo=1.0, hi=2.0, root=None, message="",
        x=np.array([1.0, 2.0]), orbit=np.array([np.inf, 1.0]), ground=np.array([np.nan, 1.0]),
    )  # fmt: skip
    d = b.to_dict()
    assert d["curve"]["orbit"] == ["inf", 1.0] and d["curve"]["ground"] == [None, 1.0]
    assert json.loads(dumps(d)) == d

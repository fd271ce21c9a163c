"""The parameter layer: typed, columnar inputs between a validated scenario and the physics.

A stage's inputs are a frozen dataclass whose fields mirror the scenario's attribute paths
(``satellite.radiator.temperature``, ``accelerator.failure_rate`` …), each an SI ``float`` or
an array of samples. :func:`build` fills one from a validated scenario plus an optional table
of sampled columns keyed by those paths: the deterministic run is the one-row case, a Monte
Carlo, sweep, break-even or learning year the N-row case of the same code. :func:`leaf_paths`
tells which paths a stage reads, so a sampled key the model never reads is found from the
types rather than from a hand-kept list.

Examples
--------
Two stage inputs (``make_dataclass`` is ``@dataclass(frozen=True) class ...`` written inline;
the field types are real classes, as :func:`typing.get_type_hints` finds them in a module):

>>> from dataclasses import make_dataclass
>>> from types import SimpleNamespace
>>> Radiator = make_dataclass("Radiator", [("temperature", float)], frozen=True)
>>> Inputs = make_dataclass(
...     "Inputs", [("radiator", Radiator), ("discount_rate", float)], frozen=True
... )
>>> sc = SimpleNamespace(radiator=SimpleNamespace(temperature=330.0), discount_rate=0.08)
>>> build(Inputs, sc).radiator.temperature
330.0
>>> build(Inputs, sc, {("discount_rate",): np.array([0.05, 0.1])}).discount_rate
array([0.05, 0.1 ])
>>> sorted(leaf_paths(Inputs))
[('discount_rate',), ('radiator', 'temperature')]

The orbital site's inputs, from a bundled scenario:

>>> from wattflop import load_scenario
>>> from wattflop.orbit.inputs import OrbitInputs
>>> p = build(OrbitInputs, load_scenario("orbit-20mw-inclined-550km"))
>>> p.economics.discount_rate, p.workload.it_power
(0.07, 20000000.0)
>>> ("launch", "price_per_kg") in leaf_paths(OrbitInputs)
True
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Mapping
from functools import cache
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
#: A parameter: one SI value, or one per sample.
Value = float | FloatArray
#: Sampled columns by attribute path.
Columns = Mapping[tuple[str, ...], Value]

T = TypeVar("T")


def as_array(x: object) -> FloatArray:
    """``x`` as a float64 array (0-d for a scalar)."""
    return np.asarray(x, dtype=np.float64)


@cache
def _hints(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls)


def _nested(hint: object) -> type | None:
    """The dataclass a field holds, if it holds one (also an optional one, ``X | None``)."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return hint
    args = typing.get_args(hint)
    if len(args) == 2 and type(None) in args:
        (inner,) = (a for a in args if a is not type(None))
        return _nested(inner)
    return None


def _is_numeric(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def build(cls: type[T], source: object, columns: Columns | None = None) -> T:
    """A ``cls`` filled from ``source`` (a validated scenario), with ``columns`` in place of
    the values at their paths.

    Numbers become ``float`` (integers too: every parameter is real-valued); other values
    (choices, flags, names) are taken as they are.
    """
    return _build(cls, source, columns or {}, ())


def _build(cls: type[T], source: object, columns: Columns, prefix: tuple[str, ...]) -> T:
    assert dataclasses.is_dataclass(cls)
    kwargs: dict[str, object] = {}
    for f in dataclasses.fields(cls):
        path = (*prefix, f.name)
        sub = _nested(_hints(cls)[f.name])
        value = getattr(source, f.name)
        if sub is not None:
            kwargs[f.name] = None if value is None else _build(sub, value, columns, path)
        elif path in columns:
            kwargs[f.name] = columns[path]
        elif _is_numeric(value):
            kwargs[f.name] = float(value)
        else:
            kwargs[f.name] = value
    return cls(**kwargs)


def leaf_paths(cls: type) -> frozenset[tuple[str, ...]]:
    """Attribute paths of every value a stage's inputs hold."""
    return _leaf_paths(cls, ())


def _leaf_paths(cls: type, prefix: tuple[str, ...]) -> frozenset[tuple[str, ...]]:
    out: set[tuple[str, ...]] = set()
    for f in dataclasses.fields(cls):
        sub = _nested(_hints(cls)[f.name])
        path = (*prefix, f.name)
        out |= _leaf_paths(sub, path) if sub is not None else {path}
    return frozenset(out)

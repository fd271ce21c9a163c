"""Results: frozen, data first. Text, JSON and pictures are views of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import xarray as xr

from wattflop.jsonable import dumps, jsonable

#: Dotted paths of result values that are measured run times (``ground.solver.solve_time_s``:
#: HiGHS' own clock for the plant LP). Two runs of one scenario differ in these and nothing
#: else; comparisons of whole results (the goldens, a cached result against a fresh one)
#: leave them out with :func:`without_run_times`.
RUN_TIME_KEYS: tuple[str, ...] = ("ground.solver.solve_time_s",)


def without_run_times(values: Mapping[str, Any]) -> dict[str, Any]:
    """A nested copy of result values (:attr:`SiteResult.values`, or ``result.json`` read
    back) without :data:`RUN_TIME_KEYS`: what two runs of one scenario agree on."""
    out: dict[str, Any] = {k: _thaw(v) for k, v in values.items()}
    for dotted in RUN_TIME_KEYS:
        *parents, last = dotted.split(".")
        node: Any = out
        for part in parents:
            node = node.get(part) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(last, None)
    return out


def _thaw(value: Any) -> Any:
    return {k: _thaw(v) for k, v in value.items()} if isinstance(value, Mapping) else value


def _freeze(d: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType({k: _freeze(v) if isinstance(v, Mapping) else v for k, v in d.items()})


@dataclass(frozen=True)
class SiteResult:
    """The result of simulating one site.

    Attributes
    ----------
    values : Mapping
        Nested scalars in SI with the unit in each key name, e.g.
        ``values["orbit"]["inclination_deg"]``; :meth:`get` takes dotted paths.
    daily : xarray.Dataset
        Daily series over the simulated year (beta angle, eclipse, energy).
    detail : xarray.Dataset
        Full-resolution series over the day with the longest eclipse (power chain).
    sources : Mapping
        Catalogue entries used, with the source and date of every number.
    """

    values: Mapping[str, Any]
    daily: xr.Dataset
    detail: xr.Dataset
    sources: Mapping[str, Any] = field(default_factory=dict)
    #: Rich objects behind the numbers, not serialised (ground: ``"network"``, the solved
    #: PyPSA network, to inspect, extend or export).
    artifacts: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", _freeze(self.values))
        object.__setattr__(self, "sources", _freeze(self.sources))

    def get(self, path: str) -> Any:
        """Value at a dotted path, e.g. ``"cost.lcoe_usd_per_mwh"``."""
        node: Any = self.values
        for part in path.split("."):
            node = node[part]
        return node

    def to_dict(self) -> dict[str, Any]:
        """Plain nested dict, JSON-ready (:func:`wattflop.jsonable.jsonable`: infinities as
        ``"inf"``/``"-inf"``, NaN as ``None``)."""
        out: dict[str, Any] = jsonable(self.values)
        return out

    def to_json(self) -> str:
        """``result.json``: :meth:`to_dict` as JSON, indented by two."""
        return dumps(self.values, indent=2)

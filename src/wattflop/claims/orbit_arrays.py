"""The orbital design of a claim's scenario on arrays of key values: samples of the scenario's
``uncertainty:`` section for a claim's p5–p95 band, and grids of one key for the condition
under which a claim holds (``holds_if``).

Stage A (the year of geometry and the array's year) is the full run's; stage B (sizing and
mass closure, :func:`~wattflop.orbit.satellite.size_satellite`) and the fleet's money
(:func:`~wattflop.orbit.money.fleet_money`) are evaluated on all values at once, at the full
run's eclipse strategy and served share, as :mod:`wattflop.study.uncertainty` does. Keys that
change stage A (:data:`~wattflop.orbit.inputs.YEAR_PATHS`) are held at the scenario's value
(and named in :attr:`OrbitArrays.held`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from wattflop.orbit.geometry import YearGeometry
from wattflop.orbit.inputs import YEAR_PATHS, OrbitInputs, orbit_inputs, year_inputs
from wattflop.orbit.money import FleetMoney, fleet_money
from wattflop.orbit.satellite import ArrayYear, SatelliteSizing, array_year, size_satellite
from wattflop.scenario import EclipseStrategy, OrbitScenario

FloatArray = NDArray[np.float64]

#: Samples drawn from the scenario's ``uncertainty:`` section for a claim's band (the
#: percentiles p5 and p95 move by < 1 % between seeds at this count; the vectorised model
#: evaluates them in well under a second).
BAND_SAMPLES = 4000
#: Percentiles of a band.
BAND_PERCENTILES = (5.0, 95.0)


@dataclass(frozen=True)
class Design:
    """One evaluation on arrays: the inputs, the sized satellite and the fleet's money."""

    p: OrbitInputs
    z: SatelliteSizing
    m: FleetMoney


@dataclass
class OrbitArrays:
    """A scenario's design on arrays of key values.

    Parameters
    ----------
    scenario, raw : the parsed scenario and its raw mapping (units kept)
    geometry : the scenario's year of geometry
    strategy : the eclipse strategy its full run chose (``scenario.eclipse_strategy``)
    served : the share of compute demand its full run served (``power.it_served_fraction``)
    """

    scenario: OrbitScenario
    raw: Mapping[str, Any]
    geometry: YearGeometry
    strategy: EclipseStrategy
    served: float
    array: ArrayYear = field(init=False)
    held: list[str] = field(default_factory=list)  #: sampled keys held at the scenario value
    _samples: Design | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.array = array_year(year_inputs(self.scenario), self.geometry)

    def path(self, key: str) -> tuple[str, ...]:
        """Attribute path of a dotted scenario key on the orbit's typed inputs."""
        from wattflop.scenario.keys import key_spec
        from wattflop.study.uncertainty import attribute_path

        p = attribute_path(self.scenario, key_spec(self.raw, key))
        if p is None or p in YEAR_PATHS:
            raise ValueError(f"{key}: not a key the vectorised sizing and money read")
        return p

    def at(self, keys: Mapping[str, ArrayLike] | None = None) -> Design:
        """The design with dotted keys set to SI values (arrays broadcast)."""
        cols = {self.path(k): np.asarray(v, dtype=float) for k, v in (keys or {}).items()}
        return self.evaluate(cols)

    def evaluate(self, columns: Mapping[tuple[str, ...], ArrayLike]) -> Design:
        """The design on attribute-path columns."""
        cols = {k: np.asarray(v, dtype=float) for k, v in columns.items()}
        p = orbit_inputs(self.scenario, cols)
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
            z = size_satellite(p, self.geometry, self.array, self.strategy)
            m = fleet_money(p, z, self.served)
        return Design(p, z, m)

    def resolved(self, keys: Mapping[str, float]) -> OrbitArrays:
        """The same design space at the eclipse strategy a full run would choose with the
        dotted keys set to these SI values (a ``least_cost`` scenario picks battery or
        throttle, whichever costs less, and a condition far from the scenario can flip it);
        ``self`` when the strategy stays."""
        from wattflop.orbit.satellite import design_satellite
        from wattflop.orbit.site import least_cost_strategy, served_fraction

        if self.scenario.satellite.eclipse_strategy is not EclipseStrategy.LEAST_COST:
            return self
        p = orbit_inputs(self.scenario, {self.path(k): float(v) for k, v in keys.items()})
        strategy = least_cost_strategy(p, self.geometry, self.array)
        if strategy == self.strategy:
            return self
        served = served_fraction(design_satellite(p, self.geometry, self.array, strategy))
        return OrbitArrays(self.scenario, self.raw, self.geometry, strategy, served)

    def samples(self, n: int = BAND_SAMPLES) -> Design:
        """The design on ``n`` draws of the scenario's ``uncertainty:`` section (its seed and
        correlations; cached). Keys of stage A are held at the scenario's value."""
        if self._samples is None:
            from wattflop.study.uncertainty import draw_uniforms, prepare

            study = prepare([(self.raw, str(self.raw.get("name", "orbit")))], samples=n)
            u = draw_uniforms(study.samples, len(study.keys), study.seed, study.corr)
            cols = study.overrides("orbit", study.values(u))
            self.held = [".".join(k) for k in cols if k in YEAR_PATHS]
            self._samples = self.evaluate({k: v for k, v in cols.items() if k not in YEAR_PATHS})
        return self._samples


def band(x: ArrayLike) -> tuple[float, float] | None:
    """p5–p95 of the finite values of ``x`` (None when none is finite).

    >>> band(np.arange(101.0))
    (5.0, 95.0)
    """
    v = np.asarray(x, dtype=float).ravel()
    v = v[np.isfinite(v)]
    if v.size == 0:
        return None
    lo, hi = np.percentile(v, BAND_PERCENTILES)
    return float(lo), float(hi)

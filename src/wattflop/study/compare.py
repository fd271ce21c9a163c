"""Compare sites on one footing: the same workload, the same cost boundary, cost per unit of
delivered compute.

Sites may differ in size; they are compared per delivered EFLOP, per accelerator-hour and per
MWh delivered to the chips, so a 20 MW orbital pilot and a 1 GW campus can stand side by side.
The workload check says when they do not run the same accelerators.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from wattflop.errors import Problem, ScenarioError
from wattflop.result import SiteResult
from wattflop.scenario import Boundary, GroundScenario, Scenario

#: Metrics shown side by side: (result path, label, unit, factor to the display unit).
METRICS: tuple[tuple[str, str, str, float], ...] = (
    ("cost.usd_per_eflop", "cost per delivered EFLOP", "USD", 1.0),
    ("cost.usd_per_accelerator_hour", "cost per accelerator-hour", "USD", 1.0),
    ("cost.lcoe_usd_per_mwh", "LCOE to the chips (power system)", "USD/MWh", 1.0),
    ("cost.usd_per_mwh_in_boundary", "all-in cost per MWh to IT", "USD/MWh", 1.0),
    ("cost.annual_cost_usd", "annual cost", "billion USD/yr", 1e-9),
    ("energy.delivered_to_it_mwh_per_year", "energy delivered to IT", "TWh/yr", 1e-6),
    ("cost.delivered_eflop_per_year", "compute delivered", "billion EFLOP/yr", 1e-9),
    ("energy.availability", "availability", "", 1.0),
)


@dataclass(frozen=True)
class Comparison:
    """Sites simulated under one boundary.

    Attributes
    ----------
    names : list of str
    results : list of SiteResult
    boundary : Boundary
    workload_notes : list of str
        Differences in workload (accelerator, utilisation, size) the reader must know.
    """

    names: list[str]
    results: list[SiteResult]
    boundary: Boundary
    workload_notes: list[str] = field(default_factory=list)

    def table(self) -> list[tuple[str, str, list[float]]]:
        """(label, unit, one value per site) for every metric in :data:`METRICS`."""
        rows = []
        for path, label, unit, factor in METRICS:
            rows.append((label, unit, [float(r.get(path)) * factor for r in self.results]))
        return rows

    def ratio(self, metric: str = "cost.usd_per_eflop") -> list[float]:
        """Each site's metric divided by the cheapest site's [-]."""
        values = [float(r.get(metric)) for r in self.results]
        best = min(values)
        return [v / best for v in values]

    def to_dict(self) -> dict[str, Any]:
        return {
            "boundary": self.boundary.value,
            "workload_notes": list(self.workload_notes),
            "sites": {
                name: {path.split(".")[-1]: r.get(path) for path, *_ in METRICS}
                | {
                    "site": r.get("scenario.site"),
                    "usd_per_eflop_by_line": dict(r.get("cost.usd_per_eflop_by_line")),
                }
                for name, r in zip(self.names, self.results, strict=True)
            },
            "ratio_to_cheapest_usd_per_eflop": dict(zip(self.names, self.ratio(), strict=True)),
        }


def with_boundary(sc: Scenario, boundary: Boundary) -> Scenario:
    """The scenario with its cost boundary replaced.

    Raises
    ------
    ScenarioError
        ``launch_only`` on a ground site.
    """
    if isinstance(sc, GroundScenario) and boundary is Boundary.LAUNCH_ONLY:
        what = f"launch_only has no meaning for the ground site '{sc.name}'"
        hint = "use energy_only, power_and_cooling or full"
        raise ScenarioError([Problem("economics.boundary", what, boundary.value, hint=hint)])
    economics = sc.economics.model_copy(update={"boundary": boundary})
    return sc.model_copy(update={"economics": economics})


def workload_notes(scenarios: Sequence[Scenario]) -> list[str]:
    """Say where the workloads differ (accelerator, utilisation, IT power)."""
    notes = []
    accs = {sc.workload.accelerator for sc in scenarios}
    if len(accs) > 1:
        names = ", ".join(sorted(accs))
        notes.append(
            f"different accelerators ({names}): compare per EFLOP, not per accelerator-hour"
        )
    utils = {round(sc.workload.utilisation, 6) for sc in scenarios}
    if len(utils) > 1:
        notes.append(f"different utilisation ({', '.join(f'{u:.0%}' for u in sorted(utils))})")
    sizes = {round(sc.workload.it_power / 1e6, 3) for sc in scenarios}
    if len(sizes) > 1:
        mw = ", ".join(f"{s:,.0f} MW" for s in sorted(sizes))
        notes.append(f"different IT power ({mw}): costs are per unit delivered")
    return notes


def chosen_boundary(scenarios: Sequence[Scenario], boundary: Boundary | None = None) -> Boundary:
    """The cost boundary a comparison uses: ``boundary``, else the first scenario's."""
    if not scenarios:
        raise ValueError("nothing to compare")
    return boundary if boundary is not None else scenarios[0].economics.boundary


def compare(
    scenarios: Sequence[Scenario],
    *,
    boundary: Boundary | None = None,
    simulate: Callable[[Scenario], SiteResult] | None = None,
) -> Comparison:
    """Simulate every scenario under one cost boundary (the first scenario's, unless given)."""
    if simulate is None:
        from wattflop import simulate as simulate_default

        simulate = simulate_default
    chosen = chosen_boundary(scenarios, boundary)
    prepared = [with_boundary(sc, chosen) for sc in scenarios]
    results = [simulate(sc) for sc in prepared]
    return Comparison([sc.name for sc in prepared], results, chosen, workload_notes(prepared))

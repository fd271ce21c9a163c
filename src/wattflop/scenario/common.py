"""Building blocks shared by every kind of scenario."""

from __future__ import annotations

import datetime as dt
import difflib
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from wattflop import catalog
from wattflop.catalog import Accelerator, BatteryTech, LaunchVehicle, SolarCell

__all__ = ["Accelerator", "BatteryTech", "LaunchVehicle", "SolarCell"]
from wattflop.errors import Problem
from wattflop.quantity import Q, U


class ScenarioModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


#: Description of the ``title`` key every kind of scenario has (issue #15).
TITLE_DESCRIPTION = (
    "Short human name for pages and reports, e.g. '1 GW on 100 kW satellites, 650 km "
    "dawn-dusk'. Default: the scenario's name."
)
#: Longest title [characters]: a heading, not a paragraph.
MAX_TITLE = 120


def title_or_name(data: Any) -> Any:
    """A scenario's raw data with an absent or empty ``title`` set to its ``name`` (the
    models' before-validator: every validated scenario has a title to show)."""
    if isinstance(data, dict) and not data.get("title") and isinstance(data.get("name"), str):
        return {**data, "title": data["name"]}
    return data


#: Range of the start of a simulated year: the Sun's position comes from the Astronomical
#: Almanac's low-precision formula, valid 1950–2050 to 0.01° (wattflop.orbit.sun), and a year
#: that starts by 2050-01-01 ends within it. Outside it the time axis (numpy datetime64[ns],
#: 1678–2262) would also wrap round silently: year 9999 simulated 1815.
EPOCH_RANGE = (dt.datetime(1950, 1, 1, tzinfo=dt.UTC), dt.datetime(2050, 1, 1, tzinfo=dt.UTC))


def _epoch_in_range(v: dt.datetime) -> dt.datetime:
    """A start time as UTC (naive times are UTC), inside :data:`EPOCH_RANGE`."""
    t = v.replace(tzinfo=dt.UTC) if v.tzinfo is None else v.astimezone(dt.UTC)
    lo, hi = EPOCH_RANGE
    if not lo <= t <= hi:
        raise ValueError(
            f"must lie between {lo:%Y-%m-%d} and {hi:%Y-%m-%d} (got {t:%Y-%m-%d %H:%M} UTC): "
            "the Sun's position is computed with a formula valid for 1950–2050"
        )
    return t


#: A UTC start time within :data:`EPOCH_RANGE`.
Epoch = Annotated[dt.datetime, AfterValidator(_epoch_in_range)]


class Boundary(StrEnum):
    """Which costs count. Published analyses differ exactly here.

    - ``launch_only``: launching the whole fleet, nothing else;
    - ``energy_only``: the power system (array, battery, power electronics) and its launch;
    - ``power_and_cooling``: energy_only plus what houses and cools the compute (orbit:
      radiators and the satellite bus, with their launch; ground: building, cooling and
      electrical fit-out);
    - ``full``: everything, accelerators included (they usually dominate).
    """

    LAUNCH_ONLY = "launch_only"
    ENERGY_ONLY = "energy_only"
    POWER_AND_COOLING = "power_and_cooling"
    FULL = "full"


#: The real discount rate of every site, so both are annualised alike.
DiscountRate = Annotated[
    float,
    Q(
        "",
        ge=0,
        le=1,
        description="Real discount rate per year. Default 0.07 (US OMB Circular A-94, 1992 base case)",
    ),
]


class TrainingProfile(ScenarioModel):
    """The power profile of synchronous training, the same on every site: compute phases at
    full power, communication phases below it, checkpoint pauses. Both sites size their power
    and cooling for its mean draw; the ground site also analyses its sub-second swings."""

    iteration_period: Annotated[
        float,
        Q(
            "s",
            gt=0.01,
            le=600,
            description="Period of one training iteration. Default 2 s (swings concentrate at 0.2–3 Hz; arXiv:2508.14318)",
        ),
    ] = U("2 s")
    compute_fraction: Annotated[
        float,
        Q(
            "",
            ge=0.01,  # floor: 1 % (no accepted input may overflow to inf or NaN)
            lt=1,
            description="Share of an iteration at full compute power. Default 0.6 (assumption)",
        ),
    ] = 0.6
    swing_depth: Annotated[
        float,
        Q(
            "",
            ge=0,
            le=1,
            description="Drop in power during communication as a fraction of peak. Default 0.5 (assumption within 'tens to hundreds of MW' per GW; arXiv:2508.14318)",
        ),
    ] = 0.5
    checkpoint_interval: (
        Annotated[
            float,
            Q(
                "s",
                gt=0,
                le=86400,
                show="min",
                description="Time between checkpoints. Default 10 min (assumption)",
            ),
        ]
        | None
    ) = U("10 min")
    checkpoint_duration: Annotated[
        float,
        Q(
            "s",
            ge=0,
            le=3600,
            description="Length of a checkpoint pause. Default 30 s (assumption)",
        ),
    ] = U("30 s")
    jitter: Annotated[
        float,
        Q(
            "s",
            ge=0,
            le=10,
            description="Standard deviation of iteration boundaries. Default 0.02 s (assumption)",
        ),
    ] = U("0.02 s")
    seed: int = Field(0, description="Seed of the jitter [-].")

    @model_validator(mode="after")
    def _pause_fits(self) -> TrainingProfile:
        """A checkpoint pause shorter than the interval between checkpoints: a pause as
        long leaves no time to train (the mean draw, and the orbit's drag area with it,
        went negative)."""
        interval, pause = self.checkpoint_interval, self.checkpoint_duration
        if interval is not None and pause >= interval:
            raise ProblemsError(
                [
                    Problem(
                        "checkpoint_duration",
                        f"must be shorter than checkpoint_interval ({interval:g} s), "
                        f"got {pause:g} s",
                        hint="a checkpoint pause lasts seconds to minutes, e.g. 30 s every 10 min",
                    )
                ]
            )
        return self


class Workload(ScenarioModel):
    """The compute to be powered."""

    accelerator: str = Field(
        description="Accelerator name from the catalogue (`wattflop catalog`) or the scenario's own `catalog.accelerators`."
    )
    it_power: Annotated[
        float,
        Q(
            "W",
            ge=1e3,  # 1 kW: below it the fleet rounds to nothing and costs run to infinity
            le=1e12,
            show="MW",
            description="Target IT power of the whole fleet, at the accelerators' system power (accelerators + their server share)",
        ),
    ]
    utilisation: Annotated[
        float,
        Q(
            "",
            ge=0.01,  # 1 %: a lower MFU is no training run, and costs per FLOP run to infinity
            le=1,
            description="Delivered fraction of peak FLOP/s while running (model FLOPs utilisation). Default 0.40: Llama 3 405B pre-training reached 38–43 % BF16 MFU (Meta, The Llama 3 Herd of Models, 2024, Table 4)",
        ),
    ] = 0.40
    training: TrainingProfile | None = Field(
        default_factory=TrainingProfile,
        description="The power profile of synchronous training (both sites are sized for its mean draw); null: a steady load at full IT power.",
    )


class Uncertainty(ScenarioModel):
    """Uncertain inputs of a scenario, for ``wattflop montecarlo``.

    Each entry of ``distributions`` maps a dotted numeric key (as ``wattflop breakeven
    --vary`` takes) to a distribution written as text, e.g. ``triangular(200, 460, 1500)
    USD/kg``. The scenario's own value of the key stays the deterministic case.
    """

    samples: int = Field(
        10_000,
        ge=1,
        le=100_000_000,
        description="Monte Carlo samples. Default 10,000: the standard error of a percentile is then ~1 % of the spread.",
    )
    seed: int = Field(0, ge=0, description="Seed of the random draws: the same seed gives the same samples.")
    distributions: dict[str, str] = Field(
        default_factory=dict,
        description="Dotted key → distribution: triangular(lo, mode, hi), uniform(lo, hi), normal(mean, sd[, lo, hi]), lognormal(median, gsd) with gsd the geometric standard deviation (≥ 1), loguniform(lo, hi). Numbers take the unit written after the closing parenthesis or their own, else the key's unit.",
    )
    correlations: list[tuple[str, str, float]] = Field(
        default_factory=list,
        description="Rank correlations between pairs of keys, as [key_a, key_b, rho] with −1 < rho < 1 (Gaussian copula).",
    )


class UserCatalog(ScenarioModel):
    """Entries defined in the scenario; they take precedence over bundled ones of the same name."""

    accelerators: dict[str, Accelerator] = Field(default_factory=dict)
    launch_vehicles: dict[str, LaunchVehicle] = Field(default_factory=dict)
    solar_cells: dict[str, SolarCell] = Field(default_factory=dict)
    batteries: dict[str, BatteryTech] = Field(default_factory=dict)


class ProblemsError(ValueError):
    """Carries already-located problems out of a validator."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def unknown_name(kind: str, name: str, path: str, own: Any) -> Problem | None:
    """A problem if ``name`` is neither a bundled entry of ``kind`` nor one of ``own``."""
    known = sorted(set(catalog.names(kind)) | set(own))
    if name in known:
        return None
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    hint = f"did you mean '{close[0]}'? " if close else ""
    what = kind.replace("_", " ")[:-1]
    hint += f"known: {', '.join(known)}; or define it under catalog.{kind}"
    return Problem(path, f"unknown {what} '{name}'", hint=hint)


def resolve_entry(own: UserCatalog, kind: str, name: str) -> Any:
    """A catalogue entry by name: the scenario's own ``catalog`` first, then the bundled one."""
    section = getattr(own, kind)
    return section[name] if name in section else catalog.get(kind, name)


def check_names(refs: tuple[tuple[str, str, str], ...], own: UserCatalog) -> None:
    """Raise :class:`ProblemsError` for every unknown catalogue name in ``refs``
    ((kind, name, key path) triples)."""
    problems = [
        p
        for kind, name, path in refs
        if (p := unknown_name(kind, name, path, getattr(own, kind))) is not None
    ]
    if problems:
        raise ProblemsError(problems)

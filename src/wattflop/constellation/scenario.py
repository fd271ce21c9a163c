# ruff: noqa: E501  (field declarations carry description, unit, bounds and source on one line, as in wattflop.scenario)
"""Constellation scenarios: shells, a formation cluster, links, training and collision
settings, loaded from YAML with units and the same line-mapped errors as the site scenarios.

Every default names its source in its description.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from wattflop.errors import Problem, ScenarioError
from wattflop.quantity import Q, U
from wattflop.scenario.common import (
    MAX_TITLE,
    TITLE_DESCRIPTION,
    Epoch,
    ProblemsError,
    ScenarioModel,
    UserCatalog,
    check_names,
    title_or_name,
)
from wattflop.scenario.load import nearest_line, problems_from, read_text
from wattflop.yamlio import line_map, parse_yaml

_LTAN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def _parse_ltan(v: object) -> object:
    """ "HH:MM" → hours; numbers checked to lie in [0, 24)."""
    if isinstance(v, str):
        m = _LTAN.match(v)
        if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
            raise ValueError(f'write the local time as "HH:MM" between 00:00 and 23:59, got {v!r}')
        return int(m.group(1)) + int(m.group(2)) / 60.0
    if isinstance(v, int | float) and not 0 <= v < 24:
        raise ValueError(f"local time must lie in [0, 24) h, got {v}")
    return v


class Shell(ScenarioModel):
    """A Walker shell (delta or star), optionally sun-synchronous."""

    name: str = Field("", description="Label of the shell.")
    satellites: int = Field(gt=0, le=10_000_000, description="Total satellites T in the shell.")
    planes: int = Field(
        gt=0, description="Number of orbital planes P (must divide the satellites)."
    )
    phasing: int = Field(0, ge=0, description="Walker phasing F in 0 … P−1 (Walker 1984).")
    pattern: Literal["delta", "star"] = Field(
        "delta", description="Nodes over 360° (delta) or 180° (star)."
    )
    altitude: Annotated[
        float,
        Q(
            "m",
            ge=200e3,
            le=5000e3,
            show="km",
            description="Circular orbit altitude",
            why="below 200 km orbits decay in days; above 5,000 km no sun-synchronous orbit exists",
        ),
    ]
    sun_synchronous: bool = Field(False, description="Inclination from J2 (Vallado 2013 §9.6).")
    ltan: float | None = Field(
        None,
        description='Local time of the first plane\'s ascending node for a sun-synchronous shell, "HH:MM" [h].',
        json_schema_extra={"examples": ["06:00"]},
    )
    inclination: (
        Annotated[
            float,
            Q(
                "rad",
                ge=0,
                le=3.141592653589793,
                show="deg",
                description="Inclination (not sun-synchronous)",
            ),
        ]
        | None
    ) = None
    raan: Annotated[
        float,
        Q(
            "rad",
            show="deg",
            description="Node of the first plane (not sun-synchronous). Default 0°",
        ),
    ] = U("0 deg")

    _ltan = field_validator("ltan", mode="before")(_parse_ltan)

    @model_validator(mode="after")
    def _check(self) -> Shell:
        problems = []
        if self.satellites % self.planes:
            near = [
                p
                for p in range(max(1, self.planes - 6), self.planes + 7)
                if self.satellites % p == 0
            ]
            problems.append(
                Problem(
                    "planes",
                    f"{self.planes} planes do not divide {self.satellites} satellites",
                    self.planes,
                    hint=f"a Walker shell has equal planes; divisors near {self.planes}: {', '.join(map(str, near)) or 'none'}",
                )
            )
        if self.phasing >= self.planes:
            problems.append(Problem("phasing", f"must be < planes ({self.planes})", self.phasing))
        if self.sun_synchronous:
            if self.ltan is None:
                problems.append(
                    Problem(
                        "ltan",
                        "a sun-synchronous shell needs ltan",
                        None,
                        hint='e.g. ltan: "06:00" (dawn-dusk)',
                    )
                )
            if self.inclination is not None:
                problems.append(
                    Problem(
                        "inclination",
                        "a sun-synchronous shell takes its inclination from J2; remove it",
                        None,
                    )
                )
        elif self.inclination is None:
            problems.append(
                Problem(
                    "inclination",
                    "give the inclination (or sun_synchronous: true with ltan)",
                    None,
                    hint="e.g. inclination: 53 deg",
                )
            )
        if problems:
            raise ProblemsError(problems)
        return self


class Formation(ScenarioModel):
    """A free-motion lattice cluster (defaults: the published 81-satellite design, Agüera y Arcas et al., arXiv:2511.19468 v2)."""

    radius: Annotated[
        float,
        Q(
            "m",
            gt=0,
            le=100e3,
            description="Along-track semi-axis of the cluster. Default 1 km (arXiv:2511.19468)",
        ),
    ] = U("1 km")
    spacing: Annotated[
        float,
        Q(
            "m",
            gt=0,
            le=10e3,
            description="Radial lattice spacing (along-track: twice). Default 100 m (arXiv:2511.19468)",
        ),
    ] = U("100 m")
    altitude: Annotated[
        float,
        Q(
            "m",
            ge=200e3,
            le=5000e3,
            show="km",
            description="Reference orbit altitude. Default 650 km (arXiv:2511.19468)",
        ),
    ] = U("650 km")
    ltan: float = Field(
        6.0,
        description='Local time of the node of the (sun-synchronous) reference orbit, "HH:MM". Default dawn-dusk 06:00 (arXiv:2511.19468).',
    )

    _ltan = field_validator("ltan", mode="before")(_parse_ltan)


class Propagation(ScenarioModel):
    time_step: Annotated[
        float, Q("s", gt=0, le=3600, description="Step. Default 60 s (DESIGN.md: ≤ 60 s)")
    ] = U("60 s")
    duration: Annotated[
        float,
        Q("s", gt=0, le=366 * 86400, show="day", description="Span propagated. Default 1 day"),
    ] = U("1 day")
    shadow: Literal["conical", "cylindrical"] = Field(
        "conical", description="Earth shadow model (Montenbruck & Gill 2000 §3.4.2)."
    )


class Links(ScenarioModel):
    """Optical inter-satellite links (defaults: arXiv:2511.19468 §2.1, §4.2; Caplan 2007)."""

    topology: Literal["plus_grid", "k_nearest"] = Field(
        "plus_grid", description="+Grid (2 in-plane, 2 cross-plane) or k nearest within range."
    )
    k: int = Field(
        4,
        ge=1,
        le=32,
        description="Links per satellite for k_nearest. Default 4 (four terminals, as +Grid).",
    )
    max_range: Annotated[
        float,
        Q(
            "m",
            gt=0,
            show="km",
            description="Longest link. Default 5,400 km (Starlink optical ISL range, arXiv:2511.19468 §2.1)",
        ),
    ] = U("5400 km")
    grazing_altitude: Annotated[
        float,
        Q(
            "m",
            ge=0,
            show="km",
            description="Lowest altitude a link may pass. Default 80 km (above the densest atmosphere)",
        ),
    ] = U("80 km")
    tx_power: Annotated[
        float, Q("W", ge=1e-6, le=1e6, description="Transmit power. Default 5 W (arXiv:2511.19468 §2.1)")
    ] = U("5 W")
    aperture_gain: float = Field(
        105.1,
        gt=0,
        le=200,
        description="Aperture gain at each end [dB]. Default 105.1 dB (arXiv:2511.19468 §2.1).",
    )
    wavelength: Annotated[
        float, Q("m", ge=1e-7, le=1.0, description="Default 1.55 µm (C band, arXiv:2511.19468 §2.1)")
    ] = U("1.55 um")
    other_losses: float = Field(
        -3.0, le=0, description="Other losses [dB]. Default −3 dB (arXiv:2511.19468 §2.1)."
    )
    photons_per_bit: float = Field(
        100.0,
        ge=0.01,
        le=1e6,
        description="Receiver sensitivity [photons/bit]. Default 100 (Caplan 2007, practical preamplified receivers).",
    )
    channels: int = Field(
        24,
        ge=1,
        le=1000,
        description="DWDM channels per aperture. Default 24 (arXiv:2511.19468 §4.2).",
    )
    channel_rate: Annotated[
        float,
        Q(
            "bit/s",
            ge=1.0,
            le=1e15,
            show="Gbit/s",
            description="Rate per channel. Default 400 Gbit/s (arXiv:2511.19468 §4.2)",
        ),
    ] = U("400 Gbit/s")
    close_approach_radius: Annotated[
        float, Q("m", gt=0, le=100e3, description="Close-approach screen radius. Default 1 km")
    ] = U("1 km")


class Training(ScenarioModel):
    """Data-parallel training across the constellation (defaults: Llama 3 405B, Meta 2024)."""

    accelerator: str = Field("GB200", description="Accelerator from the catalogue (peak FLOP/s).")
    accelerators_per_satellite: int = Field(
        4, ge=1, le=100_000, description="Accelerators per satellite. Default 4."
    )
    parameters: float = Field(
        405e9, ge=1, le=1e15, description="Model parameters. Default 405e9 (Llama 3 405B)."
    )
    tokens_per_step: float = Field(
        16e6, ge=1, le=1e12, description="Global batch in tokens. Default 16e6 (Meta 2024 §3.4.1)."
    )
    utilisation: float = Field(
        0.40, ge=0.01, le=1, description="MFU. Default 0.40 (Meta 2024 Table 4: 38–43 %)."
    )
    overlap: float = Field(
        0.5,
        ge=0,
        le=1,
        description="Share of communication hidden under compute. Default 0.5 (assumption: half hidden).",
    )
    checkpoint_time: Annotated[
        float, Q("s", ge=0, description="Time to write a checkpoint. Default 60 s (assumption)")
    ] = U("60 s")
    restart_time: Annotated[
        float, Q("s", ge=0, description="Restart after a failure. Default 10 min (assumption)")
    ] = U("10 min")
    failures_per_accelerator_hour: float = Field(
        419.0 / (54 * 24 * 16384),
        ge=0,
        description="Interruptions per accelerator-hour. Default from 419 in 54 days on 16,384 GPUs (Meta 2024 §3.3.4).",
    )
    algorithm: Literal["ring", "hierarchical"] = Field(
        "hierarchical", description="All-reduce algorithm."
    )
    runs_in_eclipse: bool = Field(
        True,
        description="Batteries carry compute through eclipse (else availability × sunlit fraction).",
    )
    link_latency: Annotated[
        float,
        Q(
            "s",
            ge=0,
            description="Per-hop latency besides light time. Default 10 µs (switching/serialisation, assumption)",
        ),
    ] = U("10 us")
    ground_node_bandwidth: Annotated[
        float,
        Q(
            "bit/s",
            ge=1.0,
            le=1e15,
            show="Gbit/s",
            description="Ground: network per node of 4 accelerators. Default 1.6 Tbit/s (4 × 400G NDR InfiniBand, NVIDIA ConnectX-7)",
        ),
    ] = U("1600 Gbit/s")


class Collision(ScenarioModel):
    satellite_radius: Annotated[
        float,
        Q(
            "m",
            gt=0,
            le=1000,
            description="Radius of the sphere enclosing a satellite. Default 10 m (assumption: ~100 kW-class arrays)",
        ),
    ] = U("10 m")
    screening_distance: Annotated[
        float,
        Q(
            "m",
            gt=0,
            le=100e3,
            description="Miss distance that triggers an avoidance manoeuvre. Default 1 km (assumption; operators screen at ~1 km)",
        ),
    ] = U("1 km")
    shell_thickness: Annotated[
        float,
        Q(
            "m",
            gt=0,
            le=1000e3,
            show="km",
            description="Thickness a shell is spread over (station-keeping box). Default 10 km (assumption)",
        ),
    ] = U("10 km")


class ConstellationScenario(ScenarioModel):
    """A constellation run as one distributed supercomputer."""

    REFS: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = (
        ("accelerators", ("training", "accelerator")),
    )

    name: str = Field(description="Short name.")
    description: str = Field("", description="What the scenario is.")
    title: str = Field("", max_length=MAX_TITLE, description=TITLE_DESCRIPTION)
    site: Literal["constellation"] = Field(description="Kind of scenario: constellation.")
    epoch: Epoch = Field(
        description="UTC start, e.g. 2027-01-01T00:00:00Z; 1950-01-01 to 2050-01-01."
    )
    shells: list[Shell] = Field(default_factory=list, description="Walker shells.")
    formation: Formation | None = Field(None, description="A formation cluster (optional).")
    propagation: Propagation = Field(default_factory=Propagation)
    links: Links = Field(default_factory=Links)
    training: Training = Field(default_factory=Training)
    collision: Collision = Field(default_factory=Collision)
    catalog: UserCatalog = Field(default_factory=UserCatalog)

    @model_validator(mode="before")
    @classmethod
    def _title(cls, data: Any) -> Any:
        return title_or_name(data)

    @model_validator(mode="after")
    def _check(self) -> ConstellationScenario:
        if not self.shells and self.formation is None:
            raise ProblemsError(
                [
                    Problem(
                        "shells",
                        "give at least one shell or a formation",
                        None,
                        hint="see scenarios/constellation-*.yaml",
                    )
                ]
            )
        check_names(
            (("accelerators", self.training.accelerator, "training.accelerator"),), self.catalog
        )
        return self

    @property
    def n_satellites(self) -> int:
        return sum(s.satellites for s in self.shells)


def parse_constellation(
    data: Any, *, source: str | None = None, text: str | None = None
) -> ConstellationScenario:
    """Validate a mapping into a :class:`ConstellationScenario` (errors as for site scenarios)."""
    lines = line_map(text) if text is not None else {}
    if not isinstance(data, dict):
        raise ScenarioError(
            [
                Problem(
                    "",
                    "a scenario is a mapping of keys at the top level",
                    None,
                    1,
                    "see scenarios/constellation-*.yaml",
                )
            ],
            source,
        )
    try:
        return ConstellationScenario.model_validate(data)
    except ValidationError as exc:
        problems = problems_from(exc, data, lines, ConstellationScenario)
        problems.sort(key=lambda p: (p.line is None, p.line or 0))
        raise ScenarioError(problems, source) from None


def load_constellation(path: str | Path) -> ConstellationScenario:
    """Read and validate a constellation scenario file, or a bundled one by name
    (``constellation-walker-550km``) when no such file exists.

    Raises
    ------
    ScenarioError
        Missing file, YAML syntax error (with its line), any invalid value.
    """
    from wattflop.bundled import find

    p = find(path, "scenarios")
    src = str(p)
    text = read_text(p)
    data = parse_yaml(text, src)
    if isinstance(data, dict) and data.get("site") not in (None, "constellation"):
        where = nearest_line(line_map(text), ("site",))
        raise ScenarioError(
            [
                Problem(
                    "site",
                    f"this command runs constellation scenarios, got site '{data.get('site')}'",
                    None,
                    where,
                    "use `wattflop run` for orbit and ground sites",
                )
            ],
            src,
        )
    return parse_constellation(data, source=src, text=text)

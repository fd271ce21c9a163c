"""Errors raised by wattflop.

Every error a user can cause is a :class:`WattflopError`; its message names the file, the key
path, the value, what was expected and, where possible, a fix. The CLI prints the message and
exits with code 2; it never shows a traceback for these.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class WattflopError(Exception):
    """Base class of all errors a user can cause."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a scenario.

    Attributes
    ----------
    path : str
        Dotted key path in the scenario, e.g. ``orbit.altitude``.
    message : str
        What is wrong and what was expected.
    value : object
        The offending value as written (``None`` when the key is missing).
    line : int or None
        1-based line in the scenario file, when known.
    hint : str
        A suggestion (did-you-mean, an example value), may be empty.
    """

    path: str
    message: str
    value: object = None
    line: int | None = None
    hint: str = ""

    def format(self, source: str | None) -> str:
        where = source or "<scenario>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        if self.value is not None and not self._message_shows_value():
            text += f" (got {self.value!r})"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def _message_shows_value(self) -> bool:
        """Whether the message already quotes the value (avoids "got 1.2 (got 1.2)")."""
        v = self.value
        return f"got {v}" in self.message or (isinstance(v, str) and repr(v) in self.message)


@dataclass
class ScenarioError(WattflopError):
    """A scenario file or mapping is invalid. Holds one or more :class:`Problem`."""

    problems: list[Problem] = field(default_factory=list)
    source: str | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        head = f"invalid scenario {self.source}" if self.source else "invalid scenario"
        n = len(self.problems)
        lines = [f"{head}: {n} problem{'s' if n != 1 else ''}"]
        lines += ["  " + p.format(self.source) for p in self.problems]
        return "\n".join(lines)


class DataSourceError(WattflopError):
    """A data file, URL or request (a weather year, an electricity-demand series …) that
    cannot give a valid series.

    Attributes
    ----------
    source : str
        The file, URL or request, as the user gave it.
    problem : str
        What is wrong with it.
    fix : str
        What to do about it.
    """

    def __init__(self, source: str, problem: str, fix: str) -> None:
        super().__init__(source, problem, fix)  # args: pickles (xdist, multiprocessing)
        self.source = source
        self.problem = problem
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.source}: {self.problem}\n    fix: {self.fix}"


class InfeasibleError(WattflopError):
    """A design that cannot close physically (e.g. a radiator hotter than the coolant allows),
    or an optimisation without a feasible solution. The message says which constraint binds."""


class SolverError(WattflopError):
    """The LP algorithm a scenario chose (``plant.solver``) stopped without an optimum that
    another algorithm finds: the setting is to blame, not the design. The message names it."""

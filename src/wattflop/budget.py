"""The compute budget: work that scales with its input is estimated before it starts.

A Monte Carlo of 10⁸ samples, a sweep grid of 10⁷ cases, a constellation of 10⁷ satellites or
a year at 1-s steps is checked *before* the work starts: its peak memory and its run time are
estimated from the input, and the command refuses with a :class:`BudgetError` (exit 2) when

- the memory estimate exceeds the budget: 2 GiB by default (:data:`DEFAULT_MAX_MEMORY`), or
  the machine's available memory if that is less; ``--max-memory`` raises it, up to what the
  machine has;
- the time estimate exceeds :data:`DEFAULT_MAX_SECONDS` (15 minutes); ``--yes`` accepts it.

The message states the estimate, what it scales with, and the option that allows it or the
input that shrinks it. Estimates are deliberately simple (bytes per element × elements,
seconds per element × elements, from measured rates stated where they are defined) and err
high; they are an order-of-magnitude guard, not a prediction.

>>> est = Estimate("a Monte Carlo of 10,000 samples", memory=5e6, seconds=0.1)
>>> check(est, Budget())  # fits: nothing happens
>>> check(Estimate("a year at 1 ms steps", memory=2.5e11, seconds=1e5), Budget())
Traceback (most recent call last):
...
wattflop.budget.BudgetError: a year at 1 ms steps needs about 233 GiB of memory, more than ...
    fix: --max-memory 233GiB if the machine has it
"""

from __future__ import annotations

import math
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from wattflop.errors import WattflopError

GIB = 1024.0**3
DEFAULT_MAX_MEMORY = 2.0 * GIB
"""Memory a command may plan to use without ``--max-memory`` (the issue's 2 GiB line)."""
#: Memory above which no single machine can help, bytes: 64 TiB (the largest shared-memory
#: servers sold in 2025 hold 32 TB, e.g. HPE Superdome Flex; assumption, range 16-64 TiB).
LARGEST_MACHINE = 64 * 1024.0**4
DEFAULT_MAX_SECONDS = 15 * 60.0
"""Estimated run time above which a command asks for ``--yes``."""


class BudgetError(WattflopError):
    """Work whose estimated memory or time exceeds the budget; the message says how to
    allow it or shrink it."""


@dataclass(frozen=True)
class Estimate:
    """What a piece of work will take, estimated from its input.

    Attributes
    ----------
    what : str
        The work in words, with its size: ``"a Monte Carlo of 10⁸ samples × 20 keys"``.
    memory : float
        Peak memory the work adds, bytes.
    seconds : float
        Wall time on this kind of machine (a 2-core CI runner), s.
    shrink : str
        How to make it smaller (the input to change), e.g. ``"lower --samples"``.
    """

    what: str
    memory: float
    seconds: float
    shrink: str = ""


@dataclass(frozen=True)
class Budget:
    """Limits a command's work must fit.

    Attributes
    ----------
    max_memory : float or None
        Bytes; ``None`` is :data:`DEFAULT_MAX_MEMORY`, capped at what the machine has free.
    max_seconds : float
        Estimated run time above which ``yes`` is needed, s.
    yes : bool
        The user accepts a long run (``--yes``).
    adjustable : bool
        The command takes ``--max-memory`` and ``--yes``. A refusal under a budget that is
        not (the web server's, or a command without the options) names only the input that
        shrinks the work.
    """

    max_memory: float | None = None
    max_seconds: float = DEFAULT_MAX_SECONDS
    yes: bool = False
    adjustable: bool = True

    def memory_limit(self) -> tuple[float, str]:
        """The memory limit in bytes and where it comes from."""
        free = available_memory()
        if self.max_memory is None:
            if free < DEFAULT_MAX_MEMORY:
                return free, f"the {format_bytes(free)} this machine has available"
            return DEFAULT_MAX_MEMORY, f"the default budget of {format_bytes(DEFAULT_MAX_MEMORY)}"
        if self.max_memory > free:
            return free, (
                f"the {format_bytes(free)} this machine has available (--max-memory "
                f"{format_bytes(self.max_memory)} asks for more)"
            )
        return self.max_memory, f"--max-memory {format_bytes(self.max_memory)}"


def available_memory() -> float:
    """Memory the machine can give a new allocation without swapping, bytes (``MemAvailable``
    on Linux, free pages elsewhere)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return float(line.split()[1]) * 1024.0
    except OSError:
        pass
    try:
        return float(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):  # no way to know: do not block the work
        return math.inf


def check(estimate: Estimate, budget: Budget) -> None:
    """Refuse ``estimate`` if it does not fit ``budget``.

    Raises
    ------
    BudgetError
        Naming the estimate, the limit it passes and the options that allow or shrink it.
    """
    limit, why = budget.memory_limit()
    shrink = f"; or {estimate.shrink}" if estimate.shrink else ""
    fixed = estimate.shrink or "a smaller input"  # a budget the user cannot raise
    if estimate.memory > limit:
        size, flag = format_bytes(estimate.memory), _flag_size(estimate.memory)
        fix = f"--max-memory {flag} if the machine has it{shrink}"
        if estimate.memory > LARGEST_MACHINE:
            fix = f"no machine has that much memory: {fixed}"
        raise BudgetError(
            f"{estimate.what} needs about {size} of memory, more than {why}\n"
            f"    fix: {fix if budget.adjustable else fixed}"
        )
    if estimate.seconds > budget.max_seconds and not budget.yes:
        took, most = format_seconds(estimate.seconds), format_seconds(budget.max_seconds)
        fix = f"--yes to run it anyway (progress and an ETA are shown){shrink}"
        raise BudgetError(
            f"{estimate.what} would take about {took}, more than the {most} a command runs "
            f"without asking\n    fix: {fix if budget.adjustable else fixed}"
        )


_SIZE = re.compile(r"^\s*([0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s*([kKMGT]?i?B?)\s*$")
_FACTORS = {"": 1.0, "B": 1.0, "K": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}


def parse_size(text: str) -> float:
    """Bytes in a size such as ``"4GiB"``, ``"512 MB"``, ``"3G"`` or ``"2e9"``.

    >>> parse_size("4GiB") / GIB
    4.0
    >>> parse_size("512 MB")
    512000000.0

    Raises
    ------
    BudgetError
        For text that is not a size.
    """
    m = _SIZE.match(text)
    if m is None:
        try:
            v = float(text)
        except ValueError:
            raise BudgetError(
                f"--max-memory: {text!r} is not a size\n    fix: write e.g. 4GiB, 8GB or 512MiB"
            ) from None
        if not math.isfinite(v) or v <= 0:
            raise BudgetError(f"--max-memory: {text!r} must be a positive size, e.g. 4GiB")
        return v
    number, unit = float(m.group(1)), m.group(2)
    prefix = unit[:1].upper() if unit[:1] not in ("", "B") else unit[:1]
    binary = "i" in unit
    factor = 1024.0 ** ("KMGT".index(prefix) + 1) if binary and prefix else _FACTORS[prefix]
    if number <= 0:
        raise BudgetError(f"--max-memory: {text!r} must be a positive size, e.g. 4GiB")
    return number * factor


def format_bytes(n: float) -> str:
    """``n`` bytes in binary units, three significant figures.

    >>> format_bytes(2.5e11)
    '233 GiB'
    >>> format_bytes(3 * 1024**2)
    '3.0 MiB'
    """
    if not math.isfinite(n):
        return "unbounded memory"
    for unit, f in (("PiB", 1024.0**5), ("TiB", 1024.0**4), ("GiB", GIB), ("MiB", 1024.0**2)):
        if n >= f:
            v = n / f
            return f"{v:.3g} {unit}" if v >= 10 else f"{v:.1f} {unit}"
    return f"{n / 1024:.0f} KiB"


def format_seconds(s: float) -> str:
    """A duration in words: ``'45 s'``, ``'12 min'``, ``'3.4 h'``, ``'2.1 days'``, ``'5.0 years'``.

    >>> format_seconds(7200)
    '2.0 h'
    """
    if not math.isfinite(s):
        return "forever"
    if s < 90:
        return f"{s:.0f} s"
    if s < 5400:
        return f"{s / 60:.0f} min"
    if s < 2 * 86400:
        return f"{s / 3600:.1f} h"
    if s < 2 * 365.25 * 86400:
        return f"{s / 86400:.1f} days"
    return f"{s / (365.25 * 86400):.3g} years"


def _flag_size(n: float) -> str:
    """A round size above ``n`` as ``--max-memory`` takes it: ``'233GiB'``."""
    if n >= 1024 * GIB:
        return f"{math.ceil(n / (1024 * GIB))}TiB"
    return f"{max(1, math.ceil(n / GIB))}GiB"


def cpu_count() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


#: The CPU-time deadline of the work in progress on this thread, with what it is, or None.
_DEADLINE: ContextVar[tuple[float, float, str] | None] = ContextVar(
    "wattflop_cpu_deadline", default=None
)


@contextmanager
def cpu_limit(seconds: float, what: str) -> Iterator[None]:
    """Limit the CPU time of this thread's work inside the block to ``seconds``.

    The limit is checked where the work loops (:func:`check_cpu`: every few thousand YAML
    tokens or nodes), so it stops a slow parse between steps, not inside one C call; the
    steps themselves are bounded in size (:data:`wattflop.yamlio.MAX_YAML_VALUES`).
    The web server reads every request's scenarios under it.

    >>> with cpu_limit(60.0, "reading the scenario"):
    ...     check_cpu()  # well inside: nothing happens
    """
    token = _DEADLINE.set((time.thread_time() + seconds, seconds, what))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def check_cpu() -> None:
    """Raise :class:`BudgetError` if this thread's work has passed its :func:`cpu_limit`."""
    limit = _DEADLINE.get()
    if limit is not None and time.thread_time() > limit[0]:
        raise BudgetError(
            f"{limit[2]} took more than {limit[1]:g} s of CPU time and was stopped\n"
            "    fix: send a smaller scenario (a scenario file is a few kB), or run it with "
            "the command line"
        )

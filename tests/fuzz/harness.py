"""What the fuzz tests do with one mutant, and what they accept (issue #16 item 7).

Each mutant goes load → validate → a *small simulate* when it validates, under a time and a
memory budget, and ends in one :class:`Outcome`:

``refused``
    a :class:`~wattflop.errors.WattflopError` while loading or validating (the command line
    prints it and exits 2), with a message that is not empty and holds no traceback;
``failed``
    a :class:`WattflopError` from the small simulate (an infeasible design, a bad data
    file): also a clean exit 2;
``accepted``
    the small simulate ran, and every cost, price, mass and energy in its result is a finite
    number ≥ 0 (a NaN, an infinity or a negative cost is a finding);
``over budget``
    it validated, but its size (time step, samples, satellites, cases) is beyond the small
    simulate: refusing work too large to run is the compute-budget check's job (issue #16,
    another item), so it is counted and not run here;
``known``
    a finding listed in :data:`KNOWN`, deep in the physics or money code, left for its owner
    (each with a minimal reproducer in the corpus, marked xfail there);
``finding``
    anything else: another exception type escaped (``ValueError``, ``KeyError``,
    ``ZeroDivisionError``, a pydantic ``ValidationError`` not wrapped into a
    :class:`~wattflop.errors.ScenarioError` …), the result held a NaN, an infinity or a
    negative cost or mass, or the mutant ran past :data:`TIME_BUDGET_S` or grew the peak
    resident memory by more than :data:`MEMORY_BUDGET_MB`. The test fails with the mutant.

The small simulate
------------------
``orbit``: the full :func:`wattflop.simulate` (one year at the scenario's time step, which the
schema caps at 60 s: ~0.4 s warm); steps under :data:`MIN_ORBIT_STEP_S` are over budget. When
the mutant's ``uncertainty`` section differs from its base file's (orbit or ground), also a
Monte Carlo of :data:`MC_SAMPLES` samples without Sobol indices (as ``wattflop montecarlo
--samples 64 --no-sobol``), whose medians must be finite.

``ground``: the full :func:`wattflop.simulate` on the first :data:`GROUND_HOURS` hours of the
weather year (weather, PUE, sub-second swings, PV, prices, the PyPSA + HiGHS LP, money;
~0.8 s, most of it building the PyPSA network). The year's money is then priced on those
hours, so the numbers are not the year's; only that they are finite and ≥ 0 is checked.
Swing profiles of more than :data:`MAX_SWING_SAMPLES` samples are over budget.

``constellation``: :func:`~wattflop.constellation.site.simulate_constellation` when the
satellites × time steps stay under :data:`MAX_CONSTELLATION_WORK` (the bundled formation:
81 × 1,440); the bundled Walker shell (1,584 × 1,440, ~10 s) and larger are validated only.

``sweep``: :func:`~wattflop.sweep.spec.load_sweep` and :func:`~wattflop.sweep.cases.plan`
(which checks every case against the base scenario), then the first case through
:func:`~wattflop.sweep.engine.run_case` (which stores a case's exception as its
``error_type``: a type that is not a :class:`WattflopError` is a finding); plans of more than
:data:`MAX_SWEEP_CASES` cases are over budget.

``headroom``: ``wattflop headroom CSV OPTIONS`` in-process (typer's ``CliRunner``) on two
months of hourly demand: exit 0 without NaN in its output, or exit 2 with a message.

Environment
-----------
``WATTFLOP_FUZZ_LOG=FILE`` appends one JSON line per mutant (test, outcome, exception type,
where, seconds, mutations), for counting a long run; ``WATTFLOP_FUZZ_KEEP_GOING=1`` logs
findings instead of failing on the first, so that one run surveys every class of finding.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import os
import re
import resource
import signal
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wattflop.errors import WattflopError

from .strategies import Mutant, base_data

#: Wall-clock budget of one mutant [s]: a hang detector (the small simulates take ~1 s alone,
#: a few under load on a shared machine).
TIME_BUDGET_S = 20.0
#: Budget of the growth of the peak resident memory over one mutant [MB].
MEMORY_BUDGET_MB = 1500.0
#: Extra address space a mutant may map above what the process holds [bytes]: an allocation
#: beyond it is a MemoryError (a finding) rather than the machine's out-of-memory killer.
ADDRESS_SPACE_MARGIN = 6 * 2**30

#: Finest orbit time step of the small simulate [s] (the schema allows 1 s: 60× the work).
MIN_ORBIT_STEP_S = 30.0
#: Hours of the ground small simulate.
GROUND_HOURS = 48
#: Largest sub-second swing profile of the ground small simulate [samples] (10× the bundled).
MAX_SWING_SAMPLES = 4_000_000
#: Largest satellites × time steps of the constellation small simulate.
MAX_CONSTELLATION_WORK = 200_000
#: Largest sweep the harness plans [cases].
MAX_SWEEP_CASES = 5_000
#: Monte Carlo samples of the orbit small simulate.
MC_SAMPLES = 64

LOG = os.environ.get("WATTFLOP_FUZZ_LOG")
KEEP_GOING = os.environ.get("WATTFLOP_FUZZ_KEEP_GOING") == "1"


class OverTime(BaseException):
    """The mutant ran past its time budget (a BaseException: no ``except Exception`` in the
    library swallows it)."""


@dataclass
class Outcome:
    status: str  # refused | failed | accepted | over budget | known | finding
    detail: str = ""
    exc_type: str = ""
    where: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class Known:
    """A class of findings deep in the physics or money code, left for its owner: the
    outcome's type, a regular expression its "file:line:function" must match, one the
    mutant's description must match, and the reason (with the corpus case that reproduces
    it, marked xfail there)."""

    exc_type: str
    where: str
    mutant: str
    reason: str


#: Findings left for their owners (issue #16 item 7 report). Empty: the two found in the first
#: fuzz runs (a tiny positive such as 5e-324 in a key bounded only by > 0, and a value of lost
#: load below the cost of energy) are refused by physical floors in the schemas now, and stay
#: as corpus cases ``tiny-*`` and ``zero-value-of-lost-load-run``.
KNOWN: tuple[Known, ...] = ()


# ---------------------------------------------------------------------------------------------
# Budgets


@contextlib.contextmanager
def budget(seconds: float = TIME_BUDGET_S) -> Iterator[None]:
    """Raise :class:`OverTime` after ``seconds``; cap the address space meanwhile."""

    def expire(signum: int, frame: object) -> None:
        raise OverTime(f"over {seconds:g} s")

    old = signal.signal(signal.SIGALRM, expire)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + ADDRESS_SPACE_MARGIN
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int:
    """Virtual memory of this process [bytes] (Linux; a large number elsewhere)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 2**46


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kB on Linux


# ---------------------------------------------------------------------------------------------
# Classification


def _where(exc: BaseException) -> str:
    """The innermost frame of wattflop's own code in the traceback, "file:line:function"."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/wattflop/" in f.filename and "/tests/" not in f.filename]
    f = (ours or frames or [None])[-1]
    if f is None:
        return ""
    rel = f.filename.split("/wattflop/", 1)[-1]
    return f"{rel}:{f.lineno}:{f.name}"


def known(outcome: Outcome, m: Mutant) -> str | None:
    """The reason a finding is known (see :data:`KNOWN`), or None."""
    for k in KNOWN:
        if (
            outcome.exc_type == k.exc_type
            and re.search(k.where, outcome.where)
            and re.search(k.mutant, m.describe())
        ):
            return k.reason
    return None


def _clean_message(exc: WattflopError) -> str | None:
    """What is wrong with a user error's message, or None."""
    text = str(exc)
    if not text.strip():
        return "empty message"
    if "Traceback" in text:
        return "message holds a traceback"
    return None


#: Result keys that are costs, prices, masses or energies: finite and ≥ 0 when accepted.
_NONNEGATIVE = ("usd", "cost", "price", "capex", "opex", "kg", "mass", "mwh", "_j", "lcoe")
#: Result keys that may legitimately be negative or infinite, with the reason.
_EXEMPT = {
    "export_revenue": "revenue is money received",
}


def result_problems(values: Mapping[str, Any], prefix: str = "") -> list[str]:
    """NaN, infinities and negative costs or masses in a result's nested values."""
    out: list[str] = []
    for k, v in values.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            out += result_problems(v, key + ".")
        elif isinstance(v, float) and not isinstance(v, bool):
            name = str(k).lower()
            if any(e in key for e in _EXEMPT):
                continue
            if math.isnan(v):
                out.append(f"{key} is NaN")
            elif math.isinf(v) and any(t in name for t in _NONNEGATIVE):
                out.append(f"{key} is {v}")
            elif v < 0 and any(t in name for t in _NONNEGATIVE):
                out.append(f"{key} = {v:g} < 0")
    return out


def run(m: Mutant, work: Callable[[], Outcome], test: str) -> Outcome:
    """Run ``work`` for mutant ``m`` under the budgets, classify, log, and fail on a finding
    (unless WATTFLOP_FUZZ_KEEP_GOING=1)."""
    rss0 = _peak_rss_mb()
    t0 = time.perf_counter()
    try:
        with budget():
            outcome = work()
    except OverTime as exc:
        outcome = Outcome("finding", str(exc), "OverTime", _where(exc))
    except MemoryError as exc:
        outcome = Outcome("finding", "MemoryError", "MemoryError", _where(exc))
    except Exception as exc:  # every other type is what the fuzzer looks for
        outcome = Outcome("finding", f"{exc!s:.300}", type(exc).__name__, _where(exc))
    if outcome.status == "finding":
        reason = known(outcome, m)
        if reason is not None:
            outcome = Outcome("known", reason, outcome.exc_type, outcome.where)
    outcome.seconds = time.perf_counter() - t0
    grown = _peak_rss_mb() - rss0
    if outcome.status != "finding" and grown > MEMORY_BUDGET_MB:
        outcome = Outcome("finding", f"peak memory grew {grown:.0f} MB", "Memory", "")
    if LOG:
        with open(LOG, "a", encoding="utf-8") as f:
            row = {
                "test": test,
                "status": outcome.status,
                "type": outcome.exc_type,
                "where": outcome.where,
                "detail": outcome.detail[:300],
                "seconds": round(outcome.seconds, 3),
                "mutant": m.describe()[:500],
            }
            f.write(json.dumps(row) + "\n")
    if outcome.status == "finding" and not KEEP_GOING:
        raise AssertionError(
            f"{outcome.exc_type} at {outcome.where}: {outcome.detail}\nmutant: {m.describe()}"
        )
    return outcome


def user_error(exc: WattflopError, status: str) -> Outcome:
    problem = _clean_message(exc)
    if problem is not None:
        return Outcome("finding", problem, type(exc).__name__, _where(exc))
    return Outcome(status, f"{exc!s:.200}", type(exc).__name__)


# ---------------------------------------------------------------------------------------------
# The pipelines


def write(folder: Path, name: str, text: str) -> Path:
    f = folder / name
    f.write_bytes(text.encode("utf-8", "surrogatepass"))
    return f


@contextlib.contextmanager
def short_ground_year(hours: int = GROUND_HOURS) -> Iterator[None]:
    """Ground simulates take the first ``hours`` of their weather year (see the module
    docstring); the module attribute is put back afterwards."""
    import wattflop.ground.site as site

    full = site.weather_for

    def short(sc: Any) -> Any:
        w = copy.copy(full(sc))
        object.__setattr__(w, "data", w.data.iloc[:hours])  # past Weather's 8,760-row check
        return w

    site.weather_for = short
    try:
        yield
    finally:
        site.weather_for = full


def scenario_work(m: Mutant, folder: Path) -> Outcome:
    """Orbit and ground scenarios: load → validate → small simulate (→ small Monte Carlo)."""
    import wattflop
    from wattflop.scenario import GroundScenario

    f = write(folder, "mutant.yaml", m.text)
    try:
        sc = wattflop.load_scenario(f)
    except WattflopError as exc:
        return user_error(exc, "refused")
    if isinstance(sc, GroundScenario):
        s = sc.swings
        if s.enabled and s.sample_rate * s.duration > MAX_SWING_SAMPLES:
            return Outcome("over budget", "swings.sample_rate × duration")
    elif sc.orbit.time_step < MIN_ORBIT_STEP_S:
        return Outcome("over budget", "orbit.time_step")
    try:
        with short_ground_year():
            result = wattflop.simulate(sc)
            base = wattflop.parse_scenario(base_data(m.kind, m.base))
            if sc.uncertainty != base.uncertainty and sc.uncertainty.distributions:
                from wattflop.scenario.keys import load_raw
                from wattflop.study.uncertainty import monte_carlo

                mc = monte_carlo([(load_raw(f), str(f))], samples=MC_SAMPLES, sobol=False)
                bad = [k for k, s in mc.summaries.items() if not math.isfinite(s.p50)]
                if bad:
                    return Outcome("finding", f"Monte Carlo median not finite: {bad}")
    except WattflopError as exc:
        return user_error(exc, "failed")
    problems = result_problems(result.values)
    if problems:
        return Outcome("finding", "; ".join(problems[:5]), "BadResult")
    return Outcome("accepted")


def constellation_work(m: Mutant, folder: Path) -> Outcome:
    from wattflop.constellation.scenario import load_constellation
    from wattflop.constellation.site import simulate_constellation

    f = write(folder, "mutant.yaml", m.text)
    try:
        sc = load_constellation(f)
    except WattflopError as exc:
        return user_error(exc, "refused")
    steps = max(1.0, sc.propagation.duration / sc.propagation.time_step)
    sats = float(sc.n_satellites)
    if sc.formation is not None:  # a lattice in an ellipse of semi-axes r and r/2
        sats += math.pi * (sc.formation.radius / (2.0 * sc.formation.spacing)) ** 2 + 1.0
    if sats * steps > MAX_CONSTELLATION_WORK:
        return Outcome("over budget", f"{sats:.3g} satellites × {steps:.3g} steps")
    try:
        result = simulate_constellation(sc)
    except WattflopError as exc:
        return user_error(exc, "failed")
    problems = result_problems(result.values)
    if problems:
        return Outcome("finding", "; ".join(problems[:5]), "BadResult")
    return Outcome("accepted")


def sweep_work(m: Mutant, folder: Path) -> Outcome:
    from wattflop.sweep.cases import plan
    from wattflop.sweep.engine import run_case
    from wattflop.sweep.spec import load_sweep

    # the bundled sweeps name their base as ../scenarios/X.yaml: keep that folder layout
    (folder / "sweeps").mkdir(exist_ok=True)
    scenarios = folder / "scenarios"
    if not scenarios.exists():
        from .strategies import SCENARIOS

        scenarios.symlink_to(SCENARIOS, target_is_directory=True)
    f = write(folder / "sweeps", "mutant.yaml", m.text)
    try:
        sf = load_sweep(f)
        spec = sf.spec
        n = spec.samples or 1
        if spec.samples is None:
            for entry in spec.vary.values():
                steps = getattr(entry, "steps", None)
                n *= len(entry) if isinstance(entry, list) else (steps or 1)
        if n > MAX_SWEEP_CASES:
            return Outcome("over budget", f"{n:.3g} cases")
        p = plan(sf)
    except WattflopError as exc:
        return user_error(exc, "refused")
    if not p.cases:
        return Outcome("accepted", "no cases")
    case = p.cases[0]
    base = p.base_raw
    if base.get("site") == "orbit":
        step = base.get("orbit", {}).get("time_step")
        if isinstance(step, str) and step.split()[0] not in ("60", "30"):
            return Outcome("over budget", "orbit.time_step")
    try:
        with short_ground_year():
            row = run_case(base, case.values, p.outputs)
    except WattflopError as exc:  # OutputError: an output path no result has
        return user_error(exc, "failed")
    if row["status"] != "ok":
        kind = str(row.get("error_type") or "")
        if _is_user_error_name(kind):
            return Outcome("failed", str(row.get("error"))[:200], kind)
        return Outcome("finding", str(row.get("error"))[:300], kind, "sweep case")
    bad = [
        f"{k} = {v}"
        for k, v in row.items()
        if k in p.outputs and isinstance(v, float) and not math.isfinite(v)
    ]
    if bad:
        return Outcome("finding", "; ".join(bad), "BadResult", "sweep case")
    return Outcome("accepted")


def _is_user_error_name(name: str) -> bool:
    """Whether an exception class name (as a sweep stores it) is a WattflopError subclass
    anywhere in the package."""
    return name in _user_error_names()


_NAMES: set[str] = set()


def _user_error_names() -> set[str]:
    if not _NAMES:
        stack: list[type] = [WattflopError]
        while stack:
            cls = stack.pop()
            _NAMES.add(cls.__name__)
            stack += cls.__subclasses__()
    return _NAMES


def headroom_work(m: Mutant, folder: Path) -> Outcome:
    from typer.testing import CliRunner

    from wattflop.cli import app

    f = write(folder, "demand.csv", m.text)
    r = CliRunner().invoke(app, ["headroom", str(f), *m.args])
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    if r.exit_code == 2:
        if not r.output.strip() or "Traceback" in r.output:
            return Outcome("finding", f"exit 2 without a clean message: {r.output[:200]!r}")
        return Outcome("refused", r.output[:200])
    if r.exit_code != 0:
        return Outcome("finding", f"exit {r.exit_code}: {r.output[:200]}", "ExitCode")
    if re.search(r"\bnan\b", r.output.lower()):  # inf may echo --storage-hours inf
        return Outcome("finding", f"NaN in the output: {r.output[:300]}", "BadResult")
    return Outcome("accepted")

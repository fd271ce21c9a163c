"""The ground plant's linear programme handed straight to HiGHS, from the PyPSA network.

PyPSA + linopy build a general model through labelled xarray expressions; for the small
single-site networks :func:`wattflop.ground.network.build_network` makes, that costs about a
fifth of the solve itself. This module reads the same network (its component tables are the
single source of every parameter) and writes the same LP — PyPSA's formulation of the
components used here (Brown et al. 2018; PyPSA 1.x ``optimization`` module) — as one sparse
matrix for highspy, then puts the solution back on the network (``p_nom_opt``,
``generators_t.p``, ``links_t.p0/p1``, ``stores_t.e``…), as PyPSA's own solve would.

Supported: buses with loads; generators, fixed or extendable, with static or hourly
``p_max_pu``/``p_min_pu``/``marginal_cost`` and ramp limits; extendable or fixed links with
an efficiency; extendable or fixed cyclic stores; primary-energy global constraints; and the
battery power-rating tie of :func:`wattflop.ground.network.create_model`. Anything else
(committable units, for one) raises :class:`UnsupportedError`, and the caller uses linopy.
``tests/ground/test_lp.py`` checks objective, capacities and dispatch against PyPSA's own
solve on networks with every supported feature.

Which HiGHS algorithm solves it is the scenario's ``plant.solver`` (:data:`Solver`,
:func:`solve_lp`): by default a first-order PDLP, checked against the tolerance the results
need (:data:`RESULT_TOLERANCE`) and replaced by simplex when it stops short or misses it;
how the solve went is a :class:`SolverStats`. ``tests/ground/test_solver.py`` checks every
choice against simplex.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from types import MappingProxyType
from typing import Any, Literal, get_args

import highspy
import numpy as np
import pandas as pd
import pypsa
import scipy.sparse as sp
from numpy.typing import ArrayLike

from wattflop.ground.highs import OBJECTIVE_KEY, highs_scheduler, quiet_c_stdout

INF = highspy.kHighsInf


class UnsupportedError(ValueError):
    """The network uses a feature the direct LP does not model."""


@dataclass
class _Builder:
    """Columns (bounds, cost) and rows (bounds, COO triplets) of the LP."""

    lower: list[np.ndarray[Any, Any]] = field(default_factory=list)
    upper: list[np.ndarray[Any, Any]] = field(default_factory=list)
    cost: list[np.ndarray[Any, Any]] = field(default_factory=list)
    n_col: int = 0
    rows: list[np.ndarray[Any, Any]] = field(default_factory=list)
    cols: list[np.ndarray[Any, Any]] = field(default_factory=list)
    vals: list[np.ndarray[Any, Any]] = field(default_factory=list)
    rlo: list[np.ndarray[Any, Any]] = field(default_factory=list)
    rhi: list[np.ndarray[Any, Any]] = field(default_factory=list)
    n_row: int = 0

    def var(
        self, size: int, lo: ArrayLike, hi: ArrayLike, cost: ArrayLike = 0.0
    ) -> np.ndarray[Any, Any]:
        idx = np.arange(self.n_col, self.n_col + size)
        self.lower.append(np.broadcast_to(np.asarray(lo, float), size))
        self.upper.append(np.broadcast_to(np.asarray(hi, float), size))
        self.cost.append(np.broadcast_to(np.asarray(cost, float), size))
        self.n_col += size
        return idx

    def rows_(self, size: int, lo: ArrayLike, hi: ArrayLike) -> np.ndarray[Any, Any]:
        idx = np.arange(self.n_row, self.n_row + size)
        self.rlo.append(np.broadcast_to(np.asarray(lo, float), size))
        self.rhi.append(np.broadcast_to(np.asarray(hi, float), size))
        self.n_row += size
        return idx

    def add(self, rows: ArrayLike, cols: ArrayLike, vals: ArrayLike) -> None:
        r, c, v = np.broadcast_arrays(np.asarray(rows), np.asarray(cols), np.asarray(vals, float))
        self.rows.append(r.ravel())
        self.cols.append(c.ravel())
        self.vals.append(v.ravel())

    def lp(self) -> highspy.HighsLp:
        a = sp.csc_matrix(
            (np.concatenate(self.vals), (np.concatenate(self.rows), np.concatenate(self.cols))),
            shape=(self.n_row, self.n_col),
        )
        a.sum_duplicates()
        lp = highspy.HighsLp()
        lp.num_col_, lp.num_row_ = self.n_col, self.n_row
        lp.col_cost_ = np.concatenate(self.cost)
        lp.col_lower_ = np.where(np.isfinite(c := np.concatenate(self.lower)), c, -INF)
        lp.col_upper_ = np.where(np.isfinite(c := np.concatenate(self.upper)), c, INF)
        lp.row_lower_ = np.where(np.isfinite(r := np.concatenate(self.rlo)), r, -INF)
        lp.row_upper_ = np.where(np.isfinite(r := np.concatenate(self.rhi)), r, INF)
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = a.indptr.astype(np.int32)
        lp.a_matrix_.index_ = a.indices.astype(np.int32)
        lp.a_matrix_.value_ = a.data
        return lp


def _series(n: pypsa.Network, comp: str, attr: str, name: str) -> np.ndarray[Any, Any]:
    """A component attribute per snapshot: its hourly series if it has one, else static."""
    dyn = getattr(n, f"{comp}_t")[attr]
    if name in dyn.columns:
        return np.asarray(dyn[name].to_numpy(dtype=float))
    return np.full(len(n.snapshots), float(getattr(n, comp).at[name, attr]))


def _check(n: pypsa.Network) -> None:
    g = n.generators
    if len(g) and bool(g.get("committable", pd.Series(False, index=g.index)).any()):
        raise UnsupportedError("committable generators (unit commitment)")
    for comp in ("storage_units", "lines", "transformers"):
        if len(getattr(n, comp)):
            raise UnsupportedError(comp)
    if len(n.stores) and not bool(n.stores.e_cyclic.all()):
        raise UnsupportedError("non-cyclic stores")
    if len(n.stores) and bool((n.stores.standing_loss != 0).any()):
        raise UnsupportedError("store standing losses")
    for gc in n.global_constraints.itertuples():
        if gc.type != "primary_energy":
            raise UnsupportedError(f"global constraint of type {gc.type}")
    w = n.snapshot_weightings
    if not (np.allclose(w.objective, 1.0) and np.allclose(w.stores, 1.0)):
        raise UnsupportedError("snapshot weightings other than 1")


#: How the direct LP may be solved (the scenario key ``plant.solver``). ``simplex``,
#: ``pdlp`` (cuPDLP-C, HiGHS' ``solver=pdlp``), ``hipdlp`` (HiGHS' own PDLP, ``solver=hipdlp``)
#: and ``ipm`` (IPX with crossover) run that HiGHS algorithm alone; ``auto`` runs a PDLP with
#: at most :data:`AUTO_PDLP_ITERATION_LIMIT` iterations and falls back to simplex when it
#: does not end optimal within :data:`RESULT_TOLERANCE` (:func:`solve_lp`).
Solver = Literal["auto", "simplex", "pdlp", "hipdlp", "ipm"]
#: Every value of :data:`Solver`, default first.
SOLVERS: tuple[Solver, ...] = get_args(Solver)
#: The first-order (PDLP) algorithms among them.
PDLP_SOLVERS: tuple[Solver, ...] = ("pdlp", "hipdlp")

#: What the results need of a solution, relative (see :func:`tolerances`): the largest
#: primal infeasibility (a bound or row, e.g. an hour's energy balance) ≤ this × the load
#: scale (the largest load, in MW), the largest dual infeasibility ≤ this × the largest cost
#: coefficient, and the primal-dual objective gap ≤ this, relative. Why 1e-7: the results are
#: checked to that (hourly balance to 1e-7 of the peak load, objective and capacities to
#: 1e-7 relative of PyPSA's own simplex solve, ``tests/ground/test_lp.py``), and it is HiGHS'
#: own default ``primal_feasibility_tolerance``/``dual_feasibility_tolerance`` (1e-7, HiGHS
#: 1.16 options), here relative to the problem's scale rather than after HiGHS' scaling.
RESULT_TOLERANCE = 1e-7

#: HiGHS options of every PDLP run. PDLP stops when its relative primal and dual residuals
#: and gap are below ``pdlp_optimality_tolerance``. At HiGHS' default 1e-7 the 1 GW Memphis
#: year ends 4e-4 MW off its hourly balance (4e-7 of its load, above
#: :data:`RESULT_TOLERANCE`); at 1e-9 the two-week test LP's battery energy is still 8e-7
#: relative off simplex's; at 1e-10 (the smallest HiGHS accepts) 4e-8, for 8 % more
#: iterations there and 6-19 % more on the year (measured, highspy 1.16).
PDLP_OPTIONS: Mapping[str, bool | int | float | str] = MappingProxyType(
    {"pdlp_optimality_tolerance": 1e-10}
)
#: Iterations ``auto`` allows its PDLP before it falls back to simplex. The 1 GW Memphis year
#: needs 680 (hipdlp; 1,240 with cuPDLP-C), with 0.3 1/h gas ramp limits 800; years with a
#: large PV + battery plant need far more (Greensboro TMY3 at 12 USD/MMBtu and 150 USD/t:
#: 36,960, 4× simplex's time; a CO₂ cap: 46,960). 2,000 iterations (~2 s on a year, about
#: 1 ms each with hipdlp) bound what a PDLP that would not converge costs before simplex
#: (measured on this repository's benchmark machine, highspy 1.16; see
#: benchmarks/ground_year.py).
AUTO_PDLP_ITERATION_LIMIT = 2000


@dataclass(frozen=True)
class SolverStats:
    """How the LP was solved: ``values["ground"]["solver"]`` of a ground result.

    Attributes
    ----------
    requested : str
        The setting (:data:`Solver`; ``highs-default`` through linopy).
    used : str
        The algorithm whose solution the results hold: ``simplex``, ``pdlp``, ``hipdlp`` or
        ``ipm``.
    fallback : bool
        ``auto`` fell back from PDLP to simplex.
    fallback_reason : str
        Why (empty without a fallback).
    status : str
        HiGHS' model status of the solution used.
    simplex_iterations, pdlp_iterations, ipm_iterations, crossover_iterations : int
        Iterations of each algorithm, all runs together (crossover: after ``ipm``).
    solve_time_s : float
        HiGHS' run time, all runs together (PDLP and its fallback) [s].
    max_primal_infeasibility : float
        Largest bound or row violation of the solution used, in the LP's units (MW, MWh, t).
    max_dual_infeasibility : float
        Largest reduced-cost sign violation of the solution used [USD per LP unit].
    primal_tolerance, dual_tolerance : float
        What the results need of the two (:func:`tolerances`), same units.
    within_tolerance : bool
        Optimal, with both infeasibilities and the objective gap within
        :data:`RESULT_TOLERANCE`.
    """

    requested: str
    used: str
    fallback: bool
    fallback_reason: str
    status: str
    simplex_iterations: int
    pdlp_iterations: int
    ipm_iterations: int
    crossover_iterations: int
    solve_time_s: float
    max_primal_infeasibility: float
    max_dual_infeasibility: float
    primal_tolerance: float
    dual_tolerance: float
    within_tolerance: bool

    def as_dict(self) -> dict[str, str | bool | int | float]:
        """Plain values (for ``n.meta`` and the result)."""
        return dict(asdict(self))


def tolerances(lp: highspy.HighsLp, load_scale: float) -> tuple[float, float]:
    """Absolute (primal, dual) infeasibility tolerances of an LP: :data:`RESULT_TOLERANCE`
    times the load scale [MW] (at least 1) and times its largest cost coefficient (at least
    1)."""
    cost = np.abs(np.asarray(lp.col_cost_, dtype=float))
    cost_scale = max(1.0, float(cost.max())) if cost.size else 1.0
    return RESULT_TOLERANCE * max(1.0, load_scale), RESULT_TOLERANCE * cost_scale


class _AlgorithmMissingError(ValueError):
    """This HiGHS has no such algorithm (hipdlp in an older highspy)."""


@dataclass(frozen=True)
class _Run:
    """One HiGHS run."""

    algorithm: str
    highs: highspy.Highs
    optimal: bool
    status: str
    info: highspy.HighsInfo


def _run(
    lp: highspy.HighsLp,
    algorithm: str,
    threads: int | None,
    options: Mapping[str, bool | int | float | str],
) -> _Run:
    highs_scheduler(threads)
    with quiet_c_stdout():  # HiGHS prints its banner from C before options apply
        h = highspy.Highs()  # type: ignore[no-untyped-call]
        h.setOptionValue("output_flag", False)
        h.setOptionValue("log_to_console", False)
        if threads is not None:
            h.setOptionValue("threads", int(threads))
        if h.setOptionValue("solver", algorithm) != highspy.HighsStatus.kOk:
            raise _AlgorithmMissingError(f"this HiGHS has no solver {algorithm}")
        for key, value in options.items():
            if h.setOptionValue(key, value) != highspy.HighsStatus.kOk:
                raise ValueError(f"HiGHS option {key}={value!r} refused")
        h.passModel(lp)
        h.run()
    status = h.getModelStatus()
    optimal = status == highspy.HighsModelStatus.kOptimal
    return _Run(algorithm, h, optimal, h.modelStatusToString(status), h.getInfo())


def _shortfall(run: _Run, primal_tol: float, dual_tol: float) -> str:
    """Why a run's solution is not good enough for the results ("" if it is)."""
    i = run.info
    if not run.optimal:
        its = max(0, int(i.pdlp_iteration_count)) if run.algorithm in PDLP_SOLVERS else None
        after = f" after {its:,} iterations" if its is not None else ""
        return f"{run.algorithm} stopped at '{run.status}'{after}"
    p, d = float(i.max_primal_infeasibility), float(i.max_dual_infeasibility)
    gap = float(i.primal_dual_objective_error)  # type: ignore[attr-defined]  # not in highspy's stubs
    if not p <= primal_tol:
        return f"{run.algorithm}'s max primal infeasibility {p:.1e} above {primal_tol:.1e}"
    if not d <= dual_tol:
        return f"{run.algorithm}'s max dual infeasibility {d:.1e} above {dual_tol:.1e}"
    if not gap <= RESULT_TOLERANCE:
        return f"{run.algorithm}'s primal-dual objective gap {gap:.1e} above {RESULT_TOLERANCE:.0e}"
    return ""


def solve_lp(
    lp: highspy.HighsLp,
    *,
    load_scale: float,
    solver: Solver = "auto",
    threads: int | None = None,
    pdlp_options: Mapping[str, bool | int | float | str] | None = None,
) -> tuple[highspy.Highs, SolverStats]:
    """Solve an LP with HiGHS as ``solver`` says (:data:`Solver`); return the HiGHS object
    whose solution is used and how it went.

    ``auto`` runs hipdlp (cuPDLP-C where this HiGHS has no hipdlp) with
    :data:`PDLP_OPTIONS` and at most :data:`AUTO_PDLP_ITERATION_LIMIT` iterations; when it
    stops short of optimal, or its solution misses :func:`tolerances` or the objective gap
    :data:`RESULT_TOLERANCE`, simplex solves the LP afresh and its solution is used. The
    other values run that algorithm alone (a PDLP with :data:`PDLP_OPTIONS`, no iteration
    limit), whatever its accuracy (``within_tolerance`` in the stats says).

    Parameters
    ----------
    lp : highspy.HighsLp
    load_scale : float
        The problem's load scale [MW], for the primal tolerance (:func:`tolerances`).
    solver : {"auto", "simplex", "pdlp", "hipdlp", "ipm"}
    threads : int, optional
        HiGHS threads.
    pdlp_options : mapping, optional
        HiGHS options of a PDLP run, over the defaults above (e.g.
        ``{"pdlp_iteration_limit": 1}`` to make ``auto`` fall back).

    Raises
    ------
    ValueError
        An unknown solver, one this HiGHS lacks, or a HiGHS option HiGHS refuses.
    """
    if solver not in SOLVERS:
        raise ValueError(f"solver must be one of {', '.join(SOLVERS)}, got {solver!r}")
    primal_tol, dual_tol = tolerances(lp, load_scale)
    runs: list[_Run] = []
    reason = ""
    if solver == "auto":
        options = {**PDLP_OPTIONS, "pdlp_iteration_limit": AUTO_PDLP_ITERATION_LIMIT,
                   **(pdlp_options or {})}  # fmt: skip
        try:
            runs.append(_run(lp, "hipdlp", threads, options))
        except _AlgorithmMissingError:
            runs.append(_run(lp, "pdlp", threads, options))
        reason = _shortfall(runs[0], primal_tol, dual_tol)
        if reason:
            runs.append(_run(lp, "simplex", threads, {}))
    elif solver in PDLP_SOLVERS:
        runs.append(_run(lp, solver, threads, {**PDLP_OPTIONS, **(pdlp_options or {})}))
    else:
        runs.append(_run(lp, solver, threads, {}))
    used = runs[-1]
    i = used.info
    stats = SolverStats(
        requested=solver,
        used=used.algorithm,
        fallback=len(runs) > 1,
        fallback_reason=reason if len(runs) > 1 else "",
        status=used.status,
        simplex_iterations=sum(max(0, int(r.info.simplex_iteration_count)) for r in runs),
        pdlp_iterations=sum(max(0, int(r.info.pdlp_iteration_count)) for r in runs),
        ipm_iterations=sum(max(0, int(r.info.ipm_iteration_count)) for r in runs),
        crossover_iterations=sum(max(0, int(r.info.crossover_iteration_count)) for r in runs),
        solve_time_s=sum(float(r.highs.getRunTime()) for r in runs),
        max_primal_infeasibility=float(i.max_primal_infeasibility),
        max_dual_infeasibility=float(i.max_dual_infeasibility),
        primal_tolerance=primal_tol,
        dual_tolerance=dual_tol,
        within_tolerance=used.optimal and not _shortfall(used, primal_tol, dual_tol),
    )
    return used.highs, stats


def solved_stats(h: highspy.Highs, *, load_scale: float) -> SolverStats:
    """How a HiGHS object that ran on its own (PyPSA's solve through linopy, with HiGHS'
    default algorithm choice) solved its LP: requested ``"highs-default"``, used whichever
    algorithm iterated (interior point or simplex)."""
    status = h.getModelStatus()
    run = _Run("default", h, status == highspy.HighsModelStatus.kOptimal,
               h.modelStatusToString(status), h.getInfo())  # fmt: skip
    primal_tol, dual_tol = tolerances(h.getLp(), load_scale)
    i = run.info
    ipm = max(0, int(i.ipm_iteration_count))
    return SolverStats(
        requested="highs-default",
        used="ipm" if ipm else "simplex",
        fallback=False,
        fallback_reason="",
        status=run.status,
        simplex_iterations=max(0, int(i.simplex_iteration_count)),
        pdlp_iterations=max(0, int(i.pdlp_iteration_count)),
        ipm_iterations=ipm,
        crossover_iterations=max(0, int(i.crossover_iteration_count)),
        solve_time_s=float(h.getRunTime()),
        max_primal_infeasibility=float(i.max_primal_infeasibility),
        max_dual_infeasibility=float(i.max_dual_infeasibility),
        primal_tolerance=primal_tol,
        dual_tolerance=dual_tol,
        within_tolerance=run.optimal and not _shortfall(run, primal_tol, dual_tol),
    )


@dataclass
class DirectSolve:
    """A solved direct LP: the HiGHS object whose solution was used (``getRunTime()``,
    ``getInfo()``), the objective [USD/yr], without PyPSA's objective constant (as
    ``n.objective`` after PyPSA's own solve; :func:`solve_direct` records it in ``n.meta``,
    see :data:`wattflop.ground.highs.OBJECTIVE_KEY`), HiGHS' model status and how the solve
    went (:class:`SolverStats`)."""

    highs: highspy.Highs
    objective: float
    status: str
    stats: SolverStats


def solve_direct(
    n: pypsa.Network,
    *,
    threads: int | None = None,
    equal_ratings: tuple[str, str] | None = None,
    solver: Solver = "auto",
    pdlp_options: Mapping[str, bool | int | float | str] | None = None,
) -> DirectSolve:
    """Write the LP of ``n``, solve it with HiGHS and put the solution on ``n``.

    Capacities and time series go where PyPSA's own solve puts them; the objective [USD/yr]
    goes into ``n.meta[OBJECTIVE_KEY]`` (:mod:`wattflop.ground.highs`), not
    ``n.objective``, which PyPSA lets only its own solve set.

    Parameters
    ----------
    n : pypsa.Network
        Built, not solved (see :func:`wattflop.ground.network.build_network`).
    threads : int, optional
        HiGHS threads.
    equal_ratings : (charge_link, discharge_link), optional
        Tie p_nom(charge) = η_discharge · p_nom(discharge) (one converter).
    solver : {"auto", "simplex", "pdlp", "hipdlp", "ipm"}
        HiGHS' algorithm (:func:`solve_lp`).
    pdlp_options : mapping, optional
        HiGHS options of a PDLP run over :data:`PDLP_OPTIONS` (:func:`solve_lp`).

    Raises
    ------
    UnsupportedError
        For a network feature outside this formulation.
    """
    _check(n)
    T = len(n.snapshots)
    t = np.arange(T)
    b = _Builder()
    load = {str(bus): np.zeros(T) for bus in n.buses.index}
    for name, row in n.loads.iterrows():
        load[row.bus] = load[row.bus] + _series(n, "loads", "p_set", str(name))
    # bus balance: Σ inflow − Σ outflow = load, per snapshot
    balance = {bus: b.rows_(T, demand, demand) for bus, demand in load.items()}

    gen_p: dict[str, np.ndarray[Any, Any]] = {}
    gen_nom: dict[str, int] = {}
    for name_, g in n.generators.iterrows():
        name = str(name_)
        pmax = _series(n, "generators", "p_max_pu", name)
        pmin = _series(n, "generators", "p_min_pu", name)
        mc = _series(n, "generators", "marginal_cost", name)
        if g.p_nom_extendable:
            nom = b.var(1, g.p_nom_min, g.p_nom_max, g.capital_cost)[0]
            gen_nom[name] = int(nom)
            p = b.var(T, -np.inf, np.inf, mc)
            r = b.rows_(T, -np.inf, 0.0)  # p − p_max_pu·p_nom ≤ 0
            b.add(r, p, 1.0)
            b.add(r, nom, -pmax)
            r = b.rows_(T, 0.0, np.inf)  # p − p_min_pu·p_nom ≥ 0
            b.add(r, p, 1.0)
            b.add(r, nom, -pmin)
            for attr, sign in (("ramp_limit_up", 1.0), ("ramp_limit_down", -1.0)):
                ramp = float(g[attr])
                if np.isfinite(ramp) and T > 1:
                    r = b.rows_(T - 1, -np.inf, 0.0)  # ±(p_t − p_{t−1}) − ramp·p_nom ≤ 0
                    b.add(r, p[1:], sign)
                    b.add(r, p[:-1], -sign)
                    b.add(r, nom, -ramp)
        else:
            for attr in ("ramp_limit_up", "ramp_limit_down"):
                if np.isfinite(float(g[attr])):
                    raise UnsupportedError("ramp limits on a fixed generator")
            p = b.var(T, pmin * g.p_nom, pmax * g.p_nom, mc)
        gen_p[name] = p
        b.add(balance[g.bus], p, 1.0)

    link_p: dict[str, np.ndarray[Any, Any]] = {}
    link_nom: dict[str, int] = {}
    for name_, lk in n.links.iterrows():
        name = str(name_)
        if float(lk.p_min_pu) != 0.0 or float(lk.p_max_pu) != 1.0:
            raise UnsupportedError("links with p_min_pu/p_max_pu other than 0/1")
        eff = float(lk.efficiency)
        if lk.p_nom_extendable:
            nom = b.var(1, lk.p_nom_min, lk.p_nom_max, lk.capital_cost)[0]
            link_nom[name] = int(nom)
            p = b.var(T, 0.0, np.inf, lk.marginal_cost)
            r = b.rows_(T, -np.inf, 0.0)
            b.add(r, p, 1.0)
            b.add(r, nom, -1.0)
        else:
            p = b.var(T, 0.0, lk.p_nom, lk.marginal_cost)
        link_p[name] = p
        b.add(balance[lk.bus0], p, -1.0)
        b.add(balance[lk.bus1], p, eff)

    store_e: dict[str, np.ndarray[Any, Any]] = {}
    store_nom: dict[str, int] = {}
    for name_, st in n.stores.iterrows():
        name = str(name_)
        if st.e_nom_extendable:
            nom = b.var(1, st.e_nom_min, st.e_nom_max, st.capital_cost)[0]
            store_nom[name] = int(nom)
            e = b.var(T, 0.0, np.inf, 0.0)
            r = b.rows_(T, -np.inf, 0.0)
            b.add(r, e, 1.0)
            b.add(r, nom, -1.0)
        else:
            e = b.var(T, 0.0, st.e_nom, 0.0)
        # store power to the bus p_t = e_{t−1} − e_t (cyclic): it enters the bus balance
        prev = e[(t - 1) % T]
        b.add(balance[st.bus], prev, 1.0)
        b.add(balance[st.bus], e, -1.0)
        store_e[name] = e

    if equal_ratings is not None:
        ch, dis = equal_ratings
        if ch in link_nom and dis in link_nom:
            r = b.rows_(1, 0.0, 0.0)
            b.add(r, link_nom[ch], 1.0)
            b.add(r, link_nom[dis], -float(n.links.at[dis, "efficiency"]))

    for _, gc in n.global_constraints.iterrows():
        attr = str(gc.carrier_attribute)
        hi = float(gc.constant) if gc.sense == "<=" else np.inf
        lo = float(gc.constant) if gc.sense == ">=" else -np.inf
        if gc.sense == "==":
            lo = hi = float(gc.constant)
        r = b.rows_(1, lo, hi)
        for name, p in gen_p.items():
            carrier = n.generators.at[name, "carrier"]
            f = float(n.carriers.at[carrier, attr]) if attr in n.carriers.columns else 0.0
            if f and np.isfinite(f):
                b.add(r, p, f / float(n.generators.at[name, "efficiency"]))

    load_scale = max((float(np.abs(v).max()) for v in load.values() if v.size), default=1.0)
    h, stats = solve_lp(
        b.lp(), load_scale=load_scale, solver=solver, threads=threads, pdlp_options=pdlp_options
    )
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return DirectSolve(h, float("nan"), stats.status, stats)
    x = np.asarray(h.getSolution().col_value)
    _write_back(n, x, gen_p, gen_nom, link_p, link_nom, store_e, store_nom)
    objective = float(h.getInfo().objective_function_value)
    # PyPSA's own solve sets n.objective, a read-only property over a private attribute with
    # no public setter (PyPSA 1.4: only its solver and its file import write it); the optimum
    # goes into the network's public meta instead, which export_to_netcdf keeps as well
    n.meta[OBJECTIVE_KEY] = objective
    return DirectSolve(h, objective, stats.status, stats)


def _write_back(
    n: pypsa.Network,
    x: np.ndarray[Any, Any],
    gen_p: dict[str, np.ndarray[Any, Any]],
    gen_nom: dict[str, int],
    link_p: dict[str, np.ndarray[Any, Any]],
    link_nom: dict[str, int],
    store_e: dict[str, np.ndarray[Any, Any]],
    store_nom: dict[str, int],
) -> None:
    """Optimal capacities and time series onto the network, where PyPSA puts them."""
    snaps = n.snapshots
    g = n.generators
    g["p_nom_opt"] = [x[gen_nom[k]] if k in gen_nom else float(g.at[k, "p_nom"]) for k in g.index]
    n.generators_t.p = pd.DataFrame({k: x[v] for k, v in gen_p.items()}, index=snaps)
    lk = n.links
    if len(lk):
        lk["p_nom_opt"] = [
            x[link_nom[k]] if k in link_nom else float(lk.at[k, "p_nom"]) for k in lk.index
        ]
        p0 = pd.DataFrame({k: x[v] for k, v in link_p.items()}, index=snaps)
        n.links_t.p0 = p0
        n.links_t.p1 = -p0 * lk.efficiency.reindex(p0.columns).to_numpy()
    st = n.stores
    if len(st):
        st["e_nom_opt"] = [
            x[store_nom[k]] if k in store_nom else float(st.at[k, "e_nom"]) for k in st.index
        ]
        e = pd.DataFrame({k: x[v] for k, v in store_e.items()}, index=snaps)
        n.stores_t.e = e
        n.stores_t.p = pd.DataFrame(np.roll(e.to_numpy(), 1, axis=0) - e.to_numpy(),
                                    index=snaps, columns=e.columns)  # fmt: skip

"""The ground plant as a PyPSA network: cost-optimal capacities and hourly dispatch.

One bus (the site) with the data-centre load; gas turbines, PV, a grid connection (import and
optional export), batteries with power and energy sized independently (a Store between a
charging and a discharging Link whose capacities are tied), and optionally unserved energy at
a value of lost load. Capital costs are annualised with the capital recovery factor over each
technology's life plus fixed O&M, so the objective is the annual system cost.

The model is built apart from being solved: :func:`build_network` returns the network;
:func:`solve_sizing` hands PyPSA's formulation of it to HiGHS as one sparse LP
(:mod:`wattflop.ground.lp`, the default) or through linopy — :func:`create_model` returns the
linopy model (inspect or extend it) and :func:`solve` runs HiGHS on it. Inside the network,
power is in MW, energy in MWh and money in USD (PyPSA's conventions); everything else in
wattflop is SI. HiGHS' thread count, task scheduler and console output are handled in
:mod:`wattflop.ground.highs`, shared with the direct LP.

Importing this module changes no library setting: the PyPSA options and the quiet loggers
these functions need are set only while they run, and put back afterwards
(:func:`pypsa_settings`).

References
----------
Brown, Hörsch & Schlachtberger (2018), PyPSA: Python for Power System Analysis, J. Open
Research Software 6(1):4, doi:10.5334/jors.188.
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import pypsa

from wattflop.constants import J_PER_MWH, W_PER_MW, YEAR_S
from wattflop.economics import capital_recovery_factor
from wattflop.errors import InfeasibleError, SolverError
from wattflop.ground.highs import (
    OBJECTIVE_KEY,
    SOLVE_TIME_KEY,
    SOLVER_STATS_KEY,
    highs_scheduler,
    quiet_c_stdout,
    solver_threads,
)
from wattflop.ground.lp import Solver, SolverStats, UnsupportedError, solve_direct, solved_stats
from wattflop.scenario.ground import GroundScenario
from wattflop.units import to_si

#: Fuel energy per MMBtu [J], from the same unit registry that reads scenario files.
J_PER_MMBTU = to_si("1 MMBtu", "J")
#: How the linear stage reaches HiGHS.
Backend = Literal["direct", "linopy"]
#: Price of the slack generator used only to diagnose an infeasible design [USD/MWh].
DIAGNOSTIC_VOLL = 1e6


#: PyPSA options this module's calls run with: keep pandas 3 string dtypes (PyPSA ≥ 2's
#: default) rather than convert them back to object, and do not warn about the choice.
PYPSA_OPTIONS: dict[str, Any] = {"api.legacy_string_dtype": False}
#: Loggers held at ERROR during this module's calls: their INFO and WARNING lines (model
#: sizes, solver options, "infeasible") would interleave with wattflop's output, and the
#: diagnosis of an infeasible design (:func:`diagnose`) speaks instead.
QUIET_LOGGERS = ("pypsa", "linopy")

_settings_lock = threading.Lock()
_ROOT_GUARD = logging.NullHandler()  # on the root logger inside pypsa_settings
_settings_depth = 0  # calls inside pypsa_settings, all threads together
_settings_saved: tuple[dict[str, Any], dict[str, int]] = ({}, {})


@contextlib.contextmanager
def pypsa_settings() -> Iterator[None]:
    """Run a block with :data:`PYPSA_OPTIONS` set and :data:`QUIET_LOGGERS` at ERROR, then
    put both back as they were.

    PyPSA's options and the logging levels are process-wide, so they are set while any
    thread is inside such a block (blocks nest, in one thread or several) and restored when
    the last one leaves; code elsewhere that reads them meanwhile sees this module's values.
    Importing this module changes neither.
    """
    global _settings_depth, _settings_saved
    with _settings_lock:
        if _settings_depth == 0:
            options = {k: pypsa.options.get_option(k) for k in PYPSA_OPTIONS}
            levels = {name: logging.getLogger(name).level for name in QUIET_LOGGERS}
            _settings_saved = (options, levels)
            for key, value in PYPSA_OPTIONS.items():
                pypsa.options.set_option(key, value)
            for name in QUIET_LOGGERS:
                logging.getLogger(name).setLevel(logging.ERROR)
            # every pypsa.Network() calls logging.basicConfig(level=INFO) (PyPSA 1.x,
            # networks.py), which, on a root logger without handlers, adds one writing INFO
            # to stderr for the rest of the process (Dask's INFO lines then flood the
            # terminal): a handler that does nothing stands on the root meanwhile, so that
            # basicConfig does nothing either
            logging.root.addHandler(_ROOT_GUARD)
        _settings_depth += 1
    try:
        yield
    finally:
        with _settings_lock:
            _settings_depth -= 1
            if _settings_depth == 0:
                options, levels = _settings_saved
                for key, value in options.items():
                    pypsa.options.set_option(key, value)
                for name, level in levels.items():
                    logging.getLogger(name).setLevel(level)
                logging.root.removeHandler(_ROOT_GUARD)


@dataclass(frozen=True)
class PlantInputs:
    """Hourly series the plant model needs (index: the 8,760 snapshots).

    Attributes
    ----------
    site_load_mw : pandas.Series
        Electric demand of the whole site (IT × PUE) [MW].
    pv_per_mw : pandas.Series or None
        PV AC output per MW of AC capacity [-].
    grid_price_usd_per_mwh : pandas.Series
        Grid energy price [USD/MWh].
    export_price_usd_per_mwh : pandas.Series, optional
        Price received for exports [USD/MWh]; default: the import price.
    """

    site_load_mw: pd.Series
    pv_per_mw: pd.Series | None
    grid_price_usd_per_mwh: pd.Series
    export_price_usd_per_mwh: pd.Series | None = None

    def __post_init__(self) -> None:
        if self.export_price_usd_per_mwh is None:
            object.__setattr__(self, "export_price_usd_per_mwh", self.grid_price_usd_per_mwh)


def annuity_per_mw(capex_usd_per_w: float, life_s: float, rate: float) -> float:
    """Annualised capital cost per MW [USD MW⁻¹ yr⁻¹]."""
    return capex_usd_per_w * W_PER_MW * float(capital_recovery_factor(rate, life_s / YEAR_S))


def gas_marginal_cost_usd_per_mwh(sc: GroundScenario) -> float:
    """Fuel + variable O&M + CO₂ price per MWh of electricity [USD/MWh]."""
    g, plant = sc.plant.gas_turbines, sc.plant
    fuel = g.heat_rate * g.fuel_price * J_PER_MWH  # [USD/MWh_el]
    co2_t_per_mwh = g.heat_rate * g.co2_intensity * J_PER_MWH / 1e3
    return fuel + g.variable_om * J_PER_MWH + plant.co2_price * 1e3 * co2_t_per_mwh


@pypsa_settings()
def build_network(
    sc: GroundScenario,
    inputs: PlantInputs,
    *,
    diagnostic: bool = False,
    sized: pypsa.Network | None = None,
) -> pypsa.Network:
    """Build the PyPSA network of a ground site (not solved).

    Parameters
    ----------
    sc : GroundScenario
    inputs : PlantInputs
    diagnostic : bool
        Add an expensive slack generator so that any design solves; used to find out why a
        design is infeasible.
    sized : pypsa.Network, optional
        A solved sizing network: build the unit-commitment dispatch stage instead, with every
        capacity fixed at its optimum and the gas capacity split into committable units of
        ``unit_size`` with a minimum load.
    """
    p, r = sc.plant, sc.economics.discount_rate
    n = pypsa.Network(name=sc.name)
    idx = pd.DatetimeIndex(inputs.site_load_mw.index)
    snapshots = idx.tz_convert("UTC").tz_localize(None) if idx.tz is not None else idx  # UTC

    def series(s: pd.Series) -> pd.Series:
        return pd.Series(s.to_numpy(dtype=float), index=snapshots)

    n.set_snapshots(snapshots)
    # exports have their own zero-emission carrier: selling power must not earn a CO₂ credit
    # against the cap (the emissions of the gas burnt for it stay on the site's books)
    n.add("Carrier", ["AC", "gas", "pv", "grid", "grid_export", "battery", "unserved"])
    g = p.gas_turbines
    # CO₂ per MWh of *fuel* (PyPSA divides generation by efficiency = 1/heat rate) [t/MWh]
    n.carriers.loc["gas", "co2_emissions"] = g.co2_intensity * J_PER_MWH / 1e3
    n.carriers.loc["grid", "co2_emissions"] = p.grid.co2_intensity * J_PER_MWH / 1e3
    n.add("Bus", "site", carrier="AC")
    n.add("Load", "datacentre", bus="site", p_set=series(inputs.site_load_mw))
    if g.enabled and sized is not None and "gas" in sized.generators.index:
        units = math.ceil(float(sized.generators.p_nom_opt["gas"]) * W_PER_MW / g.unit_size - 1e-9)
        ramp = g.ramp_limit * 3600.0 if g.ramp_limit * 3600.0 < 1.0 else np.nan
        n.add(
            "Generator", [f"gas_unit_{i}" for i in range(units)], bus="site", carrier="gas",
            p_nom=g.unit_size / W_PER_MW, committable=True, p_min_pu=g.min_load,
            p_max_pu=g.availability,
            marginal_cost=gas_marginal_cost_usd_per_mwh(sc), efficiency=1.0 / g.heat_rate,
            ramp_limit_up=ramp, ramp_limit_down=ramp,
        )  # fmt: skip
    elif g.enabled:
        n.add(
            "Generator", "gas", bus="site", carrier="gas", p_nom_extendable=True,
            p_max_pu=g.availability,
            p_nom_max=np.inf if g.max_capacity is None else g.max_capacity / W_PER_MW,
            capital_cost=annuity_per_mw(g.capex, g.life, r) + g.fixed_om * W_PER_MW * YEAR_S,
            marginal_cost=gas_marginal_cost_usd_per_mwh(sc),
            efficiency=1.0 / g.heat_rate,  # MWh_el per MWh_fuel: primary energy for the CO₂ cap
            # a full swing within the hour is no constraint at hourly resolution: leave it out
            ramp_limit_up=g.ramp_limit * 3600.0 if g.ramp_limit * 3600.0 < 1.0 else np.nan,
            ramp_limit_down=g.ramp_limit * 3600.0 if g.ramp_limit * 3600.0 < 1.0 else np.nan,
        )  # fmt: skip
    if p.pv.enabled and inputs.pv_per_mw is not None:
        pv = p.pv
        n.add(
            "Generator", "pv", bus="site", carrier="pv", p_nom_extendable=True,
            p_nom_max=np.inf if pv.max_capacity is None else pv.max_capacity / W_PER_MW,
            p_max_pu=series(inputs.pv_per_mw.clip(0.0, 1.0)),
            capital_cost=annuity_per_mw(pv.capex, pv.life, r) + pv.fixed_om * W_PER_MW * YEAR_S,
            marginal_cost=0.0,
        )  # fmt: skip
    if p.grid.connection_limit > 0:
        limit = p.grid.connection_limit / W_PER_MW
        co2_price = p.co2_price * 1e3 * p.grid.co2_intensity * J_PER_MWH / 1e3
        n.add(
            "Generator", "grid_import", bus="site", carrier="grid", p_nom=limit,
            marginal_cost=series(inputs.grid_price_usd_per_mwh) + co2_price,
        )  # fmt: skip
        if p.grid.export_allowed:
            n.add(
                "Generator", "grid_export", bus="site", carrier="grid_export", p_nom=limit,
                p_min_pu=-1.0, p_max_pu=0.0, marginal_cost=series(inputs.export_price_usd_per_mwh),
            )  # fmt: skip
    b = p.batteries
    if b.enabled:
        eff = float(np.sqrt(b.round_trip_efficiency))
        n.add("Bus", "battery", carrier="battery")
        om = b.fixed_om_fraction * YEAR_S
        n.add(
            "Store", "battery", bus="battery", carrier="battery", e_nom_extendable=True,
            e_cyclic=True,
            capital_cost=annuity_per_mw(b.energy_capex * 3600.0, b.life, r)
            + b.energy_capex * J_PER_MWH * om,
        )  # fmt: skip
        p_max = np.inf if b.max_power is None else b.max_power / W_PER_MW
        n.add(
            "Link", "battery_charge", bus0="site", bus1="battery", carrier="battery",
            p_nom_extendable=True, p_nom_max=p_max, efficiency=eff,
            capital_cost=annuity_per_mw(b.power_capex, b.life, r) + b.power_capex * W_PER_MW * om,
        )  # fmt: skip
        n.add(
            "Link", "battery_discharge", bus0="battery", bus1="site", carrier="battery",
            p_nom_extendable=True, p_nom_max=p_max / eff if np.isfinite(p_max) else np.inf,
            efficiency=eff,
        )  # fmt: skip
    if diagnostic:  # dearer than building anything, so it is used only where nothing can serve
        capital = [
            float(c)
            for c in (*n.generators.capital_cost, *n.links.capital_cost, *n.stores.capital_cost)
        ]
        voll: float | None = max(DIAGNOSTIC_VOLL, 100.0 * max(capital, default=0.0))
    else:
        voll = None if p.value_of_lost_load is None else p.value_of_lost_load * J_PER_MWH
    if voll is not None:
        n.add(
            "Generator", "unserved", bus="site", carrier="unserved",
            p_nom=float(inputs.site_load_mw.max()), marginal_cost=voll,
        )  # fmt: skip
    if p.co2_cap is not None and not diagnostic:
        n.add(
            "GlobalConstraint", "co2_cap", type="primary_energy",
            carrier_attribute="co2_emissions", sense="<=", constant=p.co2_cap / 1e3,
        )  # fmt: skip
    if sized is not None:
        _fix_capacities(n, sized)
    return n


def _fix_capacities(n: pypsa.Network, sized: pypsa.Network) -> None:
    """Freeze every extendable capacity of ``n`` at its optimum in ``sized``."""
    for comp, attr in (("generators", "p_nom"), ("links", "p_nom"), ("stores", "e_nom")):
        table = getattr(n, comp)
        done = getattr(sized, comp)
        for name in table.index[table[f"{attr}_extendable"]]:
            table.loc[name, attr] = float(done.loc[name, f"{attr}_opt"])
            table.loc[name, f"{attr}_extendable"] = False


@pypsa_settings()
def create_model(n: pypsa.Network, *, linearized_unit_commitment: bool = False) -> Any:
    """The linopy model of a built network, with wattflop's extra constraint (battery charge
    and discharge converters are one device: equal AC power ratings). Inspect or extend it
    before :func:`solve`."""
    with warnings.catch_warnings():
        # PyPSA 1.4 indexes pandas 3 arrays in a way pandas 4 will drop (upstream, harmless)
        warnings.filterwarnings(
            "ignore", message="Treating an array-like object", category=DeprecationWarning
        )
        m = n.optimize.create_model(
            include_objective_constant=False,
            linearized_unit_commitment=linearized_unit_commitment,
        )
    if "battery_charge" in n.links.index and bool(n.links.p_nom_extendable.any()):
        pn = m.variables["Link-p_nom"]
        eff = float(n.links.at["battery_discharge", "efficiency"])
        # discharge capacity is counted on its battery side (bus0): AC power = p_nom · η
        lhs = pn.sel(name="battery_charge", drop=True) - eff * pn.sel(
            name="battery_discharge", drop=True
        )
        m.add_constraints(lhs == 0, name="battery_power_rating")
    return m


@pypsa_settings()
def solve(n: pypsa.Network, *, threads: int | None = None) -> None:
    """Solve a network whose model :func:`create_model` built, with HiGHS.

    The optimal objective lands in ``n.objective`` (PyPSA's) and in
    ``n.meta["objective_usd_per_year"]`` (read it with :func:`objective_usd_per_year`).

    Raises
    ------
    InfeasibleError
        When HiGHS reports the design infeasible (see :func:`diagnose`).
    """
    options: dict[str, Any] = {"output_flag": False, "log_to_console": False}
    threads = threads if threads is not None else solver_threads()
    if threads is not None:
        options["threads"] = threads
    highs_scheduler(threads)
    with quiet_c_stdout():  # HiGHS prints its banner from C before options apply
        status, condition = n.optimize.solve_model(
            solver_name="highs", io_api="direct", solver_options=options
        )
    if status != "ok":
        raise InfeasibleError(f"HiGHS: {status} ({condition})")
    objective = n.objective
    assert objective is not None  # set by PyPSA's solve whenever it returns "ok"
    n.meta[OBJECTIVE_KEY] = float(objective)  # where solve_direct keeps it too


def _check_verdict(
    sc: GroundScenario, inputs: PlantInputs, verdict: str, *, backend: Backend,
    threads: int | None,
) -> None:  # fmt: skip
    """Confirm with simplex that a design a PDLP or interior point (chosen alone with
    ``plant.solver``) found no optimum for has none; raise :class:`SolverError` if simplex
    finds one (cuPDLP-C calls small feasible LPs "primal infeasible or unbounded")."""
    chosen = sc.plant.solver.value
    if chosen in ("auto", "simplex"):  # auto has confirmed it with simplex already
        return
    n = build_network(sc, inputs)
    try:
        solve_sizing(n, backend=backend, threads=threads, solver="simplex")
    except InfeasibleError:
        return
    raise SolverError(
        f"plant.solver = {chosen} ended the plant LP with '{verdict}', but simplex finds "
        f"its optimum ({objective_usd_per_year(n):,.0f} USD/yr): the design is feasible. "
        "Use plant.solver = auto (PDLP with a simplex fallback) or simplex"
    )


def diagnose(sc: GroundScenario, inputs: PlantInputs) -> str:
    """Why a design cannot serve its load: re-solve with an expensive slack and say when,
    how much and which limits bind."""
    n = build_network(sc, inputs, diagnostic=True)
    # the slack makes it feasible: auto's fallback answers even if a PDLP would not
    solve_sizing(n, solver="simplex" if sc.plant.solver.value == "simplex" else "auto")
    short = n.generators_t.p["unserved"]
    hours = int((short > 1e-6).sum())
    p = sc.plant
    limits = []
    if not p.gas_turbines.enabled:
        limits.append("gas_turbines.enabled = false")
    elif p.gas_turbines.max_capacity is not None:
        limits.append(
            f"gas_turbines.max_capacity = {p.gas_turbines.max_capacity / W_PER_MW:,.0f} MW"
        )
    limits.append(f"grid.connection_limit = {p.grid.connection_limit / W_PER_MW:,.0f} MW")
    if p.pv.enabled and p.pv.max_capacity is not None:
        limits.append(f"pv.max_capacity = {p.pv.max_capacity / W_PER_MW:,.0f} MW")
    if not p.batteries.enabled:
        limits.append("batteries.enabled = false")
    elif p.batteries.max_power is not None:
        limits.append(f"batteries.max_power = {p.batteries.max_power / W_PER_MW:,.0f} MW")
    if p.co2_cap is not None:
        limits.append(f"co2_cap = {p.co2_cap / 1e3:,.0f} t/yr")
    worst = short.idxmax()
    return (
        f"the site load (peak {inputs.site_load_mw.max():,.0f} MW) cannot be served in {hours:,} "
        f"hours (worst shortfall {short.max():,.0f} MW at {worst:%Y-%m-%d %H:%M}); binding "
        f"limits: {'; '.join(limits)}. Allow more capacity, relax the cap, or set "
        "plant.value_of_lost_load to price unserved energy"
    )


@pypsa_settings()
def solve_sizing(
    n: pypsa.Network,
    *,
    backend: Backend = "direct",
    threads: int | None = None,
    solver: Solver = "auto",
    pdlp_options: Mapping[str, bool | int | float | str] | None = None,
) -> None:
    """Solve the linear sizing and dispatch problem of a built network with HiGHS.

    ``direct`` writes PyPSA's formulation of this network as one sparse LP for highspy
    (:mod:`wattflop.ground.lp`: the same optimum, without linopy's model-building time) and
    solves it with ``solver`` (:func:`wattflop.ground.lp.solve_lp`: ``auto`` is PDLP with a
    simplex fallback); ``linopy`` goes through :func:`create_model` and :func:`solve` (HiGHS'
    default algorithm; ``solver`` does not apply) and leaves ``n.model`` to inspect. A
    network the direct LP does not cover falls back to linopy. The HiGHS run time lands in
    ``n.meta["highs_run_time_s"]``, how it went in ``n.meta["lp_solver"]``
    (:func:`solver_stats`) and the optimal objective in ``n.meta["objective_usd_per_year"]``
    (:func:`objective_usd_per_year`; ``n.objective``, which only PyPSA's own solve can set,
    stays empty after the direct LP).

    Raises
    ------
    InfeasibleError
        When HiGHS finds no optimum.
    """
    threads = threads if threads is not None else solver_threads()
    if backend == "direct":
        pair = ("battery_charge", "battery_discharge")
        try:
            res = solve_direct(
                n, threads=threads, equal_ratings=pair if pair[0] in n.links.index else None,
                solver=solver, pdlp_options=pdlp_options,
            )  # fmt: skip
        except UnsupportedError:
            backend = "linopy"
        else:
            n.meta[SOLVE_TIME_KEY] = res.stats.solve_time_s
            n.meta[SOLVER_STATS_KEY] = res.stats.as_dict()
            if res.status != "Optimal":
                raise InfeasibleError(f"HiGHS: {res.status}")
            return
    create_model(n)
    solve(n, threads=threads)
    h = n.model.solver_model
    n.meta[SOLVE_TIME_KEY] = float(h.getRunTime())
    load = n.loads_t.p_set
    scale = float(load.abs().to_numpy().max()) if load.size else 1.0
    n.meta[SOLVER_STATS_KEY] = solved_stats(h, load_scale=scale).as_dict()


def solver_stats(n: pypsa.Network) -> SolverStats:
    """How the sizing LP of a network solved by :func:`solve_sizing` (or :func:`optimise`)
    was solved.

    Raises
    ------
    ValueError
        The network was not solved by either.
    """
    value = n.meta.get(SOLVER_STATS_KEY)
    if value is None:
        raise ValueError(f"network '{n.name}' has not been solved by solve_sizing")
    return SolverStats(**value)


@pypsa_settings()
def optimise(
    sc: GroundScenario,
    inputs: PlantInputs,
    *,
    backend: Backend = "direct",
    threads: int | None = None,
    pdlp_options: Mapping[str, bool | int | float | str] | None = None,
) -> pypsa.Network:
    """Build, model and solve; raise :class:`InfeasibleError` with a diagnosis.

    With unit commitment, a second stage dispatches whole gas units (minimum load) on the
    capacities the first, linear stage chose; the second stage's network is returned.
    ``backend`` picks how the linear stage reaches HiGHS and ``plant.solver`` which
    algorithm solves it (:func:`solve_sizing`; ``pdlp_options`` go to a PDLP run); the unit
    commitment stage always goes through linopy. The returned network's ``meta`` says how
    the linear stage was solved (:func:`solver_stats`).
    """
    n = build_network(sc, inputs)
    try:
        solve_sizing(
            n, backend=backend, threads=threads, solver=sc.plant.solver.value,
            pdlp_options=pdlp_options,
        )  # fmt: skip
    except InfeasibleError as exc:
        _check_verdict(sc, inputs, str(exc), backend=backend, threads=threads)
        raise InfeasibleError(diagnose(sc, inputs)) from None
    uc = sc.plant.gas_turbines.unit_commitment.value
    if uc == "off" or "gas" not in n.generators.index:
        return n
    stage = build_network(sc, inputs, sized=n)
    create_model(stage, linearized_unit_commitment=uc == "linearized")
    try:
        solve(stage, threads=threads)
        stage.meta[SOLVE_TIME_KEY] = n.meta[SOLVE_TIME_KEY] + float(
            stage.model.solver_model.getRunTime()
        )
        stage.meta[SOLVER_STATS_KEY] = n.meta[SOLVER_STATS_KEY]  # the linear stage's
    except InfeasibleError:
        raise InfeasibleError(
            "unit commitment: the capacities sized without it cannot follow the load with "
            f"whole {sc.plant.gas_turbines.unit_size / W_PER_MW:,.0f} MW units at "
            f"{sc.plant.gas_turbines.min_load:.0%} minimum load (e.g. a load below one unit's "
            "minimum with no battery or grid to absorb it): allow unserved energy with "
            "plant.value_of_lost_load, add batteries or a grid connection, or lower min_load"
        ) from None
    return stage


@pypsa_settings()
def export_netcdf(n: pypsa.Network, path: Path) -> None:
    """Write the solved network to ``path`` (``network.nc``), atomically."""
    tmp = path.with_name(f".{path.name}.tmp")
    with warnings.catch_warnings():
        # PyPSA 1.4 sets a pandas option that pandas 3 deprecates while it writes
        warnings.filterwarnings("ignore", message="The 'future.infer_string' option is deprecated")
        n.export_to_netcdf(tmp)
    tmp.replace(path)


def objective_usd_per_year(n: pypsa.Network) -> float:
    """Optimal objective of a network solved by :func:`solve_sizing` or :func:`solve`
    [USD/yr]: the annual system cost without PyPSA's objective constant.

    Raises
    ------
    ValueError
        The network was not solved by either.
    """
    value = n.meta.get(OBJECTIVE_KEY)
    if value is None:
        raise ValueError(f"network '{n.name}' has not been solved by solve_sizing or solve")
    return float(value)


def dispatch(n: pypsa.Network) -> pd.DataFrame:
    """Hourly dispatch of a solved network [MW], one column per flow, and the battery energy
    [MWh]; positive into the site bus."""
    gen = n.generators_t.p
    out = pd.DataFrame(index=n.snapshots)
    out["load"] = n.loads_t.p_set["datacentre"]
    for col in ("pv", "unserved", "grid_import"):
        out[col] = gen.get(col, 0.0)
    gas_cols = [c for c in gen.columns if n.generators.at[c, "carrier"] == "gas"]
    out["gas"] = gen[gas_cols].sum(axis=1) if gas_cols else 0.0
    out["grid_export"] = -gen["grid_export"] if "grid_export" in gen else 0.0
    if "battery_charge" in n.links.index:
        out["battery_charge"] = n.links_t.p0["battery_charge"]
        out["battery_discharge"] = -n.links_t.p1["battery_discharge"]
        out["battery_energy"] = n.stores_t.e["battery"]
    else:
        out["battery_charge"] = out["battery_discharge"] = out["battery_energy"] = 0.0
    return out


def gas_capacity_mw(n: pypsa.Network) -> float:
    """Installed gas capacity of a solved network (one extendable generator or many units)."""
    gas = n.generators[n.generators.carrier == "gas"]
    return float(gas.p_nom_opt.sum()) if len(gas) else 0.0


def balance_residual(d: pd.DataFrame) -> float:
    """Largest hourly energy-balance error relative to the peak load [-]."""
    supply = (
        d["gas"]
        + d["pv"]
        + d["grid_import"]
        - d["grid_export"]
        + d["battery_discharge"]
        - d["battery_charge"]
        + d["unserved"]
    )
    return float((supply - d["load"]).abs().max() / d["load"].abs().max())

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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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


@dataclass
class DirectSolve:
    """A solved direct LP: the HiGHS object (``getRunTime()``, ``getInfo()``) and the
    objective [USD/yr], without PyPSA's objective constant (as ``n.objective`` after PyPSA's
    own solve; :func:`solve_direct` records it in ``n.meta``, see
    :data:`wattflop.ground.highs.OBJECTIVE_KEY`)."""

    highs: highspy.Highs
    objective: float
    status: str


def solve_direct(
    n: pypsa.Network, *, threads: int | None = None, equal_ratings: tuple[str, str] | None = None
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

    highs_scheduler(threads)
    with quiet_c_stdout():  # HiGHS prints its banner from C before options apply
        h = highspy.Highs()  # type: ignore[no-untyped-call]
        h.setOptionValue("output_flag", False)
        h.setOptionValue("log_to_console", False)
        if threads is not None:
            h.setOptionValue("threads", int(threads))
        h.passModel(b.lp())
        h.run()
    status = h.modelStatusToString(h.getModelStatus())
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return DirectSolve(h, float("nan"), status)
    x = np.asarray(h.getSolution().col_value)
    _write_back(n, x, gen_p, gen_nom, link_p, link_nom, store_e, store_nom)
    objective = float(h.getInfo().objective_function_value)
    # PyPSA's own solve sets n.objective, a read-only property over a private attribute with
    # no public setter (PyPSA 1.4: only its solver and its file import write it); the optimum
    # goes into the network's public meta instead, which export_to_netcdf keeps as well
    n.meta[OBJECTIVE_KEY] = objective
    return DirectSolve(h, objective, status)


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

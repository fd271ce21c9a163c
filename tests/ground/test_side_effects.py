"""The ground model leaves library settings as it found them (issue #11: no global side
effects): importing :mod:`wattflop.ground.network` and solving a plant change neither PyPSA's
options nor the levels of the pypsa and linopy loggers, before or after, whichever way the
solve goes (direct LP, linopy, unit commitment, an infeasible design that raises)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pypsa
import pytest

from wattflop.errors import InfeasibleError
from wattflop.ground import network as net

from .test_network import _scenario

OPTION = "api.legacy_string_dtype"
LOGGERS = ("pypsa", "linopy")
IDX = pd.date_range("2027-06-01", periods=3, freq="h", tz="UTC")


def _inputs(load: list[float]) -> net.PlantInputs:
    return net.PlantInputs(
        pd.Series(load, index=IDX, dtype=float), None, pd.Series(0.0, index=IDX, dtype=float)
    )


def _state() -> tuple[Any, dict[str, int]]:
    return pypsa.options.get_option(OPTION), {n: logging.getLogger(n).level for n in LOGGERS}


@pytest.fixture
def caller_settings() -> Iterator[tuple[Any, dict[str, int]]]:
    """Settings a caller chose, different from what the ground model runs with; put back
    afterwards."""
    before = _state()
    pypsa.options.set_option(OPTION, True)
    logging.getLogger("pypsa").setLevel(logging.DEBUG)
    logging.getLogger("linopy").setLevel(logging.WARNING)
    try:
        yield _state()
    finally:
        pypsa.options.set_option(OPTION, before[0])
        for name, level in before[1].items():
            logging.getLogger(name).setLevel(level)


def test_import_and_a_tiny_lp_change_no_library_setting() -> None:
    """In a fresh interpreter (this one has imported the module long ago)."""
    code = textwrap.dedent(
        """
        import logging, warnings
        import pandas as pd, pypsa

        warnings.simplefilter("ignore")  # only the settings are under test here
        names = ("pypsa", "linopy")

        def state():
            return (pypsa.options.get_option("api.legacy_string_dtype"),
                    [logging.getLogger(n).level for n in names])

        before = state()
        from wattflop.ground import network as net
        assert state() == before, ("import", before, state())
        idx = pd.date_range("2027-06-01", periods=2, freq="h", tz="UTC")
        n = pypsa.Network()
        n.set_snapshots(idx.tz_localize(None))
        n.add("Bus", "site")
        n.add("Load", "load", bus="site", p_set=[100.0, 200.0])
        n.add("Generator", "gas", bus="site", p_nom_extendable=True, capital_cost=1e6,
              marginal_cost=10.0)
        net.solve_sizing(n)
        assert abs(net.objective_usd_per_year(n) - (200e6 + 300 * 10.0)) < 1e-3
        assert state() == before, ("solve", before, state())
        print("ok")
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip() == "ok"


@pytest.mark.parametrize("backend", ["direct", "linopy"])
def test_a_solve_restores_the_callers_settings(
    caller_settings: tuple[Any, dict[str, int]], backend: net.Backend
) -> None:
    sc = _scenario()
    n = net.build_network(sc, _inputs([100.0, 200.0, 150.0]))
    assert _state() == caller_settings
    # built with the model's own option: pandas 3 string dtypes, not object
    assert n.generators.carrier.dtype != object
    net.solve_sizing(n, backend=backend)
    assert _state() == caller_settings
    assert net.objective_usd_per_year(n) == pytest.approx(200e6 + 450 * 10.0, rel=1e-9)


def test_unit_commitment_and_failures_restore_the_callers_settings(
    caller_settings: tuple[Any, dict[str, int]],
) -> None:
    uc = _scenario(
        gas_turbines={"unit_size": "50 MW", "min_load": 0.5, "unit_commitment": "linearized"}
    )
    net.optimise(uc, _inputs([100.0, 60.0, 100.0]))
    assert _state() == caller_settings
    too_small = _scenario(gas_turbines={"max_capacity": "80 MW"})  # and no grid
    with pytest.raises(InfeasibleError, match="cannot be served"):
        net.optimise(too_small, _inputs([100.0, 60.0, 100.0]))
    assert _state() == caller_settings


def test_settings_hold_while_any_thread_is_inside() -> None:
    """Two threads inside at once, leaving in the opposite order of entry: the settings stay
    on until the last one leaves, then are the caller's again."""
    before = _state()
    inside = threading.Barrier(2)
    first_out = threading.Event()
    seen: list[tuple[Any, dict[str, int]]] = []

    def first() -> None:
        with net.pypsa_settings():
            inside.wait()
        first_out.set()

    def second() -> None:
        with net.pypsa_settings():
            inside.wait()
            first_out.wait()
            seen.append(_state())

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert seen == [(False, dict.fromkeys(LOGGERS, logging.ERROR))]
    assert _state() == before


def test_a_ground_simulate_leaves_the_root_logger_alone() -> None:
    """``pypsa.Network()`` calls ``logging.basicConfig(level=INFO)``, which on a fresh
    interpreter gives the root logger a stderr handler at INFO for good (Dask's INFO lines then
    flood a sweep's terminal, issue #14 item 5). Building and solving a plant leaves the root
    logger's handlers and level as they were."""
    code = textwrap.dedent(
        """
        import logging, warnings
        warnings.simplefilter("ignore")
        import wattflop
        from wattflop.result_cache import bypass

        before = (list(logging.root.handlers), logging.root.level)
        sc = wattflop.load_scenario("ground-1gw-memphis")
        assert before == ([], logging.WARNING), before
        with bypass():  # a solve, whatever the cache holds
            r = wattflop.simulate(sc)
        assert r.get("ground.solver.used")
        assert (list(logging.root.handlers), logging.root.level) == before
        print("ok")
        """
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip() == "ok"

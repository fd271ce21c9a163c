"""The compute budget of the commands that simulate satellites over time (issue #16, item 2):
``constellation`` (shells × steps, close-approach pairs, a formation's lattice) and every
orbital run (a year of steps: ``run``, ``compare``, ``breakeven``, ``what-it-takes`` …).

Each input below used to run for minutes without an estimate or die in numpy asking for
petabytes; now it is refused before the work starts, with the estimate and the option that
allows it. The wall-clock bounds are hang detectors, not speed goals.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from wattflop import budget as bud
from wattflop.cli import app
from wattflop.constellation import formation, links, propagate, shells
from wattflop.constellation import site as csite
from wattflop.constellation.scenario import load_constellation, parse_constellation
from wattflop.orbit import site as osite
from wattflop.orbit.inputs import year_inputs
from wattflop.scenario import OrbitScenario, load_scenario

REPO = Path(__file__).resolve().parents[1]
SCENARIOS = REPO / "scenarios"
WALKER = SCENARIOS / "constellation-walker-550km.yaml"
FORMATION = SCENARIOS / "constellation-81-formation-650km.yaml"
ORBIT = SCENARIOS / "orbit-1gw-dawn-dusk-650km.yaml"
GROUND = SCENARIOS / "ground-1gw-memphis.yaml"
#: Relative agreement of a propagation taken in spans with the same in one span.
SPAN_RTOL = 1e-9
#: A refusal comes back within this (the work it refuses took > 150 s or raised in numpy).
HANG_S = 30.0


def _cli(*args: str) -> tuple[int, str, float]:
    t0 = time.perf_counter()
    r = CliRunner().invoke(app, list(args))
    return r.exit_code, r.output, time.perf_counter() - t0


def _edit(tmp_path: Path, src: Path, **sections: dict[str, object]) -> Path:
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    for key, values in sections.items():
        if key == "shell":
            data["shells"][0].update(values)
        else:
            data.setdefault(key, {}).update(values)
    f = tmp_path / src.name
    f.write_text(yaml.safe_dump(data), encoding="utf-8")
    return f


# ---------------------------------------------------------------------------------------
# wattflop constellation
# ---------------------------------------------------------------------------------------


def test_a_walker_shell_of_1e7_satellites_is_refused_on_memory(tmp_path: Path) -> None:
    f = _edit(tmp_path, WALKER, shell={"satellites": 10_000_000, "planes": 1_000, "phasing": 1})
    code, output, seconds = _cli("constellation", str(f), "--out", str(tmp_path / "o"))
    assert code == 2, output
    assert "10,000,000 satellites × 1,440 steps" in output and "GiB of memory" in output
    assert "--max-memory" in output and "Traceback" not in output
    assert seconds < HANG_S and not (tmp_path / "o").exists()  # it ran > 150 s before


def test_a_year_at_1s_steps_of_1584_satellites_asks_for_yes(tmp_path: Path) -> None:
    f = _edit(tmp_path, WALKER, propagation={"time_step": "1 s", "duration": "366 day"})
    code, output, seconds = _cli("constellation", str(f), "--out", str(tmp_path / "o"))
    assert code == 2, output
    assert "1,584 satellites × 31,622,400 steps" in output and "--yes" in output
    # 1,584 × 31,622,400 satellite-steps × 25 ns (conical shadow)
    assert "would take about 21 min" in output
    assert seconds < HANG_S and not (tmp_path / "o").exists()


def test_a_formation_at_1mm_spacing_is_refused_not_a_numpy_error(tmp_path: Path) -> None:
    f = _edit(tmp_path, FORMATION, formation={"radius": "100 km", "spacing": "1 mm"})
    code, output, seconds = _cli("constellation", str(f), "--out", str(tmp_path / "o"))
    assert code == 2, output
    assert "a formation of up to 7.85e+15 satellites (100 km radius at 1 mm spacing)" in output
    assert "PiB of memory" in output and "no machine has that much memory" in output
    assert "formation.spacing" in output and "Traceback" not in output
    assert seconds < HANG_S


def test_max_memory_lets_a_big_shell_through_to_its_time_check(tmp_path: Path) -> None:
    """--max-memory moves the refusal to the time estimate (and --yes would run it)."""
    if bud.available_memory() < 8 * bud.GIB:
        pytest.skip("needs a machine with 8 GiB available")
    f = _edit(tmp_path, WALKER, shell={"satellites": 10_000_000, "planes": 1_000, "phasing": 1})
    one = dict(yaml.safe_load(f.read_text(encoding="utf-8")))
    one["propagation"] = {"time_step": "10 s", "duration": "7 day"}
    f.write_text(yaml.safe_dump(one), encoding="utf-8")
    code, output, _ = _cli(
        "constellation", str(f), "--out", str(tmp_path / "o"), "--max-memory", "8GiB"
    )
    assert code == 2 and "would take about" in output and "--yes" in output, output


def test_constellation_estimate_follows_its_inputs() -> None:
    sc = load_constellation(WALKER)
    est = csite.estimate(sc)
    n, steps = 1_584, 1_440
    memory = n * csite._BYTES_PER_SATELLITE + steps * csite._BYTES_PER_STEP
    memory += csite.expected_pairs(sc) * csite._BYTES_PER_PAIR
    assert est.memory == pytest.approx(memory)
    seconds = n * steps * csite._SECONDS_PER_SAT_STEP["conical"] + n * csite._SECONDS_PER_SATELLITE
    seconds += csite.expected_pairs(sc) * csite._SECONDS_PER_PAIR
    assert est.seconds == pytest.approx(seconds)


def test_expected_pairs_is_the_uniform_count_times_clumping() -> None:
    """N²/2 pairs, each within r with probability r²/4R² (Archimedes: a cap of chord r is
    πr² of the sphere's 4πR²), over the screening instants."""
    sc = load_constellation(WALKER)
    r, big_r = sc.links.close_approach_radius, 6_378_137.0 + 550e3
    uniform = 1_584 * 1_583 / 2 * r**2 / (4 * big_r**2)
    assert csite.expected_pairs(sc) == pytest.approx(uniform * 4.0 * csite.SCREEN_INSTANTS)


def test_the_pairs_found_stay_below_the_expected_pairs() -> None:
    """The estimate errs high on a shell dense enough to have pairs (10⁵ satellites, 30 km)."""
    raw = yaml.safe_load(WALKER.read_text(encoding="utf-8"))
    raw["shells"][0].update(satellites=100_000, planes=1_000, phasing=1)
    raw["links"]["close_approach_radius"] = "30 km"
    sc = parse_constellation(raw)
    c = csite.build_shells(sc)
    assert c is not None
    pos = np.asarray(propagate.propagate_positions(c, step_s=60.0, n_steps=1).position_m[:, :, 0])
    pairs, _ = links.close_approaches(pos.astype(np.float64), 30e3)
    assert 0 < pairs.shape[0] * csite.SCREEN_INSTANTS < csite.expected_pairs(sc)


@pytest.mark.parametrize(
    ("radius", "spacing"), [(1e3, 100.0), (1e3, 50.0), (3e3, 70.0), (0.5e3, 120.0)]
)
def test_lattice_size_bounds_the_satellites_kept(radius: float, spacing: float) -> None:
    raw = yaml.safe_load(FORMATION.read_text(encoding="utf-8"))
    raw["formation"].update(radius=f"{radius} m", spacing=f"{spacing} m")
    f = parse_constellation(raw).formation
    assert f is not None
    points, bound = csite.lattice_size(f)
    n = formation.lattice_cluster(radius_m=radius, spacing_m=spacing).n_satellites
    rho = radius / (2 * spacing)
    assert n <= bound <= points and bound < math.pi * rho**2 * 1.5 + 10


def test_bundled_constellations_and_orbits_fit_the_default_budget() -> None:
    for f in sorted(SCENARIOS.glob("constellation-*.yaml")):
        est = csite.estimate(load_constellation(f))
        bud.check(est, bud.Budget())
        assert est.memory < 100 * 2**20 and est.seconds < 10, f.name
    for f in sorted(SCENARIOS.glob("orbit-*.yaml")):
        sc = load_scenario(f)
        assert isinstance(sc, OrbitScenario)
        est = osite.year_estimate(sc.orbit.time_step)
        bud.check(est, bud.Budget(adjustable=False))
        assert est.memory < 200 * 2**20, f.name


# ---------------------------------------------------------------------------------------
# The streamed propagation and the formation: same answers, bounded memory, progress
# ---------------------------------------------------------------------------------------


def _walker(n: int = 600) -> shells.Constellation:
    return shells.walker(
        total=n,
        planes=20,
        phasing=1,
        altitude_m=550e3,
        inclination_rad=np.radians(53.0),
        epoch=np.datetime64("2027-03-01T00:00:00", "ns"),
    )


@pytest.mark.parametrize("shadow", ["conical", "cylindrical"])
def test_spans_of_steps_carry_sums_and_eclipses_over(
    monkeypatch: pytest.MonkeyPatch, shadow: propagate.Shadow
) -> None:
    c = _walker()
    whole = propagate.sunlit_aggregates(c, step_s=30.0, n_steps=2_000, shadow=shadow)
    monkeypatch.setattr(propagate, "TIME_CHUNK", 333)  # spans that cut eclipses in two
    seen: list[int] = []
    spans = propagate.sunlit_aggregates(
        c, step_s=30.0, n_steps=2_000, shadow=shadow, progress=seen.append
    )
    # the angle tables restart at each span: positions differ in the last bits, which the
    # penumbra's steep visible fraction magnifies (measured 9e-12 relative on the mean)
    np.testing.assert_allclose(spans.sunlit_fraction, whole.sunlit_fraction, rtol=SPAN_RTOL)
    np.testing.assert_allclose(spans.insolation_j_m2, whole.insolation_j_m2, rtol=SPAN_RTOL)
    assert np.array_equal(spans.longest_eclipse_s, whole.longest_eclipse_s)
    assert np.array_equal(spans.eclipses, whole.eclipses) and whole.eclipses.max() > 0
    assert seen[-1] == 600 * 2_000 and seen == sorted(seen)


def test_blocks_of_satellites_give_the_same_bits(monkeypatch: pytest.MonkeyPatch) -> None:
    c = _walker(3_000)
    whole = propagate.sunlit_aggregates(c, step_s=60.0, n_steps=500)
    monkeypatch.setattr(propagate, "WORK_CHUNK", 1)  # one kernel task per thread per call
    seen: list[int] = []
    blocks = propagate.sunlit_aggregates(c, step_s=60.0, n_steps=500, progress=seen.append)
    assert np.array_equal(blocks.sunlit_fraction, whole.sunlit_fraction)
    assert np.array_equal(blocks.insolation_j_m2, whole.insolation_j_m2)
    assert len(seen) > 1 and seen[-1] == 3_000 * 500


def test_unique_pairs_is_numpys_unique_rows() -> None:
    rng = np.random.default_rng(1)
    e = np.sort(rng.integers(0, 50, size=(400, 2)), axis=1)
    assert np.array_equal(links.unique_pairs(e, 50), np.unique(e, axis=0))


def test_formation_closest_pair_is_the_all_pairs_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    cl = formation.lattice_cluster(radius_m=1e3, spacing_m=50.0)  # 317 satellites
    nd = formation.neighbour_distances(cl)
    r, _ = formation.hcw_propagate(cl.position_m, cl.velocity_m_s, cl.n_rad_s, nd.t_s)
    iu = np.triu_indices(cl.n_satellites, 1)
    brute = min(
        float(np.sqrt(np.sum((r[:, None, :, k] - r[None, :, :, k]) ** 2, axis=2))[iu].min())
        for k in range(nd.t_s.size)
    )  # every pair at every step (what it did before: 0.9 GB at once for 317 satellites)
    assert nd.min_any_pair_m == pytest.approx(brute, rel=1e-12)
    monkeypatch.setattr(formation, "BLOCK", 1_000)  # three steps per block
    seen: list[int] = []
    blocked = formation.neighbour_distances(cl, progress=seen.append)
    assert np.array_equal(blocked.distance_m, nd.distance_m)
    assert blocked.min_any_pair_m == nd.min_any_pair_m and seen[-1] == 361


def test_simulate_constellation_reports_progress_to_its_total() -> None:
    seen: list[tuple[int, int]] = []
    csite.simulate_constellation(
        load_constellation(WALKER), progress=lambda d, n: seen.append((d, n))
    )
    done = [d for d, _ in seen]
    assert done == sorted(done) and len(seen) > 3
    assert {n for _, n in seen} == {seen[0][1]} and 0.5 * seen[0][1] < done[-1] <= seen[0][1]


# ---------------------------------------------------------------------------------------
# Orbital runs: a year of steps
# ---------------------------------------------------------------------------------------


def _orbit_at(tmp_path: Path, step: str) -> Path:
    text = ORBIT.read_text(encoding="utf-8").replace("time_step: 60 s", f"time_step: {step}")
    assert f"time_step: {step}" in text
    f = tmp_path / "orbit.yaml"
    f.write_text(text, encoding="utf-8")
    return f


def test_run_of_a_year_at_1s_steps_is_refused_with_its_estimate(tmp_path: Path) -> None:
    f = _orbit_at(tmp_path, "1 s")
    code, output, seconds = _cli("run", str(f), "--out", str(tmp_path / "o"), "--no-report")
    assert code == 2, output
    # 31,536,000 steps × 256 B
    assert "a year of 31,536,000 orbit steps" in output and "7.5 GiB" in output
    assert "--max-memory 8GiB" in output and "orbit.time_step (4 s or more" in output
    assert seconds < HANG_S and not (tmp_path / "o").exists()


def test_commands_without_the_options_are_refused_at_the_orbit_year(tmp_path: Path) -> None:
    """compare (like breakeven, what-it-takes, learning, claims, sweeps) meets the default
    budget where the year is computed; its message names the input and `wattflop run`."""
    f = _orbit_at(tmp_path, "1 s")
    code, output, seconds = _cli("compare", str(f), str(GROUND), "--out", str(tmp_path / "o"))
    assert code == 2, output
    assert "31,536,000 orbit steps" in output and "coarser orbit.time_step" in output
    assert "fix: --max-memory" not in output and "`wattflop run` takes --max-memory" in output
    assert seconds < HANG_S


def test_the_orbit_year_estimate_and_where_it_is_checked() -> None:
    est = osite.year_estimate(1.0)
    assert est.memory == 31_536_000 * osite.YEAR_BYTES_PER_STEP
    assert est.seconds == pytest.approx(31_536_000 * osite.YEAR_SECONDS_PER_STEP)
    sc = load_scenario(ORBIT)
    assert isinstance(sc, OrbitScenario)
    fine = replace(year_inputs(sc).orbit, time_step=1.0)  # as a sampled or swept key would
    with pytest.raises(bud.BudgetError, match="31,536,000 orbit steps") as info:
        osite.orbit_geometry(fine)
    assert "--max-memory 8GiB" not in str(info.value)  # the web's budget: no option to name
    if bud.available_memory() > 9 * bud.GIB:  # the user's budget lets it through the check
        bud.check(est, bud.Budget(max_memory=8 * bud.GIB))

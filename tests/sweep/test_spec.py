"""Sweep files, sampling and case ids (no cluster).

Sampling is checked against its definitions: a grid is the Cartesian product of evenly
spaced points (numpy ``linspace``/``geomspace``); a Latin hypercube of n samples uses each of
the n equal strata of every range exactly once (McKay, Beckman & Conover 1979,
Technometrics 21:239); random draws are uniform within the range.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wattflop.scenario.keys import load_raw
from wattflop.sweep import SweepError, load_sweep, plan
from wattflop.sweep.cases import canonical_base, case_id
from wattflop.sweep.spec import parse_sweep

Writer = Callable[..., Path]
ROOT = Path(__file__).resolve().parents[2]
ORBIT = ROOT / "scenarios" / "orbit-20mw-inclined-550km.yaml"


def test_bundled_sweeps_plan() -> None:
    counts = {
        "orbit-design-space": 48,
        "orbit-latin-hypercube": 64,
        "ground-gas-grid": 6,
        "ground-monte-carlo": 24,
    }
    for name, n in counts.items():
        p = plan(load_sweep(ROOT / "sweeps" / f"{name}.yaml"))
        assert len(p.cases) == n, name
        assert len({c.id for c in p.cases}) == n


def test_grid_is_the_product_of_linspace_and_geomspace(tmp_path: Path, write_sweep: Writer) -> None:
    f = write_sweep(
        tmp_path,
        vary={
            "orbit.altitude": {"from": "500 km", "to": "800 km", "steps": 4},
            "launch.price_per_kg": {"from": 10, "to": 1000, "steps": 3, "scale": "log"},
            "workload.accelerator": ["H100-SXM", "GB200"],
        },
        outputs=["cost.usd_per_eflop"],
    )
    p = plan(load_sweep(f))
    assert len(p.cases) == 4 * 3 * 2
    alt = sorted({c.values["orbit.altitude"] for c in p.cases})
    price = sorted({c.values["launch.price_per_kg"] for c in p.cases})
    np.testing.assert_allclose(alt, np.linspace(500, 800, 4), rtol=1e-15)
    np.testing.assert_allclose(price, [10, 100, 1000], rtol=1e-12)
    assert [c.unit for c in p.inputs] == ["km", "USD/kg", ""]
    assert [c.kind for c in p.inputs] == ["float", "float", "str"]


def test_units_are_read_like_a_scenario(tmp_path: Path, write_sweep: Writer) -> None:
    """'650000 m', '650 km' and a bare 650 (display unit km) are one value: one case, one id."""
    f = write_sweep(
        tmp_path,
        vary={"orbit.altitude": ["650 km", 650, "650000 m"]},
        outputs=["cost.usd_per_eflop"],
    )
    p = plan(load_sweep(f))
    assert len(p.cases) == 1 and p.duplicates == 2
    assert p.cases[0].values["orbit.altitude"] == pytest.approx(650.0, rel=1e-15)
    temps = write_sweep(
        tmp_path,
        "t.yaml",
        vary={"satellite.radiator.temperature": ["293.15 K", "20 degC"]},
        outputs=["cost.usd_per_eflop"],
    )
    q = plan(load_sweep(temps))
    assert len(q.cases) == 1
    assert q.cases[0].values["satellite.radiator.temperature"] == pytest.approx(20.0, abs=1e-9)


@settings(max_examples=25)
@given(n=st.integers(1, 40), seed=st.integers(0, 2**31 - 1), log=st.booleans())
def test_latin_hypercube_uses_every_stratum_once(n: int, seed: int, log: bool) -> None:
    """McKay et al. (1979): with n samples each of the n equal strata of a range holds exactly
    one value (in log space for a log range); the list key's values are drawn by stratified
    index, so each of its k values appears n/k times, less than 2 off (a stratum that
    straddles a boundary between values can fall either side)."""
    lo, hi = 100.0, 3000.0
    spec = {
        "name": "lhs",
        "base": str(ORBIT),
        "sampling": "latin_hypercube",
        "samples": n,
        "seed": seed,
        "vary": {
            "launch.price_per_kg": {"from": lo, "to": hi, "scale": "log" if log else "linear"},
            "orbit.altitude": {"from": 500, "to": 900},
            "workload.accelerator": ["H100-SXM", "GB200", "B200"],
        },
        "outputs": ["cost.usd_per_eflop"],
    }
    p = plan(parse_sweep(spec))
    assert len(p.cases) == n
    x = np.array([c.values["launch.price_per_kg"] for c in p.cases])
    u = (np.log(x / lo) / np.log(hi / lo)) if log else (x - lo) / (hi - lo)
    strata = np.minimum((u * n).astype(int), n - 1)
    assert sorted(strata) == list(range(n))
    a = np.array([c.values["orbit.altitude"] for c in p.cases])
    assert sorted(np.minimum(((a - 500) / 400 * n).astype(int), n - 1)) == list(range(n))
    names = [c.values["workload.accelerator"] for c in p.cases]
    counts = [names.count(k) for k in ("H100-SXM", "GB200", "B200")]
    assert all(abs(k - n / 3) < 2 for k in counts)


def test_random_is_seeded_and_in_range(tmp_path: Path, write_sweep: Writer) -> None:
    def draw(seed: int) -> list[float]:
        f = write_sweep(
            tmp_path,
            f"r{seed}.yaml",
            sampling="random",
            samples=200,
            seed=seed,
            vary={"orbit.altitude": {"from": "500 km", "to": "900 km"}},
            outputs=["cost.usd_per_eflop"],
        )
        return [float(c.values["orbit.altitude"]) for c in plan(load_sweep(f)).cases]

    a, b, c = draw(1), draw(1), draw(2)
    assert a == b and a != c
    assert 500 <= min(a) and max(a) <= 900
    # uniform: the mean of 200 draws lies within 4 standard errors of the midpoint
    assert abs(np.mean(a) - 700) < 4 * (400 / np.sqrt(12)) / np.sqrt(200)


def test_list_sampling_pairs_values(tmp_path: Path, write_sweep: Writer) -> None:
    f = write_sweep(
        tmp_path,
        sampling="list",
        vary={"orbit.altitude": [500, 600, 700], "launch.price_per_kg": [100, 200, 300]},
        outputs=["cost.usd_per_eflop"],
    )
    pairs = [tuple(c.values.values()) for c in plan(load_sweep(f)).cases]
    assert pairs == [(500.0, 100.0), (600.0, 200.0), (700.0, 300.0)]
    bad = write_sweep(
        tmp_path,
        "bad.yaml",
        sampling="list",
        vary={"orbit.altitude": [500, 600], "launch.price_per_kg": [100]},
        outputs=["cost.usd_per_eflop"],
    )
    with pytest.raises(SweepError, match="lists of one length"):
        plan(load_sweep(bad))


# ---------------------------------------------------------------------------------------
# Errors: every one names the file, the line and the key, before anything runs
# ---------------------------------------------------------------------------------------

BAD = """\
name: bad
base: {base}
sampling: grid
vary:
  orbit.altitud: [500, 600]
  satellite.radiator.temperature: {{from: 20 degC, to: 20 degC, steps: 3}}
  launch.price_per_kg: {{from: 100 km, to: 200, steps: 2}}
  workload.accelerator: [H100-SXMM]
  orbit.inclination: {{fro: 10, to: 50, steps: 2}}
  satellite.it_power: []
outputs: [cost.usd_per_eflop]
"""


def test_bad_sweep_reports_every_problem_with_its_line(tmp_path: Path) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(BAD.format(base=ORBIT), encoding="utf-8")
    with pytest.raises(SweepError) as info:
        plan(load_sweep(f))
    # the structure first: a range key misspelt (line 9)
    text = str(info.value)
    assert f"{f}:9: vary.orbit.inclination.fro: unknown key 'fro'" in text
    assert "did you mean 'from'?" in text
    f.write_text(BAD.format(base=ORBIT).replace("fro:", "from:"), encoding="utf-8")
    with pytest.raises(SweepError) as info:
        plan(load_sweep(f))
    text = str(info.value)
    assert f"{f}:5: vary.orbit.altitud: unknown key 'altitud'" in text
    assert "did you mean 'orbit.altitude'?" in text
    assert f"{f}:6: vary.satellite.radiator.temperature: empty range" in text
    assert f"{f}:7: vary.launch.price_per_kg: '100 km' has dimension length" in text
    assert f"{f}:8: vary.workload.accelerator: unknown accelerator 'H100-SXMM'" in text
    assert "did you mean 'H100-SXM'?" in text
    assert f"{f}:10: vary.satellite.it_power: empty list" in text
    assert len(info.value.problems) == 5


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ({"vary": {"orbit.altitude": {"from": 500, "to": 600}}}, "a range in a grid needs 'steps'"),
        ({"vary": {"orbit.altitude": {"from": 500, "to": 600, "steps": 1}}}, "steps must be ≥ 2"),
        ({"vary": {"orbit.altitude": {"from": 600, "to": 500, "steps": 2}}}, "reversed range"),
        ({"vary": {"orbit.altitude": [50]}}, "orbit.altitude"),
        ({"vary": {"workload.accelerator": {"from": 1, "to": 2, "steps": 2}}}, "numeric key"),
        ({"vary": {}}, "at least one key to vary"),
        ({"sampling": "random", "vary": {"orbit.altitude": [500]}}, "needs 'samples'"),
        ({"samples": 3, "vary": {"orbit.altitude": [500]}}, "'samples' applies to"),
        ({"vary": {"orbit.altitude": 500}}, "expected a list of values, a range or a distribution"),
        ({"base": "missing.yaml", "vary": {"orbit.altitude": [500]}}, "scenario file not found"),
        (
            {"vary": {"orbit.altitude": [500]}, "outputs": {"status": "cost.usd_per_eflop"}},
            "reserved",
        ),
    ],
)
def test_bad_entries(
    tmp_path: Path, entries: dict[str, object], message: str, write_sweep: Writer
) -> None:
    data: dict[str, object] = {"outputs": ["cost.usd_per_eflop"]} | entries
    f = write_sweep(tmp_path, **data)
    with pytest.raises(SweepError, match=message.replace("(", r"\(")):
        plan(load_sweep(f))


def test_missing_sweep_file_suggests_a_neighbour(tmp_path: Path, write_sweep: Writer) -> None:
    write_sweep(tmp_path, "orbit.yaml", vary={"orbit.altitude": [500]}, outputs=["x"])
    with pytest.raises(SweepError, match="did you mean"):
        load_sweep(tmp_path / "orbt.yaml")


# ---------------------------------------------------------------------------------------
# Case ids
# ---------------------------------------------------------------------------------------


def test_ids_are_stable_and_follow_content(tmp_path: Path, write_sweep: Writer) -> None:
    vary = {"orbit.altitude": [500, 600]}
    a = plan(load_sweep(write_sweep(tmp_path, "a.yaml", vary=vary, outputs=["x.y"])))
    b = plan(load_sweep(write_sweep(tmp_path, "b.yaml", vary=vary, outputs=["cost.y"])))
    assert [c.id for c in a.cases] == [c.id for c in b.cases]  # outputs do not change inputs
    assert a.fingerprint != b.fingerprint  # but make another sweep
    # the base scenario copied elsewhere, its values respelt: same content, same ids
    other = tmp_path / "elsewhere"
    other.mkdir()
    text = ORBIT.read_text(encoding="utf-8").replace("altitude: 550 km", "altitude: 550000 m")
    (other / "base.yaml").write_text(text, encoding="utf-8")
    c = plan(load_sweep(write_sweep(other, vary=vary, outputs=["x.y"], base="base.yaml")))
    assert [x.id for x in c.cases] == [x.id for x in a.cases]
    # a changed base value (not varied) changes every id
    (other / "base.yaml").write_text(text.replace("thickness: 5 mm", "thickness: 6 mm"))
    d = plan(load_sweep(write_sweep(other, vary=vary, outputs=["x.y"], base="base.yaml")))
    assert not {x.id for x in d.cases} & {x.id for x in a.cases}
    # the boundary is part of the content
    e = plan(load_sweep(write_sweep(tmp_path, "e.yaml", vary=vary, outputs=["x.y"],
                                    boundary="energy_only")))  # fmt: skip
    assert not {x.id for x in e.cases} & {x.id for x in a.cases}


def test_case_id_depends_on_every_value() -> None:
    base = canonical_base(load_raw(ORBIT))
    ids = {
        case_id(base, {"orbit.altitude": 500.0}),
        case_id(base, {"orbit.altitude": 500.0000001}),
        case_id(base, {"orbit.altitude": 500.0, "launch.price_per_kg": 1.0}),
    }
    assert len(ids) == 3
    assert case_id(base, {"a": 1.0, "b": 2.0}) == case_id(base, {"b": 2.0, "a": 1.0})


# ---------------------------------------------------------------------------------------
# Sampling from the scenario's own distributions
# ---------------------------------------------------------------------------------------

GROUND = ROOT / "scenarios" / "ground-1gw-memphis.yaml"


def test_distributions_follow_the_scenario(tmp_path: Path, write_sweep: Writer) -> None:
    """The ground scenario's fuel price is triangular(2.19, 3.52, 6.0) USD/MMBtu: 2,000
    draws pass a Kolmogorov-Smirnov test against scipy.stats.triang at the 1 % level; a
    vary entry written as a distribution (uniform) joins them, the same way."""
    from scipy import stats

    f = write_sweep(
        tmp_path,
        base=str(GROUND),
        sampling="distributions",
        samples=2000,
        seed=12,
        vary={"plant.grid.connection_limit": "uniform(100, 300) MW"},
        outputs=["cost.usd_per_eflop"],
    )
    p = plan(load_sweep(f))
    keys = [c.key for c in p.inputs]
    assert keys[0] == "plant.grid.connection_limit"
    assert {"plant.gas_turbines.fuel_price", "plant.gas_turbines.capex", "facility.capex"} <= set(
        keys
    )
    fuel = np.array([c.values["plant.gas_turbines.fuel_price"] for c in p.cases])
    lo, mode, hi = 2.19, 3.52, 6.0
    ref = stats.triang(c=(mode - lo) / (hi - lo), loc=lo, scale=hi - lo)
    assert stats.kstest(fuel, ref.cdf).pvalue > 0.01
    grid = np.array([c.values["plant.grid.connection_limit"] for c in p.cases])  # MW
    assert stats.kstest(grid, stats.uniform(100, 200).cdf).pvalue > 0.01
    # a different seed: other draws
    g = write_sweep(
        tmp_path, "g.yaml", base=str(GROUND), sampling="distributions", samples=5, seed=12,
        outputs=["cost.usd_per_eflop"],
    )  # fmt: skip
    assert {c.id for c in plan(load_sweep(g)).cases}.isdisjoint({c.id for c in p.cases[:5]})


def test_distribution_errors(tmp_path: Path, write_sweep: Writer) -> None:
    f = write_sweep(
        tmp_path,
        sampling="distributions",
        samples=3,
        vary={"orbit.altitude": "triangle(500, 600, 700)"},
        outputs=["cost.usd_per_eflop"],
    )
    with pytest.raises(SweepError, match="did you mean 'triangular'"):
        plan(load_sweep(f))
    g = write_sweep(
        tmp_path,
        "g.yaml",
        sampling="distributions",
        samples=3,
        outputs=["cost.usd_per_eflop"],
    )  # the 20 MW scenario has no uncertainty section, and nothing is varied
    with pytest.raises(SweepError, match=r"no uncertainty\.distributions"):
        plan(load_sweep(g))
    h = write_sweep(
        tmp_path, "h.yaml", vary={"orbit.altitude": "uniform(500, 600)"}, outputs=["c.d"]
    )
    with pytest.raises(SweepError, match="use sampling: distributions"):
        plan(load_sweep(h))

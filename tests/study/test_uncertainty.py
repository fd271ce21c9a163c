"""Monte Carlo: distributions against scipy, the vectorised models against full runs, the
deterministic case inside its own distribution, and clear errors for bad input."""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats
from typer.testing import CliRunner

from wattflop.cli import app
from wattflop.errors import ScenarioError
from wattflop.orbit.satellite import spares_and_availability
from wattflop.scenario import parse_scenario
from wattflop.scenario.keys import get_key, key_spec, load_raw, set_key
from wattflop.study import uncertainty as unc

SCENARIOS = Path(__file__).parents[2] / "scenarios"
ORBIT = SCENARIOS / "orbit-1gw-dawn-dusk-650km.yaml"
GROUND = SCENARIOS / "ground-1gw-memphis.yaml"


@pytest.fixture(scope="module")
def orbit_raw() -> dict[str, Any]:
    return load_raw(ORBIT)


@pytest.fixture(scope="module")
def ground_raw() -> dict[str, Any]:
    return load_raw(GROUND)


def _with(raw: dict[str, Any], dists: dict[str, str], **kw: Any) -> dict[str, Any]:
    out = copy.deepcopy(raw)
    out["uncertainty"] = {"distributions": dists, **kw}
    return out


def _dist(raw: dict[str, Any], key: str, text: str) -> unc.Distribution:
    return unc.parse_distribution(key, text, key_spec(raw, key))


# ---------------------------------------------------------------------------------------
# Distributions: quantile functions against scipy.stats (independent implementation)
# ---------------------------------------------------------------------------------------

U = st.floats(1e-9, 1 - 1e-9)
POS = st.floats(0.01, 1e4)


@given(u=U, lo=POS, a=st.floats(0, 1), w=st.floats(1e-3, 1e3))
def test_triangular_matches_scipy(
    orbit_raw: dict[str, Any], u: float, lo: float, a: float, w: float
) -> None:
    mode, hi = lo + a * w, lo + w
    d = _dist(orbit_raw, "launch.price_per_kg", f"triangular({lo!r}, {mode!r}, {hi!r}) USD/kg")
    ref = stats.triang(c=(mode - lo) / w, loc=lo, scale=w).ppf(u)
    assert d.ppf(np.array([u]))[0] == pytest.approx(ref, rel=1e-9, abs=1e-9 * w)


@given(u=U, m=POS, sd=st.floats(1e-3, 1e3))
def test_normal_and_truncated_normal_match_scipy(
    orbit_raw: dict[str, Any], u: float, m: float, sd: float
) -> None:
    key = "catalog.accelerators.GB200.system_price"
    d = _dist(orbit_raw, key, f"normal({m!r}, {sd!r}) USD")
    assert d.ppf(np.array([u]))[0] == pytest.approx(
        stats.norm(m, sd).ppf(u), rel=1e-9, abs=1e-9 * sd
    )
    lo, hi = m - sd, m + 2 * sd
    t = _dist(orbit_raw, key, f"normal({m!r}, {sd!r}, {lo!r}, {hi!r}) USD")
    ref = stats.truncnorm((lo - m) / sd, (hi - m) / sd, loc=m, scale=sd).ppf(u)
    assert t.ppf(np.array([u]))[0] == pytest.approx(ref, rel=1e-7, abs=1e-7 * sd)


@given(u=U, med=POS, gsd=st.floats(1.0001, 10), lo=POS, ratio=st.floats(1.001, 1e4))
def test_lognormal_and_loguniform_match_scipy(
    orbit_raw: dict[str, Any], u: float, med: float, gsd: float, lo: float, ratio: float
) -> None:
    key = "launch.price_per_kg"
    d = _dist(orbit_raw, key, f"lognormal({med!r}, {gsd!r}) USD/kg")
    assert d.ppf(np.array([u]))[0] == pytest.approx(
        stats.lognorm(s=math.log(gsd), scale=med).ppf(u), rel=1e-9
    )
    g = _dist(orbit_raw, key, f"loguniform({lo!r}, {lo * ratio!r}) USD/kg")
    assert g.ppf(np.array([u]))[0] == pytest.approx(
        stats.loguniform(lo, lo * ratio).ppf(u), rel=1e-9
    )


def test_units_of_distribution_arguments(ground_raw: dict[str, Any]) -> None:
    """A trailing unit applies to bare numbers; a number may carry its own; bare numbers
    alone are read in the key's shown unit (USD/MMBtu → SI USD/J: 1 MMBtu = 1.055056 GJ)."""
    key = "plant.gas_turbines.fuel_price"
    a = _dist(ground_raw, key, "uniform(2, 4) USD/MMBtu")
    b = _dist(ground_raw, key, "uniform(2 USD/MMBtu, 4 USD/MMBtu)")
    c = _dist(ground_raw, key, "uniform(2, 4)")
    assert a.params == b.params == c.params
    assert a.params[0] == pytest.approx(2 / 1.055056e9, rel=1e-6)


# ---------------------------------------------------------------------------------------
# Sampling
# ---------------------------------------------------------------------------------------


def test_seeded_and_correlated_draws() -> None:
    corr = np.array([[1.0, 0.7], [0.7, 1.0]])
    a = unc.draw_uniforms(20_000, 2, 7, corr)
    assert np.array_equal(a, unc.draw_uniforms(20_000, 2, 7, corr))
    assert not np.array_equal(a, unc.draw_uniforms(20_000, 2, 8, corr))
    # Gaussian copula: Spearman rho_s = (6/π)·asin(ρ/2) (Kruskal 1958)
    rho_s = stats.spearmanr(a[:, 0], a[:, 1]).statistic
    assert rho_s == pytest.approx(6 / math.pi * math.asin(0.35), abs=0.015)
    assert 0.0 < a.min() and a.max() < 1.0


@given(
    n=st.integers(1, 400),
    lam=st.floats(1e-4, 1.0),
    life=st.floats(0.2, 15),
    conf=st.floats(0.5, 0.999),
)
def test_spares_kernel_matches_scipy(n: int, lam: float, life: float, conf: float) -> None:
    """Compiled Poisson quantile and closed-form availability against scipy.stats.poisson and
    a numerical integral of E[max(K(t) − s, 0)] over the life."""
    s, a = spares_and_availability(n, lam, life, conf)
    mean = n * lam * life
    assert int(s) == int(stats.poisson.ppf(conf, mean))
    t = np.linspace(0.0, life, 4001)
    k = np.arange(int(s) + 1)
    mu = n * lam * t
    short = mu - s + np.sum((s - k)[None, :] * stats.poisson.pmf(k[None, :], mu[:, None]), axis=1)
    ref = np.trapezoid(np.clip(1 - short / n, 0, 1), t) / life
    assert float(a) == pytest.approx(ref, abs=1e-6)


# ---------------------------------------------------------------------------------------
# The models against the deterministic runs
# ---------------------------------------------------------------------------------------


def _collapsed(raw: dict[str, Any], keys: list[str]) -> dict[str, str]:
    """Each key's distribution collapsed onto the scenario's own value."""
    out = {}
    forms = ["triangular({v}, {v}, {v})", "uniform({v}, {v})", "normal({v}, 0)",
             "lognormal({v}, 1)", "loguniform({v}, {v})"]  # fmt: skip
    for i, k in enumerate(keys):
        spec = key_spec(raw, k)
        v = repr(get_key(raw, k))
        out[k] = forms[i % len(forms)].format(v=v) + (f" {spec.unit}" if spec.unit else "")
    return out


ORBIT_KEYS = [
    "launch.price_per_kg",
    "catalog.solar_cells.space-silicon.price_per_watt",
    "catalog.accelerators.GB200.failure_rate",
    "satellite.radiator.temperature",
    "economics.discount_rate",
    "satellite.shielding.thickness",
]


def test_collapsed_distributions_reproduce_the_deterministic_orbit_exactly(
    orbit_raw: dict[str, Any],
) -> None:
    from wattflop.orbit.site import simulate_orbit

    raw = _with(orbit_raw, _collapsed(orbit_raw, ORBIT_KEYS), samples=500)
    study = unc.prepare([(raw, "orbit.yaml")])
    y = unc.sample_metric(study)["orbit"]
    det = simulate_orbit(parse_scenario(raw)).get("cost.usd_per_eflop")
    assert np.all(y == det), (y[:3], det)


@pytest.mark.slow
def test_collapsed_both_sides_exact_and_default_study_brackets_deterministic(
    orbit_raw: dict[str, Any], ground_raw: dict[str, Any]
) -> None:
    """Acceptance: collapsed → the deterministic result exactly on both sides; the default
    study's deterministic case lies between its p5 and p95."""
    from wattflop.ground.site import simulate_ground

    g_keys = ["plant.gas_turbines.fuel_price", "facility.capex",
              "catalog.accelerators.GB200.system_price"]  # fmt: skip
    g = _with(ground_raw, _collapsed(ground_raw, g_keys))
    o = _with(orbit_raw, _collapsed(orbit_raw, ORBIT_KEYS[:3]), samples=200)
    study = unc.prepare([(o, "o.yaml"), (g, "g.yaml")])
    y = unc.sample_metric(study)
    det_g = simulate_ground(parse_scenario(g)).get("cost.usd_per_eflop")
    assert np.all(y["ground"] == det_g)
    assert np.all(y["ratio"] == y["orbit"] / det_g)

    mc = unc.monte_carlo([(orbit_raw, "o"), (ground_raw, "g")], samples=20_000, sobol=False)
    y = unc.sample_metric(unc.prepare([(orbit_raw, "o"), (ground_raw, "g")], samples=20_000))
    for name, s in mc.summaries.items():
        # issue #12's sourced ranges skew upward from the defaults (prices, time to power,
        # program costs), so the orbit's deterministic case sits near p5 (p4.6): it must lie
        # inside the body of the distribution, p1–p99, where it is reported
        p1, p99 = np.percentile(y[name], [1, 99])
        assert p1 < s.deterministic < p99, name
        assert s.p5 < s.deterministic < s.p95 or name == "orbit", name
        assert 0.0 < s.deterministic_percentile < 100.0, name
        assert s.standard_error < 0.01 * s.mean
    assert mc.p_orbit_cheaper is not None and 0.0 <= mc.p_orbit_cheaper <= 1.0


def test_vectorised_orbit_matches_full_runs_at_sampled_points(orbit_raw: dict[str, Any]) -> None:
    """The served-share assumption, checked: full simulations (simulated years included) at
    sampled points agree with the vectorised model."""
    dists = {
        "launch.price_per_kg": "triangular(60, 460, 1800) USD/kg",
        "catalog.accelerators.GB200.failure_rate": "lognormal(0.1, 2) 1/yr",
        "satellite.radiator.temperature": "uniform(0, 30) degC",
        "catalog.batteries.li-ion.specific_energy": "uniform(150, 300) W*h/kg",
        "economics.satellite_life": "uniform(3, 8) yr",
    }
    battery = set_key(orbit_raw, "satellite.eclipse_strategy", "battery")
    study = unc.prepare([(_with(battery, dists), "o.yaml")])
    assert unc.audit(study, n=3, seed=5) < 1e-9
    # throttled in eclipse, the served share moves a little with the sampled life (the last
    # simulated year starts later on a more degraded array): the assumption costs < 1e-5
    throttle = set_key(orbit_raw, "satellite.eclipse_strategy", "throttle")
    study = unc.prepare([(_with(throttle, dists), "o.yaml")])
    assert unc.audit(study, n=3, seed=5) < 1e-5


def test_launch_price_is_linear_in_the_sampled_mean(orbit_raw: dict[str, Any]) -> None:
    """Cost per EFLOP is affine in the launch price (per-launch pricing, fixed design), so the
    Monte Carlo mean equals the cost at the distribution's mean: (lo + mode + hi)/3 for a
    triangular distribution. Checked to the standard error."""
    from wattflop.orbit.site import simulate_orbit
    from wattflop.scenario.keys import set_key

    raw = _with(orbit_raw, {"launch.price_per_kg": "triangular(100, 400, 1300) USD/kg"},
                samples=200_000, seed=3)  # fmt: skip
    mc = unc.monte_carlo([(raw, "o")], sobol=False)
    at_mean = simulate_orbit(
        parse_scenario(set_key(orbit_raw, "launch.price_per_kg", "600 USD/kg"))
    )
    s = mc.summaries["orbit"]
    assert s.mean == pytest.approx(at_mean.get("cost.usd_per_eflop"), abs=4 * s.standard_error)


def test_tornado_and_sobol_rank_the_dominant_key(orbit_raw: dict[str, Any]) -> None:
    raw = _with(
        orbit_raw,
        {
            "launch.price_per_kg": "triangular(60, 460, 1800) USD/kg",
            "satellite.radiator.areal_density": "uniform(4.9, 5.1) kg/m^2",
        },
        samples=2000,
    )
    mc = unc.monte_carlo([(raw, "o")], sobol=True)
    assert mc.tornado[0]["key"] == "launch.price_per_kg"
    assert mc.sobol is not None
    s1 = dict(zip(mc.sobol["names"], mc.sobol["S1"], strict=True))
    st_ = dict(zip(mc.sobol["names"], mc.sobol["ST"], strict=True))
    assert s1["launch.price_per_kg"] > 0.95 and st_["satellite.radiator.areal_density"] < 0.02


# ---------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "text", "needle"),
    [
        ("launch.price_per_kg", "triangular(900, 460, 100) USD/kg", "lo 900 > hi 100"),
        ("launch.price_per_kg", "triangular(100, 2000, 900) USD/kg", "mode"),
        ("launch.price_per_kg", "uniform(900, 100) USD/kg", "lo 900 > hi 100"),
        ("launch.price_per_kg", "triangle(1, 2, 3) USD/kg", "did you mean 'triangular'"),
        ("launch.price_per_kg", "uniform(1, 2, 3) USD/kg", "takes 2 numbers"),
        ("launch.price_per_kg", "lognormal(460, 0.5) USD/kg", "gsd 0.5 must be ≥ 1"),
        ("launch.price_per_kg", "loguniform(0, 10) USD/kg", "must be > 0"),
        ("launch.price_per_kg", "uniform(1, 2) kg", "argument 1"),
        ("launch.price_per_kg", "460 USD/kg", "kind(a, b, ...)"),
        ("launch.price_pr_kg", "uniform(1, 2)", "did you mean 'launch.price_per_kg'"),
        ("orbit.altitude", "uniform(500, 700) km", "year of geometry"),
        ("launch.price_per_kg", "normal(460, 400) USD/kg", "samples break the key's bound"),
    ],
)
def test_bad_distributions_are_clear_errors(
    orbit_raw: dict[str, Any], key: str, text: str, needle: str
) -> None:
    raw = _with(orbit_raw, {key: text}, samples=5000)
    with pytest.raises(ScenarioError) as e:
        unc.sample_metric(unc.prepare([(raw, "orbit.yaml")]))
    msg = str(e.value)
    assert needle in msg and "orbit.yaml" in msg and "uncertainty.distributions" in msg, msg


def test_bad_correlations_and_sample_counts(orbit_raw: dict[str, Any]) -> None:
    d = {"launch.price_per_kg": "uniform(100, 900) USD/kg",
         "economics.discount_rate": "uniform(0.05, 0.1)"}  # fmt: skip
    with pytest.raises(ScenarioError, match=r"did you mean 'launch\.price_per_kg'"):
        unc.prepare(
            [
                (
                    _with(
                        orbit_raw,
                        d,
                        correlations=[["launch.price_per_k", "economics.discount_rate", 0.5]],
                    ),
                    "o",
                )
            ]
        )
    with pytest.raises(ScenarioError, match="−1 < rho < 1"):
        unc.prepare(
            [
                (
                    _with(
                        orbit_raw,
                        d,
                        correlations=[["launch.price_per_kg", "economics.discount_rate", 1.5]],
                    ),
                    "o",
                )
            ]
        )
    with pytest.raises(ScenarioError, match=r"uncertainty\.samples"):
        parse_scenario(_with(orbit_raw, d, samples=-5), source="o.yaml")
    with pytest.raises(unc.UncertaintyError, match="positive integer, got -3"):
        unc.prepare([(_with(orbit_raw, d), "o")], samples=-3)


def test_cli_montecarlo_and_its_errors(tmp_path: Path, orbit_raw: dict[str, Any]) -> None:
    import yaml

    runner = CliRunner()
    good = tmp_path / "o.yaml"
    good.write_text(
        yaml.safe_dump(_with(orbit_raw, {"launch.price_per_kg": "uniform(100, 900) USD/kg"}))
    )
    r = runner.invoke(
        app,
        [
            "montecarlo",
            str(good),
            "--samples",
            "2000",
            "--no-sobol",
            "--out",
            str(tmp_path / "out"),
        ],
    )
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / "montecarlo.html").exists() and "P(orbit" not in r.output
    r = runner.invoke(app, ["montecarlo", str(good), "--samples", "-1"])
    assert r.exit_code == 2 and "positive integer" in r.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        yaml.safe_dump(_with(orbit_raw, {"launch.price_per_kg": "uniform(900, 100) USD/kg"}))
    )
    r = runner.invoke(app, ["montecarlo", str(bad), "--out", str(tmp_path / "out2")])
    assert r.exit_code == 2 and "lo 900 > hi 100" in r.output and "Traceback" not in r.output
    # the message points at the line of the distribution in the file
    line = next(
        i for i, t in enumerate(bad.read_text().splitlines(), 1) if "launch.price_per_kg:" in t
    )
    assert f"{bad}:{line}: uncertainty.distributions.launch.price_per_kg" in r.output
    assert not (tmp_path / "out2").exists()


def test_sobol_indices_of_an_additive_linear_model(orbit_raw: dict[str, Any]) -> None:
    """Cost per EFLOP is affine in the launch price and in the cell price, with no cross
    term: for independent uniform inputs the first-order Sobol indices are then
    S1_i = a_i²·Var(x_i) / Σ_j a_j²·Var(x_j), Var = (hi − lo)²/12 (Saltelli et al. 2008,
    *Global Sensitivity Analysis*, §4.1), and S1 = ST. SALib's estimate must match."""
    lo = {"launch.price_per_kg": 100.0, "catalog.solar_cells.space-silicon.price_per_watt": 2.0}
    hi = {"launch.price_per_kg": 1500.0, "catalog.solar_cells.space-silicon.price_per_watt": 30.0}
    units = {
        "launch.price_per_kg": "USD/kg",
        "catalog.solar_cells.space-silicon.price_per_watt": "USD/W",
    }
    dists = {k: f"uniform({lo[k]}, {hi[k]}) {units[k]}" for k in lo}
    study = unc.prepare([(_with(orbit_raw, dists, samples=10), "o")])
    model = study.sites["orbit"]
    base = {kp.paths["orbit"]: np.array([kp.base["orbit"]]) for kp in study.keys}
    var = {}
    for kp in study.keys:
        k, path = kp.dist.key, kp.paths["orbit"]
        ends = [model.evaluate({**base, path: np.array([v])})["usd_per_eflop"][0]
                for v in (lo[k], hi[k])]  # fmt: skip
        slope = (ends[1] - ends[0]) / (hi[k] - lo[k])
        var[k] = slope**2 * (hi[k] - lo[k]) ** 2 / 12.0
    total = sum(var.values())
    s = unc.sobol_indices(study, base_n=2048)
    assert s is not None and s["quantity"] == "orbit"
    for name, s1, st_ in zip(s["names"], s["S1"], s["ST"], strict=True):
        assert s1 == pytest.approx(var[name] / total, abs=0.01), name
        assert st_ == pytest.approx(s1, abs=0.01), name


# ---------------------------------------------------------------------------------------
# Any key can be sampled: keys of the year of geometry are grouped by distinct value
# ---------------------------------------------------------------------------------------


def test_altitude_and_bus_price_sampled_match_full_runs(orbit_raw: dict[str, Any]) -> None:
    """Issue #11 acceptance: a Monte Carlo over ``satellite.bus_price_per_kg`` plus
    ``orbit.altitude`` at 3 distinct values runs the year of geometry once per altitude and
    matches full simulations (simulated years included) at sampled points to 1e-9."""
    dists = {
        "satellite.bus_price_per_kg": "triangular(300, 1000, 3000) USD/kg",
        "orbit.altitude": "choice(550, 600, 650) km",
    }
    study = unc.prepare([(_with(orbit_raw, dists, samples=3000, seed=4), "o.yaml")])
    u = unc.draw_uniforms(3000, 2, 4, study.corr)
    x = study.values(u)
    assert set(np.unique(x[:, 1])) == {550e3, 600e3, 650e3}
    y = study.sites["orbit"].evaluate(study.overrides("orbit", x))["usd_per_eflop"]
    assert np.all(np.isfinite(y))
    # three altitudes give three different costs at the same bus price
    at_price = {alt: y[(x[:, 1] == alt)][0] for alt in (550e3, 600e3, 650e3)}
    assert len(set(at_price.values())) == 3
    assert unc.audit(study, n=6, seed=2) < 1e-9


def test_a_year_key_with_one_value_equals_the_deterministic_run(
    orbit_raw: dict[str, Any],
) -> None:
    """choice(x) of the scenario's own altitude is the deterministic run, exactly."""
    from wattflop.orbit.site import simulate_orbit

    raw = _with(orbit_raw, {"orbit.altitude": "choice(650) km"}, samples=50)
    y = unc.sample_metric(unc.prepare([(raw, "o.yaml")]))["orbit"]
    det = simulate_orbit(parse_scenario(raw)).get("cost.usd_per_eflop")
    assert np.all(y == det)


def test_cell_optics_are_grouped_too(orbit_raw: dict[str, Any]) -> None:
    """A catalogue key of stage A (the cell's efficiency) is sampled by group as well."""
    dists = {"catalog.solar_cells.space-silicon.efficiency": "choice(0.20, 0.24)"}
    study = unc.prepare([(_with(orbit_raw, dists, samples=200), "o.yaml")])
    assert unc.audit(study, n=2, seed=1) < 1e-9


def test_a_continuous_year_key_asks_for_choices(orbit_raw: dict[str, Any]) -> None:
    raw = _with(orbit_raw, {"orbit.altitude": "uniform(500, 700) km"})
    with pytest.raises(ScenarioError, match=r"year of geometry.*\n.*choice\(a, b, c\)"):
        unc.prepare([(raw, "o.yaml")])


def test_too_many_years_are_refused_before_any_run(orbit_raw: dict[str, Any]) -> None:
    many = ", ".join(str(500 + 5 * i) for i in range(40))
    dists = {"orbit.altitude": f"choice({many}) km", "satellite.radiator.tilt": "choice(0, 5) deg"}
    with pytest.raises(ScenarioError, match="80 distinct years of geometry"):
        unc.prepare([(_with(orbit_raw, dists), "o.yaml")])


def test_choice_quantiles() -> None:
    d = unc.Distribution("k", "choice", (1.0, 2.0, 3.0), "choice(1, 2, 3)")
    u = np.array([0.0, 0.33, 0.34, 0.66, 0.67, 0.999999])
    assert list(d.ppf(u)) == [1.0, 1.0, 2.0, 2.0, 3.0, 3.0]
    assert not d.degenerate and unc.Distribution("k", "choice", (2.0,), "").degenerate


def test_inputs_paths_are_scenario_paths(orbit_raw: dict[str, Any]) -> None:
    """Every field of the typed inputs is read from the scenario at its own path, so a sampled
    key's attribute path is the field's path (the builder would fail otherwise)."""
    from wattflop.orbit.inputs import SIZING_PATHS, YEAR_PATHS, orbit_inputs, year_inputs

    sc = parse_scenario(orbit_raw)
    p, y = orbit_inputs(sc), year_inputs(sc)
    for inputs, paths in ((p, SIZING_PATHS), (y, YEAR_PATHS)):
        for path in paths:
            got: Any = inputs
            want: Any = sc
            for part in path:
                if got is None:  # an optional section the scenario leaves out
                    break
                got, want = getattr(got, part), getattr(want, part)
            assert got == want, path


def test_no_distributions_is_a_clear_error(orbit_raw: dict[str, Any], tmp_path: Path) -> None:
    """Issue #16: a scenario with no uncertainty section used to crash the Monte Carlo with
    numpy's "need at least one array to concatenate"; now exit 2 with what to write."""
    import yaml
    from typer.testing import CliRunner

    from wattflop.cli import app

    raw = copy.deepcopy(orbit_raw)
    raw.pop("uncertainty", None)
    with pytest.raises(ScenarioError, match="nothing to sample"):
        unc.prepare([(raw, "o.yaml")])
    f = tmp_path / "o.yaml"
    f.write_text(yaml.safe_dump(raw), encoding="utf-8")
    r = CliRunner().invoke(app, ["montecarlo", str(f), "--out", str(tmp_path / "mc")])
    assert r.exit_code == 2 and "nothing to sample" in r.output and "Traceback" not in r.output


def test_a_pair_correlated_twice_is_an_error() -> None:
    """Issue #16: a duplicated pair was accepted silently (the last one won)."""
    keys = ["a", "b"]
    with pytest.raises(ScenarioError, match=r"correlations.1: correlates b and a again"):
        unc.correlation_matrix(keys, [("a", "b", 0.3), ("b", "a", -0.2)])
    assert unc.correlation_matrix(keys, [("a", "b", 0.3)])[0, 1] == 0.3


@pytest.mark.parametrize(
    ("pair", "expect", "below"),
    [
        (
            "[satellite.bus_price_per_kg, satellite.radiator.price_per_m2, 0.4]",
            "correlations.1: correlates satellite.bus_price_per_kg",
            2,  # the original first pair, after the inserted one and a comment line
        ),
        ("[launch.price_per_kg, economics.discount_rat, 0.3]", "did you mean", 0),
    ],
    ids=["duplicate", "unknown-key"],
)
def test_a_bad_correlation_names_its_file_and_line(
    tmp_path: Path, pair: str, expect: str, below: int
) -> None:
    """Issue #16 item 3: every uncertainty error gives its file and line (the correlations
    were reported against '<scenario>' by montecarlo)."""
    text = ORBIT.read_text(encoding="utf-8")
    head = text.index("  correlations:\n") + len("  correlations:\n")
    text = text[:head] + f"    - {pair}\n" + text[head:]
    line = text[:head].count("\n") + 1  # the inserted pair's line
    f = tmp_path / "mine.yaml"
    f.write_text(text, encoding="utf-8")
    mc = ["montecarlo", str(f), "--samples", "100", "--out", str(tmp_path / "o")]
    for command in (mc, ["validate", str(f)]):
        r = CliRunner().invoke(app, command)
        assert r.exit_code == 2, r.output
        assert expect in r.output and "<scenario>" not in r.output
        assert f"mine.yaml:{line + below}: uncertainty.correlations" in r.output, r.output

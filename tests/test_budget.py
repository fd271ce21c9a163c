"""The compute budget (issue #16, item 2): work that scales with its input is estimated
before it starts and refused, with the estimate and the option that allows it, when it would
not fit; a Monte Carlo of any size streams in chunks with the same draws.

The wall-clock bounds are hang detectors (these inputs used to run for minutes or die
asking for tens of GiB), not speed goals.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from wattflop import budget as bud
from wattflop.cli import app
from wattflop.study import uncertainty as unc

REPO = Path(__file__).resolve().parents[1]
ORBIT = REPO / "scenarios" / "orbit-1gw-dawn-dusk-650km.yaml"
SWEEPS = REPO / "sweeps"


def test_a_fitting_estimate_passes_and_others_name_their_way_out() -> None:
    bud.check(bud.Estimate("small", memory=1e6, seconds=1.0), bud.Budget())
    with pytest.raises(bud.BudgetError, match=r"(?s)needs about 9\.3 GiB.*--max-memory 10GiB"):
        bud.check(bud.Estimate("big", memory=1e10, seconds=1.0, shrink="x"), bud.Budget())
    with pytest.raises(bud.BudgetError, match=r"(?s)about 2\.8 h.*--yes"):
        bud.check(bud.Estimate("long", memory=1.0, seconds=1e4), bud.Budget())
    bud.check(bud.Estimate("long", memory=1.0, seconds=1e4), bud.Budget(yes=True))


def test_max_memory_raises_the_limit_but_not_past_the_machine() -> None:
    free = bud.available_memory()
    est = bud.Estimate("3 GiB", memory=3 * bud.GIB, seconds=0.0)
    if free > 4 * bud.GIB:
        bud.check(est, bud.Budget(max_memory=4 * bud.GIB))
    with pytest.raises(bud.BudgetError, match="this machine has available"):
        bud.check(
            bud.Estimate("all", memory=2 * free, seconds=0.0), bud.Budget(max_memory=3 * free)
        )


@pytest.mark.parametrize(
    ("text", "nbytes"),
    [("4GiB", 4 * 1024**3), ("4 GiB", 4 * 1024**3), ("512MB", 512e6), ("3G", 3e9), ("2e9", 2e9)],
)
def test_sizes_parse(text: str, nbytes: float) -> None:
    assert bud.parse_size(text) == pytest.approx(nbytes)


@pytest.mark.parametrize("text", ["4xb", "-1GiB", "0", "inf", "GiB", ""])
def test_bad_sizes_are_refused(text: str) -> None:
    with pytest.raises(bud.BudgetError, match="--max-memory"):
        bud.parse_size(text)


@pytest.mark.parametrize(
    "corr", [None, np.array([[1.0, 0.6, 0.0], [0.6, 1.0, 0.2], [0.0, 0.2, 1.0]])]
)
def test_chunked_draws_are_the_one_block_draw(corr: np.ndarray | None) -> None:
    whole = unc.draw_uniforms(2_345, 3, 11, corr)
    parts = np.concatenate(list(unc.uniform_chunks(2_345, 3, 11, corr, chunk=1_000)))
    assert np.array_equal(whole, parts)


def test_monte_carlo_streams_in_chunks_with_progress(monkeypatch: pytest.MonkeyPatch) -> None:
    from wattflop.scenario.keys import load_raw

    study = unc.prepare([(load_raw(ORBIT), str(ORBIT))], samples=2_500)
    whole = unc.sample_metric(study)["orbit"]
    monkeypatch.setattr(unc, "CHUNK", 1_000)
    seen: list[tuple[int, int]] = []
    streamed = unc.sample_metric(study, progress=lambda d, n: seen.append((d, n)))["orbit"]
    assert np.array_equal(whole, streamed)
    assert seen == [(1_000, 2_500), (2_000, 2_500), (2_500, 2_500)]


def _cli(*args: str) -> tuple[int, str, float]:
    t0 = time.perf_counter()
    r = CliRunner().invoke(app, list(args))
    return r.exit_code, r.output, time.perf_counter() - t0


def test_montecarlo_of_1e9_samples_is_refused_before_it_starts(tmp_path: Path) -> None:
    code, output, seconds = _cli(
        "montecarlo", str(ORBIT), "--samples", "1000000000", "--out", str(tmp_path)
    )
    assert code == 2, output
    assert "1,000,000,000 samples" in output and "--max-memory" in output
    assert "Traceback" not in output and seconds < 30  # it used to ask numpy for 149 GiB
    assert not (tmp_path / "montecarlo.json").exists()


def test_montecarlo_estimate_follows_the_samples() -> None:
    from wattflop.scenario.keys import load_raw

    study = unc.prepare([(load_raw(ORBIT), str(ORBIT))], samples=10_000_000)
    est = unc.estimate(study)
    # outputs (one per sample, three copies) + one chunk's working set
    assert est.memory == pytest.approx(10_000_000 * 24 + unc.CHUNK * len(study.keys) * 64)
    assert est.seconds == pytest.approx(10_000_000 * len(study.keys) * 0.4e-6)


def _sweep(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (SWEEPS / name).read_text(encoding="utf-8").replace(old, new)
    text = text.replace("base: ../scenarios/", f"base: {REPO / 'scenarios'}/")
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def test_a_latin_hypercube_of_1e9_is_refused_on_memory(tmp_path: Path) -> None:
    f = _sweep(tmp_path, "orbit-latin-hypercube.yaml", "samples: 64", "samples: 1000000000")
    code, output, seconds = _cli("sweep", str(f), "--store", str(tmp_path / "s"))
    assert code == 2, output
    assert "1,000,000,000 orbit cases" in output and "--max-memory" in output
    assert seconds < 30 and not (tmp_path / "s").exists()


def test_a_long_grid_asks_for_yes(tmp_path: Path) -> None:
    f = _sweep(tmp_path, "orbit-design-space.yaml", "steps: 4}", "steps: 10000}")
    code, output, _ = _cli("sweep", str(f), "--store", str(tmp_path / "s"), "--workers", "2")
    assert code == 2, output
    assert "120,000 orbit cases" in output and "--yes" in output
    # 120,000 × 0.6 s / 2 workers
    assert "10.0 h" in output


def test_a_range_of_a_trillion_steps_is_counted_not_expanded(tmp_path: Path) -> None:
    f = _sweep(tmp_path, "orbit-design-space.yaml", "steps: 4}", "steps: 1000000000000}")
    code, output, seconds = _cli("sweep", str(f), "--store", str(tmp_path / "s"))
    assert code == 2 and "no machine has that much memory" in output and seconds < 30, output


def test_work_no_machine_can_hold_is_not_offered_max_memory() -> None:
    """A 1 mm formation over 100 km needs ~10⁴ PiB: '--max-memory 57727316TiB' was offered."""
    with pytest.raises(bud.BudgetError, match="no machine has that much memory: a wider spacing"):
        bud.check(bud.Estimate("a formation", 1e20, 1.0, "a wider spacing"), bud.Budget())

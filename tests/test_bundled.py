"""Bundled scenarios, sweeps and data ship inside the package and can be named without a path:
``wattflop run orbit-1gw-dawn-dusk-650km`` works from any folder; a miss lists the bundled
names with a did-you-mean; the repository's ``scenarios/`` and ``sweeps/`` are the package's
folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import wattflop
from wattflop import bundled
from wattflop.cli import app
from wattflop.constellation.scenario import load_constellation
from wattflop.errors import ScenarioError
from wattflop.scenario.keys import load_raw
from wattflop.sweep.spec import SweepError, load_sweep

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(wattflop.__file__).resolve().parent
SMALL = "orbit-20mw-inclined-550km"


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working directory outside the checkout."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_bundled_folders_are_in_the_package() -> None:
    for kind in ("scenarios", "sweeps", "data/eia930"):
        assert bundled.folder(kind).resolve().parent.is_relative_to(PACKAGE)
    assert set(bundled.names("scenarios")) == {
        "constellation-81-formation-650km",
        "constellation-walker-550km",
        "ground-1gw-memphis",
        "orbit-1gw-dawn-dusk-650km",
        "orbit-20mw-inclined-550km",
    }
    assert "orbit-design-space" in bundled.names("sweeps")
    for region in ("CONUS", "TVA"):
        assert bundled.eia930(region).is_file()
    assert (bundled.folder("data/eia930") / "SOURCE.md").is_file()


def test_repository_folders_are_the_package_folders() -> None:
    """README commands use scenarios/ and sweeps/ at the repository root."""
    for kind in ("scenarios", "sweeps"):
        assert (ROOT / kind).resolve() == bundled.folder(kind).resolve()


@pytest.mark.parametrize("name", [SMALL, f"{SMALL}.yaml"])
def test_load_by_name_from_any_folder(elsewhere: Path, name: str) -> None:
    by_name = wattflop.load_scenario(name)
    by_path = wattflop.load_scenario(bundled.folder("scenarios") / f"{SMALL}.yaml")
    assert by_name == by_path
    assert load_raw(name) == load_raw(bundled.folder("scenarios") / f"{SMALL}.yaml")


def test_a_local_file_wins_over_a_bundled_name(elsewhere: Path) -> None:
    text = (bundled.folder("scenarios") / f"{SMALL}.yaml").read_text(encoding="utf-8")
    (elsewhere / f"{SMALL}.yaml").write_text(
        text.replace("name: orbit-20mw-inclined-550km", "name: my-copy"), encoding="utf-8"
    )
    assert wattflop.load_scenario(f"{SMALL}.yaml").name == "my-copy"
    assert wattflop.load_scenario(SMALL).name == SMALL  # no file 'orbit-20mw-...' here


def test_a_miss_lists_the_bundled_names(elsewhere: Path) -> None:
    with pytest.raises(ScenarioError) as exc:
        wattflop.load_scenario("orbit-1gw-dawn-dusk-65km")
    text = " ".join(str(exc.value).split())
    assert "file not found" in text
    assert "did you mean the bundled scenario 'orbit-1gw-dawn-dusk-650km'?" in text
    for name in bundled.names("scenarios"):
        assert name in text
    with pytest.raises(ScenarioError, match="bundled scenarios"):
        load_raw("ground-1gw-memphys")


def test_a_path_with_a_folder_is_never_a_bundled_name(elsewhere: Path) -> None:
    with pytest.raises(ScenarioError, match="does not exist either"):
        wattflop.load_scenario(Path("nowhere") / f"{SMALL}.yaml")


def test_cli_runs_a_bundled_scenario_by_name(elsewhere: Path) -> None:
    r = CliRunner().invoke(app, ["run", SMALL, "--out", "out", "--no-report"])
    assert r.exit_code == 0, r.output
    assert (elsewhere / "out" / "result.json").is_file()
    r = CliRunner().invoke(app, ["validate", "orbit-20mw-inclined"])
    assert r.exit_code == 2
    assert f"did you mean the bundled scenario '{SMALL}'" in " ".join(r.stderr.split())


def test_constellation_by_name(elsewhere: Path) -> None:
    sc = load_constellation("constellation-walker-550km")
    assert sc.name == "constellation-walker-550km"


@pytest.mark.parametrize("name", bundled.names("sweeps"))
def test_every_bundled_sweep_finds_its_base(name: str) -> None:
    """Sweep files name their base as ../scenarios/x.yaml: it resolves in the package, through
    the repository's link, and by name from anywhere."""
    for sweep in (bundled.folder("sweeps") / f"{name}.yaml", ROOT / "sweeps" / f"{name}.yaml"):
        assert load_sweep(sweep).base_path.is_file()


def test_sweep_by_name_and_base_by_name(elsewhere: Path) -> None:
    sf = load_sweep("orbit-design-space")
    assert (
        sf.base_path.resolve()
        == (bundled.folder("scenarios") / "orbit-1gw-dawn-dusk-650km.yaml").resolve()
    )
    (elsewhere / "mine.yaml").write_text(
        "name: mine\nbase: orbit-20mw-inclined-550km\nvary:\n"
        "  orbit.altitude: [550 km, 600 km]\noutputs: [cost.usd_per_eflop]\n",
        encoding="utf-8",
    )
    assert load_sweep("mine.yaml").base_path == bundled.folder("scenarios") / f"{SMALL}.yaml"
    with pytest.raises(SweepError, match="did you mean the bundled sweep 'orbit-design-space'"):
        load_sweep("orbit-design-spice")

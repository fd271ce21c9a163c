"""The command line: user mistakes exit with code 2, a message on stderr and no traceback;
`run` writes result.json; `schema` and `catalog` print what they promise."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from wattflop import catalog
from wattflop.cli import app

BUNDLED = Path(__file__).resolve().parents[1] / "scenarios" / "orbit-20mw-inclined-550km.yaml"
TEXT = BUNDLED.read_text(encoding="utf-8")

runner = CliRunner()


def _write(tmp_path: Path, old: str, new: str, name: str = "bad.yaml") -> Path:
    assert TEXT.count(old) == 1
    path = tmp_path / name
    path.write_text(TEXT.replace(old, new), encoding="utf-8")
    return path


def _assert_user_error(result: Result, *fragments: str) -> str:
    """Exit code 2, the message on stderr, nothing that looks like a traceback."""
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    stderr = result.stderr
    assert "Traceback" not in result.output
    assert stderr.startswith("error:"), stderr
    flat = " ".join(stderr.split())  # rich may wrap long lines
    for f in fragments:
        assert f in flat, f"{f!r} not in:\n{stderr}"
    return stderr


BAD_EDITS = {
    "typo": (
        ("  altitude: 550 km", "  altitud: 550 km"),
        ("orbit.altitud", "did you mean 'altitude'"),
    ),
    "unit": (
        ("  altitude: 550 km", "  altitude: 650 kg"),
        ("dimension mass", "expected a length", "e.g. '650 km'"),
    ),
    "bounds": (("  altitude: 550 km", "  altitude: 150 km"), ("must be ≥ 200 km",)),
    "name": (
        ("accelerator: H100-SXM", "accelerator: H100"),
        ("did you mean 'H100-SXM'", "known: B200"),
    ),
    "syntax": (("  altitude: 550 km", "  altitude: 550 km: x"), ("YAML syntax error",)),
    # user text with brackets must not be eaten as console markup
    "markup": (("  altitude: 550 km", "  altitude[km]: 550"), ("unknown key 'altitude[km]'",)),
}


@pytest.mark.parametrize("command", ["validate", "run"])
@pytest.mark.parametrize("case", sorted(BAD_EDITS))
def test_bad_scenario_exits_2_without_traceback(tmp_path: Path, command: str, case: str) -> None:
    (old, new), fragments = BAD_EDITS[case]
    path = _write(tmp_path, old, new)
    args = [command, str(path)] + (
        ["--out", str(tmp_path / "out"), "--no-report"] if command == "run" else []
    )
    stderr = _assert_user_error(runner.invoke(app, args), str(path), *fragments)
    assert not (tmp_path / "out").exists()
    if case == "unit":
        line = TEXT.splitlines().index("  altitude: 550 km") + 1
        assert f"{path}:{line}: orbit.altitude:" in stderr


@pytest.mark.parametrize("command", ["validate", "run"])
def test_missing_file_exits_2(tmp_path: Path, command: str) -> None:
    (tmp_path / "orbit-20mw.yaml").write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, [command, str(tmp_path / "orbit-20mv.yaml")])
    _assert_user_error(result, "file not found", "did you mean", "orbit-20mw.yaml")


def test_validate_good_scenario() -> None:
    result = runner.invoke(app, ["validate", str(BUNDLED)])
    assert result.exit_code == 0, result.output
    assert "valid" in result.stdout


def test_installed_entry_point_exits_2(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "wattflop"
    if not exe.exists():
        pytest.skip("wattflop entry point not installed next to this interpreter")
    path = _write(tmp_path, "shadow: conical", "shadow: conic")
    proc = subprocess.run(
        [str(exe), "validate", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "orbit.shadow" in proc.stderr
    assert "did you mean 'conical'" in proc.stderr
    assert proc.stdout == ""


def test_run_writes_result_json(tmp_path: Path) -> None:
    """The only full simulation in this file."""
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(BUNDLED), "--out", str(out), "--no-report"])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    data = json.loads((out / "result.json").read_text(encoding="utf-8"))
    for dotted in (
        "orbit.inclination_deg",
        "orbit.period_s",
        "eclipse.sunlit_fraction",
        "eclipse.max_duration_s",
        "power.array_area_m2",
        "thermal.radiator_area_m2",
        "mass.satellite_kg",
        "fleet.satellites",
        "cost.capex_usd",
        "cost.lcoe_usd_per_mwh",
        "cost.usd_per_eflop",
    ):
        node = data
        for part in dotted.split("."):
            assert part in node, f"{dotted} missing from result.json"
            node = node[part]
    assert data["orbit"]["inclination_deg"] == pytest.approx(53.0)
    assert 0.0 < data["eclipse"]["sunlit_fraction"] < 1.0
    assert data["cost"]["usd_per_eflop"] > 0
    assert not (out / "report.html").exists()
    assert "cost per delivered EFLOP" in result.stdout


def test_schema_is_json_with_units() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    defs = schema["$defs"]
    assert {"OrbitScenario", "GroundScenario"} <= set(defs)
    assert schema["discriminator"]["propertyName"] == "site"
    orbit = set(defs["OrbitScenario"]["properties"])
    assert {"orbit", "satellite", "workload", "launch", "economics"} <= orbit
    altitude = defs["Orbit"]["properties"]["altitude"]
    assert altitude["x-unit"] == "m"
    assert "km" in altitude["description"]
    inclination = json.dumps(defs["Orbit"]["properties"]["inclination"])
    assert '"x-unit": "rad"' in inclination
    assert defs["Satellite"]["properties"]["it_power"]["x-unit"] == "W"
    assert defs["Workload"]["properties"]["utilisation"]["x-unit"] == "1"


def test_catalog_lists_everything() -> None:
    result = runner.invoke(app, ["catalog"])
    assert result.exit_code == 0, result.output
    for kind in catalog.KINDS:
        assert kind in result.stdout
    assert "GB200" in result.stdout


def test_catalog_entry_shows_sources() -> None:
    result = runner.invoke(app, ["catalog", "accelerators", "GB200"])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "GB200" in text
    assert "source" in text
    assert "date" in text
    sources = catalog.sources("accelerators", "GB200")
    assert set(sources) >= {"tdp", "system_power", "peak_flops"}
    for field in ("tdp", "system_power", "system_mass", "peak_flops"):
        assert field in text
        assert sources[field]["date"] in text
    # the first words of each source are shown (the table folds long text)
    first_word = sources["tdp"]["source"].split()[0]
    assert first_word in text


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (
            ["catalog", "accelerators", "H100"],
            ("no accelerators entry 'H100'", "did you mean 'H100-SXM'"),
        ),
        (
            ["catalog", "accelerator"],
            ("unknown catalogue kind 'accelerator'", "did you mean 'accelerators'"),
        ),
    ],
)
def test_catalog_unknown_names_exit_2(args: list[str], fragments: tuple[str, ...]) -> None:
    _assert_user_error(runner.invoke(app, args), *fragments)


def test_validate_knows_every_kind_of_site(tmp_path: Path) -> None:
    """`wattflop validate` checks orbit, ground and constellation files alike."""
    root = Path(__file__).resolve().parents[1] / "scenarios"
    for f in sorted(root.glob("*.yaml")):
        r = CliRunner().invoke(app, ["validate", str(f)])
        assert r.exit_code == 0, (f, r.output)
    bad = tmp_path / "c.yaml"
    bad.write_text("site: constellation\nname: x\nshellz: []\n")
    r = CliRunner().invoke(app, ["validate", str(bad)])
    assert r.exit_code == 2 and "did you mean 'shells'" in r.output


def test_serve_on_a_taken_port_is_a_user_error(tmp_path: Path) -> None:
    """A port another program holds: a clear message and exit 2, not uvicorn's exit 3."""
    import socket

    with socket.create_server(("127.0.0.1", 0)) as held:
        port = held.getsockname()[1]
        r = CliRunner().invoke(
            app, ["serve", "--port", str(port), "--cache", str(tmp_path / "cache")]
        )
    assert r.exit_code == 2, r.output
    assert f"cannot listen on 127.0.0.1:{port}" in r.output and "--port" in r.output


def test_demo_background_step_keeps_its_output_and_exit_code(tmp_path: Path) -> None:
    """A step ``wattflop demo`` runs beside the others (the sweep) is its own process: its
    exit code and output are kept for the study to report; ``stop`` ends one still running."""
    from wattflop.cli.main import _Background

    job = _Background(("validate", str(tmp_path / "missing.yaml")))
    line, took = job.wait()
    assert job.code == 2 and "missing.yaml" in job.output and "Traceback" not in job.output
    assert line.startswith("wattflop validate") and took > 0
    job.stop()  # ended already: nothing to do
    slow = _Background(("serve", "--port", "0"))
    slow.stop()
    assert slow._proc.poll() is not None


@pytest.mark.parametrize(
    ("argv", "says"),
    [(["run", "x.yaml", "--wrokers", "2"], "No such option: --wrokers"),
     (["runn", "x.yaml"], "Did you mean 'run'?")],
)  # fmt: skip
def test_a_mistyped_option_or_command_is_a_usage_error_not_a_traceback(
    argv: list[str], says: str
) -> None:
    """The console entry point (``wattflop``) catches the usage errors of typer's own copy of
    click: exit 2 and click's message, never a traceback."""
    r = subprocess.run(
        [sys.executable, "-m", "wattflop", *argv], capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 2
    assert says in r.stderr and "Traceback" not in r.stderr

"""Optional extras: the core runs without plotly, FastAPI/uvicorn and Dask; a command that
needs a missing extra names it (``pip install 'wattflop[web]'``) and exits with code 2, never
a traceback.

Each case runs in a fresh interpreter in which the extras' modules cannot be imported
(``sys.modules[name] = None``), with this checkout's wattflop first on the path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import wattflop
from wattflop import extras
from wattflop.extras import MissingExtraError

SRC = Path(wattflop.__file__).resolve().parents[1]
SMALL = "orbit-20mw-inclined-550km"
#: Every import name an extra provides.
ALL_EXTRAS = sorted(
    {
        m
        for entry in extras.EXTRAS.values()
        for e in entry
        for m in (e if isinstance(e, tuple) else (e,))
    }
)
WEB = "needs the web extra: pip install 'wattflop[web]'"
CLUSTER = "needs the cluster extra: pip install 'wattflop[cluster]'"
REPORT = "needs the report extra: pip install 'wattflop[report]'"
SWEEP = ["sweep", "orbit-design-space", "--store", "s"]
BLOCK = "import sys\nfor _m in {blocked!r}:\n    sys.modules[_m] = None\n"


def _python(
    code: str, blocked: list[str], cwd: Path, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), *filter(None, [env.get("PYTHONPATH")])])
    env["COLUMNS"] = "200"  # rich wraps long messages at the terminal width
    return subprocess.run(
        [sys.executable, "-c", BLOCK.format(blocked=blocked) + code],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _cli(args: list[str], blocked: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    code = f"sys.argv = ['wattflop', *{args!r}]\nfrom wattflop.__main__ import main\nmain()\n"
    return _python(code, blocked, cwd)


def _user_error(proc: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    flat = " ".join(proc.stderr.split())
    assert flat.startswith("error:"), proc.stderr
    for f in fragments:
        assert f in flat, f"{f!r} not in {proc.stderr}"


def test_missing_and_require(monkeypatch: pytest.MonkeyPatch) -> None:
    for extra in extras.EXTRAS:
        extras.require(extra, "this test")  # the test environment has them all
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert extras.missing("web") == ["uvicorn"]
    with pytest.raises(MissingExtraError) as exc:
        extras.require("web", "wattflop serve")
    assert str(exc.value).startswith(f"wattflop serve {WEB}")
    assert exc.value.extra == "web" and exc.value.module == "uvicorn"


def test_core_runs_without_any_extra(tmp_path: Path) -> None:
    """Import every core entry point, load and simulate a bundled scenario, and evaluate a
    claim as data, with no extra importable; then `run --no-report` on the command line."""
    code = f"""
import wattflop, wattflop.cli, wattflop.claims, wattflop.sweep, wattflop.web, wattflop.study
from wattflop.claims import evaluate_claims
from wattflop.study import breakeven, compare, learning, timeline, uncertainty
r = wattflop.simulate(wattflop.load_scenario({SMALL!r}))
assert r.get("cost.usd_per_eflop") > 0
(c,) = evaluate_claims(ids=["orbit-100kw-per-t"])
assert c.value is not None
assert all(sys.modules[m] is None for m in {ALL_EXTRAS!r})
print("core ok")
"""
    proc = _python(code, ALL_EXTRAS, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "core ok" in proc.stdout
    proc = _cli(["run", SMALL, "--no-report", "--out", "out"], ALL_EXTRAS, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "out/result.json").read_text())["scenario"]["name"] == SMALL
    proc = _cli(["--help"], ALL_EXTRAS, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "serve" in proc.stdout and "sweep" in proc.stdout


def test_run_without_report_extra_says_so(tmp_path: Path) -> None:
    """`run` names the report extra (and --no-report) before any work: its folder is written
    as one unit, so a result without its page is never left behind."""
    proc = _cli(["run", SMALL, "--out", "out"], ["plotly"], tmp_path)
    _user_error(proc, f"writing HTML pages {REPORT}", "--no-report")
    assert not (tmp_path / "out/result.json").exists()
    assert not (tmp_path / "out/report.html").exists()
    proc = _cli(["run", SMALL, "--out", "out", "--no-report"], ["plotly"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out/result.json").is_file()


@pytest.mark.parametrize(
    ("args", "blocked", "message"),
    [
        (["serve", "--port", "1"], ["uvicorn"], f"wattflop serve {WEB}"),
        (["serve"], ["fastapi"], f"wattflop serve {WEB}"),
        (SWEEP, ["distributed"], f"wattflop sweep {CLUSTER}"),
        (SWEEP, ["dask"], f"wattflop sweep {CLUSTER}"),
        (["claims", "--out", "out"], ["plotly"], REPORT),
        (["compare", SMALL, SMALL], ["plotly"], REPORT),
    ],
)
def test_a_missing_extra_is_named(
    tmp_path: Path, args: list[str], blocked: list[str], message: str
) -> None:
    _user_error(_cli(args, blocked, tmp_path), message)
    assert not (tmp_path / "s").exists()


def test_create_app_names_the_web_extra(tmp_path: Path) -> None:
    code = """
from wattflop.extras import MissingExtraError
try:
    from wattflop.web import create_app
except MissingExtraError as exc:
    print(exc)
"""
    proc = _python(code, ["fastapi"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert WEB in proc.stdout

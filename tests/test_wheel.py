"""wattflop installs like a real package: the wheel ships the bundled scenarios, sweeps and
data, and an installed copy, with no access to this checkout, runs a bundled scenario by name
and the claims from an empty folder.

The wheel is built without build isolation (nothing is downloaded: ``pip install -e
'.[dev]'`` brings setuptools>=77), into a fresh virtual environment outside the checkout.
That environment sees the dependencies already installed for the running interpreter through
a ``.pth`` file (computed with :mod:`sysconfig`, not hard-coded), and nothing of the checkout:
no ``PYTHONPATH``, and the ``.pth`` files of those folders (an editable install of this
checkout among them) are not processed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
NAME = "orbit-1gw-dawn-dusk-650km"
#: Files the wheel must ship besides the code.
SHIPPED = (
    f"wattflop/scenarios/{NAME}.yaml",
    "wattflop/scenarios/ground-1gw-memphis.yaml",
    "wattflop/sweeps/orbit-design-space.yaml",
    "wattflop/data/eia930/CONUS.csv.gz",
    "wattflop/data/eia930/SOURCE.md",
    "wattflop/data/national/electricity_generation.csv",
    "wattflop/data/national/SOURCE.md",
    "wattflop/data/china_solar/china_solar.csv",
    "wattflop/data/china_solar/SOURCE.md",
    "wattflop/data/algorithmic_efficiency/estimates.csv",
    "wattflop/data/algorithmic_efficiency/SOURCE.md",
    "wattflop/data/ai_power/ai_power.csv",
    "wattflop/data/ai_power/SOURCE.md",
    "wattflop/claims/claims.yaml",
    "wattflop/catalog/accelerators.yaml",
    "wattflop/web/static/index.html",
    "wattflop/web/static/favicon.svg",
    "wattflop/web/static/vendor/README.md",
    "wattflop/web/static/vendor/plotly/plotly-cartesian.min.js",
    "wattflop/web/static/vendor/plotly/LICENSE",
    "wattflop/web/static/vendor/swagger-ui/swagger-ui-bundle.js",
    "wattflop/web/static/vendor/swagger-ui/swagger-ui.css",
    "wattflop/web/static/vendor/swagger-ui/LICENSE",
    "wattflop/web/static/vendor/redoc/redoc.standalone.js",
    "wattflop/web/static/vendor/redoc/LICENSE",
    "wattflop/py.typed",
)


def _setuptools_version() -> tuple[int, ...] | None:
    try:
        import setuptools
    except ImportError:
        return None
    return tuple(int(x) for x in re.findall(r"\d+", setuptools.__version__)[:2])


def _run(
    args: list[str | Path], cwd: Path, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, f"{args}\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    return proc


def _clean_env(venv: Path) -> dict[str, str]:
    """The environment of a user of the installed package: no PYTHONPATH, no user site."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PYTHON") and k not in ("VIRTUAL_ENV", "__PYVENV_LAUNCHER__")
    }
    env["PYTHONNOUSERSITE"] = "1"
    env["VIRTUAL_ENV"] = str(venv)
    env["PATH"] = os.pathsep.join([str(venv / "bin"), env.get("PATH", "")])
    env["COLUMNS"] = "200"
    return env


def _build_wheel(tmp: Path) -> Path:
    """Build the wheel from a copy of the sources (no build/ or egg-info in the checkout)."""
    copy = tmp / "source"
    copy.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, copy / name)
    shutil.copytree(
        ROOT / "src",
        copy / "src",
        ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.nbi", "*.nbc"),
    )
    dist = tmp / "dist"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "--quiet", "-w", dist, copy],
        cwd=tmp,
    )  # fmt: skip
    (wheel,) = dist.glob("wattflop-*.whl")
    return wheel


def test_installed_wheel_runs_a_bundled_scenario_and_the_claims(tmp_path: Path) -> None:
    version = _setuptools_version()
    if version is None or version < (77, 0):
        pytest.skip(
            f"building the wheel without isolation needs setuptools>=77 (found {version}); "
            "pip install -e '.[dev]' installs it"
        )
    tmp = tmp_path
    assert not tmp.resolve().is_relative_to(ROOT)

    # 1. the wheel ships the package data and the console script
    wheel = _build_wheel(tmp)
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        entry_points = next(z.read(n).decode() for n in names if n.endswith("entry_points.txt"))
        metadata = next(z.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    missing = [f for f in SHIPPED if f not in names]
    assert not missing, f"not in the wheel: {missing}"
    assert "wattflop = wattflop.__main__:main" in entry_points
    for extra in ("report", "web", "cluster", "all"):
        assert f"Provides-Extra: {extra}" in metadata

    # 2. a fresh environment outside the checkout, the dependencies through a .pth file
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp)
    env = _clean_env(venv)
    python = venv / "bin" / "python"
    purelib = _run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp, env
    ).stdout.strip()
    deps = dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib"))
    (Path(purelib) / "wattflop_test_deps.pth").write_text("\n".join(deps) + "\n")
    _run(
        [sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
         "--quiet", wheel],
        cwd=tmp,
    )  # fmt: skip

    # 3. the installed copy is the one imported; nothing of the checkout is on the path
    code = "import json, sys, wattflop; print(json.dumps([wattflop.__file__, sys.path]))"
    where = _run([python, "-c", code], tmp, env)
    file, path = json.loads(where.stdout)
    assert Path(file).resolve().is_relative_to(Path(purelib).resolve()), file
    # the dependencies' own folders are on the path on purpose (the .pth above), also when
    # the build venv lives inside the checkout (make's .venv); nothing else of it may be
    given = {Path(d).resolve() for d in deps}
    leaks = [
        p
        for p in path
        if p and Path(p).resolve().is_relative_to(ROOT) and Path(p).resolve() not in given
    ]
    assert not leaks, f"the checkout is importable in the new environment: {leaks}"

    # 4. from an empty folder: a bundled scenario by name, then the claims
    work = tmp / "work"
    work.mkdir()
    exe = venv / "bin" / "wattflop"
    _run([exe, "run", NAME, "--out", "out"], work, env)
    result = json.loads((work / "out" / "result.json").read_text(encoding="utf-8"))
    assert result["scenario"]["name"] == NAME
    assert NAME in (work / "out" / "report.html").read_text(encoding="utf-8")

    _run([exe, "claims", "--out", "out"], work, env)
    text = (work / "out" / "claims.json").read_text(encoding="utf-8")
    claims = {c["id"]: c for c in json.loads(text)}
    assert f"{NAME}.yaml" in claims["orbit-100kw-per-t"]["scenario"]
    assert claims["us-batteries-double"]["kind"] != "not evaluated"  # the packaged demand
    assert claims["china-power-3x-us"]["kind"] != "not evaluated"  # the packaged generation
    assert (work / "out" / "claims.html").is_file()
    assert str(ROOT) not in text and "../shared" not in text

"""The README is checked, not trusted.

- Every ```python block runs (from the repository root) and says what it costs per EFLOP.
- Every output example, a ```text block, is what the code block before it prints: a
  ```python block run here, or a ```sh block run by bash in a temporary folder, where
  ``.venv/bin/wattflop`` runs this checkout's wattflop and ``scenarios/`` and ``sweeps/``
  link to the repository's; an ``# exit code N`` comment in the block is checked too.
  Lines are compared word by word (runs of spaces and table rules do not matter); numbers
  must agree to 1e-3 relative; a line ``…`` stands for any number of lines. Blank lines are
  ignored.
- Every ``wattflop`` command line in a ```sh block names a real command and real options,
  and the files it reads exist.
- The ```yaml uncertainty example is a valid ``uncertainty:`` section of a bundled scenario.
- The Layout section names every file and folder of ``src/wattflop``; the model → module
  table names modules that exist and functions defined in them.

The slowest check runs the ground example (one PyPSA + HiGHS year, ~25 s); the rest take a
few seconds each.
"""

from __future__ import annotations

import ast
import math
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "wattflop"
README = ROOT / "README.md"

#: Relative tolerance of a number in an output example.
RTOL = 1e-3
#: A line of an output example that stands for any number of lines.
ELLIPSIS = "…"


@dataclass(frozen=True)
class Fence:
    lang: str
    body: str
    line: int  # line of the opening fence in README.md


@cache
def _fences() -> tuple[Fence, ...]:
    text = README.read_text(encoding="utf-8")
    out = []
    for m in re.finditer(r"^```(\w*)\n(.*?)^```", text, re.S | re.M):
        out.append(Fence(m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1))
    return tuple(out)


def _examples() -> list[tuple[Fence, Fence | None]]:
    """(code block, its output block or None) for every ```python and ```sh block."""
    fences = _fences()
    pairs = []
    for i, f in enumerate(fences):
        if f.lang not in ("python", "sh"):
            continue
        nxt = fences[i + 1] if i + 1 < len(fences) else None
        pairs.append((f, nxt if nxt is not None and nxt.lang == "text" else None))
    return pairs


def _id(f: Fence) -> str:
    return f"README.md:{f.line}"


# ---------------------------------------------------------------------------------------
# Comparing output
# ---------------------------------------------------------------------------------------

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?")
_RULE = re.compile(r"([─━═│┃])\1+")


def _split(token: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """A word as its text around the numbers, and the numbers."""
    token = _RULE.sub(r"\1", token)
    numbers = tuple(float(n.replace(",", "")) for n in _NUMBER.findall(token))
    return tuple(_NUMBER.split(token)), numbers


def _same_line(expected: str, actual: str) -> bool:
    e, a = expected.split(), actual.split()
    if len(e) != len(a):
        return False
    for te, ta in zip(e, a, strict=True):
        (se, ne), (sa, na) = _split(te), _split(ta)
        if se != sa or len(ne) != len(na):
            return False
        if not all(math.isclose(x, y, rel_tol=RTOL) for x, y in zip(ne, na, strict=True)):
            return False
    return True


def _matches_at(segment: list[str], actual: list[str], at: int) -> bool:
    return at + len(segment) <= len(actual) and all(
        _same_line(e, a) for e, a in zip(segment, actual[at : at + len(segment)], strict=False)
    )


def output_matches(expected: str, actual: str) -> bool:
    """Whether ``actual`` is what ``expected`` shows (see the module notes)."""
    exp = [ln for ln in expected.splitlines() if ln.strip()]
    act = [ln for ln in actual.splitlines() if ln.strip()]
    segments: list[list[str]] = [[]]
    for ln in exp:
        if ln.strip() == ELLIPSIS:
            segments.append([])
        else:
            segments[-1].append(ln)
    pos = 0
    for k, seg in enumerate(segments):
        first, last = k == 0, k == len(segments) - 1
        if first and last:
            return len(seg) == len(act) and _matches_at(seg, act, 0)
        if first:
            if not _matches_at(seg, act, 0):
                return False
            pos = len(seg)
        elif last:
            at = len(act) - len(seg)
            if at < pos or not _matches_at(seg, act, at):
                return False
        else:
            found = next((j for j in range(pos, len(act)) if _matches_at(seg, act, j)), None)
            if found is None:
                return False
            pos = found + len(seg)
    return True


def test_output_comparison_is_strict() -> None:
    out = "a  1,808 kg\nb 0.6919\nc 2\nwrote x\n"
    assert output_matches("a 1,808 kg\nb 0.6919\nc 2\nwrote x", out)
    assert output_matches("a 1,808.5 kg\n…\nwrote x", out)  # within 1e-3
    assert output_matches("…\nc 2\n…", out)
    assert not output_matches("a 1,820 kg\n…", out)  # a number off by 0.7 %
    assert not output_matches("a 1,808 kg\nb 0.6919\nc 2", out)  # a line left out
    assert not output_matches("…\nb 0.6919\nc 2", out)  # the end must match
    assert not output_matches("a 1,808 t\n…", out)  # text differs
    assert not output_matches("…\nc 3\n…", out)
    assert output_matches("┏━━━┳━┓\n│ x │", "┏━━━━━┳━━┓\n│  x  │")


# ---------------------------------------------------------------------------------------
# The examples run, and print what the README shows
# ---------------------------------------------------------------------------------------


def _python_examples() -> list[tuple[Fence, Fence | None]]:
    return [(c, o) for c, o in _examples() if c.lang == "python"]


def _sh_examples() -> list[tuple[Fence, Fence]]:
    return [(c, o) for c, o in _examples() if c.lang == "sh" and o is not None]


@pytest.mark.parametrize(
    ("code", "output"), _python_examples(), ids=[_id(c) for c, _ in _python_examples()]
)
def test_readme_python_runs(
    code: Fence, output: Fence | None, capsys: pytest.CaptureFixture[str]
) -> None:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(code.body, str(README), "exec"), {})
    finally:
        os.chdir(cwd)
    printed = capsys.readouterr().out
    assert "USD per delivered EFLOP" in printed
    if output is not None:
        assert output_matches(output.body, printed), (
            f"{_id(output)} shows\n{output.body}\nbut the block before it prints\n{printed}"
        )


def _shell_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT / "src"), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    env |= {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
    return env


@pytest.mark.parametrize(
    ("code", "output"), _sh_examples(), ids=[_id(c) for c, _ in _sh_examples()]
)
def test_readme_command_prints_what_it_shows(code: Fence, output: Fence, tmp_path: Path) -> None:
    shim = tmp_path / ".venv" / "bin" / "wattflop"
    shim.parent.mkdir(parents=True)
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m wattflop "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    for name in ("scenarios", "sweeps"):
        (tmp_path / name).symlink_to(ROOT / name)
    proc = subprocess.run(
        ["bash", "-c", code.body],
        cwd=tmp_path,
        env=_shell_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )
    code_says = re.search(r"#\s*exit code (\d+)", code.body)
    assert proc.returncode == (int(code_says.group(1)) if code_says else 0), proc.stdout
    assert output_matches(output.body, proc.stdout), (
        f"{_id(output)} shows\n{output.body}\nbut `{code.body.strip()}` prints\n{proc.stdout}"
    )


def test_every_output_example_is_checked() -> None:
    """A ```text block that follows no ```python or ```sh block would be checked by nothing."""
    fences = _fences()
    for i, f in enumerate(fences):
        if f.lang == "text":
            assert i > 0 and fences[i - 1].lang in ("python", "sh"), (
                f"{_id(f)}: an output example must follow the block that prints it"
            )
    assert sum(o is not None for _, o in _examples()) == sum(f.lang == "text" for f in fences)


def test_readme_starts_with_the_two_commands() -> None:
    first = next(f for f in _fences() if f.lang == "sh")
    assert first.body.splitlines()[0].startswith("make demo")
    assert first.body.splitlines()[1].startswith("make test")


# ---------------------------------------------------------------------------------------
# Commands, options and files
# ---------------------------------------------------------------------------------------


@cache
def _commands() -> dict[str, set[str]]:
    """Command name → its options (``--out``, ``-h``, ...)."""
    import typer

    from wattflop.cli import app

    group: Any = typer.main.get_command(app)  # a click group (typer's own click)
    out = {}
    for name, cmd in group.commands.items():
        opts = {"--help"}
        for p in cmd.params:
            opts |= set(p.opts) | set(p.secondary_opts)
        out[name] = opts
    return out


def _command_lines() -> list[tuple[Fence, list[str]]]:
    lines = []
    for f in _fences():
        if f.lang != "sh":
            continue
        for ln in f.body.splitlines():
            words = shlex.split(ln, comments=True)
            if words and Path(words[0]).name == "wattflop":
                lines.append((f, words))
    return lines


def test_readme_commands_and_options_exist() -> None:
    from wattflop import bundled

    commands = _commands()
    scenarios = set(bundled.names("scenarios"))
    checked = 0
    for fence, words in _command_lines():
        if ">" in words:
            words = words[: words.index(">")]
        where = f"{_id(fence)}: `{' '.join(words)}`"
        name, args = words[1], words[2:]
        assert name in commands, f"{where}: no command '{name}'"
        for a in args:
            if a.startswith("-"):
                assert a.split("=")[0] in commands[name], f"{where}: no option {a}"
            elif a.endswith((".yaml", ".csv", ".csv.gz")):
                made = re.search(rf">\s*{re.escape(a)}\b", fence.body)
                assert made or (ROOT / a).is_file(), f"{where}: no file {a}"
            elif re.fullmatch(r"(orbit|ground|constellation)-[\w-]+", a):
                assert a in scenarios, f"{where}: no bundled scenario {a}"
        checked += 1
    assert checked >= 15


def test_readme_command_lines_parse() -> None:
    """Every ``wattflop`` line of the README is parsed by the command line itself (types,
    arity, required arguments, choices), as when it runs, without running it (the commands
    run in their own tests and in ``make demo``)."""
    import typer

    from wattflop.cli import app

    group: Any = typer.main.get_command(app)
    parsed = 0
    for fence, words in _command_lines():
        if ">" in words:
            words = words[: words.index(">")]
        cmd = group.commands[words[1]]
        try:
            cmd.make_context(words[1], list(words[2:]))
        except Exception as exc:  # click's usage errors; the message says what
            pytest.fail(f"{_id(fence)}: `{' '.join(words)}` does not parse: {exc}")
        parsed += 1
    assert parsed >= 15


def test_readme_uncertainty_example_is_valid() -> None:
    from wattflop.scenario import parse_scenario
    from wattflop.scenario.keys import load_raw
    from wattflop.study.uncertainty import check_uncertainty, prepare

    block = next(f for f in _fences() if f.lang == "yaml" and "uncertainty:" in f.body)
    raw = load_raw("orbit-1gw-dawn-dusk-650km") | yaml.safe_load(block.body)
    sc = parse_scenario(raw)
    check_uncertainty(raw, sc, "README.md")  # what `wattflop validate` checks
    study = prepare([(raw, "README.md")])
    assert study is not None


# ---------------------------------------------------------------------------------------
# Layout and the model → module table
# ---------------------------------------------------------------------------------------


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(title)
    end = text.find("\n#", start + len(title))
    return text[start : end if end >= 0 else len(text)]


def test_layout_names_every_part_of_the_package() -> None:
    """Every folder (``orbit/``, ``web/routes/``, ``data/eia930/``) and every module
    (``sun.py``; in ``web/routes/`` by its name alone) of src/wattflop is in the Layout."""
    layout = _section("## Layout")
    missing = []
    for entry in sorted(PACKAGE.rglob("*")):
        rel = entry.relative_to(PACKAGE)
        if "__pycache__" in rel.parts:
            continue
        if entry.is_dir():
            if f"{entry.name}/" not in layout:
                missing.append(f"{rel}/")
        elif entry.suffix == ".py" and entry.name != "__init__.py":
            name = entry.name if len(rel.parts) <= 2 else entry.stem
            if not re.search(rf"(?<![\w.]){re.escape(name)}\b", layout):
                missing.append(str(rel))
    assert not missing, f"the README's Layout does not mention {missing}"


def _defined(module: Path) -> set[str]:
    names = set()
    for node in ast.parse(module.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def test_model_table_points_at_real_code() -> None:
    table = _section("### Where each model lives")
    rows = [r for r in table.splitlines() if r.startswith("| ") and not r.startswith("| model")]
    assert len(rows) >= 25
    models = " ".join(r.split("|")[1] for r in rows)
    for topic in (
        "eclipse",
        "Sun",
        "radiator",
        "array temperature",
        "drag",
        "radiation",
        "battery",
        "mass closure",
        "launch",
        "orbit money",
        "ground PV",
        "ground LP",
        "ground money",
        "swings",
        "uncertainty",
        "learning",
        "claims",
    ):
        assert topic in models, f"the model table has no row for {topic}"
    for row in rows:
        _, _model, modules, names, _ = row.split("|")
        paths = re.findall(r"`([\w/*]+\.(?:py|yaml))`", modules)
        assert paths, row
        defined: set[str] = set()
        for p in paths:
            found = list(PACKAGE.glob(p))
            assert found, f"no src/wattflop/{p}"
            for f in found:
                if f.suffix == ".py":
                    defined |= _defined(f)
        for name in re.findall(r"`(\w+)`", names):
            assert name in defined, f"{name} is not defined in {paths}"


def test_make_demo_is_the_demo_command_and_every_step_parses() -> None:
    """``make demo`` runs ``wattflop demo`` (issue #14 item 3: one process); each of its steps
    is parsed by the command it names, as when it runs."""
    import typer

    from wattflop.cli import app
    from wattflop.cli.main import CACHED_COMMANDS, DEMO_STEPS

    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo = make[make.index("\ndemo:") :].split("\n\n")[0]
    assert "wattflop demo --out out" in demo
    group: Any = typer.main.get_command(app)
    for step in DEMO_STEPS:
        words = [w.replace("OUT", "out") for w in step]
        if step[0] in CACHED_COMMANDS:
            words.append("--no-cache")
        group.commands[step[0]].make_context(step[0], words[1:])
    assert {s[0] for s in DEMO_STEPS} >= {"run", "compare", "claims", "sweep", "index"}

"""An output folder is one unit (:mod:`wattflop.outdir`, issue #16 item 5): the swap keeps
what other commands wrote, leaves nothing beside, tidies what killed runs left; and
``wattflop run`` killed with SIGKILL at seeded moments never leaves the result of one
scenario beside the report of another."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wattflop import outdir
from wattflop.cli import app
from wattflop.outdir import MARKER, OutputFolderError, output_folder, write_atomic

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "scenarios" / "orbit-20mw-inclined-550km.yaml"
BIG = ROOT / "scenarios" / "orbit-1gw-dawn-dusk-650km.yaml"
runner = CliRunner()


def dead_pid() -> int:
    """The id of a process that has exited (reuse within a test is vanishingly unlikely)."""
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return int(proc.stdout)


def beside(folder: Path) -> list[str]:
    """Entries of the parent other than the folder itself (litter of a stage or a swap)."""
    return sorted(p.name for p in folder.parent.iterdir() if p.name != folder.name)


def study_folder(tmp_path: Path) -> Path:
    """``out`` as ``make demo`` leaves it: a run, a compare page, a ground run in a
    subfolder, a sweep store, and a temporary a killed writer of report.html left."""
    out = tmp_path / "out"
    (out / "ground").mkdir(parents=True)
    (out / "sweep-orbit" / "cases").mkdir(parents=True)
    (out / "result.json").write_text('{"old": true}')
    (out / "report.html").write_text("old report")
    (out / "dispatch.parquet").write_text("old dispatch of a ground run")
    (out / "compare.json").write_text("{}")
    (out / "ground" / "result.json").write_text('{"ground": true}')
    (out / "sweep-orbit" / "cases" / "part-1.parquet").write_text("PAR1")
    (out / ".report.html.1234.0badcafe.tmp").write_text("half a report")
    return out


def test_a_swap_keeps_other_commands_files_and_drops_stale_owned_ones(tmp_path: Path) -> None:
    out = study_folder(tmp_path)
    ground_inode = (out / "ground").stat().st_ino
    compare_inode = (out / "compare.json").stat().st_ino
    with output_folder(out, owns=("result.json", "report.html", "dispatch.parquet")) as st:
        st.write("result.json", '{"new": true}')
        st.write("report.html", "new report")
        assert (out / "report.html").read_text() == "old report"  # nothing shows before the end
    assert st.names == ["report.html", "result.json"]
    assert (out / "result.json").read_text() == '{"new": true}'
    assert (out / "report.html").read_text() == "new report"
    assert not (out / "dispatch.parquet").exists()  # owned, not written this time: gone
    assert (out / "ground" / "result.json").read_text() == '{"ground": true}'
    assert (out / "ground").stat().st_ino == ground_inode  # moved whole, not copied
    assert (out / "compare.json").stat().st_ino == compare_inode  # a hard link, no copy
    assert (out / "sweep-orbit" / "cases" / "part-1.parquet").read_text() == "PAR1"
    assert sorted(p.name for p in out.iterdir()) == [
        "compare.json", "ground", "report.html", "result.json", "sweep-orbit",
    ]  # fmt: skip
    assert beside(out) == []


def test_the_two_rename_fallback_gives_the_same_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where renameat2(RENAME_EXCHANGE) is missing (macOS, some file systems)."""
    monkeypatch.setattr(outdir, "_exchange", lambda a, b: False)
    out = study_folder(tmp_path)
    with output_folder(out, owns=("result.json", "report.html")) as st:
        st.write("result.json", "new")
    assert (out / "result.json").read_text() == "new"
    assert not (out / "report.html").exists()
    assert (out / "dispatch.parquet").exists() and (out / "ground" / "result.json").exists()
    assert beside(out) == []


def test_a_missing_folder_is_created_with_its_parents(tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "out"
    with output_folder(out) as st:
        st.write("x.json", "1")
    assert (out / "x.json").read_text() == "1"
    assert beside(out) == []
    mode = out.stat().st_mode & 0o777
    assert mode == 0o777 & ~_umask(), oct(mode)  # a new folder's usual permissions


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("exc", [RuntimeError("boom"), KeyboardInterrupt()])
def test_an_error_or_ctrl_c_changes_nothing(tmp_path: Path, exc: BaseException) -> None:
    out = study_folder(tmp_path)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(type(exc)), output_folder(out) as st:
        st.write("result.json", "new")
        raise exc
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert beside(out) == []


def test_ctrl_c_in_the_commit_puts_the_subfolders_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interrupted after the subfolders moved into the stage, before the exchange."""

    def interrupted(a: Path, b: Path) -> bool:
        raise KeyboardInterrupt

    monkeypatch.setattr(outdir, "_exchange", interrupted)
    out = study_folder(tmp_path)
    with pytest.raises(KeyboardInterrupt), output_folder(out) as st:
        st.write("result.json", "new")
    assert (out / "result.json").read_text() == '{"old": true}'
    assert (out / "ground" / "result.json").exists()
    assert (out / "sweep-orbit" / "cases" / "part-1.parquet").exists()
    assert beside(out) == []


def test_litter_of_killed_runs_is_tidied_and_a_live_runs_is_not(tmp_path: Path) -> None:
    out = study_folder(tmp_path)
    dead, alive = dead_pid(), os.getppid()
    # killed while writing: files only
    writing = tmp_path / f".out.stage-{dead}-00000001"
    writing.mkdir()
    (writing / "result.json").write_text("half")
    # killed in its commit: the marker, and the subfolder it had moved in
    committing = tmp_path / f".out.stage-{dead}-00000002"
    committing.mkdir()
    (committing / MARKER).touch()
    (out / "ground").rename(committing / "ground")
    # killed between the exchange and removing the marker
    (out / MARKER).touch()
    # a run still writing (its pid exists): never touched
    live = tmp_path / f".out.stage-{alive}-00000003"
    live.mkdir()
    with output_folder(out) as st:
        st.write("index.html", "new")
    assert (out / "ground" / "result.json").read_text() == '{"ground": true}'
    assert not (out / MARKER).exists()
    assert beside(out) == [live.name]
    assert (out / "index.html").read_text() == "new"


def test_the_fallback_killed_between_its_renames_is_rolled_back(tmp_path: Path) -> None:
    """``NAME`` renamed away to ``.NAME.old-*``, the stage not yet renamed in: the old
    folder comes back, the stage's moved subfolders with it."""
    out = study_folder(tmp_path)
    dead = dead_pid()
    old = tmp_path / f".out.old-{dead}-0000000a"
    stage = tmp_path / f".out.stage-{dead}-0000000b"
    stage.mkdir()
    (stage / "result.json").write_text("new, complete")
    (stage / MARKER).touch()
    (out / "ground").rename(stage / "ground")
    out.rename(old)
    with output_folder(out) as st:
        st.write("index.html", "x")
    assert (out / "result.json").read_text() == '{"old": true}'
    assert (out / "ground" / "result.json").exists()
    assert beside(out) == []


def test_in_place_where_the_folder_cannot_be_swapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mount point, or a parent the user cannot write: one rename per file."""
    monkeypatch.setattr(outdir, "_must_stay", lambda real: True)
    out = study_folder(tmp_path)
    inode = out.stat().st_ino
    with output_folder(out, owns=("result.json", "report.html", "dispatch.parquet")) as st:
        st.write("result.json", "new")
        assert [p.name for p in out.iterdir() if p.name.startswith(".out.inplace-")]
    assert out.stat().st_ino == inode
    assert (out / "result.json").read_text() == "new"
    assert not (out / "report.html").exists() and not (out / "dispatch.parquet").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    assert beside(out) == []


def test_a_file_in_place_of_the_folder_is_a_user_error(tmp_path: Path) -> None:
    f = tmp_path / "out"
    f.write_text("a file")
    with pytest.raises(OutputFolderError, match="is a file, not a folder"), output_folder(f):
        pass
    with pytest.raises(OutputFolderError, match="out is a file"), output_folder(f / "sub"):
        pass
    t0 = time.perf_counter()
    r = runner.invoke(app, ["run", str(SMALL), "--out", str(f)])
    assert r.exit_code == 2, r.output
    assert "is a file, not a folder" in r.output and "Traceback" not in r.output
    assert time.perf_counter() - t0 < 5  # refused before simulating
    assert f.read_text() == "a file"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_is_a_user_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        with pytest.raises(OutputFolderError, match="permission denied"), output_folder(out):
            pass
        r = runner.invoke(app, ["compare", str(SMALL), str(BIG), "--out", str(out / "x")])
        assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    finally:
        out.chmod(0o700)


def test_a_failed_write_names_the_folder(tmp_path: Path) -> None:
    """An OSError while staging (a full disk, here a folder where a file goes) leaves the
    folder as it was and says which folder."""
    out = study_folder(tmp_path)
    message = f"cannot write the folder {re.escape(str(out))}"
    with pytest.raises(OutputFolderError, match=message), output_folder(out) as st:
        st.path("result.json").mkdir()
        st.write("result.json", "x")
    assert (out / "result.json").read_text() == '{"old": true}'
    assert beside(out) == []


def test_stage_names_are_plain_file_names(tmp_path: Path) -> None:
    with output_folder(tmp_path / "out") as st:
        for bad in ("", "..", "a/b", MARKER):
            with pytest.raises(ValueError, match="plain file name"):
                st.path(bad)


def test_write_atomic_drops_temporaries_of_dead_writers_only(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    dead = tmp_path / f".report.html.{dead_pid()}.0badcafe.tmp"
    live = tmp_path / f".report.html.{os.getppid()}.0badcafe.tmp"
    other = tmp_path / f".result.json.{dead_pid()}.0badcafe.tmp"
    for p in (dead, live, other):
        p.write_text("half")
    write_atomic(target, "whole")
    assert target.read_text() == "whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["report.html", live.name, other.name]
    )


# ---------------------------------------------------------------------------------------
# SIGKILL at seeded moments
# ---------------------------------------------------------------------------------------

SEED = 16
#: Kills per lane; two lanes (folders) run side by side to keep the test near 40 s.
KILLS_PER_LANE = 4
#: Of each lane's kills, this many fall anywhere from the start to the summary (importing,
#: simulating); the rest fall in the writing phase that follows the summary table.
EARLY_PER_LANE = 1


def names_in(folder: Path) -> tuple[str, str]:
    """The scenario named by result.json and by report.html."""
    name = json.loads((folder / "result.json").read_text(encoding="utf-8"))["scenario"]["name"]
    m = re.search(r"<title>wattflop report: ([^<]+)</title>", (folder / "report.html").read_text())
    assert m, "report.html without its title"
    return name, m.group(1)


def start_run(scenario: Path, out: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "100"}
    cmd = [sys.executable, "-m", "wattflop", "run", str(scenario), "--out", str(out)]
    with log.open("wb") as f:
        return subprocess.Popen(cmd, stdout=f, stderr=subprocess.STDOUT, env=env, cwd=out.parent)


def summary_shown(log: Path) -> bool:
    """The summary table is printed after the simulation, before any file is written."""
    return "boundary:" in log.read_text(encoding="utf-8", errors="replace")


def timed_run(scenario: Path, out: Path) -> tuple[float, float]:
    """Run to the end; (seconds to the summary, seconds in all)."""
    log = out.parent / "run.log"
    t0 = time.monotonic()
    proc = start_run(scenario, out, log)
    t_summary = None
    while proc.poll() is None:
        if t_summary is None and summary_shown(log):
            t_summary = time.monotonic() - t0
        time.sleep(0.02)
    total = time.monotonic() - t0
    assert proc.returncode == 0, log.read_text()
    return t_summary if t_summary is not None else total, total


def kill_at(out: Path, moment: tuple[str, float]) -> str:
    """Start the big run over ``out`` and SIGKILL it at ``moment``: ("start", s) seconds after
    it starts or ("summary", s) seconds after its summary appears. Returns what is left."""
    log = out.parent / "run.log"
    t0 = time.monotonic()
    proc = start_run(BIG, out, log)
    try:
        kind, delay = moment
        while proc.poll() is None:
            if kind == "summary" and summary_shown(log):
                kind, t0 = "start", time.monotonic()
            if kind == "start" and time.monotonic() - t0 >= delay:
                proc.kill()
                break
            time.sleep(0.01)
    finally:
        proc.wait(60)
    result, report = names_in(out)
    assert result == report, f"killed at {moment}: result.json of {result}, report of {report}"
    assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    return result


@pytest.mark.slow
def test_sigkill_at_any_moment_leaves_one_scenario_in_the_folder(tmp_path: Path) -> None:
    """Acceptance (issue #16 item 5): a folder holds the 20 MW scenario's result; the 1 GW
    run over it is killed (SIGKILL) at seeded moments spread over its run, most of them in
    the writing phase. After every kill result.json and report.html name the same scenario;
    after one complete run the folder holds the 1 GW result and nothing else is left in or
    beside it."""
    lanes = [tmp_path / f"lane{i}" / "out" for i in range(2)]
    lanes[0].parent.mkdir()
    t_summary, t_total = timed_run(SMALL, lanes[0])
    assert names_in(lanes[0]) == (SMALL.stem, SMALL.stem)
    shutil.copytree(lanes[0].parent, lanes[1].parent)
    rng = random.Random(SEED)
    writing = max(t_total - t_summary, 0.5)
    plans: list[list[tuple[str, float]]] = []
    for _ in lanes:
        early = [("start", t_summary * (i + rng.random()) / EARLY_PER_LANE)
                 for i in range(EARLY_PER_LANE)]  # fmt: skip
        late_n = KILLS_PER_LANE - EARLY_PER_LANE
        late = [("summary", 1.2 * writing * (i + rng.random()) / late_n) for i in range(late_n)]
        plans.append(early + late)

    def lane(out: Path, moments: list[tuple[str, float]]) -> list[str]:
        left = [kill_at(out, m) for m in moments]
        timed_run(BIG, out)
        return left

    with ThreadPoolExecutor(len(lanes)) as pool:
        jobs = [pool.submit(lane, o, p) for o, p in zip(lanes, plans, strict=True)]
        left = [job.result() for job in jobs]
    for out in lanes:
        assert names_in(out) == (BIG.stem, BIG.stem)
        assert sorted(p.name for p in out.iterdir()) == ["report.html", "result.json"]
        assert sorted(p.name for p in out.parent.iterdir()) == ["out", "run.log"]
    print(f"summary at {t_summary:.1f} s of {t_total:.1f} s; killed at {plans}; left {left}")

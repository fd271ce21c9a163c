"""Test configuration shared by the whole suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from wattflop.cache import CACHE_DIR_ENV, cache_dir

# Property tests call numba kernels that compile on their first call (a second or more on a
# fresh checkout): wall-clock deadlines would make them flaky, so there are none — speed is
# measured in benchmarks/. By default the examples are derived from each test, so a CI run is
# reproducible; HYPOTHESIS_PROFILE=explore draws new random examples (and more of them).
settings.register_profile("wattflop", deadline=None, derandomize=True)
settings.register_profile("explore", deadline=None, max_examples=500)
# The long fuzz run (tests/fuzz): random mutants, thousands per fuzz test. Select it with
# WATTFLOP_FUZZ=1, HYPOTHESIS_PROFILE=fuzz or pytest's --hypothesis-profile=fuzz;
# WATTFLOP_FUZZ_EXAMPLES sets the count per fuzz test (default 1,700: ~10,000 over the six).
settings.register_profile(
    "fuzz",
    deadline=None,
    max_examples=int(os.environ.get("WATTFLOP_FUZZ_EXAMPLES", "1700")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_default = "fuzz" if os.environ.get("WATTFLOP_FUZZ") == "1" else "wattflop"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", _default))


#: numba's cache of wattflop's kernels as the user's environment places it (read before any
#: test moves the cache folder): compiled once, shared with the tests' own cache folders.
_NUMBA = cache_dir("numba")


def _cache_folder(root: Path) -> Path:
    """A cache folder for tests: its own ``results`` (ground results, web store), and a
    link to the user's numba cache so that subprocesses do not compile every kernel again."""
    _NUMBA.mkdir(parents=True, exist_ok=True)
    (root / "numba").symlink_to(_NUMBA, target_is_directory=True)
    return root


@pytest.fixture(scope="session", autouse=True)
def _test_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``WATTFLOP_CACHE_DIR`` points into the session's temporary folder (this process and
    the subprocesses its tests start): no test writes the user's result cache. The session
    shares it, so a ground year solved by one test is read by the next (as the commands do);
    a test that needs an empty cache asks for :func:`fresh_cache`."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(CACHE_DIR_ENV, str(_cache_folder(tmp_path_factory.mktemp("wattflop-cache"))))
        yield Path(os.environ[CACHE_DIR_ENV])


@pytest.fixture
def fresh_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder for this test (``WATTFLOP_CACHE_DIR``); returns it."""
    root = _cache_folder(tmp_path_factory.mktemp("fresh-cache"))
    monkeypatch.setenv(CACHE_DIR_ENV, str(root))
    return root

"""numba's caches of wattflop's functions go to the user cache, never into the package
folder (issue #16, item 6): a read-only or shared install cannot take them, and build
products do not belong beside the sources."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import wattflop
from wattflop.jit import WattflopCacheLocator

PACKAGE = Path(wattflop.__file__).resolve().parent

SCRIPT = """
import numpy as np
from wattflop.orbit import sun
print(float(sun._mean_longitude_loop(np.array([0.0, 1.0]))[1]))
"""


def _caches(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.suffix in (".nbi", ".nbc")]


def test_a_compiled_function_is_cached_under_the_wattflop_cache(tmp_path: Path) -> None:
    before = set(_caches(PACKAGE))
    env = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    env["WATTFLOP_CACHE_DIR"] = str(tmp_path)
    for _ in range(2):  # compile and write, then load from the cache
        r = subprocess.run(
            [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
        )
        assert r.returncode == 0, r.stderr
    written = _caches(tmp_path / "numba")
    assert any(p.name.startswith("sun._mean_longitude_loop") for p in written), written
    assert all(p.is_relative_to(tmp_path / "numba" / "orbit") for p in written)
    assert set(_caches(PACKAGE)) == before  # nothing new in the package folder


def test_the_locator_claims_only_wattflop_functions() -> None:
    def outside() -> None:  # defined in tests/, not in the package
        pass

    assert WattflopCacheLocator.from_function(outside, __file__) is None

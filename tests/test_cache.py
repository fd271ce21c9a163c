"""One cache-folder rule: WATTFLOP_CACHE_DIR, else the platform's user cache."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from wattflop.cache import cache_dir
from wattflop.study import headroom
from wattflop.web import app


def test_environment_variable_moves_every_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("WATTFLOP_CACHE_DIR", str(tmp_path))
    assert cache_dir("x") == tmp_path / "x"
    assert headroom.default_cache_dir() == tmp_path / "eia930"
    assert app.default_cache_dir() == tmp_path / "web"


def test_platform_cache_otherwise(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WATTFLOP_CACHE_DIR", "")  # empty counts as unset
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    base = Path(platformdirs.user_cache_dir("wattflop", appauthor=False))
    assert cache_dir("web") == base / "web" == app.default_cache_dir()
    assert headroom.default_cache_dir() == base / "eia930"

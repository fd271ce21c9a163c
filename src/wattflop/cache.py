"""Where wattflop keeps what it can download or compute again: one rule for every cache.

``$WATTFLOP_CACHE_DIR/<sub>`` when the variable is set, else ``<sub>`` in the platform's user
cache folder for wattflop (:func:`platformdirs.user_cache_dir`): ``$XDG_CACHE_HOME/wattflop``
or ``~/.cache/wattflop`` on Linux, ``~/Library/Caches/wattflop`` on macOS,
``%LOCALAPPDATA%\\wattflop\\Cache`` on Windows.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

#: Environment variable that moves every wattflop cache.
CACHE_DIR_ENV = "WATTFLOP_CACHE_DIR"


def cache_dir(sub: str) -> Path:
    """The cache folder ``sub`` (e.g. ``"eia930"``, ``"web"``) by the rule above; read from
    the environment at each call, not created here."""
    root = os.environ.get(CACHE_DIR_ENV)
    base = Path(root) if root else Path(platformdirs.user_cache_dir("wattflop", appauthor=False))
    return base / sub

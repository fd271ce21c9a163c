"""numba, with its on-disk caches of wattflop's compiled functions in the user cache.

numba writes the cache of a ``cache=True`` function beside its source file by default
(``__pycache__`` in the installed package), which a read-only or shared install cannot take
and which mixes build products into the package. Importing numba through this module
registers one more cache locator, first in numba's list, that claims only functions defined
in wattflop's own files and puts their caches under :func:`wattflop.cache.cache_dir`
``("numba")`` (``$WATTFLOP_CACHE_DIR/numba`` when set). It steps aside when the user has set
``NUMBA_CACHE_DIR`` (numba's own rule then applies), and changes nothing for other packages'
functions. Nothing in ``os.environ`` or ``numba.config`` is changed.

Every module of wattflop that compiles with numba imports it as ``from wattflop.jit import
numba``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numba
from numba.core import caching as _caching
from numba.core import config as _config

from wattflop.cache import cache_dir

__all__ = ["PACKAGE", "WattflopCacheLocator", "numba"]

caching: Any = _caching
config: Any = _config
#: numba's list of cache locators, tried in order (``CacheImpl`` since numba 0.60, before
#: that ``_CacheImpl``).
_IMPL: Any = getattr(caching, "CacheImpl", None) or caching._CacheImpl
_LOCATORS: list[Any] = _IMPL._locator_classes

#: The package folder: functions defined below it are cached in the user cache.
PACKAGE = Path(__file__).resolve().parent


class WattflopCacheLocator(caching._SourceFileBackedLocatorMixin, caching._CacheLocator):  # type: ignore[misc]
    """Cache of a wattflop function: ``cache_dir("numba")/<module path>``."""

    def __init__(self, py_func: Any, py_file: str) -> None:
        self._py_file = py_file
        self._lineno = py_func.__code__.co_firstlineno
        relative = Path(py_file).resolve().parent.relative_to(PACKAGE)
        self._cache_path = str(cache_dir("numba") / relative)

    def get_cache_path(self) -> str:
        return self._cache_path

    @classmethod
    def from_function(cls, py_func: Any, py_file: str) -> Any:
        if config.CACHE_DIR or not os.path.exists(py_file):
            return None  # the user's NUMBA_CACHE_DIR wins; placeholders are not cached
        if not Path(py_file).resolve().is_relative_to(PACKAGE):
            return None  # not ours
        return super().from_function(py_func, py_file)


if WattflopCacheLocator not in _LOCATORS:
    _LOCATORS.insert(0, WattflopCacheLocator)

"""One solve per content: ground results kept on disk, keyed by what determines them.

A ground site's year is a PyPSA + HiGHS linear programme of several seconds; the commands
(``run``, ``compare``, ``breakeven``, ``learning``, ``montecarlo``, ``what-it-takes``,
``claims``, ``sweep``), the web server and a sweep's workers all reach it through
:func:`wattflop.simulate` or this module's :func:`simulate_ground`, which ask this cache
first (:func:`cached_simulation`) and import PyPSA only to solve, with
:func:`wattflop.ground.site.simulate_ground` (the solver itself: called directly, it always
solves). An orbital year (~0.3 s) is not cached.

The key
-------
SHA-256 of one canonical JSON document (:func:`result_key`) holding

- the validated scenario, whole (``model_dump(mode="json")``): every value that can change
  the result, the solver choice included; nothing of how it runs (HiGHS' threads come from
  ``WATTFLOP_SOLVER_THREADS`` and are not part of it);
- the SHA-256 of the *bytes* of every file the scenario names (``location.weather``,
  ``plant.grid.price_file``; :func:`wattflop.scenario.files.file_references`), so an edited
  weather or price file is a new key under the same path;
- :func:`code_hash`: every file of the installed package (code, catalogues, bundled data),
  so any change to wattflop, whatever its version number says, is a new key;
- the versions of Python and of the libraries the ground year runs on (:data:`LIBRARIES`:
  pvlib's bundled weather years, PyPSA, HiGHS, the numerics);
- :data:`FORMAT`, the layout of an entry.

A scenario whose file cannot be read (or, on a server, may not be: :func:`no_user_files`)
has no key: it is solved, or refused, as without a cache.

An entry
--------
``<key>.npz`` in ``cache_dir("results")`` (``$WATTFLOP_CACHE_DIR/results`` when set, else
``~/.cache/wattflop/results`` on Linux; :func:`wattflop.cache.cache_dir`): a NumPy archive
read with ``allow_pickle=False``, so that reading an entry never runs code. It holds the
result's values and sources as JSON (NaN and infinities kept), its daily and detail datasets
as plain arrays with their dimensions and attributes, and the plan the money prices
(``artifacts["money_inputs"]``); a result holding anything else is not stored.

The solved PyPSA network (``artifacts["network"]``) is not in the entry: exporting it costs
about a second per solve, and a network read back from netCDF is not the one solved (PyPSA
leaves out the series that hold their defaults, e.g. an unbuilt battery's flows, so
:func:`wattflop.ground.network.dispatch` fails on it). A cached result makes it on first use
by solving the scenario again. What the commands need of it is its file: ``wattflop run``
keeps the ``network.nc`` it exports beside the entry (``<key>.nc``, :func:`keep_network`)
and copies that file on a later hit (:func:`copy_network`).

Entries are written atomically (:func:`wattflop.outdir.write_atomic`); one that cannot be
read (truncated, another format, another key inside) counts as a miss and is replaced. The
folder is created private (0700): results say what a user studies.

Size
----
At most :data:`DEFAULT_MAX_BYTES` (1 GiB) and :data:`DEFAULT_MAX_ENTRIES` (1,000 entries);
beyond either, the least recently used entries go (a hit marks its entry used). A ground
entry of the 1 GW Memphis year is about 1.4 MB, its network 0.3 MB. The folder may be
deleted at any time.

Bypass
------
Every command that simulates a ground site takes ``--no-cache``: within
:func:`bypass` the cache is neither read nor written (this thread or task only; a sweep
passes it to its workers). Scenario → result functions called directly (the library's
:func:`wattflop.simulate`) use the cache unless they run inside :func:`bypass`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import logging
import math
import os
import re
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import xarray as xr

from wattflop.cache import cache_dir
from wattflop.outdir import write_atomic
from wattflop.result import SiteResult

if TYPE_CHECKING:
    from wattflop.scenario import GroundScenario

log = logging.getLogger(__name__)

#: Layout of an entry; part of the key (bump when :func:`_encode` changes).
FORMAT = 1
#: Sub-folder of the cache folder (:func:`wattflop.cache.cache_dir`).
SUBFOLDER = "results"
#: Largest total size of the entries [bytes]; least recently used entries go beyond it.
DEFAULT_MAX_BYTES = 1 << 30
#: Largest number of entries; least recently used entries go beyond it.
DEFAULT_MAX_ENTRIES = 1000
#: Distributions whose versions are part of the key: what a ground year runs on.
LIBRARIES = ("numpy", "scipy", "pandas", "xarray", "pvlib", "pypsa", "linopy", "highspy")

_KEY = re.compile(r"[0-9a-f]{64}")
_ENTRY = re.compile(r"([0-9a-f]{64})\.(npz|nc)")
_TEMPORARY = re.compile(r"\.[0-9a-f]{64}\.(?:npz|nc)\.\d+\.[0-9a-f]+\.tmp")
#: Age past which a temporary of a write is litter of a killed writer [s] (a write takes
#: well under a second; :func:`wattflop.outdir.write_atomic` tidies its own name's).
STALE_TEMPORARY_S = 3600.0
_PACKAGE = Path(__file__).resolve().parent

#: False inside :func:`bypass`.
_ENABLED: ContextVar[bool] = ContextVar("wattflop_result_cache", default=True)
_prune_lock = threading.Lock()


class _UnstorableError(Exception):
    """A result holding something an entry cannot keep faithfully (then it is not stored)."""


# ---------------------------------------------------------------------------------------
# On or off
# ---------------------------------------------------------------------------------------


@contextlib.contextmanager
def bypass(active: bool = True) -> Iterator[None]:
    """Within this block (this thread or task only) the result cache is neither read nor
    written, when ``active``; ``bypass(False)`` changes nothing (``--no-cache`` off).

    >>> with bypass():
    ...     enabled()
    False
    >>> enabled()
    True
    """
    token = _ENABLED.set(not active and _ENABLED.get())
    try:
        yield
    finally:
        _ENABLED.reset(token)


def enabled() -> bool:
    """Whether the result cache is used here (not inside :func:`bypass`)."""
    return _ENABLED.get()


# ---------------------------------------------------------------------------------------
# The key
# ---------------------------------------------------------------------------------------


@cache
def code_hash() -> str:
    """SHA-256 of every file of the installed package (:func:`tree_hash`), once per
    process: any edit to wattflop's code, catalogues or bundled data changes it (~10 ms for
    its ~2.6 MB)."""
    return tree_hash(_PACKAGE)


def tree_hash(folder: Path) -> str:
    """SHA-256 of the files below ``folder``: each one's relative path and bytes, in path
    order; compiled ``__pycache__`` folders and hidden files left out."""
    h = hashlib.sha256()
    files = sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not any(
            part == "__pycache__" or part.startswith(".") for part in p.relative_to(folder).parts
        )
    )
    for p in files:
        rel = p.relative_to(folder).as_posix().encode("utf-8")
        data = p.read_bytes()
        h.update(len(rel).to_bytes(8, "little") + rel + len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


@cache
def library_versions() -> dict[str, str]:
    """Python's version and those of :data:`LIBRARIES` (``"-"`` for one not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": sys.version.split()[0]}
    for name in LIBRARIES:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "-"
    return out


@cache
def code_key() -> str:
    """SHA-256 of :func:`code_hash` and :func:`library_versions`: what a result depends on
    besides its inputs (the web server's study results are keyed with it too)."""
    text = json.dumps({"code": code_hash(), "libraries": library_versions()}, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_digest(path: str) -> str:
    """SHA-256 of a file's bytes (read in 1 MiB blocks)."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def result_key(sc: GroundScenario) -> str | None:
    """The cache key of a ground scenario (see the module doc), or None when a file it
    names cannot be read (the simulation then reports it).

    Raises
    ------
    ScenarioError
        Inside :func:`wattflop.scenario.files.no_user_files` (a server), for a scenario that
        names a file: the same refusal the simulation would give, before any file is read.
    """
    from wattflop.scenario.files import check_file_allowed, file_references

    dump = sc.model_dump(mode="json")
    files: dict[str, str] = {}
    for key, value in file_references(dump):
        check_file_allowed(key, value)
        try:
            files[key] = file_digest(value)
        except OSError:
            return None
    document = {"format": FORMAT, "code": code_key(), "scenario": dump, "files": files}
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), allow_nan=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------------------


def _plain(value: Any, where: str) -> Any:
    """``value`` as JSON's types (mappings with text keys, lists, text, numbers, booleans,
    None); NumPy scalars become Python's. Anything else (a tuple, an array, an object) is
    :class:`_UnstorableError`: it would not come back the same."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)):
        return float(value) if isinstance(value, float) else int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, Mapping):
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise _UnstorableError(f"{where}: key {k!r} is not text")
            out[k] = _plain(v, f"{where}.{k}")
        return out
    if isinstance(value, list):
        return [_plain(v, f"{where}[{i}]") for i, v in enumerate(value)]
    raise _UnstorableError(f"{where}: {type(value).__name__} is not kept by the cache")


def _dataset_meta(ds: xr.Dataset, name: str, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    """A dataset's layout (dimensions, attributes, names in order); its arrays go into
    ``arrays`` under fresh names."""

    def one(var_name: Any, da: xr.DataArray) -> list[Any]:
        if not isinstance(var_name, str):
            raise _UnstorableError(f"{name}: variable name {var_name!r} is not text")
        values = np.asarray(da.values)
        if values.dtype.hasobject:
            raise _UnstorableError(f"{name}.{var_name}: objects are not kept by the cache")
        slot = f"a{len(arrays)}"
        arrays[slot] = values
        return [var_name, list(da.dims), _plain(dict(da.attrs), f"{name}.{var_name}"), slot]

    return {
        "attrs": _plain(dict(ds.attrs), name),
        "coords": [one(k, ds.coords[k]) for k in ds.coords],
        "vars": [one(k, ds[k]) for k in ds.data_vars],
    }


def _dataset(meta: Mapping[str, Any], arrays: Mapping[str, np.ndarray]) -> xr.Dataset:
    def entries(group: str) -> dict[str, Any]:
        return {n: (tuple(dims), arrays[slot], attrs) for n, dims, attrs, slot in meta[group]}

    return xr.Dataset(entries("vars"), coords=entries("coords"), attrs=meta["attrs"])


def _encode(key: str, result: SiteResult) -> bytes:
    """An entry's bytes (an ``.npz`` archive) for ``result``.

    Raises
    ------
    _UnstorableError
        The result holds something the entry would not give back the same.
    """
    from wattflop.ground.money import PlanQuantities

    extra = set(result.artifacts) - {"network", "money_inputs"}
    if extra:
        raise _UnstorableError(f"artifacts {sorted(extra)} are not kept by the cache")
    q = result.artifacts.get("money_inputs")
    if q is not None and not isinstance(q, PlanQuantities):
        raise _UnstorableError(f"money_inputs is a {type(q).__name__}")
    arrays: dict[str, np.ndarray] = {}
    meta = {
        "format": FORMAT,
        "key": key,
        "values": _plain(result.values, "values"),
        "sources": _plain(result.sources, "sources"),
        "daily": _dataset_meta(result.daily, "daily", arrays),
        "detail": _dataset_meta(result.detail, "detail", arrays),
        "money_inputs": None if q is None else _plain(dataclasses.asdict(q), "money_inputs"),
    }
    text = json.dumps(meta, separators=(",", ":"), allow_nan=True)
    arrays["meta"] = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    buf = io.BytesIO()
    savez: Any = np.savez  # its typing reads the names of arrays as its own keywords
    savez(buf, **arrays)  # no object arrays (refused above): nothing is pickled
    return buf.getvalue()


def _decode(key: str, path: Path, network: Callable[[], Any]) -> SiteResult:
    """The result of the entry at ``path``; its network, when asked for, from ``network()``.

    Raises
    ------
    ValueError, KeyError, TypeError, OSError, zipfile.BadZipFile, EOFError
        An entry that cannot be read or is not this key's.
    """
    from wattflop.ground.money import PlanQuantities

    data = path.read_bytes()  # one read: a file replaced meanwhile is read whole or not at all
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        meta = json.loads(bytes(z["meta"]).decode("utf-8"))
        if meta.get("format") != FORMAT or meta.get("key") != key:
            raise ValueError(f"{path.name} is not an entry of this format and key")
        slots = [row[3] for g in ("daily", "detail") for part in ("coords", "vars")
                 for row in meta[g][part]]  # fmt: skip
        arrays = {s: z[s] for s in slots}
    q = meta["money_inputs"]
    artifacts: dict[str, Any] = {} if q is None else {"money_inputs": PlanQuantities(**q)}
    return SiteResult(
        values=meta["values"],
        daily=_dataset(meta["daily"], arrays),
        detail=_dataset(meta["detail"], arrays),
        sources=meta["sources"],
        artifacts=LazyArtifacts(artifacts, {"network": network}),
    )


class LazyArtifacts(Mapping[str, Any]):
    """A result's artifacts, some made on first use (a cached result's network)."""

    def __init__(self, ready: Mapping[str, Any], later: Mapping[str, Callable[[], Any]]) -> None:
        self._ready = dict(ready)
        self._later = dict(later)
        self._lock = threading.Lock()

    def __getitem__(self, name: str) -> Any:
        with self._lock:
            if name not in self._ready and name in self._later:
                self._ready[name] = self._later.pop(name)()
            return self._ready[name]

    def __iter__(self) -> Iterator[str]:
        return iter([*self._ready, *self._later])

    def __len__(self) -> int:
        return len(self._ready) + len(self._later)

    def __contains__(self, name: object) -> bool:
        return name in self._ready or name in self._later


class ResultCache:
    """Ground results on disk, one ``<key>.npz`` per key (see the module doc).

    Parameters
    ----------
    folder : Path, optional
        Where the entries live (default: ``cache_dir("results")``, read now).
    max_bytes, max_entries : int
        Bounds of the folder; least recently used entries go beyond either.
    """

    def __init__(
        self,
        folder: Path | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_entries: int = DEFAULT_MAX_ENTRIES,
    ) -> None:
        self.folder = Path(folder) if folder is not None else cache_dir(SUBFOLDER)
        self.max_bytes = max_bytes
        self.max_entries = max_entries

    def path(self, key: str) -> Path:
        """The entry of ``key``."""
        if not _KEY.fullmatch(key):
            raise ValueError(f"not a result key: {key!r}")
        return self.folder / f"{key}.npz"

    def network_path(self, key: str) -> Path:
        """The solved network kept beside the entry of ``key`` (``<key>.nc``), if any."""
        return self.path(key).with_suffix(".nc")

    def get(self, key: str, solve: Callable[[], SiteResult]) -> SiteResult | None:
        """The stored result of ``key``, or None (no entry, or one that cannot be read: it
        is removed). Its ``artifacts["network"]`` is ``solve()``'s, made on first use."""
        path = self.path(key)
        try:
            result = _decode(key, path, lambda: solve().artifacts["network"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile) as exc:
            log.warning("result cache: %s cannot be read (%s); solving again", path, exc)
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: the last to go
        return result

    def put(self, key: str, result: SiteResult) -> bool:
        """Store ``result`` under ``key`` (atomically), then keep the folder within its
        bounds; False when the result holds something an entry cannot keep, or the folder
        cannot be written (the cache is then just not used)."""
        try:
            data = _encode(key, result)
        except (_UnstorableError, ValueError) as exc:
            log.warning("result cache: not storing %s: %s", key[:12], exc)
            return False
        try:
            self._make_folder()
            write_atomic(self.path(key), data)
        except OSError as exc:
            log.warning("result cache: cannot write %s: %s", self.folder, exc)
            return False
        self.prune()
        return True

    def keep_network(self, key: str, source: Path) -> bool:
        """Keep a copy of an exported ``network.nc`` beside the entry of ``key`` (when there
        is an entry and no network yet); True when it was kept."""
        target = self.network_path(key)
        if target.exists() or not self.path(key).exists():
            return False
        try:
            write_atomic(target, source.read_bytes())
        except OSError as exc:
            log.warning("result cache: cannot keep the network of %s: %s", key[:12], exc)
            return False
        self.prune()
        return True

    def copy_network(self, key: str, target: Path) -> bool:
        """Copy the ``network.nc`` kept beside the entry of ``key`` to ``target``; False when
        there is none (or it cannot be read)."""
        try:
            data = self.network_path(key).read_bytes()
        except OSError:
            return False
        if not self.path(key).exists():
            return False  # an entry's network only: this one is on its way out
        target.write_bytes(data)
        with contextlib.suppress(OSError):
            os.utime(self.path(key))
        return True

    def _make_folder(self) -> None:
        if not self.folder.is_dir():
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)

    def entries(self) -> list[tuple[str, float, int]]:
        """``(key, last used [s since the epoch], bytes with its network)``, oldest first."""
        found: dict[str, list[float]] = {}
        with contextlib.suppress(FileNotFoundError), os.scandir(self.folder) as it:
            for e in it:
                m = _ENTRY.fullmatch(e.name)
                if not m:
                    continue
                with contextlib.suppress(FileNotFoundError):
                    st = e.stat(follow_symlinks=False)
                    slot = found.setdefault(m.group(1), [math.nan, 0.0])
                    if m.group(2) == "npz":
                        slot[0] = st.st_mtime
                    slot[1] += st.st_size
        rows = [(k, t, int(size)) for k, (t, size) in found.items()]
        # networks without an entry (no time) first, then the least recently used
        return sorted(rows, key=lambda r: (not math.isnan(r[1]), 0.0 if math.isnan(r[1]) else r[1]))

    def prune(self) -> None:
        """Remove networks without an entry, temporaries older than
        :data:`STALE_TEMPORARY_S`, and the least recently used entries beyond
        :attr:`max_bytes` or :attr:`max_entries`."""
        with _prune_lock:
            rows = self.entries()
            total = sum(size for *_, size in rows)
            count = sum(1 for _, t, _ in rows if not math.isnan(t))
            for key, t, size in rows:  # orphans (NaN time) come first
                orphan = math.isnan(t)
                if not orphan and total <= self.max_bytes and count <= self.max_entries:
                    break
                for p in (self.path(key), self.network_path(key)):
                    with contextlib.suppress(OSError):
                        p.unlink()
                total -= size
                count -= 0 if orphan else 1
            stale = time.time() - STALE_TEMPORARY_S
            with contextlib.suppress(OSError), os.scandir(self.folder) as it:
                for e in it:
                    if _TEMPORARY.fullmatch(e.name):
                        with contextlib.suppress(OSError):
                            if e.stat(follow_symlinks=False).st_mtime < stale:
                                os.unlink(e.path)


# ---------------------------------------------------------------------------------------
# The choke point
# ---------------------------------------------------------------------------------------


def cached_simulation(
    sc: GroundScenario, solve: Callable[[GroundScenario], SiteResult]
) -> SiteResult:
    """``solve(sc)``, or its result from the cache; a new result is stored. Outside the cache
    when :func:`bypass` is active or the scenario has no key (:func:`result_key`)."""
    if not enabled():
        return solve(sc)
    key = result_key(sc)
    if key is None:
        return solve(sc)
    store = ResultCache()
    hit = store.get(key, lambda: solve(sc))
    if hit is not None:
        log.debug("result cache: hit %s (%s)", key[:12], sc.name)
        return hit
    result = solve(sc)
    store.put(key, result)
    return result


def simulate_ground(sc: GroundScenario) -> SiteResult:
    """A ground site's result, from the cache or solved (:func:`cached_simulation` of
    :func:`wattflop.ground.site.simulate_ground`, which always solves); PyPSA is imported
    only when it solves, which saves a hit the seconds of its import."""
    return cached_simulation(sc, _solve_ground)


def _solve_ground(sc: GroundScenario) -> SiteResult:
    from wattflop.ground.site import simulate_ground as solve

    return solve(sc)


def read_from_cache(result: SiteResult) -> bool:
    """Whether ``result`` was read from the cache (its artifacts are made on first use)
    rather than solved in this call."""
    return isinstance(result.artifacts, LazyArtifacts)


def contains(sc: GroundScenario) -> bool:
    """Whether the cache holds a result of ``sc`` now (False when bypassed, or for a
    scenario without a key or that names a file where none may be read)."""
    from wattflop.errors import WattflopError

    if not enabled():
        return False
    try:
        key = result_key(sc)
    except WattflopError:
        return False
    return key is not None and ResultCache().path(key).exists()


def keep_network(sc: GroundScenario, source: Path) -> bool:
    """Keep ``source`` (the ``network.nc`` a command exported for ``sc``) beside the cached
    result of ``sc``, for :func:`copy_network`; False when the cache is bypassed, the
    scenario has no key or entry, or a network is kept already."""
    if not enabled():
        return False
    key = result_key(sc)
    return key is not None and ResultCache().keep_network(key, source)


def copy_network(sc: GroundScenario, target: Path) -> bool:
    """Write the ``network.nc`` kept for ``sc`` (:func:`keep_network`) to ``target``: the
    same bytes an earlier export wrote, without solving; False when the cache is bypassed
    or keeps none for ``sc`` (export ``result.artifacts["network"]`` then)."""
    if not enabled():
        return False
    key = result_key(sc)
    return key is not None and ResultCache().copy_network(key, target)


__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ENTRIES",
    "FORMAT",
    "LIBRARIES",
    "STALE_TEMPORARY_S",
    "LazyArtifacts",
    "ResultCache",
    "bypass",
    "cached_simulation",
    "code_hash",
    "code_key",
    "contains",
    "copy_network",
    "enabled",
    "file_digest",
    "keep_network",
    "library_versions",
    "read_from_cache",
    "result_key",
    "simulate_ground",
    "tree_hash",
]

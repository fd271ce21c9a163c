"""Files that ship inside the package: the bundled scenarios and sweeps, and open data.

They are read through :mod:`importlib.resources`, so an installed wheel finds them wherever
it lives; in a source checkout the repository's ``scenarios/`` and ``sweeps/`` are links to
the same folders (``src/wattflop/scenarios``, ``src/wattflop/sweeps``).

A bundled scenario or sweep can be named without its folder or suffix: every loader takes
``orbit-1gw-dawn-dusk-650km`` (or ``orbit-1gw-dawn-dusk-650km.yaml``) when no such file
exists where it is run (:func:`find`).

>>> "orbit-1gw-dawn-dusk-650km" in names("scenarios")
True
>>> find("orbit-1gw-dawn-dusk-650km").name
'orbit-1gw-dawn-dusk-650km.yaml'
"""

from __future__ import annotations

import difflib
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from wattflop.errors import WattflopError

#: Folders of bundled YAML files that can be named without their path.
Kind = Literal["scenarios", "sweeps"]
#: File suffixes of bundled YAML files.
SUFFIXES = (".yaml", ".yml")


class BundledFileError(WattflopError):
    """The package's own files are not on disk (e.g. a zipped install)."""


@cache
def folder(name: str) -> Path:
    """The folder ``name`` of the installed package on disk, e.g. ``"scenarios"``,
    ``"sweeps"`` or ``"data/eia930"``.

    Raises
    ------
    BundledFileError
        The package is not installed as files (a zip import), or the folder is absent.
    """
    root = resources.files("wattflop")
    for part in name.split("/"):
        root = root.joinpath(part)
    if not isinstance(root, Path) or not root.is_dir():
        raise BundledFileError(
            f"wattflop's bundled folder '{name}' is not on disk ({root}); "
            "reinstall wattflop from its wheel (pip install --force-reinstall wattflop)"
        )
    return root


def names(kind: Kind = "scenarios") -> list[str]:
    """Names (file stems) of the bundled YAML files of ``kind``, sorted."""
    return sorted(p.stem for p in folder(kind).iterdir() if p.suffix in SUFFIXES)


def is_bare_name(path: str | Path) -> bool:
    """Whether ``path`` is a plain name, without any folder (``x``, ``x.yaml``; not
    ``./x.yaml``)."""
    text = os.fspath(path)
    seps = {"/", os.sep} | ({os.altsep} if os.altsep else set())
    return bool(text) and not any(s in text for s in seps)


def _stem(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def find(path: str | Path, kind: Kind = "scenarios") -> Path:
    """The file a user means by ``path``: ``path`` itself when it exists; else, when ``path``
    is a bare name (no folder) of a bundled file of ``kind``, with or without ``.yaml``, that
    bundled file; else ``path`` unchanged (its reader then reports it missing, with
    :func:`suggestion`)."""
    p = Path(path)
    if p.exists() or not is_bare_name(path):
        return p
    stem = _stem(p.name)
    for suffix in SUFFIXES:
        candidate = folder(kind) / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    return p


def suggestion(path: str | Path, kind: Kind = "scenarios") -> str:
    """A hint for a missing bare name: the closest bundled name and the list of them (empty
    for a path with a folder)."""
    if not is_bare_name(path):
        return ""
    known = names(kind)
    singular = kind.removesuffix("s")
    close = difflib.get_close_matches(_stem(Path(path).name), known, n=1, cutoff=0.5)
    mean = f"did you mean the bundled {singular} '{close[0]}'? " if close else ""
    return f"{mean}bundled {kind} (run them by name): {', '.join(known)}"


def eia930(region: Literal["CONUS", "TVA"] = "CONUS") -> Path:
    """The cleaned EIA-930 hourly demand CSV (gzip) that ships with wattflop: ``CONUS`` (the
    contiguous US) or ``TVA`` (see ``data/eia930/SOURCE.md``: Ruggles et al. 2020, CC BY 4.0);
    :func:`wattflop.study.headroom.read_eia930` reads it."""
    return folder("data/eia930") / f"{region}.csv.gz"


def national_generation() -> Path:
    """Yearly national electricity generation [TWh] that ships with wattflop: China and the
    US, 2019–2025, per source series (Ember via Our World in Data, EIA utility-scale; see
    ``data/national/SOURCE.md``); :func:`wattflop.claims.national.read_generation` reads it."""
    return folder("data/national") / "electricity_generation.csv"


def dataset(name: str, file: str) -> Path:
    """A data file that ships with wattflop under ``data/<name>/`` (each folder has a
    ``SOURCE.md`` with source, licence and date), e.g. ``dataset("china_solar",
    "china_solar.csv")``; read by :mod:`wattflop.claims.datasets`."""
    return folder(f"data/{name}") / file

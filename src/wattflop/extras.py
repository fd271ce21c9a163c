"""Optional parts of wattflop and the packages each needs (``pip install 'wattflop[NAME]'``).

The core (scenarios, ``wattflop.simulate``, studies, claims as data, ``wattflop run
--no-report``) needs none of them:

- ``report``: plotly, for every HTML page (``report.html``, ``compare.html``, ``claims.html``,
  ...); the commands that write pages need it (``wattflop run --no-report`` does not);
- ``web``: FastAPI, uvicorn and python-multipart, for ``wattflop serve`` and
  :func:`wattflop.web.create_app`;
- ``cluster``: Dask and distributed, for ``wattflop sweep``;
- ``all``: the three.

Where an optional package is missing, :func:`require` raises :class:`MissingExtraError`,
which names the extra to install; the command line prints it and exits with code 2.
"""

from __future__ import annotations

import importlib.util

from wattflop.errors import WattflopError

#: Extra → the import names it provides; a tuple of alternatives stands for one package.
EXTRAS: dict[str, tuple[str | tuple[str, ...], ...]] = {
    "report": ("plotly",),
    "web": ("fastapi", "uvicorn", ("python_multipart", "multipart")),
    "cluster": ("dask", "distributed"),
}


class MissingExtraError(WattflopError):
    """An optional part of wattflop is used without its packages installed.

    Attributes
    ----------
    extra : str
        The extra that provides them (``pip install 'wattflop[extra]'``).
    module : str
        The first missing import name.
    """

    def __init__(self, what: str, extra: str, module: str, hint: str = "") -> None:
        self.extra = extra
        self.module = module
        more = f"; {hint}" if hint else ""
        super().__init__(
            f"{what} needs the {extra} extra: pip install 'wattflop[{extra}]' "
            f"(the package '{module}' is not installed){more}"
        )


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # a parent that fails to import, or a broken entry
        return False


def missing(extra: str) -> list[str]:
    """Import names of ``extra`` that are not installed (the first of each alternative)."""
    out: list[str] = []
    for entry in EXTRAS[extra]:
        options = entry if isinstance(entry, tuple) else (entry,)
        if not any(_installed(m) for m in options):
            out.append(options[0])
    return out


def require(extra: str, what: str, hint: str = "") -> None:
    """Raise :class:`MissingExtraError` unless every package of ``extra`` is installed.

    Parameters
    ----------
    extra : str
        A key of :data:`EXTRAS`.
    what : str
        What needs it, for the message (e.g. ``"wattflop serve"``).
    hint : str
        Another way out, appended to the message (e.g. ``--no-report``).
    """
    absent = missing(extra)
    if absent:
        raise MissingExtraError(what, extra, absent[0], hint)

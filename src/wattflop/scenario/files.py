"""Scenario keys whose values name files, and the rule that keeps a server from reading them.

Two keys of a scenario can name a file: ``location.weather`` (a typical-year weather file)
and ``plant.grid.price_file`` (an hourly price CSV). On the command line they are the user's
own files. A server must never open them on a request's behalf, wherever the value came from
(uploaded text, a bundled scenario, a key edit or a claim override), so the web layer checks
every scenario *after* all edits with :func:`refuse_file_references`, and runs its work inside
:func:`no_user_files`, under which the readers themselves refuse (:func:`check_file_allowed`):
two independent locks on the same door.

Examples
--------
>>> file_references({"location": {"weather": "/etc/passwd"}})
[('location.weather', '/etc/passwd')]
>>> file_references({"location": {"weather": "clear_sky"}, "plant": {"grid": {}}})
[]
>>> with no_user_files():
...     check_file_allowed("location.weather", "/etc/passwd")
Traceback (most recent call last):
...
wattflop.errors.ScenarioError: invalid scenario: 1 problem
  <scenario>: location.weather: this server reads no files named by a request (got '/etc/passwd')
    hint: choose one of clear_sky, greensboro, sand_point, miami, or run this scenario with the command line (`wattflop run`)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from wattflop.errors import Problem, ScenarioError

#: Keys (as paths into the scenario mapping) whose values are file paths.
PATH_KEYS: tuple[tuple[str, ...], ...] = (("location", "weather"), ("plant", "grid", "price_file"))
#: Values of ``location.weather`` that are names, not paths: clear sky and the TMY files that
#: ship with pvlib (wattflop.ground.weather.BUNDLED).
WEATHER_NAMES: tuple[str, ...] = ("clear_sky", "greensboro", "sand_point", "miami")

_HINTS = {
    "location.weather": f"choose one of {', '.join(WEATHER_NAMES)}, or run this scenario with "
    "the command line (`wattflop run`)",
    "plant.grid.price_file": "use plant.grid.price and peak_price, or run this scenario with the "
    "command line (`wattflop run`)",
}

#: False while a server computes on a request's behalf (see :func:`no_user_files`).
_FILES_ALLOWED: ContextVar[bool] = ContextVar("wattflop_user_files_allowed", default=True)


def is_file_reference(key: str, value: object) -> bool:
    """Whether ``value`` of the dotted ``key`` names a file (rather than a bundled name)."""
    if value is None:
        return False
    if key == "location.weather":
        return not (isinstance(value, str) and value in WEATHER_NAMES)
    return key == "plant.grid.price_file"


def file_references(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(dotted key, value)`` of every value in a scenario mapping that names a file.

    Works on raw scenario data and on a validated scenario's ``model_dump()`` alike.
    """
    found: list[tuple[str, str]] = []
    for path in PATH_KEYS:
        node: Any = data
        for part in path:
            node = node.get(part) if isinstance(node, Mapping) else None
        key = ".".join(path)
        if is_file_reference(key, node):
            found.append((key, str(node)))
    return found


def refuse_file_references(
    data: Mapping[str, Any],
    source: str | None = None,
    lines: Mapping[tuple[str, ...], int] | None = None,
) -> None:
    """Raise :class:`ScenarioError` naming every key of ``data`` whose value is a file path.

    The message quotes the value written (a path), never anything read from a file.
    """
    problems = [
        Problem(
            key,
            "the web server reads no files: a file path is not accepted here",
            value,
            (lines or {}).get(tuple(key.split("."))),
            _HINTS[key],
        )
        for key, value in file_references(data)
    ]
    if problems:
        raise ScenarioError(problems, source)


@contextmanager
def no_user_files() -> Iterator[None]:
    """Within this block (this thread or task only), readers refuse file paths from scenarios.

    The web server runs every computation inside it. Bundled data (clear sky, pvlib's TMY
    files by name, the package's own data) stays readable.
    """
    token = _FILES_ALLOWED.set(False)
    try:
        yield
    finally:
        _FILES_ALLOWED.reset(token)


def check_file_allowed(key: str, value: str) -> None:
    """Called by each reader of a scenario-named file before it opens it.

    Raises
    ------
    ScenarioError
        Inside :func:`no_user_files`, for any path.
    """
    if not _FILES_ALLOWED.get() and is_file_reference(key, value):
        problem = Problem(
            key, "this server reads no files named by a request", value, None, _HINTS[key]
        )
        raise ScenarioError([problem])

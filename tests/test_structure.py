"""The package's structure, enforced (issue #11).

- The import graph of ``src/wattflop``, imports inside functions included, has no cycles: data
  flows one way, load → parameters → physics → money → study → report, clients last.
- No module imports another module's ``_private`` name.
- The sizing and money core is typed: no ``Any`` in the parameters or returns of the stage
  functions.

The graph is built from the source with :mod:`ast` (nothing is imported). ``from P import
name``, where ``P`` is a package whose ``__init__`` re-exports ``name``, is an edge to the
module that defines ``name``, as Python resolves it.
"""

from __future__ import annotations

import ast
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "wattflop"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}
PACKAGES = {m for m, p in MODULES.items() if p.name == "__init__.py"}


def _imports(module: str) -> Iterator[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) of every import in ``module``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    here = module if module in PACKAGES else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield a.name, None, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for a in node.names:
                yield base, a.name, node.lineno


def _reexports(package: str) -> dict[str, str]:
    """Names a package's ``__init__`` takes from its modules → the module they come from."""
    out: dict[str, str] = {}
    for mod, name, _ in _imports(package):
        if name is not None and mod.startswith(PACKAGE):
            out[name] = mod
    return out


def _target(mod: str, name: str | None) -> str | None:
    """The project module an import depends on (None: outside the project)."""
    if not (mod == PACKAGE or mod.startswith(PACKAGE + ".")):
        return None
    if name is not None and f"{mod}.{name}" in MODULES:
        return f"{mod}.{name}"
    seen = set()
    while name is not None and mod in PACKAGES and mod not in seen:
        seen.add(mod)
        source = _reexports(mod).get(name)
        if source is None:
            break
        if f"{source}.{name}" in MODULES:
            return f"{source}.{name}"
        mod = source
    return mod if mod in MODULES else None


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for m in MODULES:
        for mod, name, _ in _imports(m):
            t = _target(mod, name)
            if t is not None and t != m:
                graph[m].add(t)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles() -> None:
    cycles = _cycles(_graph())
    assert not cycles, "import cycles:\n" + "\n".join(" ↔ ".join(c) for c in cycles)


def test_no_private_names_imported_across_modules() -> None:
    bad = [
        f"{m}:{line}: from {mod} import {name}"
        for m in MODULES
        for mod, name, line in _imports(m)
        if name is not None
        and name.startswith("_")
        and not name.startswith("__")
        and mod.startswith(PACKAGE)
        and mod != m
    ]
    assert not bad, "\n".join(bad)


def test_the_checker_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def _mentions_any(hint: object) -> bool:
    import numpy as np

    if hint is typing.Any:
        return True
    args = typing.get_args(hint)
    if typing.get_origin(hint) is np.ndarray:
        args = args[1:]  # numpy's own shape type, tuple[Any, ...], is not ours
    return any(_mentions_any(a) for a in args)


@pytest.mark.parametrize(
    "qualname",
    [
        "wattflop.orbit.satellite.array_year",
        "wattflop.orbit.satellite.size_satellite",
        "wattflop.orbit.satellite.design_satellite",
        "wattflop.orbit.money.fleet_money",
        "wattflop.ground.money.ground_money",
        "wattflop.orbit.inputs.orbit_inputs",
        "wattflop.orbit.inputs.year_inputs",
        "wattflop.ground.inputs.ground_inputs",
    ],
)
def test_core_stage_functions_have_no_any(qualname: str) -> None:
    import dataclasses
    import importlib

    module, _, name = qualname.rpartition(".")
    fn = getattr(importlib.import_module(module), name)
    hints = typing.get_type_hints(fn)
    assert "return" in hints
    for arg, hint in hints.items():
        assert not _mentions_any(hint), (qualname, arg, hint)
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            for f, h in typing.get_type_hints(hint).items():
                assert not _mentions_any(h), (hint.__name__, f, h)

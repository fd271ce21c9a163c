"""The package layering (issue #11, item 4): the command line sits on top and nothing in the
library imports it; the subpackages import each other without a cycle, counting the imports
inside functions; no module imports another module's private name."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "wattflop"


def _modules() -> dict[str, Path]:
    out = {}
    for f in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(f.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__")
        out[name] = f
    return out


def _imports(module: str, path: Path) -> list[tuple[str, list[str]]]:
    """(imported module, names) of every import statement, at any depth."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = node.module or ""
            if node.level:
                base = module.split(".")
                if path.name != "__init__.py":
                    base = base[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            found.append((target, [a.name for a in node.names]))
    return found


def _subpackage(module: str) -> str | None:
    parts = module.split(".")
    if len(parts) > 1 and (PACKAGE / parts[1]).is_dir():
        return parts[1]
    return None


def test_only_the_entry_points_import_the_command_line() -> None:
    for module, path in _modules().items():
        if module == "wattflop.cli" or module.startswith("wattflop.cli."):
            continue
        for target, _ in _imports(module, path):
            if target == "wattflop.cli" or target.startswith("wattflop.cli."):
                assert module == "wattflop.__main__", f"{module} imports {target}"


def test_no_import_cycle_between_subpackages() -> None:
    edges: dict[str, set[str]] = {}
    for module, path in _modules().items():
        here = _subpackage(module)
        if here is None:
            continue
        for target, names in _imports(module, path):
            targets = [target] if target != "wattflop" else [f"wattflop.{n}" for n in names]
            for t in targets:
                there = _subpackage(t)
                if there is not None and there != here:
                    edges.setdefault(here, set()).add(there)

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            node = todo.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                todo += edges.get(node, set())
        return False

    cycles = sorted(f"{a} -> {b} -> ... -> {a}" for a in edges for b in edges[a] if reaches(b, a))
    assert not cycles, cycles


def test_no_private_names_cross_the_command_line_and_the_web() -> None:
    for module, path in _modules().items():
        if not module.startswith(("wattflop.cli", "wattflop.web", "wattflop.study")):
            continue
        for target, names in _imports(module, path):
            if not target.startswith("wattflop"):
                continue
            private = [n for n in [target.rpartition(".")[2], *names] if _private(n)]
            assert not private, f"{module} imports {private} from {target}"


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")

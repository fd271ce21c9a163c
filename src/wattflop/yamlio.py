"""wattflop's one YAML reader, for scenario, sweep and constellation files and web requests.

Bounded before anything is built (size, values, nesting; no anchors or aliases), strict
(duplicate keys, impossible dates, ``6:00`` kept as text) and every mistake a
:class:`~wattflop.errors.ScenarioError` naming the source and the line. It imports only
PyYAML and wattflop's errors, so a command refuses a hostile file before loading the models.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import yaml

from wattflop.budget import check_cpu
from wattflop.errors import Problem, ScenarioError

#: libyaml's parser when PyYAML has it (10-30× faster on large texts), else PyYAML's own.
_FAST: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def line_map(text: str) -> dict[tuple[str, ...], int]:
    """Key path → 1-based line of the key in the YAML text (the last few texts' maps are
    kept: a request reads its text's lines several times)."""
    return dict(_line_map(text))


@functools.lru_cache(maxsize=4)
def _line_map(text: str) -> dict[tuple[str, ...], int]:
    lines: dict[tuple[str, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if len(lines) % 4096 == 0:
            check_cpu()
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                key = str(k.value)
                lines[(*path, key)] = k.start_mark.line + 1
                walk(v, (*path, key))
        elif isinstance(node, yaml.SequenceNode):
            for i, v in enumerate(node.value):
                lines[(*path, str(i))] = v.start_mark.line + 1
                walk(v, (*path, str(i)))

    try:
        root = yaml.compose(text, Loader=_FAST)
    except yaml.YAMLError:
        return lines
    if root is not None:
        walk(root, ())
    return lines


class _DuplicateKey(yaml.constructor.ConstructorError):
    """The same key twice in one mapping (plain YAML keeps the last silently)."""


class _Loader(_FAST):  # type: ignore[misc]
    """SafeLoader that rejects duplicate keys and keeps unquoted ``6:00`` as text (YAML 1.1
    would read it as the sexagesimal integer 360)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        first: dict[str, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value != "<<":
                if key_node.value in first:
                    raise _DuplicateKey(
                        "while constructing a mapping",
                        node.start_mark,
                        f"duplicate key '{key_node.value}' (first on line {first[key_node.value]})",
                        key_node.start_mark,
                    )
                first[key_node.value] = key_node.start_mark.line + 1
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


class _BadValue(yaml.constructor.ConstructorError):
    """A scalar YAML reads as a type it then cannot build: the date 2027-13-01, or an
    explicit tag on a value that is not of its type (``!!int 1e3``, ``!!bool maybe``)."""

    hint = "write a real date and time, e.g. 2027-01-01T00:00:00Z"


class _BadTagged(_BadValue):
    hint = "remove the tag (YAML reads the value's type from how it is written)"


def _timestamp(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError) as exc:
        raise _BadValue(
            None, None, f"'{node.value}' is not a valid date or time ({exc})", node.start_mark
        ) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _checked(tag: str) -> Any:
    """The SafeLoader constructor of ``tag``, with its Python errors (``int('1e3')``,
    ``bool_values['maybe']``, ``float('')`` …) turned into a YAML error at the value."""
    construct = yaml.SafeLoader.yaml_constructors[f"tag:yaml.org,2002:{tag}"]

    def build(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, KeyError, IndexError, TypeError, OverflowError):
            what = f"'{node.value!s:.60}'" if isinstance(node, yaml.ScalarNode) else "this value"
            problem = f"{what} is not a valid !!{tag}"
            raise _BadTagged(None, None, problem, node.start_mark) from None

    return build


for _tag in ("null", "bool", "int", "float"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _checked(_tag))

_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_INT, _FLOAT)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(  # YAML 1.1 int without the sexagesimal form
    _INT,
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(  # YAML 1.1 float without the sexagesimal form
    _FLOAT,
    re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def yaml_problem(exc: yaml.YAMLError) -> Problem:
    """A YAML error as a :class:`Problem`: its line, column, context and a suggestion."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        col = f", column {mark.column + 1}" if mark is not None else ""
        what = exc.problem or str(exc)
        ctx = exc.context_mark
        if exc.context and ctx is not None and (mark is None or ctx.line != mark.line):
            what += f" ({exc.context} on line {ctx.line + 1})"
        if isinstance(exc, _DuplicateKey):
            kind, hint = "YAML error", "keep one of them"
        elif isinstance(exc, _BadValue):
            kind, hint = "YAML error", exc.hint
        else:
            kind = "YAML syntax error"
            hint = "check indentation and quoting on this line or the one above"
        return Problem("", f"{kind}{col}: {what}", None, line, hint)
    return Problem("", f"YAML error: {exc}", None, None)


#: Largest YAML text read [characters]: a scenario or sweep is a few kB.
MAX_YAML_CHARS = 1_000_000
#: Deepest nesting of mappings and lists accepted.
MAX_YAML_DEPTH = 32
#: Most values (scalars) read: a scenario has a few hundred, a sweep's value lists a few
#: thousand; each costs Python work to resolve, build, locate and validate (~20 µs).
MAX_YAML_VALUES = 50_000

_OPEN = (
    yaml.BlockMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.FlowSequenceStartToken,
)
_CLOSE = (yaml.BlockEndToken, yaml.FlowMappingEndToken, yaml.FlowSequenceEndToken)


def parse_yaml(
    text: str,
    source: str | None = None,
    *,
    error: type[ScenarioError] = ScenarioError,
    max_values: int = MAX_YAML_VALUES,
) -> Any:
    """YAML text → data, with wattflop's one loader for files and requests alike: duplicate
    keys refused, ``6:00`` kept as text, impossible dates an error with their line, and every
    YAML mistake as ``error`` naming ``source`` and the line.

    Bounded before anything is built: at most :data:`MAX_YAML_CHARS` characters,
    ``max_values`` values and :data:`MAX_YAML_DEPTH` levels of nesting, and no anchors or
    aliases (``&a``/``*a``, with
    which a few lines expand into an enormous document).

    Examples
    --------
    >>> parse_yaml("a: [1, 2]")
    {'a': [1, 2]}
    >>> parse_yaml("a: &x [1]\\nb: *x", "bomb.yaml")
    Traceback (most recent call last):
    ...
    wattflop.errors.ScenarioError: invalid scenario bomb.yaml: 1 problem
      bomb.yaml:1: YAML anchors and aliases (&name, *name) are not accepted
        hint: write the values out in full
    """
    if len(text) > MAX_YAML_CHARS:
        what = f"{len(text):,} characters: at most {MAX_YAML_CHARS:,} are read"
        hint = "a scenario or sweep file is a few kB: check that this is the right file"
        raise error([Problem("", what, None, None, hint)], source)
    try:
        depth = values = 0
        for n, token in enumerate(yaml.scan(text, Loader=_FAST)):
            line = token.start_mark.line + 1
            if n % 4096 == 0:
                check_cpu()
            if isinstance(token, yaml.ScalarToken):
                values += 1
                if values > max_values:
                    what = f"more than {max_values:,} values"
                    hint = "a scenario has a few hundred: check that this is the right file"
                    raise error([Problem("", what, None, line, hint)], source)
            if isinstance(token, yaml.AliasToken | yaml.AnchorToken):
                what = "YAML anchors and aliases (&name, *name) are not accepted"
                raise error([Problem("", what, None, line, "write the values out in full")], source)
            if isinstance(token, _OPEN):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    what = f"nested deeper than {MAX_YAML_DEPTH} levels"
                    hint = "a scenario nests a few levels: check the indentation and brackets"
                    raise error([Problem("", what, None, line, hint)], source)
            elif isinstance(token, _CLOSE):
                depth -= 1
        return yaml.load(text, Loader=_Loader)  # _Loader is a (C)SafeLoader
    except yaml.YAMLError as exc:
        problem = yaml_problem(exc)
        if "maximum nesting depth" in problem.message:  # libyaml's own limit, hit first
            what = f"nested deeper than {MAX_YAML_DEPTH} levels"
            hint = "a scenario nests a few levels: check the indentation and brackets"
            problem = Problem("", what, None, problem.line, hint)
        raise error([problem], source) from None

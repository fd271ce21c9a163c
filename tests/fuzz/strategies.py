"""Hypothesis strategies that mutate the bundled inputs into hostile ones (issue #16 item 7).

A mutant starts from a bundled file (scenario, sweep, constellation, or the bundled EIA-930
demand data for ``wattflop headroom``) and takes one to four mutations of its data, then
possibly one of its text:

data
    delete a key or list item; change a value's type (text, list, mapping, boolean, null,
    huge integers, nan/inf floats); swap a quantity's unit for another of the same dimension
    or of another one (or a malformed one); scale a number by 10^-15 … 10^15, or make it 0,
    negative, ``nan``/``inf``, denormal or huge (numbers inside distribution strings, dates
    and times too); insert an unknown key (a typo of a real one, ``<<``, empty, unicode);
    set a schema key the file does not write (a default) to such a value; copy a bundled
    catalogue entry into the file's own catalogue, so that later mutations reach it.
text
    anchors and aliases (``&a``/``*a``, merge keys), deep nesting of brackets, duplicated
    lines (duplicate keys), YAML tags (``!!python/object``, ``!!binary``, ``!!set`` …), a
    few arbitrary characters, truncation, a byte-order mark, CRLF or tab indentation.

Every draw is a Hypothesis draw, so failures shrink to a few mutations of one file.
"""

from __future__ import annotations

import copy
import gzip
import math
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from wattflop.yamlio import parse_yaml

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "wattflop"
SCENARIOS = PACKAGE / "scenarios"
SWEEPS = PACKAGE / "sweeps"
EIA930 = PACKAGE / "data" / "eia930"

ORBIT_FILES = ("orbit-1gw-dawn-dusk-650km", "orbit-20mw-inclined-550km")
GROUND_FILES = ("ground-1gw-memphis",)
CONSTELLATION_FILES = ("constellation-81-formation-650km", "constellation-walker-550km")
SWEEP_FILES = tuple(sorted(p.stem for p in SWEEPS.glob("*.yaml")))

Path_ = tuple[str | int, ...]


@dataclass
class Mutant:
    """One hostile input: the file it came from, the YAML (or CSV) text the loader reads,
    the mutations in words (for the failure report) and the top-level keys they touched."""

    kind: str  # orbit | ground | constellation | sweep | headroom
    base: str
    text: str
    mutations: list[str] = field(default_factory=list)
    touched: set[str] = field(default_factory=set)
    args: list[str] = field(default_factory=list)  # headroom: command-line options

    def describe(self) -> str:
        return f"{self.kind} {self.base}: " + "; ".join(self.mutations)


@cache
def base_text(kind: str, name: str) -> str:
    folder = SWEEPS if kind == "sweep" else SCENARIOS
    return (folder / f"{name}.yaml").read_text(encoding="utf-8")


@cache
def _base_data(kind: str, name: str) -> Any:
    return parse_yaml(base_text(kind, name))


def base_data(kind: str, name: str) -> Any:
    """The bundled file's data as wattflop's loader reads it (a fresh copy)."""
    return copy.deepcopy(_base_data(kind, name))


# ---------------------------------------------------------------------------------------------
# Values


#: Units by family: a swap stays in the family (another spelling, another prefix) or leaves
#: it (incompatible dimension), or takes a malformed unit.
UNIT_FAMILIES: dict[str, tuple[str, ...]] = {
    "length": ("m", "km", "mm", "nm", "au", "ft", "mile", "light_year"),
    "time": ("s", "ms", "min", "h", "day", "month", "yr", "ns", "century"),
    "mass": ("kg", "g", "t", "lb", "mg", "Mt"),
    "power": ("W", "kW", "MW", "GW", "TW", "mW", "hp"),
    "energy": ("J", "kJ", "kWh", "MWh", "W*h", "kW*h", "MMBtu", "eV"),
    "money": ("USD", "kUSD", "MUSD", "BUSD", "$"),
    "price_mass": ("USD/kg", "USD/t", "$/lb", "MUSD/kg"),
    "price_power": ("USD/W", "USD/kW", "USD/MW", "MUSD/GW"),
    "price_energy": ("USD/(MW*h)", "USD/MWh", "USD/kWh", "USD/MMBtu", "USD/J"),
    "temperature": ("degC", "K", "degF", "delta_degC"),
    "angle": ("deg", "rad", "arcsec", "arcmin", "turn"),
    "rate": ("1/yr", "1/s", "Hz", "kHz", "%/yr", "percent/yr", "1/month", "1/day"),
    "dose": ("Gy", "krad(Si)", "rad(Si)", "Mrad(Si)", "mGy"),
    "areal": ("kg/m^2", "g/cm^2", "kg/m**2"),
    "specific": ("kg/kW", "kg/W", "W/kg", "kW/kg", "W*h/kg"),
    "area": ("m^2", "km^2", "cm**2", "ha"),
    "volume": ("m^3", "l", "m**3"),
    "flops": ("FLOP/s", "EFLOP/s", "PFLOP/s"),
    "dimensionless": ("", "%", "percent", "1", "ppm", "dimensionless"),
    "misc": ("W/m^2", "MMBtu/MWh", "1/K", "1/Gy", "kg/m^3", "m/s", "bit/s", "t/MWh"),
}
MALFORMED_UNITS = (
    "km**99",
    "m^-99",
    "kg/0",
    "1/(m*(s*(K*(W*(J*(kg))))))",
    "parsec",
    "planck_length",
    "USD**2",
    "degC**2",
    "degC/s",
    "°C",
    "furlong/fortnight",
    "xyzzy",
    "km km",
    "m/",
    "*m",
    "(m",
    "m)",
    "m ^ 2.5",
    "kg**-1.5",
    "e",
    "inf",
    "nan m",
    "1e3 m",
    "km\u200b",
    "ｋｍ",
    "K" * 60,
)
ALL_UNITS = tuple(u for family in UNIT_FAMILIES.values() for u in family)

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_QUANTITY = re.compile(rf"^\s*(?P<num>{_NUMBER.pattern})\s*(?P<unit>.*)$")

#: Replacements of a number, as text: extremes, signs, non-finite spellings.
SPECIAL_NUMBERS = (
    "0",
    "-0",
    "-1",
    "nan",
    "NaN",
    "inf",
    "-inf",
    ".inf",
    "1e308",
    "1.8e308",
    "-1e308",
    "1e-300",
    "5e-324",
    "1e-400",
    "9" * 40,
    "1e999",
    "0x1F",
    "1_000",
    "1e",
    "--1",
    "+.5",
)

#: Values of any type a key may be given instead of its own.
SPECIAL_VALUES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    1,
    0.5,
    -0.0,
    1e308,
    -1e308,
    math.nan,
    math.inf,
    -math.inf,
    5e-324,
    10**30,
    -(10**30),
    2**63,
    2**64 + 1,
    "",
    " ",
    "nan",
    "inf",
    "null",
    "yes",
    "x",
    "NaN USD",
    "1e999 km",
    "9**9**9 km",
    "1+1",
    "2027-13-01",
    "2027-02-30T25:61:00Z",
    "€",
    "\u202e\u0000",
    "x" * 300,
    [],
    [1],
    ["a", None],
    [[[]]],
    {},
    {"x": 1},
    {"": None},
)

#: Keys inserted where they do not belong.
UNKNOWN_KEYS = (
    "x",
    "unknown_key",
    "<<",
    "",
    " ",
    "__class__",
    "__proto__",
    "123",
    "ключ",
    "name.with.dots",
    "K" * 200,
)


def _number_text(draw: st.DrawFn, x: float) -> str:
    """A hostile replacement of the number ``x``, as text."""
    how = draw(st.sampled_from(("nudge", "scale", "scale", "special", "negate")))
    if how == "nudge":  # stays near the value: deeper into the model than the bounds
        return repr(x * draw(st.sampled_from((0.5, 0.8, 1.25, 2.0, 1.0))))
    if how == "scale":
        k = draw(st.integers(-15, 15))
        y = x * 10.0**k if x != 0 else 10.0**k
        return repr(y)
    if how == "negate":
        return repr(-x) if x != 0 else "-1"
    return draw(st.sampled_from(SPECIAL_NUMBERS))


def mutate_number_in_text(draw: st.DrawFn, text: str) -> str | None:
    """``text`` with one of its numbers replaced (quantities, distributions, dates, times)."""
    spans = [m.span() for m in _NUMBER.finditer(text)]
    if not spans:
        return None
    a, b = draw(st.sampled_from(spans))
    try:
        x = float(text[a:b])
    except ValueError:
        x = 1.0
    return text[:a] + _number_text(draw, x) + text[b:]


def swap_unit(draw: st.DrawFn, text: str) -> str | None:
    """A quantity string with another unit: same family, another family, none, malformed."""
    m = _QUANTITY.match(text)
    if m is None:
        return None
    unit = m.group("unit").strip()
    family = next((f for f, us in UNIT_FAMILIES.items() if unit in us), None)
    where = draw(st.sampled_from(("same", "same", "other", "malformed", "none")))
    if where == "same" and family is not None:
        new = draw(st.sampled_from(UNIT_FAMILIES[family]))
    elif where == "malformed":
        new = draw(st.sampled_from(MALFORMED_UNITS))
    elif where == "none":
        new = ""
    else:
        new = draw(st.sampled_from(ALL_UNITS))
    return f"{m.group('num')} {new}".strip()


def hostile_value(draw: st.DrawFn, unit: str = "") -> Any:
    """A value for a key whose unit is ``unit`` (``""``: unknown or dimensionless): a number
    over 30 orders of magnitude in that unit or another, or any special value."""
    how = draw(st.sampled_from(("quantity", "quantity", "special", "text")))
    if how == "special":
        return draw(st.sampled_from(SPECIAL_VALUES))
    if how == "text":
        return draw(st.text(max_size=12))
    k = draw(st.integers(-15, 15))
    mantissa = draw(st.sampled_from((1.0, 2.5, 7.0, -3.0, 0.0)))
    number = repr(mantissa * 10.0**k)
    u = draw(st.sampled_from((unit, unit, unit, *ALL_UNITS[:20], *MALFORMED_UNITS[:5])))
    if not u:
        return draw(st.sampled_from((float(number), number)))
    return f"{number} {u}"


# ---------------------------------------------------------------------------------------------
# Data mutations


def paths(data: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every key and list item path in ``data`` (the root excluded)."""
    out: list[Path_] = []
    if isinstance(data, dict):
        for k, v in data.items():
            p = (*prefix, str(k))
            out.append(p)
            out += paths(v, p)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            p = (*prefix, i)
            out.append(p)
            out += paths(v, p)
    return out


def _parent(data: Any, path: Path_) -> Any:
    node = data
    for part in path[:-1]:
        node = node[part] if isinstance(node, list) else node[str(part)]
    return node


def _get(data: Any, path: Path_) -> Any:
    parent = _parent(data, path)
    return parent[path[-1]] if isinstance(parent, list) else parent[str(path[-1])]


def _set(data: Any, path: Path_, value: Any) -> None:
    parent = _parent(data, path)
    if isinstance(parent, list):
        parent[int(path[-1])] = value
    else:
        parent[str(path[-1])] = value


def _delete(data: Any, path: Path_) -> None:
    parent = _parent(data, path)
    if isinstance(parent, list):
        del parent[int(path[-1])]
    else:
        del parent[str(path[-1])]


def _dotted(path: Path_) -> str:
    return ".".join(str(p) for p in path)


def _site_keys(site: str) -> list[str]:
    from wattflop.scenario.keys import numeric_keys

    return numeric_keys(site) if site in ("orbit", "ground") else []


@cache
def _key_unit(site: str, key: str) -> str:
    from wattflop.scenario.keys import key_spec

    base = ORBIT_FILES[0] if site == "orbit" else GROUND_FILES[0]
    try:
        return key_spec(_base_data("scenario", base), key).input_unit
    except Exception:  # a key the spec cannot name: no unit
        return ""


@cache
def _edges(site: str) -> list[tuple[str, Any]]:
    """(key, value) at or just inside the bounds of every numeric key of a site: accepted
    values at the edge of the model, where its arithmetic is most fragile (a bound of 0:
    0 and the smallest positive double too)."""
    from wattflop.scenario.keys import key_spec

    if site not in ("orbit", "ground"):
        return []
    raw = _base_data("scenario", ORBIT_FILES[0] if site == "orbit" else GROUND_FILES[0])
    out: list[tuple[str, Any]] = []
    for key in _site_keys(site):
        try:
            q = key_spec(raw, key).quantity
        except Exception:  # a key the spec cannot name
            continue
        if q is None:
            continue
        for op, bound in q.bounds.items():
            if bound is None:
                continue
            inside = bound * (1 + 1e-9) if op in ("≥", ">") else bound * (1 - 1e-9)
            if bound == 0:
                inside = 5e-324 if op in ("≥", ">") else -5e-324
            xs = [inside] if op in (">", "<") else [bound, inside]
            for x in xs:
                out.append((key, f"{x!r} {q.unit}".strip() if q.unit else x))
    return out


def _note(m: Mutant, what: str, path: Path_) -> None:
    m.mutations.append(what)
    m.touched.add(str(path[0]) if path else "")


CATALOG_KINDS = ("accelerators", "launch_vehicles", "solar_cells", "batteries")


def mutate_data(draw: st.DrawFn, data: Any, m: Mutant) -> Any:
    """One data mutation of ``data`` (changed in place where possible; returned)."""
    ps = paths(data)
    ops = ["number", "edge", "unit", "schema", "edge", "number", "unknown", "retype", "delete"]
    ops.append("catalog")
    op = draw(st.sampled_from(ops))
    if op in ("delete", "retype", "unit", "number") and not ps:
        op = "unknown"
    if op == "delete":
        p = draw(st.sampled_from(ps))
        _delete(data, p)
        _note(m, f"delete {_dotted(p)}", p)
    elif op == "retype":
        p = draw(st.sampled_from(ps))
        v = draw(st.sampled_from(SPECIAL_VALUES))
        _set(data, p, copy.deepcopy(v))
        _note(m, f"{_dotted(p)} = {v!r:.60}", p)
    elif op in ("unit", "number"):
        textual = [p for p in ps if isinstance(_get(data, p), str | int | float)]
        if not textual:
            return data
        p = draw(st.sampled_from(textual))
        old = _get(data, p)
        if isinstance(old, bool):
            new: Any = not old
        elif isinstance(old, int | float):
            text = _number_text(draw, float(old))
            try:
                new = float(text) if op == "number" else f"{old} km"
            except ValueError:  # '0x1F', '1e': a number YAML reads as text
                new = text
        elif op == "unit":
            new = swap_unit(draw, old)
        else:
            new = mutate_number_in_text(draw, old)
        if new is None:
            return data
        if isinstance(new, float) and math.isnan(new) and draw(st.booleans()):
            new = "nan"
        _set(data, p, new)
        _note(m, f"{_dotted(p)}: {old!r:.60} → {new!r:.60}", p)
    elif op == "unknown":
        maps = [()] + [p for p in ps if isinstance(_get(data, p), dict)]
        p = draw(st.sampled_from(maps))
        node = _get(data, p) if p else data
        if not isinstance(node, dict):
            return data
        near = [k[:-1] + "x" for k in node if isinstance(k, str) and k]
        key = draw(st.sampled_from((*UNKNOWN_KEYS, *near)))
        value = draw(st.sampled_from(SPECIAL_VALUES))
        node[key] = copy.deepcopy(value)
        _note(m, f"insert {_dotted((*p, key))} = {value!r:.60}", (*p, key))
    elif op == "schema":
        site = data.get("site") if isinstance(data, dict) else None
        keys = _site_keys(str(site))
        if not keys:
            return mutate_data(draw, data, m)
        key = draw(st.sampled_from(keys))
        value = hostile_value(draw, _key_unit(str(site), key))
        node = data
        parts = key.split(".")
        for part in parts[:-1]:
            if not isinstance(node, dict):
                return data
            node = node.setdefault(part, {})
        if not isinstance(node, dict):
            return data
        node[parts[-1]] = value
        _note(m, f"set {key} = {value!r:.60}", tuple(parts))
    elif op == "edge":
        site = data.get("site") if isinstance(data, dict) else None
        edges = _edges(str(site))
        if not edges:
            return mutate_data(draw, data, m)
        key, value = draw(st.sampled_from(edges))
        node = data
        parts = key.split(".")
        for part in parts[:-1]:
            if not isinstance(node, dict):
                return data
            node = node.setdefault(part, {})
        if not isinstance(node, dict):
            return data
        node[parts[-1]] = value
        _note(m, f"set {key} = {value!r:.60} (at a bound)", tuple(parts))
    elif op == "catalog":
        from wattflop import catalog
        from wattflop.scenario.keys import entry_as_raw

        if not isinstance(data, dict) or data.get("site") not in ("orbit", "ground"):
            return mutate_data(draw, data, m)
        kind = draw(st.sampled_from(CATALOG_KINDS))
        name = draw(st.sampled_from(sorted(catalog.names(kind))))
        own = data.setdefault("catalog", {})
        if not isinstance(own, dict):
            return data
        section = own.setdefault(kind, {})
        if isinstance(section, dict):
            section[name] = entry_as_raw(kind, name)
            _note(m, f"copy catalog.{kind}.{name} into the file", ("catalog",))
    return data


# ---------------------------------------------------------------------------------------------
# Text mutations

_VALUE_LINE = re.compile(r"^(?P<indent>\s*)(?P<key>[^#\s:][^:#]*):\s+(?P<value>[^\s#&*!|>].*)$")

TAGS = (
    "!!python/object/apply:os.system ['true']",
    "!!python/name:os.system",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!str 5",
    "!!float nan",
    "!!int 1e3",
    "!!timestamp 2027-13-01",
    "!!null x",
    "!custom x",
    "!<tag:yaml.org,2002:str> 5",
)


def mutate_text(draw: st.DrawFn, text: str, m: Mutant) -> str:
    """One mutation of a YAML text."""
    lines = text.split("\n")
    values = [i for i, line in enumerate(lines) if _VALUE_LINE.match(line)]
    op = draw(
        st.sampled_from(
            ("alias", "merge", "deep", "deep_map", "duplicate", "tag", "noise", "truncate", "form")
        )
    )
    if op in ("alias", "merge", "deep", "deep_map", "tag", "duplicate") and not values:
        op = "noise"
    if op == "alias":
        i, j = draw(st.sampled_from(values)), draw(st.sampled_from(values))
        a, b = _VALUE_LINE.match(lines[i]), _VALUE_LINE.match(lines[j])
        assert a is not None and b is not None
        lines[i] = f"{a['indent']}{a['key']}: &a {a['value']}"
        if j != i:
            lines[j] = f"{b['indent']}{b['key']}: *a"
        m.mutations.append(f"anchor line {i + 1}, alias line {j + 1}")
    elif op == "merge":
        i = draw(st.sampled_from(values))
        a = _VALUE_LINE.match(lines[i])
        assert a is not None
        lines[i] = f"{a['indent']}{a['key']}: &a {{x: 1}}"
        lines.insert(i + 1, f"{a['indent']}<<: *a")
        m.mutations.append(f"merge key after line {i + 1}")
    elif op in ("deep", "deep_map"):
        i = draw(st.sampled_from(values))
        a = _VALUE_LINE.match(lines[i])
        assert a is not None
        d = draw(st.integers(5, 80))
        nest = "[" * d + "1" + "]" * d if op == "deep" else "{a: " * d + "1" + "}" * d
        lines[i] = f"{a['indent']}{a['key']}: {nest}"
        m.mutations.append(f"line {i + 1} nested {d} deep")
    elif op == "duplicate":
        i = draw(st.sampled_from(values))
        lines.insert(i, lines[i])
        m.mutations.append(f"duplicate line {i + 1}")
    elif op == "tag":
        i = draw(st.sampled_from(values))
        a = _VALUE_LINE.match(lines[i])
        assert a is not None
        tag = draw(st.sampled_from(TAGS))
        lines[i] = f"{a['indent']}{a['key']}: {tag}"
        m.mutations.append(f"line {i + 1}: {tag}")
    elif op == "noise":
        pos = draw(st.integers(0, len(text)))
        noise = draw(st.text(min_size=1, max_size=8))
        m.mutations.append(f"insert {noise!r} at {pos}")
        return text[:pos] + noise + text[pos:]
    elif op == "truncate":
        pos = draw(st.integers(0, len(text)))
        m.mutations.append(f"truncate at {pos}")
        return text[:pos]
    else:
        form = draw(st.sampled_from(("bom", "crlf", "tabs", "cr")))
        m.mutations.append(form)
        if form == "bom":
            return "\ufeff" + text
        if form == "crlf":
            return text.replace("\n", "\r\n")
        if form == "cr":
            return text.replace("\n", "\r")
        return text.replace("  ", "\t")
    return "\n".join(lines)


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=4096)


@st.composite
def yaml_mutants(draw: st.DrawFn, kind: str, names: tuple[str, ...]) -> Mutant:
    """A mutant of one of the bundled files ``names`` of ``kind`` (orbit, ground,
    constellation or sweep)."""
    name = draw(st.sampled_from(names))
    m = Mutant(kind, name, "")
    data = base_data(kind, name)
    for _ in range(draw(st.sampled_from((1, 1, 1, 2, 2, 3, 4)))):
        data = mutate_data(draw, data, m)
    text = dump(data)
    if not m.mutations or draw(st.integers(0, 4)) == 4:
        text = mutate_text(draw, text, m)
    m.text = text
    return m


# ---------------------------------------------------------------------------------------------
# Headroom: a demand CSV and the command's options


@cache
def headroom_base_csv() -> str:
    """Two months of the bundled TVA demand (2024), as the CSV ``wattflop headroom`` reads."""
    with gzip.open(EIA930 / "TVA.csv.gz", "rt", encoding="utf-8") as f:
        lines = f.read().splitlines()
    keep = [lines[0]] + [line for line in lines[1:] if line.startswith(("2024-01", "2024-02"))]
    return "\n".join(keep) + "\n"


BAD_TIMESTAMPS = (
    "2024-13-01 00:00:00",
    "2024-02-30 00:00:00",
    "2024-01-01 25:00:00",
    "",
    "not a date",
    "2024-01-01T00:00:00+05:00",
    "1677-09-21 00:00:00",
    "2262-04-12 00:00:00",
    "9999-12-31 23:00:00",
    "0000-01-01 00:00:00",
    "2024-01-01",
    "1e308",
)
BAD_CELLS = ("20000", "0", "1e-320", "", "nan", "-1", "1e308", "inf", "-inf", "abc", "1e400")
CAPACITIES = (
    "40 GW",
    "35 GW",
    "1.1 TW",
    "5 GW",
    "0 GW",
    "-5 GW",
    "40",
    "40 GW/h",
    "nan GW",
    "1e308 TW",
    "1e-300 W",
)


@st.composite
def headroom_mutants(draw: st.DrawFn) -> Mutant:
    """A mutant of the headroom inputs: the CSV's rows and cells, and the options."""
    m = Mutant("headroom", "TVA-2024-jan-feb", "")
    lines = headroom_base_csv().split("\n")[:-1]
    for _ in range(draw(st.sampled_from((0, 0, 1, 1, 2, 3)))):
        op = draw(st.sampled_from(("cell", "delete", "duplicate", "swap", "time", "header")))
        i = draw(st.integers(1, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(1, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op in ("time", "cell"):
            cells = lines[i].split(",")
            col = 0 if op == "time" else draw(st.integers(1, len(cells) - 1))
            cells[col] = draw(st.sampled_from(BAD_TIMESTAMPS if op == "time" else BAD_CELLS))
            lines[i] = ",".join(cells)
        else:
            lines[0] = draw(
                st.sampled_from(
                    (
                        "date_time,raw demand (MW)",
                        "time,raw demand (MW),cleaned demand (MW)",
                        "date_time;raw demand (MW);cleaned demand (MW)",
                        "",
                        "date_time,cleaned demand (MW),cleaned demand (MW)",
                    )
                )
            )
        m.mutations.append(f"{op} line {i + 1}")
    text = "\n".join(lines) + "\n"
    if draw(st.integers(0, 5)) == 5:
        cut = draw(st.integers(0, len(text)))
        text = text[:cut]
        m.mutations.append(f"truncate at {cut}")
    m.text = text
    benign = draw(st.integers(0, 3)) > 0  # mostly valid options: deeper into the model
    pool = CAPACITIES[:4] if benign else CAPACITIES
    args = ["--capacity", draw(st.sampled_from(pool))]
    if draw(st.booleans()):
        args += ["--storage-power", draw(st.sampled_from(pool))]
    for option, choices in (
        ("--dispatchable-fraction", ("1", "0.5", "0", "1e-300", "nan", "inf", "-0.5", "2")),
        ("--storage-hours", ("4", "0", "1e-300", "1e300", "nan", "inf", "-1")),
        ("--efficiency", ("0.85", "1", "0", "1e-300", "nan", "-0.1", "1.5")),
        ("--year", ("2024", "2023", "0", "-1", "99999", "2")),
    ):
        if draw(st.integers(0, 2)) == 2:
            args += [option, draw(st.sampled_from(choices[:1] if benign else choices))]
    m.args = args
    m.mutations.append(" ".join(args))
    return m

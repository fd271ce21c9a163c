"""Unit strings → SI floats, with pint. Used only at load time.

Currency is a unit (``USD``) so that ``1500 USD/kg``, ``0.03 USD/W`` and ``120 USD/kWh`` parse.
Absorbed dose in silicon can be written ``krad(Si)``, ``rad(Si)`` or ``Gy``.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

import pint

_DEFINITIONS = """
USD = [currency] = usd = dollar
kUSD = 1000 USD
MUSD = 1e6 USD
BUSD = 1e9 USD
rad_Si = 0.01 gray
FLOP = [computation] = flop
PFLOP = 1e15 FLOP
EFLOP = 1e18 FLOP
MMBtu = 1e6 * Btu = mmbtu
"""


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:  # type: ignore[type-arg]
    """The one unit registry of wattflop (cached)."""
    ureg: pint.UnitRegistry = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)  # type: ignore[type-arg]
    for line in _DEFINITIONS.strip().splitlines():
        ureg.define(line)
    return ureg


_RAD_SI = re.compile(r"(k|M|m)?rad\s*\(\s*Si\s*\)")
_DOLLAR = re.compile(r"\$")


def _normalise(text: str) -> str:
    text = _RAD_SI.sub(lambda m: f"{m.group(1) or ''}rad_Si", text)
    text = _DOLLAR.sub("USD", text)
    return text.replace("%", " percent ").strip()


class UnitParseError(ValueError):
    """A quantity string that cannot be parsed or has the wrong dimension."""


#: Longest quantity string read [characters].
MAX_QUANTITY_CHARS = 200
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d{1,3})?"
_QUANTITY = re.compile(rf"^\s*(?P<number>{_NUMBER})?\s*(?P<unit>.*?)\s*$", re.S)
_UNIT_TOKEN = re.compile(
    r"\s*(?:(?P<name>[^\W\d][\w°]*)|(?P<one>1)|(?P<power>(?:\^|\*\*)\s*[+-]?\d{1,2}(?:\.\d{1,3})?)"
    r"|(?P<op>[*/])|(?P<open>\()|(?P<close>\)))"
)


def well_formed(text: str) -> bool:
    """Whether ``text`` is a number and an optional unit, and nothing else: unit names joined
    by ``*``, ``/``, spaces and brackets, with small whole or decimal exponents. No arithmetic
    on numbers and no expressions, so that pint never evaluates user input
    (``9**9**9 km`` is refused here, before pint sees it)."""
    m = _QUANTITY.match(text)
    if m is None or len(text) > MAX_QUANTITY_CHARS:
        return False
    unit = m.group("unit")
    if m.group("number") is None:
        return False
    pos, depth, want_term = 0, 0, True
    while pos < len(unit):
        t = _UNIT_TOKEN.match(unit, pos)
        if t is None or t.end() == pos:
            return False
        pos = t.end()
        kind = t.lastgroup
        if kind in ("name", "one"):
            want_term = False
        elif kind == "power" and want_term:
            return False
        elif kind == "op":
            if want_term:
                return False
            want_term = True
        elif kind == "open":
            depth += 1
            want_term = True
            if depth > 4:
                return False
        elif kind == "close":
            depth -= 1
            if depth < 0 or want_term:
                return False
    return depth == 0 and (not unit or not want_term)


#: Example of a well-formed value per target unit, for error hints.
_EXAMPLES = {
    "m": "650 km",
    "K": "20 degC",
    "W": "100 kW",
    "kg": "575 kg",
    "s": "60 s",
    "rad": "53 deg",
    "USD": "100000 USD",
    "USD/kg": "1500 USD/kg",
    "USD/W": "0.5 USD/W",
}

#: Plain names of the dimensions of the target units, for error messages.
_DIMENSION_NAMES = {
    "m": "length",
    "kg": "mass",
    "s": "time",
    "K": "temperature",
    "W": "power",
    "J": "energy",
    "m^2": "area",
    "m^3": "volume",
    "USD": "amount of money",
    "1/s": "rate (1/time)",
    "m/s": "speed",
    "kg/m^2": "mass per area",
    "kg/m^3": "density (mass per volume)",
    "kg/W": "mass per power",
    "m^2/W": "area per power",
    "J/kg": "energy per mass",
    "FLOP/s": "computation rate",
    "Gy": "absorbed dose",
    "1/Gy": "rate per absorbed dose",
    "1/K": "relative change per kelvin",
    "USD/kg": "price per mass",
    "USD/W": "price per power",
    "USD/J": "price per energy",
    "USD/m^2": "price per area",
    "USD/s": "amount of money per time",
}

_ANGLE_UNITS = ("rad", "deg", "degree", "radian")


def _dimension_name(dim: object) -> str:
    """A readable name for a pint dimensionality: ``[mass]`` → ``mass``."""
    ureg = registry()
    for unit, name in _DIMENSION_NAMES.items():
        if ureg.Unit(unit).dimensionality == dim:
            return name
    text = str(dim)
    if text in ("", "dimensionless"):
        return "dimensionless"
    return text.replace("[", "").replace("]", "")


def _a(name: str) -> str:
    return f"an {name}" if name[:1] in "aeiou" else f"a {name}"


def to_si(value: object, unit: str, *, show: str | None = None) -> float:
    """Convert ``value`` (a string with units, or a plain number for dimensionless units)
    to a float in ``unit``.

    Parameters
    ----------
    value : str or float
        e.g. ``"650 km"``, ``"20 degC"``, ``"1500 USD/kg"``.
    unit : str
        Target unit written in pint syntax (``"m"``, ``"K"``, ``"USD/kg"``, ``""`` for
        dimensionless).
    show : str, optional
        Unit the user usually writes (e.g. ``"km"``); used for the example in error messages.

    Raises
    ------
    UnitParseError
        With a message saying what was expected.

    Examples
    --------
    >>> to_si("650 km", "m")
    650000.0
    >>> to_si("20 degC", "K")
    293.15
    >>> to_si("0.5 krad(Si)", "Gy")
    5.0
    >>> to_si("1500 USD/kg", "USD/kg")
    1500.0
    >>> to_si("650 kg", "m", show="km")
    Traceback (most recent call last):
    ...
    wattflop.units.UnitParseError: '650 kg' has dimension mass; expected a length ..., e.g. '650 km'
    """
    ureg = registry()
    target = ureg.Unit(unit) if unit else ureg.dimensionless
    example = _EXAMPLES.get(unit, f"1 {unit}" if unit else "0.5")
    if show and not example.endswith(f" {show}"):
        example = f"1 {show}"
    # angles are dimensionless to pint, but a bare "53" could mean degrees or radians
    angle = unit in _ANGLE_UNITS
    wanted = (
        "a plain number"
        if target.dimensionless and not angle
        else f"a quantity with units compatible with '{unit}'"
    )
    if value is None:
        raise UnitParseError(f"no value given; expected {wanted}, e.g. '{example}'")
    if isinstance(value, bool):
        raise UnitParseError(
            f"got the boolean {str(value).lower()} (YAML reads unquoted yes/no/on/off as "
            f"booleans); expected {wanted}, e.g. '{example}'"
        )
    if isinstance(value, int | float):
        if target.dimensionless and not angle:
            x = float(value)
            if not math.isfinite(x):
                raise UnitParseError(f"{x} is not a finite number; expected e.g. '{example}'")
            return x
        raise UnitParseError(
            f"a bare number is ambiguous here: write it with units compatible with "
            f"'{unit}', e.g. '{example}'"
        )
    if not isinstance(value, str):
        raise UnitParseError(f"expected a quantity string such as '{example}'")
    text = _normalise(value)
    if not well_formed(text):
        raise UnitParseError(
            f"cannot read '{value[:MAX_QUANTITY_CHARS]}' as a quantity: write one number "
            f"followed by a unit (no arithmetic), e.g. '{example}'"
        )
    try:
        q: Any = ureg.Quantity(text)
    except Exception as exc:  # pint raises several unrelated types
        raise UnitParseError(
            f"cannot read '{value}' as a quantity ({type(exc).__name__}); write a number "
            f"followed by a unit, e.g. '{example}'"
        ) from None
    if not isinstance(q, ureg.Quantity):  # a bare number written as a string
        q = ureg.Quantity(float(q), ureg.dimensionless)
    if angle and ureg.get_root_units(q.units)[1] != ureg.radian:
        raise UnitParseError(
            f"'{value}' has no angle unit; write it with one, e.g. '{example}' (a bare "
            f"number could mean degrees or radians)"
        )
    if q.dimensionality != target.dimensionality:
        expected = (
            "a plain number"
            if target.dimensionless
            else f"{_a(_dimension_name(target.dimensionality))} (units compatible with '{unit}')"
        )
        raise UnitParseError(
            f"'{value}' has dimension {_dimension_name(q.dimensionality)}; expected "
            f"{expected}, e.g. '{example}'"
        )
    x = float(q.to(target).magnitude)
    if not math.isfinite(x):
        raise UnitParseError(f"'{value}' is not a finite number; expected e.g. '{example}'")
    return x

"""Unit strings → SI floats, with pint. Used only at load time.

Currency is a unit (``USD``) so that ``1500 USD/kg``, ``0.03 USD/W`` and ``120 USD/kWh`` parse.
Absorbed dose in silicon can be written ``krad(Si)``, ``rad(Si)`` or ``Gy``.
"""

from __future__ import annotations

import re
from functools import lru_cache

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


#: Example of a well-formed value per target unit, for error hints.
_EXAMPLES = {
    "m": "650 km",
    "K": "20 degC",
    "W": "100 kW",
    "kg": "575 kg",
    "USD/kg": "1500 USD/kg",
    "USD/W": "0.5 USD/W",
}


def to_si(value: object, unit: str) -> float:
    """Convert ``value`` (a string with units, or a plain number for dimensionless units)
    to a float in ``unit``.

    Parameters
    ----------
    value : str or float
        e.g. ``"650 km"``, ``"20 degC"``, ``"1500 USD/kg"``.
    unit : str
        Target unit written in pint syntax (``"m"``, ``"K"``, ``"USD/kg"``, ``""`` for
        dimensionless).

    Raises
    ------
    UnitParseError
        With a message saying what was expected.
    """
    ureg = registry()
    target = ureg.Unit(unit) if unit else ureg.dimensionless
    example = _EXAMPLES.get(unit, f"1 {unit}" if unit else "0.5")
    if isinstance(value, bool):
        raise UnitParseError(f"expected a quantity in {unit or 'dimensionless'} units, got a boolean")
    if isinstance(value, int | float):
        if target.dimensionless:
            return float(value)
        raise UnitParseError(
            f"a bare number is ambiguous here: write it with units compatible with "
            f"'{unit}', e.g. '{example}'"
        )
    if not isinstance(value, str):
        raise UnitParseError(f"expected a quantity string such as '{example}'")
    try:
        q = ureg.Quantity(_normalise(value))
    except Exception as exc:  # pint raises several unrelated types
        raise UnitParseError(
            f"cannot read '{value}' as a quantity ({type(exc).__name__}); write a number "
            f"followed by a unit, e.g. '{example}'"
        ) from None
    if not isinstance(q, ureg.Quantity):  # a bare number written as a string
        q = ureg.Quantity(float(q), ureg.dimensionless)
    if q.dimensionality != target.dimensionality:
        got = str(q.dimensionality) if not q.dimensionless else "dimensionless"
        raise UnitParseError(
            f"'{value}' has dimension {got}; expected units compatible with "
            f"'{unit or 'dimensionless'}' ({target.dimensionality}), e.g. '{example}'"
        )
    return float(q.to(target).magnitude)

"""Typed scenario fields that accept quantities written with units.

``Q("m", ge=200e3, show="km", description=...)`` is an annotated float for pydantic: the
YAML text ``"650 km"`` becomes ``650000.0`` at load, bounds are checked in SI and reported in
the unit the user reads (``show``), and the JSON schema says which units are accepted.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from wattflop.units import UnitParseError, registry, to_si


def _fmt(value_si: float, unit: str, show: str | None) -> str:
    if not unit:
        return f"{value_si:g}"
    if show is None:
        return f"{value_si:g} {unit}"
    ureg = registry()
    shown = ureg.Quantity(value_si, ureg.Unit(unit)).to(show).magnitude
    return f"{shown:g} {show}"


def Q(
    unit: str,
    *,
    description: str,
    ge: float | None = None,
    gt: float | None = None,
    le: float | None = None,
    lt: float | None = None,
    show: str | None = None,
    why: str = "",
) -> Any:
    """An annotated float field in SI ``unit`` with physical bounds.

    Parameters
    ----------
    unit : str
        SI unit the value is stored in (pint syntax; ``""`` for dimensionless).
    description : str
        What the field means; the source of its default goes here too.
    ge, gt, le, lt : float, optional
        Bounds in SI.
    show : str, optional
        Unit to use when reporting bounds (e.g. ``"km"`` for a value stored in ``m``).
    why : str
        Physical reason for the bounds, appended to errors.
    """

    def convert(value: object) -> float:
        try:
            x = to_si(value, unit)
        except UnitParseError as exc:
            raise PydanticCustomError("wattflop_unit", str(exc)) from None
        checks = (
            (ge, x < ge if ge is not None else False, "≥"),
            (gt, x <= gt if gt is not None else False, ">"),
            (le, x > le if le is not None else False, "≤"),
            (lt, x >= lt if lt is not None else False, "<"),
        )
        for bound, failed, op in checks:
            if failed and bound is not None:
                msg = f"must be {op} {_fmt(bound, unit, show)}, got {_fmt(x, unit, show)}"
                if why:
                    msg += f" ({why})"
                raise PydanticCustomError("wattflop_bounds", msg)
        return x

    bounds = []
    for name, b in (("≥", ge), (">", gt), ("≤", le), ("<", lt)):
        if b is not None:
            bounds.append(f"{name} {_fmt(b, unit, show)}")
    unit_text = f"[{show or unit}]" if unit else "[-]"
    full = f"{description} {unit_text}" + (f"; bounds {', '.join(bounds)}" if bounds else "")
    schema: dict[str, Any] = {
        "description": full,
        "x-unit": unit or "1",
    }
    if unit:
        schema["type"] = "string"
        schema["examples"] = [f"1 {show or unit}"]
    else:
        schema["anyOf"] = [{"type": "number"}, {"type": "string"}]
    return Annotated[
        float,
        BeforeValidator(convert),
        WithJsonSchema(schema),
        Field(description=full),
    ]

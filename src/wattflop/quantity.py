"""Typed scenario fields that accept quantities written with units.

``Annotated[float, Q("m", ge=200e3, show="km", description=...)]`` is a float for pydantic: the
YAML text ``"650 km"`` becomes ``650000.0`` at load, bounds are checked in SI and reported in
the unit the user reads (``show``), and the JSON schema says which units are accepted.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

from wattflop.units import UnitParseError, registry, to_si


def _fmt(value_si: float, unit: str, show: str | None) -> str:
    if not unit:
        return f"{value_si:g}"
    if show is None:
        return f"{value_si:g} {unit}"
    ureg = registry()
    shown = ureg.Quantity(value_si, ureg.Unit(unit)).to(show).magnitude
    return f"{shown:g} {show}"


#: Per bound operator, the values that break it.
_BREAKS = {"≥": np.less, ">": np.less_equal, "≤": np.greater, "<": np.greater_equal}


class Q:
    """Metadata for ``Annotated[float, Q(...)]``: a float stored in SI ``unit``, written in
    scenario files with units, with physical bounds.

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

    def __init__(
        self,
        unit: str,
        *,
        description: str,
        ge: float | None = None,
        gt: float | None = None,
        le: float | None = None,
        lt: float | None = None,
        show: str | None = None,
        why: str = "",
    ) -> None:
        self.unit, self.show, self.why = unit, show, why
        self.bounds = {"≥": ge, ">": gt, "≤": le, "<": lt}
        texts = [f"{op} {_fmt(b, unit, show)}" for op, b in self.bounds.items() if b is not None]
        unit_text = f"[{show or unit}]" if unit else "[-]"
        self.description = f"{description} {unit_text}" + (
            f"; bounds {', '.join(texts)}" if texts else ""
        )

    def convert(self, value: object) -> float:
        """Parse ``value`` to SI and check the bounds (pydantic before-validator)."""
        unit, show = self.unit, self.show
        try:
            x = to_si(value, unit, show=show)
        except UnitParseError as exc:
            raise PydanticCustomError("wattflop_unit", str(exc)) from None
        broken = self.outside(x)
        if broken is not None:
            msg = f"must be {self.bound_text(broken[0])}, got {self.text(x)}"
            if self.why:
                msg += f" ({self.why})"
            raise PydanticCustomError("wattflop_bounds", msg)
        return x

    def outside(self, x: ArrayLike) -> tuple[str, NDArray[np.bool_]] | None:
        """The first bound that SI value(s) ``x`` break, as (operator, mask of the values
        that break it), or None when every value is inside."""
        v = np.asarray(x, dtype=float)
        for op, bound in self.bounds.items():
            if bound is None:
                continue
            # one comparison per bound (a Monte Carlo checks 10⁵ samples per key)
            bad = _BREAKS[op](v, bound)
            if np.any(bad):
                return op, np.asarray(bad, dtype=bool)
        return None

    def bound_text(self, op: str) -> str:
        """A bound as users read it, e.g. ``"≥ 0 USD/MMBtu"``."""
        bound = self.bounds[op]
        assert bound is not None
        return f"{op} {_fmt(bound, self.unit, self.show)}"

    def text(self, value_si: float) -> str:
        """An SI value in the unit the key is shown in."""
        return _fmt(float(value_si), self.unit, self.show)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(
            self.convert, core_schema.float_schema()
        )

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        out: dict[str, Any] = {"description": self.description, "x-unit": self.unit or "1"}
        if self.unit:
            out["type"] = "string"
            out["examples"] = [f"1 {self.show or self.unit}"]
        else:
            out["anyOf"] = [{"type": "number"}, {"type": "string"}]
        return out


def U(text: str) -> Any:  # noqa: N802 - reads as a unit literal in field defaults
    """A field default written with its unit, e.g. ``U("20 degC")``; parsed like user input
    (models validate their defaults), so the schema shows defaults as a user writes them."""
    return text

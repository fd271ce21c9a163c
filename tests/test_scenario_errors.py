"""Bad scenarios give a ScenarioError that names the file, line, key path, value, what was
expected and, where it fits, a did-you-mean. Each bad scenario is the bundled inclined-orbit
scenario with one edit, written to tmp_path."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from wattflop import catalog
from wattflop.errors import ScenarioError
from wattflop.scenario import load_scenario, parse_scenario

BUNDLED = Path(__file__).resolve().parents[1] / "scenarios" / "orbit-20mw-inclined-550km.yaml"
TEXT = BUNDLED.read_text(encoding="utf-8")
SSO_ORBIT = "  altitude: 550 km\n  sun_synchronous: true\n  ltan: {ltan}\n"

USER_ACCELERATOR = {
    "description": "made-up next-generation part",
    "tdp": "1000 W",
    "system_power": "1500 W",
    "system_mass": "20 kg",
    "peak_flops": "2000 TFLOP/s",
    "system_price": "40000 USD",
    "failure_rate": "0.05 1/yr",
    "total_dose_tolerance": "10 krad(Si)",
    "upset_rate_per_dose": "0.001 1/rad(Si)",
    "upset_recovery_time": "60 s",
    "max_coolant_temperature": "40 degC",
}

USER_CELL = {
    "efficiency": 0.30,
    "reference_temperature": "28 degC",
    "temperature_coefficient": "-0.002 1/K",
    "degradation_per_year": "0.01 1/yr",
    "areal_density": "1.5 kg/m^2",
    "price_per_watt": "100 USD/W",
    "solar_absorptance": 0.9,
    "emissivity_front": 0.85,
    "emissivity_back": 0.85,
}


# -- helpers ---------------------------------------------------------------------------


def _edit(old: str, new: str, text: str = TEXT) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once in the bundled scenario"
    return text.replace(old, new)


def _line_of(text: str, fragment: str) -> int:
    """1-based line of the first line that contains ``fragment``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def _write(tmp_path: Path, text: str, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _data() -> dict[str, Any]:
    return copy.deepcopy(_BUNDLED_DATA)


_BUNDLED_DATA: dict[str, Any] = yaml.safe_load(TEXT)


def _dump(tmp_path: Path, data: Any) -> Path:
    return _write(tmp_path, yaml.safe_dump(data, sort_keys=False))


def _error(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return info.value


def _check(err: ScenarioError, path: Path, *fragments: str) -> str:
    """The message names the file and contains every fragment."""
    msg = str(err)
    assert str(path) in msg, msg
    for f in fragments:
        assert f in msg, f"{f!r} not in:\n{msg}"
    return msg


# -- the acceptance list -----------------------------------------------------------------


def test_bundled_scenario_loads() -> None:
    sc = load_scenario(BUNDLED)
    assert sc.orbit.altitude == pytest.approx(550e3)
    assert sc.accelerator.tdp > 0


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    text = _edit("  altitude: 550 km", "  altitude: 550 km: x")
    path = _write(tmp_path, text)
    err = _error(path)
    line = _line_of(text, "550 km: x")
    _check(err, path, "YAML syntax error", f"{path}:{line}:", "column")
    assert err.problems[0].line == line


def test_yaml_unclosed_quote_points_at_where_it_started(tmp_path: Path) -> None:
    text = _edit("  altitude: 550 km", '  altitude: "550 km')
    path = _write(tmp_path, text)
    start = _line_of(text, 'altitude: "550 km')
    _check(_error(path), path, "YAML syntax error", f"on line {start}")


def test_unknown_key_typo_suggests_the_key(tmp_path: Path) -> None:
    text = _edit("  altitude: 550 km", "  altitud: 550 km")
    path = _write(tmp_path, text)
    err = _error(path)
    line = _line_of(text, "altitud:")
    _check(
        err,
        path,
        f"{path}:{line}: orbit.altitud:",
        "unknown key 'altitud'",
        "did you mean 'altitude'",
    )
    typo = next(p for p in err.problems if p.path == "orbit.altitud")
    assert typo.line == line
    # the consequence (altitude missing) points back at the typo
    missing = next(p for p in err.problems if p.path == "orbit.altitude")
    assert "misspelling" in missing.hint


def test_typo_in_nested_section_and_in_user_catalog_entry(tmp_path: Path) -> None:
    data = _data()
    data["satellite"]["radiator"]["emisivity"] = 0.9
    data["catalog"] = {"accelerators": {"X1": {**USER_ACCELERATOR, "tdpp": "1 kW"}}}
    data["workload"]["accelerator"] = "X1"
    path = _dump(tmp_path, data)
    _check(
        _error(path),
        path,
        "satellite.radiator.emisivity",
        "did you mean 'emissivity'",
        "catalog.accelerators.X1.tdpp",
        "did you mean 'tdp'",
    )


def test_wrong_dimension_says_what_it_is_and_what_is_expected(tmp_path: Path) -> None:
    text = _edit("  altitude: 550 km", "  altitude: 650 kg")
    path = _write(tmp_path, text)
    _check(
        _error(path),
        path,
        f"{path}:{_line_of(text, '650 kg')}: orbit.altitude:",
        "'650 kg'",
        "dimension mass",
        "expected a length",
        "e.g. '650 km'",
    )


def test_efficiency_above_one_is_out_of_bounds(tmp_path: Path) -> None:
    text = _edit("  it_power: 20 kW", "  it_power: 20 kW\n  pmad_efficiency: 1.2")
    path = _write(tmp_path, text)
    msg = _check(
        _error(path),
        path,
        f"{path}:{_line_of(text, 'pmad_efficiency')}: satellite.pmad_efficiency:",
        "must be ≤ 1",
        "1.2",
    )
    assert "(got 1.2)" not in msg  # the value is said once


def test_user_solar_cell_efficiency_above_one(tmp_path: Path) -> None:
    data = _data()
    data["catalog"] = {"solar_cells": {"my-cell": {**USER_CELL, "efficiency": 1.2}}}
    data["satellite"]["array"]["cell"] = "my-cell"
    path = _dump(tmp_path, data)
    _check(_error(path), path, "catalog.solar_cells.my-cell.efficiency", "must be ≤ 1", "got 1.2")


def test_negative_price_is_out_of_bounds(tmp_path: Path) -> None:
    text = _edit("  pricing: per_launch", "  pricing: per_launch\n  price_per_kg: -5 USD/kg")
    path = _write(tmp_path, text)
    _check(
        _error(path),
        path,
        f"{path}:{_line_of(text, 'price_per_kg')}: launch.price_per_kg:",
        "must be ≥ 0 USD/kg",
        "-5 USD/kg",
    )


def test_altitude_below_drag_limit_says_minimum_and_why(tmp_path: Path) -> None:
    path = _write(tmp_path, _edit("  altitude: 550 km", "  altitude: 150 km"))
    _check(_error(path), path, "orbit.altitude", "must be ≥ 200 km", "got 150 km", "decays in days")


@pytest.mark.parametrize(("name", "suggestion"), [("H100", "H100-SXM"), ("B2000", "B200")])
def test_unknown_accelerator_suggests_and_lists_known(
    tmp_path: Path, name: str, suggestion: str
) -> None:
    text = _edit("accelerator: H100-SXM", f"accelerator: {name}")
    path = _write(tmp_path, text)
    known = ", ".join(catalog.names("accelerators"))
    _check(
        _error(path),
        path,
        f"{path}:{_line_of(text, 'accelerator:')}: workload.accelerator:",
        f"unknown accelerator '{name}'",
        f"did you mean '{suggestion}'",
        f"known: {known}",
        "catalog.accelerators",
    )


def test_unknown_launch_vehicle(tmp_path: Path) -> None:
    path = _write(tmp_path, _edit("vehicle: falcon9-reusable", "vehicle: falcon9"))
    _check(_error(path), path, "launch.vehicle", "did you mean 'falcon9-reusable'", "starship")


def test_missing_file_suggests_near_name(tmp_path: Path) -> None:
    _write(tmp_path, TEXT, "orbit-20mw-inclined-550km.yaml")
    path = tmp_path / "orbit-20mw-inclined-550-km.yaml"
    _check(
        _error(path),
        path,
        "file not found",
        f"did you mean '{tmp_path / 'orbit-20mw-inclined-550km.yaml'}'",
    )


def test_missing_file_in_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "nowhere" / "x.yaml"
    _check(_error(path), path, "file not found", "does not exist")


def test_directory_instead_of_file(tmp_path: Path) -> None:
    _check(_error(tmp_path), tmp_path, "cannot read the file")


# -- the other mistakes ------------------------------------------------------------------


def test_bare_number_needs_units(tmp_path: Path) -> None:
    text = _edit("  altitude: 550 km", "  altitude: 650")
    path = _write(tmp_path, text)
    _check(
        _error(path),
        path,
        f"{path}:{_line_of(text, 'altitude: 650')}: orbit.altitude:",
        "bare number",
        "e.g. '650 km'",
        "(got 650)",
    )


def test_bare_angle_is_not_read_as_radians(tmp_path: Path) -> None:
    path = _write(tmp_path, _edit("inclination: 53 deg", "inclination: 53"))
    _check(_error(path), path, "orbit.inclination", "bare number", "53 deg")
    path = _write(tmp_path, _edit("inclination: 53 deg", "inclination: 53 percent"))
    _check(_error(path), path, "orbit.inclination", "no angle unit")


def test_unparseable_quantity(tmp_path: Path) -> None:
    path = _write(tmp_path, _edit("  altitude: 550 km", "  altitude: 550 kilometres-ish"))
    _check(
        _error(path), path, "orbit.altitude", "cannot read '550 kilometres-ish'", "e.g. '650 km'"
    )


@pytest.mark.parametrize("value", [".nan", "nan km", "inf km"])
def test_non_finite_numbers_are_rejected(tmp_path: Path, value: str) -> None:
    path = _write(tmp_path, _edit("  altitude: 550 km", f"  altitude: {value}"))
    _check(_error(path), path, "orbit.altitude")


def test_nan_for_dimensionless(tmp_path: Path) -> None:
    path = _write(tmp_path, _edit("utilisation: 0.40", "utilisation: .nan"))
    _check(_error(path), path, "workload.utilisation", "not a finite number")


def test_yaml_boolean_where_a_quantity_is_needed(tmp_path: Path) -> None:
    path = _write(tmp_path, _edit("  altitude: 550 km", "  altitude: yes"))
    _check(_error(path), path, "orbit.altitude", "boolean", "e.g. '650 km'")


def test_empty_value(tmp_path: Path) -> None:
    path = _write(tmp_path, _edit("  it_power: 20 kW", "  it_power:"))
    _check(_error(path), path, "satellite.it_power", "no value given", "e.g. '100 kW'")


def test_missing_required_key(tmp_path: Path) -> None:
    text = _edit("  it_power: 20 kW\n", "")
    path = _write(tmp_path, text)
    err = _error(path)
    _check(
        err,
        path,
        f"{path}:{_line_of(text, 'satellite:')}: satellite.it_power: required key is missing",
        "wattflop schema",
    )


def test_missing_section(tmp_path: Path) -> None:
    data = _data()
    del data["orbit"]
    path = _dump(tmp_path, data)
    _check(_error(path), path, "orbit: required key is missing")


def test_wrong_enum_suggests(tmp_path: Path) -> None:
    text = _edit("shadow: conical", "shadow: conic")
    path = _write(tmp_path, text)
    _check(
        _error(path),
        path,
        f"{path}:{_line_of(text, 'shadow:')}: orbit.shadow:",
        "'conical' or 'cylindrical'",
        "(got 'conic')",
        "did you mean 'conical'",
    )


def test_wrong_site(tmp_path: Path) -> None:
    path = _write(tmp_path, _edit("site: orbit", "site: orbitt"))
    _check(_error(path), path, "site:", "unknown site 'orbitt'", "did you mean 'orbit'?")
    # a valid site with the other site's keys: the keys are named as unknown
    path = _write(tmp_path, _edit("site: orbit", "site: ground"))
    _check(_error(path), path, "orbit: unknown key 'orbit'", "location: required key")


def test_bad_epoch(tmp_path: Path) -> None:
    path = _write(tmp_path, _edit("epoch: 2027-01-01T00:00:00Z", "epoch: soon"))
    _check(_error(path), path, "orbit.epoch", "(got 'soon')", "2027-01-01T00:00:00Z")


def test_section_that_is_not_a_mapping(tmp_path: Path) -> None:
    data = _data()
    data["orbit"] = ["550 km"]
    path = _dump(tmp_path, data)
    _check(_error(path), path, "orbit: expected a mapping")


@pytest.mark.parametrize(
    ("ltan", "hours"),
    [
        ("06:00", 6.0),
        ("6:00", 6.0),
        ("18:30", 18.5),
        ('"06:00"', 6.0),
        ("6", 6.0),
        ("0:05", 5 / 60),
    ],
)
def test_unquoted_ltan_is_read_as_a_time(tmp_path: Path, ltan: str, hours: float) -> None:
    """YAML 1.1 reads an unquoted 6:00 as the sexagesimal integer 360: it must mean 06:00."""
    text = _edit("  altitude: 550 km\n  inclination: 53 deg\n", SSO_ORBIT.format(ltan=ltan))
    sc = load_scenario(_write(tmp_path, text))
    assert sc.orbit.sun_synchronous
    assert sc.orbit.ltan == pytest.approx(hours)


def test_ltan_from_plain_yaml_loader_is_read_as_a_time() -> None:
    """parse_scenario(yaml.safe_load(...)) gets 18:30 as 1110 (minutes)."""
    text = _edit("  altitude: 550 km\n  inclination: 53 deg\n", SSO_ORBIT.format(ltan="18:30"))
    raw = yaml.safe_load(text)
    assert raw["orbit"]["ltan"] == 1110
    assert parse_scenario(raw).orbit.ltan == pytest.approx(18.5)


@pytest.mark.parametrize("ltan", ["24:00", '"6 am"', "-1", "1500"])
def test_bad_ltan(tmp_path: Path, ltan: str) -> None:
    text = _edit("  altitude: 550 km\n  inclination: 53 deg\n", SSO_ORBIT.format(ltan=ltan))
    path = _write(tmp_path, text)
    err = _error(path)
    _check(err, path, f"{path}:{_line_of(text, 'ltan:')}: orbit.ltan:")
    assert "{" not in str(err)  # not the whole orbit mapping


def test_sun_synchronous_with_inclination(tmp_path: Path) -> None:
    text = _edit("  raan: 0 deg\n", "  sun_synchronous: true\n  ltan: '06:00'\n")
    path = _write(tmp_path, text)
    err = _error(path)
    msg = _check(
        err,
        path,
        f"{path}:{_line_of(text, 'inclination:')}: orbit.inclination:",
        "follows from J2",
        "remove `inclination`",
    )
    assert "'altitude'" not in msg  # the value is the inclination, not the orbit mapping


def test_sun_synchronous_without_ltan_and_inclined_without_inclination(tmp_path: Path) -> None:
    path = _write(tmp_path, _edit("  inclination: 53 deg\n", "  sun_synchronous: true\n"))
    _check(_error(path), path, "orbit.ltan", "needs `ltan`")
    path = _write(tmp_path, _edit("  inclination: 53 deg\n", ""))
    _check(_error(path), path, "orbit.inclination", "give `inclination`")


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("- name: a\n- name: b\n", "got a list"),
        ("", "empty file"),
        ("just a string\n", "got a str"),
    ],
)
def test_scenario_that_is_not_a_mapping(tmp_path: Path, text: str, what: str) -> None:
    path = _write(tmp_path, text)
    err = _error(path)
    _check(err, path, f"{path}:1:", "a scenario is a mapping", what)


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    text = _edit("  raan: 0 deg\n", "  raan: 0 deg\n  raan: 10 deg\n")
    path = _write(tmp_path, text)
    _check(_error(path), path, f"{path}:{_line_of(text, 'raan: 10 deg')}:", "duplicate key 'raan'")


def test_several_problems_reported_at_once(tmp_path: Path) -> None:
    text = TEXT
    for old, new in [
        ("  altitude: 550 km", "  altitude: 650 kg"),
        ("shadow: conical", "shadow: conic"),
        ("accelerator: H100-SXM", "accelerator: H100"),
        ("  pricing: per_launch", "  pricing: per_launch\n  price_per_kg: -5 USD/kg"),
    ]:
        text = _edit(old, new, text)
    path = _write(tmp_path, text)
    err = _error(path)
    paths = [p.path for p in err.problems]
    assert paths == [
        "workload.accelerator",
        "orbit.altitude",
        "orbit.shadow",
        "launch.price_per_kg",
    ]
    assert [p.line for p in err.problems] == sorted(p.line or 0 for p in err.problems)
    _check(
        err,
        path,
        "4 problems",
        "did you mean 'H100-SXM'",
        "dimension mass",
        "did you mean 'conical'",
    )


def test_user_defined_accelerator_is_used(tmp_path: Path) -> None:
    data = _data()
    data["catalog"] = {"accelerators": {"B2000": USER_ACCELERATOR}}
    data["workload"]["accelerator"] = "B2000"
    sc = load_scenario(_dump(tmp_path, data))
    assert sc.accelerator.tdp == pytest.approx(1000.0)
    assert sc.accelerator.peak_flops == pytest.approx(2e15)
    assert sc.accelerator.total_dose_tolerance == pytest.approx(100.0)  # 10 krad(Si) in Gy


def test_user_catalog_entry_errors_are_located(tmp_path: Path) -> None:
    data = _data()
    data["catalog"] = {"acelerators": {}}
    path = _dump(tmp_path, data)
    _check(_error(path), path, "catalog.acelerators", "did you mean 'accelerators'")


def test_parse_scenario_without_file() -> None:
    data = _data()
    data["orbit"]["altitude"] = "150 km"
    with pytest.raises(ScenarioError) as info:
        parse_scenario(data)
    assert "<scenario>: orbit.altitude: must be ≥ 200 km" in str(info.value)


def test_keys_that_moved_say_where_they_went(tmp_path: Path) -> None:
    """Issue #12 moved the training profile to workload.training and retired two keys; an
    older file gets a message naming the new place, not a did-you-mean to an unrelated key."""
    from wattflop.scenario.keys import load_raw

    raw = load_raw("ground-1gw-memphis")
    raw["swings"]["compute_fraction"] = 0.6
    raw["facility"]["replacement_fraction"] = 1.0
    f = tmp_path / "old.yaml"
    f.write_text(yaml.safe_dump(raw), encoding="utf-8")
    with pytest.raises(ScenarioError) as exc:
        load_scenario(f)
    text = str(exc.value)
    assert "workload.training.compute_fraction" in text
    assert "part_price" in text and "om_fraction" not in text

"""One data-source error: a weather year and a demand series fail the same way."""

from __future__ import annotations

import pickle

import pytest

from wattflop.errors import DataSourceError, WattflopError
from wattflop.ground.weather import WeatherError
from wattflop.study.headroom import DemandDataError


@pytest.mark.parametrize("cls", [DataSourceError, WeatherError, DemandDataError])
def test_data_source_errors_share_one_class(cls: type[DataSourceError]) -> None:
    """Source, problem and fix in the message; a user error (exit 2); survives pickling
    (pytest-xdist, multiprocessing) with its class and fields."""
    err = cls("f.csv", "problem", "fix it")
    assert isinstance(err, DataSourceError) and isinstance(err, WattflopError)
    assert str(err) == "f.csv: problem\n    fix: fix it"
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is cls
    assert (back.source, back.problem, back.fix) == ("f.csv", "problem", "fix it")

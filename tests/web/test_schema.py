"""Property-based API tests generated from the app's own OpenAPI schema (schemathesis):
whatever a client sends that the schema allows, the server answers without a 5xx.

Bounded: 10 examples per operation. Jobs a generated request starts (a bundled scenario
named in the schema's examples) are killed when the request ends (the test client runs the
app's shutdown after each call), and ``?wait=`` is set to 0 so that no call blocks on a
slow computation (the ground LP, the claims): their 202 answers are checked, their results
are tested in test_api.py. The schema is loaded at import (as
schemathesis' parametrize needs), with the cache in a temporary folder removed at the end.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from wattflop.web import create_app

CACHE = Path(tempfile.mkdtemp(prefix="wattflop-schema-"))
APP = create_app(CACHE, time_limit_s=30.0, max_jobs=1)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _cleanup() -> Iterator[None]:
    yield
    APP.state.wattflop.jobs.shutdown()
    shutil.rmtree(CACHE, ignore_errors=True)


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_server_error(case: schemathesis.Case) -> None:  # type: ignore[type-arg]
    """No request the schema allows gives a server error (5xx)."""
    if case.query and "wait" in case.query:
        case.query["wait"] = 0
    case.call_and_validate(checks=[not_a_server_error])

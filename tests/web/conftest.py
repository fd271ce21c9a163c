"""Fixtures of the web tests: one application per test module, its cache in a temporary
folder, and a helper that follows a background job to its end."""

from __future__ import annotations

import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

with warnings.catch_warnings():
    # starlette asks for httpx2 in its test client; the client works the same with httpx
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient as TestClient

from wattflop.web import create_app

REPO = Path(__file__).resolve().parents[2]
ORBIT = "orbit-1gw-dawn-dusk-650km"
GROUND = "ground-1gw-memphis"


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("web-cache")


@pytest.fixture(scope="module")
def app(cache_dir: Path) -> Iterator[FastAPI]:
    application = create_app(cache_dir, time_limit_s=120.0)
    yield application
    application.state.wattflop.jobs.shutdown()


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


def follow(client: TestClient, response: Any, timeout_s: float = 150.0) -> Any:
    """Poll a 202 job until it is done, failed or cancelled; return the final job status (or the
    response itself when it was not a job)."""
    if response.status_code != 202:
        return response.json()
    url = response.json()["status_url"]
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        status = client.get(url).json()
        if status["state"] in ("done", "failed", "cancelled"):
            return status
        time.sleep(0.25)
    raise AssertionError(f"job {url} still running after {timeout_s} s")

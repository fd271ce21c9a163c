"""Fixtures of the web tests: one application per test module, its cache in a temporary
folder, and a helper that follows a background job to its end."""

from __future__ import annotations

import shutil
import socket
import threading
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
#: Debian's chromium, which the browser tests drive through Playwright (`make browser`).
CHROMIUM = shutil.which("chromium")


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A uvicorn server on a free loopback port, in a thread of this process (browser tests)."""
    import uvicorn

    application = create_app(tmp_path_factory.mktemp("browser-cache"), max_jobs=1)
    port = _free_port()
    config = uvicorn.Config(
        application, host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    end = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > end:
            raise AssertionError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=15)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's, through Playwright's ``executable_path``)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield b
        b.close()

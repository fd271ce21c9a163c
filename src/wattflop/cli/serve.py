"""``wattflop serve``: the web page and HTTP API on uvicorn. Registered on the main app with
:func:`register` (:mod:`wattflop.cli.main`)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Annotated

import typer


def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (loopback by default; 0.0.0.0 exposes it).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    cache: Annotated[
        Path | None,
        typer.Option(
            "--cache",
            help="Folder for cached results, the only place the server writes "
            "(default: $WATTFLOP_CACHE_DIR/web, else ~/.cache/wattflop/web on Linux).",
        ),
    ] = None,
    time_limit: Annotated[
        float, typer.Option(help="Limit of one computation [s].", min=1.0)
    ] = 120.0,
) -> None:
    """Serve the page (sliders, ground vs orbit, break-even, claims) and its HTTP API
    (OpenAPI schema at /openapi.json, documentation at /docs)."""
    from wattflop.cli.console import fail
    from wattflop.extras import MissingExtraError, require

    try:
        require("web", "wattflop serve")
    except MissingExtraError as exc:
        fail(exc)
    import uvicorn

    from wattflop.web.app import create_app, default_cache_dir

    folder = cache if cache is not None else default_cache_dir()
    try:
        app = create_app(folder, time_limit_s=time_limit)
    except OSError as exc:
        fail(f"cannot use the cache folder {folder}: {exc.strerror or exc}")
    try:  # a taken port or an address not on this machine is the user's to fix: exit 2
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        fail(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose another --port, "
            "or --host 127.0.0.1"
        )
    typer.echo(f"wattflop: http://{host}:{port}/  (cache: {folder})", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the main command line."""
    app.command("serve")(serve)

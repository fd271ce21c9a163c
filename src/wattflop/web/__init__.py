"""A web page and a documented HTTP API to explore designs and claims.

``wattflop serve`` starts the server (loopback by default); :func:`create_app` builds the
FastAPI application (OpenAPI schema at ``/openapi.json``, documentation at ``/docs``). Both
need the web extra (``pip install 'wattflop[web]'``).

Requests carry scenarios only as bundled names or uploaded YAML/JSON text, never as server
file paths; slow computations (the ground LP, break-even curves, claims) run in separate
processes with a time limit, and their results are cached on disk in the server's cache
directory, which is the only place the server writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wattflop.web.app import create_app


def __getattr__(name: str) -> Any:
    """:func:`create_app` loads on first use, so that ``wattflop --help`` (which imports
    :mod:`wattflop.web.cli`) works without the web extra, and names it when it is missing."""
    if name == "create_app":
        from wattflop.extras import require

        require("web", "wattflop's web server")
        from wattflop.web.app import create_app

        return create_app
    raise AttributeError(f"module 'wattflop.web' has no attribute '{name}'")


__all__ = ["create_app"]

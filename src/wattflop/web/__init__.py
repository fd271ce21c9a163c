"""A web page and a documented HTTP API to explore designs and claims.

``wattflop serve`` starts the server (loopback by default); :func:`create_app` builds the
FastAPI application (OpenAPI schema at ``/openapi.json``, documentation at ``/docs``).

Requests carry scenarios only as bundled names or uploaded YAML/JSON text, never as server
file paths; slow computations (the ground LP, break-even curves, claims) run in separate
processes with a time limit, and their results are cached on disk in the server's cache
directory, which is the only place the server writes.
"""

from __future__ import annotations

from wattflop.web.app import create_app

__all__ = ["create_app"]

"""The page: ``/``, the plotly.js it loads from this server (no CDN), the favicon and the
vendored files under ``/static/vendor`` (plotly.js, Swagger UI, ReDoc: see the README
there). The page's own files under ``/static`` are mounted by
:func:`wattflop.web.app.create_app` (:class:`PageFiles`).

Vendored files and the favicon are sent from memory, gzipped once
(:mod:`wattflop.web.assets`), with a strong ETag and a long ``Cache-Control``; the page's own
files are sent with ``Cache-Control: no-cache`` (the browser revalidates them by ETag, so a
new version of wattflop is seen at once).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

from wattflop.web.assets import ICON_CACHE, VENDOR_CACHE, Assets

#: The page's files (index.html, app.js, style.css, favicon.svg) and ``vendor/``.
STATIC = Path(__file__).resolve().parents[1] / "static"
#: The plotly.js bundle served at ``/vendor/plotly.min.js``, relative to :data:`STATIC`.
PLOTLY = "vendor/plotly/plotly-cartesian.min.js"
#: Cache-Control of the page and its own files: always revalidated.
PAGE_CACHE = "no-cache"

router = APIRouter(include_in_schema=False)


async def _assets(request: Request) -> Assets:
    """The application's :class:`~wattflop.web.assets.Assets` (a FastAPI dependency)."""
    assets: Assets = request.app.state.assets
    return assets


AssetFiles = Annotated[Assets, Depends(_assets)]


class PageFiles(StaticFiles):
    """:class:`StaticFiles` whose answers say ``Cache-Control: no-cache``."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = PAGE_CACHE
        return response


@router.get("/")
async def index() -> FileResponse:
    return FileResponse(
        STATIC / "index.html", media_type="text/html", headers={"Cache-Control": PAGE_CACHE}
    )


@router.get("/index.html")
async def index_html() -> RedirectResponse:
    return RedirectResponse("/")


@router.get("/vendor/plotly.min.js")
def plotly_js(request: Request, assets: AssetFiles) -> Response:
    """The cartesian partial bundle of plotly.js (scatter, bar, heatmap, contour, ...)."""
    return _send(request, assets, PLOTLY, VENDOR_CACHE)


@router.get("/static/vendor/{path:path}")
def vendor(path: str, request: Request, assets: AssetFiles) -> Response:
    """A vendored file (.js or .css); 404 for anything else."""
    return _send(request, assets, f"vendor/{path}", VENDOR_CACHE)


@router.get("/favicon.svg")
def favicon_svg(request: Request, assets: AssetFiles) -> Response:
    return _send(request, assets, "favicon.svg", ICON_CACHE)


@router.get("/favicon.ico")
def favicon_ico(request: Request, assets: AssetFiles) -> Response:
    """The SVG icon (browsers take an ``image/svg+xml`` answer at this address too)."""
    return _send(request, assets, "favicon.svg", ICON_CACHE)


def _send(request: Request, assets: Assets, relative: str, cache_control: str) -> Response:
    """The answer with a file of :data:`STATIC` (plain ``def`` routes call this on a worker
    thread: the first request of a file reads and compresses it)."""
    asset = assets.get(relative)
    if asset is None:
        raise HTTPException(404)
    return asset.response(request, cache_control)

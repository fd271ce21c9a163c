"""The page: ``/`` and the plotly.js it loads from this server (no CDN). The static files
under ``/static`` are mounted by :func:`wattflop.web.app.create_app`."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, RedirectResponse

#: The page's files (index.html, app.js, style.css).
STATIC = Path(__file__).resolve().parents[1] / "static"

router = APIRouter(include_in_schema=False)


@router.get("/")
async def index() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html")


@router.get("/vendor/plotly.min.js")
async def plotly_js() -> FileResponse:
    path = resources.files("plotly") / "package_data" / "plotly.min.js"
    return FileResponse(str(path), media_type="text/javascript")


@router.get("/index.html")
async def index_html() -> RedirectResponse:
    return RedirectResponse("/")

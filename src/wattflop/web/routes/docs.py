"""The API documentation, Swagger UI at ``/docs`` and ReDoc at ``/redoc``, from this server's
own copies of their files (``/static/vendor``, see its README), as FastAPI documents for
self-hosting ("Custom Docs UI Static Assets"): they render with no access to another host.
ReDoc is asked not to load Google's fonts, and Swagger UI not to call its online validator.

Both pages carry a Content-Security-Policy that allows this server only (:data:`DOCS_CSP`):
ReDoc 2.5 shows an image from its maker's CDN in its menu (``logo-mini.svg``, hidden when it
fails to load), which the browser then never asks for.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

SWAGGER_JS = "/static/vendor/swagger-ui/swagger-ui-bundle.js"
SWAGGER_CSS = "/static/vendor/swagger-ui/swagger-ui.css"
REDOC_JS = "/static/vendor/redoc/redoc.standalone.js"
FAVICON = "/favicon.svg"
#: Content-Security-Policy of the documentation pages: nothing from another host. Inline
#: script (Swagger UI's start-up) and inline styles (both UIs write them) are allowed; ReDoc
#: runs its search in a worker made from a blob.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; worker-src 'self' blob:; "
    "connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'"
)

router = APIRouter(include_in_schema=False)


@router.get("/docs")
async def swagger_ui(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "")
    app = request.app
    html = get_swagger_ui_html(
        openapi_url=f"{root}{app.openapi_url}",
        title=f"{app.title} - Swagger UI",
        swagger_js_url=f"{root}{SWAGGER_JS}",
        swagger_css_url=f"{root}{SWAGGER_CSS}",
        swagger_favicon_url=f"{root}{FAVICON}",
        oauth2_redirect_url=None,
        swagger_ui_parameters={**(app.swagger_ui_parameters or {}), "validatorUrl": None},
    )
    html.headers["Content-Security-Policy"] = DOCS_CSP
    return html


@router.get("/redoc")
async def redoc(request: Request) -> HTMLResponse:
    root = request.scope.get("root_path", "")
    app = request.app
    html = get_redoc_html(
        openapi_url=f"{root}{app.openapi_url}",
        title=f"{app.title} - ReDoc",
        redoc_js_url=f"{root}{REDOC_JS}",
        redoc_favicon_url=f"{root}{FAVICON}",
        with_google_fonts=False,
    )
    html.headers["Content-Security-Policy"] = DOCS_CSP
    return html

"""How the server delivers the page, the API's JSON and the documentation (issue #15):

- plotly.js is the cartesian partial bundle, sent gzipped with a strong ETag and a long
  Cache-Control, revalidated with 304;
- everything else is gzipped on the fly when the client accepts it, plain when not, and the
  request size limit still holds;
- ``/docs`` and ``/redoc`` reference only this server's files, which it serves;
- the favicon exists at both usual addresses;
- every file under ``static/`` is shipped in the wheel by ``pyproject.toml``'s package data.
"""

from __future__ import annotations

import gzip
import re
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from wattflop.web.app import MAX_BODY_BYTES
from wattflop.web.routes.page import PLOTLY, STATIC

from .conftest import REPO, TestClient

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
PLAIN = {"Accept-Encoding": "identity"}


# ---------------------------------------------------------------------------------------
# plotly.js
# ---------------------------------------------------------------------------------------


def test_plotly_is_the_cartesian_bundle_gzipped_and_cached(client: TestClient) -> None:
    on_disk = (STATIC / PLOTLY).read_bytes()
    assert on_disk.startswith(b"/**\n* plotly.js (cartesian - minified) v")
    full = client.get("/vendor/plotly.min.js", headers=GZIP)
    assert full.status_code == 200
    assert full.headers["content-type"].startswith("text/javascript")
    assert full.headers["content-encoding"] == "gzip"
    assert full.content == on_disk  # the client has decoded it
    sent = int(full.headers["content-length"])
    assert sent < 0.4 * len(on_disk) and sent < 600_000  # 496 kB of 1.5 MB (4.8 MB before)
    assert "Accept-Encoding" in full.headers["vary"]
    max_age = re.search(r"max-age=(\d+)", full.headers["cache-control"])
    assert max_age and int(max_age.group(1)) >= 86_400
    etag = full.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{40}-gzip"', etag)  # strong: no W/

    plain = client.get("/vendor/plotly.min.js", headers=PLAIN)
    assert "content-encoding" not in plain.headers
    assert plain.content == on_disk and int(plain.headers["content-length"]) == len(on_disk)
    assert plain.headers["etag"] == etag.removesuffix('-gzip"') + '"'  # another body, tag

    again = client.get("/vendor/plotly.min.js", headers={**GZIP, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and "max-age" in again.headers["cache-control"]
    stale = client.get("/vendor/plotly.min.js", headers={**GZIP, "If-None-Match": '"old"'})
    assert stale.status_code == 200


# ---------------------------------------------------------------------------------------
# gzip for everything, and the body limit
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/api/scenarios", "/openapi.json", "/", "/static/app.js", "/static/style.css"]
)
def test_answers_are_gzipped_only_when_accepted(client: TestClient, url: str) -> None:
    zipped = client.get(url, headers=GZIP)
    plain = client.get(url, headers=PLAIN)
    assert zipped.status_code == plain.status_code == 200
    assert zipped.headers["content-encoding"] == "gzip"
    assert "content-encoding" not in plain.headers
    assert zipped.content == plain.content
    assert int(zipped.headers["content-length"]) < len(plain.content)
    assert "Accept-Encoding" in zipped.headers["vary"]


def test_raw_gzip_body_is_the_json(client: TestClient) -> None:
    """The bytes on the wire are a gzip stream of the JSON (read without the client's
    decoding)."""
    with client.stream("GET", "/api/scenarios", headers=GZIP) as r:
        raw = b"".join(r.iter_raw())
    assert raw[:2] == b"\x1f\x8b"
    assert gzip.decompress(raw) == client.get("/api/scenarios", headers=PLAIN).content


def test_page_files_are_revalidated(client: TestClient) -> None:
    for url in ("/", "/static/app.js"):
        r = client.get(url)
        assert r.headers["cache-control"] == "no-cache" and r.headers["etag"]


def test_body_limit_with_gzip(client: TestClient) -> None:
    """The 413 of the size limit still comes, by header and for a streamed body."""
    big = b'{"scenario": {"name": "' + b"x" * MAX_BODY_BYTES + b'"}}'
    r = client.post(
        "/api/validate", content=big, headers={**GZIP, "Content-Type": "application/json"}
    )
    assert r.status_code == 413 and r.json()["error"] == "request too large"

    def chunks() -> Iterator[bytes]:
        for _ in range(5):
            yield b" " * (MAX_BODY_BYTES // 4)

    r = client.post(
        "/api/validate", content=chunks(), headers={**GZIP, "Content-Type": "application/json"}
    )
    assert r.status_code == 413 and r.json()["error"] == "request too large"


# ---------------------------------------------------------------------------------------
# Offline API documentation
# ---------------------------------------------------------------------------------------

TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_use_only_this_servers_files(client: TestClient, page: str) -> None:
    html = client.get(page)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "://" not in html.text  # no CDN, no Google fonts, no other host at all
    urls = re.findall(r'(?:src|href)="([^"]+)"', html.text)
    urls += re.findall(r"url: '([^']+)'", html.text) + re.findall(r'spec-url="([^"]+)"', html.text)
    assert len(urls) >= 3, urls
    for url in urls:
        assert url.startswith("/") and not url.startswith("//"), url
        r = client.get(url, headers=GZIP)
        assert r.status_code == 200, url
        if url.endswith("openapi.json"):
            assert r.json()["info"]["title"] == "wattflop"
            continue
        assert r.headers["content-type"].startswith(TYPES[Path(url).suffix]), url
        assert len(r.content) > 200, url
    if page == "/redoc":
        assert "fonts.googleapis" not in html.text
    # the browser may load nothing from another host (ReDoc's menu names a CDN image)
    csp = dict(d.strip().split(" ", 1) for d in html.headers["content-security-policy"].split(";"))
    assert csp["default-src"] == "'self'" and csp["img-src"] == "'self' data:"
    assert "http" not in html.headers["content-security-policy"]


def test_vendored_files_are_the_only_ones_served(client: TestClient) -> None:
    """Only .js/.css under static/vendor; no licence file, no path out of the folder."""
    assert client.get("/static/vendor/swagger-ui/swagger-ui.css").status_code == 200
    for url in (
        "/static/vendor/swagger-ui/LICENSE",
        "/static/vendor/README.md",
        "/static/vendor/nothing.js",
        "/static/vendor/%2e%2e/%2e%2e/app.py",
    ):
        assert client.get(url).status_code == 404, url


# ---------------------------------------------------------------------------------------
# Favicon, package data
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/favicon.svg", "/favicon.ico"])
def test_favicon(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(r.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox")


def test_every_static_file_is_package_data() -> None:
    """Each file under ``web/static`` (vendor subfolders included) matches a package-data
    pattern of pyproject.toml, as setuptools globs them."""
    conf = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = conf["tool"]["setuptools"]["package-data"]["wattflop"]
    package = STATIC.parents[1]
    shipped = {p for pat in patterns for p in package.glob(pat) if p.is_file()}
    present = {p for p in STATIC.rglob("*") if p.is_file()}
    assert present - shipped == set()

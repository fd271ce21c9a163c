"""Files of the package that the server sends as they are: the vendored plotly.js, Swagger UI
and ReDoc (``static/vendor``, see its README) and the favicon.

Each file is read and gzipped once, on its first request, and kept in memory: a request
costs no disk read and no compression (gzip at level 9 of the 1.5 MB plotly.js takes about
50 ms of CPU, which the GZip middleware would otherwise spend on every request). Answers
carry a strong ETag (the file's SHA-256, with ``-gzip`` for the compressed form, as the two
bodies differ), ``Cache-Control`` and ``Vary: Accept-Encoding`` (on a plain answer, the
application's GZip middleware adds it); a matching ``If-None-Match`` is answered ``304``.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response

#: Media type of each kind of file served.
MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}

#: Cache-Control of the vendored libraries: their URLs do not name a version, so a browser
#: keeps them a week and then revalidates (a 304 when unchanged, by the ETag).
VENDOR_CACHE = "public, max-age=604800"
#: Cache-Control of the favicon.
ICON_CACHE = "public, max-age=86400"


@dataclass(frozen=True)
class Asset:
    """A file's bytes, gzipped bytes (None when gzip does not make it smaller) and ETag."""

    body: bytes
    gzipped: bytes | None
    digest: str
    media_type: str

    @classmethod
    def read(cls, path: Path, media_type: str) -> Asset:
        body = path.read_bytes()
        packed = gzip.compress(body, compresslevel=9, mtime=0)
        return cls(
            body,
            packed if len(packed) < len(body) else None,
            hashlib.sha256(body).hexdigest()[:40],
            media_type,
        )

    def response(self, request: Request, cache_control: str) -> Response:
        """The file, gzipped when the request accepts it; 304 when the client has it."""
        gz = self.gzipped is not None and accepts_gzip(request.headers.get("accept-encoding", ""))
        etag = f'"{self.digest}-gzip"' if gz else f'"{self.digest}"'
        headers = {"ETag": etag, "Cache-Control": cache_control}
        if self.gzipped is not None:
            # the GZip middleware adds it to a plain answer of 1 kB or more
            headers["Vary"] = "Accept-Encoding"
        if etag_matches(request.headers.get("if-none-match", ""), etag):
            return Response(status_code=304, headers=headers)
        if gz:
            assert self.gzipped is not None
            headers["Content-Encoding"] = "gzip"
            return Response(self.gzipped, media_type=self.media_type, headers=headers)
        headers.pop("Vary", None)
        return Response(self.body, media_type=self.media_type, headers=headers)


class Assets:
    """The files under ``root`` that may be served (suffixes of :data:`MEDIA_TYPES`), each
    read once; a path outside ``root``, another suffix or a missing file is None."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._lock = threading.Lock()
        self._files: dict[str, Asset] = {}

    def get(self, relative: str) -> Asset | None:
        with self._lock:
            hit = self._files.get(relative)
        if hit is not None:
            return hit
        path = (self.root / relative).resolve()
        media_type = MEDIA_TYPES.get(path.suffix)
        if media_type is None or not path.is_relative_to(self.root) or not path.is_file():
            return None
        asset = Asset.read(path, media_type)
        with self._lock:
            self._files[relative] = asset
        return asset


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` header allows gzip (``gzip`` or ``*``, not ``q=0``).

    >>> accepts_gzip("gzip, deflate, br"), accepts_gzip("br;q=1, gzip;q=0"), accepts_gzip("")
    (True, False, False)
    """
    allowed: dict[str, bool] = {}
    for item in accept_encoding.lower().split(","):
        name, _, params = item.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            key, _, value = p.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if name:
            allowed[name.strip()] = q > 0
    return allowed.get("gzip", allowed.get("x-gzip", allowed.get("*", False)))


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``etag`` (weak comparison, as RFC 9110
    §13.1.2 asks) or is ``*``.

    >>> etag_matches('W/"ab", "cd"', '"ab"'), etag_matches('"ab-gzip"', '"ab"')
    (True, False)
    """
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags

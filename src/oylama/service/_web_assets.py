"""The pages' static files: content-hashed URLs cached for good, compression, validators.

Every file under ``_web/`` is served at its plain name (``/_web/app.js``: ``no-cache``, with an
``ETag``, so a browser revalidates and gets ``304`` while it has the current bytes) and at a
content-hashed name (``/_web/app.<h>.js``, ``h`` the first 12 hex digits of the file's SHA-256:
``Cache-Control: public, max-age=31536000, immutable``). A hashed URL whose digest is not the
file's current one answers ``404``: a page can never get other bytes than the ones its URL
names, so caching them forever is safe. The HTML shell refers to the hashed names
(:func:`hashed_url`), and the bundles refer to one another by them (``web/build.mjs`` computes
the same digest when it writes an import).

Text files are compressed when the browser accepts it: brotli (``br``) when the ``brotli``
module is installed, else gzip; each compressed form is made once per file and kept in memory
(the files do not change while the service runs). ``Vary: Accept-Encoding`` tells caches.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Final

try:  # brotli is a declared dependency; without it (a stripped install) gzip still works
    import brotli as _brotli
except ImportError:  # pragma: no cover - exercised only where brotli is missing
    _brotli = None

#: ``Cache-Control`` of a content-hashed URL and of a plain one.
IMMUTABLE: Final = "public, max-age=31536000, immutable"
REVALIDATE: Final = "no-cache"

_HASHED = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{12})(?P<ext>\.[A-Za-z0-9]+)$")
_SAFE_PART = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_TYPES: Final = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".html": "text/html",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".txt": "text/plain",
}
_COMPRESSIBLE: Final = {".js", ".css", ".json", ".html", ".svg", ".txt"}
#: Below this a compressed body saves less than its headers cost.
_MIN_COMPRESS: Final = 512


def digest(data: bytes) -> str:
    """The 12 hex digits a hashed URL carries (``web/build.mjs``'s ``assetName``)."""
    return hashlib.sha256(data).hexdigest()[:12]


@dataclass(frozen=True)
class Asset:
    """One answer: the bytes (compressed as ``encoding`` says) and the headers."""

    body: bytes
    media_type: str
    cache_control: str
    etag: str
    encoding: str | None


class AssetStore:
    """The files of one directory, read once, served by plain and hashed name."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._files: dict[str, bytes] = {}
        self._compressed: dict[tuple[str, str], bytes] = {}
        self._lock = threading.Lock()

    def _read(self, rel: str) -> bytes | None:
        parts = rel.split("/")
        if not parts or not all(_SAFE_PART.match(p) for p in parts):
            return None
        with self._lock:
            if rel in self._files:
                return self._files[rel]
        path = self._root.joinpath(*parts)
        if not path.is_file():
            return None
        data = path.read_bytes()
        with self._lock:
            self._files[rel] = data
        return data

    def hashed_url(self, rel: str) -> str:
        """``/_web/<rel with its digest before the extension>`` (``rel`` must exist)."""
        data = self._read(rel)
        if data is None:
            raise FileNotFoundError(rel)
        head, dot, ext = rel.rpartition(".")
        return f"/_web/{head}.{digest(data)}{dot}{ext}"

    def lookup(self, rel: str, accept_encoding: str) -> Asset | None:
        """The answer for ``/_web/<rel>``, or None (404)."""
        cache = REVALIDATE
        data = self._read(rel)
        name = rel
        if data is None:
            directory, _, leaf = rel.rpartition("/")
            m = _HASHED.match(leaf)
            if m is None:
                return None
            name = f"{directory}/" * bool(directory) + m["stem"] + m["ext"]
            data = self._read(name)
            if data is None or digest(data) != m["digest"]:
                return None
            cache = IMMUTABLE
        ext = "." + name.rpartition(".")[2] if "." in name else ""
        media = _TYPES.get(ext, "application/octet-stream")
        tag = f'"{digest(data)}'
        encoding = None
        if ext in _COMPRESSIBLE and len(data) >= _MIN_COMPRESS:
            encoding = choose_encoding(accept_encoding)
        if encoding is not None:
            data = self._compress(name, data, encoding)
            tag += f"-{encoding}"
        return Asset(data, media, cache, tag + '"', encoding)

    def _compress(self, name: str, data: bytes, encoding: str) -> bytes:
        key = (name, encoding)
        with self._lock:
            found = self._compressed.get(key)
        if found is not None:
            return found
        if encoding == "br" and _brotli is not None:
            out = bytes(_brotli.compress(data, quality=11))
        else:
            out = gzip.compress(data, compresslevel=9, mtime=0)
        with self._lock:
            self._compressed[key] = out
        return out


def choose_encoding(accept_encoding: str) -> str | None:
    """``br`` or ``gzip`` as the request's ``Accept-Encoding`` allows (q=0 refuses), else None."""
    allowed: dict[str, float] = {}
    for item in accept_encoding.split(","):
        name, _, params = item.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            k, _, v = p.strip().partition("=")
            if k == "q":
                try:
                    q = float(v)
                except ValueError:
                    q = 0.0
        if name:
            allowed[name.lower()] = q
    star = allowed.get("*", 0.0)
    for enc in ("br", "gzip") if _brotli is not None else ("gzip",):
        if allowed.get(enc, star) > 0:
            return enc
    return None


__all__ = ["IMMUTABLE", "REVALIDATE", "Asset", "AssetStore", "choose_encoding", "digest"]

"""Project photos: what staff upload is never what residents are served.

An upload is accepted only if its first bytes are a JPEG, PNG or WebP signature *and* Pillow
reads it as that same format within :data:`MAX_PIXELS` (a "decompression bomb" of a few
kilobytes that would expand to gigabytes is refused before it is decoded). The pixels are then
copied into a fresh RGB image (EXIF orientation applied first), scaled to at most
:data:`MAX_SIDE` pixels a side and written anew as a baseline JPEG: EXIF (GPS position, camera,
owner), XMP, ICC profiles, comments and anything appended to the file -- an HTML page or a
script hidden in a "polyglot" -- are not copied, because nothing but pixels is. An SVG, an
HTML page or any other file posing as a photo is refused with the reason.

The stored JPEG is named by its SHA-256 (``digest``), which the definition refers to, and is
served as ``image/jpeg`` with ``nosniff`` and a sandboxing CSP (``_console_routes``), so a
browser can never treat it as a page or a script.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import Final

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy import insert
from sqlalchemy.orm import Session

from oylama.errors import InputError
from oylama.store import Photo

#: Largest upload accepted (bytes of the original file).
MAX_PHOTO_BYTES: Final = 8 * 1024 * 1024

#: Most pixels an upload may declare (width × height), checked before decoding.
MAX_PIXELS: Final = 40_000_000

#: Longest side of a stored photo (pixels).
MAX_SIDE: Final = 2048

#: JPEG quality of the stored photo.
QUALITY: Final = 85

#: The media type every stored photo has.
MEDIA_TYPE: Final = "image/jpeg"

_SIGNATURES: Final = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
)


class PhotoError(InputError):
    """An upload that is not a photo this service accepts (the message says why)."""


def sniff(data: bytes) -> str | None:
    """The format the first bytes announce (``JPEG``, ``PNG``, ``WEBP``), or ``None``."""
    for magic, name in _SIGNATURES:
        if data.startswith(magic):
            return name
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


@dataclass(frozen=True, slots=True)
class StoredPhoto:
    """A re-encoded photo: the JPEG bytes, their SHA-256 (hex) and the size in pixels."""

    data: bytes
    digest: str
    width: int
    height: int
    media_type: str = MEDIA_TYPE


def reencode(data: bytes) -> StoredPhoto:
    """Check an upload and re-encode it (the module docstring); :class:`PhotoError` if it is
    refused."""
    if not data:
        raise PhotoError("the file is empty")
    if len(data) > MAX_PHOTO_BYTES:
        raise PhotoError(f"the file has {len(data):,} bytes; a photo may have {MAX_PHOTO_BYTES:,}")
    announced = sniff(data)
    if announced is None:
        raise PhotoError(
            "not a JPEG, PNG or WebP photo (the file does not start like one: an SVG, a web "
            "page or another kind of file cannot be a photo)"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[announced])
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError(
                    f"the photo has {image.width} × {image.height} pixels; at most "
                    f"{MAX_PIXELS:,} pixels are accepted"
                )
            image.load()
            upright = ImageOps.exif_transpose(image)
    except PhotoError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError(f"not a readable {announced} photo") from None
    except (OSError, SyntaxError, ValueError) as exc:  # truncated or damaged data
        raise PhotoError(f"a damaged {announced} photo ({exc})") from None
    if upright.mode in ("RGBA", "LA", "PA") or (
        upright.mode == "P" and "transparency" in upright.info
    ):
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
    else:
        flat = upright.convert("RGB")
    flat.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    clean = Image.new("RGB", flat.size)  # a fresh image: no info, EXIF or profile carried over
    clean.paste(flat)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=QUALITY, optimize=True)
    stored = out.getvalue()
    return StoredPhoto(
        data=stored,
        digest=hashlib.sha256(stored).hexdigest(),
        width=clean.width,
        height=clean.height,
    )


def store_photo(
    session: Session, election_id: str, photo: StoredPhoto, *, by: str, at: int
) -> bool:
    """Keep a re-encoded photo with the election unless it is there already (the same bytes
    have the same digest); True when it was added. Every upload path (the console's, the
    residents' proposals', implementation notes') stores photos this one way."""
    if session.get(Photo, (election_id, photo.digest)) is not None:
        return False
    session.execute(
        insert(Photo).values(
            election_id=election_id,
            digest=photo.digest,
            media_type=photo.media_type,
            data=photo.data,
            width=photo.width,
            height=photo.height,
            uploaded_by=by,
            uploaded_at=at,
        )
    )
    return True

"""Writing the authority's two outputs without leaking or clobbering them.

The secret file is created 0600 (only its owner reads the codes), the public list 0644. An
existing file is never overwritten unless asked (``force``): regenerating credentials after the
letters went out would lock every voter out. A forced write goes to a temporary file in the
same directory, then replaces the target, so a crash leaves the old file or the new one.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from oylama.credentials._generate import SecretCredential
from oylama.credentials._public import letter_fingerprint
from oylama.errors import InputError

SECRET_MODE = 0o600
PUBLIC_MODE = 0o644


def secrets_csv(creds: Sequence[SecretCredential], *, fingerprint: str) -> bytes:
    """The printer's CSV: header ``voter_id,district,credential_code,list_fingerprint``, one
    row per voter in roll order, ``\\r\\n`` line ends (RFC 4180), UTF-8. ``list_fingerprint``
    is the start of the public list's ``fingerprint`` (:func:`letter_fingerprint`): printed on
    the letter, it lets the voter's device pin the list the authority made."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["voter_id", "district", "credential_code", "list_fingerprint"])
    printed = letter_fingerprint(fingerprint)
    for c in creds:
        writer.writerow([c.voter_id, c.district, c.code, printed])
    return buf.getvalue().encode("utf-8")


def refuse_existing(paths: Sequence[Path], *, force: bool) -> None:
    """Check every target before writing any, so a refusal leaves nothing half written."""
    if force:
        return
    for path in paths:
        if path.exists():
            raise InputError("exists; not overwritten (use --force)", source=str(path))


def write_file(path: Path, data: bytes, *, mode: int, force: bool) -> None:
    """Write ``data`` to ``path`` with permissions ``mode`` (never wider, whatever the umask)."""
    if not force:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        except FileExistsError:
            raise InputError("exists; not overwritten (use --force)", source=str(path)) from None
        try:
            os.fchmod(fd, mode)
            os.write(fd, data)
        finally:
            os.close(fd)
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

"""A cast ballot whose answer has not come yet, kept on the voter's device until it does.

A cast can be committed on the server and its answer lost (the service or its database died
before answering, the connection dropped). The device cannot tell: the only safe course is to
send *the same signed bytes* again until a receipt comes -- the server answers a repeated
ballot with its receipt and appends nothing (service.md §5). Encrypting a new ballot instead
would be a revote that supersedes the one that counted. So the signed ballot is written here
before it is first sent and removed only once a receipt is verified (or the server refused
it for good); running ``oylama vote`` again finds it and resends it instead of making a new
one.

What is kept is what was sent: the credential (public), the signature and the ballot's
canonical text (ciphertexts and proofs, no choices and no randomness), in a file readable by
the voter only, named for the election, the credential and the ballot style.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import msgspec

from oylama.errors import InputError

#: Permissions of a pending-ballot file (the voter only).
PENDING_MODE: Final = 0o600


class PendingBallot(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """One signed ballot waiting for its receipt."""

    format: str = "oylama-pending-ballot/v1"
    server: str
    election_id: str
    style: str
    credential: bytes
    signature: bytes
    ballot: msgspec.Raw  # the canonical ballot text, verbatim


def default_directory() -> Path:
    """``$OYLAMA_STATE_DIR``, else ``$XDG_STATE_HOME/oylama``, else ``~/.local/state/oylama``."""
    given = os.environ.get("OYLAMA_STATE_DIR")
    if given:
        return Path(given)
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "oylama"


@dataclass(frozen=True)
class PendingStore:
    """Pending ballots in ``directory`` (created, private, on first use)."""

    directory: Path

    def path(self, election_id: str, credential: bytes, style: str) -> Path:
        key = hashlib.sha256(
            election_id.encode() + b"\x00" + credential + b"\x00" + style.encode()
        ).hexdigest()[:32]
        return self.directory / f"pending-{key}.json"

    def save(self, pending: PendingBallot) -> Path:
        """Write atomically and durably (before the ballot is first sent)."""
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        path = self.path(pending.election_id, pending.credential, pending.style)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PENDING_MODE)
        try:
            os.write(fd, msgspec.json.encode(pending))
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        return path

    def load(self, election_id: str, credential: bytes, style: str) -> PendingBallot | None:
        path = self.path(election_id, credential, style)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            pending = msgspec.json.decode(data, type=PendingBallot)
        except (msgspec.DecodeError, RecursionError) as exc:
            raise InputError(f"not a pending ballot: {exc}", source=str(path)) from None
        if (pending.election_id, pending.credential, pending.style) != (
            election_id,
            credential,
            style,
        ):
            raise InputError("a pending ballot of another election or voter", source=str(path))
        return pending

    def remove(self, election_id: str, credential: bytes, style: str) -> None:
        self.path(election_id, credential, style).unlink(missing_ok=True)

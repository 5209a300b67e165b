"""Trustees as the tests run them through the real service: identity keys made on "their
machines" (files in a temporary directory), handed to staff for the manifest, and pinned by
each trustee at ``init`` together with the board key and the credential list's fingerprint.
"""

from __future__ import annotations

import base64
from pathlib import Path

from oylama.board import verifier_key
from oylama.client import ServiceClient, Trustee, load_identity, new_identity
from oylama.election import Pins


def make_identities(directory: Path, n: int) -> tuple[list[Path], list[bytes]]:
    """``n`` identity files (``oylama trustee keygen``) and their public keys, trustee 1 first."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / f"identity-{i}.json" for i in range(1, n + 1)]
    return paths, [new_identity(p, force=True) for p in paths]


def keys_file(path: Path, keys: list[bytes]) -> Path:
    """A trustee-keys file (pins.md §3): one base64 key per line, trustee 1 first."""
    lines = ["# the election's trustees, as handed over out of band"]
    lines += [base64.b64encode(k).decode("ascii") for k in keys]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def pins_of(
    staff: ServiceClient, election_id: str, keys: list[bytes], fingerprint: str | None
) -> Pins:
    """What the city publishes out of band: board key, trustee keys, list fingerprint."""
    served = staff.board_key(election_id)
    return Pins(
        election_id=election_id,
        board_key=verifier_key(served.key_name, served.ed25519_public_key),
        trustee_keys=tuple(keys),
        credentials=fingerprint,
    )


def start(
    staff: ServiceClient,
    url: str,
    election_id: str,
    directory: Path,
    *,
    trustees: int,
    threshold: int,
    fingerprint: str | None,
) -> tuple[list[Trustee], Pins]:
    """Start the ceremony with fresh identity keys and ``init`` every trustee (each pins the
    keys, the board key and ``fingerprint``); the trustees and the pins."""
    paths, keys = make_identities(directory, trustees)
    tokens = staff.start_ceremony(election_id, threshold=threshold, trustee_keys=keys)
    pins = pins_of(staff, election_id, keys, fingerprint)
    out = [
        Trustee.init(
            ServiceClient(url, token=token),
            election_id,
            directory / f"t{i}.json",
            identity=load_identity(paths[i - 1]),
            pins=pins,
        )
        for i, token in enumerate(tokens, start=1)
    ]
    assert [t.state.index for t in out] == list(range(1, trustees + 1))
    return out, pins

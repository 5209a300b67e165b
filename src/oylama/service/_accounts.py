"""Accounts, sessions and trustee tokens: who is calling (docs/spec/service.md §1–§2).

Passwords are argon2id strings (libsodium ``crypto_pwhash_str``); bearer tokens (sessions and
trustees) are 32 random bytes in URL-safe base64 and only their SHA-256 is stored, so a copy of
the database lets nobody act as anyone. Failed sign-ins are counted by
:mod:`oylama.service._lockout`.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal

import nacl.exceptions
import nacl.pwhash
from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from oylama.crypto import Rng
from oylama.errors import InputError
from oylama.service._problems import Conflict, Unprocessable
from oylama.store import Account, AccountSession, Trustee

#: Roles an account may have.
ROLES: Final = ("admin", "staff", "observer")

#: Shortest password accepted (service.md §1).
MIN_PASSWORD: Final = 12

#: Longest user name and password accepted.
MAX_USERNAME: Final = 64
MAX_PASSWORD: Final = 1024

#: How long a session lasts (milliseconds): 8 hours.
SESSION_TTL_MS: Final = 8 * 3600 * 1000

Role = Literal["admin", "staff", "observer", "trustee"]

#: A clock: milliseconds since the Unix epoch.
Clock = Callable[[], int]


def hash_password(password: str) -> str:
    """An argon2id string of ``password`` (libsodium's interactive limits)."""
    return nacl.pwhash.argon2id.str(password.encode("utf-8")).decode("ascii")


def check_password(stored: str, password: str) -> bool:
    """Whether ``password`` matches the stored argon2id string (never raises for a mismatch)."""
    try:
        return bool(nacl.pwhash.verify(stored.encode("ascii"), password.encode("utf-8")))
    except nacl.exceptions.InvalidkeyError:
        return False


@functools.cache
def _dummy_hash() -> str:
    """A hash to check against when the user does not exist, so that timing does not tell."""
    return hash_password("not a password of anyone")


def new_token(rng: Rng) -> str:
    """A bearer token: 256 random bits, URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(rng.token_bytes(32)).rstrip(b"=").decode("ascii")


def token_hash(token: str) -> bytes:
    """What is stored of a token: its SHA-256."""
    return hashlib.sha256(token.encode("utf-8")).digest()


def check_username(username: str) -> None:
    """A user name: 1 to 64 printable ASCII characters, no space."""
    if not (1 <= len(username) <= MAX_USERNAME and all("\x21" <= c <= "\x7e" for c in username)):
        raise Unprocessable(
            detail=f"username must be 1 to {MAX_USERNAME} printable ASCII characters, no space"
        )


def check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise Unprocessable(detail=f"password must have at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise Unprocessable(detail=f"password must have at most {MAX_PASSWORD} characters")


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: an account (``username``, ``role``) or trustee ``index`` of ``election``."""

    role: Role
    username: str | None = None
    election: str | None = None
    index: int | None = None


# -- accounts -----------------------------------------------------------------------------


def create_account(engine: Engine, username: str, password: str, role: str, now: int) -> None:
    """Create an account; 409 if the name exists.

    The argon2id hash is computed before the transaction: on SQLite a write transaction holds
    the database's write lock, which casts are waiting for.
    """
    check_username(username)
    check_new_password(password)
    if role not in ROLES:
        raise Unprocessable(detail=f"role must be one of {', '.join(ROLES)}, not {role!r}")
    with Session(engine) as session, session.begin():
        if session.get(Account, username) is not None:
            raise Conflict(detail=f"account {username!r} exists")
    hashed = hash_password(password)
    try:
        with Session(engine) as session, session.begin():
            session.execute(
                insert(Account).values(
                    username=username, role=role, password_hash=hashed, created_at=now
                )
            )
    except IntegrityError:
        raise Conflict(detail=f"account {username!r} exists") from None


def ensure_admin(engine: Engine, username: str, password: str, *, now: int = 0) -> bool:
    """Create the admin account ``username`` unless it exists; whether it was created.

    For ``oylama serve``'s first start (and tests). An existing account is left as it is, its
    password included: changing it is an admin's job, not a restart's.
    """
    try:
        check_username(username)
        check_new_password(password)
    except Unprocessable as exc:
        raise InputError(str(exc.detail)) from None
    with Session(engine) as session, session.begin():
        if session.get(Account, username) is not None:
            return False
    try:
        create_account(engine, username, password, "admin", now)
    except Conflict:  # another process created it meanwhile
        return False
    return True


def login(
    read_engine: Engine,
    engine: Engine,
    username: str,
    password: str,
    *,
    now: int,
    rng: Rng,
    ttl_ms: int,
) -> tuple[str, str, int] | None:
    """``(token, role, expires_at)`` for the right password, else ``None``.

    The password is checked (argon2id, deliberately slow) outside any write transaction, so a
    login never holds SQLite's write lock; only the session row is written.
    """
    account = None
    if len(username) <= MAX_USERNAME:
        with Session(read_engine) as session, session.begin():
            row = session.execute(
                select(Account.password_hash, Account.role).where(Account.username == username)
            ).first()
            account = None if row is None else (str(row.password_hash), str(row.role))
    if account is None:
        check_password(_dummy_hash(), password)
        return None
    if not check_password(account[0], password):
        return None
    token = new_token(rng)
    expires = now + ttl_ms
    with Session(engine) as session, session.begin():
        session.execute(delete(AccountSession).where(AccountSession.expires_at <= now))
        session.execute(
            insert(AccountSession).values(
                token_hash=token_hash(token),
                username=username,
                created_at=now,
                expires_at=expires,
            )
        )
    return token, account[1], expires


def logout(session: Session, token: str) -> None:
    session.execute(delete(AccountSession).where(AccountSession.token_hash == token_hash(token)))


def resolve(session: Session, token: str, now: int) -> Principal | None:
    """The principal a bearer token stands for (a live session or a trustee token), or None."""
    digest = token_hash(token)
    row = session.execute(
        select(AccountSession.expires_at, Account.username, Account.role)
        .join(Account, Account.username == AccountSession.username)
        .where(AccountSession.token_hash == digest)
    ).first()
    if row is not None:
        if int(row.expires_at) <= now:
            return None
        role = str(row.role)
        assert role in ROLES
        return Principal(role=role, username=str(row.username))  # type: ignore[arg-type]
    trustee = session.execute(
        select(Trustee.election_id, Trustee.idx).where(Trustee.token_hash == digest)
    ).first()
    if trustee is not None:
        return Principal(role="trustee", election=str(trustee.election_id), index=int(trustee.idx))
    return None


def list_accounts(session: Session) -> list[tuple[str, str]]:
    rows = session.execute(select(Account.username, Account.role).order_by(Account.username))
    return [(str(r.username), str(r.role)) for r in rows]

"""Accounts, sessions and trustee tokens: who is calling (docs/spec/service.md §1–§2).

Passwords are argon2id strings (libsodium ``crypto_pwhash_str``); tokens (sessions and
trustees) are 32 random bytes in URL-safe base64 and only their SHA-256 is stored, so a copy of
the database lets nobody act as anyone. Failed sign-ins are counted by
:mod:`oylama.service._lockout`.

A session is a ``bearer`` session (programs send ``Authorization: Bearer``) or a ``cookie``
session (the browser console: the token lives in an HttpOnly cookie the page's script never
sees, :mod:`oylama.service._cookies`). A cookie session also ends after :data:`IDLE_MS`
without a request: a console left open on a shared office computer signs itself out. A token
is accepted only as the kind it was issued as. A disabled account's sessions are deleted and
it cannot sign in.
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
from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from oylama.crypto import Rng
from oylama.errors import InputError
from oylama.service import _audit as audit
from oylama.service._problems import Conflict, NotFound, Unprocessable
from oylama.store import Account, AccountSession, ElectionStaff, Trustee

#: Roles an account may have.
ROLES: Final = ("admin", "staff", "observer")

#: Shortest password accepted (service.md §1).
MIN_PASSWORD: Final = 12

#: Longest user name and password accepted.
MAX_USERNAME: Final = 64
MAX_PASSWORD: Final = 1024

#: How long a session lasts (milliseconds): 8 hours.
SESSION_TTL_MS: Final = 8 * 3600 * 1000

#: How long a cookie session lasts without a request (milliseconds): 30 minutes.
IDLE_MS: Final = 30 * 60 * 1000

#: A cookie session's ``last_seen`` is written again only when it is older than this
#: (milliseconds): one small write a minute per busy console, not one per request.
TOUCH_MS: Final = 60 * 1000

SessionKind = Literal["bearer", "cookie"]

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
    """A bearer token: 256 random bits, URL-safe base64 without padding, never starting with
    ``-`` -- a trustee types it after ``--token``, and a leading dash makes it an option to
    every command-line parser (drawn again: 1 in 64 tokens, about 0.02 bits less entropy)."""
    while True:
        token = base64.urlsafe_b64encode(rng.token_bytes(32)).rstrip(b"=").decode("ascii")
        if not token.startswith("-"):
            return token


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
    """Who is calling: an account (``username``, ``role``) or trustee ``index`` of ``election``.

    ``via`` is how an account's session was presented (``cookie``: the console's, held to the
    CSRF check for state-changing requests)."""

    role: Role
    username: str | None = None
    election: str | None = None
    index: int | None = None
    via: SessionKind = "bearer"


# -- accounts -----------------------------------------------------------------------------


def create_account(
    engine: Engine, username: str, password: str, role: str, now: int, *, by: str | None = None
) -> None:
    """Create an account; 409 if the name exists. ``by``: the admin who creates it (the
    audit log's; ``None``: the operator, ``oylama serve``'s first start).

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
            audit.record(
                session,
                at=now,
                username=by or "(operator)",
                action="account-created",
                detail=f"{username} ({role})",
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


class AccountDisabledError(Exception):
    """The right password of a disabled account (403: nothing else is revealed to anyone
    who does not know the password)."""


def login(
    read_engine: Engine,
    engine: Engine,
    username: str,
    password: str,
    *,
    now: int,
    rng: Rng,
    ttl_ms: int,
    kind: SessionKind = "bearer",
) -> tuple[str, str, int] | None:
    """``(token, role, expires_at)`` for the right password, else ``None``;
    :class:`AccountDisabledError` for the right password of a disabled account.

    The password is checked (argon2id, deliberately slow) outside any write transaction, so a
    login never holds SQLite's write lock; only the session row is written.
    """
    account = None
    if len(username) <= MAX_USERNAME:
        with Session(read_engine) as session, session.begin():
            row = session.execute(
                select(Account.password_hash, Account.role, Account.disabled).where(
                    Account.username == username
                )
            ).first()
            account = (
                None if row is None else (str(row.password_hash), str(row.role), bool(row.disabled))
            )
    if account is None:
        check_password(_dummy_hash(), password)
        return None
    if not check_password(account[0], password):
        return None
    if account[2]:
        raise AccountDisabledError(username)
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
                kind=kind,
                last_seen=now,
            )
        )
    return token, account[1], expires


def logout(session: Session, token: str) -> None:
    session.execute(delete(AccountSession).where(AccountSession.token_hash == token_hash(token)))


@dataclass(frozen=True, slots=True)
class Resolved:
    """A live session or trustee token: who it is, and when its session expires and was last
    used (``None`` for trustee tokens, which are not sessions)."""

    principal: Principal
    expires_at: int | None = None
    last_seen: int | None = None


def resolve_token(
    session: Session, token: str, now: int, *, kind: SessionKind, idle_ms: int = IDLE_MS
) -> Resolved | None:
    """What a token presented as ``kind`` stands for, or ``None``.

    A session counts only as the kind it was issued as, while it has not expired, its account
    is enabled and -- for a cookie session -- it was used within ``idle_ms``. Trustee tokens
    are bearer tokens only.
    """
    digest = token_hash(token)
    row = session.execute(
        select(
            AccountSession.expires_at,
            AccountSession.kind,
            AccountSession.last_seen,
            Account.username,
            Account.role,
            Account.disabled,
        )
        .join(Account, Account.username == AccountSession.username)
        .where(AccountSession.token_hash == digest)
    ).first()
    if row is not None:
        if int(row.expires_at) <= now or str(row.kind) != kind or bool(row.disabled):
            return None
        if kind == "cookie" and now - int(row.last_seen) >= idle_ms:
            return None
        role = str(row.role)
        assert role in ROLES
        principal = Principal(role=role, username=str(row.username), via=kind)  # type: ignore[arg-type]
        return Resolved(principal, int(row.expires_at), int(row.last_seen))
    if kind != "bearer":
        return None
    trustee = session.execute(
        select(Trustee.election_id, Trustee.idx).where(Trustee.token_hash == digest)
    ).first()
    if trustee is not None:
        return Resolved(
            Principal(role="trustee", election=str(trustee.election_id), index=int(trustee.idx))
        )
    return None


def resolve(session: Session, token: str, now: int) -> Principal | None:
    """The principal a bearer token stands for (a live session or a trustee token), or None."""
    found = resolve_token(session, token, now, kind="bearer")
    return None if found is None else found.principal


def touch(engine: Engine, token: str, now: int) -> None:
    """Record that a cookie session was used now (its idle time starts again)."""
    with Session(engine) as session, session.begin():
        session.execute(
            update(AccountSession)
            .where(AccountSession.token_hash == token_hash(token))
            .values(last_seen=now)
        )


@dataclass(frozen=True, slots=True)
class AccountRow:
    """An account as the admin sees it: never its password hash."""

    username: str
    role: str
    disabled: bool
    elections: list[str]


def list_accounts(session: Session) -> list[AccountRow]:
    rows = session.execute(
        select(Account.username, Account.role, Account.disabled).order_by(Account.username)
    )
    staffed: dict[str, list[str]] = {}
    for r in session.execute(
        select(ElectionStaff.username, ElectionStaff.election_id).order_by(
            ElectionStaff.election_id
        )
    ):
        staffed.setdefault(str(r.username), []).append(str(r.election_id))
    return [
        AccountRow(str(r.username), str(r.role), bool(r.disabled), staffed.get(str(r.username), []))
        for r in rows
    ]


def set_disabled(
    engine: Engine, username: str, disabled: bool, *, by: str | None, now: int
) -> AccountRow:
    """Disable (or enable again) an account; a disabled account's sessions are deleted.

    404 for an unknown account; 409 for disabling the last enabled admin (somebody must be
    able to manage accounts).
    """
    with Session(engine) as session, session.begin():
        account = session.get(Account, username, with_for_update=True)
        if account is None:
            raise NotFound(detail=f"no account {username!r}")
        if disabled and account.role == "admin" and not account.disabled:
            admins = session.execute(
                select(func.count()).where(Account.role == "admin", Account.disabled.is_(False))
            ).scalar_one()
            if admins <= 1:
                raise Conflict(detail=f"{username!r} is the last enabled admin account")
        if account.disabled != disabled:
            audit.record(
                session,
                at=now,
                username=by,
                action="account-disabled" if disabled else "account-enabled",
                detail=username,
            )
        account.disabled = disabled
        if disabled:
            session.execute(delete(AccountSession).where(AccountSession.username == username))
        elections = sorted(
            session.scalars(
                select(ElectionStaff.election_id).where(ElectionStaff.username == username)
            )
        )
        return AccountRow(username, account.role, disabled, elections)

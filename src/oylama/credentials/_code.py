"""Credential codes: the secret a voter types, printed on their letter.

A code is 24 symbols of Crockford's base32 alphabet (no ``I L O U``, so nothing looks like
something else): 23 random symbols (115 bits) and one check symbol. The check is a linear code
over GF(32) whose 24 position weights are distinct and non-zero, so that a typo is caught on
the voter's device before any request: *every* single-symbol substitution and *every* swap of
two different symbols (adjacent or not) changes the check. docs/spec/credentials.md §2 is the
reference.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from oylama.errors import InputError

ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base32 digits; a symbol's value is its index."""

PAYLOAD_SYMBOLS: Final = 23
"""Random symbols in a code: 23 x 5 = 115 bits of entropy."""

CODE_SYMBOLS: Final = PAYLOAD_SYMBOLS + 1
GROUP: Final = 6
"""Symbols per printed group: ``XXXXXX-XXXXXX-XXXXXX-XXXXXX``."""

_VALUE: Final = {c: i for i, c in enumerate(ALPHABET)}
# Crockford's decoding aliases: what a person may type for a digit that looks alike.
_VALUE.update({"O": 0, "I": 1, "L": 1})

_POLY: Final = 0b100101  # x^5 + x^2 + 1, primitive: x generates GF(32)*


def _gf_mul(a: int, b: int) -> int:
    out = 0
    while b:
        if b & 1:
            out ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= _POLY
    return out


def _weights() -> tuple[int, ...]:
    # weight of position i (0 = first symbol) is alpha^(23 - i): the check symbol has weight 1.
    powers = [1]
    for _ in range(CODE_SYMBOLS - 1):
        powers.append(_gf_mul(powers[-1], 2))
    return tuple(reversed(powers))


WEIGHTS: Final = _weights()


def _syndrome(values: list[int]) -> int:
    s = 0
    for w, v in zip(WEIGHTS, values, strict=False):
        s ^= _gf_mul(w, v)
    return s


def check_symbol(payload: str) -> str:
    """The check symbol of 23 canonical payload symbols."""
    if len(payload) != PAYLOAD_SYMBOLS or any(c not in ALPHABET for c in payload):
        raise InputError(f"a code payload is {PAYLOAD_SYMBOLS} symbols of {ALPHABET}")
    # sum_i w_i v_i + 1 * check = 0 in GF(32), and addition is XOR.
    return ALPHABET[_syndrome([_VALUE[c] for c in payload])]


def format_code(canonical: str) -> str:
    """The printed form: groups of six joined by ``-``."""
    return "-".join(canonical[i : i + GROUP] for i in range(0, len(canonical), GROUP))


def new_code(rng: Callable[[int], bytes]) -> str:
    """A fresh canonical code from ``rng`` (``n -> n random bytes``): 15 bytes read big-endian,
    the top 115 bits as 23 base32 digits, most significant first, then the check symbol."""
    data = rng(15)
    if len(data) != 15:
        raise ValueError("rng returned the wrong number of bytes")
    n = int.from_bytes(data, "big") >> 5
    payload = "".join(ALPHABET[(n >> (5 * (PAYLOAD_SYMBOLS - 1 - i))) & 31] for i in range(23))
    return payload + check_symbol(payload)


def parse_code(text: str) -> str:
    """The canonical code (24 upper-case symbols, no separators) of what a voter typed.

    Spaces, tabs and ``-`` are ignored, case is folded, ``O`` reads as ``0`` and ``I``/``L``
    as ``1``. A wrong length, a symbol outside the alphabet or a failed check is an
    :class:`InputError` -- the voter retyped it wrong, and no key is derived from it.
    """
    # ASCII case folding only: str.upper() would turn "ß" into "SS" and Turkish "ı" into "I".
    cleaned = "".join(chr(ord(c) - 32) if "a" <= c <= "z" else c for c in text if c not in " \t-")
    bad = sorted({c for c in cleaned if c not in _VALUE})
    if bad:
        raise InputError(f"credential code: not a code symbol: {''.join(bad)!r}")
    if len(cleaned) != CODE_SYMBOLS:
        raise InputError(f"credential code: {len(cleaned)} symbols, a code has {CODE_SYMBOLS}")
    values = [_VALUE[c] for c in cleaned]
    if _syndrome(values) != 0:
        raise InputError("credential code: check symbol does not match (a typo?)")
    return "".join(ALPHABET[v] for v in values)

"""Voter credentials, as Belenios does them: a secret code per voter, public keys on the server.

A credential authority runs :func:`generate` off-line on the roll; each voter gets a code on a
letter (:class:`SecretCredential`), the server gets only the :class:`PublicCredentialList`
(Ed25519 public keys and districts, no voter ids). A voter's device turns the typed code into
the signing key (:func:`parse_code` catches typos first, :func:`signing_key`) and signs the
ballot (:func:`sign_ballot`); the server checks it against the list
(:func:`verify_ballot_signature`) and keeps one ballot per credential, the latest. The formats
are specified in docs/spec/credentials.md.
"""

from oylama.credentials._code import (
    ALPHABET,
    CODE_SYMBOLS,
    PAYLOAD_SYMBOLS,
    WEIGHTS,
    check_symbol,
    format_code,
    new_code,
    parse_code,
)
from oylama.credentials._files import (
    PUBLIC_MODE,
    SECRET_MODE,
    refuse_existing,
    secrets_csv,
    write_file,
)
from oylama.credentials._generate import SecretCredential, generate
from oylama.credentials._keys import (
    SIGNATURE_TAG,
    SPOIL_SIGNATURE_TAG,
    SignatureError,
    public_credential,
    seed,
    sign_ballot,
    sign_spoiled,
    signed_message,
    signing_key,
    spoil_signed_message,
    verify_ballot_signature,
    verify_spoiled_signature,
)
from oylama.credentials._letters import DEFAULT_TEXT, check_voting_url, letter_url, letters_pdf
from oylama.credentials._public import (
    FORMAT,
    LETTER_DIGITS,
    LIST_PART,
    PublicCredential,
    PublicCredentialList,
    dump_public_list,
    fingerprint,
    join_parts,
    letter_fingerprint,
    list_parts,
    load_public_list,
)
from oylama.credentials._roll import RollEntry, eligible_districts, load_roll, parse_roll

__all__ = [
    "ALPHABET",
    "CODE_SYMBOLS",
    "DEFAULT_TEXT",
    "FORMAT",
    "LETTER_DIGITS",
    "LIST_PART",
    "PAYLOAD_SYMBOLS",
    "PUBLIC_MODE",
    "SECRET_MODE",
    "SIGNATURE_TAG",
    "SPOIL_SIGNATURE_TAG",
    "WEIGHTS",
    "PublicCredential",
    "PublicCredentialList",
    "RollEntry",
    "SecretCredential",
    "SignatureError",
    "check_symbol",
    "check_voting_url",
    "dump_public_list",
    "eligible_districts",
    "fingerprint",
    "format_code",
    "generate",
    "join_parts",
    "letter_fingerprint",
    "letter_url",
    "letters_pdf",
    "list_parts",
    "load_public_list",
    "load_roll",
    "new_code",
    "parse_code",
    "parse_roll",
    "public_credential",
    "refuse_existing",
    "secrets_csv",
    "seed",
    "sign_ballot",
    "sign_spoiled",
    "signed_message",
    "signing_key",
    "spoil_signed_message",
    "verify_ballot_signature",
    "verify_spoiled_signature",
    "write_file",
]

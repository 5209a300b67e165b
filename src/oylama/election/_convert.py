"""From a checked ballot definition (TOML) to its manifest.

The crypto style comes from :func:`oylama.ballots.to_crypto_style` and the money scale from
:func:`oylama.ballots.scale`, so the manifest states exactly what the ballot cryptography and
the tally will use; amounts, coordinates and times are written in the manifest's canonical text
forms (docs/spec/election.md §2.2).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from decimal import Decimal

from oylama.ballots import Ballot, Definition, Phase, Text, scale, to_crypto_style
from oylama.election._manifest import (
    SPEC_VERSION,
    CryptoStyle,
    Manifest,
    ManifestBallot,
    ManifestDistrict,
    ManifestPhase,
    ManifestProject,
    ManifestText,
    check_manifest,
)
from oylama.errors import InputError


def decimal_text(value: Decimal) -> str:
    """The canonical text of a finite decimal: positional, no exponent, no trailing zeros
    after the point, no point for an integer, no ``-0``."""
    if not value.is_finite():
        raise InputError(f"{value} is not a finite amount")
    if value == 0:
        return "0"
    # format "f" is exact (Decimal.normalize would round to the context's 28 digits).
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def float_text(value: float) -> str:
    """A coordinate: the shortest decimal that reads back as the same double, canonical."""
    return decimal_text(Decimal(repr(value)))


def time_text(value: datetime | None, what: str) -> str | None:
    """``YYYY-MM-DDTHH:MM:SSZ`` in UTC; a naive time or a fraction of a second is refused."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise InputError(f"election.{what}: needs a UTC offset")
    if value.microsecond:
        raise InputError(f"election.{what}: whole seconds only")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _phase(phase: Phase | None, name: str) -> ManifestPhase | None:
    """A phase of the definition, its times in the manifest's form (election §2.1a)."""
    if phase is None:
        return None
    opens = time_text(phase.opens, f"{name}.opens")
    assert opens is not None
    return ManifestPhase(opens=opens, closes=time_text(phase.closes, f"{name}.closes"))


def _text(text: Text) -> ManifestText:
    return ManifestText(tr=text.tr, en=text.en)


def _ballot(b: Ballot) -> ManifestBallot:
    return ManifestBallot(
        id=b.id,
        title=_text(b.title),
        district=b.district,
        budget=decimal_text(b.budget),
        scale=scale(b),
        rule=b.rule,
        utility=b.utility,
        tie_break=b.tie_break,
        style=CryptoStyle.from_ballot_style(to_crypto_style(b)),
        projects=tuple(
            ManifestProject(
                id=p.id,
                name=_text(p.name),
                cost=decimal_text(p.cost),
                categories=tuple(p.categories),
                sdg=tuple(p.sdg),
                latitude=None if p.latitude is None else float_text(p.latitude),
                longitude=None if p.longitude is None else float_text(p.longitude),
                neighbourhood=p.neighbourhood,
            )
            for p in b.projects
        ),
    )


def manifest_from_definition(
    definition: Definition,
    *,
    trustees: int,
    threshold: int,
    trustee_keys: Sequence[bytes],
    origin: str,
) -> Manifest:
    """The manifest of a checked ``definition`` with ``threshold``-of-``trustees`` trustees
    whose identity keys are ``trustee_keys`` (trustee ``l``'s at ``l - 1``) and the board log
    ``origin``; checked (:class:`InputError` names the field)."""
    e = definition.election
    manifest = Manifest(
        spec=SPEC_VERSION,
        election_id=e.id,
        title=_text(e.title),
        city=e.city,
        currency=e.currency,
        opens=time_text(e.opens, "opens"),
        closes=time_text(e.closes, "closes"),
        proposals=_phase(e.proposals, "proposals"),
        review=_phase(e.review, "review"),
        implementation=_phase(e.implementation, "implementation"),
        districts=tuple(
            ManifestDistrict(id=d.id, name=d.name, neighbourhoods=tuple(d.neighbourhoods))
            for d in definition.districts
        ),
        ballots=tuple(_ballot(b) for b in definition.ballots),
        trustees=trustees,
        threshold=threshold,
        trustee_keys=tuple(trustee_keys),
        min_tally_ballots=e.min_tally_ballots,
        paper_and_online=e.paper_and_online,
        origin=origin,
    )
    check_manifest(manifest)
    return manifest

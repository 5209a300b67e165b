"""The voting window of the manifest (``opens``, ``closes``), enforced for casts and spoils.

Staff may open an election early (``POST …/open`` before ``opens``: the ceremony and the
credential list are ready, residents see the page) and close it early (``POST …/close``
before ``closes`` always works), but the server accepts a ballot only while
``opens <= now < closes`` (each bound if the manifest gives it): the window announced in
the frozen definition is the window in which ballots are taken, whatever the staff's timing.
A retry of a ballot that was cast inside the window is still answered with its receipt after
it (service.md §5).
"""

from __future__ import annotations

from datetime import UTC, datetime

from oylama.service._problems import Conflict


def schedule_time(text: str | None) -> int | None:
    """A manifest time (``YYYY-MM-DDTHH:MM:SSZ``) in milliseconds since the epoch."""
    if text is None:
        return None
    moment = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return int(moment.timestamp()) * 1000


class OutsideWindow(Conflict):
    """409: a cast or spoil before the manifest's ``opens`` or from its ``closes`` on."""


def check_window(
    now: int,
    opens: int | None,
    closes: int | None,
    *,
    opens_text: str | None,
    closes_text: str | None,
) -> None:
    """409 naming the window unless ``opens <= now < closes``."""
    if opens is not None and now < opens:
        raise OutsideWindow(detail=f"voting opens at {opens_text} (the election's opens); not yet")
    if closes is not None and now >= closes:
        raise OutsideWindow(
            detail=f"voting closed at {closes_text} (the election's closes); no more ballots"
        )

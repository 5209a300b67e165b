"""Printable credential letters: one PDF, one page per voter (issue #16).

Each page carries the municipality's text, the voter's district, the credential code in a
large bold font (the code's alphabet has no I, L, O or U, so nothing on the page can be
misread as another symbol; groups of six as ``format_code`` prints them), the credential
list's fingerprint digits the voter's device pins (credentials §6), and a QR code of the
voting page's address with the list fingerprint and the code in the URL **fragment**
(``…/elections/{id}#fp=…&code=…``): a browser never sends a fragment to the server, so
scanning the letter does not put the code in any server's logs.

The PDF is made with reportlab (fonts embedded: its Bitstream Vera covers Turkish) and the QR
code with segno, drawn as an image so that the letters can be checked by decoding it back.
The file holds every voter's secret code: it is written like the secret codes (mode 0600)
and printed off-line.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from typing import Final
from urllib.parse import quote

from oylama.credentials._code import format_code, parse_code
from oylama.credentials._generate import SecretCredential
from oylama.credentials._public import letter_fingerprint
from oylama.errors import InputError

#: What a letter says when the municipality gives no text of its own.
DEFAULT_TEXT: Final = (
    "Katılımcı bütçe oylamasına davetlisiniz. Oy vermek için QR kodunu okutun ya da adresi "
    "açıp aşağıdaki kodu girin. Kod yalnızca size aittir; kimseyle paylaşmayın.\n"
    "You are invited to vote in the participatory budget. Scan the QR code or open the "
    "address and enter the code below. The code is yours alone; do not share it."
)


def check_voting_url(voting_url: str) -> None:
    """An :class:`InputError` unless ``voting_url`` is an http(s) address without a fragment."""
    if not voting_url.startswith(("https://", "http://")) or "#" in voting_url:
        raise InputError(f"voting URL {voting_url!r}: give the service's http(s) address")


def letter_url(voting_url: str, election_id: str, fingerprint: str, code: str) -> str:
    """The address a letter's QR code opens: the voting page, the list fingerprint's printed
    digits and the canonical code in the fragment."""
    check_voting_url(voting_url)
    digits = letter_fingerprint(fingerprint).replace("-", "")
    base = voting_url.rstrip("/")
    return f"{base}/elections/{quote(election_id, safe='')}#fp={digits}&code={parse_code(code)}"


def letters_pdf(
    letters: Sequence[SecretCredential],
    *,
    election_id: str,
    fingerprint: str,
    voting_url: str,
    text: str = DEFAULT_TEXT,
    title: str | None = None,
) -> bytes:
    """The letters as one PDF (A4, one page per voter, in the order given)."""
    import reportlab  # noqa: PLC0415 (only the letter printer needs it)
    import segno  # noqa: PLC0415
    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.lib.utils import ImageReader  # noqa: PLC0415
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415
    from reportlab.pdfgen import canvas  # noqa: PLC0415

    fonts = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    pdfmetrics.registerFont(TTFont("OylamaVera", os.path.join(fonts, "Vera.ttf")))
    pdfmetrics.registerFont(TTFont("OylamaVeraBd", os.path.join(fonts, "VeraBd.ttf")))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=True)
    pdf.setTitle(title or f"{election_id}: credential letters")
    width, height = A4
    margin = 56.0
    printed = letter_fingerprint(fingerprint)
    for letter in letters:
        url = letter_url(voting_url, election_id, fingerprint, letter.code)
        y = height - margin
        pdf.setFont("OylamaVeraBd", 16)
        pdf.drawString(margin, y, title or election_id)
        y -= 28
        pdf.setFont("OylamaVera", 11)
        for paragraph in text.splitlines():
            for line in _wrap(paragraph, pdfmetrics.stringWidth, width - 2 * margin):
                pdf.drawString(margin, y, line)
                y -= 15
            y -= 6
        y -= 10
        pdf.drawString(margin, y, f"İlçe / District: {letter.district}")
        y -= 40
        pdf.setFont("OylamaVera", 10)
        pdf.drawString(margin, y + 22, "Kodunuz / Your code:")
        pdf.setFont("OylamaVeraBd", 26)
        pdf.drawString(margin, y - 8, format_code(parse_code(letter.code)))
        y -= 50
        pdf.setFont("OylamaVera", 10)
        pdf.drawString(margin, y, f"Seçmen listesi / Voter list: {printed}")
        y -= 16
        pdf.drawString(margin, y, url.split("#", 1)[0])
        qr = segno.make(url, error="m")
        png = io.BytesIO()
        qr.save(png, kind="png", scale=6, border=4)
        png.seek(0)
        side = 170.0
        pdf.drawImage(ImageReader(png), margin, y - side - 20, width=side, height=side)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _wrap(text: str, measure: object, limit: float) -> list[str]:
    """Greedy word wrap of ``text`` in 11 pt Vera within ``limit`` points."""
    assert callable(measure)
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and measure(candidate, "OylamaVera", 11) > limit:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines

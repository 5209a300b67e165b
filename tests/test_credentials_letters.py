"""Printable credential letters (issue #16): `oylama credentials generate --voting-url` also
writes one PDF, one page per voter. The PDF is parsed back (pypdf) and every page's QR code
is decoded by an independent reader (zxing-cpp): it opens the voting page with the list
fingerprint and that voter's code in the URL fragment, and the printed code is the one the
secret codes file gives that voter."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

import pytest

from oylama import credentials as cr
from oylama_cli.main import main
from test_credentials import DEFINITION, VOTERS, _cli_roll

pypdf = pytest.importorskip("pypdf")
zxingcpp = pytest.importorskip("zxingcpp")


def test_letters_pdf_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roll = _cli_roll(tmp_path)
    sec, pub, pdf = tmp_path / "secret.csv", tmp_path / "public.json", tmp_path / "letters.pdf"
    text = tmp_path / "text.txt"
    text.write_text("Karşıyaka Belediyesi: oyunuzu kullanın. Şeffaf, güvenli, gizli.\n", "utf-8")
    args = ["credentials", "generate", "--roll", str(roll), "--ballots", str(DEFINITION)]
    args += ["--secrets", str(sec), "--public", str(pub), "--letters", str(pdf)]
    args += ["--voting-url", "https://oy.example.org/", "--letter-text", str(text)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"{pdf}: 5 letters" in out
    assert stat.S_IMODE(os.stat(pdf).st_mode) == 0o600  # it holds every secret code
    rows = list(csv.DictReader(io.StringIO(sec.read_text(encoding="utf-8"), newline="")))
    assert [r["voter_id"] for r in rows] == VOTERS
    fingerprint = cr.fingerprint(pub.read_bytes())
    printed = cr.letter_fingerprint(fingerprint)

    reader = pypdf.PdfReader(str(pdf))
    assert len(reader.pages) == len(rows)
    for page, row in zip(reader.pages, rows, strict=True):
        code = cr.parse_code(row["credential_code"])
        words = page.extract_text()
        assert cr.format_code(code) in words  # the code, printed
        assert printed in words and row["district"] in words
        assert "Karşıyaka Belediyesi" in words and "Şeffaf, güvenli" in words  # Turkish kept
        assert "https://oy.example.org/elections/izmir-karsiyaka-2026" in words
        # no other voter's code on this page
        for other in rows:
            if other is not row:
                assert cr.format_code(cr.parse_code(other["credential_code"])) not in words
        images = list(page.images)
        assert len(images) == 1
        found = zxingcpp.read_barcodes(images[0].image)
        assert [b.format.name for b in found] == ["QRCode"]
        assert found[0].text == (
            "https://oy.example.org/elections/izmir-karsiyaka-2026"
            f"#fp={printed.replace('-', '')}&code={code}"
        )
        assert "#" in found[0].text.split("code=")[0]  # the code is in the fragment only


def test_letters_refuse_a_bad_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roll = _cli_roll(tmp_path)
    sec, pub, pdf = tmp_path / "secret.csv", tmp_path / "public.json", tmp_path / "letters.pdf"
    args = ["credentials", "generate", "--roll", str(roll), "--ballots", str(DEFINITION)]
    args += ["--secrets", str(sec), "--public", str(pub), "--letters", str(pdf)]
    for url in ("oy.example.org", "javascript:alert(1)", "https://oy.example.org/#x"):
        assert main([*args, "--voting-url", url]) == 2
        assert "voting URL" in capsys.readouterr().err
    # nothing was written
    assert not sec.exists() and not pub.exists() and not pdf.exists()

"""``oylama trustee`` and ``oylama vote`` through their ``run`` functions: exit codes and
messages on bad input and on a server that does not answer (the happy paths run against the
real server in tests/test_e2e_elections.py)."""

from __future__ import annotations

import argparse
import base64
import os
import socket
from pathlib import Path

import pytest

from oylama import credentials
from oylama.client import load_identity
from oylama.crypto.hazmat import DeterministicRng
from oylama.election import identity_public_key
from oylama_cli.main import main, parser


def _parse(argv: list[str]) -> argparse.Namespace:
    return parser().parse_args(argv)


def _run(argv: list[str]) -> int:
    return main(argv)


@pytest.fixture
def dead_url() -> str:
    """A loopback URL where nothing listens (the port was free a moment ago)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


CODE = credentials.format_code(credentials.new_code(DeterministicRng(b"cli").token_bytes))


def _vote(url: str, code: str, *extra: str) -> list[str]:
    return ["vote", "--server", url, "--election", "e", "--code", code, *extra]


def test_vote_refuses_a_mistyped_code_before_any_request(
    dead_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = CODE[:-1] + ("0" if CODE[-1] != "0" else "1")
    assert _run(_vote(dead_url, typo, "--random")) == 2
    err = capsys.readouterr().err
    assert err.startswith("oylama: error: ") and "code" in err


def test_vote_against_no_server_is_a_failed_operation(
    dead_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(_vote(dead_url, CODE, "--random")) == 1
    assert "oylama: error: GET /api/v1/elections/e" in capsys.readouterr().err


def test_vote_needs_choices_or_random(dead_url: str) -> None:
    with pytest.raises(SystemExit) as info:
        _parse(_vote(dead_url, CODE))
    assert info.value.code == 2
    with pytest.raises(SystemExit):
        _parse(_vote(dead_url, CODE, "--random", "--choices", "A"))


def _trustee(step: str, url: str, state: Path, *extra: str) -> list[str]:
    return ["trustee", step, "--server", url, "--election", "e", "--token", "t",
            "--state", str(state), *extra]  # fmt: skip


def test_trustee_without_a_state_file(
    dead_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "t.json"
    assert _run(_trustee("commit", dead_url, state)) == 2
    assert f"{state}: no trustee state file" in capsys.readouterr().err


def test_trustee_with_a_malformed_state_file_names_its_line(
    dead_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "t.json"
    state.write_text('{\n  "format": "oylama-trustee-state/v2",\n  "index": ,\n}\n')
    os.chmod(state, 0o600)
    assert _run(_trustee("decrypt", dead_url, state)) == 2
    assert f"{state}:3: not a trustee state file" in capsys.readouterr().err


def _identity(tmp_path: Path) -> list[str]:
    """``--identity`` and ``--trustee-keys`` of a trustee that made its key (keygen)."""
    path = tmp_path / "id.json"
    assert _run(["trustee", "keygen", "--identity", str(path)]) == 0
    keys = tmp_path / "keys.txt"
    public = credentials.public_credential(CODE, "e")  # any other valid key for trustee 2
    mine = load_identity(path)
    keys.write_text(
        base64.b64encode(identity_public_key(mine)).decode()
        + "\n"
        + base64.b64encode(public).decode()
        + "\n"
    )
    return ["--identity", str(path), "--trustee-keys", str(keys)]


def test_trustee_init_never_overwrites_a_state_file(
    dead_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "t.json"
    state.write_text("precious")
    pinned = _identity(tmp_path)
    capsys.readouterr()
    assert _run(_trustee("init", dead_url, state, "--index", "1", *pinned)) == 2
    assert "state file exists" in capsys.readouterr().err
    assert state.read_text() == "precious"


def test_trustee_init_needs_an_identity_and_the_trustees_keys(
    dead_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "t.json"
    assert _run(_trustee("init", dead_url, state)) == 2
    assert "--identity FILE" in capsys.readouterr().err
    pinned = _identity(tmp_path)
    capsys.readouterr()
    assert _run(_trustee("init", dead_url, state, *pinned[:2])) == 2
    assert "--trustee-keys FILE or --pins FILE" in capsys.readouterr().err
    os.chmod(pinned[1], 0o644)  # an identity file readable by others is refused
    assert _run(_trustee("init", dead_url, state, *pinned)) == 2
    assert "must be mode 0600" in capsys.readouterr().err
    bad = tmp_path / "bad.txt"
    bad.write_text("# the trustees\nnot-a-key\n")
    assert (
        _run(_trustee("init", dead_url, state, "--trustee-keys", str(bad), "--identity", "x")) == 2
    )
    assert f"{bad}:2: an identity key is base64" in capsys.readouterr().err
    assert not state.exists()


def test_trustee_init_against_no_server_is_a_failed_operation(
    dead_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "t.json"
    pinned = _identity(tmp_path)
    capsys.readouterr()
    assert _run(_trustee("init", dead_url, state, "--index", "1", *pinned)) == 1
    assert "GET /api/v1/elections/e/ceremony" in capsys.readouterr().err
    assert not state.exists()


def test_pin_options_are_checked_before_any_request(
    dead_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for bad, what in (
        (["--credentials-fingerprint", "xyz"], "--credentials-fingerprint"),
        (["--board-key", "nope"], "--board-key"),
        (["--pins", str(tmp_path / "missing.json")], "missing.json"),
    ):
        assert _run(_vote(dead_url, CODE, "--random", *bad)) == 2
        assert what in capsys.readouterr().err
    pins = tmp_path / "pins.json"
    pins.write_text('{"format": "oylama-pins/v2"}')
    assert _run(_vote(dead_url, CODE, "--random", "--pins", str(pins))) == 2
    assert "pin file format" in capsys.readouterr().err


def test_trustee_steps_need_server_election_token_and_state() -> None:
    with pytest.raises(SystemExit) as info:
        _parse(["trustee", "commit", "--server", "http://x", "--election", "e"])
    assert info.value.code == 2
    # --index is optional: the manifest names a trustee's identity key at its index
    args = _parse(
        ["trustee", "init", "--server", "u", "--election", "e", "--token", "t", "--state", "s"]
    )
    assert args.index is None

"""The ``oylama`` command's contract: arguments, JSON shape, exit codes, error messages."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from oylama.cli import EXAMPLE, main

EXAMPLE_PATH = Path(str(resources.files("oylama").joinpath("_data", EXAMPLE)))


def _official_selected(path: Path) -> set[str]:
    """The `selected` column read with nothing but text splitting (independent of the reader)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = lines.index("PROJECTS") + 1
    header = lines[start].split(";")
    sel = header.index("selected")
    out = set()
    for line in lines[start + 1 :]:
        if line == "VOTES":
            break
        cells = line.split(";")
        if cells[sel] == "1":
            out.add(cells[0])
    return out


def test_allocate_json_matches_official_outcome(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["allocate", str(EXAMPLE_PATH), "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert {"rule", "utility", "selected", "total_cost", "budget"} <= obj.keys()
    assert obj["rule"] == "greedy"
    assert set(obj["selected"]) == _official_selected(EXAMPLE_PATH)
    assert obj["budget"] == 1500000
    assert obj["total_cost"] <= obj["budget"]


def test_allocate_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["allocate", str(EXAMPLE_PATH), "--rule", "greedy"]) == 0
    out = capsys.readouterr().out
    for pid in _official_selected(EXAMPLE_PATH):
        assert pid in out


@pytest.mark.parametrize("rule", ["greedy", "max-welfare", "mes", "mes-add1", "mes-add1-greedy"])
def test_every_rule_respects_budget(rule: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["allocate", str(EXAMPLE_PATH), "--rule", rule, "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["rule"] == rule
    assert 0 < obj["total_cost"] <= obj["budget"]


def test_bad_file_names_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = EXAMPLE_PATH.read_text(encoding="utf-8").replace("KSY-02;180000", "KSY-01;180000", 1)
    bad = tmp_path / "bad.pb"
    bad.write_text(text, encoding="utf-8")
    line = text.splitlines().index(
        next(x for x in text.splitlines() if x.startswith("KSY-01;180000"))
    )
    assert main(["allocate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:{line + 1}:" in err
    assert "duplicate" in err.lower()


def test_missing_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["allocate", str(tmp_path / "nope.pb")]) == 2
    assert "nope.pb" in capsys.readouterr().err


def test_unknown_rule_is_usage_error() -> None:
    with pytest.raises(SystemExit) as exc:
        main(["allocate", str(EXAMPLE_PATH), "--rule", "no-such-rule"])
    assert exc.value.code == 2


def test_convert_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    as_json = tmp_path / "e.json"
    back = tmp_path / "e.pb"
    assert main(["convert", str(EXAMPLE_PATH), str(as_json)]) == 0
    assert main(["convert", str(as_json), str(back)]) == 0
    capsys.readouterr()
    assert main(["allocate", str(back), "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert set(again["selected"]) == _official_selected(EXAMPLE_PATH)


def test_console_script_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "oylama.cli", "allocate", str(EXAMPLE_PATH), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["rule"] == "greedy"

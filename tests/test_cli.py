"""The ``oylama`` command's contract: arguments, JSON shape, exit codes, error messages."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from oylama.tally import TieBreak, rule_names
from oylama_cli.analysts import TIE_BREAKS
from oylama_cli.main import main

EXAMPLE_PATH = Path(str(resources.files("oylama").joinpath("_data", "izmir_karsiyaka_2026.pb")))


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


def test_unknown_rule_is_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["allocate", str(EXAMPLE_PATH), "--rule", "no-such-rule"]) == 2
    err = capsys.readouterr().err
    assert "unknown rule 'no-such-rule'" in err and ", ".join(rule_names()) in err
    # Refused before the file is read: a missing file is not what it complains of.
    assert main(["allocate", str(tmp_path / "nope.pb"), "--rule", "no-such-rule"]) == 2
    assert "unknown rule" in capsys.readouterr().err


def test_tie_break_choices_are_the_engines() -> None:
    """The parser lists them without importing the tally core; they must stay the engine's."""
    assert tuple(t.value for t in TieBreak) == TIE_BREAKS
    assert TIE_BREAKS[0] == TieBreak.FILE_ORDER.value  # the default


_STDLIB = sorted(sys.stdlib_module_names)


@pytest.mark.parametrize("argv", [["--help"], ["allocate", "--help"], ["trustee", "run", "--help"]])
def test_help_imports_nothing_but_the_standard_library(argv: list[str]) -> None:
    """Fast start: the parser of every command is built from argparse alone; numpy, the HTTP
    client, the service and the crypto stack are imported only by the command that runs."""
    script = (
        "import sys\n"
        "from oylama_cli.main import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(repr(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    loaded = set(eval(proc.stderr.strip().splitlines()[-1]))
    foreign = loaded - set(_STDLIB) - {"oylama", "oylama_cli", "__main__", "_distutils_hack"}
    assert not {m for m in foreign if not m.startswith("__editable__")}, foreign
    assert "usage: oylama" in proc.stdout


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
        [sys.executable, "-m", "oylama_cli", "allocate", str(EXAMPLE_PATH), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["rule"] == "greedy"

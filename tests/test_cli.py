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


# -- what the reader repaired: warnings, notes, --strict ----------------------------------------

DAMAGED = """META
key;value
budget;100
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;name
1;40;"Odkupmy" i my
2;60;Park "Zielony"
3;70;C
VOTES
voter_id;vote
v1;1,2,1
v2;2
v3;3,3
"""


def test_allocate_warns_of_repairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "damaged.pb"
    path.write_text(DAMAGED, encoding="utf-8")
    assert main(["allocate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "Odkupmy i my" in out
    assert err.splitlines() == [
        f"oylama: warning: {path}:8: text ' i my' after a closing quote; read as Python's csv "
        "module reads it: 'Odkupmy i my'",
        f"oylama: warning: {path}:9: quote inside an unquoted field 'Park \"Zielony\"' (quote the "
        "whole field); read as Python's csv module reads it: the quote is part of the text",
        f"oylama: warning: {path}:13: vote names project '1' more than once; counted once",
        f"oylama: warning: {path}:15: vote names project '3' more than once; counted once",
    ]


def test_allocate_json_lists_repairs_under_notes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "damaged.pb"
    path.write_text(DAMAGED, encoding="utf-8")
    assert main(["allocate", str(path), "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    # 2 has two votes; 1 and 3 one each (v1 names 1 once, v3 names 3 once): 1 by file order.
    assert obj["selected"] == ["2", "1"]
    assert [(r["line"], r["kind"]) for r in obj["notes"]["repairs"]] == [
        (8, "quote"),
        (9, "quote"),
        (13, "repeated-project"),
        (15, "repeated-project"),
    ]
    assert obj["notes"]["repairs"][2] == {
        "kind": "repeated-project",
        "line": 13,
        "problem": "vote names project '1' more than once",
        "repair": "counted once",
        "source": str(path),
    }


@pytest.mark.parametrize("command", ["allocate", "convert"])
def test_strict_refuses_what_would_be_repaired(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "damaged.pb"
    path.write_text(DAMAGED, encoding="utf-8")
    target = tmp_path / "out.json"
    argv = [command, str(path), *([str(target)] if command == "convert" else []), "--strict"]
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        f"oylama: error: {path}:8: text ' i my' after a closing quote\n"
    )
    assert not target.exists()


def test_convert_warns_and_writes_what_it_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "damaged.pb"
    path.write_text(DAMAGED, encoding="utf-8")
    back = tmp_path / "back.pb"
    assert main(["convert", str(path), str(back)]) == 0
    assert capsys.readouterr().err.count("oylama: warning: ") == 4
    # The quotes are now the text the reader read; the votes stay verbatim, so only the
    # repeated projects are repaired again.
    assert "1;40;Odkupmy i my\n" in back.read_text(encoding="utf-8")
    assert main(["convert", str(back), str(tmp_path / "again.pb")]) == 0
    err = capsys.readouterr().err
    assert [line.split(": ", 3)[2] for line in err.splitlines()] == [
        f"{back}:13",
        f"{back}:15",
    ]


def _modules_after(argv: list[str]) -> set[str]:
    """The modules loaded by a process that runs ``oylama ARGV`` (output discarded)."""
    script = (
        "import contextlib, io, sys\n"
        "from oylama_cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main({argv!r}) == 0\n"
        "sys.stderr.write(repr(sorted(sys.modules)))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(eval(proc.stderr.strip().splitlines()[-1]))


HEAVY = {
    "highspy",  # the max-welfare solver
    "rich",  # the table (not the JSON output)
    "numpy.random",
    "oylama.tally._mes",
    "oylama.tally._knapsack",
    "oylama.crypto",
    "oylama.client",
    "oylama.service",
    "oylama.store",
    "httpx",
    "litestar",
    "sqlalchemy",
    "cryptography",
}


def test_allocate_imports_only_what_its_rule_needs() -> None:
    """Fast start: ``oylama allocate --json`` with greedy imports the reader and greedy, and
    no other rule, solver, service or output library; max-welfare imports its solver."""
    loaded = _modules_after(["allocate", str(EXAMPLE_PATH), "--rule", "greedy", "--json"])
    assert {"oylama.pabulib", "oylama.tally._greedy"} <= loaded
    assert not {m for m in loaded if m.split(".")[0] in HEAVY or m in HEAVY}
    assert not {m for m in loaded if any(m.startswith(h + ".") for h in HEAVY)}
    loaded = _modules_after(["allocate", str(EXAMPLE_PATH), "--rule", "max-welfare", "--json"])
    assert {"highspy", "oylama.tally._knapsack"} <= loaded
    assert "oylama.tally._mes" not in loaded

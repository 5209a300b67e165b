"""Fuzzing the reader: random valid elections, damaged the ways real files are damaged.

Each example writes a random, valid election as a ``.pb`` text, one record per line, then
damages it. Some damage has one sensible reading and is repaired (a project named twice in a
vote; a quotation mark the format does not allow), some changes nothing (a byte-order mark,
CR LF line ends, blank lines), and some is refused (a trailing separator or comma, a quoted
field never closed, a file in a Windows code page, a score given twice). Whatever the damage,
the reader must either read the file -- with exactly the repairs expected, at their lines, to
the very ballots of the undamaged file, and with free-text fields as Python's ``csv`` module
reads them -- or refuse it with a :class:`PabulibError` naming the damaged line. Anything
else (another exception, a wrong line, a wrong ballot) fails the test.
"""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from oylama.pabulib import PabulibError, PbElection, loads, read

TEXT = "abcçdeęfghıijklłmnńoóöprsśştuüwyzźżABCĆÇĞİŁÓÖŞÜŻ0123456789 -./"
"""Free text as Polish and Turkish files hold it (no separator, quote or line break)."""
ID_CHARS = "abcdeğiłoźABCLVIX0123456789/-_."
VOTE_TYPES = ("approval", "choose-1", "ordinal", "cumulative", "scoring")


@dataclass
class Election:
    """A valid election as records (one line each) and what its damage should give."""

    vote_type: str
    records: list[list[str]]  # fields as written (quoted where needed)
    projects_at: int  # record index of the first PROJECTS row
    votes_at: int  # record index of the first VOTES row
    vote_k: int
    points_k: int  # -1 without a points column
    repairs: list[tuple[str, int]] = field(default_factory=list)  # (kind, record index)
    refusal: tuple[int, str] | None = None  # (record index, message part)


def _quoted(text: str) -> str:
    return f'"{text}"' if ";" in text else text


@st.composite
def elections(draw: st.DrawFn) -> Election:
    vote_type = draw(st.sampled_from(VOTE_TYPES))
    n_projects = draw(st.integers(1, 7))
    roman = draw(st.sampled_from(["VII", "VIII", "IX"]))
    id_pool = st.one_of(
        st.integers(1, 30).map(lambda k: f"L16/{k:02d}/{roman}"),
        st.text(ID_CHARS, min_size=1, max_size=8).filter(lambda s: s == s.strip()),
    )
    ids = draw(st.lists(id_pool, min_size=n_projects, max_size=n_projects, unique=True))
    costs = [
        draw(st.one_of(st.integers(0, 10**6).map(str), st.decimals(0, 10**5, places=2).map(str)))
        for _ in ids
    ]
    names = [draw(st.text(TEXT + ";", max_size=20)) for _ in ids]
    records: list[list[str]] = [
        ["META"],
        ["key", "value"],
        ["description", _quoted(draw(st.text(TEXT + ";", max_size=30)))],
        ["budget", str(draw(st.integers(0, 2 * 10**6)))],
        ["vote_type", vote_type],
        ["rule", "greedy"],
        ["PROJECTS"],
        ["project_id", "cost", "name"],
    ]
    projects_at = len(records)
    records += [[p, c, _quoted(n)] for p, c, n in zip(ids, costs, names, strict=True)]
    records.append(["VOTES"])
    has_points = vote_type in ("cumulative", "scoring")
    header = ["voter_id", "vote", *(["points"] if has_points else []), "district"]
    records.append(header)
    votes_at = len(records)
    for v in range(draw(st.integers(1, 25))):
        if vote_type == "choose-1":
            chosen = draw(st.lists(st.sampled_from(ids), max_size=1))
        else:
            chosen = draw(st.lists(st.sampled_from(ids), unique=True, max_size=len(ids)))
        row = [str(v + 1), ",".join(chosen)]
        if has_points:
            low = 0 if vote_type == "cumulative" else -3
            row.append(",".join(str(draw(st.integers(low, 5))) for _ in chosen))
        row.append(draw(st.text(TEXT, max_size=12)))
        records.append(row)
    return Election(
        vote_type,
        records,
        projects_at,
        votes_at,
        header.index("vote"),
        header.index("points") if has_points else -1,
    )


def _lines(records: list[list[str]]) -> list[str]:
    return [";".join(r) for r in records]


def _ballots(e: PbElection) -> tuple[object, ...]:
    instance, profile = e.to_tally()
    return (
        instance.project_ids,
        instance.costs.tolist(),
        instance.budget,
        instance.scale,
        profile.indptr.tolist(),
        profile.indices.tolist(),
        None if profile.points is None else profile.points.tolist(),
        profile.multiplicity.tolist(),
    )


def _csv_columns(text: str) -> tuple[list[str], list[str]]:
    """The PROJECTS ``name`` and VOTES ``district`` columns as Python's csv module reads the
    text (``delimiter=";"``, the default dialect otherwise): the oracle for repaired quotes."""
    section, header = "", None
    names: list[str] = []
    districts: list[str] = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) == 1 and row[0].strip() in ("META", "PROJECTS", "VOTES"):
            section, header = row[0].strip(), None
            continue
        if header is None:
            header = row
            continue
        if section == "PROJECTS":
            names.append(row[header.index("name")])
        elif section == "VOTES":
            districts.append(row[header.index("district")])
    return names, districts


def _damage(e: Election, draw: st.DrawFn) -> Election:
    """Repairable damage (each on its own record) and at most one refusing damage."""
    records = [list(r) for r in e.records]
    voters = list(range(e.votes_at, len(records)))
    used: set[int] = set()

    def free(candidates: list[int]) -> int | None:
        left = [k for k in candidates if k not in used]
        if not left:
            return None
        k = draw(st.sampled_from(left))
        used.add(k)
        return k

    repairs: list[tuple[str, int]] = []
    refusal: tuple[int, str] | None = None
    # A project named twice (not refused for approval, choose-1, ordinal, cumulative).
    if e.vote_type != "scoring":
        for _ in range(draw(st.integers(0, 2))):
            k = free([r for r in voters if records[r][e.vote_k]])
            if k is None:
                break
            _repeat(records[k], e, draw)
            repairs.append(("repeated-project", k))
    # Quotation marks inside a free-text field, or text after a closing quote.
    text_fields = [(r, 2) for r in range(e.projects_at, e.votes_at - 2)]
    text_fields += [(r, len(records[r]) - 1) for r in voters]
    for _ in range(draw(st.integers(0, 3))):
        k = free([r for r, _ in text_fields])
        if k is None:
            break
        j = dict(text_fields)[k]
        before = draw(st.text(TEXT, min_size=1, max_size=6))
        inside = draw(st.text(TEXT, max_size=6))
        after = draw(st.text(TEXT, min_size=1, max_size=6))
        if draw(st.booleans()):
            records[k][j] = f'{before}"{inside}"{after}'  # a stray pair (csv: literal)
        else:
            records[k][j] = f'"{inside}"{after}{draw(st.sampled_from(["", chr(34)]))}'
        repairs.append(("quote", k))
    kinds = ["none", "trailing-separator", "trailing-comma", "unterminated", "code-page"]
    if e.vote_type == "scoring":
        kinds.append("scored-twice")
    kind = draw(st.sampled_from(kinds))
    if kind == "trailing-separator":
        k = free(list(range(e.projects_at, e.votes_at - 2)) + voters)
        if k is not None:
            records[k][-1] += ";"
            refusal = (k, "fields where the")
    elif kind == "trailing-comma":
        k = free([r for r in voters if records[r][e.vote_k]])
        if k is not None:
            records[k][e.vote_k] += ","
            refusal = (k, "vote for unknown project ''")
    elif kind == "unterminated" and len(records) - 1 not in used:
        records[-1][-1] = '"' + records[-1][-1]
        refusal = (len(records) - 1, "unterminated quoted field")
    elif kind == "scored-twice":
        k = free([r for r in voters if records[r][e.vote_k]])
        if k is not None:
            _repeat(records[k], e, draw)
            refusal = (k, "more than once (a scoring vote")
    elif kind == "code-page":
        refusal = (-1, draw(st.sampled_from(["cp1250", "cp1254"])))
    return Election(
        e.vote_type,
        records,
        e.projects_at,
        e.votes_at,
        e.vote_k,
        e.points_k,
        repairs,
        refusal,
    )


def _repeat(row: list[str], e: Election, draw: st.DrawFn) -> None:
    """Name one project of the vote again, later in it (cumulative: its points split in
    two, so that added up they are the undamaged vote's)."""
    ids = row[e.vote_k].split(",")
    k = draw(st.integers(0, len(ids) - 1))
    at = draw(st.integers(k + 1, len(ids)))
    ids.insert(at, ids[k])
    row[e.vote_k] = ",".join(ids)
    if e.points_k >= 0:
        points = [int(p) for p in row[e.points_k].split(",")]
        if e.vote_type == "cumulative":
            first = draw(st.integers(0, points[k]))
            points.insert(at, points[k] - first)
            points[k] = first
        else:
            points.insert(at, draw(st.integers(-3, 5)))
        row[e.points_k] = ",".join(map(str, points))


@st.composite
def damaged(draw: st.DrawFn) -> tuple[Election, Election, str, bytes, list[int]]:
    """(clean, damaged, damaged text, its bytes as written, final line of each record)."""
    clean = draw(elections())
    bad = _damage(clean, draw)
    lines = _lines(bad.records)
    line_of: list[int] = []
    out: list[str] = []
    for k, line in enumerate(lines):
        for _ in range(draw(st.integers(0, 1 if k else 2)) if draw(st.booleans()) else 0):
            out.append(draw(st.sampled_from(["", " ", "\t"])))  # blank lines
        out.append(line)
        line_of.append(len(out))
    endings = draw(st.sampled_from(["lf", "crlf", "mixed"]))
    ends = [
        "\r\n" if endings == "crlf" or (endings == "mixed" and draw(st.booleans())) else "\n"
        for _ in out
    ]
    if draw(st.booleans()):
        ends[-1] = ""  # no line break at the end
    text = "".join(a + b for a, b in zip(out, ends, strict=True))
    bom = draw(st.booleans())
    if bad.refusal is not None and bad.refusal[0] == -1:
        data = text.encode(bad.refusal[1], errors="replace")
    else:
        data = (("\ufeff" if bom else "") + text).encode("utf-8")
    return clean, bad, ("\ufeff" if bom else "") + text, data, line_of


def _read_file(data: bytes) -> PbElection:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "damaged.pb"
        path.write_bytes(data)
        return read(path)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_damaged_files_are_repaired_or_refused_with_their_line(
    case: tuple[Election, Election, str, bytes, list[int]],
) -> None:
    clean, bad, text, data, line_of = case
    reference = loads("\n".join(_lines(clean.records)) + "\n", source="clean.pb")
    assert reference.repairs == ()

    if bad.refusal is not None and bad.refusal[0] == -1:  # a Windows code page
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            with pytest.raises(PabulibError) as info:
                _read_file(data)
            assert info.value.line == data.count(b"\n", 0, exc.start) + 1
            assert "not UTF-8 text" in info.value.message
            assert "Windows code page" in info.value.message
        else:  # only ASCII (or bytes that happen to be UTF-8): the text is that text
            _read_file(data)
        return

    readers = {
        "loads": lambda: loads(text, source="damaged.pb"),
        "read": lambda: _read_file(data),
    }
    if bad.refusal is not None:
        record, message = bad.refusal
        for how, reader in readers.items():
            with pytest.raises(PabulibError) as info:
                reader()
            assert info.value.line == line_of[record], how
            assert message in info.value.message, how
        return

    expected = sorted((line_of[k], kind) for kind, k in bad.repairs)
    names, districts = _csv_columns(text.removeprefix("\ufeff"))
    for how, reader in readers.items():
        e = reader()
        assert sorted((r.line, r.kind) for r in e.repairs) == expected, how
        assert _ballots(e) == _ballots(reference), how
        assert [p.columns["name"] for p in e.projects] == names, how
        assert list(e.votes.column("district")) == districts, how
        assert e.votes.column("voter_id") == reference.votes.column("voter_id"), how
    if expected:
        with pytest.raises(PabulibError) as info:
            loads(text, source="damaged.pb", strict=True)
        assert info.value.line == expected[0][0]


def _damages(case: tuple[Election, Election, str, bytes, list[int]]) -> set[str]:
    """The kinds of damage one drawn case carries."""
    _, bad, text, data, _ = case
    seen = {kind for kind, _ in bad.repairs}
    if bad.refusal is not None:
        seen.add(bad.refusal[1] if bad.refusal[0] == -1 else bad.refusal[1][:12])
    if data.startswith(b"\xef\xbb\xbf"):
        seen.add("bom")
    if "\r\n" in text:
        seen.add("crlf")
    if "\n\n" in text or "\n \n" in text.replace("\r", ""):
        seen.add("blank")
    return seen


@pytest.mark.parametrize(
    "damage",
    [
        "repeated-project",
        "quote",
        "bom",
        "crlf",
        "blank",
        "cp1250",
        "cp1254",
        "fields where",
        "vote for unk",
        "unterminated",
        "more than on",
    ],
)
def test_the_fuzzer_reaches_every_damage(damage: str) -> None:
    """The strategy draws every kind of damage (a fuzzer that never damages tests nothing).

    ``find`` searches until one case carries the damage (derandomized, no shrinking), rather than
    hoping that a fixed number of random draws meets each of them.
    """
    case = find(
        damaged(),
        lambda case: damage in _damages(case),
        settings=settings(
            max_examples=5000, database=None, derandomize=True, phases=[Phase.generate]
        ),
    )
    assert damage in _damages(case)

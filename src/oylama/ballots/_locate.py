"""Where each value of a TOML document is written: field path -> 1-based line.

``tomllib`` parses TOML exactly but keeps no positions, and an error a person can act on names
the line. So after ``tomllib`` has accepted a document (it is then known to be valid TOML), this
module walks the same text once more with a small scanner that understands exactly the parts of
TOML that matter for positions -- table headers ``[a.b]``, arrays of tables ``[[a.b]]`` (with
their running index), dotted and quoted keys, inline tables, arrays (one index per element) and
every string form, so that ``#``, ``=`` or ``[`` inside a string or a multi-line value cannot be
mistaken for structure. It never decides what a value *is*; ``tomllib`` did that.

A path is a tuple of keys (``str``) and array indices (``int``), e.g.
``("ballots", 0, "projects", 3, "cost")``. :func:`line_of` falls back to the nearest enclosing
path that was written, so a missing key is reported at its table's header.
"""

from __future__ import annotations

from collections.abc import Sequence

Path = tuple[str | int, ...]

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


class _Scanner:
    """One pass over a valid TOML text, recording the line of every key and array element."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[Path, int] = {}
        # Arrays of tables: resolved path of the array -> index of its last element.
        self.aot: dict[Path, int] = {}

    # -- low-level -------------------------------------------------------------------------

    def _peek(self, k: int = 0) -> str:
        i = self.pos + k
        return self.text[i] if i < len(self.text) else ""

    def _advance(self, n: int = 1) -> None:
        for _ in range(n):
            if self.pos < len(self.text):
                if self.text[self.pos] == "\n":
                    self.line += 1
                self.pos += 1

    def _skip_blank(self, newlines: bool) -> None:
        """Skip spaces (and, if ``newlines``, line breaks and comments)."""
        while self.pos < len(self.text):
            c = self.text[self.pos]
            if c in " \t\r" or (c == "\n" and newlines):
                self._advance()
            elif c == "#" and newlines:
                while self.pos < len(self.text) and self.text[self.pos] != "\n":
                    self._advance()
            else:
                return

    def _skip_to_eol(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] != "\n":
            self._advance()

    def _record(self, path: Path, line: int) -> None:
        self.lines.setdefault(path, line)

    # -- strings and keys ------------------------------------------------------------------

    def _string(self) -> str:
        """Read a string of any form at ``pos``; returns its value (keys need it)."""
        q = self._peek()
        multi = self.text.startswith(q * 3, self.pos)
        self._advance(3 if multi else 1)
        out: list[str] = []
        while self.pos < len(self.text):
            if multi and self.text.startswith(q * 3, self.pos):
                # Up to two quotes may precede the closing delimiter.
                while self._peek(3) == q:
                    out.append(q)
                    self._advance()
                self._advance(3)
                return "".join(out)
            c = self._peek()
            if not multi and c == q:
                self._advance()
                return "".join(out)
            if q == '"' and c == "\\":
                nxt = self._peek(1)
                if nxt in _ESCAPES:
                    out.append(_ESCAPES[nxt])
                    self._advance(2)
                elif nxt in "uU":
                    width = 4 if nxt == "u" else 8
                    out.append(chr(int(self.text[self.pos + 2 : self.pos + 2 + width], 16)))
                    self._advance(2 + width)
                else:  # line-ending backslash in a multi-line string
                    self._advance()
                continue
            out.append(c)
            self._advance()
        return "".join(out)

    def _key(self) -> list[str]:
        """A dotted key, possibly with quoted parts and spaces around the dots."""
        parts: list[str] = []
        while True:
            self._skip_blank(newlines=False)
            if self._peek() in ('"', "'"):
                parts.append(self._string())
            else:
                start = self.pos
                while self._peek() in _BARE and self._peek() != "":
                    self._advance()
                parts.append(self.text[start : self.pos])
            self._skip_blank(newlines=False)
            if self._peek() != ".":
                return parts
            self._advance()

    # -- values ----------------------------------------------------------------------------

    def _value(self, path: Path) -> None:
        c = self._peek()
        if c in ('"', "'"):
            self._string()
        elif c == "[":
            self._array(path)
        elif c == "{":
            self._inline_table(path)
        else:  # number, bool, date-time: ends at a separator (date-times may hold a space)
            while self._peek() not in ("", ",", "]", "}", "\n", "#"):
                self._advance()

    def _array(self, path: Path) -> None:
        self._advance()  # [
        index = 0
        while True:
            self._skip_blank(newlines=True)
            if self._peek() in ("]", ""):
                self._advance()
                return
            self._record((*path, index), self.line)
            self._value((*path, index))
            index += 1
            self._skip_blank(newlines=True)
            if self._peek() == ",":
                self._advance()

    def _inline_table(self, path: Path) -> None:
        self._advance()  # {
        while True:
            self._skip_blank(newlines=True)
            if self._peek() in ("}", ""):
                self._advance()
                return
            self._keyval(path)
            self._skip_blank(newlines=True)
            if self._peek() == ",":
                self._advance()

    def _keyval(self, table: Path) -> None:
        line = self.line
        parts = self._key()
        for k in range(1, len(parts) + 1):
            self._record((*table, *parts[:k]), line)
        self._skip_blank(newlines=False)
        self._advance()  # =
        self._skip_blank(newlines=False)
        self._value((*table, *parts))

    # -- headers ---------------------------------------------------------------------------

    def _resolve(self, parts: Sequence[str]) -> Path:
        """The concrete path of a header's key: every array of tables on the way is entered at
        its last element, as TOML specifies."""
        path: Path = ()
        for part in parts:
            path = (*path, part)
            if path in self.aot:
                path = (*path, self.aot[path])
        return path

    def _header(self) -> Path:
        line = self.line
        array = self.text.startswith("[[", self.pos)
        self._advance(2 if array else 1)
        parts = self._key()
        self._advance(2 if array else 1)
        if array:
            parent = self._resolve(parts[:-1])
            base = (*parent, parts[-1])
            self.aot[base] = self.aot.get(base, -1) + 1
            path = (*base, self.aot[base])
            self._record(base, line)
        else:
            path = self._resolve(parts)
        self._record(path, line)
        return path

    def scan(self) -> dict[Path, int]:
        table: Path = ()
        while True:
            self._skip_blank(newlines=True)
            if self.pos >= len(self.text):
                return self.lines
            start = self.pos
            if self._peek() == "[":
                table = self._header()
            else:
                self._keyval(table)
            if self.pos == start:  # pragma: no cover - only on text tomllib refused
                self._advance()
            self._skip_blank(newlines=False)
            if self._peek() == "#":
                self._skip_to_eol()


def locate(text: str) -> dict[Path, int]:
    """Every written path of a TOML ``text`` (already accepted by ``tomllib``) -> its line."""
    return _Scanner(text).scan()


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, or of its nearest written ancestor; ``None`` if none is written."""
    for k in range(len(path), 0, -1):
        found = lines.get(path[:k])
        if found is not None:
            return found
    return None


def format_path(path: Path) -> str:
    """``("ballots", 0, "projects", 3, "cost")`` -> ``ballots[0].projects[3].cost``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part and all(ch in _BARE for ch in part):
            out += f".{part}" if out else part
        else:
            quoted = '"' + part.replace("\\", "\\\\").replace('"', '\\"') + '"'
            out += f".{quoted}" if out else quoted
    return out

"""Layout tokenising: normalised text -> a flat stream of cell tokens with offsets.

The same stream is produced whatever the layout:

- pipe rows / Markdown rows (``规章 | 0 | 0 | 0 |``, ``| 规章 | 0 |``): one token per cell, a
  whitespace-only cell is a blank, adjacent pipes (``||``) are padding for merged cells, and the end
  of the line is a row-break hint (``brk``);
- one cell per line with a trailing ``|`` (``0 |``): a lone ``|`` line is an empty cell (``lone``;
  the placer turns it into a row break once the row is full), a line of several pipes is padding;
- one cell per line with ``|`` lines *between* cells (cell / ``|`` alternating): lone ``|`` lines are
  separators; two in a row enclose an empty cell;
- one cell per line without delimiters (blank lines between): each line is a cell;
- a label followed by numbers on one line (``规章 0 0 0``) is split into a label and value cells.

Every token carries [start, end) offsets into the text (the stripped cell content). One pass over
the text, linear in its length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from xxgk.parse.tables.values import is_null_token, is_number_token

Kind = Literal["text", "num", "null", "lone", "pad", "brk"]

_PART = re.compile(r"\S+")
_SYMBOL_NULLS = frozenset({"/", "-", "—", "–", "--", "——", "\\"})


@dataclass(frozen=True, slots=True)
class Tok:
    kind: Kind
    text: str     # stripped cell text ("" for lone/pad/brk and blank cells)
    start: int
    end: int


def _lines(text: str):
    pos, n = 0, len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        yield pos, text[pos:nl]
        if nl == n:
            break
        pos = nl + 1


def _is_single_trailing(line: str) -> bool:
    """'0 |' / '信息内容 | ||': one cell of content followed only by pipes."""
    s = line.rstrip()
    if not s.endswith("|"):
        return False
    head = s.rstrip("| \t")
    return bool(head.strip()) and "|" not in head


def detect_trailing_style(text: str) -> bool:
    """True when cells are written one per line *followed* by a pipe (then a lone '|' is a blank)."""
    trailing = bare = 0
    for _, line in _lines(text):
        s = line.strip()
        if not s or len(s) > 60:
            continue
        if _is_single_trailing(s):
            trailing += 1
        elif "|" not in s:
            bare += 1
    return trailing >= 3 and trailing >= bare


def _emit_content(seg: str, base: int, out: list[Tok]) -> None:
    """A piece of text between delimiters: one text cell, value cells, or a label + values."""
    parts = [(m.group(), base + m.start(), base + m.end()) for m in _PART.finditer(seg)]
    if not parts:
        return
    # trailing run of value parts
    k = len(parts)
    while k > 0 and (is_number_token(parts[k - 1][0]) or parts[k - 1][0] in _SYMBOL_NULLS):
        k -= 1
    if k == len(parts):
        first, last = parts[0], parts[-1]
        stripped = seg.strip()
        if len(parts) == 1 and is_null_token(stripped):
            out.append(Tok("null", stripped, first[1], last[2]))
        elif len(parts) == 2 and is_number_token(stripped):   # "160.5964 万元"
            out.append(Tok("num", stripped, first[1], last[2]))
        else:
            out.append(Tok("text", stripped, first[1], last[2]))
        return
    if k > 0:
        out.append(Tok("text", seg[parts[0][1] - base:parts[k - 1][2] - base], parts[0][1], parts[k - 1][2]))
    for word, s, e in parts[k:]:
        out.append(Tok("num" if is_number_token(word) else "null", word, s, e))


def tokenize(text: str) -> list[Tok]:
    trailing = detect_trailing_style(text)
    out: list[Tok] = []
    prev_sep = False          # alternating style: previous emitted thing was a lone '|' separator
    for ls, line in _lines(text):
        if not line.strip():
            continue
        if "|" not in line:
            _emit_content(line, ls, out)
            prev_sep = False
            continue
        stripped = line.strip()
        if not stripped.replace("|", "").strip():          # pipes only
            if stripped == "|" and trailing:
                p = ls + line.index("|")
                out.append(Tok("lone", "", p, p + 1))
            elif stripped == "|":
                if prev_sep:                                 # '|' '|' encloses an empty cell
                    p = ls + line.index("|")
                    out.append(Tok("null", "", p, p))
                prev_sep = True
                continue
            else:
                p = ls + line.index("|")
                out.append(Tok("pad", "", p, p + len(stripped)))
            prev_sep = False
            continue
        prev_sep = False
        # split on pipes, keeping offsets
        segs: list[tuple[int, str]] = []
        pos = 0
        while True:
            j = line.find("|", pos)
            if j < 0:
                segs.append((pos, line[pos:]))
                break
            segs.append((pos, line[pos:j]))
            pos = j + 1
        content = [s for _, s in segs if s.strip()]
        if all(set(c.strip()) <= set("-: ") and len(c.strip()) >= 3 for c in content):
            continue                                          # Markdown |---|---| rule
        if _is_single_trailing(line):
            off, seg = segs[0]
            _emit_content(seg, ls + off, out)
            if line.count("|") >= 2:
                out.append(Tok("pad", "", ls + len(line.rstrip()) - 1, ls + len(line.rstrip())))
            continue
        # a row: label and cells on one line
        last = len(segs) - 1
        for i, (off, seg) in enumerate(segs):
            if i == last:
                if seg.strip():
                    _emit_content(seg, ls + off, out)
                break
            if i == 0 and seg == "":                         # "| a | b" leading margin
                continue
            if seg == "":
                out.append(Tok("pad", "", ls + off, ls + off))
            elif not seg.strip():
                out.append(Tok("null", "", ls + off, ls + off + len(seg)))
            else:
                _emit_content(seg, ls + off, out)
        out.append(Tok("brk", "", ls + len(line), ls + len(line)))
    return _settle_lone_pipes(out)


def _settle_lone_pipes(toks: list[Tok]) -> list[Tok]:
    """A lone '|' line is an empty cell only if the text uses it so somewhere (a lone '|' directly
    before a value); where lone pipes only ever precede labels they are separators (padding)."""
    as_cells = False
    after_lone = False
    for t in toks:
        if t.kind == "lone":
            after_lone = True
        elif after_lone and t.kind in ("num", "null"):
            as_cells = True
            break
        else:
            after_lone = False
    if as_cells:
        return toks
    return [Tok("pad", "", t.start, t.end) if t.kind == "lone" else t for t in toks]

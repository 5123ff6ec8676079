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

from typing import Literal, NamedTuple

from xxgk.parse.tables.labels import NULL_TOKENS
from xxgk.parse.tables.values import is_number_token

Kind = Literal["text", "num", "null", "lone", "pad", "brk"]

_SYMBOL_NULLS = frozenset({"/", "-", "—", "–", "--", "——", "\\"})


class Tok(NamedTuple):        # a tuple: as immutable as a frozen dataclass, and cheaper to build
    kind: Kind
    text: str     # stripped cell text ("" for lone/pad/brk and blank cells)
    start: int
    end: int


def _is_single_trailing(line: str) -> bool:
    """'0 |' / '信息内容 | ||': one cell of content followed only by pipes."""
    s = line.rstrip()
    if not s.endswith("|"):
        return False
    head = s.rstrip("| \t")
    return bool(head.strip()) and "|" not in head


def _trailing_style(text: str, lines: list[str]) -> bool:
    if text.count("|") < 3:           # needs three lines that end in a pipe
        return False
    trailing = bare = 0
    for line in lines:
        s = line.strip()
        if not s or len(s) > 60:
            continue
        if "|" not in s:
            bare += 1
        elif _is_single_trailing(s):
            trailing += 1
    return trailing >= 3 and trailing >= bare


def detect_trailing_style(text: str) -> bool:
    """True when cells are written one per line *followed* by a pipe (then a lone '|' is a blank)."""
    return _trailing_style(text, text.split("\n"))


def _value_kind(word: str) -> str | None:
    """'num' / 'null' for a value part (a number, or a symbol that means blank), else None."""
    if is_number_token(word):
        return "num"
    if word in _SYMBOL_NULLS:
        return "null"
    return None


def _emit_content(seg: str, base: int, out: list[Tok]) -> None:
    """A piece of text between delimiters: one text cell, value cells, or a label + values."""
    words = seg.split()               # the \S+ parts
    if not words:
        return
    if len(words) == 1:               # the common case: one word (a label, a number, a blank)
        word = words[0]
        s = base + seg.find(word)
        e = s + len(word)
        kind = _value_kind(word)
        if kind is not None:
            out.append(Tok("num" if kind == "num" else "null", word, s, e))
        elif word in NULL_TOKENS:
            out.append(Tok("null", word, s, e))
        else:
            out.append(Tok("text", word, s, e))
        return
    # offsets of the words: each is found after the previous one (whitespace between cannot match)
    parts = []
    pos = 0
    for w in words:
        j = seg.find(w, pos)
        pos = j + len(w)
        parts.append((w, base + j, base + pos))
    # trailing run of value parts
    k = len(parts)
    while k > 0 and _value_kind(parts[k - 1][0]) is not None:
        k -= 1
    if k == len(parts):
        first, last = parts[0], parts[-1]
        stripped = seg.strip()
        if len(parts) == 2 and is_number_token(stripped):   # "160.5964 万元"
            out.append(Tok("num", stripped, first[1], last[2]))
        else:
            out.append(Tok("text", stripped, first[1], last[2]))
        return
    if k > 0:
        out.append(Tok("text", seg[parts[0][1] - base:parts[k - 1][2] - base], parts[0][1], parts[k - 1][2]))
    for word, s, e in parts[k:]:
        out.append(Tok("num" if is_number_token(word) else "null", word, s, e))


def _is_rule(segs: list[tuple[int, str]]) -> bool:
    """A Markdown |---|---| rule: every non-empty cell is three or more of '-', ':' and spaces."""
    content = [s for _, s in segs if s.strip()]
    return all(set(c.strip()) <= set("-: ") and len(c.strip()) >= 3 for c in content)


def tokenize(text: str) -> list[Tok]:
    lines = text.split("\n")
    trailing = _trailing_style(text, lines)
    out: list[Tok] = []
    prev_sep = False          # alternating style: previous emitted thing was a lone '|' separator
    lone = False              # a lone '|' token was emitted
    nxt = 0
    for line in lines:
        ls = nxt
        nxt += len(line) + 1
        if "|" not in line:
            if line and not line.isspace():
                _emit_content(line, ls, out)
                prev_sep = False
            continue
        stripped = line.strip()
        if not stripped.replace("|", "").strip():          # pipes only
            if stripped == "|" and trailing:
                p = ls + line.index("|")
                out.append(Tok("lone", "", p, p + 1))
                lone = True
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
        for seg in line.split("|"):
            segs.append((pos, seg))
            pos += len(seg) + 1
        if ("-" in line or ":" in line) and _is_rule(segs):
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
                if seg and not seg.isspace():
                    _emit_content(seg, ls + off, out)
                break
            if seg == "":
                if i:                                        # "| a | b" leading margin
                    out.append(Tok("pad", "", ls + off, ls + off))
            elif seg.isspace():
                out.append(Tok("null", "", ls + off, ls + off + len(seg)))
            else:
                _emit_content(seg, ls + off, out)
        out.append(Tok("brk", "", ls + len(line), ls + len(line)))
    return _settle_lone_pipes(out) if lone else out


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

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
    line: int     # 1-based line of the text it is on (a token never spans lines)


def _is_single_trailing(line: str) -> bool:
    """'0 |' / '信息内容 | ||': one cell of content followed only by pipes."""
    s = line.rstrip()
    if not s.endswith("|"):
        return False
    head = s.rstrip("| \t")
    return bool(head.strip()) and "|" not in head


def _style(line: str) -> int:
    """How a line votes on the trailing-pipe style: 1 bare cell, 2 cell + trailing pipe, 0 neither."""
    s = line.strip()
    if not s or len(s) > 60:
        return 0
    if "|" not in s:
        return 1
    return 2 if _is_single_trailing(s) else 0


def detect_trailing_style(text: str) -> bool:
    """True when cells are written one per line *followed* by a pipe (then a lone '|' is a blank)."""
    if text.count("|") < 3:           # needs three lines that end in a pipe
        return False
    votes = [0, 0, 0]
    for line in text.split("\n"):
        votes[_style(line)] += 1
    return votes[2] >= 3 and votes[2] >= votes[1]


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
            out.append(Tok("num" if kind == "num" else "null", word, s, e, 0))
        elif word in NULL_TOKENS:
            out.append(Tok("null", word, s, e, 0))
        else:
            out.append(Tok("text", word, s, e, 0))
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
            out.append(Tok("num", stripped, first[1], last[2], 0))
        else:
            out.append(Tok("text", stripped, first[1], last[2], 0))
        return
    if k > 0:
        out.append(Tok("text", seg[parts[0][1] - base:parts[k - 1][2] - base], parts[0][1], parts[k - 1][2], 0))
    for word, s, e in parts[k:]:
        out.append(Tok("num" if is_number_token(word) else "null", word, s, e, 0))


def _is_rule(segs: list[tuple[int, str]]) -> bool:
    """A Markdown |---|---| rule: every non-empty cell is three or more of '-', ':' and spaces."""
    content = [s for _, s in segs if s.strip()]
    return all(set(c.strip()) <= set("-: ") and len(c.strip()) >= 3 for c in content)


# What a line gives, whatever comes before it: (style vote, mode, tokens with offsets into the line).
# mode: _BLANK (no tokens, no effect), _PIPES (pipes only: read with the text's state), _CELLS.
_BLANK, _PIPES, _CELLS = 0, 1, 2
LineInfo = tuple[int, int, tuple[Tok, ...]]   # tokens with offsets (and line 0) relative to the line
# Table lines repeat endlessly across reports ("0", "|", "规章 | 0 | 0 | 0 |"): read once per
# process. Bounded: cleared when full; long lines (prose) are not kept.
_LINES: dict[str, LineInfo] = {}
_LINES_MAX = 50_000
_LINES_LEN = 160


def _line_info(line: str) -> LineInfo:
    style = _style(line)
    if not line or line.isspace():
        return style, _BLANK, ()
    out: list[Tok] = []
    if "|" not in line:
        _emit_content(line, 0, out)
        return style, _CELLS, tuple(out)
    stripped = line.strip()
    if not stripped.replace("|", "").strip():
        return style, _PIPES, ()
    # split on pipes, keeping offsets
    segs: list[tuple[int, str]] = []
    pos = 0
    for seg in line.split("|"):
        segs.append((pos, seg))
        pos += len(seg) + 1
    if ("-" in line or ":" in line) and _is_rule(segs):
        return style, _CELLS, ()                              # Markdown |---|---| rule
    if _is_single_trailing(line):
        off, seg = segs[0]
        _emit_content(seg, off, out)
        if line.count("|") >= 2:
            out.append(Tok("pad", "", len(line.rstrip()) - 1, len(line.rstrip()), 0))
        return style, _CELLS, tuple(out)
    # a row: label and cells on one line
    last = len(segs) - 1
    for i, (off, seg) in enumerate(segs):
        if i == last:
            if seg and not seg.isspace():
                _emit_content(seg, off, out)
            break
        if seg == "":
            if i:                                            # "| a | b" leading margin
                out.append(Tok("pad", "", off, off, 0))
        elif seg.isspace():
            out.append(Tok("null", "", off, off + len(seg), 0))
        else:
            _emit_content(seg, off, out)
    out.append(Tok("brk", "", len(line), len(line), 0))
    return style, _CELLS, tuple(out)


def tokenize(text: str) -> list[Tok]:
    lines = text.split("\n")
    cache = _LINES
    infos: list[LineInfo] = []
    for line in lines:
        info = cache.get(line)
        if info is None:
            info = _line_info(line)
            if len(line) <= _LINES_LEN:
                if len(cache) >= _LINES_MAX:
                    cache.clear()
                cache[line] = info
        infos.append(info)
    trailing = False
    if text.count("|") >= 3:          # needs three lines that end in a pipe
        votes = [0, 0, 0]
        for info in infos:
            votes[info[0]] += 1
        trailing = votes[2] >= 3 and votes[2] >= votes[1]
    spaced = _double_spaced(lines, infos)
    out: list[Tok] = []
    append = out.append
    new = tuple.__new__
    prev_sep = False          # alternating style: previous emitted thing was a lone '|' separator
    lone = False              # a lone '|' token was emitted
    blank_run = 0             # blank lines since the last line with content
    prev_short = False        # that line was short (a cell, not prose)
    nxt = 0
    ln = 0
    for line, (_, mode, toks) in zip(lines, infos):
        ls = nxt
        nxt += len(line) + 1
        ln += 1
        if mode == _BLANK:
            blank_run += 1
            continue
        if spaced and blank_run >= 3 and blank_run % 2 and prev_short and len(line) <= _CELL_LINE:
            # cells one per line with a blank line between: 2k+1 blank lines enclose k empty cells
            for k in range(1, blank_run, 2):
                p = ls - blank_run + k     # the empty line of the k-th empty cell (one char per blank line)
                append(Tok("null", "", p, p, ln - blank_run + k))
        blank_run = 0
        prev_short = len(line) <= _CELL_LINE
        if mode == _CELLS:
            prev_sep = False
            for kind, t, a, b, _ in toks:
                append(new(Tok, (kind, t, ls + a, ls + b, ln)))   # Tok(...) without its wrapper
        elif mode == _PIPES:
            stripped = line.strip()
            if stripped == "|" and trailing:
                p = ls + line.index("|")
                append(Tok("lone", "", p, p + 1, ln))
                lone = True
            elif stripped == "|":
                if prev_sep:                                 # '|' '|' encloses an empty cell
                    p = ls + line.index("|")
                    append(Tok("null", "", p, p, ln))
                prev_sep = True
                continue
            else:
                p = ls + line.index("|")
                append(Tok("pad", "", p, p + len(stripped), ln))
            prev_sep = False
    return _settle_lone_pipes(out) if lone else out


_CELL_LINE = 40   # longer lines are prose or long labels, never the neighbours of an empty cell


def _double_spaced(lines: list[str], infos: list[LineInfo]) -> bool:
    """Cells written one per line with exactly one blank line between them (real 009, synthetic
    cell_per_line): then a run of three blank lines between two cells is an empty cell, not a gap.
    Decided on the runs between short lines: nearly all of them must be single blank lines."""
    runs = [0, 0]             # [single blank line, longer run] between two short lines
    run = 0
    prev_short = False
    for line, info in zip(lines, infos):
        if info[1] == _BLANK:
            run += 1
            continue
        short = len(line) <= _CELL_LINE
        if run and prev_short and short:
            runs[run > 1] += 1
        run = 0
        prev_short = short
    return runs[0] >= 20 and runs[1] * 10 <= runs[0]


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
    return [Tok("pad", "", t.start, t.end, t.line) if t.kind == "lone" else t for t in toks]

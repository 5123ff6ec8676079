"""Layout tokenising: normalised text -> a stream of cell tokens with offsets, grouped by line.

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

Every token carries [start, end) offsets of the stripped cell content. The stream is a list of
``Line`` groups (line start, line number, tokens with offsets relative to that start): a line's
tokens are read once per process and shared by every text that has the line, and only the tokens
that become cells or labels are turned into text offsets (``absolute``). One pass over the text,
linear in its length.
"""

from __future__ import annotations

import re
from itertools import accumulate
from typing import Literal

from xxgk.parse.tables.labels import NULL_TOKENS
from xxgk.parse.tables.values import is_number_token

Kind = Literal["text", "num", "null", "lone", "pad", "brk"]

_SYMBOL_NULLS = frozenset({"/", "-", "—", "–", "--", "——", "\\"})


# A token is a plain tuple (kind, text, start, end, line), read by unpacking or with the index names
# below; text is the stripped cell text ("" for lone/pad/brk and blank cells) and line is the 1-based
# line it is on (a token never spans lines). Not a NamedTuple: a report has ~300 tokens, and a
# tuple subclass costs three times a plain tuple to build (tuple.__new__ copies via a temporary).
Tok = tuple[Kind, str, int, int, int]
KIND, TEXT, START, END, LINE = range(5)


def _is_single_trailing(line: str) -> bool:
    """'0 |' / '信息内容 | ||': one cell of content followed only by pipes."""
    s = line.rstrip()
    if not s.endswith("|"):
        return False
    head = s.rstrip("| \t")
    return bool(head.strip()) and "|" not in head


def _style(stripped: str, single: bool) -> int:
    """How a line votes on the trailing-pipe style: 1 bare cell, 2 cell + trailing pipe, 0 neither.
    ``stripped``: the line stripped; ``single``: _is_single_trailing of it."""
    if not stripped or len(stripped) > 60:
        return 0
    if "|" not in stripped:
        return 1
    return 2 if single else 0


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
        if is_number_token(word):
            kind = "num"
        elif word in _SYMBOL_NULLS or word in NULL_TOKENS:
            kind = "null"
        else:
            kind = "text"
        out.append((kind, word, s, s + len(word), 0))
        return
    if _value_kind(words[-1]) is None:
        # no trailing values (prose, a long label): one cell, the stripped piece. Its offsets are
        # those of its first and last words, found without walking the words (this runs for every
        # prose line the first time it is seen)
        stripped = seg.strip()
        s = base + len(seg) - len(seg.lstrip())
        kind = "num" if len(words) == 2 and is_number_token(stripped) else "text"   # "160.5964 万元"
        out.append((kind, stripped, s, s + len(stripped), 0))
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
    if k > 0:
        out.append(("text", seg[parts[0][1] - base:parts[k - 1][2] - base], parts[0][1], parts[k - 1][2], 0))
    for word, s, e in parts[k:]:
        out.append(("num" if is_number_token(word) else "null", word, s, e, 0))


# A Markdown rule line holds nothing but these (a quick test before the cell by cell one)
_RULE_CHARS = re.compile(r"[-:|\s]*")


def _is_rule(segs: list[tuple[int, str]]) -> bool:
    """A Markdown |---|---| rule: every non-empty cell is three or more of '-', ':' and spaces."""
    content = [s for _, s in segs if s.strip()]
    return all(set(c.strip()) <= set("-: ") and len(c.strip()) >= 3 for c in content)


# What a line gives, whatever comes before it: (class, mode, tokens with offsets into the line).
# mode: _BLANK (no tokens, no effect), _PIPES (pipes only: read with the text's state; its one token
# is a "lone" for a line that is just "|", else a "pad"), _CELLS.
_BLANK, _PIPES, _CELLS = 0, 1, 2
LineInfo = tuple[str, int, tuple[Tok, ...]]   # tokens with offsets (and line 0) relative to the line
# Table lines repeat endlessly across reports ("0", "|", "规章 | 0 | 0 | 0 |"): read once per
# process. Bounded: cleared when full; long lines (prose) are not kept.
_LINES: dict[str, LineInfo] = {}
_LINES_MAX = 50_000
_LINES_LEN = 160

_CELL_LINE = 40   # longer lines are prose or long labels, never the neighbours of an empty cell

# A line's class is one character, so that the text-wide decisions (trailing-pipe style, double
# spacing, whether any line is pipes only) are str.count and a regex over one short string rather
# than Python loops over the lines: "." blank; "0"/"1"/"2" a short line (<= _CELL_LINE) whose style
# vote is 0/1/2 (see _style); "a"/"b"/"c" a longer line voting 0/1/2; "p"/"P" a short/longer line of
# pipes only (_PIPES mode; such a line always votes 0).
_SHORT, _LONG, _SHORT_PIPES, _LONG_PIPES = "012", "abc", "p", "P"
_ONE_BLANK = re.compile(r"[012p]\.(?=[012p])")        # short line, one blank line, short line
_MORE_BLANKS = re.compile(r"[012p]\.\.+(?=[012p])")   # short line, 2+ blank lines, short line


def _line_info(line: str) -> LineInfo:
    stripped = line.strip()
    if not stripped:
        return ".", _BLANK, ()
    single = "|" in line and _is_single_trailing(line)     # the same for the line and its strip
    cls = (_SHORT if len(line) <= _CELL_LINE else _LONG)[_style(stripped, single)]
    out: list[Tok] = []
    if "|" not in line:
        _emit_content(line, 0, out)
        return cls, _CELLS, tuple(out)
    if not stripped.replace("|", "").strip():
        p = line.index("|")
        cls = _SHORT_PIPES if len(line) <= _CELL_LINE else _LONG_PIPES
        return cls, _PIPES, (("lone" if stripped == "|" else "pad", "", p, p + len(stripped), 0),)
    # split on pipes, keeping offsets
    segs: list[tuple[int, str]] = []
    pos = 0
    for seg in line.split("|"):
        segs.append((pos, seg))
        pos += len(seg) + 1
    if ("-" in line or ":" in line) and _RULE_CHARS.fullmatch(line) and _is_rule(segs):
        return cls, _CELLS, ()                              # Markdown |---|---| rule
    if single:
        off, seg = segs[0]
        _emit_content(seg, off, out)
        if line.count("|") >= 2:
            out.append(("pad", "", len(line.rstrip()) - 1, len(line.rstrip()), 0))
        return cls, _CELLS, tuple(out)
    # a row: label and cells on one line
    last = len(segs) - 1
    for i, (off, seg) in enumerate(segs):
        if i == last:
            if seg and not seg.isspace():
                _emit_content(seg, off, out)
            break
        if seg == "":
            if i:                                            # "| a | b" leading margin
                out.append(("pad", "", off, off, 0))
        elif seg.isspace():
            out.append(("null", "", off, off + len(seg), 0))
        else:
            _emit_content(seg, off, out)
    out.append(("brk", "", len(line), len(line), 0))
    return cls, _CELLS, tuple(out)


def _line_infos(lines: list[str]) -> list[LineInfo]:
    """_line_info of every line, from the process-wide cache where the line was seen before."""
    cache = _LINES
    infos: list[LineInfo | None] = list(map(cache.get, lines))
    i = 0
    for _ in range(infos.count(None)):      # the lines not seen before
        i = infos.index(None, i)
        line = lines[i]
        info = infos[i] = _line_info(line)
        if len(line) <= _LINES_LEN:
            if len(cache) >= _LINES_MAX:
                cache.clear()
            cache[line] = info
    return infos  # type: ignore[return-value]


# A group of tokens from one line: (offset of the line start, 1-based line number, tokens whose
# offsets are relative to the line start and whose line is 0).
Line = tuple[int, int, tuple[Tok, ...]]
_NULL_HERE = (("null", "", 0, 0, 0),)       # an empty cell at the group's offset


def absolute(tok: Tok, ls: int, ln: int) -> Tok:
    """A token of a Line group (ls, ln, ...) with offsets into the text and its line number."""
    return tok[0], tok[1], ls + tok[2], ls + tok[3], ln


def tokenize(text: str) -> list[Line]:
    lines = text.split("\n")
    infos = _line_infos(lines)
    classes = "".join([info[0] for info in infos])
    trailing = text.count("|") >= 3 and _trailing_style(classes)
    spaced = _double_spaced(classes)
    if not spaced and _SHORT_PIPES not in classes and _LONG_PIPES not in classes:
        # no state to carry from line to line: each line's own tokens, at its offset (the sum of
        # the lengths of the lines before it, plus their newlines)
        starts = accumulate(map(len, lines), initial=0)
        return [(s + i, i + 1, info[2]) for i, (s, info) in enumerate(zip(starts, infos)) if info[2]]
    out: list[Line] = []
    append = out.append
    prev_sep = False          # alternating style: previous emitted thing was a lone '|' separator
    lone = False              # a lone '|' token was emitted
    prev = -1                 # index of the last line with content
    nxt = 0
    for i, (line, (_, mode, toks)) in enumerate(zip(lines, infos)):
        ls = nxt
        nxt += len(line) + 1
        if mode == _BLANK:
            continue
        if spaced:
            blank_run = i - prev - 1
            if blank_run >= 3 and blank_run % 2 and prev >= 0 and classes[prev] in "012p" \
                    and len(line) <= _CELL_LINE:
                # cells one per line with a blank line between: 2k+1 blank lines enclose k empty cells
                for k in range(1, blank_run, 2):
                    # the empty line of the k-th empty cell (one char per blank line)
                    append((ls - blank_run + k, i + 1 - blank_run + k, _NULL_HERE))
            prev = i
        if mode == _CELLS:
            prev_sep = False
            if toks:
                append((ls, i + 1, toks))
            continue
        # _PIPES: its one token is a pad, or a lone '|' (an empty cell or a separator)
        if toks[0][0] == "pad":
            append((ls, i + 1, toks))
        elif trailing:
            append((ls, i + 1, toks))
            lone = True
        else:
            if prev_sep:                                 # '|' '|' encloses an empty cell
                append((ls + toks[0][2], i + 1, _NULL_HERE))
            prev_sep = True
            continue
        prev_sep = False
    return _settle_lone_pipes(out) if lone else out


def _trailing_style(classes: str) -> bool:
    """True when cells are written one per line *followed* by a pipe (then a lone '|' is a blank):
    at least three lines vote so, and no fewer than vote for bare cells."""
    votes2 = classes.count("2") + classes.count("c")
    votes1 = classes.count("1") + classes.count("b")
    return votes2 >= 3 and votes2 >= votes1


def _double_spaced(classes: str) -> bool:
    """Cells written one per line with exactly one blank line between them (real 009, synthetic
    cell_per_line): then a run of three blank lines between two cells is an empty cell, not a gap.
    Decided on the runs between short lines: nearly all of them must be single blank lines."""
    single = len(_ONE_BLANK.findall(classes))
    if single < 20:
        return False
    return len(_MORE_BLANKS.findall(classes)) * 10 <= single


def _settle_lone_pipes(lines: list[Line]) -> list[Line]:
    """A lone '|' line is an empty cell only if the text uses it so somewhere: two in a row (a
    separator is one line), or one between two values. Where lone pipes only stand at the edges of
    rows (before a label, after a header, before a row's first value) they may be separators: padding."""
    as_cells = False
    prev = ""                 # kind of the token before, "lone" for a lone pipe
    lone_after_value = False  # the last token was a lone pipe that followed a value
    for _, _, toks in lines:
        for kind, *_ in toks:
            if kind == "lone":
                if prev == "lone":
                    as_cells = True
                    break
                lone_after_value = prev in ("num", "null")
            elif lone_after_value and kind in ("num", "null"):
                as_cells = True
                break
            else:
                lone_after_value = False
            prev = kind
        if as_cells:
            return lines
    # a lone '|' is always the one token of its line's group
    return [(ls, ln, (("pad", *toks[0][1:]),)) if toks[0][KIND] == "lone" else (ls, ln, toks)
            for ls, ln, toks in lines]

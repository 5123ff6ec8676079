"""A pre-2019 统计表 whose cells ran together: ``（一）主动公开政府信息数条8642001 5.政府公报…``.

Each row of the 统计表 is ``label | unit | value``; run together, a row is its label, its unit (条, 件,
万元 …) and a run of figures, into which the next row's number ("15." of "15.政府公报公开…") has
often fused. The reader:

- finds every unit followed by a run; the label is the text since the previous run, looked up like
  the cell reader's labels (legacy.label_index), from its last numbering mark on ("情况1、政府公报…"
  is the row "政府公报…");
- takes the next row's number off the end of the run. Sub-rows are numbered 1, 2, 3 … under each
  heading ("（二）…", "三、…"), so the number that follows a row is known from the one before it
  (a heading restarts the count, a "其中" row keeps it); when that does not settle it, every way that
  leaves a valid figure is a candidate;
- solves the rows with several candidates under the 统计表 identities (R7, identities.csv) like a
  fused 表三 (solver.solve): a value is kept only when exactly one candidate survives; otherwise the
  row stays unknown with a ``table_ambiguous`` finding naming the run as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from xxgk.parse.catalog import catalog
from xxgk.parse.model import Fact, Finding, Placement, Span
from xxgk.parse.tables.cellsplit import Budget, piece_value
from xxgk.parse.tables.fused import prose_tail
from xxgk.parse.tables.identities import domain, identities
from xxgk.parse.tables.solver import RowSystem, solve

UNITS = ("人次", "万元", "条", "件", "次", "篇", "个", "人", "元", "项", "场", "期")
_ROW = re.compile(r"(?P<unit>" + "|".join(UNITS) + r")[ \t]*(?P<run>\d+(?:\.\d+)?|[/—－-]+)")
_ORDINAL = re.compile(r"(?<!\d)(\d{1,2})[、.](?!\d)")
_HEADING = re.compile(r"\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、|其中[:：]?")
MAX_LABEL = 90
TABLE_BUDGET = 20_000


@dataclass(slots=True)
class _Row:
    key: str
    label: tuple[int, int]
    start: int                 # the run as written
    end: int
    options: list[tuple[int, Decimal | int | None, int | None]]   # (end of the value, value, number of the next row)
    unit: str


def _label_key(label: str, index: dict, norm_label, group: str | None) -> str | None:
    """The key of a row label, trying it from each numbering mark on (the last heading names the row)."""
    starts = [0] + [m.end() for m in _HEADING.finditer(label)] + [m.end() for m in _ORDINAL.finditer(label)]
    starts += [i + 1 for i, ch in enumerate(label) if ch in "、."]
    for s in sorted(set(starts)):
        lab = norm_label(label[s:])
        keys = index.get(lab) or index.get(lab.removesuffix("数")) if lab else None
        if keys:
            if len(keys) > 1:
                same = [k for k in keys if group and k.split(".")[1] == group]
                return same[0] if same else keys[0]
            return keys[0]
    return None


def read_fused_legacy(text: str, start: int) -> tuple[list[Fact], list[Finding], tuple[int, int] | None]:
    """Facts, findings and region of a run-together 统计表 whose header starts at ``start``."""
    from xxgk.parse.legacy import label_index, norm_label

    index = label_index()
    rows: list[_Row] = []
    pos = start
    cur: int | None = 0              # number of the current sub-row (0: after a heading; None: unknown)
    carried: int | None = None       # the number the previous run gave the next row
    group: str | None = None
    seen: set[str] = set()
    for m in _ROW.finditer(text, start):
        label = text[pos:m.start()]
        if len(label) > MAX_LABEL or ("\n\n" in label and rows):
            break                    # back to prose
        explicit = list(_ORDINAL.finditer(label))
        if label.lstrip()[:1] in ("、", "."):
            cur = carried            # its number went into the previous run
        elif explicit:
            cur = int(explicit[-1].group(1))
        elif _HEADING.search(label) and not label.lstrip().startswith("其中"):
            cur = 0                  # a heading: its sub-rows count from 1
        pos = m.end()
        key = _label_key(label, index, norm_label, group)
        s, e = m.start("run"), prose_tail(text, m.start("run"), m.end("run"))
        run = text[s:e]
        if not run:
            continue
        dom = domain(key, "pre2019") if key else None
        options: list[tuple[int, Decimal | int | None, int | None]] = []
        if text[e:e + 1] in ("、", ".") and run[-1].isdigit():
            for k in (1, 2):         # the next row's number is the last one or two digits
                body = run[:-k].rstrip()
                if len(run) <= k or run[-k] == "0" or not run[-k:].isdigit() or not body or dom is None:
                    continue
                ok, value = piece_value(body, dom)
                if ok:
                    options.append((s + len(body), value, int(run[-k:])))
            if cur is not None and any(o[2] == cur + 1 for o in options):
                options = [o for o in options if o[2] == cur + 1]
        elif dom is not None:
            ok, value = piece_value(run.strip(), dom)
            if ok:
                options.append((e, value, None))
        carried = options[0][2] if len(options) == 1 else None
        if key is None or key in seen or not options:
            continue
        seen.add(key)
        group = key.split(".")[1] if key.endswith(".total") or key.split(".")[1] != group else group
        rows.append(_Row(key, (m.start() - len(label), m.start()), s, e, options, m.group("unit")))
    if not rows:
        return [], [], None
    systems = [RowSystem((r.key,), [((0, 0, r.options[i][0] - r.start, r.options[i][1]),)
                                     for i in range(len(r.options))]) for r in rows]
    verdicts = solve(systems, identities("pre2019"), Budget(TABLE_BUDGET))
    facts: list[Fact] = []
    findings: list[Finding] = []
    for r, v in zip(rows, verdicts):
        metric = catalog()[r.key]
        if v.split is None:
            alts = " or ".join(text[r.start:cut] for cut, _, _ in r.options[:3])
            findings.append(Finding("table_ambiguous", r.key, "warn",
                                    f"{text[r.label[0]:r.label[1]].strip()[-20:].lstrip('、.')} {text[r.start:r.end]!r}: the next "
                                    f"row's number cannot be told from the figure ({alts}); left unknown",
                                    Span.of(text, r.start, r.end)))
            continue
        cut = r.start + v.split[0][2]
        raw = text[r.start:cut].strip()
        value = v.split[0][3]
        placement: Placement = "label" if cut == r.end else "split"
        note = None if placement == "label" else (
            f"split of {text[r.start:r.end]!r}: the next row's number is "
            f"{text[cut:r.end].strip()!r}" + (f" ({', '.join(v.decided_by)})" if v.decided_by else ""))
        if value is not None and metric.is_money and r.unit != metric.unit:
            if r.unit == "元" and metric.unit == "万元":
                value = Decimal(value) / 10000
            elif r.unit == "万元" and metric.unit == "元":
                value = Decimal(value) * 10000
        elif value is not None and not metric.is_money:
            value = int(value)
        facts.append(Fact(r.key, value, raw, Span.of(text, r.start, r.start + len(raw)), placement,
                          unit=r.unit if metric.is_money and r.unit != metric.unit else None, sentence=note))
    return facts, findings, (start, max(r.end for r in rows))

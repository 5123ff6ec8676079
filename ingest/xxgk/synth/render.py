"""Render one report from a truth dict, in a chosen table layout, with optional damage.

``render_report(truth, layout, rng, damage=())`` returns a :class:`Rendered` with the text, the file
suffix, and the truth *as recoverable from that text*: cells destroyed by truncation leave ``facts``;
the cells of rows whose empty cells were dropped, of merged digit runs with several splits and of fused
rows the text does not determine move to ``optional_facts`` (a reader may leave them out, but one it
gives must be right: None there is a blank that must not turn into a number); blank cells are in
``nulls``; findings a careful reviewer would raise are added to ``expected_findings``.

The input truth uses the golden format (tests/fixtures/golden): ``facts`` holds every figure the
report states (table cells and narrative figures), ``nulls`` the cells printed blank. Optional hints
under ``truth["synth"]`` (name style, phone, address, ...) steer the metadata the text shows.
"""

from __future__ import annotations

import html as _html
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import cast

from xxgk import templates as tpl
from xxgk.synth import divisions as dv, fused, prose
from xxgk.synth.figures import rule_failures

LAYOUTS = ("pipe", "markdown", "cell_per_line", "cell_per_line_pipe", "alternating_pipe", "html", "fused")
DAMAGES = ("blank_cells", "drop_empty", "merged_digits", "label_loss", "split_headers", "truncate",
           "traditional", "spam", "spam_name", "wrong_unit", "no_title", "title_no_year", "anonymous",
           "table_year_mismatch", "stray_spaces", "chrome", "signature_only")
BLANKS = ("", "/", "-", "—")


@dataclass(slots=True)
class Cell:
    text: str
    key: str | None = None
    rowspan: int = 1
    colspan: int = 1
    head: bool = False


@dataclass(slots=True)
class Rendered:
    text: str
    suffix: str            # ".txt" or ".html"
    truth: dict


# ---------------------------------------------------------------- number formatting

def fmt_num(v) -> str:
    if isinstance(v, Decimal):
        s = format(v.normalize(), "f")
        return s
    return str(v)


# ---------------------------------------------------------------- table models (with HTML spans)

# The labels as the forms print them (ingest/xxgk/data/templates): 表三 rows and the groups they sit in
_T3_LABELS = {r.key: r.printed for r in tpl.t3_rows()}
_GROUPS = {g.group: g.printed for g in tpl.t3_groups()}


def _data(v: dict, key: str, blank: str, colspan: int = 1, unit_in_cell: str | None = None) -> Cell:
    x = v.get(key)
    if x is None:
        return Cell(blank, key, colspan=colspan)
    s = fmt_num(x)
    if unit_in_cell:
        s += unit_in_cell
    return Cell(s, key, colspan=colspan)


def build_t3(era: str, v: dict, blank: str) -> list[list[Cell]]:
    columns = tpl.t3_columns()
    orgs = [c.printed for c in columns if c.is_organisation == "true"]
    rows: list[list[Cell]] = [
        [Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3, head=True),
         Cell("申请人情况", colspan=len(columns), head=True)],
        [Cell(columns[0].printed, rowspan=2, head=True), Cell("法人或其他组织", colspan=len(orgs), head=True),
         Cell(columns[-1].printed, rowspan=2, head=True)],
        [Cell(x, head=True) for x in orgs],
    ]
    body = tpl.t3_era_rows(era)
    first_of_group = {rows_[0].key: (g, len(rows_)) for g in _GROUPS
                      if (rows_ := tpl.t3_group_rows(g, era)) and g != "outcomes"}
    n_outcome = len(tpl.t3_group_rows("outcomes", era)) + 1  # rows from granted to total
    for row in body:
        r = row.key
        data = [_data(v, f"t3.{r}.{c.applicant_type}", blank) for c in columns]
        lead: list[Cell] = []
        if row.row_kind in ("intake", "carry"):
            lead = [Cell(_T3_LABELS[r], colspan=3)]
        else:
            if r == tpl.t3_group_rows("outcomes", era)[0].key:
                lead.append(Cell(_GROUPS["outcomes"], rowspan=n_outcome))
            if r in first_of_group:
                g, n = first_of_group[r]
                lead.append(Cell(_GROUPS[g], rowspan=n))
            if row.group:
                lead.append(Cell(_T3_LABELS[r]))
            else:
                lead.append(Cell(_T3_LABELS[r], colspan=2))
        rows.append(lead + data)
    return rows


def build_t4(v: dict, blank: str) -> list[list[Cell]]:
    blocks = [c for c in tpl.t4_cells() if c.era == "both" and c.outcome == "upheld"]
    parts = [c.outcome_zh for c in tpl.t4_cells() if c.proceeding == blocks[0].proceeding]
    suits = blocks[1:]
    return [
        [Cell(blocks[0].printed, colspan=len(parts), head=True), Cell("行政诉讼", colspan=len(parts) * len(suits), head=True)],
        [*(Cell(p, rowspan=2, head=True) for p in parts), *(Cell(b.printed, colspan=len(parts), head=True) for b in suits)],
        [Cell(p, head=True) for p in parts * len(suits)],
        [_data(v, f"t4.{b}.{p}", blank) for b in tpl.t4_blocks() for p in tpl.t4_columns()],
    ]


def build_t2(era: str, v: dict, blank: str, rng: random.Random) -> list[list[Cell]]:
    """表二 as the form prints it: per 第二十条 item a header row (信息内容 + the column labels of its rows)
    and one row per item row; the last column spans what is left of the four."""
    rows: list[list[Cell]] = []
    cells = [c for c in tpl.t2_cells() if c.era == era]
    items: dict[str, list[tpl.T2Row]] = {}
    for r in tpl.t2_rows():
        if r.era == era:
            items.setdefault(r.item, []).append(r)
    for n, item_rows in items.items():
        rows.append([Cell(f"第二十条第（{n}）项", colspan=4, head=True)])
        first = [c for c in cells if c.row == item_rows[0].row]
        span = 4 - len(first)
        rows.append([Cell("信息内容", head=True)]
                    + [Cell(c.col_label, colspan=span if i == len(first) - 1 else 1, head=True)
                       for i, c in enumerate(first)])
        for r in item_rows:
            mine = [c for c in cells if c.row == r.row]
            line = [Cell(r.label)]
            for i, c in enumerate(mine):
                colspan = span if i == len(mine) - 1 else 1
                amt = v.get(c.key) if c.key == "t2.procurement.amount_yuan" else None
                if amt is not None and amt and rng.random() < 0.5:  # stated in 万元 inside the cell
                    line.append(Cell(fmt_num((amt / 10000).normalize()) + "万元", c.key, colspan=colspan))
                else:
                    line.append(_data(v, c.key, blank, colspan=colspan))
            rows.append(line)
    return rows


# (label as printed, unit, key or None for a section line)
LEGACY_ROWS = tuple((r.printed, r.unit or None, r.key) for r in tpl.legacy_rows())


def build_legacy(v: dict, blank: str, rng: random.Random) -> list[list[Cell]]:
    rows = [[Cell("统计指标", head=True), Cell("单位", head=True), Cell("统计数", head=True)]]
    # provinces dropped rows they did not use: the 政府公报 channel row is often absent
    skip_gazette = rng.random() < 0.5
    for label, unit, key in LEGACY_ROWS:
        if key is None:
            rows.append([Cell(label, colspan=3, head=True)])
        elif key == "legacy.channel.gazette" and skip_gazette:
            continue
        else:
            rows.append([Cell(label), Cell(unit or ""), _data(v, key, blank)])
    return rows


# ---------------------------------------------------------------- the text being built

class Doc:
    __slots__ = ("parts", "pos", "spans", "ambiguous")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.spans: dict[str, tuple[int, int]] = {}
        self.ambiguous: set[str] = set()

    def cell(self, s: str, key: str) -> None:
        """A data cell; a merged digit run stands for six keys, split only when it has six digits."""
        if key.startswith("#merged:"):
            keys = key[8:].split(",")
            for k in keys:
                self.spans[k] = (self.pos, self.pos + len(s))
            if len(s.strip()) != len(keys):
                self.ambiguous.update(keys)
            self.add(s)
        else:
            self.fact(s, key)

    def add(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def fact(self, s: str, key: str) -> None:
        self.spans[key] = (self.pos, self.pos + len(s))
        self.add(s)

    def line(self, s: str = "") -> None:
        self.add(s + "\n")

    def text(self) -> str:
        return "".join(self.parts)


# ---------------------------------------------------------------- table layouts

def _cells_for_text(row: list[Cell], pad: bool) -> list[Cell]:
    """Cells of a row as text extraction sees them; ``pad`` adds empty cells for colspans."""
    out: list[Cell] = []
    for c in row:
        out.append(c)
        if pad and c.colspan > 1 and c.key is None:
            out.extend(Cell("") for _ in range(c.colspan - 1))
    return out


def render_table(doc: Doc, rows: list[list[Cell]], layout: str, rng: random.Random, opts: dict) -> None:
    drop_empty = opts.get("drop_empty", False)
    sp = opts.get("stray_spaces", False)

    def fmt(c: Cell) -> str:
        t = c.text
        if sp and c.key and t and rng.random() < 0.3:
            t = rng.choice((" ", "  ")) + t if rng.random() < 0.5 else t + " "
        return t

    def emit(c: Cell, s: str) -> None:
        if c.key:
            doc.cell(s, c.key)
        else:
            doc.add(s)

    if layout in ("pipe", "markdown"):
        pad = opts.get("pad", False)
        for i, row in enumerate(rows):
            cells = [c for c in _cells_for_text(row, pad) if not (drop_empty and c.key and c.text in BLANKS)]
            if layout == "markdown":
                doc.add("| ")
            for j, c in enumerate(cells):
                if j:
                    doc.add(" | ")
                emit(c, fmt(c))
            doc.add(" |\n" if layout == "markdown" or rng.random() < 0.7 else "\n")
            if layout == "markdown" and i == 0:
                doc.line("|" + "---|" * max(1, len(cells)))
        return
    if layout == "cell_per_line":
        for row in rows:
            for c in row:
                if drop_empty and c.key and c.text in BLANKS:
                    continue
                emit(c, fmt(c) if c.key else c.text)
                doc.add("\n\n")
        return
    if layout == "cell_per_line_pipe":
        for i, row in enumerate(rows):
            if opts.get("lone_pipes") and rng.random() < 0.5:
                doc.line("|" * rng.randint(1, 8))
            for c in row:
                if drop_empty and c.key and c.text in BLANKS:
                    continue
                emit(c, fmt(c))
                doc.add(" |\n")
                if c.colspan > 1 and not c.key and opts.get("pad"):
                    doc.line("|" * c.colspan)
        return
    if layout == "alternating_pipe":
        for row in rows:
            for c in row:
                if drop_empty and c.key and c.text in BLANKS:
                    continue
                emit(c, fmt(c))
                doc.add("\n|\n")
        return
    raise ValueError(layout)


def render_table_html(doc: Doc, rows: list[list[Cell]], rng: random.Random, opts: dict) -> None:
    doc.line('<table border="1" cellspacing="0" cellpadding="0" style="width:100%">')
    doc.line("<tbody>")
    for row in rows:
        doc.add("<tr>")
        for c in row:
            attrs = ""
            if c.rowspan > 1:
                attrs += f' rowspan="{c.rowspan}"'
            if c.colspan > 1:
                attrs += f' colspan="{c.colspan}"'
            tag = "td"
            inner = _html.escape(c.text) if c.text else ""
            if c.key and c.text in BLANKS:
                inner = opts.get("html_blank", "")
            doc.add(f"<{tag}{attrs}><p>")
            if c.key:
                doc.cell(inner, c.key)
            else:
                doc.add(inner)
            doc.add(f"</p></{tag}>")
        doc.add("</tr>\n")
    doc.line("</tbody>")
    doc.line("</table>")


# ---------------------------------------------------------------- the document

def _we(truth: dict, hint: dict) -> str:
    ag = truth.get("agency") or {}
    if hint.get("anonymous"):
        return "我局" if ag.get("kind") == "department" else "我单位"
    return hint.get("short_name") or ag.get("name") or "我单位"


def _narr(doc: Doc, facts: dict, key: str, tpl: str, hint: dict, wrong_unit: bool = False) -> bool:
    """Write a narrative sentence stating facts[key]; return whether it was written."""
    if key not in facts:
        return False
    v = facts[key]
    a, b = tpl.split("{n}")
    doc.add(a)
    if wrong_unit:
        doc.fact(f"{v}万", key)
    else:
        doc.fact(fmt_num(v), key)
    doc.add(b)
    return True


def _filler(rng: random.Random, n: int, ctx: dict, spam: bool) -> str:
    sents = [s.format(**ctx) for s in rng.sample(prose.FILLER, min(n, len(prose.FILLER)))]
    if spam and sents:
        i = rng.randrange(len(sents))
        s = sents[i]
        cut = rng.randrange(5, max(6, len(s) - 5))
        sents[i] = s[:cut] + rng.choice(prose.SPAM) + s[cut:]
    return "".join(sents)


def render_report(truth: dict, layout: str, rng: random.Random | None = None, damage=()) -> Rendered:
    """Render ``truth`` as report text in ``layout`` (one of LAYOUTS) with the given damage."""
    rng = rng or random.Random(0)
    truth = {**truth, "agency": dict(truth.get("agency") or {}), "synth": dict(truth.get("synth") or {}),
             "expected_findings": [dict(f) for f in truth.get("expected_findings") or []]}
    damage = set(damage)
    hint = dict(truth.get("synth") or {})
    era = truth["era"]
    year = truth.get("report_year")
    ag = truth.get("agency") or {}
    facts: dict = dict(truth.get("facts") or {})
    nulls: set = set(truth.get("nulls") or [])
    findings: list[dict] = list(truth.get("expected_findings") or [])
    is_html = layout == "html"
    text_layout = "pipe" if is_html else layout

    if "anonymous" in damage:
        hint["anonymous"] = True
    name = ag.get("name")
    full_name = hint.get("signature_name") or name
    sig_only = "signature_only" in damage and not hint.get("anonymous") and bool(full_name)
    shown_name = None if hint.get("anonymous") else (hint.get("short_name") or name)
    if sig_only:  # the body is named only in the signature: "我局" everywhere else
        hint["anonymous"] = True
        shown_name = None
    we = _we(truth, hint)
    spam_name = "spam_name" in damage and shown_name
    title_name = rng.choice(prose.SPAM) if spam_name else shown_name
    ctx = {"year": year, "next": (year or 2020) + 1, "we": we, "name": shown_name or we}

    # values for the table cells: facts, with nulls printed blank; blank_cells blanks some zero cells
    # (表二's too: real 表二 rows leave cells empty, 023)
    blank = cast(str, hint.get("blank") if hint.get("blank") is not None else rng.choice(BLANKS))
    if layout == "fused" and not blank:      # an empty cell in a fused row would leave no trace
        blank = rng.choice(fused.BLANK_SYMBOLS)
    vals = {k: v for k, v in facts.items() if not k.startswith("narrative.")}
    for k in nulls:
        vals[k] = None
    if "blank_cells" in damage:
        zero = sorted(k for k, v in vals.items() if v == 0 and k.startswith(("t2.", "t3.", "t4.", "legacy.")))
        for k in rng.sample(zero, min(len(zero), rng.randint(1, 12))):
            vals[k] = None
    for k, v in list(vals.items()):
        if v is None:
            facts.pop(k, None)
            nulls.add(k)

    doc = Doc()
    pub: str | None = truth.get("published")
    idx = f"{rng.randint(10000000, 99999999)}-{rng.randint(1000, 9999)}/{year}-{rng.randint(10, 99999)}"
    chrome = "chrome" in damage or layout == "fused"      # a scraped page keeps the site's navigation
    ctx2 = dict(ctx, idx=idx, archive=f"{(year or 2020) + 2}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}")

    if is_html:
        doc.line('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">')
        doc.line(f"<title>{_html.escape(str(title_name or '政府信息公开'))}</title>\n</head>\n<body>")
        doc.line('<div class="nav">' + _html.escape(prose.CHROME_TOP[0]) + "</div>")
        doc.line('<div class="article">')
    P0, P1 = ("<p>", "</p>\n") if is_html else ("", "\n")

    def para(s: str) -> None:
        doc.add(P0 + (_html.escape(s) if is_html else s) + P1)

    if chrome and not is_html:
        para(rng.choice(prose.CHROME_TOP).format(**ctx2))
    # title
    if "no_title" not in damage:
        yr = "" if ("title_no_year" in damage or year is None) else rng.choice((f"{year}年", f"{year}年度"))
        form = rng.random()
        if form < 0.75:
            t = f"{title_name or ''}{yr}政府信息公开工作年度报告"
        elif form < 0.9:
            t = f"{title_name or ''}{yr}政府信息公开年度报告"
        else:
            t = f"{title_name or ''}关于{yr}政府信息公开工作的报告"
        doc.add(("<h1>" if is_html else "") + (_html.escape(t) if is_html else t) + ("</h1>\n" if is_html else "\n"))
        if not is_html:
            doc.line()
    if pub and hint.get("date_line", True):
        para(f"{pub} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d} 来源：{title_name or we}")
    # intro
    intro = "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室有关要求编制。"
    if year is not None:
        intro += f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    if hint.get("phone") or hint.get("address"):
        contact = []
        if hint.get("address"):
            contact.append(f"通讯地址：{hint['address']}")
        if hint.get("postcode"):
            contact.append(f"邮政编码：{hint['postcode']}")
        if hint.get("phone"):
            contact.append(f"电话：{hint['phone']}")
        intro += f"如对本报告有任何疑问，请与{we}办公室联系（{'；'.join(contact)}）。"
    para(intro)

    spam = "spam" in damage
    nparas = hint.get("filler", 3)
    wrong_unit = "wrong_unit" in damage and "narrative.proactive.total" in facts
    if wrong_unit:
        facts["narrative.proactive.total"] = facts["narrative.proactive.total"] * 10000
    if era in ("v2019", "v2021"):
        doc.line(prose.HEAD_V20[1][0])
        para(_filler(rng, 3, ctx, spam))
        doc.add(P0 + prose.SUB_V20[0] + "。")
        doc.add(f"{year}年，{we}通过门户网站、政务新媒体等渠道")
        if wrong_unit:
            _narr(doc, {"narrative.proactive.total": facts["narrative.proactive.total"] // 10000},
                  "narrative.proactive.total", "主动公开政府信息{n}条", hint, wrong_unit=True)
            doc.add("。")
        elif not _narr(doc, facts, "narrative.proactive.total", "主动公开政府信息{n}条。", hint):
            doc.add("及时主动公开各类政府信息。")
        _narr(doc, facts, "narrative.proactive.interpretations", "发布政策解读{n}篇。", hint)
        doc.add(_filler(rng, 2, ctx, False) + P1)
        doc.add(P0 + prose.SUB_V20[1] + "。")
        if facts.get("narrative.apply.received") == 0 and rng.random() < 0.5:
            doc.add(f"{year}年，{we}共收到政府信息公开申请")
            doc.fact("0", "narrative.apply.received")
            doc.add("件。")
        elif not _narr(doc, facts, "narrative.apply.received", f"{year}年，{we}共收到政府信息公开申请{{n}}件，均在法定期限内予以答复。", hint):
            doc.add("严格按照《条例》规定办理依申请公开事项。")
        doc.add(P1)
        for sub in prose.SUB_V20[2:]:
            doc.add(P0 + sub + "。" + _filler(rng, 2, ctx, False))
            if sub.startswith("（五）"):
                _narr(doc, facts, "narrative.staff.total", "目前从事政府信息公开工作人员{n}名。", hint)
            doc.add(P1)
        for _ in range(nparas):
            para(_filler(rng, 5, ctx, False))
        doc.line(prose.HEAD_V20[2][0] if not is_html else P0 + prose.HEAD_V20[2][0] + "</p>")
        _table(doc, build_t2(era, vals, blank, rng), text_layout, is_html, rng, hint, damage)
        doc.line(P0 + prose.HEAD_V20[3][0] + (P1.strip() if is_html else ""))
        _table(doc, _t3_damaged(build_t3(era, vals, blank), rng, damage, layout, facts), text_layout, is_html, rng,
               hint, damage)
        doc.line(P0 + rng.choice(prose.HEAD_V20[4]) + (P1.strip() if is_html else ""))
        _table(doc, build_t4(vals, blank), text_layout, is_html, rng, hint, damage)
        doc.line(P0 + rng.choice(prose.HEAD_V20[5]) + (P1.strip() if is_html else ""))
        for p in rng.sample(prose.PROBLEMS, 2):
            para(p.format(**ctx))
        doc.line(P0 + rng.choice(prose.HEAD_V20[6]) + (P1.strip() if is_html else ""))
        doc.add(P0)
        if "narrative.fees.amount_yuan" in facts and facts["narrative.fees.amount_yuan"] == 0:
            doc.add(f"依据《政府信息公开信息处理费管理办法》，{year}年{we}收取信息处理费")
            doc.fact("0", "narrative.fees.amount_yuan")
            doc.add("元。")
        else:
            doc.add("无。")
        doc.add(P1)
    else:
        heads = prose.HEAD_PRE
        doc.line(P0 + heads[0] + (P1.strip() if is_html else ""))
        para(_filler(rng, 4, ctx, spam))
        doc.line(P0 + heads[1] + (P1.strip() if is_html else ""))
        doc.add(P0 + f"{year}年，{we}")
        if wrong_unit:
            _narr(doc, {"narrative.proactive.total": facts["narrative.proactive.total"] // 10000},
                  "narrative.proactive.total", "主动公开政府信息{n}条", hint, wrong_unit=True)
            doc.add("。")
        elif not _narr(doc, facts, "narrative.proactive.total", "主动公开政府信息{n}条。", hint):
            doc.add("认真做好主动公开工作。")
        if _narr(doc, facts, "narrative.proactive.normative_docs", "其中主动公开规范性文件{n}件。", hint) and \
                not wrong_unit and facts.get("narrative.proactive.total", 1 << 62) < facts["narrative.proactive.normative_docs"]:
            # drawn independently, the part can exceed its total: the text then contradicts itself
            findings.append({"rule": "parts_sum_mismatch", "key": "narrative.proactive.total",
                             "why": "其中 lists more 规范性文件 than the stated proactive total"})
        doc.add(_filler(rng, 2, ctx, False) + P1)
        doc.line(P0 + heads[2] + (P1.strip() if is_html else ""))
        doc.add(P0)
        if facts.get("narrative.apply.received") == 0 and rng.random() < 0.5:
            doc.add(f"{year}年度，{we}共收到政府信息公开申请")
            doc.fact("0", "narrative.apply.received")
            doc.add("件。")
        elif not _narr(doc, facts, "narrative.apply.received", f"{year}年度，{we}共收到政府信息公开申请{{n}}件，均已按期答复。", hint):
            doc.add("依法做好依申请公开工作。")
        doc.add(P1)
        doc.line(P0 + heads[3] + (P1.strip() if is_html else ""))
        doc.add(P0)
        if "narrative.fees.amount_yuan" in facts:
            doc.add(f"{year}年度，{we}依申请公开政府信息收取费用")
            doc.fact(fmt_num(facts["narrative.fees.amount_yuan"]), "narrative.fees.amount_yuan")
            doc.add("元。")
        else:
            doc.add("无。")
        doc.add(P1)
        doc.line(P0 + heads[4] + (P1.strip() if is_html else ""))
        doc.add(P0)
        _narr(doc, facts, "narrative.review.total", f"{year}年度，{we}因政府信息公开被申请行政复议{{n}}件，", hint)
        _narr(doc, facts, "narrative.suit.total", "因政府信息公开被提起行政诉讼{n}件。", hint)
        doc.add(P1)
        for _ in range(nparas):
            para(_filler(rng, 5, ctx, False))
        doc.line(P0 + heads[5] + (P1.strip() if is_html else ""))
        for p in rng.sample(prose.PROBLEMS, 2):
            para(p.format(**ctx))
        doc.line(P0 + heads[6] + (P1.strip() if is_html else ""))
        para("无。")
        if any(k.startswith("legacy.") for k in list(facts) + list(nulls)):
            ty = year
            if "table_year_mismatch" in damage and year:
                ty = year - 1
                findings.append({"rule": "table_year_mismatch", "key": None,
                                 "why": f"the appended 统计表 is titled {ty}年度 inside the {year} report"})
            para(f"附件：{ty}年度政府信息公开工作情况统计表")
            _table(doc, build_legacy(vals, blank, rng), text_layout, is_html, rng, hint, damage)

    # signature
    sig = []
    sig_name = None
    if sig_only:
        sig_name = full_name
    elif hint.get("signature", True) and shown_name and not hint.get("anonymous"):
        sig_name = shown_name if not spam_name else full_name
    if sig_name:
        sig.append(sig_name)
    sig_date = bool(pub and hint.get("signature_date", False))
    if sig_date and pub:
        y, m, d = pub.split("-")
        sig.append(f"{y}年{int(m)}月{int(d)}日")
    sig_at = doc.pos          # truncation at or before this offset cuts the signature off
    for s in sig:
        para(s)
    if chrome:
        para(rng.choice(prose.CHROME_BOTTOM).format(**ctx2))
    if is_html:
        doc.line("</div>\n</body>\n</html>")
    text = doc.text()

    printed = dict(facts), set(nulls)      # before truncation: what the tables held
    # truncation: cut at a line boundary inside the 表三 / 表四 / legacy region
    if "truncate" in damage:
        keyed = sorted((s, k) for k, s in doc.spans.items() if not k.startswith("narrative.") and not k.startswith("t2."))
        if keyed:
            lo = keyed[len(keyed) // 6][0][1]
            hi = keyed[-1][0][0]
            if hi > lo:
                cut = text.rfind("\n", 0, rng.randint(lo, hi)) + 1
                if cut > 0:
                    text = text[:cut]
                    if cut <= sig_at:         # the signature went with the tail: its name and date are gone
                        sig_name, sig_date = None, False
                    lost = [k for k, (a, b) in doc.spans.items() if b > cut]
                    for k in lost:
                        facts.pop(k, None)
                        nulls.discard(k)
                    sect = sorted({".".join(k.split(".")[:2]) for k in lost if not k.startswith("narrative.")})
                    if sect:
                        findings.append({"rule": "table_incomplete", "key": sect[0],
                                         "why": f"text cut mid-table: {len(lost)} cells lost"})
    # cells that never made it into the text are not facts
    for k in list(facts):
        if k not in doc.spans:
            facts.pop(k)
    for k in list(nulls):
        if k not in doc.spans:
            nulls.discard(k)
    # rows whose empty cells were dropped, merged runs that can be split several ways: which column
    # holds which figure is not certain, so their cells are optional (a reader that gives one must
    # give it right; a blank that was dropped must not turn into a number)
    optional: dict = {}
    for k in [*hint.pop("_ambiguous", ()), *doc.ambiguous]:
        facts.pop(k, None)
        nulls.discard(k)
        optional[k] = printed[0].get(k)
    if layout == "fused":     # cells the run-together text does not determine: optional, and flagged
        text = fused.one_line(text, rng)
        shown = [r for r in hint.pop("_runs", []) if all(k in facts or k in nulls for k in r[0])]   # not cut off
        undetermined, ambiguous = fused.undetermined(shown, era)
        optional.update({k: facts.pop(k) for k in sorted(undetermined) if k in facts})
        nulls -= undetermined
        truth["ambiguous"] = ambiguous
        findings.extend({"rule": "table_ambiguous", "key": row, "why": f"run {run!r} has several splits"}
                        for row, run in ambiguous.items())
    if "traditional" in damage:
        import zhconv
        text = zhconv.convert(text, rng.choice(("zh-tw", "zh-hant", "zh-hk")))
    if spam or spam_name:
        findings.append({"rule": "text_damaged", "key": None, "why": "spam text injected into the report"})

    # metadata the text no longer shows
    out_ag = dict(ag)
    if sig_only and sig_name:
        out_ag["name"] = full_name
        out_ag["aliases"] = []
        if hint.get("full_county"):
            out_ag["county"] = hint["full_county"]
        if hint.get("full_prefecture"):
            out_ag["prefecture"], out_ag["province"] = hint["full_prefecture"], hint["full_province"]
    elif hint.get("anonymous"):  # also a signature-only body whose signature was truncated away
        out_ag["name"] = None
        out_ag["aliases"] = []
        # "我局" + a phone or an address places the body, but not its level: a city bureau's address
        # also lies in some district, so the county is unknown too
        out_ag["level"] = out_ag["county"] = None
        if we != "我局":      # "我单位" is what any body may call itself: the kind is unknown too
            out_ag["kind"] = None
        if not (hint.get("phone") or hint.get("address")):
            out_ag["province"] = out_ag["prefecture"] = None
        else:
            out_ag["province"], out_ag["prefecture"] = hint.get("contact_province"), hint.get("contact_prefecture")
    elif spam_name:  # the title is spam; the prose (and a surviving signature, maybe fuller) names the body
        out_ag["name"] = sig_name or shown_name
        out_ag["aliases"] = []
    elif hint.get("short_name"):
        out_ag["name"] = hint["short_name"]
        out_ag["aliases"] = []
    if wrong_unit:
        # a 万 too many is visible only where the count exceeds what the body the text shows could state
        # ("3万条" from an unnamed body is not absurd); the others are listed apart, not expected
        v = facts["narrative.proactive.total"]
        cap = dv.PLAUSIBLE_MAX_COUNT

        def bound_of(level):
            return cap.get((level, out_ag.get("kind"))) or cap.get((level, None)) or cap[(None, None)]
        # "市统计局" whose level the text leaves open is a county-level or a prefecture bureau: the larger bound
        levels = ("county", "prefecture") if out_ag.get("level") is None and (out_ag.get("name") or "")[:1] == "市" \
            else (out_ag.get("level"),)
        bound = max(map(bound_of, levels))
        f = {"rule": "implausible_magnitude", "key": "narrative.proactive.total",
             "why": f"a 万 where none belongs ({v:,} > {bound:,} for this body): the count is kept as written"}
        if v > bound:
            findings.append(f)
        else:
            hint.setdefault("undetectable", []).append({**f, "why": f"a 万 where none belongs, but {v:,} is "
                                                        f"within {bound:,}, plausible for the body the text shows"})
    if out_ag.get("name") is None:
        findings.append({"rule": "agency_missing", "key": None,
                         "why": "the text never names the reporting body" + (" (its signature was cut off)"
                                                                             if sig_only else "")})
    truth["agency"] = out_ag
    truth["facts"] = {k: (int(v) if isinstance(v, Decimal) and v == v.to_integral_value() else
                          (float(v) if isinstance(v, Decimal) else v)) for k, v in facts.items()}
    truth["nulls"] = sorted(nulls)
    truth["optional_facts"] = {k: (int(v) if isinstance(v, Decimal) and v == v.to_integral_value() else
                                   (float(v) if isinstance(v, Decimal) else v)) for k, v in sorted(optional.items())}
    if not (pub and (hint.get("date_line", True) or sig_date)):
        truth["published"] = None
    # rule findings over what the text states (planted violations, or damage that creates one)
    rule_keys = {(f["rule"], f.get("key")) for f in findings}
    for rule, key in rule_failures({k: v for k, v in facts.items() if not k.startswith("narrative.")}, era):
        if (rule, key) not in rule_keys:
            findings.append({"rule": rule, "key": key, "why": "planted"})
    truth["expected_findings"] = findings
    truth.setdefault("synth", {})
    if sig_only:
        hint.pop("anonymous", None)
    truth["synth"] = {**hint, "layout": layout, "damage": sorted(damage)}
    truth["synth"].pop("_ambiguous", None)
    return Rendered(text=text, suffix=".html" if is_html else ".txt", truth=truth)


def _table(doc: Doc, rows, layout, is_html, rng, hint, damage) -> None:
    if layout == "fused":
        fused.render_fused_table(doc, rows, rng, hint.setdefault("_runs", []))
        doc.line()
        return
    opts = {"drop_empty": "drop_empty" in damage, "stray_spaces": "stray_spaces" in damage,
            "pad": rng.random() < 0.5, "lone_pipes": rng.random() < 0.5,
            "html_blank": rng.choice(("", "&nbsp;", "/", "-"))}
    if "split_headers" in damage:
        for row in rows:
            for c in row:
                if c.head and len(c.text) >= 4 and not c.text.startswith(("第", "（")) and rng.random() < 0.4:
                    i = rng.randrange(2, len(c.text) - 1)
                    c.text = c.text[:i] + rng.choice((" ", "\n  ")) + c.text[i:]
    if opts["drop_empty"]:
        amb = hint.setdefault("_ambiguous", [])
        for row in rows:
            if any(c.key and c.text in BLANKS for c in row):
                for c in row:
                    if c.key:
                        amb.extend(c.key[8:].split(",") if c.key.startswith("#merged:") else [c.key])
    if is_html:
        render_table_html(doc, rows, rng, opts)
    else:
        render_table(doc, rows, layout, rng, opts)
    doc.line()


def _t3_damaged(rows, rng, damage, layout, facts):
    """Merged digit runs and lost labels in 表三 (text layouts only)."""
    if "label_loss" in damage:
        data_rows = [r for r in rows[3:] if any(c.key for c in r)]
        for r in rng.sample(data_rows[2:-2], min(3, len(data_rows) - 4)):
            lab = [c for c in r if not c.key and not c.text.startswith(("三、", "（三）", "（四）", "（五）", "（六）"))]
            if lab:
                c = lab[-1]
                c.text = "" if rng.random() < 0.5 else c.text[: max(3, len(c.text) // 2)]
    if "merged_digits" in damage and layout != "html":
        for r in rows[3:]:
            data = [c for c in r if c.key]
            six = data[:6]
            if len(six) == 6 and all(c.text not in BLANKS for c in six) and rng.random() < 0.8:
                run = "".join(c.text for c in six)
                merged = Cell(run, "#merged:" + ",".join(c.key for c in six))
                idx = r.index(six[0])
                r[idx:idx + 6] = [merged]
    return rows

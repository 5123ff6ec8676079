"""The reporting body's name: from the title, the report's own sentences, the signature, the contact line.

Each source yields a candidate; the first valid one in priority order wins, and a fuller form of the
same name found elsewhere ("市商务局" vs "渭南市商务局") replaces a relative one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from xxgk.parse.damage import has_spam
from xxgk.parse.metadata.dates import date_alone
from xxgk.parse.metadata.gazetteer import find_places
from xxgk.parse.metadata.scan import back_over, scan, year_anchors
from xxgk.parse.metadata.vocab import (
    CHINESE_DIGITS, CHROME_MARKS, DEPARTMENT_SELF_REFERENCES, DEPARTMENT_SUFFIXES, FOOTER_MARKS, GOVERNMENT_SUFFIXES,
    NATIONAL_MARKS,
    TOWNSHIP_UNITS, NAME_BAD_ENDINGS, NAME_BAD_OPENINGS, NAME_CLAUSE_WORDS, NAME_CUT_OPENINGS, NAME_MIN_LEN,
    NAME_NOT_ALONE,
    ORG_SUFFIXES, PUBLISHER_LABELS,
    SELF_REFERENCE, SELF_REFERENCE_ENDINGS, SUB_UNITS, SUBJECT_VERBS, TOWN_BAD_OPENINGS, TOWNSHIP_MARKS, ZONE_WORDS,
)
from xxgk.parse.metadata.zones import find_zone
from xxgk.parse.model import Kind

_HAN = r"[\u4e00-\u9fa5()]"
_SUF = "|".join(sorted(map(re.escape, ORG_SUFFIXES), key=len, reverse=True))
_NAME = rf"(?P<name>{_HAN}{{1,32}}?(?:{_SUF}))"
_YEAR = r"(?:19|20)\d\d ?年度?"
_VERBS = "|".join(map(re.escape, SUBJECT_VERBS))
_REPORT_TAIL = re.compile(
    r"(?:关于)?(?:\d{4} ?年度?)?(?:政府信息公开|政务公开|信息公开)(?:\d{4} ?年度?)?(?:工作)?(?:年度)?(?:工作)?(?:的|情况的)?"
    r"(?:报告|年报|情况).*$")

RE_INTRO = [
    re.compile(rf"现(?:予)?公布{_NAME}(?={_YEAR})"),
    re.compile(rf"现将{_NAME}(?={_YEAR})"),
    re.compile(rf"(?:现将|编制形成|编制|公布){_YEAR}{_NAME}(?=(?:政府信息公开|信息公开|政务公开))"),
    re.compile(rf"(?:本(?:年度)?报告|本年报)(?:是)?由{_NAME}(?=按照|根据|依据|编制|依照)"),
    re.compile(rf"(?:^|[,,。])\s*{_NAME}(?=编制{_YEAR})", re.M),
]
RE_SUBJECT = re.compile(rf"(?:^|[。\n])[ \t]*(?:截至|截止)?{_YEAR}(?:以来)?[,,]?\s*{_NAME}(?={_VERBS})", re.M)
_HAN_NOT_YU = r"[\u4e00-\u4e0d\u4e0f-\u9fa5()]"      # any Han character but 与
RE_CONTACT = re.compile(rf"(?:请|直接|可)?与(?P<name>{_HAN_NOT_YU}{{2,40}}?)(?:联系|联络)")
RE_CONTACT_END = re.compile(r"联系|联络")
RE_PUBLISHER = re.compile(rf"(?:{'|'.join(PUBLISHER_LABELS)})\s*(?:[::]\s*\|?|\|)\s*([^|\n]{{2,30}}?)\s*(?:\||$)", re.M)
# "我局", "我关" (not 我关注/我关心), "我部" (not 我部门): the words of SELF_REFERENCE, longest first
_SELF_NOT_BEFORE = {"关": "(?![注心于键切联])", "部": "(?![门分署])"}
RE_SELF = re.compile("我(" + "|".join(
    re.escape(w) + _SELF_NOT_BEFORE.get(w, "") for w in sorted(SELF_REFERENCE, key=len, reverse=True)) + ")")
# "我" never stands in a body's name: "我局", "我单位办公室", "我单位共收到政府…" are self-references
_BAD = re.compile(r"报告|公开工作|年度|通知|条例|《|》|根据|关于|我|本[单机]|全[市区县镇]|以下|"
                  r"积极|认真|进一步|主动|政务公开|信息公开|[0-9]")
# a body's name is written in Han characters (and brackets): "★", "_", "¥" belong to injected spam
_NAME_CHARS = re.compile(r"[\u4e00-\u9fa5()]+")


_LEAD_PARTICLE = re.compile(r"^(?:的|对|了)")
_LEAD_REPORT = re.compile(r"^(?:本报告|我们|报告)")
_MONTH_ALONE = re.compile(r"(?:19|20)\d\d ?年 ?\d{1,2} ?月")      # a signature dated by its month only
_NAME_THEN_DATE = re.compile(r"([\u4e00-\u9fa5()]{2,40}?)\s+(\S.{5,22})")
_NAME_MAX = 32 + max(map(len, ORG_SUFFIXES))        # the longest name _NAME can match
_VERB_MAX = max(map(len, SUBJECT_VERBS))


_FOOTER = re.compile("|".join(map(re.escape, (*CHROME_MARKS, *FOOTER_MARKS))))


def clean(name: str) -> str:
    s = "".join(name.split()).strip("|:: ,,.。")      # str.split() splits on re's \s
    return _drop_other_name(s) if ")" in s else s


# a body's other name in brackets after its own ("泰顺县民族宗教事务局(县委统战部)": one office, two names)
_BRACKETED = re.compile(r"\(([\u4e00-\u9fa5]{2,20})\)")
_HAN_RUN_END = re.compile(r"[\u4e00-\u9fa5]{2,40}$")


def _drop_other_name(s: str) -> str:
    """``s`` without the bracketed other name that follows a body's name in it."""
    for m in reversed(list(_BRACKETED.finditer(s))):
        if not m.group(1).endswith(ORG_SUFFIXES):
            continue
        own = _HAN_RUN_END.search(s, 0, m.start())
        if own and own.group(0).endswith(ORG_SUFFIXES) and valid(own.group(0)):
            s = s[:m.start()] + s[m.end():]
    return s


def valid(name: str | None) -> bool:
    if not name or len(name) < NAME_MIN_LEN or len(name) > 40:
        return False
    if has_spam(name) or not _NAME_CHARS.fullmatch(name) or not name.endswith(ORG_SUFFIXES):
        return False
    # the words of _BAD are checked outside place names ("万全区" holds 全区)
    return _BAD.search(_mask_places(name)) is None and plausible(name)


def _mask_places(name: str) -> str:
    for h in reversed(find_places(name)):
        name = name[:h.start] + "□" + name[h.end:]
    return name


_OPENING = re.compile("|".join(sorted(map(re.escape, NAME_BAD_OPENINGS), key=len, reverse=True)))
_CLAUSE = re.compile("|".join(sorted(map(re.escape, NAME_CLAUSE_WORDS), key=len, reverse=True)))
_ZONE_WORD = re.compile("|".join(sorted(map(re.escape, ZONE_WORDS), key=len, reverse=True)))


_HEADING = re.compile(r"^\([一二三四五六七八九十\d]+\)")
_TOWN = re.compile(r"(?:镇|乡|街道|苏木)(?:人民政府|政府|办事处)?$")


def plausible(name: str) -> bool:
    """Whether a string that ends like a body's name reads as one, not as a fragment of a sentence: no
    ending that belongs to the next phrase ("县人民政府网站"), no opening preposition or pronoun ("向市政府",
    "对区政府") unless a place's name opens there ("于洪区", "向阳区"), no word of a clause inside
    ("收到市政府", "市政府及市政府办公室") outside the place and zone names in it."""
    if name.endswith(NAME_BAD_ENDINGS) or name in NAME_NOT_ALONE or _HEADING.match(name) \
            or name.startswith(NAME_CUT_OPENINGS):
        return False
    places = find_places(name)
    opens_with_place = bool(places) and places[0].start == 0 or bool(_ZONE_WORD.match(name)) or (
        find_zone(name) is not None and _opens_zone(name))
    if not opens_with_place and _OPENING.match(name):
        # a town's name may open with any character (和平镇, 向阳街道, 同心乡): only a word that is no
        # place name's opening makes it a fragment ("通过…镇", "各乡镇…")
        m = _OPENING.match(name)
        assert m is not None                       # matched just above
        if not (_TOWN.search(name) and len(m.group(0)) == 1 and m.group(0) not in TOWN_BAD_OPENINGS):
            return False
    rest = _ZONE_WORD.sub("□", _mask_places(name))
    return _CLAUSE.search(rest) is None


def _opens_zone(name: str) -> bool:
    z = find_zone(name)
    return z is not None and name.startswith(z.name[:2])


_GOVERNMENT_OFFICE = ("人民政府办公室", "人民政府办公厅", "政府办公室", "政府办公厅")


def _strip_one(name: str) -> str:
    """``name`` without its last sub-unit ("X局办公室" -> "X局"), or unchanged."""
    for su in sorted(SUB_UNITS, key=len, reverse=True):
        if name.endswith(su) and valid(name[: -len(su)]) and len(name) - len(su) >= 2:
            rest = name[: -len(su)]
            if rest.endswith(("办公室", "办公厅")) or not rest.endswith(("管理", "服务")):
                return rest
    return name


def strip_sub_units(name: str, stop_at_office: bool = False) -> str:
    """``name`` without its sub-units. ``stop_at_office``: a government's office followed by an office of
    its own ("X人民政府办公室办公室") is itself the body: stop there. (An office's 政务公开处 answers for
    the government: "请与泰州市人民政府办公室政府信息公开处联系" in the city government's report.)"""
    while (rest := _strip_one(name)) != name:
        doubled = name[len(rest):] in ("办公室", "办公厅")
        name = rest
        if stop_at_office and doubled and name.endswith(_GOVERNMENT_OFFICE):
            break
    return name


# a title's year, in digits or in Chinese numerals ("二〇二三年度")
_TITLE_YEAR = rf"(?:(?:19|20)\d\d|[{''.join(CHINESE_DIGITS)}]{{4}})年度?"


def from_title(title: str | None) -> str | None:
    if not title:
        return None
    t = clean(title)
    t = re.sub(rf"^(?:关于)?{_TITLE_YEAR}", "", t)
    t = _REPORT_TAIL.sub("", t)
    t = re.sub(rf"{_TITLE_YEAR}$", "", t)
    t = re.sub(r"关于$", "", t)
    return t if valid(t) else None


# A title line's own label ("标题:", "标 题 |", "• "), and what may follow the report noun at its end: a
# bracketed note, a date, a file extension.
_TITLE_LABEL = re.compile(r"^[•·●\-\s]*(?:标\s*题|题\s*目|文\s*件\s*名\s*称|信息名称|名\s*称)\s*[::|]?\s*")
_TITLE_END = re.compile(r"(?:报告|年报)(?P<note>[(〔\[][^()〔〕\[\]]{0,12}[)〕\]])?(?:\.(?:pdf|docx?|wps|html?))?"
                        r"(?:\s*(?:19|20)\d\d[-./年]\d{1,2}[-./月]\d{1,2}日?(?:\s*\d{1,2}:\d\d(?::\d\d)?)?"
                        r"|\s*(?P<bare>(?:19|20)\d\d))?$", re.I)
# lines that hold a title only as part of something else: a link, a folder, a breadcrumb trail
_NOT_A_TITLE_LINE = re.compile(r"原文链接|本地目录|链接|网址|https?:|www\.|/|>|›|»|当前位置|您的位置|所在位置")
_OPENS_SENTENCE = ("本", "根据", "现将", "按照", "依据", "为做好", "关于做好", "关于印发", "转发")


# page chrome on the title's own line ("…年度报告  发布时间:2021-01-29 浏览次数:123"): the title ends before it
_TITLE_LINE_CHROME = re.compile(r"\s{2,}|(?:发布时间|发布日期|来源|浏览次数|阅读次数|点击数|作者|字号)\s*[::]"
                                r"|(?<=报告)(?:_|\s*[-—–]+\s*)[\u4e00-\u9fa5]")   # a page's <title>: "…报告_X市人民政府"


_TITLE_TAG = re.compile(r"^【[^】]{1,10}】")


def _before_chrome(cell: str) -> str:
    """The title part of a title line: what comes before the page chrome on it. Spaces inside a title that
    has not reached its report noun yet are the title's own ("X局　　2023年度…报告"), not a separator."""
    s, out, pos = cell.strip(), "", 0
    for m in _TITLE_LINE_CHROME.finditer(s):
        out += s[pos:m.start()]
        if not m.group(0).isspace() or _TITLE_END.search(clean(out)):
            return out
        out += " "
        pos = m.end()
    return out + s[pos:]


def _title_cell(cell: str) -> str | None:
    cc = clean(_TITLE_LABEL.sub("", _before_chrome(cell)))
    cc = _TITLE_TAG.sub("", cc)       # a column's tag before it: "【年度报告】X局2023年度…报告"
    if cc.startswith("《") and cc.endswith("》"):
        cc = cc[1:-1]                 # the title in book marks: "《X局2023年政府信息公开工作年度报告》"
    if not cc or len(cc) > 60 or "公开" not in cc or "。" in cc or not _TITLE_END.search(cc):
        return None
    if cc.startswith(_OPENS_SENTENCE) or any(m in cc for m in CHROME_MARKS if m not in ("报告发布", "报告内容")):
        return None
    return _TITLE_END.sub(_title_end, cc) if cc[-2:] not in ("报告", "年报") else cc


def _title_end(m: re.Match) -> str:
    """The report noun, with the year a bracketed note or a bare year after it gives ("…年度报告〔2023年度〕",
    "…年度报告2023"); a date, an extension or another note ("(全文)") is dropped."""
    y = _NOTE_YEAR.fullmatch(m.group("note") or "")
    year = y.group(1) if y else m.group("bare")
    return m.group(0)[:2] + (f"({year}年度)" if year else "")


# a note that is a year alone ("(2023年度)"), not a date ("(2024年1月)": the day it was written)
_NOTE_YEAR = re.compile(r"[(〔\[]((?:19|20)\d\d) ?年度?[)〕\]]")


# a line that may be one piece of a title broken over lines: short, no sentence or label punctuation, no
# page chrome ("甘谷县人民政府办公室" / "2024年度政府信息公开" / "工作年度报告")
_TITLE_PIECE_BAD = re.compile(r"[。,;:!?|]")
# the year alone on the line below a title that has none ("X局政府信息公开工作年度报告" / "(2023年度)")
_YEAR_LINE = re.compile(r"[(\[]?((?:19|20)\d\d) ?年度?[)\]]?")


def _title_piece(s: str) -> bool:
    return (0 < len(s) <= 40 and not _TITLE_PIECE_BAD.search(s) and not _NOT_A_TITLE_LINE.search(s)
            and not any(m in s for m in CHROME_MARKS) and not s.startswith(_OPENS_SENTENCE))


def find_title(lines: list[tuple[int, str]]) -> tuple[str | None, int | None]:
    """The report's title line among the first lines, and its offset. Page chrome, a scraper's header
    ("标题: …", "原文链接: …"), breadcrumbs and a metadata table around it are skipped; a title must end
    with the report noun (报告/年报), so a notice about preparing reports ("关于做好…年度报告…的通知") is
    no title. A title broken over two or three lines ("甘谷县人民政府办公室" / "2024年政府信息公开工作年度报告";
    "X局2023年度" / "政府信息公开工作年度报告") is joined when its last line names no body; a year alone on the
    line below a title without one ("(2023年度)") joins it."""
    unnamed: tuple[str, int, int] | None = None   # a title naming no body, and the row it was found on
    for t, at, idx in _titles(lines):
        if unnamed is not None and idx - unnamed[2] > _NAMED_TITLE_REACH:
            break
        if from_title(t):
            return t, at
        unnamed = unnamed or (t, at, idx)
    return (unnamed[0], unnamed[1]) if unnamed else (None, None)


# A title naming no body ("政府信息公开工作年度报告", a site's column header) gives way to one naming its body
# within this many lines below it ("政府信息公开工作年度报告" / "X县人民政府2023年政府信息公开工作年度报告").
_NAMED_TITLE_REACH = 3


def _titles(lines: list[tuple[int, str]]) -> Iterator[tuple[str, int, int]]:
    """Every title among the first lines, in order: (title, offset, row index)."""
    pieces: list[tuple[int, str]] = []        # (offset, text) of the title pieces just above, nearest last
    rows = [(off, ln) for off, ln in lines if ln.strip()][:12]
    for idx, (off, ln) in enumerate(rows):
        s = ln.strip()
        if _NOT_A_TITLE_LINE.search(s) and not re.match(r"^[|\s]*标\s*题", s):
            pieces = []
            continue
        cells = [c for c in s.split("|") if c.strip()] if "|" in s else [s]
        titled = False
        for c in cells:
            found = _joined_title(pieces if len(cells) == 1 else [], c.strip())
            if found is None:
                continue
            t, k = found
            at = pieces[-k][0] if k else off + ln.find(c.strip()[:1])
            if _YEAR_IN_TITLE.search(t) is None and idx + 1 < len(rows):
                ym = _YEAR_LINE.fullmatch(clean(rows[idx + 1][1]))
                if ym:
                    t += f"({ym.group(1)}年度)"
            yield t, at, idx
            titled = True
            break
        if titled:
            pieces = []
            continue
        one = clean(s)
        start = off + ln.find(s[:1])
        pieces = [*pieces[-1:], (start, one)] if len(cells) == 1 and _title_piece(one) else []


_YEAR_IN_TITLE = re.compile(r"(?:19|20)\d\d ?年")


def _joined_title(pieces: list[tuple[int, str]], cell: str) -> tuple[str, int] | None:
    """The title ending with ``cell``, and how many of the ``pieces`` above it it takes (0: the cell alone).
    The fewest pieces that make a title naming a body win (the line above a title that names its body may
    be a site's logo); more pieces win only when the title was wrapped inside its body's name: the longer
    name ends with the shorter, says where or what its body is where the shorter does not, and what it adds
    is no government's name (a logo) — "四川省生" / "态环境厅2023年度…报告"."""
    if "报" not in cell and "告" not in cell:
        return None               # every title ends with the report noun (报告/年报; 告 alone: wrapped inside it)
    options: list[tuple[int, str, str | None]] = []
    for k in range(len(pieces) + 1):
        head = "".join(p for _, p in pieces[len(pieces) - k:])
        t = _title_cell(head + clean(cell)) if k else _title_cell(cell)
        if t is not None:
            options.append((k, t, from_title(t)))
    if not options:
        return None
    named = [o for o in options if o[2]]
    if not named:
        k, t, _ = options[0]
        return t, k
    best = named[0]
    for k, t, n in named[1:]:
        extra = "".join(p for _, p in pieces[len(pieces) - k:len(pieces) - best[0]])
        if n and best[2] and n.endswith(best[2]) and not extra.endswith(("人民政府", "政府")) and _placed(n) \
                and not _placed(best[2]) and best[2][0] not in _RELATIVE_OPENINGS:
            best = (k, t, n)
    return best[1], best[0]


_RELATIVE_OPENINGS = "省市区县旗州盟"


def _placed(name: str) -> bool:
    """Whether a name says where or what its body is: a division's or a zone's name in it, or the mark of a
    national body ("国家税务总局…", "中国(上海)…"); a fragment of a wrapped title ("建设局", "理委员会") does not."""
    return bool(find_places(name)) or find_zone(name) is not None or any(m in name for m in NATIONAL_MARKS) \
        or name.startswith("中共")


# RE_INTRO[2], RE_INTRO[4] and RE_SUBJECT do not open with a literal; each match holds a year at a fixed
# place, so they are run only in windows around the years (see scan.py for why that is exact).

def _intro_year_windows(text: str) -> list[tuple[int, int]]:
    """RE_INTRO[2]: a 2-4 character verb, the year, a name, the lookahead."""
    return [(y - 4, k + 2 + _NAME_MAX + 6 + 1) for y, k in year_anchors(text)]


def _intro_compiled_windows(text: str) -> list[tuple[int, int]]:
    """RE_INTRO[4]: boundary, spaces, a name ending just before "编制<year>" (the lookahead)."""
    out = []
    for y, k in year_anchors(text):
        a = y - 2
        if a < 0 or text[a:y] != "编制":
            continue
        q = a                                     # the name is the whole run of _HAN characters before 编制
        while q > 0 and a - q <= _NAME_MAX and ("\u4e00" <= text[q - 1] <= "\u9fa5" or text[q - 1] in "()"):
            q -= 1
        if a - q > _NAME_MAX:
            lo = a - _NAME_MAX - 1                # too long to be a name: no match ends here
        else:
            while q > 0 and text[q - 1].isspace():   # \s* (re's \s is str.isspace)
                q -= 1
            lo = q - 1
        out.append((max(0, lo), k + 2))
    return out


def _subject_windows(text: str) -> list[tuple[int, int]]:
    """RE_SUBJECT: boundary, spaces/tabs, 截至?, the year, 度/以来/comma, spaces, a name, a verb."""
    n = len(text)
    out = []
    for y, k in year_anchors(text):
        if y > 12000:
            break
        lo = max(0, back_over(text, max(0, y - 2), " \t") - 1)
        j = k + 5                                 # past 年 度? 以来? [,,]?
        while j < n and text[j].isspace():
            j += 1
        out.append((lo, j + _NAME_MAX + _VERB_MAX + 1))
    return out


# The report's own sentence with the body as its subject: "岗巴县马坊镇现面向社会公开2022年度…报告".
_SUBJECT_ANCHOR = re.compile(r"现?面向社会(?:公开|公布|发布)(?=(?:19|20)\d\d ?年)")
_SUBJECT_START = re.compile(r"[。\n;:,,]")


def _anchored_subjects(text: str, limit: int = 12000) -> list[str]:
    out = []
    for m in _SUBJECT_ANCHOR.finditer(text, 0, limit):
        lo = max(0, m.start() - _NAME_MAX - 1)
        seg = text[lo:m.start()]
        cut = max((b.end() for b in _SUBJECT_START.finditer(seg)), default=-1)
        if cut < 0:
            continue                  # no sentence start within a name's reach
        n = clean(seg[cut:])
        if valid(n):
            out.append(n)
    return out


def _unsplit(text: str, m: re.Match, n: str) -> str | None:
    """A name ending in 政府 read off "…政府信息公开…" may have taken the 政府 of 政府信息公开 ("武汉海关政府",
    "上海市政府"): without it, what is left is the name (a place stands for its government)."""
    if not n.endswith("政府") or n.endswith("人民政府") or not text.startswith("信息公开", m.end("name")):
        return n
    rest = n[:-2]
    return rest if valid(rest) else None


def _contact_name(raw: str, self_ref: str | None) -> str | None:
    """The body a contact line names ("请与X联系"), without the sub-unit that answers the questions. The
    office of a government (X人民政府办公室) answers for the government (the template's "请与X人民政府办公室
    联系" in a government's report) unless the report calls itself "我办": then it is the office's own."""
    n = clean(raw)
    if n.endswith(_GOVERNMENT_OFFICE) and self_ref == "办":
        return n
    return strip_sub_units(n, stop_at_office=not n.endswith(_GOVERNMENT_OFFICE))


def candidates(text: str, title: str | None, self_ref: str | None = None) -> list[tuple[str, str]]:
    """(name as written, source) in priority order: the title, the report's own sentence naming itself
    ("现将X2020年度政府信息公开工作年度报告公布如下"), the signature, the 发布机构 line, then the subject of
    the opening sentences and the contact line."""
    out: list[tuple[str, str]] = []
    t = from_title(title)
    if t:
        out.append((t, "title"))
    head = text[:6000]
    for i, rx in enumerate(RE_INTRO):
        if i == 2:
            found = scan(rx, text, _intro_year_windows(text), 0, 6000)
        elif i == 4:
            found = scan(rx, text, _intro_compiled_windows(text), 0, 6000)
        else:
            found = rx.finditer(head)              # opens with a literal: re skips ahead by itself
        for m in found:
            n = _unsplit(text, m, _LEAD_PARTICLE.sub("", clean(m.group("name"))))
            if n and valid(n):
                out.append((n, "report sentence"))
    sig = signature(text)
    if sig and SELF_REFERENCE_ENDINGS.get(self_ref or "") and not fits_self_reference(sig, self_ref):
        # "X委员会办公室" signs a report that says 我委: the committee's office signs for the committee
        rest = strip_sub_units(sig)
        sig = rest if rest != sig and fits_self_reference(rest, self_ref) else sig
    if sig:
        out.append((sig, "signature"))
    for m in scan(RE_SUBJECT, text, _subject_windows(text), 0, 12000):
        n = _unsplit(text, m, clean(m.group("name")))
        # "2019年度政府信息公开…": after a year, a leading 度 is the rest of 年度, not a body's name
        if n and valid(n) and not n.startswith("度"):
            out.append((n, "subject"))
    out.extend((n, "subject") for n in _anchored_subjects(text))
    for cm in RE_CONTACT_END.finditer(text):
        contact = RE_CONTACT.search(text, max(0, cm.start() - 46), cm.end())
        if not contact:
            continue
        n = _contact_name(contact.group("name"), self_ref)
        n = _unsplit(text, contact, n) if n else None
        n = _LEAD_REPORT.sub("", n) if n else None
        if n and valid(n):
            out.append((n, "contact"))
    # the page header's publisher: often the office that posts for the body, so after the report's own words
    for m in RE_PUBLISHER.finditer(head):
        n = clean(m.group(1))
        if valid(n) and not n.endswith(("政府办", "办")):
            out.append((n, "publisher"))
    # a title over two lines whose first line may be the site's logo ("X市人民政府" / "2023年度…报告"): a signature
    # naming another body names the reporting one
    if t and sig and not same_body(t, sig) and _line_alone(text, t):
        out.remove((sig, "signature"))
        out.insert(0, (sig, "signature"))
    # the title, the report's sentence about itself and the signature stand whatever the text calls itself (a
    # report pasted from another body's template says 我局 in a street office's report)
    return [(n, src) for n, src in out if src not in _WEAK_SOURCES
            or not contradicts_self_reference(n, self_ref) and fits_self_reference(n, self_ref)]


# sources that may name another body than the report's: the page header's publisher, a sentence's subject, a
# contact line
_WEAK_SOURCES = ("publisher", "subject", "contact")


def _line_alone(text: str, name: str) -> bool:
    """Whether ``name`` stands alone on one of the first lines."""
    return re.search(rf"^[ \t|]*{re.escape(name)}[ \t|]*$", text[:3000], re.M) is not None


# a government's liaison office in another city ("吉林市人民政府驻北京办事处"): an office of the government, not a
# street office
_LIAISON_OFFICE = re.compile(r"驻[\u4e00-\u9fa5]{2,8}办事处$")


def name_kind(name: str) -> Kind | None:
    """government | department by the name's ending; the longest ending decides ("阿勒泰地区行政公署" is a
    government, "X人民政府办公室" a department)."""
    if _LIAISON_OFFICE.search(name):
        return "department"
    dep = max((len(x) for x in DEPARTMENT_SUFFIXES if name.endswith(x)), default=0)
    gov = max((len(x) for x in GOVERNMENT_SUFFIXES if name.endswith(x)), default=0)
    if dep or gov:
        return "department" if dep > gov else "government"
    return None


def normal_form(name: str) -> str:
    """A bare town or street's government's name ("河包镇" -> "河包镇人民政府", "东林街道" -> "东林街道办事处")."""
    if name.endswith(("镇", "乡", "苏木")) and not name.endswith(("城镇", "乡镇")):
        return name + "人民政府"
    if name.endswith("街道"):
        return name + "办事处"
    return name


def same_body(a: str, b: str) -> bool:
    """Whether two names are forms of one body: one is the other with places before it ("河包镇" and
    "重庆市荣昌区河包镇人民政府")."""
    na, nb = normal_form(a), normal_form(b)
    return na.endswith(nb) or nb.endswith(na)


def contradicts_self_reference(name: str, self_ref: str | None) -> bool:
    """Whether a name is of another kind than the body the report speaks as: a government's name in a report
    that calls itself 我局/我委, a county's body in one that calls itself 我镇/我街道 (the site's owner, the
    parent the page header names)."""
    if self_ref in DEPARTMENT_SELF_REFERENCES:
        return name_kind(name) == "government"
    if self_ref in TOWNSHIP_UNITS:
        return not is_township(normal_form(name))
    return False


def fits_self_reference(name: str, self_ref: str | None) -> bool:
    """Whether a name from a weak source is the body the report speaks as: "我委" is an X委员会's report, "我县"
    a county's (a government's name of another level, "X市人民政府", is the parent's; its office, "X县人民政府
    办公室", posts the page for it)."""
    endings = SELF_REFERENCE_ENDINGS.get(self_ref or "")
    if endings:
        return name.endswith(endings)
    if self_ref in _PLACE_SELF_REFERENCES:
        if name.endswith(_GOVERNMENT_OFFICE):
            return False          # the office that posts its government's report
        if name_kind(name) == "government" and not is_township(name):
            return re.sub(r"(?:人民政府|政府|行政公署)$", "", name).endswith(self_ref)
    return True


_PLACE_SELF_REFERENCES = ("省", "市", "县", "区", "旗", "州", "盟")


def _signing_body(name: str) -> str:
    """The body an office signs for ("X局办公室" signs for X局). A government's office, a committee's (编委办,
    安委办) and an office named for its work ("X政务服务中心管理办公室") are bodies of their own."""
    for su in sorted(SUB_UNITS, key=len, reverse=True):
        rest = name[:-len(su)]
        if name.endswith(su) and valid(rest) and name_kind(rest) == "department" \
                and not rest.endswith(("委员会", "委", "办公室", "办公厅")):
            return rest
    return name


def signature(text: str) -> str | None:
    """A line holding only a body's name at the end of the text: just above a date, or (undated
    signature, the date being in the page header) the last line before any page chrome. An office signing
    for its body stands for the body."""
    n = _signature_line(text)
    return _signing_body(n) if n else None


def _signature_line(text: str) -> str | None:
    lines = [ln.strip(" |\t") for ln in text[-600:].split("\n")]
    lines = [ln for ln in lines if ln]
    for i in range(len(lines) - 1, -1, -1):
        if i and (date_alone(lines[i]) or _MONTH_ALONE.fullmatch(lines[i])):
            n = clean(lines[i - 1])
            if valid(n):
                return n
        m = _NAME_THEN_DATE.fullmatch(lines[i])          # "X局  2024年1月18日" on one line
        if m and date_alone(m.group(2)):
            n = clean(m.group(1))
            if valid(n):
                return n
    for ln in reversed(lines[-4:]):
        n = clean(ln)
        if len(n) >= 3 and valid(n):
            return n
        if not _FOOTER.search(ln):
            break
    return None


def self_reference(text: str) -> str | None:
    """How the report mostly calls itself. A department speaks of its place too ("我局" and "我省", "我县"): a
    department's word said at least half as often as the most frequent wins."""
    c = Counter(m.group(1) for m in RE_SELF.finditer(text))
    if not c:
        return None
    top, n = c.most_common(1)[0]
    dept = max((w for w in c if w in DEPARTMENT_SELF_REFERENCES), key=lambda w: c[w], default=None)
    if dept and top not in DEPARTMENT_SELF_REFERENCES and c[dept] * 2 >= n:
        return dept
    return top


def township_mention(text: str, unit: str | None = None) -> str | None:
    """For a body that calls itself 我镇/我乡/我街道 but never names itself in a title or sentence:
    the most often named town of that kind (``unit``: a 乡 is not the 街道 its address happens to name), in
    its fullest form ("眉山市东坡区崇礼镇人民政府")."""
    forms: Counter[str] = Counter()
    cores: Counter[str] = Counter()
    for h in find_places(text):
        m = re.match(r"((?:[\u4e00-\u9fa5]{2,10}?[区县市旗])*?)([\u4e00-\u9fa5]{2,4}?(?:镇|乡|街道|苏木))(人民政府|政府|办事处)?",
                     text[h.end: h.end + 30])
        if not m or h.divisions[0].level == "province":
            continue
        core = m.group(2)
        if any(b in core for b in ("城镇", "乡镇", "村镇", "各")) or unit and not core.endswith(unit):
            continue
        full = text[h.start:h.end] + m.group(0)
        # extend backwards over a chain of places (眉山市 + 东坡区)
        forms[full] += 1
        cores[core] += 1
    if not cores:
        return None
    core = cores.most_common(1)[0][0]
    best = max((f for f in forms if core in f), key=lambda f: (len(f), forms[f]))
    return best


def is_township(name: str) -> bool:
    return any(name.endswith(m) for m in TOWNSHIP_MARKS)


__all__ = ["candidates", "find_title", "self_reference", "township_mention", "valid", "SELF_REFERENCE"]

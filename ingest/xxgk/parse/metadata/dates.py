"""Report year and publication date.

The report year comes from what the report says about itself (its title, its statistics period, its
own "现将2020年度政府信息公开…报告" sentence), then from the years that open its sentences; a
publication date (page header, 发布日期, the date under the signature) never sets the report year.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from xxgk.parse.metadata.scan import back_over, scan, year_anchors
from xxgk.parse.metadata.vocab import (
    CHROME_MARKS, FOOTER_MARKS, CHINESE_DIGITS, DATE_ISSUED_WORDS, FIRST_MONTH_WORD, NOT_PUBLISHED_LABELS, PLAN_WORDS, PUBLISHED_LABELS,
    WRITTEN_LABELS,
)

YEAR_MIN, YEAR_MAX = 2007, 2035

# "2020 年" with a stray space is common; (?<!\d) keeps "20101231" from yielding "1231年".
_Y = r"(?<![\d.])((?:19|20)\d\d) ?年"
_REPORT_NOUN = r"(?:政府信息公开|政务公开|信息公开|海关信息公开)[\u4e00-\u9fa5]{0,8}?(?:年度报告|工作报告|年报|情况|报告)"
RE_YEAR_REPORT = re.compile(_Y + r"度?[\u4e00-\u9fa5]{0,24}?" + _REPORT_NOUN)
RE_PERIOD = re.compile(
    r"统计(?:期限|时限|时间|区间|周期|时段|期间)[^\d\n]{0,8}?((?:19|20)\d\d) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?日"
    r"[^\d\n]{0,6}?(?:((?:19|20)\d\d) ?年 ?)?(\d{1,2}) ?月 ?(\d{1,2}) ?日")
# the end of the statistics period alone: "本报告中所列数据统计截至2023年12月31日"
RE_PERIOD_END = re.compile(r"统计[^。\n\d]{0,12}?截[至止](?:到)?((?:19|20)\d\d) ?年 ?12 ?月 ?31 ?日")
_PLAN = re.compile("|".join(PLAN_WORDS))
_CLAUSE_END = re.compile(r"[。;;\n]")
RE_SENT_YEAR = re.compile(r"(?:^|[。;\n:])[ \t]*(?:截至|截止|在|到)?" + _Y + r"度?(?:[,,]|以来|全年|我|共|\d)", re.M)
RE_ANY_YEAR = re.compile(_Y)
_MONTH = re.compile(r"\d{1,2} ?月")
_DATE_PAT = (r"((?:19|20)\d\d)(?: ?年 ?|[-/.])(\d{1,2})(?: ?月 ?|[-/.])(\d{1,2})(?: ?日)?"
             r"|(?<!\d)((?:19|20)\d\d)(0[1-9]|1[0-2])([0-2]\d|3[01])(?!\d)")
RE_DATE = re.compile(_DATE_PAT)
_DATE_OPEN = re.compile("19|20")      # every RE_DATE match opens with its year's first two digits


def _dates(ln: str):
    """``RE_DATE.finditer(ln)``, tried only where a year can open (re would try every position of a long
    header line: the report's first paragraph is one)."""
    pos = 0
    while (c := _DATE_OPEN.search(ln, pos)) is not None:
        m = RE_DATE.match(ln, c.start())
        if m is None:
            pos = c.start() + 1
        else:
            pos = m.end()
            yield m
RE_HEADER_TAIL = re.compile(r"\s*[\d: ]*(?:来源|阅读|浏览|作者|发布|$)")
_NOT_PUBLISHED = re.compile("|".join(map(re.escape, NOT_PUBLISHED_LABELS)))
_PUBLISHED = re.compile("|".join(map(re.escape, PUBLISHED_LABELS)))


# RE_YEAR_REPORT and RE_SENT_YEAR open with a lookbehind, so re would try them at every position; every
# match holds a year at a fixed place, so they run only in windows around the years (see scan.py).

def _year_report_windows(text: str) -> list[tuple[int, int]]:
    # 年 度? {0,24} Han, the longest report noun (海关信息公开 + 8 + 年度报告)
    return [(y, k + 2 + 24 + 6 + 8 + 4 + 1) for y, k in year_anchors(text) if y < 4000]


def _sent_year_windows(text: str) -> list[tuple[int, int]]:
    # boundary, spaces/tabs, 截至|截止|在|到, the year, 年 度? and 以来|全年|...
    return [(max(0, back_over(text, max(0, y - 2), " \t") - 1), k + 4) for y, k in year_anchors(text)]


def _valid(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _date_of(m: re.Match) -> str | None:
    g = m.groups()
    if g[0]:
        return _valid(int(g[0]), int(g[1]), int(g[2]))
    return _valid(int(g[3]), int(g[4]), int(g[5]))


def _inside_book_title(text: str, pos: int) -> bool:
    before = text[max(0, pos - 40):pos]
    return before.rfind("《") > before.rfind("》")


def report_year(text: str, title: str | None) -> tuple[int | None, str | None, tuple[str, str] | None]:
    """(year, evidence, statistics period as ISO (start, end) if stated)."""
    period = None
    pm = RE_PERIOD.search(text)
    if pm:
        y1 = int(pm.group(1))
        y2 = int(pm.group(4)) if pm.group(4) else y1
        s, e = _valid(y1, int(pm.group(2)), int(pm.group(3))), _valid(y2, int(pm.group(5)), int(pm.group(6)))
        if s and e:
            period = (s, e)
    if title:
        m = RE_ANY_YEAR.search(title)
        if m and YEAR_MIN <= int(m.group(1)) <= YEAR_MAX:
            return int(m.group(1)), "title", period
    if period:
        return int(period[0][:4]), "statistics period", period
    em = RE_PERIOD_END.search(text, 0, 8000)
    if em and YEAR_MIN <= int(em.group(1)) <= YEAR_MAX:
        return int(em.group(1)), "statistics period", period
    head = text[:4000]
    for m in scan(RE_YEAR_REPORT, text, _year_report_windows(text), 0, 4000):
        if _inside_book_title(head, m.start()) or not YEAR_MIN <= int(m.group(1)) <= YEAR_MAX:
            continue    # 《…2021年政府信息公开工作年度报告》 cites another report
        return int(m.group(1)), "report sentence", period
    # a date ("2021年2月14日", the signature's) opens no sentence about the year
    # a sentence about plans ("2024年,我局将继续…") weighs less than one about what was done
    years: Counter[int] = Counter()
    for x in scan(RE_SENT_YEAR, text, _sent_year_windows(text)):
        if YEAR_MIN <= int(x.group(1)) <= YEAR_MAX and not _MONTH.match(text, x.end() - 1):
            clause = _CLAUSE_END.split(text[x.end():x.end() + 24], 1)[0]
            years[int(x.group(1))] += 4 if _PLAN.search(clause) is None else 1
    if years:
        (y, n), *rest = years.most_common()
        # a clear majority of the sentence-opening years (ties go to the later year: the report's own)
        ties = [yy for yy, nn in years.items() if nn == n]
        return max(ties), "sentence years", period
    return None, None, period


# A signature's date in Chinese numerals ("二〇二四年一月十八日", formal documents write it so).
_CN = "".join(CHINESE_DIGITS)
_CN_DATE_PAT = rf"([{_CN}]{{4}}) ?年 ?([{_CN}十]{{1,3}}) ?月 ?([{_CN}十]{{1,3}}) ?日"
RE_CN_DATE = re.compile(_CN_DATE_PAT)


def _cn_number(s: str) -> int | None:
    """一 .. 三十一 ("十一" = 11, "二十" = 20): a month's or a day's number."""
    if "十" not in s:
        return CHINESE_DIGITS[s] if len(s) == 1 else None
    tens, _, ones = s.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (CHINESE_DIGITS[tens] if tens else 1) * 10 + (CHINESE_DIGITS[ones] if ones else 0)


def date_alone(s: str) -> str | None:
    """The ISO date ``s`` is, when it is nothing but a date (digits or Chinese numerals; "元月" for January;
    "印发" after it)."""
    s = s.strip(" |\t")
    if not 6 <= len(s) <= 24 or not (s[0].isdigit() or s[0] in _CN):
        return None               # a date opens with its year
    for word in DATE_ISSUED_WORDS:
        if s.endswith(word):
            s = s[:-len(word)].rstrip()
    if FIRST_MONTH_WORD in s:
        s = s.replace(FIRST_MONTH_WORD, "1月" if s[:1].isdigit() else "一月")
    m = RE_DATE.fullmatch(s)
    if m:
        return _date_of(m)
    m = RE_CN_DATE.fullmatch(s)
    if m is None:
        return None
    month, day = _cn_number(m.group(2)), _cn_number(m.group(3))
    if month is None or day is None:
        return None
    return _valid(int("".join(str(CHINESE_DIGITS[c]) for c in m.group(1))), month, day)


# a signature written on the report's last line after its text ("…无其他需要报告事项。 平潭综合实验区财政金融局
# 2020年1月2日") or on a line of its own with the date beside it ("平潭综合实验区财政金融局  2020年1月2日"): a run of
# Han characters (the body) then the date, at the very end
RE_TRAILING_SIGNATURE = re.compile(r"(?:^|[。.!;\s])\s*[\u4e00-\u9fa5()]{2,40}?\s+"
                                   rf"((?:19|20|[{_CN}])[^\n。]{{4,22}}?)\s*$")    # date_alone reads it


def signature_date(lines: list[tuple[int, str]], ok=lambda iso: True) -> str | None:
    """The date under the signature: a date alone on one of the last lines, or ending the last line after
    the body's name."""
    nonempty = [ln for _, ln in lines if ln.strip()]
    for ln in reversed(nonempty[-8:]):
        iso = date_alone(ln)
        if iso and ok(iso):
            return iso
    # the date after the name: at the end of the last line of text (below it only page chrome), or on a line
    # of its own ("X局  2024年1月18日")
    last = True
    for ln in reversed(nonempty[-8:]):
        m = RE_TRAILING_SIGNATURE.search(ln[-80:])
        if m and (last or not ln[:len(ln) - len(m.group(0))].strip()):
            iso = date_alone(m.group(1))
            if iso and ok(iso):
                return iso
        if not _PAGE_FOOTER.search(ln):
            last = False
    return None


_PAGE_FOOTER = re.compile("|".join(map(re.escape, (*CHROME_MARKS, *FOOTER_MARKS))))


def published_date(lines: list[tuple[int, str]], report_year: int | None) -> tuple[str | None, str | None]:
    """(ISO date, evidence). Which date wins (docs/metadata.md): the date under the signature (the day
    the body issued the report), then the header's 成文日期 (the same day, as a gov.cn metadata table gives
    it), then the first other labelled date in the page header (发布日期/发布时间/发文日期 …: the day the site
    posted it), then a bare date standing alone at the head of the page. A date must fall in the report year
    or the two years after it."""
    def ok(iso: str | None) -> bool:
        if not iso:
            return False
        return report_year is None or report_year <= int(iso[:4]) <= report_year + 2

    sig = signature_date(lines, ok)
    if sig:
        return sig, "signature"
    nonempty = [(o, ln) for o, ln in lines if ln.strip()]
    head = nonempty[:14]
    bare = labelled = None
    for _, ln in head:
        if "19" not in ln and "20" not in ln:
            continue        # every date opens with its year; RE_DATE would be tried at every position
        for m in _dates(ln):
            a = m.start()
            if _NOT_PUBLISHED.search(ln, max(0, a - 8), a):     # a label wholly in the 8 characters before
                continue
            iso = _date_of(m)
            if not ok(iso):
                continue
            label = [x.group(0) for x in _PUBLISHED.finditer(ln, max(0, a - 12), a)]
            if label and label[-1] in WRITTEN_LABELS:
                return iso, "header"                 # the document's own date: the signature's
            if label:
                labelled = labelled or iso           # the first labelled date wins over a bare one
            elif not bare and (not ln[:a].strip(" |•\t") or RE_HEADER_TAIL.match(ln, m.end())):
                bare = iso
    if labelled or bare:
        return labelled or bare, "header"
    return None, None

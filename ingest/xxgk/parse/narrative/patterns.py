"""The vocabulary of figures stated in prose: the patterns that find them, and the words that qualify them.

Each pattern registers the window it runs in (xxgk.parse.narrative.scan). Plain word lists are data
(``ingest/xxgk/data/narrative_words.csv``).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from xxgk.parse.narrative.scan import opening, window

NUM = r"(?P<approx1>近|约|超过)?(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<mult>万|亿)?\s*(?P<approx>余|多)?\s*"
_NOPUNCT = r"[^,。;:\d!?|]"
_TOTAL = r"(?:共|共计|达|合计|总计|累计)?"

RE_SENT_END = re.compile(r"[。!?\n]")
RE_YEAR_START = re.compile(r"^\s*(?:\(?[一二三四五六七八九十\d]+[)、.]\s*)?(?:截至|截止|在)?((?:19|20)\d\d) ?年")

# proactive disclosure total
RE_STRONG = window(re.compile(rf"主动{_NOPUNCT}{{0,20}}?公开(?P<what>{_NOPUNCT}{{0,60}}?){_TOTAL}{NUM}(?P<unit>条次|条)"), "主动", 0, 110, ("主动",))
_WEAK_REST = rf"(?P<what>{_NOPUNCT}{{0,14}}?(?:信息|政务信息|政府信息)){_TOTAL}{NUM}(?P<unit>条次|条)"
RE_WEAK = window(re.compile(rf"(?<!申请)(?<!不予)(?<!部分)(?P<verb>公开|录入){_WEAK_REST}"), "公开|录入", 4, 45,
                 ("公开", "录入"), finders=(re.compile("公开" + _WEAK_REST), re.compile("录入" + _WEAK_REST)))
RE_MISSING_OPEN = re.compile(r"共|累计|合计")
RE_MISSING = re.compile(r"(?:共|共计|累计|合计)(?:主动)?(?P<verb>公开|发布|收到|受理)[^\d,。;]{0,6}?(?:条|件)(?=[,。;、其])")
# what every RE_MISSING match opens with (and a little more): a cheap whole-text test before the pattern
RE_MISSING_HEAD = re.compile(r"(?:共|累计|合计)计?(?:主动)?(?:公开|发布|收到|受理)")
# other figures
RE_INTERP = window(re.compile(
   rf"(?<![及和与])(?:政策解读|(?<!政策)解读)(?:稿件|信息|文章|材料)?(?:发布)?{_TOTAL}{NUM}(?P<unit>条|篇|件|期)"), "解读", 4, 30, ("政策解读", "解读"))
RE_NORMATIVE = window(re.compile(rf"(?:行政)?规范性文件{_TOTAL}{NUM}(?P<unit>件|条|个|份)"), "规范性文件", 3, 25, ("行政规范性文件", "规范性文件"))
RE_APPLY = window(re.compile(
   rf"(?:收到|受理|新收|接到|接收)(?P<what>{_NOPUNCT}{{0,30}}?申请{_NOPUNCT}{{0,6}}?){_TOTAL}{NUM}"
   rf"(?P<unit>件|条|个|封|宗|份)"), "收到|受理|新收|接到|接收", 0, 75, ("收到", "受理", "新收", "接到", "接收"))
RE_APPLY2 = window(re.compile(rf"(?:收到|受理|接到){NUM}(?P<unit>件|封|个|份)[^,。;\d]{{0,4}}申请"), "收到|受理|接到", 0, 30, ("收到", "受理", "接到"))
RE_APPLY_ZERO = window(re.compile(
   r"(?:未|没有)(?:收到|受理|接到)[^,。;\d]{0,15}?申请"
   r"|无(?:依申请公开|政府信息公开申请|信息公开申请)(?:事项|情况|件)?"), "申请", 30, 16, ("未", "没有", "无"))
RE_REVIEW = window(re.compile(rf"行政复议(?:案件|申请|案)?{_TOTAL}{NUM}(?P<unit>件|起|宗|次|个)"), "行政复议", 0, 30, ("行政复议",))
RE_SUIT = window(re.compile(rf"行政诉讼(?:案件|案)?{_TOTAL}{NUM}(?P<unit>件|起|宗|次|个)"), "行政诉讼", 0, 30, ("行政诉讼",))
RE_NEG = re.compile(r"未|没有|无")
RE_FEE_ZERO = window(re.compile(r"(?:无|未|没有|不)[^。;\d]{0,25}?(?:收费|收取[^,。;\d]{0,8}?(?:费用|处理费))"), "收费|费用|处理费", 45, 3,
                     ("无", "未", "没有", "不"))
RE_FEE = window(re.compile(rf"(?:收取|收费)(?:费用|信息处理费|金额)?{_TOTAL}{NUM}(?P<unit>万元|元)"), "收取|收费", 0, 30, ("收取", "收费"))
RE_STAFF = window(re.compile(rf"{NUM}名(?:专职|兼职|专兼职|专\(兼\)职)?(?:工作人员|人员|信息员|专干)"), "名", 22, 12)
RE_STAFF2 = window(re.compile(rf"(?:工作人员|专职人员|兼职人员|人员)(?:总计|共|共计|合计)?{NUM}(?P<unit>名|人)(?!次)"), "人员", 0, 30)
RE_SUM_TOTAL = opening(re.compile(rf"(?:共|共计|累计|合计){_NOPUNCT}{{0,16}}?{NUM}(?P<unit>条次|条)"),
                       ("共", "累计", "合计"))
# "在主动公开的90条政府信息中,…": the figures after it are parts of that total
IN_TOTAL_LEAD = re.compile(r"在[^,。;]{0,12}?\d+\s*条[^,。;]{0,10}?中")


def _words(kind: str) -> tuple[str, ...]:
    with (Path(__file__).resolve().parents[2] / "data" / "narrative_words.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(r["word"] for r in csv.DictReader(fh) if r["kind"] == kind)


# a count stated for one publication channel (not a second proactive total)
CHANNEL_WORDS = _words("channel")
# a count of normative documents in force, repealed or cleaned up (not of those published this year)
NOT_NEW_DOCUMENTS = _words("not_new_documents")
# right before 主动公开 these make the phrase the name of a kind of information ("其他应主动公开的政府信息
# 25条": a category of what was published, not a count of what was disclosed)
CATEGORY_MODALS = _words("category_modal")
NOT_MODALS = _words("not_modal")           # words ending in 应 that are no modal (响应主动公开的要求)


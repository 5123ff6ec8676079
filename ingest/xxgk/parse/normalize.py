"""Length-preserving text normalisation, so offsets into the normalised text are offsets into the
original text too (provenance must point at the raw text).

- full-width ASCII (０-９, Ａ, （, ：, ｜ …) → half-width; ideographic space → space;
- Traditional → Simplified, character by character (zhconv's single-character table), so that
  "政府信息公開" matches "政府信息公开";
- a few equal-length vocabulary swaps that mirror sites make ("檔案" → "文件").
Nothing is ever inserted or deleted: ``len(normalize(t)) == len(t)`` always.
"""

from __future__ import annotations

import re
from functools import cache

# Equal-length phrase swaps seen in Traditional-character mirror copies (after char conversion).
_PHRASES: dict[str, str] = {
    "档案": "文件",   # 其他主動公開檔案 -> 其他主动公开文件
    "资讯": "信息",
    "讯息": "信息",
    "网路": "网络",
    "反覆": "反复",   # 大量反覆申请 -> 大量反复申请 (覆 is also a Simplified character)
}


# Variant characters zhconv's Traditional conversion writes in place names (金溪县 -> 金谿縣, 浚县 -> 濬縣) that
# its single-character table does not map back.
VARIANTS: dict[str, str] = {"谿": "溪", "濬": "浚"}

# Characters zhconv's table maps that are Simplified characters in their own right, in place names above
# all: 乾 (乾县, 乾安县) is not the Traditional form of 干 there.
NOT_TRADITIONAL = "乾"


@cache
def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    import zhconv.zhconv as zz

    zz.loaddict()
    simp = dict(zz.zhcdicts["zh2Hans"])
    simp.update(zz.zhcdicts["zh2CN"])
    for trad, s in simp.items():
        if len(trad) == 1 and len(s) == 1:
            table[ord(trad)] = s
    for keep in NOT_TRADITIONAL:
        table.pop(ord(keep), None)
    for var, simp_ch in VARIANTS.items():
        table[ord(var)] = simp_ch
    for code in range(0xFF01, 0xFF5F):           # full-width ASCII block
        table[code] = chr(code - 0xFEE0)
    table[0x3000] = " "                           # ideographic space
    table[0x00A0] = " "                           # no-break space (&nbsp;)
    for ch, rep in {"\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": " ", "\ufeff": " "}.items():
        table[ord(ch)] = rep
    return table


@cache
def _fast() -> tuple[dict[str, str], re.Pattern[str], frozenset[str]]:
    """The table without its identity entries, a character class of what it changes, and the
    characters whose replacement is itself changed by the table (those need a single-pass translate)."""
    eff = {chr(k): v for k, v in _table().items() if chr(k) != v}
    # sre checks a class of BMP characters with a bitmap but a class holding astral characters one by
    # one: the class lists the BMP keys and takes every astral character (filtered against the table)
    bmp = "".join(re.escape(c) for c in sorted(eff) if ord(c) <= 0xFFFF)
    cls = re.compile("[" + bmp + "\U00010000-\U0010FFFF]")
    chained = frozenset(c for c, v in eff.items() if v in eff)
    return eff, cls, chained


# Full-width punctuation nearly every report uses. Their half-width forms are not mapped again, so
# replacing them first and mapping the rest of the text after gives the one-pass mapping; most reports
# then hold nothing else to map, which one search settles without listing every comma.
_COMMON = "，（）：；"
# A probe for all the phrases at once: most texts hold none.
_PHRASE_PROBE = re.compile("|".join(_PHRASES))


def normalize(text: str) -> str:
    """Half-width, Simplified, same length as the input."""
    eff, cls, chained = _fast()
    out = text
    for c in _COMMON:
        if c in out:
            out = out.replace(c, eff[c])
    if cls.search(out):
        out = _map(out, eff, cls, chained)
    if _PHRASE_PROBE.search(out):
        for a, b in _PHRASES.items():
            if a in out:
                out = out.replace(a, b)
    assert len(out) == len(text)
    return out


def _map(text: str, eff: dict[str, str], cls: re.Pattern[str], chained: frozenset[str]) -> str:
    """Each character the table changes, replaced in one pass (a replacement is never mapped again)."""
    found = cls.findall(text)       # one C-level scan; most reports hold only a few distinct mapped chars
    distinct = {c for c in set(found) if c in eff}
    if not distinct:
        return text
    if len(distinct) <= 24 and distinct.isdisjoint(chained):
        for c in distinct:           # each replacement is a fast C scan; none feeds another
            text = text.replace(c, eff[c])
        return text
    if len(found) * 2 < len(text):    # a Traditional passage in a Simplified text
        get = eff.get
        return cls.sub(lambda m: get(m.group(), m.group()), text)
    return text.translate(_table())  # translate costs the same per character, mapped or not

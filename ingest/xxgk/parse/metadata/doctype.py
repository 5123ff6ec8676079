"""Whether a file is an annual report at all: a notice about preparing the reports, a policy on
disclosure or a news item about a disclosure meeting is not, though it talks about the same things.

Precision first: a file is called "not an annual report" only when its title (a heading line at the top)
is a notice's, a policy's or a news item's, or it opens by addressing its readers ("各科室、各直属单位:"),
and nothing in it is a report's own: no report title, no heading of the report's outline, no word only a
report uses about itself (本报告, 统计期限, the template's table labels). An excerpt without a title
is never flagged.
"""

from __future__ import annotations

import re
from functools import cache

from xxgk.parse.metadata.vocab import (
    NOT_REPORT_TITLE_ENDINGS, NOT_REPORT_TITLE_WORDS, REPORT_HEADINGS, REPORT_MARKS,
)
from xxgk.parse.model import Finding

_ADDRESSEE = re.compile(r"^\s*各[\u4e00-\u9fa5()、,]{1,40}[:]\s*$", re.M)


@cache
def _heading() -> re.Pattern[str]:
    words = "|".join(map(re.escape, REPORT_HEADINGS))
    return re.compile(rf"^\s*(?:[一二三四五六七八九十]+\s*[、.]|\(?[一二三四五六七八九十\d]+\))\s*(?:{words})", re.M)


@cache
def _marks() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, REPORT_MARKS)))


def _other_title(lines: list[tuple[int, str]]) -> str | None:
    """The first short line without a sentence end among the first lines, if it is a notice's, a policy's or a
    news item's title."""
    for _, ln in lines[:4]:
        s = "".join(ln.split())
        if not s or "。" in s or len(s) > 60:
            continue
        if s.endswith(NOT_REPORT_TITLE_ENDINGS) or any(w in s for w in NOT_REPORT_TITLE_WORDS):
            return s
        return None
    return None


def not_annual_report(text: str, lines: list[tuple[int, str]], title: str | None) -> Finding | None:
    """``lines``: the text's edge lines (metadata._edge_lines); ``title``: the report title found, if any."""
    if title is not None:
        return None
    other = _other_title(lines)
    addressed = _ADDRESSEE.search(text, 0, 3000)
    if other is None and addressed is None:
        return None
    if _heading().search(text) or _marks().search(text):
        return None
    if other:
        why = f"titled {other!r}"
    else:
        assert addressed is not None               # one of the two, checked above
        why = f"addressed to {addressed.group(0).strip()!r}"
    return Finding("not_annual_report", None, "warn",
                   f"not an annual report on government information disclosure ({why}; no report title, "
                   f"outline heading or statistics): kept out of marts.fct_agency_year")

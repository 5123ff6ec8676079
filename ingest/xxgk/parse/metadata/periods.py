"""Impossible dates around the statistics period (``date_inconsistent``, warn): a period that ends before
it starts, that spans more than a year or holds a day that does not exist (a mistyped digit), a period of
another year than the title's, and a signature dated before the period ends (a mistyped year: a 2020
report signed "2020年1月15日").

Each finding quotes the words it rests on. A pure function of the text and what the metadata parser
already found.
"""

from __future__ import annotations

import re
from datetime import date

from xxgk.parse.metadata.dates import RE_PERIOD, signature_date
from xxgk.parse.model import Finding, Span


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def period_findings(text: str, lines: list[tuple[int, str]], report_year: int | None,
                    year_evidence: str | None, title: str | None) -> list[Finding]:
    out: list[Finding] = []

    def flag(why: str, m: re.Match | None = None) -> None:
        out.append(Finding("date_inconsistent", None, "warn", why, Span.of(text, m.start(), m.end()) if m else None))

    pm = RE_PERIOD.search(text)
    period: tuple[str, str] | None = None
    if pm:
        words = pm.group(0)
        y1 = int(pm.group(1))
        y2 = int(pm.group(4)) if pm.group(4) else y1
        start, end = _iso(y1, int(pm.group(2)), int(pm.group(3))), _iso(y2, int(pm.group(5)), int(pm.group(6)))
        if start is None or end is None:
            flag(f"the statistics period names a day that does not exist: {words!r}", pm)
        elif end < start:
            flag(f"statistics period ends ({end}) before it starts ({start}): {words!r}", pm)
        else:
            period = (start, end)
            if (date.fromisoformat(end) - date.fromisoformat(start)).days > 366:
                flag(f"statistics period {start} to {end} spans more than a year (a mistyped year?): {words!r}", pm)
            elif year_evidence == "title" and report_year is not None and y1 == y2 and y1 != report_year:
                flag(f"statistics period of {y1} in a report titled {report_year} ({title!r}): {words!r}", pm)
    # the date under the signature, whatever its year (publication dates are read only in the years after)
    signed = signature_date(lines)
    ends = period[1] if period else (f"{report_year}-12-31" if report_year and year_evidence == "title" else None)
    if signed and ends and signed < ends and (not period or signed >= f"{int(ends[:4]) - 1}-01-01"):
        flag(f"signed {signed}, before the statistics period ends ({ends})")
    return out

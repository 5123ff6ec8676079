"""Page chrome that names other bodies: links to related pages ("上一篇：X财政局2023年度…报告") and the site's
footer ("主办：X市人民政府办公室", "版权所有：…"). A scraped report page carries them after its signature; they
name the site's owner or another body of the same site, never the reporting body, so they are blanked
(same length: offsets stay valid) before any name, place or date is looked for.
"""

from __future__ import annotations

import re
from functools import cache

from xxgk.parse.metadata.vocab import PAGE_LINK_MARKS, SITE_FOOTER_MARKS


@cache
def _chrome_line() -> re.Pattern[str]:
    opening = "|".join(map(re.escape, sorted(PAGE_LINK_MARKS, key=len, reverse=True)))
    anywhere = "|".join(map(re.escape, sorted(SITE_FOOTER_MARKS, key=len, reverse=True)))
    # a line opening with a link label, or a short line holding a footer mark anywhere (a short one: a
    # report flattened onto one line may end with its page's footer)
    return re.compile(rf"^[ \t|•·]*(?:{opening})[^\n]{{0,120}}$|^[^\n]{{0,80}}(?:{anywhere})[^\n]{{0,80}}$", re.M)


def blank_page_chrome(text: str) -> str:
    """``text`` with its related-link and site-footer lines blanked out."""
    rx = _chrome_line()
    parts, last = [], 0
    for m in rx.finditer(text):
        parts.append(text[last:m.start()])
        parts.append(" " * (m.end() - m.start()))
        last = m.end()
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)

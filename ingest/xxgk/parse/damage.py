"""Mirror-site damage: injected spam, template placeholders left in, page chrome.

``spam_spans`` lets the other parsers ignore text that is not the report's own.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from xxgk.parse.metadata.vocab import NOT_SPAM, PLACEHOLDERS, SPAM_TERMS
from xxgk.parse.model import Finding, Span


def _with_exceptions(flags: int = 0) -> re.Pattern[str]:
    """The spam terms, with the lawful compounds that hold one (NOT_SPAM, group "ok") tried first: a
    scan consumes "福利彩票" whole and so never reports the 彩票 inside it."""
    ok = "|".join(re.escape(t) for t in sorted(NOT_SPAM, key=len, reverse=True))
    spam = "|".join(re.escape(t) for t in sorted(SPAM_TERMS, key=len, reverse=True))
    return re.compile(f"(?P<ok>{ok})|{spam}", flags)


@cache
def _spam_re() -> re.Pattern[str]:
    return _with_exceptions(re.I)


@cache
def _spam_cased() -> re.Pattern[str]:
    return _with_exceptions()


def has_spam(s: str) -> bool:
    """Whether ``s`` holds a spam term (case-sensitive, like ``term in s``) outside the lawful compounds."""
    return _spam_probe().search(s) is not None and any(m.lastgroup != "ok" for m in _spam_cased().finditer(s))


@cache
def _spam_probe() -> re.Pattern[str]:
    """Case-sensitive, like the ``in`` probes it replaces: one C-level scan instead of one per term."""
    return re.compile("|".join(re.escape(t) for t in SPAM_TERMS))


@cache
def _placeholder_re() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(t) for t in PLACEHOLDERS))


@cache
def _damage_probe() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(t) for t in (*SPAM_TERMS, *PLACEHOLDERS)))


@lru_cache(maxsize=8)
def _undamaged(text: str) -> bool:
    """No spam term (case-sensitive) and no placeholder in the text: the common case, settled by one scan
    instead of one per kind."""
    return _damage_probe().search(text) is None


_GLUE = re.compile(r"[A-Za-z0-9_¥$@#~*+=.\-★☆【】]")


@lru_cache(maxsize=8)
def spam_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each spam run: the matched term widened to the surrounding run of spam-ish
    characters (no sentence punctuation)."""
    out: list[tuple[int, int]] = []
    if _undamaged(text) or not _spam_probe().search(text):     # case-sensitive, without re.I: far cheaper
        return out
    for m in _spam_re().finditer(text):
        if m.lastgroup == "ok":
            continue
        s, e = m.start(), m.end()
        # widen over the symbols and Latin/digits spam glues on ("_", "¥", "www…"), not over words
        while s > 0 and s > m.start() - 12 and _GLUE.match(text[s - 1]):
            s -= 1
        while e < len(text) and e < m.end() + 12 and _GLUE.match(text[e]):
            e += 1
        if out and s <= out[-1][1] + 3:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out



def blank_spam(text: str) -> str:
    """Same-length copy with spam runs blanked out (offsets stay valid)."""
    spans = spam_spans(text)
    if not spans:
        return text
    parts, last = [], 0
    for s, e in spans:
        parts.append(text[last:s])
        parts.append(" " * (e - s))
        last = e
    parts.append(text[last:])
    return "".join(parts)


def damage_findings(text: str) -> list[Finding]:
    found: list[Finding] = []
    spans = spam_spans(text)
    if spans:
        s, e = spans[0]
        found.append(Finding("text_damaged", None, "warn",
                             f"spam injected into the text ({len(spans)} place(s)), first: {text[s:e]!r}",
                             Span.of(text, s, e)))
    m = None if _undamaged(text) else _placeholder_re().search(text)
    if m:
        found.append(Finding("template_placeholder", None, "warn",
                             f"template placeholder left in the text: {m.group(0)!r}",
                             Span.of(text, m.start(), m.end())))
    return found

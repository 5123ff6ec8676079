"""Bytes → text for report files: which encoding, and is the text what the author wrote?

``decode_report_bytes(data, declared=None) -> Decoded``. Exactly one of ``text`` / ``error`` is set.
The text is never normalised: it is the bytes decoded (BOM dropped), except that mojibake which can be
undone *losslessly* is undone (the result is verified by redoing the damage and getting the input back).

Order of decisions (see docs/bad_input.md for the user-facing table):

1. A byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE).
2. UTF-16 without a BOM is recognised by NUL bytes at every other position (ASCII digits, pipes and
   newlines, which every report has, are ``xx 00`` / ``00 xx`` in UTF-16).
3. Valid UTF-8 wins over everything else, including a declared ``<meta charset>``: a GBK or Big5 text
   of any length is practically never valid UTF-8, while pages that declare ``gb2312`` but were
   re-saved as UTF-8 by a scraper are common.
4. Otherwise the candidates (the declared charset, GB18030, Big5/CP950) are each decoded strictly and
   scored by how many of their CJK characters are common in these reports (Simplified or
   Traditional); wrong decodings produce rare characters, private-use code points and controls.
5. A file that is UTF-8 in some lines and GBK/Big5 in others (two sources pasted together) is decoded
   line by line, each line with the encoding that scores best for it.
6. Mojibake: UTF-8 that was once read as Latin-1/CP1252 or as GBK and saved again ("æ\\x94¿å\\xba\\x9c"
   or "鏀垮簻" for "政府"), possibly twice, is repaired when the repair is lossless; when it is not
   (the first wrong decoding already lost bytes), the file is flagged ``mojibake``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import islice

from xxgk.read.result import ReadNote, info, warn

# The ~500 most frequent CJK characters of the bundled real reports (Simplified). Their Traditional
# forms are added at first use, via zhconv. Used only to score competing decodings.
_COMMON_SIMPLIFIED = (
    "公政开信息府年作工的务条行情况一和项人件数理本主办市中第二度请申动要报制进规事发网告民及量全共内新其服容"
    "实文定等在关处化区上时建体强布部站为收性国有以局平法分机三保审导目管不到范加设提依领十总他组通了结计我对"
    "类门重会各例求复台大据确方面是位日推单下责策于众室统业查决月解号步完落式指按华过问四现议织成道任点社可题"
    "批用诉效态生心期栏善个次与监督费系展高海镇读六员程标电准力五改明做街格照增起微果权专根负传同存相好常构持"
    "环案认列自外密立形户或讼需真出境予厅包正安省录更基断群知所由流合编表限减地职答闻止取之南级置严障将如至未"
    "入施子属护维许能采意受执核围章贯彻党并宣科坚水经域供州前委县健整联已清算场线八乡小运金商版路称源家长质署"
    "措万配话括资精无具应利举罚九升切习预示回投续把调多购印神率东积注涉律询疑培接特后优极向因深得企转载院序创"
    "湖阅训绕财概视额元均址简评近思考物字免渠废然益划代济识里访交德助余引述稳书抓研际集城使修邮馆便含活媒头名"
    "互纠当紧细检继充排勾稽来秘间营满备学证料河参送育何没记协直被见救图义想谁别热江谈待放材享宿治显从七突函产"
    "档色原这络农察索屏较咨厦签试尚"
)

# CP1252's bytes 0x80–0x9F as characters (undefined ones map to the C1 control of the same value).
_CP1252_HIGH = {ch: b for b in range(0x80, 0xA0) for ch in [bytes([b]).decode("cp1252", "ignore") or chr(b)]}

_CHARSET_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030",
    "gb18030": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": "gb18030",
    "big5": "cp950", "big-5": "cp950", "x-big5": "cp950", "cp950": "cp950", "big5-hkscs": "big5hkscs",
    "big5hkscs": "big5hkscs",
    "utf8": "utf-8", "utf-8": "utf-8", "unicode": "utf-8",
    "utf-16": "utf-16", "utf-16le": "utf-16-le", "utf-16be": "utf-16-be",
}
_LEGACY = ("gb18030", "cp950", "big5hkscs")

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]{2,40})|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_\-]{2,40})""",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str | None = None
    encoding: str | None = None          # codec name; "mixed:utf-8+gb18030"; "utf-8|mojibake:gbk" (repaired)
    notes: tuple[ReadNote, ...] = ()     # what a reader of the data should know (repairs, disagreements)
    error: str | None = None             # "undecodable" | "mojibake"
    detail: str | None = None


# ----------------------------------------------------------------------------- scoring

@cache
def _common() -> frozenset[str]:
    chars = set(_COMMON_SIMPLIFIED)
    try:
        import zhconv

        chars |= set(zhconv.convert(_COMMON_SIMPLIFIED, "zh-hant"))
        chars |= set(zhconv.convert(_COMMON_SIMPLIFIED, "zh-tw"))
    except Exception:  # zhconv missing or broken: Simplified-only scoring still works
        pass
    return frozenset(chars)


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x3FFFF or 0xF900 <= o <= 0xFAFF


def _is_bad(ch: str) -> bool:
    o = ord(ch)
    if o < 0x20:
        return ch not in "\t\n\r\f\x0b"
    return (0x7F <= o <= 0x9F or 0xE000 <= o <= 0xF8FF or o == 0xFFFD or 0xF0000 <= o
            or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x3FFFF)


def text_quality(text: str, sample: int = 200_000) -> tuple[float, int]:
    """(score, cjk_count) for a decoded text: + common CJK, − rare/private-use/control characters.

    Score is per non-ASCII character, in [-3, 1]: ~0.6–0.9 for real report text, < 0.2 for a wrong
    decoding. Only the first ``sample`` characters are looked at (decisions need no more)."""
    common = _common()
    good = bad = cjk = non_ascii = 0
    for ch in text[:sample]:
        if ch < "\x80":
            if ch < " " and ch not in "\t\n\r\f\x0b":
                bad += 1
            continue
        non_ascii += 1
        if ch in common:
            good += 1
            cjk += 1
        elif _is_bad(ch):
            bad += 1
        elif _is_cjk(ch):
            cjk += 1
    if non_ascii == 0:
        return (1.0 if bad == 0 else -bad, 0)
    return ((good - 3 * bad) / non_ascii, cjk)


# ----------------------------------------------------------------------------- helpers

def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML document declares in its first 8 KB, normalised (gb2312 → gb18030)."""
    m = _META_CHARSET.search(data[:8192])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii", "ignore").strip().lower()
    return _CHARSET_ALIASES.get(name, name)


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NUL bytes cluster at every other position and that reading
    gives sensible text, else None."""
    head = data[:65536]
    half = len(head) // 2
    if half < 4 or b"\x00" not in head:     # no NUL at all (every 8-bit text): one memchr, no slicing
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    if max(even, odd) < 0.03 * half or max(even, odd) < 2 * min(even, odd):
        return None
    best = None
    for codec in ("utf-16-le", "utf-16-be") if odd > even else ("utf-16-be", "utf-16-le"):
        t = head[: len(head) - len(head) % 2].decode(codec, "replace")  # the cut may split a pair
        if t.count("\ufffd") <= 2:
            q = text_quality(t)[0]
            if q > 0.2 and (best is None or q > best[0]):
                best = (q, codec)
    return best[1] if best else None


def _first_bad_byte(data: bytes, codec: str) -> str:
    try:
        data.decode(codec)
    except UnicodeDecodeError as exc:
        return f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
    except LookupError:
        return "unknown codec"
    return "no error"


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


# ----------------------------------------------------------------------------- mojibake

_LATIN_RUN = re.compile("[\u0080-\u00ff" + "".join(ch for ch in _CP1252_HIGH if ord(ch) > 0xFF) + "]{2,}")


def _latin_to_bytes(run: str) -> bytes | None:
    out = bytearray()
    for ch in run:
        o = ord(ch)
        if o < 0x100:
            out.append(o)
        elif ch in _CP1252_HIGH:
            out.append(_CP1252_HIGH[ch])
        else:
            return None
    return bytes(out)


def _repair_latin(text: str) -> tuple[str, int]:
    """Undo UTF-8-read-as-Latin-1/CP1252, run by run. Lossless by construction (each byte maps back)."""
    fixed = 0

    def sub(m: re.Match[str]) -> str:
        nonlocal fixed
        out = m.group(0)
        for _ in range(3):                           # UTF-8 read as Latin-1 once, twice, three times
            raw = _latin_to_bytes(out)
            if raw is None:
                break
            try:
                out = raw.decode("utf-8")
            except UnicodeDecodeError:
                break
        if not any(ord(c) >= 0x800 for c in out):   # "cafÃ©" → "café" is not our problem; CJK is
            return m.group(0)
        fixed += 1
        return out

    return _LATIN_RUN.sub(sub, text), fixed


def _gbk_mojibake_share(text: str, sample: int = 100_000) -> float:
    """Share of CJK characters whose GBK lead byte is a UTF-8 lead byte of a CJK character (0xE4–0xE9).

    UTF-8 Chinese read as GBK puts such a character first in almost every 3-byte sequence ("鏀垮簻"),
    so mojibake scores ≳ 0.45; real text ~0.1."""
    n = hits = 0
    for ch in text[:sample]:
        if _is_cjk(ch):
            n += 1
            try:
                b = ch.encode("gb18030")
            except UnicodeEncodeError:
                continue
            if len(b) == 2 and 0xE4 <= b[0] <= 0xE9:
                hits += 1
    return hits / n if n else 0.0


def _repair_gbk(text: str) -> str | None:
    """Undo UTF-8-read-as-GBK for the whole text; None unless the round trip is exact."""
    try:
        raw = text.encode("gb18030")
        out = raw.decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return out if out.encode("utf-8").decode("gb18030", "replace") == text else None


def _repair_gbk_lines(text: str) -> tuple[str, int, int]:
    """Line by line: repair lines that look like GBK mojibake. Returns (text, repaired, unrepairable)."""
    out: list[str] = []
    fixed = failed = 0
    for line in text.splitlines(keepends=True):
        q, cjk = text_quality(line)
        if cjk >= 2 and q < 0.35 and _gbk_mojibake_share(line) >= 0.3:
            rep = _repair_gbk(line)
            if rep is not None and text_quality(rep)[0] > q:
                out.append(rep)
                fixed += 1
                continue
            failed += 1
        out.append(line)
    return "".join(out), fixed, failed


@cache
def _gbk_lead_chars() -> re.Pattern[str]:
    """A character class of _gbk_lead_table's characters: counting its matches is ~10× faster than
    str.translate with a dict, and mojibake-free texts have few of them."""
    return re.compile("[" + re.escape("".join(chr(c) for c in sorted(_gbk_lead_table()))) + "]")


@cache
def _gbk_lead_table() -> dict[int, None]:
    """Characters whose GBK code has a lead byte 0xE4–0xE9 (what _gbk_mojibake_share counts)."""
    chars = set()
    for b1 in range(0xE4, 0xEA):
        for b2 in range(0x40, 0xFF):
            if b2 == 0x7F:
                continue
            try:
                chars.add(bytes((b1, b2)).decode("gb18030"))
            except UnicodeDecodeError:
                pass
    return {ord(c): None for c in chars if len(c) == 1}


_CJK_BASIC = re.compile("[\u4e00-\u9fff]")
_LATIN_PAIR = re.compile("[\u00c2-\u00ef][\u0080-\u00bf" + "".join(_CP1252_HIGH) + "]")


@cache
def _suspects() -> re.Pattern[str]:
    """The characters either test below starts from: a Latin-mojibake lead (U+00C2–U+00EF) or a
    character of _gbk_lead_table (all CJK, so the two sets are disjoint). One scan of the text finds
    both; a clean report holds few of either."""
    return re.compile("[\u00c2-\u00ef" + _gbk_lead_chars().pattern[1:])


def _mojibake_possible(text: str) -> bool:
    """A cheap necessary condition (C-speed string operations only) for either repair below.

    Latin-1 mojibake needs the pattern the Latin branch searches for; GBK mojibake needs
    _gbk_mojibake_share >= 0.3, i.e. (characters with a 0xE4–0xE9 GBK lead) >= 0.3 × (CJK characters),
    and the basic CJK block is a lower bound on the latter. Clean reports fail both, so the
    per-character quality score is skipped for them."""
    if len(text) > 100_000:                  # the two tests read different prefixes: one at a time
        if _LATIN_PAIR.search(text[:200_000]):
            return True
        hits = len(_gbk_lead_chars().findall(text[:100_000]))
    else:
        found = _suspects().findall(text)
        latin = sum(1 for c in found if c <= "\u00ef")
        if latin and _LATIN_PAIR.search(text):
            return True
        hits = len(found) - latin
    if hits == 0:
        return False
    sample = text[:100_000]
    # hits * 10 >= 3 * (CJK characters) <=> CJK characters <= limit: count them only up to limit + 1
    limit = hits * 10 // 3
    return sum(1 for _ in islice(_CJK_BASIC.finditer(sample), limit + 1)) <= limit


def repair_mojibake(text: str) -> tuple[str, str | None, tuple[ReadNote, ...], str | None]:
    """(text, via, notes, error). ``via`` names the wrong decoding undone ("latin-1", "gbk", "gbk×2"…);
    ``error`` is set when the text is mostly mojibake that cannot be undone losslessly."""
    notes: list[ReadNote] = []
    vias: list[str] = []
    for _ in range(3):                      # the damage may have been done more than once
        if not _mojibake_possible(text):
            break
        q0, cjk0 = text_quality(text)
        changed = False
        # Latin-1 / CP1252
        if _LATIN_PAIR.search(text[:200_000]):
            rep, fixed = _repair_latin(text)
            if fixed and text_quality(rep)[0] >= q0:
                notes.append(info(f"repaired {fixed} run(s) of UTF-8 text that had been read as Latin-1/CP1252 "
                                  "and saved again (lossless)"))
                text, changed = rep, True
                vias.append("latin-1")
                continue
        # GBK
        if cjk0 >= 4 and q0 < 0.35 and _gbk_mojibake_share(text) >= 0.3:
            whole = _repair_gbk(text)
            if whole is not None and text_quality(whole)[0] > q0 + 0.2:
                notes.append(info("repaired UTF-8 text that had been read as GBK and saved again, e.g. '鏀垮簻' "
                                  "for '政府' (lossless: redoing the damage gives the file's text back)"))
                text, changed = whole, True
                vias.append("gbk")
                continue
            rep, fixed, failed = _repair_gbk_lines(text)
            if fixed and not failed:
                notes.append(info(f"repaired {fixed} line(s) of UTF-8 text that had been read as GBK and saved "
                                  "again (lossless, line by line)"))
                text, changed = rep, True
                vias.append("gbk")
                continue
            q_after, _ = text_quality(rep)
            if q_after < 0.35:
                return (text, None, tuple(notes),
                        "the text is UTF-8 that was read as GBK and saved again (mojibake such as '鏀垮簻' "
                        f"for '政府'), and {failed} line(s) cannot be repaired losslessly because that "
                        "wrong reading already dropped bytes; get a clean copy of the report")
            if fixed or failed:
                notes.append(warn(f"{failed} line(s) look like GBK mojibake that cannot be repaired losslessly "
                                  f"(kept as they are); {fixed} line(s) repaired"))
                text, changed = rep, fixed > 0
                if fixed:
                    vias.append("gbk")
        if not changed:
            break
    via = None
    if vias:
        via = vias[0] if len(vias) == 1 else "+".join(vias)
    return text, via, tuple(notes), None


# ----------------------------------------------------------------------------- main entry

def _mixed_lines(data: bytes) -> tuple[str, str, int, int] | None:
    """Decode a file line by line when some lines are UTF-8 and others a legacy encoding."""
    lines = data.split(b"\n")
    legacy_lines = [ln for ln in lines if not ln.isascii() and _try(ln, "utf-8") is None]
    utf8_lines = [ln for ln in lines if not ln.isascii() and _try(ln, "utf-8") is not None]
    if not legacy_lines or not utf8_lines:
        return None
    blob = b"\n".join(legacy_lines)
    best = None
    for codec in _LEGACY:
        t = _try(blob, codec)
        if t is not None:
            score = text_quality(t)[0]
            if best is None or score > best[0]:
                best = (score, codec)
    if best is None:
        return None
    codec = best[1]
    out: list[str] = []
    n_utf8 = n_legacy = 0
    for ln in lines:
        if ln.isascii():
            out.append(ln.decode("ascii"))
            continue
        u = _try(ln, "utf-8")
        g = _try(ln, codec)
        if u is not None and (g is None or text_quality(u)[0] >= text_quality(g)[0]):
            out.append(u)
            n_utf8 += 1
        elif g is not None:
            out.append(g)
            n_legacy += 1
        else:
            return None
    if n_utf8 == 0 or n_legacy == 0:
        return None
    return "\n".join(out), codec, n_utf8, n_legacy


def decode_report_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode a report file's bytes (see the module docstring for the order of decisions)."""
    notes: list[ReadNote] = []
    # 1. byte-order marks
    for bom, codec, name in ((b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be"),
                             (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"), (b"\xff\xfe", "utf-16-le", "utf-16-le"),
                             (b"\xfe\xff", "utf-16-be", "utf-16-be")):
        if data.startswith(bom):
            body = data[len(bom):]
            t = _try(body, codec)
            if t is None:
                return Decoded(error="undecodable",
                               detail=f"starts with a {name} byte-order mark but is not valid {name} "
                                      f"({_first_bad_byte(body, codec)})")
            return _finish(t, name, notes)
    # 2. UTF-16 without BOM
    u16 = utf16_without_bom(data)
    if u16:
        t = _try(data[: len(data) - len(data) % 2], u16)
        if t is not None and text_quality(t)[0] > 0.2:
            if len(data) % 2:
                notes.append(warn("odd byte count for UTF-16: the last byte was dropped"))
            notes.append(info(f"no byte-order mark; recognised as {u16} from the NUL-byte pattern"))
            return _finish(t, u16, notes)
    # 3. UTF-8 wins when valid
    t = _try(data, "utf-8")
    if t is not None:
        if declared and declared not in ("utf-8", "ascii", "us-ascii") and not data.isascii():
            notes.append(info(f"the document declares charset {declared!r} but its bytes are valid UTF-8; read as UTF-8"))
        return _finish(t, "utf-8", notes)
    # 5 (before 4: whole-file GB18030 would 'succeed' on a UTF-8+GBK mixture). Mixed lines.
    mixed = _mixed_lines(data)
    if mixed is not None:
        text, codec, n_u, n_l = mixed
        whole = _try(data, codec)
        if whole is None or text_quality(text)[0] > text_quality(whole)[0] + 0.05:
            notes.append(info(f"mixed encodings: {n_u} line(s) are UTF-8 and {n_l} line(s) {codec}; "
                              "each line decoded with its own"))
            return _finish(text, f"mixed:utf-8+{codec}", notes)
    # 4. legacy candidates, scored
    candidates = [c for c in dict.fromkeys([declared, *_LEGACY]) if c]
    scored: list[tuple[float, str, str]] = []
    for codec in candidates:
        t = _try(data, codec)
        if t is not None:
            scored.append((text_quality(t)[0], codec, t))
    # A UTF-8 text with a few damaged bytes (a bad copy, a NUL dropped into a character) is UTF-8
    # with replacement characters, not a GB18030 text: the legacy readings of it score badly.
    damaged = data.decode("utf-8", "replace")
    n_bad = damaged.count("\ufffd") - data.count("\xef\xbf\xbd".encode("latin-1"))
    if 0 < n_bad <= max(3, len(data) // 10_000):
        q = text_quality(damaged.replace("\ufffd", ""))[0]
        if q > 0.5 and all(q > s[0] + 0.2 for s in scored):
            notes.append(warn(f"UTF-8 with {n_bad} damaged byte sequence(s) (first at {_first_bad_byte(data, 'utf-8')}); "
                              "each replaced by U+FFFD"))
            return _finish(damaged, "utf-8", notes)
    if not scored:
        try:
            from charset_normalizer import from_bytes

            best = from_bytes(data[:2_000_000]).best()
        except Exception:
            best = None
        if best is not None and best.encoding:
            t = _try(data, best.encoding)
            if t is not None and text_quality(t)[0] > 0.3:
                notes.append(warn(f"encoding guessed by charset-normalizer: {best.encoding}"))
                return _finish(t, best.encoding, notes)
        tried = ", ".join(["UTF-8", *(c.upper() for c in candidates)])
        return Decoded(error="undecodable",
                       detail=f"no encoding decodes it cleanly (tried {tried}; UTF-8 fails at "
                              f"{_first_bad_byte(data, 'utf-8')})")
    scored.sort(key=lambda s: s[0], reverse=True)
    score, codec, t = scored[0]
    if declared and codec != declared and declared in [s[1] for s in scored]:
        notes.append(info(f"the document declares charset {declared!r} but {codec} reads it far better; read as {codec}"))
    if score < 0.2 and len(scored) > 1 and scored[1][0] > score - 0.05:
        notes.append(warn(f"encoding uncertain: {codec} and {scored[1][1]} read it about equally badly"))
    return _finish(t, codec, notes)


def _finish(text: str, encoding: str, notes: list[ReadNote]) -> Decoded:
    fixed, via, more, error = repair_mojibake(text)
    if error:
        return Decoded(error="mojibake", detail=error, encoding=encoding)
    notes.extend(more)
    if via:
        encoding = f"{encoding}|mojibake:{via}"
    return Decoded(text=fixed, encoding=encoding, notes=tuple(notes))

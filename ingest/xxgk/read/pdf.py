"""Text of PDF reports, or a quarantine reason saying why there is none.

Text and tables come from the page layout (PDFium, ``xxgk.read.pdf_layout``): character boxes and
ruling lines give each table's grid, rendered as pipe rows like an HTML table (a blank cell stays
blank); running headers, footers and page numbers are dropped, lines wrapped by the page width joined;
``Extracted.locations`` says where each character was (page and box). Encrypted files open when the
user password is empty (permissions-only encryption, common on government sites); otherwise
``encrypted``. A file without a text layer (a scan) is ``no_text``; a text layer whose fonts have no
Unicode mapping (private-use or control characters instead of Chinese) is ``extraction_failed``.
Errors, limits and time budget: xxgk.read.document. Why PDFium: docs/formats.md.
"""

from __future__ import annotations

import re

from xxgk.read.document import DocumentError, Extracted, ExtractionTimeout, deadline, short_error, time_budget
from xxgk.read.sniff import sniff_kind

MAX_PAGES = 5000

_SPACE = re.compile(r"\s")
# private-use, replacement and control characters that are not whitespace (\s: \t-\r, \x1c-\x1f, \x85)
_UNUSABLE = re.compile("[\ue000-\uf8ff\ufffd\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")


def unusable_share(text: str) -> float:
    """The share of visible characters that are private-use, replacement or control codes."""
    visible = len(text) - len(_SPACE.findall(text))     # (regex scans: a per-character loop cost ~6 ms a report)
    if not visible:
        return 0.0
    return len(_UNUSABLE.findall(text)) / visible


def extract_pdf(data: bytes, *, max_chars: int) -> Extracted:
    head = data[:1024]
    if b"%PDF-" not in head:
        raise DocumentError("mislabeled", f"named .pdf but the content is not a PDF ({sniff_kind(data)})")
    budget = time_budget()
    try:
        with deadline(budget + 5):
            from xxgk.read.pdf_layout import extract_pdf_layout   # tables from the page geometry

            return extract_pdf_layout(data, max_chars=max_chars, budget=budget)
    except DocumentError:
        raise
    except ExtractionTimeout:
        raise DocumentError("extraction_failed", f"PDF text extraction took longer than {budget:.0f} s; stopped") from None
    except RecursionError:
        raise DocumentError("corrupt", "the PDF's object structure is nested too deeply to read (damaged or hostile file)") from None
    except MemoryError:
        raise DocumentError("extraction_failed", "PDF text extraction ran out of memory") from None
    except Exception as exc:  # a library error on a damaged file must not take the run down
        raise DocumentError("corrupt", f"the PDF cannot be read: {type(exc).__name__}: {short_error(exc)}") from None


def page_ranges(nums: list[int]) -> str:
    """1, 2, 3, 5 -> "1–3, 5"."""
    out: list[str] = []
    start = prev = nums[0]
    for n in nums[1:] + [None]:  # type: ignore[list-item]
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(out)

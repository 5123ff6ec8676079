"""What the document readers (xxgk.read.pdf, xxgk.read.word) share: their result, their error, and
their time limit.

``extract_pdf(data) / extract_docx(data) -> Extracted``; both raise ``DocumentError(reason, detail)``
when no usable text can be had. They never raise anything else (a library bug becomes
``extraction_failed``) and are bounded in time (``XXGK_DOCUMENT_SECONDS``, default 120 s, enforced
between pages and, in a process's main thread, also by an interval timer) and in output size.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from xxgk.read.locations import Locations
from xxgk.read.result import ReadNote

if TYPE_CHECKING:
    from xxgk.read.ocr_page import OcrText


class DocumentError(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    notes: tuple[ReadNote, ...] = ()
    locations: Locations | None = None     # PDF: where each character was (page and box)
    ocr: OcrText | None = None             # PDF: what of ``text`` was read by OCR, how surely (xxgk.read.ocr_page)


def time_budget() -> float:
    """Seconds one document may take to read (``XXGK_DOCUMENT_SECONDS``, default 120)."""
    try:
        return float(os.environ.get("XXGK_DOCUMENT_SECONDS", "120"))
    except ValueError:
        return 120.0


class ExtractionTimeout(Exception):
    pass


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Hard limit via SIGALRM where possible (main thread, POSIX, no other timer in use)."""
    """Hard limit via SIGALRM where possible (main thread, POSIX, no other timer in use)."""
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    if not usable:
        yield
        return

    def on_alarm(signum, frame):  # noqa: ARG001
        raise ExtractionTimeout()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def extend_deadline(seconds: float) -> None:
    """Give the running ``deadline`` more time (OCR's time grows with the pages it reads)."""
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        remaining = signal.getitimer(signal.ITIMER_REAL)[0]
        if remaining > 0:
            signal.setitimer(signal.ITIMER_REAL, remaining + seconds)


def short_error(exc: BaseException, limit: int = 200) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= limit else text[:limit] + "…"

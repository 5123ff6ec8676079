"""HTML → PDF with headless Chromium's print, the way a user saves a report page as PDF.

One browser serves many files: ``with ChromiumPrinter() as p: p.print_pdf(html, pdf, ...)`` drives it
over the DevTools protocol on a pipe (``--remote-debugging-pipe``: JSON messages ending in NUL on file
descriptors 3 and 4; no port, no websocket library). Printing a report takes ~0.1 s this way, against
~1.5 s for a ``chromium --print-to-pdf`` start per file.

What a print can carry varies like real "save as PDF" copies: the paper (A4 or Letter), and Chromium's
running header and footer (the page title at the top; the page number "3/5", or "- 3 -" or none at the
bottom). The reader must drop those from the text (xxgk.read.pdf_layout).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio")
TIMEOUT = 60.0
PAPERS = {"A4": (8.27, 11.69), "Letter": (8.5, 11.0)}
# Running header/footer templates (Chromium fills the classes title, pageNumber, totalPages, date, url)
_SMALL = 'style="font-size:9px;width:100%;text-align:center;font-family:sans-serif"'
HEADERS = {
    "none": '<span></span>',
    "title": f'<div {_SMALL}><span class="title"></span></div>',
}
FOOTERS = {
    "none": '<span></span>',
    "n/total": f'<div {_SMALL}><span class="pageNumber"></span>/<span class="totalPages"></span></div>',
    "- n -": f'<div {_SMALL}>- <span class="pageNumber"></span> -</div>',
}


_NO_BORDERS = ("for (const t of document.querySelectorAll('table')) { t.removeAttribute('border'); "
               "t.style.border = 'none'; t.style.borderCollapse = 'collapse'; } "
               "for (const c of document.querySelectorAll('td, th')) { c.style.border = 'none'; "
               "c.style.padding = '2px 8px'; }")


class ChromiumError(RuntimeError):
    pass


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


class ChromiumPrinter:
    """A headless Chromium kept open to print many HTML files to PDF."""

    def __init__(self) -> None:
        exe = chromium_path()
        if exe is None:
            raise ChromiumError("Chromium is not installed: apt-get install chromium fonts-wqy-zenhei")
        self._profile = tempfile.TemporaryDirectory(prefix="xxgk-chromium-")
        to_browser_r, self._w = os.pipe()
        self._r, from_browser_w = os.pipe()
        # the browser reads fd 3 and writes fd 4; bash places the pipe ends there (dash cannot name fds > 9)
        a = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
        b = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
        os.close(to_browser_r)
        os.close(from_browser_w)
        args = [exe, *CHROMIUM_ARGS, f"--user-data-dir={self._profile.name}", "--remote-debugging-pipe", "about:blank"]
        self._proc = subprocess.Popen(["bash", "-c", f'exec "$@" 3<&{a} 4>&{b} {a}<&- {b}>&-', "bash", *args],
                                      pass_fds=(a, b), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL)
        os.close(a)
        os.close(b)
        self._buf = b""
        self._id = 0
        self._pending: list[dict] = []
        try:
            target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
            self._session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            self._call("Page.enable", session=self._session)
        except BaseException:
            self.close()
            raise

    # -- protocol
    def _send(self, method: str, params: dict | None, session: str | None) -> int:
        self._id += 1
        msg: dict = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            data = data[os.write(self._w, data):]
        return self._id

    def _recv(self, deadline: float) -> dict:
        while b"\0" not in self._buf:
            if time.monotonic() > deadline:
                raise ChromiumError("Chromium did not answer in time")
            import select
            ready, _, _ = select.select([self._r], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                continue
            chunk = os.read(self._r, 1 << 20)
            if not chunk:
                raise ChromiumError("Chromium exited")
            self._buf += chunk
        msg, _, self._buf = self._buf.partition(b"\0")
        return json.loads(msg)

    def _wait(self, match, timeout: float = TIMEOUT) -> dict:
        for i, m in enumerate(self._pending):
            if match(m):
                return self._pending.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            m = self._recv(deadline)
            if match(m):
                return m
            if "id" not in m:              # an event: keep it for a later wait
                self._pending.append(m)

    def _call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        i = self._send(method, params, session)
        m = self._wait(lambda m: m.get("id") == i)
        if "error" in m:
            raise ChromiumError(f"{method}: {m['error'].get('message')}")
        return m.get("result") or {}

    # -- printing
    def print_pdf(self, html: Path, pdf: Path, *, paper: str = "A4", header: str = "none",
                  footer: str = "none", borders: bool = True) -> int:
        """Print ``html`` to ``pdf``; returns the PDF's size in bytes. ``borders=False`` prints its tables
        without ruling lines (columns then show only by how their text lines up)."""
        self._pending = [m for m in self._pending if m.get("method") != "Page.loadEventFired"]
        self._call("Page.navigate", {"url": Path(html).resolve().as_uri()}, session=self._session)
        self._wait(lambda m: m.get("method") == "Page.loadEventFired" and m.get("sessionId") == self._session)
        if not borders:
            self._call("Runtime.evaluate", {"expression": _NO_BORDERS}, session=self._session)
        width, height = PAPERS[paper]
        show = header != "none" or footer != "none"
        res = self._call("Page.printToPDF", {
            "paperWidth": width, "paperHeight": height, "printBackground": False,
            "displayHeaderFooter": show, "headerTemplate": HEADERS[header], "footerTemplate": FOOTERS[footer],
            "marginTop": 0.6 if show else 0.4, "marginBottom": 0.6 if show else 0.4,
            "marginLeft": 0.5, "marginRight": 0.5,
        }, session=self._session)
        data = base64.b64decode(res["data"])
        pdf.parent.mkdir(parents=True, exist_ok=True)
        pdf.write_bytes(data)
        return len(data)

    def close(self) -> None:
        try:
            if self._proc.poll() is None:
                try:
                    self._send("Browser.close", None, None)
                    self._proc.wait(timeout=10)
                except (OSError, subprocess.TimeoutExpired):
                    self._proc.kill()
                    self._proc.wait()
        finally:
            for fd in (self._w, self._r):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._profile.cleanup()

    def __enter__(self) -> "ChromiumPrinter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

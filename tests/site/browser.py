"""Headless Chromium driven over the DevTools protocol through a pipe (--remote-debugging-pipe): no
web driver, no extra package. Used by the site's browser tests (and bench/site.py's screenshots).

    with Browser() as b:
        page = b.open(Path("site/index.html").as_uri(), width=1440)
        page.eval("document.title")
        page.console_errors, page.requests, page.screenshot(Path("x.png"))
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
         "--mute-audio", "--disable-extensions", "--remote-debugging-pipe",
         # nothing may load from the network: any host name fails to resolve (requests are still recorded)
         "--host-resolver-rules=MAP * ~NOTFOUND")


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class BrowserError(RuntimeError):
    pass


class Browser:
    def __init__(self, timeout: float = 60.0) -> None:
        exe = chromium()
        if exe is None:
            raise BrowserError("chromium is not installed")
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="xxgk-chromium-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def wire() -> None:  # in the child: the protocol pipes on fds 3 (read) and 4 (write)
            r, w = os.dup(to_chrome_r), os.dup(from_chrome_w)  # dup first: either may already be 3 or 4
            os.dup2(r, 3)
            os.dup2(w, 4)

        # 3 and 4 are kept too: Popen closes the fds not passed after preexec_fn has run
        self.proc = subprocess.Popen([exe, *FLAGS, f"--user-data-dir={self._profile}", "about:blank"],
                                     pass_fds=tuple({to_chrome_r, from_chrome_w, 3, 4}), preexec_fn=wire,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._next = 0
        self._lock = threading.Lock()
        self._responses: dict[int, dict] = {}
        self._events: list[dict] = []
        self._cond = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    # ------------------------------------------------------------------ protocol
    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_chrome, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._cond:
                    self._cond.notify_all()
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                with self._cond:
                    if "id" in msg:
                        self._responses[msg["id"]] = msg
                    else:
                        self._events.append(msg)
                    self._cond.notify_all()

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        with self._lock:
            self._next += 1
            mid = self._next
        msg: dict[str, Any] = {"id": mid, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        with self._cond:
            while mid not in self._responses:
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None:
                    raise BrowserError(f"no answer to {method}")
                self._cond.wait(left)
            resp = self._responses.pop(mid)
        if "error" in resp:
            raise BrowserError(f"{method}: {resp['error']}")
        return resp.get("result", {})

    def wait_event(self, method: str, session: str, since: int) -> dict:
        deadline = time.monotonic() + self.timeout
        with self._cond:
            while True:
                for ev in self._events[since:]:
                    if ev.get("method") == method and ev.get("sessionId") == session:
                        return ev
                left = deadline - time.monotonic()
                if left <= 0:
                    raise BrowserError(f"timed out waiting for {method}")
                self._cond.wait(left)

    def events(self, session: str) -> list[dict]:
        with self._cond:
            return [e for e in self._events if e.get("sessionId") == session]

    # ------------------------------------------------------------------ pages
    def open(self, url: str, *, width: int = 1440, height: int = 900) -> Page:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=session)
        with self._cond:
            mark = len(self._events)
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_event("Page.loadEventFired", session, mark)
        page = Page(self, session, target, url, width)
        page.eval("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))", await_promise=True)
        return page

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except BrowserError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class Page:
    browser: Browser
    session: str
    target: str
    url: str
    width: int
    _closed: bool = field(default=False)

    def eval(self, expression: str, *, await_promise: bool = False) -> Any:
        res = self.browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                     "awaitPromise": await_promise}, session=self.session)
        if "exceptionDetails" in res:
            raise BrowserError(f"{expression[:80]}: {res['exceptionDetails'].get('text')} "
                               f"{res['exceptionDetails'].get('exception', {}).get('description', '')}")
        return res.get("result", {}).get("value")

    @property
    def console_errors(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions, and browser log errors (failed loads)."""
        out = []
        for ev in self.browser.events(self.session):
            m, p = ev.get("method"), ev.get("params", {})
            if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
                out.append("console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
            elif m == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                out.append(f"exception: {d.get('text')} {d.get('exception', {}).get('description', '')}")
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
                out.append(f"log: {p['entry'].get('text')} {p['entry'].get('url', '')}")
        return out

    @property
    def requests(self) -> list[str]:
        return [ev["params"]["request"]["url"] for ev in self.browser.events(self.session)
                if ev.get("method") == "Network.requestWillBeSent"]

    def screenshot(self, path: Path, *, max_height: int = 8000, y: int = 0) -> Path:
        """The page from ``y`` down, at most ``max_height`` pixels of it."""
        w, h = self.eval("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": True,
                                  "clip": {"x": 0, "y": y, "width": w, "height": max(1, min(h - y, max_height)),
                                           "scale": 1}}
        data = self.browser.send("Page.captureScreenshot", params, session=self.session)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        if not self._closed:
            self.browser.send("Target.closeTarget", {"targetId": self.target})
            self._closed = True

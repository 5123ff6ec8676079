"""A corpus of scanned reports with ground truth: synthetic reports rendered as HTML, printed to PDF by
headless Chromium, then scanned (xxgk.synth.scan) into image-only PDFs.

``make_scan_corpus(n, out_dir, seed=0, style=ScanStyle()) -> list[dict]`` writes
``out_dir/reports/<name>.pdf`` (the scan), ``out_dir/text/<name>.html`` (the same report as text: its
metadata is what the scan must give too) and ``out_dir/truth.jsonl`` (golden format, as `xxgk synth`).

Reports are drawn like `xxgk synth`'s (sample_truth), rendered without text damage: a scan's damage is
the scan's own (skew, grain, seal). The printed page looks like a report printed from Word: one font
(WenQuanYi Zen Hei), single ruled tables, figures centred in their cells.
"""

from __future__ import annotations

import base64
import json
import random
import re
import shutil
import subprocess
import tempfile
from dataclasses import asdict, replace
from decimal import Decimal
from pathlib import Path

from xxgk.synth.corpus import sample_truth
from xxgk.synth.render import render_report
from xxgk.synth.scan import ScanStyle, rasterise, scan_pdf

PRINT_CSS = ("<style>@page{size:A4;margin:22mm 20mm}"
             "body{font-family:'WenQuanYi Zen Hei',sans-serif;font-size:15px;line-height:1.6}"
             "h1{font-size:22px;text-align:center}p{margin:0.4em 0}"
             "table{border-collapse:collapse;width:100%}td{border:1px solid #000;padding:3px 5px;"
             "text-align:center}td p{margin:0}.nav{display:none}</style>")
ERAS = ("v2021", "v2019", "v2021", "pre2019", "v2021", "v2019")


class ChromiumMissing(RuntimeError):
    pass


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def print_pdf(html: str) -> bytes:
    """The HTML printed to PDF by headless Chromium (no header or footer lines)."""
    exe = chromium()
    if exe is None:
        raise ChromiumMissing("chromium is not installed")
    html = html.replace("</head>", PRINT_CSS + "</head>", 1)
    with tempfile.TemporaryDirectory(prefix="xxgk-print-") as tmp:
        src, out = Path(tmp) / "r.html", Path(tmp) / "r.pdf"
        src.write_text(html, encoding="utf-8")
        subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-pdf-header-footer", f"--user-data-dir={tmp}/profile",
                        f"--print-to-pdf={out}", src.as_uri()],
                       check=True, capture_output=True, timeout=120)
        return out.read_bytes()


def _num(x):
    if isinstance(x, Decimal):
        return int(x) if x == x.to_integral_value() else float(x)
    raise TypeError(type(x))


def make_scan_corpus(n: int, out_dir: Path, seed: int = 0, style: ScanStyle = ScanStyle(),
                     printed_dir: Path | None = None) -> list[dict]:
    """``printed_dir``: where the printed (text-layer) PDFs are kept and re-used, so one corpus can be
    scanned at several resolutions with one print (default ``out_dir/printed``)."""
    out_dir = Path(out_dir)
    printed_dir = Path(printed_dir) if printed_dir else out_dir / "printed"
    printed_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "reports").mkdir(parents=True, exist_ok=True)
    (out_dir / "text").mkdir(parents=True, exist_ok=True)
    truths = []
    for i in range(n):
        rng = random.Random(f"{seed}:scan:{i}")
        era = ERAS[i % len(ERAS)]
        truth = sample_truth(rng, era)
        rendered = render_report(truth, "html", rng, ())
        name = f"scan{seed:02d}_{i:04d}"
        (out_dir / "text" / f"{name}.html").write_text(rendered.text, encoding="utf-8")
        printed = printed_dir / f"{name}.pdf"
        if not printed.exists():
            printed.write_bytes(print_pdf(rendered.text))
        pdf = printed.read_bytes()
        # half the scans are colour (a red seal the reader can remove), half grayscale (a faded gray seal)
        page_style = replace(style, color=style.color and i % 2 == 0)
        (out_dir / "reports" / f"{name}.pdf").write_bytes(scan_pdf(pdf, page_style, rng))
        t = rendered.truth
        t["file"] = f"{name}.pdf"
        t["synth"] = {**t.get("synth", {}), "scan": asdict(page_style), "text_twin": f"text/{name}.html"}
        truths.append(t)
    with open(out_dir / "truth.jsonl", "w", encoding="utf-8") as fh:
        for t in truths:
            fh.write(json.dumps(t, ensure_ascii=False, default=_num) + "\n")
    return truths


# ---------------------------------------------------------------- tables pasted as pictures

_TABLE = re.compile(r"<table\b.*?</table>", re.S)


def table_picture(table_html: str, dpi: int = 200) -> tuple[bytes, int]:
    """A table printed alone and cut out of the page as a PNG (its rules and text as pixels), and
    its width in CSS pixels at which it prints at its own size."""
    import cv2
    import numpy as np

    # printed smaller than the report's text, as a screenshot pasted into a page usually is
    style = "<style>body{font-size:12px!important}td{padding:1px 3px!important}</style>"
    pdf = print_pdf(f"<!DOCTYPE html><html><head><meta charset='utf-8'>{style}</head><body>{table_html}</body></html>")
    pieces = []
    for page in rasterise(pdf, dpi):
        gray = cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)
        ys, xs = np.nonzero(gray < 200)
        if ys.size:
            pieces.append(page[max(0, ys.min() - 6):ys.max() + 7, max(0, xs.min() - 6):xs.max() + 7])
    width = max(p.shape[1] for p in pieces)
    pieces = [np.pad(p, ((0, 0), (0, width - p.shape[1]), (0, 0)), constant_values=255) for p in pieces]
    ok, png = cv2.imencode(".png", cv2.cvtColor(np.vstack(pieces), cv2.COLOR_RGB2BGR))
    return png.tobytes(), int(round(width * 96 / dpi))


def with_table_as_picture(html: str, which: int, dpi: int = 200) -> str:
    """The report's HTML with its ``which``-th table replaced by a picture of it."""
    tables = list(_TABLE.finditer(html))
    t = tables[which]
    png, width = table_picture(t.group(0), dpi)
    img = (f'<p><img style="width:{width}px;max-width:100%" alt="" '
           f'src="data:image/png;base64,{base64.b64encode(png).decode()}"></p>')
    return html[:t.start()] + img + html[t.end():]


def make_picture_table_corpus(n: int, out_dir: Path, seed: int = 0) -> list[dict]:
    """Digital reports (a text layer) whose 表三 is a picture: ``out_dir/reports/<name>.pdf``,
    ``out_dir/truth.jsonl``; the text twin as in make_scan_corpus."""
    out_dir = Path(out_dir)
    (out_dir / "reports").mkdir(parents=True, exist_ok=True)
    (out_dir / "text").mkdir(parents=True, exist_ok=True)
    truths = []
    for i in range(n):
        rng = random.Random(f"{seed}:picture:{i}")
        truth = sample_truth(rng, ("v2021", "v2019")[i % 2])
        rendered = render_report(truth, "html", rng, ())
        name = f"pict{seed:02d}_{i:04d}"
        (out_dir / "text" / f"{name}.html").write_text(rendered.text, encoding="utf-8")
        (out_dir / "reports" / f"{name}.pdf").write_bytes(print_pdf(with_table_as_picture(rendered.text, 1)))
        t = rendered.truth
        t["file"] = f"{name}.pdf"
        t["synth"] = {**t.get("synth", {}), "picture_table": "t3", "text_twin": f"text/{name}.html"}
        truths.append(t)
    with open(out_dir / "truth.jsonl", "w", encoding="utf-8") as fh:
        for t in truths:
            fh.write(json.dumps(t, ensure_ascii=False, default=_num) + "\n")
    return truths

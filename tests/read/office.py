"""Test helpers: a real report's text as the HTML page it was published as, and LibreOffice
conversions of it (HTML → .docx → .doc), so the Word readers can be scored on real reports.

``report_html(text)`` keeps every prose line as a paragraph and replaces each table region the text
parser reads (表二/表三/表四) by the official table layout (``xxgk.synth.render.build_t*``: the
merged header cells, the 三、本年度办理结果 / （三）不予公开 row spans) holding the cells the text
version read, as written there (raw cell text: "160.5964万元", "/", blank). Rows the text does not
have (a report cut off mid-table) are left out. So the HTML version gets what the text version gets,
in the layout Word and LibreOffice really produce.

``convert(files, fmt, outdir)`` runs one LibreOffice process for a batch of files, in a private
profile. (The product's own converter is ``xxgk.read.office_convert``; i16's ``xxgk synth`` office
renderings are the corpus-scale version of this helper: the lead may unify them.)
"""

from __future__ import annotations

import html
import random
import subprocess
import tempfile
from pathlib import Path

from xxgk.parse import parse_report
from xxgk.parse.tables.assemble import assemble
from xxgk.parse.tables.era import compact, detect_era
from xxgk.parse.tables.templates import t2_table, t3_table, t4_table
from xxgk.parse.tables.tokens import LINE, tokenize
from xxgk.read.office_convert import soffice_binary as soffice
from xxgk.synth.render import Cell, build_t2, build_t3, build_t4

# words that open a table's header block, searched upwards from the table's first row
_HEAD_ANCHORS = {"t2": ("第二十条",), "t3": ("勾稽", "申请人情况"), "t4": ("行政复议",)}
_HEAD_LOOKBACK = 40


def _table_lines(text: str) -> dict[str, tuple[int, int]]:
    """1-based (first, last) line of each table the text parser reads, header block included."""
    flat = compact(text)
    era = detect_era(text, flat)
    era3 = era or ("v2021" if "逾期不补正" in flat else "v2019")
    tables = {"t3": t3_table(era3), "t4": t4_table()}
    if era is not None:
        tables["t2"] = t2_table(era)
    asm = assemble(tokenize(text), tables, era3)
    lines = text.split("\n")
    out: dict[str, tuple[int, int]] = {}
    for seg in asm.segs:
        toks = ([seg.label] if seg.label else []) + list(seg.cells)
        nums = [t[LINE] for t in toks]
        if not nums:
            continue
        a, b = out.get(seg.table, (min(nums), max(nums)))
        out[seg.table] = (min(a, *nums), max(b, *nums))
    for name, (a, b) in list(out.items()):
        for ln in range(a, max(0, a - _HEAD_LOOKBACK), -1):
            if any(w in lines[ln - 1] for w in _HEAD_ANCHORS[name]):
                a = ln
                break
        out[name] = (a, b)
    return out


def _kept_rows(rows: list[list[Cell]], present: dict[str, str]) -> list[list[Cell]]:
    """The rows the text has (a row of data cells none of which the text read is left out), with row
    spans clamped to the rows kept (the rendering of a cut-off table)."""
    keep = [row for row in rows if not (keys := [c.key for c in row if c.key]) or any(k in present for k in keys)]
    return [[Cell(c.text, c.key, min(c.rowspan, len(keep) - i), c.colspan, c.head) for c in row]
            for i, row in enumerate(keep)]


def report_blocks(text: str, name: str = "report.txt") -> list[str | list[list[Cell]]]:
    """The real report ``text`` as published: paragraphs (str) and tables (rows of Cells with spans)."""
    rec = parse_report(text, name)
    raw = {f.key: f.raw for f in rec.facts if f.key.startswith(("t2.", "t3.", "t4."))}
    era = rec.era or "v2021"
    regions = _table_lines(text)
    builders = {"t2": lambda v: build_t2(era, v, "", random.Random(0)),
                "t3": lambda v: build_t3(era, v, ""), "t4": lambda v: build_t4(v, "")}
    starts = {a: name for name, (a, _b) in regions.items()}
    skip: set[int] = set()
    for a, b in regions.values():
        skip.update(range(a, b + 1))
    blocks: list[str | list[list[Cell]]] = []
    for ln, line in enumerate(text.split("\n"), start=1):
        if ln in starts:
            t = starts[ln]
            present = {k: v for k, v in raw.items() if k.startswith(t + ".")}
            if present:
                blocks.append(_kept_rows(builders[t](present), present))
        if ln not in skip:
            blocks.append(line)
    return blocks


def report_html(text: str, name: str = "report.txt") -> str:
    """The real report ``text`` as a published HTML page (see the module docstring)."""
    body: list[str] = []
    for block in report_blocks(text, name):
        if isinstance(block, str):
            body.append(f"<p>{html.escape(block)}</p>" if block.strip() else "<p></p>")
            continue
        body.append('<table border="1" cellspacing="0" cellpadding="0">')
        for row in block:
            cells = []
            for c in row:
                attrs = (f' colspan="{c.colspan}"' if c.colspan > 1 else "") + (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "")
                cells.append(f"<td{attrs}><p>{html.escape(c.text)}</p></td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        body.append("</table>")
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>report</title></head><body>\n'
            + "\n".join(body) + "\n</body></html>\n")


def report_docx(text: str, name: str = "report.txt") -> bytes:
    """The real report ``text`` as a .docx whose merged cells are written the way Word writes them
    (``w:gridSpan`` across columns, ``w:vMerge`` restart/continue down rows), without LibreOffice."""
    from xml.sax.saxutils import escape

    from tests.read.docx_xml import p, package, tbl, tc, tr

    body: list[str] = []
    for block in report_blocks(text, name):
        if isinstance(block, str):
            body.append(p(escape(block)))
            continue
        width = sum(c.colspan for c in block[0])
        below: dict[tuple[int, int], int] = {}          # (row, col) -> colspan of a cell continued from above
        rows = []
        for r, row in enumerate(block):
            cells, col, queue = [], 0, list(row)
            while col < width and (queue or (r, col) in below):
                if (r, col) in below:
                    span = below[(r, col)]
                    cells.append(tc(span=span, vmerge="continue"))
                    col += span
                    continue
                c = queue.pop(0)
                for k in range(1, c.rowspan):
                    below[(r + k, col)] = c.colspan
                cells.append(tc(escape(c.text), span=c.colspan, vmerge="restart" if c.rowspan > 1 else None))
                col += c.colspan
            rows.append(tr(*cells))
        body.append(tbl(*rows, cols=width))
    return package("".join(body))


def convert(files: list[Path], fmt: str, outdir: Path, timeout: float = 600) -> list[Path]:
    """Convert ``files`` with one LibreOffice process; ``fmt`` is "docx", "doc" or "pdf"."""
    exe = soffice()
    assert exe, "LibreOffice (soffice) is not installed"
    filters = {"docx": "docx:MS Word 2007 XML", "doc": "doc:MS Word 97", "pdf": "pdf"}
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xxgk-lo-test-") as profile:
        subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                        "--convert-to", filters[fmt], "--outdir", str(outdir), *map(str, files)],
                       check=True, capture_output=True, timeout=timeout)
    out = [outdir / (f.stem + "." + fmt) for f in files]
    missing = [p.name for p in out if not p.exists()]
    assert not missing, f"LibreOffice did not write {missing}"
    return out

"""The page shell every site page shares: head (bundled stylesheet and script), navigation, footer."""

from __future__ import annotations

import html
import json

# (file, 中文, English) of the top-level pages, in navigation order
NAV = (
    ("index.html", "概览", "Overview"),
    ("bodies.html", "机关", "Bodies"),
    ("reports.html", "报告", "Reports"),
    ("findings.html", "发现", "Findings"),
    ("quality.html", "数据质量", "Quality"),
    ("checks.html", "规则校验", "Checks"),
    ("downloads.html", "下载", "Downloads"),
)


HERE = ' class="here"'


def esc(x: object) -> str:
    return html.escape("" if x is None else str(x))


def page(*, title: str, body: str, root: str, here: str | None = None, scripts: tuple[str, ...] = (),
         footer: str = "") -> str:
    """A whole HTML page. ``root`` is the relative path back to the site's top ('' or '../' ...);
    ``scripts`` are data files (relative to the root) loaded before the site script runs."""
    nav = "".join(f'<a href="{root}{f}"{HERE if f == here else ""}>{zh}<span class="en">{en}</span></a>'
                  for f, zh, en in NAV)
    data = "".join(f'<script src="{root}{esc(s)}"></script>' for s in scripts)
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{esc(title)} · 政府信息公开年度报告</title>'
            f'<link rel="stylesheet" href="{root}assets/site.css">{data}'
            f'<script src="{root}assets/site.js"></script></head><body>'
            f'<header class="top"><nav><a class="brand" href="{root}index.html">政府信息公开年度报告 '
            f'<span class="en">xxgk</span></a>{nav}</nav></header><main>{body}</main>'
            f'<footer class="bottom">{footer}</footer></body></html>')


def datatable(table_id: str, spec: dict) -> str:
    """A client-side table (assets/site.js): the spec as JSON next to its placeholder."""
    blob = json.dumps(spec, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return (f'<div class="datatable" id="{esc(table_id)}" data-spec="{esc(table_id)}-spec"></div>'
            f'<script type="application/json" id="{esc(table_id)}-spec">{blob}</script>')


def data_script(name: str, cols: list[str], rows: list[list]) -> str:
    """The content of data/<name>.js: rows for a client-side table."""
    blob = json.dumps({"cols": cols, "rows": rows}, ensure_ascii=False, separators=(",", ":"), default=str)
    return f"(window.XXGK_DATA=window.XXGK_DATA||{{}})[{json.dumps(name)}]={blob};\n"

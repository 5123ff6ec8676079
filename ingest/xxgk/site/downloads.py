"""downloads.html and downloads/: every mart as CSV and Parquet (one file each, column descriptions in
the Parquet metadata), and README.md listing every column in Chinese and English."""

from __future__ import annotations

from xxgk.export import columns_readme, copy_relation, mart_relations
from xxgk.site.context import Ctx
from xxgk.site.layout import esc, page

# A CSV is offered when a spreadsheet can open it (Excel's row limit); a longer table as CSV is gigabytes
# that take minutes to write (fct_report_facts at 100k reports: 15M rows, ~2 GB) and no spreadsheet
# opens: its Parquet file is the download, and the page shows the one line that turns it into a CSV.
SPREADSHEET_ROWS = 1_048_575


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1024
    return str(n)


def write(ctx: Ctx) -> None:
    rels = mart_relations(ctx.con)
    # a download's row order carries no meaning: let DuckDB write the files in parallel (snappy: the
    # fastest compression every Parquet reader knows; 15M figures in ~7 s instead of ~11)
    ctx.con.execute("set preserve_insertion_order = false")
    folder = ctx.out / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    rows, sections = [], []
    for rel in rels:
        links = []
        n = ctx.one(f'select count(*) from marts."{rel.name}"')
        for fmt in ("csv", "parquet"):
            if fmt == "csv" and n > SPREADSHEET_ROWS:
                links.append(f'<span class="muted">CSV: {n:,} 行超过电子表格上限 more rows than a spreadsheet opens — '
                             f"<code>duckdb -c \"copy (from '{esc(rel.name)}.parquet') to '{esc(rel.name)}.csv'\"</code>"
                             "</span>")
                continue
            target = folder / f"{rel.name}.{fmt}"
            copy_relation(ctx.con, rel, target, fmt=fmt, partition=False, compression="snappy")
            size = target.stat().st_size
            ctx.bytes_written["downloads"] = ctx.bytes_written.get("downloads", 0) + size
            ctx.files_written["downloads"] = ctx.files_written.get("downloads", 0) + 1
            links.append(f'<a href="downloads/{esc(rel.name)}.{fmt}" download>{fmt.upper()}</a> '
                         f'<span class="muted">{_size(size)}</span>')
        rows.append(f'<tr id="dl-{esc(rel.name)}"><td><a href="#cols-{esc(rel.name)}"><code>{esc(rel.name)}</code></a></td>'
                    f'<td class="wrap">{esc(rel.description)}</td><td class="n" data-value="{n}">{n:,}</td>'
                    f"<td>{' · '.join(links)}</td></tr>")
        cols = "".join(f"<tr><td><code>{esc(c.name)}</code></td><td>{esc(ctx.labels.columns.get(c.name, ''))}</td>"
                       f'<td class="mono">{esc(c.type)}</td><td class="wrap">{esc(c.description)}</td></tr>'
                       for c in rel.columns)
        sections.append(f'<section id="cols-{esc(rel.name)}"><h2><code>marts.{esc(rel.name)}</code></h2>'
                        f'<p class="muted">{esc(rel.description)}</p><div class="scroll"><table><thead><tr>'
                        "<th>字段 <span class=en>column</span></th><th>中文</th><th>类型 <span class=en>type</span></th>"
                        f"<th>说明 <span class=en>description</span></th></tr></thead><tbody>{cols}</tbody></table></div></section>")
    readme = columns_readme(rels, partitioned=False, labels_zh=ctx.labels.columns)
    ctx.write("downloads/README.md", readme, "downloads")
    body = ('<h1>下载 <span class="en">Downloads</span></h1><p class="sub">每个 marts 表的 CSV 和 Parquet 文件（Parquet '
            "文件的元数据中带有字段说明 xxgk:columns），以及中英文字段说明 "
            '<a href="downloads/README.md">README.md</a>。 Every mart as CSV and Parquet (the Parquet files carry the '
            "column descriptions as key-value metadata), and a README of the columns in Chinese and English. "
            "A table with more rows than a spreadsheet opens is offered as Parquet only. "
            "For year-partitioned Parquet use <code>xxgk export</code>.</p>"
            '<section><div class="scroll"><table id="downloads"><thead><tr><th>表 <span class=en>table</span></th>'
            "<th>内容 <span class=en>one row per</span></th><th class=n>行数 <span class=en>rows</span></th>"
            f"<th>文件 <span class=en>files</span></th></tr></thead><tbody>{''.join(rows)}</tbody></table></div></section>"
            + "".join(sections))
    ctx.write("downloads.html", page(title="下载 Downloads", body=body, root="", here="downloads.html",
                                     footer=ctx.footer("")), "lists")

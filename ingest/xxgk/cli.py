"""The `xxgk` command line: a thin layer over the library (xxgk.pipeline, xxgk.extract, xxgk.synth).

Exit codes: 0 success · 1 the run failed (the previous warehouse is unchanged) · 2 bad usage or an
unusable warehouse location (read-only, full disk, cannot be opened; the previous warehouse is
unchanged) · 3 the warehouse is locked by another program, or another `xxgk run` is building it
(`--wait` waits for that run instead) · 4 `--strict` and the run produced findings of severity `error`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

EXIT_STRICT = 4
FOLLOW_LINKS_HELP = ("read the files and folders that symbolic links lead to outside the reports folder "
                     "(default: list them as not read, reason link_outside_folder)")


def _cmd_run(args: argparse.Namespace) -> int:
    from xxgk import pipeline
    from xxgk.paths import SAMPLE_REPORTS_DIR
    from xxgk.warehouse import WarehouseError

    reports = Path(args.reports) if args.reports else SAMPLE_REPORTS_DIR
    try:
        summary = pipeline.run(reports, Path(args.warehouse), jobs=args.jobs, force=args.force,
                               site_dir=Path(args.site) if args.site else None, wait=args.wait,
                               follow_links=args.follow_links, prune=args.prune)
    except WarehouseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except pipeline.PipelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    if args.json:
        from xxgk.summary import to_json

        print(json.dumps(to_json(summary), ensure_ascii=False, indent=1))
    else:
        print(pipeline.format_summary(summary))
    if args.strict and summary.errors:
        print(f"--strict: {summary.errors} findings of severity 'error'", file=sys.stderr)
        return EXIT_STRICT
    return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    from xxgk.extract import extract_paths

    for obj in extract_paths([Path(p) for p in args.paths], jobs=args.jobs, follow_links=args.follow_links):
        sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from xxgk.export import ExportError, export_marts

    try:
        written = export_marts(Path(args.warehouse), Path(args.out))
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for table, n in written.items():
        print(f"{table:<28} {n:>10} rows")
    return 0


def _cmd_site(args: argparse.Namespace) -> int:
    from xxgk.export import ExportError, open_warehouse
    from xxgk.site import build_site

    warehouse = Path(args.warehouse)
    try:
        open_warehouse(warehouse).close()  # one line, and nothing written, when there is no warehouse
    except ExportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = build_site(warehouse, Path(args.out) if args.out else None)
    timing = ", ".join(f"{k} {v:.1f}s" for k, v in result.seconds.items())
    print(f"site: {result.index}\n  time: {timing} (total {result.total_seconds:.1f}s)")
    return 0


def _cmd_synth(args: argparse.Namespace) -> int:
    from xxgk.synth import LAYOUTS, generate_corpus

    unknown = sorted(set(args.layout or ()) - set(LAYOUTS))
    if unknown:
        print(f"xxgk synth: unknown layout {', '.join(unknown)} (known: {', '.join(LAYOUTS)})", file=sys.stderr)
        return 2
    formats = [f for f in (args.formats or "").split(",") if f]
    if formats and args.layout and set(args.layout) != {"html"}:
        print("xxgk synth: --formats renders the HTML layout; it cannot be combined with another --layout",
              file=sys.stderr)
        return 2
    layouts = ("html",) if formats else tuple(args.layout) if args.layout else None
    summary = generate_corpus(args.n, Path(args.out), seed=args.seed, jobs=args.jobs or None, layouts=layouts)
    out = summary.to_dict()
    if formats:
        from xxgk.synth.formats import render_formats

        out["formats"] = render_formats(Path(args.out), formats)
    print(json.dumps(out, ensure_ascii=False, default=str))
    return 0


def _version() -> str:
    """The installed package version and the parser version (what decides re-parsing)."""
    from importlib import metadata

    from xxgk.parse.version import PARSER_VERSION

    try:
        package = metadata.version("xxgk-warehouse")
    except metadata.PackageNotFoundError:
        package = "unknown"
    return f"{package} (parser {PARSER_VERSION})"


def build_parser() -> argparse.ArgumentParser:
    from xxgk.paths import warehouse_from_env

    parser = argparse.ArgumentParser(prog="xxgk", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="ingest reports, dbt build with quality checks, write the report site")
    p.add_argument("--reports", help="folder of report files (default: the bundled sample_reports/)")
    p.add_argument("--warehouse", default=str(warehouse_from_env()),
                   help="DuckDB file to build (default: $XXGK_WAREHOUSE or warehouse/xxgk.duckdb)")
    p.add_argument("--jobs", type=int, default=0, help="parser processes (default: one per core)")
    p.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    p.add_argument("--strict", action="store_true", help=f"exit {EXIT_STRICT} when any finding has severity 'error'")
    p.add_argument("--site", help="folder of the report site (default: <warehouse name>_site/ next to the warehouse)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON (for scripts)")
    p.add_argument("--wait", action="store_true",
                   help="if another xxgk run is building this warehouse, wait for it to finish (default: exit 3)")
    p.add_argument("--follow-links", action="store_true", help=FOLLOW_LINKS_HELP)
    p.add_argument("--prune", action="store_true",
                   help="drop the reports whose files are no longer in the folder (default: keep them, "
                        "marked source_present = false)")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("extract", help="parse report files and print one JSON object per file (JSON Lines)")
    p.add_argument("paths", nargs="+", help="report files or folders (walked for report files)")
    p.add_argument("--jobs", type=int, default=0, help="worker processes (default: one per core)")
    p.add_argument("--follow-links", action="store_true", help=FOLLOW_LINKS_HELP)
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("export", help="write the marts as Parquet (partitioned by report_year)")
    p.add_argument("--warehouse", default=str(warehouse_from_env()), help="DuckDB file to read (read-only)")
    p.add_argument("--out", required=True, help="output folder")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("site", help="write the report site (static pages, open index.html from disk)")
    p.add_argument("--warehouse", default=str(warehouse_from_env()), help="DuckDB file to read (read-only)")
    p.add_argument("--out", help="output folder (default: <warehouse name>_site/ next to the warehouse)")
    p.set_defaults(func=_cmd_site)

    p = sub.add_parser("synth", help="write a seeded synthetic corpus with ground truth (benchmarks, tests)")
    p.add_argument("n", type=int, help="number of reports")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--seed", type=int, default=0, help="random seed (same seed, same corpus)")
    p.add_argument("--jobs", type=int, default=0, help="worker processes (default: one per core)")
    p.add_argument("--layout", action="append",
                   help="only this table layout (repeatable; e.g. --layout fused); default: the usual mix")
    p.add_argument("--formats", help="also render every report (then all HTML) as these, comma-separated: "
                                     "pdf-chromium, pdf-office, docx, doc (needs Chromium / LibreOffice)")
    p.set_defaults(func=_cmd_synth)
    return parser


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())

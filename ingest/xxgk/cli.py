"""The `xxgk` command line: a thin layer over the library (xxgk.pipeline, xxgk.extract, xxgk.synth).

Exit codes: 0 success · 1 the run failed (the previous warehouse is unchanged) · 2 bad usage or an
unusable warehouse location (read-only, full disk, cannot be opened; the previous warehouse is
unchanged) · 3 the warehouse is locked by another program · 4 `--strict` and the run produced
findings of severity `error`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

EXIT_STRICT = 4


def _cmd_run(args: argparse.Namespace) -> int:
    from xxgk import pipeline
    from xxgk.paths import SAMPLE_REPORTS_DIR
    from xxgk.warehouse import WarehouseError

    reports = Path(args.reports) if args.reports else SAMPLE_REPORTS_DIR
    try:
        summary = pipeline.run(reports, Path(args.warehouse), jobs=args.jobs, force=args.force,
                               report_html=Path(args.report) if args.report else None)
    except WarehouseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except pipeline.PipelineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(pipeline.format_summary(summary))
    if args.strict and summary.errors:
        print(f"--strict: {summary.errors} findings of severity 'error'", file=sys.stderr)
        return EXIT_STRICT
    return 0


def _cmd_extract(args: argparse.Namespace) -> int:
    from xxgk.extract import extract_paths

    for obj in extract_paths([Path(p) for p in args.paths], jobs=args.jobs):
        sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from xxgk.export import export_marts

    for table, n in export_marts(Path(args.warehouse), Path(args.out)).items():
        print(f"{table:<28} {n:>10} rows")
    return 0


def _cmd_synth(args: argparse.Namespace) -> int:
    from xxgk.synth import generate_corpus

    formats = [f for f in (args.formats or "").split(",") if f]
    summary = generate_corpus(args.n, Path(args.out), seed=args.seed, jobs=args.jobs or None,
                              layout="html" if formats else None)
    out = summary.to_dict()
    if formats:
        from xxgk.synth.formats import render_formats

        out["formats"] = render_formats(Path(args.out), formats)
    print(json.dumps(out, ensure_ascii=False, default=str))
    return 0


def build_parser() -> argparse.ArgumentParser:
    from xxgk.paths import warehouse_from_env

    parser = argparse.ArgumentParser(prog="xxgk", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="ingest reports, dbt build with quality checks, write the data-quality report")
    p.add_argument("--reports", help="folder of report files (default: the bundled sample_reports/)")
    p.add_argument("--warehouse", default=str(warehouse_from_env()),
                   help="DuckDB file to build (default: $XXGK_WAREHOUSE or warehouse/xxgk.duckdb)")
    p.add_argument("--jobs", type=int, default=0, help="parser processes (default: one per core)")
    p.add_argument("--force", action="store_true", help="rebuild even when nothing changed")
    p.add_argument("--strict", action="store_true", help=f"exit {EXIT_STRICT} when any finding has severity 'error'")
    p.add_argument("--report", help="where to write the data-quality HTML (default: next to the warehouse)")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("extract", help="parse report files and print one JSON object per file (JSON Lines)")
    p.add_argument("paths", nargs="+", help="report files or folders (walked for report files)")
    p.add_argument("--jobs", type=int, default=0, help="worker processes (default: one per core)")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("export", help="write the marts as Parquet (partitioned by report_year)")
    p.add_argument("--warehouse", default=str(warehouse_from_env()), help="DuckDB file to read (read-only)")
    p.add_argument("--out", required=True, help="output folder")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("synth", help="write a seeded synthetic corpus with ground truth (benchmarks, tests)")
    p.add_argument("n", type=int, help="number of reports")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--seed", type=int, default=0, help="random seed (same seed, same corpus)")
    p.add_argument("--jobs", type=int, default=0, help="worker processes (default: one per core)")
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

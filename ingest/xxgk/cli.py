"""The `xxgk` command line: a thin layer over the library (xxgk.pipeline, xxgk.parse, ...)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _cmd_extract(args: argparse.Namespace) -> int:
    from xxgk.extract import extract_paths

    for obj in extract_paths([Path(p) for p in args.paths], jobs=args.jobs):
        sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="xxgk", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="parse report files and print one JSON object per file (JSON Lines)")
    p.add_argument("paths", nargs="+", help="report files or folders (walked for .txt/.html/.htm)")
    p.add_argument("--jobs", type=int, default=0, help="worker processes (default: one per core)")
    p.set_defaults(func=_cmd_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())

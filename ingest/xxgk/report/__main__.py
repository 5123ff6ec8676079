"""python -m xxgk.report [--warehouse FILE] [--out FILE]  — write the data-quality HTML page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from xxgk.paths import PROJECT_ROOT, warehouse_from_env
from xxgk.report.build import build_report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m xxgk.report", description=__doc__)
    ap.add_argument("--warehouse", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=PROJECT_ROOT / "reports_out" / "quality.html")
    a = ap.parse_args(argv)
    out = build_report(a.warehouse or warehouse_from_env(), a.out)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

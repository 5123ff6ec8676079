"""python -m xxgk.quality write-config   — (re)write the committed GX suite/validation/checkpoint JSON
python -m xxgk.quality docs             — print the path of the Data Docs index"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    cmd = argv[0] if argv else "docs"
    from xxgk.quality import gx_project

    if cmd == "write-config":
        gx_project.ensure_project(force="--force" in argv)
        print(f"GX project up to date in {gx_project.gx_dir()}")
        return 0
    if cmd == "docs":
        print(gx_project.data_docs_index())
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())

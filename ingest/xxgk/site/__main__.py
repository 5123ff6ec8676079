"""python -m xxgk.site [--warehouse FILE] [--out DIR] — the same as `xxgk site`."""

import sys

from xxgk.cli import main

if __name__ == "__main__":
    sys.exit(main(["site", *sys.argv[1:]]))

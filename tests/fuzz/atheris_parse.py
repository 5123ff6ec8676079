"""Coverage-guided fuzzing of parse_report with atheris (long local runs; not collected by pytest).

    .venv/bin/pip install atheris            # not a project dependency; see docs/bad_input.md
    mkdir -p /tmp/xxgk-fuzz-corpus && cp tests/fixtures/reports/real/*.txt /tmp/xxgk-fuzz-corpus/
    .venv/bin/python tests/fuzz/atheris_parse.py /tmp/xxgk-fuzz-corpus -max_total_time=3600 \
        -timeout=20 -rss_limit_mb=4096 -dict=tests/fuzz/parser.dict

Each input is used as text and as HTML (first byte decides). A crash, a hang (``-timeout``) or an
input that parses more than SLOWNESS times slower per character than the fixtures is reported with
the input saved as ``crash-*`` / ``timeout-*`` / ``slow-*`` in the working directory; turn it into a
minimal test in tests/fuzz/test_parser_regressions.py.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

with atheris.instrument_imports():
    from xxgk.parse import parse_report

from tests.fuzz.fuzzlib import check_record  # noqa: E402

SLOWNESS = 50.0        # × the fixtures' seconds per character
_baseline: list[float] = []


def _per_char(text: str, is_html: bool) -> float:
    t = time.perf_counter()
    parse_report(text, "f.html" if is_html else "f.txt", is_html=is_html)
    return (time.perf_counter() - t) / max(len(text), 200)


def test_one_input(data: bytes) -> None:
    if not data:
        return
    is_html = data[0] & 1 == 1
    text = data[1:].decode("utf-8", "replace")
    t = time.perf_counter()
    record = parse_report(text, "f.html" if is_html else "f.txt", is_html=is_html)
    elapsed = time.perf_counter() - t
    check_record(record, text)
    if _baseline and len(text) > 2000 and elapsed / len(text) > SLOWNESS * _baseline[0]:
        name = f"slow-{abs(hash(data)):x}"
        Path(name).write_bytes(data)
        raise AssertionError(f"super-linear? {len(text)} chars took {elapsed:.2f} s (saved as {name})")


def main() -> None:
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "reports" / "real"
    samples = [p.read_text(encoding="utf-8") for p in sorted(fixtures.glob("*.txt"))]
    big = "\n".join(samples)
    _per_char(big, False)                           # warm up
    _baseline.append(min(_per_char(big, False) for _ in range(3)))
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

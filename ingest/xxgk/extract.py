"""`xxgk extract`: read + parse files with exactly the code path the ingest uses."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from xxgk.load.read import iter_report_files, read_report_file
from xxgk.load.rows import note_severity
from xxgk.parse import parse_report
from xxgk.parse.ocr_review import review_ocr


def extract_one(path: Path) -> dict:
    read = read_report_file(path)
    if read.error:
        return {"file": path.name, "error": f"{read.error}: {read.detail}"}
    try:
        record = parse_report(read.text or "", path.name, is_html=read.source_format == "html")
        if read.ocr is not None:       # pages read by OCR: placement, confidence, doubts (xxgk.parse.ocr_review)
            review_ocr(record, read.ocr)
        obj = record.to_contract_json()
        # what the reader did to get text (the ingest stores the same notes as findings)
        obj["findings"][:0] = [{"rule": "input_converted", "key": None, "severity": note_severity(n), "detail": n}
                               for n in read.notes]
        json.dumps(obj, ensure_ascii=False)  # fail here, for this file only, not in the writer
    except Exception as exc:  # a parser bug must not take down the other files
        return {"file": path.name, "error": f"parser_error: {type(exc).__name__}: {exc}"}
    return obj


def extract_paths(paths: list[Path], jobs: int = 0) -> Iterator[dict]:
    files = [f for p in paths for f in iter_report_files(p)]
    if jobs == 1 or len(files) < 64:
        yield from map(extract_one, files)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs or None) as pool:
        yield from pool.map(extract_one, files, chunksize=32)

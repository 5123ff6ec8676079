"""`xxgk extract`: read + parse files with exactly the code path the ingest uses."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from xxgk.parse import parse_report
from xxgk.read.read import read_report_file
from xxgk.read.walk import walk_reports
from xxgk.read.locations import fact_places
from xxgk.parse.ocr_review import review_ocr


def extract_one(path: Path) -> dict:
    read = read_report_file(path)
    if read.error:
        return {"file": path.name, "error": f"{read.error}: {read.detail}"}
    try:
        source, is_html = read.parser_input()
        record = parse_report(source, path.name, is_html=is_html)
        if read.ocr is not None:       # pages read by OCR: placement, confidence, doubts (xxgk.parse.ocr_review)
            review_ocr(record, read.ocr)
        obj = record.to_contract_json()
        # what the reader did to get text (the ingest stores the same notes as findings)
        obj["findings"][:0] = [{"rule": "input_converted", "key": None, "severity": n.severity,
                                "detail": n.text} for n in read.notes]
        if read.locations is not None:   # PDF: where each figure stands in the file (page, box in points)
            obj["locations"] = {f.key: {"page": at[0], "bbox": list(at[1])}
                                for f, at in zip(record.facts, fact_places(read.locations, record.facts)) if at}
        json.dumps(obj, ensure_ascii=False)  # fail here, for this file only, not in the writer
    except Exception as exc:  # a parser bug must not take down the other files
        return {"file": path.name, "error": f"parser_error: {type(exc).__name__}: {exc}"}
    return obj


def extract_paths(paths: list[Path], jobs: int = 0, follow_links: bool = False) -> Iterator[dict]:
    """One object per file the run would read, then one error object per entry it would not (the
    folder walker's rules: xxgk.read.walk)."""
    walks = [walk_reports(p, follow_links=follow_links) for p in paths]
    files = [Path(f) for w in walks for f in w.files]
    yield from _extract_files(files, jobs)
    for w in walks:
        for r in w.refused:
            yield {"file": Path(r.path).name, "error": f"{r.reason}: {r.detail}"}


def _extract_files(files: list[Path], jobs: int) -> Iterator[dict]:
    if jobs == 1 or len(files) < 64:
        yield from map(extract_one, files)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs or None) as pool:
        yield from pool.map(extract_one, files, chunksize=32)

"""The run summary's file lists and its JSON form (`xxgk run --json`).

The text summary names the quarantined and duplicate files of the run (the first few, then how many
more); the JSON summary lists them all, for scripts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

if TYPE_CHECKING:
    from xxgk.pipeline import RunSummary

SHOW_FILES = 5

# files seen by this run whose content another file supplied (stored once, under that file's name)
DUPLICATES_SQL = """\
select f.source_path, r.source_path
from raw.files f join raw.reports r using (report_id)
where f.last_seen_run = ? and f.source_path <> r.source_path
order by f.source_path"""


def duplicate_files(con: duckdb.DuckDBPyConnection, run_id: str) -> list[tuple[str, str]]:
    """(file, the file whose copy of the content is stored) for the duplicates seen by ``run_id``."""
    return [(a, b) for a, b in con.execute(DUPLICATES_SQL, [run_id]).fetchall()]


def _first_few(items: list[str], label: str) -> list[str]:
    if not items:
        return []
    lines = [f"  {label:<17} {items[0]}"] + [f"  {'':<17} {x}" for x in items[1:SHOW_FILES]]
    if len(items) > SHOW_FILES:
        lines.append(f"  {'':<17} … and {len(items) - SHOW_FILES} more")
    return lines


def named_files(s: RunSummary) -> list[str]:
    """Summary lines naming the quarantined files (with the reason) and the duplicates of this run."""
    not_read = {r.path for r in s.not_read}      # listed by reason on their own lines (pipeline._not_read_lines)
    quarantined = [f"{Path(p).name}: {reason}" for p, reason, _ in (s.ingest.quarantined if s.ingest else [])
                   if p not in not_read]
    duplicates = [f"{Path(a).name} (same as {Path(b).name})" for a, b in s.duplicate_files]
    return _first_few(quarantined, "quarantined") + _first_few(duplicates, "duplicates")


def to_json(s: RunSummary) -> dict[str, Any]:
    """The run summary for scripts: counts, findings by rule and severity, every named file, paths."""
    i = s.ingest
    return {
        "warehouse": str(s.warehouse),
        "reports_dir": str(s.reports_dir),
        "up_to_date": s.up_to_date,
        "files": None if i is None else {
            "seen": i.files_seen, "new_reports": i.reports_new, "unchanged": i.reports_unchanged,
            "duplicates": i.duplicates, "quarantined": len(i.quarantined),
        },
        "quarantined": [] if i is None else [{"file": p, "reason": r, "detail": d} for p, r, d in i.quarantined],
        "duplicate_files": [{"file": a, "same_as": b} for a, b in s.duplicate_files],
        "not_read": [{"file": r.path, "reason": r.reason, "detail": r.detail} for r in s.not_read],
        "skipped_hidden_or_system": s.skipped,
        "reports_gone_from_folder": s.gone,
        "reports_pruned": s.pruned,
        "reports": s.reports_total,
        "figures": s.facts_total,
        "findings": sum(sum(v.values()) for v in s.findings_by_rule.values()),
        "error_findings": s.errors,
        "findings_by_rule": s.findings_by_rule,
        "site": None if s.site is None else str(s.site),
        "data_docs": None if s.data_docs is None else str(s.data_docs),
        "seconds": {k: round(v, 3) for k, v in s.timings.items()},
    }

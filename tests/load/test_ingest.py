"""The ingest step on its own, into a real DuckDB file: identity of reports (bytes and text), incremental
re-runs, re-parsing after a parser change, reader notes as findings, and the same tables from one or
several worker processes."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

import xxgk.load.ingest as ingest_mod
from tests.conftest import REAL, SEEDS
from xxgk.load.ingest import content_id, ingest
from xxgk.parse import parse_report

SEED = sorted(SEEDS.glob("*.txt"))[0]


def _ingest(folder: Path, db: Path, **kw):
    con = duckdb.connect(str(db))
    try:
        return ingest(con, folder, **kw), con
    except BaseException:
        con.close()
        raise


def _files(con) -> dict[str, tuple[str, str]]:
    return {n: (c, r) for n, c, r in con.execute("select file_name, content_id, report_id from raw.files").fetchall()}


def test_gbk_and_utf8_copies_of_one_text_are_one_report(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (folder / "a_utf8.txt").write_bytes(text.encode("utf-8"))
    (folder / "b_gbk.txt").write_bytes(text.encode("gb18030"))
    (folder / "c_crlf.txt").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    stats, con = _ingest(folder, tmp_path / "w.duckdb", jobs=1)
    with con:
        assert (stats.reports_new, stats.duplicates) == (1, 2)
        files = _files(con)
        assert len({c for c, _ in files.values()}) == 3, "three different byte contents"
        assert {r for _, r in files.values()} == {content_id(text.encode("utf-8"))}, "all map to the first file's report"
        assert con.execute("select count(*) from raw.reports").fetchone() == (1,)

    # a re-run decodes none of them again: the GBK and CRLF copies are known by their bytes too
    stats2, con = _ingest(folder, tmp_path / "w.duckdb", jobs=1)
    with con:
        assert (stats2.reports_new, stats2.reports_unchanged, stats2.duplicates) == (0, 3, 0)
        assert _files(con) == files


def test_same_bytes_in_different_chunks_are_stored_once(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_mod, "CHUNK_FILES", 2)
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        shutil.copy(SEED, folder / f"copy_{i}.txt")
    stats, con = _ingest(folder, tmp_path / "w.duckdb", jobs=1)
    with con:
        assert (stats.reports_new, stats.duplicates) == (1, 4)
        n_facts = con.execute("select count(*) from raw.facts").fetchone()[0]
        one_copy = len(parse_report(SEED.read_text(encoding="utf-8"), SEED.name).facts)
        assert n_facts == stats.facts_loaded == one_copy > 0, "one copy's figures, not five"


def test_new_parser_version_reparses_and_replaces_figures(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    db = tmp_path / "w.duckdb"
    stats, con = _ingest(folder, db, jobs=1)
    with con:
        before = con.execute("select report_id, key, value, raw from raw.facts order by all").fetchall()
        findings = con.execute("select count(*) from raw.parse_findings").fetchone()[0]
    monkeypatch.setattr(ingest_mod, "PARSER_VERSION", "9.9.9-test")
    stats2, con = _ingest(folder, db, jobs=1)
    with con:
        assert (stats2.reports_new, stats2.reports_unchanged) == (5, 0)
        assert con.execute("select distinct parser_version from raw.reports").fetchall() == [("9.9.9-test",)]
        after = con.execute("select report_id, key, value, raw from raw.facts order by all").fetchall()
        assert after == before, "re-parsing replaces each report's figures, it never adds a second copy"
        assert con.execute("select count(*) from raw.parse_findings").fetchone()[0] == findings
        assert con.execute("select count(*) from raw.reports").fetchone() == (5,)


def test_reader_notes_become_findings(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    data = SEED.read_bytes()
    (folder / "nul.txt").write_bytes(data + b"\x00\x00")
    stats, con = _ingest(folder, tmp_path / "w.duckdb", jobs=1)
    with con:
        rows = con.execute("select rule, severity, detail from raw.parse_findings "
                           "where rule = 'input_converted'").fetchall()
    assert [(r, s) for r, s, _ in rows] == [("input_converted", "info")]
    assert "2 NUL byte(s)" in rows[0][2]


def test_damaged_utf8_is_a_warning(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    data = SEED.read_bytes()
    cut = data.index("年".encode()) + 1          # break one character in the middle
    (folder / "damaged.txt").write_bytes(data[:cut] + data[cut + 2:])
    stats, con = _ingest(folder, tmp_path / "w.duckdb", jobs=1)
    with con:
        rows = con.execute("select severity, detail from raw.parse_findings where rule = 'input_converted'").fetchall()
    assert rows and rows[0][0] == "warn" and "damaged" in rows[0][1]


@pytest.mark.parametrize("jobs", [2])
def test_worker_processes_load_the_same_tables_as_one_process(tmp_path, jobs):
    folder = tmp_path / "in"
    folder.mkdir()
    for src in [*sorted(SEEDS.glob("*")), *sorted(REAL.glob("*.*"))]:
        if src.suffix in (".txt", ".html", ".htm"):
            shutil.copy(src, folder / src.name)
    for i in range(ingest_mod.SMALL_RUN):               # enough files for the process pool to be used
        shutil.copy(SEED, folder / f"zz_copy_{i}.txt")
    tables = {}
    for j in (1, jobs):
        stats, con = _ingest(folder, tmp_path / f"w{j}.duckdb", jobs=j)
        with con:
            tables[j] = [con.execute("select * exclude (run_id, ingested_at, last_seen_run, source_path) from raw.reports "
                                     "order by all").fetchall()]
            tables[j] += [con.execute(f"select * from raw.{t} order by all").fetchall() for t in ("facts", "parse_findings")]
            tables[j].append(con.execute("select * exclude (first_seen_run, last_seen_run, mtime_ns, source_path) "
                                         "from raw.files order by all").fetchall())
        assert stats.duplicates == ingest_mod.SMALL_RUN
    assert tables[1] == tables[jobs]
    assert len(tables[1][0]) > 20


def test_folder_with_an_encoding_copy_is_up_to_date_after_a_run(tmp_path):
    """The unchanged-input shortcut of `xxgk run` compares each file's bytes with raw.files.content_id:
    a GBK copy (mapped to the UTF-8 report) must not make every re-run a full one."""
    from xxgk.pipeline import is_up_to_date
    from xxgk.dbt_run import project_fingerprint

    folder = tmp_path / "in"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    (folder / "a_utf8.txt").write_bytes(text.encode("utf-8"))
    (folder / "b_gbk.txt").write_bytes(text.encode("gb18030"))
    db = tmp_path / "w.duckdb"
    _, con = _ingest(folder, db, jobs=1)
    with con:   # the shortcut also wants marts built by these models: stand-ins, this test is about the hashes
        con.execute("create schema marts; create table marts.dim_report(x int); create table marts.fct_findings(x int)")
        con.execute("create schema dbt_state; create table dbt_state.build_fingerprint as select ? as fingerprint",
                    [project_fingerprint()])
    assert is_up_to_date(db, folder)
    (folder / "b_gbk.txt").write_bytes((text + "\n更正。\n").encode("gb18030"))
    assert not is_up_to_date(db, folder)


def test_extract_reports_the_reader_notes_too(tmp_path):
    from xxgk.extract import extract_one

    path = tmp_path / "nul.txt"
    path.write_bytes(SEED.read_bytes() + b"\x00")
    findings = extract_one(path)["findings"]
    assert findings[0]["rule"] == "input_converted" and "1 NUL byte(s)" in findings[0]["detail"]
    assert not any(f["rule"] == "input_converted" for f in extract_one(SEED)["findings"])


def test_files_hashed_by_the_folder_check_are_not_read_again(tmp_path):
    """`xxgk run` hashes the folder once (pipeline.check_folder); the ingest trusts those hashes for the
    files found as stored and reads only the others."""
    from xxgk.pipeline import check_folder

    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    db = tmp_path / "w.duckdb"
    _, con = _ingest(folder, db, jobs=1)
    con.close()
    names = sorted(p.name for p in folder.glob("*.txt"))
    check = check_folder(db, folder)
    assert not check.up_to_date   # no marts in this warehouse: a run would still build them
    assert sorted(Path(p).name for p in check.unchanged) == names

    # after the check, one checked file changes and one file is added: the changed one is trusted as
    # hashed (proof that it is not read again), the new one is read
    changed = folder / names[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    shutil.copy(REAL / sorted(p.name for p in REAL.glob("*.txt"))[0], folder / "new.txt")
    stats, con = _ingest(folder, db, jobs=1, unchanged=check.unchanged)
    with con:
        assert (stats.files_seen, stats.reports_unchanged, stats.reports_new) == (len(names) + 1, len(names), 1)
        row = con.execute("select byte_size, mtime_ns, content_id from raw.files where file_name = ?",
                          [names[0]]).fetchone()
        state = check.unchanged[str(changed)]
        assert row == (state.byte_size, state.mtime_ns, state.content_id)
    # without the check's hashes the change is seen
    stats, con = _ingest(folder, db, jobs=1)
    with con:
        assert stats.reports_new == 1

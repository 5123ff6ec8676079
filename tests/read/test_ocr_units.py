"""The OCR reader's parts on inputs made here: grids from ruling lines, the grid → pipe-row contract,
figure decoding, skew, and the review of OCR'd figures (placement, confidence, identities)."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from xxgk.parse import parse_report
from xxgk.parse.ocr_review import CONFIDENCE_THRESHOLD, identities, review_ocr
from xxgk.read.image_tables import find_tables
from xxgk.read.ocr_engine import _LETTER_DIGIT, Reading, digits_in_context, figure_like
from xxgk.read.ocr_page import (
    OcrText, Piece, _as_figures, _bar_not_one, _emit_table, _lone_figure, _without_leading_dust, _without_specks,
    clean_ink,
)
from xxgk.read.ocr_pdf import drop_running_lines
from xxgk.read.page_image import estimate_skew, ink_mask, quarter_turned, rotate
from xxgk.synth.corpus import sample_truth
from xxgk.synth.render import render_report
from xxgk.read.html import html_to_text


def _ruled_table() -> np.ndarray:
    """A 4-row × 4-column grid: row 0 has a cell spanning columns 1–3, column 0 a cell spanning rows 1–2."""
    img = np.full((400, 600), 255, np.uint8)
    xs, ys = [50, 200, 300, 400, 550], [50, 120, 190, 260, 330]
    for y in ys:                                       # horizontal rules
        cv2.line(img, (xs[0], y), (xs[-1], y), 0, 2)
    for x in xs:                                       # vertical rules
        cv2.line(img, (x, ys[0]), (x, ys[-1]), 0, 2)
    img[ys[0] + 3:ys[1] - 2, xs[2] - 2:xs[2] + 3] = 255   # colspan: no rules inside row 0, columns 1–3
    img[ys[0] + 3:ys[1] - 2, xs[3] - 2:xs[3] + 3] = 255
    img[ys[2] - 2:ys[2] + 3, xs[0] + 3:xs[1] - 2] = 255   # rowspan: no rule between rows 1 and 2 in column 0
    return img


def test_grid_from_ruling_lines_has_the_spans_the_missing_rules_leave():
    tables = find_tables(ink_mask(_ruled_table()))
    assert len(tables) == 1
    t = tables[0]
    assert (t.n_rows, t.n_cols) == (4, 4)
    spans = {(c.row, c.col): (c.rows, c.cols) for c in t.cells}
    assert spans[(0, 1)] == (1, 3)
    assert spans[(1, 0)] == (2, 1)
    assert (0, 2) not in spans and (2, 0) not in spans          # covered slots are no cells
    assert len(t.cells) == 16 - 2 - 1


def test_grid_rows_render_like_every_other_format():
    """Covered slot → empty segment ("||"), blank cell → blank segment ("|  |"), text → " text "."""
    t = find_tables(ink_mask(_ruled_table()))[0]
    readings, cells = [], []
    texts = {(0, 0): "项目", (0, 1): "申请人情况", (1, 0): "本年新收", (1, 1): "3", (1, 3): "5", (2, 1): "0",
             (2, 2): "1", (2, 3): "2", (3, 0): "总计", (3, 1): "3", (3, 3): "7"}
    for c in t.cells:
        text = texts.get((c.row, c.col), "")
        idx = []
        if text:
            idx.append(len(readings))
            readings.append(Reading(text, (0.99,) * len(text)))
        cells.append((c, idx))
    out = OcrText()
    _emit_table(out, t, cells, readings, 0)
    assert out.text.split("\n") == [
        "| 项目 | 申请人情况 |||",
        "| 本年新收 | 3 |  | 5 |",
        "|| 0 | 1 | 2 |",
        "| 总计 | 3 |  | 7 |",
    ]
    pieces = [p for p in out.pieces if p.kind == "cell"]
    assert [out.text[p.start:p.end] for p in pieces][:3] == ["项目", "申请人情况", "本年新收"]
    assert [p for p in out.pieces if p.kind == "table"][0].end == len(out.text)


def test_a_row_of_figures_reads_its_odd_cell_as_a_figure_with_that_reading_s_confidence():
    zero_as_figure = Reading("0", (0.03,))
    segs = [Reading("5.属于三类内部事务信息", (0.9,) * 12), Reading("日", (0.6,), zero_as_figure),
            Reading("1", (0.99,), Reading("1", (0.99,))), Reading("0", (0.99,), Reading("0", (0.99,))),
            Reading("1", (0.99,), Reading("1", (0.99,)))]
    lines = [[s] for s in segs]
    out = _as_figures(segs, lines)
    assert out[1] is zero_as_figure            # kept as what it is: a zero read with confidence 0.03
    assert out[0] is segs[0]                   # the label stays text


def test_figure_like_and_digits_in_context():
    assert figure_like("O") and figure_like("1,234") and figure_like("160.5964万元") and figure_like("/")
    assert not figure_like("总计") and not figure_like("万元") and not figure_like("")
    r = Reading("电话：02Q-6756993", (1.0,) * 15, digit_alts=(None,) * 5 + (("0", 0.97),) + (None,) * 9)
    fixed = digits_in_context(r)
    assert fixed.text == "电话：020-6756993" and fixed.chars[5] == 0.97
    word = Reading("ISO", (1.0,) * 3, digit_alts=(("1", 0.4), None, ("0", 0.4)))
    assert digits_in_context(word).text == "ISO"          # no digit beside them: letters stay letters
    # a rule beside a figure in prose ("|86条") is no "1": the decoder offers no digit for a bar
    assert "|" not in _LETTER_DIGIT and "丨" not in _LETTER_DIGIT and _LETTER_DIGIT["l"] == "1"


def test_clean_ink_drops_a_thin_rule_but_keeps_a_bold_title_run_into_one_shape():
    ink = np.zeros((300, 1200), np.uint8)
    for k in range(12):                                   # a line of characters, 24 px tall
        ink[200:224, 40 + 40 * k:64 + 40 * k] = 1
    ink[40:70, 100:500] = 1                               # a large bold title the blur ran into one shape
    ink[120:123, 100:900] = 1                             # a long thin rule
    kept, removed, t = clean_ink(ink, 1.0)
    assert t == 24
    assert kept[40:70, 100:500].all() and not removed[40:70, 100:500].any()
    assert removed[120:123, 100:900].all() and not kept[120:123, 100:900].any()
    assert kept[200:224, 40:64].all()


def test_skew_is_found_and_undone():
    img = np.full((1100, 850), 255, np.uint8)
    for y in range(100, 1000, 45):                      # lines of "text": runs of dark blocks
        for x in range(80, 760, 34):
            cv2.rectangle(img, (x, y), (x + 26, y + 26), 0, -1)
    tilted = rotate(img, -1.4)
    angle = estimate_skew(ink_mask(tilted))
    assert angle == pytest.approx(1.4, abs=0.2)


# ----------------------------------------------------------------------------- the review of OCR'd figures

def _ocr_layer_over_tables(text: str, conf: dict[int, float]) -> OcrText:
    """An OCR layer over a text's pipe rows: every cell a piece (confidence 0.99, or ``conf`` by the
    cell's position among all cells), every block of rows a table piece."""
    layer = OcrText(text=text)
    pos = 0
    n = 0
    table_start = None
    for line in text.split("\n"):
        end = pos + len(line)
        if line.startswith("|"):
            table_start = pos if table_start is None else table_start
            i = pos + 1
            for seg in line[1:-1].split("|"):
                s = seg.strip()
                if s:
                    a = i + seg.index(s)
                    layer.pieces.append(Piece(a, a + len(s), (conf.get(n, 0.99),) * len(s), "cell", 0))
                    n += 1
                i += len(seg) + 1
        elif table_start is not None:
            layer.pieces.append(Piece(table_start, pos - 1, (), "table", 0))
            table_start = None
        pos = end + 1
    return layer


def _report_text(era: str = "v2021") -> tuple[str, dict]:
    rng = random.Random(5)
    truth = sample_truth(rng, era)
    r = render_report(truth, "html", rng, ())
    return html_to_text(r.text), r.truth


def test_review_marks_ocr_figures_drops_uncertain_ones_and_flags_failing_rows():
    text, truth = _report_text()
    layer = _ocr_layer_over_tables(text, {})
    record = parse_report(text, "scan.pdf")
    before = {f.key: f.value for f in record.facts}
    # find the piece of t3.new.natural_person and make it doubtful
    target = next(f for f in record.facts if f.key == "t3.new.natural_person")
    for i, p in enumerate(layer.pieces):
        if p.start <= target.span.start and target.span.end <= p.end:
            layer.pieces[i] = Piece(p.start, p.end, (0.5,) * (p.end - p.start), "cell", 0)
    review_ocr(record, layer)
    got = {f.key: f for f in record.facts}
    assert "t3.new.natural_person" not in got                       # unknown, not a guess
    unsure = [x for x in record.findings if x.rule == "ocr_uncertain"]
    assert [x.key for x in unsure] == ["t3.new.natural_person"] and "0.50" in unsure[0].detail
    t3 = [f for f in record.facts if f.key.startswith("t3.")]
    assert t3 and all(f.placement == "ocr" for f in t3)
    assert all(f.confidence == 0.99 for f in t3 if f.value is not None)
    assert all(got[k].value == v for k, v in before.items() if k in got)  # nothing changed its value
    assert [x.rule for x in record.findings].count("input_ocr") == 1
    assert not [x for x in record.findings if x.rule == "ocr_misread"]   # the truth's identities hold
    assert CONFIDENCE_THRESHOLD > 0.5


def test_a_misread_that_breaks_a_row_total_flags_the_row_s_ocr_cells():
    text, truth = _report_text()
    record = parse_report(text, "scan.pdf")
    f = next(f for f in record.facts if f.key == "t3.granted.commercial")
    wrong = str(int(f.value) + 7)
    # the text as a misreading OCR gives it: one digit different, offsets kept by the same length
    text2 = text[:f.span.start] + wrong + text[f.span.end:]
    layer = _ocr_layer_over_tables(text2, {})
    record2 = parse_report(text2, "scan.pdf")
    review_ocr(record2, layer)
    flagged = {x.key for x in record2.findings if x.rule == "ocr_misread"}
    assert "t3.granted.commercial" in flagged
    assert "t3.granted.total" in flagged                              # R1: the row's other cells too
    assert "t3.total.commercial" in flagged                           # R2: its column
    got = {x.key: x.value for x in record2.facts}
    assert got["t3.granted.commercial"] == int(wrong)                 # kept as read, never corrected


def test_identities_cover_r0_to_r3_for_the_post_2019_templates():
    rules = {r for r, *_ in identities("v2021")}
    assert rules == {"balance", "row_total", "outcome_total", "review_total"}
    assert identities("pre2019") == []


def test_pdfs_are_spread_over_the_ingest_workers():
    """A folder of scans must not queue behind one worker: at most CHUNK_PDFS PDFs per chunk, order kept."""
    from xxgk.load.ingest import CHUNK_FILES, CHUNK_PDFS, _parts

    paths = [f"t{i}.txt" for i in range(CHUNK_FILES + 3)] + [f"s{i}.PDF" for i in range(2 * CHUNK_PDFS + 1)]
    parts = _parts(paths)
    assert [p for part in parts for p in part] == paths
    assert all(sum(p.lower().endswith(".pdf") for p in part) <= CHUNK_PDFS for part in parts)
    assert all(len(part) <= CHUNK_FILES for part in parts)
    assert [len(p) for p in parts] == [CHUNK_FILES, 3 + CHUNK_PDFS, CHUNK_PDFS, 1]


def _page(*items: tuple[str, str]) -> OcrText:
    """What OCR read of a page: (kind, text) items, "line" for prose, "table" for a table's rows."""
    out = OcrText()
    for kind, text in items:
        if out.text:
            out.text += "\n"
        start = len(out.text)
        out.text += text
        out.pieces.append(Piece(start, len(out.text), (0.99,) * len(text), kind, 0 if kind == "table" else -1))
    return out


def test_running_headers_footers_and_page_numbers_of_scans_are_dropped():
    scanned = {
        0: _page(("line", "某某县人民政府2023年政府信息公开工作年度报告"), ("line", "一、总体情况"), ("line", "- 1 -")),
        1: _page(("line", "某某县人民政府文件"), ("line", "本年度主动公开信息86条。"), ("line", "- 2 -")),
        2: _page(("line", "某某县人民政府文件"), ("table", "| 行政许可 | 0 | 3 | 5 |"), ("line", "3")),
        3: _page(("line", "某某县人民政府文件"), ("line", "某某县人民政府"), ("line", "2024年1月20日"), ("line", "4")),
    }
    assert drop_running_lines(scanned) == 7
    assert scanned[0].text == "某某县人民政府2023年政府信息公开工作年度报告\n一、总体情况"
    assert scanned[1].text == "本年度主动公开信息86条。"
    assert scanned[2].text == "| 行政许可 | 0 | 3 | 5 |"
    assert scanned[3].text == "某某县人民政府\n2024年1月20日"          # the signature is no running line
    table = scanned[2].pieces[0]                                      # the pieces moved with the text
    assert (table.kind, scanned[2].text[table.start:table.end]) == ("table", "| 行政许可 | 0 | 3 | 5 |")
    assert [scanned[3].text[p.start:p.end] for p in scanned[3].pieces] == ["某某县人民政府", "2024年1月20日"]


def test_a_figure_ending_a_page_is_no_page_number():
    scanned = {0: _page(("line", "本年度收到申请"), ("line", "12")), 1: _page(("line", "件,均已办结。"), ("line", "7"))}
    assert drop_running_lines(scanned) == 0


def test_a_bare_stroke_ending_a_line_is_a_bar_not_a_one():
    ink = np.zeros((30, 400), np.uint8)
    for k in range(6):                                    # six characters, 24 px tall
        ink[3:27, 10 + 30 * k:34 + 30 * k] = 1
    bar = ink.copy()
    bar[2:28, 300:302] = 1                                # a rule's remnant: 2 px wide
    one = ink.copy()
    one[6:27, 300:303] = 1                                # a "1": a stem with a flag and a foot
    one[6:10, 296:300] = 1
    one[24:27, 296:307] = 1
    at = tuple(22.0 + 30 * k for k in range(7)) + (301.0,)          # where each character was read
    r = Reading("主动公开86条1", (0.9,) * 8, at=at)
    assert _bar_not_one(r, bar, 24.0).text == "主动公开86条|"
    assert _bar_not_one(r, one, 24.0).text == "主动公开86条1"
    assert _bar_not_one(Reading("共1件", (0.9,) * 3, at=at[:3]), bar, 24.0).text == "共1件"   # not at the end
    # "291 |": the 1 read left of the bar (the bar itself not read) is a digit
    left = Reading("主动公开86条1", (0.9,) * 8, at=at[:7] + (285.0,))
    assert _bar_not_one(left, bar, 24.0).text == "主动公开86条1"


def test_a_scan_s_page_x_of_n_is_dropped_through_ocr_noise_but_a_column_of_zeros_is_kept():
    zeros = [("line", "0")] * 3
    scanned = {2: _page(*zeros, ("line", "二、上年结转政府信息公开申请数量"), ("line", "3/5.")),
               3: _page(*zeros, ("line", "(三)不予公开"), *zeros, ("line", "4/5")),
               4: _page(*zeros, ("line", "2"), ("line", "5f5"))}
    assert drop_running_lines(scanned, 5) == 3
    assert scanned[3].text == "0\n0\n0\n(三)不予公开\n0\n0\n0"
    assert scanned[4].text == "0\n0\n0\n2"


def test_a_line_of_bare_strokes_is_bars_not_ones():
    ink = np.zeros((30, 120), np.uint8)
    for x in (10, 40, 70):                                # "|||": a flattened table's empty cells
        ink[2:28, x:x + 2] = 1
    for read in ("Ⅲ", "11", "111", "II"):
        assert _bar_not_one(Reading(read, (0.8,) * len(read)), ink, 24.0).text == "|||"
    assert _bar_not_one(Reading("17", (0.8,) * 2), ink, 24.0).text == "17"   # another digit: not only bars


@pytest.mark.parametrize("read,figure", [("0.", "0"), ("0.|", "0|"), ("0|.", "0|"), ("0. |", "0 |"), ("25", "25"),
                                         ("12.5", "12.5"), (".25", ".25"), ("第1条.", "第1条."),
                                         (".0|", "0|"), (".0", "0"), (".05", ".05")])
def test_dust_after_a_lone_figure_is_no_part_of_it(read, figure):
    assert _without_specks(Reading(read, (0.9,) * len(read))).text == figure


def test_a_zero_read_as_a_letter_before_a_bar_is_a_zero():
    r = Reading("o|", (0.6, 0.99), digit_alts=(("0", 0.97), None))
    out = _lone_figure(r)
    assert out.text == "0|" and out.chars == (0.97, 0.99)
    word = Reading("lo|", (0.6, 0.6, 0.99), digit_alts=(("1", 0.9), ("0", 0.9), None))
    assert _lone_figure(word).text == "10|"
    assert _lone_figure(Reading("总计|", (0.9,) * 3, digit_alts=(None, None, None))).text == "总计|"


@pytest.mark.parametrize("read,text", [(".2022年,国家新闻出版署坚持", "2022年,国家新闻出版署坚持"),
                                       ("·《条例》规定", "《条例》规定"), (".25万元", ".25万元"),
                                       ("2022年,本机关", "2022年,本机关")])
def test_dust_at_a_paragraph_s_start_goes_unless_it_may_be_a_decimal_point(read, text):
    assert _without_leading_dust(Reading(read, (0.9,) * len(read))).text == text


def test_a_stroke_taller_than_the_digits_beside_it_is_a_bar_and_dust_does_not_hide_a_line_of_bars():
    ink = np.zeros((40, 80), np.uint8)
    ink[4:30, 0:17] = 1                                   # a "0", 26 px tall, with its hole
    ink[9:25, 5:12] = 0
    ink[2:34, 28:37] = 1                                  # a stroke 32 px tall, blurred to 9 px wide
    r = Reading("01", (0.95, 0.9), at=(8.5, 32.5))
    assert _bar_not_one(r, ink, 30.0).text == "0|"
    bars = np.zeros((40, 80), np.uint8)
    bars[2:34, 0:3] = bars[2:34, 11:14] = 1
    bars[20:22, 34:36] = 1                                # a speck of dust beside them
    assert _bar_not_one(Reading("ⅡI", (0.76, 0.47)), bars, 30.0).text == "||"


def test_a_letter_read_on_a_bar_offers_no_digit_afterwards():
    ink = np.zeros((40, 80), np.uint8)
    ink[4:30, 0:17] = 1
    ink[9:25, 5:12] = 0
    ink[2:34, 34:38] = 1                                  # a bare stroke
    r = Reading("0l", (0.95, 0.6), digit_alts=(None, ("1", 0.9)), at=(8.5, 36.0))
    barred = _bar_not_one(r, ink, 30.0)
    assert barred.text == "0|" and digits_in_context(barred).text == "0|"


def _text_page() -> np.ndarray:
    """A page of upright lines of character-sized shapes: characters nearly touch, lines stand apart."""
    ink = np.zeros((600, 500), np.uint8)
    rng = random.Random(3)
    for line in range(12):
        x = 30
        while x < 450:
            w = rng.choice((18, 20, 22))
            ink[40 + 45 * line:40 + 45 * line + 22, x:x + w] = 1
            x += w + 3
    return ink


def test_a_page_scanned_sideways_is_told_from_an_upright_one():
    page = _text_page()
    assert not quarter_turned(page)
    assert quarter_turned(np.ascontiguousarray(np.rot90(page)))
    assert quarter_turned(np.ascontiguousarray(np.rot90(page, 3)))
    assert not quarter_turned(np.zeros((100, 100), np.uint8))          # nothing to tell by

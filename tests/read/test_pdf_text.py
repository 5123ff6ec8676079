"""read.pdf_text: lines, spaces, running headers/footers and page numbers, paragraphs (hand-built pages)."""

from tests.read.pagegen import EM, chars_at
from xxgk.read.pdf_text import Margins, continues, make_lines, running_lines


def _line(text: str, x: float, top: float, page: int = 1):
    (line,) = make_lines(page, chars_at(text, x, top))
    return line


def test_characters_make_lines_top_to_bottom_and_a_space_only_where_the_document_has_one():
    chars = chars_at("收到申请", 60, 100) + chars_at("2023", 60, 130) + chars_at("年", 60 + 4 * EM / 2 + 3, 130)
    chars += chars_at("2023-01-28 18:42", 60, 160)
    lines = make_lines(1, list(reversed(chars)))
    # a third of an em between Chinese and Latin is a word processor's spacing, not a space
    assert [ln.text for ln in lines] == ["收到申请", "2023年", "2023-01-28 18:42"]


def test_a_wide_gap_is_a_space_and_a_character_overprinted_for_bold_is_read_once():
    chars = chars_at("行政许可", 60, 100) + chars_at("287", 60 + 6 * EM, 100)
    bold = chars_at("总计", 60, 130) + chars_at("总计", 60.3, 130)
    assert [ln.text for ln in make_lines(1, chars + bold)] == ["行政许可 287", "总计"]


def test_page_numbers_and_running_headers_are_dropped_but_figures_at_a_page_end_are_not():
    pages, sizes = [], []
    for n in range(1, 4):
        lines = [_line("某某局2023年政府信息公开工作年度报告", 100, 30, n), _line("正文第一行", 80, 120, n),
                 _line("0", 80, 770, n), _line(f"- {n} -", 290, 800, n)]
        pages.append(lines)
        sizes.append((595.0, 842.0))
    drop = running_lines(pages, sizes)
    kept = [[ln.text for ln in lines if id(ln) not in drop] for lines in pages]
    assert kept == [["正文第一行", "0"]] * 3


def test_a_number_alone_is_a_page_number_only_when_it_follows_the_page_and_stands_centred():
    pages = [[_line("正文", 80, 120, 1), _line("7", 80, 800, 1)], [_line("正文", 80, 120, 2), _line("2", 295, 800, 2)]]
    drop = running_lines(pages, [(595.0, 842.0)] * 2)
    assert [ln.text for lines in pages for ln in lines if id(ln) in drop] == ["2"]


def test_lines_broken_by_the_page_width_are_one_paragraph_and_outline_headings_start_new_ones():
    full = "２０２３年，本机关认真贯彻落实政府信息公开条例要求主动公开政府信息"       # 33 em: the full width
    a = _line(full, 80, 100)
    b = _line("一百二十条。", 80, 115)
    c = _line("（二）依申请公开", 80, 130)
    m = Margins(80.0, a.x1)
    assert continues(a, b, m, same_page=True)
    assert not continues(b, c, m, same_page=True)                          # b ends short
    assert not continues(a, _line("（二）依申请公开", 80, 115), m, same_page=True)   # a heading
    assert not continues(a, _line("新段落缩进两字", 100, 115), m, same_page=True)     # an indented first line
    assert not continues(a, _line("一百二十条。", 80, 140), m, same_page=True)       # a paragraph gap


def test_a_line_ended_short_by_the_unbreakable_figure_opening_the_next_continues_into_it():
    full = "２０２３年，本机关认真贯彻落实政府信息公开条例要求主动公开政府信息"
    m = Margins(80.0, _line(full, 80, 100).x1)
    short = _line(full[:-5], 80, 100)                                          # 5 em short of the margin
    digits = _line("00000005.属于三类内部事务信息", 80, 115)                      # a 9-character figure run
    assert continues(short, digits, m, same_page=True)
    assert not continues(short, _line("属于三类内部事务信息", 80, 115), m, same_page=True)
    assert not continues(_line(full[:-12], 80, 100), digits, m, same_page=True)   # far too short

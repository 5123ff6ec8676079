"""read.locations and the PDF reader's location map: a figure's span in the text → its page and box."""

from tests.load.docgen import make_pdf
from xxgk.parse import parse_report
from xxgk.read.locations import Locations, fact_places
from xxgk.read.pdf_layout import extract_pdf_layout
from xxgk.read.pdf_page import Page


def test_a_span_is_located_by_the_characters_it_covers_on_its_first_page():
    p1, p2 = Page(1, 595.0, 842.0), Page(2, 595.0, 842.0)
    loc = Locations()
    loc.add(0, p1, [("规", 10, 20, 22, 32), ("章", 22, 20, 34, 32)])
    loc.add(3, p1, [("1", 100, 20, 106, 32), ("2", 106, 20, 112, 32)])     # offset 2 is a pipe: not located
    loc.add(6, p2, [("3", 50, 60, 56, 72)])
    assert loc.box(3, 5) == (1, (100.0, 20.0, 112.0, 32.0))
    assert loc.box(0, 5) == (1, (10.0, 20.0, 112.0, 32.0))
    assert loc.box(2, 3) is None
    assert loc.box(4, 7) == (1, (106.0, 20.0, 112.0, 32.0))                 # across a page break: the first page
    assert loc.box(6, 7) == (2, (50.0, 60.0, 56.0, 72.0))


def test_every_figure_of_a_pdf_has_its_page():
    data = make_pdf([["某某县人民政府办公室2023年政府信息公开工作年度报告"], ["本年度共收到政府信息公开申请12件。"]])
    got = extract_pdf_layout(data, max_chars=10 ** 6, budget=60)
    record = parse_report(got.text, "r.pdf")
    places = fact_places(got.locations, record.facts)
    received = [p for f, p in zip(record.facts, places) if f.key == "narrative.apply.received"]
    assert received and received[0][0] == 2
    x0, top, x1, bottom = received[0][1]
    assert x0 < x1 and top < bottom

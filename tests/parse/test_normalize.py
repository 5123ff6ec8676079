"""normalize: length-preserving, so offsets into the normalised text are offsets into the raw text."""

from hypothesis import given, settings
from hypothesis import strategies as st

from xxgk.parse.normalize import normalize


def test_full_width_traditional_and_vocabulary():
    assert normalize("第二十條第（一）項｜１２") == "第二十条第(一)项|12"
    assert normalize("規範性檔案") == "规范性文件"
    assert normalize("大量反覆申請") == "大量反复申请"
    assert normalize("0\u00a0|\u3000") == "0 | "


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_length_preserving(s):
    assert len(normalize(s)) == len(s)

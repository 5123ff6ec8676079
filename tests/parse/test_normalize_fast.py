"""normalize()'s fast paths (replace per mapped char, re.sub, translate) equal the plain translate."""

from __future__ import annotations

import random

import zhconv

from xxgk.parse.normalize import _PHRASES, _table, normalize


def _reference(text: str) -> str:
    out = text.translate(_table())
    for a, b in _PHRASES.items():
        out = out.replace(a, b)
    return out


def test_normalize_equals_translate_on_random_mixes():
    rng = random.Random(3)
    table = _table()
    mapped = [chr(k) for k in table]
    pool = ("政府信息公开工作年度报告，主动公开（一）１２３条：ｘ\u3000\u00a0檔案資訊網路反覆 "
            "abc\n|\U00020000\U0002A6D6")
    for _ in range(400):
        n = rng.choice([0, 1, 5, 40, 300])
        parts = []
        for _ in range(n):
            r = rng.random()
            parts.append(rng.choice(mapped) if r < 0.3 else rng.choice(pool))
        text = "".join(parts)
        if rng.random() < 0.3:
            text = zhconv.convert(text, "zh-hant")
        out = normalize(text)
        assert out == _reference(text)
        assert len(out) == len(text)


def test_normalize_plain_ascii_and_simplified_unchanged():
    for t in ("", "abc 123", "政府信息公开工作年度报告\n共12条"):
        assert normalize(t) == t

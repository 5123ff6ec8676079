"""Text recognition of cropped text lines with the PP-OCR model that ships inside the ``rapidocr`` wheel.

``recognise(crops) -> list[Reading]``: one Reading (text, confidence) per crop, a grayscale image of
one line of text (a table cell's line, a prose line). Detection is not needed: the page reader
(xxgk.read.ocr_page, with xxgk.read.image_tables) finds lines and cells from the image itself, which is
faster and keeps table cells apart.

Why this model and why not rapidocr's own pipeline: docs/ocr.md. In short, the model files are part
of a pinned registry package (no download, ever), and running the ONNX recognition model directly
gives what the pipeline hides: the probability of every character, so a cell's confidence is its
*least* certain character (one doubtful digit makes the whole number doubtful).

The session is built once per process (the ingest's worker processes each hold one) with one thread:
parallelism comes from the worker pool, and two threads per worker on two cores only contend.
"""

from __future__ import annotations

import importlib.util
import math
import os
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

# The recognition model and its package. The character list is stored inside the model file.
MODEL_PACKAGE = "rapidocr"
MODEL_FILE = "models/PP-OCRv6_rec_small.onnx"
INPUT_HEIGHT = 48           # the model's input height; crops are scaled to it, keeping their aspect
MAX_INPUT_WIDTH = 3200      # a crop wider than this (after scaling) is recognised in pieces by the caller
BATCH = 8                   # crops of similar width are run together (padding wastes little)


class OcrUnavailable(RuntimeError):
    """The OCR model is not installed (the ``rapidocr`` package or its model file is missing)."""


# Table cells hold figures: when a cell reads as a figure, letters that look like digits are the digits
# (a lone "0" in a cell is as often read "O"). Their probabilities are added to the digit's before
# decoding, so the confidence stays honest: it is the glyph's, whichever of the lookalikes it is.
LOOKALIKES = {"0": "OoＯｏ〇０QD", "1": "lI|ｌＩ１丨", "2": "Zz２", "5": "Ss５", "6": "６", "8": "B８", "9": "g９",
              "3": "３", "4": "４", "7": "７", ".": "．·。", "-": "－‐", "/": "／"}
# What a cell holding a figure may show: digits, separators, blanks (/, -, —), units and "余".
NUMERIC = set("0123456789.,-/—%+") | set("万亿元件个条次人名项余")
_FIGURE_LIKE = NUMERIC | {c for group in LOOKALIKES.values() for c in group} | {" "}


@dataclass(frozen=True, slots=True)
class Reading:
    text: str
    chars: tuple[float, ...] = ()   # the probability of each character of ``text``
    figure: "Reading | None" = None  # for a table cell: the crop decoded as a figure (see LOOKALIKES)
    digit_alts: tuple[tuple[str, float] | None, ...] = ()  # per lookalike letter: its digit and that glyph's probability
    at: tuple[float, ...] = ()      # where each character was read: x in the crop's pixels (the CTC step's centre)

    @property
    def confidence(self) -> float:
        """The lowest probability among the characters read (1.0 for an empty read)."""
        return min(self.chars, default=1.0)


def model_path() -> Path:
    spec = importlib.util.find_spec(MODEL_PACKAGE)   # located without importing the package (and its deps)
    roots = list(spec.submodule_search_locations or ()) if spec else []
    for root in roots:
        path = Path(root) / MODEL_FILE
        if path.is_file():
            return path
    raise OcrUnavailable(f"the OCR model {MODEL_FILE} of the Python package {MODEL_PACKAGE!r} is not installed "
                         "(run `make setup`)")


class _Model:
    def __init__(self, path: Path) -> None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        threads = int(os.environ.get("XXGK_OCR_THREADS", "1") or 1)
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.log_severity_level = 3
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        self.input = self.session.get_inputs()[0].name
        chars = self.session.get_modelmeta().custom_metadata_map["character"].splitlines()
        # CTC classes: 0 = blank, then the model's characters, then a space (PaddleOCR's convention)
        self.classes = np.array(["", *chars, " "], dtype=object)
        index = {c: i for i, c in enumerate(self.classes) if c}
        # numeric decoding: every lookalike's column is folded into its digit; only NUMERIC (and blank) stay
        self.fold = [(index[d], [index[x] for x in group if x in index]) for d, group in LOOKALIKES.items()
                     if d in index]
        self.numeric = np.array([0] + sorted(index[c] for c in NUMERIC if c in index))
        self.fold_columns = {d: [index[d], *others] for (i, others), d in
                             zip(self.fold, [d for d in LOOKALIKES if d in index])}

    def run(self, batch: np.ndarray) -> np.ndarray:
        return self.session.run(None, {self.input: batch})[0]


@lru_cache(maxsize=1)
def _model() -> _Model:
    return _Model(model_path())


def _prepare(crop: np.ndarray, width: int) -> np.ndarray:
    """A grayscale crop → the model's input (3 × 48 × width, in [-1, 1], padded on the right with 0)."""
    h, w = crop.shape[:2]
    scaled = max(1, min(width, math.ceil(INPUT_HEIGHT * w / max(h, 1))))
    import cv2

    img = cv2.resize(crop, (scaled, INPUT_HEIGHT), interpolation=cv2.INTER_AREA if h > INPUT_HEIGHT
                     else cv2.INTER_CUBIC).astype(np.float32)
    out = np.zeros((3, INPUT_HEIGHT, width), dtype=np.float32)
    out[:, :, :scaled] = (img / 127.5 - 1.0)[None, :, :]
    return out


def _decode(probs: np.ndarray, classes: np.ndarray, model: "_Model | None" = None) -> Reading:
    """Greedy CTC: the best class per step, repeats and blanks removed; confidence = the least sure char.
    With ``model``, each letter that looks like a digit also gets that digit's folded probability."""
    best = probs.argmax(axis=1)
    p = probs.max(axis=1)
    keep = best != 0
    keep[1:] &= best[1:] != best[:-1]
    if not keep.any():
        return Reading("")
    text = "".join(classes[best[keep]])
    alts: tuple[tuple[str, float] | None, ...] = ()
    if model is not None and any(c in _LETTER_DIGIT for c in text):
        steps = np.flatnonzero(keep)
        alts = tuple((_LETTER_DIGIT[c], float(probs[k, model.fold_columns[_LETTER_DIGIT[c]]].sum()))
                     if c in _LETTER_DIGIT else None for c, k in zip(text, steps))
    return Reading(text, tuple(float(x) for x in p[keep]), digit_alts=alts,
                   at=tuple(float(k) + 0.5 for k in np.flatnonzero(keep)))   # in steps; recognise scales them


# letters (and full-width forms) that are digits when digits stand beside them: "02Q-6756993". Not a bar
# ("|", "丨"): in prose it is a table's rule or a separator the line ran into ("|86条" is no 186).
_PROSE_BARS = "|丨"
_LETTER_DIGIT = {c: d for d, group in LOOKALIKES.items() if d.isdigit() for c in group if c not in _PROSE_BARS}
_DIGIT_CONTEXT = set("0123456789-—－.:：/（）()")


def digits_in_context(r: Reading) -> Reading:
    """A prose line with each digit-like letter that stands in a run of digits read as the digit (its
    probability then is the digit's, lookalikes folded in): phone numbers, dates and counts."""
    if not r.digit_alts:
        return r
    text, chars = list(r.text), list(r.chars)
    for i, alt in enumerate(r.digit_alts):
        if alt is None:
            continue
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        digit_side = prev.isdigit() or nxt.isdigit()
        other_ok = all(c == "" or c in _DIGIT_CONTEXT or c in _LETTER_DIGIT for c in (prev, nxt))
        if digit_side and other_ok:
            text[i], chars[i] = alt
    return Reading("".join(text), tuple(chars))


def _decode_numeric(probs: np.ndarray, model: "_Model") -> Reading:
    folded = probs.copy()
    for digit, others in model.fold:
        folded[:, digit] += probs[:, others].sum(axis=1)
    sub = folded[:, model.numeric]
    return _decode(sub, model.classes[model.numeric])


def figure_like(text: str) -> bool:
    """Could this reading of a table cell be a figure (digits, possibly read as lookalike letters)?"""
    return bool(text) and len(text) <= 16 and all(c in _FIGURE_LIKE for c in text) and any(
        c not in "万亿元件个条次人名项余 " for c in text)


def recognise(crops: list[np.ndarray], numeric: list[bool] | None = None) -> list[Reading]:
    """Read each crop (a grayscale uint8 image of one text line). Order is kept. Crops flagged
    ``numeric`` (table cells) are also decoded as figures (``Reading.figure``); the caller decides
    which reading a cell gets, from the cell's reading and its row."""
    if not crops:
        return []
    model = _model()
    widths = [math.ceil(INPUT_HEIGHT * c.shape[1] / max(c.shape[0], 1)) for c in crops]
    order = sorted(range(len(crops)), key=widths.__getitem__)
    out: list[Reading | None] = [None] * len(crops)
    for i in range(0, len(order), BATCH):
        idx = order[i:i + BATCH]
        width = min(MAX_INPUT_WIDTH, max(16, max(widths[j] for j in idx)))
        batch = np.stack([_prepare(crops[j], width) for j in idx])
        probs = model.run(batch)
        for j, pr in zip(idx, probs):
            r = _decode(pr, model.classes, model)
            # a step's centre → the crop's pixels: the crop was scaled to 48 px high, then padded to ``width``
            px = width / pr.shape[0] * crops[j].shape[1] / max(1, min(width, widths[j]))
            r = replace(r, at=tuple(a * px for a in r.at))
            if numeric is not None and numeric[j]:
                r = replace(r, figure=_decode_numeric(pr, model))
            out[j] = r
    return [r for r in out if r is not None]

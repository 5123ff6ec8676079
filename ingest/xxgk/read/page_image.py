"""A scanned page as the OCR reads it: ink separated from paper, red seals removed, skew undone.

``clean_page(image) -> Page``: the grayscale page (deskewed), its ink mask, and the skew that was
removed. Everything here is classic image processing (OpenCV), linear in the number of pixels.

- Seals (公章) are red; over a signature or a date they hide the text from the recogniser. In a
  colour scan a pixel much redder than it is green or blue is seal, not ink, and becomes paper.
  A grayscale scan keeps its seal (nothing tells it from ink); the recogniser then reads past it
  or reports a low confidence.
- Ink: Otsu's threshold on the median-filtered page (the median removes salt-and-pepper noise
  that a threshold would keep as ink).
- Skew: the angle (within ±MAX_SKEW degrees) at which the rows of ink are sharpest, i.e. the
  variance of the row sums of a reduced ink mask is largest; searched coarse then fine.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

MAX_SKEW = 4.0        # degrees: a scan tilted more than this is not straightened
RED_MARGIN = 60       # a pixel whose red exceeds both green and blue by this much is a seal's


@dataclass(frozen=True, slots=True)
class Page:
    gray: np.ndarray      # uint8, 0 = black, deskewed
    ink: np.ndarray       # uint8 0/1 mask of ink (text, rules), same shape
    skew: float           # degrees the scan was rotated by to straighten it
    lines_ink: np.ndarray  # uint8 0/1: darker than its surroundings (finds thin, faint ruling lines)


def remove_seal(bgr: np.ndarray) -> np.ndarray:
    """Grayscale of a colour page with red seal pixels turned to paper."""
    b, g, r = (bgr[:, :, i].astype(np.int16) for i in range(3))
    red = (r - np.maximum(g, b)) > RED_MARGIN
    gray = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    if red.any():
        gray[red] = 255
    return gray


# Printed text is dark. On a page that is nearly all paper Otsu's threshold lands high (~185), taking in
# faded marks (a grayscale seal, show-through from the back of the sheet) as ink; text never needs more.
MAX_INK_LEVEL = 160


def ink_mask(gray: np.ndarray) -> np.ndarray:
    smooth = cv2.medianBlur(gray, 3)
    level, _ = cv2.threshold(smooth, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    _, bw = cv2.threshold(smooth, min(level, MAX_INK_LEVEL), 1, cv2.THRESH_BINARY_INV)
    # a page of nearly uniform paper: Otsu splits the paper's own noise; nothing is ink then
    if float(smooth.min()) > 160:
        bw[:] = 0
    return bw


def _sharpness(small: np.ndarray, angle: float) -> float:
    h, w = small.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    rot = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
    rows = rot.sum(axis=1, dtype=np.float64)
    return float(rows.var())


def estimate_skew(ink: np.ndarray) -> float:
    """The rotation (degrees, counter-clockwise positive as OpenCV has it) that straightens the page."""
    h, w = ink.shape
    f = min(1.0, 800.0 / max(h, w))
    small = cv2.resize(ink * 255, (max(1, int(w * f)), max(1, int(h * f))), interpolation=cv2.INTER_AREA)
    if not small.any():
        return 0.0
    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, 0.5), key=lambda a: _sharpness(small, float(a)))
    fine = max(np.arange(best - 0.5, best + 0.5 + 1e-9, 0.1), key=lambda a: _sharpness(small, float(a)))
    return round(float(fine), 2)


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def local_ink(gray: np.ndarray) -> np.ndarray:
    """Pixels darker than their neighbourhood: a table's rules at 150 dpi are a pixel wide and, blurred
    by the scan, paler than text; a global threshold breaks them up, a local one keeps them (the noise
    it also keeps never forms the long runs rules are found by)."""
    return cv2.adaptiveThreshold(gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 10)


def clean_page(image: np.ndarray, ink: np.ndarray | None = None) -> Page:
    """``ink``: the page's ink mask when the caller has it already (``ink_mask`` of this grayscale image)."""
    gray = remove_seal(image) if image.ndim == 3 else image
    if ink is None:
        ink = ink_mask(gray)
    angle = estimate_skew(ink)
    if abs(angle) >= 0.1:
        gray = rotate(gray, angle)
        ink = ink_mask(gray)
    return Page(gray, ink, angle, local_ink(gray))


def quarter_turned(ink: np.ndarray) -> bool:
    """Does the page's text run up and down (a landscape page scanned sideways)?

    The shapes of a character's size (no rules, no dust) are paired with their close neighbours: two
    shapes side by side with a gap under a quarter of a character and most of their heights shared are
    the same line of upright text (characters in a line nearly touch; lines, and a table's rows, stand
    further apart). A page whose shapes pair up and down far more often than across is turned."""
    n, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if n <= 1:
        return False
    x, y = stats[1:, cv2.CC_STAT_LEFT].astype(np.float32), stats[1:, cv2.CC_STAT_TOP].astype(np.float32)
    w, h = stats[1:, cv2.CC_STAT_WIDTH].astype(np.float32), stats[1:, cv2.CC_STAT_HEIGHT].astype(np.float32)
    size = np.maximum(w, h)
    if not (size >= 8).any():
        return False
    t = float(np.median(size[size >= 8]))
    keep = (size >= 0.3 * t) & (size <= 2.0 * t)
    if keep.sum() < MIN_SHAPES:
        return False                     # too little text to tell: leave the page as it is
    x, y, w, h = x[keep][:MAX_SHAPES], y[keep][:MAX_SHAPES], w[keep][:MAX_SHAPES], h[keep][:MAX_SHAPES]
    across = _pairs(x, w, y, h, t)
    down = _pairs(y, h, x, w, t)
    return down >= MIN_SHAPES and down > TURN_MARGIN * across


def _pairs(a: np.ndarray, alen: np.ndarray, b: np.ndarray, blen: np.ndarray, t: float) -> int:
    """Pairs of shapes next to each other along axis a: a gap under a quarter character, and sharing at
    least half of the smaller one's extent along axis b."""
    gap = a[None, :] - (a + alen)[:, None]                     # from the end of i to the start of j
    shared = np.minimum((b + blen)[:, None], (b + blen)[None, :]) - np.maximum(b[:, None], b[None, :])
    return int(((gap >= -1) & (gap < 0.25 * t) & (shared > 0.5 * np.minimum(blen[:, None], blen[None, :]))).sum())


MIN_SHAPES = 20          # fewer shapes of a character's size than this: no judgement
MAX_SHAPES = 800         # shapes compared, from the top of the page (pairs grow with the square)
TURN_MARGIN = 2.0        # a page is turned when its shapes pair up and down this many times more than across

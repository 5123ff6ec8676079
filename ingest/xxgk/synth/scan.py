"""A PDF made to look scanned: pages rasterised (pdftoppm), tilted, soiled, stamped, back into an
image-only PDF (no text layer), for testing the OCR reader against known truth.

``scan_pdf(pdf, ScanStyle(...), rng) -> bytes``. Deterministic for a given ``rng`` state.

What a scan does to a page, and what this imitates:
- resolution: pdftoppm at ``dpi`` (150–300 in the tests);
- skew: the page rotated by up to ``max_skew`` degrees (a sheet fed crooked);
- noise: gaussian grain, a few specks (dust), a light blur (the scanner's optics), JPEG compression;
- a seal (公章): a red ring with a star and an arc of text over the signature at the end of the last
  page; in a grayscale scan it becomes a faded gray ring over the text.
"""

from __future__ import annotations

import io
import math
import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np


@dataclass(frozen=True)
class ScanStyle:
    dpi: int = 200
    max_skew: float = 1.5      # degrees
    noise: float = 8.0         # std-dev of the gaussian grain (0-255 scale)
    specks: int = 150          # dust specks per page
    blur: bool = True
    seal: bool = True
    color: bool = True         # colour scan (red seal) or grayscale
    jpeg_quality: int = 80


class ScanToolMissing(RuntimeError):
    pass


def rasterise(pdf: bytes, dpi: int) -> list[np.ndarray]:
    """The pages of ``pdf`` as RGB images at ``dpi`` (poppler's pdftoppm)."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise ScanToolMissing("pdftoppm is not installed (Debian package poppler-utils)")
    with tempfile.TemporaryDirectory(prefix="xxgk-scan-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        subprocess.run([exe, "-r", str(dpi), "-png", str(src), str(Path(tmp) / "p")], check=True,
                       capture_output=True, timeout=300)
        pages = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        out = []
        for p in pages:
            img = cv2.imread(str(p), cv2.IMREAD_COLOR)
            if img is None:
                raise ScanToolMissing(f"pdftoppm wrote an unreadable page image {p.name}")
            out.append(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
        return out


def _last_ink_row(gray: np.ndarray) -> int:
    rows = np.flatnonzero((gray < 128).sum(axis=1) > 2)
    return int(rows[-1]) if rows.size else gray.shape[0] // 2


def draw_seal(img: np.ndarray, centre: tuple[int, int], radius: int, rng: random.Random, color: bool) -> None:
    """A 公章-like ring with a star, drawn over ``img`` (RGB) in translucent red (or faded gray)."""
    overlay = img.copy()
    ink = (215, 40, 45) if color else (165, 165, 165)
    thick = max(2, radius // 14)
    cv2.circle(overlay, centre, radius, ink, thick, cv2.LINE_AA)
    cx, cy = centre
    r = radius * 0.3
    pts = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        rr = r if k % 2 == 0 else r * 0.4
        pts.append((int(cx + rr * math.cos(a)), int(cy + rr * math.sin(a))))
    cv2.fillPoly(overlay, [np.array(pts, dtype=np.int32)], ink, cv2.LINE_AA)
    # an arc of "characters" (small blocks) along the top of the ring
    for k in range(12):
        a = math.pi * (1.15 + 0.7 * k / 11)
        x = int(cx + radius * 0.72 * math.cos(a))
        y = int(cy + radius * 0.72 * math.sin(a))
        s = max(3, radius // 9)
        cv2.rectangle(overlay, (x - s // 2, y - s // 2), (x + s // 2, y + s // 2), ink, max(1, thick // 2))
    alpha = rng.uniform(0.55, 0.8)
    np.copyto(img, cv2.addWeighted(overlay, alpha, img, 1 - alpha, 0))


def soil(img: np.ndarray, style: ScanStyle, rng: random.Random, last: bool) -> np.ndarray:
    """One page as a scanner would return it (RGB, or single-channel when ``style.color`` is off)."""
    nrng = np.random.default_rng(rng.getrandbits(32))
    h, w = img.shape[:2]
    scale = style.dpi / 200
    if style.seal and last:
        bottom = _last_ink_row(cv2.cvtColor(img, cv2.COLOR_RGB2GRAY))
        radius = int(90 * scale)
        centre = (int(w * rng.uniform(0.62, 0.75)), max(radius, bottom - int(rng.uniform(0.2, 0.8) * radius)))
        draw_seal(img, centre, radius, rng, style.color)
    if style.max_skew:
        angle = rng.uniform(-style.max_skew, style.max_skew)
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        img = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))
    if not style.color:
        img = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    if style.blur:
        img = cv2.GaussianBlur(img, (3, 3), 0.6 * scale)
    out = img.astype(np.float32)
    if style.noise:
        out += nrng.normal(0, style.noise, out.shape[:2])[..., None] if out.ndim == 3 else \
            nrng.normal(0, style.noise, out.shape)
    out = np.clip(out, 0, 255).astype(np.uint8)
    for _ in range(style.specks):
        x, y = int(nrng.integers(0, w)), int(nrng.integers(0, h))
        cv2.circle(out, (x, y), int(nrng.integers(1, max(2, int(2 * scale)) + 1)), 0 if out.ndim == 2 else (20, 20, 20), -1)
    return out


def images_to_pdf(pages: list[np.ndarray], dpi: int, quality: int) -> bytes:
    """An image-only PDF: each page one JPEG at ``dpi`` (Pillow's PDF writer; no text layer)."""
    from PIL import Image

    ims = [Image.fromarray(p) for p in pages]
    buf = io.BytesIO()
    ims[0].save(buf, format="PDF", save_all=True, append_images=ims[1:], resolution=float(dpi),
                quality=quality)
    return buf.getvalue()


def scan_pdf(pdf: bytes, style: ScanStyle, rng: random.Random) -> bytes:
    pages = rasterise(pdf, style.dpi)
    soiled = [soil(p, style, rng, i == len(pages) - 1) for i, p in enumerate(pages)]
    return images_to_pdf(soiled, style.dpi, style.jpeg_quality)

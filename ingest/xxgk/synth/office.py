"""LibreOffice (headless) conversions for the synthetic renderings: .docx → PDF, .docx → .doc.

``convert(files, fmt, out_dir)`` converts many files in one LibreOffice start (a start costs ~2 s, a
conversion ~0.2 s) with a private user profile, so parallel runs (tests, other checkouts) never share
or lock one. ``soffice_path()`` says whether LibreOffice is installed; callers skip with that reason
when it is not (``make test`` installs it when run as root: scripts/ensure_test_deps.sh).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

# output format name → LibreOffice filter
FILTERS = {"pdf": "pdf:writer_pdf_Export", "doc": "doc:MS Word 97", "docx": "docx:MS Word 2007 XML"}
BATCH = 40            # files per LibreOffice start: bounds the time one failing batch costs
SECONDS_PER_FILE = 20


class OfficeError(RuntimeError):
    pass


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(files: list[Path], fmt: str, out_dir: Path) -> list[Path]:
    """Convert ``files`` to ``fmt`` (pdf, doc, docx) into ``out_dir`` (same stems); returns the outputs
    in the order of ``files``. Raises OfficeError naming the files that did not convert."""
    exe = soffice_path()
    if exe is None:
        raise OfficeError("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    out_dir.mkdir(parents=True, exist_ok=True)
    outs = [out_dir / (f.stem + "." + fmt) for f in files]
    with tempfile.TemporaryDirectory(prefix="xxgk-lo-") as profile:
        for i in range(0, len(files), BATCH):
            batch = files[i:i + BATCH]
            cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--nolockcheck",
                   "--convert-to", FILTERS[fmt], "--outdir", str(out_dir), *map(str, batch)]
            try:
                subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               timeout=60 + SECONDS_PER_FILE * len(batch), check=False)
            except subprocess.TimeoutExpired:
                raise OfficeError(f"LibreOffice took too long converting {len(batch)} file(s) to {fmt}") from None
    missing = [f.name for f, o in zip(files, outs) if not o.exists() or o.stat().st_size == 0]
    if missing:
        raise OfficeError(f"LibreOffice did not convert {len(missing)} file(s) to {fmt}: {', '.join(missing[:5])}")
    return outs

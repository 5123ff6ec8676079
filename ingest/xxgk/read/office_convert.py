"""Old Word files (.doc, Word 97-2003; .wps, Kingsoft WPS) → .docx bytes, through LibreOffice.

``to_docx(data, timeout=...)`` runs ``soffice --headless --convert-to docx`` on a copy of the file in
a private temporary folder, with a LibreOffice profile of its own (``-env:UserInstallation``): two
worker processes converting at once would otherwise share the user profile and one of them fails.
The folder (file, profile, output) is removed afterwards; the process group is killed when the time
limit passes. LibreOffice detects the format from the content, so a .doc that is really RTF, Word
2003 XML or a Word "Web page" converts as well. Raises ``DocumentError(reason, detail)`` with a
reason of ``xxgk.read.result.REASONS``: ``converter_missing`` when LibreOffice is not installed.

The binary is ``$XXGK_SOFFICE`` when set, else ``soffice`` / ``libreoffice`` on the PATH.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from xxgk.read.document import DocumentError

INSTALL_HINT = "install libreoffice-writer-nogui to read .doc files (Debian/Ubuntu: apt-get install libreoffice-writer-nogui)"
_DOCX_FILTER = "docx:MS Word 2007 XML"


@dataclass(frozen=True, slots=True)
class Converted:
    docx: bytes
    seconds: float


def soffice_binary() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    env = os.environ.get("XXGK_SOFFICE")
    if env:
        return env if os.path.isfile(env) and os.access(env, os.X_OK) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, *, timeout: float, input_name: str = "report.doc") -> Converted:
    """Convert the bytes of an old Word file to .docx. ``input_name`` is the name the copy gets (its
    suffix is only a hint: LibreOffice looks at the content)."""
    exe = soffice_binary()
    if exe is None:
        raise DocumentError("converter_missing", "LibreOffice (soffice) is not installed; " + INSTALL_HINT)
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="xxgk-lo-") as tmp:
        src = Path(tmp) / input_name
        src.write_bytes(data)
        out_dir = Path(tmp) / "out"
        cmd = [exe, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               f"-env:UserInstallation={(Path(tmp) / 'profile').as_uri()}",
               "--convert-to", _DOCX_FILTER, "--outdir", str(out_dir), str(src)]
        # its own session: on timeout the whole group (soffice.bin and its helpers) is killed
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True, env={**os.environ, "HOME": tmp})
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise DocumentError("extraction_failed", f"LibreOffice took longer than {timeout:g} s to convert "
                                                       "the file; stopped (raise XXGK_DOCUMENT_SECONDS)") from None
        finally:
            if proc.poll() is None:
                _kill_group(proc)
        out = out_dir / (src.stem + ".docx")
        if not out.is_file() or out.stat().st_size == 0:
            said = " ".join(output.decode("utf-8", "replace").split())[-300:]
            raise DocumentError("corrupt", "LibreOffice could not open the file as a document (damaged, "
                                             f"password-protected or not a Word file){': ' + said if said else ''}")
        return Converted(out.read_bytes(), time.monotonic() - t0)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()

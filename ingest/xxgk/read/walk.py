"""Which files under a reports folder a run (and `xxgk extract`) reads, and which it lists as not read.

One walker for both commands, with one set of rules (README, "Bad input"):

- a file of a supported type (``xxgk.read.read.REPORT_SUFFIXES``) is read; any other file is listed
  as not read, reason ``unsupported_type`` — never skipped silently;
- hidden and system files are skipped: names starting with ``.`` (``.DS_Store``, ``.git/``), Office
  lock files (``~$name.docx``), ``Thumbs.db``, ``desktop.ini``; they are only counted;
- a symbolic link is read where it leads, once: a link to a file or folder inside the folder adds
  nothing that is not read anyway. A link leading outside the folder is listed, not read
  (``link_outside_folder``: a link to /etc/passwd must not land in a table every BI user reads)
  unless ``follow_links``; a link loop (``link_loop``) or a link to nothing (``link_broken``) is
  listed under the link's own name. None of them stops the walk.

Paths are absolute and without symbolic links (what ``raw.files.source_path`` holds): the folder is
resolved once, entries under it are real paths unless they are links, and only links are resolved
again — ``Path.resolve()`` on 100,000 files (an ``lstat`` per path component) cost more than hashing
them. One ``scandir`` per folder: the entry type comes with the listing, so no ``stat`` per file.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from xxgk.read.read import REPORT_SUFFIXES

# System files that folders copied from Windows or macOS carry; never reports.
SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", "ehthumbs.db"})


@dataclass(frozen=True, slots=True)
class Refused:
    """An entry of the folder that is not read, and why (a key of xxgk.read.result.REASONS)."""

    path: str                    # where it was found (a link: the link itself, not where it leads)
    reason: str                  # unsupported_type | link_outside_folder | link_loop | link_broken | unreadable
    detail: str                  # starts with the entry's name, says what to do
    byte_size: int | None = None


@dataclass(slots=True)
class FolderWalk:
    files: list[str] = field(default_factory=list)       # to read, sorted by where they were found, each once
    refused: list[Refused] = field(default_factory=list)  # listed in the run summary and raw.ingest_errors
    skipped: int = 0                                      # hidden and system files and folders


def is_supported(name: str) -> bool:
    return os.path.splitext(name)[1].lower() in REPORT_SUFFIXES


def is_hidden_or_system(name: str) -> bool:
    return name.startswith((".", "~$")) or name.lower() in SYSTEM_FILES


def _supported_list() -> str:
    return ", ".join(REPORT_SUFFIXES)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _sort_key(path: str) -> list[str]:
    return path.split(os.sep)


class _Walker:
    def __init__(self, root: str, follow_links: bool) -> None:
        self.root, self.follow_links = root, follow_links
        self.found: list[tuple[str, str]] = []      # (where it was found, the real path to read)
        self.out = FolderWalk()
        self.visited: set[str] = set()              # real paths of the folders walked

    def walk(self) -> FolderWalk:
        folders = [self.root]
        self.visited.add(self.root)
        while folders:
            try:
                entries = os.scandir(folders.pop())
            except OSError:        # an unreadable folder: its files cannot be listed, let alone read
                continue
            with entries:
                for entry in entries:
                    folder = self._entry(entry)
                    if folder is not None:
                        folders.append(folder)
        self.found.sort(key=lambda f: _sort_key(f[0]))
        seen: set[str] = set()
        for _, real in self.found:
            if real not in seen:
                seen.add(real)
                self.out.files.append(real)
        self.out.refused.sort(key=lambda r: _sort_key(r.path))
        return self.out

    def _entry(self, entry: os.DirEntry) -> str | None:
        """Record one entry; return a folder still to walk, if it is one."""
        name = entry.name
        if is_hidden_or_system(name):
            self.out.skipped += 1
            return None
        try:
            is_link, is_dir = entry.is_symlink(), entry.is_dir(follow_symlinks=False)
        except OSError:           # gone since the listing (when the type needed an lstat): the reader says so
            is_link = is_dir = False
        if is_link:
            return self._link(entry.path)
        if is_dir:
            self.visited.add(entry.path)
            return entry.path
        if not is_supported(name):
            self._refuse(entry.path, "unsupported_type", _unsupported_detail(name), _size(entry))
            return None
        self.found.append((entry.path, entry.path))
        return None

    def _link(self, path: str) -> str | None:
        name = os.path.basename(path)
        try:
            st = os.stat(path)
        except OSError as exc:
            self.out.refused.append(link_refusal(path, exc))
            return None
        real = os.path.realpath(path)
        inside = _inside(real, self.root)
        if stat.S_ISDIR(st.st_mode):
            if not inside and not self.follow_links:
                self._refuse(path, "link_outside_folder", _outside_detail(name, real, self.root, "folder"))
                return None
            if real in self.visited:          # e.g. a link back up the tree: walked once
                return None
            self.visited.add(real)
            return real
        if not is_supported(name):
            self._refuse(path, "unsupported_type", _unsupported_detail(name), st.st_size)
        elif not inside and not self.follow_links:
            self._refuse(path, "link_outside_folder", _outside_detail(name, real, self.root, "file"))
        else:
            self.found.append((path, real))
        return None

    def _refuse(self, path: str, reason: str, detail: str, size: int | None = None) -> None:
        self.out.refused.append(Refused(path, reason, f"{os.path.basename(path)}: {detail}", size))


def link_refusal(path: str, exc: OSError) -> Refused:
    """Why a link cannot be followed (``os.stat`` through it raised ``exc``), under its own name."""
    name = os.path.basename(path)
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    if exc.errno == errno.ELOOP:
        return Refused(path, "link_loop", f"{name}: a symbolic link that leads back to itself ({name} -> {target}, "
                                          "a loop); not read. Point it at a report file, or delete it")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return Refused(path, "link_broken", f"{name}: a symbolic link to {target}, which does not exist (a broken "
                                            "link); not read. Point it at the report file, or delete it")
    return Refused(path, "unreadable", f"{name}: a symbolic link that cannot be followed: {exc.strerror or exc}")


def _unsupported_detail(name: str) -> str:
    suffix = os.path.splitext(name)[1]
    kind = f"a {suffix} file" if suffix else "a file without an extension"
    return (f"{kind}: not a type this reader reads ({_supported_list()}); not read. Save the report in one "
            "of these formats to have it loaded")


def _outside_detail(name: str, real: str, root: str, what: str) -> str:
    return (f"a symbolic link to the {what} {real}, outside the reports folder {root}; not read (a link must "
            "not make files from elsewhere readable in the warehouse). Copy the report into the folder, or run "
            "with --follow-links to read what links lead to")


def _size(entry: os.DirEntry) -> int | None:
    try:
        return entry.stat(follow_symlinks=False).st_size
    except OSError:
        return None


def walk_reports(root: str | os.PathLike[str], *, follow_links: bool = False) -> FolderWalk:
    """The files to read under ``root`` and the entries listed as not read (see the module doc).

    ``root`` itself may be a file (read whatever its type: it was named on purpose), a link to one, a
    folder or a link to one; a root that does not exist gives nothing."""
    try:
        st = os.stat(root)
    except OSError as exc:
        if os.path.islink(root):      # a loop or a link to nothing: say which
            return FolderWalk(refused=[link_refusal(os.path.abspath(root), exc)])
        return FolderWalk()
    base = os.path.realpath(root)
    if stat.S_ISDIR(st.st_mode):
        return _Walker(base, follow_links).walk()
    return FolderWalk(files=[base])


def iter_report_files(root: Path, *, follow_links: bool = False) -> list[Path]:
    """The files a run reads under ``root`` (walk_reports(...).files as Paths)."""
    return [Path(p) for p in walk_reports(root, follow_links=follow_links).files]

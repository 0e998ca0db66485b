"""Limits enforced WHILE a file is read, the same for the command line and the Upload page.

Nothing in a file's own headers is trusted: a zip member's size is counted as its bytes come out of the
decompressor (a member whose header understates its size is stopped at the limit, not at the header's
figure), members are read in small chunks, only the two compression methods Excel and police.uk use
(stored, deflate) are accepted (bzip2 and LZMA members decompress a whole block at once), XML members
with a DTD (the carrier of entity-expansion "billion laughs" files; no Excel workbook has one) are
refused, and every reading loop checks a deadline.

    MAX_FILE_BYTES        the upload limit, from `[uploads] max_mb` in dashboard.toml (CLI too)
    MAX_UNZIPPED_BYTES    what an archive or workbook may expand to, in all, counted while reading
    MAX_EXPANSION         ... and at most this many times the file's own size (real files: 5-20x)
    MAX_MEMBERS           files inside one archive
    MAX_CELLS             cells read from one worksheet
    READ_SECONDS          seconds one file may take to read and check
"""

from __future__ import annotations

import contextvars
import io
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from data_loaders.errors import file_problem

MB = 1024 * 1024
MAX_UNZIPPED_BYTES = 64 * MB  # a year of police.uk months for one force is ~60 MB; memory ceiling: tests/warehouse/test_memory_ceiling.py
MAX_EXPANSION = 100
MIN_BUDGET = 2 * MB  # small files may expand further than 100x (a header-only workbook is mostly XML)
MAX_MEMBERS = 1000
MAX_CELLS = 2_000_000
READ_SECONDS = 120.0
CHUNK = 64 * 1024
METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
SPLIT_FIX = "export the data as CSV, or split it into smaller files (e.g. one per year)"

_deadline: contextvars.ContextVar[tuple[float, str] | None] = contextvars.ContextVar("read_deadline",
                                                                                    default=None)


@contextmanager
def time_limit(path: str | Path, seconds: float | None = None) -> Iterator[None]:
    """Give reading `path` a deadline (an outer one, e.g. the whole ingest's, is kept)."""
    if _deadline.get() is not None:
        yield
        return
    token = _deadline.set((time.monotonic() + (READ_SECONDS if seconds is None else seconds), str(path)))
    try:
        yield
    finally:
        _deadline.reset(token)


def check_time(path: str | Path) -> None:
    """Raise a LoadError once the current read has run past its deadline."""
    current = _deadline.get()
    if current is not None and time.monotonic() > current[0]:
        raise file_problem(path, f"the file took longer than {READ_SECONDS:.0f} seconds to read, so reading was "
                           "stopped", SPLIT_FIX)


def _size(n: int) -> str:
    return f"{n / MB:,.0f} MB" if n >= 10 * MB else f"{n / MB:,.1f} MB" if n >= MB // 10 else f"{n:,} bytes"


def budget(data: bytes) -> int:
    """Bytes an archive of this size may expand to."""
    return min(MAX_UNZIPPED_BYTES, max(MIN_BUDGET, MAX_EXPANSION * len(data)))


def open_zip(path: str | Path, data: bytes, *, what: str = "archive") -> zipfile.ZipFile:
    """The archive, after the checks that need no decompression: it opens, member count, methods."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise file_problem(path, f"the {what} is damaged (it cannot be opened as a zip file)",
                           "export or download it again") from None
    if len(infos) > MAX_MEMBERS:
        archive.close()
        raise file_problem(path, f"the {what} holds {len(infos):,} files, more than the {MAX_MEMBERS:,} accepted",
                           SPLIT_FIX)
    odd = sorted({i.compress_type for i in infos} - set(METHODS))
    if odd:
        archive.close()
        raise file_problem(path, f"the {what} uses a compression method ({', '.join(map(str, odd))}) that Excel "
                           "and police.uk never use", "save or download it again with ordinary (deflate) "
                           "compression, or send the files uncompressed")
    return archive


class Expansion:
    """Counts the real decompressed bytes of one archive against its budget."""

    def __init__(self, path: str | Path, data: bytes, what: str) -> None:
        self.path, self.what, self.limit, self.used = path, what, budget(data), 0
        self.packed = len(data)

    def add(self, n: int) -> None:
        self.used += n
        if self.used > self.limit:
            raise file_problem(self.path, f"the {self.what} expands to more than {_size(self.limit)} from "
                               f"{_size(self.packed)} when decompressed (counted while reading, "
                               "whatever its headers say): a 'zip bomb' guard", SPLIT_FIX)


def stream_member(path: str | Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, expansion: Expansion,
                  *, what: str = "archive") -> Iterator[bytes]:
    """The member's decompressed bytes in chunks, each counted against the budget as it comes out."""
    try:
        with archive.open(info) as member:
            while True:
                check_time(path)
                chunk = member.read(CHUNK)
                if not chunk:
                    return
                expansion.add(len(chunk))
                yield chunk
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError, RuntimeError):
        # RuntimeError: an encrypted member; BadZipFile: a CRC or size that does not match the data
        raise file_problem(path, f"'{info.filename}' inside the {what} is damaged, encrypted or its size does "
                           "not match its header", "export or download it again") from None


def read_member(path: str | Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, expansion: Expansion,
                *, what: str = "archive") -> bytes:
    return b"".join(stream_member(path, archive, info, expansion, what=what))


def vet_xml_members(path: str | Path, data: bytes, *, what: str = "workbook",
                    keep: Callable[[str], bool] = lambda name: False,
                    scan: Callable[[str, bytes], None] | None = None) -> dict[str, bytes]:
    """Decompress every member once, counting real bytes and refusing XML with a DTD; return the members
    `keep` asks for (small parts such as the workbook's sheet list), the rest is only counted. `scan` sees
    each member's bytes as overlapping windows (the previous window's last 512 bytes, then the next chunk)."""
    kept: dict[str, bytes] = {}
    with open_zip(path, data, what=what) as archive:
        expansion = Expansion(path, data, what)
        for info in archive.infolist():
            if info.is_dir():
                continue
            tail, parts = b"", []
            want = keep(info.filename)
            for chunk in stream_member(path, archive, info, expansion, what=what):
                window = tail + chunk
                if any(marker in window for marker in DTD_MARKERS):
                    raise file_problem(path, f"'{info.filename}' inside the {what} declares a DTD (entities "
                                       "that can expand without limit); Excel never writes one",
                                       "open the file in Excel and save it again as .xlsx, or export it as CSV")
                if scan is not None:
                    scan(info.filename, window)
                tail = window[-512:]
                if want:
                    parts.append(chunk)
            if want:
                kept[info.filename] = b"".join(parts)
    return kept

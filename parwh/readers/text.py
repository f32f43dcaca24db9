"""Text as a person reads it: the encoding a file was saved in, garbled text, the clean form of a cell."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from parwh.readers import TableError

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
CHUNK = 1024 * 1024


def sniff_encoding(path: Path) -> tuple[str, str]:
    """(Python codec, name for the user) of a text file: UTF-8 with or without BOM, UTF-16 (Excel's "Unicode
    text"), or Windows-1258, read in chunks so a large file never sits in memory whole."""
    with path.open("rb") as file:
        head = file.read(4096)
    if head.startswith(b"PK\x03\x04"):
        raise TableError(f"{path}: this is a spreadsheet (XLSX) file, not CSV text; name it .xlsx and run again.")
    if head.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", "UTF-8 with BOM")]
    elif head.startswith(UTF16_BOMS):
        candidates = [("utf-16", "UTF-16")]
    elif b"\x00" in head[:200]:
        candidates = [("utf-16-le" if head[1:2] == b"\x00" else "utf-16-be", "UTF-16")]
    else:
        candidates = [("utf-8", "UTF-8"), ("cp1258", "Windows-1258")]
    for codec, name in candidates:
        error = first_decode_error(path, codec)
        if error is None:
            return codec, name
    line, byte = error
    raise TableError(f"{path}: line {line}: byte 0x{byte:02x} is not {' or '.join(n for _, n in candidates)} text. "
                     "Save the file as CSV UTF-8 (Excel: Save As → CSV UTF-8) and run again.")


def first_decode_error(path: Path, codec: str) -> tuple[int, int] | None:
    """(line, byte) where `codec` first fails on the file, or None if all of it decodes."""
    decoder = codecs.getincrementaldecoder(codec)()
    newlines = 0
    with path.open("rb") as file:
        while True:
            chunk = file.read(CHUNK)
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as error:
                offset = max(0, min(error.start, len(chunk) - 1))
                return newlines + chunk[:offset].count(b"\n") + 1, chunk[offset] if chunk else 0
            if not chunk:
                return None
            newlines += chunk.count(b"\n")


def repair_mojibake(text: str) -> str | None:
    """The text a UTF-8 file held before a program read it as Windows-1252 (or Latin-1) and saved it again."""
    for encoding in ("cp1252", "latin-1"):
        try:
            repaired = text.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        return repaired if repaired != text else None
    return None


def clean(text: str) -> str:
    """A cell as a person reads it: NFC, a no-break space as a space, no white space around it; all else kept."""
    return unicodedata.normalize("NFC", text.replace("\u00a0", " ")).strip()

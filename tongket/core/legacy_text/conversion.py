"""Which legacy encoding a text was typed in, and its conversion to Unicode NFC: paragraph by
paragraph for a document, cell by cell (deciding together) for a sheet, byte for byte for a
plain-text file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tongket.core.legacy_text.syllables import readability
from tongket.core.legacy_text.tables import DECODERS, NAMES

_VIETNAMESE_ONLY = re.compile(r"[ăđơưĂĐƠƯ\u1ea0-\u1ef9\u0128\u0129\u0168\u0169]")
_LEGACY_HINT = re.compile(r"[\u0080-\u00ff\x02\x05\x06\x14\x19\x1e]")


@dataclass(frozen=True)
class Conversion:
    """What `to_unicode` did: the text, and the encodings it converted (empty: none)."""

    text: str
    encodings: tuple[str, ...] = ()
    paragraphs: int = 0

    @property
    def converted(self) -> bool:
        return bool(self.encodings)

    def describe(self) -> str:
        return ", ".join(NAMES[name] for name in self.encodings)


def detect(text: str) -> str | None:
    """The legacy encoding `text` was typed in, or None when it reads as Unicode already."""
    if not text or not _LEGACY_HINT.search(text):
        return None
    # Unicode Vietnamese letters outside Latin-1 never occur in legacy text.
    if len(_VIETNAMESE_ONLY.findall(text)) > len(_LEGACY_HINT.findall(text)) // 4:
        return None
    # On a tie the earlier table wins: TCVN3 (the national standard of the time) was by far
    # the most used, then VNI, then VISCII.
    best, best_score = None, readability(text)
    for name, decoder in DECODERS.items():
        score = readability(decoder(text))
        if score > best_score:
            best, best_score = name, score
    return best


def to_unicode(text: str) -> Conversion:
    """Convert every paragraph typed in a legacy encoding; NFC throughout."""
    if not text:
        return Conversion(text or "")
    if not _LEGACY_HINT.search(text):
        return Conversion(unicodedata.normalize("NFC", text))
    whole = detect(text)
    parts = re.split(r"(\r?\n)", text)
    out: list[str] = []
    used: list[str] = []
    count = 0
    for part in parts:
        name = detect(part) if part.strip() else None
        if name is None and whole and _LEGACY_HINT.search(part):
            # A short paragraph may not decide alone; the document's encoding does, if it
            # reads at least as well.
            candidate = DECODERS[whole](part)
            if readability(candidate) >= readability(part):
                name = whole
        if name:
            part = DECODERS[name](part)
            count += 1
            if name not in used:
                used.append(name)
        out.append(part)
    return Conversion(unicodedata.normalize("NFC", "".join(out)), tuple(used), count)


def may_hold_legacy(text: str, start: int = 0) -> bool:
    """Whether `text` (from `start`) has a character a legacy-typed cell would: without one,
    `convert_texts` leaves each of its cells as it is (one scan, in C)."""
    return _LEGACY_HINT.search(text, start) is not None


def convert_texts(texts: list[str]) -> tuple[list[str], dict[str, int]]:
    """The cells of a sheet or file converted one by one, and how many each legacy encoding
    converted. The encoding the cells read in together decides each cell that reads at least
    as well in it (a header "Ghi chó" is "Ghi chú" in a TCVN3 sheet); a cell with
    Unicode-only Vietnamese letters is never converted."""
    # A sheet repeats the same few texts (codes, periods): each distinct text is judged once.
    distinct = set(texts)
    legacy = {
        text
        for text in distinct
        if text and _LEGACY_HINT.search(text) and not _VIETNAMESE_ONLY.search(text)
    }
    if not legacy:
        return texts, {}
    whole = detect("\n".join(text for text in texts if text in legacy))
    converted: dict[str, tuple[str, str | None]] = {}
    for text in legacy:
        # A file is typed with one font: the encoding the cells read in together wins
        # whenever it reads as well as the cell typed; else the cell decides alone.
        name = None
        if whole is not None:
            candidate = DECODERS[whole](text)
            if candidate != text and readability(candidate) >= readability(text):
                name = whole
        if name is None:
            name = detect(text)
        converted[text] = (DECODERS[name](text), name) if name else (text, None)
    out: list[str] = []
    counts: dict[str, int] = {}
    for text in texts:
        if text not in legacy:
            out.append(text)
            continue
        result, name = converted[text]
        out.append(result)
        if name:
            counts[name] = counts.get(name, 0) + 1
    return out, counts


def describe_counts(counts: dict[str, int]) -> str:
    """ "TCVN3 (ABC): 12" for the cells each encoding converted."""
    return ", ".join(f"{NAMES[name]}: {count}" for name, count in counts.items())


def decode_bytes(data: bytes) -> Conversion:
    """Bytes of a plain-text file: UTF-8 (with or without BOM) or UTF-16 when they decode,
    else a single-byte legacy encoding read byte for byte and converted."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return to_unicode(data.decode("utf-16"))
    try:
        return to_unicode(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    conversion = to_unicode(data.decode("latin-1"))
    if conversion.converted:
        return conversion
    return to_unicode(data.decode("cp1258", errors="replace"))

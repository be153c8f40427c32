"""Names written a little wrong, matched anyway: pure Python, no database.

Texts typed in a hurry or converted from old encodings lose diacritics and letters ("Bo Chi
huy Quan su tinh Lao Cai", "Tổng cuc Hậu cần", "Su đoàn 316"). A unit name is taken for a
written phrase when, on folded words (no diacritics, đ → d, lower case):
- both have the same number of words, every number is the same ("Quân khu 2" is never
  "Quân khu 3"),
- at most one word differs, and by one letter at most (added, dropped or changed), and only
  in a name word of three letters or more ("Hà Giang" is never "Hà Nam"),
- and their character trigrams agree (Jaccard similarity ≥ `THRESHOLD`).
Only names of three words or more are matched this way (shorter ones are too easily another
body's), and only where their first two words are written right once folded (the reader
looks for those, it does not walk the text word by word). The match is proposed with a lower confidence than an exact one.
"""

from __future__ import annotations

import unicodedata

from tongket.core.text import search_key

THRESHOLD = 0.6
MIN_WORDS = 3


def _table() -> dict[int, str]:
    """Each letter of Latin scripts to its folded letter, for str.translate (one character
    to one character: positions in the folded text are positions in the text)."""
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x2000):
        char = chr(code)
        if not unicodedata.category(char).startswith("L"):
            continue
        key = search_key(char)
        if len(key) == 1 and key != char:
            table[code] = key
    return table


FOLD = _table()


def fold_fast(text: str) -> str:
    """The text lower-cased and folded, same length (NFC text)."""
    return text.lower().translate(FOLD)


def trigrams(words: tuple[str, ...] | list[str]) -> set[str]:
    padded = f"  {' '.join(words)} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: tuple[str, ...] | list[str], b: tuple[str, ...] | list[str]) -> float:
    """Jaccard similarity of the character trigrams of two word lists."""
    first, second = trigrams(a), trigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def _one_edit(a: str, b: str) -> bool:
    """Whether `a` and `b` differ by one letter added, dropped or changed."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:index] + long[index + 1 :] == short for index in range(len(long)))


def close_names(name: tuple[str, ...], written: tuple[str, ...] | list[str]) -> bool:
    """Whether the folded words `written` are the folded name `name` with a slip (see the
    module's rules). Equal words are close too."""
    if len(name) != len(written) or len(name) < MIN_WORDS:
        return False
    different = [(a, b) for a, b in zip(name, written, strict=True) if a != b]
    if len(different) > 1:
        return False
    for a, b in different:
        if a.isdigit() or b.isdigit() or len(a) < 3 or not _one_edit(a, b):
            return False
    return similarity(name, written) >= THRESHOLD

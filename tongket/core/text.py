"""Vietnamese text: NFC normalisation, search keys, and a Vietnamese collation key.

- `normalize` keeps what was typed (tone placement such as "uỷ"/"ủy" stays) but in NFC, with
  whitespace collapsed: pasted text often arrives decomposed.
- `search_key` is what search compares: NFD, marks dropped, đ→d, casefolded. "quan khu" and
  "Quân khu" share it; "duqstw" matches "ĐUQSTW".
- `sort_key` orders by the Vietnamese alphabet (A Ă Â B C D Đ E Ê … O Ô Ơ … U Ư …) and then by
  tone (ngang, huyền, hỏi, ngã, sắc, nặng), digit runs compared as numbers. The key is made of
  upper-case ASCII letters and digits only, so it orders the same in Python, SQLite and in
  PostgreSQL under any collation that orders [0-9A-Z] like ASCII.
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# Combining marks: which are tones, which change the letter.
_TONES = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}
_LETTER_MARKS = {"\u0306": "breve", "\u0302": "circumflex", "\u031b": "horn"}

_ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
]
# Letters rank 10..42 ("0A".."16"); "00" ends a key, "01" is a word break, "02" starts
# a number.
_RANK = {letter: index + 10 for index, letter in enumerate(_ALPHABET)}
_COMPOSE = {
    ("a", "breve"): "ă",
    ("a", "circumflex"): "â",
    ("e", "circumflex"): "ê",
    ("o", "circumflex"): "ô",
    ("o", "horn"): "ơ",
    ("u", "horn"): "ư",
}
_B36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = frozenset("0123456789")


def normalize(value: str | None) -> str:
    """NFC with runs of whitespace collapsed and the ends stripped; None becomes ""."""
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def search_key(value: str | None) -> str:
    """Diacritic- and case-insensitive key: NFD, marks dropped, đ→d, casefold."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def _letters(value: str) -> list[tuple[str, int]]:
    """(base letter of the Vietnamese alphabet, tone) for each character, lower-cased."""
    result: list[tuple[str, int]] = []
    for char in normalize(value).lower():
        if char == "đ":
            result.append(("đ", 0))
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        tone = 0
        for mark in marks:
            if mark in _TONES:
                tone = _TONES[mark]
            elif mark in _LETTER_MARKS:
                base = _COMPOSE.get((base, _LETTER_MARKS[mark]), base)
        result.append((base, tone))
    return result


def _b36(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, rest = divmod(number, 36)
        digits.append(_B36[rest])
    return "".join(reversed(digits))


def sort_key(value: str | None) -> str:
    """Key ordering strings the Vietnamese way; see the module docstring."""
    if not value:
        return ""
    letters = _letters(value)
    primary: list[str] = []
    tones: list[str] = []
    index = 0
    while index < len(letters):
        char, tone = letters[index]
        if char in _DIGITS:
            end = index
            while end < len(letters) and letters[end][0] in _DIGITS:
                end += 1
            digits = "".join(c for c, _ in letters[index:end]).lstrip("0") or "0"
            # A digit run sorts before letters and by its value: length first, then digits.
            primary.append("02" + _b36(min(len(digits), 35), 1) + digits[:35])
            index = end
            continue
        if char in _RANK:
            primary.append(_b36(_RANK[char], 2))
            tones.append(str(tone))
        elif char.isspace() or not char.isalnum():
            # Word breaks count as the lowest letter so "Ba Vì" < "Bac"; other punctuation too.
            primary.append("01")
        else:
            primary.append(_b36(min(ord(char), 36**2 - 1), 2))
        index += 1
    # "00" ends the primary part so a prefix sorts before its extensions; tones break ties.
    return "".join(primary) + "00" + "".join(tones)


def person_sort_key(full_name: str) -> str:
    """Vietnamese people sort by given name (the last word), then by the whole name."""
    words = normalize(full_name).split(" ")
    return sort_key(words[-1]) + sort_key(full_name)


def contains_all_words(haystack_key: str, query: str) -> bool:
    """True when every word of the query occurs in the search key."""
    return all(word in haystack_key for word in search_key(query).split())


# C0 control characters other than tab, line feed and carriage return, DEL, and the two
# non-characters: XML (DOCX, XLSX) cannot hold them and PostgreSQL refuses NUL in text.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def strip_controls(text: str) -> str:
    """`text` without the control characters no document or database can hold."""
    return _CONTROLS.sub("", text) if _CONTROLS.search(text) else text


def strip_controls_deep(data: object) -> object:
    """Every text inside a parsed JSON value (keys too) without control characters."""
    if isinstance(data, str):
        return strip_controls(data)
    if isinstance(data, list):
        return [strip_controls_deep(item) for item in data]
    if isinstance(data, dict):
        return {strip_controls_deep(key): strip_controls_deep(value) for key, value in data.items()}
    return data

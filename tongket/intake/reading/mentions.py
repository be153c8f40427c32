"""Where a unit's report mentions the indicators of its form: by code ("HC03"), by name
compared on folded text (`tongket.core.text.search_key`), by its first words, or by the name
without its head words ("Số cuộc diễn tập" → "cuộc diễn tập"). Pure Python, no database;
`figures` reads the figure of each mention."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tongket.core.text import search_key

NUMBER, RATIO, MILESTONE, RATING = "number", "ratio", "milestone", "rating"
# A name may be found by its first words when it has at least this many significant ones.
PREFIX_WORDS = 5

# Words that do not tell one indicator's name from another (skipped when comparing names).
# Folded, so only words that fold to no other word ("trong" is also "trồng": not here).
_FUNCTION_WORDS = frozenset(["cac", "cua", "nhung", "va", "duoc", "la", "voi", "theo"])
# Head words a report leaves out when it writes the figure first ("Số cuộc diễn tập" →
# "12 cuộc diễn tập"; "Hoàn thành xây dựng bếp ăn …" → "đã xây dựng xong bếp ăn …"), folded,
# longer first. The rest must keep at least CORE_WORDS significant words.
_HEADS = {
    NUMBER: ("tong so", "so luong", "so", "ty le", "gia tri", "tong gia tri"),
    RATIO: ("tong so", "so luong", "so", "ty le"),
    MILESTONE: ("hoan thanh", "ban hanh", "xay dung", "to chuc", "trien khai", "thuc hien"),
    RATING: ("ket qua xep loai", "ket qua danh gia", "ket qua", "xep loai", "danh gia"),
}
CORE_WORDS = 2
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class IndicatorEntry:
    """What the reader needs of an indicator (the caller reads it from the database)."""

    id: int
    code: str
    name: str
    unit: str = ""  # unit of measure as written on the indicator: "%", "ha", "tấn"
    is_ratio: bool = False  # reported as numerator / denominator
    decimals: int = 0
    # "number", "ratio", "milestone" or "rating" (MeasureKind); empty: by `is_ratio`.
    kind: str = ""
    levels: tuple[str, ...] = ()  # a rating's scale, lowest first

    @property
    def measure(self) -> str:
        return self.kind or (RATIO if self.is_ratio else NUMBER)

    @property
    def in_percent(self) -> bool:
        return search_key(self.unit).strip() in ("%", "phan tram")


@dataclass(frozen=True)
class Mention:
    indicator: IndicatorEntry
    start: int
    end: int
    found_by: str

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def fold(text: str) -> str:
    """`search_key` character by character, so that positions in the folded text are
    positions in `text` (search_key itself collapses spaces and may change the length)."""
    out = []
    for char in text:
        key = search_key(char)
        out.append(key[0] if key else " ")
    return "".join(out)


def _significant(name: str) -> list[str]:
    return [w for w in _WORD.findall(search_key(name)) if w not in _FUNCTION_WORDS]


def _words_pattern(words: Sequence[str]) -> re.Pattern[str]:
    """The words in order, separated by anything but letters and digits, and up to two
    function words (names are written with and without "của", "các" …)."""
    gap = r"(?:[\W_]+(?:(?:" + "|".join(sorted(_FUNCTION_WORDS)) + r")[\W_]+){0,2})"
    body = gap.join(re.escape(w) for w in words)
    return re.compile(rf"(?<![^\W_]){body}(?![^\W_])")


def find_mentions(folded: str, indicators: Iterable[IndicatorEntry]) -> list[Mention]:
    """Every mention of every indicator; where mentions of two indicators overlap, the longer
    wins ("diện tích tăng gia sản xuất tập trung" is not "diện tích tăng gia sản xuất")."""
    found: list[Mention] = []
    for indicator in indicators:
        code = search_key(indicator.code)
        if code:
            pattern = re.compile(rf"(?<![^\W_]){re.escape(code)}(?![^\W_])")
            found += [
                Mention(indicator, m.start(), m.end(), "code") for m in pattern.finditer(folded)
            ]
        words = _significant(indicator.name)
        if not words:
            continue
        spans = [(m.start(), m.end()) for m in _words_pattern(words).finditer(folded)]
        found += [Mention(indicator, s, e, "name") for s, e in spans]
        if not spans and len(words) > PREFIX_WORDS:
            for size in range(len(words) - 1, PREFIX_WORDS - 1, -1):
                matches = list(_words_pattern(words[:size]).finditer(folded))
                if matches:
                    spans += [(m.start(), m.end()) for m in matches]
                    found += [Mention(indicator, m.start(), m.end(), "name_start") for m in matches]
                    break
        for core in _cores(words, indicator.measure):
            for match in _words_pattern(core).finditer(folded):
                if not any(s <= match.start() and match.end() <= e for s, e in spans):
                    spans.append(match.span())
                    found.append(Mention(indicator, match.start(), match.end(), "core"))
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    kept: list[Mention] = []
    for mention in found:
        if any(
            k.indicator.id != mention.indicator.id
            and mention.start < k.end
            and k.start < mention.end
            # One phrase may be the core of two indicators ("đơn vị đạt vững mạnh toàn
            # diện" of their number and of their ratio): each reads it its own way.
            and not (mention.found_by == k.found_by == "core" and mention.span == k.span)
            for k in kept
        ):
            continue
        kept.append(mention)
    kept.sort(key=lambda m: m.start)
    return kept


def _cores(words: list[str], measure: str) -> list[list[str]]:
    """The name without its head words, one head after another while enough remains
    ("hoan thanh xay dung bep an …" → "xay dung bep an …" → "bep an …"), longer first."""
    heads = [head.split() for head in _HEADS.get(measure, ())]
    out: list[list[str]] = []
    rest = words
    while True:
        head = next((h for h in heads if rest[: len(h)] == h), None)
        if head is None or len(rest) - len(head) < CORE_WORDS:
            return out
        rest = rest[len(head) :]
        out.append(rest)

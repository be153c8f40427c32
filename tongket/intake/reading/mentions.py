"""Where a unit's report mentions the indicators of its form: by code ("HC03"), by name
compared on folded text (`tongket.core.text.search_key`), by its first words, or by the name
without its head words ("Số cuộc diễn tập" → "cuộc diễn tập"). Pure Python, no database;
`figures` reads the figure of each mention.

An indicator not mentioned so may still be named in part, next to a figure in its own unit:
"14,5 ha đất tăng gia" or "tăng gia được 14,5 ha" for "Diện tích tăng gia sản xuất" (ha),
"tại 3/4 tiểu đoàn" after "hoàn thành diễn tập …" for "Tỷ lệ tiểu đoàn hoàn thành diễn tập
…" (`find_parts`: a mention found by "part", whose figure must be followed by `bound`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from tongket.core.text import search_key
from tongket.intake.reading.counting import UNIT_NOUNS

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
# Words that name what is measured, not what of: left out when a name is found in part
# ("Diện tích tăng gia sản xuất" → "tăng gia …"; "Sản lượng thịt, cá …" → "thịt, cá …").
_MEASURE_HEADS = _HEADS[NUMBER] + (
    "dien tich",
    "san luong",
    "khoi luong",
    "kinh phi",
    "tong kinh phi",
    "chieu dai",
    "quy mo",
)
_FIGURE_KINDS = (NUMBER, RATIO)
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
    # Inside a longer mention of an indicator read another way (a milestone's name inside a
    # percentage's): only a share of units ("100% cơ quan, đơn vị") says it was done.
    inside: bool = False
    bound: str = ""  # a part's figure must be followed by these words (folded, a pattern)

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
        overlapped = [
            k
            for k in kept
            if k.indicator.id != mention.indicator.id
            and mention.start < k.end
            and k.start < mention.end
            # One phrase may be the core of two indicators ("đơn vị đạt vững mạnh toàn
            # diện" of their number and of their ratio): each reads it its own way.
            and not (mention.found_by == k.found_by == "core" and mention.span == k.span)
        ]
        if any(_figured(k) == _figured(mention) for k in overlapped):
            continue
        kept.append(replace(mention, inside=bool(overlapped)))
    kept.sort(key=lambda m: m.start)
    return kept


def _figured(mention: Mention) -> bool:
    """Whether the mention is read for a figure (not for words: a milestone, a rating)."""
    return mention.indicator.measure in _FIGURE_KINDS


def find_parts(
    folded: str,
    indicators: Iterable[IndicatorEntry],
    mentions: list[Mention],
    read: set[int] | None = None,
) -> list[Mention]:
    """Where the indicators not in `mentions` are named in part: a number in a unit of
    measure (not a percentage) by the words of its name after those of the measure, or
    their first words ("tăng gia" of "Diện tích tăng gia sản xuất"), its figure followed by
    its unit; a number or ratio of units that did something by what they did ("hoàn thành
    diễn tập …" of "Tỷ lệ tiểu đoàn hoàn thành diễn tập …"), its figure followed by the
    units. Never inside the mention of another indicator read for a figure. `read`: the
    indicators already read (default: every indicator mentioned); one mentioned without a
    figure the mention could take ("2. Tăng gia sản xuất: các đơn vị tăng gia được 38,6 ha")
    is looked for in part too."""
    named = {m.indicator.id for m in mentions} if read is None else read
    others = [m for m in mentions if _figured(m)]
    found: list[Mention] = []
    for indicator in indicators:
        if indicator.id in named or indicator.measure not in _FIGURE_KINDS:
            continue
        own: list[Mention] = []
        for words, bound in _parts(indicator):
            # Every place it is named in part, the longest part where several overlap
            # ("Tăng gia sản xuất: … tăng gia được 38,6 ha": both places).
            for match in _words_pattern(words).finditer(folded):
                if not any(match.start() < m.end and m.start < match.end() for m in others + own):
                    own.append(Mention(indicator, match.start(), match.end(), "part", bound=bound))
        found += own
    return sorted(found, key=lambda m: m.start)


def _parts(indicator: IndicatorEntry) -> list[tuple[list[str], str]]:
    """(words, bound) to look for, longer first."""
    words = _significant(indicator.name)
    out: list[tuple[list[str], str]] = []
    counts = [h.split() for h in _HEADS[NUMBER]]
    rest = _strip(words, counts)
    units = re.match(rf"(?:{UNIT_NOUNS}(?![^\W_])\s*)+", " ".join(rest))
    if units:
        done = rest[len(units.group().split()) :]
        if len(done) > CORE_WORDS:
            out.append((done, UNIT_NOUNS))
    unit = search_key(indicator.unit).strip()
    if indicator.measure == NUMBER and unit and not indicator.in_percent:
        subject = _strip(words, [h.split() for h in _MEASURE_HEADS])
        bound = re.escape(unit)
        out += [(subject[:size], bound) for size in range(len(subject), CORE_WORDS - 1, -1)]
    return out


def _strip(words: list[str], heads: list[list[str]]) -> list[str]:
    """The words without the heads they start with, while CORE_WORDS remain."""
    rest = words
    while True:
        head = next((h for h in heads if rest[: len(h)] == h), None)
        if head is None or len(rest) - len(head) < CORE_WORDS:
            return rest
        rest = rest[len(head) :]


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

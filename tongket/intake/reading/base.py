"""What every reader shares: the text with its sentences, and how a fact is written out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# A sentence ends at . ! ? or a line break, when what follows starts a new sentence; dots
# inside numbers ("1.200"), dates ("8.7") and abbreviations ("TP.") do not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(]?[A-ZĐÀ-ỸẠ-Ỹ0-9])|\n+")

UPPER = "A-ZĐÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĨŨƠƯẠ-Ỹ"
LOWER = "a-zđàáâãèéêìíòóôõùúýăĩũơưạ-ỹ"
# One capitalised Vietnamese syllable, or a short upper-case abbreviation / single capital.
CAP_WORD = rf"[{UPPER}][{LOWER}]*"


@dataclass
class Text:
    """The text being read, its sentences as (start, end) spans and the publication date."""

    value: str
    published: Any = None  # datetime.date | None
    sentences: list[tuple[int, int]] = field(default_factory=list)
    used: list[tuple[int, int]] = field(default_factory=list)  # spans already read as facts
    _dates: list[Any] | None = None
    _lower: str | None = None

    def __post_init__(self) -> None:
        start = 0
        for match in _SENTENCE_END.finditer(self.value):
            if match.start() > start:
                self.sentences.append((start, match.start()))
            start = match.end()
        if start < len(self.value):
            self.sentences.append((start, len(self.value)))

    @property
    def lower(self) -> str:
        """The text lower-cased (same length for Vietnamese), for case-blind searches."""
        if self._lower is None:
            self._lower = self.value.lower()
            if len(self._lower) != len(self.value):
                self._lower = "".join(ch.lower()[:1] or ch for ch in self.value)
        return self._lower

    @property
    def dates(self) -> list[Any]:
        """The date mentions of the text, read once."""
        if self._dates is None:
            from tongket.intake.reading.dates import find_dates

            self._dates = find_dates(self.value, self.published)
        return self._dates

    def sentence_at(self, position: int) -> tuple[int, int]:
        for start, end in self.sentences:
            if start <= position < end:
                return start, end
        return 0, len(self.value)

    def is_used(self, start: int, end: int) -> bool:
        return any(start < u_end and u_start < end for u_start, u_end in self.used)


def fact(start: int, end: int, confidence: float, **fields: Any) -> dict[str, Any]:
    """A fact as the schema writes it: its fields, then its span and confidence."""
    return {**fields, "span": [start, end], "confidence": round(confidence, 2)}


# Lower-case words that belong inside a proper name ("Bộ Chỉ huy Quân sự tỉnh Ninh Bình").
_NAME_LOWER = {"tỉnh", "huyện", "thành phố", "quận", "xã", "thị xã", "phường", "thị trấn"}
# A lower-case syllable that starts a verb phrase never continues a name.
VERB_START = {
    "tiếp",
    "hoàn",
    "chủ",
    "phối",
    "khẩn",
    "tham",
    "xây",
    "rà",
    "nghiên",
    "tổ",
    "chỉ",
    "làm",
    "thực",
    "triển",
    "báo",
    "bổ",
    "gửi",
    "trình",
    "đẩy",
    "tăng",
    "tập",
    "duy",
    "quán",
    "theo",
    "kiểm",
    "đánh",
    "sớm",
    "tiến",
    "cụ",
    "thống",
    "lãnh",
    "chuẩn",
    "phát",
    "nâng",
    "quan",
    "kết",
    "diễn",
    "được",
    "đã",
    "và",
    "với",
    "có",
    "là",
    "cho",
    "của",
    "về",
    "dự",
    "tặng",
}


def proper_name(phrase: str) -> str | None:
    """A proper name written in Vietnamese title case at the start of `phrase`: capitalised
    words, each followed by at most one lower-case syllable of the same word ("Cục Hậu cần
    Quân khu", "Hội trường Bộ Chỉ huy Quân sự tỉnh"), never a verb; "TP." and digits count."""
    taken: list[str] = []
    lower_run = 0
    for word in phrase.split():
        bare = word.rstrip(",;:.)")
        if not bare:
            break
        lowered = bare.lower()
        if bare[0].isupper() or bare[0].isdigit() or (taken and lowered in _NAME_LOWER):
            lower_run = 0
        elif taken and lower_run == 0 and lowered not in VERB_START:
            lower_run = 1
        else:
            break
        taken.append(bare)
        if bare != word:
            break
    if taken and taken[0][0].isupper():
        return " ".join(taken)
    return None

"""Counting words and counts said to be none, in a unit's report read for its figures
(`figures`): pure Python, on the folded text (`figures.fold`: same positions as the text).

A counting word may stand between a figure and the name it counts ("11/12 đầu mối đơn vị
đạt …"); a count is said to be none with "không … nào" ("không để xảy ra vụ ngộ độc thực
phẩm nào": zero, the words from "không" to "nào" being the figure). A share of units is a
pair or a percentage followed by the units it counts ("4/4 tiểu đoàn", "100% cơ quan, đơn
vị"): all of them when the pair's parts are equal or the percentage is 100."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from tongket.intake.reading.written_numbers import Figure, figures_between

# Words that count what a name names, between a figure and the name, folded.
COUNTERS = r"(?:dau moi|co quan|luot|nguoi|dong chi|can bo|tap the|ca nhan)"
# Units a share counts ("4/4 tiểu đoàn", "100% cơ quan, đơn vị"), folded.
UNIT_NOUNS = (
    r"(?:co quan|don vi|dau moi|tieu doan|trung doan|su doan|lu doan|dai doi|trung doi|"
    r"tieu doi|chi bo|dang bo|to chuc co so dang|ban chi huy quan su|doanh nghiep|xa|"
    r"phuong|thi tran|huyen|thanh pho|hai doi|don bien phong|nha may|benh vien|benh xa)"
)
# "không để xảy ra vụ ngộ độc thực phẩm nào": none, a figure of zero.
_NONE_BEFORE = re.compile(r"khong\s+(?:de\s+)?(?:xay ra|co|phat sinh|con)\s+$")


def none_written(
    folded: str, mention: tuple[int, int], lower: int, end: int
) -> tuple[int, int] | None:
    """The span from "không" to "nào" where a count is said to be none around the mention
    ("không để xảy ra vụ … nào"), looked for from `lower` to `end`; else None."""
    start, stop = mention
    said = _NONE_BEFORE.search(folded, max(lower, start - 24), start)
    closing = re.match(r"\s*nao\b", folded[stop:end])
    return (said.start(), stop + closing.end()) if said and closing else None


@dataclass(frozen=True)
class Share:
    """A share of units: the figure, the span from the figure to the last unit noun, and
    whether it is all of them."""

    figure: Figure
    start: int
    end: int

    @property
    def is_all(self) -> bool:
        figure = self.figure
        if figure.is_pair:
            return bool(figure.denominator) and figure.numerator == figure.denominator
        return figure.value is not None and figure.value >= Decimal(100)


def units_follow(folded: str, at: int, nouns: str = UNIT_NOUNS) -> int | None:
    """Where the unit nouns written from `at` end ("tiểu đoàn", "cơ quan, đơn vị"), else
    None."""
    match = re.match(rf"\s*{nouns}(?:\s*,\s*{nouns})*(?![^\W_])", folded[at:])
    return at + match.end() if match else None


def shares(folded: str, start: int, end: int, excluded: list[tuple[int, int]]) -> list[Share]:
    """The shares of units between `start` and `end`: pairs and percentages (no change or
    target) followed by the units they count."""
    out = []
    for figure in figures_between(folded, start, end, "", excluded):
        if figure.compared or not (figure.is_pair or figure.percent):
            continue
        stop = units_follow(folded, figure.end)
        if stop is not None:
            out.append(Share(figure, figure.start, stop))
    return out

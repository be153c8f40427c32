"""Counting words and counts said to be none, in a unit's report read for its figures
(`figures`): pure Python, on the folded text (`figures.fold`: same positions as the text).

A counting word may stand between a figure and the name it counts ("11/12 đầu mối đơn vị
đạt …"); a count is said to be none with "không … nào" ("không để xảy ra vụ ngộ độc thực
phẩm nào": zero, the words from "không" to "nào" being the figure)."""

from __future__ import annotations

import re

# Words that count what a name names, between a figure and the name, folded.
COUNTERS = r"(?:dau moi|co quan|luot|nguoi|dong chi|can bo|tap the|ca nhan)"
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

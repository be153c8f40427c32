"""Yes/no and rating indicators of a unit's report read out of its text: pure Python, no
database, on the folded text (`figures.fold`: same positions as the text).

A milestone (chỉ tiêu có/không) is reached when the words nearest its mention say so ("đã
hoàn thành xây dựng bếp ăn …", "quy chế phối hợp: đã ban hành") and not reached when they
deny it ("chưa ban hành quy chế …", "… chưa hoàn thành"); a negation binds the words that
follow it ("chưa hoàn thành" is not reached). Where the clause counts the units that did it
("… tại 4/4 tiểu đoàn", "4/4 tiểu đoàn đã hoàn thành", "100% cơ quan, đơn vị hoàn thành"),
the count decides: reached when all of them did ("3/4 tiểu đoàn" is not reached). A rating (chỉ tiêu xếp loại) takes the one level
of the indicator's own scale the clause after its mention names, written as the level
("xếp loại Khá") or in the words units use for the same grade ("hoàn thành tốt nhiệm vụ" is
"Tốt" on a five-level scale, and "Tốt" is "Hoàn thành tốt nhiệm vụ" on a scale written in
those words). Where the words are missing or name two levels, nothing is taken and the
reason is told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from tongket.core.text import search_key
from tongket.intake.reading.counting import Share, shares

BEFORE = 40  # characters before a mention where its yes or no may be
# Polarity words, folded. A negation followed within a word or two by a positive word
# ("chưa hoàn thành", "không đạt", "chưa được ban hành") is a negation.
_POLAR = re.compile(
    r"(?<![^\W_])(?:(?P<neg>chua|khong|chang)|(?P<pos>da|hoan thanh|xong|dat))(?![^\W_])"
)
_RUN_GAP = 8  # at most this many characters between two polarity words of one phrase

# Grades written in other words: each group names one grade. A level of the indicator's scale
# is also read as any other phrase of its group.
_SAME_GRADE = (
    ("xuat sac", "hoan thanh xuat sac nhiem vu", "hoan thanh xuat sac"),
    ("tot", "hoan thanh tot nhiem vu", "hoan thanh tot"),
    ("dat", "hoan thanh nhiem vu", "dat yeu cau"),
    ("khong dat", "khong hoan thanh nhiem vu", "khong dat yeu cau"),
)
# Right before a level: the words that introduce a grade.
_GRADE_CUE = re.compile(r"(?:loai|xep loai|muc|danh gia)\s*:?\s*$")


@dataclass(frozen=True)
class Verdict:
    """What the words say: `value` (1/0 for a milestone, the level's position from 1 for a
    rating), the span of the words that say it, the level's name, and how sure."""

    value: Decimal
    start: int
    end: int
    label: str = ""
    confidence: float = 0.8


def _runs(folded: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Phrases of polarity words between `start` and `end`: (start, end, negative)."""
    runs: list[list[int | bool]] = []
    for match in _POLAR.finditer(folded, start, end):
        negative = match["neg"] is not None
        if runs and match.start() - int(runs[-1][1]) <= _RUN_GAP:
            runs[-1][1] = match.end()
            runs[-1][2] = bool(runs[-1][2]) or negative
        else:
            runs.append([match.start(), match.end(), negative])
    return [(int(s), int(e), bool(n)) for s, e, n in runs]


def read_milestone(
    folded: str,
    mention: tuple[int, int],
    lower: int,
    upper: int,
    excluded: list[tuple[int, int]] | None = None,
    shares_only: bool = False,
) -> tuple[Verdict | None, str]:
    """Reached or not: the share of units nearest the mention in its clause (from `lower`
    to `upper`), else (unless `shares_only`) the polarity phrase nearest before the mention,
    else the first after it."""
    start, end = mention
    counted = shares(folded, max(lower, start - BEFORE), start, excluded or [])
    counted += shares(folded, end, upper, excluded or [])
    if counted:
        return _by_share(folded, min(counted, key=lambda s: _distance(s, mention))), ""
    if shares_only:
        return None, _("The text does not say whether it was done (đã / chưa).")
    before = _runs(folded, max(lower, start - BEFORE), start)
    if before:
        s, e, negative = before[-1]
        return Verdict(Decimal(0 if negative else 1), s, e, confidence=0.85), ""
    after = _runs(folded, end, upper)
    if after:
        s, e, negative = after[0]
        return Verdict(Decimal(0 if negative else 1), s, e, confidence=0.8), ""
    return None, _("The text does not say whether it was done (đã / chưa).")


def _distance(share: Share, mention: tuple[int, int]) -> int:
    return mention[0] - share.end if share.end <= mention[0] else share.start - mention[1]


def _by_share(folded: str, share: Share) -> Verdict:
    """Reached when all the units did it, unless the words right after deny it ("4/4 tiểu
    đoàn chưa hoàn thành")."""
    said = _runs(folded, share.end, share.end + 2 + 2 * _RUN_GAP)
    denied = bool(said) and said[0][0] - share.end <= 2 and said[0][2]
    return Verdict(Decimal(1 if share.is_all and not denied else 0), share.start, share.end)


def _phrases(levels: tuple[str, ...]) -> list[tuple[str, int, bool]]:
    """(folded phrase, level position from 1, written as the level itself)."""
    out: list[tuple[str, int, bool]] = []
    for position, level in enumerate(levels, start=1):
        key = search_key(level)
        if not key:
            continue
        out.append((key, position, True))
        for group in _SAME_GRADE:
            if key in group:
                out += [(other, position, False) for other in group if other != key]
    return out


def read_rating(
    folded: str, mention: tuple[int, int], upper: int, levels: tuple[str, ...]
) -> tuple[Verdict | None, str]:
    """The one level of `levels` named after the mention, before `upper`."""
    if not levels:
        return None, _("The indicator has no rating levels to choose from.")
    end = mention[1]
    found: list[tuple[int, int, int, bool]] = []
    for phrase, position, exact in _phrases(levels):
        pattern = re.compile(rf"(?<![^\W_]){re.escape(phrase)}(?![^\W_])")
        for match in pattern.finditer(folded, end, upper):
            follows = folded[match.end() : match.end() + 8].lstrip()
            if follows[:1].isdigit() or follows.startswith("loai"):
                continue  # "đạt 95%", "đạt loại Khá": the verb, not the grade
            found.append((match.start(), match.end(), position, exact))
    # A phrase inside a longer one is part of it ("đạt" in "không đạt").
    kept = [
        f
        for f in found
        if not any(
            o is not f and o[0] <= f[0] and f[1] <= o[1] and (o[1] - o[0]) > (f[1] - f[0])
            for o in found
        )
    ]
    if not kept:
        return None, _("No level of its scale (%(levels)s) follows the mention.") % {
            "levels": ", ".join(levels)
        }
    positions = {f[2] for f in kept}
    if len(positions) > 1:
        cued = [f for f in kept if _GRADE_CUE.search(folded[max(end, f[0] - 14) : f[0]])]
        if len({f[2] for f in cued}) == 1:
            kept = cued
        else:
            return None, _("Several levels follow the mention: none was taken, choose it.")
    first = min(kept, key=lambda f: f[0])
    exact = any(f[3] for f in kept if f[2] == first[2])
    return (
        Verdict(
            Decimal(first[2]),
            first[0],
            first[1],
            label=levels[first[2] - 1],
            confidence=0.85 if exact else 0.75,
        ),
        "",
    )

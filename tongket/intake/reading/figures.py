"""Figures of a unit's report read out of its text, indicator by indicator: pure Python, no
database (the caller passes the indicators as plain entries).

A figure is taken for an indicator when the indicator is mentioned — by its code ("HC03")
or by its name compared on folded text (`tongket.core.text.search_key`), the whole name or
its first words — and one figure of the right kind follows in the same clause (before ";",
a sentence end or a line break, at most `WINDOW` characters): a number written the
Vietnamese way (3.683 = 3683; 95,2 = 95.2), a percentage, or for a ratio indicator a pair
"40/42" (numerator/denominator). Dates ("30/6/2027"), years and periods ("năm 2026"),
document numbers ("382-NQ/ĐUQSTW"), the digits of a code ("HC03") and changes or targets
("tăng 5,2%", "kế hoạch 240 ha") are never taken. When two figures could be the one meant,
none is taken and the read says why: a wrong figure typed in silently is worse than one
left to type.

Figures are also read before the name, the way reports write them: "đã tổ chức 12 cuộc diễn
tập" for "Số cuộc diễn tập", "có 40/42 đơn vị đạt vững mạnh toàn diện", "98,5% quân số được
giáo dục chính trị" — the name found without its head words ("Số", "Tỷ lệ", "Tổng số"), the
figure right before it. A pair "40/42" is a ratio's numerator and denominator, the
percentage of a number kept in per cent, and the count of a number counted in units.
Milestones (đã / chưa, or the units that did it: "tại 4/4 tiểu đoàn") and ratings (the levels
of the indicator's scale) are read by `verdicts`.

A figure followed by a unit of measure other than the indicator's is not its figure ("21,3
tấn" is no area in ha). An indicator not mentioned so may be named in part beside a figure
in its unit (`mentions.find_parts`): "14,5 ha đất tăng gia", "tăng gia được 14,5 ha" for
"Diện tích tăng gia sản xuất"; "hoàn thành diễn tập … tại 3/4 tiểu đoàn" for "Tỷ lệ tiểu đoàn
hoàn thành diễn tập …" (75 %), or for their number (3). Such a figure is never one another
indicator took, and is nobody's when two phrases could claim it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from tongket.core.text import search_key
from tongket.intake.reading.counting import COUNTERS, none_written
from tongket.intake.reading.mentions import (
    MILESTONE,
    NUMBER,
    RATING,
    RATIO,
    IndicatorEntry,
    Mention,
    find_mentions,
    find_parts,
    fold,
)
from tongket.intake.reading.verdicts import read_milestone, read_rating
from tongket.intake.reading.written_numbers import (
    Figure,
    excluded_spans,
    figures_between,
    in_other_unit,
    in_own_unit,
    units_of,
)

WINDOW = 120  # characters after a mention where its figure may be
BEFORE = 40  # characters before a mention where a figure written before it may start
SNIPPET_BEFORE = 60
_CLAUSE_END = re.compile(r";|\n|[.!?…](?=\s|$)")


@dataclass(frozen=True)
class FigureRead:
    """The figure read for one indicator, or why none was taken (`problem`).

    `start`/`end` is the figure's span in the text as read (NFC), `mention` the span of the
    code or name it follows; `snippet` is the text around both and `highlight` the figure's
    span inside the snippet. `confidence` is between 0 and 1."""

    indicator_id: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    start: int = 0
    end: int = 0
    mention: tuple[int, int] = (0, 0)
    snippet: str = ""
    highlight: tuple[int, int] = (0, 0)
    confidence: float = 0.0
    found_by: str = ""  # "code", "name", "name_start" or "core" (the name without its head)
    problem: str = ""
    label: str = ""  # a rating's level as written on the indicator
    before: bool = False  # the figure was written before the name ("12 cuộc diễn tập")

    @property
    def is_read(self) -> bool:
        return not self.problem and (self.value is not None or self.numerator is not None)


def _clause_end(folded: str, start: int, next_mention: int) -> int:
    end = min(len(folded), start + WINDOW, next_mention)
    stop = _CLAUSE_END.search(folded, start, end)
    return stop.start() if stop else end


def _clause_start(folded: str, end: int, lower: int) -> int:
    """Where the clause holding `end` begins, not before `lower`."""
    start = max(lower, end - BEFORE)
    stops = list(_CLAUSE_END.finditer(folded, start, end))
    return stops[-1].end() if stops else start


def _fits(indicator: IndicatorEntry, figure: Figure) -> bool:
    """Whether the figure can be the indicator's: a pair for a ratio; a single number, or a
    pair read as a count or a percentage, for a number."""
    if indicator.measure == RATIO:
        return figure.is_pair
    return figure.is_pair or (figure.percent == indicator.in_percent or not figure.percent)


def _choose(indicator: IndicatorEntry, figures: list[Figure]) -> tuple[Figure | None, str, bool]:
    """The figure meant, or None and why; and whether a unit of measure confirmed it."""
    plain = [f for f in figures if not f.compared]
    if indicator.measure == RATIO:
        fitting = [f for f in plain if f.is_pair]
        if not fitting:
            # A percentage alone ("quân số khỏe đạt 98,7%"): the value, taken of a known
            # denominator by the caller (`intake.filling`), or refused there.
            percents = [f for f in plain if f.percent]
            if percents:
                return percents[0], "", True
            return None, _("No numerator/denominator pair (e.g. 40/42) follows the mention."), False
    else:
        singles = [f for f in plain if not f.is_pair]
        if indicator.in_percent:
            fitting = [f for f in singles if f.percent] or singles
        else:
            fitting = [f for f in singles if not f.percent]
        if not fitting:
            # "40/42 đơn vị": the count, or the percentage it makes.
            fitting = [f for f in plain if f.is_pair]
    if not fitting:
        if any(f.compared for f in figures):
            return None, _("Only a change or a target follows the mention, not the figure."), False
        return None, _("No figure follows the mention in the same clause."), False
    by_unit = [f for f in fitting if f.unit_follows]
    if len(by_unit) == 1:
        return by_unit[0], "", True
    if len(fitting) == 1:
        return fitting[0], "", bool(by_unit)
    return None, _("Several figures follow the mention: none was taken, enter it by hand."), False


def _figure_before(
    folded: str, mention: Mention, lower: int, excluded: list[tuple[int, int]]
) -> Figure | None:
    """The figure written right before the mention ("12 cuộc diễn tập", "40/42 đơn vị
    đạt …", "98,5% quân số …", "251 ha diện tích …"): nothing but spaces and the unit of
    measure between them, in the same clause, and no change or target ("tăng 12 cuộc")."""
    indicator = mention.indicator
    start = _clause_start(folded, mention.start, lower)
    figures = figures_between(folded, start, mention.start, indicator.unit, excluded)
    if not figures:
        return None
    last = figures[-1]
    unit_key = search_key(indicator.unit).strip()
    unit = rf"(?:{re.escape(unit_key)})?\s*" if unit_key and unit_key != "%" else ""
    # Between them: spaces, the unit of measure, or a counting word ("11/12 đầu mối đơn vị").
    between = rf"\s*{unit}(?:{COUNTERS}\s+)?"
    if last.compared or not re.fullmatch(between, folded[last.end : mention.start]):
        return None
    return last if _fits(indicator, last) else None


def _values(
    indicator: IndicatorEntry, figure: Figure
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(value, numerator, denominator) the figure gives the indicator."""
    if indicator.measure == RATIO or not figure.is_pair:
        return figure.value, figure.numerator, figure.denominator
    assert figure.numerator is not None and figure.denominator is not None
    if not indicator.in_percent:
        return figure.numerator, None, None  # "40/42 đơn vị": 40 of them
    if not figure.denominator:
        return None, None, None
    places = Decimal(1).scaleb(-(indicator.decimals or 2))
    return (figure.numerator / figure.denominator * 100).quantize(places), None, None


def _snippet(
    text: str, mention: Mention, start: int, end: int, clause_end: int
) -> tuple[str, tuple[int, int]]:
    """The text from a little before the mention (or the figure, when it comes first) to
    the end of its clause, and where the figure (`start`–`end`) is inside it."""
    first = min(mention.start, start)
    begin = max(0, first - SNIPPET_BEFORE) if first == mention.start else first
    if begin > 0 and first == mention.start:
        space = text.rfind(" ", begin, mention.start)
        begin = space + 1 if space >= 0 else begin
    raw = text[begin : max(end, clause_end)]
    lead = len(raw) - len(raw.lstrip())
    offset = begin + lead
    return raw.strip(), (start - offset, end - offset)


def _unread(text: str, mention: Mention, end: int, problem: str) -> FigureRead:
    return FigureRead(
        indicator_id=mention.indicator.id,
        mention=(mention.start, mention.end),
        snippet=text[mention.start : max(end, mention.end)].strip(),
        found_by=mention.found_by,
        problem=problem,
    )


_CONFIDENCE = {"code": 0.9, "name": 0.85, "name_start": 0.7, "core": 0.8, "part": 0.65}


def _read_figure(
    text: str,
    folded: str,
    mention: Mention,
    lower: int,
    upper: int,
    excluded: list[tuple[int, int]],
    units: tuple[str, ...],
) -> FigureRead:
    """A number or ratio indicator's figure: the one before a name written without its
    head ("12 cuộc diễn tập"), else the one after the mention (not one written in another
    of `units`: "21,3 tấn" is no area in ha), else the one before it."""
    indicator = mention.indicator
    end = _clause_end(folded, mention.end, upper)
    before = _figure_before(folded, mention, lower, excluded)
    figure: Figure | None = None
    problem, unit_confirmed = "", False
    if before is not None and mention.found_by == "core":
        figure = before
    else:
        after = figures_between(folded, mention.end, end, indicator.unit, excluded)
        other = [f for f in after if in_other_unit(text, f, indicator.unit, units)]
        # A figure in another unit of the same measure is told in the indicator's.
        told = [c for c in (in_own_unit(text, f, indicator.unit) for f in other) if c]
        figure, problem, unit_confirmed = _choose(
            indicator, [f for f in after if f not in other] + told
        )
        if figure is None and other and all(f in other or f.compared for f in after):
            problem = _("The figure that follows is in another unit than the indicator's.")
        if figure is None and before is not None:
            figure, problem = before, ""
    counted = indicator.measure == NUMBER and not indicator.in_percent
    none = none_written(folded, mention.span, lower, end) if figure is None and counted else None
    if none is not None:
        snippet, highlight = _snippet(text, mention, none[0], none[1], end)
        return FigureRead(
            indicator_id=indicator.id,
            value=Decimal(0),
            start=none[0],
            end=none[1],
            mention=mention.span,
            snippet=snippet,
            highlight=highlight,
            confidence=0.75,
            found_by=mention.found_by,
            before=True,
        )
    if figure is None:
        return _unread(text, mention, end, problem)
    unit_confirmed = unit_confirmed or figure.unit_follows
    return _taken(text, mention, figure, end, unit_confirmed, before=figure is before)


def _taken(
    text: str, mention: Mention, figure: Figure, end: int, unit_confirmed: bool, before: bool
) -> FigureRead:
    """The read of the figure taken for the mention (its clause ending at `end`)."""
    indicator = mention.indicator
    value, numerator, denominator = _values(indicator, figure)
    if value is None and numerator is None:
        return _unread(text, mention, end, _("The denominator must be greater than zero."))
    confidence = _CONFIDENCE[mention.found_by]
    if unit_confirmed or (figure.percent and indicator.in_percent):
        confidence += 0.05
    if figure.is_pair and indicator.measure != RATIO:
        confidence -= 0.05  # a count or a percentage made from a pair
    if figure.start - mention.end > WINDOW // 2:
        confidence -= 0.1
    snippet, highlight = _snippet(text, mention, figure.start, figure.end, end)
    return FigureRead(
        indicator_id=indicator.id,
        value=value,
        numerator=numerator,
        denominator=denominator,
        start=figure.start,
        end=figure.end,
        mention=(mention.start, mention.end),
        snippet=snippet,
        highlight=highlight,
        confidence=round(min(confidence, 0.99), 2),
        found_by=mention.found_by,
        before=before,
    )


# Between a part and its figure: at most three words ("14,5 ha đất tăng gia", "tăng gia
# được 14,5 ha", "diện tích tăng gia: 14,5 ha").
_FEW_WORDS = r"(?:[\s:]+[^\W\d_]+){0,3}[\s:]*"


def _read_part(
    text: str,
    folded: str,
    part: Mention,
    lower: int,
    upper: int,
    excluded: list[tuple[int, int]],
) -> FigureRead | None:
    """The figure of a mention found in part (`mentions.find_parts`), else None: written
    right before it, then its bound words (its unit, the units counted) and at most three
    words; else right after it, at most three words between, its bound words following. No
    change or target, and of the indicator's kind (a pair, a percentage for a percentage, a
    single number for a count)."""
    indicator = part.indicator
    end = _clause_end(folded, part.end, upper)
    bound = rf"\s*(?:{part.bound})(?:\s*,\s*(?:{part.bound}))*(?![^\W_])"
    figure: Figure | None = None
    before = figures_between(
        folded, _clause_start(folded, part.start, lower), part.start, "", excluded
    )
    if before and re.fullmatch(bound + _FEW_WORDS, folded[before[-1].end : part.start]):
        figure = before[-1]
    else:
        after = figures_between(folded, part.end, end, "", excluded)
        if (
            after
            and re.fullmatch(_FEW_WORDS, folded[part.end : after[0].start])
            and re.match(bound, folded[after[0].end : end])
        ):
            figure = after[0]
    if figure is None or figure.compared:
        return None
    if not (
        figure.is_pair or (indicator.measure == NUMBER and figure.percent == indicator.in_percent)
    ):
        return None
    read = _taken(text, part, figure, end, True, before=figure.start < part.start)
    return read if read.is_read else None


def _read_verdict(
    text: str,
    folded: str,
    mention: Mention,
    lower: int,
    upper: int,
    excluded: list[tuple[int, int]],
) -> FigureRead:
    """A milestone's yes or no, a rating's level (`verdicts`)."""
    indicator = mention.indicator
    end = _clause_end(folded, mention.end, upper)
    if indicator.measure == MILESTONE:
        start = _clause_start(folded, mention.start, lower)
        verdict, problem = read_milestone(
            folded, mention.span, start, end, excluded, shares_only=mention.inside
        )
    else:
        verdict, problem = read_rating(folded, (mention.start, mention.end), end, indicator.levels)
    if verdict is None:
        return _unread(text, mention, end, problem)
    confidence = verdict.confidence - (0.05 if mention.found_by in ("core", "name_start") else 0)
    snippet, highlight = _snippet(text, mention, verdict.start, verdict.end, end)
    return FigureRead(
        indicator_id=indicator.id,
        value=verdict.value,
        start=verdict.start,
        end=verdict.end,
        mention=(mention.start, mention.end),
        snippet=snippet,
        highlight=highlight,
        confidence=round(confidence, 2),
        found_by=mention.found_by,
        label=verdict.label,
        before=verdict.start < mention.start,
    )


def _same(a: FigureRead, b: FigureRead) -> bool:
    return (a.value, a.numerator, a.denominator) == (b.value, b.numerator, b.denominator)


def _add_parts(
    text: str,
    folded: str,
    indicators: list[IndicatorEntry],
    mentions: list[Mention],
    excluded: list[tuple[int, int]],
    reads: dict[int, list[FigureRead]],
) -> None:
    """The figures of the indicators named only in part (`_read_part`), added to `reads`:
    never a figure another indicator took, nor one that two phrases could take."""
    figured = {i.id for i in indicators if i.measure in (NUMBER, RATIO)}
    taken = [
        (r.start, r.end)
        for found in reads.values()
        for r in found
        if r.is_read and r.indicator_id in figured
    ]
    claimed: dict[tuple[int, int], list[FigureRead]] = {}
    done = {i for i, found in reads.items() if any(r.is_read for r in found)}
    for part in find_parts(folded, indicators, mentions, done):
        lower = max((m.end for m in mentions if m.end <= part.start), default=0)
        upper = min((m.start for m in mentions if m.start >= part.end), default=len(text))
        read = _read_part(text, folded, part, lower, upper, excluded + taken)
        if read is not None:
            claimed.setdefault((read.start, read.end), []).append(read)
    for same in claimed.values():
        # One phrase may name two indicators read their own way ("tại 3/4 tiểu đoàn": the
        # count, the percentage); two phrases of one indicator ("Tăng gia sản xuất: … tăng
        # gia được 38,6 ha"): the nearer's; phrases of two indicators: it is neither's.
        if len({r.indicator_id for r in same}) == 1:
            same = [min(same, key=lambda r: abs(r.start - r.mention[1]))]
        if len({r.mention for r in same}) == 1:
            for read in same:
                reads.setdefault(read.indicator_id, []).append(read)


def read_figures(text: str, indicators: Iterable[IndicatorEntry]) -> list[FigureRead]:
    """One read per indicator mentioned in `text` (NFC: spans are positions in the NFC
    text), in the order of the indicators given. An indicator mentioned twice with two
    different figures gets none, and a problem that says so."""
    text = unicodedata.normalize("NFC", text or "")
    indicators = list(indicators)
    folded = fold(text)
    mentions = find_mentions(folded, indicators)
    # The digits of a code or of a name are never a figure.
    excluded = excluded_spans(folded) + [(m.start, m.end) for m in mentions]
    units = units_of(i.unit for i in indicators)
    reads: dict[int, list[FigureRead]] = {}
    # From the last mention to the first: a figure written before a name is that name's,
    # so the mention before it reads up to the figure, not up to the name.
    claims: dict[int, int] = {}
    for index in range(len(mentions) - 1, -1, -1):
        mention = mentions[index]
        # Bounds: the nearest mentions of other indicators (one phrase may be the core of
        # two indicators: neither bounds the other).
        previous = [
            m.end
            for m in mentions[:index]
            if m.indicator.id != mention.indicator.id and m.end <= mention.start
        ]
        lower = max(previous, default=0)
        following = [
            claims[i]
            for i in range(index + 1, len(mentions))
            if mentions[i].indicator.id != mention.indicator.id and mentions[i].start >= mention.end
        ]
        upper = min(following, default=len(text))
        if mention.indicator.measure in (MILESTONE, RATING):
            read = _read_verdict(text, folded, mention, lower, upper, excluded)
        else:
            read = _read_figure(text, folded, mention, lower, upper, excluded, units)
        claims[index] = min(mention.start, read.start) if read.is_read else mention.start
        if read.is_read or not mention.inside:
            reads.setdefault(mention.indicator.id, []).insert(0, read)
    _add_parts(text, folded, indicators, mentions, excluded, reads)
    result: list[FigureRead] = []
    for indicator in indicators:
        found = reads.get(indicator.id)
        if not found:
            continue
        taken = [r for r in found if r.is_read]
        if not taken:
            result.append(found[0])
            continue
        first = taken[0]
        if any(not _same(first, other) for other in taken[1:]):
            result.append(
                FigureRead(
                    indicator_id=indicator.id,
                    mention=first.mention,
                    snippet=first.snippet,
                    found_by=first.found_by,
                    problem=_("The text gives two different figures for it: none was taken."),
                )
            )
            continue
        result.append(first)
    return result

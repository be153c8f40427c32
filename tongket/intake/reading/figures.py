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
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from tongket.core.numbers import NotANumber, parse_number
from tongket.core.text import search_key

WINDOW = 120  # characters after a mention where its figure may be
SNIPPET_BEFORE = 60
# A name may be found by its first words when it has at least this many significant ones.
PREFIX_WORDS = 5

# Words that do not tell one indicator's name from another (skipped when comparing names).
# Folded, so only words that fold to no other word ("trong" is also "trồng": not here).
_FUNCTION_WORDS = frozenset(["cac", "cua", "nhung", "va", "duoc", "la", "voi", "theo"])
# Before a number: it counts time or names a document, it is no figure ("năm 2026").
_TIME_WORDS = (
    r"(?:nam|thang|ngay|quy|tuan|giai doan|nhiem ky|khoa|dot|lan thu|nghi quyet|"
    r"chi thi|quyet dinh|ke hoach so|thong tu|nghi dinh|cong van|so hieu|dieu|khoan|"
    r"phu luc|bieu)"
)
# Before a number: a change, a comparison or a target, not the figure itself.
_COMPARE_WORDS = (
    r"(?:tang|giam|hon|vuot|thap hon|cao hon|so voi|ke hoach|chi tieu|muc tieu|"
    r"cung ky|nam truoc|ky truoc|bang|chenh lech|con)"
)
_NUMBER = r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?"
# Digits glued to letters, dots or slashes belong to something else (a code, a symbol, a
# date, a number in the other convention): the lookarounds keep them out.
_FIGURE = re.compile(
    rf"(?<![\w.,/-])(?P<number>{_NUMBER})(?![\w]|[.,/][0-9])"
    r"(?P<percent>\s?(?:%|phan tram))?"
)
_PAIR = re.compile(
    rf"(?<![\w.,/-])(?P<numerator>{_NUMBER})\s?/\s?(?P<denominator>{_NUMBER})(?![\w]|[.,/][0-9])"
)
_DATE = re.compile(
    r"(?<![\w.,/])(?:[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}|[0-9]{1,2}[/-](?:19|20)[0-9]{2})"
    r"(?![\w])"
)
_SHORT_DATE = re.compile(
    r"(?:ngay|den|tu|truoc|sau|han)\s+(?P<date>[0-3]?[0-9][/-][01]?[0-9])(?![\w/.,-][0-9])"
)
_YEAR_RANGE = re.compile(r"(?<![\w])(?:19|20)[0-9]{2}\s?[-–]\s?(?:19|20)[0-9]{2}(?![\w])")
_SYMBOL = re.compile(r"(?<![\w])[0-9]+(?:/[0-9]{4})?[-/][^\W\d_][\w/-]*")
_CLAUSE_END = re.compile(r";|\n|[.!?…](?=\s|$)")
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
    found_by: str = ""  # "code", "name" or "name_start"
    problem: str = ""

    @property
    def is_read(self) -> bool:
        return not self.problem and (self.value is not None or self.numerator is not None)


@dataclass(frozen=True)
class _Mention:
    indicator: IndicatorEntry
    start: int
    end: int
    found_by: str


@dataclass(frozen=True)
class _Figure:
    start: int
    end: int
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    percent: bool = False
    unit_follows: bool = False
    compared: bool = False

    @property
    def is_pair(self) -> bool:
        return self.numerator is not None


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


def _mentions(folded: str, indicators: Iterable[IndicatorEntry]) -> list[_Mention]:
    """Every mention of every indicator; where mentions of two indicators overlap, the longer
    wins ("diện tích tăng gia sản xuất tập trung" is not "diện tích tăng gia sản xuất")."""
    found: list[_Mention] = []
    for indicator in indicators:
        code = search_key(indicator.code)
        if code:
            pattern = re.compile(rf"(?<![^\W_]){re.escape(code)}(?![^\W_])")
            found += [
                _Mention(indicator, m.start(), m.end(), "code") for m in pattern.finditer(folded)
            ]
        words = _significant(indicator.name)
        if not words:
            continue
        spans = [(m.start(), m.end()) for m in _words_pattern(words).finditer(folded)]
        found += [_Mention(indicator, s, e, "name") for s, e in spans]
        if not spans and len(words) > PREFIX_WORDS:
            for size in range(len(words) - 1, PREFIX_WORDS - 1, -1):
                matches = list(_words_pattern(words[:size]).finditer(folded))
                if matches:
                    found += [
                        _Mention(indicator, m.start(), m.end(), "name_start") for m in matches
                    ]
                    break
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    kept: list[_Mention] = []
    for mention in found:
        if any(
            k.indicator.id != mention.indicator.id
            and mention.start < k.end
            and k.start < mention.end
            for k in kept
        ):
            continue
        kept.append(mention)
    kept.sort(key=lambda m: m.start)
    return kept


def _excluded(folded: str) -> list[tuple[int, int]]:
    """Spans holding no figure: dates, year ranges and document numbers."""
    spans = [m.span() for m in _DATE.finditer(folded)]
    spans += [m.span("date") for m in _SHORT_DATE.finditer(folded)]
    spans += [m.span() for m in _YEAR_RANGE.finditer(folded)]
    spans += [m.span() for m in _SYMBOL.finditer(folded)]
    return spans


def _number(text: str) -> Decimal | None:
    """A number written the Vietnamese way, through the project's one number reader once
    the convention is known (parse_number would rightly ask about "3.683" out of context)."""
    plain = text.replace(".", "").replace(",", ".")
    try:
        return parse_number(plain)
    except NotANumber:
        return None


def _figures(
    folded: str, start: int, end: int, unit: str, excluded: list[tuple[int, int]]
) -> list[_Figure]:
    """The figures between `start` and `end`, pairs before single numbers."""
    window = folded[start:end]
    unit_key = search_key(unit)
    out: list[_Figure] = []
    taken: list[tuple[int, int]] = []

    def blocked(s: int, e: int) -> bool:
        return any(s < b and a < e for a, b in excluded + taken)

    def context(s: int, e: int) -> tuple[bool, bool]:
        before = window[max(0, s - start - 30) : s - start]
        compared = bool(
            re.search(rf"(?<![^\W_]){_COMPARE_WORDS}[\s:]*(?:\(?\s*)?$", before)
        ) or bool(re.search(rf"(?<![^\W_]){_COMPARE_WORDS}(?![^\W_])[^,;()]{{0,12}}$", before))
        after = window[e - start : e - start + len(unit_key) + 3].lstrip()
        follows = (
            bool(unit_key)
            and unit_key != "%"
            and bool(re.match(rf"{re.escape(unit_key)}(?![^\W_])", after))
        )
        return compared, follows

    def timed(s: int) -> bool:
        before = window[max(0, s - start - 16) : s - start]
        return bool(re.search(rf"(?<![^\W_]){_TIME_WORDS}\s*(?:thu\s*)?$", before))

    for match in _PAIR.finditer(window):
        s, e = match.start() + start, match.end() + start
        if blocked(s, e) or timed(s):
            continue
        numerator, denominator = _number(match["numerator"]), _number(match["denominator"])
        taken.append((s, e))
        if numerator is None or denominator is None:
            continue
        compared, follows = context(s, e)
        out.append(
            _Figure(
                s,
                e,
                numerator=numerator,
                denominator=denominator,
                compared=compared,
                unit_follows=follows,
            )
        )
    for match in _FIGURE.finditer(window):
        s, e = match.start() + start, match.end() + start
        if blocked(s, e) or timed(s):
            continue
        value = _number(match["number"])
        if value is None:
            continue
        compared, follows = context(s, e)
        out.append(
            _Figure(
                s,
                e,
                value=value,
                percent=bool(match["percent"]),
                compared=compared,
                unit_follows=follows,
            )
        )
    out.sort(key=lambda f: f.start)
    return out


def _clause_end(folded: str, start: int, next_mention: int) -> int:
    end = min(len(folded), start + WINDOW, next_mention)
    stop = _CLAUSE_END.search(folded, start, end)
    return stop.start() if stop else end


def _choose(indicator: IndicatorEntry, figures: list[_Figure]) -> tuple[_Figure | None, str, bool]:
    """The figure meant, or None and why; and whether a unit of measure confirmed it."""
    percent_unit = search_key(indicator.unit).strip() in ("%", "phan tram")
    plain = [f for f in figures if not f.compared]
    if indicator.is_ratio:
        fitting = [f for f in plain if f.is_pair]
        if not fitting:
            if any(f.percent for f in plain):
                return (
                    None,
                    _("Only a percentage follows: enter the numerator and denominator."),
                    False,
                )
            return None, _("No numerator/denominator pair (e.g. 40/42) follows the mention."), False
    else:
        singles = [f for f in plain if not f.is_pair]
        if percent_unit:
            fitting = [f for f in singles if f.percent] or singles
        else:
            fitting = [f for f in singles if not f.percent]
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


def _snippet(
    text: str, mention: _Mention, figure: _Figure, clause_end: int
) -> tuple[str, tuple[int, int]]:
    """The text from a little before the mention to the end of its clause, and where the
    figure is inside it."""
    start = max(0, mention.start - SNIPPET_BEFORE)
    if start > 0:
        space = text.rfind(" ", start, mention.start)
        start = space + 1 if space >= 0 else start
    raw = text[start : max(figure.end, clause_end)]
    lead = len(raw) - len(raw.lstrip())
    offset = start + lead
    return raw.strip(), (figure.start - offset, figure.end - offset)


def _read_one(
    text: str, folded: str, mention: _Mention, next_mention: int, excluded: list[tuple[int, int]]
) -> FigureRead:
    indicator = mention.indicator
    end = _clause_end(folded, mention.end, next_mention)
    figure, problem, unit_confirmed = _choose(
        indicator, _figures(folded, mention.end, end, indicator.unit, excluded)
    )
    if figure is None:
        return FigureRead(
            indicator_id=indicator.id,
            mention=(mention.start, mention.end),
            snippet=text[mention.start : max(end, mention.end)].strip(),
            found_by=mention.found_by,
            problem=problem,
        )
    confidence = {"code": 0.9, "name": 0.85, "name_start": 0.7}[mention.found_by]
    if unit_confirmed or (figure.percent and not indicator.is_ratio):
        confidence += 0.05
    if figure.start - mention.end > WINDOW // 2:
        confidence -= 0.1
    snippet, highlight = _snippet(text, mention, figure, end)
    return FigureRead(
        indicator_id=indicator.id,
        value=figure.value,
        numerator=figure.numerator,
        denominator=figure.denominator,
        start=figure.start,
        end=figure.end,
        mention=(mention.start, mention.end),
        snippet=snippet,
        highlight=highlight,
        confidence=round(min(confidence, 0.99), 2),
        found_by=mention.found_by,
    )


def _same(a: FigureRead, b: FigureRead) -> bool:
    return (a.value, a.numerator, a.denominator) == (b.value, b.numerator, b.denominator)


def read_figures(text: str, indicators: Iterable[IndicatorEntry]) -> list[FigureRead]:
    """One read per indicator mentioned in `text` (NFC: spans are positions in the NFC
    text), in the order of the indicators given. An indicator mentioned twice with two
    different figures gets none, and a problem that says so."""
    text = unicodedata.normalize("NFC", text or "")
    indicators = list(indicators)
    folded = fold(text)
    mentions = _mentions(folded, indicators)
    # The digits of a code or of a name are never a figure.
    excluded = _excluded(folded) + [(m.start, m.end) for m in mentions]
    reads: dict[int, list[FigureRead]] = {}
    for index, mention in enumerate(mentions):
        following = [
            m.start for m in mentions[index + 1 :] if m.indicator.id != mention.indicator.id
        ]
        next_mention = following[0] if following else len(text)
        reads.setdefault(mention.indicator.id, []).append(
            _read_one(text, folded, mention, next_mention, excluded)
        )
    result: list[FigureRead] = []
    for indicator in indicators:
        found = reads.get(indicator.id)
        if not found:
            continue
        read = [r for r in found if r.is_read]
        if not read:
            result.append(found[0])
            continue
        first = read[0]
        if any(not _same(first, other) for other in read[1:]):
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

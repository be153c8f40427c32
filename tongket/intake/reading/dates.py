"""Dates and times of day as Vietnamese texts write them (DOMAIN.md §6).

"29/11/2007", "ngày 20-12-2012", "20.12.2012", formal "ngày 05 tháng 01 năm 2020"; news
writes "Sáng 8-7", "Chiều ngày 21/10/2021", "ngày 15/7" (no year: the publication date's year,
or the year before when that would put the day well after publication). A date without a
year is read only after a word that introduces one (ngày, sáng, chiều, hôm…, or a deadline's
"trước", "chậm nhất", "hạn chót") or inside brackets, so that "26/28" or a ratio never becomes a date.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

TIMES_OF_DAY = {"sáng": "sáng", "trưa": "trưa", "chiều": "chiều", "tối": "tối", "đêm": "tối"}

# The date itself is found first (a digit is a cheap anchor); the word that introduces it is
# then read backwards from there.
_LEAD = re.compile(
    r"(?:(?P<tod>sáng|trưa|chiều|tối|đêm)\s+(?:hôm\s+)?(?:(?:nay|qua)\s*)?(?:\(\s*)?(?:ngày\s+)?"
    r"|(?P<ngay>ngày|hôm)\s+|(?P<paren>\()\s*"
    r"|(?P<due>trước|chậm nhất(?:\s+là)?|hạn chót|thời hạn|xong trước)\s+)$",
    re.IGNORECASE,
)
_FORMAL = re.compile(
    r"(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})(?:\s*(?:năm|,)\s*(?P<y>\d{4}))?(?!\d)"
)
_NUMERIC = re.compile(
    r"(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})"
    r"(?:(?P=sep)(?P<y>\d{4}))?(?![\d]|[/\-]\w|\.\d)"
)


_NOT_BEFORE_DAY = frozenset("0123456789/.-")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date: datetime.date
    time_of_day: str | None
    has_year: bool
    lead: str  # the word before: "ngày", "sáng", "(" or ""


def _year_for(day: int, month: int, published: datetime.date | None) -> int | None:
    if published is None:
        return None
    try:
        candidate = datetime.date(published.year, month, day)
    except ValueError:
        return None
    if candidate - published > datetime.timedelta(days=92):
        return published.year - 1
    return published.year


def find_dates(text: str, published: datetime.date | None = None) -> list[DateMention]:
    """Every date mention, in text order; a mention starts at the word that introduces it."""
    found: dict[int, DateMention] = {}
    patterns = (_FORMAL, _NUMERIC) if "tháng" in text else (_NUMERIC,)
    for pattern in patterns:
        for match in pattern.finditer(text):
            # The day must not continue a number, a symbol or another date.
            if match.start() and text[match.start() - 1] in _NOT_BEFORE_DAY:
                continue
            day, month = int(match["d"]), int(match["m"])
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            lead_match = _LEAD.search(text, max(0, match.start() - 24), match.start())
            lead = ""
            tod = None
            start = match.start()
            if lead_match and lead_match["due"]:
                # A deadline's word ("hoàn thành trước 30/7") introduces the date but is not
                # part of it: the mention starts at the day, where deadlines are looked for.
                lead = lead_match["due"].split()[0].lower()
            elif lead_match:
                start = lead_match.start()
                if lead_match["tod"]:
                    tod = TIMES_OF_DAY[lead_match["tod"].lower()]
                    lead = lead_match["tod"].lower()
                else:
                    lead = (lead_match["ngay"] or lead_match["paren"] or "").lower()
            if match["y"]:
                year: int | None = int(match["y"])
            elif lead:
                year = _year_for(day, month, published)
            else:
                continue
            if year is None or not 1900 <= year <= 2100:
                continue
            try:
                date = datetime.date(year, month, day)
            except ValueError:
                continue
            if any(m.start <= match.start() < m.end for m in found.values()):
                continue
            found[start] = DateMention(start, match.end(), date, tod, bool(match["y"]), lead)
    return [found[key] for key in sorted(found)]


_PUBLISHED_LABEL = re.compile(
    r"(?:[Nn]gày\s+đăng|[Cc]ập\s+nhật|[Đđ]ăng\s+lúc|[Xx]uất\s+bản|[Tt]hứ\s+\w+|[Cc]hủ\s+nhật)"
    r"\s*[:,]?\s*(?:ngày\s+)?(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})"
)
_DOCUMENT_DATE = re.compile(
    r"^[ \t]*["
    + "A-ZĐÀ-Ỹ"
    + r"][^\n,]{1,40},\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})",
    re.MULTILINE,
)
# The first line of a news item: "Thứ Sáu, 08/07/2022 10:30", "Hà Nội, 24/11/2022 —".
# A line of its own, or a date followed by a time or a dash, not the opening of the story
# ("Chiều ngày 21/10/2021, tại Hà Nội, …" is the event).
_HEADER_DATE = re.compile(
    r"^[^\n\d]{0,40}?(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)(?:[ \t]*(?:\n|$)|\s*(?:\d{1,2}:\d{2}|[—–|]|-\s))"
)


def find_published(text: str) -> tuple[datetime.date, int, int] | None:
    """The date a text was published or signed: a news header ("Thứ Sáu, 08/07/2022 10:30",
    "Ngày đăng: …"), or the place-and-date line of an official document ("Hà Nội, ngày 05
    tháng 01 năm 2020"). Only the first lines of a news header count."""
    head = text[:400]
    candidates = [(_PUBLISHED_LABEL, head), (_HEADER_DATE, head)]
    if "tháng" in text:
        candidates.append((_DOCUMENT_DATE, text[:2000]))
    for pattern, source in candidates:
        match = pattern.search(source)
        if match:
            day, month, year = (int(group) for group in match.groups()[:3])
            try:
                return datetime.date(year, month, day), match.start(), match.end()
            except ValueError:
                continue
    return None

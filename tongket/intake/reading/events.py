"""Meetings a text reports: date, time of day, format and place.

An event is a date in a sentence that tells of a meeting (hội nghị, họp, làm việc, tọa đàm…),
not a date that belongs to a document ("Nghị quyết … ngày 29/11/2007"), a deadline ("trước
ngày 30/9") or a span ("từ ngày … đến ngày …"). Format: "trực tiếp kết hợp (với) trực tuyến"
and the like are hybrid; "trực tuyến" alone (or bridge points, điểm cầu, alone) online;
"trực tiếp" alone in person; nothing said: null. Place: "tại <Proper name>" in the sentence.
"""

from __future__ import annotations

import re
from typing import Any

from tongket.intake.reading.base import UPPER, Text, fact, proper_name
from tongket.intake.reading.dates import DateMention

_MEETING = re.compile(
    r"(?<![\w])(?:hội nghị|họp|phiên họp|cuộc họp|làm việc|buổi làm việc|tọa đàm|toạ đàm|"
    r"hội thảo|giao ban|đại hội|kỳ họp|diễn đàn|khai mạc|bế mạc|sơ kết|tổng kết|lễ|hội ý|"
    r"gặp mặt|tổ chức|diễn ra|ký kết)(?![\w])"
)
_NOT_EVENT_BEFORE = re.compile(
    r"(?i)(?:trước|chậm nhất(?:\s+là)?|hạn|hạn chót|đến|tới|từ|kể từ|trong|sau|hết|"
    r"xong trước)\s+(?:ngày\s+)?$"
)
_HYBRID = re.compile(
    r"trực tiếp\s+(?:kết hợp|và|,|kết nối)\s*(?:với\s+)?(?:hình thức\s+)?trực tuyến"
    r"|trực tuyến\s+(?:kết hợp|và|,)\s*(?:với\s+)?(?:hình thức\s+)?trực tiếp"
    r"|trực tiếp\s*[-–/]\s*trực tuyến|trực tuyến\s*[-–/]\s*trực tiếp"
)
_ONLINE = re.compile(r"trực tuyến|truyền hình trực tuyến|điểm cầu|họp trực tuyến")
_IN_PERSON = re.compile(
    r"hình thức trực tiếp|(?:họp|tổ chức|tiến hành|diễn ra)\s+(?:theo hình thức\s+)?trực tiếp"
)
_PLACE = re.compile(r"(?<![\w])tại\s+(?=[" + UPPER + r"])")


def _place(value: str, start: int, end: int) -> str | None:
    for match in _PLACE.finditer(value, start, end):
        name = proper_name(value[match.end() : end])
        if name:
            return name
    return None


def meeting_format(sentence: str) -> str | None:
    """The format a (lower-cased) sentence tells of."""
    if "trực" not in sentence and "điểm cầu" not in sentence:
        return None
    if _HYBRID.search(sentence):
        return "hybrid"
    if _IN_PERSON.search(sentence) and _ONLINE.search(sentence):
        return "hybrid"
    if _ONLINE.search(sentence):
        return "online"
    if _IN_PERSON.search(sentence):
        return "in_person"
    return None


def _is_event_date(text: Text, mention: DateMention) -> bool:
    value = text.value
    if text.is_used(mention.start, mention.end):
        return False
    before = value[max(0, mention.start - 20) : mention.start]
    if _NOT_EVENT_BEFORE.search(before):
        return False
    after = value[mention.end : mention.end + 20]
    if re.match(r"\s*(?:đến|tới|[-–])\s*(?:ngày\s+)?\d", after):
        return False
    sentence_start, sentence_end = text.sentence_at(mention.start)
    return bool(_MEETING.search(text.lower, sentence_start, sentence_end))


def read_events(text: Text) -> list[dict[str, Any]]:
    value = text.value
    events: dict[tuple[str, str | None], dict[str, Any]] = {}
    lower = text.lower
    for mention in text.dates:
        if not _is_event_date(text, mention):
            continue
        sentence_start, sentence_end = text.sentence_at(mention.start)
        sentence = lower[sentence_start:sentence_end]
        # The opening sentence of a news item carries the date; the format is often told in
        # the next one ("Hội nghị được tổ chức theo hình thức trực tiếp kết hợp trực tuyến").
        event_format = meeting_format(sentence) or (meeting_format(lower) if not events else None)
        place = _place(value, mention.end, sentence_end)
        if place is None and not events:
            # "Hội nghị được tổ chức tại …" in the sentence after the opening one.
            following = [s for s in text.sentences if s[0] >= sentence_end][:1]
            if following and re.search(
                r"hội nghị|buổi|phiên|được tổ chức|diễn ra",
                lower[following[0][0] : following[0][1]],
            ):
                place = _place(value, following[0][0], following[0][1])
        key = (mention.date.isoformat(), mention.time_of_day)
        if key in events:
            continue
        # An earlier mention of the same day without its time of day is the same meeting.
        plain = (mention.date.isoformat(), None)
        if mention.time_of_day and plain in events:
            events[key] = events.pop(plain)
            events[key]["time_of_day"] = mention.time_of_day
            continue
        if mention.time_of_day is None and any(k[0] == key[0] for k in events):
            continue
        events[key] = fact(
            mention.start,
            mention.end,
            0.9 if mention.time_of_day or mention.lead else 0.7,
            date=mention.date.isoformat(),
            time_of_day=mention.time_of_day,
            format=event_format,
            place=place,
        )
        text.used.append((mention.start, mention.end))
    return list(events.values())

"""Conclusions and the tasks they give: "Thượng tướng A yêu cầu Cục Kinh tế tiếp thu ý kiến,
hoàn chỉnh hồ sơ trước ngày 15/11", "Hội nghị giao Tổ Biên tập …", "đề nghị các cơ quan, đơn
vị …". The task text is what follows the directive verb; the assignee is the body named right
after it (the longest known unit name, else the capitalised phrase, else "các cơ quan, đơn
vị"); the deadline is a date after "trước", "chậm nhất", "hạn", "xong trước", and when the
sentence gives none the proposal says so (`deadline_unknown`: "thời gian tới" is no date, and
none is ever invented). A proposal to
award ("đề nghị … tặng Bằng khen") is an award, not a task.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from tongket.intake.reading.base import Text, fact, proper_name

_DIRECTIVE = re.compile(
    r"(?<![\w])(?:yêu cầu|đề nghị|giao cho|giao|chỉ đạo|kết luận|giao nhiệm vụ cho|nhất trí giao)\s+"
)
_AWARD = re.compile(r"(?i)(?:bằng khen|giấy khen|huân chương|khen thưởng|tặng)")
_GENERIC_ASSIGNEE = re.compile(
    r"^(?:các|toàn thể|cấp ủy|cấp uỷ|cơ quan|đơn vị|Thường vụ)[^,;:]*?(?:cơ quan, đơn vị|đơn vị|cơ quan|cấp|ngành|địa phương)(?=\s)"
)
_DEADLINE_BEFORE = re.compile(
    r"(?:trước|chậm nhất|hạn|hạn chót|xong trước|hoàn thành trước|trong)\s+(?:ngày\s+)?$"
)
_TOKEN = re.compile(r"\w+")


def _assignee(phrase: str, registry: Any) -> str | None:
    tokens = _TOKEN.findall(phrase)
    if tokens:
        hit = registry.unit_at(tokens, 0)
        if hit:
            size = hit[0]
            return " ".join(phrase.split()[:size])
    generic = _GENERIC_ASSIGNEE.match(phrase)
    if generic:
        return generic.group().strip()
    name = proper_name(phrase)
    return name if name and len(name.split()) >= 2 else None


def _deadline(mention: Any, published: datetime.date | None) -> str:
    """A deadline lies ahead: a day written without its year falls on or after publication."""
    date = mention.date
    if not mention.has_year and published is not None:
        try:
            date = date.replace(year=published.year)
            if date < published:
                date = date.replace(year=published.year + 1)
        except ValueError:  # 29/2
            pass
    return date.isoformat()


def read_conclusions(text: Text, registry: Any) -> list[dict[str, Any]]:
    value = text.value
    dates = text.dates
    results: list[dict[str, Any]] = []
    for match in _DIRECTIVE.finditer(value):
        _sentence_start, sentence_end = text.sentence_at(match.start())
        body = value[match.end() : sentence_end].strip().rstrip(".")
        if len(body.split()) < 4 or _AWARD.search(body[:80]):
            continue
        deadline = None
        for mention in dates:
            if match.end() <= mention.start < sentence_end and _DEADLINE_BEFORE.search(
                value[max(0, mention.start - 25) : mention.start]
            ):
                deadline = _deadline(mention, text.published)
                break
        results.append(
            fact(
                match.start(),
                sentence_end,
                0.7,
                text=body,
                assignee=_assignee(body, registry),
                deadline=deadline,
                deadline_unknown=deadline is None,
            )
        )
    return results

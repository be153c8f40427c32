"""Conclusions and the tasks they give: "Thượng tướng A yêu cầu Cục Kinh tế tiếp thu ý kiến,
hoàn chỉnh hồ sơ trước ngày 15/11", "Hội nghị giao Tổ Biên tập …", "đề nghị các cơ quan, đơn
vị …". The task text is what follows the directive verb; the assignee is the body named right
after it (the longest known unit name, else the capitalised phrase, else "các cơ quan, đơn
vị"); the deadline is a date after "trước", "chậm nhất", "hạn", "xong trước", and when the
sentence gives none the proposal says so (`deadline_unknown`: "thời gian tới" is no date, and
none is ever invented). A proposal to
award ("đề nghị … tặng Bằng khen") is an award, not a task.

One directive often gives several tasks, separated by semicolons, each to its own body
("yêu cầu Bộ CHQS tỉnh tham mưu …, hoàn thành trước 30/6; các huyện ủy Lắk, Ea Súp tiếp tục
…"): a clause that opens with a body starts a task of its own, a clause that does not goes on
with the task before it. A body written without its place ("Bộ Chỉ huy Quân sự tỉnh") is
completed from the place the text names ("tỉnh Đắk Lắk") when the registry knows the result.
Several bodies of one kind ("các huyện ủy Lắk, Ea Súp và Krông Ana") are one task for each,
listed in `assignees`.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from tongket.intake.reading.base import Text, fact, proper_name

_DIRECTIVE = re.compile(
    r"(?<![\w])(?:[Yy]êu cầu|[Đđ]ề nghị|giao cho|giao|chỉ đạo|kết luận|giao nhiệm vụ cho|"
    r"nhất trí giao)\s+"
)
# "Xét đề nghị của …", "theo đề nghị của …", "trên cơ sở kết luận của …": the proposal or
# conclusion of someone (a noun, on the grounds of a decision), not a directive of the text.
# So too a kind of document in a list of them, or counted: "ban hành 12 nghị quyết, 25 chỉ
# thị, kết luận về …", "3 kết luận" name documents issued, not a conclusion of the meeting
# (a count, not a year: "năm 2027 yêu cầu …" stays a directive).
_NOUN_USE = re.compile(
    r"(?i)(?:(?:xét|theo|trên cơ sở|căn cứ|thực hiện)\s+|"
    r"(?:nghị quyết|chỉ thị|quyết định|kế hoạch|chương trình|đề án|văn bản)\s*,\s*(?:và\s+)?|"
    r"(?<![\d.,])\d{1,3}\s+)$"
)
_AWARD = re.compile(r"(?i)(?:bằng khen|giấy khen|huân chương|khen thưởng|tặng)")
_GENERIC_ASSIGNEE = re.compile(
    r"^(?:các sở, ban, ngành(?: và địa phương| và các địa phương)?|"
    r"(?:các|toàn thể|cấp ủy|cấp uỷ|cơ quan|đơn vị|Thường vụ)[^,;:]*?"
    r"(?:cơ quan, đơn vị|đơn vị|cơ quan|cấp|ngành|địa phương))(?=\s)"
)
_DEADLINE_BEFORE = re.compile(
    r"(?:trước|chậm nhất(?:\s+là)?|hạn|hạn chót|xong trước|hoàn thành trước|trong)\s+"
    r"(?:ngày\s+)?$"
)
_TOKEN = re.compile(r"\w+")


# A capital letter of Vietnamese (Latin capitals with their marks, and Đ).
_UP = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x1EFA)) if c.isupper())
_NAME = rf"[{_UP}0-9][\w'’-]*(?:\s+[{_UP}0-9][\w'’-]*)*"
# "các huyện ủy Lắk, Ea Súp và Krông Ana": a kind of body, then the places, one body each.
_KIND_LIST = re.compile(
    r"^(?i:các)\s+((?i:huyện ủy|huyện uỷ|thành ủy|thành uỷ|thị ủy|thị uỷ|đảng ủy|đảng uỷ|"
    r"sư đoàn|trung đoàn|lữ đoàn|ban chỉ huy quân sự huyện|bộ chỉ huy quân sự tỉnh|"
    r"ủy ban nhân dân huyện|ủy ban nhân dân tỉnh))\s+"
    rf"({_NAME}(?:\s*,\s*{_NAME})*(?:\s+và\s+{_NAME})?)"
)
# The place a text is about: "tỉnh Đắk Lắk", "huyện Ea Súp", "thành phố Buôn Ma Thuột".
_PLACE = re.compile(
    rf"\b(tỉnh|huyện|thành phố|thị xã)\s+([{_UP}][\w'’-]*(?:\s[{_UP}][\w'’-]*){{0,3}})"
)
_PLACE_WORDS = ("tỉnh", "huyện", "thành phố", "thị xã")


def _places(value: str) -> dict[str, list[str]]:
    """The places named after "tỉnh", "huyện"…, in order of first mention, by word."""
    found: dict[str, list[str]] = {}
    for match in _PLACE.finditer(value):
        place = match.group(2).strip()
        names = found.setdefault(match.group(1).lower(), [])
        if place not in names:
            names.append(place)
    return found


def _with_place(name: str, registry: Any, places: dict[str, list[str]]) -> str:
    """ "Bộ Chỉ huy Quân sự tỉnh" + "Đắk Lắk" when the text names that province and the
    registry knows the body; else the name as written."""
    lowered = name.lower()
    for word in _PLACE_WORDS:
        if lowered.endswith(" " + word):
            for place in places.get(word, ()):
                entry = registry.unit_named(f"{name} {place}")
                if entry is not None:
                    return str(entry.name)
    return name


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
    if name and phrase.startswith(name):
        # "Sở Kế hoạch và Đầu tư", "Sở Tài nguyên và Môi trường": "và" inside a body's name
        # when a capitalised word follows it.
        rest = phrase[len(name) :]
        joined = re.match(r"\s+và\s+", rest)
        if joined:
            more = proper_name(rest[joined.end() :])
            if more:
                name = f"{name} và {more}"
    return name if name and len(name.split()) >= 2 else None


def _listed(phrase: str) -> tuple[str, list[str]] | None:
    """ "các huyện ủy Lắk, Ea Súp và Krông Ana …" → ("các huyện ủy Lắk, Ea Súp và Krông
    Ana", ["Huyện ủy Lắk", "Huyện ủy Ea Súp", "Huyện ủy Krông Ana"])."""
    match = _KIND_LIST.match(phrase)
    if not match:
        return None
    kind = match.group(1)
    names = [n.strip() for n in re.split(r"\s*,\s*|\s+và\s+", match.group(2)) if n.strip()]
    if len(names) < 2:
        return None
    title = kind[:1].upper() + kind[1:].lower()
    return match.group(0).strip(), [f"{title} {name}" for name in names]


def _clause_assignee(
    clause: str, registry: Any, places: dict[str, list[str]]
) -> tuple[str | None, list[str]]:
    """Who a clause gives its task to: (as written or completed, every body named)."""
    listed = _listed(clause)
    if listed:
        return listed[0], listed[1]
    found = _assignee(clause, registry)
    if found is None:
        return None, []
    found = _kinds_of_places(clause, found)
    found = _with_place(found, registry, places)
    return found, [found]


# "Ban CHQS các huyện, thành phố", "UBND các xã, phường, thị trấn": the kinds of places a
# body of every such place is named by, listed after "các".
_PLACE_KIND = r"(?:huyện|thị xã|thành phố|quận|xã|phường|thị trấn)"
_MORE_PLACE_KINDS = re.compile(rf"^(?:\s*,\s*|\s+và\s+){_PLACE_KIND}(?![\w])")


def _kinds_of_places(clause: str, found: str) -> str:
    """The assignee with the further kinds of places listed after its "các huyện"."""
    if not re.search(rf"\bcác(?:\s+{_PLACE_KIND},?)+$", found) or not clause.startswith(found):
        return found
    rest = clause[len(found) :]
    end = 0
    while (more := _MORE_PLACE_KINDS.match(rest[end:])) is not None:
        end += more.end()
    return found + rest[:end]


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
    places = _places(value)
    results: list[dict[str, Any]] = []
    directives = [
        match
        for match in _DIRECTIVE.finditer(value)
        if not _NOUN_USE.search(value[max(0, match.start() - 20) : match.start()])
        and not value[match.end() :].startswith("của ")
    ]
    for number, match in enumerate(directives):
        _sentence_start, sentence_end = text.sentence_at(match.start())
        # A second directive in the same sentence ("…, báo cáo trước 31/3; đề nghị các sở,
        # ban, ngành …") starts its own conclusion: this one ends before it.
        following = directives[number + 1] if number + 1 < len(directives) else None
        if following is not None and following.start() < sentence_end:
            cut = value[match.end() : following.start()].rstrip()
            if cut.endswith((";", ",")):
                sentence_end = match.end() + len(cut) - 1
        body = value[match.end() : sentence_end].strip().rstrip(".")
        if len(body.split()) < 4 or _AWARD.search(body[:80]):
            continue
        # The clauses of the directive, with where each starts in the text.
        clauses: list[tuple[int, int, str]] = []
        position = match.end() + (
            len(value[match.end() : sentence_end]) - len(value[match.end() : sentence_end].lstrip())
        )
        for piece in body.split(";"):
            start = value.find(piece.strip(), position) if piece.strip() else position
            end = start + len(piece.strip())
            position = end + 1
            if piece.strip():
                clauses.append((start, end, piece.strip()))
        tasks: list[dict[str, Any]] = []
        for index, (start, end, clause) in enumerate(clauses):
            written, bodies = _clause_assignee(clause, registry, places)
            if tasks and (index == 0 or not bodies):
                tasks[-1]["end"] = end
                tasks[-1]["text"] += "; " + clause
                continue
            tasks.append(
                {"start": start, "end": end, "text": clause, "written": written, "bodies": bodies}
            )
        for task in tasks:
            deadline = None
            for mention in dates:
                if task["start"] <= mention.start < task["end"] and _DEADLINE_BEFORE.search(
                    value[max(0, mention.start - 25) : mention.start]
                ):
                    deadline = _deadline(mention, text.published)
                    break
            single = len(task["bodies"]) == 1
            results.append(
                fact(
                    match.start() if task is tasks[0] else task["start"],
                    sentence_end if task is tasks[-1] else task["end"],
                    0.7,
                    text=task["text"],
                    assignee=task["bodies"][0] if single else task["written"],
                    assignees=task["bodies"],
                    deadline=deadline,
                    deadline_unknown=deadline is None,
                )
            )
    return results

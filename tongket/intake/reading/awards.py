"""Award counts: "tặng Bằng khen cho 26 tập thể và 28 cá nhân", "đề nghị Bộ Quốc phòng tặng
Bằng khen cho 3 tập thể, 3 cá nhân" (a proposal to a higher authority), "14 tập thể và 12 cá
nhân được tặng Giấy khen", numbers in words ("ba tập thể").

A count of collectives and/or individuals is an award when its clause names an award form
or an awarding verb; the form is looked for before the count, then after it. A proposal word
(đề nghị, đề xuất, trình) before the awarding verb in the same clause marks it as proposed to
a higher authority.

Who gives them (`by`) is the body named right before the awarding verb: "Bộ Tư lệnh Quân khu
5 tặng …", "Chủ tịch UBND tỉnh tặng …", the higher authority a proposal goes to ("đề nghị Bộ
Quốc phòng tặng …"), or the agent of a passive ("… được Sư đoàn trưởng tặng …"); none when
the text does not say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tongket.intake.reading.base import Text, fact, proper_name

FORMS = [
    ("Huân chương", r"[Hh]uân chương"),
    ("Huy chương", r"[Hh]uy chương"),
    ("Bằng khen", r"[Bb]ằng khen"),
    ("Giấy khen", r"[Gg]iấy khen"),
    ("Cờ thi đua", r"[Cc]ờ thi đua"),
    ("Kỷ niệm chương", r"[Kk]ỷ niệm chương"),
    ("Chiến sĩ thi đua", r"(?:danh hiệu\s+)?[Cc]hiến sĩ thi đua"),
]
_FORM = re.compile("|".join(f"(?P<f{index}>{pattern})" for index, (_, pattern) in enumerate(FORMS)))
_NUMBER_WORDS = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mươi": 10,
    "mốt": 1,
    "lăm": 5,
    "trăm": 100,
}
_NUMBER = (
    r"(?:\d{1,5}|(?:(?:một|hai|ba|bốn|tư|năm|sáu|bảy|bẩy|tám|chín|mười|mươi|mốt|lăm|trăm)\s*){1,5})"
)
_OWNER = re.compile(r"\s+của\s+(?P<who>[A-ZĐÀ-Ỹ][^,;.()]{1,80}?)\s+(?:cho|tặng|về|vì|đã|có)\s")
_WHAT = re.compile(r"(?:lượt\s+)?(?P<what>tập thể|cá nhân|đơn vị)(?![\w])")
# Read backwards from the counted noun: "26 tập thể", "ba tập thể".
_COUNT_BEFORE = re.compile(rf"(?<![\w])(?P<n>{_NUMBER})\s+$")


@dataclass
class _Count:
    n: str
    what: str
    begin: int
    finish: int

    def __getitem__(self, name: str) -> str:
        return self.n if name == "n" else self.what

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.finish


def _counts(value: str) -> list[_Count]:
    counts = []
    for match in _WHAT.finditer(value):
        number = _COUNT_BEFORE.search(value, max(0, match.start() - 40), match.start())
        if number and parse_number(number["n"]) is not None:
            counts.append(_Count(number["n"], match["what"], number.start(), match.end()))
    return counts


_AWARD_VERB = re.compile(r"(?<![\w])(?:tặng|trao|khen thưởng|tặng thưởng|truy tặng)(?![\w])")
_PROPOSAL = re.compile(r"(?<![\w])(?:đề nghị|đề xuất|trình|kiến nghị)(?![\w])")
_CLAUSE_BREAK = re.compile(r"[;.\n]|,\s+(?=(?:đồng thời|và|còn|ngoài ra)\b)")


def parse_number(written: str) -> int | None:
    written = written.strip()
    if written.isdigit():
        return int(written)
    total, current = 0, 0
    for word in written.split():
        value = _NUMBER_WORDS.get(word)
        if value is None:
            return None
        if value == 100:
            current = max(current, 1) * 100
        elif value == 10 and word == "mươi":
            current = max(current, 1) * 10
        elif value == 10:
            current += 10
        else:
            current += value
    return total + current or None


def _clause(value: str, start: int, end: int) -> tuple[int, int]:
    left = max(
        (m.end() for m in _CLAUSE_BREAK.finditer(value, max(0, start - 300), start)),
        default=max(0, start - 300),
    )
    right_match = _CLAUSE_BREAK.search(value, end)
    right = right_match.start() if right_match else len(value)
    return left, right


def _giver(segment: str) -> str | None:
    """The body at the end of `segment`, the words before an awarding verb: the last
    capitalised name after the clause's last comma or proposal word ("Dịp này, Bộ Tư lệnh Quân
    khu 5" → "Bộ Tư lệnh Quân khu 5")."""
    tail = re.split(r",|;|:|\bđề nghị\b|\bđề xuất\b|\btrình\b|\bđược\b", segment)[-1]
    tail = re.sub(r"\s+(?:đã|đều|trân trọng|quyết định)\s*$", "", tail.strip())
    name = proper_name(tail)
    return name if name is not None and tail.endswith(name) and len(name.split()) >= 2 else None


def read_awards(text: Text) -> list[dict[str, Any]]:
    value = text.value
    if "tập thể" not in value and "cá nhân" not in value and "đơn vị" not in value:
        return []
    counts = _counts(value)
    groups: list[list[_Count]] = []
    for match in counts:
        if groups and match.start() - groups[-1][-1].end() <= 12:
            between = value[groups[-1][-1].end() : match.start()]
            if re.fullmatch(r"\s*(?:,|và|,\s*và)?\s*", between):
                kinds = {m["what"].split()[-1] for m in groups[-1]}
                if match["what"].split()[-1] not in kinds:
                    groups[-1].append(match)
                    continue
        groups.append([match])
    awards: list[dict[str, Any]] = []
    previous_end = 0
    for group in groups:
        start, end = group[0].start(), group[-1].end()
        left, right = _clause(value, start, end)
        left = max(left, previous_end)
        before, after = value[left:start], value[end:right]
        # Passive: "27 tập thể và 64 cá nhân được Sư đoàn trưởng tặng Giấy khen".
        passive = re.match(r"\s*(?:đã\s+|đều\s+)?được\b[^,;.]*?(?:tặng|trao|khen thưởng)", after)
        forms = list(_FORM.finditer(before))
        consumed = end
        if passive:
            form_match = _FORM.search(after)
            verb = _AWARD_VERB.search(after)
            if form_match:
                consumed = end + form_match.end()
            before = value[start:start]
            forms = []
        else:
            form_match = forms[-1] if forms else _FORM.search(after)
            verb = _AWARD_VERB.search(before) or _AWARD_VERB.search(after)
        if form_match is None and verb is None:
            continue
        form = None
        if form_match:
            form = next(
                FORMS[int(name[1:])][0] for name, hit in form_match.groupdict().items() if hit
            )
        proposals = list(_PROPOSAL.finditer(before.lower()))
        verbs = list(_AWARD_VERB.finditer(before.lower()))
        proposal = proposals[-1] if proposals else None
        # "đề nghị Bộ Quốc phòng tặng …": the proposal comes before the awarding verb.
        proposed = proposal is not None and (not verbs or proposal.start() < verbs[-1].start())
        if passive and _PROPOSAL.search(passive.group()):
            proposed = True  # "… được đề nghị tặng Bằng khen"
        given_by = None
        if passive:
            agent = re.search(r"được\s+(?P<who>.+?)\s+(?:tặng|trao|khen thưởng)", passive.group())
            who = agent["who"].strip() if agent else ""
            if who[:1].isupper() and len(who.split()) <= 8:
                given_by = who  # "được Sư đoàn trưởng tặng": the agent as written
        elif verbs:
            given_by = _giver(before[: verbs[-1].start()])
        if given_by is None and form_match is not None and not passive and forms:
            # "Tặng Bằng khen của Tư lệnh Quân khu cho 12 tập thể": the giver named after
            # the form, as decisions write it.
            owner = _OWNER.match(before, form_match.end())
            if owner:
                given_by = owner["who"]
        collectives = individuals = 0
        for match in group:
            number = parse_number(match["n"]) or 0
            if match["what"].endswith("cá nhân"):
                individuals = number
            else:
                collectives = number
        anchors = [
            m.start()
            for m in (
                proposal if proposed else None,
                verbs[-1] if verbs else None,
                forms[-1] if forms else None,
            )
            if m
        ]
        span_start = left + min(anchors) if anchors else start
        awards.append(
            fact(
                span_start,
                consumed,
                0.9 if form else 0.7,
                form=form,
                collectives=collectives,
                individuals=individuals,
                proposed_to_higher=proposed,
                by=given_by,
            )
        )
        previous_end = consumed
    return awards

"""A commendation decision: the text is a decision ("QUYẾT ĐỊNH Về việc khen thưởng …",
"Điều 1. Tặng Bằng khen … cho 2 tập thể và 2 cá nhân (có danh sách kèm theo)") or tells of
one ("Bộ Tư lệnh Quân khu 2 quyết định tặng Bằng khen cho 12 tập thể, 25 cá nhân …",
"… (Quyết định số 1302/QĐ-BTL ngày 19/12/2022)").

Read from the facts already read (award counts, documents named, meetings) and the text:
its number and symbol and date signed, the body that gives (the document's own issuer, else
the giver of the award, `issuer_match` when the registry knows it), the award form as
written, the counts and, when the text lists them ("I. TẬP THỂ / 1. Trung đoàn 98, Sư đoàn
316; … II. CÁ NHÂN / 1. Thượng tá Nguyễn Văn Thành, Chính ủy Trung đoàn 98, …", or a table
pasted from Word: "TT | Họ và tên | Cấp bậc | Chức vụ, đơn vị"), the awardees named with their
unit. A text that reports a meeting is a decision only when it
gives the decision's number beside the award: otherwise it stays a meeting with its counts.
"""

from __future__ import annotations

import re
from typing import Any

from tongket.intake.reading.base import Text

# "quyết định tặng", "ký quyết định khen thưởng", "Điều 1. Tặng …": the awarding is decided.
_DECIDES = re.compile(
    r"(?i)(?:quyết định\s+(?:tặng|khen thưởng|trao tặng|truy tặng|tặng thưởng)|"
    r"điều\s+1\s*[.:]\s*(?:tặng|khen thưởng|truy tặng|tặng thưởng))"
)
_TITLE_LINE = re.compile(r"(?m)^[ \t]*QUYẾT ĐỊNH[ \t]*:?[ \t]*$")
# A heading of the list: "I. TẬP THỂ", "Cá nhân:", "B. CÁ NHÂN (25)", and the title of a
# list of one kind, "DANH SÁCH TẬP THỂ ĐƯỢC TẶNG BẰNG KHEN".
_HEADING = re.compile(
    r"^\s*(?:[IVX]{1,4}\s*[.)-]|[A-Da-d]\s*[.)]|\d\s*[.)])?\s*(?:các\s+|danh sách\s+)?"
    r"(?P<kind>tập thể|cá nhân)\s*(?:\([^)\n]{0,30}\))?"
    r"(?:\s+(?:đã\s+)?được\s+(?:tặng|khen|truy tặng|trao tặng)[^\n:]{0,100})?\s*:?\s*$",
    re.IGNORECASE,
)
_ENTRY = re.compile(r"^\s*(?:\d{1,4}\s*[.)/-]|[-–+•])\s*(?P<body>\S.*?)\s*[;,.]*\s*$")
# Words that name a body's head before the body: "Tư lệnh Quân khu 2" gives for Quân khu 2.
_HEADS = (
    "Bộ Tư lệnh",
    "Tư lệnh",
    "Thủ trưởng",
    "Chủ tịch",
    "Bộ trưởng",
    "Chỉ huy trưởng",
    "Chính ủy",
    "Giám đốc",
)
_REASON = re.compile(r"(?:đã\s+)?(?:có\s+)?thành tích[^.;\n(]{3,300}")


def match_body(name: str | None, registry: Any) -> int | None:
    """The registry unit a giver names, also when its head is named ("Tư lệnh Quân khu 2",
    "Bộ Tư lệnh Quân khu 2" → Quân khu 2)."""
    if not name:
        return None
    entry = registry.unit_named(name)
    if entry is not None:
        return entry.id
    for head in _HEADS:
        if name.lower().startswith(head.lower() + " "):
            entry = registry.unit_named(name[len(head) + 1 :])
            if entry is not None:
                return entry.id
    return None


def _unit_in(phrase: str, registry: Any) -> int | None:
    """The unit a list entry's phrase names: the phrase itself, else the longest known name
    inside it, from the left ("Chính ủy Trung đoàn 98, Sư đoàn 316" → Trung đoàn 98)."""
    entry = registry.unit_named(phrase)
    if entry is not None and entry.id is not None:
        return entry.id
    for part in phrase.split(","):
        tokens = part.split()
        for index in range(len(tokens)):
            hit = registry.unit_at(tokens, index)
            if hit and hit[1].id is not None:
                return hit[1].id
    return None


def _rank_and_name(body: str, registry: Any) -> tuple[str, str]:
    for rank in registry.ranks:
        if body.lower().startswith(rank.lower() + " "):
            return rank, body[len(rank) + 1 :].strip()
    return "", body


def _table_kind(line: str) -> str | None:
    """The kind a table's header row lists ("TT | Họ và tên | Cấp bậc | Chức vụ, đơn vị")."""
    header = line.lower()
    if "họ và tên" in header or "họ tên" in header:
        return "individual"
    if "tập thể" in header or "tên đơn vị" in header:
        return "collective"
    return None


def _entry(line: str, kind: str | None) -> tuple[int, str, list[str]] | None:
    """Where a list entry's name starts, the name and what follows it, split at commas: a
    numbered line ("1. Thượng tá Nguyễn Văn A, Chính ủy …") or a table row read from a Word
    document ("1 | Nguyễn Văn A | Thượng tá | Chính ủy …")."""
    if " | " in line:
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) < 2 or not cells[0].rstrip(".").isdigit() or not cells[1]:
            return None
        rest = [part.strip() for cell in cells[2:] for part in cell.split(",") if part.strip()]
        return line.index(cells[1], len(cells[0])), cells[1], rest
    entry = _ENTRY.match(line) if kind else None
    if entry is None:
        return None
    parts = [part.strip() for part in entry["body"].split(",") if part.strip()]
    return entry.start("body"), parts[0], parts[1:]


def read_awardees(text: Text, registry: Any) -> list[dict[str, Any]]:
    """The collectives and individuals a list names, each with its unit as written and the
    registry unit it names (`unit_match`), in the list's order."""
    value = text.value
    found: list[dict[str, Any]] = []
    kind: str | None = None
    offset = 0
    for line in value.split("\n"):
        start = offset
        offset += len(line) + 1
        heading = _HEADING.match(line)
        if heading:
            kind = "collective" if heading["kind"].lower() == "tập thể" else "individual"
            continue
        entry = _entry(line, kind)
        if entry is None:
            if " | " in line and _table_kind(line):
                kind = _table_kind(line)
            elif kind and line.strip() and found and found[-1]["kind"] == kind:
                kind = None  # the list has ended
            continue
        if kind is None:
            continue
        at, first, rest = entry
        rank = ""
        if kind == "collective":
            # "Trung đoàn 98, Sư đoàn 316": the collective is named with the units above it.
            name = ", ".join([first, *rest]) if " | " not in line else first
            unit = ", ".join([first, *rest])
        else:
            rank, name = _rank_and_name(first, registry)
            if not rank and rest and rest[0] in registry.ranks:
                rank, rest = rest[0], rest[1:]
            unit = ", ".join(rest)
        if not name or len(name) > 200:
            continue
        end = len(line.rstrip(" ;,."))
        found.append(
            {
                "kind": kind,
                "name": name.rstrip(" ;,."),
                "rank": rank,
                "unit": unit.rstrip(" ;,.")[:200],
                "unit_match": _unit_in(unit, registry) if unit else None,
                "span": [start + at, start + max(end, at)],
            }
        )
    return found


def _near(text: Text, record: dict[str, Any], award: dict[str, Any]) -> bool:
    """Whether a decision named is the award's: in the award's sentence or the next one."""
    start, end = text.sentence_at(award["span"][0])
    following = text.sentence_at(end + 1)[1] if end < len(text.value) else end
    spans = [record["span"], *record.get("mentions", [])]
    return any(start <= s < following for s, _ in spans)


def read_decision(text: Text, facts: dict[str, Any], registry: Any) -> dict[str, Any] | None:
    """The award decision the text is or tells of; None when it is not one (no award given,
    or a meeting's report without the decision's number)."""
    value = text.value
    given = [a for a in facts["awards"] if not a.get("proposed_to_higher")]
    if not given:
        return None
    award = given[0]
    decisions = [r for r in facts["resolutions"] if r["kind"] == "quyết định"]
    document = _TITLE_LINE.search(value[:2000]) is not None
    own = decisions[0] if decisions and document and decisions[0]["span"][0] < 1200 else None
    tied = own or next((r for r in decisions if _near(text, r, award)), None)
    sentence = value[slice(*text.sentence_at(award["span"][0]))]
    decided = bool(_DECIDES.search(sentence)) or document
    if tied is None and (facts["events"] or not decided):
        return None
    issuer = (own or {}).get("issuer") or award.get("by") or (tied or {}).get("issuer")
    issuer_match = match_body((own or {}).get("issuer"), registry)
    if issuer_match is None:
        issuer_match = award.get("by_match") or match_body(award.get("by"), registry)
    if issuer_match is None and tied is not None:
        issuer_match = match_body(tied.get("issuer"), registry)
    date = (tied or {}).get("date")
    if date is None:
        start = text.sentence_at(award["span"][0])[0]
        date = next(
            (
                m.date.isoformat()
                for m in text.dates
                if start <= m.start < award["span"][0] and m.has_year
            ),
            None,
        )
    reason = _REASON.search(value, award["span"][1], award["span"][1] + 400)
    if reason is None and own and own.get("subject"):
        reason = re.search(r"(?:đã\s+)?(?:có\s+)?thành tích.+", own["subject"])
    return {
        "symbol": (tied or {}).get("symbol") or (tied or {}).get("number") or "",
        "date": date,
        "issuer": issuer,
        "issuer_match": issuer_match,
        "form": award.get("form"),
        "collectives": award["collectives"],
        "individuals": award["individuals"],
        "reason": reason.group().strip() if reason else "",
        "awardees": read_awardees(text, registry),
        "span": award["span"],
    }

"""People named in a text: rank (from the rank table), name, positions, and the part they
played (chair, presenter).

Forms read: "Trung tướng Nguyễn Văn A, Bí thư Đảng ủy, Chính ủy Quân khu chủ trì",
"đồng chí Thiếu tướng Trần Văn B - Phó Tư lệnh Quân khu", "đồng chí Lê Văn C, Cục trưởng…",
"Phó Tư lệnh Quân khu, Thiếu tướng Phạm Văn D trình bày…", "ông Hoàng Văn E, Chủ tịch…".
A name is two to five capitalised syllables and ends before a position word, so "Thiếu tướng
Trần Văn B Phó Tư lệnh" still splits right. A person named twice is one fact.
"""

from __future__ import annotations

import re
from typing import Any

from tongket.core.text import search_key
from tongket.intake.reading.base import LOWER, UPPER, Text, fact

# A capitalised syllable, or one with an apostrophe as the Central Highlands' names write
# them ("H'Bơ", "K'Mák"); a name of one such word stands alone ("đồng chí K'Mák").
NAME_WORD = rf"[{UPPER}][{LOWER}]*(?:['’][{UPPER}{LOWER}][{LOWER}]*)?"

_HEADS = [
    "Tổng Tham mưu trưởng",
    "Tham mưu trưởng",
    "Bí thư",
    "Chính ủy",
    "Chính trị viên",
    "Tư lệnh",
    "Chủ nhiệm",
    "Tổng cục trưởng",
    "Cục trưởng",
    "Vụ trưởng",
    "Viện trưởng",
    "Hiệu trưởng",
    "Thứ trưởng",
    "Bộ trưởng",
    "Chỉ huy trưởng",
    "Chỉ huy phó",
    "Tổng Giám đốc",
    "Giám đốc",
    "Ủy viên",
    "Uỷ viên",
    "Chủ tịch",
    "Trưởng ban",
    "Trưởng Ban",
    "Trưởng phòng",
    "Trưởng Phòng",
    "Trưởng đoàn",
    "Trưởng Đoàn",
    "Trưởng khoa",
    "Chánh Văn phòng",
    "Chánh văn phòng",
    "Chánh Thanh tra",
    "Chánh án",
    "Sư đoàn trưởng",
    "Lữ đoàn trưởng",
    "Trung đoàn trưởng",
    "Tiểu đoàn trưởng",
    "Đại đội trưởng",
    "Đoàn trưởng",
    "Thủ trưởng",
    "Thường trực",
    "Tổ trưởng",
    "Đại biểu Quốc hội",
    "Trợ lý",
    "Tổng Biên tập",
    "Tổng biên tập",
    "Chủ nhiệm Ủy ban",
    "Tư lệnh kiêm Chính ủy",
]
_HEAD_PATTERN = "|".join(sorted((re.escape(head) for head in _HEADS), key=len, reverse=True))
_PREFIX = r"(?:[Nn]guyên|Quyền|[Pp]hó)\s+"
# After "Phó", "Nguyên" or "Quyền" the head is often written in lower case ("Phó tư lệnh").
POSITION_START = re.compile(
    rf"^(?:(?:{_PREFIX})*(?:{_HEAD_PATTERN})|(?:{_PREFIX})+(?i:{_HEAD_PATTERN}))(?![\w])"
)
# A position ends before the verb of its clause.
_STOP_WORDS = (
    "chủ trì|đồng chủ trì|dự|tham dự|trình bày|phát biểu|báo cáo|nhấn mạnh|yêu cầu|đề nghị|"
    "cho biết|khẳng định|chỉ đạo|kết luận|đánh giá|biểu dương|ghi nhận|thông qua|giao|cùng|"
    "đã|và|đến|tới|làm|thay mặt|lên|trao|nêu|quán triệt|khai mạc|bế mạc|phát động|tặng|"
    "được|là|với|tại|thông tin|điều hành|chỉ rõ|lưu ý|đề xuất|trình|ký|chúc mừng|gửi|có|"
    "khen ngợi|tham gia|dẫn đầu|nói|khái quát|tiếp thu|quyết định|cũng|đang|sẽ|vừa"
)
_STOP = re.compile(rf"\s+(?:{_STOP_WORDS})(?![\w])|\s*[;:(\n]|\s*\.(?:\s|$)")
_SEPARATOR = re.compile(r"\s*,\s*|\s+[-–—]\s+|\s+kiêm\s+")
_TITLES = r"(?:(?:GS|PGS|TS|ThS|TSKH|CN|KS|BS|NGƯT|NGND|AHLLVTND|Anh hùng LLVT(?:ND| nhân dân))\.?\s*[,.]?\s*)*"
_SURNAMES = {
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đào",
    "Đoàn",
    "Vương",
    "Trịnh",
    "Trương",
    "Lâm",
    "Phùng",
    "Mai",
    "Tô",
    "Hà",
    "Tạ",
    "Lương",
    "Đinh",
    "Cao",
    "Lưu",
    "Quách",
    "Chu",
    "Thái",
    "Triệu",
    "Đàm",
    "Kiều",
    "Khuất",
    "Lại",
    "Nông",
    "Lò",
    "Y",
    "Hứa",
    "Văn",
    "Doãn",
    "Giang",
    "La",
    "Mạc",
    "Nghiêm",
    "Phí",
    "Quan",
    "Tăng",
    "Thân",
    "Tống",
    "Vi",
    "Từ",
    "Ninh",
    "Âu",
    "Bế",
    # Surnames of the northern uplands and the Central Highlands (Hmong, Thái, Tày, Dao,
    # Ê Đê, Gia Rai…), common among the officials of the provinces in Quân khu 2, 4 and 5.
    "Mùa",
    "Giàng",
    "Sùng",
    "Vàng",
    "Thào",
    "Lầu",
    "Hầu",
    "Sình",
    "Lù",
    "Tráng",
    "Chảo",
    "Quàng",
    "Lường",
    "Cầm",
    "Tòng",
    "Bạc",
    "Điêu",
    "Sầm",
    "Ma",
    "Nịnh",
    "Lục",
    "Mông",
    "Ksor",
    "Siu",
    "Rmah",
    "Nay",
    "Kpă",
    "Rơ",
    "Byă",
}
_ROLE_AFTER = (
    (re.compile(r"^[^.;]{0,40}?\b(?:đồng chủ trì|chủ trì)"), "chair"),
    (
        re.compile(r"^[^.;]{0,40}?\b(?:trình bày|báo cáo|thông qua (?:báo cáo|dự thảo))"),
        "presenter",
    ),
)


def _rank_pattern(ranks: list[str]) -> re.Pattern[str]:
    alternatives = (
        "(?i:" + "|".join(sorted((re.escape(rank) for rank in ranks), key=len, reverse=True)) + ")"
    )
    # A rank or a form of address must come first: the pattern never starts at a bare
    # capitalised word, which keeps it cheap on long texts.
    return re.compile(
        rf"(?<![\w])(?:(?P<lead>[Đđ]ồng chí|[Ôô]ng|[Bb]à)\s+(?:(?P<rank>{alternatives})"
        rf"(?:\s+QNCN)?\s*,?\s*{_TITLES})?|(?P<rank2>{alternatives})(?:\s+QNCN)?\s*,?\s*{_TITLES})"
        rf"(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{0,4}})"
    )


_CANONICAL: dict[tuple[str, ...], dict[str, str]] = {}


def _canonical_rank(written: str, ranks: list[str]) -> str:
    key = tuple(ranks)
    table = _CANONICAL.get(key)
    if table is None:
        table = _CANONICAL.setdefault(key, {rank.lower(): rank for rank in ranks})
    return table.get(written.lower(), written)


_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _name_words(raw: str) -> list[str]:
    """Cut the name before a position word ("Trần Văn B Phó Tư lệnh" → "Trần Văn B")."""
    words = raw.split()
    for index in range(1, len(words)):
        if POSITION_START.match(" ".join(words[index:])):
            return words[:index]
    return words


def _positions(text: str, start: int, limit: int) -> tuple[list[str], int]:
    """Positions written after a name (from `start`): ", Bí thư Đảng ủy, Chính ủy Quân khu"."""
    positions: list[str] = []
    cursor = start
    while cursor < limit:
        separator = _SEPARATOR.match(text, cursor)
        if separator is None and positions:
            break
        segment_start = separator.end() if separator else cursor
        while segment_start < limit and text[segment_start] == " ":
            segment_start += 1
        if not POSITION_START.match(text[segment_start:limit]):
            break
        stop = _STOP.search(text, segment_start, limit)
        segment_end = stop.start() if stop else limit
        # The next separator also ends this position; one of " - " followed by a non-position
        # belongs to the name of a unit ("Tổng cục Hậu cần - Kỹ thuật").
        piece_end = segment_end
        for inner in _SEPARATOR.finditer(text, segment_start, segment_end):
            following = text[inner.end() : segment_end]
            if inner.group().strip() in "-–—" and not POSITION_START.match(following):
                continue
            piece_end = inner.start()
            break
        position = text[segment_start:piece_end].strip(" ,")
        if not position:
            break
        positions.append(position)
        cursor = piece_end
    return positions, cursor


def _positions_before(text: str, floor: int, start: int) -> list[str]:
    """Positions written before the rank: "Phó Tư lệnh Quân khu, Thiếu tướng …"."""
    before = text[floor:start]
    if not before.rstrip().endswith(","):
        return []
    pieces = [piece.strip() for piece in before.rstrip()[:-1].split(",")]
    found: list[str] = []
    for piece in reversed(pieces):
        piece = re.sub(r"^.*\b(?:do|của|có|với|là|đồng chí)\s+", "", piece)
        if POSITION_START.match(piece) and not _STOP.search(piece):
            found.insert(0, piece)
        else:
            break
    return found


def read_people(text: Text, registry: Any) -> list[dict[str, Any]]:
    key = tuple(registry.ranks)
    pattern = _PATTERNS.get(key) or _PATTERNS.setdefault(key, _rank_pattern(registry.ranks))
    value = text.value
    people: dict[str, dict[str, Any]] = {}
    floor = 0
    for match in pattern.finditer(value):
        rank, lead = match["rank"] or match["rank2"], (match["lead"] or "").strip().lower()
        if rank:
            rank = _canonical_rank(rank, registry.ranks)
        if not rank and not lead:
            continue
        words = _name_words(match["name"])
        apostrophe = len(words) == 1 and any(mark in words[0] for mark in "'’")
        if (len(words) < 2 and not apostrophe) or POSITION_START.match(match["name"]):
            continue
        if not rank and words[0] not in _SURNAMES and not apostrophe:
            continue
        name = " ".join(words)
        name_end = match.start("name") + len(name)
        sentence_start, sentence_end = text.sentence_at(match.start())
        positions, positions_end = _positions(value, name_end, sentence_end)
        earlier = _positions_before(value, max(floor, sentence_start), match.start())
        positions = earlier + positions
        role = None
        after = value[positions_end:sentence_end]
        for role_pattern, role_name in _ROLE_AFTER:
            if role_pattern.match(after):
                role = role_name
                break
        floor = positions_end
        confidence = 0.95 if rank else 0.8
        person_key = search_key(name)
        if person_key in people:
            known = people[person_key]
            known["rank"] = known["rank"] or rank
            for position in positions:
                if search_key(position) not in {search_key(p) for p in known["positions"]}:
                    known["positions"].append(position)
            known["role"] = known["role"] or role
            continue
        people[person_key] = fact(
            match.start(),
            positions_end,
            confidence,
            rank=rank,
            name=name,
            positions=positions,
            role=role,
        )
    results = list(people.values())
    for person in results:
        person["match"] = registry.match_person(person["name"])
    return results

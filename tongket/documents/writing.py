"""Words the documents are written with, whatever the reader's language: people with their
rank and position on the day, names joined as Vietnamese writes them, figures in the
indicator's decimals and unit, progress in words, references to other documents by their
kind ("Chương trình phối hợp số 01-CTr/…", never "Nghị quyết số 01-CTr/…")."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone, translation

from tongket.core.numbers import format_number
from tongket.documents.choices import Authority
from tongket.org.choices import Line
from tongket.org.models import Person, Position, Unit
from tongket.org.selectors import person_positions_on, person_rank_on

# Resolution kinds as documents name them (Resolution.kind values).
KIND_NAMES = {
    "resolution": "Nghị quyết",
    "directive": "Chỉ thị",
    "conclusion": "Kết luận",
    "regulation": "Quy định",
    "coordination_programme": "Chương trình phối hợp",
    "coordination_rules": "Quy chế phối hợp",
    "plan": "Kế hoạch",
    "project": "Đề án",
    "decision": "Quyết định",
    "programme": "Chương trình",
    "action_programme": "Chương trình hành động",
}


def style_of(unit: Unit) -> str:
    """The format a unit writes in: the Party's for a body of the Party line."""
    return "party" if unit.home_line == Line.PARTY else "state"


# Bodies that sign collectively (TM. / T/M the body): a Party committee, a people's committee.
COLLECTIVE_KINDS = {"party_committee", "locality"}
# A Party committee's boards and office sign in their head's own name ("TRƯỞNG BAN",
# "CHÁNH VĂN PHÒNG"); of its agencies only the inspection commission is a collective body
# that signs "T/M" (Hướng dẫn 36-HD/VPTW).
COLLECTIVE_AGENCIES = ("Ủy ban Kiểm tra", "Ủy ban kiểm tra", "ỦY BAN KIỂM TRA")
# Titles that are not the head's: deputies, assistants, members, the political commissar (who
# heads the Party committee, not the command).
NOT_HEAD = ("Phó ", "Trợ lý", "Ủy viên", "Chính ủy", "Chính trị viên", "Nhân viên", "Cán bộ")
# What the head signs as when the organisation names nobody.
HEAD_TITLE = {"party_committee": "Bí thư", "locality": "Chủ tịch"}
# What a command's or an agency's head signs as when the organisation names nobody, by the
# first words of the unit's name (the longest first): "Quân khu 2" → "Tư lệnh", "Bộ Chỉ
# huy Quân sự tỉnh …" → "Chỉ huy trưởng", "Cục Kinh tế" → "Cục trưởng", "Cục Chính trị …" →
# "Chủ nhiệm", "Sở Nội vụ" → "Giám đốc".
HEAD_BY_NAME = (
    ("Bộ Tư lệnh", "Tư lệnh"),
    ("Bộ Chỉ huy", "Chỉ huy trưởng"),
    ("Ban Chỉ huy", "Chỉ huy trưởng"),
    ("Bộ Tổng Tham mưu", "Tổng Tham mưu trưởng"),
    ("Bộ Tham mưu", "Tham mưu trưởng"),
    ("Quân khu", "Tư lệnh"),
    ("Quân đoàn", "Tư lệnh"),
    ("Quân chủng", "Tư lệnh"),
    ("Binh chủng", "Tư lệnh"),
    ("Tổng cục", "Chủ nhiệm"),
    ("Cục Chính trị", "Chủ nhiệm"),
    ("Phòng Chính trị", "Chủ nhiệm"),
    ("Sư đoàn", "Sư đoàn trưởng"),
    ("Lữ đoàn", "Lữ đoàn trưởng"),
    ("Trung đoàn", "Trung đoàn trưởng"),
    ("Tiểu đoàn", "Tiểu đoàn trưởng"),
    ("Cục", "Cục trưởng"),
    ("Ủy ban nhân dân", "Chủ tịch"),
    ("Sở", "Giám đốc"),
    ("Ban Thi đua", "Trưởng ban"),
)
# The head of a Party committee's board or office (an agency writing in the Party format).
PARTY_BOARD_HEAD = (
    ("Ban Kiểm tra", "Chủ nhiệm"),
    ("Ban", "Trưởng ban"),
    ("Văn phòng", "Chánh Văn phòng"),
)


def _by_name(name: str, table: tuple[tuple[str, str], ...]) -> str:
    folded = name.casefold()
    for start, title in table:
        if folded.startswith(start.casefold() + " "):
            return title
    return ""


def head_title(unit: Unit, name: str, style: str) -> str:
    """The head's title when the organisation names no head: "Bí thư" of a Party committee
    (or any body writing in the Party format but a committee's board or office: "Trưởng
    ban", "Chánh Văn phòng"), "Chủ tịch" of a people's committee, else by the unit's name
    (`HEAD_BY_NAME`), else "Thủ trưởng"."""
    if unit.kind in HEAD_TITLE:
        return HEAD_TITLE[unit.kind]
    if style == "party":
        board = _by_name(name, PARTY_BOARD_HEAD) if unit.kind == "agency" else ""
        return board or "Bí thư"
    return _by_name(name, HEAD_BY_NAME) or "Thủ trưởng"


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, "Văn bản")


def rank_of(person: Person, day: datetime.date) -> str:
    held = person_rank_on(person=person, day=day) if person.is_military else None
    return held.rank.name if held is not None else ""


def position_of(person: Person, day: datetime.date) -> str:
    """ "Phó Tư lệnh Quân khu 2" (the first position held that day), or ""."""
    positions = person_positions_on(person=person, day=day)
    if not positions:
        return ""
    position = positions[0]
    return title_at(position.title.strip(), position.unit.name)


def title_at(title: str, unit_name: str) -> str:
    """A position's title with its unit's name, the shared words written once: "Bí thư Đảng
    ủy Quân khu" at "Đảng ủy Quân khu 2" → "Bí thư Đảng ủy Quân khu 2" (never "… Quân khu
    Đảng ủy Quân khu 2"); "Trợ lý" at "Cục Kinh tế" → "Trợ lý Cục Kinh tế". One shared word is
    not enough ("Chính ủy" at "Ủy ban …" is not "Chính ủy ban …")."""
    if unit_name.casefold() in title.casefold():
        return title
    words, unit_words = title.split(), unit_name.split()
    for shared in range(min(len(words), len(unit_words)), 1, -1):
        tail = [word.casefold() for word in words[-shared:]]
        if tail == [word.casefold() for word in unit_words[:shared]]:
            return " ".join(words + unit_words[shared:])
    return f"{title} {unit_name}".strip()


def person_line(person: Person, day: datetime.date, *, position: bool = True) -> str:
    """ "Đại tá Nguyễn Văn A, Phó Tư lệnh Quân khu 2": rank, name and position on the day."""
    rank = rank_of(person, day)
    text = f"{rank} {person.full_name}".strip()
    held = position_of(person, day) if position else ""
    return f"{text}, {held}" if held else text


def comrade(person: Person, day: datetime.date) -> str:
    """ "đồng chí Đại tá Nguyễn Văn A, Phó Tư lệnh Quân khu 2"."""
    return f"đồng chí {person_line(person, day)}"


def join(names: list[str]) -> str:
    """ "A", "A và B", "A, B và C"."""
    names = [name for name in names if name]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " và " + names[-1]


def figure(value: Any, indicator: Any) -> str:
    """A figure in the indicator's decimals and unit: "4 vụ", "95,3 %", "161 cuộc"."""
    if value is None:
        return "chưa có số liệu"
    decimals = int(getattr(indicator, "decimals", 0) or 0)
    if Decimal(str(value)) == Decimal(str(value)).to_integral_value():
        decimals = 0  # a whole count reads "4 vụ", not "4,00 vụ"
    with translation.override("vi"):
        number = format_number(Decimal(str(value)), decimals)
    unit = (getattr(indicator, "unit_of_measure", "") or "").strip()
    if getattr(indicator, "measure_kind", "") == "ratio" and not unit:
        unit = "%"
    if getattr(indicator, "measure_kind", "") == "milestone":
        return "đã hoàn thành" if Decimal(str(value)) >= 1 else "chưa hoàn thành"
    if getattr(indicator, "unit_aggregation", "") == "count_met":
        return f"{number} đơn vị đạt"
    return f"{number} {unit}".strip() if unit != "%" else f"{number}\u00a0%"


def percent(value: Any) -> str:
    if value is None:
        return ""
    with translation.override("vi"):
        return f"{format_number(Decimal(str(value)), 1)}\u00a0%"


STATUS_WORDS = {
    "exceeded": "vượt chỉ tiêu",
    "met": "đạt chỉ tiêu",
    "on_track": "đúng tiến độ",
    "at_risk": "có nguy cơ không đạt",
    "behind": "chậm, chưa đạt",
    "no_data": "chưa có số liệu",
    "no_target": "chưa đặt chỉ tiêu",
}


def status_words(status: str) -> str:
    return STATUS_WORDS.get(status, "")


def reference(resolution: Any) -> str:
    """ "Nghị quyết số 382-NQ/ĐUQSTW ngày 29/11/2007 của Đảng ủy Quân sự Trung ương" — the
    document's kind, symbol, date and its issuer's name on that date."""
    from tongket.org import lines

    words = [kind_name(resolution.kind)]
    if resolution.symbol:
        words.append(f"số {resolution.symbol}")
    if resolution.issued_on:
        day = resolution.issued_on
        words.append(f"ngày {day.day:02d}/{day.month:02d}/{day.year}")
    issuer = getattr(resolution, "issuing_unit", None)
    if issuer is not None:
        words.append("của " + lines.name_on(issuer, on=resolution.issued_on))
    return " ".join(words)


def trend_words(indicator: Any, series: dict[str, Any] | None) -> str:
    """ "tăng từ 3.900 khẩu (2013) lên 4.650 khẩu (2022)", "giảm …", "ổn định …" over the
    periods with data; "" with fewer than two."""
    if not series:
        return ""
    points = [
        (period, value)
        for period, value in zip(series.get("periods", []), series.get("values", []), strict=False)
        if value is not None
    ]
    if len(points) < 2:
        return ""
    (first_period, first), (last_period, last) = points[0], points[-1]
    if first == last:
        return f"ổn định ở mức {figure(last, indicator)} từ {first_period} đến {last_period}"
    verb = "tăng" if last > first else "giảm"
    return (
        f"{verb} từ {figure(first, indicator)} ({first_period}) lên {figure(last, indicator)} "
        f"({last_period})"
        if verb == "tăng"
        else f"{verb} từ {figure(first, indicator)} ({first_period}) xuống "
        f"{figure(last, indicator)} ({last_period})"
    )


def indicator_paragraph(
    row: Any, unit_rows: list[tuple[str, Any]], series: dict[str, Any] | None
) -> str:
    """One paragraph on one indicator: the figure, the target, the progress in words, the
    best and the worst unit, the trend."""
    indicator = row.indicator
    text = f"{indicator.name} ({indicator.code}): "
    if row.value is None:
        return text + "chưa có số liệu trong kỳ."
    text += f"đạt {figure(row.value, indicator)}"
    if row.target_due is not None:
        text += f" so với chỉ tiêu {figure(row.target_due, indicator)}"
        if row.progress is not None:
            text += f", bằng {percent(row.progress)} chỉ tiêu"
    words = status_words(row.status)
    if words and row.target_due is not None:
        text += f", {words}"
    text += "."
    ranked = [(name, r) for name, r in unit_rows if r.value is not None]
    if len(ranked) >= 2:
        lower = getattr(indicator, "direction", "") == "lower"
        ranked.sort(key=lambda item: item[1].value, reverse=not lower)
        (best, best_row), (worst, worst_row) = ranked[0], ranked[-1]
        if best_row.value != worst_row.value:
            text += (
                f" Cao nhất là {best} ({figure(best_row.value, indicator)}), thấp nhất là "
                f"{worst} ({figure(worst_row.value, indicator)})."
                if not lower
                else f" Tốt nhất là {best} ({figure(best_row.value, indicator)}), còn cao nhất là "
                f"{worst} ({figure(worst_row.value, indicator)})."
            )
    trend = trend_words(indicator, series)
    if trend:
        text += f" Qua các kỳ báo cáo, chỉ tiêu {trend}."
    return text


def bare_title(title: str, unit_name: str) -> str:
    """A title as it stands under a signature, without the unit it names: "Tư lệnh Quân
    khu" at "Quân khu 2" → "Tư lệnh"; "Bí thư Đảng ủy Quân sự tỉnh" at "Đảng ủy Quân sự tỉnh
    Đắk Lắk" → "Bí thư"; "Chỉ huy trưởng" stays. Two shared words at least, as `title_at`."""
    words, unit_words = title.split(), unit_name.split()
    folded = [word.casefold() for word in unit_words]
    for shared in range(min(len(words) - 1, len(unit_words)), 1, -1):
        if [word.casefold() for word in words[-shared:]] == folded[:shared]:
            return " ".join(words[:-shared])
    return title.strip()


def head_of(unit: Unit, day: datetime.date) -> Position | None:
    """The position of whoever heads the unit on the day: the commander of a command, the
    secretary of a Party committee, the chair of a people's committee; the earliest held of
    the unit's positions that is not a deputy's, an assistant's or a member's."""
    if not unit.pk:
        return None
    held = (
        Position.objects.filter(unit=unit, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("person")
        .order_by("valid_from", "pk")
    )
    return next((p for p in held if not p.title.strip().startswith(NOT_HEAD)), None)


def signing_name(person: Person | None, day: datetime.date) -> str:
    """Rank and name as a person signs: "Trung tướng Nguyễn Văn A"; "" for nobody."""
    if person is None:
        return ""
    return f"{rank_of(person, day)} {person.full_name}".strip()


def ranked_name(name: str, unit: Unit, day: datetime.date) -> str:
    """A signer's name as typed ("Nguyễn Quang T") with the rank the organisation knows on the
    day ("Trung tướng Nguyễn Quang T") when exactly one person of that name holds a position
    in `unit` that day; else as typed (a name typed with its rank, an unknown signer)."""
    name = " ".join(name.split())
    if not name or not unit.pk:
        return name
    people = {
        position.person
        for position in Position.objects.filter(unit=unit, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .select_related("person")
        if position.person.full_name.casefold() == name.casefold()
    }
    return signing_name(people.pop(), day) if len(people) == 1 else name


def signature_of(unit: Unit, *, style: str, on: datetime.date | None) -> dict[str, str]:
    """Who signs a document the unit issues, in the unit's format (the fields `authority`,
    `authority_body`, `signer_title`, `signer_name` of a document): a Party committee signs
    "T/M ĐẢNG ỦY …" over "BÍ THƯ" (Hướng dẫn 36-HD/VPTW); a people's committee "TM. ỦY BAN
    NHÂN DÂN …" over "CHỦ TỊCH"; a command or an agency in its head's own name, "CHỈ HUY
    TRƯỞNG", "TƯ LỆNH" (Nghị định 30/2020/NĐ-CP, Điều 13), a committee's board or office too
    ("TRƯỞNG BAN"), its inspection commission "T/M ỦY BAN KIỂM TRA". The head's rank and name on the
    day when the organisation knows them; people correct the frame (KT., Q., TL.) as signed."""
    from tongket.org import lines

    day = on or timezone.localdate()
    head = head_of(unit, day)
    name = lines.name_on(unit, on=day)
    title = bare_title(head.title, name) if head is not None else ""
    collective = unit.kind in COLLECTIVE_KINDS or (
        style == "party" and (unit.kind != "agency" or name.startswith(COLLECTIVE_AGENCIES))
    )
    return {
        "authority": Authority.ON_BEHALF if collective else "",
        "authority_body": name if collective else "",
        "signer_title": title or head_title(unit, name, style),
        "signer_name": signing_name(head.person if head is not None else None, day),
    }

"""The documents of a meeting, drafted from its record in the host's format: the invitation
(giấy mời), the minutes (biên bản: time and place, who took part with rank and position,
content, proceedings and conclusions; signed by the secretary and the chair) and the
conclusion notice (thông báo kết luận: every conclusion in full, with its tasks; signed for
the host). Each is dated at the meeting (the invitation is left for the signer to date).

Callers: `meetings.services.meeting_render` (the host's tracking officers); the format
checker reads `document_previews`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongket.core.classification import mark_of
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record
from tongket.documents import services as documents
from tongket.documents.choices import Authority, DocumentKind
from tongket.documents.models import Document
from tongket.documents.writing import comrade, join, person_line, position_of, rank_of, style_of
from tongket.meetings.hosts import require_host
from tongket.meetings.models import Meeting
from tongket.org.models import Person
from tongket.org.selectors import unit_place

TIME_WORDS = {"sang": "sáng", "trua": "trưa", "chieu": "chiều", "toi": "tối", "ca_ngay": ""}
FORMAT_WORDS = {
    "in_person": "trực tiếp",
    "online": "trực tuyến",
    "hybrid": "trực tiếp kết hợp trực tuyến",
}


def _when(meeting: Meeting) -> str:
    """ "sáng ngày 21/10/2021"."""
    day = meeting.date
    time = TIME_WORDS.get(meeting.time_of_day, "")
    return f"{time} ngày {day.day:02d}/{day.month:02d}/{day.year}".strip()


def _chair(meeting: Meeting) -> str:
    return comrade(meeting.chair, meeting.date) if meeting.chair else ""


def _where(meeting: Meeting) -> str:
    sites = list(meeting.remote_sites.all())
    text = f"Vào {_when(meeting)}"
    if meeting.place:
        text += f", tại {meeting.place}"
    text += f", {meeting.host_unit.name} tổ chức {meeting.title}"
    text += f" theo hình thức {FORMAT_WORDS.get(meeting.format, '')}".rstrip()
    if sites:
        text += f", với {len(sites)} điểm cầu: " + join([site.name for site in sites])
    return text + "."


def _composition(meeting: Meeting) -> str:
    day = meeting.date
    lines = []
    if meeting.chair:
        lines.append(f"Chủ trì: {comrade(meeting.chair, day)}.")
    if meeting.secretary:
        lines.append(f"Thư ký: {comrade(meeting.secretary, day)}.")
    presenters = list(meeting.presenters.all())
    if presenters:
        lines.append(
            "Trình bày báo cáo: "
            + "; ".join(f"đồng chí {person_line(p, day)}" for p in presenters)
            + "."
        )
    # Who chairs, keeps the minutes or presents is written once, in that role.
    named = {*presenters, meeting.chair, meeting.secretary}
    participants = [p for p in meeting.participants.all() if p not in named]
    if participants:
        lines.append(
            "Tham dự: " + "; ".join(f"đồng chí {person_line(p, day)}" for p in participants) + "."
        )
    units = list(meeting.participant_units.all())
    if units:
        lines.append("Đại diện các cơ quan, đơn vị: " + join([u.name for u in units]) + ".")
    if meeting.guests:
        lines.append(f"Khách mời: {meeting.guests.strip().rstrip('.')}.")
    return "\n".join(lines)


def _signing_name(person: Person | None, day: datetime.date) -> str:
    """Rank and name as a person signs: "Đại tá Nguyễn Văn A"; "" for nobody."""
    if person is None:
        return ""
    return f"{rank_of(person, day)} {person.full_name}".strip()


def _signer(meeting: Meeting) -> tuple[str, str]:
    """The chair's position title and rank-and-name as they sign."""
    if meeting.chair is None:
        return "", ""
    title = position_of(meeting.chair, meeting.date) or "Chủ trì hội nghị"
    return title, _signing_name(meeting.chair, meeting.date)


def _committee_title(title: str) -> str:
    """Under "T/M ĐẢNG ỦY …" the title stands alone: "Phó Bí thư Đảng ủy Quân khu 2" →
    "Phó Bí thư"."""
    for short in ("Phó Bí thư", "Bí thư"):
        if title.startswith(short):
            return short
    return title


def _signature(meeting: Meeting) -> dict[str, str]:
    """A Party host signs T/M the committee; a command or State host in its head's name."""
    host = meeting.host_unit
    title, name = _signer(meeting)
    if style_of(host) == "party":
        return {
            "authority": Authority.ON_BEHALF,
            "authority_body": host.name,
            "signer_title": _committee_title(title),
            "signer_name": name,
        }
    return {"authority": "", "authority_body": "", "signer_title": title, "signer_name": name}


def minutes_draft(meeting: Meeting) -> tuple[Document, list[dict[str, Any]]]:
    """The minutes as an unsaved document and its content (no empty section printed)."""
    host = meeting.host_unit
    blocks: list[dict[str, Any]] = [
        {
            "key": "thoi-gian",
            "heading": "Thời gian, địa điểm, hình thức",
            "level": 0,
            "text": _where(meeting),
        },
    ]
    composition = _composition(meeting)
    if composition:
        blocks.append(
            {"key": "thanh-phan", "heading": "Thành phần", "level": 0, "text": composition}
        )
    if meeting.agenda.strip():
        blocks.append(
            {"key": "noi-dung", "heading": "Nội dung", "level": 0, "text": meeting.agenda}
        )
    if meeting.minutes.strip():
        blocks.append(
            {"key": "dien-bien", "heading": "Diễn biến", "level": 0, "text": meeting.minutes}
        )
    conclusions = list(meeting.conclusions.order_by("number"))
    if conclusions:
        blocks.append(
            {
                "key": "ket-luan",
                "heading": "Kết luận",
                "level": 0,
                "text": "\n".join(f"{c.number}. {c.text.strip()}" for c in conclusions),
            }
        )
    _title, name = _signer(meeting)
    blocks.append(
        {
            "key": "ky-ten",
            "signers": [
                {"title": "Thư ký", "name": _signing_name(meeting.secretary, meeting.date)},
                {"title": "Chủ trì", "name": name},
            ],
        }
    )
    document = documents.document_draft(
        kind=DocumentKind.MINUTES,
        issuer=host,
        style=style_of(host),
        subject=meeting.title,
        dated_on=meeting.date,
        place=unit_place(host),
        recipients=["Các đại biểu dự hội nghị"],
        classification=mark_of(meeting),
    )
    return document, blocks


def notice_draft(meeting: Meeting) -> tuple[Document, list[dict[str, Any]]]:
    """The conclusion notice: every conclusion in full, with the tasks given from it."""
    conclusions = list(
        meeting.conclusions.order_by("number").prefetch_related(
            "tasks__assignee", "tasks__assignee_group"
        )
    )
    if not conclusions:
        raise DomainError(_("The meeting has no conclusions yet."))
    host = meeting.host_unit
    chair = _chair(meeting) or "đồng chí chủ trì"
    blocks: list[dict[str, Any]] = [
        {
            "key": "mo-dau",
            "text": _where(meeting)
            + (
                f" Đồng chí {person_line(meeting.chair, meeting.date)} chủ trì."
                if meeting.chair
                else ""
            )
            + f" Sau khi nghe báo cáo và ý kiến của các đại biểu, {chair} kết luận như sau:",
        }
    ]
    for conclusion in conclusions:
        text = conclusion.text.strip().rstrip(".")
        lines = [f"{conclusion.number}. {text}."]
        # A task given to several units is written once, naming them all.
        batched: dict[int, list[Any]] = {}
        for task in conclusion.tasks.all():
            if task.batch_id is not None:
                batched.setdefault(task.batch_id, []).append(task)
        for task in conclusion.tasks.all():
            if task.batch_id is not None and batched[task.batch_id][0] is not task:
                continue
            names = [t.assignee.name for t in batched.get(task.batch_id or 0, [task])]
            if task.assignee_group_id is not None:
                names = [task.assignee_group.name]
            given = "giao " + ", ".join(names)
            if task.deadline is not None:
                given += f", hạn {task.deadline:%d/%m/%Y}"
            if task.title.strip().rstrip(".") == text:
                lines[0] = f"{conclusion.number}. {text} ({given})."
            else:
                lines.append(f"- {task.title.strip().rstrip('.')} ({given}).")
        blocks.append({"key": f"kl-{conclusion.number}", "text": "\n".join(lines)})
    blocks.append(
        {
            "key": "ket-thuc",
            "text": f"{host.name} thông báo để các cơ quan, đơn vị biết, thực hiện.",
        }
    )
    subject_chair = (
        f"kết luận của đồng chí {meeting.chair.full_name}" if meeting.chair else "kết luận"
    )
    document = documents.document_draft(
        kind=DocumentKind.CONCLUSION_NOTICE,
        issuer=host,
        style=style_of(host),
        subject=f"{subject_chair} tại {meeting.title}",
        dated_on=meeting.date,
        place=unit_place(host),
        recipients=sorted({t.assignee.name for c in conclusions for t in c.tasks.all()}),
        classification=mark_of(meeting),
        **_signature(meeting),
    )
    return document, blocks


def invitation_draft(meeting: Meeting) -> tuple[Document, list[dict[str, Any]]]:
    """The invitation to the meeting, left undated for the signer."""
    host = meeting.host_unit
    invited = [u.name for u in meeting.participant_units.all()] or [
        person_line(p, meeting.date) for p in meeting.participants.all()
    ]
    lines = [f"{host.name} trân trọng kính mời: {join(invited) or 'các đồng chí đại biểu'}."]
    lines.append(f"Tới dự: {meeting.title}.")
    when = _when(meeting)
    lines.append(f"Thời gian: {when[:1].upper() + when[1:]}.")
    if meeting.place:
        lines.append(f"Địa điểm: {meeting.place}.")
    if meeting.chair:
        lines.append(f"Chủ trì: {comrade(meeting.chair, meeting.date)}.")
    if meeting.agenda.strip():
        lines.append(f"Nội dung: {meeting.agenda.strip()}")
    lines.append("Đề nghị các đồng chí sắp xếp thời gian tham dự đúng thành phần.")
    document = documents.document_draft(
        kind=DocumentKind.INVITATION,
        issuer=host,
        style=style_of(host),
        subject=meeting.title,
        place=unit_place(host),
        recipients=["Như trên"],
        classification=mark_of(meeting),
        **_signature(meeting),
    )
    return document, [{"key": "noi-dung", "text": "\n".join(lines)}]


DRAFTS = {
    DocumentKind.MINUTES: minutes_draft,
    DocumentKind.CONCLUSION_NOTICE: notice_draft,
    DocumentKind.INVITATION: invitation_draft,
}


@transaction.atomic
def meeting_render(*, by: Any, meeting: Meeting, kind: str) -> Document:
    """The invitation, the minutes or the conclusion notice of the meeting as a draft
    document in the host's format (the Party's for a body of the Party line)."""
    require_host(by, meeting)
    draft = DRAFTS.get(kind)  # type: ignore[call-overload]
    if draft is None:
        raise DomainError(_("Choose an invitation, minutes or a conclusion notice."), field="kind")
    frame, blocks = draft(meeting)
    document = documents.document_create(
        by=by,
        kind=frame.kind,
        issuer=frame.issuer,
        style=frame.profile.style,
        dated_on=frame.dated_on,
        subject=frame.subject,
        content=blocks,
        place=frame.place,
        recipients=frame.recipients,
        authority=frame.authority,
        authority_body=frame.authority_body,
        signer_title=frame.signer_title,
        signer_name=frame.signer_name,
        classification=frame.classification,
    )
    meeting.documents.add(document)
    changelog_record(
        by=by,
        action="meeting_render",
        obj=meeting,
        after={"document": document.pk, "kind": kind},
        unit_path=meeting.host_unit.path,
    )
    return document


def document_previews() -> Iterator[tuple[str, Document, list[dict[str, Any]]]]:
    """Every meeting's invitation, minutes and (when it has conclusions) notice."""
    meetings = Meeting.objects.select_related("host_unit", "chair", "secretary").order_by(
        "date", "pk"
    )
    for meeting in meetings:
        for kind, draft in DRAFTS.items():
            if kind == DocumentKind.CONCLUSION_NOTICE and not meeting.conclusions.exists():
                continue
            document, blocks = draft(meeting)
            yield f"{document.get_kind_display()} – {meeting.title}", document, blocks

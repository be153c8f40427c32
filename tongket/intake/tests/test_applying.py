"""From checked facts to records in one transaction: the meeting with its chair and
presenters, new people registered (never a second record of someone known), award counts,
conclusions with their tasks, and the source text linked to every record made."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from tongket.core.errors import DomainError
from tongket.intake.applying import (
    AwardChoice,
    ConclusionChoice,
    MeetingChoice,
    PersonChoice,
    intake_apply,
    sources_of,
)
from tongket.intake.models import IntakeSource, MeetingAwardCount
from tongket.meetings.models import Conclusion, FollowUpTask, Meeting
from tongket.org.models import Person, Unit

pytestmark = pytest.mark.django_db

TEXT = "Sáng 8-7, Đảng ủy Quân khu 2 tổ chức hội nghị …"
DAY = datetime.date(2022, 7, 8)


def _meeting() -> MeetingChoice:
    return MeetingChoice(
        kind="review_conference",
        title="Hội nghị tổng kết 10 năm thực hiện Nghị quyết 623",
        date=DAY,
        time_of_day="sang",
        format="hybrid",
        place="Phú Thọ",
    )


def _apply(by, people, **overrides):
    unit = Unit.objects.get(code="QK2")
    arguments = {
        "by": by,
        "host_unit": unit,
        "text": TEXT,
        "facts": {"published": "2022-07-08", "events": []},
        "meeting": _meeting(),
        "people": people,
        "awards": [AwardChoice("Bằng khen", 26, 28), AwardChoice("Bằng khen", 3, 3, True)],
        "conclusions": [
            ConclusionChoice(
                "Cục Hậu cần hoàn chỉnh báo cáo tổng kết.",
                Unit.objects.get(code="QK2"),
                datetime.date(2022, 7, 30),
            ),
            ConclusionChoice("Các cơ quan tiếp tục quán triệt nghị quyết."),
        ],
    }
    arguments.update(overrides)
    return intake_apply(**arguments)


def test_a_checked_article_becomes_a_meeting_with_people_awards_and_tasks(users):
    # Given an existing person of Quân khu 2 as chair and a new person to register
    chair = Person.objects.filter(unit__code="QK2").first()
    people = [
        PersonChoice(
            chair.full_name, "Trung tướng", ["Chính ủy Quân khu"], match=chair.pk, role="chair"
        ),
        PersonChoice(
            "Hoàng Văn Mới", "Thiếu tướng", ["Phó Tư lệnh Quân khu"], create=True, role="presenter"
        ),
        PersonChoice("Lê Văn Khách", "Đại tá", ["Cục trưởng Cục Tổ chức"]),
    ]
    # When an administrator of the unit applies the checked facts
    meeting = _apply(users["admin"], people)
    # Then the meeting holds its chair, the new presenter with rank and position, the guest
    assert meeting.chair == chair and meeting.format == "hybrid" and meeting.time_of_day == "sang"
    presenter = meeting.presenters.get()
    assert presenter.full_name == "Hoàng Văn Mới"
    assert presenter.ranks.get().rank.name == "Thiếu tướng"
    assert presenter.positions.get().title == "Phó Tư lệnh Quân khu"
    assert "Đại tá Lê Văn Khách, Cục trưởng Cục Tổ chức" in meeting.guests
    # And the award counts, the conclusions and the one task with assignee and deadline
    counts = [
        (a.collectives, a.individuals, a.proposed_to_higher) for a in meeting.award_counts.all()
    ]
    assert counts == [(26, 28, False), (3, 3, True)]
    assert meeting.conclusions.count() == 2
    task = FollowUpTask.objects.get(conclusion__meeting=meeting)
    assert task.deadline == datetime.date(2022, 7, 30)
    # And the source text is linked to every record made (not to the chair, who existed)
    source = IntakeSource.objects.get()
    assert source.text == TEXT and source.unit.code == "QK2"
    assert sources_of(meeting) == [source] and sources_of(presenter) == [source]
    assert sources_of(task) == [source] and sources_of(meeting.award_counts.first()) == [source]
    assert sources_of(chair) == []


def test_a_person_the_registry_already_holds_is_never_registered_twice(users):
    known = Person.objects.filter(unit__code="QK2").first()
    meetings = Meeting.objects.count()
    with pytest.raises(DomainError) as refused:
        _apply(users["admin"], [PersonChoice(known.full_name, None, [], create=True)])
    assert refused.value.field == "people-0"
    # And nothing at all was written
    assert Meeting.objects.count() == meetings and not IntakeSource.objects.exists()


def test_a_task_without_deadline_undoes_everything(users):
    meetings, counts = Meeting.objects.count(), MeetingAwardCount.objects.count()
    conclusions = [ConclusionChoice("Giao Cục Hậu cần.", Unit.objects.get(code="QK2"), None)]
    with pytest.raises(DomainError) as refused:
        _apply(users["admin"], [], conclusions=conclusions)
    assert refused.value.field == "conclusions-0"
    assert Meeting.objects.count() == meetings and MeetingAwardCount.objects.count() == counts
    assert Conclusion.objects.filter(text="Giao Cục Hậu cần.").count() == 0


def test_a_tracking_officer_records_the_meeting_and_registers_its_new_people(users):
    # Given Quân khu 2's tracking officer: the meeting with a guest list is theirs to record
    meeting = _apply(users["qk2.theodoi"], [PersonChoice("Lê Văn Khách", "Đại tá", [])])
    assert meeting.guests == "Đại tá Lê Văn Khách"
    assert not Person.objects.filter(full_name="Lê Văn Khách").exists()
    # When a person the text names is to be registered, then the people service registers
    # them too (tracking officers register the people their conferences name)
    _apply(users["qk2.theodoi"], [PersonChoice("Hoàng Văn Mới", "Thiếu tướng", [], create=True)])
    assert Person.objects.filter(full_name="Hoàng Văn Mới", unit__code="QK2").exists()


def test_outside_the_unit_nothing_is_recorded(users):
    from tongket.core.errors import NotFound

    with pytest.raises((NotFound, PermissionDenied)):
        _apply(users["cnqp.baocao"], [])

"""Words the documents are written with: a person's position with its unit, the words the
title and the unit's name share written once."""

from __future__ import annotations

import datetime

import pytest

from tongket.documents.writing import person_line, title_at
from tongket.meetings.models import Meeting


@pytest.mark.parametrize(
    ("title", "unit", "written"),
    [
        ("Bí thư Đảng ủy Quân khu", "Đảng ủy Quân khu 2", "Bí thư Đảng ủy Quân khu 2"),
        ("Cục trưởng Cục Hậu cần", "Cục Hậu cần Quân khu 2", "Cục trưởng Cục Hậu cần Quân khu 2"),
        ("Phó Tư lệnh Quân khu", "Quân khu 2", "Phó Tư lệnh Quân khu 2"),
        ("Trợ lý", "Cục Kinh tế", "Trợ lý Cục Kinh tế"),
        ("Cục trưởng Cục Kinh tế", "Cục Kinh tế", "Cục trưởng Cục Kinh tế"),
        # One shared word is chance, not the unit's name.
        ("Chính ủy", "Ủy ban nhân dân tỉnh", "Chính ủy Ủy ban nhân dân tỉnh"),
    ],
)
def test_a_title_and_its_unit_share_their_words_once(title, unit, written):
    assert title_at(title, unit) == written


@pytest.mark.django_db
def test_the_chair_of_the_623_conference_reads_once_as_secretary_of_the_committee():
    """Given the 623 conference of Quân khu 2, its chair reads "…, Bí thư Đảng ủy Quân khu
    2", not "…, Bí thư Đảng ủy Quân khu Đảng ủy Quân khu 2"."""
    meeting = Meeting.objects.get(date=datetime.date(2022, 7, 8))
    line = person_line(meeting.chair, meeting.date)
    assert line.endswith(", Bí thư Đảng ủy Quân khu 2"), line

"""The change-log line written on a meeting's minutes when a marked document is presented at
the meeting says what happened: the mark was raised to that of a source, which may be a
document presented at its meeting (it read "raised with the resolution it was drawn from",
true only of the lines a resolution marked higher writes); its note names the document."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tongket.core.history.presenter import present
from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.meetings import services
from tongket.meetings.tests.test_classification_presented import _report
from tongket.meetings.tests.test_classification_presented import (
    conference as conference,
)

pytestmark = pytest.mark.django_db


def test_the_minutes_history_names_the_document_presented_as_the_source(
    users: dict[str, Any], conference: dict[str, Any]
) -> None:
    """Given the conference's minutes drafted, when a secret report is presented at it, then
    the minutes' history shows one line saying the mark follows a document presented at the
    meeting, its note naming that report, and the marks in words, from none to secret."""
    meeting, minutes = conference["meeting"], conference["minutes"]
    secret = _report(meeting, "secret")
    services.meeting_document_add(by=SYSTEM, meeting=meeting, document=secret)
    rows = ChangeLog.objects.filter(action="mark_follow", object_id=str(minutes.pk))
    with translation.override("en"):
        (entry,) = present(rows, record=minutes)
        label = str(entry.label)
        changes = [(str(c.label), c.old, c.new) for c in entry.changes]
    assert "a document presented at its meeting" in label
    assert "resolution it was drawn from" in label
    assert entry.note == str(secret)
    # The marks in words (a document's classification keeps no choices in its table).
    assert changes == [("Classification", "Unclassified", "Secret (Tối mật)")]

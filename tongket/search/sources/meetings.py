"""Sources of meetings, their conclusions and award decisions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tongket.core import classification
from tongket.search.sources.base import Entry, _lines

# Meetings and their conclusions ---------------------------------------------------------


def _meeting_rows() -> QuerySet[Any]:
    from tongket.meetings.models import Meeting

    return Meeting.objects.select_related("host_unit")


def _meeting_build(meeting: Any) -> Entry:
    return Entry(
        title=_lines(meeting.title, meeting.session).replace("\n", " — "),
        body=_lines(meeting.place, meeting.agenda, meeting.guests, meeting.minutes),
        unit=meeting.host_unit,
        date=meeting.date,
        url_name="ui:meeting_detail",
        url_pk=meeting.pk,
        classification=classification.mark_of(meeting),
    )


def _meeting_visible(user: Any) -> QuerySet[Any]:
    from tongket.meetings.selectors import meeting_list

    return meeting_list(user=user)


def _conclusion_rows() -> QuerySet[Any]:
    from tongket.meetings.models import Conclusion

    return Conclusion.objects.select_related("meeting__host_unit")


def _conclusion_build(conclusion: Any) -> Entry:
    meeting = conclusion.meeting
    return Entry(
        title=_("Conclusion %(number)s — %(meeting)s")
        % {"number": conclusion.number, "meeting": meeting.title},
        body=conclusion.text,
        unit=meeting.host_unit,
        date=meeting.date,
        url_name="ui:meeting_detail",
        url_pk=meeting.pk,
        classification=classification.mark_of(conclusion),
    )


def _conclusion_visible(user: Any) -> QuerySet[Any]:
    from tongket.meetings.models import Conclusion
    from tongket.meetings.selectors import meeting_list

    return Conclusion.objects.filter(meeting_id__in=meeting_list(user=user).values("pk"))


# Award decisions ------------------------------------------------------------------------


def _decision_rows() -> QuerySet[Any]:
    from tongket.awards.models import AwardDecision

    return AwardDecision.objects.select_related("issuer", "form", "document")


def _decision_build(decision: Any) -> Entry:
    return Entry(
        title=_lines(decision.reference, decision.form.name).replace("\n", " — "),
        body=_lines(decision.reason),
        unit=decision.issuer,
        date=decision.date,
        url_name="ui:decision_detail",
        url_pk=decision.pk,
        classification=classification.mark_of(decision),
    )


def _decision_visible(user: Any) -> QuerySet[Any]:
    from tongket.awards.selectors import decision_list

    return decision_list(user=user)

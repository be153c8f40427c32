"""Every scoped read of meetings and follow-up tasks.

A meeting reaches the users covering its host unit, a participating unit or a bridge-point
unit, and those who may read its review campaign. A follow-up task reaches the users
covering its assignee unit or the host unit."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import NotFound
from tongket.meetings.choices import TaskStatus
from tongket.meetings.models import FollowUpTask, Meeting, RemoteSite


def meeting_reach_q(user: Any) -> Q:
    if scopes.is_unrestricted(user):
        return Q()
    from tongket.reviews.models import ReviewCampaign
    from tongket.reviews.selectors import campaign_reach_q

    units = Meeting.participant_units.through.objects.filter(
        scopes.scope_q(user, "unit__path")
    ).values("meeting_id")
    sites = RemoteSite.objects.filter(scopes.scope_q(user, "unit__path")).values("meeting_id")
    campaigns = ReviewCampaign.objects.filter(campaign_reach_q(user)).values("pk")
    return (
        scopes.scope_q(user, "host_unit__path")
        | Q(pk__in=units)
        | Q(pk__in=sites)
        | Q(campaign_id__in=campaigns)
    )


def meeting_list(
    *,
    user: Any,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    campaign: Any = None,
    kind: str | None = None,
) -> QuerySet[Meeting]:
    queryset = Meeting.objects.filter(meeting_reach_q(user)).select_related(
        "host_unit", "chair", "campaign"
    )
    if start:
        queryset = queryset.filter(date__gte=start)
    if end:
        queryset = queryset.filter(date__lte=end)
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("-date", "-id")


def meeting_get(*, user: Any, pk: Any) -> Meeting:
    try:
        return meeting_list(user=user).get(pk=int(pk))
    except (Meeting.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Meeting not found.")) from error


def task_list(
    *,
    user: Any,
    unit: Any = None,
    status: str | None = None,
    campaign: Any = None,
    today: datetime.date | None = None,
) -> QuerySet[FollowUpTask]:
    queryset = FollowUpTask.objects.filter(
        scopes.scope_q(user, "assignee__path")
        | scopes.scope_q(user, "conclusion__meeting__host_unit__path")
    ).select_related("assignee", "conclusion", "conclusion__meeting")
    if unit is not None:
        queryset = queryset.filter(assignee__path__startswith=unit.path)
    if campaign is not None:
        queryset = queryset.filter(conclusion__meeting__campaign=campaign)
    today = today or timezone.localdate()
    if status == TaskStatus.OVERDUE:
        queryset = queryset.exclude(status=TaskStatus.DONE).filter(deadline__lt=today)
    elif status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("deadline", "id")


def task_get(*, user: Any, pk: Any) -> FollowUpTask:
    try:
        return task_list(user=user).get(pk=int(pk))
    except (FollowUpTask.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Task not found.")) from error


def calendar(*, user: Any, year: int, month: int) -> dict[str, Any]:
    """The meetings of a month, by day, for a calendar view."""
    import calendar as cal

    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, cal.monthrange(year, month)[1])
    by_day: dict[datetime.date, list[Meeting]] = {}
    for meeting in meeting_list(user=user, start=first, end=last).order_by("date", "id"):
        by_day.setdefault(meeting.date, []).append(meeting)
    weeks = cal.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return {
        "first": first,
        "weeks": [
            [
                {"day": day, "in_month": day.month == month, "meetings": by_day.get(day, [])}
                for day in week
            ]
            for week in weeks
        ],
    }


def conclusion_get(*, user: Any, pk: Any) -> Any:
    """A conclusion of a meeting the user may read."""
    from tongket.meetings.models import Conclusion

    try:
        conclusion = Conclusion.objects.get(pk=int(pk))
    except (Conclusion.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Conclusion not found.")) from error
    conclusion.meeting = meeting_get(user=user, pk=conclusion.meeting_id)
    return conclusion


def tasks_owed(*, user: Any, limit: int = 20) -> list[FollowUpTask]:
    """Follow-up tasks given to the user's units and not done, soonest deadline first (for
    the units' due page)."""
    if scopes.is_unrestricted(user):
        return []
    queryset = (
        FollowUpTask.objects.filter(scopes.scope_q(user, "assignee__path"))
        .exclude(status=TaskStatus.DONE)
        .select_related("assignee", "conclusion__meeting")
        .order_by("deadline", "id")
    )
    return list(queryset[:limit])


def remote_site_get(*, meeting: Meeting, pk: Any) -> RemoteSite:
    """A bridge point of a meeting already read through the scope."""
    try:
        return meeting.remote_sites.select_related("meeting__host_unit").get(pk=int(pk))
    except (RemoteSite.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise NotFound(_("Bridge point not found.")) from error

"""What changed lately in the user's scope: change-log rows and restructuring events."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tongket.core import scopes
from tongket.core.classification import changelog_clearance_q
from tongket.core.models import ChangeLog
from tongket.org.models import RestructuringEvent, Unit


def recent_changes(*, user: Any, limit: int = 15) -> QuerySet[ChangeLog]:
    """The latest change log rows filed under units in the user's scope."""
    return (
        scopes.restrict(ChangeLog.objects.select_related("content_type"), user, "unit_path")
        .exclude(unit_path="")
        .filter(changelog_clearance_q(user))[:limit]
    )


def recent_events(*, user: Any, limit: int = 8) -> QuerySet[RestructuringEvent]:
    visible = scopes.restrict(Unit.objects.all(), user)
    return (
        RestructuringEvent.objects.filter(units__in=visible)
        .distinct()
        .prefetch_related("parts__unit")
        .order_by("-effective_date", "-id")[:limit]
    )

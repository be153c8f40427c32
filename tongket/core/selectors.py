"""Reading the change log through the object it belongs to."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from tongket.core.models import ChangeLog


def changelog_for_object(*, obj: models.Model) -> QuerySet[ChangeLog]:
    """History of one object. The caller has already fetched `obj` through a scoped selector."""
    return ChangeLog.objects.filter(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
    ).select_related("user")


# Beyond this many unread notifications the count is left to the database in one query.
UNREAD_CHECKED_HERE = 200


def notifications_unread_count(*, user: Any) -> int:
    """How many unread notifications `user` may see: those whose linked record is above the
    user's clearance are left out, as `classification.notification_clearance_q` does for the
    list. Every page's top bar asks, so the usual cases are cheap: one indexed query when there
    is nothing unread; for a few unread, only their linked records are checked (the filter
    itself scans every hidden row of every notified kind, tens of ms on a large database)."""
    from tongket.core import classification
    from tongket.core.models import Notification

    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if classification.clearance_level(user) >= classification.TOP:
        return unread.count()
    urls = list(unread.values_list("url", flat=True)[: UNREAD_CHECKED_HERE + 1])
    if len(urls) > UNREAD_CHECKED_HERE:
        return unread.filter(classification.notification_clearance_q(user)).count()
    # A link names a record exactly as the filter reads it: the route's text around the id.
    shapes = classification.notified_links()
    linked: dict[str, tuple[str, int]] = {}
    for url in set(urls):
        for label, before, after in shapes:
            middle = url[len(before) : len(url) - len(after)] if len(url) > len(before) else ""
            if url.startswith(before) and url.endswith(after) and middle.isdigit():
                linked[url] = (label, int(middle))
                break
    wanted: dict[str, set[int]] = defaultdict(set)
    for label, pk in linked.values():
        wanted[label].add(pk)
    hidden: set[tuple[str, int]] = set()
    for label, pks in wanted.items():
        model = apps.get_model(label)
        rows = model._default_manager.filter(pk__in=pks).filter(
            pk__in=classification.hidden_rows(user, model)
        )
        hidden |= {(label, pk) for pk in rows.values_list("pk", flat=True)}
    return sum(1 for url in urls if linked.get(url) not in hidden)

"""Writing the change log. Every service calls `changelog_record` inside its transaction."""

from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from tongket.core import freshness
from tongket.core.models import ChangeLog


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_json_value(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The object's concrete field values as JSON-safe data (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"search_text", "sort_key", "search_key", "path", "password", "version"}:
            continue
        data[field.attname] = _json_value(getattr(obj, field.attname))
    return data


def changelog_record(
    *,
    by: Any,
    action: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    unit_path: str = "",
    note: str = "",
) -> ChangeLog:
    """Append one row to the change log. Call inside the service's transaction."""
    user = by if getattr(by, "pk", None) else None
    entry = ChangeLog(
        user=user,
        username=getattr(by, "username", "") or "system",
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        unit_path=unit_path,
        before=before,
        after=after,
        note=note,
    )
    entry.save(force_insert=True)
    freshness.changed()
    return entry


def notify(*, users: Any, title: str, body: str = "", url: str = "") -> int:
    """Leave an in-app notification for each user (inside the caller's transaction); those
    whose clearance is below the mark of the record `url` opens get none."""
    from tongket.core.classification import mark_of, may_read, record_of_url
    from tongket.core.models import Notification

    mark = mark_of(record_of_url(url)) if url else "none"
    rows = [
        Notification(user=user, title=title[:300], body=body, url=url[:500])
        for user in users
        if getattr(user, "pk", None) and may_read(user, mark)
    ]
    Notification.objects.bulk_create(rows)
    if rows:
        freshness.changed()
    return len(rows)


def notification_read(*, by: Any, notification: Any) -> None:
    """Mark one of the user's own notifications read."""
    from django.utils import timezone

    if notification.user_id != getattr(by, "pk", None):
        from tongket.core.errors import NotFound

        raise NotFound("Not found.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])

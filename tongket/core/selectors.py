"""Reading the change log through the object it belongs to."""

from __future__ import annotations

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

"""Meetings: recording a conference, its bridge points, participants, documents, minutes and
conclusions; follow-up tasks from the conclusions; the minutes and the conclusion notice as
documents.

Callers: tracking officers (and administrators) of the host unit; the assignee unit's people
report on their follow-up tasks.
"""

from tongket.meetings.services.batches import (
    BATCH_FIELDS,
    BATCH_LIMIT,
    batch_units,
    task_batch_add,
    task_batch_expand,
    task_batch_units_add,
    task_batch_units_remove,
    task_batch_update,
)
from tongket.meetings.services.conclusions import conclusion_add, task_add, task_set_status
from tongket.meetings.services.meetings import (
    FIELDS,
    meeting_create,
    meeting_delete,
    meeting_document_add,
    meeting_render,
    meeting_update,
    remote_site_add,
    remote_site_remove,
    require_host,
)

__all__ = [
    "BATCH_FIELDS",
    "BATCH_LIMIT",
    "FIELDS",
    "batch_units",
    "conclusion_add",
    "meeting_create",
    "meeting_delete",
    "meeting_document_add",
    "meeting_render",
    "meeting_update",
    "remote_site_add",
    "remote_site_remove",
    "require_host",
    "task_add",
    "task_batch_add",
    "task_batch_expand",
    "task_batch_units_add",
    "task_batch_units_remove",
    "task_batch_update",
    "task_set_status",
]

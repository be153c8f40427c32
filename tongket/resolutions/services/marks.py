"""A resolution marked higher after documents were drafted or awards decided from it: what
was written from it carries the new mark too (`core.classification.dependents_raise`), each
record raised with a change-log line. Lowering its mark leaves them as they are.

Caller: `records.resolution_update`, inside its transaction, after its own checks."""

from __future__ import annotations

from typing import Any

from tongket.core.classification import LEVELS, dependents_raise
from tongket.core.services import changelog_record
from tongket.resolutions.models import Resolution


def dependents_mark_follow(*, by: Any, resolution: Resolution, before: str | None) -> int:
    """Raise the records derived from `resolution` when its mark went up from `before`;
    returns how many were raised."""
    if LEVELS.get(resolution.classification, 0) <= LEVELS.get(before or "none", 0):
        return 0
    raised = dependents_raise(resolution=resolution)
    for record, mark in raised:
        issuer = getattr(record, "issuer", None)
        changelog_record(
            by=by,
            action="mark_follow",
            obj=record,
            before={"classification": mark},
            after={"classification": resolution.classification},
            unit_path=getattr(record, "unit_path", "") or (issuer.path if issuer else ""),
            note=str(resolution),
        )
    return len(raised)

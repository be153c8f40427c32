"""Files attached to a report (while it can be edited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tongket.core.services import changelog_record
from tongket.core.uploads import DOCUMENTS_AND_IMAGES, check_upload
from tongket.reporting.models import Report, ReportAttachment
from tongket.reporting.services.reports.access import _lock, _require_editable, require_reporter


@transaction.atomic
def report_attachment_add(*, by: Any, report: Report, file: Any) -> ReportAttachment:
    report = _lock(report)
    require_reporter(by, report)
    _require_editable(report)
    content_type = check_upload(file, allowed=DOCUMENTS_AND_IMAGES)
    attachment = ReportAttachment(
        report=report,
        name=file.name[:255],
        content_type=content_type,
        size=file.size,
        uploaded_by=by if getattr(by, "pk", None) else None,
    )
    attachment.file.save(file.name, file, save=False)
    attachment.save()
    changelog_record(
        by=by,
        action="report_attachment_add",
        obj=report,
        after={"file": attachment.name, "size": attachment.size},
        unit_path=report.unit.path,
    )
    return attachment


@transaction.atomic
def report_attachment_remove(*, by: Any, attachment: ReportAttachment) -> None:
    report = _lock(attachment.report)
    require_reporter(by, report)
    _require_editable(report)
    changelog_record(
        by=by,
        action="report_attachment_remove",
        obj=report,
        before={"file": attachment.name},
        unit_path=report.unit.path,
    )
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))

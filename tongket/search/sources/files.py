"""Sources of uploaded files: the entry's text comes from the extraction job."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tongket.core import classification
from tongket.search.sources.base import Entry, _date, _lines
from tongket.search.sources.records import _report_visible, _resolution_visible

# Uploaded files: the entry's text comes from the extraction job -------------------------


def _resolution_file_rows() -> QuerySet[Any]:
    from tongket.resolutions.models import ResolutionAttachment

    return ResolutionAttachment.objects.select_related("resolution__issuing_unit")


def _resolution_file_build(attachment: Any) -> Entry:
    resolution = attachment.resolution
    return Entry(
        title=_lines(attachment.name, attachment.description, resolution.reference).replace(
            "\n", " — "
        ),
        body="",
        unit=resolution.issuing_unit,
        date=_date(attachment.uploaded_at),
        url_name="ui:resolution_detail",
        url_pk=resolution.pk,
        classification=classification.mark_of(attachment),
    )


def _resolution_file_visible(user: Any) -> QuerySet[Any]:
    from tongket.resolutions.models import ResolutionAttachment

    return ResolutionAttachment.objects.filter(
        resolution_id__in=_resolution_visible(user).values("pk")
    )


def _report_file_rows() -> QuerySet[Any]:
    from tongket.reporting.models import ReportAttachment

    return ReportAttachment.objects.select_related("report__form", "report__unit", "report__period")


def _report_file_build(attachment: Any) -> Entry:
    report = attachment.report
    return Entry(
        title=f"{attachment.name} — {report.form.name} — {report.unit.name} — {report.period.code}",
        body="",
        unit=report.unit,
        date=_date(attachment.uploaded_at),
        url_name="ui:report_detail",
        url_pk=report.pk,
        classification=classification.mark_of(report),
    )


def _report_file_visible(user: Any) -> QuerySet[Any]:
    from tongket.reporting.models import ReportAttachment

    return ReportAttachment.objects.filter(report_id__in=_report_visible(user).values("pk"))


def _nomination_file_rows() -> QuerySet[Any]:
    from tongket.awards.models import NominationFile

    return NominationFile.objects.select_related("nomination__proposing_unit")


def _nomination_file_build(file: Any) -> Entry:
    nomination = file.nomination
    return Entry(
        title=f"{file.name} — {nomination}",
        body="",
        unit=nomination.proposing_unit,
        date=_date(file.uploaded_at),
        url_name="ui:nomination_detail",
        url_pk=nomination.pk,
        classification=classification.mark_of(nomination),
    )


def _nomination_file_visible(user: Any) -> QuerySet[Any]:
    from tongket.awards.models import NominationFile
    from tongket.awards.selectors import nomination_list

    return NominationFile.objects.filter(nomination_id__in=nomination_list(user=user).values("pk"))

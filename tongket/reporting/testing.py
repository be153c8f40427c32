"""Objects of a branch for the tests that walk every page and endpoint (see
tongket.core.testing.branches): one finder per first word of a URL name of this app."""

from __future__ import annotations

from typing import Any

from tongket.core.testing.branches import finder, param
from tongket.org.models import Unit, User
from tongket.reporting.models import Period, Report, ReportAttachment, ReportForm


@finder("report")
def _report(root: Unit, user: User) -> Any:
    return (
        Report.objects.filter(unit__path__startswith=root.path)
        .order_by("-period__sort_key")
        .values_list("pk", flat=True)
        .first()
    )


@finder("form", "values")
def _form(root: Unit, user: User) -> Any:
    return (
        ReportForm.objects.filter(owner_unit__path__startswith=root.path)
        .values_list("pk", flat=True)
        .first()
    )


@finder("period")
def _period(root: Unit, user: User) -> Any:
    """Periods are shared by every branch: the walk expects their pages to answer."""
    return Period.objects.values_list("pk", flat=True).first()


@param("attachment_pk")
def _attachment(root: Unit, user: User) -> Any:
    from django.core.files.base import ContentFile

    report = (
        Report.objects.filter(unit__path__startswith=root.path)
        .order_by("-period__sort_key")
        .first()
    )
    attachment = report.attachments.first()
    if attachment is None:
        attachment = ReportAttachment(
            report=report, name="phu-luc.pdf", content_type="application/pdf", size=9
        )
        attachment.file.save("phu-luc.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        attachment.save()
    return attachment.pk

"""Sources of resolutions, periodic reports, unit review reports and documents."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tongket.core import classification, scopes
from tongket.search.sources.base import Entry, _date, _lines

# Resolutions ------------------------------------------------------------------------------


def _resolution_rows() -> QuerySet[Any]:
    from tongket.resolutions.models import Resolution

    return Resolution.objects.select_related("issuing_unit").prefetch_related("items")


def _resolution_build(resolution: Any) -> Entry:
    items = sorted(resolution.items.all(), key=lambda item: (item.number or "", item.pk))
    return Entry(
        title=_lines(resolution.reference, resolution.subject).replace("\n", " — "),
        body=_lines(
            resolution.description,
            *(_lines(item.number, item.title, item.description) for item in items),
        ),
        unit=resolution.issuing_unit,
        date=resolution.issued_on,
        url_name="ui:resolution_detail",
        url_pk=resolution.pk,
        classification=resolution.classification,
    )


def _resolution_visible(user: Any) -> QuerySet[Any]:
    from tongket.resolutions.selectors import resolution_list

    return resolution_list(user=user)


# Periodic reports -----------------------------------------------------------------------


def _report_rows() -> QuerySet[Any]:
    from tongket.reporting.models import Report

    return Report.objects.select_related("form", "unit", "period")


def _report_build(report: Any) -> Entry | None:
    body = _lines(*(text for text in (report.narrative or {}).values() if isinstance(text, str)))
    if not body.strip():
        return None  # only what people wrote is searched, not empty drafts
    return Entry(
        title=f"{report.form.name} — {report.unit.name} — {report.period.code}",
        body=body,
        unit=report.unit,
        date=report.period.end,
        url_name="ui:report_detail",
        url_pk=report.pk,
        classification=classification.mark_of(report),
    )


def _report_visible(user: Any) -> QuerySet[Any]:
    from tongket.reporting.selectors import report_list

    return report_list(user=user)


# Unit review reports ----------------------------------------------------------------------


def _review_report_rows() -> QuerySet[Any]:
    from tongket.reviews.models import UnitReviewReport

    return UnitReviewReport.objects.select_related("campaign", "unit")


def _section_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _lines(*(_section_text(v) for v in value.values()))
    if isinstance(value, list):
        return _lines(*(_section_text(v) for v in value))
    return ""


def _review_report_build(report: Any) -> Entry | None:
    body = _section_text(report.sections)
    if not body.strip():
        return None
    return Entry(
        title=f"{report.campaign.title} — {report.unit.name}",
        body=body,
        unit=report.unit,
        date=_date(report.submitted_at or report.updated_at),
        url_name="ui:review_report_detail",
        url_pk=report.pk,
        classification=classification.mark_of(report),
    )


def _review_report_visible(user: Any) -> QuerySet[Any]:
    from tongket.reviews.selectors import campaign_reach_q, unit_report_list_all

    # unit_report_get opens a report of a campaign the user reaches, as the campaign's list
    # shows it.
    return unit_report_list_all(user=user).filter(campaign_reach_q(user, "campaign__"))


# Documents (dossier, minutes, notices, decisions…): the text of the latest draft -----------


def _document_rows() -> QuerySet[Any]:
    from tongket.documents.models import Document

    return Document.objects.select_related("issuer")


def _block_text(block: Any) -> str:
    if not isinstance(block, dict):
        return ""
    table = block.get("table") or {}
    rows = table.get("rows", []) if isinstance(table, dict) else []
    return _lines(
        block.get("heading"),
        block.get("text"),
        " ".join(str(c) for c in table.get("columns", [])) if isinstance(table, dict) else "",
        *(" ".join("" if v is None else str(v) for v in row) for row in rows),
    )


def _document_build(document: Any) -> Entry:
    version = document.versions.order_by("-number").first()
    content = version.content if version is not None else []
    return Entry(
        title=_lines(str(document), document.subject).replace("\n", " — "),
        body=_lines(*(_block_text(block) for block in content or [])),
        unit=document.issuer,
        date=document.date,
        url_name="ui:document_detail",
        url_pk=document.pk,
        classification=classification.mark_of(document),
    )


def _document_visible(user: Any) -> QuerySet[Any]:
    """`documents.selectors.document_get` as a filter: the issuer in the user's scope, or the
    dossier of a campaign the user reaches; and cleared."""
    from tongket.documents.models import Document
    from tongket.reviews.models import ReviewCampaign
    from tongket.reviews.selectors import campaign_reach_q

    campaigns = ReviewCampaign.objects.filter(campaign_reach_q(user)).values("pk")
    return Document.objects.filter(
        scopes.scope_q(user, "unit_path") | Q(campaign_link__campaign_id__in=campaigns),
        classification.clearance_q(user, Document),
    )


# Indicators (chỉ tiêu): found by their name, unit of measure and definition; opened on their
# resolution's page, seen by whoever may open the resolution -------------------------------


def _indicator_rows() -> QuerySet[Any]:
    from tongket.resolutions.models import Indicator

    return Indicator.objects.select_related("resolution__issuing_unit", "item")


def _indicator_build(indicator: Any) -> Entry:
    resolution = indicator.resolution
    name = _lines(indicator.code, indicator.name).replace("\n", " – ")
    title = f"{name} ({indicator.unit_of_measure})" if indicator.unit_of_measure else name
    item = indicator.item
    return Entry(
        title=title,
        body=_lines(
            indicator.description,
            _lines(item.number, item.title).replace("\n", " ") if item is not None else "",
            _lines(resolution.reference, resolution.subject).replace("\n", " — "),
        ),
        unit=resolution.issuing_unit,
        date=resolution.issued_on,
        url_name="ui:resolution_detail",
        url_pk=resolution.pk,
        classification=resolution.classification,
    )


def _indicator_visible(user: Any) -> QuerySet[Any]:
    from tongket.resolutions.models import Indicator

    return Indicator.objects.filter(
        resolution__in=_resolution_visible(user).order_by().values("pk")
    )

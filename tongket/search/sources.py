"""What is searchable: for each model whose rows are indexed, how a row becomes an entry and
which rows a user may open.

The index sits above the domain apps (it reads them all and none of them knows it). Each
`Source` says, for one model: its entry kind, how to read its rows (`rows`), how one row
becomes the entry's title, text, unit, date and page (`build`), and which rows a user may see
(`visible`). `visible` is the same rule as the record's own page: the app's selectors (unit
scope and clearance) where one answers a list, else the same filters written out here. The
search applies it at query time, so what the index copied (unit path, mark) never decides
alone what a user sees.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from tongket.core import classification, scopes
from tongket.search.choices import EntryKind


@dataclass
class Entry:
    """What `build` reads from a record: the entry's columns before folding."""

    title: str
    body: str
    unit: Any
    date: datetime.date | None
    url_name: str
    url_pk: int
    classification: str = "none"


@dataclass(frozen=True)
class Source:
    label: str
    kind: str
    rows: Callable[[], QuerySet[Any]]
    build: Callable[[Any], Entry | None]
    visible: Callable[[Any], QuerySet[Any]]
    # Files: the entry's text is read from the file by the extraction job, not by `build`.
    is_file: bool = False
    # (model label, function of a row of it → primary keys of this source to index again).
    follows: tuple[tuple[str, Callable[[Any], Iterable[int]]], ...] = field(default=())


def _lines(*parts: Any) -> str:
    return "\n".join(str(part) for part in parts if part not in (None, ""))


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


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


# Meetings and their conclusions ---------------------------------------------------------


def _meeting_rows() -> QuerySet[Any]:
    from tongket.meetings.models import Meeting

    return Meeting.objects.select_related("host_unit")


def _meeting_build(meeting: Any) -> Entry:
    return Entry(
        title=_lines(meeting.title, meeting.session).replace("\n", " — "),
        body=_lines(meeting.place, meeting.agenda, meeting.guests, meeting.minutes),
        unit=meeting.host_unit,
        date=meeting.date,
        url_name="ui:meeting_detail",
        url_pk=meeting.pk,
        classification=classification.mark_of(meeting),
    )


def _meeting_visible(user: Any) -> QuerySet[Any]:
    from tongket.meetings.selectors import meeting_list

    return meeting_list(user=user)


def _conclusion_rows() -> QuerySet[Any]:
    from tongket.meetings.models import Conclusion

    return Conclusion.objects.select_related("meeting__host_unit")


def _conclusion_build(conclusion: Any) -> Entry:
    meeting = conclusion.meeting
    return Entry(
        title=_("Conclusion %(number)s — %(meeting)s")
        % {"number": conclusion.number, "meeting": meeting.title},
        body=conclusion.text,
        unit=meeting.host_unit,
        date=meeting.date,
        url_name="ui:meeting_detail",
        url_pk=meeting.pk,
        classification=classification.mark_of(conclusion),
    )


def _conclusion_visible(user: Any) -> QuerySet[Any]:
    from tongket.meetings.models import Conclusion
    from tongket.meetings.selectors import meeting_list

    return Conclusion.objects.filter(meeting_id__in=meeting_list(user=user).values("pk"))


# Award decisions ------------------------------------------------------------------------


def _decision_rows() -> QuerySet[Any]:
    from tongket.awards.models import AwardDecision

    return AwardDecision.objects.select_related("issuer", "form", "document")


def _decision_build(decision: Any) -> Entry:
    return Entry(
        title=_lines(decision.reference, decision.form.name).replace("\n", " — "),
        body=_lines(decision.reason),
        unit=decision.issuer,
        date=decision.date,
        url_name="ui:decision_detail",
        url_pk=decision.pk,
        classification=classification.mark_of(decision),
    )


def _decision_visible(user: Any) -> QuerySet[Any]:
    from tongket.awards.selectors import decision_list

    return decision_list(user=user)


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


def _one(attribute: str) -> Callable[[Any], list[int]]:
    def pks(row: Any) -> list[int]:
        value = getattr(row, attribute, None)
        return [value] if value else []

    return pks


def _conclusions_of(meeting: Any) -> list[int]:
    return list(meeting.conclusions.values_list("pk", flat=True))


def _files_of_resolution(resolution: Any) -> list[int]:
    return list(resolution.attachments.values_list("pk", flat=True))


def _files_of_nomination(nomination: Any) -> list[int]:
    return list(nomination.files.values_list("pk", flat=True))


def _files_of_nominee(person: Any) -> list[int]:
    from tongket.awards.models import NominationFile

    return list(
        NominationFile.objects.filter(nomination__nominee_person_id=person.pk).values_list(
            "pk", flat=True
        )
    )


def _files_of_nominee_units(unit_ids: list[int]) -> list[int]:
    from tongket.awards.models import NominationFile

    return list(
        NominationFile.objects.filter(nomination__nominee_unit_id__in=unit_ids).values_list(
            "pk", flat=True
        )
    )


SOURCES: dict[str, Source] = {
    source.label: source
    for source in (
        Source(
            "resolutions.resolution",
            EntryKind.RESOLUTION,
            _resolution_rows,
            _resolution_build,
            _resolution_visible,
            follows=(("resolutions.item", _one("resolution_id")),),
        ),
        Source(
            "reporting.report",
            EntryKind.REPORT,
            _report_rows,
            _report_build,
            _report_visible,
        ),
        Source(
            "reviews.unitreviewreport",
            EntryKind.REVIEW_REPORT,
            _review_report_rows,
            _review_report_build,
            _review_report_visible,
        ),
        Source(
            "documents.document",
            EntryKind.DOCUMENT,
            _document_rows,
            _document_build,
            _document_visible,
            follows=(
                ("documents.documentversion", _one("document_id")),
                ("reviews.campaigndocument", _one("document_id")),
            ),
        ),
        Source(
            "meetings.meeting",
            EntryKind.MEETING,
            _meeting_rows,
            _meeting_build,
            _meeting_visible,
        ),
        Source(
            "meetings.conclusion",
            EntryKind.CONCLUSION,
            _conclusion_rows,
            _conclusion_build,
            _conclusion_visible,
            follows=(("meetings.meeting", _conclusions_of),),
        ),
        Source(
            "awards.awarddecision",
            EntryKind.AWARD_DECISION,
            _decision_rows,
            _decision_build,
            _decision_visible,
        ),
        Source(
            "resolutions.resolutionattachment",
            EntryKind.ATTACHMENT,
            _resolution_file_rows,
            _resolution_file_build,
            _resolution_file_visible,
            is_file=True,
            follows=(("resolutions.resolution", _files_of_resolution),),
        ),
        Source(
            "reporting.reportattachment",
            EntryKind.ATTACHMENT,
            _report_file_rows,
            _report_file_build,
            _report_file_visible,
            is_file=True,
        ),
        Source(
            "awards.nominationfile",
            EntryKind.ATTACHMENT,
            _nomination_file_rows,
            _nomination_file_build,
            _nomination_file_visible,
            is_file=True,
            follows=(
                ("awards.nomination", _files_of_nomination),
                ("org.person", _files_of_nominee),
            ),
        ),
    )
}


# Entries copying a unit's name other than those of the unit itself (whose `unit` it is):
# (source label, unit ids → primary keys of the source), read when units are renamed.
UNIT_FOLLOWERS: tuple[tuple[str, Callable[[list[int]], Iterable[int]]], ...] = (
    ("awards.nominationfile", _files_of_nominee_units),
)


def visible_q(user: Any) -> Q:
    """The filter keeping the entries whose record the user may open (nothing to filter for
    an unrestricted user)."""
    if scopes.is_unrestricted(user):
        return Q()
    query = Q(pk__in=[])
    for label, source in SOURCES.items():
        query |= Q(source=label, object_id__in=source.visible(user).order_by().values("pk"))
    # The mark copied into the entry is checked too (the rule of core.classification).
    return query & Q(classification__in=classification.cleared_marks(user))


def label_of(model: type[Model] | Model) -> str:
    return model._meta.label_lower

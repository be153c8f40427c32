"""Every source by its label, with the rows of other models it follows (whose writes index it
again); the entries following a unit's name; the visibility of entries by source."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Model, Q

from tongket.core import classification, scopes
from tongket.search.choices import EntryKind
from tongket.search.sources.base import Source
from tongket.search.sources.files import (
    _nomination_file_build,
    _nomination_file_rows,
    _nomination_file_visible,
    _report_file_build,
    _report_file_rows,
    _report_file_visible,
    _resolution_file_build,
    _resolution_file_rows,
    _resolution_file_visible,
)
from tongket.search.sources.meetings import (
    _conclusion_build,
    _conclusion_rows,
    _conclusion_visible,
    _decision_build,
    _decision_rows,
    _decision_visible,
    _meeting_build,
    _meeting_rows,
    _meeting_visible,
)
from tongket.search.sources.records import (
    _document_build,
    _document_rows,
    _document_visible,
    _indicator_build,
    _indicator_rows,
    _indicator_visible,
    _report_build,
    _report_rows,
    _report_visible,
    _resolution_build,
    _resolution_rows,
    _resolution_visible,
    _review_report_build,
    _review_report_rows,
    _review_report_visible,
)


def _one(attribute: str) -> Callable[[Any], list[int]]:
    def pks(row: Any) -> list[int]:
        value = getattr(row, attribute, None)
        return [value] if value else []

    return pks


def _conclusions_of(meeting: Any) -> list[int]:
    return list(meeting.conclusions.values_list("pk", flat=True))


def _files_of_resolution(resolution: Any) -> list[int]:
    return list(resolution.attachments.values_list("pk", flat=True))


def _indicators_of(resolution: Any) -> list[int]:
    return list(resolution.indicators.values_list("pk", flat=True))


def _indicators_of_item(item: Any) -> list[int]:
    return list(item.indicators.values_list("pk", flat=True))


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
            "resolutions.indicator",
            EntryKind.INDICATOR,
            _indicator_rows,
            _indicator_build,
            _indicator_visible,
            follows=(
                ("resolutions.resolution", _indicators_of),
                ("resolutions.item", _indicators_of_item),
            ),
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

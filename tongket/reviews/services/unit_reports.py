"""Units' review reports: pre-filled with each unit's figures and narratives over the span,
edited by the unit's reporters, submitted, returned or accepted by the standing agency."""

from __future__ import annotations

import itertools
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.classification import mark_of, reader_at
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record, notify
from tongket.org import policy
from tongket.org.policy import Action
from tongket.org.services.units import check_version
from tongket.reviews import selectors
from tongket.reviews.choices import SectionSource, UnitReportState
from tongket.reviews.models import UnitReviewReport
from tongket.reviews.services.guards import require_open, require_runner, span_period

NARRATIVE_SOURCES = {
    SectionSource.RESULTS: "results",
    SectionSource.SHORTCOMINGS: "shortcomings",
    SectionSource.CAUSES: "causes",
    SectionSource.PROPOSALS: "proposals",
}


def prefill(report: UnitReviewReport) -> UnitReviewReport:
    """Fill each section of the outline with what the system knows of the unit over the
    span: the indicators' figures, the reporting record, the narratives of its periodic
    reports. Called when the unit joins the campaign; the unit edits from there."""
    campaign = report.campaign
    period = span_period(campaign)
    # Read as a reader of the unit report itself: nothing marked above it is quoted in it.
    reader = reader_at(mark_of(report))
    narratives = selectors.narratives(user=reader, campaign=campaign, unit=report.unit)
    sections: dict[str, str] = {}
    figures: dict[str, Any] = {}
    for section in campaign.outline.all():
        if section.source == SectionSource.FIGURES:
            table = selectors.figures_table(
                user=scopes.SYSTEM, campaign=campaign, unit=report.unit, period=period
            )
            figures[section.key] = table
            sections[section.key] = (
                f"Kết quả thực hiện các chỉ tiêu của {report.unit.name} giai đoạn "
                f"{campaign.span_text} (số liệu từ báo cáo định kỳ, xem biểu)."
            )
        elif section.source == SectionSource.REPORTING:
            sections[section.key] = selectors.reporting_summary(
                user=reader, campaign=campaign, unit=report.unit
            )["text"]
        elif section.source in NARRATIVE_SOURCES:
            sections[section.key] = narratives.get(NARRATIVE_SOURCES[section.source], "")
        else:
            sections[section.key] = ""
    report.sections = sections
    report.figures = figures
    report.save(update_fields=["sections", "figures", "updated_at"])
    return report


def _locked(report: UnitReviewReport) -> UnitReviewReport:
    return (
        UnitReviewReport.objects.select_for_update()
        .select_related("campaign", "unit")
        .get(pk=report.pk)
    )


def _require_filler(by: Any, report: UnitReviewReport) -> None:
    scopes.require_role(
        by,
        report.unit,
        policy.roles(Action.FILL_REVIEW_REPORTS),
        _("write the unit's review report"),
    )


@transaction.atomic
def unit_report_save(
    *, by: Any, report: UnitReviewReport, sections: dict[str, str], version: int | None = None
) -> UnitReviewReport:
    report = (
        UnitReviewReport.objects.select_for_update()
        .select_related("campaign", "unit")
        .get(pk=report.pk)
    )
    _require_filler(by, report)
    require_open(report.campaign)
    check_version(report, version)
    if report.state not in (UnitReportState.DRAFT, UnitReportState.RETURNED):
        raise DomainError(
            _("The report is %(state)s: it can no longer change.")
            % {"state": UnitReportState(report.state).label.lower()}
        )
    keys = set(report.campaign.outline.values_list("key", flat=True))
    unknown = set(sections) - keys
    if unknown:
        raise DomainError(
            _("Unknown sections: %(keys)s") % {"keys": ", ".join(sorted(unknown))}, field="sections"
        )
    before = dict(report.sections)
    report.sections = {**report.sections, **{k: (v or "").strip() for k, v in sections.items()}}
    report.version += 1
    report.updated_by = by if getattr(by, "pk", None) else None
    report.save()
    changelog_record(
        by=by,
        action="unit_review_save",
        obj=report,
        before={"sections": before},
        after={"sections": report.sections},
        unit_path=report.unit.path,
    )
    return report


@transaction.atomic
def unit_report_submit(*, by: Any, report: UnitReviewReport) -> UnitReviewReport:
    report = (
        UnitReviewReport.objects.select_for_update()
        .select_related("campaign", "unit")
        .get(pk=report.pk)
    )
    _require_filler(by, report)
    require_open(report.campaign)
    if report.state not in (UnitReportState.DRAFT, UnitReportState.RETURNED):
        raise DomainError(_("Only a draft or returned report can be submitted."))
    outline = list(report.campaign.outline.order_by("order", "id"))
    # A heading with sections below it (Đánh giá chung → ưu điểm, hạn chế…) needs no text.
    containers = {
        section.key
        for section, following in itertools.pairwise(outline)
        if following.level > section.level
    }
    empty = [
        section.title
        for section in outline
        if section.level > 0
        and section.key not in containers
        and not (report.sections.get(section.key) or "").strip()
        and section.key not in report.figures
    ]
    if empty:
        raise DomainError(
            _("Write these sections first: %(sections)s.") % {"sections": "; ".join(empty)},
            field="sections",
        )
    report.state = UnitReportState.SUBMITTED
    report.submitted_at = timezone.now()
    report.version += 1
    report.save()
    changelog_record(
        by=by,
        action="unit_review_submit",
        obj=report,
        after={"state": report.state},
        unit_path=report.unit.path,
    )
    return report


@transaction.atomic
def unit_report_return(*, by: Any, report: UnitReviewReport, reason: str) -> UnitReviewReport:
    from tongket.org.models import User

    report = _locked(report)
    require_runner(by, report.campaign, _("return unit reports"))
    if report.state != UnitReportState.SUBMITTED:
        raise DomainError(_("Only a submitted report can be returned."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the report is returned."), field="reason")
    report.state = UnitReportState.RETURNED
    report.return_reason = reason
    report.version += 1
    report.save()
    changelog_record(
        by=by,
        action="unit_review_return",
        obj=report,
        after={"state": report.state},
        note=reason,
        unit_path=report.unit.path,
    )
    notify(
        users=User.objects.filter(
            grants__role__in=policy.roles(Action.FILL_REVIEW_REPORTS),
            grants__unit_id__in=report.unit.ancestor_ids,
        ).distinct(),
        title=_("Review report returned: %(report)s") % {"report": str(report)},
        body=reason,
    )
    return report


@transaction.atomic
def unit_report_accept(*, by: Any, report: UnitReviewReport) -> UnitReviewReport:
    report = _locked(report)
    require_runner(by, report.campaign, _("accept unit reports"))
    if report.state != UnitReportState.SUBMITTED:
        raise DomainError(_("Only a submitted report can be accepted."))
    report.state = UnitReportState.ACCEPTED
    report.accepted_at = timezone.now()
    report.version += 1
    report.save()
    changelog_record(
        by=by,
        action="unit_review_accept",
        obj=report,
        after={"state": report.state},
        unit_path=report.unit.path,
    )
    return report


@transaction.atomic
def unit_report_refresh(*, by: Any, report: UnitReviewReport) -> UnitReviewReport:
    """Pre-fill again from the latest data (only sections the unit left empty change; the
    figures tables are always refreshed)."""
    _require_filler(by, report)
    if report.state not in (UnitReportState.DRAFT, UnitReportState.RETURNED):
        raise DomainError(_("Only a draft or returned report can be refreshed."))
    kept = dict(report.sections)
    prefill(report)
    report.sections = {key: kept.get(key) or text for key, text in report.sections.items()}
    report.version += 1
    report.save()
    changelog_record(by=by, action="unit_review_refresh", obj=report, unit_path=report.unit.path)
    return report

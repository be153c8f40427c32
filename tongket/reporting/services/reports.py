"""Filling and moving periodic reports: draft → submitted → returned → submitted → approved.

Callers: the unit's reporters fill and submit; an approver of the unit directly above
returns, approves and reopens. Every state change keeps the roll-ups fresh in the same
transaction, writes the change log and notifies the people concerned.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.numbers import format_number
from tongket.core.services import changelog_record, notify, snapshot
from tongket.core.uploads import DOCUMENTS_AND_IMAGES, check_upload
from tongket.org import policy
from tongket.org.models import User
from tongket.org.policy import Action
from tongket.org.services.units import check_version
from tongket.reporting.choices import Basis, ReportState
from tongket.reporting.models import DataValue, Period, Report, ReportAttachment
from tongket.reporting.services import rollups
from tongket.resolutions.choices import MeasureKind, UnitAggregation
from tongket.resolutions.models import Indicator
from tongket.resolutions.services.indicators import check_value

Z_LIMIT = Decimal("3.5")


@dataclass
class Entry:
    """What a person typed for one indicator: the value (or numerator and denominator)."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    comment: str | None = None


# --- Permissions --------------------------------------------------------------------------


def require_reporter(by: Any, report: Report) -> None:
    scopes.require_role(by, report.unit, policy.roles(Action.FILL_REPORTS), _("fill reports"))


def require_approver(by: Any, report: Report) -> None:
    """An approver of the unit directly above (whose grant covers the parent unit)."""
    scopes.require_visible(by, report.unit)
    parent = report.unit.parent
    target = parent or report.unit
    if not scopes.covers(by, target, policy.roles(Action.APPROVE_REPORTS)):
        raise PermissionDenied(
            _("Only an approver of the unit directly above %(unit)s may do this.")
            % {"unit": report.unit.name}
        )


def can_fill(user: Any, report: Report) -> bool:
    return scopes.covers(user, report.unit, policy.roles(Action.FILL_REPORTS))


def can_approve(user: Any, report: Report) -> bool:
    parent = report.unit.parent
    return scopes.covers(user, parent or report.unit, policy.roles(Action.APPROVE_REPORTS))


def _moment(by: Any, when: Any) -> Any:
    """The time of an act: now, or a past time given by the system actor alone (loading
    historical records and the demo)."""
    if when is None:
        return timezone.now()
    if not isinstance(by, scopes.SystemActor):
        raise PermissionDenied(_("Only the system may record an act at another time."))
    return when


def _lock(report: Report) -> Report:
    return (
        Report.objects.select_for_update()
        .select_related("unit", "period", "form")
        .get(pk=report.pk)
    )


def _require_editable(report: Report) -> None:
    if not report.period.is_open:
        raise DomainError(
            _("The period %(code)s is closed: its reports can no longer change.")
            % {"code": report.period.code}
        )
    if report.state not in (ReportState.DRAFT, ReportState.RETURNED):
        raise DomainError(
            _("The report is %(state)s: it is locked until it is returned or reopened.")
            % {"state": ReportState(report.state).label.lower()},
            code="locked",
        )


# --- Values -------------------------------------------------------------------------------


def clean_entry(indicator: Indicator, entry: Entry, *, label: str = "") -> Entry:
    """Check one entry against its indicator; the value of a ratio is computed from its
    numerator and denominator. DomainError naming the field otherwise."""
    where = f"{label}: " if label else ""
    if indicator.measure_kind == MeasureKind.RATIO:
        if entry.numerator is None and entry.denominator is None:
            if entry.value is not None:
                raise DomainError(
                    where + _("Enter the numerator and the denominator, not a percentage."),
                    field="numerator",
                )
            return Entry(comment=entry.comment)
        if entry.numerator is None or entry.denominator is None:
            raise DomainError(
                where + _("Enter both the numerator and the denominator."), field="denominator"
            )
        if entry.denominator <= 0:
            raise DomainError(
                where + _("The denominator must be greater than zero."), field="denominator"
            )
        if entry.numerator < 0:
            raise DomainError(where + _("The numerator cannot be negative."), field="numerator")
        if entry.numerator > entry.denominator and (
            indicator.max_value is None or indicator.max_value <= 100
        ):
            raise DomainError(
                where
                + _("The numerator (%(num)s) is above the denominator (%(den)s).")
                % {"num": entry.numerator, "den": entry.denominator},
                field="numerator",
            )
        value = (entry.numerator / entry.denominator * 100).quantize(Decimal("0.0001"))
        check_value(indicator, value, field="numerator", label=label)
        return Entry(value, entry.numerator, entry.denominator, entry.comment)
    if indicator.unit_aggregation == UnitAggregation.WEIGHTED_AVERAGE:
        if entry.value is not None and (entry.denominator is None or entry.denominator <= 0):
            raise DomainError(
                where + _("Enter the weight (greater than zero) beside the value."),
                field="denominator",
            )
        check_value(indicator, entry.value, label=label)
        return Entry(entry.value, None, entry.denominator, entry.comment)
    check_value(indicator, entry.value, label=label)
    return Entry(entry.value, None, None, entry.comment)


def modified_z(value: Decimal, history: list[Decimal]) -> Decimal | None:
    """Iglewicz–Hoaglin modified z-score of `value` against the unit's history (None with
    fewer than four earlier values, or when they do not vary)."""
    if len(history) < 4:
        return None
    median = statistics.median(history)
    deviations = [abs(x - median) for x in history]
    mad = statistics.median(deviations)
    if mad == 0:
        mean_dev = sum(deviations, Decimal(0)) / len(deviations)
        if mean_dev == 0:
            return None
        return (value - median) / (Decimal("1.253314") * mean_dev)
    return Decimal("0.6745") * (value - median) / mad


def history_of(report: Report, indicator_ids: list[int]) -> dict[int, list[Decimal]]:
    """Earlier values of the unit for these indicators, in periods of the same type, as
    received (submitted or approved: drafts and returned figures are no history yet), the
    latest first, at most 12 each.

    Read in three small indexed steps (earlier periods, the unit's received reports of those
    periods, their values by report), so the cost does not grow with the values of other
    units: one join over the whole value table let SQLite pick a full scan at 8 million
    values."""
    order = dict(
        Period.objects.filter(type=report.period.type, sort_key__lt=report.period.sort_key)
        .order_by()
        .values_list("pk", "sort_key")
    )
    received = dict(
        Report.objects.filter(
            unit_id=report.unit_id,
            period_id__in=list(order),
            state__in=(ReportState.SUBMITTED, ReportState.APPROVED),
        )
        .order_by()
        .values_list("pk", "period_id")
    )
    rows = sorted(
        DataValue.objects.filter(
            report_id__in=list(received), indicator_id__in=indicator_ids, value__isnull=False
        ).values_list("report_id", "indicator_id", "value"),
        key=lambda row: order[received[row[0]]],
        reverse=True,
    )
    history: dict[int, list[Decimal]] = {}
    for _report_id, indicator_id, value in rows:
        history.setdefault(indicator_id, [])
        if len(history[indicator_id]) < 12:
            history[indicator_id].append(value)
    return history


def warnings_for(report: Report, values: list[DataValue]) -> dict[int, str]:
    """indicator id → a warning for values far outside the unit's history."""
    history = history_of(report, [v.indicator_id for v in values if v.value is not None])
    found: dict[int, str] = {}
    for value in values:
        if value.value is None:
            continue
        score = modified_z(value.value, history.get(value.indicator_id, []))
        if score is not None and abs(score) > Z_LIMIT:
            found[value.indicator_id] = _(
                "This value is far from the unit's earlier values (modified z-score %(z)s): "
                "check it, and explain it in a comment."
            ) % {"z": format_number(score, 1)}
    return found


_VALUE_FIELDS = ["value", "numerator", "denominator", "comment"]


def _raw(value: DataValue) -> tuple[Any, ...]:
    """A stored figure as numbers (21.5 and 21.5000 are one figure) and its comment."""
    return (
        *(
            None if x is None else Decimal(x).normalize()
            for x in (value.value, value.numerator, value.denominator)
        ),
        (value.comment or "").strip(),
    )


def _store(
    report: Report, indicator: Indicator, entry: Entry, by: Any
) -> tuple[DataValue | None, Any, bool]:
    """Write one cleaned entry (inside the caller's transaction); returns the row, what it
    was before (None when new) and whether anything was written."""
    existing = DataValue.objects.filter(report=report, indicator=indicator).first()
    before = snapshot(existing, _VALUE_FIELDS) if existing else None
    was = _raw(existing) if existing else None
    if existing is None:
        if entry.value is None and not entry.comment:
            return None, None, False
        existing = DataValue(
            report=report, indicator=indicator, unit_id=report.unit_id, period_id=report.period_id
        )
    existing.value, existing.numerator, existing.denominator = (
        entry.value,
        entry.numerator,
        entry.denominator,
    )
    if entry.comment is not None:
        existing.comment = entry.comment.strip()
    if existing.pk is not None and _raw(existing) == was:
        return existing, before, False  # the same figure typed again: nothing to write
    rollups.met_flags(
        values=[existing],
        period=report.period,
        unit_id=report.unit_id,
        indicators={indicator.pk: indicator},
    )
    existing.save()
    return existing, before, True


@transaction.atomic
def value_save(
    *,
    by: Any,
    report: Report,
    indicator: Indicator,
    entry: Entry,
    base: Entry | None = None,
) -> tuple[DataValue | None, str | None, Report]:
    """Autosave of one cell. `base` is what the page showed before the edit: when someone
    else has changed the cell since, the save is refused with a conflict (nothing is lost:
    the message names the value now stored). Returns the stored value, a warning for a
    value far outside the unit's history, and the report (with its new version)."""
    report = _lock(report)
    require_reporter(by, report)
    _require_editable(report)
    if not report.form.form_indicators.filter(indicator=indicator).exists():
        raise NotFound(_("Indicator not found."))
    current = DataValue.objects.filter(report=report, indicator=indicator).first()
    if base is not None:
        now = (
            (current.value, current.numerator, current.denominator)
            if current
            else (None, None, None)
        )
        then = (base.value, base.numerator, base.denominator)
        if tuple(None if x is None else Decimal(x) for x in now) != tuple(
            None if x is None else Decimal(x) for x in then
        ):
            raise DomainError(
                _(
                    "Someone else changed %(code)s meanwhile (now %(value)s). Your entry was "
                    "not saved: reload the report and enter it again if it is still right."
                )
                % {"code": indicator.code, "value": now[0] if now[0] is not None else "—"},
                field="value",
                code="conflict",
            )
    cleaned = clean_entry(indicator, entry, label=indicator.code)
    stored, before, written = _store(report, indicator, cleaned, by)
    if not written:
        # Nothing changed (a cell left as it was, or emptied while empty): no new version,
        # no line in the history.
        warning = warnings_for(report, [stored]).get(indicator.pk) if stored else None
        return stored, warning, report
    report.version += 1
    report.save(update_fields=["version", "updated_at"])
    changelog_record(
        by=by,
        action="value_save",
        obj=report,
        before=before,
        after={
            "indicator": indicator.code,
            **(
                snapshot(stored, ["value", "numerator", "denominator", "comment"]) if stored else {}
            ),
        },
        unit_path=report.unit.path,
    )
    warning = warnings_for(report, [stored]).get(indicator.pk) if stored else None
    return stored, warning, report


@transaction.atomic
def report_save(
    *,
    by: Any,
    report: Report,
    entries: dict[int, Entry] | None = None,
    narrative: dict[str, str] | None = None,
    version: int | None = None,
) -> Report:
    """Save a whole draft (values and narrative) at once. `version` is the report's version
    when the page was loaded: a report saved by someone else since is refused, nothing lost."""
    report = _lock(report)
    require_reporter(by, report)
    _require_editable(report)
    check_version(report, version)
    indicators = {
        link.indicator_id: link.indicator
        for link in report.form.form_indicators.select_related("indicator")
    }
    errors: dict[str, list[str]] = {}
    cleaned: dict[int, Entry] = {}
    for indicator_id, entry in (entries or {}).items():
        indicator = indicators.get(int(indicator_id))
        if indicator is None:
            raise NotFound(_("Indicator not found."))
        try:
            cleaned[indicator.pk] = clean_entry(indicator, entry, label=indicator.code)
        except DomainError as error:
            errors.setdefault(f"value_{indicator.pk}", []).extend(error.messages)
    if errors:
        raise DomainError(errors)  # type: ignore[arg-type]
    for indicator_id, entry in cleaned.items():
        _store(report, indicators[indicator_id], entry, by)
    before_text = dict(report.narrative)
    if narrative is not None:
        keys = set(report.form.sections.values_list("key", flat=True))
        unknown = set(narrative) - keys
        if unknown:
            raise DomainError(
                _("Unknown report sections: %(keys)s") % {"keys": ", ".join(sorted(unknown))}
            )
        report.narrative = {
            **report.narrative,
            **{k: (v or "").strip() for k, v in narrative.items()},
        }
    report.version += 1
    report.save(update_fields=["narrative", "version", "updated_at"])
    changelog_record(
        by=by,
        action="report_save",
        obj=report,
        before={"narrative": before_text},
        after={"values": len(cleaned), "narrative": report.narrative},
        unit_path=report.unit.path,
    )
    return report


@transaction.atomic
def narrative_save(
    *, by: Any, report: Report, key: str, text: str, base: str | None = None
) -> Report:
    """Autosave of one narrative section. `base` is the text the page showed: when someone
    else changed the section since, the save is refused (nothing lost: the page keeps the
    typed text and shows the conflict)."""
    report = _lock(report)
    require_reporter(by, report)
    _require_editable(report)
    if not report.form.sections.filter(key=key).exists():
        raise NotFound(_("No such section."))
    current = (report.narrative or {}).get(key, "")
    if base is not None and current.strip() != (base or "").strip():
        raise DomainError(
            _(
                "Someone else changed this section meanwhile. Copy your text, reload the "
                "report and merge the two."
            ),
            field="text",
            code="conflict",
        )
    if (text or "").strip() == current:
        return report  # an autosave of what is stored already: nothing to write or log
    report.narrative = {**(report.narrative or {}), key: (text or "").strip()}
    report.version += 1
    report.save(update_fields=["narrative", "version", "updated_at"])
    changelog_record(
        by=by,
        action="report_narrative",
        obj=report,
        before={key: current},
        after={key: report.narrative[key]},
        unit_path=report.unit.path,
    )
    return report


def submission_problems(report: Report) -> dict[str, list[str]]:
    """What stops a submission: required values missing, warned values without a comment,
    broken validation rules (high importance; the others while the value has no comment)."""
    problems: dict[str, list[str]] = {}
    links = list(report.form.form_indicators.select_related("indicator"))
    values = {v.indicator_id: v for v in report.values.all()}
    for link in links:
        stored = values.get(link.indicator_id)
        if link.required and (stored is None or stored.value is None):
            problems.setdefault(f"value_{link.indicator_id}", []).append(
                _("%(code)s: enter a value.") % {"code": link.indicator.code}
            )
    for indicator_id, warning in warnings_for(report, list(values.values())).items():
        if not values[indicator_id].comment:
            code = next(k.indicator.code for k in links if k.indicator_id == indicator_id)
            problems.setdefault(f"value_{indicator_id}", []).append(f"{code}: {warning}")
    # The validation rules people define over the form's indicators (analysis app).
    from tongket.analysis.validation import rule_problems

    for field, messages in rule_problems(report=report, values=values).items():
        problems.setdefault(field, []).extend(messages)
    return problems


def _people(unit: Any, roles: tuple[str, ...]) -> list[User]:
    """Users holding `roles` on the unit or above it."""
    return list(
        User.objects.filter(
            is_active=True, grants__role__in=roles, grants__unit_id__in=unit.ancestor_ids
        ).distinct()
    )


def _report_url(report: Report) -> str:
    try:
        return reverse("ui:report_detail", args=[report.pk])
    except Exception:
        return ""


@transaction.atomic
def report_submit(
    *, by: Any, report: Report, version: int | None = None, when: Any = None
) -> Report:
    """Send the report up. Blocked by missing required values and by warned values without a
    comment. The values count in the roll-ups (all submitted data) at once."""
    report = _lock(report)
    require_reporter(by, report)
    _require_editable(report)
    check_version(report, version)
    problems = submission_problems(report)
    if problems:
        raise DomainError(problems)  # type: ignore[arg-type]
    before = snapshot(report, ["state", "submitted_at"])
    now = _moment(by, when)
    report.state = ReportState.SUBMITTED
    report.submitted_at = now
    report.submitted_by = by if getattr(by, "pk", None) else None
    if report.first_submitted_at is None:
        report.first_submitted_at = now
    report.version += 1
    report.save()
    rollups.apply_report(report=report, basis=Basis.SUBMITTED, sign=+1)
    changelog_record(
        by=by,
        action="report_submit",
        obj=report,
        before=before,
        after=snapshot(report, ["state", "submitted_at"]),
        unit_path=report.unit.path,
    )
    if report.unit.parent_id:
        notify(
            users=_people(report.unit.parent, policy.roles(Action.APPROVE_REPORTS)),
            title=_("Report to approve: %(report)s") % {"report": str(report)},
            url=_report_url(report),
        )
    return report


@transaction.atomic
def report_return(
    *, by: Any, report: Report, reason: str, version: int | None = None, when: Any = None
) -> Report:
    """Send a submitted report back to the unit with a reason; it stops counting."""
    report = _lock(report)
    require_approver(by, report)
    check_version(report, version)
    if report.state != ReportState.SUBMITTED:
        raise DomainError(_("Only a submitted report can be returned."), code="state")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the report is returned."), field="reason")
    before = snapshot(report, ["state", "return_reason"])
    report.state = ReportState.RETURNED
    report.return_reason = reason
    report.returned_at = _moment(by, when)
    report.version += 1
    report.save()
    rollups.apply_report(report=report, basis=Basis.SUBMITTED, sign=-1)
    changelog_record(
        by=by,
        action="report_return",
        obj=report,
        before=before,
        after=snapshot(report, ["state", "return_reason"]),
        unit_path=report.unit.path,
        note=reason,
    )
    notify(
        users=_people(report.unit, policy.roles(Action.FILL_REPORTS)),
        title=_("Report returned: %(report)s") % {"report": str(report)},
        body=reason,
        url=_report_url(report),
    )
    return report


@transaction.atomic
def report_approve(
    *, by: Any, report: Report, version: int | None = None, when: Any = None
) -> Report:
    """Accept a submitted report; it is locked and counts as approved data."""
    report = _lock(report)
    require_approver(by, report)
    check_version(report, version)
    if report.state != ReportState.SUBMITTED:
        raise DomainError(_("Only a submitted report can be approved."), code="state")
    before = snapshot(report, ["state"])
    report.state = ReportState.APPROVED
    report.approved_at = _moment(by, when)
    report.approved_by = by if getattr(by, "pk", None) else None
    report.version += 1
    report.save()
    rollups.apply_report(report=report, basis=Basis.APPROVED, sign=+1)
    changelog_record(
        by=by,
        action="report_approve",
        obj=report,
        before=before,
        after=snapshot(report, ["state", "approved_at"]),
        unit_path=report.unit.path,
    )
    notify(
        users=_people(report.unit, policy.roles(Action.FILL_REPORTS)),
        title=_("Report approved: %(report)s") % {"report": str(report)},
        url=_report_url(report),
    )
    return report


@transaction.atomic
def report_reopen(*, by: Any, report: Report, reason: str, version: int | None = None) -> Report:
    """Unlock an approved report for correction (an explicit, logged act): it goes back to
    the unit as returned and stops counting until submitted and approved again."""
    report = _lock(report)
    require_approver(by, report)
    check_version(report, version)
    if report.state != ReportState.APPROVED:
        raise DomainError(_("Only an approved report can be reopened."), code="state")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the report is reopened."), field="reason")
    before = snapshot(report, ["state"])
    rollups.apply_report(report=report, basis=Basis.APPROVED, sign=-1)
    rollups.apply_report(report=report, basis=Basis.SUBMITTED, sign=-1)
    report.state = ReportState.RETURNED
    report.return_reason = reason
    report.returned_at = timezone.now()
    report.approved_at = None
    report.approved_by = None
    report.version += 1
    report.save()
    changelog_record(
        by=by,
        action="report_reopen",
        obj=report,
        before=before,
        after=snapshot(report, ["state", "return_reason"]),
        unit_path=report.unit.path,
        note=reason,
    )
    notify(
        users=_people(report.unit, policy.roles(Action.FILL_REPORTS)),
        title=_("Report reopened for correction: %(report)s") % {"report": str(report)},
        body=reason,
        url=_report_url(report),
    )
    return report


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

"""Filling a report: one cell at a time (autosave), the whole draft at once, one narrative
section.

Callers: the unit's reporters, while the report is a draft or returned and its period open.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError, NotFound
from tongket.core.services import changelog_record, snapshot
from tongket.org.services.units import check_version
from tongket.reporting.models import DataValue, Report
from tongket.reporting.services import rollups
from tongket.reporting.services.reports.access import _lock, _require_editable, require_reporter
from tongket.reporting.services.reports.checks import Entry, clean_entry, warnings_for
from tongket.reporting.services.values import value_row, values_upsert
from tongket.resolutions.models import Indicator

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


def _apply(
    existing: DataValue | None, report: Report, indicator: Indicator, entry: Entry
) -> tuple[DataValue | None, Any, bool]:
    """The row a cleaned entry makes of the stored one (nothing written): the row (None when
    there is nothing to store), what it was before (None when new) and whether it changed."""
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
    return existing, before, True


def _store(
    report: Report, indicator: Indicator, entry: Entry, by: Any
) -> tuple[DataValue | None, Any, bool]:
    """Write one cleaned entry (inside the caller's transaction); returns the row, what it
    was before (None when new) and whether anything was written."""
    existing = DataValue.objects.filter(report=report, indicator=indicator).first()
    row, before, changed = _apply(existing, report, indicator, entry)
    if row is None or not changed:
        return row, before, False
    rollups.met_flags(
        values=[row],
        period=report.period,
        unit_id=report.unit_id,
        indicators={indicator.pk: indicator},
    )
    row.save()
    return row, before, True


def _store_many(report: Report, indicators: dict[int, Indicator], entries: dict[int, Entry]) -> int:
    """Write many cleaned entries (inside the caller's transaction) in three statements
    whatever their number: the stored values read at once, the unit's targets read once for
    the `met` flags, the changed rows written in one upsert. Returns the rows written."""
    if not entries:
        return 0
    stored = {
        value.indicator_id: value
        for value in DataValue.objects.filter(report=report, indicator_id__in=list(entries))
    }
    changed: list[DataValue] = []
    for indicator_id, entry in entries.items():
        row, _before, wrote = _apply(
            stored.get(indicator_id), report, indicators[indicator_id], entry
        )
        if row is not None and wrote:
            changed.append(row)
    if changed:
        rollups.met_flags(
            values=changed, period=report.period, unit_id=report.unit_id, indicators=indicators
        )
        now = timezone.now()
        values_upsert([value_row(value, now) for value in changed])
    return len(changed)


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
    _store_many(report, indicators, cleaned)
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

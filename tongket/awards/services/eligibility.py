"""What the system checks before a nomination is submitted or approved: the deciding body's
authority, the kind of nominee, the quota, repeats and duplicates, the nominee's position,
and the form's criteria against the nominee's results on the resolution reviewed; and the
achievement summary pre-filled from those results.

Reads only: the nomination services call them before writing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.awards.choices import CheckLevel, NominationState, NomineeKind
from tongket.awards.models import Nomination
from tongket.awards.services.catalogue import authority_may_give, higher_authority, quota_use
from tongket.core import scopes
from tongket.org.models import Position


@dataclass
class Check:
    """One check shown before submission: its name, level and message."""

    code: str
    level: str
    message: str


def nominee_results(nomination: Nomination) -> dict[str, Any] | None:
    """The nominee's results on the resolution reviewed (share of indicators met or exceeded,
    share of periodic reports received), when the nomination is tied to one."""
    from tongket.reporting import selectors as reporting
    from tongket.reporting.choices import Status
    from tongket.reporting.services.periods import period_find

    resolution = nomination.resolution or (
        nomination.campaign.resolution if nomination.campaign_id else None
    )
    unit = nomination.nominee_unit
    if resolution is None or unit is None:
        return None
    if nomination.campaign_id:
        span = (nomination.campaign.span_from, nomination.campaign.span_to)
    elif not resolution.horizon_known:
        return None
    else:
        span = (resolution.horizon_from, min(resolution.last_target_year, nomination.year))
    period = (
        period_find(code=f"{span[0]}-{span[1]}")
        if span[1] > span[0]
        else period_find(code=str(span[0]))
    )
    rows = reporting.figures(
        user=scopes.SYSTEM,
        unit=unit,
        period=period,
        indicators=reporting.resolution_indicators(user=scopes.SYSTEM, resolution=resolution),
    )
    judged = [r for r in rows if r.status not in (Status.NO_DATA, Status.NO_TARGET)]
    met = [r for r in judged if r.status in (Status.EXCEEDED, Status.MET)]
    from tongket.reporting.models import Report

    reports = Report.objects.filter(
        form__resolution=resolution,
        unit__path__startswith=unit.path,
        period__year__gte=span[0],
        period__end_year__lte=span[1],
    )
    expected = reports.count()
    received = reports.filter(first_submitted_at__isnull=False).count()
    return {
        "rows": rows,
        "judged": len(judged),
        "met": len(met),
        "share_met": Decimal(len(met)) * 100 / len(judged) if judged else None,
        "expected": expected,
        "received": received,
        "completeness": Decimal(received) * 100 / expected if expected else None,
        "span": span,
    }


def achievement_text(nomination: Nomination) -> str:
    """The achievement summary pre-filled from the nominee's results (in Vietnamese)."""
    from tongket.core.numbers import format_number, format_percent

    results = nominee_results(nomination)
    lines = []
    if results is not None:
        span = f"{results['span'][0]}-{results['span'][1]}"
        if results["judged"]:
            lines.append(
                f"Giai đoạn {span}: đạt và vượt {results['met']}/{results['judged']} chỉ tiêu "
                f"({format_percent(results['share_met'], 0)})."
            )
            best = [r for r in results["rows"] if r.status == "exceeded"][:3]
            for row in best:
                lines.append(
                    f"- {row.indicator.name}: {format_number(row.value, row.indicator.decimals)} "
                    f"{row.indicator.unit_of_measure} (chỉ tiêu {format_number(row.target_due, row.indicator.decimals)})."
                )
        if results["expected"]:
            lines.append(
                f"Thực hiện chế độ báo cáo: {results['received']}/{results['expected']} báo cáo "
                f"({format_percent(results['completeness'], 0)})."
            )
    elif nomination.nominee_person_id:
        positions = Position.objects.filter(person=nomination.nominee_person).select_related("unit")
        held = "; ".join(f"{p.title} ({p.unit.name})" for p in positions[:3])
        if held:
            lines.append(f"Chức vụ: {held}.")
    return "\n".join(lines)


def checks(nomination: Nomination, on: datetime.date | None = None, *, reader: Any) -> list[Check]:
    """What the system can check before submission, told as `reader` may know it: the quota
    counts every nomination taken or pending, but when some are not shown to the reader (above
    their clearance, outside their units) the message gives no number they would reveal."""
    day = on or timezone.localdate()
    form = nomination.form
    found: list[Check] = []
    if authority_may_give(nomination.decider, form, day):
        found.append(
            Check(
                "authority",
                CheckLevel.OK,
                _("%(unit)s may give %(form)s.")
                % {"unit": nomination.decider.name, "form": form.name},
            )
        )
    else:
        above = higher_authority(nomination.decider, form, day)
        if above is not None:
            found.append(
                Check(
                    "authority",
                    CheckLevel.WARNING,
                    _(
                        "%(unit)s may not give %(form)s: after the awards council's review, "
                        "propose it to %(above)s."
                    )
                    % {"unit": nomination.decider.name, "form": form.name, "above": above.name},
                )
            )
        else:
            found.append(
                Check(
                    "authority",
                    CheckLevel.ERROR,
                    _("No authority at or above %(unit)s may give %(form)s.")
                    % {"unit": nomination.decider.name, "form": form.name},
                )
            )
    kind_ok = (
        form.for_collectives
        if nomination.nominee_kind == NomineeKind.COLLECTIVE
        else form.for_individuals
    )
    if not kind_ok:
        found.append(
            Check(
                "kind",
                CheckLevel.ERROR,
                _("%(form)s is not given to %(kind)s.")
                % {"form": form.name, "kind": NomineeKind(nomination.nominee_kind).label.lower()},
            )
        )
    use = quota_use(
        reader=reader,
        decider=nomination.decider,
        form=form,
        year=nomination.year,
        nominee_kind=nomination.nominee_kind,
        exclude=nomination.pk,
    )
    values = {"unit": nomination.decider.name, "year": nomination.year, "limit": use.limit}
    if use.quota is None:
        found.append(Check("quota", CheckLevel.OK, _("No quota is set for this body and year.")))
    elif use.limit is not None and use.used + 1 > use.limit:
        message = (
            _(
                "The quota of %(unit)s for %(year)s is %(limit)s and it is already taken or "
                "pending; some of the nominations it counts are not shown to you."
            )
            if use.hidden
            else _(
                "The quota of %(unit)s for %(year)s is %(limit)s and %(used)s are already "
                "taken or pending."
            )
        )
        found.append(Check("quota", CheckLevel.ERROR, message % {**values, "used": use.used}))
    elif use.hidden:
        found.append(
            Check(
                "quota",
                CheckLevel.OK,
                _(
                    "Quota: within the %(limit)s of %(unit)s for %(year)s; some of the "
                    "nominations it counts are not shown to you."
                )
                % values,
            )
        )
    else:
        found.append(
            Check(
                "quota",
                CheckLevel.OK,
                _("Quota: %(used)s of %(limit)s used.")
                % {"used": use.used + 1, "limit": use.limit},
            )
        )
    since = nomination.year - form.repeat_years + 1
    repeat = Nomination.objects.filter(
        form=form, state=NominationState.APPROVED, year__gte=since
    ).exclude(pk=nomination.pk)
    repeat = (
        repeat.filter(nominee_unit=nomination.nominee_unit)
        if nomination.nominee_unit_id
        else repeat.filter(nominee_person=nomination.nominee_person)
    )
    if repeat.exists():
        found.append(
            Check(
                "repeat",
                CheckLevel.ERROR,
                _("The same nominee received %(form)s within the last %(years)s year(s).")
                % {"form": form.name, "years": form.repeat_years},
            )
        )
    duplicate = (
        Nomination.objects.filter(
            form=form,
            year=nomination.year,
            nominee_unit=nomination.nominee_unit,
            nominee_person=nomination.nominee_person,
        )
        .exclude(pk=nomination.pk)
        .exclude(state=NominationState.REJECTED)
    )
    if duplicate.exists():
        found.append(
            Check(
                "duplicate",
                CheckLevel.ERROR,
                _("The same nominee is already proposed for this form this year."),
            )
        )
    if nomination.nominee_person_id:
        held = Position.objects.filter(
            person_id=nomination.nominee_person_id,
            unit__path__startswith=nomination.proposing_unit.path,
            valid_from__lte=day,
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        if not held.exists():
            found.append(
                Check(
                    "position",
                    CheckLevel.ERROR,
                    _("%(person)s holds no position in %(unit)s or below on %(day)s.")
                    % {
                        "person": nomination.nominee_person.full_name,
                        "unit": nomination.proposing_unit.name,
                        "day": day.strftime("%d/%m/%Y"),
                    },
                )
            )
    criteria = form.criteria or {}
    if criteria:
        results = nominee_results(nomination)
        if results is None:
            found.append(
                Check(
                    "criteria",
                    CheckLevel.WARNING,
                    _("The criteria cannot be checked: tie the nomination to a resolution."),
                )
            )
        else:
            if "min_share_met" in criteria and (results["share_met"] or 0) < Decimal(
                str(criteria["min_share_met"])
            ):
                found.append(
                    Check(
                        "criteria",
                        CheckLevel.ERROR,
                        _(
                            "The nominee met %(met)s of %(n)s indicators; the form asks for %(need)s %%."
                        )
                        % {
                            "met": results["met"],
                            "n": results["judged"],
                            "need": criteria["min_share_met"],
                        },
                    )
                )
            if "min_completeness" in criteria and (results["completeness"] or 0) < Decimal(
                str(criteria["min_completeness"])
            ):
                found.append(
                    Check(
                        "criteria",
                        CheckLevel.ERROR,
                        _(
                            "The nominee sent %(received)s of %(expected)s periodic reports; the form asks for %(need)s %%."
                        )
                        % {
                            "received": results["received"],
                            "expected": results["expected"],
                            "need": criteria["min_completeness"],
                        },
                    )
                )
    return found

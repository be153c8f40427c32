"""The rules a paper decision's named list may break, told as warnings, never refusals: the
quota of the deciding body for the form and the year, and the repeat rule of the form (the
same collective or person awarded the same form within its window). A decision taken on
paper is a fact: the officer sees the breach on the preview, row by row, and may still
record it; the nomination path, which proposes rather than records, refuses the same
breaches (`services.eligibility.checks`). Reads only."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from tongket.awards.choices import NominationState, NomineeKind
from tongket.awards.lists.sheet import Row
from tongket.awards.models import AwardDecision, Nomination
from tongket.awards.reach import nomination_reach_q
from tongket.awards.services.catalogue import QuotaUse, quota_use


@dataclass(frozen=True)
class ListWarning:
    """A rule the awardee of row `row` (`name`) breaks: `code` is "quota" or "repeat"."""

    row: int
    name: str
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def decision_year(decision: AwardDecision) -> int:
    """The year a decision's awards count in (its date's; the day it was entered without)."""
    return decision.date.year if decision.date else decision.created_at.year


def _over_quota(
    decision: AwardDecision, rows: list[Row], year: int, reader: Any
) -> list[ListWarning]:
    """The awardees beyond the body's quota, in the order of the sheet. A quota counts the
    body's nominations taken or pending for the year, as for a nomination (`quota_use`);
    a row that takes up an approved nomination is counted there already. A quota for both
    kinds is shared by the collectives and the individuals of the sheet.

    Every nomination counts, also those `reader` may not see; but then the warning gives no
    number the reader does not know (how many are taken, or which row is the first beyond
    the quota, would tell how many are hidden): every row the file adds against that quota
    is warned that together they go over it, and that some counted are not shown."""
    fresh = [row for row in rows if row.linked is None]
    groups: dict[int, tuple[QuotaUse, list[Row]]] = {}
    for kind in (NomineeKind.COLLECTIVE, NomineeKind.INDIVIDUAL):
        adding = [row for row in fresh if row.kind == kind]
        if not adding:
            continue
        use = quota_use(
            reader=reader, decider=decision.issuer, form=decision.form, year=year, nominee_kind=kind
        )
        if use.quota is None or use.limit is None:
            continue
        groups.setdefault(use.quota.pk, (use, []))[1].extend(adding)
    found = []
    for use, adding in groups.values():
        assert use.limit is not None
        adding.sort(key=lambda row: row.number)
        values = {"unit": decision.issuer.name, "limit": use.limit, "year": year}
        if use.hidden:
            if use.used + len(adding) <= use.limit:
                continue
            message = _(
                "Over the quota: %(unit)s may award %(limit)s in %(year)s, and with the "
                "%(adding)s this file adds the awards taken or pending are more than that. "
                "Some of those counted are not shown to you, so the rows beyond the quota "
                "are not told."
            ) % {**values, "adding": len(adding)}
            found.extend(ListWarning(row.number, row.name, "quota", message) for row in adding)
            continue
        room = max(use.limit - use.used, 0)
        for index, row in enumerate(adding[room:], start=room):
            found.append(
                ListWarning(
                    row=row.number,
                    name=row.name,
                    code="quota",
                    message=_(
                        "Over the quota: %(unit)s may award %(limit)s in %(year)s, %(used)s "
                        "are already taken or pending, and this is number %(nth)s."
                    )
                    % {**values, "used": use.used, "nth": use.used + index + 1},
                )
            )
    return found


def _repeats(decision: AwardDecision, rows: list[Row], year: int, reader: Any) -> list[ListWarning]:
    """The awardees who received the decision's form within the form's window (fewer than
    `repeat_years` years apart, before or after: a decision of 2021 entered today also meets
    the awards of 2022), by another decision or an approved nomination. An earlier award
    `reader` may not see (`reach.nomination_reach_q`) still warns, but without its year,
    decision or body. Two queries."""
    form = decision.form
    window = max(form.repeat_years, 1)
    units = [row.unit.pk for row in rows if row.unit]
    people = [row.person.pk for row in rows if row.person]
    linked = [row.linked.pk for row in rows if row.linked is not None]
    earlier = (
        Nomination.objects.filter(form=form, state=NominationState.APPROVED)
        .filter(year__gt=year - window, year__lt=year + window)
        .filter(Q(nominee_unit_id__in=units) | Q(nominee_person_id__in=people))
        .exclude(decision=decision)
        .exclude(pk__in=linked)
        .select_related("decision", "decider")
        .order_by("year", "pk")
    )
    first: dict[tuple[str, Any], Nomination] = {}
    for nomination in earlier:
        key = (nomination.nominee_kind, nomination.nominee_unit_id or nomination.nominee_person_id)
        first.setdefault(key, nomination)
    shown = set(
        Nomination.objects.filter(pk__in=[n.pk for n in first.values()])
        .filter(nomination_reach_q(reader))
        .values_list("pk", flat=True)
    )
    found = []
    for row in rows:
        other = first.get(row.nominee)
        if other is None:
            continue
        if other.pk in shown:
            message = _(
                "Already awarded %(form)s in %(year)s (%(where)s): the form is given once "
                "in %(years)s year(s)."
            ) % {
                "form": form.name,
                "year": other.year,
                "where": other.decision.reference if other.decision_id else other.decider.name,  # type: ignore[union-attr]
                "years": form.repeat_years,
            }
        else:
            message = _(
                "Already awarded %(form)s within %(years)s year(s) of this decision, by a "
                "record not shown to you: the form is given once in %(years)s year(s)."
            ) % {"form": form.name, "years": form.repeat_years}
        found.append(ListWarning(row=row.number, name=row.name, code="repeat", message=message))
    return found


def list_warnings(decision: AwardDecision, rows: list[Row], *, reader: Any) -> list[ListWarning]:
    """Every quota and repeat breach of the rows, by row, told as `reader` may know them.
    Three queries and the quota's."""
    year = decision_year(decision)
    found = _over_quota(decision, rows, year, reader) + _repeats(decision, rows, year, reader)
    return sorted(found, key=lambda warning: (warning.row, warning.code))

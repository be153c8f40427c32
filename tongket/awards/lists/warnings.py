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
from tongket.awards.services.catalogue import quota_state


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


def _over_quota(decision: AwardDecision, rows: list[Row], year: int) -> list[ListWarning]:
    """The awardees beyond the body's quota, in the order of the sheet. A quota counts the
    body's nominations taken or pending for the year, as for a nomination (`quota_state`);
    a row that takes up an approved nomination is counted there already. A quota for both
    kinds is shared by the collectives and the individuals of the sheet."""
    fresh = [row for row in rows if row.linked is None]
    groups: dict[int, tuple[int, int, list[Row]]] = {}
    for kind in (NomineeKind.COLLECTIVE, NomineeKind.INDIVIDUAL):
        adding = [row for row in fresh if row.kind == kind]
        if not adding:
            continue
        quota, used, limit = quota_state(
            decider=decision.issuer, form=decision.form, year=year, nominee_kind=kind
        )
        if quota is None or limit is None:
            continue
        groups.setdefault(quota.pk, (used, limit, []))[2].extend(adding)
    found = []
    for used, limit, adding in groups.values():
        adding.sort(key=lambda row: row.number)
        room = max(limit - used, 0)
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
                    % {
                        "unit": decision.issuer.name,
                        "limit": limit,
                        "year": year,
                        "used": used,
                        "nth": used + index + 1,
                    },
                )
            )
    return found


def _repeats(decision: AwardDecision, rows: list[Row], year: int) -> list[ListWarning]:
    """The awardees who received the decision's form within the form's window (fewer than
    `repeat_years` years apart, before or after: a decision of 2021 entered today also meets
    the awards of 2022), by another decision or an approved nomination. One query."""
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
    found = []
    for row in rows:
        other = first.get(row.nominee)
        if other is None:
            continue
        found.append(
            ListWarning(
                row=row.number,
                name=row.name,
                code="repeat",
                message=_(
                    "Already awarded %(form)s in %(year)s (%(where)s): the form is given once "
                    "in %(years)s year(s)."
                )
                % {
                    "form": form.name,
                    "year": other.year,
                    "where": other.decision.reference if other.decision_id else other.decider.name,  # type: ignore[union-attr]
                    "years": form.repeat_years,
                },
            )
        )
    return found


def list_warnings(decision: AwardDecision, rows: list[Row]) -> list[ListWarning]:
    """Every quota and repeat breach of the rows, by row. Two queries and the quota's."""
    year = decision_year(decision)
    found = _over_quota(decision, rows, year) + _repeats(decision, rows, year)
    return sorted(found, key=lambda warning: (warning.row, warning.code))

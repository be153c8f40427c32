"""What a paper decision's list is checked against before it is written: refusals for data
errors, as the nomination path refuses them (a nominee already named by the decision, or
proposed elsewhere for the form the same year: it would count twice; more names than the
decision counts), and the links to approved nominations waiting for the decision. Reads
only."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from tongket.awards.choices import CountOutcome, NominationState, NomineeKind
from tongket.awards.lists.sheet import C_KIND, C_NAME, SHEET, Row
from tongket.awards.models import AwardCount, AwardDecision, Nomination
from tongket.awards.reach import nomination_reach_q
from tongket.core.classification import TOP, clearance_level, clearance_q
from tongket.core.workbook import Problems


def match_existing(
    decision: AwardDecision, rows: list[Row], problems: Problems, *, reader: Any
) -> None:
    """Each nominee already named by the decision is refused; one with an approved nomination
    of the form waiting for a decision of the issuer is linked; one proposed elsewhere for the
    form in the same year is refused (it would count twice).

    A matching nomination `reader` may not see (above their clearance, or outside their units:
    `reach.nomination_reach_q`) refuses the row without naming the nominee, the decision or
    the body it belongs to: only that such a record exists. Two queries."""
    year = decision.date.year if decision.date else None
    units = [r.unit.pk for r in rows if r.unit]
    people = [r.person.pk for r in rows if r.person]
    existing = list(
        Nomination.objects.filter(form=decision.form)
        .filter(Q(nominee_unit_id__in=units) | Q(nominee_person_id__in=people))
        .filter(Q(decision=decision) | Q(year=year))
        .exclude(state=NominationState.REJECTED)
        .select_related("decision", "decider")
        .order_by("pk")
    )
    shown = set(
        Nomination.objects.filter(pk__in=[n.pk for n in existing])
        .filter(nomination_reach_q(reader))
        .values_list("pk", flat=True)
    )
    by_nominee: dict[tuple[str, Any], list[Nomination]] = defaultdict(list)
    for nomination in existing:
        key = (
            nomination.nominee_kind,
            nomination.nominee_unit_id or nomination.nominee_person_id,
        )
        by_nominee[key].append(nomination)
    unseen = _(
        "A record matching this row exists that you may not see (a classification above "
        "your clearance, or units outside yours): an officer who may see it imports the list."
    )
    for row in rows:
        found = by_nominee.get(row.nominee, [])
        name = row.name
        named = [n for n in found if n.decision_id == decision.pk]
        if named:
            message = (
                _("%(name)s is already named in this decision.") % {"name": name}
                if all(n.pk in shown for n in named)
                else unseen
            )
            problems.add(SHEET, row.number, C_NAME, message)
            continue
        waiting = [
            n
            for n in found
            if n.state == NominationState.APPROVED
            and n.decision_id is None
            and n.decider_id == decision.issuer_id
            and n.campaign_id in (None, decision.campaign_id)
        ]
        if waiting and waiting[0].pk in shown:
            row.linked = waiting[0]
        elif waiting or (found and found[0].pk not in shown):
            problems.add(SHEET, row.number, C_NAME, unseen)
        elif found:
            other = found[0]
            problems.add(
                SHEET,
                row.number,
                C_NAME,
                _(
                    "%(name)s is already proposed for %(form)s in %(year)s (%(where)s): it "
                    "would be counted twice."
                )
                % {
                    "name": name,
                    "form": decision.form.name,
                    "year": other.year,
                    "where": other.decision.reference if other.decision_id else other.decider.name,  # type: ignore[union-attr]
                },
            )


def check_counts(
    decision: AwardDecision, rows: list[Row], problems: Problems, *, reader: Any
) -> None:
    """A count includes the named awardees: the list may not name more than it. Every
    awardee the decision names counts, also those `reader` may not see (a count cannot be
    exceeded by who does not see all of it), but the refusal tells the number named only to
    a reader who sees them all; otherwise it says that some are not shown, never how many
    (as `counts.decision_counts_set` does)."""
    declared = dict(
        AwardCount.objects.filter(
            decision=decision, outcome=CountOutcome.AWARDED, form=decision.form
        ).values_list("nominee_kind", "count")
    )
    named = dict(
        decision.nominations.values_list("nominee_kind").annotate(n=Count("id")).order_by()
    )
    shown: dict[str, int] | None = None
    for kind, label in ((NomineeKind.COLLECTIVE, "Tập thể"), (NomineeKind.INDIVIDUAL, "Cá nhân")):
        adding = sum(1 for r in rows if r.kind == kind)
        if not (kind in declared and adding and named.get(kind, 0) + adding > declared[kind]):
            continue
        if shown is None:
            shown = (
                named
                if clearance_level(reader) >= TOP
                else dict(
                    decision.nominations.filter(clearance_q(reader, Nomination))
                    .values_list("nominee_kind")
                    .annotate(n=Count("id"))
                    .order_by()
                )
            )
        values = {
            "declared": declared[kind],
            "kind": NomineeKind(kind).label.lower(),
            "named": named.get(kind, 0),
            "adding": adding,
            "label": label,
        }
        if shown.get(kind, 0) < named.get(kind, 0):
            message = _(
                "The decision counts %(declared)s %(kind)s and already names some of them, "
                "not all shown to you; with the %(adding)s the file adds (%(label)s) the names "
                "would be more than the count: correct the count or the list, or ask an "
                "officer cleared for every name."
            )
        else:
            message = _(
                "The decision counts %(declared)s %(kind)s and names %(named)s; the file "
                "adds %(adding)s (%(label)s), more than the count: correct the count or "
                "the list."
            )
        problems.add(SHEET, None, C_KIND, message % values)

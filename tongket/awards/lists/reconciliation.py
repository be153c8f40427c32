"""The reconciliation of a decision's declared counts with the awardees it names: per form
and collective/individual, the count beside the names, and what the summaries take (the
larger of the two, never their sum). Reads only; the caller has fetched the decision through
a scoped selector."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from tongket.awards.choices import CountOutcome, NominationState, NomineeKind
from tongket.awards.models import AwardDecision, AwardForm, Nomination
from tongket.core.classification import TOP, clearance_level, clearance_q
from tongket.org.models import Unit


@dataclass
class Line:
    """One line of the reconciliation: what the decision declares for a form and a kind
    (awarded, or proposed to a higher authority), and how many are named."""

    outcome: str
    form: AwardForm
    kind: str
    declared: int | None
    named: int
    proposed_to: Unit | None = None

    @property
    def counted(self) -> int:
        """What the summaries take: the larger of the two, never their sum."""
        return max(self.declared or 0, self.named)

    @property
    def difference(self) -> int | None:
        """Named minus declared: negative while names are missing (None without a count)."""
        return None if self.declared is None else self.named - self.declared

    @property
    def missing(self) -> int:
        """Names still to enter (the count is larger than the list)."""
        return max((self.declared or 0) - self.named, 0)

    @property
    def status(self) -> str:
        if self.declared is None:
            return "not_counted"
        if self.named == self.declared:
            return "match"
        return "names_missing" if self.named < self.declared else "over"

    @property
    def kind_label(self) -> str:
        return str(NomineeKind(self.kind).label)


def _forwarded(decision: AwardDecision, forms: set[int]) -> Any:
    """The nominations the decision's issuer forwarded in its campaign for these forms."""
    return Nomination.objects.filter(
        campaign_id=decision.campaign_id,
        forwarded_from_id=decision.issuer_id,
        form_id__in=forms,
    ).exclude(state=NominationState.REJECTED)


def decision_reconciliation(*, user: Any, decision: AwardDecision) -> list[Line]:
    """Per form and collective/individual, the count the decision declares beside the
    awardees it names: awarded ones by the decision's own nominations; proposed ones by the
    nominations its issuer forwarded in the decision's campaign. Only awardees the user's
    clearance covers are counted as named (`reconciliation_not_shown` says whether some are
    left out). The caller has fetched the decision through a scoped selector. Three
    queries."""
    counts = list(decision.counts.select_related("form", "proposed_to"))
    lines: dict[tuple[str, int, str], Line] = {}
    for row in counts:
        lines[(row.outcome, row.form_id, row.nominee_kind)] = Line(
            outcome=row.outcome,
            form=row.form,
            kind=row.nominee_kind,
            declared=row.count,
            named=0,
            proposed_to=row.proposed_to,
        )
    named = (
        decision.nominations.filter(clearance_q(user, Nomination))
        .values("form_id", "nominee_kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for group in named:
        key = (CountOutcome.AWARDED.value, group["form_id"], group["nominee_kind"])
        if key not in lines:
            lines[key] = Line(
                outcome=CountOutcome.AWARDED,
                form=decision.form,
                kind=group["nominee_kind"],
                declared=None,
                named=0,
            )
        lines[key].named = group["n"]
    proposed = [line for line in lines.values() if line.outcome == CountOutcome.PROPOSED]
    if proposed and decision.campaign_id:
        forwarded = (
            _forwarded(decision, {line.form.pk for line in proposed})
            .filter(clearance_q(user, Nomination))
            .values("form_id", "nominee_kind")
            .annotate(n=Count("id"))
            .order_by()
        )
        for group in forwarded:
            key = (CountOutcome.PROPOSED.value, group["form_id"], group["nominee_kind"])
            if key in lines:
                lines[key].named = group["n"]
    order = {NomineeKind.COLLECTIVE: 0, NomineeKind.INDIVIDUAL: 1}
    return sorted(
        lines.values(),
        key=lambda line: (
            line.outcome != CountOutcome.AWARDED,
            -line.form.rank,
            line.form.name,
            order.get(line.kind, 2),  # type: ignore[call-overload]
        ),
    )


def reconciliation_not_shown(*, user: Any, decision: AwardDecision) -> bool:
    """Whether the decision names (or its issuer forwarded) awardees the user's clearance
    does not cover: the reconciliation says that some are not shown, never which or how
    many. Two queries (none for a user cleared for every mark)."""
    if clearance_level(user) >= TOP:
        return False
    proposed = set(
        decision.counts.filter(outcome=CountOutcome.PROPOSED).values_list("form_id", flat=True)
    )
    hidden = ~clearance_q(user, Nomination)
    query = Q(decision=decision)
    if proposed and decision.campaign_id:
        query |= Q(pk__in=_forwarded(decision, proposed).values("pk"))
    return Nomination.objects.filter(query).filter(hidden).exists()

"""Every scoped read of nominations, decisions and award records.

A nomination reaches the users covering the proposing unit or the deciding authority; a
decision, those covering its issuer or a unit that proposed one of its awardees."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from tongket.awards.choices import CountOutcome, NominationState, NomineeKind
from tongket.awards.models import (
    AwardAuthority,
    AwardCount,
    AwardDecision,
    AwardForm,
    AwardingBody,
    Nomination,
    NominationFile,
    Quota,
)
from tongket.awards.reach import nomination_reach_q
from tongket.core import scopes
from tongket.core.classification import clearance_q, clearance_q_through, mark_of, may_read
from tongket.core.errors import NotFound

QUEUE_STATES = (
    NominationState.SUBMITTED,
    NominationState.COUNCIL_REVIEWED,
    NominationState.FORWARDED,
)


def form_list(*, active_on: Any = None) -> QuerySet[AwardForm]:
    queryset = AwardForm.objects.prefetch_related("authorities__unit")
    if active_on is not None:
        queryset = queryset.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=active_on)
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=active_on))
    return queryset.order_by("-rank", "name")


def form_get(*, pk: Any) -> AwardForm:
    try:
        return AwardForm.objects.get(pk=int(pk))
    except (AwardForm.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Award form not found.")) from error


def authority_list() -> QuerySet[AwardAuthority]:
    return AwardAuthority.objects.select_related("form", "unit").order_by(
        "form__name", "body_level", "id"
    )


def awarding_levels(*, user: Any) -> QuerySet[AwardingBody]:
    """The level each body gives commendations at, for the bodies of the user's subtrees and
    those above them (who can commend the user's units); another branch's stay unseen."""
    return (
        AwardingBody.objects.filter(scopes.reach_q(user, "unit__path"))
        .select_related("unit", "standing_agency")
        .order_by("level", "unit__sort_key")
    )


def nomination_list(
    *,
    user: Any,
    state: str | None = None,
    campaign: Any = None,
    form: Any = None,
    proposing_unit: Any = None,
) -> QuerySet[Nomination]:
    queryset = Nomination.objects.filter(nomination_reach_q(user)).select_related(
        "form",
        "proposing_unit",
        "decider",
        "nominee_unit",
        "nominee_person",
        "decision__document",
        "campaign",
        "forwarded_from",
    )
    if state:
        queryset = queryset.filter(state=state)
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    if form is not None:
        queryset = queryset.filter(form=form)
    if proposing_unit is not None:
        queryset = queryset.filter(proposing_unit__path__startswith=proposing_unit.path)
    return queryset.order_by("-created_at", "-id")


def nomination_get(*, user: Any, pk: Any) -> Nomination:
    try:
        return nomination_list(user=user).get(pk=int(pk))
    except (Nomination.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Nomination not found.")) from error


def queue(*, user: Any) -> QuerySet[Nomination]:
    """Nominations waiting for a decision of an authority the user covers (forwarded ones
    from below included)."""
    return nomination_list(user=user).filter(
        scopes.scope_q(user, "decider__path"), state__in=QUEUE_STATES
    )


def decision_list(*, user: Any, campaign: Any = None) -> QuerySet[AwardDecision]:
    proposers = Nomination.objects.filter(scopes.scope_q(user, "proposing_unit__path")).values(
        "decision_id"
    )
    queryset = (
        AwardDecision.objects.filter(scopes.scope_q(user, "issuer__path") | Q(pk__in=proposers))
        .filter(clearance_q(user, AwardDecision))
        .select_related("issuer", "form", "document", "campaign")
        .prefetch_related(
            Prefetch("counts", queryset=AwardCount.objects.select_related("proposed_to"))
        )
    )
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    # A decision recorded from paper carries its own date.
    return queryset.order_by(
        Coalesce("document__issued_on", "issued_on").desc(nulls_last=True), "-id"
    )


def decision_get(*, user: Any, pk: Any) -> AwardDecision:
    try:
        return decision_list(user=user).get(pk=int(pk))
    except (AwardDecision.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Decision not found.")) from error


def decision_files_cleared(*, user: Any, decision: AwardDecision) -> bool:
    """Whether the user may take the decision's files (DOCX, PDF, XLSX list). A decision
    issued here names every awardee in its document's annex, so its files carry the highest
    mark of the document and of all its awardees (`core.classification.DERIVED`): a reader
    who may open the decision, but not every awardee, may not take them. A decision
    recorded from paper carries its own mark, already checked by `decision_get`."""
    document = decision.document
    return document is None or may_read(user, mark_of(document))


def decision_files_get(*, user: Any, pk: Any) -> AwardDecision:
    """`decision_get` for a download of the decision's files: NotFound, as for a record
    outside the user's units, when the files carry a mark above the user's clearance."""
    decision = decision_get(user=user, pk=pk)
    if not decision_files_cleared(user=user, decision=decision):
        raise NotFound(_("Decision not found."))
    return decision


def _awards(user: Any, **nominee: Any) -> QuerySet[Nomination]:
    """Awards received (approved nominations with a decision), as far as the user's clearance
    covers them: an award of a decision for a marked review is not shown, nor its decision's
    number, to a user not cleared for the mark. The record itself is read wider than the
    decisions (a unit's page lists what it received from above), so no unit scope here."""
    return (
        Nomination.objects.filter(state=NominationState.APPROVED, decision__isnull=False, **nominee)
        .filter(clearance_q(user, Nomination))
        .select_related("form", "decision__document", "decision__issuer")
        .order_by("-decision__document__issued_on")
    )


def awards_of_unit(*, user: Any, unit: Any) -> QuerySet[Nomination]:
    """The commendations a unit received. The caller has fetched `unit` through a scoped
    selector."""
    return _awards(user, nominee_unit=unit)


def awards_of_person(*, user: Any, person: Any) -> QuerySet[Nomination]:
    """The commendations a person received. The caller has fetched `person` through a scoped
    selector."""
    return _awards(user, nominee_person=person)


def decisions_visible(*, user: Any, awards: list[Nomination]) -> set[int]:
    """Of the decisions behind these awards, the ids the user may open (a unit's record is
    read further down the tree than the decisions issued above it)."""
    ids = {n.decision_id for n in awards if n.decision_id}
    if not ids:
        return set()
    return set(decision_list(user=user).filter(pk__in=ids).values_list("pk", flat=True))


KINDS = {NomineeKind.COLLECTIVE: "collectives", NomineeKind.INDIVIDUAL: "individuals"}


def campaign_awards_summary(*, user: Any, campaign: Any) -> dict[str, dict[str, Any]]:
    """Collectives and individuals awarded by the reviewing body itself (or the command it
    leads), and proposed to a higher authority: named awardees and the counts its decisions
    carry, added up without double counting. Nominations and decisions carrying a mark above
    the user's clearance (through their own resolution or their decision's document) are not
    counted, as `campaign_awards` does not list them.

    A count of a decision includes its named awardees of the same form and kind, so for each
    (decision, form, kind) the larger of the two is taken; proposals upward are grouped by
    (form, kind) the same way. `named` and `declared` give both sides, for reconciling a list
    entered later with the counts."""
    own = {campaign.owner_unit_id, campaign.figures_unit.pk}
    nominations = Nomination.objects.filter(campaign=campaign).filter(clearance_q(user, Nomination))
    awarded = nominations.filter(
        state=NominationState.APPROVED, decision__isnull=False, decider_id__in=own
    )
    proposed = nominations.filter(forwarded_from_id__in=own).exclude(state=NominationState.REJECTED)
    counts = AwardCount.objects.filter(
        decision__campaign=campaign, decision__issuer_id__in=own
    ).filter(clearance_q_through(user, AwardDecision, "decision__"))

    def named_by(queryset: QuerySet[Nomination], keys: list[str]) -> dict[tuple[Any, ...], int]:
        rows = queryset.values(*keys).annotate(n=Count("id"))
        return {tuple(row[k] for k in keys): row["n"] for row in rows}

    def declared_by(outcome: str, keys: list[str]) -> dict[tuple[Any, ...], int]:
        found: dict[tuple[Any, ...], int] = {}
        for row in counts.filter(outcome=outcome).values(*keys, "count"):
            key = tuple(row[k] for k in keys)
            found[key] = found.get(key, 0) + row["count"]
        return found

    def total(named: dict[tuple[Any, ...], int], declared: dict[tuple[Any, ...], int]) -> Any:
        result = {"collectives": 0, "individuals": 0}
        sides = {
            "named": {"collectives": 0, "individuals": 0},
            "declared": {"collectives": 0, "individuals": 0},
        }
        for key in set(named) | set(declared):
            kind = KINDS[NomineeKind(key[-1])]
            result[kind] += max(named.get(key, 0), declared.get(key, 0))
            sides["named"][kind] += named.get(key, 0)
            sides["declared"][kind] += declared.get(key, 0)
        return result, sides

    awarded_total, awarded_sides = total(
        named_by(awarded, ["decision_id", "form_id", "nominee_kind"]),
        declared_by(CountOutcome.AWARDED, ["decision_id", "form_id", "nominee_kind"]),
    )
    proposed_total, proposed_sides = total(
        named_by(proposed, ["form_id", "nominee_kind"]),
        declared_by(CountOutcome.PROPOSED, ["form_id", "nominee_kind"]),
    )
    return {
        "awarded": awarded_total,
        "proposed_to_higher": proposed_total,
        "named": {"awarded": awarded_sides["named"], "proposed_to_higher": proposed_sides["named"]},
        "declared": {
            "awarded": awarded_sides["declared"],
            "proposed_to_higher": proposed_sides["declared"],
        },
    }


def quotas(*, user: Any) -> QuerySet[Quota]:
    return scopes.restrict(Quota.objects.select_related("unit", "form"), user, "unit__path")


def decision_candidates(*, user: Any, issuer: Any, form: Any) -> QuerySet[Nomination]:
    """Approved nominations the issuer decides for the form, awaiting a decision."""
    return (
        nomination_list(user=user, state=NominationState.APPROVED, form=form)
        .filter(decider=issuer, decision__isnull=True)
        .order_by("nominee_kind", "id")
    )


def decision_awardees(*, user: Any, decision: AwardDecision) -> QuerySet[Nomination]:
    """The decision's awardees, collectives first, in the order of its annex. The caller has
    fetched `decision` through `decision_get`; an awardee whose nomination carries a mark above
    the user's clearance (its own resolution or campaign) is left out."""
    return (
        Nomination.objects.filter(decision=decision)
        .filter(clearance_q(user, Nomination))
        .select_related("nominee_unit", "nominee_person__unit", "proposing_unit", "form")
        .order_by("nominee_kind", "id")
    )


def campaign_awards(*, user: Any, campaign: Any) -> dict[str, QuerySet[Nomination]]:
    """The nominations behind `campaign_awards_summary`: awarded by the body itself, and
    proposed to a higher authority (with their state there). A nomination can carry a higher
    mark than its campaign (through its own resolution or its decision's document): those
    above the user's clearance are left out."""
    own = {campaign.owner_unit_id, campaign.figures_unit.pk}
    nominations = (
        Nomination.objects.filter(campaign=campaign)
        .filter(clearance_q(user, Nomination))
        .select_related(
            "form", "nominee_unit", "nominee_person__unit", "decider", "decision__document"
        )
    )
    return {
        "awarded": nominations.filter(
            state=NominationState.APPROVED, decision__isnull=False, decider_id__in=own
        ).order_by("nominee_kind", "decision_id", "id"),
        "proposed_to_higher": nominations.filter(forwarded_from_id__in=own)
        .exclude(state=NominationState.REJECTED)
        .order_by("nominee_kind", "id"),
    }


def nomination_files(*, nomination: Nomination) -> QuerySet[NominationFile]:
    return (
        NominationFile.objects.filter(nomination=nomination)
        .select_related("uploaded_by")
        .order_by("kind", "uploaded_at")
    )


def forward_targets(*, nomination: Nomination) -> list[Any]:
    """The authorities above the deciding one that may give the nomination's form, nearest
    first (where a nomination can be proposed)."""
    from django.utils import timezone

    from tongket.awards.services import authority_may_give
    from tongket.org.models import Unit

    day = timezone.localdate()
    decider = nomination.decider
    above = Unit.objects.filter(pk__in=decider.ancestor_ids[:-1]).order_by("-depth")
    return [unit for unit in above if authority_may_give(unit, nomination.form, day)]


def quota_usage(*, user: Any, quota: Quota) -> dict[str, Any]:
    """Awards taken or pending against a quota, and its limit (for the quota table). Every
    nomination counts, but when some are not shown to `user` (above their clearance, outside
    their units) `used` is None and `hidden` True: the number would tell how many they do
    not see (nor is the quota flagged over, which would bound it)."""
    from tongket.awards.services import quota_use

    use = quota_use(
        reader=user,
        decider=quota.unit,
        form=quota.form,  # type: ignore[arg-type]
        year=quota.year,
        nominee_kind=quota.nominee_kind,
    )
    if use.hidden:
        return {"used": None, "limit": use.limit, "over": False, "hidden": True}
    over = use.limit is not None and use.used > use.limit
    return {"used": use.used, "limit": use.limit, "over": over, "hidden": False}


def authority_get(*, pk: Any) -> AwardAuthority:
    try:
        return authority_list().get(pk=int(pk))
    except (AwardAuthority.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise NotFound(_("Award authority not found.")) from error

"""Every scoped read of nominations, decisions and award records.

A nomination reaches the users covering the proposing unit or the deciding authority; a
decision, those covering its issuer or a unit that proposed one of its awardees."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tongket.awards.choices import NominationState, NomineeKind
from tongket.awards.models import (
    AwardAuthority,
    AwardDecision,
    AwardForm,
    Nomination,
    NominationFile,
    Quota,
)
from tongket.core import scopes
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
    return AwardAuthority.objects.select_related("form", "unit").order_by("form__name", "level")


def nomination_list(
    *,
    user: Any,
    state: str | None = None,
    campaign: Any = None,
    form: Any = None,
    proposing_unit: Any = None,
) -> QuerySet[Nomination]:
    queryset = Nomination.objects.filter(
        scopes.scope_q(user, "proposing_unit__path") | scopes.scope_q(user, "decider__path")
    ).select_related(
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
    queryset = AwardDecision.objects.filter(
        scopes.scope_q(user, "issuer__path") | Q(pk__in=proposers)
    ).select_related("issuer", "form", "document", "campaign")
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    return queryset.order_by("-document__issued_on", "-id")


def decision_get(*, user: Any, pk: Any) -> AwardDecision:
    try:
        return decision_list(user=user).get(pk=int(pk))
    except (AwardDecision.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Decision not found.")) from error


def awards_of_unit(*, unit: Any) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(
            nominee_unit=unit, state=NominationState.APPROVED, decision__isnull=False
        )
        .select_related("form", "decision__document", "decision__issuer")
        .order_by("-decision__document__issued_on")
    )


def awards_of_person(*, person: Any) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(
            nominee_person=person, state=NominationState.APPROVED, decision__isnull=False
        )
        .select_related("form", "decision__document", "decision__issuer")
        .order_by("-decision__document__issued_on")
    )


def decisions_visible(*, user: Any, awards: list[Nomination]) -> set[int]:
    """Of the decisions behind these awards, the ids the user may open (a unit's record is
    read further down the tree than the decisions issued above it)."""
    ids = {n.decision_id for n in awards if n.decision_id}
    if not ids:
        return set()
    return set(decision_list(user=user).filter(pk__in=ids).values_list("pk", flat=True))


def campaign_awards_summary(*, campaign: Any) -> dict[str, dict[str, int]]:
    """Collectives and individuals awarded by the reviewing body itself (or the command it
    leads), and proposed to a higher authority."""
    own = {campaign.owner_unit_id, campaign.figures_unit.pk}
    nominations = Nomination.objects.filter(campaign=campaign)

    def counts(queryset: QuerySet[Nomination]) -> dict[str, int]:
        return {
            "collectives": queryset.filter(nominee_kind=NomineeKind.COLLECTIVE).count(),
            "individuals": queryset.filter(nominee_kind=NomineeKind.INDIVIDUAL).count(),
        }

    return {
        "awarded": counts(
            nominations.filter(
                state=NominationState.APPROVED, decision__isnull=False, decider_id__in=own
            )
        ),
        "proposed_to_higher": counts(
            nominations.filter(forwarded_from_id__in=own).exclude(state=NominationState.REJECTED)
        ),
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


def decision_awardees(*, decision: AwardDecision) -> QuerySet[Nomination]:
    """The decision's awardees, collectives first, in the order of its annex."""
    return (
        Nomination.objects.filter(decision=decision)
        .select_related("nominee_unit", "nominee_person__unit", "proposing_unit", "form")
        .order_by("nominee_kind", "id")
    )


def campaign_awards(*, campaign: Any) -> dict[str, QuerySet[Nomination]]:
    """The nominations behind `campaign_awards_summary`: awarded by the body itself, and
    proposed to a higher authority (with their state there)."""
    own = {campaign.owner_unit_id, campaign.figures_unit.pk}
    nominations = Nomination.objects.filter(campaign=campaign).select_related(
        "form", "nominee_unit", "nominee_person__unit", "decider", "decision__document"
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


def quota_usage(*, quota: Quota) -> dict[str, Any]:
    """Awards taken or pending against a quota, and its limit (for the quota table)."""
    from tongket.awards.services import quota_state

    _quota, used, limit = quota_state(
        decider=quota.unit,
        form=quota.form,  # type: ignore[arg-type]
        year=quota.year,
        nominee_kind=quota.nominee_kind,
    )
    return {"used": used, "limit": limit, "over": limit is not None and used > limit}


def authority_get(*, pk: Any) -> AwardAuthority:
    try:
        return authority_list().get(pk=int(pk))
    except (AwardAuthority.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise NotFound(_("Award authority not found.")) from error

"""The award proposal (tờ trình đề nghị khen thưởng) of a batch of nominations: those a
proposing unit put forward to one deciding authority for one form in one year, submitted
and not yet in a proposal. The proposal is stored as a draft document of the proposing unit
(corrected and issued like its other documents) and each nomination of the batch points to
it, so a batch is proposed once and a nomination submitted later makes the next batch.

Callers: commendation officers of the proposing unit (`Action.PROPOSE_AWARDS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from tongket.awards.choices import NominationState, NomineeKind
from tongket.awards.models import AwardForm, Nomination
from tongket.awards.selectors import nomination_list
from tongket.core import scopes
from tongket.core.classification import clearance_q
from tongket.core.errors import DomainError, NotFound
from tongket.core.services import changelog_record
from tongket.documents.models import Document
from tongket.org import policy
from tongket.org.models import Unit
from tongket.org.policy import Action

# Put forward and still alive: a draft is not yet proposed, a rejected one no longer is.
PROPOSED_STATES = (
    NominationState.SUBMITTED,
    NominationState.COUNCIL_REVIEWED,
    NominationState.FORWARDED,
    NominationState.APPROVED,
)


@dataclass
class Batch:
    """Nominations awaiting their proposal: one proposing unit, deciding authority, form and
    year (the key of `awards.documents.document_previews`)."""

    proposing_unit: Unit
    decider: Unit
    form: AwardForm
    year: int
    collectives: int
    individuals: int

    @property
    def total(self) -> int:
        return self.collectives + self.individuals


def _batch_q(*, proposing_unit: Unit, decider: Unit, form: AwardForm, year: int) -> Q:
    return Q(
        proposing_unit=proposing_unit,
        decider=decider,
        form=form,
        year=year,
        state__in=PROPOSED_STATES,
        proposal__isnull=True,
    )


def proposal_batches(*, user: Any) -> list[Batch]:
    """The batches the user may propose (commendation officers of the proposing unit), with
    their counts, within the user's clearance. Four queries."""
    grouped = (
        Nomination.objects.filter(
            scopes.scope_q(user, "proposing_unit__path", policy.roles(Action.PROPOSE_AWARDS)),
            state__in=PROPOSED_STATES,
            proposal__isnull=True,
        )
        .filter(clearance_q(user, Nomination))
        .values("proposing_unit", "decider", "form", "year")
        .annotate(
            collectives=Count("id", filter=Q(nominee_kind=NomineeKind.COLLECTIVE)),
            individuals=Count("id", filter=Q(nominee_kind=NomineeKind.INDIVIDUAL)),
        )
        .order_by("proposing_unit", "decider", "form", "-year")
    )
    rows = list(grouped[:200])
    units = Unit.objects.in_bulk({r["proposing_unit"] for r in rows} | {r["decider"] for r in rows})
    forms = AwardForm.objects.in_bulk({r["form"] for r in rows})
    return [
        Batch(
            proposing_unit=units[r["proposing_unit"]],
            decider=units[r["decider"]],
            form=forms[r["form"]],
            year=r["year"],
            collectives=r["collectives"],
            individuals=r["individuals"],
        )
        for r in rows
    ]


def proposal_list(*, user: Any) -> QuerySet[Document]:
    """The award proposals stored for nominations the user reaches (newest first)."""
    nominations = (
        Nomination.objects.filter(
            scopes.scope_q(user, "proposing_unit__path") | scopes.scope_q(user, "decider__path"),
            proposal__isnull=False,
        )
        .filter(clearance_q(user, Nomination))
        .values("proposal_id")
    )
    from tongket.documents.selectors import document_list

    return (
        document_list(user=user)
        .filter(pk__in=nominations)
        .annotate(nominations=Count("proposed_nominations"))
        .order_by("-created_at", "-id")
    )


def _require_all_shown(by: Any, batch: list[Nomination]) -> None:
    """Refuse a batch holding a nomination the user's reads leave out (the scoped selector
    `selectors.nomination_list`: units and clearance). The message names none of them and
    gives no count: the batch's own counts, as the user's list shows them, already leave
    them out. One query."""
    pks = [n.pk for n in batch]
    shown = nomination_list(user=by).filter(pk__in=pks).count()
    if shown < len(pks):
        raise DomainError(
            _(
                "Some nominations of this batch are outside what you may see (a "
                "classification above your clearance, or units outside yours): the proposal "
                "names every nominee of the batch, so an officer who may see them all makes "
                "it."
            ),
            code="not_shown",
        )


@transaction.atomic
def proposal_create(
    *,
    by: Any,
    proposing_unit: Unit,
    decider: Unit,
    form: AwardForm,
    year: int,
    signer_title: str = "",
    signer_name: str = "",
) -> Document:
    """Make the proposal of the batch (proposing unit, deciding authority, form, year): the
    nominations submitted and not yet proposed, collectives first, as its list. It is stored
    as a draft of the proposing unit and linked to each nomination; the same nominations
    are never proposed twice (they are locked, and a batch already proposed is refused).

    The proposal names every nominee of the batch, so an officer who may not read one of
    them (marked above their clearance, or out of their reach) may not make it: refused
    without telling which, or how many, they do not see."""
    from tongket.awards.documents import proposal_document_create

    if not scopes.covers(by, proposing_unit):
        raise NotFound(_("Unit not found."))
    scopes.require_role(
        by, proposing_unit, policy.roles(Action.PROPOSE_AWARDS), _("handle commendations")
    )
    batch = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(_batch_q(proposing_unit=proposing_unit, decider=decider, form=form, year=year))
        .select_related(
            "proposing_unit",
            "decider",
            "form",
            "nominee_unit__parent",
            "nominee_person__unit",
            "campaign",
        )
        .order_by("pk")
    )
    if not batch:
        raise DomainError(
            _(
                "No submitted nomination of %(unit)s to %(decider)s for %(form)s in %(year)s "
                "awaits a proposal: submit the nominations first (a batch is proposed once)."
            )
            % {
                "unit": proposing_unit.name,
                "decider": decider.name,
                "form": form.name,
                "year": year,
            },
            code="empty",
        )
    _require_all_shown(by, batch)
    document = proposal_document_create(
        by=by, nominations=batch, signer_title=signer_title, signer_name=signer_name
    )
    Nomination.objects.filter(pk__in=[n.pk for n in batch]).update(
        proposal=document, version=F("version") + 1
    )
    for nomination in batch:
        changelog_record(
            by=by,
            action="nomination_propose",
            obj=nomination,
            after={"proposal": document.pk},
            unit_path=proposing_unit.path,
        )
    collectives = sum(1 for n in batch if n.nominee_kind == NomineeKind.COLLECTIVE)
    changelog_record(
        by=by,
        action="proposal_create",
        obj=document,
        after={
            "nominations": [n.pk for n in batch],
            "collectives": collectives,
            "individuals": len(batch) - collectives,
            "decider": decider.code,
            "form": form.code,
            "year": year,
        },
        unit_path=proposing_unit.path,
    )
    return document

"""Decisions: the deciding authority's commendation officers award a form to the approved
nominations it decides, within its authority, as a numbered document.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.awards.choices import NominationState, NomineeKind
from tongket.awards.models import AwardDecision, AwardForm, Nomination
from tongket.awards.services.catalogue import _require_officer, authority_may_give
from tongket.core.classification import LEVELS, highest_mark
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record
from tongket.org.models import Unit
from tongket.org.policy import Action


@transaction.atomic
def decision_issue(
    *,
    by: Any,
    issuer: Unit,
    form: AwardForm,
    nominations: list[Nomination],
    issued_on: datetime.date | None = None,
    reason: str = "",
    campaign: Any = None,
    signer_title: str = "",
    signer_name: str = "",
) -> AwardDecision:
    """Issue a decision of `issuer` awarding `form` to approved nominations it decides: a
    document numbered from the issuer's registry with the awardees as an annex."""
    from tongket.awards.documents import decision_document_issue

    _require_officer(by, issuer, Action.DECIDE_AWARDS)
    if not nominations:
        raise DomainError(_("A decision needs at least one awardee."), field="nominations")
    locked = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(pk__in=[n.pk for n in nominations])
        .select_related("nominee_unit", "nominee_person", "proposing_unit")
    )
    for nomination in locked:
        if nomination.decider_id != issuer.pk or nomination.form_id != form.pk:
            raise DomainError(
                _("%(nominee)s is not for this authority and form.")
                % {"nominee": nomination.nominee_name},
                field="nominations",
            )
        if nomination.state != NominationState.APPROVED or nomination.decision_id:
            raise DomainError(
                _("%(nominee)s is not an approved nomination awaiting a decision.")
                % {"nominee": nomination.nominee_name},
                field="nominations",
            )
    if not authority_may_give(issuer, form, issued_on or timezone.localdate()):
        raise DomainError(
            _("%(unit)s may not give %(form)s.") % {"unit": issuer.name, "form": form.name},
            field="form",
        )
    collectives = [n for n in locked if n.nominee_kind == NomineeKind.COLLECTIVE]
    individuals = [n for n in locked if n.nominee_kind == NomineeKind.INDIVIDUAL]
    reason = (reason or "").strip() or (
        f"Đã có thành tích xuất sắc trong thực hiện {campaign.title}" if campaign else ""
    )
    document = decision_document_issue(
        by=by,
        issuer=issuer,
        form=form,
        nominations=[*collectives, *individuals],
        issued_on=issued_on,
        reason=reason,
        signer_title=signer_title,
        signer_name=signer_name,
    )
    decision = AwardDecision.objects.create(
        issuer=issuer, form=form, document=document, campaign=campaign, reason=reason
    )
    Nomination.objects.filter(pk__in=[n.pk for n in locked]).update(decision=decision)
    changelog_record(
        by=by,
        action="decision_issue",
        obj=decision,
        after={
            "symbol": document.symbol,
            "collectives": len(collectives),
            "individuals": len(individuals),
        },
        unit_path=issuer.path,
    )
    return decision


def decision_mark_follow(*, by: Any, decision: AwardDecision) -> str:
    """Raise the mark of a decision to the highest of the awardees it names, after its list
    changed (an imported list, a reconciliation): on its document when it was issued here
    (the annex names them all, and the file is rendered with the stamp), on the decision
    itself when it was recorded from paper. A mark is only raised here, never lowered: who
    lowers a mark decides so explicitly. Runs inside the caller's transaction, which has
    checked who may handle the decision's commendations. Returns the mark now carried."""
    pks = list(decision.nominations.values_list("pk", flat=True))
    named = highest_mark(Nomination, pks) if pks else "none"
    document = decision.document
    holder: Any = document if document is not None else decision
    before = holder.classification or "none"
    if LEVELS.get(named, 0) <= LEVELS.get(before, 0):
        return before
    holder.classification = named
    holder.save(update_fields=["classification"])
    changelog_record(
        by=by,
        action="decision_mark_follow",
        obj=decision,
        before={"classification": before},
        after={"classification": named},
        unit_path=decision.issuer.path,
    )
    return named

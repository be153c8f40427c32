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

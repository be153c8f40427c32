"""The review plan (kế hoạch sơ kết/tổng kết): written at the start of a review by the body
running it (purpose and requirements, content by the outline, timetable by the milestones,
who does what), stored as one of the campaign's documents beside the dossier and corrected,
commented and downloaded like them.

Drafting it again after the timetable or the units changed makes a new draft (lần N+1) with
the text people edited kept, like the dossier (`synthesis.merge`); its frame (header, place,
date, signer, recipients) stays as corrected.

The plan is issued on its own, at the start of the review and long before the dossier:
`campaign_plan_issue` gives it its number (…-KH/…) from the issuer's registry and its date;
`campaign_plan_record` records the number and date of a plan signed on paper. Either way it
is frozen like any issued document.
Callers: the campaign's tracking officers (standing agency or reviewing body).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.core.services import changelog_record
from tongket.documents import correction
from tongket.documents import services as documents
from tongket.documents.models import Document
from tongket.documents.services import current_version
from tongket.reviews import documents as review_documents
from tongket.reviews import selectors
from tongket.reviews.choices import CampaignState, DossierRole
from tongket.reviews.models import CampaignDocument, ReviewCampaign
from tongket.reviews.services.campaigns import require_open, require_runner
from tongket.reviews.services.synthesis import merge

# While the campaign's documents may still change (see `workflow.DRAFTING_STATES`).
PLAN_STATES = (CampaignState.DRAFTING, CampaignState.CONSULTATION)


@transaction.atomic
def campaign_plan_draft(*, by: Any, campaign: ReviewCampaign) -> Document:
    """Create the campaign's plan from its outline, timetable and units, or draft it again:
    a new draft with the text people edited kept. Only the campaign's tracking officers
    (Action.KEEP_REVIEWS at the standing agency or the reviewing body), while drafting or in
    consultation; refused once the plan is issued. Writes `campaign_plan_draft`."""
    campaign = (
        ReviewCampaign.objects.select_for_update(of=("self",))
        .select_related("owner_unit", "standing_agency", "resolution__issuing_unit")
        .get(pk=campaign.pk)
    )
    require_runner(by, campaign, _("draft the review plan"))
    require_open(campaign)
    if campaign.state not in PLAN_STATES:
        raise DomainError(
            _("The plan can be drafted only while drafting or in consultation."), code="state"
        )
    blocks = review_documents.plan_blocks(campaign)
    document = selectors.dossier(campaign=campaign).get(DossierRole.PLAN)
    if document is None:
        document = documents.document_create(
            by=by,
            **review_documents.plan_frame(campaign),
            content=blocks,
            note=_("Drafted from the campaign's outline and timetable"),
        )
        CampaignDocument.objects.create(campaign=campaign, role=DossierRole.PLAN, document=document)
        draft = 1
    else:
        if document.is_issued:
            raise DomainError(_("The plan is issued and can no longer change."), code="issued")
        draft = documents.document_version_save(
            by=by,
            document=document,
            content=merge(current_version(document).content, blocks),
            note=_("Timetable and units refreshed from the campaign"),
        ).number
    changelog_record(
        by=by,
        action="campaign_plan_draft",
        obj=campaign,
        after={"plan": document.pk, "draft": draft},
        unit_path=campaign.owner_unit.path,
    )
    return document


def _plan_of(by: Any, campaign: ReviewCampaign, action: str) -> tuple[ReviewCampaign, Document]:
    """The campaign locked, checked for its runner, and its plan still a draft."""
    campaign = (
        ReviewCampaign.objects.select_for_update(of=("self",))
        .select_related("owner_unit", "resolution")
        .get(pk=campaign.pk)
    )
    require_runner(by, campaign, action)
    document = selectors.dossier(campaign=campaign).get(DossierRole.PLAN)
    if document is None:
        raise DomainError(_("The campaign has no plan yet: draft it first."), code="no_plan")
    if document.is_issued:
        raise DomainError(
            _("The plan is already issued as %(symbol)s.") % {"symbol": document.symbol},
            code="issued",
        )
    return campaign, document


def _check_day(campaign: ReviewCampaign, day: datetime.date) -> None:
    """A plan is dated today or earlier (one entered afterwards), and not before the
    resolution it reviews was issued: the campaign has no start date of its own."""
    if day > timezone.localdate():
        raise DomainError(_("The issue date cannot be in the future."), field="issued_on")
    start = campaign.resolution.issued_on
    if start is not None and day < start:
        raise DomainError(
            _("The plan cannot be dated before the resolution it reviews (%(day)s).")
            % {"day": start.strftime("%d/%m/%Y")},
            field="issued_on",
        )


def _log(by: Any, campaign: ReviewCampaign, document: Document, recorded: bool) -> None:
    changelog_record(
        by=by,
        action="campaign_plan_issue",
        obj=campaign,
        after={
            "plan": document.pk,
            "symbol": document.symbol,
            "issued_on": document.issued_on.isoformat() if document.issued_on else None,
            "recorded": recorded,
        },
        unit_path=campaign.owner_unit.path,
    )


@transaction.atomic
def campaign_plan_issue(
    *, by: Any, campaign: ReviewCampaign, issued_on: datetime.date | None = None
) -> Document:
    """Issue the campaign's plan: the next KH number of the reviewing body's registry (taken
    under the registry's row lock, so never given twice nor skipped) and its date, today or
    a past day for a plan entered afterwards (never in the future, nor before the reviewed
    resolution). The plan is then frozen. Only the campaign's tracking officers (404 outside
    the scope, 403 for anyone else), in any state; refused without a plan or once it is
    issued. Writes `campaign_plan_issue` on the campaign (and `document_issue`)."""
    campaign, document = _plan_of(by, campaign, _("issue the review plan"))
    day = issued_on or timezone.localdate()
    _check_day(campaign, day)
    document = documents.document_issue(by=by, document=document, issued_on=day)
    _log(by, campaign, document, recorded=False)
    return document


@transaction.atomic
def campaign_plan_record(
    *,
    by: Any,
    campaign: ReviewCampaign,
    version: Any,
    number: int,
    issued_on: datetime.date,
) -> Document:
    """Record the number and date a plan signed on paper carries (`correction.issued_apply`:
    the registry moves past the number; a number the body already gave is refused). The
    same people and dates as `campaign_plan_issue`."""
    campaign, document = _plan_of(by, campaign, _("record the review plan as issued"))
    _check_day(campaign, issued_on)
    document = correction.issued_apply(
        by=by, document=document, version=version, number=number, issued_on=issued_on
    )
    _log(by, campaign, document, recorded=True)
    return document

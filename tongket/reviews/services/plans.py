"""The review plan (kế hoạch sơ kết/tổng kết): written at the start of a review by the body
running it (purpose and requirements, content by the outline, timetable by the milestones,
who does what), stored as one of the campaign's documents beside the dossier and corrected,
commented and downloaded like them.

Drafting it again after the timetable or the units changed makes a new draft (lần N+1) with
the text people edited kept, like the dossier (`synthesis.merge`); its frame (header, place,
date, signer, recipients) stays as corrected. It takes its number (…-KH/…) from the issuer's
registry when issued, like the other documents.
Callers: the campaign's tracking officers (standing agency or reviewing body).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongket.core.errors import DomainError
from tongket.core.services import changelog_record
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

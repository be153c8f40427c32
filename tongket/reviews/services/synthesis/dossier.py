"""Drafting the campaign's dossier: the documents written or refreshed, keeping the text
people edited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core.classification import mark_of
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record
from tongket.documents import heading
from tongket.documents import services as documents
from tongket.documents.choices import DocumentKind
from tongket.documents.services import current_version
from tongket.documents.writing import signature_of
from tongket.reviews import selectors
from tongket.reviews.choices import CampaignState, DossierRole, MilestoneKind
from tongket.reviews.models import CampaignDocument, ReviewCampaign
from tongket.reviews.services.campaigns import mark_done, require_open, require_runner
from tongket.reviews.services.synthesis.drafts import draft_resolution_blocks, submission_blocks
from tongket.reviews.services.synthesis.report import dossier_date, report_blocks
from tongket.reviews.wording import (
    followed_subject,
    kind_word,
    next_document_kind,
    next_document_line,
    next_subject,
)
from tongket.reviews.wording import short_name as _short


def merge(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The new blocks, keeping the text of the old blocks people edited (tables, charts and
    proposals follow the data, except a proposal people edited)."""
    kept = {block.get("key"): block for block in old if block.get("edited")}
    merged = []
    for block in new:
        previous = kept.get(block.get("key"))
        if previous is not None:
            block = {**block, "text": previous.get("text", ""), "edited": True}
            if "proposal" in previous:
                block["proposal"] = previous["proposal"]
                block["table"] = previous.get("table", block.get("table"))
        merged.append(block)
    return merged


@transaction.atomic
def campaign_synthesize(*, by: Any, campaign: ReviewCampaign) -> dict[str, Any]:
    """Create the draft dossier, or refresh it: each document gets a new draft (lần N+1)
    with fresh figures and the text people edited kept."""
    campaign = ReviewCampaign.objects.select_for_update().get(pk=campaign.pk)
    require_runner(by, campaign, _("draft the dossier"))
    require_open(campaign)
    if campaign.state not in (CampaignState.DRAFTING, CampaignState.CONSULTATION):
        raise DomainError(
            _("The dossier can be drafted again only while drafting or in consultation.")
        )
    existing = selectors.dossier(campaign=campaign)
    day = dossier_date(campaign)
    higher = heading.addressee_name(campaign.owner_unit, style=campaign.style, on=day)
    # A plan is followed by a plan, a programme by a programme, the rest by a resolution.
    new_kind = next_document_kind(campaign)
    plans = {
        DossierRole.REPORT: (
            DocumentKind.REVIEW_REPORT,
            f"{kind_word(campaign)} {campaign.span_label} thực hiện "
            f"{_short(campaign)} {followed_subject(campaign)}".strip(),
            report_blocks(campaign),
        ),
        DossierRole.SUBMISSION: (
            DocumentKind.SUBMISSION,
            f"về việc thông qua Báo cáo {kind_word(campaign)} và Dự thảo "
            f"{next_document_line(campaign)}",
            submission_blocks(campaign),
        ),
        DossierRole.DRAFT_RESOLUTION: (
            new_kind,
            next_subject(campaign),
            draft_resolution_blocks(campaign),
        ),
    }
    # Who signs, as the body signs in the dossier's format: "T/M ĐẢNG ỦY …" over "BÍ THƯ",
    # "TM. ỦY BAN NHÂN DÂN …" over "CHỦ TỊCH", a command in its head's name ("TƯ LỆNH").
    signature = signature_of(campaign.owner_unit, style=campaign.style, on=day)
    result = {}
    for role, (kind, subject, blocks) in plans.items():
        document = existing.get(role)
        if document is None:
            document = documents.document_create(
                by=by,
                kind=kind,
                issuer=campaign.owner_unit,
                style=campaign.style,
                dated_on=day,
                subject=subject,
                content=blocks,
                place=_place(campaign),
                recipients=[higher] if higher else [],
                **signature,
                note=_("Drafted from the data"),
                classification=mark_of(campaign),
            )
            CampaignDocument.objects.create(campaign=campaign, role=role, document=document)
        else:
            documents.document_version_save(
                by=by,
                document=document,
                content=merge(current_version(document).content, blocks),
                note=_("Figures refreshed from the data"),
            )
        result[role] = document
    changelog_record(
        by=by,
        action="campaign_synthesize",
        obj=campaign,
        after={role: doc.pk for role, doc in result.items()},
        unit_path=campaign.owner_unit.path,
    )
    mark_done(campaign, MilestoneKind.SYNTHESIS, timezone.localdate())
    return result


def _place(campaign: ReviewCampaign) -> str:
    """Where the document is signed: the place of the last document the body issued, else
    the body's place name (the drafting team changes it on the document)."""
    from tongket.documents.models import Document

    last = (
        Document.objects.filter(issuer=campaign.owner_unit)
        .exclude(place="")
        .order_by("-updated_at")
        .values_list("place", flat=True)
        .first()
    )
    from tongket.org.selectors import unit_place

    return last or unit_place(campaign.owner_unit)

"""The dossier's way to an issued resolution: drafting → consultation → appraisal →
submitted → adopted at a conference → issued. Each step belongs to one role and is logged.

- drafts are edited and comments answered by the drafting team (or the standing agency);
- comments come from the steering committee and the drafting team;
- the standing agency opens consultation, asks for appraisal and submits;
- the appraisal unit records its opinion;
- the head of the steering committee (or an approver of the reviewing body) adopts;
- the reviewing body's tracking officer issues: the new resolution is registered (number
  from the registry, issue date, superseding the old one, its objectives, tasks, indicators
  and targets from the draft) and the campaign closes.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.scopes import SYSTEM
from tongket.core.services import changelog_record, snapshot
from tongket.documents import correction
from tongket.documents import services as documents
from tongket.documents.models import Document, DocumentComment
from tongket.documents.services import current_version
from tongket.meetings.models import Meeting
from tongket.org import policy
from tongket.org.policy import Action
from tongket.resolutions import services as resolutions
from tongket.resolutions.choices import ItemKind, RelationKind
from tongket.resolutions.models import Resolution
from tongket.reviews import selectors
from tongket.reviews.choices import (
    DOSSIER_ROLES,
    CampaignKind,
    CampaignShape,
    CampaignState,
    DossierRole,
    MilestoneKind,
)
from tongket.reviews.models import CampaignDocument, ReviewCampaign
from tongket.reviews.services.campaigns import mark_done, require_open, require_runner
from tongket.reviews.wording import continues, next_kind

DRAFTING_STATES = (CampaignState.DRAFTING, CampaignState.CONSULTATION)


def _campaign_of(document: Document) -> ReviewCampaign:
    link = CampaignDocument.objects.select_related("campaign").filter(document=document).first()
    if link is None:
        raise NotFound(_("Document not found."))
    return link.campaign


def _reach(by: Any, campaign: ReviewCampaign) -> None:
    if not ReviewCampaign.objects.filter(selectors.campaign_reach_q(by), pk=campaign.pk).exists():
        raise NotFound(_("Review campaign not found."))


def _step(by: Any, campaign: ReviewCampaign, action: str, before: dict[str, Any]) -> None:
    campaign.version += 1
    campaign.save()
    changelog_record(
        by=by,
        action=action,
        obj=campaign,
        before=before,
        after=snapshot(
            campaign, ["state", "appraised_on", "submitted_on", "adopted_on", "issued_on"]
        ),
        unit_path=campaign.owner_unit.path,
    )


def _lock(campaign: ReviewCampaign) -> ReviewCampaign:
    return (
        ReviewCampaign.objects.select_for_update(of=("self",))
        .select_related("owner_unit", "standing_agency", "appraisal_unit", "resolution")
        .get(pk=campaign.pk)
    )


def _state(campaign: ReviewCampaign, *allowed: str) -> None:
    if campaign.state not in allowed:
        raise DomainError(
            _("This step is not possible while the campaign is %(state)s.")
            % {"state": CampaignState(campaign.state).label.lower()},
            code="state",
        )


# --- Drafts and comments ------------------------------------------------------------------


@transaction.atomic
def dossier_frame_save(
    *,
    by: Any,
    document: Document,
    version: Any,
    signers: list[dict[str, str]] | None = None,
    **fields: Any,
) -> Document:
    """Correct the frame of a dossier document (header lines, place, date, signer,
    recipients) by the drafting team or the standing agency, while the draft may change."""
    campaign = _campaign_of(document)
    _reach(by, campaign)
    if not selectors.can_draft(by, campaign):
        raise PermissionDenied(_("Only the drafting team edits the drafts."))
    require_open(campaign)
    _state(campaign, *DRAFTING_STATES)
    return correction.frame_apply(
        by=by, document=document, version=version, signers=signers, **fields
    )


@transaction.atomic
def dossier_save(
    *,
    by: Any,
    document: Document,
    content: list[dict[str, Any]],
    note: str = "",
    version: int | None = None,
    edited_keys: set[str] | None = None,
) -> Any:
    """A new draft of a dossier document by the drafting team or the standing agency."""
    campaign = _campaign_of(document)
    _reach(by, campaign)
    if not selectors.can_draft(by, campaign):
        raise PermissionDenied(_("Only the drafting team edits the drafts."))
    require_open(campaign)
    _state(campaign, *DRAFTING_STATES)
    if document.campaign_link.role == DossierRole.DRAFT_RESOLUTION:
        _check_proposal(content)
    return documents.document_version_save(
        by=by,
        document=document,
        content=content,
        note=note,
        version=version,
        edited_keys=edited_keys,
    )


def _check_proposal(content: list[dict[str, Any]]) -> None:
    for block in content:
        for index, row in enumerate(block.get("proposal") or [], start=1):
            target = row.get("target")
            if target in (None, ""):
                continue
            try:
                value = Decimal(str(target))
            except InvalidOperation as error:
                raise DomainError(
                    _("Row %(row)s: the proposed target %(value)s is not a number.")
                    % {"row": index, "value": target},
                    field="proposal",
                ) from error
            if value < 0:
                raise DomainError(
                    _("Row %(row)s: a target cannot be negative.") % {"row": index},
                    field="proposal",
                )


@transaction.atomic
def dossier_comment(
    *, by: Any, document: Document, text: str, section_key: str = "", required: bool = False
) -> DocumentComment:
    """A comment by a member of the steering committee or the drafting team."""
    campaign = _campaign_of(document)
    _reach(by, campaign)
    if not selectors.can_comment(by, campaign):
        raise PermissionDenied(
            _("Only members of the steering committee and the drafting team comment.")
        )
    require_open(campaign)
    _state(campaign, *DRAFTING_STATES, CampaignState.APPRAISAL)
    return documents.comment_add(
        by=by, document=document, text=text, section_key=section_key, required=required
    )


@transaction.atomic
def dossier_comment_answer(
    *, by: Any, comment: DocumentComment, status: str, reply: str = ""
) -> DocumentComment:
    campaign = _campaign_of(comment.document)
    _reach(by, campaign)
    if not selectors.can_draft(by, campaign):
        raise PermissionDenied(_("Only the drafting team answers comments."))
    require_open(campaign)
    return documents.comment_answer(by=by, comment=comment, status=status, reply=reply)


# --- Workflow -----------------------------------------------------------------------------


@transaction.atomic
def campaign_consult(*, by: Any, campaign: ReviewCampaign) -> ReviewCampaign:
    """Send the drafts out for comments (standing agency)."""
    campaign = _lock(campaign)
    require_runner(by, campaign, _("open the consultation"))
    _state(campaign, CampaignState.DRAFTING)
    # The plan alone is not a dossier to comment on.
    if DossierRole.REPORT not in selectors.dossier(campaign=campaign):
        raise DomainError(_("Draft the dossier first."))
    before = {"state": campaign.state}
    campaign.state = CampaignState.CONSULTATION
    _step(by, campaign, "campaign_consult", before)
    return campaign


@transaction.atomic
def campaign_request_appraisal(*, by: Any, campaign: ReviewCampaign) -> ReviewCampaign:
    """Send the dossier to the appraisal unit (standing agency)."""
    campaign = _lock(campaign)
    require_runner(by, campaign, _("ask for appraisal"))
    if not campaign.with_appraisal:
        raise DomainError(
            _("This review has no appraisal: submit the dossier directly."), code="no_appraisal"
        )
    _state(campaign, CampaignState.CONSULTATION)
    if campaign.appraisal_unit is None:
        raise DomainError(
            _("Name the unit that appraises the dossier first."), field="appraisal_unit"
        )
    before = {"state": campaign.state}
    campaign.state = CampaignState.APPRAISAL
    mark_done(campaign, MilestoneKind.COMMENTS, timezone.localdate())
    _step(by, campaign, "campaign_request_appraisal", before)
    return campaign


@transaction.atomic
def campaign_appraise(
    *, by: Any, campaign: ReviewCampaign, opinion: str, on: datetime.date | None = None
) -> ReviewCampaign:
    """The appraisal unit returns its opinion (thẩm định)."""
    campaign = _lock(campaign)
    _reach(by, campaign)
    if not selectors.can_appraise(by, campaign):
        raise PermissionDenied(_("Only the appraisal unit records the appraisal."))
    _state(campaign, CampaignState.APPRAISAL)
    opinion = (opinion or "").strip()
    if not opinion:
        raise DomainError(_("Write the appraisal opinion."), field="opinion")
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="on")
    before = {"appraisal_opinion": campaign.appraisal_opinion}
    campaign.appraisal_opinion = opinion
    campaign.appraised_on = day
    mark_done(campaign, MilestoneKind.APPRAISAL, day)
    _step(by, campaign, "campaign_appraise", before)
    return campaign


@transaction.atomic
def campaign_submit(
    *, by: Any, campaign: ReviewCampaign, on: datetime.date | None = None
) -> ReviewCampaign:
    """Submit the appraised dossier to the body that adopts it (standing agency)."""
    campaign = _lock(campaign)
    require_runner(by, campaign, _("submit the dossier"))
    if campaign.with_appraisal:
        _state(campaign, CampaignState.APPRAISAL)
        if campaign.appraised_on is None:
            raise DomainError(_("The dossier has not been appraised yet."), code="not_appraised")
    else:
        # Without appraisal the dossier goes from consultation (or drafting) to submission.
        _state(campaign, CampaignState.DRAFTING, CampaignState.CONSULTATION)
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="on")
    if campaign.appraised_on and day < campaign.appraised_on:
        raise DomainError(
            _("The dossier is submitted after its appraisal (%(day)s).")
            % {"day": campaign.appraised_on.strftime("%d/%m/%Y")},
            field="on",
        )
    before = {"state": campaign.state}
    campaign.state = CampaignState.SUBMITTED
    campaign.submitted_on = day
    mark_done(campaign, MilestoneKind.SUBMISSION, campaign.submitted_on)
    _step(by, campaign, "campaign_submit", before)
    return campaign


@transaction.atomic
def campaign_adopt(
    *,
    by: Any,
    campaign: ReviewCampaign,
    meeting: Meeting | None = None,
    on: datetime.date | None = None,
) -> ReviewCampaign:
    """Adopt the dossier at a conference (the head of the steering committee or an approver
    of the reviewing body). Refused while required comments are open or without appraisal."""
    campaign = _lock(campaign)
    _reach(by, campaign)
    if not selectors.can_adopt(by, campaign):
        raise PermissionDenied(
            _("Only the head of the steering committee or the reviewing body's leaders adopt.")
        )
    _state(campaign, CampaignState.SUBMITTED)
    if campaign.with_appraisal and campaign.appraised_on is None:
        raise DomainError(_("The dossier has not been appraised."), code="not_appraised")
    # The dossier's comments only: the plan's never hold the adoption back.
    open_required = selectors.open_comments(campaign=campaign, roles=DOSSIER_ROLES)["required"]
    if open_required:
        raise DomainError(
            _("%(n)s required comment(s) are still unanswered.") % {"n": open_required},
            code="open_comments",
        )
    # One conference may adopt several reviews of the same body (Tổng cục CNQP reviewed
    # 382 and 765 at one conference); not a conference of another body's review.
    if (
        meeting is not None
        and meeting.campaign_id not in (None, campaign.pk)
        and meeting.campaign.owner_unit_id != campaign.owner_unit_id
    ):
        raise DomainError(_("That conference belongs to another campaign."), field="meeting")
    day = on or (meeting.date if meeting else timezone.localdate())
    if day > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="on")
    if campaign.submitted_on and day < campaign.submitted_on:
        raise DomainError(
            _("The dossier is adopted after its submission (%(day)s).")
            % {"day": campaign.submitted_on.strftime("%d/%m/%Y")},
            field="on",
        )
    before = {"state": campaign.state}
    campaign.state = CampaignState.ADOPTED
    campaign.adopted_on = day
    campaign.adopted_at = meeting
    mark_done(campaign, MilestoneKind.CONFERENCE, day)
    _step(by, campaign, "campaign_adopt", before)
    return campaign


def _proposal(
    campaign: ReviewCampaign,
) -> tuple[Document, list[dict[str, Any]], list[dict[str, Any]]]:
    document = selectors.dossier(campaign=campaign).get(DossierRole.DRAFT_RESOLUTION)
    if document is None:
        raise DomainError(_("The dossier has no draft resolution."))
    content = current_version(document).content
    proposal = next((b.get("proposal") for b in content if b.get("proposal") is not None), [])
    return document, content, proposal


@transaction.atomic
def campaign_issue(
    *, by: Any, campaign: ReviewCampaign, issued_on: datetime.date | None = None
) -> Resolution:
    """Issue the adopted resolution: the draft gets its number from the reviewing body's
    registry and its date; the new resolution is registered with the objectives, tasks,
    indicators and whole-phase targets of the draft, supersedes the old one (or, reviewed by
    a body below its issuer, implements it), and the
    campaign closes. The review report is issued with it."""
    campaign = _lock(campaign)
    scopes.require_role(
        by, campaign.owner_unit, policy.roles(Action.KEEP_REVIEWS), _("issue the new resolution")
    )
    _state(campaign, CampaignState.ADOPTED)
    if campaign.shape == CampaignShape.REPORTED:
        raise DomainError(
            _("A review reported upward issues no resolution: close it once it is reported.")
        )
    day = issued_on or timezone.localdate()
    if day > timezone.localdate():
        raise DomainError(_("The issue date cannot be in the future."), field="issued_on")
    if campaign.adopted_on and day < campaign.adopted_on:
        raise DomainError(_("A resolution is issued after its adoption."), field="issued_on")
    draft, content, proposal = _proposal(campaign)
    documents.document_issue(by=by, document=draft, issued_on=day)
    draft.refresh_from_db()
    report = selectors.dossier(campaign=campaign).get(DossierRole.REPORT)
    if report is not None and not report.is_issued:
        documents.document_issue(by=by, document=report, issued_on=day)
    old = campaign.resolution
    # The new record is kept where the old one was; the system acts for the campaign (the
    # issuing officer's rights were checked above).
    new = resolutions.resolution_create(
        by=SYSTEM,
        kind=next_kind(campaign),  # a plan's review issues the next plan
        symbol=draft.symbol,
        issuing_unit=campaign.owner_unit,
        owner_unit=old.owner_unit,
        subject=draft.subject,
        issued_on=day,
        horizon_from=campaign.next_from,
        horizon_to=campaign.next_to,
        field=old.field,
        classification=old.classification,
        description=_("Adopted at the end of %(campaign)s.") % {"campaign": campaign.title},
        confirm_issuer=True,
        on_track_from=old.on_track_from,
        at_risk_from=old.at_risk_from,
        approved_only=old.approved_only,
        is_illustrative=campaign.is_illustrative,
    )
    for block in content:
        for title in block.get("objectives") or []:
            resolutions.item_create(by=SYSTEM, resolution=new, kind=ItemKind.OBJECTIVE, title=title)
        if block.get("key") == "nhiem-vu":
            for line in (block.get("text") or "").split("\n"):
                title = line.lstrip("- ").strip()
                if title:
                    resolutions.item_create(
                        by=SYSTEM, resolution=new, kind=ItemKind.TASK, title=title
                    )
    for row in proposal:
        indicator = resolutions.indicator_create(
            by=SYSTEM,
            resolution=new,
            code=row["code"],
            name=row["name"],
            unit_of_measure=row.get("unit_of_measure", ""),
            measure_kind=row["measure_kind"],
            unit_aggregation=row["unit_aggregation"],
            time_aggregation=row["time_aggregation"],
            direction=row["direction"],
            rating_levels=row.get("rating_levels") or [],
            decimals=row.get("decimals") or 0,
            baseline_value=None
            if row.get("baseline") in (None, "")
            else Decimal(str(row["baseline"])),
            baseline_year=campaign.span_to,
        )
        if row.get("target") not in (None, ""):
            resolutions.target_set(
                by=SYSTEM,
                indicator=indicator,
                unit=campaign.owner_unit,
                year=None,
                value=Decimal(str(row["target"])),
                reason=_("Adopted with the resolution"),
            )
    # Replaces the old one only where its body has the authority (its issuer, successor or a
    # body above); otherwise, or as a conclusion "về tiếp tục thực hiện", it implements it.
    relation = (
        RelationKind.SUPERSEDES
        if resolutions.may_supersede(campaign.owner_unit, old.issuing_unit)
        and not continues(campaign)
        else RelationKind.IMPLEMENTS
    )
    resolutions.relation_add(by=SYSTEM, source=new, target=old, kind=relation, valid_from=day)
    before = {"state": campaign.state}
    campaign.state = CampaignState.ISSUED
    campaign.issued_on = day
    campaign.new_resolution = new
    _step(by, campaign, "campaign_issue", before)
    return new


@transaction.atomic
def campaign_close(
    *, by: Any, campaign: ReviewCampaign, on: datetime.date | None = None
) -> ReviewCampaign:
    """End a review without a new resolution: a mid-term review (sơ kết) once adopted, or a
    review reported upward once submitted to the body running it. The reviewing body's
    tracking officer closes it; its resolution keeps its status."""
    campaign = _lock(campaign)
    scopes.require_role(
        by, campaign.owner_unit, policy.roles(Action.KEEP_REVIEWS), _("close the review")
    )
    if campaign.shape == CampaignShape.REPORTED:
        _state(campaign, CampaignState.SUBMITTED, CampaignState.ADOPTED)
    elif campaign.kind == CampaignKind.INTERIM:
        _state(campaign, CampaignState.ADOPTED)
    else:
        raise DomainError(
            _("A final review issued by the reviewing body ends in its new resolution.")
        )
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="on")
    last = campaign.adopted_on or campaign.submitted_on
    if last and day < last:
        raise DomainError(
            _("A review is closed after its last step (%(day)s).")
            % {"day": last.strftime("%d/%m/%Y")},
            field="on",
        )
    before = {"state": campaign.state}
    campaign.state = CampaignState.CLOSED
    campaign.closed_on = day
    _step(by, campaign, "campaign_close", before)
    return campaign

"""Opening a review campaign and editing it."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.org import policy
from tongket.org.models import Unit
from tongket.org.policy import Action
from tongket.resolutions.models import Resolution
from tongket.resolutions.selectors import resolution_reach_q
from tongket.reviews.choices import CampaignKind, CampaignShape, CampaignState
from tongket.reviews.models import OutlineSection, ReviewCampaign
from tongket.reviews.services.campaigns.common import (
    SHAPE_FIELDS,
    SHAPE_STATES,
    _check_shape,
    _check_span,
    _value_of,
    default_outline,
    document_words,
)
from tongket.reviews.services.guards import require_open, require_runner


@transaction.atomic
def campaign_create(
    *,
    by: Any,
    kind: str,
    resolution: Resolution,
    owner_unit: Unit,
    standing_agency: Unit,
    span_from: int,
    span_to: int,
    next_from: int,
    next_to: int,
    appraisal_unit: Unit | None = None,
    title: str = "",
    span_label: str = "",
    style: str | None = None,
    is_illustrative: bool = False,
    shape: str = CampaignShape.ISSUED,
    with_appraisal: bool = True,
    reports_to: Unit | None = None,
) -> ReviewCampaign:
    """Open a review of `resolution` by `owner_unit`, with the default outline. Its shape:
    issued by the reviewing body, or reported upward to `reports_to` (a body above it);
    with or without appraisal. The dossier's format (`style`) is the reviewing body's unless
    chosen: Party for a Party committee, State for a command or a State body."""
    from tongket.documents.writing import style_of

    if not Resolution.objects.filter(resolution_reach_q(by), pk=resolution.pk).exists():
        raise NotFound(_("Resolution not found."))
    scopes.require_role(by, owner_unit, policy.roles(Action.KEEP_REVIEWS), _("open a review"))
    for unit, field in ((standing_agency, "standing_agency"), (appraisal_unit, "appraisal_unit")):
        if unit is not None and not Unit.objects.filter(scopes.reach_q(by), pk=unit.pk).exists():
            raise DomainError(_("Choose a unit you can reach."), field=field)
    if kind not in CampaignKind.values:
        raise DomainError(_("Choose interim or final review."), field="kind")
    style = style or style_of(owner_unit)
    if style not in ("party", "state"):
        raise DomainError(_("Choose the document format."), field="style")
    reports_to = _check_shape(by, owner_unit, shape, reports_to)
    _check_span(resolution, span_from, span_to, next_from, next_to)
    years = span_to - span_from + 1
    campaign = ReviewCampaign.objects.create(
        kind=kind,
        title=normalize(title)
        or (
            f"{'Sơ kết' if kind == CampaignKind.INTERIM else 'Tổng kết'} {years} năm thực hiện "
            f"{document_words(resolution)['named']}"
        ),
        resolution=resolution,
        owner_unit=owner_unit,
        standing_agency=standing_agency,
        appraisal_unit=appraisal_unit,
        span_from=span_from,
        span_to=span_to,
        span_label=normalize(span_label) or f"{years} năm",
        next_from=next_from,
        next_to=next_to,
        style=style,
        is_illustrative=is_illustrative,
        shape=shape,
        with_appraisal=bool(with_appraisal),
        reports_to=reports_to,
    )
    for order, (key, title_text, level, source, numbered, guidance) in enumerate(
        default_outline(resolution)
    ):
        OutlineSection.objects.create(
            campaign=campaign,
            key=key,
            title=title_text,
            level=level,
            source=source,
            numbered=numbered,
            guidance=guidance,
            order=order,
        )
    changelog_record(
        by=by,
        action="campaign_create",
        obj=campaign,
        after=snapshot(campaign),
        unit_path=owner_unit.path,
    )
    return campaign


@transaction.atomic
def campaign_update(
    *,
    by: Any,
    campaign: ReviewCampaign,
    version: int | None = None,
    **changes: Any,
) -> ReviewCampaign:
    """Change a campaign's frame (title, kind, span, next phase, standing agency, appraisal
    unit, document format) while it is drafting, and its shape (how it ends, reported to
    whom, with or without appraisal) until the dossier goes to appraisal or is submitted."""
    from tongket.org.services.units import check_version

    require_runner(by, campaign, _("edit the campaign"))
    require_open(campaign)
    campaign = ReviewCampaign.objects.select_for_update().get(pk=campaign.pk)
    check_version(campaign, version)
    allowed = {
        "title",
        "kind",
        "span_from",
        "span_to",
        "span_label",
        "next_from",
        "next_to",
        "standing_agency",
        "appraisal_unit",
        "style",
        *SHAPE_FIELDS,
    }
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError(
            _("These fields cannot be changed here: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))}
        )
    if campaign.state != CampaignState.DRAFTING and (
        set(changes) & {"kind", "span_from", "span_to", "next_from", "next_to"}
    ):
        changed = {
            k
            for k in ("kind", "span_from", "span_to", "next_from", "next_to")
            if k in changes and changes[k] != getattr(campaign, k)
        }
        if changed:
            raise DomainError(
                _("The span can change only while drafting."), field=sorted(changed)[0]
            )
    for unit_field in ("standing_agency", "appraisal_unit"):
        unit = changes.get(unit_field)
        if unit is not None and not Unit.objects.filter(scopes.reach_q(by), pk=unit.pk).exists():
            raise DomainError(_("Choose a unit you can reach."), field=unit_field)
    if "kind" in changes and changes["kind"] not in CampaignKind.values:
        raise DomainError(_("Choose interim or final review."), field="kind")
    if "style" in changes and changes["style"] not in ("party", "state"):
        raise DomainError(_("Choose the document format."), field="style")
    if "standing_agency" in changes and changes["standing_agency"] is None:
        raise DomainError(_("Choose the standing agency."), field="standing_agency")
    if "with_appraisal" in changes:
        changes["with_appraisal"] = bool(changes["with_appraisal"])
    reshaped = sorted(
        name
        for name in SHAPE_FIELDS
        if name in changes and _value_of(changes[name]) != _value_of(getattr(campaign, name))
    )
    if reshaped and campaign.state not in SHAPE_STATES:
        raise DomainError(
            _("How the review ends can change only until the dossier is appraised or submitted."),
            field=reshaped[0],
        )
    if set(changes) & {"shape", "reports_to"}:
        changes["reports_to"] = _check_shape(
            by,
            campaign.owner_unit,
            changes.get("shape", campaign.shape),
            changes.get("reports_to", campaign.reports_to),
        )
    before = snapshot(campaign)
    for name, value in changes.items():
        if name in ("title", "span_label"):
            value = normalize(value or "")
            if name == "title" and not value:
                raise DomainError(_("Enter the campaign's title."), field="title")
        setattr(campaign, name, value)
    _check_span(
        campaign.resolution,
        campaign.span_from,
        campaign.span_to,
        campaign.next_from,
        campaign.next_to,
    )
    campaign.version += 1
    campaign.save()
    changelog_record(
        by=by,
        action="campaign_update",
        obj=campaign,
        before=before,
        after=snapshot(campaign),
        unit_path=campaign.owner_unit.path,
    )
    return campaign

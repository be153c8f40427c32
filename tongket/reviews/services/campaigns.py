"""Setting a review campaign up: the campaign, its committee and team, its participating
units, its outline and its timetable.

Callers: tracking officers (and administrators) of the reviewing body or of the standing
agency.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError, NotFound
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.org import policy
from tongket.org.models import Person, Unit
from tongket.org.policy import Action
from tongket.reporting.models import Period
from tongket.resolutions.models import Resolution
from tongket.resolutions.selectors import resolution_reach_q
from tongket.reviews.choices import (
    Body,
    CampaignKind,
    CampaignShape,
    CampaignState,
    MemberRole,
    MilestoneKind,
    SectionSource,
)
from tongket.reviews.models import (
    CampaignMember,
    CampaignUnit,
    Milestone,
    OutlineSection,
    ReviewCampaign,
    UnitReviewReport,
)
from tongket.reviews.selectors import can_run

# The outline of DOMAIN.md §2: (key, title, level, source, numbered).
DEFAULT_OUTLINE = [
    ("mo-dau", "Căn cứ, mục đích, yêu cầu", 0, SectionSource.NONE, False),
    ("ket-qua", "Kết quả thực hiện Nghị quyết", 0, SectionSource.NONE, True),
    ("tinh-hinh", "Tình hình", 1, SectionSource.NONE, True),
    (
        "lanh-dao",
        "Công tác lãnh đạo, chỉ đạo, quán triệt, cụ thể hóa Nghị quyết",
        1,
        SectionSource.REPORTING,
        True,
    ),
    (
        "ket-qua-chi-tieu",
        "Kết quả thực hiện các mục tiêu, chỉ tiêu, nhiệm vụ, giải pháp",
        1,
        SectionSource.FIGURES,
        True,
    ),
    ("danh-gia", "Đánh giá chung", 1, SectionSource.NONE, True),
    ("uu-diem", "Ưu điểm", 2, SectionSource.RESULTS, True),
    ("han-che", "Hạn chế, khuyết điểm", 2, SectionSource.SHORTCOMINGS, True),
    ("nguyen-nhan", "Nguyên nhân (khách quan, chủ quan)", 2, SectionSource.CAUSES, True),
    ("bai-hoc", "Bài học kinh nghiệm", 1, SectionSource.NONE, True),
    (
        "phuong-huong",
        "Phương hướng, mục tiêu, nhiệm vụ, giải pháp giai đoạn tới",
        0,
        SectionSource.NONE,
        True,
    ),
    ("kien-nghi", "Kiến nghị, đề xuất", 0, SectionSource.PROPOSALS, True),
]
GUIDANCE = {
    "mo-dau": "Căn cứ pháp lý; mục đích, yêu cầu của việc sơ kết, tổng kết.",
    "tinh-hinh": "Đặc điểm tình hình tác động đến việc thực hiện Nghị quyết trong giai đoạn.",
    "lanh-dao": "Quán triệt, tuyên truyền; cụ thể hóa bằng chương trình hành động, kế hoạch, "
    "nghị quyết của cấp mình; kiểm tra, đôn đốc; chế độ báo cáo.",
    "ket-qua-chi-tieu": "Kết quả theo từng mục tiêu, chỉ tiêu, nhiệm vụ, giải pháp, có số liệu.",
    "uu-diem": "Những kết quả nổi bật.",
    "han-che": "Những hạn chế, khuyết điểm, chỉ tiêu chưa đạt.",
    "nguyen-nhan": "Nguyên nhân khách quan và chủ quan của ưu điểm và hạn chế.",
    "bai-hoc": "Bài học kinh nghiệm rút ra.",
    "phuong-huong": "Phương hướng, mục tiêu, chỉ tiêu, nhiệm vụ, giải pháp giai đoạn tới.",
    "kien-nghi": "Kiến nghị, đề xuất với cấp trên.",
}


def _value_of(value: Any) -> Any:
    """A field's value as compared for a change: a unit by its id."""
    return getattr(value, "pk", value)


def require_runner(by: Any, campaign: ReviewCampaign, action: str = "") -> None:
    """404 outside the scope; 403 for anyone but the campaign's tracking officers."""
    from tongket.reviews.selectors import campaign_reach_q

    if not ReviewCampaign.objects.filter(campaign_reach_q(by), pk=campaign.pk).exists():
        raise NotFound(_("Review campaign not found."))
    if not can_run(by, campaign):
        raise PermissionDenied(
            _("Only the standing agency's tracking officers may %(action)s.")
            % {"action": action or _("do this")}
        )


def require_open(campaign: ReviewCampaign) -> None:
    if campaign.is_closed:
        raise DomainError(_("The campaign is closed: the new resolution has been issued."))


def span_period(campaign: ReviewCampaign) -> Period:
    """The period covering the span ("2013-2022"), a term (read only: unsaved when no one has
    stored it; its figures are made from the finer periods inside it)."""
    from tongket.reporting.services.periods import period_find

    return period_find(code=f"{campaign.span_from}-{campaign.span_to}")


def _check_span(
    resolution: Resolution, span_from: int, span_to: int, next_from: int, next_to: int
) -> None:
    if span_to < span_from:
        raise DomainError(_("The span cannot end before it starts."), field="span_to")
    if not resolution.horizon_known:
        raise DomainError(
            _(
                "The horizon of %(resolution)s is not yet determined: enter it on the "
                "resolution before reviewing a span of it."
            )
            % {"resolution": resolution.reference},
            field="span_from",
        )
    if span_from < resolution.horizon_from or span_to > resolution.last_target_year:
        raise DomainError(
            _("The span %(span)s lies outside the resolution's horizon %(horizon)s.")
            % {"span": f"{span_from}–{span_to}", "horizon": resolution.horizon_label},
            field="span_from",
        )
    if next_to < next_from or next_from <= span_from:
        raise DomainError(
            _("The next phase must start after the reviewed span starts and end after it begins."),
            field="next_from",
        )


def _check_shape(by: Any, owner_unit: Unit, shape: str, reports_to: Unit | None) -> Unit | None:
    """The body a review of this shape reports to: a body the user reaches other than the
    reviewing body for a review reported upward; none for one the reviewing body issues."""
    if shape not in CampaignShape.values:
        raise DomainError(_("Choose how the review ends."), field="shape")
    if shape != CampaignShape.REPORTED:
        return None
    if reports_to is None:
        raise DomainError(
            _("Name the body running the review that the report goes to."),
            field="reports_to",
        )
    if (
        reports_to.pk == owner_unit.pk
        or not Unit.objects.filter(scopes.reach_q(by), pk=reports_to.pk).exists()
    ):
        raise DomainError(_("Choose a body above the reviewing body."), field="reports_to")
    return reports_to


# The shape may change until the dossier goes to appraisal or is submitted.
SHAPE_FIELDS = ("shape", "with_appraisal", "reports_to")
SHAPE_STATES = (CampaignState.DRAFTING, CampaignState.CONSULTATION)


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
    style: str = "party",
    is_illustrative: bool = False,
    shape: str = CampaignShape.ISSUED,
    with_appraisal: bool = True,
    reports_to: Unit | None = None,
) -> ReviewCampaign:
    """Open a review of `resolution` by `owner_unit`, with the default outline. Its shape:
    issued by the reviewing body, or reported upward to `reports_to` (a body above it);
    with or without appraisal."""
    if not Resolution.objects.filter(resolution_reach_q(by), pk=resolution.pk).exists():
        raise NotFound(_("Resolution not found."))
    scopes.require_role(by, owner_unit, policy.roles(Action.KEEP_REVIEWS), _("open a review"))
    for unit, field in ((standing_agency, "standing_agency"), (appraisal_unit, "appraisal_unit")):
        if unit is not None and not Unit.objects.filter(scopes.reach_q(by), pk=unit.pk).exists():
            raise DomainError(_("Choose a unit you can reach."), field=field)
    if kind not in CampaignKind.values:
        raise DomainError(_("Choose interim or final review."), field="kind")
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
            f"Nghị quyết {resolution.symbol}"
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
    for order, (key, title_text, level, source, numbered) in enumerate(DEFAULT_OUTLINE):
        OutlineSection.objects.create(
            campaign=campaign,
            key=key,
            title=title_text,
            level=level,
            source=source,
            numbered=numbered,
            guidance=GUIDANCE.get(key, ""),
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
def member_add(
    *,
    by: Any,
    campaign: ReviewCampaign,
    person: Person,
    body: str,
    role: str = MemberRole.MEMBER,
    title: str = "",
) -> CampaignMember:
    """Put a person on the steering committee or the drafting team."""
    require_runner(by, campaign, _("compose the committee"))
    require_open(campaign)
    if body not in Body.values:
        raise DomainError(_("Choose the committee or the team."), field="body")
    if role not in MemberRole.values:
        raise DomainError(_("Choose a role."), field="role")
    if not Person.objects.filter(scopes.reach_q(by, "unit__path"), pk=person.pk).exists():
        raise NotFound(_("Person not found."))
    if role == MemberRole.HEAD and campaign.members.filter(body=body, role=role).exists():
        raise DomainError(_("This body already has a head."), field="role")
    if campaign.members.filter(person=person, body=body).exists():
        raise DomainError(
            _("%(person)s is already on it.") % {"person": person.full_name}, field="person"
        )
    last = campaign.members.filter(body=body).aggregate(m=Max("order"))["m"] or 0
    member = CampaignMember.objects.create(
        campaign=campaign,
        person=person,
        body=body,
        role=role,
        title=normalize(title),
        order=last + 1 if role != MemberRole.HEAD else 0,
    )
    changelog_record(
        by=by,
        action="member_add",
        obj=campaign,
        after={"person": person.full_name, "body": body, "role": role},
        unit_path=campaign.owner_unit.path,
    )
    return member


@transaction.atomic
def member_remove(*, by: Any, member: CampaignMember) -> None:
    campaign = member.campaign
    require_runner(by, campaign, _("compose the committee"))
    require_open(campaign)
    changelog_record(
        by=by,
        action="member_remove",
        obj=campaign,
        before={"person": member.person.full_name, "body": member.body, "role": member.role},
        unit_path=campaign.owner_unit.path,
    )
    member.delete()


@transaction.atomic
def participant_add(
    *,
    by: Any,
    campaign: ReviewCampaign,
    units: list[Unit],
    due_date: datetime.date | None = None,
) -> list[UnitReviewReport]:
    """Send the outline down to these units: each gets a review report to write, pre-filled
    with its figures and narratives over the span."""
    from tongket.reviews.services.unit_reports import prefill

    require_runner(by, campaign, _("choose the participating units"))
    require_open(campaign)
    reports = []
    for unit in units:
        if (
            not scopes.covers(by, unit)
            and not Unit.objects.filter(scopes.reach_q(by), pk=unit.pk).exists()
        ):
            raise NotFound(_("Unit not found."))
        if unit.established_on and unit.established_on.year > campaign.span_to:
            raise DomainError(
                _("%(unit)s did not exist during the span.") % {"unit": unit.name}, field="units"
            )
        CampaignUnit.objects.update_or_create(
            campaign=campaign, unit=unit, defaults={"due_date": due_date}
        )
        report, created = UnitReviewReport.objects.get_or_create(campaign=campaign, unit=unit)
        if created:
            prefill(report)
        reports.append(report)
    changelog_record(
        by=by,
        action="participant_add",
        obj=campaign,
        after={"units": [u.code for u in units], "due": str(due_date)},
        unit_path=campaign.owner_unit.path,
    )
    return reports


@transaction.atomic
def milestone_add(
    *,
    by: Any,
    campaign: ReviewCampaign,
    kind: str,
    title: str,
    due_date: datetime.date,
) -> Milestone:
    require_runner(by, campaign, _("set the timetable"))
    if kind not in MilestoneKind.values:
        raise DomainError(_("Choose the kind of milestone."), field="kind")
    title = normalize(title) or str(MilestoneKind(kind).label)  # a string, for the log
    last = campaign.milestones.aggregate(m=Max("order"))["m"] or 0
    milestone = Milestone.objects.create(
        campaign=campaign, kind=kind, title=title, due_date=due_date, order=last + 1
    )
    changelog_record(
        by=by,
        action="milestone_add",
        obj=campaign,
        after=snapshot(milestone),
        unit_path=campaign.owner_unit.path,
    )
    return milestone


@transaction.atomic
def milestone_done(
    *, by: Any, milestone: Milestone, done_on: datetime.date | None = None
) -> Milestone:
    from django.utils import timezone

    require_runner(by, milestone.campaign, _("set the timetable"))
    day = done_on or timezone.localdate()
    if day > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="done_on")
    milestone.done_on = day
    milestone.save(update_fields=["done_on"])
    changelog_record(
        by=by,
        action="milestone_done",
        obj=milestone.campaign,
        after={"milestone": milestone.title, "done_on": day.isoformat()},
        unit_path=milestone.campaign.owner_unit.path,
    )
    return milestone


def mark_done(campaign: ReviewCampaign, kind: str, day: datetime.date) -> None:
    """A workflow step done marks the open milestones of that kind as done."""
    campaign.milestones.filter(kind=kind, done_on__isnull=True).update(done_on=day)


@transaction.atomic
def outline_section_set(
    *,
    by: Any,
    campaign: ReviewCampaign,
    key: str,
    title: str,
    level: int = 1,
    guidance: str = "",
    source: str = SectionSource.NONE,
    after: str | None = None,
) -> OutlineSection:
    """Add a section to the outline (after `after`, else at the end) or change one."""
    require_runner(by, campaign, _("edit the outline"))
    require_open(campaign)
    if campaign.state != CampaignState.DRAFTING:
        raise DomainError(_("The outline can change only while drafting."))
    key = slugify(key)[:40]
    if not key:
        raise DomainError(_("Enter a key (letters, digits, hyphens)."), field="key")
    title = normalize(title)
    if not title:
        raise DomainError(_("Enter the section's title."), field="title")
    if source not in SectionSource.values:
        raise DomainError(_("Choose what the section is pre-filled with."), field="source")
    if not 0 <= int(level) <= 2:
        raise DomainError(_("A level from 0 to 2."), field="level")
    section = campaign.outline.filter(key=key).first()
    before = snapshot(section) if section else None
    if section is None:
        sections = list(campaign.outline.order_by("order", "id"))
        position = len(sections)
        if after:
            found = [i for i, s in enumerate(sections) if s.key == after]
            if not found:
                raise DomainError(_("No such section."), field="after")
            position = found[0] + 1
        section = OutlineSection(campaign=campaign, key=key)
        sections.insert(position, section)
        for order, item in enumerate(sections):
            item.order = order
            if item.pk:
                item.save(update_fields=["order"])
    section.title = title
    section.level = int(level)
    section.guidance = (guidance or "").strip()
    section.source = source
    section.save()
    changelog_record(
        by=by,
        action="outline_section_set",
        obj=campaign,
        before=before,
        after=snapshot(section),
        unit_path=campaign.owner_unit.path,
    )
    return section


@transaction.atomic
def outline_section_remove(*, by: Any, section: OutlineSection) -> None:
    campaign = section.campaign
    require_runner(by, campaign, _("edit the outline"))
    if campaign.state != CampaignState.DRAFTING:
        raise DomainError(_("The outline can change only while drafting."))
    changelog_record(
        by=by,
        action="outline_section_remove",
        obj=campaign,
        before=snapshot(section),
        unit_path=campaign.owner_unit.path,
    )
    section.delete()


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

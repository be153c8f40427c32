"""Every scoped read of review campaigns, and the figures and narratives a review is made of.

A campaign reaches a user covering the reviewing body, the standing agency, the appraisal
unit or a participating unit, and the people on its steering committee or drafting team:
named on the campaign (`CampaignMember`), or sitting on the body (`org.BodyGroup`) named as
its steering committee or drafting team. A body's members read the campaign and comment on
its dossier, nothing more: drafting, answering comments, adopting and reading every unit's
report stay with the people named on the campaign.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.classification import clearance_q, clearance_q_through
from tongket.core.errors import NotFound
from tongket.core.numbers import format_number, format_percent
from tongket.documents.choices import CommentStatus
from tongket.documents.models import DocumentComment
from tongket.org import policy
from tongket.org.models import Unit
from tongket.org.policy import Action
from tongket.org.selectors import body_groups_seating
from tongket.reporting import selectors as reporting
from tongket.reporting.choices import Basis, SectionKind, Status
from tongket.reporting.models import FormSection, Period, Report
from tongket.reviews.choices import Body, MemberRole, UnitReportState
from tongket.reviews.models import (
    CampaignDocument,
    CampaignMember,
    CampaignUnit,
    ReviewCampaign,
    UnitReviewReport,
)

# Documents are written in Vietnamese whatever the reader's language.
STATUS_WORDS = {
    Status.EXCEEDED: "Vượt",
    Status.MET: "Đạt",
    Status.ON_TRACK: "Đúng tiến độ",
    Status.AT_RISK: "Có nguy cơ",
    Status.BEHIND: "Chậm",
    Status.NO_DATA: "Chưa có số liệu",
    Status.NO_TARGET: "Chưa giao chỉ tiêu",
}


_BODIES_ATTR = "_tongket_body_groups"


def _person_id(user: Any) -> int | None:
    return getattr(user, "person_id", None)


def _body_groups(user: Any) -> set[int]:
    """The bodies the user's person sits on today, read once per request (like the grants in
    `core.scopes`)."""
    if not getattr(user, "is_authenticated", False) or not _person_id(user):
        return set()
    cached = getattr(user, _BODIES_ATTR, None)
    if cached is None:
        cached = body_groups_seating(person_id=_person_id(user))
        setattr(user, _BODIES_ATTR, cached)
    return cached


def _body_q(user: Any, prefix: str = "") -> Q | None:
    groups = _body_groups(user)
    if not groups:
        return None
    return Q(**{f"{prefix}steering_group_id__in": groups}) | Q(
        **{f"{prefix}drafting_group_id__in": groups}
    )


def campaign_reach_q(user: Any, prefix: str = "") -> Q:
    if scopes.is_unrestricted(user):
        return Q()
    participants = CampaignUnit.objects.filter(scopes.scope_q(user, "unit__path")).values(
        "campaign_id"
    )
    query = (
        scopes.scope_q(user, f"{prefix}owner_unit__path")
        | scopes.scope_q(user, f"{prefix}standing_agency__path")
        | scopes.scope_q(user, f"{prefix}appraisal_unit__path")
        | Q(**{f"{prefix}pk__in": participants})
    )
    person = _person_id(user)
    if person:
        query |= Q(
            **{
                f"{prefix}pk__in": CampaignMember.objects.filter(person_id=person).values(
                    "campaign_id"
                )
            }
        )
    bodies = _body_q(user, prefix)
    if bodies is not None:
        query |= bodies
    # Campaigns of a resolution marked above the user's clearance stay hidden.
    return query & clearance_q_through(user, ReviewCampaign, prefix)


def campaign_list(
    *, user: Any, state: str | None = None, resolution: Any = None
) -> QuerySet[ReviewCampaign]:
    queryset = ReviewCampaign.objects.filter(campaign_reach_q(user)).select_related(
        "resolution", "owner_unit", "standing_agency", "appraisal_unit", "new_resolution"
    )
    if state:
        queryset = queryset.filter(state=state)
    if resolution is not None:
        queryset = queryset.filter(resolution=resolution)
    return queryset.annotate(
        unit_count=Count("participants", distinct=True),
    ).order_by("-span_to", "-id")


def campaign_get(*, user: Any, pk: Any) -> ReviewCampaign:
    try:
        return (
            ReviewCampaign.objects.filter(campaign_reach_q(user))
            .select_related(
                "resolution",
                "resolution__issuing_unit",
                "owner_unit",
                "standing_agency",
                "appraisal_unit",
                "new_resolution",
                "adopted_at",
                "reports_to",
                "steering_group",
                "drafting_group",
            )
            .get(pk=int(pk))
        )
    except (ReviewCampaign.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Review campaign not found.")) from error


def members(*, campaign: ReviewCampaign) -> QuerySet[CampaignMember]:
    return campaign.members.select_related("person").order_by("body", "order", "id")


def is_member(user: Any, campaign: ReviewCampaign, body: str | None = None) -> bool:
    person = _person_id(user)
    if not person:
        return False
    queryset = campaign.members.filter(person_id=person)
    if body:
        queryset = queryset.filter(body=body)
    return queryset.exists()


def is_head(user: Any, campaign: ReviewCampaign) -> bool:
    person = _person_id(user)
    return (
        bool(person)
        and campaign.members.filter(
            person_id=person, body=Body.STEERING_COMMITTEE, role=MemberRole.HEAD
        ).exists()
    )


def can_run(user: Any, campaign: ReviewCampaign) -> bool:
    """The standing agency's (or the reviewing body's) tracking officers run the campaign."""
    return scopes.covers(
        user, campaign.standing_agency, policy.roles(Action.KEEP_REVIEWS)
    ) or scopes.covers(user, campaign.owner_unit, policy.roles(Action.KEEP_REVIEWS))


def can_draft(user: Any, campaign: ReviewCampaign) -> bool:
    return can_run(user, campaign) or is_member(user, campaign, Body.DRAFTING_TEAM)


def sits_on_body(user: Any, campaign: ReviewCampaign) -> bool:
    """Whether the user's person sits on the body named as the campaign's steering committee
    or drafting team (by name or by the seat's position held today)."""
    groups = _body_groups(user)
    return bool(groups) and bool({campaign.steering_group_id, campaign.drafting_group_id} & groups)


def can_comment(user: Any, campaign: ReviewCampaign) -> bool:
    """Members named on the campaign, members of its bodies, and those who run it."""
    return is_member(user, campaign) or sits_on_body(user, campaign) or can_run(user, campaign)


def can_appraise(user: Any, campaign: ReviewCampaign) -> bool:
    unit = campaign.appraisal_unit
    return unit is not None and scopes.covers(user, unit, policy.roles(Action.APPRAISE_REVIEWS))


def can_adopt(user: Any, campaign: ReviewCampaign) -> bool:
    """The head of the steering committee, or an approver of the reviewing body."""
    return is_head(user, campaign) or scopes.covers(
        user, campaign.owner_unit, policy.roles(Action.ADOPT_REVIEWS)
    )


def unit_report_list(*, user: Any, campaign: ReviewCampaign) -> QuerySet[UnitReviewReport]:
    """All unit reports for those who run or sit on the campaign; else those of the user's
    units."""
    queryset = campaign.unit_reports.select_related("unit")
    if not (can_run(user, campaign) or is_member(user, campaign) or can_appraise(user, campaign)):
        queryset = scopes.restrict(queryset, user, "unit__path")
    return queryset.order_by("unit__sort_key")


def unit_report_get(*, user: Any, pk: Any) -> UnitReviewReport:
    try:
        report = UnitReviewReport.objects.select_related("campaign", "unit").get(pk=int(pk))
    except (UnitReviewReport.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Unit review report not found.")) from error
    campaign = campaign_get(user=user, pk=report.campaign_id)
    if not unit_report_list(user=user, campaign=campaign).filter(pk=report.pk).exists():
        raise NotFound(_("Unit review report not found."))
    return report


def dossier(*, campaign: ReviewCampaign) -> dict[str, Any]:
    return {
        link.role: link.document
        for link in CampaignDocument.objects.filter(campaign=campaign).select_related(
            "document", "document__profile", "document__issuer"
        )
    }


def open_comments(
    *, campaign: ReviewCampaign, roles: tuple[str, ...] | None = None
) -> dict[str, int]:
    """The campaign's open comments and the required ones among them, on the documents of
    `roles` (all of the campaign's documents when None)."""
    links = CampaignDocument.objects.filter(campaign=campaign)
    if roles is not None:
        links = links.filter(role__in=roles)
    documents = links.values("document_id")
    queryset = DocumentComment.objects.filter(document_id__in=documents, status=CommentStatus.OPEN)
    return {"open": queryset.count(), "required": queryset.filter(required=True).count()}


def milestones(*, campaign: ReviewCampaign) -> list[dict[str, Any]]:
    today = timezone.localdate()
    return [
        {"milestone": m, "status": m.status(today)}
        for m in campaign.milestones.order_by("due_date", "order", "id")
    ]


def adoption_meetings(*, user: Any, campaign: ReviewCampaign) -> QuerySet[Any]:
    """The conferences the user sees that may adopt the campaign: its own, those of no
    campaign, and those of another review of the same body (one conference adopts several
    reviews: Tổng cục CNQP adopted its 382 and 765 reviews at one conference)."""
    from tongket.meetings.selectors import meeting_list

    return meeting_list(user=user).filter(
        Q(campaign=campaign)
        | Q(campaign__isnull=True)
        | Q(campaign__owner_unit_id=campaign.owner_unit_id)
    )


def participants(*, campaign: ReviewCampaign) -> QuerySet[CampaignUnit]:
    return campaign.participants.select_related("unit").order_by("unit__sort_key")


# --- Figures and narratives of a review ----------------------------------------------------


def _fmt(indicator: Any, value: Any) -> str:
    if value is None:
        return "–"
    if indicator.measure_kind == "ratio":
        return format_percent(value)
    return format_number(value, indicator.decimals)


def figures_table(
    *, user: Any, campaign: ReviewCampaign, unit: Unit, period: Period
) -> dict[str, Any]:
    """Per indicator over the span at the unit: baseline, target, achieved, progress and
    status (the same figures as the dashboards: the roll-ups, approved reports only when the
    resolution says so)."""
    indicators = reporting.resolution_indicators(user=scopes.SYSTEM, resolution=campaign.resolution)
    basis = Basis.APPROVED if campaign.resolution.approved_only else Basis.SUBMITTED
    rows = reporting.figures(
        user=scopes.SYSTEM, unit=unit, period=period, indicators=indicators, basis=basis
    )
    return {
        "caption": f"Kết quả thực hiện các chỉ tiêu, giai đoạn {campaign.span_text}",
        "columns": [
            "Mã",
            "Chỉ tiêu",
            "Đơn vị tính",
            "Giá trị gốc",
            "Chỉ tiêu",
            "Thực hiện",
            "Tiến độ",
            "Đánh giá",
        ],
        "numeric": [3, 4, 5, 6],
        "widths": [1.2, 5.2, 1.7, 1.7, 1.7, 1.7, 1.4, 1.8],
        "rows": [
            [
                row.indicator.code,
                row.indicator.name,
                row.indicator.unit_of_measure,
                _fmt(row.indicator, row.baseline),
                _fmt(row.indicator, row.target_due),
                _fmt(row.indicator, row.value),
                format_percent(row.progress, 0) if row.progress is not None else "–",
                STATUS_WORDS[row.status]
                if row.value is None or row.target_due is not None
                else "Chưa giao chỉ tiêu",
            ]
            for row in rows
        ],
        "statuses": [row.status for row in rows],
        "codes": [row.indicator.code for row in rows],
    }


def reporting_summary(*, user: Any, campaign: ReviewCampaign, unit: Unit) -> dict[str, Any]:
    """Completeness and timeliness of the unit subtree's periodic reports over the span.
    Reports marked above the user's clearance (a form that also carries indicators of a
    resolution marked higher than the campaign's) are not counted."""
    forms = list(campaign.resolution.report_forms.all())
    queryset = Report.objects.filter(
        form__in=forms,
        period__year__gte=campaign.span_from,
        period__end_year__lte=campaign.span_to,
        unit__path__startswith=unit.path,
    ).filter(clearance_q(user, Report))
    counts = queryset.aggregate(
        expected=Count("id"),
        received=Count("id", filter=Q(first_submitted_at__isnull=False)),
        approved=Count("id", filter=Q(state="approved")),
        backfill=Count("id", filter=Q(is_backfill=True)),
    )
    # A report entered afterwards (nhập bù) had no deadline to keep: never "on time".
    on_time = sum(
        1
        for first, due in queryset.filter(
            first_submitted_at__isnull=False, is_backfill=False
        ).values_list("first_submitted_at", "due_date")
        if timezone.localtime(first).date() <= due
    )
    expected = counts["expected"] or 0
    return {
        **counts,
        "on_time": on_time,
        "text": (
            f"Chế độ báo cáo định kỳ giai đoạn {campaign.span_text}: đã nhận "
            f"{counts['received']}/{expected} báo cáo"
            + (f" ({format_percent(counts['received'] * 100 / expected)})" if expected else "")
            + f", {on_time} báo cáo đúng hạn, {counts['approved']} báo cáo được duyệt"
            + (f", {counts['backfill']} báo cáo nhập bù." if counts["backfill"] else ".")
        ),
    }


def narratives(
    *, user: Any, campaign: ReviewCampaign, unit: Unit, limit: int = 6
) -> dict[str, str]:
    """What the unit's subtree wrote in its periodic reports over the span, by kind of
    section (results, shortcomings, causes, proposals), latest periods first; reports marked
    above the user's clearance are left out."""
    forms = list(campaign.resolution.report_forms.all())
    kinds = {
        (section.form_id, section.key): section.kind
        for section in FormSection.objects.filter(form__in=forms)
    }
    reports = (
        Report.objects.filter(
            form__in=forms,
            period__year__gte=campaign.span_from,
            period__end_year__lte=campaign.span_to,
            unit__path__startswith=unit.path,
            first_submitted_at__isnull=False,
        )
        .filter(clearance_q(user, Report))
        .select_related("unit", "period")
        .order_by("-period__sort_key", "unit__sort_key")
    )
    gathered: dict[str, list[str]] = defaultdict(list)
    seen: dict[str, set[str]] = defaultdict(set)
    for report in reports[:200]:
        for key, text in (report.narrative or {}).items():
            kind = kinds.get((report.form_id, key), SectionKind.FREE)
            text = (text or "").strip()
            if not text or text in seen[kind] or len(gathered[kind]) >= limit:
                continue
            seen[kind].add(text)
            gathered[kind].append(f"- ({report.period.code}, {report.unit.name}) {text}")
    return {kind: "\n".join(lines) for kind, lines in gathered.items()}


def highlights(*, table: dict[str, Any], children_rows: dict[str, Any]) -> str:
    """Indicators exceeded, indicators behind and units behind, in words."""
    exceeded = [
        code
        for code, status in zip(table["codes"], table["statuses"], strict=True)
        if status in (Status.EXCEEDED, Status.MET)
    ]
    behind = [
        code
        for code, status in zip(table["codes"], table["statuses"], strict=True)
        if status in (Status.BEHIND, Status.AT_RISK)
    ]
    lines = []
    if exceeded:
        lines.append(
            f"Có {len(exceeded)} chỉ tiêu đạt và vượt chỉ tiêu đề ra: {', '.join(exceeded)}."
        )
    if behind:
        lines.append(
            f"Có {len(behind)} chỉ tiêu chưa đạt hoặc có nguy cơ không đạt: {', '.join(behind)}."
        )
    if children_rows.get("behind"):
        lines.append(
            "Đơn vị còn chậm ở phần lớn chỉ tiêu: " + ", ".join(children_rows["behind"]) + "."
        )
    return "\n".join(lines)


def children_table(
    *, user: Any, campaign: ReviewCampaign, unit: Unit, period: Period
) -> dict[str, Any]:
    """Units directly below: the share of their indicators met or exceeded over the span."""
    indicators = reporting.resolution_indicators(user=scopes.SYSTEM, resolution=campaign.resolution)
    basis = Basis.APPROVED if campaign.resolution.approved_only else Basis.SUBMITTED
    children = [
        child
        for child in Unit.objects.filter(parent=unit).order_by("sort_key")
        if child.established_on is None or child.established_on.year <= campaign.span_to
    ]
    figures = reporting.figures_for_units(
        user=scopes.SYSTEM,
        units=children,
        period=period,
        indicators=indicators,
        basis=basis,
    )
    rows, behind = [], []
    for child in children:
        statuses = [row.status for row in figures.get(child.pk, [])]
        judged = [s for s in statuses if s not in (Status.NO_DATA, Status.NO_TARGET)]
        if not judged:
            continue
        good = sum(1 for s in judged if s in (Status.EXCEEDED, Status.MET, Status.ON_TRACK))
        share = good * 100 / len(judged)
        if share < 50:
            behind.append(child.name)
        rows.append([child.name, len(judged), good, format_percent(share, 0)])
    return {
        "caption": f"Kết quả của các đơn vị trực thuộc, giai đoạn {campaign.span_text}",
        "columns": ["Đơn vị", "Số chỉ tiêu đánh giá", "Đạt, vượt, đúng tiến độ", "Tỷ lệ"],
        "widths": [7, 3, 3.5, 2],
        "numeric": [1, 2, 3],
        "rows": rows,
        "behind": behind,
    }


def campaign_prefetched(queryset: QuerySet[ReviewCampaign]) -> QuerySet[ReviewCampaign]:
    return queryset.prefetch_related(
        Prefetch("members", queryset=CampaignMember.objects.select_related("person"))
    )


def unit_report_counts(*, campaign: ReviewCampaign) -> dict[str, int]:
    counts = {state: 0 for state in UnitReportState.values}
    for state, count in (
        campaign.unit_reports.values_list("state").annotate(n=Count("id")).order_by()
    ):
        counts[state] = count
    counts["total"] = sum(counts.values())
    return counts


def dossier_rows(*, campaign: ReviewCampaign) -> list[dict[str, Any]]:
    """The dossier's documents in role order, each with its current draft number and its
    open comments (required ones apart): two queries."""
    links = list(
        CampaignDocument.objects.filter(campaign=campaign)
        .select_related("document")
        .annotate(
            open_count=Count(
                "document__comments",
                filter=Q(document__comments__status=CommentStatus.OPEN),
                distinct=True,
            ),
            required_count=Count(
                "document__comments",
                filter=Q(
                    document__comments__status=CommentStatus.OPEN,
                    document__comments__required=True,
                ),
                distinct=True,
            ),
        )
        .order_by("role")
    )
    from django.db.models import Max

    from tongket.documents.models import DocumentVersion

    drafts = dict(
        DocumentVersion.objects.filter(document_id__in=[link.document_id for link in links])
        .values_list("document_id")
        .annotate(n=Max("number"))
        .order_by()
    )
    return [
        {
            "role": link.role,
            "role_label": link.get_role_display(),
            "document": link.document,
            "draft": drafts.get(link.document_id, 0),
            "open": link.open_count,
            "required": link.required_count,
        }
        for link in links
    ]


def milestone_get(*, user: Any, pk: Any) -> Any:
    """A milestone of a campaign the user may read."""
    from tongket.reviews.models import Milestone

    try:
        milestone = Milestone.objects.get(pk=int(pk))
    except (Milestone.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Milestone not found.")) from error
    milestone.campaign = campaign_get(user=user, pk=milestone.campaign_id)
    return milestone


def outline_section_get(*, user: Any, pk: Any) -> Any:
    """A section of the outline of a campaign the user may read."""
    from tongket.reviews.models import OutlineSection

    try:
        section = OutlineSection.objects.get(pk=int(pk))
    except (OutlineSection.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Section not found.")) from error
    section.campaign = campaign_get(user=user, pk=section.campaign_id)
    return section


def unit_report_list_all(
    *, user: Any, campaign: ReviewCampaign | None = None, state: str | None = None
) -> QuerySet[UnitReviewReport]:
    """Unit review reports across campaigns, as `unit_report_list` shows them: every report
    of the campaigns the user runs, sits on or appraises; else those of the user's units."""
    queryset = UnitReviewReport.objects.select_related("unit", "campaign").filter(
        clearance_q(user, UnitReviewReport)
    )
    if not scopes.is_unrestricted(user):
        full = (
            scopes.scope_q(user, "owner_unit__path", policy.roles(Action.KEEP_REVIEWS))
            | scopes.scope_q(user, "standing_agency__path", policy.roles(Action.KEEP_REVIEWS))
            | scopes.scope_q(
                user,
                "appraisal_unit__path",
                policy.roles(Action.APPRAISE_REVIEWS),
            )
        )
        person = _person_id(user)
        if person:
            full |= Q(pk__in=CampaignMember.objects.filter(person_id=person).values("campaign_id"))
        campaigns = ReviewCampaign.objects.filter(full).values("pk")
        queryset = queryset.filter(
            Q(campaign_id__in=campaigns) | scopes.scope_q(user, "unit__path")
        )
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    if state:
        queryset = queryset.filter(state=state)
    return queryset.order_by("campaign_id", "unit__sort_key", "id")


def campaign_document_list(
    *, user: Any, campaign: ReviewCampaign | None = None
) -> QuerySet[CampaignDocument]:
    """The dossier documents of the campaigns the user may read."""
    queryset = CampaignDocument.objects.filter(campaign_reach_q(user, "campaign__")).select_related(
        "document", "document__issuer", "campaign"
    )
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    return queryset.order_by("-campaign_id", "role")


def campaign_document_get(*, user: Any, pk: Any) -> CampaignDocument:
    """A dossier document (by the document's id) of a campaign the user may read."""
    try:
        return campaign_document_list(user=user).get(document_id=int(pk))
    except (CampaignDocument.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise NotFound(_("Document not found.")) from error


def dossier_comment_get(*, user: Any, pk: Any) -> DocumentComment:
    """A comment on a dossier document of a campaign the user may read."""
    try:
        comment = DocumentComment.objects.select_related("document", "version", "replied_by").get(
            pk=int(pk)
        )
    except (DocumentComment.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise NotFound(_("Comment not found.")) from error
    campaign_document_get(user=user, pk=comment.document_id)
    return comment


def member_get(*, campaign: ReviewCampaign, pk: Any) -> CampaignMember:
    """A member of a campaign already read through the scope."""
    try:
        return members(campaign=campaign).select_related("campaign__owner_unit").get(pk=int(pk))
    except (CampaignMember.DoesNotExist, ValueError, TypeError, OverflowError) as error:
        raise NotFound(_("Member not found.")) from error

"""Drafting the dossier from the data, as a drafting team writes it: the review report (the
results grouped by objective, one paragraph per indicator with its figure, target, progress,
best and worst unit and trend, then the tables and charts; the units' narratives summarised
by theme, each unit named once per point), the submission (tờ trình) to the superior in the
issuer's line, and a draft new document of the old one's kind with proposed targets for the
next phase. Also the documents drafted on request: a unit's review report and the review
plan (kế hoạch).

Regenerating after new data refreshes the figures and keeps the text people edited.
Callers: the campaign's tracking officers (standing agency).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.classification import mark_of
from tongket.core.errors import DomainError
from tongket.core.numbers import format_number
from tongket.core.services import changelog_record
from tongket.documents import heading
from tongket.documents import services as documents
from tongket.documents.choices import Authority, DocumentKind
from tongket.documents.services import current_version
from tongket.documents.themes import summarise
from tongket.documents.writing import indicator_paragraph, kind_name
from tongket.reporting import selectors as reporting
from tongket.reporting.choices import Basis, PeriodType, Status
from tongket.reporting.models import Period
from tongket.resolutions.choices import ItemKind, MeasureKind, TimeAggregation
from tongket.reviews import selectors
from tongket.reviews.choices import (
    CampaignState,
    DossierRole,
    MilestoneKind,
    SectionSource,
    UnitReportState,
)
from tongket.reviews.models import CampaignDocument, ReviewCampaign
from tongket.reviews.services.campaigns import (
    mark_done,
    require_open,
    require_runner,
    span_period,
)
from tongket.reviews.wording import kind_word
from tongket.reviews.wording import resolution_line as _resolution_line
from tongket.reviews.wording import short_name as _short

KEY_CHARTS = 3


def next_subject(campaign: ReviewCampaign) -> str:
    """The old subject with its horizon replaced by the next phase: "về công tác hậu cần
    quân đội đến năm 2020 và những năm tiếp theo" → "… giai đoạn 2023-2030"."""
    import re

    subject = re.sub(
        r"\s+(đến năm \d{4}|giai đoạn \d{4}\s*[-–]\s*\d{4})(\s+và những năm tiếp theo)?",
        "",
        campaign.resolution.subject,
    ).strip()
    return f"{subject} giai đoạn {campaign.next_from}-{campaign.next_to}"


def dossier_date(campaign: ReviewCampaign) -> Any:
    """The date the dossier's documents are written for: the adoption, else the submission,
    else the submission milestone's (a past review is dated in its own time)."""
    if campaign.adopted_on or campaign.submitted_on:
        return campaign.adopted_on or campaign.submitted_on
    milestone = (
        campaign.milestones.filter(kind=MilestoneKind.SUBMISSION).order_by("due_date").first()
    )
    if milestone is not None and milestone.due_date <= timezone.localdate():
        return milestone.due_date
    return None


def _series(campaign: ReviewCampaign, indicators: list[Any]) -> dict[int, dict[str, Any]]:
    """Per indicator, the figures at the reviewing body over the span's reporting periods."""
    forms = list(campaign.resolution.report_forms.all())
    types = {f.period_type for f in forms} or {PeriodType.YEAR}
    periods = list(
        Period.objects.filter(
            type__in=types, year__gte=campaign.span_from, end_year__lte=campaign.span_to
        ).order_by("sort_key")
    )
    basis = Basis.APPROVED if campaign.resolution.approved_only else Basis.SUBMITTED
    trends = reporting.trends(
        user=scopes.SYSTEM,
        unit=campaign.figures_unit,
        indicators=indicators,
        periods=periods,
        basis=basis,
    )
    return {
        indicator.pk: {
            "periods": [row.extra["period"].code for row in trends[indicator.pk]],
            "values": [
                None if row.value is None else float(row.value) for row in trends[indicator.pk]
            ],
            "targets": [
                None if row.target_due is None else float(row.target_due)
                for row in trends[indicator.pk]
            ],
            "statuses": [row.status for row in trends[indicator.pk]],
        }
        for indicator in indicators
    }


def _gathered(campaign: ReviewCampaign, key: str) -> str:
    """What the accepted unit reports say in one section, summarised point by point with
    the units that said it."""
    reports = list(
        campaign.unit_reports.filter(state=UnitReportState.ACCEPTED)
        .select_related("unit")
        .order_by("unit__sort_key")
    )
    texts = [(r.unit.name, (r.sections.get(key) or "").strip()) for r in reports]
    texts = [(unit, text) for unit, text in texts if text]
    return summarise(texts, total_units=len(reports)) if texts else ""


def _outlook(campaign: ReviewCampaign, key: str) -> str:
    """The next phase in the drafting team's words when no unit wrote about it: the
    objectives the draft carries over."""
    if key != "phuong-huong":
        return ""
    objectives = campaign.resolution.items.filter(kind=ItemKind.OBJECTIVE).order_by("order")
    lines = [
        f"Tiếp tục thực hiện {_short(campaign)} trong giai đoạn "
        f"{campaign.next_from}-{campaign.next_to}, tập trung vào các mục tiêu:"
    ]
    lines += [f"- {o.title.strip().rstrip('.')}." for o in objectives]
    return "\n".join(lines) if len(lines) > 1 else ""


def _objective_of(indicator: Any) -> Any:
    item = indicator.item
    while item is not None and item.kind != ItemKind.OBJECTIVE and item.parent_id:
        item = item.parent
    return item if item is not None and item.kind == ItemKind.OBJECTIVE else None


def results_blocks(
    campaign: ReviewCampaign, period: Any, indicators: list[Any], series: dict[int, Any]
) -> list[dict[str, Any]]:
    """The results by objective: one paragraph per indicator (figure, target, progress in
    words, best and worst unit directly below, trend)."""
    owner = campaign.figures_unit
    basis = Basis.APPROVED if campaign.resolution.approved_only else Basis.SUBMITTED
    rows = reporting.figures(
        user=scopes.SYSTEM, unit=owner, period=period, indicators=indicators, basis=basis
    )
    children = [
        child
        for child in owner.children.order_by("sort_key")
        if child.established_on is None or child.established_on.year <= campaign.span_to
    ]
    by_unit = reporting.figures_for_units(
        user=scopes.SYSTEM, units=children, period=period, indicators=indicators, basis=basis
    )
    names = {child.pk: child.name for child in children}
    groups: dict[Any, list[str]] = {}
    titles: dict[Any, str] = {}
    for row in rows:
        objective = _objective_of(row.indicator)
        key = objective.pk if objective is not None else None
        titles[key] = objective.title if objective is not None else "Các chỉ tiêu khác"
        unit_rows = [
            (names[unit_id], unit_row)
            for unit_id, unit_rows_ in by_unit.items()
            for unit_row in unit_rows_
            if unit_row.indicator.pk == row.indicator.pk
        ]
        groups.setdefault(key, []).append(
            indicator_paragraph(row, unit_rows, series.get(row.indicator.pk))
        )
    blocks = []
    for index, (key, paragraphs) in enumerate(groups.items(), start=1):
        title = titles[key].strip().rstrip(".")
        blocks.append(
            {
                "key": f"muc-tieu-{key or 'khac'}",
                "heading": title[:1].upper() + title[1:],
                "level": 2,
                "text": "\n".join(paragraphs),
                "edited": False,
                "order": index,
            }
        )
    return blocks


def report_blocks(campaign: ReviewCampaign) -> list[dict[str, Any]]:
    """The review report's blocks, one per section of the outline, from the data."""
    owner = campaign.figures_unit
    period = span_period(campaign)
    table = selectors.figures_table(
        user=scopes.SYSTEM, campaign=campaign, unit=owner, period=period
    )
    children = selectors.children_table(
        user=scopes.SYSTEM, campaign=campaign, unit=owner, period=period
    )
    indicators = reporting.resolution_indicators(user=scopes.SYSTEM, resolution=campaign.resolution)
    statuses = dict(zip(table["codes"], table["statuses"], strict=True))
    # Key indicators for the charts: those behind first, then the others, with data.
    ordered = sorted(
        indicators,
        key=lambda i: (statuses.get(i.code) not in (Status.BEHIND, Status.AT_RISK), i.order),
    )
    series = _series(campaign, indicators)
    charts = []
    for indicator in ordered:
        data = series.get(indicator.pk)
        if data and any(v is not None for v in data["values"]):
            charts.append((indicator, data))
        if len(charts) == KEY_CHARTS:
            break
    reporting_text = selectors.reporting_summary(user=scopes.SYSTEM, campaign=campaign, unit=owner)[
        "text"
    ]
    blocks: list[dict[str, Any]] = []
    for section in campaign.outline.order_by("order", "id"):
        block: dict[str, Any] = {
            "key": section.key,
            "heading": section.title,
            "level": section.level,
            "unnumbered": not section.numbered,
            "text": "",
            "edited": False,
        }
        gathered = _gathered(campaign, section.key)
        if section.key == "mo-dau":
            block["text"] = (
                f"Thực hiện {_resolution_line(campaign)}, {campaign.owner_unit.name} tiến hành "
                f"{kind_word(campaign)} {campaign.span_label} "
                f"({campaign.span_text}) việc thực hiện Nghị quyết nhằm đánh giá đúng kết quả, "
                "chỉ rõ hạn chế, nguyên nhân, rút ra bài học kinh nghiệm và đề ra phương hướng, "
                "nhiệm vụ giai đoạn tới."
            )
        elif section.source == SectionSource.FIGURES:
            block["text"] = selectors.highlights(table=table, children_rows=children)
            block["table"] = {
                k: table[k] for k in ("caption", "columns", "rows", "numeric", "widths")
            }
            block["tables"] = [
                {k: children[k] for k in ("caption", "columns", "rows", "numeric", "widths")}
            ]
            block["charts"] = [
                {
                    "key": indicator.code,
                    "caption": f"{indicator.code} – {indicator.name}",
                    "series": data,
                }
                for indicator, data in charts
            ]
            blocks.append(block)
            blocks += results_blocks(campaign, period, indicators, series)
            continue
        elif section.source == SectionSource.REPORTING:
            block["text"] = "\n".join(t for t in (reporting_text, gathered) if t)
        else:
            block["text"] = gathered or _outlook(campaign, section.key)
        blocks.append(block)
    blocks.append(
        {
            "key": "phu-luc",
            "heading": "Phụ lục: biểu số liệu",
            "level": 0,
            "unnumbered": True,
            "text": "Biểu số liệu kèm theo (bản tính XLSX).",
            "edited": False,
            "table": {k: table[k] for k in ("caption", "columns", "rows", "numeric", "widths")},
        }
    )
    return blocks


def _proposed(
    indicator: Any, achieved: Decimal | None, years: int, span_years: int
) -> Decimal | None:
    """A starting proposal for the next phase: a tenth more than achieved (in the indicator's
    direction), for the length of the next phase when it adds up over time."""
    if achieved is None:
        return None
    value = Decimal(achieved)
    if indicator.time_aggregation == TimeAggregation.SUM and span_years:
        value = value * Decimal(years) / Decimal(span_years)
    step = Decimal("0.9") if indicator.direction == "lower" else Decimal("1.1")
    if indicator.measure_kind == MeasureKind.RATIO:
        return min(Decimal(100), (value * step)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    if indicator.measure_kind in (MeasureKind.MILESTONE,):
        return Decimal(1)
    if indicator.measure_kind == MeasureKind.RATING:
        return min(Decimal(len(indicator.rating_levels or [5])), value.quantize(Decimal(1)) + 1)
    quantum = Decimal(1).scaleb(-int(indicator.decimals or 0))
    return (value * step).quantize(quantum, ROUND_HALF_UP)


def draft_resolution_blocks(campaign: ReviewCampaign) -> list[dict[str, Any]]:
    """The draft new resolution: the old one's objectives, tasks and indicators with
    proposed targets for the next phase (a table the drafting team edits)."""
    old = campaign.resolution
    period = span_period(campaign)
    indicators = reporting.resolution_indicators(user=scopes.SYSTEM, resolution=old)
    basis = Basis.APPROVED if old.approved_only else Basis.SUBMITTED
    rows = reporting.figures(
        user=scopes.SYSTEM,
        unit=campaign.figures_unit,
        period=period,
        indicators=indicators,
        basis=basis,
    )
    years = campaign.next_to - campaign.next_from + 1
    span_years = campaign.span_to - campaign.span_from + 1
    proposal = []
    for row in rows:
        indicator = row.indicator
        target = _proposed(indicator, row.value, years, span_years)
        proposal.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "unit_of_measure": indicator.unit_of_measure,
                "measure_kind": indicator.measure_kind,
                "unit_aggregation": indicator.unit_aggregation,
                "time_aggregation": indicator.time_aggregation,
                "direction": indicator.direction,
                "rating_levels": indicator.rating_levels,
                "decimals": indicator.decimals,
                "baseline": None if row.value is None else str(row.value),
                "target": None if target is None else str(target),
            }
        )
    objectives = list(old.items.filter(kind=ItemKind.OBJECTIVE).order_by("order"))
    tasks = list(old.items.exclude(kind=ItemKind.OBJECTIVE).order_by("parent__order", "order"))
    return [
        {
            "key": "muc-tieu",
            "heading": "Mục tiêu",
            "level": 0,
            "text": "\n".join(f"- {o.title}" for o in objectives),
            "edited": False,
            "objectives": [o.title for o in objectives],
        },
        {
            "key": "chi-tieu",
            "heading": f"Chỉ tiêu đến năm {campaign.next_to}",
            "level": 0,
            "text": "Chỉ tiêu đề xuất (tính từ kết quả giai đoạn trước, Tổ Biên tập điều chỉnh):",
            "edited": False,
            "table": {
                "columns": [
                    "Mã",
                    "Chỉ tiêu",
                    "Đơn vị tính",
                    "Kết quả giai đoạn trước",
                    "Chỉ tiêu đề xuất",
                ],
                "numeric": [3, 4],
                "widths": [1.3, 7, 2.2, 2.8, 2.8],
                "rows": [
                    [
                        p["code"],
                        p["name"],
                        p["unit_of_measure"],
                        "–"
                        if p["baseline"] is None
                        else format_number(Decimal(p["baseline"]), p["decimals"]),
                        "–"
                        if p["target"] is None
                        else format_number(Decimal(p["target"]), p["decimals"]),
                    ]
                    for p in proposal
                ],
            },
            "proposal": proposal,
        },
        {
            "key": "nhiem-vu",
            "heading": "Nhiệm vụ, giải pháp",
            "level": 0,
            "text": "\n".join(f"- {t.title}" for t in tasks),
            "edited": False,
        },
        {
            "key": "to-chuc",
            "heading": "Tổ chức thực hiện",
            "level": 0,
            "text": (
                "Các cấp ủy, tổ chức đảng quán triệt, xây dựng chương trình, kế hoạch thực hiện; "
                f"{campaign.standing_agency.name} là cơ quan thường trực, theo dõi, đôn đốc, "
                "tổng hợp, báo cáo kết quả thực hiện."
            ),
            "edited": False,
        },
    ]


def submission_blocks(campaign: ReviewCampaign) -> list[dict[str, Any]]:
    """The submission to the superior in the issuer's line (never the body a committee
    leads); names, symbols and titles keep their case."""
    day = dossier_date(campaign)
    higher = heading.addressee_name(campaign.owner_unit, style=campaign.style, on=day)
    owner = heading.issuer_name(campaign.owner_unit, on=day)
    title = campaign.title.strip()
    new_kind = kind_name(campaign.resolution.kind)
    blocks: list[dict[str, Any]] = []
    if higher:
        blocks.append({"key": "kinh-gui", "addressee": f"Kính gửi: {higher}", "edited": False})
    blocks += [
        {
            "key": "can-cu",
            "heading": "Căn cứ",
            "level": 0,
            "text": f"Căn cứ {_resolution_line(campaign)}; kết quả {kind_word(campaign)} "
            f"{campaign.span_label} thực hiện {_short(campaign)}.",
            "edited": False,
        },
        {
            "key": "noi-dung",
            "heading": "Nội dung trình",
            "level": 0,
            "text": (
                f"{owner} kính trình {higher or f'Hội nghị {owner}'} Báo cáo "
                f"{title[:1].lower() + title[1:]} và Dự thảo {new_kind} giai đoạn "
                f"{campaign.next_from}-{campaign.next_to}."
            ),
            "edited": False,
        },
        {
            "key": "de-nghi",
            "heading": "Đề nghị",
            "level": 0,
            "text": "Kính đề nghị xem xét, cho ý kiến và thông qua.",
            "edited": False,
        },
    ]
    return blocks


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
    new_kind = (
        DocumentKind.COORDINATION_PROGRAMME
        if campaign.resolution.kind == "coordination_programme"
        else DocumentKind.DRAFT_RESOLUTION
    )
    plans = {
        DossierRole.REPORT: (
            DocumentKind.REVIEW_REPORT,
            f"{kind_word(campaign)} {campaign.span_label} thực hiện "
            f"{_short(campaign)} {campaign.resolution.subject}",
            report_blocks(campaign),
        ),
        DossierRole.SUBMISSION: (
            DocumentKind.SUBMISSION,
            f"về việc thông qua Báo cáo {kind_word(campaign)} và Dự thảo "
            f"{kind_name(campaign.resolution.kind)} giai đoạn "
            f"{campaign.next_from}-{campaign.next_to}",
            submission_blocks(campaign),
        ),
        DossierRole.DRAFT_RESOLUTION: (
            new_kind,
            next_subject(campaign),
            draft_resolution_blocks(campaign),
        ),
    }
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
                authority=Authority.ON_BEHALF,
                authority_body=heading.issuer_name(campaign.owner_unit, on=day),
                signer_title="Bí thư" if campaign.style == "party" else "Chỉ huy trưởng",
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

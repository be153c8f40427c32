"""The review report drafted from the data: the results grouped by objective, one paragraph
per indicator, then the tables and charts, and the units' narratives by theme."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tongket.core import scopes
from tongket.core.classification import mark_of, reader_at
from tongket.documents.themes import summarise
from tongket.documents.writing import indicator_paragraph, kind_name
from tongket.reporting import selectors as reporting
from tongket.reporting.choices import Basis, PeriodType, Status
from tongket.reporting.models import Period
from tongket.resolutions.choices import ItemKind
from tongket.reviews import selectors
from tongket.reviews.choices import MilestoneKind, SectionSource, UnitReportState
from tongket.reviews.models import ReviewCampaign
from tongket.reviews.services.campaigns import span_period
from tongket.reviews.wording import kind_word
from tongket.reviews.wording import resolution_line as _resolution_line
from tongket.reviews.wording import short_name as _short

KEY_CHARTS = 3


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
    # Read as a reader of the dossier (it carries the campaign's mark): a report marked
    # higher is not counted in it.
    reporting_text = selectors.reporting_summary(
        user=reader_at(mark_of(campaign)), campaign=campaign, unit=owner
    )["text"]
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
                f"({campaign.span_text}) việc thực hiện {kind_name(campaign.resolution.kind)} "
                "nhằm đánh giá đúng kết quả, chỉ rõ hạn chế, nguyên nhân, rút ra bài học kinh "
                "nghiệm và đề ra phương hướng, nhiệm vụ giai đoạn tới."
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

"""Figures and narratives of a review: the tables and texts its documents are made of."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from tongket.core import scopes
from tongket.core.classification import clearance_q
from tongket.core.numbers import format_percent
from tongket.org.models import Unit
from tongket.reporting import selectors as reporting
from tongket.reporting.choices import Basis, SectionKind, Status
from tongket.reporting.models import FormSection, Period, Report
from tongket.resolutions.figures import figure_text
from tongket.reviews.models import ReviewCampaign

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


# --- Figures and narratives of a review ----------------------------------------------------


def _fmt(indicator: Any, value: Any) -> str:
    """A figure as a document writes it (resolutions.figures): a whole number without
    decimals ("6 vụ", not "6,00"), a milestone "Hoàn thành" or not, in Vietnamese."""
    return figure_text(
        indicator, value, reached="Hoàn thành", not_reached="Chưa hoàn thành", as_written=True
    )


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

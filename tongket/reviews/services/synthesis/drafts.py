"""The submission (tờ trình) and the draft new document with proposed targets for the next
phase."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tongket.core import scopes
from tongket.core.numbers import format_number
from tongket.documents import heading
from tongket.reporting import selectors as reporting
from tongket.reporting.choices import Basis
from tongket.resolutions.choices import ItemKind, MeasureKind, TimeAggregation
from tongket.reviews.models import ReviewCampaign
from tongket.reviews.services.campaigns import span_period
from tongket.reviews.services.synthesis.report import dossier_date
from tongket.reviews.wording import continues, kind_word, next_document_line
from tongket.reviews.wording import resolution_line as _resolution_line
from tongket.reviews.wording import short_name as _short


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
        *_opening(campaign),
        {
            "key": "muc-tieu",
            "heading": "Mục tiêu",
            "level": 0,
            "text": "\n".join(f"- {o.title}" for o in objectives),
            "edited": False,
            "objectives": [o.title for o in objectives],
        },
        *_targets_block(campaign, proposal),
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
                # A Party document speaks to the committees; a command's or a State body's
                # to its agencies and units.
                f"{'Các cấp ủy, tổ chức đảng' if campaign.style == 'party' else 'Các cơ quan, đơn vị'}"
                " quán triệt, xây dựng chương trình, kế hoạch thực hiện; "
                f"{campaign.standing_agency.name} là cơ quan thường trực, theo dõi, đôn đốc, "
                "tổng hợp, báo cáo kết quả thực hiện."
            ),
            "edited": False,
        },
    ]


def _targets_block(
    campaign: ReviewCampaign, proposal: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The proposed targets, when the reviewed document has indicators (a directive often
    has none: its conclusion then has no targets section)."""
    if not proposal:
        return []
    return [
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
    ]


def _opening(campaign: ReviewCampaign) -> list[dict[str, Any]]:
    """A conclusion opens with what the body heard and that it concludes: "Sau khi nghe Báo
    cáo tổng kết 10 năm thực hiện Chỉ thị số 05-CT/TW, Ban Thường vụ Tỉnh ủy kết luận như
    sau:"; the other kinds open on their first section."""
    if not continues(campaign):
        return []
    owner = heading.issuer_name(campaign.owner_unit, on=dossier_date(campaign))
    return [
        {
            "key": "mo-dau",
            "text": f"Sau khi nghe Báo cáo {kind_word(campaign)} {campaign.span_label} thực "
            f"hiện {_short(campaign)}, {owner} kết luận như sau:",
            "edited": False,
        }
    ]


def submission_blocks(campaign: ReviewCampaign) -> list[dict[str, Any]]:
    """The submission to the superior in the issuer's line (never the body a committee
    leads); names, symbols and titles keep their case."""
    day = dossier_date(campaign)
    higher = heading.addressee_name(campaign.owner_unit, style=campaign.style, on=day)
    owner = heading.issuer_name(campaign.owner_unit, on=day)
    title = campaign.title.strip()
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
                f"{title[:1].lower() + title[1:]} và Dự thảo "
                f"{next_document_line(campaign)}."
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

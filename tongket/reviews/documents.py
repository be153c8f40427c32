"""The documents of a review drafted on request from its records, in the issuer's format: a
unit's review report as the unit sends it up (addressed to the body running the review, the
outline's sections with the unit's text and figures, empty ones left out) and the review plan
(kế hoạch: purpose, content, timetable, who does what).

Callers: the unit report page (download), the service that stores the campaign's plan
(`reviews.services.plans`), the format checker (`document_previews`). Nothing here writes."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tongket.core.classification import mark_of
from tongket.documents import heading
from tongket.documents import services as documents
from tongket.documents.choices import DocumentKind
from tongket.documents.writing import signature_of, style_of
from tongket.reviews.choices import UnitReportState
from tongket.reviews.models import ReviewCampaign
from tongket.reviews.wording import followed_subject, kind_word
from tongket.reviews.wording import resolution_line as _resolution_line
from tongket.reviews.wording import short_name as _short


def _strip_sources(text: str) -> str:
    from tongket.documents.themes import points

    return "\n".join(f"- {point}" if len(points(text)) > 1 else point for point in points(text))


def unit_report_draft(report: Any) -> tuple[Any, list[dict[str, Any]]]:
    """A unit's review report as a document of the unit, addressed to the body running the
    review: the outline's sections with the unit's text and figures (empty ones left out)."""
    campaign = report.campaign
    unit = report.unit
    style = style_of(unit)
    day = timezone.localtime(report.submitted_at).date() if report.submitted_at else None
    owner = heading.issuer_name(campaign.owner_unit, on=day)
    blocks: list[dict[str, Any]] = [{"key": "kinh-gui", "addressee": f"Kính gửi: {owner}"}]
    for section in campaign.outline.order_by("order", "id"):
        text = _strip_sources(report.sections.get(section.key) or "")
        table = (report.figures or {}).get(section.key)
        block: dict[str, Any] = {
            "key": section.key,
            "heading": section.title,
            "level": section.level,
            "unnumbered": not section.numbered,
            "text": text,
        }
        if table and table.get("rows"):
            block["table"] = table
        blocks.append(block)
    # A heading with nothing under it (and no deeper section that has text) is left out.
    kept: list[dict[str, Any]] = []
    for index, block in enumerate(blocks):
        if block.get("addressee") or block.get("text") or block.get("table"):
            kept.append(block)
            continue
        deeper = []
        for later in blocks[index + 1 :]:
            if later.get("level", 0) <= block.get("level", 0):
                break
            deeper.append(later)
        if any(b.get("text") or b.get("table") for b in deeper):
            kept.append(block)
    document = documents.document_draft(
        kind=DocumentKind.UNIT_REVIEW_REPORT,
        issuer=unit,
        style=style,
        subject=_subject(campaign),
        dated_on=day,
        place=_place_of(unit),
        recipients=[owner],
        **signature_of(unit, style=style, on=day),
        classification=mark_of(campaign),
    )
    return document, kept


def plan_blocks(campaign: ReviewCampaign) -> list[dict[str, Any]]:
    """The review plan's text: purpose, content (the outline), timetable (the milestones)
    and who does what (the standing agency, the units and their deadlines)."""
    sections = [s.title for s in campaign.outline.filter(level=0).order_by("order", "id")]
    milestones = list(campaign.milestones.order_by("due_date", "order"))
    units = list(campaign.participants.select_related("unit").order_by("unit__sort_key"))
    blocks: list[dict[str, Any]] = [
        {
            "key": "muc-dich",
            "heading": "Mục đích, yêu cầu",
            "level": 0,
            "text": f"Đánh giá đúng kết quả {campaign.span_label} thực hiện "
            f"{_resolution_line(campaign)}; chỉ rõ ưu điểm, hạn chế, nguyên nhân, rút ra bài "
            "học kinh nghiệm; đề xuất phương hướng, nhiệm vụ giai đoạn "
            f"{campaign.next_from}-{campaign.next_to}.\nViệc {kind_word(campaign)} tiến hành "
            "nghiêm túc, khách quan, đúng thời gian; số liệu bảo đảm chính xác.",
            "edited": False,
        },
    ]
    if sections:
        blocks.append(
            {
                "key": "noi-dung",
                "heading": "Nội dung",
                "level": 0,
                "text": "Báo cáo của các cơ quan, đơn vị theo đề cương:\n"
                + "\n".join(f"- {title}." for title in sections),
                "edited": False,
            }
        )
    if milestones:
        blocks.append(
            {
                "key": "tien-do",
                "heading": "Thời gian, tiến độ",
                "level": 0,
                "text": "\n".join(
                    f"- {m.title.rstrip('.')}: xong trước ngày {m.due_date:%d/%m/%Y}."
                    for m in milestones
                ),
                "edited": False,
            }
        )
    duties = [
        f"{campaign.standing_agency.name} là cơ quan thường trực, hướng dẫn, theo dõi, đôn "
        "đốc, tổng hợp, xây dựng báo cáo."
    ]
    duties += [
        f"{u.unit.name} báo cáo kết quả"
        + (f" trước ngày {u.due_date:%d/%m/%Y}." if u.due_date else ".")
        for u in units
    ]
    blocks.append(
        {
            "key": "to-chuc",
            "heading": "Tổ chức thực hiện",
            "level": 0,
            "text": "\n".join(duties),
            "edited": False,
        }
    )
    return blocks


def plan_frame(campaign: ReviewCampaign) -> dict[str, Any]:
    """The plan's frame (what `documents.document_draft` and `document_create` take): a
    document of the reviewing body in the body's own format, undated until signed, sent to
    the participating units.

    The format follows the issuer's line, as every other document the system drafts
    (`writing.style_of`): a Party committee writes a Party plan (Hướng dẫn 36-HD/VPTW, "T/M
    ĐẢNG ỦY …"), a command or a State body a State one (Nghị định 30/2020/NĐ-CP: Quốc hiệu
    and Tiêu ngữ, "Số: …/KH-…", signed by its head, "CHỈ HUY TRƯỞNG", "TƯ LỆNH", or "TM.
    ỦY BAN NHÂN DÂN" over "CHỦ TỊCH"). The campaign's own format setting is the dossier's."""
    owner = campaign.owner_unit
    units = [
        p.unit.name for p in campaign.participants.select_related("unit").order_by("unit__sort_key")
    ]
    style = style_of(owner)
    return {
        "kind": DocumentKind.PLAN,
        "issuer": owner,
        "style": style,
        "subject": _subject(campaign),
        "place": _place_of(owner),
        "recipients": units[:8] or ["Các cơ quan, đơn vị"],
        **signature_of(owner, style=style, on=None),
        "classification": mark_of(campaign),
    }


def _subject(campaign: ReviewCampaign) -> str:
    """ "tổng kết 10 năm thực hiện Kế hoạch số 15/KH-BTL thực hiện Nghị quyết …"."""
    return (
        f"{kind_word(campaign)} {campaign.span_label} thực hiện {_short(campaign)} "
        f"{followed_subject(campaign)}"
    ).strip()


def plan_draft(campaign: ReviewCampaign) -> tuple[Any, list[dict[str, Any]]]:
    """The review plan as an unsaved document with its text (a preview; the campaign's
    plan is stored by `reviews.services.campaign_plan_draft`)."""
    return documents.document_draft(**plan_frame(campaign)), plan_blocks(campaign)


def _place_of(unit: Any) -> str:
    from tongket.org.selectors import unit_place

    return unit_place(unit)


def document_previews() -> Any:
    """Every campaign's plan not yet stored (a stored plan is checked with the documents
    held) and every unit review report put forward."""
    from tongket.reviews.choices import DossierRole
    from tongket.reviews.models import UnitReviewReport

    for campaign in (
        ReviewCampaign.objects.exclude(dossier__role=DossierRole.PLAN)
        .select_related("resolution__issuing_unit", "owner_unit", "standing_agency")
        .order_by("pk")
    ):
        document, blocks = plan_draft(campaign)
        yield f"{document.get_kind_display()} – {campaign.title}", document, blocks
    reports = (
        UnitReviewReport.objects.exclude(state=UnitReportState.DRAFT)
        .select_related("campaign__resolution__issuing_unit", "campaign__owner_unit", "unit")
        .order_by("campaign_id", "unit__sort_key")
    )
    for report in reports:
        document, blocks = unit_report_draft(report)
        yield f"{document.get_kind_display()} – {report.unit.name}", document, blocks

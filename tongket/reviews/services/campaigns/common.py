"""What the campaign writes share: the default outline and guidance and the checks of its
span and shape. Who may run a campaign, the open check and the campaign's period are in
`reviews.services.guards` (re-exported by the package)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.org.models import Unit
from tongket.resolutions.choices import ResolutionKind
from tongket.resolutions.models import Resolution
from tongket.reviews.choices import CampaignShape, CampaignState, SectionSource

# The outline of DOMAIN.md §2: (key, title, level, source, numbered). "{named}" stands for the
# reviewed document by its kind and symbol ("Kế hoạch 15/KH-BTL"), "{kind}" for its kind
# alone ("Nghị quyết", "Chỉ thị"): see `default_outline`.
DEFAULT_OUTLINE = [
    ("mo-dau", "Căn cứ, mục đích, yêu cầu", 0, SectionSource.NONE, False),
    ("ket-qua", "Kết quả thực hiện {named}", 0, SectionSource.NONE, True),
    ("tinh-hinh", "Tình hình", 1, SectionSource.NONE, True),
    (
        "lanh-dao",
        "Công tác lãnh đạo, chỉ đạo, quán triệt, cụ thể hóa {kind}",
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
    "tinh-hinh": "Đặc điểm tình hình tác động đến việc thực hiện {kind} trong giai đoạn.",
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


def document_words(resolution: Resolution) -> dict[str, str]:
    """The reviewed document as the outline names it: {"kind": "Kế hoạch", "named": "Kế
    hoạch 15/KH-BTL"} (the kind alone when it has no symbol)."""
    from tongket.documents.writing import kind_name

    kind = kind_name(resolution.kind)
    symbol = (resolution.symbol or "").strip()
    return {"kind": kind, "named": f"{kind} {symbol}" if symbol else kind}


def default_outline(
    resolution: Resolution,
) -> list[tuple[str, str, int, str, bool, str]]:
    """The default outline of a review of `resolution`: (key, title, level, source,
    numbered, guidance), the reviewed document named by its own kind ("Kết quả thực hiện Kế
    hoạch 15/KH-BTL", never "… Nghị quyết" for a plan, a directive or a programme)."""
    words = document_words(resolution)
    return [
        (key, title.format(**words), level, source, numbered, GUIDANCE.get(key, "").format(**words))
        for key, title, level, source, numbered in DEFAULT_OUTLINE
    ]


def _value_of(value: Any) -> Any:
    """A field's value as compared for a change: a unit by its id."""
    return getattr(value, "pk", value)


# Kinds in force until replaced: a directive, a conclusion or a regulation has a start and
# no end, and is reviewed over the years since it took effect ("sơ kết 5 năm thực hiện Chỉ
# thị 05-CT/TW").
OPEN_ENDED = {ResolutionKind.DIRECTIVE, ResolutionKind.CONCLUSION, ResolutionKind.REGULATION}


def _open_ended(resolution: Resolution) -> bool:
    return (
        resolution.kind in OPEN_ENDED
        and resolution.horizon_from is not None
        and resolution.horizon_to is None
    )


def _check_span(
    resolution: Resolution, span_from: int, span_to: int, next_from: int, next_to: int
) -> None:
    if span_to < span_from:
        raise DomainError(_("The span cannot end before it starts."), field="span_to")
    if _open_ended(resolution):
        last = timezone.localdate().year
        if span_from < resolution.horizon_from or span_to > last:
            raise DomainError(
                _(
                    "The span %(span)s must start in or after %(start)s, when %(resolution)s "
                    "took effect, and end by this year."
                )
                % {
                    "span": f"{span_from}–{span_to}",
                    "start": resolution.horizon_from,
                    "resolution": resolution.reference,
                },
                field="span_from",
            )
    elif not resolution.horizon_known:
        raise DomainError(
            _(
                "The horizon of %(resolution)s is not yet determined: enter it on the "
                "resolution before reviewing a span of it."
            )
            % {"resolution": resolution.reference},
            field="span_from",
        )
    elif span_from < resolution.horizon_from or span_to > resolution.last_target_year:
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

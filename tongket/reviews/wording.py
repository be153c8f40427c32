"""How review documents name the review and the followed document, in Vietnamese whatever
the UI says. Shared by the dossier (`services.synthesis`) and the other campaign documents
(`documents`: plan, unit review report), so that neither imports the other."""

from __future__ import annotations

import re

from tongket.documents.choices import DocumentKind, Style
from tongket.documents.writing import kind_name, reference
from tongket.resolutions.choices import ResolutionKind
from tongket.reviews.models import ReviewCampaign

# What a review drafts to follow the reviewed document, by the reviewed document's kind: a
# plan is followed by the plan of the next phase, a coordination programme by the next
# programme; a resolution and the rest by a new resolution. A directive or a conclusion
# reviewed in the Party format is followed by a conclusion "về tiếp tục thực hiện …" (as
# Kết luận 01-KL/TW followed the review of Chỉ thị 05-CT/TW); a directive reviewed in the
# State format by a new directive (the State has no "kết luận" among its kinds).
NEXT_KINDS: dict[str, tuple[str, str]] = {
    ResolutionKind.PLAN: (ResolutionKind.PLAN, DocumentKind.PLAN),
    ResolutionKind.COORDINATION_PROGRAMME: (
        ResolutionKind.COORDINATION_PROGRAMME,
        DocumentKind.COORDINATION_PROGRAMME,
    ),
}
CONTINUED = (ResolutionKind.CONCLUSION, DocumentKind.CONCLUSION)
NEXT_IN_PARTY_FORMAT: dict[str, tuple[str, str]] = {
    ResolutionKind.DIRECTIVE: CONTINUED,
    ResolutionKind.CONCLUSION: CONTINUED,
}
NEXT_IN_STATE_FORMAT: dict[str, tuple[str, str]] = {
    ResolutionKind.DIRECTIVE: (ResolutionKind.DIRECTIVE, DocumentKind.DIRECTIVE),
}
DEFAULT_NEXT = (ResolutionKind.RESOLUTION, DocumentKind.DRAFT_RESOLUTION)
# The followed document's horizon at the end of its subject: "đến năm 2020", "giai đoạn
# 2013-2020", "nhiệm kỳ 2020-2025", with "và những năm tiếp theo" after it.
HORIZON = re.compile(
    r"[\s,;]+(?P<word>đến năm|giai đoạn|nhiệm kỳ)\s+\d{4}(?:\s*[-–]\s*\d{4})?"
    r"(?:\s+và những năm tiếp theo)?\s*$"
)


def kind_word(campaign: ReviewCampaign) -> str:
    """ "tổng kết" or "sơ kết"."""
    return "sơ kết" if campaign.kind == "interim_review" else "tổng kết"


def resolution_line(campaign: ReviewCampaign) -> str:
    """ "Nghị quyết số 382-NQ/ĐUQSTW ngày 29/11/2007 của Đảng ủy Quân sự Trung ương về …":
    the followed document by its own kind, its issuer named as it was then."""
    return f"{reference(campaign.resolution)} {followed_subject(campaign)}".strip()


def followed_subject(campaign: ReviewCampaign) -> str:
    """The followed document's subject without its kind's name written again after its
    symbol: a plan whose subject reads "Kế hoạch thực hiện Nghị quyết 623…" is "Kế hoạch số
    15/KH-BTL … thực hiện Nghị quyết 623…", never "Kế hoạch số 15/KH-BTL … Kế hoạch …"."""
    resolution = campaign.resolution
    subject = (resolution.subject or "").strip()
    kind = kind_name(resolution.kind)
    if subject.casefold().startswith(kind.casefold() + " "):
        return subject[len(kind) + 1 :]
    return subject


def short_name(campaign: ReviewCampaign) -> str:
    """ "Nghị quyết số 382-NQ/ĐUQSTW", "Chương trình phối hợp số 01-CTr/ĐUQS"."""
    resolution = campaign.resolution
    name = kind_name(resolution.kind)
    return f"{name} số {resolution.symbol}" if resolution.symbol else name


def _next(campaign: ReviewCampaign) -> tuple[str, str]:
    kind = campaign.resolution.kind
    by_format = NEXT_IN_STATE_FORMAT if campaign.style == Style.STATE else NEXT_IN_PARTY_FORMAT
    return by_format.get(kind) or NEXT_KINDS.get(kind, DEFAULT_NEXT)


def next_kind(campaign: ReviewCampaign) -> str:
    """The kind of the document the review drafts for the next phase (`NEXT_KINDS`), as a
    resolution's kind: what it is registered as once issued."""
    return _next(campaign)[0]


def next_document_kind(campaign: ReviewCampaign) -> str:
    """The same as a document's kind: its title ("KẾ HOẠCH", "NGHỊ QUYẾT", "KẾT LUẬN") and
    type code."""
    return _next(campaign)[1]


def continues(campaign: ReviewCampaign) -> bool:
    """True when the next document is a conclusion on continuing the reviewed one: it has
    no phase of its own in its name."""
    return next_document_kind(campaign) == DocumentKind.CONCLUSION


def next_document_line(campaign: ReviewCampaign) -> str:
    """How the submission names the draft it proposes: "Kế hoạch giai đoạn 2026-2030",
    "Kết luận về tiếp tục thực hiện Chỉ thị số 05-CT/TW"."""
    name = kind_name(next_kind(campaign))
    if continues(campaign):
        return f"{name} về tiếp tục thực hiện {short_name(campaign)}"
    return f"{name} giai đoạn {campaign.next_from}-{campaign.next_to}"


def next_subject(campaign: ReviewCampaign) -> str:
    """The subject of the document drafted for the next phase: the followed document's,
    without its kind's name (the new document's title carries it) and with its horizon
    replaced by the next phase's. "về công tác hậu cần quân đội đến năm 2020 và những năm
    tiếp theo" → "về công tác hậu cần quân đội giai đoạn 2023-2030"; a plan's "Kế hoạch thực
    hiện Nghị quyết 623… giai đoạn 2013-2020" → "thực hiện Nghị quyết 623… giai đoạn
    2016-2017"; a programme's "…, nhiệm kỳ 2020-2025" → "… nhiệm kỳ 2025-2030". A conclusion
    continues the followed document by its full reference: "về tiếp tục thực hiện Chỉ thị số
    05-CT/TW ngày 15/05/2016 của Bộ Chính trị về …"."""
    if continues(campaign):
        return f"về tiếp tục thực hiện {resolution_line(campaign)}"
    subject = followed_subject(campaign)
    found = HORIZON.search(subject)
    word = "giai đoạn"
    if found is not None:
        subject = subject[: found.start()]
        word = "nhiệm kỳ" if found["word"] == "nhiệm kỳ" else word
    subject = subject.strip().rstrip(",;").strip()
    return f"{subject} {word} {campaign.next_from}-{campaign.next_to}".strip()

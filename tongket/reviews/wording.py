"""How review documents name the review and the followed document, in Vietnamese whatever
the UI says. Shared by the dossier (`services.synthesis`) and the other campaign documents
(`documents`: plan, unit review report), so that neither imports the other."""

from __future__ import annotations

from tongket.documents.writing import kind_name, reference
from tongket.reviews.models import ReviewCampaign


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

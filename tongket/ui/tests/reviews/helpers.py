"""What the review page tests share: the title of QK2's review of 623, a campaign's dossier
drafted, page addresses and bodies."""

from __future__ import annotations

from tongket.core.scopes import SYSTEM
from tongket.reviews import services
from tongket.reviews.models import ReviewCampaign

TITLE = "Tổng kết 10 năm thực hiện Nghị quyết 623-NQ/QUTW trong Đảng bộ Quân khu 2"


def drafted(campaign: ReviewCampaign) -> dict:
    return services.campaign_synthesize(by=SYSTEM, campaign=campaign)


def url(name: str, *args: object) -> str:
    from django.urls import reverse

    return reverse(f"ui:{name}", args=args)


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()

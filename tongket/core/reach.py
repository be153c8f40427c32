"""The review campaigns a user reaches, for the apps reviews builds on.

A document of a campaign's dossier and a meeting of a campaign are read by whoever reaches
the campaign, but `documents` and `meetings` sit beside `reviews` and may not import it (the
import contracts): `reviews` registers its reach here at start-up (`ReviewsConfig.ready`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

CampaignReach = Callable[[Any], QuerySet[Any]]
_reach: list[CampaignReach] = []


def register_campaign_reach(reach: CampaignReach) -> CampaignReach:
    """`reach(user)` answers the primary keys (`values("pk")`) of the campaigns `user`
    reaches. One is registered; registering again replaces it."""
    _reach[:] = [reach]
    return reach


def campaigns_reached(user: Any) -> QuerySet[Any]:
    """The primary keys of the review campaigns `user` reaches (a subquery)."""
    if not _reach:
        raise ImproperlyConfigured("No campaign reach registered: is tongket.reviews installed?")
    return _reach[0](user)

"""Award records of a review campaign: how many collectives and individuals the reviewing
body awarded itself and proposed to a higher authority, with the lists and decisions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tongket.awards import selectors
from tongket.awards.choices import NomineeKind
from tongket.reviews.selectors import campaign_get
from tongket.ui.views.awards.common import is_officer


@login_required
def campaign_awards(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_get(user=request.user, pk=pk)
    lists = selectors.campaign_awards(user=request.user, campaign=campaign)
    awarded = list(lists["awarded"])
    proposed = list(lists["proposed_to_higher"])

    def split(rows: list) -> dict[str, list]:  # type: ignore[type-arg]
        return {
            "collectives": [n for n in rows if n.nominee_kind == NomineeKind.COLLECTIVE],
            "individuals": [n for n in rows if n.nominee_kind == NomineeKind.INDIVIDUAL],
        }

    return render(
        request,
        "ui/awards/campaign.html",
        {
            "campaign": campaign,
            "title": _("Commendations"),
            "summary": selectors.campaign_awards_summary(user=request.user, campaign=campaign),
            "awarded": split(awarded),
            "proposed": split(proposed),
            "decisions": list(selectors.decision_list(user=request.user, campaign=campaign)),
            "body": campaign.figures_unit,
            "officer": is_officer(request.user),
        },
    )

"""The campaign form's document format: left unchosen it is the reviewing body's own, as the
plan's renderer decides (`writing.style_of`: a Party committee writes in the Party format, a
command, an agency or a people's committee in the State format); chosen, it is kept; editing
an open review offers the two formats with the review's selected."""

from __future__ import annotations

import re

import pytest

from tongket.reviews.models import ReviewCampaign
from tongket.ui.forms.reviews import CampaignForm
from tongket.ui.tests.reviews.helpers import body, url

pytestmark = pytest.mark.django_db


def style_options(page: str) -> list[tuple[str, bool]]:
    """The (value, selected) of each option of the format field."""
    select = re.search(r'<select name="style"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None, "no format field"
    return [
        (value, bool(selected))
        for value, selected in re.findall(r'<option value="([^"]*)"( selected)?>', select.group(1))
    ]


def opened(client, resolution_id: int, owner: str, **extra: str) -> ReviewCampaign:
    before = set(ReviewCampaign.objects.values_list("pk", flat=True))
    data = {
        "resolution": resolution_id,
        "owner_unit": owner,
        "kind": "interim_review",
        "span_from": "2013",
        "span_to": "2015",
        "next_from": "2016",
        "next_to": "2020",
        "standing_agency": "CHC-QK2",
        **extra,
    }
    response = client.post(url("campaign_create"), data)
    assert response.status_code == 302, body(response)
    (pk,) = set(ReviewCampaign.objects.values_list("pk", flat=True)) - before
    return ReviewCampaign.objects.get(pk=pk)


def test_the_new_review_format_starts_as_the_reviewing_body_writes(as_user, users, c623):
    """Given the form to open a review, its format field starts at "as the reviewing body
    writes" (not at the Party format), and says what it governs; opened without choosing,
    a command's review is State-format and a Party committee's Party-format."""
    client = as_user(users["qk2.theodoi"])
    page = body(client.get(url("campaign_create")))
    assert style_options(page) == [("", True), ("party", False), ("state", False)]
    assert CampaignForm(user=users["qk2.theodoi"]).fields["style"].help_text
    assert opened(client, c623.resolution_id, "QK2", style="").style == "state"
    assert opened(client, c623.resolution_id, "DU-QK2", style="").style == "party"
    # Chosen, it is kept, whatever the body.
    assert opened(client, c623.resolution_id, "QK2", style="party").style == "party"


def test_editing_offers_the_two_formats_with_the_reviews_selected(as_user, users, c623):
    """Given the Party committee's review of 623, its edit form offers the Party and the
    State format, the Party one selected; an empty choice is refused beside the field."""
    client = as_user(users["qk2.theodoi"])
    assert c623.style == "party"
    page = body(client.get(url("campaign_edit", c623.pk)))
    assert style_options(page) == [("party", True), ("state", False)]
    data = {
        "kind": c623.kind,
        "title": c623.title,
        "span_from": c623.span_from,
        "span_to": c623.span_to,
        "span_label": c623.span_label,
        "next_from": c623.next_from,
        "next_to": c623.next_to,
        "standing_agency": c623.standing_agency.code,
        "style": "",
        "version": c623.version,
    }
    refused = client.post(url("campaign_edit", c623.pk), data)
    assert refused.status_code == 200 and "id_style-errors" in body(refused)
    saved = client.post(url("campaign_edit", c623.pk), {**data, "style": "state"})
    assert saved.status_code == 302
    c623.refresh_from_db()
    assert c623.style == "state"

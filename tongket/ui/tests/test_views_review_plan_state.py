"""The plan button on the page of a review led by a command drafts a State-format plan."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.resolutions.models import Resolution
from tongket.reviews import selectors, services
from tongket.reviews.choices import CampaignKind, DossierRole

pytestmark = pytest.mark.django_db


def test_the_campaign_page_drafts_a_state_format_plan_for_a_command(as_user, users):
    """Given a review of 15/KH-BTL opened by Quân khu 2 (the command), when its tracking
    officer presses the plan button, then the plan is stored in the State format and its
    Word file downloads with the national title."""
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=["QK2", "CHC-QK2"])}
    campaign = services.campaign_create(
        by=SYSTEM,
        kind=CampaignKind.INTERIM,
        resolution=Resolution.objects.get(symbol="15/KH-BTL"),
        owner_unit=units["QK2"],
        standing_agency=units["CHC-QK2"],
        span_from=2013,
        span_to=2017,
        next_from=2018,
        next_to=2020,
    )
    services.milestone_add(
        by=SYSTEM,
        campaign=campaign,
        kind="unit_reports",
        title="Các đơn vị gửi báo cáo",
        due_date=datetime.date(2018, 3, 1),
    )
    client = as_user(users["qk2.theodoi"])
    page = client.get(reverse("ui:campaign_detail", args=[campaign.pk])).content.decode()
    assert 'data-testid="plan-draft"' in page
    response = client.post(reverse("ui:campaign_plan_draft", args=[campaign.pk]))
    assert response.status_code == 302
    plan = selectors.dossier(campaign=campaign)[DossierRole.PLAN]
    assert plan.profile.style == "state"
    docx = client.get(reverse("ui:document_docx", args=[plan.pk]))
    data = b"".join(docx.streaming_content) if docx.streaming else docx.content
    assert docx.status_code == 200 and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".encode() in _xml(data)


def _xml(data: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")

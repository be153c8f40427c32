"""The service worker and the manifest of offline entry: served from the root with the
assets of the report page (their hashed names), installable, and nothing else cached."""

from __future__ import annotations

import json

import pytest
from django.templatetags.static import static

from tongket.ui.views.offline import ASSETS

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_from_the_root_with_the_report_assets(client, users):
    client.force_login(users["qk2.baocao"])
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    listed = json.loads(body.split("var ASSETS = ", 1)[1].split(";", 1)[0])
    assert listed == [static(path) for path in ASSETS]


def test_the_manifest_makes_the_site_installable(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["display"] == "standalone" and data["start_url"] == "/"
    assert data["icons"][0]["src"] == static("img/favicon.svg")


def test_the_report_page_links_the_manifest_and_marks_offline_entry(client, users):
    from tongket.reporting.models import Report

    report = Report.objects.filter(
        unit__code="SD316-E98", state="draft", period__is_open=True
    ).first()
    client.force_login(users["qk2.baocao"])
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'rel="manifest"' in page and "data-offline-entry" in page
    assert "data-queued=" in page and "data-row-queued=" in page

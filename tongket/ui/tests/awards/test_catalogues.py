"""The commendation catalogues: award forms edited only by a tree administrator, authorities
added by an administrator, quotas set within the scope."""

from __future__ import annotations

import pytest

from tongket.awards.models import AwardForm, Quota

pytestmark = pytest.mark.django_db


def test_only_a_tree_administrator_edits_the_forms(client, officer, users):
    client.force_login(officer)
    data = {
        "code": "GK-TEST",
        "name": "Giấy khen thử",
        "category": "award",
        "for_collectives": "on",
        "rank": "5",
        "repeat_years": "1",
    }
    response = client.post("/awards/forms/edit/", data)
    assert response.status_code == 403
    assert not AwardForm.objects.filter(code="GK-TEST").exists()
    client.force_login(users["admin"])
    response = client.post("/awards/forms/edit/", {**data, "min_share_met": "80"})
    assert response.status_code == 302
    saved = AwardForm.objects.get(code="GK-TEST")
    assert saved.criteria == {"min_share_met": 80}
    response = client.post(
        "/awards/forms/edit/?code=GK-TEST", {**data, "for_collectives": "", "name": "X"}
    )
    assert response.status_code == 200 and response.context["form"].errors["for_collectives"]
    assert client.get("/awards/forms/edit/?code=NOPE").status_code == 404


def test_an_administrator_adds_an_authority(client, users, forms):
    client.force_login(users["admin"])
    before = forms["GK"].authorities.count()
    response = client.post("/awards/authorities/add/", {"form": forms["GK"].pk})
    assert response.context["form"].errors["unit"]
    response = client.post("/awards/authorities/add/", {"form": forms["GK"].pk, "unit": "SD316"})
    assert response.status_code == 302
    assert forms["GK"].authorities.count() == before + 1


def test_quotas_are_set_within_the_scope(client, officer, users):
    client.force_login(officer)
    response = client.post(
        "/awards/quotas/set/",
        {"unit": "QK2", "year": "2024", "basis": "share_headcount", "value": "10"},
    )
    assert response.context["form"].errors["headcount"]
    response = client.post(
        "/awards/quotas/set/", {"unit": "TCCNQP", "year": "2024", "basis": "count", "value": "5"}
    )
    assert response.context["form"].errors["unit"]
    response = client.post(
        "/awards/quotas/set/", {"unit": "QK2", "year": "2024", "basis": "count", "value": "12,0"}
    )
    assert response.status_code == 302
    assert Quota.objects.get(unit__code="QK2", year=2024).value == 12
    client.force_login(users["qk2.baocao"])
    response = client.post(
        "/awards/quotas/set/", {"unit": "QK2", "year": "2025", "basis": "count", "value": "3"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Quota.objects.filter(unit__code="QK2", year=2025).exists()

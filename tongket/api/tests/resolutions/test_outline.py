"""Objectives and indicators through the API: objectives created, moved, renamed and removed;
indicators with duplicate codes refused, and kept while they have reported values."""

import pytest

from tongket.api.tests.resolutions.helpers import logged, resolution
from tongket.resolutions.models import Indicator, Item

pytestmark = pytest.mark.django_db


# --- Objectives and indicators ------------------------------------------------------------


def test_objectives_are_created_moved_renamed_and_removed(api, users):
    """Given Quân khu 2's plan, when its keeper adds an objective with a task, moves the
    objective up, renames and removes it, then the outline numbers follow and each step is
    logged."""
    client = api(users["qk2.theodoi"])
    plan = resolution("15/KH-BTL")
    first = Item.objects.create(resolution=plan, kind="objective", title="Có sẵn", order=1)
    created = client.post(
        "/api/v1/objectives/",
        {"resolution": plan.pk, "kind": "objective", "title": "Mục tiêu mới"},
        format="json",
    )
    assert created.status_code == 201, created.content
    objective = created.json()
    assert objective["number"] == "2"
    task = client.post(
        "/api/v1/objectives/",
        {"resolution": plan.pk, "kind": "task", "title": "Nhiệm vụ", "parent": objective["id"]},
        format="json",
    ).json()
    assert task["number"] == "2.1"
    moved = client.post(f"/api/v1/objectives/{objective['id']}/move/", {"direction": "up"})
    assert moved.json()["number"] == "1"
    outline = client.get("/api/v1/objectives/", {"resolution": plan.pk}).json()["results"]
    assert [(i["number"], i["depth"]) for i in outline] == [("1", 0), ("1.1", 1), ("2", 0)]
    assert outline[2]["id"] == first.pk
    renamed = client.patch(
        f"/api/v1/objectives/{objective['id']}/", {"title": "Mục tiêu đổi tên"}, format="json"
    )
    assert renamed.json()["title"] == "Mục tiêu đổi tên"
    wrong_kind = client.patch(
        f"/api/v1/objectives/{objective['id']}/", {"kind": "x"}, format="json"
    )
    assert wrong_kind.status_code == 400 and "kind" in wrong_kind.json()["errors"]
    assert client.delete(f"/api/v1/objectives/{objective['id']}/").status_code == 204
    assert not Item.objects.filter(pk__in=[objective["id"], task["id"]]).exists()
    item = Item(pk=objective["id"])
    for action in ("item_create", "item_move", "item_update", "item_delete"):
        assert logged(action, item), action
    other = client.post(
        "/api/v1/objectives/",
        {"resolution": plan.pk, "kind": "task", "title": "X", "parent": task["id"]},
        format="json",
    )
    assert other.status_code == 400 and "parent" in other.json()["errors"]


def test_indicators_crud_with_duplicate_codes_refused(api, users):
    """Given Quân khu 2's plan, when its keeper adds an indicator, a second with the same code,
    changes the first with its version and removes it, then the duplicate is a 400 naming
    code, a stale version a conflict, and the rest is logged."""
    client = api(users["qk2.theodoi"])
    plan = resolution("15/KH-BTL")
    payload = {
        "resolution": plan.pk,
        "code": "QK2-HC20",
        "name": "Số bếp ăn được cải tạo",
        "unit_of_measure": "bếp",
        "baseline_value": "12.5",
    }
    created = client.post("/api/v1/indicators/", payload, format="json")
    assert created.status_code == 201, created.content
    indicator = created.json()
    assert indicator["baseline_value"] == "12.5000"
    duplicate = client.post("/api/v1/indicators/", {**payload, "code": "qk2-hc20"}, format="json")
    assert duplicate.status_code == 400 and "code" in duplicate.json()["errors"]
    ratio_sum = client.post(
        "/api/v1/indicators/",
        {**payload, "code": "QK2-HC21", "measure_kind": "ratio", "unit_aggregation": "sum"},
        format="json",
    )
    assert ratio_sum.status_code == 400 and "unit_aggregation" in ratio_sum.json()["errors"]
    too_precise = client.post(
        "/api/v1/indicators/", {**payload, "code": "QK2-HC22", "baseline_value": "1.23456"}
    )
    assert too_precise.status_code == 400 and "baseline_value" in too_precise.json()["errors"]
    url = f"/api/v1/indicators/{indicator['id']}/"
    stale = client.patch(url, {"version": 7, "name": "Khác"}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    changed = client.patch(url, {"version": 1, "name": "Số bếp ăn hợp vệ sinh"}, format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    listed = client.get("/api/v1/indicators/", {"resolution": plan.pk, "search": "bep an"}).json()
    assert [i["code"] for i in listed["results"]] == ["QK2-HC20"]
    assert client.delete(url).status_code == 204
    gone = Indicator(pk=indicator["id"])
    for action in ("indicator_create", "indicator_update", "indicator_delete"):
        assert logged(action, gone), action
    outsider = api(users["cnqp.baocao"]).patch(
        f"/api/v1/indicators/{plan.indicators.first().pk}/", {"name": "x"}, format="json"
    )
    assert outsider.status_code == 404


def test_an_indicator_with_reported_values_cannot_be_removed(api, users):
    """Given HC03 of 623 with values reported, when its keeper deletes it, then 400."""
    hc03 = resolution("623-NQ/QUTW").indicators.get(code="HC03")
    response = api(users["bqp.theodoi"]).delete(f"/api/v1/indicators/{hc03.pk}/")
    assert response.status_code == 400
    assert Indicator.objects.filter(pk=hc03.pk).exists()

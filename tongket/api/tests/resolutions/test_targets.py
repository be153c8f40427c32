"""Targets through the API: set, adjusted with a reason and kept in history, bad targets named,
cascade and phasing; assignments given, reported on, with overdue derived."""

from decimal import Decimal

import pytest

from tongket.api.tests.resolutions.helpers import logged, resolution
from tongket.core.models import ChangeLog
from tongket.resolutions.models import Assignment, Item, Target, TargetAdjustment

pytestmark = pytest.mark.django_db


# --- Targets ------------------------------------------------------------------------------


def test_targets_are_set_adjusted_with_a_reason_and_keep_their_history(api, users):
    """Given HC03 of 623 at Sư đoàn 316 for 2026, when the tracking officer adjusts it with a
    reason and its version, then the adjustment (old value, reason, date) is in the target's
    history; a stale version is a conflict; a new target answers 201."""
    client = api(users["bqp.theodoi"])
    hc03 = resolution("623-NQ/QUTW").indicators.get(code="HC03")
    target = Target.objects.get(indicator=hc03, unit__code="SD316", year=2026)
    old = target.value
    payload = {
        "indicator": hc03.pk,
        "unit": "SD316",
        "year": 2026,
        "value": str(old + 5),
        "reason": "Bổ sung đơn vị",
        "effective_on": "2026-07-01",
        "version": target.version,
    }
    adjusted = client.post("/api/v1/targets/", payload, format="json")
    assert adjusted.status_code == 200, adjusted.content
    body = adjusted.json()
    assert Decimal(body["value"]) == old + 5
    latest = body["adjustments"][0]
    assert Decimal(latest["old_value"]) == old and latest["reason"] == "Bổ sung đơn vị"
    assert latest["effective_on"] == "2026-07-01" and latest["username"] == "bqp.theodoi"
    stale = client.post("/api/v1/targets/", payload, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    via_patch = client.patch(
        f"/api/v1/targets/{target.pk}/",
        {"value": str(old + 6), "reason": "Lần hai", "version": body["version"]},
        format="json",
    )
    assert via_patch.status_code == 200 and Decimal(via_patch.json()["value"]) == old + 6
    history = client.get(f"/api/v1/targets/{target.pk}/").json()["adjustments"]
    assert [a["reason"] for a in history[:2]] == ["Lần hai", "Bổ sung đơn vị"]
    assert ChangeLog.objects.filter(action="target_adjust", object_id=str(target.pk)).count() == 2
    new = client.post(
        "/api/v1/targets/",
        {"indicator": hc03.pk, "unit": "SD316", "year": 2029, "value": 40},
        format="json",
    )
    assert new.status_code == 201
    horizon = client.get(
        "/api/v1/targets/", {"indicator": hc03.pk, "unit": "SD316", "year": "horizon"}
    ).json()
    assert all(t["year"] is None for t in horizon["results"])
    yearly = client.get("/api/v1/targets/", {"indicator": hc03.pk, "unit": "SD316", "year": 2029})
    assert [t["id"] for t in yearly.json()["results"]] == [new.json()["id"]]
    assert client.delete(f"/api/v1/targets/{new.json()['id']}/?reason=nhầm").status_code == 204
    assert logged("target_delete", Target(pk=new.json()["id"]))


@pytest.mark.parametrize(
    ("code", "overrides", "field"),
    [
        ("HC03", {"year": 2050}, "year"),  # outside 2013–2020 and the following years
        ("HC03", {"year": 1900}, "year"),
        ("HC03", {"value": "-3"}, "value"),
        ("HC01", {"value": None, "numerator": 3, "denominator": 0}, "denominator"),
        ("HC01", {"value": "120"}, "value"),
        ("HC03", {"unit": "Z111"}, "unit"),  # outside the officer's scope
        ("HC03", {"unit": "KHONG-CO"}, "unit"),
        ("HC03", {"year": "năm nay"}, "year"),
        ("HC03", {"value": "1.23456"}, "value"),
    ],
)
def test_bad_targets_are_a_400_naming_the_field(api, users, code, overrides, field):
    """Given a target with one thing wrong, when a Quân khu 2 tracking officer sets it, then
    400 names the field and nothing is written."""
    indicator = resolution("623-NQ/QUTW").indicators.get(code=code)
    before = (Target.objects.count(), TargetAdjustment.objects.count())
    payload = {"indicator": indicator.pk, "unit": "SD316", "year": 2026, "value": 5, **overrides}
    response = api(users["qk2.theodoi"]).post("/api/v1/targets/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert (Target.objects.count(), TargetAdjustment.objects.count()) == before


def test_cascade_and_phasing(api, users, units):
    """Given Sư đoàn 316's 2026 target of HC03, when it is split evenly to its regiments, then
    their targets add up to it; by hand with shares by unit code; and a whole-horizon target
    phased gives one target per year of the horizon."""
    client = api(users["qk2.theodoi"])
    hc03 = resolution("623-NQ/QUTW").indicators.get(code="HC03")
    parent = Target.objects.get(indicator=hc03, unit__code="SD316", year=2026)
    even = client.post(
        "/api/v1/targets/cascade/",
        {"indicator": hc03.pk, "unit": "SD316", "year": 2026, "method": "even"},
        format="json",
    )
    assert even.status_code == 200, even.content
    assert sum(Decimal(t["value"]) for t in even.json()) == parent.value
    assert {t["unit"] for t in even.json()} == {"SD316-E98", "SD316-E148", "SD316-E174"}
    manual = client.post(
        "/api/v1/targets/cascade/",
        {
            "indicator": hc03.pk,
            "unit": "SD316",
            "year": 2026,
            "method": "manual",
            "shares": {"SD316-E98": "10", "SD316-E148": "11.5"},
            "reason": "Giao lại",
        },
        format="json",
    )
    assert manual.status_code == 200
    assert Target.objects.get(indicator=hc03, unit__code="SD316-E98", year=2026).value == 10
    wrong = client.post(
        "/api/v1/targets/cascade/",
        {
            "indicator": hc03.pk,
            "unit": "SD316",
            "year": 2026,
            "method": "manual",
            "shares": {"SD355-E52": "1"},
        },
        format="json",
    )
    assert wrong.status_code == 400 and "shares" in wrong.json()["errors"]
    unknown = client.post(
        "/api/v1/targets/cascade/",
        {"indicator": hc03.pk, "unit": "SD316", "year": 2026, "method": "x"},
        format="json",
    )
    assert unknown.status_code == 400 and "method" in unknown.json()["errors"]
    client.post(
        "/api/v1/targets/",
        {"indicator": hc03.pk, "unit": "SD316-E98", "year": None, "value": 180},
        format="json",
    )
    phased = client.post(
        "/api/v1/targets/phase/", {"indicator": hc03.pk, "unit": "SD316-E98"}, format="json"
    )
    assert phased.status_code == 200
    assert [t["year"] for t in phased.json()] == list(range(2013, 2021))
    assert sum(Decimal(t["value"]) for t in phased.json()) == 180
    assert ChangeLog.objects.filter(
        action="target_adjust", unit_path=units["SD316-E98"].path
    ).exists()


# --- Assignments --------------------------------------------------------------------------


def test_assignments_are_given_reported_on_and_overdue_is_derived(api, users):
    """Given Quân khu 2's plan, when its keeper gives a task to the Logistics Department with
    a past deadline, then it lists as overdue; its reporter reports it done (no longer
    overdue); the keeper changes it with its version and removes it; all logged."""
    keeper = api(users["qk2.theodoi"])
    plan = resolution("15/KH-BTL")
    task = Item.objects.create(resolution=plan, kind="task", title="Cải tạo bếp", order=9)
    created = keeper.post(
        "/api/v1/assignments/",
        {
            "item": task.pk,
            "lead_unit": "CHC-QK2",
            "coordinating_units": ["SD316"],
            "deadline": "2025-03-31",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assignment = created.json()
    assert assignment["effective_status"] == "overdue"
    overdue = keeper.get("/api/v1/assignments/", {"resolution": plan.pk, "status": "overdue"})
    assert [a["id"] for a in overdue.json()["results"]] == [assignment["id"]]
    by_unit = keeper.get("/api/v1/assignments/", {"unit": "SD316", "resolution": plan.pk})
    assert [a["id"] for a in by_unit.json()["results"]] == [assignment["id"]]
    reporter = api(users["qk2.baocao"])
    done = reporter.post(
        f"/api/v1/assignments/{assignment['id']}/status/",
        {"status": "done", "note": "Đã xong"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["effective_status"] == "done"
    refused = reporter.post(
        f"/api/v1/assignments/{assignment['id']}/status/", {"status": "overdue"}, format="json"
    )
    assert refused.status_code == 400 and "status" in refused.json()["errors"]
    stale = keeper.patch(
        f"/api/v1/assignments/{assignment['id']}/", {"version": 1, "deadline": None}, format="json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    changed = keeper.patch(
        f"/api/v1/assignments/{assignment['id']}/",
        {"version": 2, "deadline": "2027-01-31", "coordinating_units": []},
        format="json",
    )
    assert changed.status_code == 200 and changed.json()["coordinating_units"] == []
    lead_twice = keeper.patch(
        f"/api/v1/assignments/{assignment['id']}/",
        {"version": changed.json()["version"], "coordinating_units": ["CHC-QK2"]},
        format="json",
    )
    assert lead_twice.status_code == 400 and "coordinating_units" in lead_twice.json()["errors"]
    assert keeper.delete(f"/api/v1/assignments/{assignment['id']}/").status_code == 204
    gone = Assignment(pk=assignment["id"])
    for action in (
        "assignment_create",
        "assignment_status",
        "assignment_update",
        "assignment_delete",
    ):
        assert logged(action, gone), action
    outside = keeper.post(
        "/api/v1/assignments/", {"item": task.pk, "lead_unit": "Z111"}, format="json"
    )
    assert outside.status_code == 400 and "lead_unit" in outside.json()["errors"]

"""Dashboards people compose: made and filled by their owner, shared with a unit's users who
see every favourite in their own scope, arranged by dragging (JSON order) or by the move
buttons; the API does the same; another branch answers 404."""

import json

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

import tongket.analysis.testing
from tongket.analysis import services
from tongket.analysis.models import Dashboard, Visualization
from tongket.core.models import ChangeLog
from tongket.org.models import Unit
from tongket.resolutions.models import Indicator

pytestmark = pytest.mark.django_db


def favourite(
    user, name: str, units: list[Unit], chart: str = "column", shared_with=None
) -> Visualization:  # type: ignore[no-untyped-def]
    hc03 = Indicator.objects.get(code="HC03", resolution__symbol="623-NQ/QUTW")
    return services.visualization_create(
        by=user,
        name=name,
        spec={
            "indicators": [hc03.pk],
            "units": [u.pk for u in units],
            "relative": ["last_4_half_years"],
            "rows": ["unit"],
            "columns": ["period"],
            "chart": chart,
        },
        unit=shared_with or Unit.objects.get(code="QK2"),
        shared=True,
    )


def test_a_dashboard_is_composed_shared_and_arranged(client, users):
    """Given a QK2 tracking officer's dashboard with a chart, a text and the reports due,
    shared with QK2, when the QK2 approver opens it, then every tile shows; when the owner
    drags the text first, the order is kept."""
    owner = users["qk2.theodoi"]
    qk2 = Unit.objects.get(code="QK2")
    chart = favourite(owner, "Sản lượng theo sư đoàn", [Unit.objects.get(code="SD316")])
    client.force_login(owner)
    session = client.session
    session["tongket_active_unit"] = qk2.pk
    session.save()
    made = client.post("/analysis/dashboards/", {"name": "Điều hành QK2", "shared": "on"})
    dashboard = Dashboard.objects.get(name="Điều hành QK2")
    assert made.status_code == 302 and dashboard.unit == qk2 and dashboard.shared
    url = f"/analysis/dashboards/{dashboard.pk}/"
    for data in (
        {"kind": "favourite", "visualization": chart.pk, "width": 12},
        {"kind": "text", "text": "Tập trung tăng gia sản xuất quý cuối.", "width": 6},
        {"kind": "due_reports", "width": 6},
    ):
        assert client.post(url, data).status_code == 302
    refused = client.post(url, {"kind": "text", "text": "", "width": 6})
    assert refused.status_code == 200 and refused.context["form"].errors["text"]
    items = [item.pk for item in dashboard.items.order_by("position")]
    assert len(items) == 3
    moved = client.post(
        f"{url}order/", json.dumps([items[1], items[0], items[2]]), content_type="application/json"
    )
    assert moved.status_code == 200
    assert [i.pk for i in dashboard.items.order_by("position")] == [items[1], items[0], items[2]]
    assert ChangeLog.objects.filter(action="dashboard_arrange", object_id=str(dashboard.pk))
    client.post(f"{url}order/", {"item": items[2], "direction": "up"})
    assert [i.pk for i in dashboard.items.order_by("position")] == [items[1], items[2], items[0]]

    client.force_login(users["qk2.duyet"])
    page = client.get(url)
    assert page.status_code == 200
    tiles = page.context["tiles"]
    assert [t.item.kind for t in tiles] == ["text", "due_reports", "favourite"]
    assert tiles[2].table is not None and tiles[2].table.rows[0].item("unit").code == "SD316"
    assert 'data-pivot-chart="tile-data-' in page.content.decode()
    assert client.post(url, {"kind": "due_reports", "width": 6}).status_code == 403
    bad_order = client.post(f"{url}order/", json.dumps(items), content_type="application/json")
    assert bad_order.status_code == 403


def test_each_viewer_reads_the_tiles_in_their_own_scope(client, users):
    """Given the QK2 approver's dashboard shared with Sư đoàn 316, holding a favourite of
    QK2 itself, one shared only with QK2 and one of Sư đoàn 316, when a viewer of Sư đoàn 316
    opens it, then the first two tiles say why they show nothing and the third shows the
    division's figures."""
    from tongket.core.scopes import SYSTEM
    from tongket.org import services as org_services

    owner = users["qk2.duyet"]
    qk2, sd316 = Unit.objects.get(code="QK2"), Unit.objects.get(code="SD316")
    above = favourite(owner, "Toàn quân khu", [qk2], shared_with=sd316)
    private = favourite(owner, "Chỉ QK2", [sd316], shared_with=qk2)
    own = favourite(owner, "Sư đoàn 316", [sd316], shared_with=sd316)
    dashboard = services.dashboard_create(by=owner, name="SĐ316", unit=sd316, shared=True)
    for chart in (above, private, own):
        services.dashboard_item_add(
            by=owner, dashboard=dashboard, kind="favourite", visualization=chart
        )
    viewer = org_services.user_create(
        by=SYSTEM,
        username="sd316.xem",
        password="x",
        unit=sd316,
        role="viewer",
        check_password=False,
    )
    client.force_login(viewer)
    tiles = client.get(f"/analysis/dashboards/{dashboard.pk}/").context["tiles"]
    assert [t.table is None for t in tiles] == [True, True, False]
    assert tiles[0].problem and tiles[1].problem and tiles[0].problem != tiles[1].problem
    assert {r.item("unit").code for r in tiles[2].table.rows} == {"SD316"}


def test_another_branch_is_not_found(client, users):
    cnqp = Unit.objects.get(code="TCCNQP")
    dashboard = tongket.analysis.testing.branch_dashboard(cnqp, users["cnqp.baocao"])
    item = dashboard.items.first()
    client.force_login(users["qk2.baocao"])
    before = ChangeLog.objects.count()
    assert client.get(f"/analysis/dashboards/{dashboard.pk}/").status_code == 404
    for path in (
        f"/analysis/dashboards/{dashboard.pk}/",
        f"/analysis/dashboards/{dashboard.pk}/order/",
        f"/analysis/dashboards/{dashboard.pk}/delete/",
        f"/analysis/dashboards/items/{item.pk}/remove/",
    ):
        assert client.post(path, {"kind": "text", "text": "x", "width": 6}).status_code == 404
    assert dashboard.name not in client.get("/analysis/dashboards/").content.decode()
    assert ChangeLog.objects.count() == before


def test_dashboards_through_the_api(users):
    def api(user):  # type: ignore[no-untyped-def]
        client = APIClient()
        token = Token.objects.get_or_create(user=user)[0]
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    owner = users["qk2.theodoi"]
    chart = favourite(owner, "Biểu đồ", [Unit.objects.get(code="SD355")])
    client = api(owner)
    made = client.post(
        "/api/v1/dashboards/", {"name": "API", "shared": True, "unit": "QK2"}, format="json"
    )
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    client.post(f"/api/v1/dashboards/{pk}/items/", {"kind": "text", "text": "A"}, format="json")
    added = client.post(
        f"/api/v1/dashboards/{pk}/items/",
        {"kind": "favourite", "visualization": chart.pk},
        format="json",
    )
    items = [i["id"] for i in added.json()["items"]]
    assert [i["kind"] for i in added.json()["items"]] == ["text", "favourite"]
    ordered = client.post(f"/api/v1/dashboards/{pk}/order/", {"order": items[::-1]}, format="json")
    assert [i["id"] for i in ordered.json()["items"]] == items[::-1]
    wrong = client.post(f"/api/v1/dashboards/{pk}/order/", {"order": items[:1]}, format="json")
    assert wrong.status_code == 400 and "order" in wrong.json()["errors"]
    removed = client.post(
        f"/api/v1/dashboards/{pk}/remove-item/", {"item": items[0]}, format="json"
    )
    assert [i["id"] for i in removed.json()["items"]] == [items[1]]
    assert api(users["qk2.duyet"]).get(f"/api/v1/dashboards/{pk}/").status_code == 200
    assert api(users["cnqp.baocao"]).get(f"/api/v1/dashboards/{pk}/").status_code == 404
    assert api(users["qk2.duyet"]).delete(f"/api/v1/dashboards/{pk}/").status_code == 403
    assert client.delete(f"/api/v1/dashboards/{pk}/").status_code == 204


@pytest.mark.parametrize("username", ["admin", "qk2.theodoi", "qk2.baocao"])
def test_the_due_tile_counts_what_the_due_lists_hold(users, username, monkeypatch):
    """The "reports due" tile counts each list as the due page does, a list longer than the
    tile shows (one line here) the late one from the completeness rows: the counts equal
    the lists' own lengths."""
    from tongket.analysis import tiles
    from tongket.reporting import selectors as reporting_selectors

    monkeypatch.setattr(tiles, "DUE_LINES", 1)
    user = users[username]
    dashboard = services.dashboard_create(by=user, name="Báo cáo đến hạn")
    services.dashboard_item_add(by=user, dashboard=dashboard, kind="due_reports")
    due = reporting_selectors.due_reports(user=user)
    assert max(due[key].count() for key in ("owed", "late")) > 1, "a list longer than shown"
    (tile,) = tiles.dashboard_tiles(user=user, dashboard=dashboard)
    for key in ("owed", "to_approve", "late"):
        assert tile.due[key]["count"] == due[key].count(), key
        assert len(tile.due[key]["first"]) == min(1, due[key].count()), key

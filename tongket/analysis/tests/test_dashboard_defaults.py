"""The dashboard a person opens on: the default a unit marks for a role (or everyone there),
the person's own choice, a copy to make one's own; who may mark a default; the page and the
API."""

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.analysis import selectors, services
from tongket.analysis.models import Dashboard, DashboardDefault
from tongket.core.errors import DomainError, NotFound
from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.org import services as org_services
from tongket.org.choices import Role
from tongket.org.models import Unit

pytestmark = pytest.mark.django_db


def shared(owner, name: str, code: str) -> Dashboard:  # type: ignore[no-untyped-def]
    return services.dashboard_create(
        by=owner, name=name, unit=Unit.objects.get(code=code), shared=True
    )


def home(user, code: str | None = None):  # type: ignore[no-untyped-def]
    unit = Unit.objects.get(code=code) if code else None
    return selectors.dashboard_home(user=user, unit=unit)


def test_a_default_for_the_role_beats_the_one_for_everyone(users):
    """Given QK2 opening on E for everyone and on R for its reporters, when the reporter and
    the approver open their dashboards, then the reporter gets R and the approver E."""
    keeper = users["qk2.theodoi"]
    everyone = shared(keeper, "Chung QK2", "QK2")
    reporters = shared(keeper, "Báo cáo còn nợ (thử)", "QK2")
    services.dashboard_default_set(by=keeper, dashboard=everyone, role="")
    services.dashboard_default_set(by=keeper, dashboard=reporters, role=Role.REPORTER)
    DashboardDefault.objects.filter(unit__code="QK2", role=Role.APPROVER).delete()

    found = home(users["qk2.baocao"], "QK2")
    assert found.dashboard == reporters and found.default.role == Role.REPORTER
    assert home(users["qk2.duyet"], "QK2").dashboard == everyone


def test_the_own_choice_wins_until_dropped(users):
    keeper = users["qk2.theodoi"]
    reporter = users["qk2.baocao"]
    default = shared(keeper, "Mặc định", "QK2")
    services.dashboard_default_set(by=keeper, dashboard=default, role=Role.REPORTER)
    mine = services.dashboard_create(by=reporter, name="Của tôi")

    services.dashboard_choose(by=reporter, dashboard=mine)
    found = home(reporter, "QK2")
    assert found.dashboard == mine and found.default is None

    services.dashboard_choose(by=reporter, dashboard=None)
    assert home(reporter, "QK2").dashboard == default
    assert ChangeLog.objects.filter(action="dashboard_choose").count() == 2


def test_the_nearest_unit_up_wins_and_another_branch_is_never_used(users):
    """Given reporters' defaults at BQP and at QK2, when a reporter of Sư đoàn 316 opens
    their dashboards, then QK2's (the nearest up) shows; without it, BQP's; a reporter of
    another branch under BQP gets BQP's, never QK2's, and cannot open QK2's."""
    sd316 = Unit.objects.get(code="SD316")
    f316 = org_services.user_create(
        by=SYSTEM,
        username="f316.baocao",
        password="x",
        unit=sd316,
        role=Role.REPORTER,
        check_password=False,
    )
    top = shared(users["bqp.theodoi"], "Của BQP", "BQP")
    services.dashboard_default_set(by=users["bqp.theodoi"], dashboard=top, role=Role.REPORTER)
    near = shared(users["qk2.theodoi"], "Của QK2", "QK2")
    services.dashboard_default_set(by=users["qk2.theodoi"], dashboard=near, role=Role.REPORTER)

    assert home(f316, "SD316").dashboard == near
    assert selectors.dashboard_get(user=f316, pk=near.pk) == near
    other = users["cnqp.baocao"]
    assert home(other).dashboard == top
    with pytest.raises(NotFound):
        selectors.dashboard_get(user=other, pk=near.pk)

    services.dashboard_default_clear(
        by=users["qk2.theodoi"],
        default=selectors.dashboard_default_get(dashboard=near, role=Role.REPORTER),
    )
    assert home(f316, "SD316").dashboard == top


def test_the_active_unit_is_looked_at_first(users):
    """Given a default for everyone at Sư đoàn 316 and one for reporters at QK2, when the QK2
    reporter switches to Sư đoàn 316, then its default shows; at QK2, QK2's."""
    keeper = users["qk2.theodoi"]
    division = shared(keeper, "Sư đoàn 316", "SD316")
    services.dashboard_default_set(by=keeper, dashboard=division, role="")
    region = shared(keeper, "Quân khu", "QK2")
    services.dashboard_default_set(by=keeper, dashboard=region, role=Role.REPORTER)

    assert home(users["qk2.baocao"], "SD316").dashboard == division
    assert home(users["qk2.baocao"], "QK2").dashboard == region


def test_who_may_mark_a_default(users):
    """The unit's tracking officer may (logged); its approver may not (403); a keeper of
    another branch does not see it (404); an unshared dashboard is refused."""
    dashboard = shared(users["qk2.duyet"], "Của người duyệt", "QK2")
    before = ChangeLog.objects.filter(action="dashboard_default_set").count()
    with pytest.raises(PermissionDenied):
        services.dashboard_default_set(by=users["qk2.duyet"], dashboard=dashboard, role="")
    with pytest.raises(NotFound):
        services.dashboard_default_set(by=users["daklak.theodoi"], dashboard=dashboard, role="")
    assert ChangeLog.objects.filter(action="dashboard_default_set").count() == before

    services.dashboard_default_set(by=users["qk2.theodoi"], dashboard=dashboard, role="")
    assert ChangeLog.objects.filter(
        action="dashboard_default_set", object_id=str(dashboard.pk)
    ).exists()
    private = services.dashboard_create(by=users["qk2.theodoi"], name="Riêng")
    with pytest.raises(DomainError):
        services.dashboard_default_set(by=users["qk2.theodoi"], dashboard=private, role="")
    with pytest.raises(DomainError):
        services.dashboard_default_set(by=users["qk2.theodoi"], dashboard=dashboard, role="x")


def test_a_copy_is_ones_own_and_opened_on(users):
    keeper = users["qk2.theodoi"]
    source = shared(keeper, "Nguồn", "QK2")
    services.dashboard_item_add(by=keeper, dashboard=source, kind="text", text="Ghi chú")
    services.dashboard_item_add(by=keeper, dashboard=source, kind="due_reports")
    reporter = users["qk2.baocao"]

    copy = services.dashboard_copy(by=reporter, dashboard=source, choose=True)
    assert copy.owner == reporter and not copy.shared
    assert [i.kind for i in copy.items.order_by("position")] == ["text", "due_reports"]
    assert home(reporter, "QK2").dashboard == copy


def login(client, user, code: str) -> None:  # type: ignore[no-untyped-def]
    client.force_login(user)
    session = client.session
    session["tongket_active_unit"] = Unit.objects.get(code=code).pk
    session.save()


def test_the_page_marks_shows_and_copies_the_default(client, users):
    """Given a dashboard shared with QK2, when its tracking officer marks it for reporters on
    its page, then the QK2 reporter's "My dashboards" opens on it and copies it to their
    own, which they open on from then; the approver's mark is refused, another branch 404."""
    keeper = users["qk2.theodoi"]
    dashboard = shared(keeper, "Báo cáo còn nợ (trang)", "QK2")
    url = f"/analysis/dashboards/{dashboard.pk}/default/"

    login(client, users["daklak.theodoi"], "DUQS-DL")
    assert client.post(url, {"role": Role.REPORTER}).status_code == 404
    login(client, users["qk2.duyet"], "QK2")
    assert client.get(f"/analysis/dashboards/{dashboard.pk}/").context["default_form"] is None
    client.post(url, {"role": Role.REPORTER})
    assert not DashboardDefault.objects.filter(dashboard=dashboard).exists()

    login(client, keeper, "QK2")
    page = client.get(f"/analysis/dashboards/{dashboard.pk}/")
    assert page.context["default_form"] is not None
    assert client.post(url, {"role": Role.REPORTER}).status_code == 302
    assert DashboardDefault.objects.get(unit__code="QK2", role=Role.REPORTER).dashboard == dashboard

    reporter = users["qk2.baocao"]
    login(client, reporter, "QK2")
    listed = client.get("/analysis/dashboards/")
    assert listed.context["home"].dashboard == dashboard
    assert 'data-testid="dashboard-copy"' in listed.content.decode()
    copied = client.post(f"/analysis/dashboards/{dashboard.pk}/copy/")
    copy = Dashboard.objects.get(owner=reporter, name=dashboard.name)
    assert copied.status_code == 302 and copied["Location"].endswith(f"/{copy.pk}/")
    assert client.get("/analysis/dashboards/").context["home"].dashboard == copy

    login(client, keeper, "QK2")
    client.post(url, {"role": Role.REPORTER, "clear": "1"})
    assert not DashboardDefault.objects.filter(dashboard=dashboard).exists()


def test_the_api_shows_and_sets_the_default(users):
    def api(user):  # type: ignore[no-untyped-def]
        client = APIClient()
        token = Token.objects.get_or_create(user=user)[0]
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    dashboard = shared(users["qk2.theodoi"], "API mặc định", "QK2")
    url = f"/api/v1/dashboards/{dashboard.pk}/default/"
    assert api(users["qk2.duyet"]).post(url, {"role": "approver"}, format="json").status_code == 403
    assert api(users["cnqp.baocao"]).post(url, {"role": ""}, format="json").status_code == 404
    made = api(users["qk2.theodoi"]).post(url, {"role": "approver"}, format="json")
    assert made.status_code == 200 and made.json()["default_for"] == ["approver"]
    listed = api(users["qk2.duyet"]).get("/api/v1/dashboards/", {"page_size": 100}).json()
    rows = {row["id"]: row for row in listed["results"]}
    assert rows[dashboard.pk]["default_for"] == ["approver"]
    cleared = api(users["qk2.theodoi"]).post(
        url, {"role": "approver", "clear": True}, format="json"
    )
    assert cleared.json()["default_for"] == []


def test_the_demo_opens_qk2_approvers_and_reporters_on_their_defaults(users):
    approver = home(users["qk2.duyet"], "QK2")
    assert approver.dashboard.name == "Tiến độ chỉ tiêu 623"
    assert approver.default.role == Role.APPROVER
    assert home(users["qk2.baocao"], "QK2").dashboard.name == "Báo cáo còn nợ"
    assert home(users["cnqp.baocao"]).dashboard is None

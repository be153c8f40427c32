"""The home page opens on the user's dashboard: their own choice (set from a dashboard's page
or the API), else the default of their role at the nearest unit up; its tiles computed in the
viewer's own scope; the generic overview one click away."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.analysis import selectors, services
from tongket.analysis.choices import ItemKind
from tongket.analysis.models import Dashboard, DashboardChoice
from tongket.core.models import ChangeLog
from tongket.org.choices import Role
from tongket.org.models import Unit
from tongket.resolutions.models import Indicator

pytestmark = pytest.mark.django_db


def login(client, user, code: str | None = None):  # type: ignore[no-untyped-def]
    client.force_login(user)
    if code:
        session = client.session
        session["tongket_active_unit"] = Unit.objects.get(code=code).pk
        session.save()
    return client


def api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    token = Token.objects.get_or_create(user=user)[0]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def label(code: str) -> str:
    """How a unit is named in a tile's table (its abbreviation, else its name)."""
    unit = Unit.objects.get(code=code)
    return unit.abbreviation or unit.name


@pytest.fixture
def across_branches(users) -> Dashboard:  # type: ignore[no-untyped-def]
    """BQP's tracking officer groups Sư đoàn 316 (in Quân khu 2) with Nhà máy Z111 (another
    branch), saves HC03 by that group, puts it on a dashboard shared with Quân khu 2 and
    makes it what QK2's reporters open on."""
    keeper = users["bqp.theodoi"]
    bqp, qk2 = Unit.objects.get(code="BQP"), Unit.objects.get(code="QK2")
    group = services.group_create(
        by=keeper,
        owner_unit=bqp,
        code="HOME-TEST",
        name="Sư đoàn và nhà máy",
        units=list(Unit.objects.filter(code__in=["SD316", "Z111"])),
    )
    indicator = Indicator.objects.get(code="HC03", resolution__symbol="623-NQ/QUTW")
    chart = services.visualization_create(
        by=keeper,
        name="HC03 của nhóm",
        spec={
            "indicators": [indicator.pk],
            "groups": [group.pk],
            "relative": ["last_4_half_years"],
            "rows": ["unit"],
            "columns": ["period"],
        },
        unit=qk2,
        shared=True,
    )
    dashboard = services.dashboard_create(by=keeper, name="Nhóm liên nhánh", unit=qk2, shared=True)
    services.dashboard_item_add(
        by=keeper, dashboard=dashboard, kind=ItemKind.FAVOURITE, visualization=chart
    )
    services.dashboard_item_add(by=keeper, dashboard=dashboard, kind=ItemKind.TEXT, text="Lưu ý")
    services.dashboard_default_set(by=keeper, dashboard=dashboard, role=Role.REPORTER)
    return dashboard


def test_the_home_page_shows_the_default_in_the_viewers_own_scope(
    client, users, across_branches, django_assert_max_num_queries
):
    """Given the cross-branch dashboard as QK2 reporters' default, when the QK2 reporter
    opens the home page, then it shows its tiles with Sư đoàn 316's row only (Z111 lies
    outside their scope), says whose default it is, and links to the generic overview; when
    BQP's tracking officer makes it their own home, both units' rows show."""
    reporter = login(client, users["qk2.baocao"], "QK2")
    with django_assert_max_num_queries(40):
        page = reporter.get("/")
    body = page.content.decode()
    assert page.context["dashboard_shown"] and page.context["home"].dashboard == across_branches
    assert [tile.item.kind for tile in page.context["tiles"]] == ["favourite", "text"]
    table = page.context["tiles"][0].table
    assert [unit.code for unit in table.spec.units] == ["SD316"]
    assert label("SD316") in body and label("Z111") not in body
    assert 'data-testid="home-dashboard"' in body and "Lưu ý" in body
    assert 'href="?overview=1"' in body
    # Read only on the home page: no dragging, no removing.
    assert "draggable" not in body and "/remove/" not in body

    officer = login(client, users["bqp.theodoi"], "BQP")
    assert officer.get("/").context["home"].dashboard != across_branches
    officer.post(f"/analysis/dashboards/{across_branches.pk}/choose/")
    body = officer.get("/").content.decode()
    assert label("SD316") in body and label("Z111") in body


def test_the_generic_overview_stays_one_click_away(client, users, across_branches):
    reporter = login(client, users["qk2.baocao"], "QK2")
    page = reporter.get("/?overview=1")
    assert not page.context.get("dashboard_shown")
    assert page.context["children"] is not None
    body = page.content.decode()
    assert 'data-testid="home-back"' in body and across_branches.name in body


def test_without_a_dashboard_the_home_page_is_the_overview(client, users):
    page = login(client, users["cnqp.baocao"]).get("/")
    assert page.status_code == 200
    assert page.context["home"].dashboard is None and not page.context.get("dashboard_shown")
    assert 'data-testid="home-overview"' not in page.content.decode()


def test_the_button_on_a_dashboards_page_sets_my_home(client, users, across_branches):
    """Given the QK2 reporter on a dashboard of their own, when they press "Show it on my
    home page", then the home page shows it (their own choice, logged), the dashboard's page
    says so, and "Back to my unit's default" returns them to the QK2 reporters' default."""
    owner = users["qk2.baocao"]
    mine = services.dashboard_create(by=owner, name="Của riêng tôi")
    services.dashboard_item_add(by=owner, dashboard=mine, kind=ItemKind.TEXT, text="Việc tuần")
    client = login(client, owner, "QK2")
    before = client.get(f"/analysis/dashboards/{mine.pk}/").content.decode()
    assert 'data-testid="home-choose"' in before

    answer = client.post(f"/analysis/dashboards/{mine.pk}/choose/")
    assert answer.status_code == 302 and answer["Location"] == "/"
    home = client.get("/")
    assert home.context["home"].dashboard == mine and home.context["home"].default is None
    assert "Việc tuần" in home.content.decode()
    assert DashboardChoice.objects.get(user=owner).dashboard == mine
    assert ChangeLog.objects.filter(action="dashboard_choose", object_id=str(mine.pk)).exists()
    assert (
        'data-testid="home-chosen"'
        in client.get(f"/analysis/dashboards/{mine.pk}/").content.decode()
    )

    client.post(f"/analysis/dashboards/{mine.pk}/choose/", {"drop": "1"})
    assert client.get("/").context["home"].dashboard == across_branches
    shown = client.get(f"/analysis/dashboards/{across_branches.pk}/").content.decode()
    assert 'data-testid="home-default"' in shown


def test_a_dashboard_of_another_branch_cannot_be_chosen(client, users):
    theirs = services.dashboard_create(
        by=users["cnqp.baocao"],
        name="Của TCCNQP",
        unit=Unit.objects.get(code="TCCNQP"),
        shared=True,
    )
    client = login(client, users["qk2.baocao"], "QK2")
    assert client.post(f"/analysis/dashboards/{theirs.pk}/choose/").status_code == 404
    assert not DashboardChoice.objects.filter(user=users["qk2.baocao"]).exists()


def test_a_choice_no_longer_visible_gives_way_to_the_default(users, across_branches):
    """Given the QK2 reporter opening on a dashboard shared with QK2, when its owner stops
    sharing it, then the reporter's home falls back on their default."""
    keeper = users["qk2.theodoi"]
    shared = services.dashboard_create(
        by=keeper, name="Tạm", unit=Unit.objects.get(code="QK2"), shared=True
    )
    reporter = users["qk2.baocao"]
    services.dashboard_choose(by=reporter, dashboard=shared)
    assert selectors.dashboard_home(user=reporter).dashboard == shared
    services.dashboard_update(by=keeper, dashboard=shared, shared=False, unit=None)
    assert selectors.dashboard_home(user=reporter).dashboard == across_branches


def test_the_api_reads_and_sets_my_home_dashboard(users, across_branches):
    """GET /api/v1/dashboards/home/ says what the home page shows and why; PUT chooses one I
    can see (404 for another branch's), null goes back to the default."""
    reporter = api(users["qk2.baocao"])
    read = reporter.get("/api/v1/dashboards/home/").json()
    assert read["dashboard"]["id"] == across_branches.pk and not read["chosen"]
    assert read["default_unit"] == "QK2" and read["default_role"] == Role.REPORTER
    assert [item["kind"] for item in read["dashboard"]["items"]] == ["favourite", "text"]

    mine = services.dashboard_create(by=users["qk2.baocao"], name="API của tôi")
    chosen = reporter.put("/api/v1/dashboards/home/", {"dashboard": mine.pk}, format="json")
    assert chosen.status_code == 200
    assert chosen.json()["dashboard"]["id"] == mine.pk and chosen.json()["chosen"]
    assert chosen.json()["default_unit"] is None
    assert reporter.get("/api/v1/dashboards/home/").json()["dashboard"]["id"] == mine.pk

    theirs = services.dashboard_create(by=users["cnqp.baocao"], name="Của người khác")
    refused = reporter.put("/api/v1/dashboards/home/", {"dashboard": theirs.pk}, format="json")
    assert refused.status_code == 404
    assert reporter.put("/api/v1/dashboards/home/", {}, format="json").status_code == 400

    back = reporter.put("/api/v1/dashboards/home/", {"dashboard": None}, format="json").json()
    assert back["dashboard"]["id"] == across_branches.pk and not back["chosen"]
    assert api(users["cnqp.baocao"]).get("/api/v1/dashboards/home/").json()["dashboard"] is None
    unknown = reporter.get("/api/v1/dashboards/home/", {"unit": "Z111"})
    assert unknown.status_code == 400 and "unit" in unknown.json()["errors"]

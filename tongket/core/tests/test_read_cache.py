"""Cached reads are never stale and never shared: the data generation moves once a write
commits (never for a rolled-back one), an answer cached before a write is not served after
it, and a user is never served what was cached for another."""

from decimal import Decimal

import pytest
from django.core.cache import caches
from django.db import connection, transaction
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core import freshness
from tongket.core.models import Notification
from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.org.services.users import user_create
from tongket.reporting import selectors as reporting_selectors
from tongket.resolutions import services as resolution_services
from tongket.resolutions.models import Indicator, Resolution

pytestmark = pytest.mark.django_db
R623 = "623-NQ/QUTW"
ANALYTICS = "/api/v1/analytics/"


@pytest.fixture(autouse=True)
def empty_store():  # type: ignore[no-untyped-def]
    """Each test rolls its writes back, so the generation comes back to the same number:
    the store is emptied, or a test would be served what another cached."""
    caches["reads"].clear()
    yield
    caches["reads"].clear()


def note(user, title: str) -> None:  # type: ignore[no-untyped-def]
    Notification.objects.create(user=user, title=title)


def test_the_generation_moves_once_the_transaction_commits(
    users, django_capture_on_commit_callbacks
):
    """Given the generation now, when three rows are written in one transaction, then it
    has not moved before the commit and has moved by one after it."""
    user = users["qk2.theodoi"]
    before = freshness.current()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for title in ("a", "b", "c"):
            note(user, title)
        assert freshness.current() == before
    assert len(callbacks) == 1
    assert freshness.current() == before + 1


def test_a_rolled_back_write_does_not_move_it(users, django_capture_on_commit_callbacks):
    user = users["qk2.theodoi"]
    before = freshness.current()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        note(user, "rolled back")
        raise RuntimeError("refused")
    assert freshness.current() == before


def test_a_write_after_a_rolled_back_one_still_moves_it(users, django_capture_on_commit_callbacks):
    """The first write of the transaction is in a savepoint that is rolled back (its
    registration goes with it); the write after it must register again."""
    user = users["qk2.theodoi"]
    before = freshness.current()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            note(user, "rolled back")
            raise RuntimeError("refused")
        note(user, "kept")
    assert freshness.current() == before + 1


def commit_hooks_run() -> None:
    """The test's own transaction never commits: run the commit hooks of what it wrote so
    far (the API token made for the client), as their commit would."""
    hooks, connection.run_on_commit = connection.run_on_commit, []
    for _sids, hook, _robust in hooks:
        hook()


def officer(unit, name: str, clearance: str = "none"):  # type: ignore[no-untyped-def]
    """A tracking officer of `unit`, made through the service."""
    return user_create(
        by=SYSTEM,
        username=name,
        password="mat-khau-thu-2026",
        unit=unit,
        role="tracking_officer",
        clearance=clearance,
        check_password=False,
    )


def api(user) -> APIClient:  # type: ignore[no-untyped-def]
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@override_settings(TONGKET_READ_CACHE_SECONDS=300)
def test_an_answer_cached_before_a_write_is_not_served_after_it(
    users, django_capture_on_commit_callbacks, monkeypatch
):
    """Given QK2's officer asked HC01's figure at QK2 for 2024 (and asked it again, served
    from the cache with fewer queries), when the 2024 target of QK2 is changed through its
    service and the change commits, then the next answer carries the new target."""
    officer = users["qk2.theodoi"]
    client = api(officer)
    commit_hooks_run()
    query = {"indicator": "HC01", "resolution": R623, "unit": "QK2", "period": "2024"}
    first = client.get(ANALYTICS, query)
    assert first.status_code == 200, first.content[:300]
    worked = []
    overview = reporting_selectors.indicator_overview

    def counted(**kwargs):  # type: ignore[no-untyped-def]
        worked.append(kwargs)
        return overview(**kwargs)

    monkeypatch.setattr(reporting_selectors, "indicator_overview", counted)
    again = client.get(ANALYTICS, query)
    assert again.json() == first.json()
    assert worked == []  # served, not worked out again

    indicator = Indicator.objects.get(resolution__symbol=R623, code="HC01")
    qk2 = Unit.objects.get(code="QK2")
    old = first.json()["target"]
    new = Decimal(old or 0) + 7
    with django_capture_on_commit_callbacks(execute=True):
        resolution_services.target_set(
            by=SYSTEM, indicator=indicator, unit=qk2, year=2024, value=new, reason="điều chỉnh"
        )
    after = client.get(ANALYTICS, query)
    assert after.status_code == 200
    assert len(worked) == 1  # worked out again after the write
    assert Decimal(after.json()["target"]) == new


@override_settings(TONGKET_READ_CACHE_SECONDS=300)
def test_a_user_is_never_served_what_was_cached_for_another(users, units, client):
    """Given QK2's officer opened the dashboard of 623-NQ/QUTW at QK2 (now cached), when a
    user of Đắk Lắk's provincial command opens the same address, then they are refused as
    before, never served the officer's page."""
    resolution = Resolution.objects.get(symbol=R623)
    qk2 = units["QK2"]
    url = f"/dashboards/resolutions/{resolution.pk}/?unit={qk2.pk}&period=2024-H1"
    client.force_login(users["qk2.theodoi"])
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Tongket-Read"] == "cached"
    client.logout()
    client.force_login(users["daklak.theodoi"])
    answer = client.get(url)
    assert answer.status_code == 404
    assert "X-Tongket-Read" not in answer


@override_settings(TONGKET_READ_CACHE_SECONDS=300)
def test_the_analytics_are_shared_by_the_same_scope_and_clearance_only(units, monkeypatch):
    """Given two tracking officers of Quân khu 2 with the same grant and clearance, and a
    third with the same grant cleared for secret marks, when the first asks HC01's figure,
    then the second is served it without working it out, and the third has it worked out
    for their own clearance."""
    qk2 = units["QK2"]
    first, second = officer(qk2, "qk2.a"), officer(qk2, "qk2.b")
    cleared = officer(qk2, "qk2.c", "secret")
    clients = [api(user) for user in (first, second, cleared)]
    commit_hooks_run()
    worked = []
    overview = reporting_selectors.indicator_overview

    def counted(**kwargs):  # type: ignore[no-untyped-def]
        worked.append(kwargs["user"].username)
        return overview(**kwargs)

    monkeypatch.setattr(reporting_selectors, "indicator_overview", counted)
    query = {"indicator": "HC01", "resolution": R623, "unit": "QK2", "period": "2024"}
    answers = [client.get(ANALYTICS, query) for client in clients]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert answers[1].json() == answers[0].json()
    assert worked == ["qk2.a", "qk2.c"]


@override_settings(TONGKET_READ_CACHE_SECONDS=300)
def test_a_dashboards_body_is_worked_out_once_for_the_same_scope(units, client, monkeypatch):
    """Given two officers of Quân khu 2 with the same grant and clearance, when both open
    QK2's dashboard of 623-NQ/QUTW for 2024-H1, then its body (cards, tables, charts) is
    worked out once and each gets their own page around it; asked for another period, it
    is worked out again."""
    from tongket.ui.views import dashboards

    qk2 = units["QK2"]
    officers = [officer(qk2, name) for name in ("qk2.a", "qk2.b")]
    commit_hooks_run()
    built = []
    build = dashboards._build

    def counted(request, resolution, state=None):  # type: ignore[no-untyped-def]
        built.append(request.user.username)
        return build(request, resolution, state)

    monkeypatch.setattr(dashboards, "_build", counted)
    resolution = Resolution.objects.get(symbol=R623)
    url = f"/dashboards/resolutions/{resolution.pk}/"
    bodies = []
    for user in officers:
        client.force_login(user)
        page = client.get(url, {"unit": qk2.pk, "period": "2024-H1"})
        assert page.status_code == 200
        assert user.username in page.content.decode()  # the top bar is their own
        bodies.append(page.context["body"])
    assert built == ["qk2.a"]
    assert bodies[0] == bodies[1] and "dashboard-data" in bodies[0]
    assert client.get(url, {"unit": qk2.pk, "period": "2024-H2"}).status_code == 200
    assert built == ["qk2.a", "qk2.b"]

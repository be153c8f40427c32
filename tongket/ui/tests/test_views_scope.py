"""Every page, walked as a Quân khu 2 administrator, with objects of Tổng cục CNQP: nothing is
shown and nothing changes (404 everywhere). The same pages answer for QK2's own objects."""

import re

import pytest
from django.db.models import Q
from django.utils.html import escape

import tongket.analysis.testing
import tongket.awards.testing
import tongket.intake.testing
import tongket.meetings.testing
import tongket.reviews.testing  # noqa: F401
from tongket.core.models import ChangeLog
from tongket.core.testing.urls import fill, iter_patterns
from tongket.org.models import Person, Unit, User
from tongket.testing.branches import values_for

pytestmark = pytest.mark.django_db

UI_ROUTES = [(route, name) for route, name, _p in iter_patterns() if name.startswith("ui:")]
# Pages that act on the signed-in user's own session rather than on an object.
NOT_OBJECT_PAGES = {"ui:unit_switch"}
# Objects shared by every branch (the calendar of periods): readable, changed only at the top.
# A POST by anyone else is refused back to the list of periods (nothing changes).
SHARED_OBJECT_PAGES = {"ui:period_toggle": {"get": {405}, "post": {302}}}
# Pages that, read with GET, send on to another page of the same object: where they go.
REDIRECTING_PAGES = {
    "ui:report_value": r"^/reports/\d+/$",
    "ui:report_narrative": r"^/reports/\d+/$",
    "ui:report_fill": r"^/reports/\d+/$",
    "ui:document_edit": r"^/documents/\d+/$",
    "ui:dashboard_unit": r"^/dashboards/resolutions/\d+/\?unit=\d+$",
    "ui:analysis_favourite": r"^/analysis/\?favourite=\d+&",
}


def branch(unit_code: str, username: str) -> tuple[Unit, User]:
    return Unit.objects.get(code=unit_code), User.objects.get(username=username)


def test_every_page_with_a_parameter_has_a_finder(qk2_admin):
    root, user = branch("QK2", "qk2.baocao")
    missing = [
        name
        for route, name in UI_ROUTES
        if "<" in route and values_for(name, route, root, user) is None
    ]
    assert not missing, f"no branch object finder for {missing}"


def test_every_object_page_of_another_branch_is_404(client, qk2_admin):
    client.force_login(qk2_admin)
    root, user = branch("TCCNQP", "cnqp.baocao")
    changes_before = ChangeLog.objects.count()
    checked = 0
    for route, name in UI_ROUTES:
        if "<" not in route or name in NOT_OBJECT_PAGES:
            continue
        path = fill(route, values_for(name, route, root, user) or {})
        assert path is not None, name
        for method in ("get", "post"):
            response = getattr(client, method)(path, {"name": "X", "effective_date": "2024-01-01"})
            # A POST-only URL answers GET with 405 before looking anything up: nothing leaks.
            allowed = {404, 405} if method == "get" else {404}
            if name in SHARED_OBJECT_PAGES:
                allowed = SHARED_OBJECT_PAGES[name][method]
            assert response.status_code in allowed, (
                f"{method.upper()} {path} ({name}) → {response.status_code}"
            )
            checked += 1
    assert checked >= 20
    assert ChangeLog.objects.count() == changes_before


def test_own_branch_pages_answer(client, qk2_admin):
    client.force_login(qk2_admin)
    root, _user = branch("QK2", "qk2.baocao")
    for route, name in UI_ROUTES:
        if "<" not in route or name in {"ui:grant_revoke", "ui:unit_switch"}:
            continue
        path = fill(route, values_for(name, route, root, qk2_admin) or {})
        response = client.get(path)
        if name in REDIRECTING_PAGES:
            assert response.status_code == 302, f"GET {path} ({name}) → {response.status_code}"
            assert re.match(REDIRECTING_PAGES[name], response["Location"]), response["Location"]
        else:
            assert response.status_code in {200, 405}, (
                f"GET {path} ({name}) → {response.status_code}"
            )


def _names_only_in(root: Unit) -> set[str]:
    """Names of the units and people of `root`'s branch that no one outside it bears (nor
    contains), so that finding one in a page can only mean the branch leaked."""
    inside = Q(path__startswith=root.path)
    people = Q(unit__path__startswith=root.path)
    own = [*Unit.objects.filter(inside).values_list("name", flat=True)]
    own += Person.objects.filter(people).values_list("full_name", flat=True)
    others = [*Unit.objects.exclude(inside).values_list("name", flat=True)]
    others += Person.objects.exclude(people).values_list("full_name", flat=True)
    return {name for name in own if not any(name in other for other in others)}


def test_lists_and_search_show_nothing_of_another_branch(client, users):
    # Given the names borne only in Tổng cục CNQP's branch, and a reporter of Quân khu 2.
    hidden = _names_only_in(Unit.objects.get(code="TCCNQP"))
    assert len(hidden) >= 10
    client.force_login(users["qk2.baocao"])
    # When they read the lists and search, then none of those names is on any page.
    for path in ["/units/?q=cong+nghiep", "/people/?q=", "/units/", "/", "/units/lookup/?q=Z11"]:
        body = client.get(path).content.decode()
        leaked = [name for name in hidden if escape(name) in body]
        assert not leaked, (path, leaked[:5])
    # And their own region is found by its name.
    qk2 = Unit.objects.get(code="QK2")
    assert escape(qk2.name) in client.get("/units/?q=quan+khu+2").content.decode()


def test_pages_need_login(client):
    for route, name in UI_ROUTES:
        if name in {"ui:login"}:
            continue
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        path = fill(route, dict.fromkeys(names, 1))
        response = client.get(path)
        assert response.status_code in {302, 405}, path
        if response.status_code == 302:
            assert response["Location"].startswith("/login/")


def test_restructuring_form_shows_field_errors_in_place(client, admin_user, units):
    client.force_login(admin_user)
    regiment = Unit.objects.get(code="SD316-E98")
    response = client.post(
        f"/units/{units['SD316'].pk}/move/",
        {"new_parent": regiment.code, "effective_date": "2024-01-01"},
    )
    assert response.status_code == 200
    assert (
        "new_parent-errors" in response.content.decode()
        or "id_new_parent-errors" in response.content.decode()
    )
    assert Unit.objects.get(code="SD316").parent.code == "QK2"


def test_unit_tree_and_lists_keep_a_bounded_number_of_queries(
    client, admin_user, django_assert_max_num_queries
):
    client.force_login(admin_user)
    for path in ["/units/", "/people/", "/units/?q=quan", "/", "/admin/users/"]:
        with django_assert_max_num_queries(20):
            assert client.get(path).status_code == 200
    qk2 = Unit.objects.get(code="QK2")
    with django_assert_max_num_queries(25):
        assert client.get(f"/units/{qk2.pk}/").status_code == 200


def test_language_switch_to_english(client, admin_user):
    client.force_login(admin_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Overview" in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Tổng quan" in client.get("/").content.decode()

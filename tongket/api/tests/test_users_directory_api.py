"""The users of my units over REST (`Action.SEE_USERS`): administrators and tracking officers
list the logins holding a role on a unit of their subtrees (or of a line their grant reaches
along), each with its full name, roles, granted units with the line of each grant, and
whether it is active; anyone else sees none, another branch's user is 404, and only an
administrator links a person. Registering a person through the API follows the registration
page's namesake rule (`services.person_register`), confirmed with `confirm_namesake`."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.scopes import SYSTEM
from tongket.org import services
from tongket.org.choices import Line, Role
from tongket.org.models import Person, User

pytestmark = pytest.mark.django_db


def api(user: User) -> APIClient:
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def listed(user: User, **query: str) -> dict[str, dict]:
    body = api(user).get("/api/v1/users/", {"page_size": 500, **query}).json()
    return {row["username"]: row for row in body["results"]}


def test_a_tracking_officer_sees_the_users_of_their_units_with_names_roles_units_and_lines(
    users, units
):
    """Given the Quân khu 2 tracking officer, when they list users, then they see the
    region's logins, each with its full name, roles, granted units (with the line of the
    grant) and whether it is active, and none of Tổng cục CNQP or of Đắk Lắk."""
    rows = listed(users["qk2.theodoi"])
    assert {"qk2.baocao", "qk2.duyet", "qk2.theodoi", "qk2.thidua"} <= set(rows)
    assert not {"cnqp.baocao", "daklak.theodoi", "bqp.theodoi"} & set(rows)
    reporter = users["qk2.baocao"]
    row = rows["qk2.baocao"]
    assert row["full_name"] == reporter.display_name()
    assert row["roles"] == [Role.REPORTER]
    assert row["is_active"] is True
    assert [(g["role"], g["unit"], g["unit_name"], g["line"]) for g in row["grants"]] == [
        (Role.REPORTER, "QK2", units["QK2"].name, "")
    ]
    one = api(users["qk2.theodoi"]).get(f"/api/v1/users/{reporter.pk}/")
    assert one.status_code == 200 and one.json()["username"] == "qk2.baocao"
    other = users["cnqp.baocao"]
    assert api(users["qk2.theodoi"]).get(f"/api/v1/users/{other.pk}/").status_code == 404


def test_someone_who_keeps_no_unit_sees_no_user(users):
    """Given a reporter and an approver of Quân khu 2, then their lists are empty and a
    colleague's record is 404."""
    colleague = users["qk2.theodoi"]
    for name in ("qk2.baocao", "qk2.duyet", "qk2.thidua"):
        assert listed(users[name]) == {}
        assert api(users[name]).get(f"/api/v1/users/{colleague.pk}/").status_code == 404


def test_only_an_administrator_links_a_person(users, units, qk2_admin):
    """Given the region's tracking officer, who sees its users, when they link a person to
    a login, then it is refused (403) and nothing changes; the administrator may."""
    target = users["qk2.baocao"]
    person = services.person_create(by=qk2_admin, full_name="Đỗ Văn Liên", unit=units["QK2"])
    payload = {"person": person.pk, "version": target.version}
    refused = api(users["qk2.theodoi"]).patch(f"/api/v1/users/{target.pk}/", payload)
    assert refused.status_code == 403
    assert User.objects.get(pk=target.pk).person_id != person.pk
    done = api(qk2_admin).patch(f"/api/v1/users/{target.pk}/", payload, format="json")
    assert done.status_code == 200 and done.json()["person"] == person.pk


def test_a_grant_along_a_line_reaches_the_users_below_in_that_line(users, units):
    """Given a tracking officer of the provincial Party committee granted along the Party
    line, then they see the users of the provincial military Party committee below it in
    that line (and of the command it leads, placed in its subtree), each grant with its
    line and reach; without the line, they see none of them."""
    along = services.user_create(
        by=SYSTEM,
        username="tudl.theodoi",
        password="x",
        unit=units["TU-DL"],
        role=Role.TRACKING_OFFICER,
        check_password=False,
        line=Line.PARTY,
    )
    rows = listed(along)
    assert {"daklak.theodoi", "tudl.theodoi"} <= set(rows)
    assert not {"qk2.baocao", "cnqp.baocao"} & set(rows)
    mine = rows["tudl.theodoi"]["grants"]
    assert [(g["unit"], g["line"]) for g in mine] == [("TU-DL", Line.PARTY)]
    officer = rows["daklak.theodoi"]["grants"]
    assert [(g["unit"], g["reaches_led"]) for g in officer] == [("DUQS-DL", True)]
    plain = services.user_create(
        by=SYSTEM,
        username="tudl.plain",
        password="x",
        unit=units["TU-DL"],
        role=Role.TRACKING_OFFICER,
        check_password=False,
    )
    assert "daklak.theodoi" not in listed(plain)


def test_the_search_finds_users_by_login_or_person_name(users):
    rows = listed(users["qk2.theodoi"], search="baocao")
    assert set(rows) == {"qk2.baocao"}


def test_a_namesake_in_the_same_unit_is_refused_until_confirmed(users, units):
    """Given Hoàng Văn Trùng registered at Quân khu 2, when the region's officer registers
    "hoang van  TRUNG" (no accents, other case) for Quân khu 2 through the API, then the
    answer is 409 naming him, same unit first, and nothing is written; with
    `confirm_namesake` the namesake is registered (the former `confirm_new` works too)."""
    officer = users["qk2.theodoi"]
    kept = services.person_create(by=officer, full_name="Hoàng Văn Trùng", unit=units["QK2"])
    client = api(officer)
    before = Person.objects.count()
    refused = client.post(
        "/api/v1/people/", {"full_name": "hoang van  TRUNG", "unit": "QK2"}, format="json"
    )
    assert refused.status_code == 409, refused.content
    body = refused.json()
    assert body["code"] == "duplicates" and "full_name" in body["errors"]
    assert body["matches"][0]["id"] == kept.pk
    assert body["matches"][0]["same_unit"] is True
    assert Person.objects.count() == before
    confirmed = client.post(
        "/api/v1/people/",
        {"full_name": "Hoàng Văn Trùng", "unit": "QK2", "confirm_namesake": True},
        format="json",
    )
    assert confirmed.status_code == 201, confirmed.content
    assert Person.objects.filter(search_key=kept.search_key).count() == 2
    again = client.post(
        "/api/v1/people/",
        {"full_name": "Hoàng Văn Trùng", "unit": "QK2", "confirm_new": True},
        format="json",
    )
    assert again.status_code == 201
    fresh = client.post(
        "/api/v1/people/", {"full_name": "Hoàng Văn Chưa Trùng Ai", "unit": "QK2"}, format="json"
    )
    assert fresh.status_code == 201


def test_the_page_and_the_api_give_the_same_answer(client, users, units):
    """Given the same namesake, when the officer registers him on the registration page,
    then the page refuses too (same service rule) until 'register anyway' is ticked."""
    officer = users["qk2.theodoi"]
    services.person_create(by=officer, full_name="Lý Văn Song", unit=units["QK2"])
    client.force_login(officer)
    before = Person.objects.count()
    page = client.post(
        "/people/new/", {"full_name": "Ly Van Song", "unit": units["QK2"].code, "is_military": "on"}
    )
    assert page.status_code == 200 and Person.objects.count() == before
    assert "Lý Văn Song" in page.content.decode()

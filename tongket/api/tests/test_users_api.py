"""Users over REST: an administrator lists and reads the logins of their scope with the
person each belongs to and its grants, and links or unlinks the person with the version
read; anyone else sees no user, and another branch's user is 404. Registering a person
whose name the registry holds already answers 409 naming them, until confirmed."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.models import ChangeLog
from tongket.org import services
from tongket.org.models import Person, User

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:  # type: ignore[no-untyped-def]
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_an_administrator_lists_the_users_of_the_scope_with_person_and_grants(
    qk2_admin, users, units
):
    """Given the Quân khu 2 administrator, when they list and read users, then they see the
    region's logins, each with its person and grants, and none of Tổng cục CNQP."""
    client = api(qk2_admin)
    listed = client.get("/api/v1/users/", {"page_size": 500}).json()["results"]
    names = {row["username"] for row in listed}
    assert {"qk2.baocao", "qk2.theodoi", "qk2.quantri"} <= names
    assert "cnqp.baocao" not in names
    reporter = users["qk2.baocao"]
    body = client.get(f"/api/v1/users/{reporter.pk}/").json()
    assert body["person"] == reporter.person_id and body["person_name"]
    assert body["version"] == reporter.version
    assert [(g["role"], g["unit"]) for g in body["grants"]] == [("reporter", "QK2")]
    assert client.get("/api/v1/users/", {"search": "baocao"}).json()["count"] >= 1


def test_the_administrator_links_and_unlinks_the_person_and_it_is_logged(qk2_admin, users, units):
    target = users["qk2.baocao"]
    person = services.person_create(by=qk2_admin, full_name="Vũ Văn Nối", unit=units["QK2"])
    client = api(qk2_admin)
    url = f"/api/v1/users/{target.pk}/"
    linked = client.patch(url, {"person": person.pk, "version": target.version}, format="json")
    assert linked.status_code == 200, linked.content
    assert linked.json()["person"] == person.pk
    assert linked.json()["version"] == target.version + 1
    assert User.objects.get(pk=target.pk).person == person
    unlinked = client.patch(url, {"person": None, "version": target.version + 1}, format="json")
    assert unlinked.status_code == 200 and unlinked.json()["person"] is None
    assert ChangeLog.objects.filter(action="user_person_set", object_id=str(target.pk)).count() == 2


def test_an_update_needs_the_version_and_a_stale_one_answers_409(qk2_admin, users, units):
    target = users["qk2.baocao"]
    before = target.person_id
    person = services.person_create(by=qk2_admin, full_name="Vũ Văn Chậm", unit=units["QK2"])
    client = api(qk2_admin)
    url = f"/api/v1/users/{target.pk}/"
    missing = client.patch(url, {"person": person.pk}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()["errors"]
    stale = client.patch(url, {"person": person.pk, "version": target.version + 3}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict"
    assert stale.json()["version"] == target.version
    assert User.objects.get(pk=target.pk).person_id == before


def test_a_person_of_another_branch_is_refused_naming_the_field(qk2_admin, users, cnqp_person):
    target = users["qk2.baocao"]
    response = api(qk2_admin).patch(
        f"/api/v1/users/{target.pk}/",
        {"person": cnqp_person.pk, "version": target.version},
        format="json",
    )
    assert response.status_code == 400 and "person" in response.json()["errors"]
    assert User.objects.get(pk=target.pk).person_id != cnqp_person.pk


def test_another_branch_s_user_is_404_and_a_non_administrator_sees_no_user(qk2_admin, users):
    """Given a Tổng cục CNQP login, when the Quân khu 2 administrator reads or updates it,
    then 404 and nothing changes; a reporter's user list is empty and its own record 404."""
    other = users["cnqp.baocao"]
    client = api(qk2_admin)
    assert client.get(f"/api/v1/users/{other.pk}/").status_code == 404
    patched = client.patch(
        f"/api/v1/users/{other.pk}/", {"person": None, "version": other.version}, format="json"
    )
    assert patched.status_code == 404
    assert User.objects.get(pk=other.pk).person_id == other.person_id
    reporter = api(users["qk2.baocao"])
    assert reporter.get("/api/v1/users/").json()["count"] == 0
    assert reporter.get(f"/api/v1/users/{users['qk2.baocao'].pk}/").status_code == 404
    denied = reporter.patch(
        f"/api/v1/users/{users['qk2.baocao'].pk}/", {"person": None, "version": 1}, format="json"
    )
    assert denied.status_code == 404
    assert not ChangeLog.objects.filter(action="user_person_set").exists()


def test_registering_a_namesake_answers_409_naming_them_until_confirmed(users, units):
    """Given Hoàng Văn Trùng Tên registered by Quân khu 2, when the Đắk Lắk officer posts the
    same name without accents, then 409 (code duplicates) names the record and nothing is
    written; posted again with confirm_new, the namesake is registered."""
    kept = services.person_create(
        by=users["qk2.theodoi"], full_name="Hoàng Văn Trùng Tên", unit=units["QK2"]
    )
    client = api(users["daklak.theodoi"])
    payload = {"full_name": "hoang van trung ten", "unit": "DUQS-DL"}
    refused = client.post("/api/v1/people/", payload, format="json")
    assert refused.status_code == 409, refused.content
    body = refused.json()
    assert body["code"] == "duplicates" and "full_name" in body["errors"]
    assert "Hoàng Văn Trùng Tên" in body["detail"]
    assert [(m["id"], m["unit"]) for m in body["matches"]] == [(kept.pk, "QK2")]
    assert Person.objects.filter(search_key="hoang van trung ten").count() == 1
    confirmed = client.post("/api/v1/people/", {**payload, "confirm_new": True}, format="json")
    assert confirmed.status_code == 201, confirmed.content
    assert Person.objects.filter(search_key="hoang van trung ten").count() == 2


def test_registering_in_another_branch_is_refused_before_any_namesake_is_named(users, units):
    services.person_create(by=users["admin"], full_name="Lê Văn Ngoài Tầm", unit=units["TCCNQP"])
    response = api(users["qk2.theodoi"]).post(
        "/api/v1/people/", {"full_name": "Lê Văn Ngoài Tầm", "unit": "TCCNQP"}, format="json"
    )
    assert response.status_code in {400, 404}
    assert "matches" not in response.json()
    assert "Ngoài Tầm" not in response.content.decode()

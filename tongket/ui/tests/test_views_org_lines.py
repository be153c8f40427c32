"""Pages of the organisation lines: a unit's places in each line, a dated placement, the tree
browsed by line; partners named without links; another branch gets 404."""

import datetime

import pytest

from tongket.core.models import ChangeLog
from tongket.org import lines
from tongket.org.choices import Line
from tongket.org.models import UnitLine

pytestmark = pytest.mark.django_db
D = datetime.date


def test_unit_page_names_a_superior_of_another_branch_without_a_link(as_user, users, units):
    # Given the provincial officer, whose scope does not hold the provincial Party committee
    client = as_user(users["daklak.theodoi"])
    # When they open the provincial military Party committee's page
    response = client.get(f"/units/{units['DUQS-DL'].pk}/")
    # Then both Party superiors are named, the one outside the scope without a link
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tỉnh ủy Đắk Lắk" in body
    assert f'href="/units/{units["TU-DL"].pk}/"' not in body
    assert "Đảng ủy Quân khu 5" in body
    # and the command the committee leads is linked
    assert f'href="/units/{units["BCHQS-DL"].pk}/"' in body
    # and the tracking officer, who registers people, is offered to add one here
    assert f'href="/people/new/?unit={units["DUQS-DL"].pk}"' in body


def test_administrator_places_a_unit_in_a_line_from_a_date(as_user, users, units):
    client = as_user(users["admin"])
    committee = units["DU-QK2"]
    response = client.post(
        f"/units/{committee.pk}/lines/",
        {"line": "party", "superior": "TU-DL", "primary": "1", "valid_from": "01/03/2024"},
    )
    assert response.status_code == 302
    assert lines.superior(committee, line=Line.PARTY, on=D(2024, 3, 1)) == units["TU-DL"]
    assert lines.superior(committee, line=Line.PARTY, on=D(2024, 2, 1)) == units["QUTW"]
    assert ChangeLog.objects.filter(action="unit_line_set", object_id=str(committee.pk)).exists()


def test_a_circle_is_refused_on_the_form_and_nothing_is_written(as_user, users, units):
    client = as_user(users["admin"])
    before = UnitLine.objects.count()
    response = client.post(
        f"/units/{units['TU-DL'].pk}/lines/",
        {"line": "party", "superior": "DUQS-DL", "primary": "1", "valid_from": "01/03/2024"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["superior"] and units["DUQS-DL"].name in errors["superior"][0]
    assert 'id="id_superior-errors"' in response.content.decode()
    assert UnitLine.objects.count() == before


def test_another_branch_cannot_place_or_see_the_unit(as_user, users, units):
    client = as_user(users["cnqp.baocao"])
    before = UnitLine.objects.count()
    assert client.get(f"/units/{units['DU-QK2'].pk}/lines/").status_code == 404
    response = client.post(
        f"/units/{units['DU-QK2'].pk}/lines/",
        {"line": "party", "superior": "TU-DL", "primary": "1", "valid_from": "01/03/2024"},
    )
    assert response.status_code == 404
    assert UnitLine.objects.count() == before


def test_the_tree_by_party_line_puts_the_military_committee_under_the_provincial_one(
    as_user, users, units
):
    client = as_user(users["admin"])
    response = client.get("/units/", {"line": "party", "on": "2023-08-22"})
    body = response.content.decode()
    assert response.status_code == 200
    provincial = body.index("Tỉnh ủy Đắk Lắk")
    military = body.index("Đảng ủy Quân sự tỉnh Đắk Lắk")
    district = body.index("Huyện ủy Lắk")
    assert provincial < military and provincial < district
    # The command line holds no Party committee
    response = client.get("/units/", {"line": "command"})
    assert "Tỉnh ủy Đắk Lắk" not in response.content.decode()
    assert "Quân khu 2" in response.content.decode()


def test_the_tracking_officer_registers_a_guest_of_another_branch_with_the_post(
    as_user, users, units
):
    from tongket.org.models import Person, Position

    # Given the provincial officer, whose scope holds neither the General Political Department
    client = as_user(users["daklak.theodoi"])
    response = client.post(
        "/people/new/",
        {"full_name": "Nguyễn Văn Khách", "unit": "DUQS-DL", "is_military": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    guest = Person.objects.get(full_name="Nguyễn Văn Khách")
    # When the guest's post in the other branch is recorded
    response = client.post(
        f"/people/{guest.pk}/position/",
        {"title": "Cục trưởng Cục Tổ chức", "unit": "TCCT", "valid_from": "01/01/2024"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post = Position.objects.get(person=guest)
    # Then the post is at that unit, and the officer still cannot open the unit
    assert post.unit == units["TCCT"]
    assert client.get(f"/units/{units['TCCT'].pk}/").status_code == 404


def test_registering_a_namesake_asks_first_and_writes_nothing(as_user, users, units):
    from tongket.org.models import Person

    client = as_user(users["daklak.theodoi"])
    existing = Person.objects.exclude(unit=units["DUQS-DL"]).first()
    before = Person.objects.count()
    response = client.post(
        "/people/new/",
        {"full_name": existing.full_name.upper(), "unit": "DUQS-DL", "is_military": "on"},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["full_name"]
    assert Person.objects.count() == before
    response = client.post(
        "/people/new/",
        {
            "full_name": existing.full_name,
            "unit": "DUQS-DL",
            "is_military": "on",
            "register_anyway": "on",
        },
    )
    assert response.status_code == 302
    assert Person.objects.count() == before + 1


def test_a_role_granted_in_a_line_from_the_user_page_reaches_the_units_below(as_user, users, units):
    from tongket.core import scopes
    from tongket.org.models import RoleGrant

    admin = users["admin"]
    target = users["qk2.baocao"]
    client = as_user(admin)
    response = client.post(
        f"/admin/users/{target.pk}/",
        {"form": "grant", "role": "viewer", "unit": "TU-DL", "line": "party"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    grant = RoleGrant.objects.get(user=target, unit=units["TU-DL"])
    assert grant.line == Line.PARTY and not grant.reaches_led
    target.refresh_from_db()
    scopes.forget(target)
    # The provincial military Party committee sits under the command in the data tree and
    # under the provincial committee in the Party line: the grant reaches it, not the command.
    assert units["DUQS-DL"] in lines.subordinates(units["TU-DL"], line=Line.PARTY)
    assert scopes.covers(target, units["DUQS-DL"])
    assert not scopes.covers(target, units["BCHQS-DL"])

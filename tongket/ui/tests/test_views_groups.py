"""The pages of named bodies: the list in my scope, recording a drafting team with no
member, naming members (a person, a seat read on the day), taking one off, a stale edit
refused on the form; a reporter sees but does not keep; another branch gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tongket.org import services
from tongket.org.choices import GroupKind
from tongket.org.models import BodyGroup, Person

pytestmark = pytest.mark.django_db


def url(name: str, *args: object) -> str:
    return reverse(f"ui:{name}", args=args)


def test_recording_a_body_and_its_members(as_user, users, units, django_assert_max_num_queries):
    """Given Quân khu 2's tracking officer, when a drafting team is recorded on the form,
    then it opens with no member, valid; a seat and a person are named; the list shows the
    body with its count in a bounded number of queries."""
    client = as_user(users["qk2.theodoi"])
    assert 'data-testid="new-group"' in client.get(url("group_list")).content.decode()
    response = client.post(
        url("group_create"),
        {"unit": "QK2", "kind": GroupKind.DRAFTING_TEAM, "name": "Tổ Biên tập tổng kết NQ 623"},
    )
    group = BodyGroup.objects.get(name="Tổ Biên tập tổng kết NQ 623")
    assert response.status_code == 302 and response.url == url("group_detail", group.pk)
    page = client.get(url("group_detail", group.pk)).content.decode()
    assert 'data-testid="no-members"' in page and 'data-testid="add-member"' in page

    response = client.post(
        url("group_member_add", group.pk),
        {"m-position_title": "Tư lệnh Quân khu", "m-position_unit": "QK2", "m-role": "head"},
    )
    assert response.status_code == 302
    person = Person.objects.filter(unit__code="SD316").first()
    client.post(url("group_member_add", group.pk), {"m-person": str(person.pk), "m-role": "member"})
    assert group.members.count() == 2
    page = client.get(url("group_detail", group.pk), {"on": "1900-01-01"}).content.decode()
    assert "Tư lệnh Quân khu" in page and 'data-testid="vacant"' in page

    # Neither a person nor a position: the error is on the form.
    response = client.post(url("group_member_add", group.pk), {"m-role": "member"})
    assert response.status_code == 200 and "alert-danger" in response.content.decode()

    seat = group.members.get(person__isnull=True)
    client.post(url("group_member_remove", group.pk), {"member": seat.pk})
    assert list(group.members.values_list("person", flat=True)) == [person.pk]

    with django_assert_max_num_queries(15):
        listing = client.get(url("group_list"), {"q": "to bien tap", "kind": "drafting_team"})
    assert "Tổ Biên tập tổng kết NQ 623" in listing.content.decode()


def test_a_stale_edit_is_refused_on_the_form(as_user, users, units):
    group = services.body_group_create(
        by=users["qk2.theodoi"],
        unit=units["QK2"],
        kind=GroupKind.STEERING_COMMITTEE,
        name="Ban Chỉ đạo 623",
    )
    client = as_user(users["qk2.theodoi"])
    fields = {"kind": GroupKind.STEERING_COMMITTEE, "name": "Ban Chỉ đạo tổng kết 623"}
    assert client.post(url("group_edit", group.pk), {**fields, "version": 1}).status_code == 302
    stale = client.post(url("group_edit", group.pk), {**fields, "name": "X", "version": 1})
    assert stale.status_code == 200 and "alert-danger" in stale.content.decode()
    group.refresh_from_db()
    assert group.name == "Ban Chỉ đạo tổng kết 623" and group.version == 2


def test_who_sees_and_who_keeps(as_user, users, units):
    """Given a body of Quân khu 2, when its reporter opens it, then it reads without the
    keeper's buttons and a member it adds is refused; another branch gets 404."""
    group = services.body_group_create(
        by=users["qk2.theodoi"],
        unit=units["QK2"],
        kind=GroupKind.AWARDS_COUNCIL,
        name="Hội đồng Thi đua – Khen thưởng",
    )
    reporter = as_user(users["qk2.baocao"])
    page = reporter.get(url("group_detail", group.pk)).content.decode()
    assert "Hội đồng Thi đua" in page and 'data-testid="edit-group"' not in page
    reporter.post(
        url("group_member_add", group.pk),
        {"m-position_title": "Tư lệnh Quân khu", "m-position_unit": "QK2", "m-role": "head"},
    )
    assert not group.members.exists()
    other = as_user(users["cnqp.baocao"])
    assert other.get(url("group_detail", group.pk)).status_code == 404
    # The kind's name is in the filter; the council itself is not listed.
    assert url("group_detail", group.pk) not in other.get(url("group_list")).content.decode()

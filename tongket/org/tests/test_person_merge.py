"""Merging a person registered twice: every row that names the duplicate moves to the kept
record, whichever app holds it; a row both hold stays once; outside the scope nothing moves."""

import datetime

import pytest

from tongket.core.errors import DomainError, NotFound
from tongket.core.models import ChangeLog
from tongket.meetings.models import Meeting
from tongket.org import services
from tongket.org.models import Person, PersonRank, Position, Rank

pytestmark = pytest.mark.django_db
D = datetime.date


def guest(by, unit, name="Nguyễn Văn Khách"):  # type: ignore[no-untyped-def]
    return services.person_create(by=by, full_name=name, unit=unit)


def test_the_duplicate_s_ranks_posts_and_meeting_roles_move_to_the_kept_record(users, units):
    officer = users["daklak.theodoi"]
    keep, drop = guest(officer, units["DUQS-DL"]), guest(officer, units["DUQS-DL"])
    colonel, general = Rank.objects.order_by("order")[5], Rank.objects.order_by("order")[8]
    services.rank_add(by=officer, person=keep, rank=colonel, valid_from=D(2020, 1, 1))
    services.rank_add(by=officer, person=drop, rank=colonel, valid_from=D(2020, 1, 1))
    services.rank_add(by=officer, person=drop, rank=general, valid_from=D(2024, 1, 1))
    services.position_add(
        by=officer,
        person=drop,
        title="Cục trưởng Cục Tổ chức",
        unit=units["TCCT"],
        valid_from=D(2024, 1, 1),
    )
    meeting = Meeting.objects.order_by("pk").first()
    meeting.presenters.add(drop)
    meeting.participants.add(keep, drop)

    merged = services.person_merge(by=officer, keep=keep, drop=drop)

    assert not Person.objects.filter(pk=drop.pk).exists()
    ranks = list(PersonRank.objects.filter(person=merged).order_by("valid_from"))
    assert [(r.rank_id, r.valid_from) for r in ranks] == [
        (colonel.pk, D(2020, 1, 1)),
        (general.pk, D(2024, 1, 1)),
    ]
    assert Position.objects.get(person=merged).unit == units["TCCT"]
    assert list(meeting.presenters.all()) == [merged]
    assert list(meeting.participants.filter(pk__in=[keep.pk, drop.pk])) == [merged]
    entry = ChangeLog.objects.get(action="person_merge", object_id=str(merged.pk))
    assert entry.before["merged"]["full_name"] == "Nguyễn Văn Khách"


def test_a_login_moves_and_two_logins_are_refused(users, units):
    admin = users["admin"]
    keep, drop = guest(admin, units["DUQS-DL"]), guest(admin, units["DUQS-DL"])
    login = users["qk2.baocao"]
    login.person = drop
    login.save(update_fields=["person"])
    services.person_merge(by=admin, keep=keep, drop=drop)
    login.refresh_from_db()
    assert login.person_id == keep.pk

    other = guest(admin, units["DUQS-DL"])
    users["qk2.duyet"].person = other
    users["qk2.duyet"].save(update_fields=["person"])
    with pytest.raises(DomainError):
        services.person_merge(by=admin, keep=keep, drop=other)
    assert Person.objects.filter(pk=other.pk).exists()


def test_a_record_outside_the_scope_is_not_merged(users, units):
    officer = users["daklak.theodoi"]
    keep = guest(officer, units["DUQS-DL"])
    outside = Person.objects.filter(unit=units["QK2"]).first()
    positions = Position.objects.filter(person=outside).count()
    with pytest.raises(NotFound):
        services.person_merge(by=officer, keep=keep, drop=outside)
    assert Position.objects.filter(person=outside).count() == positions
    assert not ChangeLog.objects.filter(action="person_merge").exists()


def test_the_merge_page_picks_the_duplicate_and_merges(client, users, units):
    officer = users["daklak.theodoi"]
    keep, drop = guest(officer, units["DUQS-DL"]), guest(officer, units["DUQS-DL"])
    client.force_login(officer)
    page = client.get(f"/people/{keep.pk}/merge/")
    assert page.status_code == 200 and f"P{drop.pk}" in page.content.decode()
    response = client.post(f"/people/{keep.pk}/merge/", {"drop": f"P{drop.pk}"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=drop.pk).exists()
    refused = client.post(f"/people/{keep.pk}/merge/", {"drop": f"P{keep.pk}"})
    assert refused.status_code == 200 and "drop" in refused.context["form"].errors


def test_through_the_api_a_guest_s_post_in_another_branch_and_a_merge(users, units):
    from rest_framework.test import APIClient

    officer = users["daklak.theodoi"]
    keep, drop = guest(officer, units["DUQS-DL"]), guest(officer, units["DUQS-DL"])
    api = APIClient()
    api.force_authenticate(officer)
    post = api.post(
        f"/api/v1/people/{drop.pk}/positions/",
        {"title": "Cục trưởng Cục Tổ chức", "unit": "TCCT", "valid_from": "2024-01-01"},
        format="json",
    )
    assert post.status_code == 201 and post.json()["unit"] == "TCCT"
    merged = api.post(f"/api/v1/people/{keep.pk}/merge/", {"drop": drop.pk}, format="json")
    assert merged.status_code == 200
    assert [p["unit"] for p in merged.json()["positions"]] == ["TCCT"]
    assert not Person.objects.filter(pk=drop.pk).exists()
    unknown = api.post(f"/api/v1/people/{keep.pk}/merge/", {"drop": 10**9}, format="json")
    assert unknown.status_code == 400 and "drop" in unknown.json()["errors"]

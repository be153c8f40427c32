"""Linking a login to the registry person it belongs to, and unlinking it."""

import pytest
from django.core.exceptions import PermissionDenied

from tongket.core.errors import Conflict, DomainError, NotFound
from tongket.core.models import ChangeLog
from tongket.org import services
from tongket.org.models import User

pytestmark = pytest.mark.django_db


def test_an_administrator_links_and_unlinks_a_login_and_each_change_is_logged(
    qk2_admin, users, units
):
    """Given a Quân khu 2 reporter and a person kept by Quân khu 2, when the region's
    administrator links them with the version read, then the login names the person, its
    version moves on and the change is logged; unlinking does the same the other way."""
    target = users["qk2.baocao"]
    person = services.person_create(by=qk2_admin, full_name="Vũ Văn Liên", unit=units["QK2"])
    read = target.version
    linked = services.user_person_set(by=qk2_admin, user=target, person=person, version=read)
    assert User.objects.get(pk=target.pk).person == person
    assert linked.version == read + 1
    row = ChangeLog.objects.filter(action="user_person_set", object_id=str(target.pk)).last()
    assert row.after["person"] == person.pk and row.unit_path.startswith(units["QK2"].path)
    services.user_person_set(by=qk2_admin, user=target, person=None, version=read + 1)
    assert User.objects.get(pk=target.pk).person is None
    assert ChangeLog.objects.filter(action="user_person_set", object_id=str(target.pk)).count() == 2


def test_a_stale_version_is_refused_and_nothing_changes(qk2_admin, users, units):
    target = users["qk2.baocao"]
    before = target.person_id
    person = services.person_create(by=qk2_admin, full_name="Vũ Văn Muộn", unit=units["QK2"])
    with pytest.raises(Conflict) as caught:
        services.user_person_set(
            by=qk2_admin, user=target, person=person, version=target.version + 5
        )
    assert caught.value.current_version == target.version
    assert User.objects.get(pk=target.pk).person_id == before


def test_a_person_with_another_login_is_refused(qk2_admin, users):
    other = users["qk2.theodoi"]
    taken = users["qk2.baocao"].person
    assert taken is not None
    with pytest.raises(DomainError) as caught:
        services.user_person_set(by=qk2_admin, user=other, person=taken)
    assert list(caught.value.error_dict) == ["person"]


def test_another_branch_is_out_of_reach(qk2_admin, users, units, cnqp_person):
    """The Quân khu 2 administrator cannot touch a Tổng cục CNQP login (404) nor link a
    Tổng cục CNQP person (404); a reporter cannot link anyone (403)."""
    with pytest.raises(NotFound):
        services.user_person_set(by=qk2_admin, user=users["cnqp.baocao"], person=None)
    with pytest.raises(NotFound):
        services.user_person_set(by=qk2_admin, user=users["qk2.theodoi"], person=cnqp_person)
    with pytest.raises(PermissionDenied):
        services.user_person_set(by=users["qk2.theodoi"], user=users["qk2.baocao"], person=None)
    assert not ChangeLog.objects.filter(action="user_person_set").exists()


def test_a_user_edit_moves_the_version_on_and_a_stale_one_is_refused(qk2_admin, users):
    target = users["qk2.baocao"]
    read = target.version
    services.user_update(by=qk2_admin, user=target, email="a@example.vn", version=read)
    with pytest.raises(Conflict):
        services.user_update(by=qk2_admin, user=target, email="b@example.vn", version=read)
    assert User.objects.get(pk=target.pk).email == "a@example.vn"

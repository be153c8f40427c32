"""Users, grants, passwords and lockout."""

import pytest
from django.test import Client

from tongket.core.errors import DomainError, NotFound
from tongket.core.scopes import covers, scope_paths
from tongket.org import services
from tongket.org.models import RoleGrant, User

pytestmark = pytest.mark.django_db


def test_grant_covers_the_subtree(users, units):
    reporter = users["qk2.baocao"]
    assert covers(reporter, units["SD316"])
    assert not covers(reporter, units["TCCNQP"])
    assert scope_paths(reporter) == [units["QK2"].path]


def test_admin_of_a_branch_cannot_grant_outside_it(qk2_admin, users, units):
    with pytest.raises(NotFound):
        services.role_grant(
            by=qk2_admin, user=users["qk2.baocao"], role="viewer", unit=units["TCCNQP"]
        )
    assert not RoleGrant.objects.filter(unit=units["TCCNQP"], role="viewer").exists()


def test_duplicate_username_is_refused(admin_user, units):
    with pytest.raises(DomainError) as caught:
        services.user_create(
            by=admin_user,
            username="QK2.BAOCAO",
            password="mot-mat-khau-dai",
            unit=units["QK2"],
            role="viewer",
        )
    assert list(caught.value.error_dict) == ["username"]


def test_weak_password_is_refused_with_the_field(admin_user, units):
    with pytest.raises(DomainError) as caught:
        services.user_create(
            by=admin_user, username="moi", password="123", unit=units["QK2"], role="viewer"
        )
    assert list(caught.value.error_dict) == ["password"]
    assert not User.objects.filter(username="moi").exists()


def test_lockout_after_repeated_failures(users, settings):
    settings.LOGIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(3):
        client.post("/login/", {"username": "qk2.baocao", "password": "sai"})
    response = client.post("/login/", {"username": "qk2.baocao", "password": "tongket-demo"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    # Slowed for this address, never locked (tongket/org/tests/test_auth.py).
    assert User.objects.get(username="qk2.baocao").locked_until is None


def test_nobody_removes_their_own_admin_role(admin_user):
    grant = admin_user.grants.first()
    with pytest.raises(DomainError):
        services.role_revoke(by=admin_user, grant=grant)

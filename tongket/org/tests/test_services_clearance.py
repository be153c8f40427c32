"""A clearance is granted only up to the granter's own, and nobody raises their own."""

import pytest

from tongket.core.errors import DomainError
from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.org import services
from tongket.org.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def confidential_admin(admin_user):  # type: ignore[no-untyped-def]
    """The administrator of the whole tree, cleared for "Mật" (confidential) only."""
    return services.user_update(by=SYSTEM, user=admin_user, clearance="confidential")


def test_an_administrator_cannot_raise_their_own_clearance(confidential_admin):
    # Given an administrator cleared for "Mật"
    changes = ChangeLog.objects.count()
    # When they raise their own clearance, even to a level they hold no more than
    for level in ("secret", "top_secret"):
        with pytest.raises(DomainError) as refused:
            services.user_update(by=confidential_admin, user=confidential_admin, clearance=level)
        # Then it is refused on the field and nothing is written
        assert refused.value.field == "clearance"
    confidential_admin.refresh_from_db()
    assert confidential_admin.clearance == "confidential"
    assert ChangeLog.objects.count() == changes


def test_an_administrator_without_clearance_cannot_give_themself_one(admin_user):
    with pytest.raises(DomainError) as refused:
        services.user_update(by=admin_user, user=admin_user, clearance="confidential")
    assert refused.value.field == "clearance"
    assert User.objects.get(pk=admin_user.pk).clearance == "none"


def test_a_clearance_is_granted_only_up_to_the_granters_own(confidential_admin, users):
    reporter = users["qk2.baocao"]
    # Given an administrator cleared for "Mật": granting "Tối mật" is refused
    with pytest.raises(DomainError) as refused:
        services.user_update(by=confidential_admin, user=reporter, clearance="secret")
    assert refused.value.field == "clearance"
    assert User.objects.get(pk=reporter.pk).clearance == "none"
    # and granting up to "Mật" is allowed
    services.user_update(by=confidential_admin, user=reporter, clearance="confidential")
    assert User.objects.get(pk=reporter.pk).clearance == "confidential"
    # Lowering grants nothing: allowed from any level, one's own too
    services.user_update(by=SYSTEM, user=reporter, clearance="top_secret")
    services.user_update(by=confidential_admin, user=reporter, clearance="none")
    assert User.objects.get(pk=reporter.pk).clearance == "none"
    services.user_update(by=confidential_admin, user=confidential_admin, clearance="none")
    assert User.objects.get(pk=confidential_admin.pk).clearance == "none"


def test_a_new_login_gets_no_more_clearance_than_its_creator(confidential_admin, units):
    with pytest.raises(DomainError) as refused:
        services.user_create(
            by=confidential_admin,
            username="qk2.mat",
            password="x",
            unit=units["QK2"],
            role="viewer",
            clearance="top_secret",
            check_password=False,
        )
    assert refused.value.field == "clearance"
    assert not User.objects.filter(username="qk2.mat").exists()
    created = services.user_create(
        by=confidential_admin,
        username="qk2.mat",
        password="x",
        unit=units["QK2"],
        role="viewer",
        clearance="confidential",
        check_password=False,
    )
    assert created.clearance == "confidential"


def test_the_user_page_refuses_raising_ones_own_clearance(client, confidential_admin):
    client.force_login(confidential_admin)
    response = client.post(
        f"/admin/users/{confidential_admin.pk}/",
        {"form": "edit", "email": "", "clearance": "top_secret", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "clearance" in response.content.decode()
    assert User.objects.get(pk=confidential_admin.pk).clearance == "confidential"

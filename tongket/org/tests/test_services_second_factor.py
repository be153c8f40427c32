"""The second factor's services: set up by the owner only, on only after a right code, ten
recovery codes stored hashed and each good once, codes never accepted twice, turned off by
the owner with a code or by an administrator of the user's units, every change logged."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from tongket.core.errors import DomainError, NotFound
from tongket.core.models import ChangeLog
from tongket.org import selectors, totp
from tongket.org.models import RecoveryCode, SecondFactor
from tongket.org.services.second_factor import (
    recovery_codes_renew,
    second_factor_begin,
    second_factor_confirm,
    second_factor_disable,
    second_factor_verify,
)

pytestmark = pytest.mark.django_db
T = 1_700_000_000  # a fixed moment in the past; steps are 30 s


def turned_on(user) -> tuple[str, list[str]]:  # type: ignore[no-untyped-def]
    factor = second_factor_begin(by=user, user=user)
    codes = second_factor_confirm(by=user, user=user, code=totp.code_at(factor.secret, T), at=T)
    return factor.secret, codes


def test_it_is_on_only_once_a_right_code_confirms_it(users):
    user = users["qk2.baocao"]
    factor = second_factor_begin(by=user, user=user)
    assert not selectors.second_factor_on(user=user)
    with pytest.raises(DomainError):
        second_factor_confirm(by=user, user=user, code="000000", at=T)
    assert not selectors.second_factor_on(user=user)
    codes = second_factor_confirm(by=user, user=user, code=totp.code_at(factor.secret, T), at=T)
    assert selectors.second_factor_on(user=user)
    assert ChangeLog.objects.filter(action="second_factor_on", object_id=str(user.pk)).exists()
    # Ten codes, different, stored only as digests.
    assert len(set(codes)) == 10
    stored = set(RecoveryCode.objects.filter(user=user).values_list("digest", flat=True))
    assert stored == {totp.recovery_digest(code) for code in codes}
    assert not stored & set(codes)
    # The secret never reaches the change log.
    assert factor.secret not in str(list(ChangeLog.objects.values_list("before", "after")))


def test_nobody_sets_it_up_for_someone_else(users):
    with pytest.raises(DomainError):
        second_factor_begin(by=users["admin"], user=users["qk2.baocao"])


def test_a_code_is_accepted_once(users):
    user = users["qk2.baocao"]
    secret, _codes = turned_on(user)
    later = T + 300
    code = totp.code_at(secret, later)
    assert second_factor_verify(user=user, code=code, at=later) == "totp"
    with pytest.raises(DomainError):
        second_factor_verify(user=user, code=code, at=later)
    # Nor the step before it, though within the window.
    with pytest.raises(DomainError):
        second_factor_verify(user=user, code=totp.code_at(secret, later - 30), at=later)


def test_a_recovery_code_works_once_and_only_for_its_owner(users):
    user, other = users["qk2.baocao"], users["cnqp.baocao"]
    _secret, codes = turned_on(user)
    turned_on(other)
    with pytest.raises(DomainError):
        second_factor_verify(user=other, code=codes[0], at=T + 60)
    assert second_factor_verify(user=user, code=codes[0].upper(), at=T + 60) == "recovery"
    with pytest.raises(DomainError):
        second_factor_verify(user=user, code=codes[0], at=T + 90)
    assert selectors.recovery_codes_left(user=user) == 9
    assert ChangeLog.objects.filter(action="second_factor_recovery_used").count() == 1


def test_new_recovery_codes_replace_the_old_ones(users):
    user = users["qk2.baocao"]
    secret, old = turned_on(user)
    new = recovery_codes_renew(by=user, user=user, code=totp.code_at(secret))
    assert not set(new) & set(old)
    with pytest.raises(DomainError):
        second_factor_verify(user=user, code=old[1])
    assert second_factor_verify(user=user, code=new[1]) == "recovery"


def test_the_owner_turns_it_off_with_a_code_only(users):
    user = users["qk2.baocao"]
    secret, _codes = turned_on(user)
    with pytest.raises(DomainError):
        second_factor_disable(by=user, user=user, code="123456")
    assert selectors.second_factor_on(user=user)
    second_factor_disable(by=user, user=user, code=totp.code_at(secret))
    assert not SecondFactor.objects.filter(user=user).exists()
    assert not RecoveryCode.objects.filter(user=user).exists()
    assert ChangeLog.objects.filter(action="second_factor_off", object_id=str(user.pk)).exists()


def test_an_administrator_of_the_users_units_turns_it_off_another_branch_cannot(users, units):
    """Given a Quân khu 2 reporter who lost the phone, an administrator of Quân khu 2 turns
    the second factor off without a code; an administrator of another branch is refused."""
    from tongket.core.scopes import SYSTEM
    from tongket.org.services import user_create

    user = users["qk2.baocao"]
    turned_on(user)
    outsider = user_create(
        by=SYSTEM,
        username="admin.cnqp",
        password="x",
        unit=units["TCCNQP"],
        role="administrator",
        check_password=False,
    )
    with pytest.raises((DomainError, PermissionDenied, NotFound)):
        second_factor_disable(by=outsider, user=user)
    assert selectors.second_factor_on(user=user)
    qk2_admin = user_create(
        by=SYSTEM,
        username="admin.qk2b",
        password="x",
        unit=units["QK2"],
        role="administrator",
        check_password=False,
    )
    second_factor_disable(by=qk2_admin, user=user)
    assert not selectors.second_factor_on(user=user)


def test_required_only_of_administrators_and_only_when_set(users, settings):
    settings.REQUIRE_TOTP_FOR_ADMINS = False
    assert not selectors.second_factor_required(user=users["admin"])
    settings.REQUIRE_TOTP_FOR_ADMINS = True
    assert selectors.second_factor_required(user=users["admin"])
    assert not selectors.second_factor_required(user=users["qk2.baocao"])

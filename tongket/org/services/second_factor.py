"""The second factor at sign-in: an authenticator app's six-digit code (TOTP, `org.totp`),
or one of ten one-time recovery codes.

Optional for everyone; `settings.REQUIRE_TOTP_FOR_ADMINS` makes it required for
administrators (`org.selectors.second_factor_required`). A user sets it up on their own
account page: `second_factor_begin` makes a secret (shown as text and as an otpauth:// URI),
`second_factor_confirm` checks a first code from the app and only then turns it on, handing
back the recovery codes once. From then on the sign-in page asks, after the password, for a
code (`second_factor_verify`). The user turns it off with a code; an administrator of the
user's units turns it off for a user who lost the phone and the codes.

API tokens are not concerned: a token is made by an administrator on the server
(`manage.py api_token`) and stands for the account on its own, as before. The browser's
session reaches the API only after both steps of the sign-in.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record
from tongket.org import policy, totp
from tongket.org.models import RecoveryCode, SecondFactor, User
from tongket.org.policy import Action

RECOVERY_CODES = 10
# A secret set up but not confirmed is replaced after this long.
UNCONFIRMED_FOR = datetime.timedelta(hours=1)


def _scope_path(user: User) -> str:
    grant = user.grants.select_related("unit").order_by("unit__path").first()
    return grant.unit.path if grant else ""


def _require_self(by: Any, user: User) -> None:
    if getattr(by, "pk", None) != user.pk:
        raise DomainError(_("Only the account's owner can set up its second factor."))


def _active(user: User) -> SecondFactor | None:
    return SecondFactor.objects.filter(user=user, confirmed_at__isnull=False).first()


def _new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones; returns them in clear (the only
    time they exist in clear)."""
    RecoveryCode.objects.filter(user=user).delete()
    codes: list[str] = []
    while len(codes) < RECOVERY_CODES:
        code = totp.new_recovery_code()
        if code not in codes:
            codes.append(code)
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, digest=totp.recovery_digest(code)) for code in codes
    )
    return codes


@transaction.atomic
def second_factor_begin(*, by: Any, user: User) -> SecondFactor:
    """Start setting up an authenticator: a new secret, not yet in force. The user themself
    only, and not while one is in force (turn it off first). A secret begun earlier and not
    confirmed is replaced."""
    _require_self(by, user)
    if _active(user) is not None:
        raise DomainError(_("A second factor is already on. Turn it off first to set up another."))
    SecondFactor.objects.filter(user=user).delete()
    return SecondFactor.objects.create(user=user, secret=totp.new_secret())


@transaction.atomic
def second_factor_confirm(*, by: Any, user: User, code: str, at: float | None = None) -> list[str]:
    """Turn the authenticator on once it shows the right code; returns the ten recovery
    codes, in clear, to be shown once. The user themself only."""
    _require_self(by, user)
    factor = (
        SecondFactor.objects.select_for_update()
        .filter(user=user, confirmed_at__isnull=True)
        .first()
    )
    if factor is None or factor.created_at < timezone.now() - UNCONFIRMED_FOR:
        raise DomainError(_("Start the set-up again: no authenticator is waiting for a code."))
    step = totp.matching_step(factor.secret, code, at=at)
    if step is None:
        raise DomainError(
            _("This code is not the one the app shows. Check the phone's clock and try again."),
            field="code",
        )
    factor.confirmed_at = timezone.now()
    factor.last_step = step
    factor.save(update_fields=["confirmed_at", "last_step"])
    codes = _new_recovery_codes(user)
    changelog_record(by=by, action="second_factor_on", obj=user, unit_path=_scope_path(user))
    return codes


@transaction.atomic
def second_factor_verify(*, user: User, code: str, at: float | None = None) -> str:
    """Check the code typed at sign-in after the password: the app's code of the current
    step (or the one either side), never a step already used, or an unused recovery code,
    which is then spent. Returns "totp" or "recovery"; DomainError when it matches neither.
    Called by the sign-in page only, for the user whose password was just checked."""
    factor = _active(user)
    if factor is None:
        raise DomainError(_("This account has no second factor."), field="code")
    text = (code or "").strip()
    step = totp.matching_step(factor.secret, text, at=at, last_step=factor.last_step)
    if step is not None:
        # Compare and set: of two sign-ins with the same code at once, one wins.
        moved = SecondFactor.objects.filter(
            Q(last_step__isnull=True) | Q(last_step__lt=step), pk=factor.pk
        ).update(last_step=step)
        if moved:
            return "totp"
    elif len("".join(ch for ch in text if ch.isalnum())) == 10:
        spare = RecoveryCode.objects.filter(
            user=user, digest=totp.recovery_digest(text), used_at__isnull=True
        ).first()
        if spare is not None and RecoveryCode.objects.filter(
            pk=spare.pk, used_at__isnull=True
        ).update(used_at=timezone.now()):
            left = RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()
            changelog_record(
                by=user,
                action="second_factor_recovery_used",
                obj=user,
                after={"left": left},
                unit_path=_scope_path(user),
            )
            return "recovery"
    raise DomainError(_("The code is not correct, or it was already used."), field="code")


@transaction.atomic
def second_factor_disable(*, by: Any, user: User, code: str | None = None) -> User:
    """Turn the second factor off. The user themself gives a current code or a recovery code;
    an administrator covering every unit the user is granted on (or a superuser) turns it off
    without one, for a user who lost the phone and the codes."""
    if getattr(by, "pk", None) == user.pk:
        if _active(user) is not None:
            second_factor_verify(user=user, code=code or "")
    else:
        grants = list(user.grants.select_related("unit"))
        if not grants and not scopes.is_unrestricted(by):
            raise DomainError(_("Only a superuser can change a user with no role."))
        for grant in grants:
            scopes.require_role(
                by, grant.unit, policy.roles(Action.MANAGE_USERS), _("manage users")
            )
    had = _active(user) is not None
    SecondFactor.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    if had:
        changelog_record(by=by, action="second_factor_off", obj=user, unit_path=_scope_path(user))
    return user


@transaction.atomic
def recovery_codes_renew(*, by: Any, user: User, code: str) -> list[str]:
    """Ten new recovery codes in place of the old ones (all of which stop working), for the
    user themself with a current code."""
    _require_self(by, user)
    if _active(user) is None:
        raise DomainError(_("Turn the second factor on first."))
    second_factor_verify(user=user, code=code)
    codes = _new_recovery_codes(user)
    changelog_record(
        by=by, action="second_factor_recovery_renewed", obj=user, unit_path=_scope_path(user)
    )
    return codes


def issuer_name() -> str:
    return str(settings.TOTP_ISSUER)

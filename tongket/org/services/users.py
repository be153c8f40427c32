"""Users, role grants, passwords and login lockout."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.classification import LEVELS, may_grant
from tongket.core.errors import DomainError
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.org import policy
from tongket.org.choices import Clearance, Line, Role
from tongket.org.lines import line_descendant_ids
from tongket.org.models import Person, RoleGrant, Unit, User
from tongket.org.policy import Action
from tongket.org.services.units import check_version


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(error.messages, field="password") from error


def _check_clearance(by: Any, user: User | None, clearance: str) -> None:
    """A clearance is granted only up to the granter's own, and nobody raises their own
    (lowering one is always allowed: it grants nothing)."""
    if clearance not in Clearance.values:
        raise DomainError(_("Choose a clearance."), field="clearance")
    current = user.clearance if user is not None else Clearance.NONE
    if LEVELS[clearance] <= LEVELS.get(current, 0):
        return
    if user is not None and user.pk == getattr(by, "pk", None):
        raise DomainError(_("You cannot raise your own clearance."), field="clearance")
    if not may_grant(by, clearance):
        raise DomainError(_("You can grant a clearance only up to your own."), field="clearance")


@transaction.atomic
def user_create(
    *,
    by: Any,
    username: str,
    password: str,
    unit: Unit,
    role: str,
    person: Person | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    clearance: str = Clearance.NONE,
    check_password: bool = True,
    line: str = "",
    reaches_led: bool = False,
) -> User:
    """Create a login with its first role grant on `unit` (a user without a grant sees
    nothing; `line` and `reaches_led` as in `role_grant`). Administrators of `unit`'s subtree
    may call it."""
    if unit is None:
        raise DomainError(_("Choose the unit of the first role."), field="unit")
    scopes.require_role(by, unit, policy.roles(Action.MANAGE_USERS), _("manage users"))
    username = normalize(username).lower()
    if not username:
        raise DomainError(_("Enter a user name."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("The user name %(u)s is taken.") % {"u": username}, field="username")
    if person is not None:
        scopes.require_visible(by, person.unit)
        if User.objects.filter(person=person).exists():
            raise DomainError(_("This person already has a login."), field="person")
    _check_clearance(by, None, clearance)
    user = User(
        username=username,
        email=normalize(email),
        first_name=normalize(first_name),
        last_name=normalize(last_name),
        person=person,
        clearance=clearance,
    )
    if check_password:
        _check_password(password, user)
    user.set_password(password)
    user.save()
    changelog_record(
        by=by, action="user_create", obj=user, after=snapshot(user), unit_path=unit.path
    )
    role_grant(by=by, user=user, role=role, unit=unit, line=line, reaches_led=reaches_led)
    return user


def _user_scope_path(user: User) -> str:
    """The unit path under which a user's record is filed: its first grant's unit."""
    grant = user.grants.select_related("unit").order_by("unit__path").first()
    return grant.unit.path if grant else ""


def _require_administrator_of(by: Any, user: User) -> None:
    """An edit of a user needs the right to manage users on every unit the user is granted
    on (nobody edits a login that also serves a branch they do not administer); a user with
    no grant is a superuser's to edit."""
    wanted = policy.roles(Action.MANAGE_USERS)
    grants = list(user.grants.select_related("unit"))
    if not grants and not scopes.is_unrestricted(by):
        raise DomainError(_("Only a superuser can edit a user with no role."))
    for grant in grants:
        scopes.require_role(by, grant.unit, wanted, _("manage users"))


def _check_person(by: Any, user: User, person: Person | None) -> None:
    """A login may name a person of the administrator's scope whom no other login names."""
    if person is None:
        return
    scopes.require_visible(by, person.unit)
    if User.objects.filter(person=person).exclude(pk=user.pk).exists():
        raise DomainError(_("This person already has a login."), field="person")


def _lock_and_check(user: User, version: int | None) -> int:
    """Lock the user's row and refuse a stale `version`; the version saved now. The caller's
    instance is the one edited (callers keep using it)."""
    locked = User.objects.select_for_update().only("version").get(pk=user.pk)
    check_version(locked, version)
    return locked.version


@transaction.atomic
def user_update(
    *,
    by: Any,
    user: User,
    email: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    is_active: bool | None = None,
    clearance: str | None = None,
    person: Person | bool | None = False,
    version: int | None = None,
) -> User:
    """Edit a user. Allowed to administrators covering every unit the user is granted on;
    `version` as read refuses a stale edit (`Conflict`)."""
    _require_administrator_of(by, user)
    user.version = _lock_and_check(user, version)
    before = snapshot(user)
    if email is not None:
        user.email = normalize(email)
    if first_name is not None:
        user.first_name = normalize(first_name)
    if last_name is not None:
        user.last_name = normalize(last_name)
    if is_active is not None:
        if user.pk == getattr(by, "pk", None) and not is_active:
            raise DomainError(_("You cannot deactivate your own account."), field="is_active")
        user.is_active = is_active
    if clearance is not None:
        _check_clearance(by, user, clearance)
        user.clearance = clearance
    if person is not False:
        _check_person(by, user, person)  # type: ignore[arg-type]
        user.person = person  # type: ignore[assignment]
    user.version += 1
    user.save()
    changelog_record(
        by=by,
        action="user_update",
        obj=user,
        before=before,
        after=snapshot(user),
        unit_path=_user_scope_path(user),
    )
    return user


@transaction.atomic
def user_person_set(
    *, by: Any, user: User, person: Person | None, version: int | None = None
) -> User:
    """Link a login to the registry person it belongs to (`person`), or unlink it (None):
    a person has one login at most, and a person record with a login cannot be merged
    away until it is unlinked. Allowed to administrators covering every unit the user is
    granted on (`Action.MANAGE_USERS`), for a person of their scope; `version` as read
    refuses a stale edit (`Conflict`). Linking the person already linked writes nothing."""
    _require_administrator_of(by, user)
    user.version = _lock_and_check(user, version)
    if person is not None:
        # Two administrators linking the same person at once: the second waits, then sees
        # the first's link.
        person = Person.objects.select_for_update().select_related("unit").get(pk=person.pk)
    _check_person(by, user, person)
    if user.person_id == getattr(person, "pk", None):
        return user
    before = {"person": user.person_id, "person_name": getattr(user.person, "full_name", "")}
    user.person = person
    user.version += 1
    user.save(update_fields=["person", "version"])
    changelog_record(
        by=by,
        action="user_person_set",
        obj=user,
        before=before,
        after={"person": user.person_id, "person_name": getattr(person, "full_name", "")},
        unit_path=_user_scope_path(user),
    )
    return user


@transaction.atomic
def user_set_password(
    *, by: Any, user: User, password: str, old_password: str | None = None
) -> User:
    """Change a password: the user themself (with the old password) or an administrator."""
    if user.pk == getattr(by, "pk", None):
        if old_password is None or not user.check_password(old_password):
            raise DomainError(_("The current password is not correct."), field="old_password")
    else:
        for grant in user.grants.select_related("unit"):
            scopes.require_role(
                by, grant.unit, policy.roles(Action.MANAGE_USERS), _("manage users")
            )
    _check_password(password, user)
    user.set_password(password)
    user.failed_logins = 0
    user.locked_until = None
    user.save(update_fields=["password", "failed_logins", "locked_until"])
    changelog_record(by=by, action="user_set_password", obj=user, unit_path=_user_scope_path(user))
    return user


@transaction.atomic
def role_grant(
    *, by: Any, user: User, role: str, unit: Unit, line: str = "", reaches_led: bool = False
) -> RoleGrant:
    """Grant `role` on `unit` (and so its subtree). With `line`, the grant also covers the
    unit's subordinates in that line; with `reaches_led`, a Party committee's grant also
    covers the body the committee leads. Administrators of `unit` may call it, and only for
    what they reach themselves: nobody hands out more than they hold."""
    if unit is None:
        raise DomainError(_("Choose a unit."), field="unit")
    if role not in Role.values:
        raise DomainError(_("Choose a role."), field="role")
    if line and line not in Line.values:
        raise DomainError(_("Choose a line."), field="line")
    scopes.require_role(by, unit, policy.roles(Action.MANAGE_USERS), _("grant roles"))
    if reaches_led and unit.led_unit is None:
        raise DomainError(
            _("%(unit)s is not a Party committee leading another body.") % {"unit": unit.name},
            field="reaches_led",
        )
    reached = [unit.led_unit] if reaches_led else []
    if line:
        reached += list(Unit.objects.filter(pk__in=line_descendant_ids([unit.pk], line=line)))
    for other in reached:
        if other is not None and not scopes.covers(by, other, policy.roles(Action.MANAGE_USERS)):
            raise DomainError(
                _("This grant would reach %(unit)s, which you do not administer.")
                % {"unit": other.name},
                field="line" if line else "reaches_led",
            )
    if RoleGrant.objects.filter(user=user, role=role, unit=unit).exists():
        raise DomainError(_("The user already has this role on this unit."), field="role")
    grant = RoleGrant.objects.create(
        user=user, role=role, unit=unit, line=line, reaches_led=reaches_led
    )
    scopes.forget(user)
    changelog_record(
        by=by,
        action="role_grant",
        obj=user,
        after={"role": role, "unit": unit.code, "line": line, "reaches_led": reaches_led},
        unit_path=unit.path,
    )
    return grant


@transaction.atomic
def role_revoke(*, by: Any, grant: RoleGrant) -> None:
    """Take a grant back. Nobody removes the last administrator grant they hold themselves."""
    scopes.require_role(by, grant.unit, policy.roles(Action.MANAGE_USERS), _("grant roles"))
    if grant.user_id == getattr(by, "pk", None) and grant.role in policy.roles(Action.MANAGE_USERS):
        raise DomainError(_("You cannot take away your own administrator role."), field="role")
    user, unit, role = grant.user, grant.unit, grant.role
    grant.delete()
    scopes.forget(user)
    changelog_record(
        by=by,
        action="role_revoke",
        obj=user,
        before={"role": role, "unit": unit.code},
        unit_path=unit.path,
    )


def login_failed(*, user: User) -> None:
    """Count a failed password; lock the account for a while after too many in a row."""
    User.objects.filter(pk=user.pk).update(failed_logins=F("failed_logins") + 1)
    user.refresh_from_db(fields=["failed_logins"])
    if user.failed_logins >= settings.LOGIN_MAX_FAILURES:
        until = timezone.now() + datetime.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        User.objects.filter(pk=user.pk).update(locked_until=until, failed_logins=0)
        changelog_record(
            by=None, action="user_locked", obj=user, after={"locked_until": until.isoformat()}
        )


def login_succeeded(*, user: User) -> None:
    if user.failed_logins or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)

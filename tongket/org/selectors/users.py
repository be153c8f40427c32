"""Scoped reads of users and their grants, and of their second factor at sign-in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from tongket.core import scopes
from tongket.core.errors import NotFound
from tongket.org import policy
from tongket.org.models import RecoveryCode, RoleGrant, SecondFactor, User
from tongket.org.policy import Action
from tongket.org.selectors.units import search_words


def user_list(*, user: Any, search: str | None = None) -> QuerySet[User]:
    """Users with at least one grant inside the administrator's scope."""
    admin_q = scopes.scope_q(user, "grants__unit__path", roles=policy.roles(Action.MANAGE_USERS))
    queryset = User.objects.filter(admin_q).distinct().select_related("person")
    if scopes.is_unrestricted(user):
        queryset = User.objects.all().select_related("person")
    for word in search_words(search):
        queryset = queryset.filter(
            Q(username__icontains=word) | Q(person__search_key__contains=word)
        )
    return queryset.prefetch_related(
        Prefetch("grants", queryset=RoleGrant.objects.select_related("unit").order_by("unit__path"))
    ).order_by("username")


def user_directory(*, user: Any, search: str | None = None) -> QuerySet[User]:
    """Users with at least one grant on a unit where the reader may see users
    (`Action.SEE_USERS`: administrators and tracking officers of its subtree, or of a line
    that reaches it), read only: changing them stays with `user_list`'s administrators."""
    if scopes.is_unrestricted(user):
        queryset = User.objects.all()
    else:
        seen_q = scopes.scope_q(user, "grants__unit__path", roles=policy.roles(Action.SEE_USERS))
        queryset = User.objects.filter(pk__in=User.objects.filter(seen_q).values("pk"))
    for word in search_words(search):
        queryset = queryset.filter(
            Q(username__icontains=word) | Q(person__search_key__contains=word)
        )
    return (
        queryset.select_related("person")
        .prefetch_related(
            Prefetch(
                "grants",
                queryset=RoleGrant.objects.select_related("unit").order_by("unit__path", "role"),
            )
        )
        .order_by("username")
    )


def user_directory_get(*, user: Any, pk: Any) -> User:
    try:
        return user_directory(user=user).get(pk=int(pk))
    except (User.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("User not found.")) from error


def user_get(*, user: Any, pk: Any) -> User:
    try:
        return user_list(user=user).get(pk=int(pk))
    except (User.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("User not found.")) from error


def grants_of(*, user: Any) -> QuerySet[RoleGrant]:
    return RoleGrant.objects.filter(user=user).select_related("unit").order_by("unit__path", "role")


def second_factor_on(*, user: Any) -> bool:
    """Does sign-in ask this user for an authenticator code (`services.second_factor`)?"""
    return SecondFactor.objects.filter(user_id=user.pk, confirmed_at__isnull=False).exists()


def second_factor_waiting(*, user: Any) -> SecondFactor | None:
    """The authenticator the user began setting up and has not confirmed yet."""
    return SecondFactor.objects.filter(user_id=user.pk, confirmed_at__isnull=True).first()


def second_factor_required(*, user: Any) -> bool:
    """Must the user have a second factor? Administrators (a grant of the administrator role,
    or a superuser) when `settings.REQUIRE_TOTP_FOR_ADMINS` is set."""
    if not settings.REQUIRE_TOTP_FOR_ADMINS or not getattr(user, "is_authenticated", False):
        return False
    return bool(
        user.is_superuser
        or RoleGrant.objects.filter(
            user_id=user.pk, role__in=policy.roles(Action.MANAGE_USERS)
        ).exists()
    )


def recovery_codes_left(*, user: Any) -> int:
    return RecoveryCode.objects.filter(user_id=user.pk, used_at__isnull=True).count()

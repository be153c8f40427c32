"""Logins, the roles granted to them on units, and their second factor."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongket.org.choices import Clearance, Line, Role
from tongket.org.models.people import Person
from tongket.org.models.units import Unit


class User(AbstractUser):
    """A login. May be linked to a person; its reach is its role grants."""

    person = models.OneToOneField(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    clearance = models.CharField(
        _("clearance"), max_length=16, choices=Clearance.choices, default=Clearance.NONE
    )
    failed_logins = models.PositiveSmallIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Raised by each edit of the record (its person, e-mail, clearance, state): an update
    # sent with the version it read is refused once someone else has saved since.
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def display_name(self) -> str:
        if self.person_id:
            return self.person.full_name  # type: ignore[union-attr]
        return self.get_full_name() or self.username


class RoleGrant(models.Model):
    """A role granted to a user on a unit; it covers that unit's whole subtree, and where the
    grant names a line, the unit's subordinates in that line (see `core.scopes`)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="grants"
    )
    # Empty: the unit's subtree in the organisation tree. A line: the unit's subordinates in
    # that line as well (the provincial Party committee's officer reaches the district
    # committees and the provincial military Party committee under it).
    line = models.CharField(_("line"), max_length=16, choices=Line.choices, blank=True)
    # A Party committee's officer also reaches the body the committee leads.
    reaches_led = models.BooleanField(_("also the body the committee leads"), default=False)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_grant")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


class SecondFactor(models.Model):
    """A user's authenticator (TOTP, RFC 6238): the shared secret, whether the user has
    confirmed it with a code (only then does sign-in ask for one), and the last time step
    accepted (no code is accepted twice). Written only by `org.services.second_factor`."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="second_factor")
    # Base32, as authenticator apps read it. Needed in clear to check codes.
    secret = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("second factor")
        verbose_name_plural = _("second factors")

    def __str__(self) -> str:
        return f"{self.user} – TOTP"


class RecoveryCode(models.Model):
    """A one-time code that stands in for the authenticator at sign-in (a lost phone). Only
    its SHA-256 is stored; it is shown once, when made."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(fields=["user", "digest"], name="unique_recovery_code")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {_('recovery code')}"

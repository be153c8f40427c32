"""Units with their dated names and placements, people with ranks and positions, users, grants."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongket.org.choices import (
    Clearance,
    Gender,
    RankCategory,
    RestructuringKind,
    RestructuringRole,
    Role,
    UnitKind,
)

# A path segment is the unit's id in ten decimal digits: fixed width so that "starts with" is
# "in the subtree", ordering by path is a depth-first walk, and an ancestor's id can be read
# out of a path in SQL. 255 characters hold 25 levels.
PATH_SEGMENT = 10


def path_ids(path: str) -> list[int]:
    """The ids of the units on a path, from the root down to the path's own unit."""
    return [int(path[i : i + PATH_SEGMENT]) for i in range(0, len(path), PATH_SEGMENT)]


class Unit(models.Model):
    """A node of the organization tree.

    Invariants: `path` is the parent's path plus this unit's segment (so a subtree is one
    indexed prefix query on SQLite and PostgreSQL alike) and `depth` is the number of
    segments minus one; both are kept by `org.services` only. `code` is unique among current
    codes; older codes, names and abbreviations live in `UnitName` and still resolve.
    `search_text` holds the search keys of every name, abbreviation and code the unit ever had.
    A dissolved unit keeps its row, path and history.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    abbreviation = models.CharField(_("abbreviation"), max_length=64, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    linked_unit = models.OneToOneField(
        "self",
        verbose_name=_("linked party committee or command"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="linked_from",
        help_text=_("The party committee of a command, or the command of a party committee."),
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    # The place name written before the date of the unit's documents ("Phú Thọ, ngày …");
    # empty: that of the nearest unit above that has one.
    place = models.CharField(_("place name on documents"), max_length=100, blank=True)
    search_text = models.TextField(blank=True, editable=False)
    sort_key = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(dissolved_on__gte=models.F("established_on")),
                name="unit_dissolved_after_established",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    def exists_on(self, day: datetime.date) -> bool:
        started = self.established_on is None or self.established_on <= day
        return started and (self.dissolved_on is None or day < self.dissolved_on)

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this unit (itself included), read off the path."""
        return path_ids(self.path)

    @property
    def ancestor_paths(self) -> list[str]:
        return [self.path[:i] for i in range(PATH_SEGMENT, len(self.path) + 1, PATH_SEGMENT)]


class UnitName(models.Model):
    """A name, abbreviation and code a unit carried over [valid_from, valid_to).

    The current name is the row with no `valid_to`. Old rows are kept so that documents of
    the time ("382-NQ/ĐUQSTW") and searches by the old name still find the unit.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("name"), max_length=255)
    abbreviation = models.CharField(_("abbreviation"), max_length=64, blank=True)
    code = models.CharField(_("code"), max_length=32)
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("until"), null=True, blank=True)
    search_key = models.CharField(max_length=400, db_index=True, editable=False)

    class Meta:
        verbose_name = _("unit name")
        verbose_name_plural = _("unit names")
        ordering = ["unit", models.F("valid_from").asc(nulls_first=True)]
        indexes = [models.Index(fields=["code"])]

    def __str__(self) -> str:
        return self.name


class UnitPlacement(models.Model):
    """Which parent a unit sat under over [valid_from, valid_to): the tree of any past date."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="placements")
    parent = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="placed_children"
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["unit", models.F("valid_from").asc(nulls_first=True)]
        indexes = [models.Index(fields=["parent", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.unit_id} ⊂ {self.parent_id} [{self.valid_from}, {self.valid_to})"


class RestructuringEvent(models.Model):
    """A dated restructuring act: rename, move, merge, split, dissolve or establish."""

    kind = models.CharField(_("kind"), max_length=16, choices=RestructuringKind.choices)
    effective_date = models.DateField(_("effective date"))
    description = models.TextField(_("description"), blank=True)
    decision = models.CharField(_("decision"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "org.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    units = models.ManyToManyField(Unit, through="RestructuringParticipant", related_name="events")

    class Meta:
        verbose_name = _("restructuring event")
        verbose_name_plural = _("restructuring events")
        ordering = ["-effective_date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}"


class RestructuringParticipant(models.Model):
    event = models.ForeignKey(RestructuringEvent, on_delete=models.CASCADE, related_name="parts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="event_parts")
    role = models.CharField(max_length=8, choices=RestructuringRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "unit", "role"], name="unique_event_part")
        ]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.role}:{self.unit_id}"


class Rank(models.Model):
    """A military rank (cấp bậc), seeded in order from Binh nhì to Đại tướng, plus QNCN ranks."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64)
    navy_name = models.CharField(_("navy name"), max_length=64, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=RankCategory.choices)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("rank")
        verbose_name_plural = _("ranks")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A person of the organization. `unit` is the unit that keeps the record (and scopes it);
    positions may be held elsewhere. Civilians have no rank history."""

    full_name = models.CharField(_("full name"), max_length=200)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    is_military = models.BooleanField(_("military"), default=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("managing unit"), on_delete=models.PROTECT, related_name="people"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    note = models.TextField(_("note"), blank=True)
    search_key = models.CharField(max_length=400, db_index=True, editable=False)
    sort_key = models.CharField(max_length=400, db_index=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["sort_key"]

    def __str__(self) -> str:
        return self.full_name


class PersonRank(models.Model):
    """A rank held from `valid_from` until the next promotion (or `valid_to`)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ranks")
    rank = models.ForeignKey(Rank, verbose_name=_("rank"), on_delete=models.PROTECT)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=255, blank=True)

    class Meta:
        ordering = ["person", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["person", "valid_from"], name="unique_rank_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="rank_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank} ({self.valid_from:%d/%m/%Y})"


class Position(models.Model):
    """A position (chức vụ) a person holds at a unit; several may run at the same time."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="positions"
    )
    title = models.CharField(_("title"), max_length=255)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="position_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} – {self.unit}"

    def held_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


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

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def display_name(self) -> str:
        if self.person_id:
            return self.person.full_name  # type: ignore[union-attr]
        return self.get_full_name() or self.username


class RoleGrant(models.Model):
    """A role granted to a user on a unit; it covers that unit's whole subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="grants"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_grant")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"

"""Units with their dated names and placements, people with ranks and positions, users, grants."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongket.org.choices import (
    Clearance,
    Gender,
    GroupKind,
    GroupRole,
    Line,
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
    # The line whose documents the unit issues and whose reports it files by default: a Party
    # committee is in the Party line, a command in the command line, a People's Committee in
    # the State line. Its superiors in every line are dated `UnitLine` rows.
    home_line = models.CharField(
        _("own line"), max_length=16, choices=Line.choices, default=Line.COMMAND
    )
    # How the body is named in the upper line of the headers of the bodies below it: the
    # Party organisation a committee leads ("Đảng bộ tỉnh Đắk Lắk" for Tỉnh ủy Đắk Lắk).
    organisation_name = models.CharField(
        _("name above subordinate bodies"), max_length=255, blank=True
    )
    # How the body writes itself in its own header when the upper line already names the
    # place ("Đảng ủy Quân sự tỉnh" under "Đảng bộ tỉnh Đắk Lắk"); empty: its name.
    header_name = models.CharField(_("name in its own header"), max_length=255, blank=True)
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
        # Codes typed by people are looked up ignoring case (core.models.code_is).
        indexes = [models.Index(Upper("code"), name="org_unit_code_upper")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    def exists_on(self, day: datetime.date) -> bool:
        started = self.established_on is None or self.established_on <= day
        return started and (self.dissolved_on is None or day < self.dissolved_on)

    @property
    def led_unit(self) -> Unit | None:
        """The command or State body this Party committee leads (None for other units)."""
        if self.home_line == Line.PARTY and self.linked_unit_id:
            return self.linked_unit
        return None

    @property
    def leading_committee(self) -> Unit | None:
        """The Party committee that leads this body (None for a committee or an unled body)."""
        if self.home_line == Line.PARTY:
            return None
        committee = getattr(self, "linked_from", None)
        if committee is None and self.linked_unit_id:
            committee = self.linked_unit
        if committee is not None and committee.home_line == Line.PARTY:
            return committee
        return None

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
        indexes = [
            models.Index(fields=["code"]),
            # Former codes and abbreviations are looked up ignoring case (core.models.code_is).
            models.Index(Upper("code"), name="org_unitname_code_upper"),
            models.Index(Upper("abbreviation"), name="org_unitname_abbr_upper"),
        ]

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


class UnitLine(models.Model):
    """A unit's superior in one line over [valid_from, valid_to).

    A unit may answer to several superiors in one line (dual subordination: the provincial
    military Party committee is under the provincial Party committee and under the military
    region's): the `primary` one is the direct superior written in document headers and
    addressed by submissions; the others share its reach. `superior` is None for the top of a
    line. Rows are never rewritten: a move in a line closes the row and opens another, so the
    lines of any past date can be read back. Kept by `org.services.lines` only.
    """

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="line_links")
    line = models.CharField(_("line"), max_length=16, choices=Line.choices)
    superior = models.ForeignKey(
        Unit,
        verbose_name=_("superior"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="line_subordinates",
    )
    primary = models.BooleanField(_("direct superior"), default=True)
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("place in a line")
        verbose_name_plural = _("places in lines")
        ordering = ["unit", "line", "-primary", models.F("valid_from").asc(nulls_first=True)]
        indexes = [
            models.Index(fields=["line", "superior"]),
            models.Index(fields=["unit", "line"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(superior=models.F("unit")), name="unit_line_not_own_superior"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_line_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} ⊂ {self.superior_id} ({self.line})"

    def valid_on(self, day: datetime.date) -> bool:
        started = self.valid_from is None or self.valid_from <= day
        return started and (self.valid_to is None or day < self.valid_to)


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


class BodyGroup(models.Model):
    """A named body that is not a unit of the tree: a steering committee (Ban Chỉ đạo), a
    drafting team (Tổ Biên tập), a standing agency (Cơ quan Thường trực), an emulation and
    commendation council (Hội đồng Thi đua – Khen thưởng), set up by `unit` (usually by a
    decision) for a while. Not to be confused with the unit groups of `analysis`, which
    gather units for figures.

    Invariants: `unit` owns it: its tracking officers keep it and its scope reads it; the
    members are people or seats (a position title at a unit, whoever holds it on the day);
    a body with no named member is valid (a drafting team known only as a body). Written by
    `org.services.groups` only."""

    kind = models.CharField(_("kind"), max_length=24, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=255)
    unit = models.ForeignKey(
        Unit, verbose_name=_("set up by"), on_delete=models.PROTECT, related_name="body_groups"
    )
    decision = models.CharField(
        _("decision"),
        max_length=255,
        blank=True,
        help_text=_("The decision that set it up, e.g. “Quyết định số 123/QĐ-BTL”."),
    )
    established_on = models.DateField(_("established on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    search_key = models.CharField(max_length=400, db_index=True, editable=False)
    sort_key = models.CharField(max_length=400, db_index=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["sort_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(established_on__isnull=True)
                | Q(dissolved_on__gte=models.F("established_on")),
                name="body_group_dissolved_after_established",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def exists_on(self, day: datetime.date) -> bool:
        started = self.established_on is None or self.established_on <= day
        return started and (self.dissolved_on is None or day < self.dissolved_on)


class BodyGroupMember(models.Model):
    """A member of a body: a named person, or a seat held ex officio (`position_title` at
    `position_unit`: "Chủ nhiệm Chính trị" of Quân khu 2, whoever holds it on the day)."""

    group = models.ForeignKey(BodyGroup, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="body_group_seats",
    )
    position_unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit of the position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    position_title = models.CharField(_("position"), max_length=255, blank=True)
    role = models.CharField(
        _("role"), max_length=20, choices=GroupRole.choices, default=GroupRole.MEMBER
    )
    title = models.CharField(_("title in the body"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("member of a body")
        verbose_name_plural = _("members of a body")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False)
                | (Q(position_unit__isnull=False) & ~Q(position_title="")),
                name="body_group_member_names_someone",
            ),
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(person__isnull=False),
                name="unique_body_group_person",
            ),
        ]

    def __str__(self) -> str:
        if self.person_id:
            return str(self.person)
        return f"{self.position_title} – {self.position_unit}"

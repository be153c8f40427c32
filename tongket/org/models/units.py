"""Units with their dated names, placements and places in the lines, and the restructuring
events that changed them."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from tongket.org.choices import Line, RestructuringKind, RestructuringRole, UnitKind

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

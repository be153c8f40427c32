"""Named bodies that are not units of the tree (steering committees, drafting teams) and
their members."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongket.org.choices import GroupKind, GroupRole
from tongket.org.models.people import Person
from tongket.org.models.units import Unit


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

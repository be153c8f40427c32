"""People of the organisation with their ranks and the positions they hold."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongket.org.choices import Gender, RankCategory
from tongket.org.models.units import Unit


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

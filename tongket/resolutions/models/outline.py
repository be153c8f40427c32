"""What a resolution is broken into: objectives, tasks and measures, and the assignments
given to units."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from tongket.resolutions.choices import AssignmentStatus, ItemKind
from tongket.resolutions.models.records import Resolution


class Item(models.Model):
    """An objective, task or measure: the tree inside a resolution, ordered by `order` among
    siblings. `number` is the outline number shown ("1", "1.2"), kept by the services."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ItemKind.choices)
    title = models.TextField(_("title"))
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    number = models.CharField(_("number"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("objective, task or measure")
        verbose_name_plural = _("objectives, tasks and measures")
        ordering = ["resolution", "parent_id", "order", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class Assignment(models.Model):
    """A task given to a lead unit with coordinating units and a deadline. `status` is what
    was reported; "overdue" is derived (deadline passed, not done) and never stored."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="assignments")
    lead_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        related_name="lead_assignments",
    )
    coordinating_units = models.ManyToManyField(
        "org.Unit",
        verbose_name=_("coordinating units"),
        blank=True,
        related_name="coordinating_assignments",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.NOT_STARTED,
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.item} → {self.lead_unit}"

    def effective_status(self, today: datetime.date | None = None) -> str:
        today = today or datetime.date.today()
        if self.status != AssignmentStatus.DONE and self.deadline and self.deadline < today:
            return AssignmentStatus.OVERDUE
        return self.status

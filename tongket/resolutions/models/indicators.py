"""Indicators (chỉ tiêu), their targets per unit and year, and the adjustments kept of
every target change."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from tongket.resolutions.choices import (
    Direction,
    MeasureKind,
    TargetMethod,
    TimeAggregation,
    UnitAggregation,
)
from tongket.resolutions.models.outline import Item
from tongket.resolutions.models.records import Resolution

DECIMAL = {"max_digits": 20, "decimal_places": 4}


class Indicator(models.Model):
    """A chỉ tiêu: what is measured, how it adds up over units and over time.

    Invariants: `code` is unique within the resolution. A ratio is reported as numerator and
    denominator and aggregates as Σnumerator/Σdenominator (shown in per cent). A weighted
    average takes its weights from the denominator column. A rating is stored as the level's
    position in `rating_levels` (1 = the first level). A milestone is 1 (reached) or 0.
    """

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="indicators")
    item = models.ForeignKey(
        Item,
        verbose_name=_("objective"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=500)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=64, blank=True)
    measure_kind = models.CharField(
        _("measure"), max_length=16, choices=MeasureKind.choices, default=MeasureKind.NUMBER
    )
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    unit_aggregation = models.CharField(
        _("aggregation over units"),
        max_length=20,
        choices=UnitAggregation.choices,
        default=UnitAggregation.SUM,
    )
    time_aggregation = models.CharField(
        _("aggregation over time"),
        max_length=8,
        choices=TimeAggregation.choices,
        default=TimeAggregation.SUM,
    )
    baseline_value = models.DecimalField(_("baseline"), null=True, blank=True, **DECIMAL)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    rating_levels = models.JSONField(_("rating levels"), default=list, blank=True)
    min_value = models.DecimalField(_("lowest valid value"), null=True, blank=True, **DECIMAL)
    max_value = models.DecimalField(_("highest valid value"), null=True, blank=True, **DECIMAL)
    decimals = models.PositiveSmallIntegerField(_("decimals shown"), default=0)
    parent_indicator = models.ForeignKey(
        "self",
        verbose_name=_("implements indicator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implemented_by",
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    search_key = models.CharField(max_length=600, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["resolution", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "code"], name="unique_indicator_code_in_resolution"
            )
        ]
        # An indicator code typed by people is looked up ignoring case, in one resolution or
        # in all that reach the user (resolutions.selectors.indicator_find).
        indexes = [models.Index(Upper("code"), models.F("resolution"), name="indicator_code_upper")]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def is_ratio(self) -> bool:
        return self.measure_kind == MeasureKind.RATIO

    @property
    def is_additive(self) -> bool:
        """Children's targets should add up to the parent's (cascade check)."""
        return self.unit_aggregation == UnitAggregation.SUM


class Target(models.Model):
    """The value to reach for (indicator, unit, year); `year` empty = the whole horizon.

    A ratio target is kept as a percentage in `value` (and, when given so, as numerator and
    denominator). `baseline` is the unit's own starting value when known. Every change after
    creation leaves a TargetAdjustment with the old value, author, date and reason.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    value = models.DecimalField(_("target"), **DECIMAL)
    numerator = models.DecimalField(_("numerator"), null=True, blank=True, **DECIMAL)
    denominator = models.DecimalField(_("denominator"), null=True, blank=True, **DECIMAL)
    baseline = models.DecimalField(_("unit baseline"), null=True, blank=True, **DECIMAL)
    method = models.CharField(
        _("set"), max_length=16, choices=TargetMethod.choices, default=TargetMethod.MANUAL
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "unit__path", models.F("year").asc(nulls_first=True)]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "unit", "year"],
                condition=Q(year__isnull=False),
                name="unique_target_per_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "unit"],
                condition=Q(year__isnull=True),
                name="unique_target_for_horizon",
            ),
        ]
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.unit_id} {self.year or '*'}: {self.value}"


class TargetAdjustment(models.Model):
    """A dated change of a target with its reason: the old value is never lost."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="adjustments")
    old_value = models.DecimalField(_("old value"), null=True, blank=True, **DECIMAL)
    new_value = models.DecimalField(_("new value"), **DECIMAL)
    effective_on = models.DateField(_("effective date"))
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)

    class Meta:
        verbose_name = _("target adjustment")
        verbose_name_plural = _("target adjustments")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.old_value} → {self.new_value}"

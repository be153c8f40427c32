"""Standing rules of unit groups: a report form asked of, or a target set for, every unit of
a group, now and as units join (`analysis.services.group_duties`, `group_rules`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongket.analysis.choices import GroupRuleKind


class GroupRule(models.Model):
    """A standing rule of a group: the report form `form` asked of (kind form), or the same
    target of `indicator` for `year` set for (kind target), every unit of the group inside
    the scope its author had when making it, now and whenever a unit joins the group.

    Invariants: a form rule names a form and no indicator, a target rule the reverse.
    `scope_roots` are the units at the roots of the author's scope when the rule was made
    (`everywhere` for an unrestricted author): a unit joining outside them is left alone. A
    rule is applied through the ordinary services (`reporting.services.form_assign`,
    `resolutions.services.target_set`) acting as its author, so the author's checks of the
    day still hold. An ended rule (`ended_at`) applies no more; what it gave stays. Made by
    `analysis.services.form_assign_group` / `target_set_group`, ended by
    `analysis.services.group_rule_end`."""

    group = models.ForeignKey("analysis.UnitGroup", on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("gives"), max_length=8, choices=GroupRuleKind.choices)
    form = models.ForeignKey(
        "reporting.ReportForm",
        verbose_name=_("report form"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("until"), null=True, blank=True)
    indicator = models.ForeignKey(
        "resolutions.Indicator",
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    value = models.DecimalField(_("target"), max_digits=20, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(
        _("numerator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    scope_roots = models.ManyToManyField(
        "org.Unit", verbose_name=_("within"), blank=True, related_name="+"
    )
    everywhere = models.BooleanField(_("everywhere"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("set"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("standing rule of a group")
        verbose_name_plural = _("standing rules of groups")
        ordering = ["group_id", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="form", form__isnull=False, indicator__isnull=True)
                    | Q(kind="target", indicator__isnull=False, form__isnull=True)
                ),
                name="group_rule_names_what_it_gives",
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.kind} #{self.pk}"


class GroupRuleApplication(models.Model):
    """A unit a standing rule was applied to, when it was made or when the unit joined,
    with the span of the form assignment it gave (form rules): what the rule withdraws
    when the unit leaves the group (`withdrawn_on`, the first day it is no longer asked)."""

    rule = models.ForeignKey(GroupRule, on_delete=models.CASCADE, related_name="applications")
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("until"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied"), default=timezone.now)
    withdrawn_on = models.DateField(_("withdrawn from"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit given a group's rule")
        verbose_name_plural = _("units given a group's rule")
        indexes = [models.Index(fields=["rule", "unit"])]

    def __str__(self) -> str:
        return f"{self.rule} → {self.unit}"

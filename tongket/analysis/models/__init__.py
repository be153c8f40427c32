"""Favourite pivots and charts, and groups of units (with group sets).

A visualization stores what to show (a spec: indicators, units, periods, layout), never
figures: opening it reads the roll-ups of that moment through the user's own scope. Unit
groups gather units across the tree (border units, a kind of unit, a region); membership
is dated so that a past period is grouped as it was; a form or a target given to a group is
a standing rule of it (`models.group_rules`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongket.analysis.choices import (
    ChartType,
    Importance,
    ItemKind,
    ItemWidth,
    MappingKind,
    Operator,
)
from tongket.analysis.models.group_rules import GroupRule as GroupRule
from tongket.analysis.models.group_rules import GroupRuleApplication as GroupRuleApplication
from tongket.org.choices import Role


class Visualization(models.Model):
    """A saved pivot table or chart (a "favourite").

    Invariants: `spec` has been checked by `analysis.spec.clean_spec` against its owner's
    scope when saved (ids of indicators and units the owner could see); when `shared`, it is
    offered to every user whose grants cover `unit` (the unit's users and those above), who
    read it through their own scopes. Only the owner edits or deletes it."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    chart_type = models.CharField(
        _("shown as"), max_length=16, choices=ChartType.choices, default=ChartType.TABLE
    )
    spec = models.JSONField(_("what it shows"), default=dict)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="visualizations",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("shared with the users of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    shared = models.BooleanField(_("shared"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("visualization")
        verbose_name_plural = _("visualizations")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(shared=False) | Q(unit__isnull=False),
                name="visualization_shared_has_unit",
            )
        ]

    def __str__(self) -> str:
        return self.name


class UnitGroupSet(models.Model):
    """A way of grouping units (kind of unit, region, border or not): its groups are the
    options. Kept by a unit; read by the users that unit's documents reach."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("unit group set")
        verbose_name_plural = _("unit group sets")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class UnitGroup(models.Model):
    """A named set of units anywhere in the tree ("Border units", "Quân khu 2 region").

    Invariants: code unique; its members are dated (`UnitGroupMember`); users only ever see
    the members inside their own scope."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    group_set = models.ForeignKey(
        UnitGroupSet,
        verbose_name=_("group set"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="groups",
    )
    owner_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class UnitGroupMember(models.Model):
    """A unit's membership of a group from `valid_from` (inclusive) to `valid_to`
    (exclusive); open ends mean always."""

    group = models.ForeignKey(UnitGroup, on_delete=models.CASCADE, related_name="members")
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit group member")
        verbose_name_plural = _("unit group members")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="unit_group_member_dates_ordered",
            )
        ]
        indexes = [models.Index(fields=["group", "unit"])]

    def __str__(self) -> str:
        return f"{self.group} · {self.unit}"


class ValidationRule(models.Model):
    """A check people define over the indicators of a report form: `left operator right`,
    each side an expression of indicator codes and numbers (analysis.expressions), e.g.
    "HC03 ≤ HC02 × 10".

    Invariants: both sides parse and name only indicators the form asks (checked by the
    service); `message` is what the reporter reads when the rule is broken. Kept by the
    form's owner unit; read by whoever can read the form."""

    form = models.ForeignKey(
        "reporting.ReportForm",
        verbose_name=_("report form"),
        on_delete=models.CASCADE,
        related_name="validation_rules",
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=200)
    left = models.CharField(_("left side"), max_length=500)
    operator = models.CharField(_("operator"), max_length=2, choices=Operator.choices)
    right = models.CharField(_("right side"), max_length=500)
    importance = models.CharField(
        _("importance"), max_length=8, choices=Importance.choices, default=Importance.MEDIUM
    )
    message = models.CharField(_("message"), max_length=500)
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["form_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["form", "code"], name="validation_rule_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.left} {self.get_operator_display()} {self.right}"


class Dashboard(models.Model):
    """A dashboard a person composes from favourites, text and the reports due, arranged
    by dragging.

    Invariants: seen by its owner, and when `shared` by the users whose grants cover `unit`;
    each viewer reads its favourites through their own scope. Only the owner changes it."""

    name = models.CharField(_("name"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="dashboards",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("shared with the users of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    shared = models.BooleanField(_("shared"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("dashboard")
        verbose_name_plural = _("dashboards")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(shared=False) | Q(unit__isnull=False),
                name="dashboard_shared_has_unit",
            )
        ]

    def __str__(self) -> str:
        return self.name


class DashboardItem(models.Model):
    """One tile of a dashboard, in `position` order."""

    dashboard = models.ForeignKey(Dashboard, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("shows"), max_length=16, choices=ItemKind.choices)
    visualization = models.ForeignKey(
        Visualization,
        verbose_name=_("saved table or chart"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    text = models.TextField(_("text"), blank=True)
    width = models.PositiveSmallIntegerField(
        _("width"), choices=ItemWidth.choices, default=ItemWidth.HALF
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("dashboard item")
        verbose_name_plural = _("dashboard items")
        ordering = ["dashboard_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="favourite") | Q(visualization__isnull=False),
                name="dashboard_item_favourite_has_visualization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.dashboard} #{self.position} {self.kind}"


class DashboardDefault(models.Model):
    """The dashboard that the users of `unit` holding `role` (or everyone there, when `role`
    is blank) open on while they have not chosen one of their own; it also reaches the units
    below, whose users take the nearest default above their grant.

    Invariants: one per unit and role; `dashboard` is shared with `unit` (checked by the
    service when marked, and again when read, so a dashboard later unshared or moved to
    another unit stops being anyone's default). Marked by whoever holds
    `Action.KEEP_SHARED_DASHBOARDS` at the unit (`analysis.services.dashboard_default_set`)."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(
        _("for the role"), max_length=32, choices=Role.choices, blank=True, default=""
    )
    dashboard = models.ForeignKey(
        Dashboard,
        verbose_name=_("dashboard"),
        on_delete=models.CASCADE,
        related_name="defaults",
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    set_at = models.DateTimeField(_("marked"), default=timezone.now)

    class Meta:
        verbose_name = _("default dashboard")
        verbose_name_plural = _("default dashboards")
        ordering = ["unit_id", "role"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "role"], name="dashboard_default_unit_role")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_role_display() or '*'} · {self.dashboard}"


class DashboardChoice(models.Model):
    """The dashboard a user chose to open on; while it stays visible to them it wins over
    every default of their unit and role. Only the user sets it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="dashboard_choice",
    )
    dashboard = models.ForeignKey(
        Dashboard, verbose_name=_("dashboard"), on_delete=models.CASCADE, related_name="+"
    )
    chosen_at = models.DateTimeField(_("chosen"), default=timezone.now)

    class Meta:
        verbose_name = _("chosen dashboard")
        verbose_name_plural = _("chosen dashboards")

    def __str__(self) -> str:
        return f"{self.user} · {self.dashboard}"


class ExchangeMapping(models.Model):
    """A partner's identifiers (a DHIS2 instance's UIDs or codes) for our units, indicators
    and report forms, used to export and import dataValueSets in their terms.

    Invariants: kept by `owner_unit` (its administrators and tracking officers write it
    through `analysis.services.exchange`); seen and used by the users that unit's documents
    reach (its subtree and the units above), each reading only the rows whose objects they
    may see. The name is unique at its unit."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("kept by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("exchange mapping")
        verbose_name_plural = _("exchange mappings")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_unit", "name"], name="exchange_mapping_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ExchangeMappingRow(models.Model):
    """One identifier of the partner: `external_id` names our unit, indicator, form or
    period (the foreign key of its `kind`, the others empty). An indicator's row may give the
    partner's categoryOptionCombo for its numerator and its denominator (a ratio; a weighted
    average's weight is its denominator); empty, our NUM and DEN are used. A period's row
    replaces the rule that writes our period codes the DHIS2 way (`dhis2.period_to_dhis2`)
    for that period, both ways.

    Invariants: one row per external id and kind, and one per object, in a mapping."""

    mapping = models.ForeignKey(ExchangeMapping, on_delete=models.CASCADE, related_name="rows")
    kind = models.CharField(_("kind"), max_length=16, choices=MappingKind.choices)
    external_id = models.CharField(_("their identifier"), max_length=64)
    unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.ForeignKey(
        "resolutions.Indicator",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    form = models.ForeignKey(
        "reporting.ReportForm", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    period = models.ForeignKey(
        "reporting.Period", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    numerator_combo = models.CharField(_("their numerator combo"), max_length=64, blank=True)
    denominator_combo = models.CharField(_("their denominator combo"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("exchange mapping row")
        verbose_name_plural = _("exchange mapping rows")
        ordering = ["kind", "external_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mapping", "kind", "external_id"], name="exchange_row_external_unique"
            ),
            models.UniqueConstraint(
                fields=["mapping", "unit"],
                condition=Q(unit__isnull=False),
                name="exchange_row_unit_unique",
            ),
            models.UniqueConstraint(
                fields=["mapping", "indicator"],
                condition=Q(indicator__isnull=False),
                name="exchange_row_indicator_unique",
            ),
            models.UniqueConstraint(
                fields=["mapping", "form"],
                condition=Q(form__isnull=False),
                name="exchange_row_form_unique",
            ),
            models.UniqueConstraint(
                fields=["mapping", "period"],
                condition=Q(period__isnull=False),
                name="exchange_row_period_unique",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=MappingKind.UNIT, unit__isnull=False, indicator=None, form=None)
                    | Q(kind=MappingKind.INDICATOR, indicator__isnull=False, unit=None, form=None)
                    | Q(kind=MappingKind.FORM, form__isnull=False, unit=None, indicator=None)
                )
                & Q(period=None)
                | Q(
                    kind=MappingKind.PERIOD,
                    period__isnull=False,
                    unit=None,
                    indicator=None,
                    form=None,
                ),
                name="exchange_row_names_its_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.external_id} → {self.kind}"

    @property
    def target(self) -> Any:
        return {
            MappingKind.UNIT: self.unit,
            MappingKind.INDICATOR: self.indicator,
            MappingKind.PERIOD: self.period,
        }.get(self.kind, self.form)

    @property
    def target_name(self) -> str:
        """The name of the object the row names (a period's: its type)."""
        if self.kind == MappingKind.PERIOD and self.period is not None:
            return str(self.period.get_type_display())
        return str(self.target.name)

"""Periods, report forms, reports with their values, and the roll-ups kept fresh on write."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongket.org.choices import Line
from tongket.reporting.choices import (
    Basis,
    PeriodType,
    ReminderKind,
    ReportState,
    SectionKind,
    default_delivery_methods,
)
from tongket.resolutions.models import DECIMAL


class PeriodRule(models.Model):
    """When the data window of a period starts and ends, and how long after the cut-off a
    report is due, for one issuing body (or for everybody when `issuer` is empty).

    The window of a period covering months m1..m2 runs from day `window_start_day` of the
    month before m1 to the day before it in m2 (15 → "15th of the previous month to the
    14th", the state regime of Nghị định 09/2019/NĐ-CP); 1 means calendar months. The cut-off
    is the window's last day; the report is due `due_working_days` working days later.
    """

    issuer = models.ForeignKey(
        "org.Unit",
        verbose_name=_("issuing body"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="period_rules",
    )
    period_type = models.CharField(_("period type"), max_length=16, choices=PeriodType.choices)
    window_start_day = models.PositiveSmallIntegerField(_("window starts on day"), default=15)
    due_working_days = models.PositiveSmallIntegerField(
        _("due after the cut-off (working days)"), default=2
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("period rule")
        verbose_name_plural = _("period rules")
        ordering = ["issuer_id", "period_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "period_type"],
                condition=Q(issuer__isnull=False),
                name="unique_period_rule_per_issuer",
            ),
            models.UniqueConstraint(
                fields=["period_type"],
                condition=Q(issuer__isnull=True),
                name="unique_default_period_rule",
            ),
            models.CheckConstraint(
                condition=Q(window_start_day__gte=1) & Q(window_start_day__lte=28),
                name="period_rule_day_in_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_period_type_display()} ({self.issuer or _('default')})"


class Period(models.Model):
    """A reporting period: `2022`, `2022-H1`, `2022-Q3`, `2022-07`, `2022-9M`, `2020-2025`.

    `start`..`end` is the data window by the default rule; `cutoff` is its last day;
    `due_date` the default due date (a form's issuer may have its own rule, applied to each
    report's own `due_date`). `months` is the span in months, used to pro-rate yearly targets
    for indicators that add up over time.
    """

    code = models.CharField(_("code"), max_length=16, unique=True)
    type = models.CharField(_("type"), max_length=16, choices=PeriodType.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    index = models.PositiveSmallIntegerField(_("number in the year"), default=1)
    end_year = models.PositiveSmallIntegerField(_("last year"))
    start = models.DateField(_("window start"))
    end = models.DateField(_("window end"))
    cutoff = models.DateField(_("cut-off"))
    due_date = models.DateField(_("due date"))
    months = models.PositiveSmallIntegerField(_("months"))
    is_open = models.BooleanField(_("open"), default=True)
    sort_key = models.CharField(max_length=16, editable=False, db_index=True)

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="period_window_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_sub_year(self) -> bool:
        return self.type in {
            PeriodType.MONTH,
            PeriodType.QUARTER,
            PeriodType.HALF_YEAR,
            PeriodType.NINE_MONTHS,
        }


class ReportForm(models.Model):
    """A kind of periodic report: which indicators and narrative sections it asks, of which
    units (FormAssignment), how often, collected by `owner_unit`.

    It is also a State reporting regime (chế độ báo cáo, Nghị định 09/2019/NĐ-CP, Article
    7). Most of the regime is the form itself: its name; its content (the description, the
    indicators and the narrative sections); who reports (the units asked); who receives (the
    owner unit); the frequency (the period type); the data-closing window and the deadline
    (the period rule of the owner unit, PeriodRule). Only what the form cannot say is stored
    here: how reports are sent (`delivery_methods`, DeliveryMethod values), the document
    that sets the regime, and the designations of its outline and data forms (empty: the
    form's narrative sections and its template workbook). See
    reporting.selectors.regime.form_regime.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=300)
    owner_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("collected by"),
        on_delete=models.PROTECT,
        related_name="report_forms",
    )
    resolution = models.ForeignKey(
        "resolutions.Resolution",
        verbose_name=_("resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="report_forms",
    )
    period_type = models.CharField(_("period type"), max_length=16, choices=PeriodType.choices)
    # Empty: the figures roll up the organisation tree. A line (a Party form: the Party line):
    # the dashboards group the figures along it (reporting.selectors, Tree).
    line = models.CharField(
        _("figures roll up along"), max_length=16, choices=Line.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    delivery_methods = models.JSONField(
        _("sent and received as"), default=default_delivery_methods, blank=True
    )
    regime_document = models.CharField(_("regime set by"), max_length=300, blank=True)
    outline_code = models.CharField(_("outline template"), max_length=100, blank=True)
    data_form_code = models.CharField(_("data forms"), max_length=100, blank=True)
    indicators = models.ManyToManyField(
        "resolutions.Indicator", through="FormIndicator", related_name="forms"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("report form")
        verbose_name_plural = _("report forms")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class FormIndicator(models.Model):
    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="form_indicators")
    indicator = models.ForeignKey(
        "resolutions.Indicator", on_delete=models.PROTECT, related_name="form_links"
    )
    order = models.PositiveIntegerField(default=0)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "indicator"], name="unique_form_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.form_id}:{self.indicator_id}"


class FormSection(models.Model):
    """A narrative section of a form (results, shortcomings, causes, proposals, other)."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(_("key"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=SectionKind.choices)
    guidance = models.TextField(_("guidance"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "key"], name="unique_form_section_key")
        ]

    def __str__(self) -> str:
        return self.title


class FormAssignment(models.Model):
    """A unit is asked for the form over [valid_from, valid_to] (both optional). A unit is
    also expected only while it exists (established, not dissolved)."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="form_duties"
    )
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("form assignment")
        verbose_name_plural = _("form assignments")
        constraints = [
            models.UniqueConstraint(fields=["form", "unit"], name="unique_form_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.form_id} → {self.unit_id}"


class Report(models.Model):
    """One report of a unit for a form and period: draft → submitted → returned → submitted
    → approved. An approved report is locked until an approver reopens it.

    Invariants: one per (form, unit, period); created when the period is opened for the form
    (so "expected" is a count of rows). `path_then` is the unit's path in the tree as it
    stood at the end of the period's window: roll-ups and completeness of past periods follow
    it. `first_submitted_at` decides timeliness against `due_date`. The roll-ups count the
    report's values while it is submitted or approved (Basis.SUBMITTED) and while it is
    approved (Basis.APPROVED).

    `is_backfill` (nhập bù): the report records a past period entered afterwards (2021
    reports entered in 2026). It is set when the report comes into being after its due date
    (nobody could have sent it on time) or when a tracking officer opens the period for the
    form as entered afterwards. Such a report is never reminded, never late nor overdue, and
    stays out of the on-time rate; it still counts as expected, received and approved.
    """

    form = models.ForeignKey(ReportForm, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="reports")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="reports")
    state = models.CharField(
        _("state"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    path_then = models.CharField(max_length=255, editable=False)
    due_date = models.DateField(_("due date"))
    narrative = models.JSONField(_("narrative"), default=dict, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    is_backfill = models.BooleanField(_("entered afterwards"), default=False)
    is_illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["period__sort_key", "unit__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "unit", "period"], name="unique_report_per_period"
            ),
        ]
        indexes = [
            models.Index(fields=["period", "path_then"]),
            models.Index(fields=["unit", "period"]),
            models.Index(fields=["state", "due_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.form.code} · {self.unit} · {self.period.code}"

    @property
    def is_received(self) -> bool:
        return self.first_submitted_at is not None

    @property
    def is_editable(self) -> bool:
        return self.state in {ReportState.DRAFT, ReportState.RETURNED}


class DataValue(models.Model):
    """A unit's own figure for one indicator in one report (subordinate units report their
    own). `unit` and `period` repeat the report's for indexed look-ups of a unit's history.

    Keys: on PostgreSQL statement-level triggers check, over each statement's rows at once,
    that a value's (report, unit, period) is a report's (id, unit, period) and that its
    indicator exists, and refuse deleting a report or an indicator values still refer to
    (migration 0011; a foreign key checked the same one row at a time at the commit). The
    report's own keys to its unit and period keep those existing. On SQLite (demo and
    development) none is declared in the database; the services write the columns from the
    report. Deletion rules (CASCADE, PROTECT) are Django's on both.

    For ratios, `numerator` and `denominator` are entered and `value` is the percentage; for
    a weighted average, `denominator` holds the weight."""

    # No index of their own: the unique (report, indicator) and the (indicator, unit,
    # period) indexes begin with them.
    report = models.ForeignKey(
        Report,
        on_delete=models.CASCADE,
        related_name="values",
        db_constraint=False,
        db_index=False,
    )
    indicator = models.ForeignKey(
        "resolutions.Indicator",
        on_delete=models.PROTECT,
        related_name="values",
        db_constraint=False,
        db_index=False,
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    value = models.DecimalField(_("value"), null=True, blank=True, **DECIMAL)
    numerator = models.DecimalField(_("numerator"), null=True, blank=True, **DECIMAL)
    denominator = models.DecimalField(_("denominator"), null=True, blank=True, **DECIMAL)
    comment = models.TextField(_("comment"), blank=True)
    # Whether the value meets the unit's target for the period (pro-rated for indicators that
    # add up over time); None without a target. Kept by the services, counted by roll-ups.
    met = models.BooleanField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="unique_value_per_report")
        ]
        indexes = [models.Index(fields=["indicator", "unit", "period"])]

    def __str__(self) -> str:
        return f"{self.indicator_id}@{self.unit_id}/{self.period_id}={self.value}"


class Rollup(models.Model):
    """What the values of the units strictly below `unit` (in the tree as it was at the
    period) add up to, per basis: the parts every aggregation rule recombines from. A
    weighted average takes its weights from the denominators (`denominator_sum`).

    Kept fresh by the services on every state change of a report (and rebuilt in bulk after a
    large import). A unit's own value is read from DataValue and combined at read time, so
    units that report but have nobody reporting below them have no roll-up row at all.

    Derived rows, rebuilt from the values at will: their keys are kept by Django's deletion
    rules (CASCADE) and not declared in the database, whose per-row checks at the commit cost
    a large import's rebuild (tens of thousands of rows) a quarter of a second.
    """

    indicator = models.ForeignKey(
        "resolutions.Indicator", on_delete=models.CASCADE, db_constraint=False
    )
    period = models.ForeignKey(Period, on_delete=models.CASCADE, db_constraint=False)
    # No index of its own: the unique (unit, period, basis, indicator) index begins with it.
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.CASCADE, db_constraint=False, db_index=False
    )
    basis = models.CharField(max_length=10, choices=Basis.choices)
    count = models.IntegerField(default=0)
    value_sum = models.DecimalField(default=0, max_digits=28, decimal_places=6)
    weighted_sum = models.DecimalField(default=0, max_digits=32, decimal_places=6)
    numerator_sum = models.DecimalField(default=0, max_digits=28, decimal_places=6)
    denominator_sum = models.DecimalField(default=0, max_digits=28, decimal_places=6)
    min_value = models.DecimalField(null=True, blank=True, **DECIMAL)
    max_value = models.DecimalField(null=True, blank=True, **DECIMAL)
    met_count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period", "basis", "indicator"], name="unique_rollup"
            )
        ]

    def __str__(self) -> str:
        return f"Σ{self.indicator_id}@{self.unit_id}/{self.period_id}[{self.basis}]"


def _report_file_path(instance: ReportAttachment, filename: str) -> str:
    return f"reports/{instance.report_id}/{filename}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_report_file_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class Reminder(models.Model):
    """A reminder sent about a report (by the scheduled task or by hand): the log of đôn đốc."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipients = models.PositiveIntegerField(default=0)
    emails = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["report", "kind"])]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind} {self.sent_at:%Y-%m-%d}"


class Completeness(models.Model):
    """How the reporting of a unit's subtree stands, in the tree as it was at the period (the
    unit itself included), for one form and period: reports expected, received, received on
    time, approved, entered afterwards (nhập bù) and received of those. The completeness,
    timeliness, late and missing counts of the dashboards and the API are read from these rows
    (a handful of indexed rows whatever the size of the tree).

    One row per (unit, period, form, due date): a form's reports of a period share their due
    date unless the issuer's rule changed between their creations, and "overdue" (due before
    today, not received) stays a comparison with today made at read time. `parent` is the unit
    directly above in the tree as it was (empty at the top): a unit's children in the
    completeness map are the rows it is the parent of.

    Kept in the transaction of every write that creates, moves, marks or removes a report
    (reporting.services.completeness: the workflow, opening a period for a form, assigning and
    unassigning units, imports, restructuring) and rebuilt from the reports by
    `manage.py rebuild_completeness`; both give the rows the reports add up to (tested).
    """

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("org.Unit", on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    due_date = models.DateField()
    expected = models.IntegerField(default=0)
    received = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    approved = models.IntegerField(default=0)
    backfill = models.IntegerField(default=0)
    backfill_received = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "period", "form", "due_date"], name="unique_completeness"
            )
        ]
        indexes = [models.Index(fields=["parent", "period"], name="completeness_children")]

    def __str__(self) -> str:
        return f"{self.form_id}@{self.unit_id}/{self.period_id}: {self.received}/{self.expected}"

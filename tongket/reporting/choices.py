from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodType(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("Half-year")
    NINE_MONTHS = "nine_months", _("Nine months")
    YEAR = "year", _("Year")
    TERM = "term", _("Term")


# How many months a period of each type spans (a term: per year of it, see Period.months).
PERIOD_MONTHS = {
    PeriodType.MONTH: 1,
    PeriodType.QUARTER: 3,
    PeriodType.HALF_YEAR: 6,
    PeriodType.NINE_MONTHS: 9,
    PeriodType.YEAR: 12,
}


class DeliveryMethod(models.TextChoices):
    """How a report is sent and received (phương thức gửi, nhận báo cáo, Nghị định
    09/2019/NĐ-CP, Article 7): on paper, as an electronic document, or through a reporting
    information system (this one)."""

    PAPER = "paper", _("Paper document")
    ELECTRONIC = "electronic", _("Electronic document")
    SYSTEM = "system", _("Reporting information system")


def default_delivery_methods() -> list[str]:
    """A form made here is sent and received here."""
    return [DeliveryMethod.SYSTEM.value]


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class SectionKind(models.TextChoices):
    RESULTS = "results", _("Results")
    SHORTCOMINGS = "shortcomings", _("Shortcomings")
    CAUSES = "causes", _("Causes")
    PROPOSALS = "proposals", _("Proposals")
    FREE = "free", _("Other section")


class Basis(models.TextChoices):
    """Which reports a figure counts: every submitted one, or approved ones only."""

    SUBMITTED = "submitted", _("All submitted reports")
    APPROVED = "approved", _("Approved reports only")


class Tree(models.TextChoices):
    """How the units' figures are grouped: the organisation tree as it was then, regrouped on
    today's tree, or along a line of subordination (org.choices.Line, same values): a unit's
    figure then covers every unit below it in that line on the period's last day."""

    THEN = "then", _("Tree as it was then")
    TODAY = "today", _("Today's tree")
    PARTY = "party", _("Along the Party line")
    COMMAND = "command", _("Along the command line")
    STATE = "state", _("Along the State administration line")


# The groupings that follow a line; their values are the lines' own.
LINE_TREES = (Tree.PARTY, Tree.COMMAND, Tree.STATE)


class Status(models.TextChoices):
    """Progress against target, one visual language everywhere."""

    EXCEEDED = "exceeded", _("Exceeded")
    MET = "met", _("Met")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BEHIND = "behind", _("Behind")
    NO_DATA = "no_data", _("No data")
    NO_TARGET = "no_target", _("No target set")


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_due", _("Before the due date")
    OVERDUE = "overdue", _("Overdue")
    MANUAL = "manual", _("Sent by hand")

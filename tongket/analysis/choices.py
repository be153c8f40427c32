from django.db import models
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    """The three dimensions of a pivot (DHIS2's dx, ou and pe)."""

    INDICATOR = "indicator", _("Indicator")
    UNIT = "unit", _("Unit")
    PERIOD = "period", _("Period")


class ChartType(models.TextChoices):
    TABLE = "table", _("Table")
    COLUMN = "column", _("Column chart")
    STACKED = "stacked", _("Stacked column chart")
    BAR = "bar", _("Bar chart")
    LINE = "line", _("Line chart")
    AREA = "area", _("Area chart")
    PIE = "pie", _("Pie chart")
    SINGLE = "single", _("Single value")
    HEATMAP = "heatmap", _("Heat map")


class RelativePeriod(models.TextChoices):
    """Periods counted back from today (only periods that exist in the calendar are used)."""

    THIS_YEAR = "this_year", _("This year")
    LAST_YEAR = "last_year", _("Last year")
    LAST_5_YEARS = "last_5_years", _("Last 5 years")
    LAST_4_HALF_YEARS = "last_4_half_years", _("Last 4 half-years")
    LAST_4_QUARTERS = "last_4_quarters", _("Last 4 quarters")
    LAST_12_MONTHS = "last_12_months", _("Last 12 months")
    HORIZON = "horizon", _("The resolution's horizon (each year)")


class UnitLevel(models.TextChoices):
    """Which units a chosen unit stands for in a pivot."""

    SELF = "self", _("The unit itself")
    CHILDREN = "children", _("The units directly below")


class Operator(models.TextChoices):
    EQUAL = "eq", "="
    NOT_EQUAL = "ne", "≠"
    LESS = "lt", "<"
    LESS_OR_EQUAL = "le", "≤"
    GREATER = "gt", ">"
    GREATER_OR_EQUAL = "ge", "≥"


class Importance(models.TextChoices):
    """How a broken rule weighs on a report: high blocks its submission; medium and low
    warn (the report goes up once the value carries a comment explaining it)."""

    HIGH = "high", _("High (blocks submission)")
    MEDIUM = "medium", _("Medium (warning)")
    LOW = "low", _("Low (warning)")


class ItemKind(models.TextChoices):
    """What a dashboard item shows."""

    FAVOURITE = "favourite", _("A saved table or chart")
    TEXT = "text", _("Text")
    DUE_REPORTS = "due_reports", _("Reports due and overdue")


class ItemWidth(models.IntegerChoices):
    HALF = 6, _("Half the width")
    FULL = 12, _("Full width")


class MappingKind(models.TextChoices):
    """What a row of an exchange mapping names: DHIS2's orgUnit, dataElement, dataSet or
    period."""

    UNIT = "unit", _("Unit (orgUnit)")
    INDICATOR = "indicator", _("Indicator (dataElement)")
    FORM = "form", _("Report form (dataSet)")
    PERIOD = "period", _("Period (period)")


class GroupRuleKind(models.TextChoices):
    """What a standing rule of a unit group gives each of its units."""

    FORM = "form", _("Report form")
    TARGET = "target", _("Target")

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResolutionKind(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution (nghị quyết)")
    DIRECTIVE = "directive", _("Directive (chỉ thị)")
    CONCLUSION = "conclusion", _("Conclusion (kết luận)")
    REGULATION = "regulation", _("Regulation (quy định)")
    COORDINATION_PROGRAMME = "coordination_programme", _("Coordination programme")
    PLAN = "plan", _("Plan (kế hoạch)")
    PROJECT = "project", _("Project (đề án)")
    DECISION = "decision", _("Decision (quyết định)")
    OTHER = "other", _("Other")


class SymbolStyle(models.TextChoices):
    PARTY = "party", _("Party style (382-NQ/ĐUQSTW)")
    STATE = "state", _("State style (15/KH-UBND)")


class ResolutionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    # Known to exist (named in another document or the news), number and date not yet known.
    MENTIONED = "mentioned", _("Mentioned, number unknown")
    IN_FORCE = "in_force", _("In force")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded")


class Classification(models.TextChoices):
    """The same levels as a user's clearance (org.choices.Clearance)."""

    NONE = "none", _("Unclassified")
    CONFIDENTIAL = "confidential", _("Confidential (Mật)")
    SECRET = "secret", _("Secret (Tối mật)")
    TOP_SECRET = "top_secret", _("Top secret (Tuyệt mật)")


CLASSIFICATION_LEVEL = {
    Classification.NONE: 0,
    Classification.CONFIDENTIAL: 1,
    Classification.SECRET: 2,
    Classification.TOP_SECRET: 3,
}


class RelationKind(models.TextChoices):
    SUPERSEDES = "supersedes", _("supersedes")
    IMPLEMENTS = "implements", _("implements")
    AMENDS = "amends", _("amends")


class ItemKind(models.TextChoices):
    OBJECTIVE = "objective", _("Objective")
    TASK = "task", _("Task")
    MEASURE = "measure", _("Measure")


class AssignmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    # Never stored: shown when the deadline has passed and the work is not done.
    OVERDUE = "overdue", _("Overdue")


class MeasureKind(models.TextChoices):
    NUMBER = "number", _("Number")
    RATIO = "ratio", _("Ratio (numerator / denominator)")
    MILESTONE = "milestone", _("Milestone (yes / no)")
    RATING = "rating", _("Qualitative rating")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class UnitAggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    WEIGHTED_AVERAGE = "weighted_average", _("Weighted average")
    RATIO = "ratio", _("Ratio Σnumerator / Σdenominator")
    MIN = "min", _("Minimum")
    MAX = "max", _("Maximum")
    COUNT_MET = "count_met", _("Count of units meeting their target")


class TimeAggregation(models.TextChoices):
    SUM = "sum", _("Sum of periods")
    LAST = "last", _("Last value")
    AVERAGE = "average", _("Average of periods")


class TargetMethod(models.TextChoices):
    MANUAL = "manual", _("By hand")
    EVEN = "even", _("Evenly")
    PROPORTIONAL = "proportional", _("In proportion to a base")
    IMPORTED = "imported", _("Imported")

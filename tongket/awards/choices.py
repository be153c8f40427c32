from django.db import models
from django.utils.translation import gettext_lazy as _


class FormCategory(models.TextChoices):
    AWARD = "award", _("Form of commendation")
    TITLE = "title", _("Emulation title")


class NomineeKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class NominationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    COUNCIL_REVIEWED = "council_reviewed", _("Reviewed by the awards council")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    FORWARDED = "forwarded", _("Forwarded to a higher authority")


class BodyLevel(models.TextChoices):
    """The level at which a body gives commendations (Thông tư 118/2023/TT-BQP): a property
    of the body, never read off its depth in the tree."""

    MINISTRY = "ministry", _("Ministry, branch or province (Bộ trưởng, Chủ tịch tỉnh)")
    REGION = "region", _("Military region, corps, service, general department and equivalent")
    DIVISION = "division", _("Division, provincial command and equivalent")
    REGIMENT = "regiment", _("Regiment, brigade and equivalent")


class CountOutcome(models.TextChoices):
    AWARDED = "awarded", _("Awarded")
    PROPOSED = "proposed", _("Proposed to a higher authority")


class QuotaBasis(models.TextChoices):
    COUNT = "count", _("A number of awards")
    SHARE_OF_HEADCOUNT = "share_headcount", _("A share of the headcount (%)")
    SHARE_OF_UNITS = "share_units", _("A share of the units (%)")


class FileKind(models.TextChoices):
    SUBMISSION = "submission", _("Submission with the list")
    ACHIEVEMENT_REPORT = "achievement_report", _("Achievement report")
    COUNCIL_MINUTES = "council_minutes", _("Awards council minutes")
    EVIDENCE = "evidence", _("Evidence")


class CheckLevel(models.TextChoices):
    OK = "ok", _("Passed")
    WARNING = "warning", _("Warning")
    ERROR = "error", _("Blocks submission")

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryKind(models.TextChoices):
    """What a search hit is, as the filter of the search page names it."""

    RESOLUTION = "resolution", _("Resolution")
    INDICATOR = "indicator", _("Indicator")
    REPORT = "report", _("Periodic report")
    REVIEW_REPORT = "review_report", _("Unit review report")
    DOCUMENT = "document", _("Document")
    MEETING = "meeting", _("Meeting")
    CONCLUSION = "conclusion", _("Conclusion")
    AWARD_DECISION = "award_decision", _("Award decision")
    ATTACHMENT = "attachment", _("Attached file")

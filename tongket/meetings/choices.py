from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingKind(models.TextChoices):
    REVIEW_CONFERENCE = "review_conference", _("Review conference")
    STEERING_SESSION = "steering_session", _("Steering committee session")
    EXPANDED_PARTY_CONFERENCE = (
        "expanded_party_conference",
        _("Expanded party committee conference"),
    )
    WORKING_SESSION = "working_session", _("Working session")
    LAUNCH = "launch", _("Launch conference")
    OTHER = "other", _("Other")


class MeetingFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class TimeOfDay(models.TextChoices):
    MORNING = "sang", _("Morning (sáng)")
    NOON = "trua", _("Noon (trưa)")
    AFTERNOON = "chieu", _("Afternoon (chiều)")
    EVENING = "toi", _("Evening (tối)")
    ALL_DAY = "ca_ngay", _("All day")


# The time of day as a text says it (the intake's reading answers these words).
TIME_WORDS = {
    "sáng": TimeOfDay.MORNING,
    "trưa": TimeOfDay.NOON,
    "chiều": TimeOfDay.AFTERNOON,
    "tối": TimeOfDay.EVENING,
    "cả ngày": TimeOfDay.ALL_DAY,
}


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    OVERDUE = "overdue", _("Overdue")  # derived, never stored


class AddressKind(models.TextChoices):
    """How a task given to several units at once named them."""

    UNITS = "units", _("Several units")
    LEVEL = "level", _("All units of a level in a subtree")

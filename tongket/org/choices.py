from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    COMMAND = "command", _("Command")
    AGENCY = "agency", _("Agency")
    LOCALITY = "locality", _("Locality")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    TRACKING_OFFICER = "tracking_officer", _("Tracking officer")
    REPORTER = "reporter", _("Unit reporter")
    APPROVER = "approver", _("Approver")
    COMMENDATION_OFFICER = "commendation_officer", _("Emulation and commendation officer")
    VIEWER = "viewer", _("Viewer")


class RestructuringKind(models.TextChoices):
    CREATE = "create", _("Establish")
    RENAME = "rename", _("Rename")
    MOVE = "move", _("Move")
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    DISSOLVE = "dissolve", _("Dissolve")


class RestructuringRole(models.TextChoices):
    SOURCE = "source", _("Source")
    TARGET = "target", _("Result")


class RankCategory(models.TextChoices):
    SOLDIER = "soldier", _("Soldier")
    NCO = "nco", _("Non-commissioned officer")
    JUNIOR_OFFICER = "junior_officer", _("Junior officer")
    SENIOR_OFFICER = "senior_officer", _("Senior officer")
    GENERAL = "general", _("General officer")
    PROFESSIONAL = "professional", _("Professional soldier (QNCN)")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Clearance(models.TextChoices):
    NONE = "none", _("None")
    CONFIDENTIAL = "confidential", _("Confidential (Mật)")
    SECRET = "secret", _("Secret (Tối mật)")
    TOP_SECRET = "top_secret", _("Top secret (Tuyệt mật)")

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    COMMAND = "command", _("Command")
    AGENCY = "agency", _("Agency")
    LOCALITY = "locality", _("Locality")
    OTHER = "other", _("Other")


class Line(models.TextChoices):
    """The lines of subordination a unit can sit in. A unit has a superior in each line it
    belongs to: the Party line of committees, the command (military) line, the State
    administration line."""

    PARTY = "party", _("Party line")
    COMMAND = "command", _("Command line")
    STATE = "state", _("State administration line")


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


class GroupKind(models.TextChoices):
    """Kinds of named bodies that are not units of the tree (`BodyGroup`)."""

    STEERING_COMMITTEE = "steering_committee", _("Steering committee (Ban Chỉ đạo)")
    DRAFTING_TEAM = "drafting_team", _("Drafting team (Tổ Biên tập)")
    STANDING_AGENCY = "standing_agency", _("Standing agency (Cơ quan Thường trực)")
    AWARDS_COUNCIL = "awards_council", _("Emulation and commendation council")
    WORKING_GROUP = "working_group", _("Working group (Tổ công tác)")
    OTHER = "other", _("Other")


class GroupRole(models.TextChoices):
    """A member's place in a body: head (trưởng ban, chủ tịch hội đồng, tổ trưởng),
    deputies, members, the secretary."""

    HEAD = "head", _("Head")
    STANDING_DEPUTY = "standing_deputy", _("Standing deputy head")
    DEPUTY = "deputy", _("Deputy head")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")

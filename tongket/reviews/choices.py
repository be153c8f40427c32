from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    INTERIM = "interim_review", _("Interim review (sơ kết)")
    FINAL = "final_review", _("Final review (tổng kết)")


class CampaignShape(models.TextChoices):
    ISSUED = "issued", _("Issued by the reviewing body (ends in its own new resolution)")
    REPORTED = "reported", _("Reported upward (a review report sent to the body running it)")


class CampaignState(models.TextChoices):
    DRAFTING = "drafting", _("Drafting")
    CONSULTATION = "consultation", _("Consultation")
    APPRAISAL = "appraisal", _("Appraisal")
    SUBMITTED = "submitted", _("Submitted")
    ADOPTED = "adopted", _("Adopted")
    ISSUED = "issued", _("Issued")
    # A mid-term review, or one reported upward, ends without a new resolution.
    CLOSED = "closed", _("Closed without a new resolution")


class Body(models.TextChoices):
    STEERING_COMMITTEE = "steering_committee", _("Steering committee")
    DRAFTING_TEAM = "drafting_team", _("Drafting team")


class MemberRole(models.TextChoices):
    HEAD = "head", _("Head")
    STANDING_DEPUTY = "standing_deputy", _("Standing deputy head")
    DEPUTY = "deputy", _("Deputy head")
    MEMBER = "member", _("Member")
    TEAM_LEADER = "team_leader", _("Team leader")


class MilestoneKind(models.TextChoices):
    UNIT_REPORTS = "unit_reports", _("Unit review reports due")
    SYNTHESIS = "synthesis", _("Synthesis report drafted")
    COMMENTS = "comments", _("Comments collected")
    APPRAISAL = "appraisal", _("Appraisal")
    SUBMISSION = "submission", _("Submission")
    CONFERENCE = "conference", _("Review conference")
    OTHER = "other", _("Other")


class SectionSource(models.TextChoices):
    """What a section of the outline is pre-filled with."""

    NONE = "", _("Nothing (written by hand)")
    FIGURES = "figures", _("Figures of the indicators")
    REPORTING = "reporting", _("Completeness of periodic reporting")
    RESULTS = "results", _("Narrative: results")
    SHORTCOMINGS = "shortcomings", _("Narrative: shortcomings")
    CAUSES = "causes", _("Narrative: causes")
    PROPOSALS = "proposals", _("Narrative: proposals")


class UnitReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class DossierRole(models.TextChoices):
    """A document's place among the campaign's documents: the plan written at the start,
    then the dossier drafted from the data (report, submission, draft new resolution)."""

    REPORT = "report", _("Review report")
    SUBMISSION = "submission", _("Submission (tờ trình)")
    DRAFT_RESOLUTION = "draft_resolution", _("Draft new resolution")
    PLAN = "plan", _("Plan (kế hoạch)")


# The documents adopted at the conference: their required comments must be answered before
# adoption. The plan is not among them: issued at the start of the review, its comments
# never hold the dossier back.
DOSSIER_ROLES = (DossierRole.REPORT, DossierRole.SUBMISSION, DossierRole.DRAFT_RESOLUTION)

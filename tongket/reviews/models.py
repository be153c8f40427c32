"""Review campaigns (sơ kết, tổng kết): who runs them, the outline sent down, the units'
review reports, the draft dossier and its workflow to an adopted, issued new resolution."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongket.reviews.choices import (
    Body,
    CampaignKind,
    CampaignShape,
    CampaignState,
    DossierRole,
    MemberRole,
    MilestoneKind,
    SectionSource,
    UnitReportState,
)


class ReviewCampaign(models.Model):
    """A review of a resolution over a span of years, run by `owner_unit` (the body that
    reviews: a party committee, a command) with its steering committee, drafting team and
    standing agency, ending in a new resolution adopted at a conference and issued.

    Its shape says how it ends: `issued` by the reviewing body (its own new resolution) or
    `reported` upward (the review report goes to `reports_to`, the body running the
    review). `with_appraisal` is False where nobody appraises the dossier. A mid-term review
    (sơ kết) or a reported one may close without a new resolution (state closed).

    Invariants: the span lies within the resolution's horizon (and the following years it
    allows); `state` moves only forward through the services, each step by the role that
    owns it; `new_resolution` is set when the campaign is issued (and closed)."""

    kind = models.CharField(_("kind"), max_length=16, choices=CampaignKind.choices)
    shape = models.CharField(
        _("shape"), max_length=12, choices=CampaignShape.choices, default=CampaignShape.ISSUED
    )
    with_appraisal = models.BooleanField(_("with appraisal"), default=True)
    reports_to = models.ForeignKey(
        "org.Unit",
        verbose_name=_("reported to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns_reported_to",
        help_text=_("The body running the review, for a review reported upward."),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300)
    resolution = models.ForeignKey(
        "resolutions.Resolution",
        verbose_name=_("resolution reviewed"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    owner_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("reviewing body"),
        on_delete=models.PROTECT,
        related_name="campaigns_run",
    )
    standing_agency = models.ForeignKey(
        "org.Unit",
        verbose_name=_("standing agency"),
        on_delete=models.PROTECT,
        related_name="campaigns_served",
    )
    # The steering committee and the drafting team as bodies (`org.BodyGroup`), set up by a
    # decision and known as bodies even with no named member; the people named on the
    # campaign itself are its `members`.
    steering_group = models.ForeignKey(
        "org.BodyGroup",
        verbose_name=_("steering committee (body)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns_steered",
    )
    drafting_group = models.ForeignKey(
        "org.BodyGroup",
        verbose_name=_("drafting team (body)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns_drafted",
    )
    appraisal_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("appraised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns_appraised",
    )
    span_from = models.PositiveSmallIntegerField(_("from year"))
    span_to = models.PositiveSmallIntegerField(_("to year"))
    span_label = models.CharField(_("span in words"), max_length=60, blank=True)
    next_from = models.PositiveSmallIntegerField(_("next phase from"))
    next_to = models.PositiveSmallIntegerField(_("next phase to"))
    style = models.CharField(_("document format"), max_length=8, default="party")
    state = models.CharField(
        _("state"), max_length=16, choices=CampaignState.choices, default=CampaignState.DRAFTING
    )
    appraisal_opinion = models.TextField(_("appraisal opinion"), blank=True)
    appraised_on = models.DateField(_("appraised on"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_at = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("adopted at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adopted_campaigns",
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    new_resolution = models.ForeignKey(
        "resolutions.Resolution",
        verbose_name=_("resulting resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="born_of",
    )
    is_illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review campaign")
        verbose_name_plural = _("review campaigns")
        ordering = ["-span_to", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def span_text(self) -> str:
        return f"{self.span_from}–{self.span_to}"

    @property
    def is_closed(self) -> bool:
        return self.state in (CampaignState.ISSUED, CampaignState.CLOSED)

    @property
    def figures_unit(self):  # type: ignore[no-untyped-def]
        """Where the reviewed figures are: a party committee's figures are those of the
        command linked to it (Đảng ủy Quân khu 2 → Quân khu 2)."""
        owner = self.owner_unit
        if owner.kind == "party_committee" and owner.linked_unit_id:
            return owner.linked_unit
        return owner


class CampaignMember(models.Model):
    """A person on the steering committee or the drafting team, with a role."""

    campaign = models.ForeignKey(ReviewCampaign, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("org.Person", verbose_name=_("person"), on_delete=models.PROTECT)
    body = models.CharField(_("body"), max_length=20, choices=Body.choices)
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    title = models.CharField(_("title in the body"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["body", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person", "body"], name="unique_campaign_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}"


class CampaignUnit(models.Model):
    """A participating unit: it writes a unit review report by `due_date`."""

    campaign = models.ForeignKey(
        ReviewCampaign, on_delete=models.CASCADE, related_name="participants"
    )
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT)
    due_date = models.DateField(_("report due"), null=True, blank=True)

    class Meta:
        ordering = ["unit__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="unique_campaign_unit")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.unit_id}"


class Milestone(models.Model):
    """A step of the timetable; the timetable runs bottom-up (units first, then the body)."""

    campaign = models.ForeignKey(
        ReviewCampaign, on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MilestoneKind.choices)
    title = models.CharField(_("title"), max_length=300)
    due_date = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["due_date", "order", "id"]

    def __str__(self) -> str:
        return self.title

    def status(self, today: datetime.date | None = None) -> str:
        today = today or datetime.date.today()
        if self.done_on:
            return "done"
        return "late" if self.due_date < today else "due"


class OutlineSection(models.Model):
    """A section of the outline (đề cương) with guidance; `source` says what it is
    pre-filled with in unit reports and in the synthesis."""

    campaign = models.ForeignKey(ReviewCampaign, on_delete=models.CASCADE, related_name="outline")
    key = models.SlugField(_("key"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    guidance = models.TextField(_("guidance"), blank=True)
    source = models.CharField(
        _("pre-filled with"), max_length=16, choices=SectionSource.choices, blank=True
    )
    numbered = models.BooleanField(_("numbered"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "key"], name="unique_outline_key")
        ]

    def __str__(self) -> str:
        return self.title


class UnitReviewReport(models.Model):
    """A participating unit's review report, section by section of the outline, pre-filled
    with its figures and narratives over the span; submitted, returned or accepted."""

    campaign = models.ForeignKey(
        ReviewCampaign, on_delete=models.CASCADE, related_name="unit_reports"
    )
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="review_reports")
    state = models.CharField(
        _("state"), max_length=12, choices=UnitReportState.choices, default=UnitReportState.DRAFT
    )
    sections = models.JSONField(_("sections"), default=dict)
    figures = models.JSONField(_("figures"), default=dict)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("unit review report")
        verbose_name_plural = _("unit review reports")
        ordering = ["unit__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="unique_unit_review_report")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} – {self.unit}"


class CampaignDocument(models.Model):
    """A document of the campaign: its plan (kế hoạch, written at the start) and the draft
    dossier (the review report, the submission, the draft new resolution). One per role."""

    campaign = models.ForeignKey(ReviewCampaign, on_delete=models.CASCADE, related_name="dossier")
    role = models.CharField(_("role"), max_length=20, choices=DossierRole.choices)
    document = models.OneToOneField(
        "documents.Document", on_delete=models.PROTECT, related_name="campaign_link"
    )

    class Meta:
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "role"], name="unique_dossier_role")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.role}"

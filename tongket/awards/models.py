"""Emulation and commendation: forms and titles, who may award them, quotas, nominations
with their dossier, and the decisions that award them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongket.awards.choices import (
    BodyLevel,
    CountOutcome,
    FileKind,
    FormCategory,
    NominationState,
    NomineeKind,
    QuotaBasis,
)


class AwardForm(models.Model):
    """A form of commendation (Bằng khen, Giấy khen, Huân chương…) or an emulation title
    (Chiến sĩ thi đua cơ sở…), for collectives, individuals or both, valid over a span.

    `repeat_years`: the same nominee cannot receive it again within that many years.
    `criteria`: {"min_share_met": 100} (share of the nominee's indicators met or exceeded),
    {"min_completeness": 90} (share of its periodic reports received) — checked when set."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=300)
    category = models.CharField(_("category"), max_length=8, choices=FormCategory.choices)
    for_collectives = models.BooleanField(_("for collectives"), default=True)
    for_individuals = models.BooleanField(_("for individuals"), default=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=0, help_text=_("Higher is more prestigious.")
    )
    repeat_years = models.PositiveSmallIntegerField(_("not again within (years)"), default=1)
    criteria = models.JSONField(_("criteria"), default=dict, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("award form")
        verbose_name_plural = _("award forms")
        ordering = ["-rank", "name"]

    def __str__(self) -> str:
        return self.name


class AwardingBody(models.Model):
    """The level at which a body gives commendations (a military region, a division…), set
    by the commendation catalogue's keepers. Authorities by level read it; moving the body
    or adding a root above the tree changes nothing.

    `standing_agency`: the standing agency of the body's emulation council (cơ quan thường
    trực Hội đồng Thi đua - Khen thưởng), a unit below the body in the tree or in one of its
    lines: its political agency, its department of home affairs, its committee's organisation
    board. A proposal for an award the body decides itself is issued by that agency to the
    body's head; none: by the body."""

    unit = models.OneToOneField(
        "org.Unit",
        verbose_name=_("body"),
        on_delete=models.CASCADE,
        related_name="awarding_body",
    )
    level = models.CharField(_("level"), max_length=16, choices=BodyLevel.choices)
    standing_agency = models.ForeignKey(
        "org.Unit",
        verbose_name=_("emulation standing agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("awarding body")
        verbose_name_plural = _("awarding bodies")
        ordering = ["level", "unit__sort_key"]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.level}"


class AwardAuthority(models.Model):
    """Who may give a form: a named unit (its head), or every body of a level (its
    `AwardingBody.level`) and, when set, of a kind, over a span of dates. `level` (a depth in
    the tree) is the old way, kept only until the data migration has read it."""

    form = models.ForeignKey(AwardForm, on_delete=models.CASCADE, related_name="authorities")
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="award_authorities",
    )
    level = models.PositiveSmallIntegerField(_("level in the tree"), null=True, blank=True)
    body_level = models.CharField(
        _("level of the body"), max_length=16, choices=BodyLevel.choices, blank=True
    )
    unit_kind = models.CharField(_("kind of unit"), max_length=32, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("award authority")
        verbose_name_plural = _("award authorities")
        ordering = ["form", "body_level", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | ~Q(body_level="") | Q(level__isnull=False),
                name="authority_by_unit_or_level",
            )
        ]

    def __str__(self) -> str:
        return f"{self.form} ← {self.unit or self.body_level}"


class Quota(models.Model):
    """How many of a form (or of all forms, when empty) a body may award in a year: a count,
    or a share of its headcount or of its units."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("body"), on_delete=models.CASCADE, related_name="award_quotas"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    form = models.ForeignKey(
        AwardForm, verbose_name=_("form"), null=True, blank=True, on_delete=models.CASCADE
    )
    nominee_kind = models.CharField(
        _("for"), max_length=12, choices=NomineeKind.choices, blank=True
    )
    basis = models.CharField(_("basis"), max_length=16, choices=QuotaBasis.choices)
    value = models.DecimalField(_("value"), max_digits=10, decimal_places=2)
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["unit", "-year"]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.basis} {self.value}"


class AwardDecision(models.Model):
    """A decision (quyết định khen thưởng) of an authority, rendered as a document with the
    list of awardees as an annex; or a decision already taken on paper and *recorded*
    (`document` empty, its own `symbol` and `issued_on` as written on it).

    Either way it may carry counts (`AwardCount`) by form and collective/individual, with
    or without the names: a count includes the named awardees of the same form and kind,
    so the summaries take the larger of the two, never their sum.
    """

    issuer = models.ForeignKey(
        "org.Unit",
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="award_decisions",
    )
    form = models.ForeignKey(AwardForm, verbose_name=_("form"), on_delete=models.PROTECT)
    document = models.OneToOneField(
        "documents.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_decision",
    )
    symbol = models.CharField(
        _("number and symbol"),
        max_length=128,
        blank=True,
        help_text=_("Of a decision recorded from paper (a generated one has its document's)."),
    )
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    campaign = models.ForeignKey(
        "reviews.ReviewCampaign",
        verbose_name=_("review campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_decisions",
    )
    reason = models.TextField(_("for"), blank=True)
    # The mark of a decision recorded from paper: the highest of the awardees it names, set
    # when its list is imported or reconciled (`decision_mark_follow`). A decision issued
    # here carries its mark on its document instead.
    classification = models.CharField(
        _("classification"), max_length=16, default="none", editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """Its number and symbol: the generated document's, or as recorded."""
        if self.document_id:
            return self.document.symbol  # type: ignore[union-attr]
        return self.symbol

    @property
    def date(self) -> Any:
        if self.document_id:
            return self.document.issued_on  # type: ignore[union-attr]
        return self.issued_on


class AwardCount(models.Model):
    """How many collectives or individuals a decision awarded (`awarded`) or proposed to a
    higher authority (`proposed`, to `proposed_to`) for a form, whether or not they are
    named. Named awardees of the decision with the same form and kind are part of the count.
    """

    decision = models.ForeignKey(AwardDecision, on_delete=models.CASCADE, related_name="counts")
    outcome = models.CharField(_("outcome"), max_length=12, choices=CountOutcome.choices)
    form = models.ForeignKey(AwardForm, verbose_name=_("form"), on_delete=models.PROTECT)
    nominee_kind = models.CharField(_("for"), max_length=12, choices=NomineeKind.choices)
    count = models.PositiveIntegerField(_("number"))
    proposed_to = models.ForeignKey(
        "org.Unit",
        verbose_name=_("proposed to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("award count")
        verbose_name_plural = _("award counts")
        ordering = ["decision", "outcome", "form", "nominee_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "outcome", "form", "nominee_kind"],
                name="unique_award_count_row",
            ),
            models.CheckConstraint(
                condition=Q(outcome="awarded", proposed_to__isnull=True)
                | Q(outcome="proposed", proposed_to__isnull=False),
                name="award_count_proposed_names_its_authority",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.outcome} {self.form_id} {self.nominee_kind}: {self.count}"


class Nomination(models.Model):
    """A proposal (đề nghị khen thưởng) by `proposing_unit` of a collective (a unit) or an
    individual (a person) for a form, to be decided by `decider` (the proposing unit itself
    when it has the authority, else a higher authority it is forwarded to)."""

    proposing_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="nominations_made",
    )
    decider = models.ForeignKey(
        "org.Unit",
        verbose_name=_("to be decided by"),
        on_delete=models.PROTECT,
        related_name="nominations_to_decide",
    )
    form = models.ForeignKey(AwardForm, verbose_name=_("form"), on_delete=models.PROTECT)
    nominee_kind = models.CharField(_("nominee"), max_length=12, choices=NomineeKind.choices)
    nominee_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    nominee_person = models.ForeignKey(
        "org.Person",
        verbose_name=_("individual"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    campaign = models.ForeignKey(
        "reviews.ReviewCampaign",
        verbose_name=_("review campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    resolution = models.ForeignKey(
        "resolutions.Resolution",
        verbose_name=_("resolution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    emulation_period = models.CharField(_("emulation period"), max_length=60, blank=True)
    achievement = models.TextField(_("achievements"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=NominationState.choices, default=NominationState.DRAFT
    )
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_total = models.PositiveSmallIntegerField(_("members voting"), null=True, blank=True)
    council_date = models.DateField(_("council met on"), null=True, blank=True)
    decision = models.ForeignKey(
        AwardDecision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    forwarded_from = models.ForeignKey(
        "org.Unit",
        verbose_name=_("forwarded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The proposal (tờ trình đề nghị khen thưởng) that put it forward with the rest of its
    # batch: same proposing unit, deciding authority, form and year.
    proposal = models.ForeignKey(
        "documents.Document",
        verbose_name=_("award proposal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposed_nominations",
    )
    note = models.TextField(_("note"), blank=True)
    is_illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        nominee_kind="collective",
                        nominee_unit__isnull=False,
                        nominee_person__isnull=True,
                    )
                    | Q(
                        nominee_kind="individual",
                        nominee_person__isnull=False,
                        nominee_unit__isnull=True,
                    )
                ),
                name="nominee_matches_kind",
            )
        ]
        indexes = [models.Index(fields=["decider", "state"])]

    def __str__(self) -> str:
        return f"{self.form} – {self.nominee_name}"

    @property
    def nominee_name(self) -> str:
        if self.nominee_unit_id:
            return self.nominee_unit.name  # type: ignore[union-attr]
        return self.nominee_person.full_name if self.nominee_person_id else ""  # type: ignore[union-attr]


def _nomination_file_path(instance: NominationFile, filename: str) -> str:
    return f"nominations/{instance.nomination_id}/{filename}"


class NominationFile(models.Model):
    """A file of the nomination dossier (PDF, DOCX or image, size-limited)."""

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=20, choices=FileKind.choices)
    file = models.FileField(_("file"), upload_to=_nomination_file_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind", "uploaded_at"]

    def __str__(self) -> str:
        return self.name

"""What the intake keeps: the text each batch of records was made from (and a link from it
to every record it made), and the award counts a conference announced."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class IntakeSource(models.Model):
    """A text (pasted or from a file) that records were made from, kept as read (Unicode
    NFC after any legacy conversion) with the facts the reader proposed. `unit` is the unit
    the records were made for: the source is visible where that unit is. Written only by
    `intake.applying.intake_apply`."""

    text = models.TextField(_("text"))
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)
    conversion = models.CharField(_("converted from"), max_length=100, blank=True)
    facts = models.JSONField(_("facts read"), default=dict)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("source text")
        verbose_name_plural = _("source texts")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.file_name or self.text[:60]


class IntakeLink(models.Model):
    """A record made from a source text (meeting, person, conclusion, task, award count)."""

    source = models.ForeignKey(IntakeSource, on_delete=models.CASCADE, related_name="links")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")

    class Meta:
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "content_type", "object_id"], name="unique_intake_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.content_type_id}:{self.object_id}"


class MeetingAwardCount(models.Model):
    """Awards a conference announced, as counts ("Bằng khen cho 26 tập thể và 28 cá nhân"):
    given by the host's own authority, or proposed to a higher one."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="award_counts"
    )
    form = models.CharField(_("award form"), max_length=100)
    collectives = models.PositiveIntegerField(_("collectives"), default=0)
    individuals = models.PositiveIntegerField(_("individuals"), default=0)
    proposed_to_higher = models.BooleanField(_("proposed to a higher authority"), default=False)
    # Who gives them, as the text names it ("Bộ Tư lệnh Quân khu 5", "Chủ tịch UBND tỉnh"; for
    # a proposal, the authority it goes to); empty when the text does not say.
    given_by = models.CharField(_("given by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("award count")
        verbose_name_plural = _("award counts")
        ordering = ["meeting", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(collectives__gt=0) | models.Q(individuals__gt=0),
                name="award_count_not_empty",
            )
        ]

    def __str__(self) -> str:
        return f"{self.form}: {self.collectives} + {self.individuals}"

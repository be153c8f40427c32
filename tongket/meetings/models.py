"""Meetings and conferences (hội nghị): when and how they were held, who took part, what was
presented, the minutes, and the conclusions that become tracked follow-up tasks."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongket.meetings.choices import (
    AddressKind,
    MeetingFormat,
    MeetingKind,
    TaskStatus,
    TimeOfDay,
)


class Meeting(models.Model):
    """A conference or session held by `host_unit` (its scope)."""

    kind = models.CharField(_("kind"), max_length=32, choices=MeetingKind.choices)
    title = models.CharField(_("title"), max_length=300)
    session = models.CharField(_("session"), max_length=60, blank=True)
    host_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("held by"), on_delete=models.PROTECT, related_name="meetings"
    )
    date = models.DateField(_("date"))
    time_of_day = models.CharField(
        _("time of day"), max_length=8, choices=TimeOfDay.choices, default=TimeOfDay.MORNING
    )
    format = models.CharField(
        _("format"), max_length=10, choices=MeetingFormat.choices, default=MeetingFormat.IN_PERSON
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.ForeignKey(
        "org.Person",
        verbose_name=_("chaired by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings_chaired",
    )
    secretary = models.ForeignKey(
        "org.Person",
        verbose_name=_("secretary"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings_recorded",
        help_text=_("Keeps the minutes and signs them with the chair."),
    )
    presenters = models.ManyToManyField(
        "org.Person", verbose_name=_("presenters"), blank=True, related_name="meetings_presented"
    )
    participants = models.ManyToManyField(
        "org.Person", verbose_name=_("participants"), blank=True, related_name="meetings_attended"
    )
    participant_units = models.ManyToManyField(
        "org.Unit", verbose_name=_("participating units"), blank=True, related_name="+"
    )
    guests = models.TextField(_("guests"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("documents presented"), blank=True, related_name="+"
    )
    minutes = models.TextField(_("minutes"), blank=True)
    campaign = models.ForeignKey(
        "reviews.ReviewCampaign",
        verbose_name=_("review campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    is_illustrative = models.BooleanField(default=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def when_text(self) -> str:
        """ "Chiều 21/10/2021" — how the news writes it."""
        prefix = {
            "sang": "Sáng",
            "trua": "Trưa",
            "chieu": "Chiều",
            "toi": "Tối",
            "ca_ngay": "Ngày",
        }.get(self.time_of_day, "")
        return f"{prefix} {self.date:%d/%m/%Y}".strip()


class RemoteSite(models.Model):
    """A bridge point (điểm cầu) of an online or hybrid meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="remote_sites")
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT
    )
    attendees = models.PositiveIntegerField(_("attendees"), null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Conclusion(models.Model):
    """A conclusion (kết luận) of a meeting, numbered in order."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="conclusions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("conclusion"))

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="unique_conclusion_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"


class TaskBatch(models.Model):
    """One task of a conclusion given to several units at once ("các sư đoàn và bộ chỉ huy
    quân sự tỉnh"): expanded into one `FollowUpTask` per unit, each reported on by its unit,
    while the host follows the batch as one ("3 of 12 done").

    `address` says how the units were named: listed (`units`), or every unit `depth` levels
    below `root` (of `unit_kind` if set) that existed on the day of the meeting (`level`).
    The per-unit tasks are made once, when the batch is recorded: a unit set up later is not
    added by itself. Its task and deadline may be changed later for all its tasks not yet
    done (`task_batch_update`, checked against `version`). Written by `meetings.services`
    only."""

    conclusion = models.ForeignKey(Conclusion, on_delete=models.CASCADE, related_name="batches")
    title = models.CharField(_("task"), max_length=500)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    address = models.CharField(
        _("given to"), max_length=8, choices=AddressKind.choices, default=AddressKind.UNITS
    )
    root = models.ForeignKey(
        "org.Unit",
        verbose_name=_("under"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    depth = models.PositiveSmallIntegerField(_("levels below"), null=True, blank=True)
    unit_kind = models.CharField(_("kind of unit"), max_length=32, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task given to several units")
        verbose_name_plural = _("tasks given to several units")
        ordering = ["conclusion", "id"]

    def __str__(self) -> str:
        return self.title


class FollowUpTask(models.Model):
    """A task that follows from a conclusion, given to a unit with a deadline; "overdue" is
    derived from the date and never stored.

    The deadline may be unknown (None: a conclusion that says "in the coming time"); such a
    task shows "not yet determined" and is never overdue."""

    conclusion = models.ForeignKey(Conclusion, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=500)
    assignee = models.ForeignKey(
        "org.Unit",
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        related_name="follow_up_tasks",
    )
    # Given to a body (Tổ Biên tập, Ban Chỉ đạo): `assignee` is then the unit that set the
    # body up, whose people report on the task.
    assignee_group = models.ForeignKey(
        "org.BodyGroup",
        verbose_name=_("assigned to the body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_up_tasks",
    )
    batch = models.ForeignKey(
        TaskBatch,
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        # An unknown deadline sorts last on SQLite and PostgreSQL alike.
        ordering = [models.F("deadline").asc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "assignee"],
                condition=models.Q(batch__isnull=False),
                name="unique_batch_assignee",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def effective_status(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.status == TaskStatus.DONE or self.deadline is None:
            return self.status
        if self.deadline < today:
            return TaskStatus.OVERDUE
        return self.status

"""Base models and the change log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Upper
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def code_is(field: str, code: str) -> models.Q:
    """`field` equals `code` ignoring case, for codes, abbreviations and symbols typed by
    people ("quTW" finds QUTW). Written as UPPER(field) = UPPER(code) so that the
    `models.Index(Upper(field))` of the model serves it on PostgreSQL and on SQLite alike:
    Django's `iexact` is a LIKE on SQLite, which no expression index serves. Case is folded
    as `iexact` folded it: Unicode letters on PostgreSQL, ASCII letters on SQLite."""
    return models.Q(Exact(Upper(field), Upper(models.Value(code))))


class ChangeLog(models.Model):
    """One write made through a service: who, when, which verb, which object, before/after.

    Invariants: rows are only ever inserted (by `core.services.changelog_record`); nothing
    in the UI or the API edits or deletes them. `unit_path` is the path of the unit the
    object belongs to, so history can be read through the same unit scopes as the object.
    """

    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-time"])]

    def __str__(self) -> str:
        return f"{self.time:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # History is append-only: an existing row is never rewritten.
        if self.pk is not None and not kwargs.get("force_insert"):
            raise RuntimeError("ChangeLog rows are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("ChangeLog rows are append-only.")

    def changed_fields(self) -> list[tuple[str, object, object]]:
        before = self.before or {}
        after = self.after or {}
        keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class DataGeneration(models.Model):
    """One row whose number moves after every committed write (`core.freshness`): reads
    cached under it (`core.read_cache`) are never served once the data changed."""

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("data generation")
        verbose_name_plural = _("data generation")

    def __str__(self) -> str:
        return str(self.value)


class Notification(models.Model):
    """An in-app message to one user (reminders, returned reports, comments to answer).

    Created by services only; the user may mark it read, nothing else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class Job(models.Model):
    """A long piece of work run in the background (an import, a render, a batch of
    reminders) with the progress its page shows as a bar.

    Created by `core.jobs.job_start`, advanced only by the task that runs it. `unit_path`
    scopes who may read it (the starting user and the users covering that unit)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    file = models.FileField(upload_to="jobs/%Y/%m/", max_length=300, blank=True)
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Last sign of life of a running job (its start, then each progress it reports): a job
    # "running" without one for long was left by a worker that died (`jobs_fail_orphaned`).
    heartbeat_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class StagedUpload(models.Model):
    """A file held on the server between its check (a preview) and its confirmation, so that
    the page carries only `token` (a random value, never a row number to guess).

    `purpose` names the flow that holds it (e.g. "awards.decision_list", "analysis.exchange")
    and `target_key` what it was checked for (e.g. "awards.decision:12"); `details` keeps the
    flow's own options as checked (JSON, e.g. the mapping and form of an exchange). Written
    and read only by `core.services.staging`: taken back only by its owner, for the same
    purpose and target, within `staging.STAGED_FOR`, its bytes as hashed; deleted by the
    import it feeds, and once expired by the next hold of any flow (`staging.staged_purge`)."""

    token = models.CharField(max_length=64, unique=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=64)
    target_key = models.CharField(max_length=128)
    file_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    # The file itself (bounded by the flow that holds it: a workbook, a dataValueSet): in the
    # database, so that it goes with its row and with the import's transaction, leaving no
    # file behind.
    content = models.BinaryField()
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("staged upload")
        verbose_name_plural = _("staged uploads")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.purpose} {self.target_key})"

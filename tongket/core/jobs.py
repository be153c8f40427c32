"""Background jobs with progress: start one, report progress from inside it, read it back.

A job kind names the function that does the work (`register`). `job_start` stores the job
and enqueues `run_job` with django-tasks (the database backend by default: `tongket
db_worker` runs it; the immediate backend in tests). The function receives the job and the
acting user and calls `job_progress` as it goes; what it returns becomes `job.result`; a
DomainError (with row errors for imports) fails the job with its messages, and any other
error fails it with a generic message (logged).

A job whose worker died (killed, out of memory, the database gone) would stay "running"
forever: `jobs_fail_orphaned` marks such jobs failed with a message their page shows. `tongket
serve` calls it for every running job each time it restarts its worker (the only one); a
worker started on its own (`tongket job_worker`) fails at start only the jobs silent for
longer than `JOB_STALE_AFTER` (another worker may be running the others), and, after the
database came back under it, the jobs it was running itself when it went (`IN_FLIGHT`). When
it stops without the database having come back (stopped while it waited, or an error it does
not wait out), it fails them on its way out if the database answers then; otherwise they
are left to the next sweep: `tongket serve` restarting its worker, or any worker's start once
they have been silent for `JOB_STALE_AFTER`.

The threshold is explicit: a running job's sign of life (`heartbeat_at`) is written when it
starts and at each progress it reports; `JOB_STALE_AFTER` (setting
`TONGKET_JOB_STALE_MINUTES`, 30 by default) is how long a job may stay silent before a sweep
that may run beside live workers takes it for dead. A job kind whose step may stay silent
longer must report progress more often."""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    InterfaceError,
    OperationalError,
    connection,
    connections,
    transaction,
)
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from tongket.core import scopes
from tongket.core.errors import NotFound, RowErrors
from tongket.core.models import Job

log = logging.getLogger(__name__)
_HANDLERS: dict[str, Callable[..., dict[str, Any]]] = {}
# A running job that has given no sign of life (its start, a progress) for this long was left
# by a worker that died. Generous: a step of an import may be slow without reporting.
JOB_STALE_AFTER = datetime.timedelta(minutes=getattr(settings, "TONGKET_JOB_STALE_MINUTES", 30))
# The jobs this process has started and not finished: when the database goes away under the
# worker, the job it was running cannot be marked finished; once it is back, they are failed.
IN_FLIGHT: set[int] = set()
# Why a job was failed by a sweep (its page shows it).
WORKER_STOPPED = gettext_lazy(
    "The background worker stopped while this job ran, so it did not finish. Start it again."
)
DATABASE_LOST = gettext_lazy(
    "The database could not be reached while this job ran, so it did not finish. Start it again."
)


def register(kind: str) -> Callable[[Callable[..., dict[str, Any]]], Callable[..., dict[str, Any]]]:
    def decorate(function: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        _HANDLERS[kind] = function
        return function

    return decorate


def job_start(
    *,
    by: Any,
    kind: str,
    title: str,
    unit_path: str = "",
    params: dict[str, Any] | None = None,
    file: Any = None,
) -> Job:
    """Store a job and enqueue it once the current transaction commits."""
    if kind not in _HANDLERS:
        raise ValueError(f"unknown job kind {kind}")
    job = Job(
        kind=kind,
        title=title[:300],
        params=params or {},
        unit_path=unit_path,
        created_by=by if getattr(by, "pk", None) else None,
    )
    if file is not None:
        job.file.save(getattr(file, "name", "upload"), file, save=False)
    job.save()
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def job_progress(job: Job, done: int, total: int, message: str = "") -> None:
    """Record progress where the job's page sees it at once: outside a transaction as any
    write; from inside one (an import checking and writing its rows in its transaction), on
    PostgreSQL, through a connection of its own (`_written_aside`)."""
    percent = 100 if total <= 0 else min(99, int(done * 100 / total))
    if percent == job.progress and message == job.message:
        return
    moved = message[:300] != job.message
    job.progress = percent
    job.message = message[:300]
    values = {"progress": percent, "message": job.message, "heartbeat_at": timezone.now()}
    if _inside_work(connection):
        _written_aside(job, values, moved)
        return
    Job.objects.filter(pk=job.pk).update(**values)


def _inside_work(db: Any) -> bool:
    """Whether the caller is inside a transaction of its own (not only the ones a test case
    wraps each test in), on PostgreSQL (SQLite has one writer: progress waits for the commit)."""
    return db.vendor == "postgresql" and any(
        not getattr(block, "_from_testcase", False) for block in db.atomic_blocks
    )


# How often progress of the same step is written aside (a connection opened each time).
ASIDE_EVERY = 1.0


def _written_aside(job: Job, values: dict[str, Any], moved: bool) -> None:
    """Progress written on a connection opened for it, committed at once, while the caller's
    transaction goes on: at each new step, and at most once a second within a step. It never
    waits on a lock (the caller's transaction may hold the job's row): then it is skipped."""
    now = time.monotonic()
    if not moved and now - job.__dict__.get("_aside_at", 0.0) < ASIDE_EVERY:
        return
    job.__dict__["_aside_at"] = now
    aside = connections.create_connection(DEFAULT_DB_ALIAS)
    table = Job._meta.db_table
    try:
        # A transaction of its own, so that the timeout ends with it (a pooled server
        # connection is handed on as it was).
        aside.set_autocommit(False)
        with aside.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '1s'")
            cursor.execute(
                f"UPDATE {table} SET progress = %s, message = %s, heartbeat_at = %s "  # noqa: S608 - the model's table
                "WHERE id = %s",
                [values["progress"], values["message"], values["heartbeat_at"], job.pk],
            )
        aside.commit()
    except DatabaseError:
        log.warning("Progress of job %s not written aside.", job.pk, exc_info=True)
    finally:
        aside.close()


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.select_related("created_by").get(pk=job_id)
    if job.is_finished:
        return
    # In flight before the first write: if the database goes at that write, the worker
    # still knows which job to fail once it is back.
    IN_FLIGHT.add(job.pk)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, heartbeat_at=timezone.now())
    actor = job.created_by or scopes.SYSTEM
    try:
        result = _HANDLERS[job.kind](job=job, by=actor)
    except RowErrors as error:
        _finish(job, Job.Status.FAILED, errors=error.rows, message=str(error.messages[0]))
    except ValidationError as error:
        _finish(job, Job.Status.FAILED, errors=[{"message": m} for m in error.messages])
    except (OperationalError, InterfaceError):
        # The database went in the middle of the job. If it is back already, the job is
        # failed saying so; if not, this write fails too and the worker, once the database
        # answers again (or on its way out), fails the job with the same message.
        log.exception("job %s lost the database", job.pk)
        _finish(
            job,
            Job.Status.FAILED,
            errors=[{"message": str(DATABASE_LOST)}],
            message=str(DATABASE_LOST),
        )
    except Exception:
        log.exception("job %s failed", job.pk)
        _finish(
            job,
            Job.Status.FAILED,
            errors=[{"message": _("The job failed unexpectedly; the error has been logged.")}],
        )
    else:
        _finish(job, Job.Status.DONE, result=result or {})
    # Only once the job is recorded finished (not when the database refused that).
    IN_FLIGHT.discard(job.pk)


def _finish(
    job: Job,
    status: str,
    *,
    result: dict[str, Any] | None = None,
    errors: list[dict[str, Any]] | None = None,
    message: str = "",
) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status,
        progress=100,
        result=result or {},
        errors=errors or [],
        message=message[:300],
        finished_at=timezone.now(),
    )


def job_get(*, user: Any, pk: Any) -> Job:
    """A job its starter, or a user covering its unit, may read; 404 otherwise."""
    try:
        job = Job.objects.get(pk=int(pk))
    except (Job.DoesNotExist, ValueError, TypeError) as error:
        raise NotFound(_("Not found.")) from error
    mine = job.created_by_id is not None and job.created_by_id == getattr(user, "pk", None)
    paths = scopes.scope_paths(user)
    covered = paths is None or (
        bool(job.unit_path) and any(job.unit_path.startswith(p) for p in paths)
    )
    if not (mine or covered):
        raise NotFound(_("Not found."))
    return job


def jobs_fail_orphaned(
    *,
    stale_after: datetime.timedelta | None = None,
    ids: Iterable[int] | None = None,
    message: str | None = None,
) -> int:
    """Mark failed, with a message their page shows, the jobs left running by a worker that
    died. Which: every running job (`tongket serve`, whose worker is the only one, when it
    starts it again); with `stale_after`, those without a sign of life for that long (a
    worker that may not be the only one); with `ids`, those jobs (a worker's own, after the
    database came back; queued ones too, as the database may have gone before the job was
    marked running). `message`: why, for the job's page (the worker stopped, by default).
    Returns how many."""
    message = str(message or WORKER_STOPPED)
    running = Job.objects.filter(status=Job.Status.RUNNING)
    if ids is not None:
        running = Job.objects.filter(
            status__in=[Job.Status.RUNNING, Job.Status.QUEUED], pk__in=list(ids)
        )
    if stale_after is not None:
        cutoff = timezone.now() - stale_after
        running = running.filter(
            Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
        )
    return running.update(
        status=Job.Status.FAILED,
        progress=100,
        errors=[{"message": message}],
        message=message[:300],
        finished_at=timezone.now(),
    )

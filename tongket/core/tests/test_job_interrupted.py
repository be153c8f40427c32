"""A job interrupted by the database never stays "running": the database going in the
middle of a job fails it with a message saying so, at once if the database is back, or by
the worker once it answers again, or on the worker's way out when it is stopped while it
waits; only when the database is still away then is the job left to the next sweep (after
`JOB_STALE_AFTER` of silence). The database errors are simulated (OperationalError)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.db import OperationalError
from django.db.models import QuerySet
from django.utils import timezone, translation
from django_tasks_db.management.commands import db_worker

from tongket.core import jobs
from tongket.core.management.commands.job_worker import ReconnectingWorker
from tongket.core.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_job_in_flight() -> Iterator[None]:
    jobs.IN_FLIGHT.clear()
    yield
    jobs.IN_FLIGHT.clear()


def make_worker() -> ReconnectingWorker:
    worker = ReconnectingWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="w-1",
        excluded_queue_names=[],
    )
    worker.sleep = lambda seconds: None  # type: ignore[method-assign]
    worker.disconnect = lambda: None  # type: ignore[method-assign]
    return worker


@jobs.register("test_database_goes")
def database_goes(*, job: Job, by: object) -> dict[str, int]:
    jobs.job_progress(job, 1, 3, "một phần ba")
    raise OperationalError("server closed the connection unexpectedly")


def a_job() -> Job:
    return Job.objects.create(kind="test_database_goes", title="Nhập số liệu")


def database_down_for_writes(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every UPDATE of a job fails while `down[0]` is true."""
    down = [True]
    real_update = QuerySet.update

    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        if down[0] and self.model is Job:
            raise OperationalError("could not connect to server")
        return real_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update)
    return down


def assert_failed_for_the_database(job: Job) -> None:
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.finished_at is not None
    assert job.message == str(jobs.DATABASE_LOST)
    assert job.errors == [{"message": str(jobs.DATABASE_LOST)}]
    assert job.pk not in jobs.IN_FLIGHT


def test_a_database_error_in_the_middle_of_a_job_fails_it_saying_so():
    """Given a job whose handler meets an OperationalError after a progress, and the
    database back at once, then the job is failed with the database message, not left
    running and not in flight."""
    job = a_job()
    jobs.run_job.call(job.pk)
    assert_failed_for_the_database(job)


def test_when_the_failure_cannot_be_recorded_the_worker_fails_the_job_once_back(monkeypatch):
    """Given the database gone in the middle of a job and still gone when the job's failure
    is written, when the worker waits and the database answers, then the job is failed."""
    job = a_job()
    down = [False]
    real_update = QuerySet.update

    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        if down[0] and self.model is Job:
            raise OperationalError("could not connect to server")
        return real_update(self, **kwargs)

    def progress_then_down(*, job: Job, by: object) -> dict[str, int]:
        jobs.job_progress(job, 1, 3)
        down[0] = True
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(QuerySet, "update", update)
    monkeypatch.setitem(jobs._HANDLERS, "test_database_goes", progress_then_down)
    runs = []

    def inner_run(self) -> None:  # type: ignore[no-untyped-def]
        runs.append(1)
        if len(runs) == 1:
            jobs.run_job.call(job.pk)

    def ready() -> bool:
        down[0] = False
        return True

    monkeypatch.setattr(db_worker.Worker, "run", inner_run)
    worker = make_worker()
    worker.database_ready = ready  # type: ignore[method-assign]
    worker.run()
    assert worker.outages == 1 and len(runs) == 2
    assert_failed_for_the_database(job)


def test_a_worker_stopped_while_it_waits_fails_its_job_on_the_way_out(monkeypatch):
    """Given the database gone in the middle of a job, when the worker is asked to stop
    while it waits (its retries give up) and the database answers then, then the job is
    failed with the database message instead of staying running until a sweep."""
    job = a_job()
    down = database_down_for_writes(monkeypatch)
    down[0] = False

    def handler(*, job: Job, by: object) -> dict[str, int]:
        down[0] = True
        raise OperationalError("gone")

    monkeypatch.setitem(jobs._HANDLERS, "test_database_goes", handler)
    monkeypatch.setattr(db_worker.Worker, "run", lambda self: jobs.run_job.call(job.pk))
    worker = make_worker()

    def stop_while_waiting(seconds: float) -> None:
        worker.running = False
        down[0] = False

    worker.sleep = stop_while_waiting  # type: ignore[method-assign]
    worker.database_ready = lambda: False  # type: ignore[method-assign]
    worker.run()
    assert worker.outages == 1
    assert_failed_for_the_database(job)


def test_the_stop_signal_in_the_wait_fails_the_job_too(monkeypatch):
    """The stop signal in the wait exits the worker (SystemExit): the job is failed first."""
    job = a_job()
    down = database_down_for_writes(monkeypatch)
    down[0] = False

    def handler(*, job: Job, by: object) -> dict[str, int]:
        down[0] = True
        raise OperationalError("gone")

    monkeypatch.setitem(jobs._HANDLERS, "test_database_goes", handler)
    monkeypatch.setattr(db_worker.Worker, "run", lambda self: jobs.run_job.call(job.pk))
    worker = make_worker()

    def signal_in_sleep(seconds: float) -> None:
        down[0] = False
        raise SystemExit(0)

    worker.sleep = signal_in_sleep  # type: ignore[method-assign]
    with pytest.raises(SystemExit):
        worker.run()
    assert_failed_for_the_database(job)


def test_with_the_database_still_away_the_job_is_left_to_the_stale_sweep(monkeypatch):
    """Given the worker stopped while the database is still away, then the job stays
    running (nothing can be written) and the sweep after `JOB_STALE_AFTER` of silence fails
    it; a sweep before that leaves it."""
    job = a_job()
    down = database_down_for_writes(monkeypatch)
    down[0] = False

    def handler(*, job: Job, by: object) -> dict[str, int]:
        down[0] = True
        raise OperationalError("gone")

    monkeypatch.setitem(jobs._HANDLERS, "test_database_goes", handler)
    monkeypatch.setattr(db_worker.Worker, "run", lambda self: jobs.run_job.call(job.pk))
    worker = make_worker()

    def stop(seconds: float) -> None:
        worker.running = False

    worker.sleep = stop  # type: ignore[method-assign]
    worker.database_ready = lambda: False  # type: ignore[method-assign]
    worker.run()
    down[0] = False
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and job.pk in jobs.IN_FLIGHT

    assert jobs.jobs_fail_orphaned(stale_after=jobs.JOB_STALE_AFTER) == 0
    silent = timezone.now() - jobs.JOB_STALE_AFTER - datetime.timedelta(minutes=1)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=silent)
    assert jobs.jobs_fail_orphaned(stale_after=jobs.JOB_STALE_AFTER) == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.message


def test_a_database_gone_before_the_job_is_marked_running_still_fails_it(monkeypatch):
    """Given the database gone at the job's first write (still queued), when the worker
    sweeps after the database came back, then the queued job is failed, not lost."""
    job = a_job()
    down = database_down_for_writes(monkeypatch)
    runs = []

    def inner_run(self) -> None:  # type: ignore[no-untyped-def]
        runs.append(1)
        if len(runs) == 1:
            jobs.run_job.call(job.pk)

    def ready() -> bool:
        down[0] = False
        return True

    monkeypatch.setattr(db_worker.Worker, "run", inner_run)
    worker = make_worker()
    worker.database_ready = ready  # type: ignore[method-assign]
    worker.run()
    assert_failed_for_the_database(job)


def test_the_threshold_is_explicit():
    """Thirty minutes of silence unless the setting says otherwise; the message is
    translatable (a lazy string) and says what to do."""
    assert datetime.timedelta(minutes=30) == jobs.JOB_STALE_AFTER
    with translation.override("en"):
        assert "Start it again" in str(jobs.DATABASE_LOST)
    with translation.override("vi"):
        assert "Hãy chạy lại" in str(jobs.DATABASE_LOST)

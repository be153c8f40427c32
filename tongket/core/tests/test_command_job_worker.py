"""`tongket job_worker` outlives its database: on an error of the database it waits 1 s,
2 s, 4 s… until the database answers, fails the job it was running (whose end could not be
recorded), and takes the queue again; at start it fails only the jobs of dead workers that
have been silent longer than the timeout. Run with fakes: no database is restarted here."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from tongket.core import jobs
from tongket.core.management.commands.job_worker import ReconnectingWorker
from tongket.core.models import Job

pytestmark = pytest.mark.django_db


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


def running_job(title: str, *, silent_for: datetime.timedelta | None = None) -> Job:
    now = timezone.now()
    return Job.objects.create(
        kind="values_import",
        title=title,
        status=Job.Status.RUNNING,
        created_at=now - (silent_for or datetime.timedelta(0)),
        heartbeat_at=None if silent_for is None else now - silent_for,
    )


def test_the_worker_waits_for_the_database_then_fails_its_own_job_and_goes_on(monkeypatch):
    """Given a worker running a job when the database goes away and stays away for two
    tries, when the worker runs, then it waits 1 s, 2 s and 4 s, fails that job (and its
    task record) with a message, leaves another worker's job alone, and runs the queue again."""
    mine = running_job("Nhập số liệu")
    theirs = running_job("Nhập chỉ tiêu", silent_for=datetime.timedelta(minutes=1))
    task = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [mine.pk], "kwargs": {}},
        task_path="tongket.core.jobs.run_job",
        backend_name="default",
        run_after=timezone.now(),
        worker_ids=["w-1"],
    )
    calls = []

    def inner_run(self) -> None:  # type: ignore[no-untyped-def]
        calls.append("run")
        if len(calls) == 1:
            jobs.IN_FLIGHT.add(mine.pk)
            raise OperationalError("server closed the connection unexpectedly")

    answers = iter([False, False, True])
    monkeypatch.setattr(db_worker.Worker, "run", inner_run)
    worker = make_worker()
    worker.database_ready = lambda: next(answers)  # type: ignore[method-assign]

    worker.run()

    assert calls == ["run", "run"] and worker.outages == 1
    assert worker.waits == [1.0, 2.0, 4.0]
    mine.refresh_from_db()
    assert mine.status == Job.Status.FAILED and mine.finished_at is not None
    assert "worker stopped" in mine.message or mine.errors[0]["message"] == mine.message
    theirs.refresh_from_db()
    assert theirs.status == Job.Status.RUNNING
    task.refresh_from_db()
    assert task.status == TaskResultStatus.FAILED and "database" in task.traceback
    assert not jobs.IN_FLIGHT


def test_the_wait_grows_to_a_minute_and_no_further(monkeypatch):
    answers = iter([False] * 9 + [True])
    worker = make_worker()
    worker.database_ready = lambda: next(answers)  # type: ignore[method-assign]
    worker._wait_for_database()
    assert worker.waits == [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 60.0, 60.0, 60.0, 60.0]


def test_a_database_down_at_start_is_waited_for_too(monkeypatch):
    """Given the database down when the worker starts (its first sweep fails), then it waits
    and sweeps again once the database answers."""
    sweeps = []
    real_sweep = jobs.jobs_fail_orphaned

    def sweep(**kwargs):  # type: ignore[no-untyped-def]
        sweeps.append(kwargs)
        if len(sweeps) == 1:
            raise OperationalError("connection refused")
        return real_sweep(**kwargs)

    monkeypatch.setattr(jobs, "jobs_fail_orphaned", sweep)
    monkeypatch.setattr(db_worker.Worker, "run", lambda self: None)
    worker = make_worker()
    worker.database_ready = lambda: True  # type: ignore[method-assign]
    worker.run()
    assert worker.waits == [1.0]
    assert [s.get("stale_after") for s in sweeps] == [jobs.JOB_STALE_AFTER] * 2


def test_at_start_only_jobs_silent_longer_than_the_timeout_are_failed(monkeypatch):
    """Given a job silent for an hour, one never started long ago and one that reported a
    minute ago, when a worker starts, then the first two are failed and the third runs on."""
    hour = datetime.timedelta(hours=1)
    stale = running_job("Cũ", silent_for=hour)
    never = running_job("Không tiến độ")
    Job.objects.filter(pk=never.pk).update(created_at=timezone.now() - hour)
    alive = running_job("Đang chạy", silent_for=datetime.timedelta(minutes=1))
    monkeypatch.setattr(db_worker.Worker, "run", lambda self: None)

    make_worker().run()

    statuses = dict(
        Job.objects.filter(pk__in=[stale.pk, never.pk, alive.pk]).values_list("pk", "status")
    )
    assert statuses == {
        stale.pk: Job.Status.FAILED,
        never.pk: Job.Status.FAILED,
        alive.pk: Job.Status.RUNNING,
    }


def test_a_database_error_while_stopping_ends_the_worker(monkeypatch):
    def inner_run(self) -> None:  # type: ignore[no-untyped-def]
        self.running = False
        raise OperationalError("gone")

    monkeypatch.setattr(db_worker.Worker, "run", inner_run)
    worker = make_worker()
    worker.run()
    assert worker.outages == 0 and worker.waits == []


def test_the_real_database_check_answers_when_the_database_is_there():
    assert make_worker().database_ready() is True


def test_progress_is_a_sign_of_life_and_a_finished_job_leaves_the_in_flight_set(users):
    """Given a job that reports progress, then its last sign of life moves; once it is
    recorded finished it is no longer this worker's in-flight job."""
    seen = {}

    @jobs.register("test_heartbeat")
    def handler(*, job: Job, by: object) -> dict[str, int]:
        seen["started"] = Job.objects.get(pk=job.pk).heartbeat_at
        seen["in_flight"] = job.pk in jobs.IN_FLIGHT
        jobs.job_progress(job, 1, 2, "nửa chừng")
        seen["progress"] = Job.objects.get(pk=job.pk).heartbeat_at
        return {"ok": 1}

    job = Job.objects.create(kind="test_heartbeat", title="Thử")
    jobs.run_job.call(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert seen["started"] is not None and seen["progress"] >= seen["started"]
    assert seen["in_flight"] is True and job.pk not in jobs.IN_FLIGHT


def test_the_command_can_fail_only_jobs_silent_for_a_while():
    old = running_job("Cũ", silent_for=datetime.timedelta(minutes=45))
    fresh = running_job("Mới", silent_for=datetime.timedelta(minutes=2))
    out = StringIO()
    call_command("jobs_fail_orphaned", "--silent-minutes", "30", stdout=out)
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert (old.status, fresh.status) == (Job.Status.FAILED, Job.Status.RUNNING)
    assert out.getvalue().startswith("1 job")

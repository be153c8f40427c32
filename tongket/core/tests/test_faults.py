"""Faults the server survives: the job worker dying (killed, the database restarted under
it) never stops the site; `tongket serve` restarts the worker with a growing delay, the jobs
it was running are failed with a message instead of "running" at 0 % forever, and /healthz
says how the database and the worker are."""

from __future__ import annotations

import os
import sys
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from tongket.core.jobs import jobs_fail_orphaned
from tongket.core.management.commands.serve import Worker
from tongket.core.models import Job


def test_a_dead_worker_is_restarted_after_a_growing_delay(tmp_path):
    """Given a worker that exits at once, when the supervisor checks it, then it is started
    again after the first delay, then after twice as long, and its process id is kept for /healthz."""
    worker = Worker(
        [sys.executable, "-c", "import sys; sys.exit(3)"], dict(os.environ), tmp_path / "w.pid"
    )
    worker._fail_orphaned = lambda: None  # type: ignore[method-assign]
    worker.FIRST_DELAY = worker.delay = 0.2
    worker.start()
    first = worker.process
    assert (tmp_path / "w.pid").read_text() == str(first.pid)
    first.wait(timeout=10)
    log = StringIO()
    worker.check(log)
    assert worker.process is None and "exit 3" in log.getvalue()
    assert not (tmp_path / "w.pid").exists()
    time.sleep(0.25)
    worker.check(log)
    assert worker.process is not None and worker.process.pid != first.pid
    assert worker.restarts == 1 and worker.delay == pytest.approx(0.4)
    worker.process.wait(timeout=10)
    worker.check(log)
    worker.check(log)
    assert worker.process is None  # waiting the longer delay (0.4 s)
    time.sleep(0.45)
    worker.check(log)
    assert worker.restarts == 2
    worker.process.wait(timeout=10)


@pytest.mark.django_db
def test_a_job_whose_worker_died_is_failed_with_a_message(users):
    """Given a job left running by a worker that was killed, when the worker is started
    again, then the job is failed, finished, and says why."""
    job = Job.objects.create(kind="values_import", title="Nhập số liệu", status=Job.Status.RUNNING)
    done = Job.objects.create(kind="values_import", title="Xong", status=Job.Status.DONE)
    assert jobs_fail_orphaned() == 1
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.finished_at is not None
    assert job.errors and job.errors[0]["message"] == job.message and job.message
    done.refresh_from_db()
    assert done.status == Job.Status.DONE


@pytest.mark.django_db
def test_healthz_reports_the_database_and_the_worker(client, tmp_path):
    """Given `tongket serve` supervising a worker, when /healthz is asked, then it answers
    the database and the worker's state, "down" once the worker's process is gone."""
    with override_settings(DATA_DIR=tmp_path):
        assert client.get("/healthz").json() == {"database": "ok", "worker": "external"}
        (tmp_path / "serve.pid").write_text(str(os.getpid()))
        (tmp_path / "worker.pid").write_text(str(os.getpid()))
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"database": "ok", "worker": "running"}
        (tmp_path / "worker.pid").unlink()
        assert client.get("/healthz").json()["worker"] == "down"


@pytest.mark.django_db
def test_the_command_fails_the_jobs_of_a_worker_run_as_a_service():
    job = Job.objects.create(kind="values_import", title="Nhập", status=Job.Status.RUNNING)
    out = StringIO()
    call_command("jobs_fail_orphaned", stdout=out)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and out.getvalue().startswith("1 job")


class FakeProcess:
    """A process that ends after a given number of polls (never, with None)."""

    started: list[FakeProcess] = []

    def __init__(self, command, env=None):  # type: ignore[no-untyped-def]
        self.command = command
        self.pid = 40000 + len(FakeProcess.started)
        self.returncode: int | None = None
        self.signals: list[int] = []
        is_worker = "job_worker" in command
        self.polls_left: int | None = 0 if is_worker else None
        FakeProcess.started.append(self)

    def poll(self):  # type: ignore[no-untyped-def]
        if self.returncode is None and self.polls_left is not None:
            if self.polls_left <= 0:
                self.returncode = -9  # killed
            else:
                self.polls_left -= 1
        return self.returncode

    def send_signal(self, signum):  # type: ignore[no-untyped-def]
        self.signals.append(signum)
        self.returncode = 0

    def wait(self, timeout=None):  # type: ignore[no-untyped-def]
        return self.returncode


def test_serve_keeps_the_site_up_while_the_worker_is_killed_again_and_again(monkeypatch, tmp_path):
    """Given a job worker that is killed as soon as it starts, when `tongket serve` runs for
    four simulated minutes, then gunicorn is never signalled, the worker is started again
    after 1, 2, 4, 8, 16, 32, 60, 60 s (never faster), and stopping serve stops both."""
    from tongket.core.management.commands import serve

    clock = {"now": 0.0}
    FakeProcess.started = []
    monkeypatch.setattr(serve.subprocess, "Popen", FakeProcess)
    monkeypatch.setattr(serve.time, "monotonic", lambda: clock["now"])
    monkeypatch.setattr(serve.Worker, "_fail_orphaned", lambda self: None)
    monkeypatch.setattr(serve, "WORKER_PID_FILE", tmp_path / "worker.pid")
    monkeypatch.setattr(serve, "SERVE_PID_FILE", tmp_path / "serve.pid")
    monkeypatch.setattr(serve.signal, "signal", lambda *args: None)

    def tick(seconds: float) -> None:
        clock["now"] += seconds
        if clock["now"] >= 240:  # the site's end: gunicorn told to stop
            FakeProcess.started[0].returncode = 0

    monkeypatch.setattr(serve.time, "sleep", tick)
    tasks = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    with override_settings(TASKS=tasks):
        call_command("serve", "--workers", "1", stdout=StringIO(), stderr=StringIO())

    server, *workers = FakeProcess.started
    assert "gunicorn" in server.command and server.signals == []
    assert all("job_worker" in w.command for w in workers)
    # Each start is seen dead at the next check (0.5 s later), then waits its delay.
    assert len(workers) == 9  # started at 0, then after 1, 2, 4, 8, 16, 32, 60, 60 s


def test_the_worker_delay_goes_back_to_a_second_after_a_quiet_minute(monkeypatch, tmp_path):
    from tongket.core.management.commands import serve

    clock = {"now": 0.0}
    FakeProcess.started = []
    monkeypatch.setattr(serve.subprocess, "Popen", FakeProcess)
    monkeypatch.setattr(serve.time, "monotonic", lambda: clock["now"])
    worker = Worker(["job_worker"], {}, tmp_path / "w.pid")
    worker._fail_orphaned = lambda: None  # type: ignore[method-assign]
    worker.start()
    delays = []
    for lifetime in [0.5, 0.5, 0.5, 90.0, 0.5]:
        worker.process.polls_left = None  # type: ignore[union-attr]
        clock["now"] += lifetime
        worker.process.returncode = -9  # type: ignore[union-attr]
        worker.check(StringIO())
        delays.append(worker.restart_at - clock["now"])  # type: ignore[operator]
        clock["now"] = worker.restart_at  # type: ignore[assignment]
        worker.check(StringIO())
    assert delays == [1.0, 2.0, 4.0, 1.0, 2.0]
    assert worker.restarts == 5

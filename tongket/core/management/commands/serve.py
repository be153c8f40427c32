"""`tongket serve`: the real server (gunicorn, static files from whitenoise) and, unless told
otherwise, the background worker that runs imports and other jobs (django-tasks database
backend). In production run the worker as its own service (`tongket job_worker`) and pass
`--no-worker`; see docs/operations.md.

The worker (`tongket job_worker`) waits for the database when it restarts under it, and is
supervised: when it dies (killed, out of memory) the site stays up, the jobs it was running
are marked failed with a message, and it is started again after a growing delay (1 s, 2 s,
4 s… up to a minute; back to 1 s once it has run a minute). Only gunicorn's end stops the
command. The worker's process id is kept in the data directory for /healthz.

Sizing (defaults for the machine it runs on, each overridable by an option or a variable):
2 × cores + 1 processes (`TONGKET_WORKERS`; gunicorn's advice: while one process waits for
the database another uses the core) of 2 threads each (`TONGKET_THREADS`; gunicorn's gthread
worker, which also keeps idle connections open), idle connections kept 5 s
(`TONGKET_KEEPALIVE`). On 2 cores: 5 processes, 10 requests in flight, 10 database
connections at most."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


def cores() -> int:
    """The CPU cores this process may run on (fewer than the machine's under a CPU set)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers(cpu_cores: int) -> int:
    return 2 * cpu_cores + 1


def gunicorn_command(*, bind: str, workers: int, threads: int, keepalive: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        # gthread even with one thread: idle keep-alive connections do not hold a process.
        "--worker-class",
        "gthread",
        "--keep-alive",
        str(keepalive),
        "--access-logfile",
        "-",
    ]


class Command(BaseCommand):
    help = "Serve Tổng Kết with gunicorn (a real server, also for the demo) and a job worker."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--bind", default=os.environ.get("TONGKET_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("TONGKET_WORKERS") or default_workers(cores())),
            help="Server processes (default 2 × CPU cores + 1).",
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("TONGKET_THREADS") or 2)
        )
        parser.add_argument(
            "--keep-alive",
            type=int,
            default=int(os.environ.get("TONGKET_KEEPALIVE") or 5),
            help="Seconds an idle connection is kept open.",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the background job worker (run `tongket db_worker` apart).",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        env = os.environ | {"DJANGO_SETTINGS_MODULE": settings_module}
        server = gunicorn_command(
            bind=options["bind"],
            workers=options["workers"],
            threads=options["threads"],
            keepalive=options["keep_alive"],
        )
        database_tasks = "django_tasks_db" in settings.TASKS["default"]["BACKEND"]
        supervise = not options["no_worker"] and database_tasks
        worker_command = [sys.executable, "-m", "tongket", "job_worker", "--no-startup-delay"]
        self.stdout.write(f"Tổng Kết at http://{options['bind']}/")
        server_process = subprocess.Popen(server, env=env)  # noqa: S603 - fixed arguments
        worker = Worker(worker_command, env, WORKER_PID_FILE) if supervise else None
        if worker:
            SERVE_PID_FILE.write_text(str(os.getpid()))
            worker.start()
        stopping = False

        def stop(signum: int, _frame: object) -> None:
            nonlocal stopping
            stopping = True
            for process in (server_process, worker.process if worker else None):
                if process is not None and process.poll() is None:
                    process.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while server_process.poll() is None and not stopping:
                if worker:
                    worker.check(self.stderr)
                time.sleep(0.5)
        finally:
            stop(signal.SIGTERM, None)
            for process in (server_process, worker.process if worker else None):
                if process is None:
                    continue
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
            WORKER_PID_FILE.unlink(missing_ok=True)
            SERVE_PID_FILE.unlink(missing_ok=True)
        return None


WORKER_PID_FILE = Path(settings.DATA_DIR) / "worker.pid"
SERVE_PID_FILE = Path(settings.DATA_DIR) / "serve.pid"


class Worker:
    """The job worker, restarted with back-off whenever it exits."""

    FIRST_DELAY = 1.0
    LONGEST_DELAY = 60.0
    STABLE_AFTER = 60.0

    def __init__(self, command: list[str], env: dict[str, str], pid_file: Path) -> None:
        self.command, self.env, self.pid_file = command, env, pid_file
        self.process: subprocess.Popen[bytes] | None = None
        self.delay = self.FIRST_DELAY
        self.started_at = 0.0
        self.restart_at: float | None = None
        self.restarts = 0

    def start(self) -> None:
        self._fail_orphaned()
        self.process = subprocess.Popen(self.command, env=self.env)  # noqa: S603 - our command
        self.started_at = time.monotonic()
        self.restart_at = None
        self.pid_file.write_text(str(self.process.pid))

    def check(self, log: object) -> None:
        """Called twice a second: notice an exit, wait the back-off, start again."""
        now = time.monotonic()
        if self.process is not None and self.process.poll() is not None:
            code = self.process.returncode
            if now - self.started_at >= self.STABLE_AFTER:
                self.delay = self.FIRST_DELAY
            self.restart_at = now + self.delay
            log.write(  # type: ignore[attr-defined]
                f"The job worker stopped (exit {code}); restarting in {self.delay:.0f} s."
            )
            self.delay = min(self.delay * 2, self.LONGEST_DELAY)
            self.process = None
            self.pid_file.unlink(missing_ok=True)
        if self.process is None and self.restart_at is not None and now >= self.restart_at:
            self.restarts += 1
            self.start()

    def _fail_orphaned(self) -> None:
        """Jobs left running by a dead worker are failed with a message (the database may be
        down just now: the next start tries again)."""
        from django.db import DatabaseError, connection

        from tongket.core.jobs import jobs_fail_orphaned

        try:
            connection.close()
            jobs_fail_orphaned()
        except DatabaseError:
            logging.getLogger(__name__).warning(
                "Could not mark the jobs of the stopped worker failed", exc_info=True
            )
        finally:
            connection.close()

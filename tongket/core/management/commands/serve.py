"""`tongket serve`: the real server (gunicorn, static files from whitenoise) and, unless told
otherwise, the background worker that runs imports and other jobs (django-tasks database
backend). In production run the worker as its own service (`tongket db_worker`) and pass
`--no-worker`; see docs/operations.md."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Tổng Kết with gunicorn (a real server, also for the demo) and a job worker."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--bind", default=os.environ.get("TONGKET_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("TONGKET_WORKERS", "3"))
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("TONGKET_THREADS", "4"))
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start the background job worker (run `tongket db_worker` apart).",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.dev")
        env = os.environ | {"DJANGO_SETTINGS_MODULE": settings_module}
        server = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--access-logfile",
            "-",
        ]
        processes = []
        database_tasks = "django_tasks_db" in settings.TASKS["default"]["BACKEND"]
        if not options["no_worker"] and database_tasks:
            worker = [sys.executable, "-m", "tongket", "db_worker", "--no-startup-delay"]
            processes.append(subprocess.Popen(worker, env=env))  # noqa: S603 - our own command
        self.stdout.write(f"Tổng Kết at http://{options['bind']}/")
        processes.append(subprocess.Popen(server, env=env))  # noqa: S603 - fixed arguments

        def stop(signum: int, _frame: object) -> None:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
        finally:
            stop(signal.SIGTERM, None)
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        return None

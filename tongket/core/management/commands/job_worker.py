"""`tongket job_worker`: the job worker of the database backend (django-tasks-db's
`db_worker`, same options but `--reload`) made to outlive its database.

`db_worker` exits at the first error of the database other than a lock (PostgreSQL
restarted, the network to it cut). This one waits instead: it closes its connections, tries
again after 1 s, 2 s, 4 s… up to a minute, and once the database answers it fails, with a
message, the job it was running when the database went (that job's end could not be
recorded), then takes the queue again. If it stops before the database came back (asked to stop while
it waited, or an error it does not wait out), it fails that job on its way out when the
database answers then (the next sweep does otherwise). At start it fails the jobs left running by a worker
that died, once they have been silent for `JOB_STALE_AFTER` (another live worker may be
running the others). `tongket serve` runs this command as its worker."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, InterfaceError, OperationalError, connection, connections
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from tongket.core import jobs

logger = logging.getLogger("tongket.jobs")


class ReconnectingWorker(db_worker.Worker):
    """django-tasks-db's worker, run again after the database came back."""

    FIRST_DELAY = 1.0
    LONGEST_DELAY = 60.0
    sleep: Callable[[float], None] = staticmethod(time.sleep)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.started = False
        self.outages = 0
        self.waits: list[float] = []

    def run(self) -> None:
        try:
            self._run()
        finally:
            # However it ends (done, asked to stop while it waited, an error it does not wait
            # out, SystemExit from the stop signal): the jobs it started and could not record
            # finished are failed now if the database answers.
            self._fail_in_flight()

    def _run(self) -> None:
        while self.running:
            try:
                self._sweep()
                super().run()
                return  # --batch or --max-tasks done, or asked to stop
            except (OperationalError, InterfaceError):
                self.running_task = False
                if not self.running:
                    return
                self.outages += 1
                logger.warning(
                    "The database went away under the job worker; waiting for it", exc_info=True
                )
                self._wait_for_database()

    def _fail_in_flight(self) -> None:
        if not jobs.IN_FLIGHT:
            return
        try:
            self.disconnect()
            count = jobs.jobs_fail_orphaned(ids=set(jobs.IN_FLIGHT), message=jobs.DATABASE_LOST)
            self._fail_own_task_results()
        except DatabaseError:
            logger.warning(
                "The job worker stops with job(s) %s unfinished and the database away: the"
                " next sweep fails them",
                sorted(jobs.IN_FLIGHT),
                exc_info=True,
            )
            return
        jobs.IN_FLIGHT.clear()
        if count:
            logger.warning("%s job(s) the stopping worker could not finish marked failed", count)

    def _sweep(self) -> None:
        """At start: the stale jobs of dead workers. After an outage: this worker's own."""
        if not self.started:
            count = jobs.jobs_fail_orphaned(stale_after=jobs.JOB_STALE_AFTER)
            self.started = True
        else:
            count = jobs.jobs_fail_orphaned(ids=set(jobs.IN_FLIGHT), message=jobs.DATABASE_LOST)
            jobs.IN_FLIGHT.clear()
            self._fail_own_task_results()
        if count:
            logger.warning("%s job(s) left running by a stopped worker marked failed", count)

    def _fail_own_task_results(self) -> None:
        """The task this worker had claimed when the database went stays "running" in the
        queue's table: recorded failed, so that the table says what happened."""
        running = DBTaskResult.objects.running().filter(backend_name=self.backend_name)
        mine = [row.pk for row in running if row.worker_ids[-1:] == [self.worker_id]]
        if mine:
            DBTaskResult.objects.filter(pk__in=mine).update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path="django.db.utils.OperationalError",
                traceback="The database went away while the task ran.",
            )

    def _wait_for_database(self) -> None:
        delay = self.FIRST_DELAY
        while self.running:
            self.disconnect()
            self.waits.append(delay)
            self.sleep(delay)
            if self.database_ready():
                logger.warning("The database is back; the job worker goes on")
                return
            delay = min(delay * 2, self.LONGEST_DELAY)

    def disconnect(self) -> None:
        """Drop the broken connections: the next query opens a new one."""
        connections.close_all()

    def database_ready(self) -> bool:
        try:
            connection.ensure_connection()
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            return False
        return True


class Command(db_worker.Command):
    help = "Run the background job worker; it waits for the database when the database goes."

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = ReconnectingWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()

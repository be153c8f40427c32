"""`tongket jobs_fail_orphaned`: mark failed, with a message on their page, the jobs left
"running" by a job worker that died. `tongket serve` does it itself each time it (re)starts
its worker; run this before starting a worker that runs as a service of its own
(ExecStartPre in docs/operations.md). Where several workers run the jobs, pass
`--silent-minutes` so that only jobs without progress for that long are failed (a job another
live worker is running would be failed too otherwise); `tongket job_worker` does that itself
at start."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand

from tongket.core.jobs import jobs_fail_orphaned


class Command(BaseCommand):
    help = "Mark failed the jobs left running by a job worker that died."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--silent-minutes",
            type=int,
            default=None,
            help="Only the jobs without progress for this long (safe beside other workers).",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        minutes = options["silent_minutes"]
        stale_after = None if minutes is None else datetime.timedelta(minutes=minutes)
        count = jobs_fail_orphaned(stale_after=stale_after)
        if options["verbosity"]:
            self.stdout.write(f"{count} job(s) left running by a stopped worker marked failed.")

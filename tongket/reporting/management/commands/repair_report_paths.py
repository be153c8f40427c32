"""`tongket repair_report_paths`: give every report its unit's path in the tree as it stood at
the end of its period, where an earlier version left it behind when a unit moved, and rebuild
the roll-ups and completeness rows of what changed. Running it again changes nothing."""

from django.core.management.base import BaseCommand
from django.db import transaction

from tongket.org.models import Unit
from tongket.reporting.services.restructuring import (
    path_codes,
    report_paths_repair,
    report_paths_wrong,
)


class Command(BaseCommand):
    help = (
        "Recompute the stored tree path of each report (path_then) from its unit's placement "
        "at the end of the period, and rebuild the roll-ups and completeness rows it changes."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only list the reports whose path is wrong; change nothing (exit 1 if any).",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        with transaction.atomic():
            repairs = report_paths_wrong()
            if not repairs:
                self.stdout.write("Every report's path is its unit's place at its period.")
                return
            codes = path_codes([r.old_path for r in repairs] + [r.new_path for r in repairs])
            units = dict(
                Unit.objects.filter(pk__in={r.unit_id for r in repairs}).values_list("pk", "code")
            )
            for repair in repairs:
                self.stdout.write(
                    f"{repair.period.code} {units[repair.unit_id]}: "
                    f"{len(repair.report_ids)} report(s) from {codes[repair.old_path]} "
                    f"to {codes[repair.new_path]}"
                )
            reports = sum(len(r.report_ids) for r in repairs)
            periods = {r.period.code for r in repairs}
            summary = f"{reports} report(s) of {len(periods)} period(s)"
            if options["check"]:
                self.stderr.write(f"{summary} have a wrong path (nothing changed).")
                raise SystemExit(1)
            report_paths_repair(repairs)
        self.stdout.write(f"{summary} repaired; their roll-ups and completeness rows were rebuilt.")

"""`tongket rebuild_completeness`: recompute the completeness rows from the reports (after a
restore of the reports alone, or to check that the rows kept on write are right)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from tongket.reporting.models import Completeness
from tongket.reporting.services.completeness import rebuild


class Command(BaseCommand):
    help = (
        "Recompute the completeness rows (reports expected, received, on time…) from the reports."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only say whether the stored rows equal a rebuild; change nothing (exit 1 if not).",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        fields = (
            "form_id",
            "period_id",
            "unit_id",
            "parent_id",
            "due_date",
            "expected",
            "received",
            "on_time",
            "approved",
            "backfill",
            "backfill_received",
        )

        def rows() -> set[tuple]:  # type: ignore[type-arg]
            return set(Completeness.objects.filter(expected__gt=0).values_list(*fields))

        with transaction.atomic():
            before = rows() if options["check"] else set()
            written = rebuild()
            if options["check"]:
                after = rows()
                transaction.set_rollback(True)
                if before != after:
                    self.stderr.write(
                        f"{len(before ^ after)} rows differ from a rebuild "
                        f"({len(before - after)} stored only, {len(after - before)} rebuilt only)."
                    )
                    raise SystemExit(1)
                self.stdout.write(f"The {len(after)} stored rows equal a rebuild.")
                return
        self.stdout.write(f"{written} completeness rows written.")

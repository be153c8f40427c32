"""`tongket send_reminders`: the daily reminders (run it from cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from tongket.reporting.services import reminders_send


class Command(BaseCommand):
    help = "Send the reminders of reports due soon or overdue (run once a day)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        counts = reminders_send()
        self.stdout.write(f"before due: {counts['before_due']}, overdue: {counts['overdue']}")

"""`tongket load_demo`: the demo data of the scenario (illustrative; marked in the UI)."""

from django.core.management.base import BaseCommand

from tongket import demo
from tongket.search.services import index_rebuild


class Command(BaseCommand):
    help = "Load the demo data (units, people, users, resolutions, reports). Idempotent."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        def report(label: str, seconds: float | None) -> None:
            if seconds is None:
                self.stdout.write(f"Demo {label}: already loaded.")
            else:
                self.stdout.write(self.style.SUCCESS(f"Demo {label}: loaded in {seconds:.0f} s."))

        demo.load(report)
        # The index follows every write once committed; rebuilding it here also reads the
        # text of the demo's files now, without waiting for the background worker.
        counts = index_rebuild(files=True)
        self.stdout.write(f"Search index: {sum(counts.values())} entries.")
        self.stdout.write("\nDemo logins (password: %s):" % demo.DEMO_PASSWORD)
        for username, _role, _codes in demo.USERS:
            self.stdout.write(f"  {username:<15} {demo.USER_ROLES_TEXT[username]}")

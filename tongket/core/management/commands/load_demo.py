"""`tongket load_demo`: the demo data of the scenario (illustrative; marked in the UI)."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from tongket.awards import demo as awards_demo
from tongket.org import demo as org_demo
from tongket.reporting import demo as reporting_demo
from tongket.resolutions import demo as resolutions_demo
from tongket.reviews import demo as reviews_demo


class Command(BaseCommand):
    help = "Load the demo data (units, people, users, resolutions, reports). Idempotent."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        steps = [
            ("units, people and users", org_demo),
            ("resolutions, indicators and targets", resolutions_demo),
            ("periodic reports", reporting_demo),
            ("review campaigns and conferences", reviews_demo),
            ("commendations", awards_demo),
        ]
        for label, module in steps:
            if module.is_loaded():
                self.stdout.write(f"Demo {label}: already loaded.")
                continue
            started = time.monotonic()
            with transaction.atomic():
                module.load()
            self.stdout.write(
                self.style.SUCCESS(f"Demo {label}: loaded in {time.monotonic() - started:.0f} s.")
            )
        self.stdout.write("\nDemo logins (password: %s):" % org_demo.DEMO_PASSWORD)
        for username, _role, _codes in org_demo.USERS:
            self.stdout.write(f"  {username:<15} {org_demo.USER_ROLES_TEXT[username]}")

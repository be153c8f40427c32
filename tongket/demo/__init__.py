"""The demo data of the scenario (illustrative; marked in the UI), loaded app by app through
the real services. It sits above the domain apps, whose own `demo` modules it runs in order;
the `load_demo` command and the test database use it, and nothing below imports it."""

from __future__ import annotations

import time
from collections.abc import Callable
from types import ModuleType

from django.db import transaction

from tongket.analysis import demo as analysis_demo
from tongket.awards import demo as awards_demo
from tongket.org import demo as org_demo
from tongket.reporting import demo as reporting_demo
from tongket.resolutions import demo as resolutions_demo
from tongket.reviews import demo as reviews_demo

# (what is loaded, the app's demo module), in the order they depend on each other.
STEPS: list[tuple[str, ModuleType]] = [
    ("units, people and users", org_demo),
    ("resolutions, indicators and targets", resolutions_demo),
    ("periodic reports", reporting_demo),
    ("review campaigns and conferences", reviews_demo),
    ("commendations", awards_demo),
    ("composed dashboards and their defaults", analysis_demo),
]
DEMO_PASSWORD = org_demo.DEMO_PASSWORD
USERS = org_demo.USERS
USER_ROLES_TEXT = org_demo.USER_ROLES_TEXT


def load(report: Callable[[str, float | None], None] | None = None) -> None:
    """Load every step not loaded yet, each in one transaction (idempotent). `report` is told
    each step's label and its time in seconds (None when it was already loaded)."""
    for label, module in STEPS:
        if module.is_loaded():
            if report:
                report(label, None)
            continue
        started = time.monotonic()
        with transaction.atomic():
            module.load()
        if report:
            report(label, time.monotonic() - started)

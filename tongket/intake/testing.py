"""Objects of a branch for the tests that walk every page and endpoint (see
tongket.core.testing.branches): a source text made for a unit of the branch, created
directly when the demo has none (without a change log row: the walks check nothing is
written)."""

from __future__ import annotations

from typing import Any

from tongket.core.testing.branches import finder
from tongket.intake.models import IntakeSource
from tongket.org.models import Unit, User


@finder("intake", "intake_result")
def _source(root: Unit, user: User) -> Any:
    source = IntakeSource.objects.filter(unit__path__startswith=root.path).order_by("pk").first()
    if source is None:
        source = IntakeSource.objects.create(text="Văn bản kiểm thử.", unit=root)
    return source.pk

"""A ratio reported as a percentage alone ("… đạt 92%"), as most unit reports write it: the
report fill takes it of the denominator the report already holds (else the unit's last one
for the indicator) and says so beside the figure; with no denominator known it asks for the
parts, as before."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from tongket.intake.filling import report_figures_fill, report_figures_read
from tongket.intake.tests.six_month_report import by_code, six_month_draft
from tongket.reporting.models import DataValue
from tongket.reporting.services.reports import Entry

pytestmark = pytest.mark.django_db
TEXT = "Tỷ lệ đơn vị đạt vững mạnh toàn diện đạt 92%."


def _proposal(user, report):  # type: ignore[no-untyped-def]
    with translation.override("en"):
        found = report_figures_read(by=user, report=report, text=TEXT)
    return next(p for p in found if p.indicator.code == "E98-VM")


def test_a_percentage_alone_asks_for_the_parts_when_no_denominator_is_known(users):
    report = six_month_draft()
    proposal = _proposal(users["qk2.baocao"], report)
    assert not proposal.is_read and proposal.entry is None
    assert "numerator" in proposal.read.problem


def test_a_percentage_alone_is_taken_of_the_denominator_already_entered(users):
    report = six_month_draft()
    reporter = users["qk2.baocao"]
    vm = by_code(report)["E98-VM"]
    report = report_figures_fill(
        by=reporter,
        report=report,
        cells={vm.pk: Entry(numerator=Decimal(20), denominator=Decimal(25))},
        version=report.version,
    )
    proposal = _proposal(reporter, report)
    assert proposal.is_read
    assert (proposal.entry.numerator, proposal.entry.denominator) == (Decimal(23), Decimal(25))
    assert proposal.shown.replace("\u00a0", " ") == "23 / 25 (92.0 %) (denominator already entered)"
    assert proposal.read.confidence < 0.9
    report_figures_fill(
        by=reporter, report=report, cells={vm.pk: proposal.entry}, version=report.version
    )
    saved = DataValue.objects.get(report=report, indicator=vm)
    assert (saved.numerator, saved.denominator) == (Decimal(23), Decimal(25))

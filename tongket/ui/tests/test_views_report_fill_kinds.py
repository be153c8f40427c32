"""The page "Fill from a text" for indicators of every kind: a regiment's six-month report
(written for the tests) fills counts written before their names, a ratio, percentages, a
milestone reached and one not, and a rating; the preview marks the words each comes from,
and accepting saves them as the text says."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tongket.intake.tests.six_month_report import EXPECTED, TEXT, by_code, six_month_draft
from tongket.reporting.models import DataValue

pytestmark = pytest.mark.django_db


def test_the_preview_reads_every_kind_and_accepting_saves_them(client, users) -> None:  # type: ignore[no-untyped-def]
    # Given the regiment's empty draft,
    report = six_month_draft()
    indicators = by_code(report)
    client.force_login(users["qk2.baocao"])
    # when its six-month report is pasted and read,
    response = client.post(f"/reports/{report.pk}/fill/", {"text": TEXT, "read": "1"})
    assert response.status_code == 200
    rows = {row["indicator"].code: row for row in response.context["rows"]}
    # then every indicator is proposed, ticked, its words marked,
    assert {code for code, row in rows.items() if row["ticked"]} == set(EXPECTED)
    assert rows["E98-DT"]["figure"] == "14"
    assert rows["E98-NA"]["figure"] == "Đã"
    assert rows["E98-QC"]["figure"] == "chưa"
    assert rows["E98-HC"]["figure"] == "Khá"
    assert rows["E98-HC"]["read_text"] == "Khá"
    body = response.content.decode()
    assert "<mark>23/25</mark>" in body and "<mark>Khá</mark>" in body
    assert not DataValue.objects.filter(report=report).exists()
    # and accepting them all stores what the text says.
    response = client.post(
        f"/reports/{report.pk}/fill/",
        {
            "source_text": TEXT,
            "version": report.version,
            "use": [indicators[code].pk for code in EXPECTED],
            "accept": "1",
        },
    )
    assert response.status_code == 302 and response.url == f"/reports/{report.pk}/"
    saved = {
        v.indicator.code: (v.value, v.numerator, v.denominator)
        for v in DataValue.objects.filter(report=report).select_related("indicator")
    }
    assert {code: v[0] for code, v in saved.items()} == {
        code: value for code, (value, _, _) in EXPECTED.items()
    }
    assert saved["E98-VM"][1:] == (Decimal(23), Decimal(25))


def test_an_unticked_milestone_is_not_saved(client, users) -> None:  # type: ignore[no-untyped-def]
    report = six_month_draft()
    indicators = by_code(report)
    client.force_login(users["qk2.baocao"])
    client.post(
        f"/reports/{report.pk}/fill/",
        {
            "source_text": TEXT,
            "version": report.version,
            "use": [indicators["E98-HC"].pk],
            "accept": "1",
        },
    )
    saved = {v.indicator.code: v.value for v in DataValue.objects.filter(report=report)}
    assert saved == {"E98-HC": Decimal(3)}

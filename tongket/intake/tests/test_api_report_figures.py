"""A periodic report filled from a text over REST: `POST /api/v1/intake/report-figures/`
proposes the cells a unit's report fills (value, the words quoted, confidence) and writes
nothing; `POST /api/v1/intake/report-figures/apply/` saves the accepted cells through the
report's save, all or nothing, version-checked, for the unit's reporters only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.models import ChangeLog
from tongket.intake.tests.six_month_report import EXPECTED, TEXT, by_code, six_month_draft
from tongket.org.models import User
from tongket.reporting.models import DataValue, Report

pytestmark = pytest.mark.django_db
READ = "/api/v1/intake/report-figures/"
APPLY = "/api/v1/intake/report-figures/apply/"


def api(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def stored(report: Report) -> dict[str, tuple[object, object, object]]:
    return {
        v.indicator.code: (v.value, v.numerator, v.denominator)
        for v in DataValue.objects.filter(report=report).select_related("indicator")
    }


def proposals(user: User, report: Report, text: str = TEXT) -> dict:  # type: ignore[type-arg]
    response = api(user).post(READ, {"report": report.pk, "text": text}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_the_cells_of_a_six_month_report_are_proposed_with_their_words(users):
    # Given the regiment's empty draft and its six-month report as text,
    report = six_month_draft()
    logged = ChangeLog.objects.count()
    # when its reporter asks what the text fills,
    body = proposals(users["qk2.baocao"], report)
    # then every indicator of the form is proposed with the value the text gives,
    cells = {cell["code"]: cell for cell in body["cells"]}
    assert set(cells) == set(EXPECTED)
    for code, (value, numerator, denominator) in EXPECTED.items():
        cell = cells[code]
        got = (cell["value"], cell["numerator"], cell["denominator"])
        if numerator is not None:  # a ratio: its parts, the value computed on saving
            assert (Decimal(got[1]), Decimal(got[2])) == (numerator, denominator), code
        else:
            assert Decimal(got[0]) == value, code
    # each quoting the words it comes from, in the text read,
    quotes = {code: cell["source"]["quote"] for code, cell in cells.items()}
    assert quotes == {
        "E98-DT": "14",
        "E98-HL": "97,6%",
        "E98-VM": "23/25",
        "E98-KL": "2",
        "E98-KP": "1.234,5",
        "E98-NA": "Đã",
        "E98-QC": "chưa",
        "E98-HC": "Khá",
    }
    for cell in cells.values():
        source = cell["source"]
        assert body["text"][source["start"] : source["end"]] == source["quote"]
        start, end = source["highlight"]
        assert source["snippet"][start:end] == source["quote"]
        assert 0.5 <= cell["confidence"] < 1
    assert cells["E98-HC"]["level"] == "Khá"
    assert cells["E98-DT"]["written_before"] is True
    assert cells["E98-KP"]["written_before"] is False
    assert body["version"] == report.version and body["unread"] == []
    # and nothing is written.
    assert ChangeLog.objects.count() == logged
    assert not DataValue.objects.filter(report=report).exists()


def test_a_mention_without_a_figure_is_listed_with_the_reason(users):
    report = six_month_draft()
    text = "Số cuộc diễn tập chỉ huy - cơ quan chưa thống kê; kinh phí tăng gia sản xuất 80 triệu đồng."
    body = proposals(users["qk2.baocao"], report, text)
    assert [cell["code"] for cell in body["cells"]] == ["E98-KP"]
    assert [(u["code"], bool(u["problem"])) for u in body["unread"]] == [("E98-DT", True)]


def test_the_accepted_cells_are_saved_together(users):
    # Given the proposals read from the text,
    report = six_month_draft()
    body = proposals(users["qk2.baocao"], report)
    accepted = [
        {k: cell[k] for k in ("indicator", "value", "numerator", "denominator")}
        for cell in body["cells"]
    ]
    # when the reporter applies them with the version read,
    response = api(users["qk2.baocao"]).post(
        APPLY, {"report": report.pk, "version": body["version"], "cells": accepted}, format="json"
    )
    # then every cell is stored as the text says, in one new version of the report.
    assert response.status_code == 200, response.content
    assert response.json()["version"] == body["version"] + 1
    saved = stored(report)
    assert {code: v[0] for code, v in saved.items()} == {
        code: value for code, (value, _, _) in EXPECTED.items()
    }
    assert saved["E98-VM"][1:] == (Decimal(23), Decimal(25))


def test_a_corrected_cell_is_saved_as_corrected(users):
    report = six_month_draft()
    indicators = by_code(report)
    body = proposals(users["qk2.baocao"], report)
    response = api(users["qk2.baocao"]).post(
        APPLY,
        {
            "report": report.pk,
            "version": body["version"],
            "cells": [{"indicator": indicators["E98-DT"].pk, "value": "15"}],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert stored(report) == {"E98-DT": (Decimal(15), None, None)}


def test_one_wrong_cell_saves_none_and_is_named(users):
    # Given a good cell and a milestone given 7 (a milestone is 1 or 0),
    report = six_month_draft()
    indicators = by_code(report)
    cells = [
        {"indicator": indicators["E98-DT"].pk, "value": "14"},
        {"indicator": indicators["E98-NA"].pk, "value": "7"},
    ]
    response = api(users["qk2.baocao"]).post(
        APPLY, {"report": report.pk, "version": report.version, "cells": cells}, format="json"
    )
    # then nothing is saved and the error names the milestone's cell.
    assert response.status_code == 400
    assert f"value_{indicators['E98-NA'].pk}" in response.json()["errors"]
    assert not DataValue.objects.filter(report=report).exists()


def test_a_report_saved_since_the_reading_is_refused(users):
    report = six_month_draft()
    indicators = by_code(report)
    body = proposals(users["qk2.baocao"], report)
    cell = [{"indicator": indicators["E98-DT"].pk, "value": "14"}]
    client = api(users["qk2.baocao"])
    first = client.post(
        APPLY, {"report": report.pk, "version": body["version"], "cells": cell}, format="json"
    )
    assert first.status_code == 200
    # The same version again: the report changed meanwhile.
    again = client.post(
        APPLY,
        {
            "report": report.pk,
            "version": body["version"],
            "cells": [{"indicator": indicators["E98-KL"].pk, "value": "2"}],
        },
        format="json",
    )
    assert again.status_code == 409
    assert set(stored(report)) == {"E98-DT"}


def test_an_indicator_not_on_the_form_is_refused(users):
    report = six_month_draft()
    other = Report.objects.exclude(form=report.form).values_list("values__indicator", flat=True)
    foreign = next(pk for pk in other if pk and pk not in {i.pk for i in by_code(report).values()})
    response = api(users["qk2.baocao"]).post(
        APPLY,
        {"report": report.pk, "version": report.version, "cells": [{"indicator": foreign}]},
        format="json",
    )
    assert response.status_code == 400
    assert "cells" in response.json()["errors"]


def test_another_branch_gets_404_and_a_reader_who_may_not_fill_403(users):
    report = six_month_draft()
    indicators = by_code(report)
    cell = [{"indicator": indicators["E98-DT"].pk, "value": "14"}]
    for username, status in (("cnqp.baocao", 404), ("qk2.duyet", 403)):
        client = api(users[username])
        read = client.post(READ, {"report": report.pk, "text": TEXT}, format="json")
        assert read.status_code == status, (username, read.content)
        applied = client.post(
            APPLY, {"report": report.pk, "version": report.version, "cells": cell}, format="json"
        )
        assert applied.status_code == status, (username, applied.content)
    assert not DataValue.objects.filter(report=report).exists()


def test_a_submitted_report_cannot_be_filled(users):
    from tongket.reporting import services

    report = six_month_draft()
    body = proposals(users["qk2.baocao"], report)
    accepted = [
        {k: cell[k] for k in ("indicator", "value", "numerator", "denominator")}
        for cell in body["cells"]
    ]
    client = api(users["qk2.baocao"])
    client.post(
        APPLY, {"report": report.pk, "version": body["version"], "cells": accepted}, format="json"
    )
    report.refresh_from_db()
    services.report_submit(by=users["qk2.baocao"], report=report, version=report.version)
    read = client.post(READ, {"report": report.pk, "text": TEXT}, format="json")
    assert read.status_code == 400
    report.refresh_from_db()
    again = client.post(
        APPLY,
        {"report": report.pk, "version": report.version, "cells": accepted[:1]},
        format="json",
    )
    assert again.status_code == 400


def test_no_text_is_named(users):
    report = six_month_draft()
    response = api(users["qk2.baocao"]).post(
        READ, {"report": report.pk, "text": " "}, format="json"
    )
    assert response.status_code == 400
    assert "text" in response.json()["errors"]


def test_the_schema_documents_both_operations():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    read = schema["paths"][READ]["post"]
    apply = schema["paths"][APPLY]["post"]
    assert read["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ReportFigures"
    }
    assert apply["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ReportFiguresApply"
    }
    cell = schema["components"]["schemas"]["ProposedCell"]["properties"]
    assert {"indicator", "value", "confidence", "source"} <= set(cell)

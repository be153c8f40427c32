"""A paper decision's named list imported from Excel is checked against the same quota and
repeat rule as a nomination, but as warnings: the preview names each row and awardee that
breaks them and writes nothing; the import records the decision anyway (a paper decision is
a fact) and writes the breaches in the change log; data errors are still refused. On the
page the officer sees the warnings and confirms before anything is written."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tongket.awards import counts, lists
from tongket.awards.choices import NominationState
from tongket.awards.models import AwardDecision, AwardForm, Nomination
from tongket.awards.services import award_form_save, quota_set
from tongket.awards.services.catalogue import quota_state
from tongket.core.errors import RowErrors
from tongket.core.models import ChangeLog
from tongket.org.models import Unit

pytestmark = pytest.mark.django_db
D = datetime.date
HEADER = ["TT", "Tập thể, cá nhân", "Loại", "Mã đơn vị / Đơn vị"]


def xlsx(rows: list[list[Any]]) -> SimpleUploadedFile:
    book = Workbook()
    page = book.active
    page.title = lists.SHEET
    page.append(HEADER)
    for row in rows:
        page.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


def record(users: Any, day: datetime.date, symbol: str, collectives: int) -> AwardDecision:
    return counts.decision_record(
        by=users["qk2.thidua"],
        issuer=Unit.objects.get(code="QK2"),
        form=AwardForm.objects.get(code="GK"),
        symbol=symbol,
        issued_on=day,
        counts=[{"nominee_kind": "collective", "count": collectives}],
    )


@pytest.fixture
def rules(users) -> AwardDecision:
    """Giấy khen given once in 3 years; Sư đoàn 316 awarded it by a 2020 decision; Quân khu
    2 may award one more collective Giấy khen in 2022 than it has taken or pending; and the
    2022 decision, recorded from paper with 3 collectives counted, whose list is imported."""
    gk = AwardForm.objects.get(code="GK")
    award_form_save(
        by=users["admin"], code="GK", name=gk.name, category=gk.category, repeat_years=3
    )
    earlier = record(users, D(2020, 12, 20), "12/QĐ-BTL", 1)
    lists.decision_list_import(
        by=users["qk2.thidua"],
        decision=earlier,
        upload=xlsx([[1, "Sư đoàn 316", "Tập thể", "SD316"]]),
    )
    qk2 = Unit.objects.get(code="QK2")
    _quota, used, _limit = quota_state(decider=qk2, form=gk, year=2022, nominee_kind="collective")
    quota_set(
        by=users["qk2.thidua"],
        unit=qk2,
        year=2022,
        basis="count",
        value=Decimal(used + 1),
        form=gk,
        nominee_kind="collective",
    )
    return record(users, D(2022, 7, 9), "77/QĐ-BTL", 3)


ROWS = [
    [1, "Sư đoàn 316", "Tập thể", "SD316"],
    [2, "Sư đoàn 355", "Tập thể", "SD355"],
    [3, "Trung đoàn 98", "Tập thể", "SD316-E98"],
]


def test_the_preview_warns_by_row_and_name_and_writes_nothing(users, rules):
    """Given the rules, when the list of three collectives is previewed, then Sư đoàn 316
    (row 2) is warned of the repeat (the 2020 decision named), the first collective takes
    the one place left in the quota and the two after it (rows 3 and 4) are warned of the
    quota; nothing is written."""
    before = Nomination.objects.filter(decision=rules).count()
    preview = lists.decision_list_preview(by=users["qk2.thidua"], decision=rules, upload=xlsx(ROWS))
    assert [row.number for row in preview.rows] == [2, 3, 4]
    found = {(w.row, w.code): w for w in preview.warnings}
    assert set(found) == {(2, "repeat"), (3, "quota"), (4, "quota")}
    assert found[(2, "repeat")].name == "Sư đoàn 316"
    assert "12/QĐ-BTL" in found[(2, "repeat")].message and "2020" in found[(2, "repeat")].message
    assert found[(4, "quota")].name == "Trung đoàn 98"
    assert "Quân khu 2" in found[(4, "quota")].message
    assert Nomination.objects.filter(decision=rules).count() == before
    assert not ChangeLog.objects.filter(action="decision_list_import", object_id=str(rules.pk))


def test_the_import_records_the_decision_despite_the_warnings(users, rules):
    """Given the same list, when it is imported, then the three are named (not refused),
    the result lists the warnings, and the change log keeps them with the import."""
    result = lists.decision_list_import(
        by=users["qk2.thidua"], decision=rules, upload=xlsx(ROWS), version=rules.version
    )
    assert result["created"] == 3
    assert [(w["row"], w["code"]) for w in result["warnings"]] == [
        (2, "repeat"),
        (3, "quota"),
        (4, "quota"),
    ]
    named = Nomination.objects.filter(decision=rules, state=NominationState.APPROVED)
    assert set(named.values_list("nominee_unit__code", flat=True)) == {
        "SD316",
        "SD355",
        "SD316-E98",
    }
    row = ChangeLog.objects.get(action="decision_list_import", object_id=str(rules.pk))
    assert "Sư đoàn 316" in row.note and "Trung đoàn 98" in row.note


def test_a_list_within_the_rules_has_no_warning(users, rules):
    """Given the rules, one collective never awarded within the window fits the quota."""
    preview = lists.decision_list_preview(
        by=users["qk2.thidua"], decision=rules, upload=xlsx([ROWS[1]])
    )
    assert preview.warnings == []
    result = lists.decision_list_import(
        by=users["qk2.thidua"], decision=rules, upload=xlsx([ROWS[1]])
    )
    assert "warnings" not in result


def test_the_window_reaches_both_ways_and_ends(users, rules):
    """Given Sư đoàn 316 awarded in 2020 and a window of 3 years, a decision of 2017 entered
    today is warned (three years apart is the edge: 2017 is outside), 2018 is."""
    for day, warned in ((D(2017, 6, 1), False), (D(2018, 6, 1), True)):
        decision = record(users, day, f"{day.year}/QĐ-BTL", 1)
        preview = lists.decision_list_preview(
            by=users["qk2.thidua"], decision=decision, upload=xlsx([ROWS[0]])
        )
        assert [w.code for w in preview.warnings] == (["repeat"] if warned else []), day


def test_data_errors_are_still_refused(users, rules):
    """A unit named twice is a data error: refused by the preview as by the import."""
    upload = [ROWS[1], [2, "Sư đoàn 355", "Tập thể", "SD355"]]
    for call in (lists.decision_list_preview, lists.decision_list_import):
        with pytest.raises(RowErrors):
            call(by=users["qk2.thidua"], decision=rules, upload=xlsx(upload))


def test_the_page_shows_the_warnings_and_records_on_confirmation(client, users, rules):
    client.force_login(users["qk2.thidua"])
    url = f"/decisions/{rules.pk}/list/"
    # Given a list breaking the rules, when it is sent, then the preview shows the warnings
    # by row and name and nothing is written.
    response = client.post(url, {"version": rules.version, "file": xlsx(ROWS)})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="list-warnings"' in body and 'data-testid="confirm-import"' in body
    assert 'data-row="2" data-code="repeat"' in body and 'data-row="4" data-code="quota"' in body
    assert "Trung đoàn 98" in body
    assert not Nomination.objects.filter(decision=rules).exists()
    held = response.context["held"]
    # When the officer confirms, then the decision's list is recorded.
    confirmed = client.post(url, {**held, "confirm": "1"})
    assert confirmed.status_code == 302, confirmed.content.decode()[:2000]
    assert Nomination.objects.filter(decision=rules).count() == 3
    # A confirmation without a file held writes nothing and asks for the file again.
    other = record(users, D(2022, 8, 1), "88/QĐ-BTL", 1)
    for sent in ({}, {"staged": "%%%"}):
        damaged = client.post(f"/decisions/{other.pk}/list/", {**sent, "confirm": "1"})
        assert damaged.status_code == 302
    assert not Nomination.objects.filter(decision=other).exists()


def test_the_page_checks_a_clean_list_first_when_asked(client, users, rules):
    client.force_login(users["qk2.thidua"])
    url = f"/decisions/{rules.pk}/list/"
    checked = client.post(url, {"version": rules.version, "file": xlsx([ROWS[1]]), "preview": "1"})
    body = checked.content.decode()
    assert checked.status_code == 200 and 'data-testid="list-preview"' in body
    assert 'data-testid="list-warnings"' not in body
    assert not Nomination.objects.filter(decision=rules).exists()
    done = client.post(url, {**checked.context["held"], "confirm": "1"})
    assert done.status_code == 302
    assert Nomination.objects.filter(decision=rules).count() == 1
    # A reporter may not import, nor preview.
    client.force_login(users["qk2.baocao"])
    assert client.post(url, {"file": xlsx([ROWS[2]]), "preview": "1"}).status_code == 403

"""Counts without names, reconciled: a decision recorded from paper with its counts gets its
named list later from Excel (all or nothing, problems by sheet, row and column); the
reconciliation sets each declared count beside the named rows; the campaign's summary counts
a named award under a counted decision once."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tongket.awards import counts, lists, selectors
from tongket.awards.models import AwardDecision, AwardForm, Nomination
from tongket.core.errors import Conflict, DomainError, NotFound, RowErrors
from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.core.text import search_key
from tongket.org.models import Person, Unit
from tongket.reviews.models import ReviewCampaign

pytestmark = pytest.mark.django_db
D = datetime.date
HEADER = ["TT", "Tập thể, cá nhân", "Loại", "Mã đơn vị / Đơn vị", "Đơn vị đề nghị"]


def xlsx(rows: list[list[Any]], header: list[str] = HEADER, sheet: str = lists.SHEET) -> Any:
    book = Workbook()
    page = book.active
    page.title = sheet
    page.append(header)
    for row in rows:
        page.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(
        "danh-sach.xlsx",
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@pytest.fixture
def c623() -> ReviewCampaign:
    return ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")


@pytest.fixture
def paper(users, c623) -> AwardDecision:
    """Quân khu 2's Giấy khen of 09/07/2022 for the review of 623, entered from paper with its
    counts only: 3 collectives and 2 individuals."""
    return counts.decision_record(
        by=users["qk2.thidua"],
        issuer=Unit.objects.get(code="QK2"),
        form=AwardForm.objects.get(code="GK"),
        symbol="77/QĐ-BTL",
        issued_on=D(2022, 7, 9),
        campaign=c623,
        counts=[
            {"nominee_kind": "collective", "count": 3},
            {"nominee_kind": "individual", "count": 2},
        ],
    )


def people(n: int) -> list[Person]:
    """People kept under Quân khu 2 whose name no one else there carries."""
    qk2 = Unit.objects.get(code="QK2")
    found = []
    for person in Person.objects.filter(unit__path__startswith=qk2.path).order_by("pk"):
        twins = Person.objects.filter(search_key=search_key(person.full_name)).count()
        if twins == 1:
            found.append(person)
        if len(found) == n:
            return found
    raise AssertionError("not enough people")


def lines_of(decision: AwardDecision) -> dict[tuple[str, str], tuple[Any, int, str]]:
    return {
        (line.outcome, line.kind): (line.declared, line.named, line.status)
        for line in lists.decision_reconciliation(user=SYSTEM, decision=decision)
    }


def test_the_list_imported_later_reconciles_with_the_counts_and_counts_once(users, paper, c623):
    # Given the decision with counts and no names, and the campaign's summary
    assert lines_of(paper) == {
        ("awarded", "collective"): (3, 0, "names_missing"),
        ("awarded", "individual"): (2, 0, "names_missing"),
    }
    before = selectors.campaign_awards_summary(user=SYSTEM, campaign=c623)
    a, b = people(2)
    regiment = Unit.objects.filter(code__startswith="SD316-E").order_by("code").first()
    # When the officer imports two collectives (by code, and by name) and both individuals
    result = lists.decision_list_import(
        by=users["qk2.thidua"],
        decision=paper,
        version=paper.version,
        upload=xlsx(
            [
                [1, regiment.name, "Tập thể", regiment.code, "Sư đoàn 316"],
                [2, Unit.objects.get(code="BCHQS-LC").name, "tập thể", None, None],
                [3, a.full_name, "Cá nhân", a.unit.name, None],
                [4, b.full_name.upper(), "Ca nhan", None, None],
            ]
        ),
    )
    # Then they are named as approved awards of the decision
    assert result == {"created": 4, "linked": 0, "collectives": 2, "individuals": 2}
    named = Nomination.objects.filter(decision=paper)
    assert {n.nominee_name for n in named} == {
        regiment.name,
        Unit.objects.get(code="BCHQS-LC").name,
        a.full_name,
        b.full_name,
    }
    assert {n.state for n in named} == {"approved"}
    assert named.get(nominee_unit=regiment).proposing_unit.code == "SD316"
    # and the reconciliation shows one collective still unnamed, the individuals matching
    assert lines_of(paper) == {
        ("awarded", "collective"): (3, 2, "names_missing"),
        ("awarded", "individual"): (2, 2, "match"),
    }
    # and the summary is unchanged: the named awards are inside the counts, counted once
    after = selectors.campaign_awards_summary(user=SYSTEM, campaign=c623)
    assert after["awarded"] == before["awarded"]
    assert after["named"]["awarded"]["collectives"] == before["named"]["awarded"]["collectives"] + 2
    assert after["named"]["awarded"]["individuals"] == before["named"]["awarded"]["individuals"] + 2
    # and the decision moved on a version, the import logged
    assert AwardDecision.objects.get(pk=paper.pk).version == paper.version + 1
    assert ChangeLog.objects.filter(action="decision_list_import", object_id=str(paper.pk)).exists()


def test_a_file_with_bad_rows_is_refused_whole_naming_sheet_row_and_column(users, paper):
    (a,) = people(1)
    upload = xlsx(
        [
            [1, "Sư đoàn 316", "Tập thể", "SD316", None],  # good
            [2, "Đơn vị không có", "Tập thể", "KHONGCO", None],  # no such unit
            [3, a.full_name, "Tổ chức", None, None],  # not a kind
            [4, "Sư đoàn 316", "Tập thể", "SD316", None],  # the same twice
            [5, "Nguyễn Không Tồn Tại", "Cá nhân", None, None],  # no such person
            [6, "Sư đoàn 316", "Tập thể", "BCHQS-LC", None],  # code and name disagree
        ]
    )
    with pytest.raises(RowErrors) as caught:
        lists.decision_list_import(by=users["qk2.thidua"], decision=paper, upload=upload)
    found = {(e["sheet"], e["row"], e["column"]) for e in caught.value.rows}
    assert found == {
        (lists.SHEET, 3, "Mã đơn vị / Đơn vị"),
        (lists.SHEET, 4, "Loại"),
        (lists.SHEET, 5, "Tập thể, cá nhân"),
        (lists.SHEET, 6, "Tập thể, cá nhân"),
        (lists.SHEET, 7, "Mã đơn vị / Đơn vị"),
    }
    # Nothing was written
    assert not Nomination.objects.filter(decision=paper).exists()
    assert AwardDecision.objects.get(pk=paper.pk).version == paper.version


def test_a_list_naming_more_than_the_count_is_refused(users, paper):
    a, b, c = people(3)
    upload = xlsx([[i, p.full_name, "Cá nhân", None, None] for i, p in enumerate([a, b, c], 1)])
    with pytest.raises(RowErrors) as caught:
        lists.decision_list_import(by=users["qk2.thidua"], decision=paper, upload=upload)
    assert [(e["row"], e["column"]) for e in caught.value.rows] == [(None, "Loại")]
    assert "2" in caught.value.rows[0]["message"]
    assert not Nomination.objects.filter(decision=paper).exists()


def test_a_missing_sheet_or_column_is_named(users, paper):
    with pytest.raises(RowErrors) as caught:
        lists.decision_list_import(
            by=users["qk2.thidua"], decision=paper, upload=xlsx([], sheet="Trang tính1")
        )
    assert caught.value.rows[0]["sheet"] == lists.SHEET
    with pytest.raises(RowErrors) as caught:
        lists.decision_list_import(
            by=users["qk2.thidua"], decision=paper, upload=xlsx([["x"]], header=["Tên"])
        )
    assert {e["column"] for e in caught.value.rows} == {"Tập thể, cá nhân", "Loại"}


def test_a_name_already_in_the_decision_is_refused_on_a_second_import(users, paper):
    upload = [[1, "Sư đoàn 316", "Tập thể", "SD316", None]]
    lists.decision_list_import(by=users["qk2.thidua"], decision=paper, upload=xlsx(upload))
    with pytest.raises(RowErrors) as caught:
        lists.decision_list_import(by=users["qk2.thidua"], decision=paper, upload=xlsx(upload))
    assert [(e["row"], e["column"]) for e in caught.value.rows] == [(2, "Tập thể, cá nhân")]
    assert Nomination.objects.filter(decision=paper).count() == 1


def test_a_stale_version_is_refused(users, paper):
    counts.decision_counts_set(
        by=users["qk2.thidua"],
        decision=paper,
        counts=[{"nominee_kind": "collective", "count": 4}],
        version=paper.version,
    )
    with pytest.raises(Conflict):
        lists.decision_list_import(
            by=users["qk2.thidua"],
            decision=paper,
            version=paper.version,
            upload=xlsx([[1, "Sư đoàn 316", "Tập thể", "SD316", None]]),
        )
    with pytest.raises(Conflict):
        counts.decision_counts_set(
            by=users["qk2.thidua"], decision=paper, counts=[], version=paper.version
        )


def test_a_generated_decision_keeps_its_annex_and_another_branch_sees_nothing(users, paper):
    generated = AwardDecision.objects.get(
        campaign__resolution__symbol="623-NQ/QUTW", issuer__code="QK2", form__code="BK-DV"
    )
    upload = xlsx([[1, "Sư đoàn 316", "Tập thể", "SD316", None]])
    with pytest.raises(DomainError) as caught:
        lists.decision_list_import(by=users["qk2.thidua"], decision=generated, upload=upload)
    assert caught.value.error_dict["file"][0].code == "generated"
    with pytest.raises(NotFound):
        lists.decision_list_import(by=users["daklak.theodoi"], decision=paper, upload=upload)
    assert not Nomination.objects.filter(decision=paper).exists()


def test_the_demo_decision_reconciles_with_its_counts(users):
    decision = AwardDecision.objects.get(
        campaign__resolution__symbol="623-NQ/QUTW", issuer__code="QK2", form__code="BK-DV"
    )
    assert lines_of(decision) == {
        ("awarded", "collective"): (26, 26, "match"),
        ("awarded", "individual"): (28, 28, "match"),
        ("proposed", "collective"): (3, 3, "match"),
        ("proposed", "individual"): (3, 3, "match"),
    }


def test_an_approved_nomination_waiting_for_this_decision_is_linked_not_repeated(
    users, paper, c623
):
    # Given an approved nomination of the same unit for the Giấy khen of Quân khu 2 in 2022
    from tongket.awards import services

    officer, qk2 = users["qk2.thidua"], Unit.objects.get(code="QK2")
    waiting = services.nomination_create(
        by=officer,
        proposing_unit=qk2,
        form=paper.form,
        year=2022,
        nominee_unit=Unit.objects.get(code="BCHQS-YB"),
        campaign=c623,
        achievement="Hoàn thành xuất sắc nhiệm vụ.",
    )
    services.nomination_submit(by=officer, nomination=waiting)
    services.nomination_council_review(by=officer, nomination=waiting, votes_for=7, votes_total=9)
    services.nomination_approve(by=officer, nomination=waiting)
    # When the list names that unit
    result = lists.decision_list_import(
        by=officer,
        decision=paper,
        upload=xlsx([[1, Unit.objects.get(code="BCHQS-YB").name, "Tập thể", "BCHQS-YB", None]]),
    )
    # Then the nomination is linked to the decision, not repeated
    assert result["created"] == 0 and result["linked"] == 1
    assert list(Nomination.objects.filter(decision=paper)) == [
        Nomination.objects.get(pk=waiting.pk)
    ]
    assert Nomination.objects.filter(nominee_unit__code="BCHQS-YB", form=paper.form).count() == 1

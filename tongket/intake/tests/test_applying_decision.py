"""A checked commendation decision becomes an award decision recorded from paper, with its
counts and the awardees it names, through the awards services; the text is linked to it and
to every award it names; a refusal anywhere writes nothing and names the field or row."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tongket.awards.models import AwardDecision, AwardForm, Nomination
from tongket.core.models import ChangeLog
from tongket.core.text import search_key
from tongket.intake.applying import sources_of
from tongket.intake.decision_applying import (
    AwardeeChoice,
    DecisionChoice,
    intake_apply_decision,
    intake_check_decision,
)
from tongket.intake.models import IntakeSource
from tongket.org.models import Person, Unit

pytestmark = pytest.mark.django_db

TEXT = "QUYẾT ĐỊNH Về việc khen thưởng … Điều 1. Tặng Bằng khen cho 2 tập thể và 2 cá nhân …"


def _people(n: int) -> list[Person]:
    """People kept under Quân khu 2 whose name no one else carries."""
    qk2 = Unit.objects.get(code="QK2")
    found = []
    for person in Person.objects.filter(unit__path__startswith=qk2.path).order_by("pk"):
        if Person.objects.filter(search_key=search_key(person.full_name)).count() == 1:
            found.append(person)
        if len(found) == n:
            return found
    raise AssertionError("not enough people")


def _decision(**overrides) -> DecisionChoice:
    values = {
        "issuer": Unit.objects.get(code="QK2"),
        "form": AwardForm.objects.get(code="BK-DV"),
        "issued_on": datetime.date(2021, 12, 20),
        "symbol": "1250/QĐ-BTL",
        "collectives": 2,
        "individuals": 2,
        "reason": "Đã có thành tích xuất sắc trong 10 năm thực hiện Nghị quyết 623-NQ/QUTW",
    }
    return DecisionChoice(**{**values, **overrides})


def _awardees() -> list[AwardeeChoice]:
    a, b = _people(2)
    return [
        AwardeeChoice("collective", "Trung đoàn 98, Sư đoàn 316", "SD316-E98"),
        AwardeeChoice("collective", "Bộ Chỉ huy Quân sự tỉnh Lào Cai", "Bộ CHQS Lào Cai"),
        AwardeeChoice("individual", a.full_name, a.unit.code),
        AwardeeChoice("individual", b.full_name, ""),
    ]


def _recorded(by, decision=None, awardees=None):
    return intake_apply_decision(
        by=by,
        text=TEXT,
        facts={"published": "2022-07-15", "decision": {"symbol": "1250/QĐ-BTL"}},
        decision=decision or _decision(),
        awardees=_awardees() if awardees is None else awardees,
    )


def _apply(by, decision=None, awardees=None):
    return _recorded(by, decision, awardees).decision


def test_the_decision_is_recorded_with_counts_and_names_and_the_text_linked(users):
    awardees = _awardees()
    record = _apply(users["qk2.thidua"], awardees=awardees)
    # The decision is recorded from paper, with its number, date, body, form and reason
    record = AwardDecision.objects.get(pk=record.pk)
    assert (record.issuer.code, record.form.code, record.symbol) == ("QK2", "BK-DV", "1250/QĐ-BTL")
    assert record.issued_on == datetime.date(2021, 12, 20) and record.document_id is None
    assert record.reason.startswith("Đã có thành tích")
    counts = {(c.outcome, c.nominee_kind): c.count for c in record.counts.all()}
    assert counts == {("awarded", "collective"): 2, ("awarded", "individual"): 2}
    # The awardees are named as approved awards of the decision
    named = Nomination.objects.filter(decision=record)
    assert {n.nominee_name for n in named} == {
        Unit.objects.get(code="SD316-E98").name,
        Unit.objects.get(code="BCHQS-LC").name,
        awardees[2].name,
        awardees[3].name,
    }
    assert {n.state for n in named} == {"approved"}
    # The text is kept, for the issuing body, linked to the decision and to each award
    (source,) = sources_of(record)
    assert source.text == TEXT and source.unit.code == "QK2"
    assert all(sources_of(n) == [source] for n in named)
    assert source.links.count() == 5


def test_a_decision_of_counts_only_is_recorded_without_names(users):
    record = _apply(
        users["qk2.thidua"], decision=_decision(collectives=12, individuals=25), awardees=[]
    )
    counts = {c.nominee_kind: c.count for c in record.counts.all()}
    assert counts == {"collective": 12, "individual": 25}
    assert not record.nominations.exists() and len(sources_of(record)) == 1


def test_an_awardee_not_found_refuses_everything_naming_the_row(users):
    awardees = _awardees()
    awardees[3] = AwardeeChoice("individual", "Nguyễn Không Tồn Tại", "")
    with pytest.raises(ValidationError) as caught:
        _apply(users["qk2.thidua"], awardees=awardees)
    assert set(caught.value.error_dict) == {"awardees-3-name"}
    assert not AwardDecision.objects.filter(symbol="1250/QĐ-BTL").exists()
    assert not IntakeSource.objects.filter(text=TEXT).exists()


def test_a_count_lower_than_the_names_is_refused_on_its_field(users):
    with pytest.raises(ValidationError) as caught:
        _apply(users["qk2.thidua"], decision=_decision(individuals=1))
    assert set(caught.value.error_dict) == {"individuals"}
    assert not AwardDecision.objects.filter(symbol="1250/QĐ-BTL").exists()


def test_a_form_the_body_may_not_give_is_refused_on_the_form(users):
    with pytest.raises(ValidationError) as caught:
        _apply(users["qk2.thidua"], decision=_decision(form=AwardForm.objects.get(code="BK-TTG")))
    assert set(caught.value.error_dict) == {"form"}
    assert not IntakeSource.objects.filter(text=TEXT).exists()


def test_only_who_handles_the_bodys_commendations_may_apply(users):
    with pytest.raises(PermissionDenied):
        _apply(users["qk2.theodoi"])
    assert not AwardDecision.objects.filter(symbol="1250/QĐ-BTL").exists()
    assert not IntakeSource.objects.filter(text=TEXT).exists()


def test_awardees_given_the_form_again_too_soon_are_recorded_and_warned_by_row(users):
    # Given a form given once in three years, and a decision of Quân khu 2 of 2021 recorded
    # with its four awardees, the two people not warned (they had no such award)
    AwardForm.objects.filter(code="BK-DV").update(repeat_years=3)
    awardees = _awardees()
    first = _recorded(users["qk2.thidua"], awardees=awardees)
    assert [w.field for w in first.warnings if w.name in {a.name for a in awardees[2:]}] == []
    # When a decision of 2022 gives the same form to the last two again
    second = _recorded(
        users["qk2.thidua"],
        decision=_decision(
            symbol="1311/QĐ-BTL",
            issued_on=datetime.date(2022, 12, 20),
            collectives=0,
            individuals=2,
        ),
        awardees=awardees[2:],
    )
    # Then it is recorded (a decision taken on paper is a fact) and each is warned on its row
    assert Nomination.objects.filter(decision=second.decision).count() == 2
    assert [(w.field, w.name, w.code) for w in second.warnings] == [
        ("awardees-0", awardees[2].name, "repeat"),
        ("awardees-1", awardees[3].name, "repeat"),
    ]
    assert "1250/QĐ-BTL" in second.warnings[0].message


def test_a_dry_run_tells_what_recording_would_and_records_nothing(users):
    """Given a form given once in three years and a decision of 2021 recorded, when a decision
    of 2022 naming two of its people again is checked, then the check tells the same warnings
    recording it then tells, and until then nothing of it exists."""
    AwardForm.objects.filter(code="BK-DV").update(repeat_years=3)
    awardees = _awardees()
    _recorded(users["qk2.thidua"], awardees=awardees)
    later = _decision(
        symbol="1311/QĐ-BTL", issued_on=datetime.date(2022, 12, 20), collectives=0, individuals=2
    )
    before = (Nomination.objects.count(), ChangeLog.objects.count(), IntakeSource.objects.count())
    checked = intake_check_decision(
        by=users["qk2.thidua"], text=TEXT, facts={}, decision=later, awardees=awardees[2:]
    )
    assert [(w.field, w.name, w.code) for w in checked] == [
        ("awardees-0", awardees[2].name, "repeat"),
        ("awardees-1", awardees[3].name, "repeat"),
    ]
    assert not AwardDecision.objects.filter(symbol="1311/QĐ-BTL").exists()
    assert (
        Nomination.objects.count(),
        ChangeLog.objects.count(),
        IntakeSource.objects.count(),
    ) == before
    recorded = _recorded(users["qk2.thidua"], decision=later, awardees=awardees[2:])
    assert recorded.warnings == checked


def test_a_dry_run_is_refused_as_recording_is(users):
    """A check names the field a recording would be refused on (a count below the names), and
    only who may record may check."""
    with pytest.raises(ValidationError) as caught:
        intake_check_decision(
            by=users["qk2.thidua"],
            text=TEXT,
            facts={},
            decision=_decision(individuals=1),
            awardees=_awardees(),
        )
    assert set(caught.value.error_dict) == {"individuals"}
    with pytest.raises(PermissionDenied):
        intake_check_decision(
            by=users["qk2.theodoi"], text=TEXT, facts={}, decision=_decision(), awardees=[]
        )

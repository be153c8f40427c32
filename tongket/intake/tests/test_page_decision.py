"""The page "Nhập từ văn bản" with a pasted commendation decision: it proposes an award
decision (authority and form matched in the catalogue, number, date, counts, the awardees
named) on the same page; the officer corrects it and records it at once, or is told which
field or row is wrong with nothing written."""

from __future__ import annotations

import pytest
from django.test import Client

from tongket.awards.models import AwardDecision, AwardForm
from tongket.core.text import search_key
from tongket.intake.models import IntakeSource
from tongket.intake.tests.test_page import _fields
from tongket.org.models import Person, Unit

pytestmark = pytest.mark.django_db

DECISION = """BỘ QUỐC PHÒNG
BỘ TƯ LỆNH QUÂN KHU 2
Số: 1377/QĐ-BTL
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Phú Thọ, ngày 20 tháng 12 năm 2021
QUYẾT ĐỊNH
Về việc khen thưởng tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua Quyết thắng năm 2021
TƯ LỆNH QUÂN KHU 2
Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;
Xét đề nghị của Chủ nhiệm Chính trị Quân khu,
QUYẾT ĐỊNH:
Điều 1. Tặng Bằng khen của Tư lệnh Quân khu cho 2 tập thể và 1 cá nhân (có danh sách kèm theo) đã có thành tích xuất sắc trong phong trào thi đua Quyết thắng năm 2021.
Điều 2. Chủ nhiệm Chính trị Quân khu và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.
DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN
I. TẬP THỂ
1. Trung đoàn 98, Sư đoàn 316;
2. Bộ Chỉ huy Quân sự tỉnh Lào Cai.
II. CÁ NHÂN
1. Thiếu tá {person}, Trợ lý, {unit}.
"""


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _person() -> Person:
    """A person kept under a provincial command of Quân khu 2 whose name no one else carries."""
    for person in Person.objects.filter(unit__code__startswith="BCHQS-").order_by("pk"):
        if person.unit.path.startswith(Unit.objects.get(code="QK2").path) and (
            Person.objects.filter(search_key=search_key(person.full_name)).count() == 1
        ):
            return person
    raise AssertionError("no such person")


def _text(person: Person) -> str:
    return DECISION.format(person=person.full_name, unit=person.unit.name)


def _form_data(html: str) -> dict[str, str]:
    return _fields(html.split('data-testid="intake-decision-form"')[1])


def test_a_pasted_decision_is_proposed_corrected_and_recorded_with_its_awardees(users):
    person = _person()
    client = _client(users["qk2.thidua"])
    # When the commendation officer pastes the decision and reads it
    page = client.post("/intake/", {"step": "read", "text": _text(person)})
    html = page.content.decode()
    # Then the page proposes an award decision, not a meeting
    assert page.status_code == 200
    assert 'data-testid="intake-decision-form"' in html
    assert 'data-testid="intake-apply-form"' not in html
    data = _form_data(html)
    # with the authority and the form matched in the catalogue, its number, date and counts
    assert Unit.objects.get(pk=data["issuer"]).code == "QK2"
    assert data["award_form"] and data["symbol"] == "1377/QĐ-BTL"
    assert data["issued_on"] == "2021-12-20"
    assert (data["collectives"], data["individuals"]) == ("2", "1")
    # and the three awardees named, the units matched given by their code
    assert html.count('data-testid="intake-awardee"') == 3
    assert data["awardees-0-kind"] == "collective" and data["awardees-0-unit"] == "SD316-E98"
    assert data["awardees-1-unit"] == "BCHQS-LC"
    assert data["awardees-2-kind"] == "individual"
    assert data["awardees-2-name"] == person.full_name
    assert data["awardees-2-unit"] == person.unit.code
    # When the officer accepts it as read
    data["step"] = "apply_decision"
    done = client.post("/intake/", data)
    # Then the decision is recorded with its counts and names, and the text linked to it
    assert done.status_code == 302, done.content.decode()[:2000]
    decision = AwardDecision.objects.get(symbol="1377/QĐ-BTL")
    assert decision.issuer.code == "QK2" and decision.form.code == "BK-DV"
    assert {c.nominee_kind: c.count for c in decision.counts.all()} == {
        "collective": 2,
        "individual": 1,
    }
    assert {n.nominee_name for n in decision.nominations.all()} == {
        "Trung đoàn 98",
        "Bộ Chỉ huy Quân sự tỉnh Lào Cai",
        person.full_name,
    }
    result = client.get(done["Location"]).content.decode()
    assert (
        'data-testid="made-decision"' in result and result.count('data-testid="made-awardee"') == 3
    )


def test_errors_name_the_field_or_the_row_and_nothing_is_written(users):
    person = _person()
    client = _client(users["qk2.thidua"])
    page = client.post("/intake/", {"step": "read", "text": _text(person)})
    data = _form_data(page.content.decode())
    data["step"] = "apply_decision"
    # When the officer writes a person the registry does not hold on the third row
    data["awardees-2-name"] = "Nguyễn Không Tồn Tại"
    data["awardees-2-unit"] = ""
    answer = client.post("/intake/", data)
    html = answer.content.decode()
    # Then the page comes back with the error on that row's name, and nothing was recorded
    assert answer.status_code == 200
    row_error = html.split('id="id_awardees-2-name-errors"')[1].split("</ul>")[0]
    assert "Nguyễn Không Tồn Tại" in row_error
    assert 'id="id_awardees-0-name-errors"' not in html
    assert not AwardDecision.objects.filter(symbol="1377/QĐ-BTL").exists()
    assert not IntakeSource.objects.filter(text__contains="1377/QĐ-BTL").exists()


def test_a_count_below_the_names_is_refused_beside_the_count(users):
    person = _person()
    client = _client(users["qk2.thidua"])
    page = client.post("/intake/", {"step": "read", "text": _text(person)})
    data = {**_form_data(page.content.decode()), "step": "apply_decision", "collectives": "1"}
    answer = client.post("/intake/", data)
    html = answer.content.decode()
    # Then the count is refused beside it (the list names two), and nothing is recorded
    assert answer.status_code == 200
    assert 'id="id_collectives-errors"' in html
    assert 'id="id_individuals-errors"' not in html
    assert not AwardDecision.objects.filter(symbol="1377/QĐ-BTL").exists()


def test_who_does_not_handle_commendations_gets_the_meeting_proposal(users):
    client = _client(users["qk2.theodoi"])
    page = client.post("/intake/", {"step": "read", "text": _text(_person())})
    html = page.content.decode()
    assert 'data-testid="intake-apply-form"' in html
    assert 'data-testid="intake-decision-form"' not in html
    # and is told why: the text is a decision, recorded as one by who handles commendations
    assert "đọc như một quyết định khen thưởng" in html


def test_the_officer_may_read_the_decision_as_a_meeting_instead(users):
    client = _client(users["qk2.thidua"])
    page = client.post("/intake/", {"step": "read", "read_as": "meeting", "text": _text(_person())})
    html = page.content.decode()
    assert 'data-testid="intake-apply-form"' in html
    assert 'data-testid="intake-decision-form"' not in html
    assert "đọc như một quyết định khen thưởng" not in html


def test_a_person_the_register_does_not_hold_is_counted_not_named(users):
    """Given a decision naming a person the register of people does not hold (as most real
    lists do), when read, then that row comes unticked with a note saying so, and accepting
    the proposal as read records the decision with its counts (the person counted) and names
    the collectives only."""
    client = _client(users["qk2.thidua"])
    text = DECISION.format(person="Giàng A Páo", unit="Bộ Chỉ huy Quân sự tỉnh Lào Cai")
    page = client.post("/intake/", {"step": "read", "text": text})
    html = page.content.decode()
    data = _form_data(html)
    assert "awardees-0-use" in data and "awardees-1-use" in data
    assert "awardees-2-use" not in data  # unticked
    assert html.count('data-testid="intake-awardee-unknown"') == 1
    data["step"] = "apply_decision"
    done = client.post("/intake/", data)
    assert done.status_code == 302, done.content.decode()[:2000]
    decision = AwardDecision.objects.get(symbol="1377/QĐ-BTL")
    assert {c.nominee_kind: c.count for c in decision.counts.all()} == {
        "collective": 2,
        "individual": 1,
    }
    assert {n.nominee_name for n in decision.nominations.all()} == {
        "Trung đoàn 98",
        "Bộ Chỉ huy Quân sự tỉnh Lào Cai",
    }


def _person_awarded_then_named_again(users):  # type: ignore[no-untyped-def]
    """Given the form given once in three years and the decision of 2021 recorded from its
    text, the decision of 2023 naming the person alone (the collectives unticked), read: the
    client, the person, and the data to post back."""
    AwardForm.objects.filter(code="BK-DV").update(repeat_years=3)
    person = _person()
    client = _client(users["qk2.thidua"])
    data = _form_data(
        client.post("/intake/", {"step": "read", "text": _text(person)}).content.decode()
    )
    data["step"] = "apply_decision"
    assert client.post("/intake/", data).status_code == 302
    later = _text(person).replace("1377/QĐ-BTL", "1502/QĐ-BTL").replace("năm 2021", "năm 2023")
    data = _form_data(client.post("/intake/", {"step": "read", "text": later}).content.decode())
    assert data["issued_on"] == "2023-12-20"
    for row in ("0", "1"):
        data.pop(f"awardees-{row}-use", None)
    return client, person, data | {"step": "apply_decision", "collectives": "0"}


def test_awardees_given_the_form_again_too_soon_are_recorded_and_told_on_their_rows(users):
    # Given a person awarded in 2021, when the decision of 2023 naming them is recorded
    client, person, data = _person_awarded_then_named_again(users)
    done = client.post("/intake/", data, follow=True)
    # Then it is recorded, and the page says the person, on the third row, had the form in 2021
    assert AwardDecision.objects.get(symbol="1502/QĐ-BTL").nominations.count() == 1
    warnings = [str(m) for m in done.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"Dòng 3, {person.full_name}: ")
    assert "năm 2021 (1377/QĐ-BTL)" in warnings[0]


def test_check_shows_the_warnings_on_their_rows_before_anything_is_recorded(users):
    # Given a person awarded in 2021, when the decision of 2023 naming them is checked
    client, _person_named, data = _person_awarded_then_named_again(users)
    checked = client.post("/intake/", {**data, "check": "1"})
    # Then the page comes back with the warning on the person's row, nothing recorded
    assert checked.status_code == 200
    assert not AwardDecision.objects.filter(symbol="1502/QĐ-BTL").exists()
    html = checked.content.decode()
    rows = html.split('data-testid="intake-awardee"')[1:]
    assert [row.count('data-testid="intake-awardee-warning"') for row in rows] == [0, 0, 1]
    assert "năm 2021 (1377/QĐ-BTL)" in rows[2]
    told = [str(m) for m in checked.context["messages"]]
    assert told == [
        "Đã kiểm tra, chưa ghi gì: có 1 cảnh báo về những người, tập thể được khen dưới đây. "
        "Quyết định đã ban hành trên giấy là sự việc đã có: vẫn có thể ghi nhận."
    ]
    # And recording it as checked then records it
    assert client.post("/intake/", data).status_code == 302
    assert AwardDecision.objects.get(symbol="1502/QĐ-BTL").nominations.count() == 1

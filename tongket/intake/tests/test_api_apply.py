"""POST /api/v1/intake/apply/ and /apply-decision/: what an API client read from a text with
/api/v1/intake/, as it checked it, made into records through the page's services: a meeting
with its people, award counts and tasks; a commendation decision with its counts and the
awardees it names. A refusal names the field or the row sent and writes nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from tongket.awards.models import AwardDecision, AwardForm
from tongket.core.models import ChangeLog
from tongket.intake.models import IntakeSource
from tongket.intake.tests.test_api import api
from tongket.intake.tests.test_page import ARTICLE
from tongket.intake.tests.test_page_decision import _person, _text
from tongket.meetings.choices import TimeOfDay
from tongket.meetings.models import Meeting
from tongket.org.models import Person

pytestmark = pytest.mark.django_db


def _written() -> tuple[int, int, int, int]:
    return (
        Meeting.objects.count(),
        AwardDecision.objects.count(),
        IntakeSource.objects.count(),
        ChangeLog.objects.count(),
    )


def _meeting_proposal(facts: dict[str, Any]) -> dict[str, Any]:
    """The read answer as a client checks it: the host and the meeting's kind chosen, each
    row as read, the conclusion's body given by the unit the text named (its id)."""
    units = {unit["name"]: unit["match"] for unit in facts["units"]}
    event = facts["events"][0]
    return {
        "text": facts["text"],
        "facts": facts,
        "host_unit": "DU-QK2",
        "kind": "review_conference",
        "title": "Hội nghị tổng kết 10 năm thực hiện Nghị quyết 623-NQ/QUTW",
        "date": event["date"],
        "time_of_day": event["time_of_day"],  # the word read ("sáng"), taken as it came
        "format": event["format"],
        "people": [
            {key: p[key] for key in ("name", "rank", "positions", "role", "match")}
            for p in facts["people"]
        ],
        "awards": [
            {
                "form": a["form"] or "Bằng khen",
                "collectives": a["collectives"],
                "individuals": a["individuals"],
                "proposed_to_higher": a["proposed_to_higher"],
                "given_by": a["by"] or "",
            }
            for a in facts["awards"]
        ],
        "conclusions": [
            {"text": c["text"], "assignee": units[c["assignee"]], "deadline": c["deadline"]}
            for c in facts["conclusions"]
        ],
    }


def _read_article(client: Any, chair: Person) -> dict[str, Any]:
    read = client.post(
        "/api/v1/intake/",
        {"text": ARTICLE.format(chair=chair.full_name), "published": "2022-07-08"},
        format="json",
    )
    assert read.status_code == 200, read.content
    return read.json()


def test_a_conference_article_read_then_applied_makes_the_meeting_and_its_records(users):
    # Given Quân khu 2's tracking officer who read an article whose chair the registry holds
    chair = Person.objects.filter(unit__code="QK2").first()
    client = api(users["qk2.theodoi"])
    facts = _read_article(client, chair)
    # When the proposal is posted back as read
    done = client.post("/api/v1/intake/apply/", _meeting_proposal(facts), format="json")
    # Then the meeting is made with its chair, the presenter as a guest, both award counts
    # and the conclusion's task, and the answer links each record made
    assert done.status_code == 201, done.content
    body = done.json()
    meeting = Meeting.objects.get(pk=body["id"])
    assert body["url"] == f"/api/v1/meetings/{meeting.pk}/"
    assert meeting.host_unit.code == "DU-QK2" and meeting.chair == chair
    assert meeting.date.isoformat() == "2022-07-08" and meeting.format == "hybrid"
    assert facts["events"][0]["time_of_day"] == "sáng"
    assert meeting.time_of_day == TimeOfDay.MORNING
    assert "Thiếu tướng Hoàng Văn Khách, Phó Tư lệnh Quân khu" in meeting.guests
    assert [
        (a.collectives, a.individuals, a.proposed_to_higher, a.given_by)
        for a in meeting.award_counts.order_by("pk")
    ] == [(26, 28, False, "Bộ Tư lệnh Quân khu"), (3, 3, True, "Bộ Quốc phòng")]
    task = meeting.conclusions.get().tasks.get()
    assert task.deadline.isoformat() == "2022-07-30" and task.assignee.name == "Đảng ủy Quân khu 2"
    source = IntakeSource.objects.get(pk=body["source"])
    assert source.text == facts["text"] and body["page"] == f"/intake/{source.pk}/"
    assert sorted(r["type"] for r in body["records"]) == [
        "conclusion",
        "followuptask",
        "meeting",
        "meetingawardcount",
        "meetingawardcount",
    ]
    links = {r["type"]: r["url"] for r in body["records"]}
    assert links["followuptask"] == f"/api/v1/follow-up-tasks/{task.pk}/"
    assert client.get(body["url"]).json()["chair"] == chair.pk


def test_a_bad_row_is_named_among_the_rows_sent_and_nothing_is_written(users):
    chair = Person.objects.filter(unit__code="QK2").first()
    client = api(users["qk2.theodoi"])
    proposal = _meeting_proposal(_read_article(client, chair))
    before = _written()
    # When the first award count is left out and the second is sent without a number
    proposal["awards"][0]["use"] = False
    proposal["awards"][1] |= {"collectives": 0, "individuals": 0}
    refused = client.post("/api/v1/intake/apply/", proposal, format="json")
    # Then the second row sent is named (the service was given it first), nothing written
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"awards[2]"}, refused.json()
    assert _written() == before
    # And a conclusion given to a unit the registry does not know is named by its row
    proposal["awards"][1] |= {"collectives": 3}
    proposal["conclusions"][0]["assignee"] = "KHONG-CO"
    refused = client.post("/api/v1/intake/apply/", proposal, format="json")
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"conclusions[1].assignee"}, refused.json()
    assert _written() == before


def test_who_may_not_record_the_meeting_or_the_decision_is_refused(users):
    chair = Person.objects.filter(unit__code="QK2").first()
    proposal = _meeting_proposal(_read_article(api(users["qk2.theodoi"]), chair))
    before = _written()
    # A commendation officer of Quân khu 2 records no meetings: 403
    refused = api(users["qk2.thidua"]).post("/api/v1/intake/apply/", proposal, format="json")
    assert refused.status_code == 403, refused.content
    # Tổng cục CNQP's reporter does not see the host unit: it reads as unknown
    hidden = api(users["cnqp.baocao"]).post("/api/v1/intake/apply/", proposal, format="json")
    assert hidden.status_code == 400 and set(hidden.json()["errors"]) == {"host_unit"}
    # The tracking officer handles no commendations: 403 on the decision
    decision = _decision_proposal(api(users["qk2.theodoi"]), _text(_person()))
    refused = api(users["qk2.theodoi"]).post(
        "/api/v1/intake/apply-decision/", decision, format="json"
    )
    assert refused.status_code == 403, refused.content
    assert _written() == before


def _decision_proposal(client: Any, text: str) -> dict[str, Any]:
    read = client.post("/api/v1/intake/", {"text": text}, format="json")
    assert read.status_code == 200, read.content
    facts = read.json()
    decision = facts["decision"]
    return {
        "text": facts["text"],
        "facts": facts,
        "issuer": decision["issuer_match"],
        "form": "BK-DV",
        "symbol": decision["symbol"],
        "issued_on": decision["date"],
        "collectives": decision["collectives"],
        "individuals": decision["individuals"],
        "reason": decision["reason"],
        "awardees": [
            {"kind": a["kind"], "name": a["name"], "unit": a["unit_match"] or ""}
            for a in decision["awardees"]
        ],
    }


def test_a_decision_read_then_applied_is_recorded_with_its_counts_and_names(users):
    # Given Quân khu 2's commendation officer who read a decision naming two collectives and
    # a person the registry holds
    person = _person()
    client = api(users["qk2.thidua"])
    proposal = _decision_proposal(client, _text(person))
    # When the proposal is posted back as read
    done = client.post("/api/v1/intake/apply-decision/", proposal, format="json")
    # Then the decision is recorded with its counts and the awardees named, the text linked
    assert done.status_code == 201, done.content
    body = done.json()
    decision = AwardDecision.objects.get(pk=body["id"])
    assert body["url"] == f"/api/v1/award-decisions/{decision.pk}/"
    assert (decision.issuer.code, decision.form.code, decision.symbol) == (
        "QK2",
        "BK-DV",
        "1377/QĐ-BTL",
    )
    assert {c.nominee_kind: c.count for c in decision.counts.all()} == {
        "collective": 2,
        "individual": 1,
    }
    assert {n.nominee_name for n in decision.nominations.all()} == {
        "Trung đoàn 98",
        "Bộ Chỉ huy Quân sự tỉnh Lào Cai",
        person.full_name,
    }
    assert sorted(r["type"] for r in body["records"]) == ["awarddecision"] + ["nomination"] * 3
    assert IntakeSource.objects.get(pk=body["source"]).unit.code == "QK2"
    assert body["warnings"] == []
    # And, the form being given once in three years, a decision two years later naming
    # the same awardees is recorded too, each warned on its row as sent
    AwardForm.objects.filter(code="BK-DV").update(repeat_years=3)
    issued = datetime.date.fromisoformat(proposal["issued_on"])
    proposal |= {
        "symbol": "1378/QĐ-BTL",
        "issued_on": issued.replace(year=issued.year + 2).isoformat(),
    }
    # (checked first with a dry run: the same warnings, nothing recorded)
    before = _written()
    checked = client.post("/api/v1/intake/apply-decision/?dry_run=true", proposal, format="json")
    assert checked.status_code == 200, checked.content
    assert checked.json()["recorded"] is False
    assert _written() == before
    assert not AwardDecision.objects.filter(symbol="1378/QĐ-BTL").exists()
    again = client.post("/api/v1/intake/apply-decision/", proposal, format="json")
    assert again.status_code == 201, again.content
    warned = again.json()["warnings"]
    assert checked.json()["warnings"] == warned
    assert [(w["field"], w["code"]) for w in warned] == [
        ("awardees[1]", "repeat"),
        ("awardees[2]", "repeat"),
        ("awardees[3]", "repeat"),
    ]
    assert warned[2]["name"] == person.full_name and "1377/QĐ-BTL" in warned[2]["message"]


def test_a_decision_with_an_unknown_person_names_the_row_and_writes_nothing(users):
    client = api(users["qk2.thidua"])
    proposal = _decision_proposal(client, _text(_person()))
    proposal["awardees"][2] |= {"name": "Nguyễn Không Tồn Tại", "unit": ""}
    before = _written()
    refused = client.post("/api/v1/intake/apply-decision/", proposal, format="json")
    assert refused.status_code == 400
    errors = refused.json()["errors"]
    assert set(errors) == {"awardees[3].name"}, errors
    # A dry run is refused the same way
    checked = client.post("/api/v1/intake/apply-decision/?dryRun=true", proposal, format="json")
    assert (checked.status_code, checked.json()["errors"]) == (400, errors)
    assert _written() == before
    assert "Nguyễn Không Tồn Tại" in errors["awardees[3].name"][0]
    assert _written() == before


def test_the_schema_documents_both_operations_with_their_shapes():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, request in (
        ("/api/v1/intake/apply/", "IntakeApply"),
        ("/api/v1/intake/apply-decision/", "IntakeApplyDecision"),
    ):
        operation = schema["paths"][path]["post"]
        assert operation["requestBody"]["content"]["application/json"]["schema"] == {
            "$ref": f"#/components/schemas/{request}"
        }
        assert operation["responses"]["201"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/IntakeMade"
        }
        assert {"400", "403"} <= set(operation["responses"])
    components = schema["components"]["schemas"]
    assert {"people", "awards", "conclusions", "host_unit"} <= set(
        components["IntakeApply"]["properties"]
    )
    assert {"use", "match", "create"} <= set(components["PersonRow"]["properties"])
    assert {"issuer", "form", "awardees"} <= set(components["IntakeApplyDecision"]["properties"])

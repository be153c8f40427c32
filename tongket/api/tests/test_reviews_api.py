"""Review campaigns over REST: every step of the workflow by the role that owns it, the
refusals (wrong role, wrong state, no appraisal, required comments open, an adopted dossier
edited, a span outside the horizon), the dossier's drafts, diff and comments, the units'
review reports, downloads and the awards summary."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.core.models import ChangeLog
from tongket.documents.models import DocumentVersion
from tongket.meetings.models import Meeting
from tongket.org.models import User
from tongket.reviews.models import ReviewCampaign, UnitReviewReport

pytestmark = pytest.mark.django_db


def api(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def c623() -> ReviewCampaign:
    return ReviewCampaign.objects.get(resolution__symbol="623-NQ/QUTW")


def written() -> int:
    return ChangeLog.objects.count()


def test_the_whole_workflow_step_by_step_each_by_its_role(users):
    """Given Quân khu 2's review of 623 (drafting, no dossier yet), when each role takes its
    step over the API, then the dossier is drafted, consulted, commented, appraised,
    submitted, adopted at the conference of 08/07/2022 and the new resolution issued; every
    step taken by another role, or out of order, is refused and writes nothing."""
    campaign = c623()
    url = f"/api/v1/campaigns/{campaign.pk}"
    officer = api(users["qk2.theodoi"])  # standing agency, drafting team leader
    member = api(users["qk2.baocao"])  # drafting team member
    leader = api(users["qk2.duyet"])  # approver: appraises (CCT-QK2) and adopts (DU-QK2)
    outsider = api(users["qk2.thidua"])  # reaches the campaign, holds no role in it

    # Drafting the dossier is the standing agency's.
    before = written()
    response = member.post(f"{url}/synthesize/")
    assert response.status_code == 403, response.content
    assert written() == before
    response = officer.post(f"{url}/synthesize/")
    assert response.status_code == 200, response.content
    docs = {row["role"]: row["id"] for row in response.json()}
    assert set(docs) == {"report", "submission", "draft_resolution"}
    report_url = f"/api/v1/campaign-documents/{docs['report']}"

    # Adopting or submitting out of order is refused with the state.
    response = leader.post(f"{url}/adopt/", {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "state"

    # Consultation.
    assert member.post(f"{url}/consult/").status_code == 403
    response = officer.post(f"{url}/consult/")
    assert response.status_code == 200 and response.json()["state"] == "consultation"

    # A required comment by a member; none by someone outside the committee and the team.
    assert outsider.post(f"{report_url}/comments/", {"text": "X"}, format="json").status_code == 403
    response = member.post(
        f"{report_url}/comments/",
        {"text": "Bổ sung số liệu năm 2022.", "section_key": "ket-qua-chi-tieu", "required": True},
        format="json",
    )
    assert response.status_code == 201, response.content
    comment = response.json()["id"]
    response = member.post(
        f"{report_url}/comments/", {"text": "X", "section_key": "khong-co"}, format="json"
    )
    assert response.status_code == 400 and "section_key" in response.json()["errors"]

    # A new draft by the team; the diff shows what changed.
    content = member.get(f"{report_url}/").json()["content"]
    content[0]["text"] = "Văn bản mở đầu đã sửa."
    response = member.post(f"{report_url}/versions/", {"content": content}, format="json")
    assert response.status_code == 201 and response.json()["number"] == 2
    versions = member.get(f"{report_url}/versions/").json()
    assert [v["number"] for v in versions["results"]] == [2, 1]
    diff = member.get(f"{report_url}/diff/", {"old": 1, "new": 2}).json()
    assert diff["old"] == 1 and diff["new"] == 2
    assert any(
        line["kind"] == "added" and "đã sửa" in line["text"]
        for section in diff["sections"]
        for line in section["lines"]
    )
    assert member.get(f"{report_url}/diff/", {"old": 9}).status_code == 404

    # Appraisal is asked by the standing agency and given by the appraisal unit.
    assert officer.post(f"{url}/submit/", {}, format="json").status_code == 400
    assert officer.post(f"{url}/request-appraisal/").status_code == 200
    response = officer.post(f"{url}/submit/", {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "not_appraised"
    assert member.post(f"{url}/appraise/", {"opinion": "X"}, format="json").status_code == 403
    response = leader.post(f"{url}/appraise/", {"opinion": " "}, format="json")
    assert response.status_code == 400 and "opinion" in response.json()["errors"]
    response = leader.post(
        f"{url}/appraise/", {"opinion": "Đồng ý trình.", "on": "2022-06-28"}, format="json"
    )
    assert response.status_code == 200 and response.json()["appraisal_opinion"] == "Đồng ý trình."
    response = officer.post(f"{url}/submit/", {"on": "2022-06-20"}, format="json")
    assert response.status_code == 400 and "on" in response.json()["errors"]
    response = officer.post(f"{url}/submit/", {"on": "2022-07-01"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "submitted"

    # Adoption waits for the required comment to be answered.
    conference = Meeting.objects.get(campaign=campaign, date__year=2022)
    before = written()
    response = leader.post(f"{url}/adopt/", {"meeting": conference.pk}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "open_comments"
    assert written() == before and c623().state == "submitted"
    answer = f"/api/v1/document-comments/{comment}/answer/"
    assert leader.post(answer, {"status": "accepted"}, format="json").status_code == 403
    response = member.post(answer, {"status": "rejected"}, format="json")
    assert response.status_code == 400 and "reply" in response.json()["errors"]
    response = member.post(answer, {"status": "accepted", "reply": "Đã bổ sung."}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "accepted"

    # Adoption by the head or the body's leaders only.
    assert (
        member.post(f"{url}/adopt/", {"meeting": conference.pk}, format="json").status_code == 403
    )
    response = leader.post(f"{url}/adopt/", {"meeting": conference.pk}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "adopted" and response.json()["adopted_on"] == "2022-07-08"

    # An adopted dossier no longer changes.
    versions_before = DocumentVersion.objects.count()
    response = member.post(f"{report_url}/versions/", {"content": content}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "state"
    response = member.post(f"{report_url}/comments/", {"text": "Muộn"}, format="json")
    assert response.status_code == 400
    assert DocumentVersion.objects.count() == versions_before

    # Issue by the reviewing body's tracking officer.
    assert leader.post(f"{url}/issue/", {}, format="json").status_code == 403
    response = officer.post(f"{url}/issue/", {}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["state"] == "issued" and body["new_resolution"]
    new = member.get(f"/api/v1/resolutions/{body['new_resolution']}/").json()
    assert new["horizon_from"] == 2023 and new["horizon_to"] == 2030
    assert officer.get(f"{url}/history/").json()["count"] >= 7


def test_adopting_without_appraisal_is_refused(users):
    """Given a submitted campaign whose appraisal was never recorded, when its leader adopts,
    then 400 with code not_appraised and nothing is written."""
    campaign = c623()
    officer = api(users["qk2.theodoi"])
    officer.post(f"/api/v1/campaigns/{campaign.pk}/synthesize/")
    ReviewCampaign.objects.filter(pk=campaign.pk).update(state="submitted")
    before = written()
    response = api(users["qk2.duyet"]).post(
        f"/api/v1/campaigns/{campaign.pk}/adopt/", {}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "not_appraised"
    assert written() == before and c623().state == "submitted"


def test_creating_and_changing_a_campaign(users):
    """Given Quân khu 2's tracking officer, when a mid-term review of 623 is opened and its
    title changed, then 201 with the default outline and 200; a stale version is refused."""
    officer = api(users["qk2.theodoi"])
    payload = {
        "kind": "interim_review",
        "resolution": "623-NQ/QUTW",
        "owner_unit": "DU-QK2",
        "standing_agency": "CHC-QK2",
        "appraisal_unit": "CCT-QK2",
        "span_from": 2013,
        "span_to": 2017,
        "next_from": 2018,
        "next_to": 2022,
    }
    response = officer.post("/api/v1/campaigns/", payload, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "drafting" and body["title"].startswith("Sơ kết 5 năm")
    url = f"/api/v1/campaigns/{body['id']}/"
    response = officer.patch(url, {"title": "Sơ kết 5 năm (sửa)", "version": body["version"]})
    assert response.status_code == 200 and response.json()["title"] == "Sơ kết 5 năm (sửa)"
    response = officer.patch(url, {"title": "Cũ", "version": body["version"]}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    response = api(users["qk2.baocao"]).post("/api/v1/campaigns/", payload, format="json")
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"span_from": 2005, "span_to": 2012}, "span_from"),
        ({"span_from": 2013, "span_to": 2045}, "span_from"),
        ({"span_to": 2010}, "span_to"),
        ({"next_from": 2010}, "next_from"),
        ({"owner_unit": "TCCNQP"}, "owner_unit"),
        ({"resolution": "06-NQ/TW"}, "resolution"),
        ({"kind": "other"}, "kind"),
    ],
)
def test_a_campaign_with_a_bad_span_or_outside_reach_is_refused(users, change, field):
    """Given a campaign whose span lies outside the resolution's horizon (or that names a
    body or resolution outside reach), when it is opened or changed, then 400 names the
    field and nothing is written."""
    officer = api(users["qk2.theodoi"])
    payload = {
        "kind": "interim_review",
        "resolution": "623-NQ/QUTW",
        "owner_unit": "DU-QK2",
        "standing_agency": "CHC-QK2",
        "span_from": 2013,
        "span_to": 2017,
        "next_from": 2018,
        "next_to": 2022,
        **change,
    }
    campaigns, logged = ReviewCampaign.objects.count(), written()
    response = officer.post("/api/v1/campaigns/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"], response.json()
    assert response.json()["detail"]
    assert ReviewCampaign.objects.count() == campaigns and written() == logged
    if field.startswith("span") or field == "next_from":
        campaign = c623()
        update = {k: v for k, v in change.items() if k.startswith(("span", "next"))}
        update["version"] = campaign.version
        response = officer.patch(f"/api/v1/campaigns/{campaign.pk}/", update, format="json")
        assert response.status_code == 400 and field in response.json()["errors"]
        assert written() == logged and c623().span_from == 2013


def test_a_unit_review_report_is_written_submitted_returned_and_accepted(users, units):
    """Given a participating unit's review report, when its reporter writes and submits it,
    the standing agency returns it with a reason, and after a fix accepts it, then each step
    answers 200; a submission with empty sections, a return by someone without the role and
    a return without a reason are refused."""
    campaign = c623()
    officer = api(users["qk2.theodoi"])
    reporter = api(users["qk2.baocao"])
    UnitReviewReport.objects.filter(campaign=campaign, unit=units["SD316"]).update(
        state="draft", sections={}
    )
    report = UnitReviewReport.objects.get(campaign=campaign, unit=units["SD316"])
    url = f"/api/v1/unit-review-reports/{report.pk}"
    listed = officer.get(f"/api/v1/campaigns/{campaign.pk}/unit-reports/").json()
    assert listed["count"] == 7
    response = reporter.post(f"{url}/submit/")
    assert response.status_code == 400 and "sections" in response.json()["errors"]
    keys = [s.key for s in campaign.outline.all() if s.level > 0]
    response = reporter.patch(
        f"{url}/", {"sections": {key: "Nội dung." for key in keys}}, format="json"
    )
    assert response.status_code == 200, response.content
    response = reporter.patch(f"{url}/", {"sections": {"khong-co": "X"}}, format="json")
    assert response.status_code == 400 and "sections" in response.json()["errors"]
    assert reporter.post(f"{url}/submit/").json()["state"] == "submitted"
    assert api(users["qk2.thidua"]).post(
        f"{url}/return/", {"reason": "X"}, format="json"
    ).status_code in (403, 404)
    response = officer.post(f"{url}/return/", {"reason": " "}, format="json")
    assert response.status_code == 400 and "reason" in response.json()["errors"]
    response = officer.post(f"{url}/return/", {"reason": "Thiếu số liệu."}, format="json")
    assert response.json()["state"] == "returned"
    assert reporter.post(f"{url}/submit/").json()["state"] == "submitted"
    response = officer.post(f"{url}/accept/")
    assert response.status_code == 200 and response.json()["state"] == "accepted"
    response = reporter.patch(f"{url}/", {"sections": {keys[0]: "Sửa"}}, format="json")
    assert response.status_code == 400


def test_the_dossier_downloads_as_docx_and_pdf_says_why_not(users):
    """Given a drafted dossier, when its documents are downloaded, then DOCX is a Word file;
    PDF is a PDF where LibreOffice is installed, else 409 saying so."""
    from tongket.documents.rendering import libreoffice

    campaign = c623()
    officer = api(users["qk2.theodoi"])
    docs = officer.post(f"/api/v1/campaigns/{campaign.pk}/synthesize/").json()
    response = officer.get(f"/api/v1/documents/{docs[0]['id']}/docx/")
    assert response.status_code == 200 and response.content[:2] == b"PK"
    response = officer.get(f"/api/v1/documents/{docs[0]['id']}/pdf/")
    if libreoffice() is None:
        assert response.status_code == 409
        assert "LibreOffice" in response.json()["detail"]
    else:
        assert response.status_code == 200 and response.content[:5] == b"%PDF-"
    assert (
        api(users["cnqp.baocao"]).get(f"/api/v1/documents/{docs[0]['id']}/docx/").status_code == 404
    )


def test_the_awards_summary_of_the_623_campaign(users):
    """Given the demo's awards of the 623 review, when the summary is read, then exactly 26
    collectives and 28 individuals awarded, 3 and 3 proposed to the Ministry."""
    response = api(users["qk2.baocao"]).get(f"/api/v1/campaigns/{c623().pk}/awards-summary/")
    assert response.status_code == 200
    assert response.json() == {
        "awarded": {"collectives": 26, "individuals": 28},
        "proposed_to_higher": {"collectives": 3, "individuals": 3},
    }


def test_campaign_lists_and_details_take_a_bounded_number_of_queries(users):
    """Given the lists of campaigns, unit reports and dossier documents, when read in full,
    then the number of queries does not grow with the rows."""
    client = api(users["admin"])
    for path, limit in (
        ("/api/v1/campaigns/", 8),
        ("/api/v1/unit-review-reports/", 8),
        ("/api/v1/campaign-documents/", 8),
        ("/api/v1/documents/", 8),
    ):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, {"page_size": 500})
        assert response.status_code == 200 and response.json()["count"] > 1, path
        assert len(queries) <= limit, (path, len(queries))


def test_setting_up_the_committee_participants_and_timetable(users, units):
    """Given a new review of 623, when its tracking officer puts people on the committee,
    sends the outline to a unit and sets a milestone, then the detail shows them; a person
    outside reach, a second head and a stranger's change are refused."""
    from tongket.org.models import Person

    officer = api(users["qk2.theodoi"])
    created = officer.post(
        "/api/v1/campaigns/",
        {
            "kind": "interim_review",
            "resolution": "623-NQ/QUTW",
            "owner_unit": "DU-QK2",
            "standing_agency": "CHC-QK2",
            "span_from": 2013,
            "span_to": 2017,
            "next_from": 2018,
            "next_to": 2022,
        },
        format="json",
    ).json()
    url = f"/api/v1/campaigns/{created['id']}"
    people = list(Person.objects.filter(unit__code="QK2").order_by("pk")[:2])
    stranger = Person.objects.filter(unit__code="TCCNQP").first()
    payload = {"person": people[0].pk, "body": "steering_committee", "role": "head"}
    response = officer.post(f"{url}/members/", payload, format="json")
    assert response.status_code == 201, response.content
    member = response.json()["id"]
    response = officer.post(f"{url}/members/", {**payload, "person": people[1].pk}, format="json")
    assert response.status_code == 400 and "role" in response.json()["errors"]
    response = officer.post(f"{url}/members/", {**payload, "person": stranger.pk}, format="json")
    assert response.status_code == 400 and "person" in response.json()["errors"]
    assert (
        api(users["qk2.baocao"]).post(f"{url}/members/", payload, format="json").status_code == 403
    )
    response = officer.post(
        f"{url}/participants/", {"units": ["SD316"], "due_date": "2017-12-31"}, format="json"
    )
    assert response.status_code == 200 and response.json()["participants"][0]["unit"] == "SD316"
    response = officer.post(f"{url}/participants/", {"units": ["Z111"]}, format="json")
    assert response.status_code == 400 and "units.0" in response.json()["errors"]
    response = officer.post(
        f"{url}/milestones/", {"kind": "conference", "due_date": "2017-12-20"}, format="json"
    )
    assert response.status_code == 201 and response.json()["status"] == "late"
    detail = officer.get(f"{url}/").json()
    assert [m["person"] for m in detail["members"]] == [people[0].pk]
    assert detail["unit_reports"]["total"] == 1 and detail["can"]["run"] is True
    response = officer.post(f"{url}/remove-member/", {"member": member}, format="json")
    assert response.status_code == 200 and response.json()["members"] == []
    response = officer.post(f"{url}/remove-member/", {"member": member}, format="json")
    assert response.status_code == 404

"""The review pages: the campaign list and form, the campaign's page with its timetable,
people, units and outline, and each workflow step shown and allowed only to the role that
owns it. Bad input answers beside the field; pages keep a bounded number of queries;
objects of another branch are 404."""

from __future__ import annotations

import pytest

from tongket.meetings.models import Meeting
from tongket.reviews import selectors
from tongket.reviews.choices import CampaignState
from tongket.reviews.models import ReviewCampaign
from tongket.ui.tests.reviews.helpers import body, url

pytestmark = pytest.mark.django_db


# --- List and form ------------------------------------------------------------------------------


def test_list_shows_the_users_reviews_only(as_user, users, django_assert_max_num_queries):
    client = as_user(users["qk2.theodoi"])
    with django_assert_max_num_queries(15):
        response = client.get(url("campaign_list"))
    assert response.status_code == 200
    assert "623-NQ/QUTW" in body(response) and "382-NQ" not in body(response)
    assert 'data-testid="open-campaign"' in body(response)
    filtered = client.get(url("campaign_list"), {"state": "issued"})
    assert "623-NQ/QUTW" not in body(filtered)
    searched = client.get(url("campaign_list"), {"q": "623"})
    assert "623-NQ/QUTW" in body(searched)
    # Without diacritics, word by word, against the resolution's subject.
    searched = client.get(url("campaign_list"), {"q": "hau can 623"})
    assert "623-NQ/QUTW" in body(searched)
    assert "623-NQ/QUTW" not in body(client.get(url("campaign_list"), {"q": "khong co"}))


def test_list_keeps_a_bounded_number_of_queries(as_user, admin_user, django_assert_max_num_queries):
    client = as_user(admin_user)
    with django_assert_max_num_queries(15):
        response = client.get(url("campaign_list"))
    assert body(response).count('class="badge campaign-state') >= 4


def test_reporter_may_not_open_a_review(as_user, users):
    client = as_user(users["qk2.baocao"])
    assert client.get(url("campaign_create")).status_code == 403
    assert 'data-testid="open-campaign"' not in body(client.get(url("campaign_list")))


def test_open_a_review_with_errors_beside_the_fields(as_user, users, c623):
    client = as_user(users["qk2.theodoi"])
    assert client.get(url("campaign_create")).status_code == 200
    data = {
        "resolution": c623.resolution_id,
        "owner_unit": "DU-QK2",
        "kind": "interim_review",
        "span_from": "2013",
        "span_to": "2012",
        "next_from": "2016",
        "next_to": "2020",
        "standing_agency": "CHC-QK2",
        "style": "party",
    }
    response = client.post(url("campaign_create"), data)
    assert response.status_code == 200
    assert "id_span_to-errors" in body(response)
    before = ReviewCampaign.objects.count()
    response = client.post(url("campaign_create"), {**data, "span_to": "2015"})
    assert response.status_code == 302
    assert ReviewCampaign.objects.count() == before + 1
    created = ReviewCampaign.objects.order_by("-pk").first()
    assert created.outline.count() > 5 and created.kind == "interim_review"


def test_edit_the_review(as_user, users, c623):
    client = as_user(users["qk2.theodoi"])
    page = client.get(url("campaign_edit", c623.pk))
    assert page.status_code == 200 and c623.title in body(page)
    data = {
        "kind": c623.kind,
        "title": "Tổng kết 10 năm Nghị quyết 623 (sửa)",
        "span_from": c623.span_from,
        "span_to": c623.span_to,
        "span_label": c623.span_label,
        "next_from": c623.next_from,
        "next_to": c623.next_to,
        "standing_agency": "CHC-QK2",
        "appraisal_unit": "CCT-QK2",
        "style": "party",
        "version": c623.version,
    }
    assert client.post(url("campaign_edit", c623.pk), data).status_code == 302
    c623.refresh_from_db()
    assert c623.title.endswith("(sửa)")
    stale = client.post(url("campaign_edit", c623.pk), {**data, "title": "Khác"})
    assert stale.status_code == 200 and "alert-danger" in body(stale)
    assert as_user(users["qk2.baocao"]).get(url("campaign_edit", c623.pk)).status_code == 403


# --- The campaign's page ------------------------------------------------------------------------


def test_campaign_page_shows_timetable_people_units_outline(
    as_user, users, c623, django_assert_max_num_queries
):
    client = as_user(users["qk2.theodoi"])
    with django_assert_max_num_queries(40):
        response = client.get(url("campaign_detail", c623.pk))
    text = body(response)
    assert response.status_code == 200
    assert 'data-testid="timetable"' in text and "ms-done" in text and "ms-late" in text
    assert text.count("state-accepted") == 7
    assert 'data-testid="outline"' in text and "Bài học kinh nghiệm" in text
    assert 'data-testid="synthesize"' in text
    # The link to the awards of the review, when the awards pages are installed.
    assert f"/campaigns/{c623.pk}/awards/" in text


def test_workflow_buttons_only_for_the_role_that_owns_them(as_user, users, c623):
    for username in ("qk2.baocao", "qk2.duyet", "qk2.thidua"):
        text = body(as_user(users[username]).get(url("campaign_detail", c623.pk)))
        assert 'data-testid="synthesize"' not in text, username
        assert "/members/remove/" not in text, username


def test_other_branch_gets_404(as_user, users, c623, c382):
    client = as_user(users["cnqp.baocao"])
    assert client.get(url("campaign_detail", c623.pk)).status_code == 404
    assert client.post(url("campaign_synthesize", c623.pk)).status_code == 404
    client = as_user(users["qk2.theodoi"])
    assert client.get(url("campaign_detail", c382.pk)).status_code == 404


def test_members_added_and_removed(as_user, users, c623):
    client = as_user(users["qk2.theodoi"])
    person = users["qk2.thidua"].person
    data = {
        "member-person": person.pk,
        "member-body": "drafting_team",
        "member-role": "member",
        "member-title": "Trợ lý",
    }
    assert client.post(url("campaign_member_add", c623.pk), data).status_code == 302
    member = c623.members.get(person=person)
    again = client.post(url("campaign_member_add", c623.pk), data)
    assert again.status_code == 200 and "id_member-person-errors" in body(again)
    head = client.post(
        url("campaign_member_add", c623.pk),
        {**data, "member-role": "head", "member-body": "steering_committee"},
    )
    assert head.status_code == 200 and "id_member-role-errors" in body(head)
    refused = as_user(users["qk2.baocao"]).post(
        url("campaign_member_remove", c623.pk), {"member": member.pk}
    )
    assert refused.status_code == 302 and c623.members.filter(pk=member.pk).exists()
    client = as_user(users["qk2.theodoi"])
    client.post(url("campaign_member_remove", c623.pk), {"member": member.pk})
    assert not c623.members.filter(pk=member.pk).exists()


def test_participants_milestones_and_outline(as_user, users, c623, units):
    client = as_user(users["qk2.theodoi"])
    bad = client.post(url("campaign_participant_add", c623.pk), {"units-units": "NOPE Z111"})
    assert bad.status_code == 200 and "id_units-units-errors" in body(bad) and "NOPE" in body(bad)
    ok = client.post(
        url("campaign_participant_add", c623.pk),
        {"units-units": "SD316-E98", "units-due_date": "31/05/2022"},
    )
    assert ok.status_code == 302
    assert c623.unit_reports.filter(unit__code="SD316-E98").exists()

    missing = client.post(url("campaign_milestone_add", c623.pk), {"milestone-kind": "other"})
    assert missing.status_code == 200 and "id_milestone-due_date-errors" in body(missing)
    client.post(
        url("campaign_milestone_add", c623.pk),
        {
            "milestone-kind": "other",
            "milestone-title": "Họp Tổ Biên tập",
            "milestone-due_date": "15/06/2022",
        },
    )
    milestone = c623.milestones.get(title="Họp Tổ Biên tập")
    client.post(url("milestone_done", milestone.pk), {"done_on": "14/06/2022"})
    milestone.refresh_from_db()
    assert milestone.done_on.isoformat() == "2022-06-14"

    added = client.post(
        url("campaign_outline_add", c623.pk),
        {
            "section-key": "thi-dua",
            "section-title": "Công tác thi đua",
            "section-level": "1",
            "section-guidance": "Kết quả thi đua.",
        },
    )
    assert added.status_code == 302
    section = c623.outline.get(key="thi-dua")
    duplicate = client.post(
        url("campaign_outline_add", c623.pk),
        {"section-key": "thi-dua", "section-title": "X", "section-level": "1"},
    )
    assert "id_section-key-errors" in body(duplicate)
    page = client.get(url("outline_edit", section.pk))
    assert page.status_code == 200 and "Kết quả thi đua." in body(page)
    client.post(
        url("outline_edit", section.pk),
        {"title": "Công tác thi đua, khen thưởng", "level": "1", "guidance": ""},
    )
    section.refresh_from_db()
    assert section.title == "Công tác thi đua, khen thưởng"
    client.post(url("outline_remove", section.pk))
    assert not c623.outline.filter(key="thi-dua").exists()


def test_reporter_cannot_change_the_outline(as_user, users, c623):
    section = c623.outline.first()
    client = as_user(users["qk2.baocao"])
    page = client.get(url("outline_edit", section.pk))
    assert page.status_code == 200 and 'data-testid="outline-form"' not in body(page)
    client.post(url("outline_remove", section.pk))
    assert c623.outline.filter(pk=section.pk).exists()


# --- Workflow ----------------------------------------------------------------------------------


def test_whole_workflow_by_the_roles_that_own_it(as_user, users, c623):
    officer, deputy, reporter = users["qk2.theodoi"], users["qk2.duyet"], users["qk2.baocao"]
    # Only the standing agency drafts.
    as_user(reporter).post(url("campaign_synthesize", c623.pk))
    assert not selectors.dossier(campaign=c623)
    client = as_user(officer)
    assert client.post(url("campaign_synthesize", c623.pk)).status_code == 302
    assert len(selectors.dossier(campaign=c623)) == 3
    assert client.post(url("campaign_consult", c623.pk)).status_code == 302
    c623.refresh_from_db()
    assert c623.state == CampaignState.CONSULTATION
    text = body(client.get(url("campaign_detail", c623.pk)))
    assert 'data-testid="request-appraisal"' in text and 'data-testid="consult"' not in text
    client.post(url("campaign_request_appraisal", c623.pk))
    c623.refresh_from_db()
    assert c623.state == CampaignState.APPRAISAL
    empty = client.post(url("campaign_appraise", c623.pk), {"appraise-opinion": ""})
    assert empty.status_code == 200 and "id_appraise-opinion-errors" in body(empty)
    future = client.post(
        url("campaign_appraise", c623.pk),
        {"appraise-opinion": "Đồng ý.", "appraise-on": "01/01/2099"},
    )
    assert "id_appraise-on-errors" in body(future)
    client.post(
        url("campaign_appraise", c623.pk),
        {"appraise-opinion": "Đồng ý.", "appraise-on": "28/06/2022"},
    )
    client.post(url("campaign_submit", c623.pk), {"submit-on": "01/07/2022"})
    c623.refresh_from_db()
    assert c623.state == CampaignState.SUBMITTED
    conference = Meeting.objects.get(campaign=c623)
    # The standing agency does not adopt.
    refused = client.post(url("campaign_adopt", c623.pk), {"adopt-meeting": conference.pk})
    assert refused.status_code == 403
    deputy_client = as_user(deputy)
    assert 'data-testid="adopt"' in body(deputy_client.get(url("campaign_detail", c623.pk)))
    deputy_client.post(url("campaign_adopt", c623.pk), {"adopt-meeting": conference.pk})
    c623.refresh_from_db()
    assert c623.state == CampaignState.ADOPTED and c623.adopted_on == conference.date
    assert deputy_client.post(url("campaign_issue", c623.pk), {}).status_code == 403
    client = as_user(officer)
    assert client.post(url("campaign_issue", c623.pk), {}).status_code == 302
    c623.refresh_from_db()
    assert c623.state == CampaignState.ISSUED and c623.new_resolution is not None
    # Quân khu 2's own resolution implements the Commission's 623, which stays in force.
    assert c623.new_resolution.relations_out.filter(
        target=c623.resolution, kind="implements"
    ).exists()
    c623.resolution.refresh_from_db()
    assert c623.resolution.status == "in_force"
    assert "623-NQ/QUTW" in body(client.get(url("resolution_detail", c623.new_resolution.pk)))
    text = body(client.get(url("campaign_detail", c623.pk)))
    assert 'data-testid="new-resolution"' in text and 'data-testid="synthesize"' not in text

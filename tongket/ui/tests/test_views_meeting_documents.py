"""The conference page offers every document the meeting services draft (invitation,
minutes, conclusion notice) to the host's tracking officers only, and the conference form
takes the secretary who keeps and signs the minutes."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tongket.core.models import ChangeLog
from tongket.documents.choices import DocumentKind
from tongket.meetings.documents import DRAFTS
from tongket.meetings.models import Meeting
from tongket.org.models import Person

pytestmark = pytest.mark.django_db

# The button of each kind the meeting services draft.
BUTTONS = {
    DocumentKind.INVITATION: 'data-testid="render-invitation"',
    DocumentKind.MINUTES: 'data-testid="render-minutes"',
    DocumentKind.CONCLUSION_NOTICE: 'data-testid="render-notice"',
}


def url(name: str, *args: object) -> str:
    return reverse(f"ui:{name}", args=args)


@pytest.fixture
def conference(db) -> Meeting:  # type: ignore[no-untyped-def]
    return Meeting.objects.get(date=datetime.date(2022, 7, 8))


def test_every_kind_the_services_draft_has_a_button():
    """Every kind `meeting_render` drafts is offered on the page."""
    assert set(DRAFTS) == set(BUTTONS)


def test_the_host_drafts_the_invitation_from_the_page(as_user, users, conference):
    """Given the host's tracking officer on the conference page, then a button per kind is
    offered; when the invitation button is pressed, then a GIẤY MỜI joins the conference's
    documents and the page links it."""
    client = as_user(users["qk2.theodoi"])
    page = client.get(url("meeting_detail", conference.pk)).content.decode()
    for kind, button in BUTTONS.items():
        assert button in page, kind
    assert 'name="kind" value="invitation"' in page
    response = client.post(url("meeting_render", conference.pk), {"kind": "invitation"})
    assert response.status_code == 302
    invitation = conference.documents.get(kind=DocumentKind.INVITATION)
    assert response["Location"].endswith(f"#doc-{invitation.pk}")
    page = client.get(url("meeting_detail", conference.pk)).content.decode()
    assert url("document_docx", invitation.pk) in page


def test_a_reporter_is_offered_no_document_and_drafts_none(as_user, users, conference):
    """Given a reporter of the same branch (no right to record meetings), then no draft
    button is shown, and a forged request writes nothing."""
    client = as_user(users["qk2.baocao"])
    page = client.get(url("meeting_detail", conference.pk)).content.decode()
    assert not any(button in page for button in BUTTONS.values())
    before = ChangeLog.objects.count(), conference.documents.count()
    response = client.post(url("meeting_render", conference.pk), {"kind": "invitation"})
    assert response.status_code == 302
    assert (ChangeLog.objects.count(), conference.documents.count()) == before


def test_the_form_takes_the_secretary(as_user, users, conference):
    """Given the host's officer editing the conference, when a secretary is picked, then it
    is saved and shown on the page; when the chair is picked as secretary, then the form
    says so beside the field and nothing changes."""
    client = as_user(users["qk2.theodoi"])
    form = client.get(url("meeting_edit", conference.pk)).content.decode()
    assert 'name="secretary"' in form
    secretary = (
        Person.objects.filter(positions__unit__code="CHC-QK2")
        .exclude(pk=conference.chair_id)
        .first()
    )
    data = {
        "kind": conference.kind,
        "title": conference.title,
        "date": "08/07/2022",
        "time_of_day": conference.time_of_day,
        "format": conference.format,
        "chair": conference.chair_id,
        "campaign": conference.campaign_id,
        "version": conference.version,
    }
    response = client.post(
        url("meeting_edit", conference.pk), {**data, "secretary": conference.chair_id}
    )
    assert response.status_code == 200 and "id_secretary-errors" in response.content.decode()
    response = client.post(url("meeting_edit", conference.pk), {**data, "secretary": secretary.pk})
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.secretary == secretary
    page = client.get(url("meeting_detail", conference.pk)).content.decode()
    assert secretary.full_name in page

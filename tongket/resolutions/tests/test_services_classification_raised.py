"""A resolution marked higher after documents were drafted and awards decided from it: the
marks stored on those records (the review's dossier, the minutes of its conference, the award
decisions issued here or recorded from paper, the award proposals) are raised in the same
transaction, each with a change-log line, and stay raised when the resolution is marked lower
again."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from tongket.api.tests.test_scope_api import client_for
from tongket.awards.counts import decision_record
from tongket.awards.models import AwardDecision
from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.documents.choices import DocumentKind
from tongket.documents.models import Document
from tongket.meetings.services import meeting_render
from tongket.org.services import user_update
from tongket.resolutions.services import resolution_update
from tongket.reviews import selectors as review_selectors
from tongket.reviews import services as review_services
from tongket.testing import classification as marked

pytestmark = pytest.mark.django_db


@pytest.fixture
def written() -> dict[str, Any]:
    """Given 382-NQ/ĐUQSTW unmarked, with its review's dossier drafted, the minutes of the
    conference that adopted it, the decision issued here for the review (with its document)
    and a decision of the review recorded from paper."""
    review = marked.campaign()
    assert marked.resolution().classification == "none"
    if not review_selectors.dossier(campaign=review):
        review_services.campaign_synthesize(by=SYSTEM, campaign=review)
    dossier = list(review_selectors.dossier(campaign=review).values())
    minutes = meeting_render(by=SYSTEM, meeting=review.adopted_at, kind=DocumentKind.MINUTES)
    issued = AwardDecision.objects.filter(campaign=review, document__isnull=False).first()
    assert issued is not None
    paper = decision_record(
        by=SYSTEM,
        issuer=issued.issuer,
        form=issued.form,
        issued_on=datetime.date(2021, 5, 4),
        symbol="123/QĐ-KTRAMARK",
        campaign=review,
    )
    records = [*dossier, minutes, issued.document]
    assert {document.classification for document in records} == {"none"}
    assert paper.classification == "none"
    return {"documents": records, "issued": issued, "paper": paper}


def _logged(obj: Any) -> list[ChangeLog]:
    return list(
        ChangeLog.objects.filter(action="mark_follow", object_id=str(obj.pk))
        .filter(content_type__model=type(obj)._meta.model_name)
        .order_by("pk")
    )


def test_marking_the_resolution_raises_what_was_drafted_and_decided_from_it(
    written: dict[str, Any],
) -> None:
    """When 382 is marked secret, then every dossier document, the minutes, the issued
    decision's document and the paper decision carry "secret", each with one change-log line
    saying what it was before."""
    resolution_update(by=SYSTEM, resolution=marked.resolution(), classification="secret")
    for document in written["documents"]:
        document.refresh_from_db()
        assert document.classification == "secret", document
        (line,) = _logged(document)
        assert line.before == {"classification": "none"}
        assert line.after == {"classification": "secret"}
    paper = AwardDecision.objects.get(pk=written["paper"].pk)
    assert paper.classification == "secret"
    assert len(_logged(paper)) == 1


def test_lowering_the_resolution_leaves_them_raised_and_hidden(
    client: Any, admin_user: Any, written: dict[str, Any]
) -> None:
    """Given 382 marked secret then marked unclassified again, the drafts and decisions keep
    "secret": a reader without clearance does not find them (pages and API) although the
    resolution is open to them again; once cleared, the reader finds them."""
    resolution_update(by=SYSTEM, resolution=marked.resolution(), classification="secret")
    resolution_update(by=SYSTEM, resolution=marked.resolution(), classification="none")
    assert marked.resolution().classification == "none"
    drafts = [d for d in written["documents"] if d.kind != DocumentKind.AWARD_DECISION]
    decisions = [written["issued"], written["paper"]]
    for document in written["documents"]:
        document.refresh_from_db()
        assert document.classification == "secret", document
    assert AwardDecision.objects.get(pk=written["paper"].pk).classification == "secret"
    assert ChangeLog.objects.filter(action="mark_follow").count() == len(written["documents"]) + 1

    client.force_login(admin_user)
    api = client_for(admin_user)
    assert (
        client.get(reverse("ui:resolution_detail", args=[marked.resolution().pk])).status_code
        == 200
    )
    for document in drafts:
        assert client.get(reverse("ui:document_detail", args=[document.pk])).status_code == 404
        assert api.get(f"/api/v1/documents/{document.pk}/").status_code == 404
    for decision in decisions:
        assert client.get(reverse("ui:decision_detail", args=[decision.pk])).status_code == 404
        assert api.get(f"/api/v1/award-decisions/{decision.pk}/").status_code == 404

    user_update(by=SYSTEM, user=admin_user, clearance="secret")
    for document in drafts:
        assert client.get(reverse("ui:document_detail", args=[document.pk])).status_code == 200
        assert api.get(f"/api/v1/documents/{document.pk}/").status_code == 200
    for decision in decisions:
        assert client.get(reverse("ui:decision_detail", args=[decision.pk])).status_code == 200
        assert api.get(f"/api/v1/award-decisions/{decision.pk}/").status_code == 200


def test_raised_records_are_hidden_while_the_resolution_is_marked(
    client: Any, admin_user: Any, written: dict[str, Any]
) -> None:
    """When 382 is marked secret, a reader without clearance finds neither the drafts nor
    the decisions, on the pages nor through the API (the lists included)."""
    resolution_update(by=SYSTEM, resolution=marked.resolution(), classification="secret")
    client.force_login(admin_user)
    api = client_for(admin_user)
    ids = {d.pk for d in written["documents"]}
    listed = api.get("/api/v1/documents/", {"page_size": 500}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert not ids & {row["id"] for row in rows}
    for decision in (written["issued"], written["paper"]):
        assert client.get(reverse("ui:decision_detail", args=[decision.pk])).status_code == 404
        assert api.get(f"/api/v1/award-decisions/{decision.pk}/").status_code == 404


def test_a_mark_raised_twice_logs_each_step_and_never_lowers_a_higher_record(
    written: dict[str, Any],
) -> None:
    """Given the minutes already marked top secret by hand, when 382 is marked confidential
    then secret, the other records follow each step and the minutes stay top secret."""
    minutes = next(d for d in written["documents"] if d.kind == DocumentKind.MINUTES)
    Document.objects.filter(pk=minutes.pk).update(classification="top_secret")
    resolution_update(by=SYSTEM, resolution=marked.resolution(), classification="confidential")
    resolution_update(by=SYSTEM, resolution=marked.resolution(), classification="secret")
    minutes.refresh_from_db()
    assert minutes.classification == "top_secret"
    assert _logged(minutes) == []
    report = next(d for d in written["documents"] if d.kind == DocumentKind.REVIEW_REPORT)
    report.refresh_from_db()
    assert report.classification == "secret"
    assert [line.after["classification"] for line in _logged(report)] == [
        "confidential",
        "secret",
    ]

"""An award proposal (tờ trình đề nghị khen thưởng) read through the one rule of
`core.classification`: its list names every nominee it puts forward, so once one of them
carries a mark (its nomination made for a resolution marked afterwards), the proposal, its
DOCX and its place in the list of proposals are not found by a reader without that clearance,
and are for a reader with it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils.html import escape

from tongket.api.tests.test_scope_api import client_for
from tongket.awards import proposals
from tongket.awards.models import AwardForm, Nomination
from tongket.awards.tests.test_proposals import YEAR, batch  # noqa: F401
from tongket.core.classification import mark_of
from tongket.core.errors import DomainError
from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.org.services import user_update
from tongket.testing import classification

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(users: Any, batch: list[Nomination]) -> Any:  # noqa: F811
    """Given Sư đoàn 316's proposal of its two submitted nominations, drafted unmarked, then
    the individual's nomination linked to 382-NQ/ĐUQSTW, which is marked secret."""
    document = proposals.proposal_create(
        by=users["qk2.thidua"],
        proposing_unit=Unit.objects.get(code="SD316"),
        decider=Unit.objects.get(code="QK2"),
        form=AwardForm.objects.get(code="BK-DV"),
        year=YEAR,
    )
    assert document.classification == "none"
    # No service links a nomination to a second resolution: the link is written directly.
    Nomination.objects.filter(pk=batch[1].pk).update(resolution=classification.resolution())
    classification.mark_secret()
    return document


def test_a_proposal_naming_a_marked_nominee_carries_the_mark(proposal: Any) -> None:
    assert mark_of(proposal) == "secret"


def test_the_proposal_is_not_found_below_the_clearance_of_its_list(
    client: Any, users: Any, proposal: Any
) -> None:
    """When the division's commendation officer without clearance looks for the proposal,
    then it is not in their list of proposals, its page, DOCX and API record answer 404;
    once cleared for secret, the list holds it with both nominations and the page opens."""
    officer = users["qk2.thidua"]
    client.force_login(officer)
    api = client_for(officer)
    assert proposal.pk not in {d.pk for d in proposals.proposal_list(user=officer)}
    for name in ("ui:document_detail", "ui:document_docx"):
        assert client.get(reverse(name, args=[proposal.pk])).status_code == 404
    assert api.get(f"/api/v1/documents/{proposal.pk}/").status_code == 404
    page = client.get(reverse("ui:nomination_list")).content.decode()
    assert reverse("ui:document_detail", args=[proposal.pk]) not in page

    user_update(by=SYSTEM, user=officer, clearance="secret")
    listed = {d.pk: d.nominations for d in proposals.proposal_list(user=officer)}
    assert listed[proposal.pk] == 2
    assert client.get(reverse("ui:document_detail", args=[proposal.pk])).status_code == 200
    assert api.get(f"/api/v1/documents/{proposal.pk}/").status_code == 200
    page = client.get(reverse("ui:nomination_list")).content.decode()
    assert reverse("ui:document_detail", args=[proposal.pk]) in page


@pytest.fixture
def marked_batch(batch: list[Nomination]) -> list[Nomination]:  # noqa: F811
    """Sư đoàn 316's batch of two submitted nominations, not yet proposed, the individual's
    nomination made for 382-NQ/ĐUQSTW, which is marked secret."""
    # No service links a nomination to a second resolution: the link is written directly.
    Nomination.objects.filter(pk=batch[1].pk).update(resolution=classification.resolution())
    classification.mark_secret()
    return batch


BATCH = {"proposing_unit": "SD316", "decider": "QK2", "year": YEAR}


def test_an_officer_who_may_not_see_a_nominee_of_the_batch_may_not_propose_it(
    client: Any, users: Any, marked_batch: list[Nomination]
) -> None:
    """Given the batch with a nominee above the officer's clearance, when the officer without
    clearance proposes it (service, page, API), then it is refused saying that some
    nominations are outside what they may see, naming none and counting none, and nothing is
    proposed; once cleared for secret, the same officer proposes the batch with both."""
    officer = users["qk2.thidua"]
    hidden = marked_batch[1].nominee_name
    form = AwardForm.objects.get(code="BK-DV")
    with pytest.raises(DomainError) as refused:
        proposals.proposal_create(
            by=officer,
            proposing_unit=Unit.objects.get(code="SD316"),
            decider=Unit.objects.get(code="QK2"),
            form=form,
            year=YEAR,
        )
    assert refused.value.code == "not_shown"
    message = " ".join(refused.value.messages)
    assert hidden not in message and not any(c.isdigit() for c in message)

    client.force_login(officer)
    page = client.post(
        reverse("ui:nomination_proposal_create"), {**BATCH, "form": form.pk}, follow=True
    )
    assert page.redirect_chain[-1][0] == reverse("ui:nomination_list")
    assert [str(m) for m in page.context["messages"]] == [message]
    body = page.content.decode()
    assert escape(message) in body and hidden not in body

    api = client_for(officer)
    answer = api.post("/api/v1/nominations/proposals/", {**BATCH, "form": form.pk}, format="json")
    assert answer.status_code == 400
    assert answer.json()["code"] == "not_shown"
    assert message in answer.content.decode() and hidden not in answer.content.decode()
    assert not Nomination.objects.filter(pk__in=[n.pk for n in marked_batch]).exclude(proposal=None)

    user_update(by=SYSTEM, user=officer, clearance="secret")
    answer = api.post("/api/v1/nominations/proposals/", {**BATCH, "form": form.pk}, format="json")
    assert answer.status_code == 201, answer.content.decode()
    assert answer.json()["nominations"] == sorted(n.pk for n in marked_batch)

"""No read shows an award proposal out of reach: the tracking officer of Quân khu 2 (no
clearance) of test_scope_fuzz.py, given the award proposals made there (one of Quân khu 2
marked "secret" by the nomination it puts forward, one of Quân khu 2 unmarked, one of Tổng cục
CNQP), calls every operation that opens a document (detail, DOCX, PDF, drafts, issued file,
enumerated from the schema) for each proposal: those out of reach answer 404 as an id that
does not exist, the one in reach answers; the document list and the search name only that
one; the pages (the document, its DOCX, the proposals on the nominations page) likewise. The
generated calls of test_scope_fuzz.py scan the same kinds with random ids."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator

from tongket.api.tests.test_scope_fuzz import OFFICER, named_ids
from tongket.api.tests.test_scope_fuzz import officer as officer

RAW = SchemaGenerator().get_schema(request=None, public=True)
# Every read of one document: /api/v1/documents/{id}/…, with no other path parameter.
DOCUMENT_READS = sorted(
    path
    for path, operations in RAW["paths"].items()
    if path.startswith("/api/v1/documents/{id}/") and "get" in operations and path.count("{") == 1
)
NO_SUCH_ID = 987654321
# A PDF needs LibreOffice: where it is not installed, the server says so (409).
ANSWERED = {200, 409}


def test_the_reads_of_a_document_are_enumerated() -> None:
    assert {
        "/api/v1/documents/{id}/",
        "/api/v1/documents/{id}/docx/",
        "/api/v1/documents/{id}/pdf/",
    } <= set(DOCUMENT_READS)


@pytest.mark.schema_fuzz
@pytest.mark.django_db
def test_no_read_opens_an_award_proposal_out_of_reach_or_above_clearance(  # type: ignore[no-untyped-def]
    client, users, officer
) -> None:
    """Given the officer and the three proposals, when every read of a document is called for
    each, then the two out of reach (the secret one inside, the one of Tổng cục CNQP) answer
    404 as an id that does not exist, on every read; the open one answers; the list of
    documents and the search name the open one and neither of the others."""
    from tongket.core import scopes
    from tongket.documents.models import Document

    token, forbidden = officer
    headers = {"HTTP_AUTHORIZATION": f"Token {token}", "HTTP_ACCEPT_ENCODING": "identity"}
    paths = tuple(scopes.scope_paths(users[OFFICER]) or ())
    proposals = Document.objects.filter(kind="award_proposal")
    secret = forbidden["records"]["proposal"]
    (outside,) = [p for p in proposals if not p.unit_path.startswith(paths)]
    (open_one,) = [p for p in proposals if p.unit_path.startswith(paths) and p.pk != secret.pk]
    assert {secret.pk, outside.pk} <= forbidden["proposal"]
    assert open_one.pk not in forbidden["proposal"]

    failures = []
    for path in DOCUMENT_READS:
        missing = client.get(path.replace("{id}", str(NO_SUCH_ID)), **headers)
        assert missing.status_code == 404, path
        for hidden in (secret, outside):
            response = client.get(path.replace("{id}", str(hidden.pk)), **headers)
            if response.status_code != 404 or response.content != missing.content:
                failures.append(f"{path} {hidden.pk}: {response.status_code}")
        answered = client.get(path.replace("{id}", str(open_one.pk)), **headers)
        if answered.status_code not in ANSWERED:
            failures.append(f"{path} {open_one.pk} (in reach): {answered.status_code}")
    assert not failures, "\n".join(failures)

    named: set[int] = set()
    page = 1
    while page:
        listed = client.get("/api/v1/documents/", {"page": page, "page_size": 500}, **headers)
        body = listed.json()
        named |= {pk for kind, pk in named_ids(body, "document") if kind == "proposal"}
        page = page + 1 if body.get("next") else 0
    assert open_one.pk in named
    assert not named & {secret.pk, outside.pk}
    found = client.get("/api/v1/search/", {"q": secret.subject}, **headers).json()
    hits = {pk for kind, pk in named_ids(found) if kind == "document"}
    assert not hits & {secret.pk, outside.pk}, hits


@pytest.mark.schema_fuzz
@pytest.mark.django_db
def test_no_page_opens_an_award_proposal_out_of_reach_or_above_clearance(  # type: ignore[no-untyped-def]
    client, users, officer
) -> None:
    """Given the same officer signed in, when the document's page and its DOCX are opened for
    each proposal, then the two out of reach answer 404 and the open one answers; the
    proposals listed on the nominations page link the open one and neither of the others."""
    from django.urls import reverse

    from tongket.core import scopes
    from tongket.documents.models import Document

    _token, forbidden = officer
    client.force_login(users[OFFICER])
    paths = tuple(scopes.scope_paths(users[OFFICER]) or ())
    secret = forbidden["records"]["proposal"]
    proposals = Document.objects.filter(kind="award_proposal")
    (outside,) = [p for p in proposals if not p.unit_path.startswith(paths)]
    (open_one,) = [p for p in proposals if p.unit_path.startswith(paths) and p.pk != secret.pk]
    for name in ("ui:document_detail", "ui:document_docx"):
        for proposal, status in ((secret, 404), (outside, 404), (open_one, 200)):
            answer = client.get(reverse(name, args=[proposal.pk]))
            assert answer.status_code == status, (name, proposal.pk)
    page = client.get(reverse("ui:nomination_list")).content.decode()
    assert reverse("ui:document_detail", args=[open_one.pk]) in page
    for hidden in (secret, outside):
        assert reverse("ui:document_detail", args=[hidden.pk]) not in page

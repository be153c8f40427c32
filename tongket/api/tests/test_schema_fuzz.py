"""The API is true to its schema: every operation of /api/schema/, called with data generated
from that schema (valid and invalid) as the demo administrator, never answers a server error,
answers only the status codes it documents, and answers bodies of the documented shape.

Bounded so that it runs in the suite: few examples per operation, no shrinking, a fixed seed
(the same cases on every run). The checks are those that speak of the server and its schema:
`positive_data_acceptance` (valid by the schema must be accepted) and its kin are left out,
because a schema cannot say that an id must exist or that a report must be a draft to be
submitted; those answers are 400, 404 or 409, and documented. On 2 cores: 236 operations,
1,416 cases, 47 s (2 min 15 s beside other test runs; docs/operations.md, "What we test").

A second run reads as a scoped user who is no administrator and holds no clearance, with
382-NQ/ĐUQSTW marked secret: every read (GET) is called as generated and once more pointed at
the classified resolution's records (their ids in the path and the filters, its number in the
searches), and no answer may show its symbol, subject, form or indicators."""

from __future__ import annotations

import os

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tongket.testing import classification

EXAMPLES_PER_OPERATION = 6
# Where to write one line per case called (for the figures in docs/operations.md).
COUNT_TO = os.environ.get("TONGKET_SCHEMA_FUZZ_COUNT")

raw_schema = SchemaGenerator().get_schema(request=None, public=True)
schema = schemathesis.openapi.from_dict(raw_schema)
schema.app = application
# Schemathesis' coverage phase (boundary values of every field, deterministic) calls some
# operations 400 times: about 20,000 cases and 6 minutes here. It passes, and is run by hand
# (TONGKET_SCHEMA_FUZZ_COVERAGE=1); the suite runs the examples and a few generated cases.
schema.config.phases.coverage.enabled = bool(os.environ.get("TONGKET_SCHEMA_FUZZ_COVERAGE"))
# No operation is left out: to leave one out, `schema = schema.exclude(method=…, path=…)`
# with a comment saying why.

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


# The scoped reader: a tracking officer of the Ministry (BQP), whose units reach the branch of
# 382-NQ/ĐUQSTW (Tổng cục CNQP); no administrator, no clearance.
READER = "bqp.theodoi"
READS_EXAMPLES_PER_OPERATION = 3
reads = schema.include(method="GET")


@pytest.fixture
def token(users) -> str:  # type: ignore[no-untyped-def]
    return Token.objects.get_or_create(user=users["admin"])[0].key


@pytest.fixture(autouse=True)
def keep_the_test_connection():  # type: ignore[no-untyped-def]
    """The WSGI application closes old database connections when a request starts and
    ends; inside a test that would close the test's own transaction (on PostgreSQL). Django's
    test client disconnects the same handler while it calls the application."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.schema_fuzz
@pytest.mark.django_db
@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_schema_says(case, token):  # type: ignore[no-untyped-def]
    """Given the demo and the administrator's token, when an operation is called with
    generated data, then no server error, a documented status and a documented body."""
    # Uncompressed: the WSGI client does not undo the gzip a large answer gets.
    headers = {"Authorization": f"Token {token}", "Accept-Encoding": "identity"}
    case.call_and_validate(headers=headers, checks=CHECKS)
    if COUNT_TO:
        with open(COUNT_TO, "a") as counted:
            counted.write(f"{case.method} {case.path}\n")


def classified_ids() -> dict[str, int]:
    """Kind → id of a record derived from the classified resolution (read, nothing written:
    `classification.derived()` adds rows and is too slow to call for every operation)."""
    from tongket.awards.models import AwardDecision, Nomination
    from tongket.reporting.models import Report, ReportForm
    from tongket.resolutions.models import Indicator, Item, Target
    from tongket.reviews.models import CampaignDocument, UnitReviewReport

    source = classification.resolution()
    review = classification.campaign()
    form = ReportForm.objects.get(code="BCN-382-CNQP")
    found = {
        "resolution": source.pk,
        "item": Item.objects.filter(resolution=source).values_list("pk", flat=True).first(),
        "indicator": Indicator.objects.filter(resolution=source)
        .values_list("pk", flat=True)
        .first(),
        "target": Target.objects.filter(indicator__resolution=source)
        .values_list("pk", flat=True)
        .first(),
        "form": form.pk,
        "report": Report.objects.filter(form=form).values_list("pk", flat=True).last(),
        "campaign": review.pk,
        "review": UnitReviewReport.objects.filter(campaign=review)
        .values_list("pk", flat=True)
        .first(),
        "document": CampaignDocument.objects.filter(campaign=review)
        .values_list("document_id", flat=True)
        .first(),
        "meeting": review.adopted_at_id,
        "decision": AwardDecision.objects.filter(campaign=review)
        .values_list("pk", flat=True)
        .first(),
        "nomination": Nomination.objects.filter(campaign=review)
        .values_list("pk", flat=True)
        .first(),
    }
    return {kind: pk for kind, pk in found.items() if pk is not None}


# Filters that take a record's id (or code), by the kind of record they name.
POINTED_FILTERS = {
    "resolution": "resolution",
    "campaign": "campaign",
    "report": "report",
    "indicator": "indicator",
    "decision": "decision",
    "meeting": "meeting",
}
SEARCHES = ("search", "q", "symbol")


def pointed(case, ids: dict[str, int]):  # type: ignore[no-untyped-def]
    """The case aimed at the classified records: their id in the path (by the route's
    prefix) and in the filters naming them, the resolution's number in the searches."""
    query = dict(case.query or {})
    for name, kind in POINTED_FILTERS.items():
        if name in query and kind in ids:
            query[name] = ids[kind]
    if "form" in query:
        query["form"] = "BCN-382-CNQP"
    for name in SEARCHES:
        if name in query:
            query[name] = "382"
    aimed = case.derive(query=query)
    prefix = case.path.removeprefix("/api/v1/").split("/")[0]
    kind = classification.API_KINDS.get(prefix)
    if kind in ids and case.path_parameters and "id" in case.path_parameters:
        aimed.path_parameters = {**case.path_parameters, "id": ids[kind]}
    return aimed


def shown(call, response) -> list[str]:  # type: ignore[no-untyped-def]
    """The markers of the classified resolution in an answer (in every part of a file). A
    refusal may repeat what was asked ("no form BCN-382-CNQP"): that is not a leak."""
    import io
    import re
    import zipfile

    data = response.content or b""
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            data = " ".join(
                re.sub(r"<[^>]+>", "", archive.read(name).decode("utf-8", "replace"))
                for name in archive.namelist()
                if name.endswith(".xml")
            ).encode()
    body = data.decode("utf-8", "replace")
    if response.status_code >= 400:
        for value in (call.query or {}).values():
            if isinstance(value, str) and value:
                body = body.replace(value, "")
    return classification.leaks(body)


@pytest.fixture
def reader_token(users) -> tuple[str, dict[str, int]]:  # type: ignore[no-untyped-def]
    """The scoped reader's token, with 382-NQ/ĐUQSTW marked secret."""
    user = users[READER]
    assert user.clearance == "none" and not user.is_superuser
    classification.mark_secret()
    token = Token.objects.get_or_create(user=user)[0].key
    return token, classified_ids()


@pytest.mark.schema_fuzz
@pytest.mark.django_db
@reads.parametrize()
@hypothesis_settings(
    max_examples=READS_EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_no_read_shows_a_classified_resolution_to_a_scoped_user_without_clearance(  # type: ignore[no-untyped-def]
    case, reader_token
):
    """Given 382-NQ/ĐUQSTW marked secret and a scoped user (no administrator) without
    clearance, when a read is called as generated and aimed at its records, then no server
    error, a documented answer, and none of its symbol, subject, form or indicators."""
    token, ids = reader_token
    headers = {"Authorization": f"Token {token}", "Accept-Encoding": "identity"}
    for call in (case, pointed(case, ids)):
        response = call.call(headers=headers)
        call.validate_response(response, checks=CHECKS, headers=headers)
        found = shown(call, response)
        assert not found, f"{call.method} {call.formatted_path} {call.query}: {found}"

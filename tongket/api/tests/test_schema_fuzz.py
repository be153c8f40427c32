"""The API is true to its schema: every operation of /api/schema/, called with data generated
from that schema (valid and invalid) as the demo administrator, never answers a server error,
answers only the status codes it documents, and answers bodies of the documented shape.

Bounded so that it runs in the suite: few examples per operation, no shrinking, a fixed seed
(the same cases on every run). The checks are those that speak of the server and its schema:
`positive_data_acceptance` (valid by the schema must be accepted) and its kin are left out,
because a schema cannot say that an id must exist or that a report must be a draft to be
submitted; those answers are 400, 404 or 409, and documented. On 2 cores: 236 operations,
1,416 cases, 47 s (2 min 15 s beside other test runs; docs/operations.md, "What we test")."""

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

"""`make test` runs the format checker over the whole demo: every document the demo holds
and every one the system drafts from its records (invitations, minutes and notices of every
meeting, plans and unit reports of every campaign, award proposals), freshly rendered from
the demo loaded through the services, exactly as `manage.py check_documents` does."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tongket.documents.choices import DocumentKind

pytestmark = [
    pytest.mark.django_db,
    # What a document looks like does not depend on the database: once, on SQLite (the
    # PostgreSQL run of `make test` would spend another half minute on the same files).
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="the same check runs on the SQLite test run"
    ),
]

# What the demo must give the checker to read: every kind the system renders.
KINDS = {
    DocumentKind.REVIEW_REPORT,
    DocumentKind.SUBMISSION,
    DocumentKind.DRAFT_RESOLUTION,
    DocumentKind.CONCLUSION,
    DocumentKind.COORDINATION_PROGRAMME,
    DocumentKind.UNIT_REVIEW_REPORT,
    DocumentKind.MINUTES,
    DocumentKind.CONCLUSION_NOTICE,
    DocumentKind.INVITATION,
    DocumentKind.PLAN,
    DocumentKind.AWARD_DECISION,
    DocumentKind.AWARD_PROPOSAL,
}


def test_every_demo_document_passes_the_format_checker(tmp_path):
    """Given the demo, when `check_documents` renders and checks every document, then none
    fails (the failures are listed), and every kind was among them, in both formats."""
    out = io.StringIO()
    try:
        call_command("check_documents", save=str(tmp_path), stdout=out)
    except CommandError as error:
        failures = [line for line in out.getvalue().splitlines() if not line.startswith("ok")]
        pytest.fail(f"{error}\n" + "\n".join(failures), pytrace=False)
    saved = [path.stem.split("-", 1)[1] for path in tmp_path.glob("*.docx")]
    assert len(saved) == int(re.search(r"(\d+) documents checked", out.getvalue()).group(1))  # type: ignore[union-attr]
    kinds = {name.rsplit("-", 1)[0] for name in saved}
    assert kinds >= KINDS, KINDS - kinds
    assert {name.rsplit("-", 1)[1] for name in saved} == {"party", "state"}


def test_every_demo_issued_document_has_its_stored_file_and_it_passes():
    """Given the demo, every issued document has its Word file stored (`store_issued_files
    --check`) and each stored file, as served, passes the format checker
    (`check_documents --stored`)."""
    out = io.StringIO()
    call_command("store_issued_files", "--check", stdout=out)
    assert out.getvalue().startswith("0 issued documents without a stored file")
    out = io.StringIO()
    try:
        call_command("check_documents", "--stored", stdout=out)
    except CommandError as error:
        failures = [line for line in out.getvalue().splitlines() if not line.startswith("ok")]
        pytest.fail(f"{error}\n" + "\n".join(failures), pytrace=False)
    checked = int(re.search(r"(\d+) stored files checked", out.getvalue()).group(1))  # type: ignore[union-attr]
    assert checked >= 3 and out.getvalue().count("ok   #") == checked

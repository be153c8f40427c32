"""A decision read through the one rule of `core.classification` once its awardees carry a
mark: the reconciliation counts only the awardees the reader may see and says that some are
not shown; the decision's mark follows the awardees it names when its list is reconciled; its
files (DOCX, PDF, XLSX list), which name every awardee, are not found for a reader without
the clearance they carry, and are stamped for one with it."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.urls import reverse

from tongket.api.tests.test_scope_api import client_for
from tongket.awards import counts, lists
from tongket.awards.models import AwardDecision, Nomination
from tongket.awards.tests.test_lists import c623, paper, people, xlsx  # noqa: F401
from tongket.awards.tests.test_selectors_classification import secret_awardee  # noqa: F401
from tongket.core.models import ChangeLog
from tongket.core.scopes import SYSTEM
from tongket.org.services import user_update
from tongket.testing import classification

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_paper(users: Any, paper: AwardDecision) -> AwardDecision:  # noqa: F811
    """The paper decision of 623 with its two individuals imported; then the first one's
    nomination is linked to 382-NQ/ĐUQSTW, which is marked secret (its list not touched
    since)."""
    a, b = people(2)
    lists.decision_list_import(
        by=users["qk2.thidua"],
        decision=paper,
        version=paper.version,
        upload=xlsx([[1, a.full_name, "Cá nhân", a.unit.name, None], [2, b.full_name, "Cá nhân"]]),
    )
    first = Nomination.objects.filter(decision=paper).order_by("pk").first()
    assert first is not None
    # No service links a nomination to a second resolution: the link is written directly.
    Nomination.objects.filter(pk=first.pk).update(resolution=classification.resolution())
    classification.mark_secret()
    return AwardDecision.objects.get(pk=paper.pk)


def _named(user: Any, decision: AwardDecision) -> int:
    return sum(
        line.named
        for line in lists.decision_reconciliation(user=user, decision=decision)
        if line.kind == "individual"
    )


def test_the_reconciliation_counts_only_the_awardees_the_reader_may_see(
    client: Any, admin_user: Any, named_paper: AwardDecision
) -> None:
    """Given a paper decision naming two individuals, one of them now secret, when the
    administrator without clearance reads its reconciliation (selector, page, API), then one
    individual is named and the answer says that some are not shown, without naming whom;
    a cleared reader sees both and no such note."""
    assert _named(SYSTEM, named_paper) == 2
    assert not lists.reconciliation_not_shown(user=SYSTEM, decision=named_paper)
    assert _named(admin_user, named_paper) == 1
    assert lists.reconciliation_not_shown(user=admin_user, decision=named_paper)
    secret = Nomination.objects.get(decision=named_paper, resolution__isnull=False)

    client.force_login(admin_user)
    page = client.get(reverse("ui:decision_reconciliation", args=[named_paper.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="not-shown"' in body
    assert secret.nominee_name not in body
    api = client_for(admin_user).get(f"/api/v1/award-decisions/{named_paper.pk}/reconciliation/")
    assert api.status_code == 200
    rows = api.json()
    individual = next(row for row in rows if row["nominee_kind"] == "individual")
    assert individual["named"] == 1
    assert all(row["some_not_shown"] for row in rows)

    user_update(by=SYSTEM, user=admin_user, clearance="secret")
    admin_user.refresh_from_db()
    client.force_login(admin_user)
    page = client.get(reverse("ui:decision_reconciliation", args=[named_paper.pk]))
    assert 'data-testid="not-shown"' not in page.content.decode()
    rows = (
        client_for(admin_user)
        .get(f"/api/v1/award-decisions/{named_paper.pk}/reconciliation/")
        .json()
    )
    assert not any(row["some_not_shown"] for row in rows)
    assert next(r for r in rows if r["nominee_kind"] == "individual")["named"] == 2


def test_a_paper_decision_takes_the_mark_of_its_awardees_when_reconciled(
    client: Any, users: Any, admin_user: Any, named_paper: AwardDecision
) -> None:
    """Given the paper decision naming a now-secret individual, when its officer sets its
    counts again (the reconciliation), then the decision carries the mark (logged), and its
    page, list and XLSX are not found for the administrator without clearance (page and
    API)."""
    assert named_paper.classification == "none"
    counts.decision_counts_set(
        by=users["qk2.thidua"],
        decision=named_paper,
        version=named_paper.version,
        counts=[
            {"nominee_kind": "collective", "count": 3},
            {"nominee_kind": "individual", "count": 2},
        ],
    )
    named_paper.refresh_from_db()
    assert named_paper.classification == "secret"
    assert ChangeLog.objects.filter(
        action="decision_mark_follow", object_id=str(named_paper.pk)
    ).exists()
    client.force_login(admin_user)
    for name in ("ui:decision_detail", "ui:decision_xlsx", "ui:decision_reconciliation"):
        assert client.get(reverse(name, args=[named_paper.pk])).status_code == 404, name
    api = client_for(admin_user)
    assert api.get(f"/api/v1/award-decisions/{named_paper.pk}/").status_code == 404
    # and its other awardee is read with it
    other = Nomination.objects.get(decision=named_paper, resolution__isnull=True)
    assert api.get(f"/api/v1/nominations/{other.pk}/").status_code == 404


def _docx_text(response: Any) -> str:
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return "".join(
            archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
            if name.startswith("word/") and name.endswith(".xml")
        )


def test_an_issued_decisions_files_are_refused_above_the_readers_clearance_and_stamped(
    client: Any,
    admin_user: Any,
    secret_awardee: Nomination,  # noqa: F811
) -> None:
    """Given a decision issued for 623 whose annex names an awardee now nominated for the
    secret 382, when the administrator without clearance asks for its DOCX, PDF or XLSX
    (page and API), then none is found, and the decision's page offers no download; once
    cleared, the DOCX is given with the stamp "TỐI MẬT"."""
    decision = secret_awardee.decision
    assert decision is not None
    client.force_login(admin_user)
    for name in ("ui:decision_docx", "ui:decision_pdf", "ui:decision_xlsx"):
        assert client.get(reverse(name, args=[decision.pk])).status_code == 404, name
    api = client_for(admin_user)
    assert api.get(f"/api/v1/award-decisions/{decision.pk}/docx/").status_code == 404
    assert api.get(f"/api/v1/documents/{decision.document_id}/docx/").status_code == 404
    page = client.get(reverse("ui:decision_detail", args=[decision.pk]))
    assert page.status_code == 200
    assert 'data-testid="download-docx"' not in page.content.decode()
    assert 'data-testid="download-xlsx"' not in page.content.decode()

    user_update(by=SYSTEM, user=admin_user, clearance="secret")
    admin_user.refresh_from_db()
    client.force_login(admin_user)
    docx = client.get(reverse("ui:decision_docx", args=[decision.pk]))
    assert docx.status_code == 200
    assert "TỐI MẬT" in _docx_text(docx)
    assert api.get(f"/api/v1/award-decisions/{decision.pk}/docx/").status_code == 200

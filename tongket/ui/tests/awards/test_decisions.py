"""Award decisions: refused without awardees or to a reporter, the PDF where LibreOffice is
installed (and its link hidden where not), and a decision from paper recorded with counts."""

from __future__ import annotations

import pytest

from tongket.awards.models import AwardDecision
from tongket.ui.tests.awards.helpers import approved, fresh_districts

pytestmark = pytest.mark.django_db


def test_the_pdf_link_is_hidden_without_libreoffice(client, officer, monkeypatch):
    from tongket.ui.views.awards import decisions as views

    client.force_login(officer)
    decision = AwardDecision.objects.filter(issuer__code="QK2").first()
    monkeypatch.setattr(views, "libreoffice", lambda: None)
    body = client.get(f"/decisions/{decision.pk}/").content.decode()
    assert 'data-testid="download-pdf"' not in body
    assert client.get(f"/decisions/{decision.pk}/pdf/").status_code == 404
    monkeypatch.setattr(views, "libreoffice", lambda: "/usr/bin/soffice")
    body = client.get(f"/decisions/{decision.pk}/").content.decode()
    assert 'data-testid="download-pdf"' in body


def test_a_decision_without_awardees_is_refused(client, officer, forms):
    client.force_login(officer)
    before = AwardDecision.objects.count()
    response = client.post(
        "/decisions/new/",
        {"issuer": "QK2", "form": forms["GK"].pk, "issued_on": "05/03/2024"},
    )
    assert response.status_code == 200
    assert response.context["issue_form"].errors["nominations"]
    assert 'id="id_nominations-errors"' in response.content.decode()
    assert AwardDecision.objects.count() == before


def test_a_reporter_cannot_issue_a_decision(client, users, officer, forms):
    nomination = approved(officer, forms["GK"], fresh_districts()[4])
    client.force_login(users["qk2.baocao"])
    response = client.post(
        "/decisions/new/",
        {
            "issuer": "QK2",
            "form": forms["GK"].pk,
            "nominations": [nomination.pk],
            "issued_on": "05/03/2024",
        },
    )
    assert response.status_code == 200 and response.context["issue_form"].non_field_errors()
    assert not AwardDecision.objects.filter(nominations=nomination).exists()


@pytest.mark.skipif(
    not __import__("shutil").which("soffice"), reason="LibreOffice is not installed"
)
def test_the_decision_downloads_as_pdf_where_libreoffice_is_installed(client, officer):
    client.force_login(officer)
    decision = AwardDecision.objects.filter(issuer__code="QK2").first()
    response = client.get(f"/decisions/{decision.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_decision_from_paper_is_recorded_with_counts_on_the_page(client, officer, c623, forms):
    client.force_login(officer)
    data = {
        "issuer": "QK2",
        "form": forms["GK"].pk,
        "symbol": "77/QĐ-BTL",
        "issued_on": "09/07/2022",
        "campaign": c623.pk,
        "awarded_collectives": "2",
        "awarded_individuals": "",
        "proposed_collectives": "1",
    }
    response = client.post("/decisions/record/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["proposed_to"]
    response = client.post(
        "/decisions/record/",
        data | {"proposed_form": forms["BK-BQP"].pk, "proposed_to": "BQP"},
    )
    assert response.status_code == 302
    decision = AwardDecision.objects.get(symbol="77/QĐ-BTL")
    page = client.get(f"/decisions/{decision.pk}/").content.decode()
    assert 'data-testid="decision-counts"' in page and 'data-testid="download-docx"' not in page

"""Commendation pages: the lists with a bounded number of queries, a campaign's award record
and its counts, the award section of the unit and person pages, and nothing of another
branch."""

from __future__ import annotations

import pytest

from tongket.awards.models import AwardDecision, Nomination

pytestmark = pytest.mark.django_db


def test_every_list_page_answers_with_a_bounded_number_of_queries(
    client, officer, c623, django_assert_max_num_queries
):
    client.force_login(officer)
    nomination = Nomination.objects.filter(proposing_unit__code="QK2").first()
    decision = AwardDecision.objects.filter(issuer__code="QK2").first()
    pages = [
        "/nominations/",
        "/nominations/?state=approved&year=2022&kind=collective",
        "/nominations/queue/",
        "/nominations/new/",
        f"/nominations/{nomination.pk}/",
        "/decisions/",
        "/decisions/new/",
        f"/decisions/{decision.pk}/",
        "/awards/forms/",
        "/awards/authorities/",
        "/awards/quotas/",
        f"/campaigns/{c623.pk}/awards/",
    ]
    for path in pages:
        with django_assert_max_num_queries(25):
            response = client.get(path)
        assert response.status_code == 200, path
    body = client.get("/").content.decode()
    assert 'href="/nominations/"' in body


def test_the_nomination_list_filters_and_pages(client, officer):
    client.force_login(officer)
    response = client.get("/nominations/?kind=individual&year=2022")
    rows = list(response.context["page"].object_list)
    assert rows and all(n.nominee_kind == "individual" and n.year == 2022 for n in rows)
    assert response.context["page"].paginator.count == 31  # 28 awarded, 3 proposed to BQP
    response = client.get("/nominations/?year=abc")
    assert response.status_code == 200 and response.context["filters"].errors


def test_the_campaign_awards_page_counts_the_scenario(client, officer, c623):
    client.force_login(officer)
    response = client.get(f"/campaigns/{c623.pk}/awards/")
    body = response.content.decode()
    summary = response.context["summary"]
    assert summary["awarded"] == {"collectives": 26, "individuals": 28}
    assert summary["proposed_to_higher"] == {"collectives": 3, "individuals": 3}
    assert 'data-testid="awarded-collectives">26<' in body
    assert 'data-testid="proposed-individuals">3<' in body
    assert len(response.context["awarded"]["collectives"]) == 26


def test_another_branch_sees_no_award_page(client, users, c623):
    client.force_login(users["cnqp.baocao"])
    nomination = Nomination.objects.filter(proposing_unit__code="QK2").first()
    decision = AwardDecision.objects.filter(issuer__code="QK2").first()
    for path in [
        f"/campaigns/{c623.pk}/awards/",
        f"/nominations/{nomination.pk}/",
        f"/decisions/{decision.pk}/",
        f"/decisions/{decision.pk}/docx/",
        f"/decisions/{decision.pk}/xlsx/",
    ]:
        assert client.get(path).status_code == 404, path
    body = client.get("/nominations/").content.decode()
    assert "Quân khu 2" not in body


def test_unit_and_person_pages_show_their_awards(client, officer):
    client.force_login(officer)
    awarded = Nomination.objects.filter(
        proposing_unit__code="QK2", decision__isnull=False, nominee_unit__isnull=False
    ).first()
    body = client.get(f"/units/{awarded.nominee_unit_id}/").content.decode()
    assert 'data-testid="award-record"' in body
    assert awarded.decision.document.symbol in body
    person = Nomination.objects.filter(
        proposing_unit__code="QK2", decision__isnull=False, nominee_person__isnull=False
    ).first()
    body = client.get(f"/people/{person.nominee_person_id}/").content.decode()
    assert person.decision.document.symbol in body


def test_the_campaign_page_shows_the_decisions_counts_once(client, officer, c623):
    """Given the demo decision carrying 26 + 28 and 3 + 3 to BQP beside its named list,
    the campaign page says 26 and 28, 3 and 3 (not twice as many)."""
    client.force_login(officer)
    body = client.get(f"/campaigns/{c623.pk}/awards/").content.decode()
    assert 'data-testid="awarded-collectives">26<' in body
    assert 'data-testid="proposed-individuals">3<' in body
    assert 'data-testid="awarded-named"' in body


def test_a_record_links_its_decision_only_for_readers_who_may_open_it(client):
    """A province's reporter sees on its unit page the Bằng khen Quân khu 2 gave it, but the
    decision was issued above the province: no link to a page that would answer 404."""
    from tongket.awards.models import Nomination
    from tongket.core.scopes import SYSTEM
    from tongket.org import services as org_services
    from tongket.org.choices import Role

    award = Nomination.objects.filter(
        nominee_unit__isnull=False, decision__isnull=False, decision__issuer__code="QK2"
    ).first()
    assert award is not None
    unit = award.nominee_unit
    reader = org_services.user_create(
        by=SYSTEM,
        username="tinh.baocao",
        password="x-Long-Password-1",
        unit=unit,
        role=Role.REPORTER,
    )
    client.force_login(reader)
    page = client.get(f"/units/{unit.pk}/").content.decode()
    assert award.decision.document.symbol in page
    assert f"/decisions/{award.decision_id}/" not in page
    assert client.get(f"/decisions/{award.decision_id}/").status_code == 404

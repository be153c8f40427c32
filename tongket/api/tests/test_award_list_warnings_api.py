"""Through the API: a paper decision's named list is checked first (`…/list/preview/`,
nothing written) and imported with the quota and repeat breaches listed as warnings by row
and name (recorded, never refused); a reporter may do neither, another branch finds
nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tongket.awards import counts
from tongket.awards.models import AwardDecision, AwardForm, Nomination
from tongket.awards.services import quota_set
from tongket.awards.services.catalogue import quota_state
from tongket.awards.tests.test_list_warnings import xlsx
from tongket.org.models import Unit

pytestmark = pytest.mark.django_db

ROWS = [[1, "Sư đoàn 355", "Tập thể", "SD355"], [2, "Trung đoàn 98", "Tập thể", "SD316-E98"]]


@pytest.fixture
def paper(users) -> AwardDecision:
    """Quân khu 2's Giấy khen of 2022 from paper (2 collectives counted), one place left in
    its quota of collective Giấy khen for 2022."""
    qk2, gk = Unit.objects.get(code="QK2"), AwardForm.objects.get(code="GK")
    _quota, used, _limit = quota_state(decider=qk2, form=gk, year=2022, nominee_kind="collective")
    quota_set(
        by=users["qk2.thidua"],
        unit=qk2,
        year=2022,
        basis="count",
        value=Decimal(used + 1),
        form=gk,
        nominee_kind="collective",
    )
    return counts.decision_record(
        by=users["qk2.thidua"],
        issuer=qk2,
        form=gk,
        symbol="77/QĐ-BTL",
        issued_on=datetime.date(2022, 7, 9),
        counts=[{"nominee_kind": "collective", "count": 2}],
    )


def test_the_list_is_previewed_then_imported_with_its_warnings(api, users, paper):
    client = api(users["qk2.thidua"])
    base = f"/api/v1/award-decisions/{paper.pk}/list/"
    preview = client.post(base + "preview/", {"file": xlsx(ROWS)}, format="multipart")
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert [(row["row"], row["unit"]) for row in body["rows"]] == [(2, "SD355"), (3, "SD316-E98")]
    assert [(w["row"], w["name"], w["code"]) for w in body["warnings"]] == [
        (3, "Trung đoàn 98", "quota")
    ]
    assert not Nomination.objects.filter(decision=paper).exists()
    done = client.post(base, {"file": xlsx(ROWS), "version": paper.version}, format="multipart")
    assert done.status_code == 200, done.content
    assert done.json()["created"] == 2
    assert [(w["row"], w["code"]) for w in done.json()["warnings"]] == [(3, "quota")]
    assert Nomination.objects.filter(decision=paper).count() == 2


def test_a_clean_list_answers_no_warning_and_others_are_refused(api, users, paper):
    base = f"/api/v1/award-decisions/{paper.pk}/list/"
    done = api(users["qk2.thidua"]).post(base, {"file": xlsx(ROWS[:1])}, format="multipart")
    assert done.status_code == 200 and "warnings" not in done.json()
    reporter = api(users["qk2.baocao"]).post(
        base + "preview/", {"file": xlsx(ROWS[1:])}, format="multipart"
    )
    assert reporter.status_code == 403
    other = api(users["daklak.theodoi"]).post(
        base + "preview/", {"file": xlsx(ROWS[1:])}, format="multipart"
    )
    assert other.status_code == 404

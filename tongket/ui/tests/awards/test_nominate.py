"""A new nomination: a collective or a person picked by name, the achievement prefilled, the
checks shown (quota, an authority that may give the form), bad nominees, duplicates and the
dossier's files refused beside the field, a draft withdrawn; a reporter cannot nominate."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tongket.awards import services
from tongket.awards.choices import NominationState
from tongket.awards.models import Nomination, NominationFile
from tongket.core.models import ChangeLog
from tongket.org.models import Person, Unit
from tongket.ui.tests.awards.helpers import fresh_districts, make

pytestmark = pytest.mark.django_db


def test_a_collective_is_nominated_and_the_checks_are_shown(client, officer, forms, c623):
    client.force_login(officer)
    unit = Unit.objects.get(code="BCHQS-PT")
    response = client.post(
        "/nominations/new/",
        {
            "proposing_unit": "QK2",
            "nominee_kind": "collective",
            "nominee_unit": unit.code,
            "form": forms["GK"].pk,
            "year": 2022,
            "campaign": c623.pk,
        },
    )
    nomination = Nomination.objects.get(nominee_unit=unit, form=forms["GK"], year=2022)
    assert response.status_code == 302 and response["Location"] == f"/nominations/{nomination.pk}/"
    assert "chỉ tiêu" in nomination.achievement  # pre-filled from the results
    body = client.get(response["Location"]).content.decode()
    assert 'data-check="authority" data-level="ok"' in body
    assert 'data-check="quota" data-level="ok"' in body
    assert 'data-testid="submit-nomination"' in body


def test_an_individual_is_nominated_by_a_person_picked_by_name(client, officer, forms):
    client.force_login(officer)
    person = Person.objects.filter(unit__code="BCHQS-PT", positions__isnull=False).first()
    options = client.get("/nominations/people/", {"q": person.full_name}).content.decode()
    assert f"{person.pk} — {person.full_name}" in options
    response = client.post(
        "/nominations/new/",
        {
            "proposing_unit": "QK2",
            "nominee_kind": "individual",
            "nominee_person": f"{person.pk} — {person.full_name}",
            "form": forms["GK"].pk,
            "year": 2024,
            "achievement": "Hoàn thành xuất sắc nhiệm vụ.",
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get(nominee_person=person, form=forms["GK"], year=2024)
    assert nomination.achievement == "Hoàn thành xuất sắc nhiệm vụ."


def test_the_achievement_is_prefilled_on_request(client, officer, forms, c623):
    client.force_login(officer)
    response = client.get(
        "/nominations/new/prefill/",
        {
            "proposing_unit": "QK2",
            "nominee_kind": "collective",
            "nominee_unit": "BCHQS-PT",
            "form": forms["GK"].pk,
            "year": 2022,
            "campaign": c623.pk,
        },
    )
    body = response.content.decode()
    assert "chỉ tiêu" in body and 'id="achievement-field"' in body
    empty = client.get("/nominations/new/prefill/", {"nominee_kind": "collective"})
    assert 'data-testid="prefill-problem"' in empty.content.decode()


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("outside_scope_unit", "nominee_unit"),
        ("outside_proposer", "nominee_unit"),
        ("outside_scope_person", "nominee_person"),
        ("no_nominee", "nominee_unit"),
        ("kind", "form"),
    ],
)
def test_a_bad_nominee_is_refused_beside_the_field(client, officer, forms, case, field):
    client.force_login(officer)
    data = {
        "proposing_unit": "QK2",
        "nominee_kind": "collective",
        "form": forms["BK-DV"].pk,
        "year": 2024,
    }
    if case == "outside_scope_unit":
        data["nominee_unit"] = "Z111"
    elif case == "outside_proposer":
        data["proposing_unit"] = "SD316"
        data["nominee_unit"] = "SD355-E52"
    elif case == "outside_scope_person":
        outsider = Person.objects.filter(unit__code="TCCNQP").first()
        data["nominee_kind"] = "individual"
        data["nominee_person"] = f"{outsider.pk} — {outsider.full_name}"
    elif case == "kind":
        data["nominee_unit"] = "SD316-E98"
        data["form"] = forms["CSTD-CS"].pk  # a title for individuals only
    before = (Nomination.objects.count(), ChangeLog.objects.count())
    response = client.post("/nominations/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert f'id="id_{field}-errors"' in response.content.decode()
    assert (Nomination.objects.count(), ChangeLog.objects.count()) == before


def test_a_duplicate_nomination_is_refused(client, officer, forms):
    client.force_login(officer)
    unit = fresh_districts()[1]
    make(officer, forms["GK"], unit=unit, year=2024)
    before = Nomination.objects.count()
    response = client.post(
        "/nominations/new/",
        {
            "proposing_unit": "QK2",
            "nominee_kind": "collective",
            "nominee_unit": unit.code,
            "form": forms["GK"].pk,
            "year": 2024,
        },
    )
    assert response.status_code == 200
    assert "already proposed" in str(response.context["form"].errors["nominee_unit"]) or (
        "đã được đề nghị" in str(response.context["form"].errors["nominee_unit"])
    )
    assert Nomination.objects.count() == before


def test_a_reporter_cannot_nominate(client, users, forms):
    client.force_login(users["qk2.baocao"])
    before = Nomination.objects.count()
    response = client.post(
        "/nominations/new/",
        {
            "proposing_unit": "QK2",
            "nominee_kind": "collective",
            "nominee_unit": "SD316-E98",
            "form": forms["GK"].pk,
            "year": 2024,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Nomination.objects.count() == before


def test_the_quota_check_catches_an_over_quota_nomination(client, officer, forms, c623):
    """QK2's 2022 quota of Bằng khen is 56, and the demo awarded 54."""
    client.force_login(officer)
    made = [
        make(officer, forms["BK-DV"], unit=unit, year=2022, campaign=c623)
        for unit in fresh_districts()[:3]
    ]
    for nomination in made[:2]:
        response = client.post(f"/nominations/{nomination.pk}/submit/")
        assert response.status_code == 302
    body = client.get(f"/nominations/{made[2].pk}/").content.decode()
    assert 'data-check="quota" data-level="error"' in body
    assert 'data-testid="checks-blocking"' in body
    before = ChangeLog.objects.count()
    response = client.post(f"/nominations/{made[2].pk}/submit/")
    assert response.status_code == 200
    assert "56" in " ".join(m for ms in response.context["problems"].values() for m in ms)
    assert Nomination.objects.get(pk=made[2].pk).state == NominationState.DRAFT
    assert ChangeLog.objects.count() == before


def test_a_form_no_authority_may_give_cannot_be_submitted(client, officer, forms):
    client.force_login(officer)
    nomination = make(officer, forms["HCBVTQ"], unit=fresh_districts()[2])
    body = client.get(f"/nominations/{nomination.pk}/").content.decode()
    assert 'data-check="authority" data-level="error"' in body
    response = client.post(f"/nominations/{nomination.pk}/submit/")
    assert response.status_code == 200 and response.context["problems"]
    assert Nomination.objects.get(pk=nomination.pk).state == NominationState.DRAFT


@pytest.mark.parametrize(
    ("name", "content", "limit"),
    [
        ("virus.exe", b"MZ\x90\x00 not a document", None),
        ("ghi-chu.pdf", b"just text pretending", None),
        ("lon.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10), 1),
    ],
)
def test_a_dossier_file_must_be_a_document_or_an_image_within_the_limit(
    client, officer, forms, settings, name, content, limit
):
    if limit:
        settings.MAX_UPLOAD_MB = limit
    client.force_login(officer)
    nomination = make(officer, forms["GK"], unit=fresh_districts()[5])
    before = ChangeLog.objects.count()
    response = client.post(
        f"/nominations/{nomination.pk}/files/",
        {"file-kind": "evidence", "file-file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert response.context["file_form"].errors["file"]
    assert 'id="id_file-file-errors"' in response.content.decode()
    assert not NominationFile.objects.filter(nomination=nomination).exists()
    assert ChangeLog.objects.count() == before


def test_a_draft_is_withdrawn_only_by_its_officers_and_only_as_a_draft(
    client, users, officer, forms
):
    nomination = make(officer, forms["GK"], unit=fresh_districts()[9])
    client.force_login(users["qk2.baocao"])
    assert client.post(f"/nominations/{nomination.pk}/withdraw/").status_code == 403
    assert Nomination.objects.filter(pk=nomination.pk).exists()
    client.force_login(officer)
    response = client.post(f"/nominations/{nomination.pk}/withdraw/")
    assert response.status_code == 302 and response["Location"] == "/nominations/queue/"
    assert not Nomination.objects.filter(pk=nomination.pk).exists()
    submitted = make(officer, forms["GK"], unit=fresh_districts()[10])
    services.nomination_submit(by=officer, nomination=submitted)
    response = client.post(f"/nominations/{submitted.pk}/withdraw/")
    assert response.status_code == 200 and response.context["problems"]
    assert Nomination.objects.filter(pk=submitted.pk).exists()

"""An award the proposing body decides itself, the body naming the standing agency of its
emulation council (cơ quan thường trực Hội đồng Thi đua - Khen thưởng): the proposal is
issued by that agency under the body in its header, addressed to the body's head ("Thủ
trưởng Bộ Tư lệnh Quân khu 2", "Ủy ban nhân dân tỉnh Đắk Lắk", "Ban Thường vụ Tỉnh ủy …")
and signed by the agency's head. The catalogue keeps the agency (service, page, API), a unit
below the body in the tree or in one of its lines."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from tongket.awards import services
from tongket.awards.documents import proposal_draft, proposal_frame
from tongket.awards.models import AwardForm, AwardingBody
from tongket.core.errors import DomainError
from tongket.core.scopes import SYSTEM
from tongket.documents.checker import assert_document_passes
from tongket.documents.checker.reading import read
from tongket.documents.writing import head_of, rank_of
from tongket.org import services as org_services
from tongket.org.models import Unit

pytestmark = pytest.mark.django_db
YEAR = 2025


def _texts(content: list[dict]) -> list[str]:  # type: ignore[type-arg]
    return [block.get("addressee") or block.get("text") or "" for block in content]


def _own_nomination(officer, body: Unit, nominee: Unit):  # type: ignore[no-untyped-def]
    nomination = services.nomination_create(
        by=officer,
        proposing_unit=body,
        decider=body,
        form=AwardForm.objects.get(code="BK-DV"),
        year=YEAR,
        nominee_unit=nominee,
        achievement="Hoàn thành xuất sắc nhiệm vụ.",
    )
    return services.nomination_submit(by=officer, nomination=nomination)


def _lines(data: bytes) -> tuple[list[str], list[str]]:
    reading = read(data)
    return [line.text for line in reading.header_left], [
        line.text for line in reading.signature_lines
    ]


def test_the_political_agency_issues_the_proposal_to_the_head_of_the_military_region(users):
    """Given Quân khu 2 (named "Bộ Tư lệnh Quân khu 2" above its bodies) with its Cục Chính
    trị as standing agency, when it proposes to itself a Bằng khen, then the proposal is
    issued by "BỘ TƯ LỆNH QUÂN KHU 2 / CỤC CHÍNH TRỊ" to "Thủ trưởng Bộ Tư lệnh Quân khu 2",
    signed CHỦ NHIỆM with the agency head's rank and name, and passes the checker."""
    admin = users["admin"]
    qk2 = org_services.unit_update(
        by=admin, unit=Unit.objects.get(code="QK2"), organisation_name="Bộ Tư lệnh Quân khu 2"
    )
    agency = org_services.unit_update(
        by=admin, unit=Unit.objects.get(code="CCT-QK2"), header_name="Cục Chính trị"
    )
    services.awarding_level_set(by=admin, unit=qk2, level="region", standing_agency=agency)
    nomination = _own_nomination(users["qk2.thidua"], qk2, Unit.objects.get(code="SD316"))

    frame, content = proposal_frame([nomination])
    day = frame["dated_on"]
    head = head_of(agency, day)
    assert head is not None, "the political agency has a head on the day"
    signer = f"{rank_of(head.person, day)} {head.person.full_name}"
    assert frame["issuer"] == agency
    assert (frame["signer_title"], frame["signer_name"]) == ("Chủ nhiệm", signer)
    assert not frame["authority"]
    to = "Thủ trưởng Bộ Tư lệnh Quân khu 2"
    texts = _texts(content)
    assert texts[0] == f"Kính gửi: {to}"
    assert texts[2].startswith(f"Cục Chính trị Quân khu 2 kính trình {to} xét, tặng Bằng khen")
    assert texts[3] == f"Kính trình {to} xem xét, quyết định."

    document, content = proposal_draft([nomination])
    header, signature = _lines(assert_document_passes(document, content))
    assert header[:2] == ["BỘ TƯ LỆNH QUÂN KHU 2", "CỤC CHÍNH TRỊ"]
    assert "CHỦ NHIỆM" in signature and signer in signature
    assert not any("TƯ LỆNH" in line for line in signature)


def test_the_department_of_home_affairs_issues_it_to_the_peoples_committee():
    """A province: the department of home affairs under the people's committee issues the
    proposal to "Ủy ban nhân dân tỉnh Đắk Lắk", under "UBND TỈNH ĐẮK LẮK / SỞ NỘI VỤ",
    signed GIÁM ĐỐC (no head recorded: the title by the department's name)."""
    ubnd = org_services.unit_update(
        by=SYSTEM, unit=Unit.objects.get(code="UBND-DL"), organisation_name="UBND tỉnh Đắk Lắk"
    )

    def department(code: str, name: str) -> Unit:
        return org_services.unit_create(
            by=SYSTEM,
            code=code,
            name=f"{name} tỉnh Đắk Lắk",
            kind="agency",
            parent=ubnd,
            home_line="state",
            header_name=name,
        )

    home_affairs = department("SNV-DL", "Sở Nội vụ")
    finance = department("STC-DL", "Sở Tài chính")
    services.awarding_level_set(by=SYSTEM, unit=ubnd, level="region", standing_agency=home_affairs)
    nomination = _own_nomination(SYSTEM, ubnd, finance)

    document, content = proposal_draft([nomination])
    assert document.issuer == home_affairs
    texts = _texts(content)
    assert texts[0] == "Kính gửi: Ủy ban nhân dân tỉnh Đắk Lắk"
    assert texts[2].startswith("Sở Nội vụ tỉnh Đắk Lắk kính trình Ủy ban nhân dân tỉnh Đắk Lắk")
    header, signature = _lines(assert_document_passes(document, content))
    assert header[:2] == ["UBND TỈNH ĐẮK LẮK", "SỞ NỘI VỤ"]
    assert "GIÁM ĐỐC" in signature


def test_a_party_committee_is_addressed_through_its_standing_board(users):
    admin = users["admin"]
    committee = Unit.objects.get(code="TU-DL")
    board = org_services.unit_create(
        by=admin,
        code="BTC-TU-DL",
        name="Ban Tổ chức Tỉnh ủy Đắk Lắk",
        kind="agency",
        parent=committee,
        home_line="party",
    )
    services.awarding_level_set(by=admin, unit=committee, level="region", standing_agency=board)
    nomination = _own_nomination(admin, committee, Unit.objects.get(code="TPU-BMT"))

    document, content = proposal_draft([nomination])
    assert document.issuer == board
    assert _texts(content)[0] == "Kính gửi: Ban Thường vụ Tỉnh ủy Đắk Lắk"
    _header, signature = _lines(assert_document_passes(document, content))
    assert "TRƯỞNG BAN" in signature and "BÍ THƯ" not in signature
    # A committee's board signs in its head's own name: no "T/M" (a collective's mark)
    assert not any(line.startswith(("T/M", "TM.")) for line in signature), signature


def test_without_an_agency_the_body_issues_it_and_a_proposal_upwards_is_unchanged(users):
    """A body naming no agency issues its own proposal; a proposal to a body above goes from
    the proposer even when that body has an agency."""
    admin = users["admin"]
    qk2 = Unit.objects.get(code="QK2")
    agency = Unit.objects.get(code="CCT-QK2")
    services.awarding_level_set(by=admin, unit=qk2, level="region")
    own = _own_nomination(users["qk2.thidua"], qk2, Unit.objects.get(code="SD355"))
    frame, _content = proposal_frame([own])
    assert frame["issuer"] == qk2

    services.awarding_level_set(by=admin, unit=qk2, level="region", standing_agency=agency)
    division = Unit.objects.get(code="SD316")
    upwards = services.nomination_create(
        by=users["qk2.thidua"],
        proposing_unit=division,
        decider=qk2,
        form=AwardForm.objects.get(code="BK-DV"),
        year=YEAR,
        nominee_unit=Unit.objects.filter(code__startswith="SD316-E").order_by("code").first(),
        achievement="Hoàn thành xuất sắc nhiệm vụ.",
    )
    frame, content = proposal_frame([upwards])
    assert frame["issuer"] == division
    assert _texts(content)[0] == f"Kính gửi: {qk2.name}"
    assert _texts(content)[2].startswith(f"{division.name} kính đề nghị {qk2.name} xét")


def test_the_agency_must_be_below_the_body(users):
    admin = users["admin"]
    qk2 = Unit.objects.get(code="QK2")

    def refused(agency: Unit, level: str = "region", body: Unit = qk2) -> str:
        with pytest.raises(DomainError) as caught:
            services.awarding_level_set(by=admin, unit=body, level=level, standing_agency=agency)
        assert caught.value.field == "standing_agency"
        return str(caught.value)

    assert "Cục Kinh tế" in refused(Unit.objects.get(code="CKT"))  # the ministry's, not below
    refused(qk2)  # the body itself
    refused(Unit.objects.get(code="CCT-QK2"), level="")  # no level: nothing to record
    dissolved = Unit.objects.filter(code__startswith="BCHQS-DL-", dissolved_on__isnull=False)
    refused(dissolved.first(), body=Unit.objects.get(code="BCHQS-DL"))  # type: ignore[arg-type]
    # Below it in a line, not in the tree: the provincial command is under the people's
    # committee in the State line.
    ubnd = Unit.objects.get(code="UBND-DL")
    command = Unit.objects.get(code="BCHQS-DL")
    assert not command.path.startswith(ubnd.path)
    body = services.awarding_level_set(by=admin, unit=ubnd, level="region", standing_agency=command)
    assert body is not None and body.standing_agency == command
    # An empty level removes the body, its agency with it.
    services.awarding_level_set(by=admin, unit=ubnd, level="")
    assert not AwardingBody.objects.filter(unit=ubnd).exists()


def test_the_page_and_the_api_keep_the_agency(users, client):
    admin = users["admin"]
    client.force_login(admin)
    url = reverse("ui:awarding_level_set")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(url, {"unit": "QK2", "level": "region", "standing_agency": "CKT"})
    assert response.status_code == 200
    assert "is not below Quân khu 2" in response.content.decode()
    response = client.post(url, {"unit": "QK2", "level": "region", "standing_agency": "CCT-QK2"})
    assert response.status_code == 302
    assert AwardingBody.objects.get(unit__code="QK2").standing_agency.code == "CCT-QK2"  # type: ignore[union-attr]
    page = client.get(reverse("ui:award_authority_list")).content.decode()
    assert "Cục Chính trị Quân khu 2" in page

    api = APIClient()
    api.force_authenticate(admin)
    levels = "/api/v1/award-authorities/levels/"
    rows = api.get(levels).json()
    assert {"unit": "QK2", "level": "region", "standing_agency": "CCT-QK2"} in rows
    cleared = api.post(levels, {"unit": "QK2", "level": "region"}, format="json")
    assert cleared.json() == {"unit": "QK2", "level": "region", "standing_agency": None}
    assert AwardingBody.objects.get(unit__code="QK2").standing_agency is None
    wrong = api.post(
        levels, {"unit": "QK2", "level": "region", "standing_agency": "CKT"}, format="json"
    )
    assert wrong.status_code == 400
    assert "standing_agency" in wrong.json()["errors"]

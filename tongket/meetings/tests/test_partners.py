"""Partners of another branch: a provincial officer names district Party committees and a
provincial Party secretary on the records of a conference, without reaching their data; the
partner's own users see what was given to them."""

import datetime

import pytest
from rest_framework.test import APIClient

from tongket.core.errors import NotFound
from tongket.core.scopes import SYSTEM
from tongket.meetings import selectors, services
from tongket.meetings.models import Meeting
from tongket.org import partners
from tongket.org import selectors as org_selectors
from tongket.org import services as org_services
from tongket.org.choices import Role
from tongket.org.models import Person

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def review_conference():
    return Meeting.objects.get(host_unit__code="DUQS-DL", date=D(2023, 8, 22))


@pytest.fixture
def district_reporter(units):
    return org_services.user_create(
        by=SYSTEM,
        username="huyenuy.lak",
        password="x",
        unit=units["HU-LAK"],
        role=Role.REPORTER,
        check_password=False,
    )


def test_provincial_officer_gives_a_task_to_a_district_committee_of_another_branch(
    users, units, review_conference, district_reporter
):
    officer = users["daklak.theodoi"]
    # Given a district Party committee outside the provincial officer's scope
    with pytest.raises(NotFound):
        org_selectors.unit_get(user=officer, pk=units["HU-LAK"].pk)
    # When the officer records a conclusion and gives the task to that committee
    conclusion = services.conclusion_add(
        by=officer,
        meeting=review_conference,
        text="Các huyện ủy rà soát, bổ sung chỉ tiêu phối hợp giai đoạn 2023-2025.",
    )
    task = services.task_add(
        by=officer,
        conclusion=conclusion,
        title="Rà soát chỉ tiêu phối hợp của huyện",
        assignee=units["HU-LAK"],
        deadline=D(2023, 10, 31),
    )
    # Then the district committee's own user sees the task given to it
    assert task in selectors.task_list(user=district_reporter)
    # and the officer still cannot read the committee's unit record
    with pytest.raises(NotFound):
        org_selectors.unit_get(user=officer, pk=units["HU-LAK"].pk)


def test_a_task_to_a_unit_that_did_not_exist_on_the_meeting_day_is_refused(
    users, units, review_conference
):
    from tongket.core.errors import DomainError

    officer = users["daklak.theodoi"]
    conclusion = services.conclusion_add(by=officer, meeting=review_conference, text="Kết luận.")
    later = units["PTKV-DL-1"]  # established on 01/07/2025
    with pytest.raises(DomainError) as error:
        services.task_add(
            by=officer,
            conclusion=conclusion,
            title="Nhiệm vụ",
            assignee=later,
            deadline=D(2023, 12, 1),
        )
    assert error.value.field == "assignee"


def test_the_provincial_party_secretary_chairs_through_the_api(users, units, review_conference):
    officer = users["daklak.theodoi"]
    secretary = Person.objects.get(full_name="Trần Thị B", unit=units["TU-DL"])
    # Given the secretary is kept by the provincial Party committee, outside the officer's scope
    with pytest.raises(NotFound):
        org_selectors.person_get(user=officer, pk=secretary.pk)
    client = APIClient()
    client.force_authenticate(officer)
    # When the officer names her as chair and the district committees as participating units
    response = client.patch(
        f"/api/v1/meetings/{review_conference.pk}/",
        {
            "version": review_conference.version,
            "chair": secretary.pk,
            "participant_units": ["HU-LAK", "HU-EASUP", "HU-KRONGANA", "HU-MDRAK"],
        },
        format="json",
    )
    # Then the record names them
    assert response.status_code == 200, response.content
    review_conference.refresh_from_db()
    assert review_conference.chair == secretary
    assert sorted(review_conference.participant_units.values_list("code", flat=True)) == [
        "HU-EASUP",
        "HU-KRONGANA",
        "HU-LAK",
        "HU-MDRAK",
    ]


def test_the_registry_pickers_find_people_and_units_of_every_branch_by_name_only(units):
    people = list(partners.registry_people(search="tran thi b"))
    assert [p.full_name for p in people] == ["Trần Thị B"]
    found = {u.code for u in partners.partner_units(search="huyen uy", include_dissolved=True)}
    assert {"HU-LAK", "HU-EASUP", "HU-KRONGANA", "HU-MDRAK"} <= found
    assert partners.partner_unit(code="ĐUQSTW") == units["QUTW"]
    with pytest.raises(NotFound):
        partners.partner_unit(code="KHONG-CO")

"""A unit group used in report forms and targets: the form asked of, the target set for, the
group's members of the day inside the acting user's scope (never another branch's), through
the ordinary services and their checks; from the group's page and the API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.analysis import services
from tongket.analysis.models import UnitGroup
from tongket.core.errors import DomainError
from tongket.core.models import ChangeLog
from tongket.org.models import Unit
from tongket.reporting.models import FormAssignment, ReportForm
from tongket.resolutions.models import Indicator, Target

pytestmark = pytest.mark.django_db
MEMBERS = ["CCT-QK2", "SD316", "Z111"]


@pytest.fixture
def group(users) -> UnitGroup:  # type: ignore[no-untyped-def]
    """Kept by BQP: Cục Chính trị QK2 and Sư đoàn 316 (in QK2), and Nhà máy
    Z111 (another branch); a fourth unit joins only next year."""
    made = services.group_create(
        by=users["bqp.theodoi"],
        owner_unit=Unit.objects.get(code="BQP"),
        code="DUTY-TEST",
        name="Nhóm giao việc",
        units=list(Unit.objects.filter(code__in=MEMBERS)),
    )
    services.group_member_add(
        by=users["bqp.theodoi"],
        group=made,
        unit=Unit.objects.get(code="SD355"),
        valid_from=datetime.date.today() + datetime.timedelta(days=365),
    )
    return made


def form() -> ReportForm:
    return ReportForm.objects.get(code="BC6T-623-QK2")


def hc03() -> Indicator:
    return Indicator.objects.get(code="HC03", resolution__symbol="623-NQ/QUTW")


def assigned(codes: list[str]) -> set[str]:
    return set(
        FormAssignment.objects.filter(form=form(), unit__code__in=codes).values_list(
            "unit__code", flat=True
        )
    )


def test_a_form_goes_to_the_members_of_my_scope_from_the_day(users, group):
    """Given the group, when QK2's tracking officer asks its units for the QK2 form, then the
    two QK2 units are asked from today (logged with the group and the standing rule), the
    unit recorded to join next year is asked from its first day, Z111 (outside their scope)
    is not."""
    keeper = users["qk2.theodoi"]
    made = services.form_assign_group(by=keeper, form=form(), group=group)
    assert sorted(unit.code for unit in made.units) == ["CCT-QK2", "SD316", "SD355"]
    assert assigned([*MEMBERS, "SD355"]) == {"SD316", "CCT-QK2", "SD355"}
    joins = datetime.date.today() + datetime.timedelta(days=365)
    spans = {
        a.unit.code: a.valid_from
        for a in FormAssignment.objects.filter(form=form(), unit__code__in=[*MEMBERS, "SD355"])
    }
    assert spans == {"CCT-QK2": None, "SD316": None, "SD355": joins}
    log = ChangeLog.objects.get(action="form_assign_group", object_id=str(form().pk))
    assert log.after["group"] == "DUTY-TEST" and log.after["rule"] == made.rule.pk


def test_only_the_forms_keeper_gives_it_and_a_group_without_my_units_is_refused(users, group):
    with pytest.raises(PermissionDenied):
        services.form_assign_group(by=users["qk2.duyet"], form=form(), group=group)
    assert assigned(MEMBERS) == set()
    others = services.group_create(
        by=users["bqp.theodoi"],
        owner_unit=Unit.objects.get(code="BQP"),
        code="DUTY-OTHER",
        name="Chỉ nhà máy",
        units=[Unit.objects.get(code="Z111")],
    )
    with pytest.raises(DomainError) as refused:
        services.form_assign_group(by=users["qk2.theodoi"], form=form(), group=others)
    assert "group" in refused.value.message_dict


def test_a_target_for_each_unit_of_the_group(users, group):
    """QK2's tracking officer sets HC03's target of the horizon's first year for the group:
    its two QK2 units get it, Z111 does not; BQP's sets it for all three; QK2's approver may
    not (nothing written)."""
    indicator = hc03()
    year = indicator.resolution.horizon_from
    made = services.target_set_group(
        by=users["qk2.theodoi"], indicator=indicator, group=group, year=year, value=40
    )
    assert sorted(t.unit.code for t in made.made) == ["CCT-QK2", "SD316"]
    targets = Target.objects.filter(indicator=indicator, year=year, unit__code__in=MEMBERS)
    assert {t.unit.code: t.value for t in targets} == {"SD316": 40, "CCT-QK2": 40}
    assert ChangeLog.objects.filter(action="target_set_group").exists()

    before = Target.objects.count()
    with pytest.raises(PermissionDenied):
        services.target_set_group(
            by=users["qk2.duyet"], indicator=indicator, group=group, year=year, value=1
        )
    assert Target.objects.count() == before
    everyone = services.target_set_group(
        by=users["bqp.theodoi"], indicator=indicator, group=group, year=year, value=45
    )
    assert sorted(unit.code for unit in everyone.units) == sorted(MEMBERS)


def test_the_groups_page_gives_a_form_and_targets(
    client, users, group, django_assert_max_num_queries
):
    keeper = users["qk2.theodoi"]
    client.force_login(keeper)
    with django_assert_max_num_queries(25):
        page = client.get(f"/analysis/groups/{group.pk}/")
    body = page.content.decode()
    assert 'data-testid="group-form-assign"' in body and 'data-testid="group-target"' in body
    assert form().pk in dict(page.context["assign_form"].fields["form"].choices)

    answer = client.post(f"/analysis/groups/{group.pk}/form/", {"form": form().pk})
    assert answer.status_code == 302
    assert assigned(MEMBERS) == {"SD316", "CCT-QK2"}

    indicator = hc03()
    year = indicator.resolution.horizon_from
    answer = client.post(
        f"/analysis/groups/{group.pk}/target/",
        {"indicator": indicator.pk, "year": year, "value": "42,5"},
    )
    assert answer.status_code == 302
    values = Target.objects.filter(indicator=indicator, year=year, unit__code__in=MEMBERS)
    assert {t.unit.code: str(t.value.normalize()) for t in values} == {
        "SD316": "42.5",
        "CCT-QK2": "42.5",
    }
    refused = client.post(
        f"/analysis/groups/{group.pk}/target/",
        {"indicator": indicator.pk, "year": 1900, "value": "1"},
    )
    assert refused.status_code == 200 and refused.context["target_form"].errors


def test_who_sees_the_groups_forms(client, users, group):
    """QK2's approver keeps neither forms nor targets: no form shown, a post refused;
    another branch does not see the group (404)."""
    client.force_login(users["qk2.duyet"])
    page = client.get(f"/analysis/groups/{group.pk}/")
    assert page.context["assign_form"] is None and page.context["target_form"] is None
    refused = client.post(f"/analysis/groups/{group.pk}/form/", {"form": form().pk})
    assert refused.status_code == 200 and refused.context["assign_form"].errors
    assert assigned(MEMBERS) == set()
    kept_by_qk2 = services.group_create(
        by=users["qk2.theodoi"],
        owner_unit=Unit.objects.get(code="QK2"),
        code="DUTY-QK2",
        name="Của QK2",
        units=[Unit.objects.get(code="CCT-QK2")],
    )
    client.force_login(users["cnqp.baocao"])
    assert client.post(f"/analysis/groups/{kept_by_qk2.pk}/form/", {}).status_code == 404


def test_the_api_gives_a_form_and_targets_to_a_group(users, group):
    def api(user):  # type: ignore[no-untyped-def]
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0]}")
        return client

    keeper = api(users["qk2.theodoi"])
    url = f"/api/v1/unit-groups/{group.pk}/"
    answer = keeper.post(url + "assign-form/", {"form": "BC6T-623-QK2"}, format="json")
    assert answer.status_code == 200
    assert sorted(answer.json()["units"]) == ["CCT-QK2", "SD316", "SD355"]
    assert answer.json()["rule"] > 0
    indicator = hc03()
    year = indicator.resolution.horizon_from
    answer = keeper.post(
        url + "set-target/", {"indicator": indicator.pk, "year": year, "value": 30}, format="json"
    )
    assert answer.status_code == 200 and len(answer.json()["units"]) == 2
    refused = api(users["qk2.duyet"]).post(
        url + "set-target/", {"indicator": indicator.pk, "year": year, "value": 1}, format="json"
    )
    assert refused.status_code == 403
    assert (
        api(users["qk2.duyet"])
        .post(url + "assign-form/", {"form": "BC6T-623-QK2"}, format="json")
        .status_code
        == 403
    )

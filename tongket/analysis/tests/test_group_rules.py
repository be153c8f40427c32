"""A form or a target given to a unit group is a standing rule of the group: a unit that joins
later, inside the scope the rule's author had, is given the same through the same services
(all or nothing, logged); one outside it is not; a unit that leaves is asked for the form no
more; an ended rule gives nothing more. On the group's page and through the API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.analysis import selectors, services
from tongket.analysis.models import GroupRule, GroupRuleApplication, UnitGroup
from tongket.core.errors import DomainError, NotFound
from tongket.core.models import ChangeLog
from tongket.org.models import RoleGrant, Unit
from tongket.reporting.models import FormAssignment, Period, Report, ReportForm
from tongket.resolutions.models import Indicator, Target

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def group(users) -> UnitGroup:  # type: ignore[no-untyped-def]
    """Kept by BQP: Cục Chính trị QK2 (in QK2) and Nhà máy Z111 (another branch)."""
    return services.group_create(
        by=users["bqp.theodoi"],
        owner_unit=Unit.objects.get(code="BQP"),
        code="RULE-TEST",
        name="Nhóm quy tắc",
        units=list(Unit.objects.filter(code__in=["CCT-QK2", "Z111"])),
    )


def form() -> ReportForm:
    return ReportForm.objects.get(code="BC6T-623-QK2")


def hc03() -> Indicator:
    return Indicator.objects.get(code="HC03", resolution__symbol="623-NQ/QUTW")


def join(users, group, code, **dates):  # type: ignore[no-untyped-def]
    """BQP's keeper (who keeps the group) adds the unit."""
    return services.group_member_add(
        by=users["bqp.theodoi"], group=group, unit=Unit.objects.get(code=code), **dates
    )


def assignment(code: str) -> FormAssignment | None:
    return FormAssignment.objects.filter(form=form(), unit__code=code).first()


def test_a_unit_that_joins_later_is_asked_for_the_form(users, group):
    """Given QK2's tracking officer asked the group's units for the QK2 form (CCT-QK2 only,
    Z111 being outside their scope), when BQP's keeper adds Sư đoàn 355 from a later day,
    then it is asked for the form from that day, through form_assign (its reports of the
    open periods made), with a change-log line naming the rule."""
    made = services.form_assign_group(by=users["qk2.theodoi"], form=form(), group=group)
    assert [unit.code for unit in made.units] == ["CCT-QK2"]
    assert assignment("SD355") is None
    # A week from now, or the last day of the form's last open period when that is sooner
    # (the army's half-years end on 14 June and 14 December).
    last_open = Period.objects.filter(reports__form=form(), is_open=True).order_by("-end").first()
    assert last_open is not None
    joins = min(TODAY + datetime.timedelta(days=7), last_open.end)

    join(users, group, "SD355", valid_from=joins)

    given = assignment("SD355")
    assert given is not None and (given.valid_from, given.valid_to) == (joins, None)
    opened = Period.objects.filter(reports__form=form(), is_open=True, end__gte=joins).distinct()
    assert opened.exists()
    assert Report.objects.filter(form=form(), unit__code="SD355", period__in=opened).count() == (
        opened.count()
    )
    log = ChangeLog.objects.get(action="group_rule_apply", object_id=str(group.pk))
    assert log.after["rule"] == made.rule.pk and log.after["unit"] == "SD355"
    assert log.username == "bqp.theodoi"
    assert ChangeLog.objects.filter(
        action="form_assign", username="qk2.theodoi", after__units=["SD355"]
    ).exists()


def test_a_unit_that_joins_later_gets_the_target(users, group):
    """The same for a target: QK2's officer sets HC03 for this year's group; Sư đoàn 355,
    joining, gets the same target (an adjustment where it had one)."""
    indicator = hc03()
    year = min(max(TODAY.year, indicator.resolution.horizon_from), indicator.resolution.horizon_to)
    services.target_set_group(
        by=users["qk2.theodoi"], indicator=indicator, group=group, year=year, value=37
    )
    join(users, group, "SD355")
    target = Target.objects.get(indicator=indicator, unit__code="SD355", year=year)
    assert target.value == 37


def test_a_unit_outside_the_authors_scope_is_given_nothing(users, group):
    """Given the rule of QK2's officer, when BQP's keeper adds Nhà máy Z113 (another branch,
    outside QK2), then it joins and is asked for nothing, gets no target."""
    services.form_assign_group(by=users["qk2.theodoi"], form=form(), group=group)
    indicator = hc03()
    year = indicator.resolution.horizon_from
    services.target_set_group(
        by=users["qk2.theodoi"], indicator=indicator, group=group, year=year, value=12
    )
    join(users, group, "Z113")
    assert group.members.filter(unit__code="Z113").exists()
    assert assignment("Z113") is None
    assert not Target.objects.filter(indicator=indicator, unit__code="Z113", value=12).exists()
    assert not ChangeLog.objects.filter(action="group_rule_apply").exists()


def test_an_ended_rule_gives_nothing_to_later_joiners(users, group):
    """Given the rule, when it is ended (not by QK2's approver, who may not; by its author),
    then a unit joining afterwards is not asked; what the rule gave stays."""
    made = services.form_assign_group(by=users["qk2.theodoi"], form=form(), group=group)
    rule = selectors.group_rule_get(user=users["qk2.theodoi"], pk=made.rule.pk)
    with pytest.raises(PermissionDenied):
        services.group_rule_end(by=users["qk2.duyet"], rule=rule)
    with pytest.raises(NotFound):
        selectors.group_rule_get(user=users["cnqp.baocao"], pk=made.rule.pk)

    services.group_rule_end(by=users["qk2.theodoi"], rule=rule)

    join(users, group, "SD355")
    assert assignment("SD355") is None
    assert assignment("CCT-QK2") is not None
    ended = GroupRule.objects.get(pk=rule.pk)
    assert ended.ended_at is not None and ended.ended_by == users["qk2.theodoi"]
    assert selectors.group_rules(user=users["qk2.theodoi"], group=group) == []
    assert ChangeLog.objects.filter(action="group_rule_end", object_id=str(group.pk)).exists()


def test_a_unit_that_leaves_is_asked_no_more_from_that_day(users, group):
    """Given Sư đoàn 355 asked through the rule, when it leaves the group at the end of next
    month, then its assignment ends the day before; its reports stay. A later joining and
    leaving of a unit whose assignment was changed by hand leaves that assignment alone."""
    services.form_assign_group(by=users["qk2.theodoi"], form=form(), group=group)
    member = join(users, group, "SD355")
    reports = Report.objects.filter(form=form(), unit__code="SD355").count()
    leaves = TODAY + datetime.timedelta(days=40)

    services.group_member_end(by=users["bqp.theodoi"], member=member, valid_to=leaves)

    given = assignment("SD355")
    assert given is not None and given.valid_to == leaves - datetime.timedelta(days=1)
    assert Report.objects.filter(form=form(), unit__code="SD355").count() == reports
    application = GroupRuleApplication.objects.get(unit__code="SD355")
    assert application.withdrawn_on == leaves
    assert ChangeLog.objects.filter(action="group_rule_withdraw").count() == 1

    # Changed by hand since: the rule does not touch it.
    cct = group.members.get(unit__code="CCT-QK2")
    FormAssignment.objects.filter(form=form(), unit__code="CCT-QK2").update(
        valid_to=TODAY + datetime.timedelta(days=900)
    )
    services.group_member_end(by=users["bqp.theodoi"], member=cct, valid_to=leaves)
    assert assignment("CCT-QK2").valid_to == TODAY + datetime.timedelta(days=900)


def test_the_span_given_follows_the_membership_and_the_rule(users, group):
    """A unit that joins for a span is asked over the part of the rule's span it is in the
    group (its membership's last day is the day before it ends); one whose membership ends
    before the rule begins is given nothing."""
    start = TODAY + datetime.timedelta(days=10)
    end = TODAY + datetime.timedelta(days=300)
    services.form_assign_group(
        by=users["qk2.theodoi"], form=form(), group=group, valid_from=start, valid_to=end
    )
    join(
        users,
        group,
        "SD355",
        valid_from=TODAY,
        valid_to=TODAY + datetime.timedelta(days=100),
    )
    given = assignment("SD355")
    assert given is not None
    assert (given.valid_from, given.valid_to) == (start, TODAY + datetime.timedelta(days=99))
    join(users, group, "SD316", valid_from=TODAY, valid_to=TODAY + datetime.timedelta(days=5))
    assert assignment("SD316") is None


def test_a_rule_that_can_no_longer_be_applied_refuses_the_join(users, group):
    """Given the rule of QK2's officer, when that officer loses their role, then adding a
    QK2 unit is refused with a message naming the rule, and nothing is written: neither the
    membership nor an assignment."""
    services.form_assign_group(by=users["qk2.theodoi"], form=form(), group=group)
    RoleGrant.objects.filter(user=users["qk2.theodoi"]).delete()
    members = group.members.count()
    with pytest.raises(DomainError) as refused:
        join(users, group, "SD355")
    assert "unit" in refused.value.message_dict
    assert "BC6T-623-QK2" in refused.value.message_dict["unit"][0]
    assert group.members.count() == members
    assert assignment("SD355") is None
    assert not GroupRuleApplication.objects.filter(unit__code="SD355").exists()


def test_giving_the_same_form_again_replaces_my_rule(users, group):
    first = services.form_assign_group(by=users["qk2.theodoi"], form=form(), group=group)
    second = services.form_assign_group(
        by=users["qk2.theodoi"], form=form(), group=group, valid_to=TODAY.replace(year=2099)
    )
    in_force = selectors.group_rules(user=users["qk2.theodoi"], group=group)
    assert [rule.pk for rule in in_force] == [second.rule.pk] and first.rule.pk != second.rule.pk
    assert [root.code for root in in_force[0].scope_roots.all()] == ["QK2"]


def test_the_groups_page_lists_the_rules_and_ends_one(client, users, group):
    made = services.form_assign_group(by=users["qk2.theodoi"], form=form(), group=group)
    client.force_login(users["qk2.duyet"])
    body = client.get(f"/analysis/groups/{group.pk}/").content.decode()
    assert 'data-testid="group-rule"' in body and "BC6T-623-QK2" in body
    assert 'data-testid="group-rule-end"' not in body
    client.force_login(users["bqp.theodoi"])
    page = client.get(f"/analysis/groups/{group.pk}/")
    assert 'data-testid="group-rule-end"' in page.content.decode()
    answer = client.post(f"/analysis/groups/rules/{made.rule.pk}/end/")
    assert answer.status_code == 302
    assert GroupRule.objects.get(pk=made.rule.pk).ended_at is not None
    assert 'data-testid="group-rule"' not in client.get(answer.url).content.decode()
    client.force_login(users["cnqp.baocao"])
    assert client.post(f"/analysis/groups/rules/{made.rule.pk}/end/").status_code == 404


def test_the_api_lists_and_ends_the_rules(users, group):
    def api(user):  # type: ignore[no-untyped-def]
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0]}")
        return client

    keeper = api(users["qk2.theodoi"])
    url = f"/api/v1/unit-groups/{group.pk}/"
    rule = keeper.post(url + "assign-form/", {"form": "BC6T-623-QK2"}, format="json").json()["rule"]
    listed = keeper.get(url).json()["rules"]
    assert [(r["id"], r["kind"], r["form"], r["within"]) for r in listed] == [
        (rule, "form", "BC6T-623-QK2", ["QK2"])
    ]
    assert listed[0]["set_by"] == "qk2.theodoi" and listed[0]["units_given"] == 1
    refused = api(users["qk2.duyet"]).post(url + "end-rule/", {"rule": rule}, format="json")
    assert refused.status_code == 403
    answer = keeper.post(url + "end-rule/", {"rule": rule}, format="json")
    assert answer.status_code == 200 and answer.json()["rules"] == []
    again = keeper.post(url + "end-rule/", {"rule": rule}, format="json")
    assert again.status_code == 404

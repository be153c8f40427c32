"""The demo holds a unit group with a standing rule and a DHIS2 exchange mapping of Quân khu
2, and a dataValueSet exported through that mapping names every object by the partner's
identifiers written in it."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tongket.analysis import demo
from tongket.analysis.choices import GroupRuleKind, MappingKind
from tongket.analysis.dhis2 import period_to_dhis2
from tongket.analysis.models import ExchangeMapping, GroupRule, UnitGroup
from tongket.reporting.models import DataValue, Report
from tongket.resolutions.models import Target

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_dated_unit_group_with_a_standing_target_rule():
    group = UnitGroup.objects.get(code=demo.BORDER_GROUP)
    assert group.owner_unit.code == "QK2"
    members = {
        (m.unit.code, m.valid_from, m.valid_to) for m in group.members.select_related("unit")
    }
    assert members == set(demo.BORDER_MEMBERS)

    [rule] = GroupRule.objects.filter(group=group, ended_at__isnull=True)
    assert rule.kind == GroupRuleKind.TARGET
    assert (rule.indicator.code, rule.year) == ("HC05", demo.BORDER_TARGET_YEAR)
    assert rule.created_by.username == "qk2.theodoi"
    # Given to the members of that year (Hà Giang's command had merged away), through the
    # targets service.
    given = Target.objects.filter(indicator=rule.indicator, year=rule.year)
    assert set(given.values_list("unit__code", flat=True)) == {
        code for code, _start, end in demo.BORDER_MEMBERS if end is None
    }
    assert set(rule.applications.values_list("unit__code", flat=True)) == set(
        given.values_list("unit__code", flat=True)
    )


def test_a_set_exported_through_the_demo_mapping_gives_the_mapped_identifiers(users):
    mapping = ExchangeMapping.objects.get(name=demo.MAPPING, owner_unit__code="QK2")
    rows = list(mapping.rows.select_related("unit", "indicator", "form"))
    theirs = {
        kind: {row.target.code: row for row in rows if row.kind == kind} for kind in MappingKind
    }
    assert set(theirs[MappingKind.UNIT]) >= {"QK2", "BCHQS-LC"}
    assert set(theirs[MappingKind.FORM]) == {demo.MAPPED_FORM}
    assert {row.indicator.resolution.symbol for row in theirs[MappingKind.INDICATOR].values()} == {
        demo.MAPPED_RESOLUTION
    }
    report = (
        Report.objects.filter(form__code=demo.MAPPED_FORM, unit__code="BCHQS-LC")
        .filter(values__numerator__isnull=False)
        .distinct()
        .order_by("-period__sort_key")
        .first()
    )
    assert report is not None
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=users['qk2.baocao'])[0].key}"
    )

    answer = client.get(
        "/api/v1/data-value-sets/",
        {
            "form": demo.MAPPED_FORM,
            "period": period_to_dhis2(report.period.code),
            "unit": "BCHQS-LC",
            "mapping": mapping.pk,
        },
    )

    assert answer.status_code == 200, answer.json()
    data = answer.json()
    assert data["dataSet"] == theirs[MappingKind.FORM][demo.MAPPED_FORM].external_id
    values = data["dataValues"]
    assert len(values) >= DataValue.objects.filter(report=report, value__isnull=False).count()
    # The province and the regional defence commands under it, each by its identifier.
    reported = set(
        Report.objects.filter(
            form=report.form,
            period=report.period,
            unit__path__startswith=report.unit.path,
            values__value__isnull=False,
        ).values_list("unit__code", flat=True)
    )
    assert "BCHQS-LC" in reported
    assert {v["orgUnit"] for v in values} == {
        theirs[MappingKind.UNIT][code].external_id for code in reported
    }
    elements = {row.external_id: row for row in theirs[MappingKind.INDICATOR].values()}
    assert {v["dataElement"] for v in values} <= set(elements)
    for value in values:
        row = elements[value["dataElement"]]
        combo = value.get("categoryOptionCombo")
        assert combo in (None, row.numerator_combo, row.denominator_combo), value
    combos = {v.get("categoryOptionCombo") for v in values}
    assert {demo.NUMERATOR_COMBO, demo.DENOMINATOR_COMBO} <= combos
    assert not combos & {"NUM", "DEN"}

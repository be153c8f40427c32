"""Validation rules: defined by the form's keepers, checked before a report goes up (high
importance blocks; medium and low until the value carries a comment), run over units and
periods, through the pages and /api/v1/validation-rules/."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

import tongket.analysis.testing
from tongket.analysis import services
from tongket.analysis.models import ValidationRule
from tongket.analysis.validation import validation_run
from tongket.core.errors import DomainError
from tongket.core.models import ChangeLog
from tongket.org.models import Unit
from tongket.reporting.models import Period, Report, ReportForm
from tongket.reporting.services.reports import Entry, report_save, report_submit

pytestmark = pytest.mark.django_db


def form() -> ReportForm:
    return ReportForm.objects.get(code="BC6T-623-QK2")


def draft() -> Report:
    return (
        Report.objects.filter(form=form(), state="draft", period__is_open=True)
        .select_related("unit", "period", "form")
        .order_by("pk")
        .first()
    )


def fill(report: Report, user, hc03_comment="Đã kiểm tra.", **values) -> Report:  # type: ignore[no-untyped-def]
    """Every indicator of the form filled, each value explained by a comment (so that nothing
    but the rules can stop the submission), HC03's comment as given."""
    links = list(report.form.form_indicators.select_related("indicator"))
    entries = {}
    for link in links:
        code = link.indicator.code
        comment = hc03_comment if code == "HC03" else "Số liệu thử, đã kiểm tra."
        if link.indicator.measure_kind == "ratio":
            entry = Entry(numerator=Decimal(9), denominator=Decimal(10))
        elif link.indicator.unit_aggregation == "weighted_average":
            entry = Entry(value=Decimal(5), denominator=Decimal(10))
        elif link.indicator.measure_kind == "milestone":
            entry = Entry(value=Decimal(1))
        else:
            entry = Entry(value=values.get(code, Decimal(5)))
        entry.comment = comment
        entries[link.indicator_id] = entry
    return report_save(by=user, report=report, entries=entries)


def rule(user, importance: str, **changes) -> ValidationRule:  # type: ignore[no-untyped-def]
    data = {
        "code": "R1",
        "name": "Sản lượng so với diện tích",
        "left": "HC03",
        "operator": "le",
        "right": "HC02 × 10",
        "message": "Sản lượng thịt, cá không thể vượt 10 tấn mỗi ha tăng gia.",
        "importance": importance,
    }
    return services.rule_create(by=user, form=form(), **{**data, **changes})


def test_a_rule_of_high_importance_blocks_the_submission(users):
    """Given HC03 ≤ HC02 × 10 of high importance, when a unit reports HC02 = 2 and HC03 = 50,
    then the submission is refused on HC03's cell with the rule's message, even with a
    comment; with HC03 = 20 it goes up."""
    rule(users["qk2.theodoi"], "high")
    report = draft()
    reporter = users["qk2.baocao"]
    report = fill(report, reporter, HC02=Decimal(2), HC03=Decimal(50))
    with pytest.raises(DomainError) as error:
        report_submit(by=reporter, report=report)
    hc03 = report.form.form_indicators.get(indicator__code="HC03").indicator_id
    messages = error.value.message_dict[f"value_{hc03}"]
    assert any("R1" in m and "10 tấn" in m for m in messages)
    report.refresh_from_db()
    assert report.state == "draft"
    report = fill(report, reporter, HC02=Decimal(2), HC03=Decimal(20))
    assert report_submit(by=reporter, report=report).state == "submitted"


def test_a_warning_rule_lets_the_report_go_once_the_value_is_explained(users):
    rule(users["qk2.theodoi"], "medium")
    report = draft()
    reporter = users["qk2.baocao"]
    report = fill(report, reporter, hc03_comment="", HC02=Decimal(2), HC03=Decimal(50))
    with pytest.raises(DomainError) as error:
        report_submit(by=reporter, report=report)
    hc03 = report.form.form_indicators.get(indicator__code="HC03").indicator_id
    assert any("R1" in m for m in error.value.message_dict[f"value_{hc03}"])
    links = {hc03: Entry(value=Decimal(50), comment="Nhận thêm đàn bò từ đơn vị bạn.")}
    report = report_save(by=reporter, report=report, entries=links)
    assert report_submit(by=reporter, report=report).state == "submitted"


def test_rules_are_checked_when_made_and_kept_by_the_forms_keepers(users):
    keeper = users["qk2.theodoi"]
    with pytest.raises(DomainError) as error:
        rule(keeper, "high", right="HC99 * 2")
    assert "right" in error.value.message_dict
    with pytest.raises(DomainError) as error:
        rule(keeper, "high", left="HC03 +")
    assert "left" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        rule(users["qk2.baocao"], "high")
    made = rule(keeper, "low")
    with pytest.raises(DomainError) as error:
        rule(keeper, "low")
    assert "code" in error.value.message_dict
    changed = services.rule_update(by=keeper, rule=made, operator="lt", version=made.version)
    assert changed.operator == "lt" and changed.version == 2
    assert ChangeLog.objects.filter(action="validation_rule_update", object_id=str(made.pk))


def test_a_validation_run_lists_the_reports_breaking_a_rule(users):
    """Given a rule no approved report can meet (HC03 < 0), when QK2's last two half-years
    are checked, then each approved report with an HC03 value is a violation, and a run in
    Sư đoàn 316 lists only units below it."""
    keeper = users["qk2.theodoi"]
    rule(keeper, "low", left="HC03", operator="lt", right="0")
    periods = list(
        Period.objects.filter(type="half_year", reports__form=form(), reports__state="approved")
        .distinct()
        .order_by("-sort_key")[:2]
    )
    qk2 = Unit.objects.get(code="QK2")
    result = validation_run(user=keeper, form=form(), within=qk2, periods=periods)
    reported = Report.objects.filter(
        form=form(), period__in=periods, values__indicator__code="HC03", values__value__isnull=False
    ).distinct()
    assert len(result["violations"]) == reported.count() > 0
    sd316 = Unit.objects.get(code="SD316")
    inner = validation_run(user=keeper, form=form(), within=sd316, periods=periods)
    assert 0 < len(inner["violations"]) < len(result["violations"])
    assert all(v.report.unit.path.startswith(sd316.path) for v in inner["violations"])


def test_the_rule_pages_and_the_run_page(client, users):
    client.force_login(users["qk2.theodoi"])
    response = client.post(
        "/analysis/rules/",
        {
            "report_form": form().pk,
            "code": "r2",
            "name": "Không âm",
            "left": "HC03",
            "operator": "ge",
            "right": "0",
            "importance": "high",
            "message": "Sản lượng không được âm.",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    made = ValidationRule.objects.get(code="R2")
    listing = client.get("/analysis/rules/").content.decode()
    assert "Sản lượng không được âm." in listing
    bad = client.post(
        f"/analysis/rules/{made.pk}/",
        {
            "code": "R2",
            "name": "x",
            "left": "HC03 +",
            "operator": "ge",
            "right": "0",
            "importance": "high",
            "message": "m",
        },
    )
    assert bad.status_code == 200 and bad.context["form"].errors["left"]
    qk2 = Unit.objects.get(code="QK2")
    run = client.get("/analysis/rules/run/", {"form": form().pk, "unit": qk2.pk})
    assert run.status_code == 200 and run.context["result"]["reports"] > 0
    client.force_login(users["qk2.baocao"])
    assert client.post(f"/analysis/rules/{made.pk}/delete/").status_code == 404
    cnqp = Unit.objects.get(code="TCCNQP")
    foreign = tongket.analysis.testing._rule(cnqp, users["cnqp.baocao"])
    assert client.get(f"/analysis/rules/{foreign}/").status_code == 404
    assert (
        client.get("/analysis/rules/run/", {"form": form().pk, "unit": cnqp.pk}).status_code == 404
    )


def test_the_rules_api(users):
    def api(user):  # type: ignore[no-untyped-def]
        client = APIClient()
        client.credentials(
            HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}"
        )
        return client

    keeper = api(users["qk2.theodoi"])
    created = keeper.post(
        "/api/v1/validation-rules/",
        {
            "form": "BC6T-623-QK2",
            "code": "R3",
            "name": "Âm",
            "left": "HC03",
            "operator": "lt",
            "right": "0",
            "importance": "high",
            "message": "Không thể âm.",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    bad = keeper.post(
        "/api/v1/validation-rules/",
        {
            "form": "BC6T-623-QK2",
            "code": "R4",
            "name": "x",
            "left": "HC03 ** 2",
            "operator": "lt",
            "right": "0",
            "message": "m",
        },
        format="json",
    )
    assert bad.status_code == 400 and "left" in bad.json()["errors"]
    listed = api(users["qk2.baocao"]).get("/api/v1/validation-rules/", {"form": "BC6T-623-QK2"})
    assert [r["code"] for r in listed.json()["results"]] == ["R3"]
    period = (
        Period.objects.filter(reports__form=form(), reports__state="approved")
        .order_by("-sort_key")
        .first()
    )
    run = keeper.post(
        "/api/v1/validation-rules/run/",
        {"form": "BC6T-623-QK2", "unit": "QK2", "periods": [period.code]},
        format="json",
    )
    assert run.status_code == 200 and run.json()["rules"] == ["R3"]
    violations = run.json()["violations"]
    assert violations and all(v["rule"] == "R3" and v["blocks"] for v in violations)
    assert all(v["period"] == period.code and Decimal(v["left"]) >= 0 for v in violations)
    pk = created.json()["id"]
    assert api(users["cnqp.baocao"]).get(f"/api/v1/validation-rules/{pk}/").status_code == 404
    assert (
        api(users["qk2.baocao"])
        .patch(f"/api/v1/validation-rules/{pk}/", {"name": "y"}, format="json")
        .status_code
        == 403
    )
    assert keeper.delete(f"/api/v1/validation-rules/{pk}/").status_code == 204


def test_the_report_page_lists_the_rules_its_saved_figures_break(client, users):
    """Given HC03 ≤ HC02 × 10 and a draft saved with HC02 = 2 and HC03 = 50, the report page
    names the rule while the report is being filled; with HC03 = 20 it says nothing."""
    rule(users["qk2.theodoi"], "high")
    reporter = users["qk2.baocao"]
    report = fill(draft(), reporter, HC02=Decimal(2), HC03=Decimal(50))
    client.force_login(reporter)
    body = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="rule-violations"' in body and "R1:" in body
    fill(report, reporter, HC02=Decimal(2), HC03=Decimal(20))
    body = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-testid="rule-violations"' not in body

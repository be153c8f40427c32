"""Filling, submitting, returning, approving and reopening reports; the roll-ups follow every
step at once, and incremental upkeep always equals a full rebuild."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tongket.core.errors import DomainError, NotFound
from tongket.core.models import ChangeLog, Notification
from tongket.core.scopes import SYSTEM
from tongket.org import services as org_services
from tongket.org.models import Unit
from tongket.reporting import selectors, services
from tongket.reporting.choices import Basis, ReportState
from tongket.reporting.models import Period, Report, Rollup
from tongket.reporting.services import rollups
from tongket.reporting.services.reports import Entry

pytestmark = pytest.mark.django_db
FORM = "BC6T-623-QK2"


def open_draft(unit_code: str) -> Report:
    return (
        Report.objects.filter(
            form__code=FORM, unit__code=unit_code, state=ReportState.DRAFT, period__is_open=True
        )
        .select_related("period", "unit", "form")
        .order_by("-period__sort_key")
        .first()
    )


def fill(report: Report, by) -> Report:
    """Every indicator of the form gets the unit's median earlier value (so that no value is
    far from the unit's history)."""
    from tongket.reporting.models import DataValue

    entries = {}
    for link in report.form.form_indicators.select_related("indicator"):
        history = sorted(
            DataValue.objects.filter(
                unit=report.unit,
                indicator=link.indicator,
                period__type=report.period.type,
                period__sort_key__lt=report.period.sort_key,
                value__isnull=False,
            ).order_by("-period__sort_key")[:12],
            key=lambda v: v.value,
        )
        middle = history[len(history) // 2]
        entries[link.indicator_id] = Entry(
            middle.value if link.indicator.measure_kind != "ratio" else None,
            middle.numerator,
            middle.denominator,
        )
    return services.report_save(by=by, report=report, entries=entries, version=report.version)


def stored(report: Report, code: str) -> Decimal:
    return report.values.get(indicator__code=code).value


def figure(unit_code: str, period: Period, code: str, basis=Basis.SUBMITTED) -> Decimal:
    """The figure at the unit, 0 when nothing counts yet."""
    unit = Unit.objects.get(code=unit_code)
    indicator = Report.objects.filter(form__code=FORM).first().form.indicators.get(code=code)
    row = selectors.figures(
        user=SYSTEM, unit=unit, period=period, indicators=[indicator], basis=basis
    )[0]
    return row.value or Decimal(0)


def test_the_whole_workflow_keeps_the_figures_fresh_at_every_level(users):
    """Given regiment 98's draft, when it is filled and submitted, QK2's and BQP's figures include
    it at once; returned, they drop it; approved, the approved basis has it; reopened, not."""
    reporter, approver = users["qk2.baocao"], users["qk2.duyet"]
    report = open_draft("SD316-E98")
    period = report.period
    before_qk2 = figure("QK2", period, "HC03")
    before_bqp = figure("BQP", period, "HC03")
    report = fill(report, reporter)
    assert figure("QK2", period, "HC03") == before_qk2  # drafts do not count
    report = services.report_submit(by=reporter, report=report, version=report.version)
    assert report.state == ReportState.SUBMITTED and report.first_submitted_at is not None
    added = stored(report, "HC03")
    assert added > 0
    assert figure("QK2", period, "HC03") == before_qk2 + added
    assert figure("BQP", period, "HC03") == before_bqp + added
    assert Notification.objects.filter(user=approver, title__contains="Trung đoàn 98").exists()
    with pytest.raises(DomainError):
        services.report_save(by=reporter, report=report, narrative={"ket-qua": "x"})
    report = services.report_return(by=approver, report=report, reason="Thiếu số liệu HC06")
    assert report.state == ReportState.RETURNED
    assert figure("QK2", period, "HC03") == before_qk2
    report = services.report_submit(by=reporter, report=report)
    approved_before = figure("QK2", period, "HC03", Basis.APPROVED)
    report = services.report_approve(by=approver, report=report)
    assert figure("QK2", period, "HC03", Basis.APPROVED) == approved_before + added
    report = services.report_reopen(by=approver, report=report, reason="Sai số liệu")
    assert report.state == ReportState.RETURNED
    assert figure("QK2", period, "HC03", Basis.APPROVED) == approved_before
    actions = list(
        ChangeLog.objects.filter(object_id=str(report.pk), action__startswith="report_")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[-5:] == [
        "report_submit",
        "report_return",
        "report_submit",
        "report_approve",
        "report_reopen",
    ]


def test_only_the_units_reporters_fill_and_only_an_approver_above_approves(users, db):
    report = fill(open_draft("SD316-E98"), users["qk2.baocao"])
    with pytest.raises(NotFound):
        services.report_submit(by=users["cnqp.baocao"], report=report)
    with pytest.raises(PermissionDenied):
        services.report_submit(by=users["qk2.duyet"], report=report)
    report = services.report_submit(by=users["qk2.baocao"], report=report)
    with pytest.raises(PermissionDenied):
        services.report_approve(by=users["qk2.baocao"], report=report)
    # An approver of the regiment itself is not above the regiment.
    own = org_services.user_create(
        by=SYSTEM,
        username="e98.duyet",
        password="x",
        unit=Unit.objects.get(code="SD316-E98"),
        role="approver",
        check_password=False,
    )
    with pytest.raises(PermissionDenied):
        services.report_approve(by=own, report=report)
    with pytest.raises(DomainError):
        services.report_return(by=users["qk2.duyet"], report=report, reason="  ")
    assert Report.objects.get(pk=report.pk).state == ReportState.SUBMITTED


def test_bad_values_are_refused_naming_the_indicator(users):
    report = open_draft("SD355-E52")
    indicators = {i.code: i for i in report.form.indicators.all()}
    reporter = users["qk2.baocao"]
    cases = [
        ("HC03", Entry(Decimal(-1))),
        ("HC01", Entry(numerator=Decimal(60), denominator=Decimal(50))),
        ("HC01", Entry(numerator=Decimal(1), denominator=Decimal(0))),
        ("HC08", Entry(Decimal(2))),
        ("HC09", Entry(Decimal(9))),
        ("HC01", Entry(Decimal(80))),
    ]
    for code, entry in cases:
        with pytest.raises(DomainError) as caught:
            services.value_save(by=reporter, report=report, indicator=indicators[code], entry=entry)
        assert caught.value.messages, code
    assert not report.values.filter(indicator__code="HC03", value__lt=0).exists()


def test_two_people_saving_the_same_cell_the_second_is_told(users):
    report = open_draft("SD355-E52")
    indicator = report.form.indicators.get(code="HC03")
    reporter = users["qk2.baocao"]
    services.value_save(by=reporter, report=report, indicator=indicator, entry=Entry(Decimal(5)))
    with pytest.raises(DomainError) as caught:
        services.value_save(
            by=reporter,
            report=report,
            indicator=indicator,
            entry=Entry(Decimal(9)),
            base=Entry(None),
        )
    assert caught.value.error_dict["value"][0].code == "conflict"
    assert report.values.get(indicator=indicator).value == 5
    stale = Report.objects.get(pk=report.pk).version - 1
    with pytest.raises(DomainError):
        services.report_save(by=reporter, report=report, narrative={}, version=stale)


def test_the_same_figure_saved_again_writes_no_version_and_no_history(users):
    # Given a cell saved once as 21,5
    report = open_draft("SD355-E52")
    indicator = report.form.indicators.get(code="HC03")
    reporter = users["qk2.baocao"]
    services.value_save(
        by=reporter, report=report, indicator=indicator, entry=Entry(Decimal("21.5"))
    )
    version = Report.objects.get(pk=report.pk).version
    logged = ChangeLog.objects.filter(action="value_save").count()
    # When the page saves it again unchanged (written 21,50), and an empty cell is emptied
    empty = report.form.indicators.get(code="HC05")
    for cell, entry in ((indicator, Entry(Decimal("21.50"))), (empty, Entry(None))):
        services.value_save(by=reporter, report=report, indicator=cell, entry=entry)
    # Then the report keeps its version and the history gains no line
    assert Report.objects.get(pk=report.pk).version == version
    assert ChangeLog.objects.filter(action="value_save").count() == logged
    # And a real change still makes both
    services.value_save(by=reporter, report=report, indicator=indicator, entry=Entry(Decimal(22)))
    assert Report.objects.get(pk=report.pk).version == version + 1
    assert ChangeLog.objects.filter(action="value_save").count() == logged + 1


def test_a_closed_period_and_a_locked_report_refuse_changes(users):
    report = Report.objects.filter(
        form__code=FORM, period__is_open=False, state=ReportState.APPROVED
    ).first()
    indicator = report.form.indicators.first()
    with pytest.raises(DomainError):
        services.value_save(
            by=users["qk2.baocao"], report=report, indicator=indicator, entry=Entry(Decimal(1))
        )


def test_a_value_far_from_the_units_history_needs_a_comment(users):
    report = fill(open_draft("SD316-E98"), users["qk2.baocao"])
    indicator = report.form.indicators.get(code="HC06")
    _saved, warning, report = services.value_save(
        by=users["qk2.baocao"], report=report, indicator=indicator, entry=Entry(Decimal(999999))
    )
    assert warning
    with pytest.raises(DomainError) as caught:
        services.report_submit(by=users["qk2.baocao"], report=report)
    assert f"value_{indicator.pk}" in caught.value.error_dict
    services.value_save(
        by=users["qk2.baocao"],
        report=report,
        indicator=indicator,
        entry=Entry(Decimal(999999), comment="Khoản thu một lần từ thanh lý tài sản"),
    )
    assert services.report_submit(by=users["qk2.baocao"], report=report).state == "submitted"


def _rows():
    return {
        (r.indicator_id, r.period_id, r.unit_id, r.basis): (
            r.count,
            round(float(r.value_sum), 4),
            round(float(r.numerator_sum), 4),
            round(float(r.denominator_sum), 4),
            round(float(r.weighted_sum), 2),
            r.met_count,
            None if r.min_value is None else round(float(r.min_value), 4),
            None if r.max_value is None else round(float(r.max_value), 4),
        )
        for r in Rollup.objects.filter(count__gt=0)
    }


STEPS = st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["go", "back"])), max_size=12)


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps=STEPS)
def test_incremental_upkeep_equals_a_full_rebuild(users, steps):
    """Whatever sequence of submissions, returns, approvals and reopenings, the roll-ups kept
    on the fly are the rows a rebuild computes from scratch."""
    with transaction.atomic():
        reports = list(
            Report.objects.filter(form__code=FORM, period__is_open=True)
            .exclude(unit__code__startswith="PTKV")
            .order_by("unit__path", "period__sort_key")[:6]
        )
        for report in reports:
            if report.state == ReportState.DRAFT and not report.values.exists():
                fill(report, SYSTEM)
        for index, move in steps:
            report = Report.objects.get(pk=reports[index % len(reports)].pk)
            state, rows = report.state, _rows()
            try:
                if move == "go":
                    if report.state in (ReportState.DRAFT, ReportState.RETURNED):
                        services.report_submit(by=SYSTEM, report=report)
                    elif report.state == ReportState.SUBMITTED:
                        services.report_approve(by=SYSTEM, report=report)
                elif report.state == ReportState.SUBMITTED:
                    services.report_return(by=SYSTEM, report=report, reason="r")
                elif report.state == ReportState.APPROVED:
                    services.report_reopen(by=SYSTEM, report=report, reason="r")
            except DomainError:
                # A refused move (e.g. a warned value without a comment) changes nothing: the
                # report keeps its state and the roll-ups their rows.
                report.refresh_from_db()
                assert report.state == state
                assert _rows() == rows
        kept = _rows()
        rollups.rebuild(period_ids=list(Period.objects.values_list("pk", flat=True)))
        assert _rows() == kept
        transaction.set_rollback(True)

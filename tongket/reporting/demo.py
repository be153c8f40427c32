"""Demo periodic reports (illustrative figures, consistent with the demo targets): half-yearly
reports of Quân khu 2 on Resolution 623 (2013 to now), of Đắk Lắk on its coordination
programme (2021–2025), yearly reports of Tổng cục CNQP on 382 and 765. Some late, some
missing, some returned. Written through the services as the system actor.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.reporting import services
from tongket.reporting.choices import DeliveryMethod, PeriodType, ReportState
from tongket.reporting.models import Period, Report, ReportForm
from tongket.reporting.periods import period_codes
from tongket.resolutions.choices import Direction, MeasureKind, UnitAggregation
from tongket.resolutions.demo import qk2_reporting_units, unit_size
from tongket.resolutions.models import Indicator, Resolution, Target

NARRATIVE = {
    "ket-qua": "Đơn vị đã quán triệt, triển khai thực hiện nghị quyết; các chỉ tiêu cơ bản đạt "
    "và vượt kế hoạch (nội dung minh họa).",
    "han-che": "Một số chỉ tiêu còn thấp so với kế hoạch; công tác kiểm tra, đôn đốc có lúc "
    "chưa thường xuyên (nội dung minh họa).",
    "nguyen-nhan": "Khách quan: thời tiết, dịch bệnh; chủ quan: nhận thức của một bộ phận cán bộ "
    "chưa đầy đủ (nội dung minh họa).",
    "de-xuat": "Đề nghị cấp trên tiếp tục quan tâm bảo đảm kinh phí, vật chất (nội dung minh họa).",
}


def _when(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour, 30))


def _entry(
    indicator: Indicator, unit: Unit, period: Period, target: Decimal | None, rng: random.Random
) -> dict[str, Any]:
    """Illustrative figures around the target (a little better over the years)."""
    drift = 0.9 + 0.015 * min(period.year - 2008, 12)
    factor = rng.gauss(drift, 0.08)
    share = Decimal(period.months) / 12
    size = unit_size(unit)
    if indicator.measure_kind == MeasureKind.RATIO:
        pct = float(target or 85) * min(factor, 1.09)
        pct = max(0.0, min(pct, 100.0))
        denominator = max(4, round(40 * size))
        numerator = min(denominator, round(denominator * pct / 100))
        return {"Tử số": numerator, "Mẫu số": denominator}
    if indicator.measure_kind == MeasureKind.MILESTONE:
        return {"Giá trị": 1 if rng.random() < min(0.95, 0.25 + 0.07 * (period.year - 2013)) else 0}
    if indicator.measure_kind == MeasureKind.RATING:
        return {"Giá trị": max(1, min(5, round(rng.gauss(3.6 + 0.05 * (period.year - 2013), 0.7))))}
    if indicator.direction == Direction.LOWER:
        return {"Giá trị": max(0, round(rng.gauss(float(target or 0) * float(share), 0.6)))}
    if indicator.unit_aggregation == UnitAggregation.WEIGHTED_AVERAGE:
        return {
            "Giá trị": round(float(target or 60000) * factor, -2),
            "Mẫu số": round(600 * size),
        }
    if indicator.unit_aggregation == UnitAggregation.AVERAGE:
        return {"Giá trị": round(float(target or 7) * min(factor, 1.2), 2)}
    due = float(target or 0)
    if indicator.time_aggregation == "sum":
        due *= float(share)
    return {"Giá trị": max(0, round(due * factor))}


def _fill(form: ReportForm, periods: list[Period], rng: random.Random, late_share: float) -> None:
    today = timezone.localdate()
    indicators = [link.indicator for link in form.form_indicators.select_related("indicator")]
    for period in periods:
        # The demo's history was kept in its time: its past periods are not entered afterwards.
        services.form_open_period(by=SYSTEM, form=form, period=period, backfill=False)
        reports = list(
            Report.objects.filter(form=form, period=period)
            .select_related("unit")
            .order_by("unit__path")
        )
        targets = {
            (t.indicator_id, t.unit_id): t.value
            for t in Target.objects.filter(
                indicator__in=indicators, unit__in=[r.unit for r in reports], year=period.year
            )
        }
        current = period.due_date >= today - datetime.timedelta(days=200)
        # The half-year under way: units are filling their drafts.
        under_way = period.end >= today
        rows = []
        row = 1
        for report in reports:
            if under_way:
                # The open period: a few units have started their drafts.
                if rng.random() > 0.3:
                    continue
            for indicator in indicators:
                cells = _entry(
                    indicator, report.unit, period, targets.get((indicator.pk, report.unit_id)), rng
                )
                row += 1
                rows.append(
                    (
                        row,
                        {
                            "Mã đơn vị": report.unit.code,
                            "Mã chỉ tiêu": indicator.code,
                            "Kỳ": period.code,
                            "Giá trị": cells.get("Giá trị"),
                            "Tử số": cells.get("Tử số"),
                            "Mẫu số": cells.get("Mẫu số"),
                            "Ghi chú": "",
                        },
                    )
                )
        if rows:
            services.values_import(by=SYSTEM, form=form, rows=rows)
        reports = Report.objects.filter(form=form, period=period).select_related(
            "unit", "period", "form"
        )
        for index, report in enumerate(reports.order_by("unit__path")):
            if not report.values.exists():
                continue
            report = services.report_save(by=SYSTEM, report=report, narrative=_narrative(form))
            if under_way:
                continue  # the open period: still a draft
            # In the latest closed-for-entry period: some missing, returned, waiting.
            fate = index % 7 if current else 0
            if fate == 3:
                continue  # missing: overdue
            late = rng.random() < late_share or fate == 4
            if late:
                day = period.due_date + datetime.timedelta(days=rng.randint(3, 25))
            else:
                day = period.due_date - datetime.timedelta(days=rng.randint(0, 6))
            if day > today:
                continue  # not sent yet (the period ended days ago): nothing dated ahead
            _explain_warnings(report)
            report = services.report_submit(by=SYSTEM, report=report, when=_when(day))
            if fate == 6:
                continue  # submitted, waiting for approval
            decided = day + datetime.timedelta(days=2 if fate == 5 else rng.randint(1, 6))
            if decided > today:
                continue  # submitted, waiting for the decision
            if fate == 5:
                services.report_return(
                    by=SYSTEM,
                    report=report,
                    reason="Đề nghị bổ sung số liệu tỷ lệ doanh trại chính quy và giải trình "
                    "chỉ tiêu tiết kiệm (minh họa).",
                    when=_when(decided, 14),
                )
                continue
            services.report_approve(
                by=SYSTEM,
                report=report,
                when=_when(decided, 15),
            )


def _explain_warnings(report: Report) -> None:
    """A value far from the unit's history needs a comment before submission."""
    from tongket.reporting.services.reports import Entry, submission_problems

    for key in submission_problems(report):
        value = report.values.select_related("indicator").get(indicator_id=int(key.split("_")[1]))
        services.value_save(
            by=SYSTEM,
            report=report,
            indicator=value.indicator,
            entry=Entry(
                value.value,
                value.numerator,
                value.denominator,
                comment="Đã kiểm tra lại: số liệu đúng (minh họa).",
            ),
        )


def _narrative(form: ReportForm) -> dict[str, str]:
    keys = set(form.sections.values_list("key", flat=True))
    return {k: v for k, v in NARRATIVE.items() if k in keys}


def _periods(
    period_type: str,
    first: int,
    last: int,
    until: str | None = None,
    started_by: datetime.date | None = None,
) -> list[Period]:
    """The periods of `period_type` from `first` to `last` (years), stopping after `until`
    (a code) or before the first period not begun by `started_by`."""
    periods = []
    for year in range(first, last + 1):
        for code in period_codes(period_type, year):
            if started_by is not None and services.period_find(code=code).start > started_by:
                return periods
            period = services.period_ensure(by=SYSTEM, code=code)
            periods.append(period)
            if until and code == until:
                return periods
    return periods


def load() -> dict[str, ReportForm]:
    rng = random.Random(2022)
    u = {unit.code: unit for unit in Unit.objects.all()}
    r = {res.symbol: res for res in Resolution.objects.all()}
    forms: dict[str, ReportForm] = {}

    def make(code: str, name: str, owner: str, symbol: str, period_type: str) -> ReportForm:
        resolution = r[symbol]
        # The reporting regime (Nghị định 09/2019/NĐ-CP): sent on paper and through the
        # system, set by the collecting body's guidance (illustrative numbers).
        return services.form_create(
            by=SYSTEM,
            code=code,
            name=name,
            owner_unit=u[owner],
            period_type=period_type,
            resolution=resolution,
            indicators=list(resolution.indicators.order_by("order")),
            description="Dữ liệu minh họa.",
            delivery_methods=[DeliveryMethod.PAPER, DeliveryMethod.SYSTEM],
            regime_document=f"Hướng dẫn báo cáo kết quả thực hiện {symbol} (minh họa)",
            outline_code="Mẫu số 01/ĐC",
            data_form_code="Biểu số 01/BC",
        )

    forms["623"] = make(
        "BC6T-623-QK2",
        "Báo cáo 6 tháng thực hiện Nghị quyết 623-NQ/QUTW (Quân khu 2)",
        "QK2",
        "623-NQ/QUTW",
        PeriodType.HALF_YEAR,
    )
    services.form_assign(by=SYSTEM, form=forms["623"], units=qk2_reporting_units())
    _fill(
        forms["623"],
        # Up to the half-year under way today: the army's half-year 2027-H1 begins on 15
        # December 2026, so from then on the open period with its drafts is next year's.
        _periods(
            PeriodType.HALF_YEAR,
            2013,
            timezone.localdate().year + 1,
            started_by=timezone.localdate(),
        ),
        rng,
        late_share=0.12,
    )

    forms["DL"] = make(
        "BC6T-CTPH-DL",
        "Báo cáo 6 tháng thực hiện Chương trình phối hợp nhiệm kỳ 2020-2025 (Đắk Lắk)",
        "BCHQS-DL",
        "01-CTr/ĐUQS",
        PeriodType.HALF_YEAR,
    )
    services.form_assign(
        by=SYSTEM,
        form=forms["DL"],
        units=list(Unit.objects.filter(parent=u["BCHQS-DL"], kind="command").order_by("path")),
    )
    _fill(forms["DL"], _periods(PeriodType.HALF_YEAR, 2021, 2025), rng, late_share=0.2)

    factories = list(Unit.objects.filter(code__in=["Z111", "Z113", "Z115", "Z121", "Z129"]))
    forms["382"] = make(
        "BCN-382-CNQP",
        "Báo cáo năm thực hiện Nghị quyết 382-NQ/ĐUQSTW (Tổng cục CNQP)",
        "TCCNQP",
        "382-NQ/ĐUQSTW",
        PeriodType.YEAR,
    )
    services.form_assign(by=SYSTEM, form=forms["382"], units=factories)
    _fill(forms["382"], _periods(PeriodType.YEAR, 2008, 2022), rng, late_share=0.1)
    forms["765"] = make(
        "BCN-765-CNQP",
        "Báo cáo năm thực hiện Nghị quyết 765-NQ/QUTW (Tổng cục CNQP)",
        "TCCNQP",
        "765-NQ/QUTW",
        PeriodType.YEAR,
    )
    services.form_assign(by=SYSTEM, form=forms["765"], units=factories)
    _fill(forms["765"], _periods(PeriodType.YEAR, 2013, 2022), rng, late_share=0.1)

    # The demo's reporters have read the notifications of the years past.
    from tongket.core.models import Notification

    latest = (
        Period.objects.filter(reports__first_submitted_at__isnull=False)
        .order_by("-sort_key")
        .first()
    )
    old = Notification.objects.filter(read_at__isnull=True)
    if latest is not None:
        old = old.exclude(title__contains=latest.code)
    from tongket.core.services import notification_read

    for note in old.select_related("user"):
        notification_read(by=note.user, notification=note)
    # Past periods are closed; the current half-year and the one before stay open.
    today = timezone.localdate()
    for period in Period.objects.filter(due_date__lt=today - datetime.timedelta(days=200)):
        services.period_set_open(by=SYSTEM, period=period, is_open=False)
    return forms


def is_loaded() -> bool:
    return ReportForm.objects.filter(code="BC6T-623-QK2").exists()


def summary() -> dict[str, int]:
    return {
        "reports": Report.objects.count(),
        "approved": Report.objects.filter(state=ReportState.APPROVED).count(),
    }

"""A half-yearly form of indicators of every kind asked of one regiment of Quân khu 2, made
through the services, and a regiment's six-month report written for these tests that fills
it: for the tests of filling a report from a text (service and API)."""

from __future__ import annotations

from decimal import Decimal

from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.reporting import services
from tongket.reporting.models import Period, Report
from tongket.resolutions import services as resolution_services
from tongket.resolutions.choices import MeasureKind, TimeAggregation
from tongket.resolutions.models import Indicator, Resolution

UNIT = "SD316-E98"
LEVELS = ["Không đạt", "Đạt", "Khá", "Tốt", "Xuất sắc"]

TEXT = (
    "BÁO CÁO\nKết quả thực hiện nhiệm vụ 6 tháng đầu năm, phương hướng nhiệm vụ 6 tháng cuối "
    "năm\n"
    "I. KẾT QUẢ\n"
    "1. Công tác huấn luyện, sẵn sàng chiến đấu: Trung đoàn đã tổ chức 14 cuộc diễn tập "
    "chỉ huy - cơ quan, tăng 3 cuộc so với cùng kỳ; 97,6% quân số được huấn luyện theo "
    "chương trình.\n"
    "2. Công tác xây dựng đơn vị: có 23/25 đơn vị đạt vững mạnh toàn diện; số vụ vi phạm "
    "kỷ luật: 2 vụ (kế hoạch 0 vụ).\n"
    "3. Công tác hậu cần: kinh phí tăng gia sản xuất 1.234,5 triệu đồng. Đã hoàn thành "
    "xây dựng nhà ăn hợp vệ sinh; chưa ban hành quy chế phối hợp với địa phương. "
    "Qua kiểm tra công tác hậu cần, Trung đoàn được Sư đoàn xếp loại Khá.\n"
)

# code: (name, unit of measure, kind, aggregation over units, what TEXT gives it)
SPECS: dict[str, tuple[str, str, str, str]] = {
    "E98-DT": ("Số cuộc diễn tập chỉ huy - cơ quan", "cuộc", MeasureKind.NUMBER, "sum"),
    "E98-HL": ("Tỷ lệ quân số được huấn luyện", "%", MeasureKind.NUMBER, "average"),
    "E98-VM": ("Tỷ lệ đơn vị đạt vững mạnh toàn diện", "%", MeasureKind.RATIO, "ratio"),
    "E98-KL": ("Số vụ vi phạm kỷ luật", "vụ", MeasureKind.NUMBER, "sum"),
    "E98-KP": ("Kinh phí tăng gia sản xuất", "triệu đồng", MeasureKind.NUMBER, "sum"),
    "E98-NA": ("Hoàn thành xây dựng nhà ăn hợp vệ sinh", "", MeasureKind.MILESTONE, "count_met"),
    "E98-QC": (
        "Ban hành quy chế phối hợp với địa phương",
        "",
        MeasureKind.MILESTONE,
        "count_met",
    ),
    "E98-HC": ("Kết quả kiểm tra công tác hậu cần", "", MeasureKind.RATING, "average"),
}
# What the text says, as the report stores it.
EXPECTED: dict[str, tuple[Decimal | None, Decimal | None, Decimal | None]] = {
    "E98-DT": (Decimal(14), None, None),
    "E98-HL": (Decimal("97.6"), None, None),
    "E98-VM": (Decimal(92), Decimal(23), Decimal(25)),
    "E98-KL": (Decimal(2), None, None),
    "E98-KP": (Decimal("1234.5"), None, None),
    "E98-NA": (Decimal(1), None, None),
    "E98-QC": (Decimal(0), None, None),
    "E98-HC": (Decimal(3), None, None),
}


def six_month_draft() -> Report:
    """The regiment's draft of the current half-year for a new form of the eight indicators
    above, made through the services."""
    resolution = Resolution.objects.filter(report_forms__code="BC6T-623-QK2").first()
    assert resolution is not None
    indicators = []
    for code, (name, unit, kind, aggregation) in SPECS.items():
        indicators.append(
            resolution_services.indicator_create(
                by=SYSTEM,
                resolution=resolution,
                code=code,
                name=name,
                unit_of_measure=unit,
                measure_kind=kind,
                unit_aggregation=aggregation,
                time_aggregation=TimeAggregation.LAST,
                rating_levels=LEVELS if kind == MeasureKind.RATING else None,
                decimals=1 if unit == "%" else 0,
            )
        )
    form = services.form_create(
        by=SYSTEM,
        code="BC6T-E98-THU",
        name="Báo cáo 6 tháng của trung đoàn (thử)",
        owner_unit=Unit.objects.get(code="QK2"),
        period_type="half_year",
        resolution=resolution,
        indicators=indicators,
    )
    unit = Unit.objects.get(code=UNIT)
    services.form_assign(by=SYSTEM, form=form, units=[unit])
    period = Period.objects.filter(type="half_year", is_open=True).order_by("sort_key").last()
    services.form_open_period(by=SYSTEM, form=form, period=period)
    return Report.objects.select_related("unit", "period", "form").get(
        form=form, unit=unit, period=period
    )


def by_code(report: Report) -> dict[str, Indicator]:
    return {
        link.indicator.code: link.indicator
        for link in report.form.form_indicators.select_related("indicator")
    }

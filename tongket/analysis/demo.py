"""The demo's composed dashboards (illustrative): Quân khu 2's tracking officer shares two
with Quân khu 2 and marks what its users open on: its approvers "Tiến độ chỉ tiêu 623" (the
indicator by division, and the reports to approve), its reporters "Báo cáo còn nợ" (the
reports they owe). Made through the real services."""

from __future__ import annotations

from tongket.analysis import services
from tongket.analysis.choices import ItemKind, ItemWidth
from tongket.analysis.models import Dashboard
from tongket.org.choices import Role
from tongket.org.models import Unit, User
from tongket.resolutions.models import Indicator

PROGRESS = "Tiến độ chỉ tiêu 623"
OWED = "Báo cáo còn nợ"


def load() -> None:
    keeper = User.objects.get(username="qk2.theodoi")
    qk2 = Unit.objects.get(code="QK2")
    progress = services.dashboard_create(by=keeper, name=PROGRESS, unit=qk2, shared=True)
    indicator = Indicator.objects.filter(code="HC03", resolution__symbol="623-NQ/QUTW").first()
    divisions = list(Unit.objects.filter(code__in=["SD316", "SD355"]).order_by("code"))
    if indicator is not None and divisions:
        chart = services.visualization_create(
            by=keeper,
            name="HC03 theo sư đoàn, 4 nửa năm gần nhất",
            spec={
                "indicators": [indicator.pk],
                "units": [unit.pk for unit in divisions],
                "relative": ["last_4_half_years"],
                "rows": ["unit"],
                "columns": ["period"],
                "chart": "column",
            },
            unit=qk2,
            shared=True,
        )
        services.dashboard_item_add(
            by=keeper,
            dashboard=progress,
            kind=ItemKind.FAVOURITE,
            visualization=chart,
            width=ItemWidth.FULL,
        )
    services.dashboard_item_add(by=keeper, dashboard=progress, kind=ItemKind.DUE_REPORTS)
    services.dashboard_default_set(by=keeper, dashboard=progress, role=Role.APPROVER)

    owed = services.dashboard_create(by=keeper, name=OWED, unit=qk2, shared=True)
    services.dashboard_item_add(
        by=keeper,
        dashboard=owed,
        kind=ItemKind.TEXT,
        text="Nộp báo cáo 6 tháng Nghị quyết 623 đúng hạn; giải trình số liệu bất thường.",
    )
    services.dashboard_item_add(
        by=keeper, dashboard=owed, kind=ItemKind.DUE_REPORTS, width=ItemWidth.FULL
    )
    services.dashboard_default_set(by=keeper, dashboard=owed, role=Role.REPORTER)


def is_loaded() -> bool:
    return Dashboard.objects.filter(name=OWED, unit__code="QK2").exists()


def summary() -> dict[str, int]:
    return {"dashboards": Dashboard.objects.count()}

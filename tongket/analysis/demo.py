"""The demo's analysis objects (illustrative), made by Quân khu 2's tracking officer through
the real services:

- composed dashboards shared with Quân khu 2, and what its users open on: its approvers
  "Tiến độ chỉ tiêu 623" (the indicator by division, and the reports to approve), its
  reporters "Báo cáo còn nợ" (the reports they owe);
- a unit group, "Các tỉnh biên giới Quân khu 2" (the provincial military commands on the
  borders with China and Laos, dated through the 2025 merger: Hà Giang's command until it
  merged into Tuyên Quang's, Tuyên Quang's from then), with a standing rule: no food
  poisoning in 2027 (623's HC05, target 0 for each of them, and for any that joins);
- an exchange mapping, "DHIS2 Tổng cục Hậu cần": the logistics directorate's DHIS2 UIDs for
  a few of Quân khu 2's units (provinces with their regional defence commands), 623's
  indicators (a ratio's parts by their combos) and the half-yearly form, so that its values
  can be exported in their identifiers."""

from __future__ import annotations

import datetime
from typing import Any

from tongket.analysis import dhis2, services
from tongket.analysis.choices import ItemKind, ItemWidth
from tongket.analysis.models import Dashboard, ExchangeMapping, UnitGroup
from tongket.org.choices import Role
from tongket.org.models import Unit, User
from tongket.resolutions.models import Indicator

PROGRESS = "Tiến độ chỉ tiêu 623"
OWED = "Báo cáo còn nợ"
BORDER_GROUP = "BIENGIOI-QK2"
MERGER_DAY = datetime.date(2025, 7, 1)  # Hà Giang's command merged into Tuyên Quang's
# (unit code, member from, member until) of the border group.
BORDER_MEMBERS: list[tuple[str, datetime.date | None, datetime.date | None]] = [
    ("BCHQS-LC", None, None),
    ("BCHQS-LCH", None, None),
    ("BCHQS-DB", None, None),
    ("BCHQS-SL", None, None),
    ("BCHQS-HG", None, MERGER_DAY),
    ("BCHQS-TQ", MERGER_DAY, None),
]
BORDER_TARGET_YEAR = 2027
MAPPING = "DHIS2 Tổng cục Hậu cần"
MAPPED_FORM = "BC6T-623-QK2"
MAPPED_RESOLUTION = "623-NQ/QUTW"
# Their organisation units (UIDs of eleven letters and digits, as DHIS2 makes them).
MAPPED_UNITS = {
    "QK2": "Qk2HcTCHC01",
    "CHC-QK2": "Qk2ChcCuc02",
    "BCHQS-PT": "Qk2PhuTho03",
    "BCHQS-TQ": "Qk2TuyenQ04",
    "BCHQS-LC": "Qk2LaoCai05",
    "BCHQS-LCH": "Qk2LaiChau6",
    "BCHQS-DB": "Qk2DienBi07",
    "BCHQS-SL": "Qk2SonLa008",
}
# Their data elements for 623's indicators, and the category option combos of a ratio's
# numerator and denominator (one pair for every ratio, as a DHIS2 category combo is shared).
MAPPED_INDICATORS = {
    "HC01": "hcDoanhTr01",
    "HC02": "hcTangGia02",
    "HC03": "hcThitCa003",
    "HC04": "hcQuanSo004",
    "HC05": "hcNgoDoc005",
    "HC06": "hcTietKie06",
    "HC07": "hcMucAn0007",
    "HC08": "hcBepAn0008",
    "HC09": "hcKiemTra09",
}
NUMERATOR_COMBO, DENOMINATOR_COMBO = "cocTuSo0001", "cocMauSo002"
MAPPED_DATA_SET = "dsHc6Thang1"


def load() -> None:
    keeper = User.objects.get(username="qk2.theodoi")
    qk2 = Unit.objects.get(code="QK2")
    _dashboards(keeper, qk2)
    _border_group(keeper, qk2)
    _mapping(keeper, qk2)


def _dashboards(keeper: User, qk2: Unit) -> None:
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


def _border_group(keeper: User, qk2: Unit) -> None:
    units = {
        unit.code: unit for unit in Unit.objects.filter(code__in=[c for c, *_r in BORDER_MEMBERS])
    }
    regions = services.group_set_create(
        by=keeper,
        owner_unit=qk2,
        code="DIABAN-QK2",
        name="Địa bàn Quân khu 2",
        description="Các nhóm đơn vị theo địa bàn (minh họa).",
    )
    group = services.group_create(
        by=keeper,
        owner_unit=qk2,
        code=BORDER_GROUP,
        name="Các tỉnh biên giới Quân khu 2",
        description="Bộ Chỉ huy Quân sự các tỉnh có đường biên giới với Trung Quốc và Lào "
        "(minh họa).",
        group_set=regions,
        units=[units[code] for code, start, end in BORDER_MEMBERS if start is end is None],
    )
    for code, start, end in BORDER_MEMBERS:
        if start is not None or end is not None:
            services.group_member_add(
                by=keeper, group=group, unit=units[code], valid_from=start, valid_to=end
            )
    poisoning = Indicator.objects.get(code="HC05", resolution__symbol=MAPPED_RESOLUTION)
    services.target_set_group(
        by=keeper,
        indicator=poisoning,
        group=group,
        year=BORDER_TARGET_YEAR,
        value=0,
        reason="Các tỉnh biên giới không để xảy ra ngộ độc thực phẩm (minh họa).",
    )


def _mapping(keeper: User, qk2: Unit) -> None:
    mapping = services.mapping_create(
        by=keeper,
        owner_unit=qk2,
        name=MAPPING,
        description="Mã của hệ thống DHIS2 ngành hậu cần (minh họa).",
    )
    rows: list[dict[str, Any]] = [
        {"external_id": theirs, "kind": "unit", "code": ours}
        for ours, theirs in MAPPED_UNITS.items()
    ]
    # The regional defence commands of the mapped provinces too, so that a province's
    # subtree exports whole ("PTKV-LC-1" → "KvLC0000001").
    for key in [code.removeprefix("BCHQS-") for code in MAPPED_UNITS if code.startswith("BCHQS-")]:
        for unit in Unit.objects.filter(code__startswith=f"PTKV-{key}-").order_by("code"):
            number = unit.code.rsplit("-", 1)[-1]
            rows.append(
                {
                    "external_id": f"Kv{key}{number.zfill(9 - len(key))}",
                    "kind": "unit",
                    "code": unit.code,
                }
            )
    rows.append({"external_id": MAPPED_DATA_SET, "kind": "form", "code": MAPPED_FORM})
    indicators = Indicator.objects.filter(
        resolution__symbol=MAPPED_RESOLUTION, code__in=MAPPED_INDICATORS
    )
    for indicator in indicators.order_by("order"):
        parts = dhis2._parts(indicator)
        rows.append(
            {
                "external_id": MAPPED_INDICATORS[indicator.code],
                "kind": "indicator",
                "code": indicator.code,
                "resolution": MAPPED_RESOLUTION,
                "numerator_combo": NUMERATOR_COMBO if parts == "ratio" else "",
                "denominator_combo": DENOMINATOR_COMBO if parts != "value" else "",
            }
        )
    services.mapping_rows_load(
        by=keeper, mapping=mapping, rows=list(enumerate(rows, start=1)), sheet="demo"
    )


def is_loaded() -> bool:
    return Dashboard.objects.filter(name=OWED, unit__code="QK2").exists()


def summary() -> dict[str, int]:
    return {
        "dashboards": Dashboard.objects.count(),
        "unit groups": UnitGroup.objects.count(),
        "exchange mappings": ExchangeMapping.objects.count(),
    }

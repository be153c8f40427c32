"""Demo resolutions from the scenario: real numbers, issuers, dates and subjects where the
public sources give them; objectives, indicators and targets are illustrative (marked).

Everything is written through the services, as the system actor.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.resolutions import services
from tongket.resolutions.choices import (
    Direction,
    ItemKind,
    MeasureKind,
    RelationKind,
    ResolutionKind,
    ResolutionStatus,
    TimeAggregation,
    UnitAggregation,
)
from tongket.resolutions.models import Field, Indicator, Resolution

D = datetime.date
NOTE = "Dữ liệu minh họa: mục tiêu, chỉ tiêu và số giao chỉ tiêu là giả định."


@dataclass
class Spec:
    code: str
    name: str
    uom: str
    kind: str = MeasureKind.NUMBER
    agg: str = UnitAggregation.SUM
    over_time: str = TimeAggregation.SUM
    direction: str = Direction.HIGHER
    base: float | None = None
    levels: tuple[str, ...] = ()
    # A unit's yearly target (before its size factor); for ratios, a percentage.
    per_unit: float = 0
    growth: float = 0.0


# Units that report on Resolution 623 in Quân khu 2 (their own figures) and their size.
def qk2_reporting_units() -> list[Unit]:
    """The Logistics Department, the regiments of the divisions, the provincial commands
    (three merged away in 2025) and the regional defence commands set up in 2025. Units report
    their own figures; a division's figures are its regiments' (it does not report)."""
    qk2 = Unit.objects.get(code="QK2")
    return list(
        Unit.objects.filter(path__startswith=qk2.path)
        .filter(
            Q(code="CHC-QK2")
            | Q(code__regex=r"^SD[0-9]+-E[0-9]+$")
            | Q(code__regex=r"^BCHQS-[A-Z]+$")
            | Q(code__startswith="PTKV-")
        )
        .order_by("path")
    )


R623 = [
    Spec(
        "HC01",
        "Tỷ lệ đơn vị đạt tiêu chuẩn doanh trại chính quy, xanh - sạch - đẹp",
        "%",
        MeasureKind.RATIO,
        UnitAggregation.RATIO,
        TimeAggregation.LAST,
        per_unit=90,
        base=72,
    ),
    Spec(
        "HC02",
        "Diện tích tăng gia sản xuất",
        "ha",
        over_time=TimeAggregation.LAST,
        per_unit=12,
        growth=0.02,
        base=260,
    ),
    Spec("HC03", "Sản lượng thịt, cá xuất chuồng", "tấn", per_unit=18, growth=0.04),
    Spec(
        "HC04",
        "Tỷ lệ quân số khỏe",
        "%",
        MeasureKind.RATIO,
        UnitAggregation.RATIO,
        TimeAggregation.AVERAGE,
        per_unit=97,
        base=95,
    ),
    Spec("HC05", "Số vụ ngộ độc thực phẩm", "vụ", direction=Direction.LOWER, per_unit=0.2),
    Spec(
        "HC06", "Giá trị tiết kiệm chi ngân sách hậu cần", "triệu đồng", per_unit=850, growth=0.05
    ),
    Spec(
        "HC07",
        "Mức ăn bình quân thực hiện",
        "đồng/người/ngày",
        agg=UnitAggregation.WEIGHTED_AVERAGE,
        over_time=TimeAggregation.AVERAGE,
        per_unit=62000,
        growth=0.03,
        base=52000,
    ),
    Spec(
        "HC08",
        "Hoàn thành xây dựng bếp ăn hợp vệ sinh, tiết kiệm năng lượng",
        "",
        MeasureKind.MILESTONE,
        UnitAggregation.COUNT_MET,
        TimeAggregation.LAST,
        per_unit=1,
    ),
    Spec(
        "HC09",
        "Kết quả kiểm tra công tác hậu cần",
        "",
        MeasureKind.RATING,
        UnitAggregation.AVERAGE,
        TimeAggregation.LAST,
        levels=("Không đạt", "Đạt", "Khá", "Tốt", "Xuất sắc"),
        per_unit=4,
    ),
]
R382 = [
    Spec("KT01", "Số lượng súng bộ binh sản xuất, sửa chữa", "khẩu", per_unit=4200, growth=0.03),
    Spec("KT02", "Số khí tài quang học sản xuất, sửa chữa", "chiếc", per_unit=900, growth=0.04),
    Spec("KT03", "Đạn dược sản xuất", "tấn", per_unit=1300, growth=0.03),
    Spec(
        "KT04",
        "Số dây chuyền sản xuất được duy trì, bảo dưỡng",
        "dây chuyền",
        over_time=TimeAggregation.LAST,
        per_unit=24,
    ),
    Spec(
        "KT05",
        "Tỷ lệ trang bị kỹ thuật đồng bộ, sẵn sàng chiến đấu",
        "%",
        MeasureKind.RATIO,
        UnitAggregation.RATIO,
        TimeAggregation.LAST,
        per_unit=92,
        base=85,
    ),
    Spec("KT06", "Số sự cố kỹ thuật nghiêm trọng", "vụ", direction=Direction.LOWER, per_unit=0.3),
]
R765 = [
    Spec(
        "HL01",
        "Tỷ lệ nội dung huấn luyện đạt khá, giỏi",
        "%",
        MeasureKind.RATIO,
        UnitAggregation.RATIO,
        TimeAggregation.LAST,
        per_unit=72,
        base=60,
    ),
    Spec(
        "HL02",
        "Số lượt cán bộ, nhân viên được bồi dưỡng, tập huấn",
        "lượt",
        per_unit=380,
        growth=0.03,
    ),
    Spec(
        "HL03",
        "Tỷ lệ kiểm tra bắn đạn thật đạt yêu cầu",
        "%",
        MeasureKind.RATIO,
        UnitAggregation.RATIO,
        TimeAggregation.LAST,
        per_unit=98,
        base=95,
    ),
    Spec(
        "HL04",
        "Điểm trung bình kiểm tra huấn luyện",
        "điểm",
        agg=UnitAggregation.AVERAGE,
        over_time=TimeAggregation.LAST,
        per_unit=7.5,
        base=6.8,
    ),
    Spec("HL05", "Số cuộc diễn tập, hội thao được tổ chức", "cuộc", per_unit=3),
]
R06 = [
    Spec("CN01", "Giá trị sản xuất quốc phòng", "tỷ đồng", per_unit=900, growth=0.06),
    Spec("CN02", "Số sản phẩm mới được nghiên cứu, chế tạo", "sản phẩm", per_unit=6),
    Spec(
        "CN03",
        "Tỷ lệ nội địa hóa vật tư",
        "%",
        MeasureKind.RATIO,
        UnitAggregation.RATIO,
        TimeAggregation.LAST,
        per_unit=65,
        base=45,
    ),
]
RDL = [
    Spec(
        "DL01",
        "Tỷ lệ giao quân đạt chỉ tiêu",
        "%",
        MeasureKind.RATIO,
        UnitAggregation.RATIO,
        TimeAggregation.SUM,
        per_unit=100,
        base=100,
    ),
    Spec("DL02", "Số lượt dân quân tự vệ được huấn luyện", "lượt", per_unit=650, growth=0.02),
    Spec(
        "DL03",
        "Tỷ lệ xã, phường vững mạnh về quốc phòng, quân sự",
        "%",
        MeasureKind.RATIO,
        UnitAggregation.RATIO,
        TimeAggregation.LAST,
        per_unit=85,
        base=70,
    ),
    Spec("DL04", "Số cuộc diễn tập khu vực phòng thủ, chiến đấu trị an", "cuộc", per_unit=4),
    Spec(
        "DL05",
        "Tỷ lệ chi bộ quân sự xã đạt trong sạch vững mạnh",
        "%",
        MeasureKind.RATIO,
        UnitAggregation.RATIO,
        TimeAggregation.LAST,
        per_unit=80,
        base=68,
    ),
    Spec(
        "DL06", "Số vụ vi phạm kỷ luật nghiêm trọng", "vụ", direction=Direction.LOWER, per_unit=0.1
    ),
]
R520 = [
    Spec(
        "KTQ01",
        "Giá trị lao động sản xuất, xây dựng kinh tế",
        "tỷ đồng",
        per_unit=1500,
        growth=0.05,
    ),
    Spec(
        "KTQ02",
        "Số khu kinh tế - quốc phòng được đầu tư",
        "khu",
        over_time=TimeAggregation.LAST,
        per_unit=4,
    ),
    Spec(
        "KTQ03",
        "Số hộ dân được định canh, định cư tại khu kinh tế - quốc phòng",
        "hộ",
        per_unit=1200,
        growth=0.02,
    ),
]

SPECS = {"623": R623, "382": R382, "765": R765, "06": R06, "DL": RDL, "520": R520}


def _decimal(value: float, decimals: int = 0) -> Decimal:
    return Decimal(str(round(value, decimals)))


def _resolution(code: str, **kwargs: Any) -> Resolution:
    return services.resolution_create(
        by=SYSTEM, confirm_issuer=True, is_illustrative=True, **kwargs
    )


def _tree(resolution: Resolution, objectives: list[tuple[str, list[str]]]) -> list[Any]:
    made = []
    for title, tasks in objectives:
        objective = services.item_create(
            by=SYSTEM, resolution=resolution, kind=ItemKind.OBJECTIVE, title=title
        )
        made.append(objective)
        for task in tasks:
            services.item_create(
                by=SYSTEM, resolution=resolution, kind=ItemKind.TASK, title=task, parent=objective
            )
    return made


def _indicators(resolution: Resolution, specs: list[Spec], item: Any = None) -> list[Indicator]:
    made = []
    for spec in specs:
        made.append(
            services.indicator_create(
                by=SYSTEM,
                resolution=resolution,
                code=spec.code,
                name=spec.name,
                unit_of_measure=spec.uom,
                measure_kind=spec.kind,
                unit_aggregation=spec.agg,
                time_aggregation=spec.over_time,
                direction=spec.direction,
                baseline_value=None if spec.base is None else _decimal(spec.base, 2),
                baseline_year=resolution.horizon_from - 1 if spec.base is not None else None,
                rating_levels=list(spec.levels),
                decimals=2 if spec.kind == MeasureKind.RATIO or spec.per_unit < 10 else 0,
                item=item,
            )
        )
    return made


def unit_size(unit: Unit) -> float:
    """A stable size factor per unit (divisions larger than regiments…)."""
    rng = random.Random(unit.code)
    if unit.code.startswith("SD") and "-E" not in unit.code:
        return 2.0 + rng.random()
    if "-H" in unit.code or unit.code.startswith("BCHQS-DL-"):
        return 0.5 + rng.random() * 0.4
    return 0.8 + rng.random() * 0.6


def yearly_target(spec: Spec, unit: Unit, year: int, first_year: int) -> Decimal:
    if spec.kind in (MeasureKind.RATIO, MeasureKind.MILESTONE, MeasureKind.RATING):
        return _decimal(spec.per_unit, 2)
    if spec.agg in (UnitAggregation.AVERAGE, UnitAggregation.WEIGHTED_AVERAGE):
        return _decimal(spec.per_unit * (1 + spec.growth) ** (year - first_year), 2)
    value = spec.per_unit * unit_size(unit) * (1 + spec.growth) ** (year - first_year)
    if spec.direction == Direction.LOWER:
        return _decimal(max(value, 0), 0)
    return _decimal(value, 0)


def _exists_in(unit: Unit, year: int) -> bool:
    if unit.dissolved_on and unit.dissolved_on.year < year:
        return False
    return not (unit.established_on and unit.established_on.year > year)


def _targets(
    indicators: list[Indicator],
    specs: list[Spec],
    units: list[Unit],
    years: list[int],
    tops: list[Unit],
) -> None:
    """Yearly targets for every reporting unit (while it exists) and, for the units above
    them (`tops`), the targets of their subtree: the sum of the targets below for an
    indicator that adds up, the number of units for "units meeting their target", the same
    level otherwise. Whole-horizon targets are the sum of the years where that is the rule."""
    for indicator, spec in zip(indicators, specs, strict=True):
        given: dict[tuple[int, int], Decimal] = {}
        for unit in units:
            horizon = Decimal(0)
            for year in years:
                if not _exists_in(unit, year):
                    continue
                value = yearly_target(spec, unit, year, years[0])
                services.target_set(
                    by=SYSTEM, indicator=indicator, unit=unit, year=year, value=value
                )
                given[(unit.pk, year)] = value
                horizon += value
            if indicator.is_additive and indicator.time_aggregation == TimeAggregation.SUM:
                if horizon:
                    services.target_set(
                        by=SYSTEM, indicator=indicator, unit=unit, year=None, value=horizon
                    )
        for top in tops:
            below = [u for u in units if u.path.startswith(top.path) and u.pk != top.pk]
            for year in years:
                inside = [u for u in below if (u.pk, year) in given]
                if not inside:
                    continue
                if indicator.unit_aggregation == UnitAggregation.COUNT_MET:
                    value = Decimal(len(inside))
                elif indicator.is_additive:
                    value = sum((given[(u.pk, year)] for u in inside), Decimal(0))
                else:
                    value = yearly_target(spec, top, year, years[0])
                services.target_set(
                    by=SYSTEM, indicator=indicator, unit=top, year=year, value=value
                )


def load() -> dict[str, Resolution]:
    fields = {f.code: f for f in Field.objects.all()}
    u = {unit.code: unit for unit in Unit.objects.all()}
    made: dict[str, Resolution] = {}

    made["520"] = _resolution(
        "520",
        kind=ResolutionKind.RESOLUTION,
        symbol="520-NQ/QUTW",
        issuing_unit=u["QUTW"],
        owner_unit=u["CKT"],
        subject="về lãnh đạo thực hiện nhiệm vụ lao động sản xuất, xây dựng kinh tế kết hợp "
        "với quốc phòng trong Quân đội",
        horizon_from=2012,
        horizon_to=2020,
        and_following_years=True,
        field=fields["economy_defence"],
        description="Ngày ban hành không có trong nguồn. Tổng kết năm 2021; Ban Chỉ đạo họp phiên "
        "thứ nhất chiều 21/10/2021, cơ quan thường trực: Cục Kinh tế/BQP. " + NOTE,
    )
    _tree(
        made["520"],
        [
            (
                "Xây dựng các khu kinh tế - quốc phòng vững mạnh",
                [
                    "Quy hoạch, đầu tư khu kinh tế - quốc phòng",
                    "Định canh, định cư, ổn định dân cư biên giới",
                ],
            ),
            (
                "Nâng cao hiệu quả lao động sản xuất của các đơn vị",
                ["Tăng gia sản xuất cải thiện đời sống"],
            ),
        ],
    )
    _indicators(made["520"], R520)

    made["623"] = _resolution(
        "623",
        kind=ResolutionKind.RESOLUTION,
        symbol="623-NQ/QUTW",
        issuing_unit=u["QUTW"],
        owner_unit=u["TCHC"],
        subject="về công tác hậu cần quân đội đến năm 2020 và những năm tiếp theo",
        horizon_from=2013,
        horizon_to=2020,
        and_following_years=True,
        field=fields["logistics"],
        description="Ngày ban hành không có trong nguồn; các đơn vị xây dựng kế hoạch thực hiện "
        "giai đoạn 2013-2020. Đảng ủy Quân khu 2 tổng kết 10 năm sáng 08/7/2022. " + NOTE,
    )
    objectives = _tree(
        made["623"],
        [
            (
                "Bảo đảm hậu cần cho nhiệm vụ huấn luyện, sẵn sàng chiến đấu",
                [
                    "Xây dựng doanh trại chính quy, xanh - sạch - đẹp",
                    "Bảo đảm quân nhu, ăn uống bộ đội",
                ],
            ),
            (
                "Nâng cao chất lượng tăng gia sản xuất, cải thiện đời sống",
                ["Phát triển tăng gia sản xuất tập trung"],
            ),
            (
                "Bảo đảm quân y, chăm sóc sức khỏe bộ đội",
                ["Phòng chống dịch bệnh, ngộ độc thực phẩm"],
            ),
        ],
    )
    indicators_623 = _indicators(made["623"], R623, objectives[0])
    reporting = qk2_reporting_units()
    _targets(
        indicators_623,
        R623,
        reporting,
        list(range(2013, 2027)),
        [u["SD316"], u["SD355"], u["QK2"]],
    )
    task = made["623"].items.filter(kind=ItemKind.TASK).first()
    services.assignment_create(
        by=SYSTEM,
        item=task,
        lead_unit=u["CHC-QK2"],
        coordinating_units=[u["SD316"], u["SD355"]],
        deadline=D(2026, 12, 31),
        note="Dữ liệu minh họa.",
    )
    services.assignment_create(
        by=SYSTEM,
        item=made["623"].items.filter(kind=ItemKind.TASK)[1],
        lead_unit=u["BCHQS-PT"],
        deadline=D(2026, 6, 30),
        note="Dữ liệu minh họa.",
    )

    made["382"] = _resolution(
        "382",
        kind=ResolutionKind.RESOLUTION,
        symbol="382-NQ/ĐUQSTW",
        issuing_unit=u["QUTW"],
        owner_unit=u["TCCNQP"],
        issued_on=D(2007, 11, 29),
        subject="về lãnh đạo công tác kỹ thuật trong tình hình mới",
        horizon_from=2008,
        horizon_to=2022,
        field=fields["technical"],
        description="Tổng kết 15 năm tại Hội nghị Đảng ủy Tổng cục CNQP mở rộng ngày 15/7/2022. "
        + NOTE,
    )
    _tree(
        made["382"],
        [
            (
                "Bảo đảm kỹ thuật cho vũ khí, trang bị",
                ["Sản xuất, sửa chữa vũ khí, khí tài", "Duy trì năng lực dây chuyền sản xuất"],
            )
        ],
    )
    factories = list(
        Unit.objects.filter(code__in=["Z111", "Z113", "Z115", "Z121", "Z129"]).order_by("code")
    )
    indicators_382 = _indicators(made["382"], R382)
    _targets(indicators_382, R382, factories, list(range(2008, 2023)), [u["TCCNQP"]])

    made["765"] = _resolution(
        "765",
        kind=ResolutionKind.RESOLUTION,
        symbol="765-NQ/QUTW",
        issuing_unit=u["QUTW"],
        owner_unit=u["BTTM"],
        issued_on=D(2012, 12, 20),
        subject="về nâng cao chất lượng huấn luyện giai đoạn 2013-2020 và những năm tiếp theo",
        horizon_from=2013,
        horizon_to=2020,
        and_following_years=True,
        field=fields["training"],
        description="Tổng kết 10 năm năm 2022. " + NOTE,
    )
    _tree(
        made["765"],
        [
            (
                "Nâng cao chất lượng huấn luyện, diễn tập",
                ["Đổi mới nội dung, phương pháp huấn luyện"],
            )
        ],
    )
    indicators_765 = _indicators(made["765"], R765)
    _targets(indicators_765, R765, factories, list(range(2013, 2023)), [u["TCCNQP"]])

    made["06"] = _resolution(
        "06",
        kind=ResolutionKind.RESOLUTION,
        symbol="06-NQ/TW",
        issuing_unit=u["BCT"],
        owner_unit=u["TCCNQP"],
        subject="về xây dựng và phát triển công nghiệp quốc phòng đến năm 2020 và những năm tiếp theo",
        horizon_from=2011,
        horizon_to=2020,
        and_following_years=True,
        field=fields["defence_industry"],
        description="Ngày ban hành không có trong nguồn. Năm 2021 đề xuất nghị quyết mới của Bộ "
        "Chính trị về công nghiệp quốc phòng đến năm 2030. " + NOTE,
    )
    _indicators(made["06"], R06)
    # Records before their number: the successor of 06 "to 2030" proposed in 2021, still a
    # draft (no number, no date, start year unknown), superseding 06 only once issued.
    made["06-2030"] = _resolution(
        "06-2030",
        kind=ResolutionKind.RESOLUTION,
        status=ResolutionStatus.DRAFT,
        issuing_unit=u["BCT"],
        owner_unit=u["TCCNQP"],
        subject="về xây dựng và phát triển công nghiệp quốc phòng đến năm 2030",
        horizon_to=2030,
        field=fields["defence_industry"],
        description="Dự thảo do Tổng cục CNQP đề xuất năm 2021; chưa có số, chưa ban hành. " + NOTE,
    )
    services.relation_add(
        by=SYSTEM, source=made["06-2030"], target=made["06"], kind=RelationKind.SUPERSEDES
    )
    # A Government directive the reports mention without its number or date.
    made["CT-CP"] = _resolution(
        "CT-CP",
        kind=ResolutionKind.DIRECTIVE,
        status=ResolutionStatus.MENTIONED,
        issuing_unit=u["CP"],
        owner_unit=u["TCCNQP"],
        subject="Chỉ thị của Chính phủ được nhắc đến trong báo cáo (số, ngày và trích yếu đầy "
        "đủ chưa xác định)",
        field=fields["defence_industry"],
        description="Chỉ biết là có văn bản; bổ sung số, ký hiệu khi có. " + NOTE,
    )

    made["DL"] = _resolution(
        "DL",
        kind=ResolutionKind.COORDINATION_PROGRAMME,
        symbol="01-CTr/ĐUQS",
        issuing_unit=u["DUQS-DL"],
        owner_unit=u["BCHQS-DL"],
        issued_on=D(2020, 12, 15),
        subject="Chương trình phối hợp giữa Đảng ủy Quân sự tỉnh với ban thường vụ các huyện ủy, "
        "thị ủy, thành ủy về lãnh đạo thực hiện nhiệm vụ quân sự, quốc phòng và xây dựng Đảng "
        "trong lực lượng vũ trang địa phương, nhiệm kỳ 2020-2025",
        horizon_from=2021,
        horizon_to=2025,
        field=fields["local_defence"],
        description="Ký đầu nhiệm kỳ 2020-2025 (số, ký hiệu và ngày ký minh họa); chỉ tiêu phân kỳ "
        "hằng năm, đánh giá 6 tháng và hằng năm; sơ kết giữa nhiệm kỳ sáng 22/8/2023. " + NOTE,
    )
    for code in ("HU-LAK", "HU-EASUP", "HU-KRONGANA", "HU-MDRAK", "TXU-BUONHO", "TPU-BMT"):
        services.party_add(by=SYSTEM, resolution=made["DL"], unit=u[code], role="Ban Thường vụ")
    _tree(
        made["DL"],
        [
            (
                "Xây dựng nền quốc phòng toàn dân, khu vực phòng thủ vững chắc",
                [
                    "Tuyển chọn, gọi công dân nhập ngũ",
                    "Huấn luyện dân quân tự vệ, diễn tập khu vực phòng thủ",
                ],
            ),
            (
                "Xây dựng Đảng trong lực lượng vũ trang địa phương",
                ["Củng cố chi bộ quân sự xã, phường"],
            ),
        ],
    )
    indicators_dl = _indicators(made["DL"], RDL)
    dl_units = list(Unit.objects.filter(parent=u["BCHQS-DL"], kind="command").order_by("path"))
    _targets(indicators_dl, RDL, dl_units, list(range(2021, 2026)), [u["BCHQS-DL"]])

    # Quân khu 2's own plan implementing 623, its indicators linked to 623's.
    plan = _resolution(
        "KH-QK2",
        kind=ResolutionKind.PLAN,
        symbol="15/KH-BTL",
        issuing_unit=u["QK2"],
        owner_unit=u["QK2"],
        issued_on=D(2013, 3, 12),
        subject="Kế hoạch thực hiện Nghị quyết 623-NQ/QUTW về công tác hậu cần Quân khu 2 giai "
        "đoạn 2013-2020",
        horizon_from=2013,
        horizon_to=2020,
        and_following_years=True,
        field=fields["logistics"],
        description=NOTE,
    )
    made["KH-QK2"] = plan
    services.relation_add(by=SYSTEM, source=plan, target=made["623"], kind=RelationKind.IMPLEMENTS)
    for parent in indicators_623[:4]:
        services.indicator_create(
            by=SYSTEM,
            resolution=plan,
            code=f"QK2-{parent.code}",
            name=f"{parent.name} (Quân khu 2)",
            unit_of_measure=parent.unit_of_measure,
            measure_kind=parent.measure_kind,
            unit_aggregation=parent.unit_aggregation,
            time_aggregation=parent.time_aggregation,
            direction=parent.direction,
            parent_indicator=parent,
            decimals=parent.decimals,
        )
    return made


def is_loaded() -> bool:
    return Resolution.objects.filter(symbol="623-NQ/QUTW").exists()

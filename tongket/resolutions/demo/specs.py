"""The indicators of the demo resolutions (illustrative), as specifications."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tongket.resolutions.choices import Direction, MeasureKind, TimeAggregation, UnitAggregation

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

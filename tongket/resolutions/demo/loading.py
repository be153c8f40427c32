"""The load of the demo resolutions and its check."""

from __future__ import annotations

from tongket.core.scopes import SYSTEM
from tongket.org.models import Unit
from tongket.resolutions import services
from tongket.resolutions.choices import ItemKind, RelationKind, ResolutionKind, ResolutionStatus
from tongket.resolutions.demo.builders import (
    _indicators,
    _resolution,
    _targets,
    _tree,
    qk2_reporting_units,
)
from tongket.resolutions.demo.specs import NOTE, R06, R382, R520, R623, R765, RDL, D
from tongket.resolutions.models import Field, Resolution


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

    # A Politburo directive in force until replaced (a start, no end), followed in Quân khu 2
    # through its political department; Đảng ủy Quân khu 2 reviews its first five years.
    # Registered last: Quân khu 2's own plan stays the first record its branch keeps.
    made["05-CT/TW"] = _resolution(
        "05-CT/TW",
        kind=ResolutionKind.DIRECTIVE,
        symbol="05-CT/TW",
        issuing_unit=u["BCT"],
        owner_unit=u["CCT-QK2"],
        issued_on=D(2016, 5, 15),
        subject="về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        horizon_from=2016,
        field=fields["party_building"],
        description="Chỉ thị có hiệu lực đến khi được thay thế; Đảng ủy Quân khu 2 sơ kết 5 năm "
        "(2016-2020) năm 2021. " + NOTE,
    )
    return made


def is_loaded() -> bool:
    return Resolution.objects.filter(symbol="623-NQ/QUTW").exists()

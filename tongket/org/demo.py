"""Demo data for units, people and users: the bodies of the scenario with an illustrative
lower structure. Real body names and codes; people are placeholders (Nguyễn Văn A…)."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from tongket.core.scopes import SYSTEM
from tongket.org import services
from tongket.org.choices import Role
from tongket.org.models import Rank, Unit, User

D = datetime.date
DEMO_PASSWORD = "tongket-demo"  # noqa: S105 - demo data only, printed by `make demo`
REFORM_DAY = D(2025, 7, 1)  # district level abolished, provinces merged

# code, name, abbreviation, kind, parent code
UNITS: list[tuple[str, str, str, str, str | None]] = [
    ("BCT", "Bộ Chính trị", "BCT", "party_committee", None),
    ("TU-DL", "Tỉnh ủy Đắk Lắk", "TU Đắk Lắk", "party_committee", "BCT"),
    ("HU-LAK", "Huyện ủy Lắk", "HU Lắk", "party_committee", "TU-DL"),
    ("HU-EASUP", "Huyện ủy Ea Súp", "HU Ea Súp", "party_committee", "TU-DL"),
    ("HU-KRONGANA", "Huyện ủy Krông Ana", "HU Krông Ana", "party_committee", "TU-DL"),
    ("HU-MDRAK", "Huyện ủy M'Drắk", "HU M'Drắk", "party_committee", "TU-DL"),
    ("TXU-BUONHO", "Thị ủy Buôn Hồ", "TXU Buôn Hồ", "party_committee", "TU-DL"),
    ("TPU-BMT", "Thành ủy Buôn Ma Thuột", "TPU BMT", "party_committee", "TU-DL"),
    ("CP", "Chính phủ", "CP", "locality", None),
    ("UBND-DL", "Ủy ban nhân dân tỉnh Đắk Lắk", "UBND tỉnh Đắk Lắk", "locality", "CP"),
    ("QUTW", "Đảng ủy Quân sự Trung ương", "ĐUQSTW", "party_committee", None),
    ("BQP", "Bộ Quốc phòng", "BQP", "command", "QUTW"),
    ("BTTM", "Bộ Tổng Tham mưu", "BTTM", "command", "BQP"),
    ("TCCT", "Tổng cục Chính trị", "TCCT", "agency", "BQP"),
    ("CTC", "Cục Tổ chức", "CTC/TCCT", "agency", "TCCT"),
    ("TCHC", "Tổng cục Hậu cần", "TCHC", "agency", "BQP"),
    ("BTM-TCHC", "Bộ Tham mưu Tổng cục Hậu cần", "BTM/TCHC", "agency", "TCHC"),
    ("TCCNQP", "Tổng cục Công nghiệp quốc phòng", "TCCNQP", "agency", "BQP"),
    (
        "DU-TCCNQP",
        "Đảng ủy Tổng cục Công nghiệp quốc phòng",
        "ĐU TCCNQP",
        "party_committee",
        "TCCNQP",
    ),
    ("Z111", "Nhà máy Z111", "Z111", "other", "TCCNQP"),
    ("Z113", "Nhà máy Z113", "Z113", "other", "TCCNQP"),
    ("Z115", "Nhà máy Z115", "Z115", "other", "TCCNQP"),
    ("Z121", "Nhà máy Z121", "Z121", "other", "TCCNQP"),
    ("Z129", "Nhà máy Z129", "Z129", "other", "TCCNQP"),
    ("CKT", "Cục Kinh tế", "CKT/BQP", "agency", "BQP"),
    ("QK2", "Quân khu 2", "QK2", "command", "BQP"),
    ("DU-QK2", "Đảng ủy Quân khu 2", "ĐU QK2", "party_committee", "QK2"),
    ("CHC-QK2", "Cục Hậu cần Quân khu 2", "CHC/QK2", "agency", "QK2"),
    ("CCT-QK2", "Cục Chính trị Quân khu 2", "CCT/QK2", "agency", "QK2"),
    ("SD316", "Sư đoàn 316", "F316", "command", "QK2"),
    ("SD355", "Sư đoàn 355", "F355", "command", "QK2"),
    ("QK5", "Quân khu 5", "QK5", "command", "BQP"),
    ("DU-QK5", "Đảng ủy Quân khu 5", "ĐU QK5", "party_committee", "QK5"),
    ("BCHQS-DL", "Bộ Chỉ huy Quân sự tỉnh Đắk Lắk", "Bộ CHQS Đắk Lắk", "command", "QK5"),
    ("DUQS-DL", "Đảng ủy Quân sự tỉnh Đắk Lắk", "ĐUQS Đắk Lắk", "party_committee", "BCHQS-DL"),
    ("BCHQS-PY", "Bộ Chỉ huy Quân sự tỉnh Phú Yên", "Bộ CHQS Phú Yên", "command", "QK5"),
]
# Regiments of the divisions.
for division in ("SD316", "SD355"):
    for n in (1, 2, 3):
        number = {"SD316": (98, 148, 174), "SD355": (52, 82, 128)}[division][n - 1]
        UNITS.append(
            (f"{division}-E{number}", f"Trung đoàn {number}", f"e{number}", "command", division)
        )
# Provincial commands of Quân khu 2, each with district commands (dissolved in 2025).
QK2_PROVINCES = {
    "PT": ("Phú Thọ", ["Thanh Sơn", "Cẩm Khê", "Đoan Hùng"]),
    "VP": ("Vĩnh Phúc", ["Tam Đảo", "Lập Thạch", "Vĩnh Tường"]),
    "HG": ("Hà Giang", ["Đồng Văn", "Mèo Vạc", "Yên Minh"]),
    "TQ": ("Tuyên Quang", ["Chiêm Hóa", "Na Hang", "Sơn Dương"]),
    "LC": ("Lào Cai", ["Sa Pa", "Bát Xát", "Bắc Hà"]),
    "YB": ("Yên Bái", ["Văn Chấn", "Mù Cang Chải", "Lục Yên"]),
    "LCH": ("Lai Châu", ["Tam Đường", "Phong Thổ", "Sìn Hồ"]),
    "DB": ("Điện Biên", ["Mường Nhé", "Tuần Giáo", "Điện Biên Đông"]),
    "SL": ("Sơn La", ["Mộc Châu", "Mai Sơn", "Sông Mã"]),
}
for key, (province, districts) in QK2_PROVINCES.items():
    UNITS.append(
        (
            f"BCHQS-{key}",
            f"Bộ Chỉ huy Quân sự tỉnh {province}",
            f"Bộ CHQS {province}",
            "command",
            "QK2",
        )
    )
    for index, district in enumerate(districts, start=1):
        UNITS.append(
            (
                f"BCHQS-{key}-H{index}",
                f"Ban Chỉ huy Quân sự huyện {district}",
                f"Ban CHQS {district}",
                "command",
                f"BCHQS-{key}",
            )
        )
DL_DISTRICTS = [
    ("LAK", "huyện Lắk"),
    ("EASUP", "huyện Ea Súp"),
    ("KRONGANA", "huyện Krông Ana"),
    ("MDRAK", "huyện M'Drắk"),
    ("BUONHO", "thị xã Buôn Hồ"),
    ("BMT", "thành phố Buôn Ma Thuột"),
]
for key, district in DL_DISTRICTS:
    UNITS.append(
        (
            f"BCHQS-DL-{key}",
            f"Ban Chỉ huy Quân sự {district}",
            f"Ban CHQS {district}",
            "command",
            "BCHQS-DL",
        )
    )

# A Party committee leads the body it heads.
LINKS = [
    ("QUTW", "BQP"),
    ("DU-QK2", "QK2"),
    ("DU-QK5", "QK5"),
    ("DUQS-DL", "BCHQS-DL"),
    ("DU-TCCNQP", "TCCNQP"),
]
# The direct superior of a unit in its own line where the organisation tree does not say it:
# the provincial military Party committee is under the provincial Party committee.
LINE_SUPERIORS = {"DUQS-DL": "TU-DL"}
# Further superiors (dual subordination): (unit, line, superior).
OTHER_SUPERIORS = [
    ("DUQS-DL", "party", "DU-QK5"),
    ("BCHQS-DL", "state", "UBND-DL"),
]
# How a body is named above the bodies under it, and how a body writes itself below that.
ORGANISATION_NAMES = {
    "QUTW": "Đảng bộ Quân đội",
    "TU-DL": "Đảng bộ tỉnh Đắk Lắk",
    "DU-QK2": "Đảng bộ Quân khu 2",
    "DU-QK5": "Đảng bộ Quân khu 5",
}
HEADER_NAMES = {"DUQS-DL": "Đảng ủy Quân sự tỉnh"}

USERS = [
    ("admin", Role.ADMINISTRATOR, ["QUTW", "BCT"]),
    ("bqp.theodoi", Role.TRACKING_OFFICER, ["BQP"]),
    ("qk2.baocao", Role.REPORTER, ["QK2"]),
    ("qk2.duyet", Role.APPROVER, ["QK2"]),
    ("bqp.duyet", Role.APPROVER, ["BQP"]),
    ("cnqp.baocao", Role.REPORTER, ["TCCNQP"]),
    ("daklak.baocao", Role.REPORTER, ["BCHQS-DL"]),
    ("daklak.theodoi", Role.TRACKING_OFFICER, ["DUQS-DL"]),
    ("qk2.thidua", Role.COMMENDATION_OFFICER, ["QK2"]),
    ("qk2.theodoi", Role.TRACKING_OFFICER, ["QK2"]),
]
LEADING_OFFICERS = {"daklak.theodoi"}
USER_ROLES_TEXT = {
    "admin": "quản trị (QUTW, BCT)",
    "bqp.theodoi": "cán bộ theo dõi, BQP",
    "qk2.baocao": "cán bộ báo cáo, QK2",
    "qk2.duyet": "chỉ huy duyệt, QK2",
    "bqp.duyet": "lãnh đạo duyệt, BQP",
    "cnqp.baocao": "cán bộ báo cáo, Tổng cục CNQP",
    "daklak.baocao": "cán bộ báo cáo, Bộ CHQS Đắk Lắk",
    "daklak.theodoi": "cán bộ theo dõi, Đảng ủy Quân sự tỉnh Đắk Lắk (và Bộ CHQS tỉnh)",
    "qk2.thidua": "cán bộ thi đua – khen thưởng, QK2",
    "qk2.theodoi": "cán bộ theo dõi, QK2 (cơ quan thường trực tổng kết NQ 623)",
}

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLES_M = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thành"]
MIDDLES_F = ["Thị", "Thu", "Ngọc"]
LETTERS = [
    "A",
    "B",
    "C",
    "D",
    "Đ",
    "E",
    "G",
    "H",
    "K",
    "L",
    "M",
    "N",
    "P",
    "Q",
    "S",
    "T",
    "V",
    "X",
    "Y",
]

# (unit code, [(position title, rank code)])
POSTS: dict[str, list[tuple[str, str]]] = {
    "BQP": [
        ("Thứ trưởng Bộ Quốc phòng", "thuong_tuong"),
        ("Thứ trưởng Bộ Quốc phòng", "thuong_tuong"),
    ],
    "BTTM": [("Tổng Tham mưu trưởng", "thuong_tuong"), ("Phó Tổng Tham mưu trưởng", "trung_tuong")],
    "TCCT": [("Phó Chủ nhiệm Tổng cục Chính trị", "trung_tuong")],
    "CTC": [("Cục trưởng Cục Tổ chức", "thieu_tuong"), ("Trợ lý", "thieu_ta")],
    "TCHC": [("Chủ nhiệm Tổng cục Hậu cần", "trung_tuong")],
    "BTM-TCHC": [("Tham mưu trưởng", "thieu_tuong")],
    "TCCNQP": [
        ("Chủ nhiệm Tổng cục Công nghiệp quốc phòng", "trung_tuong"),
        ("Chính ủy Tổng cục Công nghiệp quốc phòng", "trung_tuong"),
        ("Trợ lý kế hoạch", "dai_uy"),
    ],
    "CKT": [
        ("Cục trưởng Cục Kinh tế", "thieu_tuong"),
        ("Trưởng phòng Kế hoạch", "dai_ta"),
        ("Trợ lý", "thieu_ta"),
    ],
    "QK2": [
        ("Tư lệnh Quân khu", "trung_tuong"),
        ("Chính ủy Quân khu", "trung_tuong"),
        ("Phó Tư lệnh Quân khu", "thieu_tuong"),
        ("Trợ lý tổng hợp", "dai_uy"),
        ("Trợ lý thi đua – khen thưởng", "thieu_ta"),
    ],
    "CHC-QK2": [("Cục trưởng Cục Hậu cần", "dai_ta")],
    "SD316": [("Sư đoàn trưởng", "dai_ta")],
    "SD355": [("Sư đoàn trưởng", "dai_ta")],
    "QK5": [("Tư lệnh Quân khu", "trung_tuong")],
    "BCHQS-DL": [
        ("Chỉ huy trưởng", "dai_ta"),
        ("Chính ủy", "dai_ta"),
        ("Trợ lý tác chiến", "dai_uy"),
    ],
    "DUQS-DL": [("Trợ lý Cơ quan Đảng ủy Quân sự tỉnh", "thieu_ta")],
    "BCHQS-PT": [("Chỉ huy trưởng", "dai_ta")],
    "BCHQS-TQ": [("Chỉ huy trưởng", "dai_ta")],
    "BCHQS-LC": [("Chỉ huy trưởng", "dai_ta")],
}
# Concurrent posts at a party committee, shown alongside the command post.
PARTY_POSTS = {
    "QK2": ("DU-QK2", {1: "Bí thư Đảng ủy Quân khu", 0: "Phó Bí thư Đảng ủy Quân khu"}),
    "BCHQS-DL": ("DUQS-DL", {1: "Bí thư Đảng ủy Quân sự tỉnh"}),
    "BQP": ("QUTW", {0: "Ủy viên Quân ủy Trung ương", 1: "Ủy viên Quân ủy Trung ương"}),
}


def _names() -> Any:
    for index, (surname, letter) in enumerate(itertools.product(SURNAMES, LETTERS)):
        middle = MIDDLES_F[index % 3] if index % 7 == 3 else MIDDLES_M[index % len(MIDDLES_M)]
        yield f"{surname} {middle} {letter}", ("female" if middle in MIDDLES_F else "male")


PLACES = {
    "BCT": "Hà Nội",
    "QUTW": "Hà Nội",
    "QK2": "Phú Thọ",
    "QK5": "Đà Nẵng",
    "TU-DL": "Đắk Lắk",
    "BCHQS-DL": "Đắk Lắk",
    "DUQS-DL": "Đắk Lắk",
    "UBND-DL": "Đắk Lắk",
    "BCHQS-PY": "Phú Yên",
}
# A provincial command writes its province's name, a district command its district's
# ("Lào Cai, ngày …", "Sa Pa, ngày …"), not the military region's seat.
for _key, (_province, _districts) in QK2_PROVINCES.items():
    PLACES[f"BCHQS-{_key}"] = _province
    for _index, _district in enumerate(_districts, start=1):
        PLACES[f"BCHQS-{_key}-H{_index}"] = _district


def load(stdout: Any = None) -> dict[str, Unit]:
    """Create the demo's units, restructuring, people and users through the services."""
    actor = SYSTEM
    units: dict[str, Unit] = {}
    for code, name, abbreviation, kind, parent in UNITS:
        units[code] = services.unit_create(
            by=actor,
            code=code,
            name=name,
            abbreviation=abbreviation,
            kind=kind,
            parent=units[parent] if parent else None,
            superior_in_line=units[LINE_SUPERIORS[code]] if code in LINE_SUPERIORS else None,
            organisation_name=ORGANISATION_NAMES.get(code, ""),
            header_name=HEADER_NAMES.get(code, ""),
            description="Dữ liệu minh họa."
            if parent and code.startswith(("BCHQS-", "SD", "Z"))
            else "",
        )
    for left, right in LINKS:
        units[left] = services.unit_update(by=actor, unit=units[left], linked_unit=units[right])
    for code, line, superior in OTHER_SUPERIORS:
        services.unit_line_set(
            by=actor,
            unit=units[code],
            line=line,
            superior=units[superior],
            valid_from=None,
            primary=False,
        )
    # The place names on documents (the units below take their command's).
    for code, place in PLACES.items():
        if code in units:
            units[code] = services.unit_update(by=actor, unit=units[code], place=place)

    # ĐUQSTW was renamed Quân ủy Trung ương; documents before carry ĐUQSTW (demo date).
    units["QUTW"] = services.unit_rename(
        by=actor,
        unit=units["QUTW"],
        name="Quân ủy Trung ương",
        abbreviation="QUTW",
        effective_date=D(2011, 2, 1),
        decision="Đổi tên (ngày minh họa)",
    )

    # 2025: provinces merged; district military commands dissolved; regional defence commands.
    for merged, into in (("HG", "TQ"), ("YB", "LC"), ("VP", "PT")):
        services.unit_merge(
            by=actor,
            sources=[units[f"BCHQS-{merged}"]],
            target=units[f"BCHQS-{into}"],
            effective_date=REFORM_DAY,
            decision="Sắp xếp đơn vị hành chính cấp tỉnh năm 2025",
        )
    services.unit_merge(
        by=actor,
        sources=[units["BCHQS-PY"]],
        target=units["BCHQS-DL"],
        effective_date=REFORM_DAY,
        decision="Sắp xếp đơn vị hành chính cấp tỉnh năm 2025",
    )
    for code in [c for c in units if c.startswith("BCHQS-") and ("-H" in c or c.count("-") == 2)]:
        unit = Unit.objects.get(pk=units[code].pk)
        if unit.dissolved_on is None and unit.parent and unit.parent.code.startswith("BCHQS-"):
            services.unit_dissolve(
                by=actor,
                unit=unit,
                effective_date=REFORM_DAY,
                decision="Kết thúc hoạt động của cơ quan quân sự cấp huyện",
            )
    for key in ("PT", "TQ", "LC", "DL"):
        parent = Unit.objects.get(pk=units[f"BCHQS-{key}"].pk)
        for n in (1, 2):
            code = f"PTKV-{key}-{n}"
            units[code] = services.unit_create(
                by=actor,
                code=code,
                name=f"Ban Chỉ huy Phòng thủ khu vực {n} – {parent.name.split('tỉnh ')[-1]}",
                abbreviation=f"Ban CHPTKV {n}",
                kind="command",
                parent=parent,
                established_on=REFORM_DAY,
                description="Dữ liệu minh họa.",
            )
    for code in ("HU-LAK", "HU-EASUP", "HU-KRONGANA", "HU-MDRAK", "TXU-BUONHO", "TPU-BMT"):
        services.unit_dissolve(
            by=actor,
            unit=units[code],
            effective_date=REFORM_DAY,
            decision="Kết thúc hoạt động của cấp huyện",
        )

    ranks = {rank.code: rank for rank in Rank.objects.all()}
    names = _names()
    people: dict[str, list[Any]] = {}
    for code, posts in POSTS.items():
        unit = Unit.objects.get(code=code)
        for index, (title, rank_code) in enumerate(posts):
            full_name, gender = next(names)
            person = services.person_create(
                by=actor,
                full_name=full_name,
                unit=unit,
                gender=gender,
                birth_year=1965 + (index * 7) % 25,
            )
            order = list(ranks).index(rank_code)
            start = D(2008 + index % 4, 9, 1)
            for step, previous in enumerate(list(ranks)[max(0, order - 2) : order + 1]):
                services.rank_add(
                    by=actor,
                    person=person,
                    rank=ranks[previous],
                    valid_from=start.replace(year=start.year + step * 4),
                )
            services.position_add(
                by=actor,
                person=person,
                unit=unit,
                title=title,
                valid_from=D(2019, 1, 1) if index else D(2016, 6, 1),
                order=1,
            )
            if code in PARTY_POSTS:
                party, titles = PARTY_POSTS[code]
                if index in titles:
                    services.position_add(
                        by=actor,
                        person=person,
                        unit=Unit.objects.get(code=party),
                        title=titles[index],
                        valid_from=D(2020, 10, 1),
                        order=0,
                    )
            people.setdefault(code, []).append(person)
    # The deputy minister also heads the steering committee of the review of Resolution 520.
    head = people["BQP"][0]
    services.position_add(
        by=actor,
        person=head,
        unit=units["BQP"],
        order=2,
        valid_from=D(2021, 9, 1),
        title="Trưởng Ban Chỉ đạo tổng kết Nghị quyết 520",
    )
    # A civilian: a locality party secretary (no rank).
    services.person_create(
        by=actor,
        full_name="Trần Thị B",
        unit=units["TU-DL"],
        gender="female",
        is_military=False,
        note="Dữ liệu minh họa.",
    )

    user_people = {
        "qk2.baocao": people["QK2"][3],
        "qk2.thidua": people["QK2"][4],
        "qk2.duyet": people["QK2"][0],
        "bqp.theodoi": people["CKT"][2],
        "cnqp.baocao": people["TCCNQP"][2],
        "daklak.baocao": people["BCHQS-DL"][2],
        "daklak.theodoi": people["DUQS-DL"][0],
        "bqp.duyet": people["BQP"][1],
        "qk2.theodoi": people["CHC-QK2"][0],
    }
    for username, role, codes in USERS:
        user = services.user_create(
            by=actor,
            username=username,
            password=DEMO_PASSWORD,
            unit=Unit.objects.get(code=codes[0]),
            role=role,
            person=user_people.get(username),
            check_password=False,
            # The provincial military Party committee's officer also follows the command the
            # committee leads.
            reaches_led=username in LEADING_OFFICERS,
        )
        for code in codes[1:]:
            services.role_grant(by=actor, user=user, role=role, unit=Unit.objects.get(code=code))

    return units


def is_loaded() -> bool:
    return (
        Unit.objects.filter(code="QUTW").exists() or User.objects.filter(username="admin").exists()
    )

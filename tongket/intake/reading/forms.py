"""The ways a unit's name is written in real texts besides its registered form.

News and reports shorten the head of a body's name ("Bộ CHQS tỉnh Lào Cai" for "Bộ Chỉ huy
Quân sự tỉnh Lào Cai", "UBND tỉnh Điện Biên"), drop the administrative word before the place
("Bộ Chỉ huy Quân sự Lào Cai"), or write the old accent placement ("Uỷ ban"). The registry
indexes every such form of every name, so the reader matches them as the name itself.
"""

from __future__ import annotations

import re

# A body's head written in full and as it is shortened in texts (longest first).
SHORT_FORMS = [
    ("Bộ Chỉ huy Bộ đội Biên phòng", "Bộ CHBĐBP"),
    ("Ban Chỉ huy Phòng thủ khu vực", "Ban CHPTKV"),
    ("Bộ Chỉ huy Quân sự", "Bộ CHQS"),
    ("Ban Chỉ huy Quân sự", "Ban CHQS"),
    ("Bộ Tư lệnh Thủ đô", "BTL Thủ đô"),
    ("Bộ Tư lệnh", "BTL"),
    ("Ủy ban nhân dân", "UBND"),
    ("Hội đồng nhân dân", "HĐND"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban MTTQ Việt Nam"),
    ("Đảng ủy Quân sự", "ĐUQS"),
    ("Ban Thường vụ", "BTV"),
]
# The administrative word before a place name, which texts often leave out.
_LEVEL = re.compile(r"\s(?:tỉnh|thành phố|huyện|thị xã|quận)\s(?=[A-ZĐÀ-Ỹ])")
# Old accent placement still common in pasted texts.
_OLD_ACCENTS = [("Ủy", "Uỷ"), ("ủy", "uỷ"), ("Thủy", "Thuỷ"), ("thủy", "thuỷ")]


def written_forms(name: str) -> list[str]:
    """`name` and the other ways it is written, each once, `name` first."""
    forms = [name]
    for full, short in SHORT_FORMS:
        if full in name:
            forms.append(name.replace(full, short, 1))
            break
    forms += [_LEVEL.sub(" ", form, count=1) for form in list(forms) if _LEVEL.search(form)]
    for new, old in _OLD_ACCENTS:
        forms += [form.replace(new, old) for form in list(forms) if new in form]
    return list(dict.fromkeys(forms))

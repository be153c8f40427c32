"""The rules a format profile must give, and the two profiles the system ships with.

Sources: Nghị định 30/2020/NĐ-CP (State documents) and Hướng dẫn 36-HD/VPTW of 03/4/2018
(Party documents), as summarised in DOMAIN.md §1. Where a source is uncertain (the Party
margins of an older handbook, the successor of 36-HD reported for 2026) the rule is data, not
code: an administrator saves a new profile version with its own valid_from.
"""

from __future__ import annotations

from typing import Any

REQUIRED_RULES = [
    "page.margin_top_mm",
    "page.margin_bottom_mm",
    "page.margin_left_mm",
    "page.margin_right_mm",
    "font.name",
    "header.parent_size",
    "header.issuer_size",
    "header.issuer_mark",
    "header.national_title",
    "header.national_title_size",
    "number_line.prefix",
    "number_line.size",
    "date_line.size",
    "title.size",
    "subject.size",
    "body.size",
    "body.first_line_indent_cm",
    "body.space_after_pt",
    "body.line_spacing",
    "body.heading_numbers",
    "signature.title_size",
    "signature.name_size",
    "recipients.label",
    "recipients.label_size",
    "recipients.list_size",
    "recipients.archive",
    "numbering.scheme",
]

# Rules added after the first versions: a profile without them takes these defaults (the
# values both shipped profiles had in practice).
DEFAULTS: dict[str, Any] = {
    "page.width_mm": 210,
    "page.height_mm": 297,
    "header.parent_bold": False,
    "header.issuer_bold": True,
    "date_line.italic": True,
    "title.bold": True,
    "subject.bold": True,
    "subject.case": "",
    "number_line.blank": "      ",
}

# Rules both profiles share, and what each source says. NĐ 30 = Nghị định 30/2020/NĐ-CP,
# Phụ lục I ("Thể thức, kỹ thuật trình bày văn bản hành chính"); HD 36 = Hướng dẫn
# 36-HD/VPTW ngày 03/4/2018 ("Thể thức và kỹ thuật trình bày văn bản của Đảng").
STATE_2020: dict[str, Any] = {
    # NĐ 30 Phụ lục I, Phần I, mục II.1 (A4) and II.3 (lề trên, dưới 20–25 mm; trái 30–35 mm;
    # phải 15–20 mm).
    "page": {
        "width_mm": 210,
        "height_mm": 297,
        "margin_top_mm": 20,
        "margin_bottom_mm": 20,
        "margin_left_mm": 30,
        "margin_right_mm": 15,
    },
    # NĐ 30 Phụ lục I, mục II.4: Times New Roman, bộ mã Unicode TCVN 6909:2001, màu đen.
    "font": {"name": "Times New Roman"},
    # NĐ 30 Điều 8 khoản 1–2 and Phụ lục I, mục III.1–2: Quốc hiệu bold capitals 12–13 pt,
    # Tiêu ngữ bold 13–14 pt with a rule as long as it; the body above in capitals 12–13 pt;
    # the issuing body in bold capitals 12–13 pt with a rule a third to a half of its width.
    "header": {
        "parent_size": 13,
        "parent_bold": False,
        "issuer_size": 13,
        "issuer_bold": True,
        "issuer_mark": "rule",
        "national_title": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "national_title_size": 13,
        "motto": "Độc lập - Tự do - Hạnh phúc",
        "motto_size": 14,
    },
    # NĐ 30 Điều 8 khoản 3 and Phụ lục I, mục III.3: "Số: 15/BC-UBND", 13 pt; numbers below
    # 10 written with a leading zero; numbers restart on 1 January (Điều 15).
    "number_line": {
        "prefix": "Số: ",
        "size": 13,
        "format": "{number}/{type_code}-{issuer_code}",
        "blank": "      ",
    },
    # NĐ 30 Điều 8 khoản 4 and Phụ lục I, mục III.4: italic 13–14 pt, days below 10 and
    # months 1–2 with a leading zero.
    "date_line": {"size": 14, "italic": True},
    # NĐ 30 Điều 8 khoản 5 and Phụ lục I, mục III.5: the kind's name in bold capitals 13–14
    # pt; the subject bold 13–14 pt, its first letter a capital ("Về việc …").
    "title": {"size": 14, "bold": True},
    "subject": {"size": 14, "bold": True, "case": "upper_first"},
    # NĐ 30 Phụ lục I, mục III.6: 13–14 pt, justified, first-line indent 1–1,27 cm, at least
    # 6 pt between paragraphs, single to 1,5 line spacing; parts "I.", items "1.", points "a)".
    "body": {
        "size": 14,
        "first_line_indent_cm": 1.27,
        "space_after_pt": 6,
        "line_spacing": 1.15,
        "heading_numbers": ["I.", "1.", "a)"],
    },
    # NĐ 30 Điều 13 and Phụ lục I, mục III.7: TM. (collective bodies), KT. (a deputy), Q.
    # (acting), TL. (by order), TUQ. (by authorization); the title in bold capitals, the name
    # in bold, 13–14 pt.
    "signature": {
        "title_size": 14,
        "name_size": 14,
        "marks": {
            "on_behalf": "TM.",
            "as_deputy": "KT.",
            "acting": "Q.",
            "by_order": "TL.",
            "by_authorization": "TUQ.",
        },
    },
    # NĐ 30 Phụ lục I, mục III.9: "Nơi nhận:" bold italic 12 pt, the list 11 pt, ending
    # "- Lưu: VT, …".
    "recipients": {
        "label": "Nơi nhận:",
        "label_size": 12,
        "label_style": "bold_italic",
        "list_size": 11,
        "archive": "- Lưu: VT.",
    },
    "numbering": {"scheme": "per_year"},
    # NĐ 30 Phụ lục I, mục III.6 (quyết định): the grounds "Căn cứ …;" in italic, the
    # enacting word "QUYẾT ĐỊNH:" bold capitals centred, articles "Điều 1." in bold; an annex
    # names its decision: "(Kèm theo Quyết định số … ngày … của …)".
    "decision": {
        "grounds": "Căn cứ",
        "grounds_italic": True,
        "enacting": "QUYẾT ĐỊNH:",
        "article": "Điều {n}.",
        "annex_reference": "(Kèm theo {kind} số {symbol} ngày {date} của {issuer})",
    },
    # NĐ 30 Điều 8 khoản 9 and Phụ lục I, mục III.10 (and the law on protecting State
    # secrets): the classification mark in bold capitals below the number line, on the left.
    "classification": {
        "size": 13,
        "marks": {"confidential": "MẬT", "secret": "TỐI MẬT", "top_secret": "TUYỆT MẬT"},
    },
}

PARTY_2018: dict[str, Any] = {
    # HD 36 Phần thứ hai, mục 1 (khổ giấy A4) and mục 2 (lề: trên, dưới 20 mm; trái 30 mm;
    # phải 15 mm; an older handbook says 25/25/35/15: to confirm, an administrator saves a
    # new profile version if so).
    "page": {
        "width_mm": 210,
        "height_mm": 297,
        "margin_top_mm": 20,
        "margin_bottom_mm": 20,
        "margin_left_mm": 30,
        "margin_right_mm": 15,
    },
    "font": {"name": "Times New Roman"},
    # HD 36 Phần thứ nhất, mục 1–2: "ĐẢNG CỘNG SẢN VIỆT NAM" bold capitals 15 pt with a rule
    # under it; the superior body in capitals 14 pt, the issuing committee in bold capitals
    # 14 pt, a "*" under it.
    "header": {
        "parent_size": 14,
        "parent_bold": False,
        "issuer_size": 14,
        "issuer_bold": True,
        "issuer_mark": "star",
        "national_title": "ĐẢNG CỘNG SẢN VIỆT NAM",
        "national_title_size": 15,
        "motto": "",
        "motto_size": 0,
    },
    # HD 36 Phần thứ nhất, mục 3: "Số 127-QĐ/TW", 14 pt, no colon; numbers run per type
    # within a committee's term.
    "number_line": {
        "prefix": "Số ",
        "size": 14,
        "format": "{number}-{type_code}/{issuer_code}",
        "blank": "      ",
    },
    # HD 36 Phần thứ nhất, mục 4: italic 14 pt.
    "date_line": {"size": 14, "italic": True},
    # HD 36 Phần thứ nhất, mục 5: the kind's name bold capitals 15–16 pt; the subject bold
    # 14–15 pt in lower case ("về …").
    "title": {"size": 16, "bold": True},
    "subject": {"size": 14, "bold": True, "case": "lower_first"},
    # HD 36 Phần thứ nhất, mục 6: body 14–15 pt; parts "I-", items "1-", points "a)".
    "body": {
        "size": 14,
        "first_line_indent_cm": 1.27,
        "space_after_pt": 6,
        "line_spacing": 1.15,
        "heading_numbers": ["I-", "1-", "a)"],
    },
    # HD 36 Phần thứ nhất, mục 7: T/M (a committee), K/T (a deputy), Q. (acting), T/L (by
    # order; the Party has no TUQ.: it signs T/L).
    "signature": {
        "title_size": 14,
        "name_size": 14,
        "marks": {
            "on_behalf": "T/M",
            "as_deputy": "K/T",
            "acting": "Q.",
            "by_order": "T/L",
            "by_authorization": "T/L",
        },
    },
    # HD 36 Phần thứ nhất, mục 9: "Nơi nhận:" 14 pt underlined, the list 12 pt, ending
    # "- Lưu Văn phòng …" (to confirm).
    "recipients": {
        "label": "Nơi nhận:",
        "label_size": 14,
        "label_style": "underline",
        "list_size": 12,
        "archive": "- Lưu Văn phòng.",
    },
    "numbering": {"scheme": "per_term"},
    # HD 36 Phần thứ nhất, mục 6 (quyết định): "- Căn cứ …," lines, then the enacting line,
    # articles "Điều 1."; an annex names its decision.
    "decision": {
        "grounds": "Căn cứ",
        "grounds_italic": False,
        "enacting": "QUYẾT ĐỊNH:",
        "article": "Điều {n}.",
        "annex_reference": "(Kèm theo {kind} số {symbol} ngày {date} của {issuer})",
    },
    # HD 36 Phần thứ nhất, mục 10: the mark ("MẬT", "TỐI MẬT", "TUYỆT MẬT") bold capitals
    # below the number line, on the left.
    "classification": {
        "size": 14,
        "marks": {"confidential": "MẬT", "secret": "TỐI MẬT", "top_secret": "TUYỆT MẬT"},
    },
}


def rule(rules: dict[str, Any], path: str) -> Any:
    """The value at a dotted path, else the default of a rule added later, else None."""
    value: Any = rules
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return DEFAULTS.get(path)
        value = value[part]
    return value


def shipped(style: str) -> dict[str, Any]:
    """The rules the system ships for a style (the fallback of a rule a profile lacks)."""
    return PARTY_2018 if style == "party" else STATE_2020


def missing_rules(rules: dict[str, Any]) -> list[str]:
    return [path for path in REQUIRED_RULES if rule(rules, path) in (None, "")]

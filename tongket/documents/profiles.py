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

STATE_2020: dict[str, Any] = {
    "page": {
        "margin_top_mm": 20,
        "margin_bottom_mm": 20,
        "margin_left_mm": 30,
        "margin_right_mm": 15,
    },
    "font": {"name": "Times New Roman"},
    "header": {
        "parent_size": 13,
        "issuer_size": 13,
        # A rule under the issuer, a third of the text's width.
        "issuer_mark": "rule",
        "national_title": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "national_title_size": 13,
        "motto": "Độc lập - Tự do - Hạnh phúc",
        "motto_size": 14,
    },
    "number_line": {"prefix": "Số: ", "size": 13},
    "date_line": {"size": 14},
    "title": {"size": 14},
    "subject": {"size": 14},
    "body": {
        "size": 14,
        "first_line_indent_cm": 1.27,
        "space_after_pt": 6,
        "line_spacing": 1.15,
        "heading_numbers": ["I.", "1.", "a)"],
    },
    "signature": {"title_size": 14, "name_size": 14},
    "recipients": {
        "label": "Nơi nhận:",
        "label_size": 12,
        "label_style": "bold_italic",
        "list_size": 11,
        "archive": "- Lưu: VT.",
    },
    "numbering": {"scheme": "per_year"},
}

PARTY_2018: dict[str, Any] = {
    "page": {
        "margin_top_mm": 20,
        "margin_bottom_mm": 20,
        "margin_left_mm": 30,
        "margin_right_mm": 15,
    },
    "font": {"name": "Times New Roman"},
    "header": {
        "parent_size": 14,
        "issuer_size": 14,
        # A centred "*" under the issuing committee.
        "issuer_mark": "star",
        "national_title": "ĐẢNG CỘNG SẢN VIỆT NAM",
        "national_title_size": 15,
        "motto": "",
        "motto_size": 0,
    },
    "number_line": {"prefix": "Số ", "size": 14},
    "date_line": {"size": 14},
    "title": {"size": 16},
    "subject": {"size": 14},
    "body": {
        "size": 14,
        "first_line_indent_cm": 1.27,
        "space_after_pt": 6,
        "line_spacing": 1.15,
        "heading_numbers": ["I-", "1-", "a)"],
    },
    "signature": {"title_size": 14, "name_size": 14},
    "recipients": {
        "label": "Nơi nhận:",
        "label_size": 14,
        "label_style": "underline",
        "list_size": 12,
        "archive": "- Lưu Văn phòng.",
    },
    "numbering": {"scheme": "per_term"},
}


def rule(rules: dict[str, Any], path: str) -> Any:
    """The value at a dotted path, or None."""
    value: Any = rules
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def missing_rules(rules: dict[str, Any]) -> list[str]:
    return [path for path in REQUIRED_RULES if rule(rules, path) in (None, "")]

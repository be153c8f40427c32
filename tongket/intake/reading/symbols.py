"""Document references: "Nghị quyết 623", "Nghị quyết số 382-NQ/ĐUQSTW ngày 29/11/2007 của
Đảng ủy Quân sự Trung ương", "Chỉ thị số 12/CT-TTg", "Nghị định 30/2020/NĐ-CP".

A reference is a kind word followed by a number with or without its symbol, or a bare
symbol whose type code names the kind ("số 765-NQ/QUTW"). The issuer is the body named
right after ("của Bộ Chính trị"), else the one the symbol's issuer code stands for, old codes
included (ĐUQSTW is the Central Military Party Committee, now the Central Military
Commission). The same document mentioned twice is one fact; the fuller mention wins.
"""

from __future__ import annotations

import re
from typing import Any

from tongket.intake.reading.base import UPPER, Text, fact
from tongket.intake.reading.units import body_name

KINDS = {
    "nghị quyết": "nghị quyết",
    "chỉ thị": "chỉ thị",
    "kết luận": "kết luận",
    "quy định": "quy định",
    "quyết định": "quyết định",
    "chương trình": "chương trình",
    "kế hoạch": "kế hoạch",
    "đề án": "đề án",
    "nghị định": "nghị định",
    "thông tư": "thông tư",
    "hướng dẫn": "hướng dẫn",
    "thông báo": "thông báo",
    "công văn": "công văn",
    "luật": "luật",
}
TYPE_CODES = {
    "NQ": "nghị quyết",
    "CT": "chỉ thị",
    "KL": "kết luận",
    "QĐ": "quyết định",
    "QyĐ": "quy định",
    "CTr": "chương trình",
    "KH": "kế hoạch",
    "ĐA": "đề án",
    "NĐ": "nghị định",
    "TT": "thông tư",
    "HD": "hướng dẫn",
    "TB": "thông báo",
}
_KIND = r"(?P<kind>[Nn]ghị quyết|[Cc]hỉ thị|Kết luận|[Qq]uy định|[Qq]uyết định|Chương trình|Kế hoạch|Đề án|[Nn]ghị định|[Tt]hông tư|Hướng dẫn|Thông báo|[Cc]ông văn)"
_CODE = rf"[{UPPER}][{UPPER}a-zđ]*"
_PARTY = rf"(?P<pnum>\d{{1,5}})\s?-\s?(?P<ptype>{_CODE})/(?P<pissuer>{_CODE}(?:-{_CODE})?)"
_STATE = rf"(?P<snum>\d{{1,5}})/(?:(?P<syear>\d{{4}})/)?(?P<stype>{_CODE})-(?P<sissuer>{_CODE}(?:-{_CODE})?)"
_BARE = r"(?P<bnum>\d{1,5})(?![\d/\-]|\.\d|\s+(?:năm|tháng|ngày|tập thể|cá nhân|đơn vị|%))"
BARE_SYMBOL = re.compile(rf"(?<![\w/\-]){_PARTY}|(?<![\w/\-]){_STATE}")
# A number is the cheap anchor: the kind word is read backwards from it, the symbol forwards.
_NUMBER_START = re.compile(r"\d+")
_KIND_BEFORE = re.compile(rf"{_KIND}\s+(?:số\s*:?\s*)?$")
_SYMBOL_AT = re.compile(rf"{_PARTY}|{_STATE}|{_BARE}")
# "…, của Bộ Chính trị về …": the issuer phrase runs to punctuation or a word that ends it.
# The subject that follows a document's number, date and issuer: "… về lãnh đạo công tác quân
# sự, quốc phòng địa phương đến năm 2030 và những năm tiếp theo."
_SUBJECT_AFTER = re.compile(r"^\s*,?\s*(?P<subject>về\s+[^.;:\n()]{4,240}?)\s*(?=[.;:\n(]|$)")
_ISSUER_AFTER = re.compile(
    r"^\s*,?\s*của\s+(?P<issuer>[^,;:.()\n]{2,80}?)(?=\s*[,;:.()\n]|\s+(?:về|trong|đối với|nhằm|ngày|và|đã|được|là|với|tại|đến|giai đoạn|nhiệm kỳ|sau)\b|$)"
)


def _symbol_of(match: re.Match[str]) -> dict[str, Any]:
    groups = match.groupdict()
    if groups.get("pnum"):
        return {
            "number": str(int(groups["pnum"])),
            "symbol": f"{groups['pnum']}-{groups['ptype']}/{groups['pissuer']}",
            "type_code": groups["ptype"],
            "issuer_code": groups["pissuer"],
        }
    if groups.get("snum"):
        year = f"{groups['syear']}/" if groups.get("syear") else ""
        return {
            "number": str(int(groups["snum"])),
            "symbol": f"{groups['snum']}/{year}{groups['stype']}-{groups['sissuer']}",
            "type_code": groups["stype"],
            "issuer_code": groups["sissuer"],
        }
    return {
        "number": str(int(groups["bnum"])),
        "symbol": None,
        "type_code": None,
        "issuer_code": None,
    }


_HEADER_SKIP = re.compile(
    r"(?i)^(?:đảng cộng sản việt nam|cộng hòa xã hội chủ nghĩa việt nam|cộng hoà xã hội chủ nghĩa việt nam|độc lập|\*|-)"
)
_NUMBER_LINE = re.compile(r"^\s*(?:Số|SỐ|số)\s*:?\s*(?P<symbol>\S+)\s*$")
_OWN_SUBJECT = re.compile(r"(?m)^[ \t]*(?:V/v|Về việc)[ \t]+(?P<subject>[^\n]{3,300})$")
_DOCUMENT_DATE = re.compile(r",\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def _own_document(text: Text, registry: Any) -> tuple[int, int, dict[str, Any]] | None:
    """An official document's own number line ("Số 1250-NQ/ĐU" under the issuer's name in
    capitals, the place and date line below): the document itself is a fact."""
    head = text.value[:1200]
    if "Số" not in head and "SỐ" not in head:
        return None
    lines = head.split("\n", 10)[:10]
    offset = 0
    issuer_line = None
    for index, line in enumerate(lines):
        number = _NUMBER_LINE.match(line)
        if number:
            symbol = BARE_SYMBOL.fullmatch(number["symbol"])
            if symbol is None:
                return None
            info = _symbol_of(symbol)
            kind = TYPE_CODES.get(info["type_code"] or "")
            if kind is None:
                return None
            info["kind"] = kind
            date = None
            # The place and date line comes below the number, after the national motto
            # when the two columns of a State document are pasted one after the other.
            for later in lines[index + 1 : index + 5]:
                found = _DOCUMENT_DATE.search(later)
                if found:
                    day, month, year = (int(g) for g in found.groups())
                    date = f"{year:04d}-{month:02d}-{day:02d}"
                    break
            info["date"] = date
            info["issuer"] = body_name(issuer_line, registry) if issuer_line else None
            # "Về việc …" / "V/v …" under the document's name is its subject.
            subject = _OWN_SUBJECT.search(head)
            if subject:
                info["subject"] = "về việc " + subject["subject"].strip()
            start = offset + number.start("symbol")
            return start, start + len(number["symbol"]), info
        stripped = line.strip()
        if stripped.isupper() and not _HEADER_SKIP.match(stripped):
            issuer_line = stripped
        offset += len(line) + 1
    return None


def read_resolutions(text: Text, registry: Any) -> list[dict[str, Any]]:
    value = text.value
    mentions: list[tuple[int, int, dict[str, Any]]] = []
    for number in _NUMBER_START.finditer(value):
        at = number.start()
        if (mentions and at < mentions[-1][1]) or (
            at and (value[at - 1].isalnum() or value[at - 1] in "/-.")
        ):
            continue
        symbol = _SYMBOL_AT.match(value, at)
        if symbol is None:
            continue
        kind_match = _KIND_BEFORE.search(value, max(0, at - 24), at)
        info = _symbol_of(symbol)
        if kind_match:
            info["kind"] = KINDS[kind_match["kind"].lower()]
            mentions.append((kind_match.start(), symbol.end(), info))
            continue
        kind = TYPE_CODES.get(info["type_code"] or "")
        if kind is None:
            continue  # a bare number, or a symbol of a report, letter…: not a followed document
        info["kind"] = kind
        mentions.append((at, symbol.end(), info))
    mentions.sort(key=lambda item: item[0])
    own = _own_document(text, registry)
    if own:
        mentions = [m for m in mentions if m[0] != own[0]]
        mentions.insert(0, own)

    dates = text.dates
    merged: dict[str, dict[str, Any]] = {}
    for start, end, info in mentions:
        date = None
        end_with_date = end
        for mention in dates:
            if (
                end <= mention.start <= end + 12
                and mention.has_year
                and mention.lead in ("ngày", "")
            ):
                gap = value[end : mention.start]
                # On the same line: a headline's symbol does not take the date that opens
                # the next paragraph ("… Chỉ thị 07/CT-TTg\n\nNgày 20/11/2026, …").
                if re.fullmatch(r"[ \t]*(?:,[ \t]*)?(?:ngày[ \t]*)?", gap):
                    date = mention.date.isoformat()
                    end_with_date = mention.end
                    text.used.append((mention.start, mention.end))
                    break
        if info.get("date"):
            date = info["date"]
        issuer_name = info.get("issuer")
        after = end_with_date
        issuer_match = _ISSUER_AFTER.match(value[after : after + 160])
        if issuer_match and issuer_name is None:
            issuer_name = registry.issuer_name(issuer_match["issuer"])
        if issuer_name is None and info["issuer_code"]:
            issuer_name = registry.issuer_for_code(info["issuer_code"])
        if issuer_match:
            after += issuer_match.end()
        subject_match = _SUBJECT_AFTER.match(value[after : after + 260])
        number = info["number"]
        key = f"{info['kind']}:{number}"
        record = {
            "kind": info["kind"],
            "number": number,
            "symbol": info["symbol"],
            "date": date,
            "issuer": issuer_name,
            "subject": subject_match["subject"] if subject_match else info.get("subject"),
        }
        confidence = 0.95 if info["symbol"] else 0.8
        if key in merged:
            known = merged[key]
            if known["symbol"] and record["symbol"] and known["symbol"] != record["symbol"]:
                key = f"{key}:{record['symbol']}"
            else:
                for name in ("symbol", "date", "issuer", "subject"):
                    if not known[name] and record[name]:
                        known[name] = record[name]
                known["confidence"] = max(known["confidence"], confidence)
                known.setdefault("mentions", []).append([start, end])
                continue
        merged[key] = fact(start, end, confidence, **record)
    results = list(merged.values())
    for record in results:
        record["match"] = registry.match_resolution(record)
    return results

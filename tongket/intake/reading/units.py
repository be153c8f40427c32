"""Units named in a text, by name, old name, abbreviation or code, across the whole registry.

The text is cut into words once; at each word the longest known name starting there is
taken (names are indexed by their first word, so the scan stays linear in practice), and a
word that is a known code or abbreviation ("BQP", "ĐUQSTW") counts on its own.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Any

from tongket.intake.reading.base import Text, fact
from tongket.intake.reading.similar import FOLD

_TOKEN = re.compile(r"\w+", re.UNICODE)


_CODE_TOKEN = re.compile(r"(?<!\w)[A-ZĐ][A-ZĐ0-9]*[A-ZĐ0-9](?:-[A-ZĐ0-9]+)?(?!\w)|(?<!\w)TTg(?!\w)")


def read_units(text: Text, registry: Any) -> list[dict[str, Any]]:
    """Names are looked for only where a known first word stands (one regular expression
    over the text), codes only at upper-case words: the text is not walked word by word."""
    value, lower = text.value, text.lower
    first_index, codes = registry.first_index, registry.code_index
    hits: list[tuple[int, int, Any, float]] = []
    if registry.first_pattern is not None:
        for first in registry.first_pattern.finditer(lower):
            candidates = first_index.get(first.group(), ())
            if not candidates:
                continue
            tokens = list(islice(_TOKEN.finditer(lower, first.start()), len(candidates[0][0])))
            words = tuple(token.group() for token in tokens)
            for name_tokens, entry in candidates:
                size = len(name_tokens)
                if words[:size] == name_tokens:
                    hits.append((tokens[0].start(), tokens[size - 1].end(), entry, 0.9))
                    break
    for code in _CODE_TOKEN.finditer(value):
        entry = codes.get(code.group())
        if entry is not None:
            hits.append((code.start(), code.end(), entry, 0.75))
    hits += _slipped(text, registry, hits)
    hits.sort(key=lambda hit: (hit[0], -hit[1]))
    found: dict[Any, dict[str, Any]] = {}
    covered = -1
    for start, end, entry, confidence in hits:
        if start < covered:
            continue  # inside a longer name already read
        covered = end
        key = entry.id if entry.id is not None else entry.current_name or entry.name
        if key in found:
            found[key].setdefault("mentions", []).append([start, end])
            continue
        found[key] = fact(
            start,
            end,
            confidence,
            name=entry.current_name or entry.name,
            written=value[start:end],
            abbreviation=entry.abbreviation or None,
            match=entry.id,
        )
    return list(found.values())


def _slipped(text: Text, registry: Any, hits: list[tuple[int, int, Any, float]]) -> list[Any]:
    """Names written with a slip (no diacritics, a letter wrong: `similar`), where no name
    was read exactly; the one candidate that fits, with less confidence."""
    pattern = registry.folded_first_pattern
    if pattern is None:
        return []
    folded = text.lower.translate(FOLD)  # same length as the text
    spans = [(start, end) for start, end, _, _ in hits]
    found: list[tuple[int, int, Any, float]] = []
    for first in pattern.finditer(folded):
        if any(start <= first.start() < end for start, end in spans):
            continue
        candidates = registry.folded_first.get(first.group().split(" ", 1)[0], ())
        longest = max(len(words) for words, _ in candidates)
        tokens = list(islice(_TOKEN.finditer(folded, first.start()), longest))
        written = tuple(token.group() for token in tokens)
        for size in sorted({len(words) for words, _ in candidates}, reverse=True):
            if len(written) < size:
                continue
            entry = registry.unit_like(written[:size])
            if entry is not None:
                found.append((tokens[0].start(), tokens[size - 1].end(), entry, 0.65))
                spans.append((tokens[0].start(), tokens[size - 1].end()))
                break
    return found


# How official names capitalise their usual parts; a header line in capitals is rewritten
# with these, then with the registry's names, other words (place names, numbers) title-cased.
_PARTS = [
    "Đảng ủy Quân sự tỉnh",
    "Đảng ủy Quân sự",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Bộ Chỉ huy Quân sự",
    "Ban Chỉ huy Quân sự huyện",
    "Ban Chỉ huy Quân sự",
    "Đảng ủy",
    "Đảng bộ",
    "Ban Thường vụ",
    "Bộ Tư lệnh",
    "Bộ Tham mưu",
    "Quân khu",
    "Quân đoàn",
    "Quân chủng",
    "Binh chủng",
    "Sư đoàn",
    "Lữ đoàn",
    "Trung đoàn",
    "Tiểu đoàn",
    "Học viện",
    "Trường",
    "Tổng cục",
    "Cục",
    "Ủy ban nhân dân tỉnh",
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Tỉnh ủy",
    "Huyện ủy",
    "Thành ủy",
    "Thị ủy",
    "Bộ đội Biên phòng",
    "Cảnh sát biển",
    "Bộ",
    "Ban",
    "Phòng",
    "tỉnh",
    "huyện",
    "thành phố",
    "Văn phòng",
    "Hậu cần",
    "Kỹ thuật",
    "Chính trị",
]
_PART_TOKENS = sorted(
    ((tuple(t.lower() for t in _TOKEN.findall(part)), part) for part in _PARTS),
    key=lambda item: -len(item[0]),
)


def body_name(line: str, registry: Any) -> str:
    """The name of a body written in capitals on a document header, as it is normally
    written: "ĐẢNG ỦY QUÂN SỰ TỈNH ĐẮK LẮK" → "Đảng ủy Quân sự tỉnh Đắk Lắk"."""
    tokens = _TOKEN.findall(line)
    words: list[str] = []
    index = 0
    while index < len(tokens):
        hit = registry.unit_at(tokens, index)
        if hit:
            size, entry = hit
            words.append(entry.name)
            index += size
            continue
        lowered = [token.lower() for token in tokens]
        for part_tokens, part in _PART_TOKENS:
            if tuple(lowered[index : index + len(part_tokens)]) == part_tokens:
                words.append(part)
                index += len(part_tokens)
                break
        else:
            token = tokens[index]
            words.append(token if token.isdigit() else token[:1].upper() + token[1:].lower())
            index += 1
    return " ".join(words)

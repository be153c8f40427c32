"""Summarising what units wrote, by theme: each point said once, with every unit that made
it named once after it ("Một số chỉ tiêu còn thấp so với kế hoạch (Nhà máy Z111, Nhà máy Z113
và Nhà máy Z115)."), never each unit's text pasted under its name."""

from __future__ import annotations

import re
from collections import OrderedDict

from tongket.core.text import search_key
from tongket.documents.writing import join

# The period-and-unit prefix lines drafted from periodic reports carry: "- (2022-H2, Unit) ".
PREFIX = re.compile(r"^\s*[-+•]?\s*\((?:[^,()]+),\s*[^()]+\)\s*")
SPLIT = re.compile(r"\n+")


def points(text: str) -> list[str]:
    """The points of one unit's text: its lines without bullets or source prefixes."""
    found = []
    for line in SPLIT.split(text or ""):
        line = PREFIX.sub("", line).strip().lstrip("-+• ").strip()
        if line:
            found.append(line[0].upper() + line[1:])
    return found


def summarise(texts: list[tuple[str, str]], *, total_units: int | None = None) -> str:
    """One line per distinct point (in the order first made), naming the units that made it;
    a point all of many units made says so instead of listing them all."""
    grouped: OrderedDict[str, tuple[str, list[str]]] = OrderedDict()
    for unit, text in texts:
        for point in points(text):
            key = search_key(point).rstrip(". ")
            if key not in grouped:
                grouped[key] = (point.rstrip(". "), [])
            if unit not in grouped[key][1]:
                grouped[key][1].append(unit)
    units_total = total_units or len({unit for unit, _text in texts})
    lines = []
    for point, units in grouped.values():
        if units_total > 5 and len(units) == units_total:
            lines.append(f"- {point} (cả {units_total} đơn vị).")
        else:
            lines.append(f"- {point} ({join(units)}).")
    return "\n".join(lines)

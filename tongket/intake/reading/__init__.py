"""Reading facts out of a Vietnamese text: rules only, pure Python, no model, no database.

`read(text, published=…, registry=…)` returns the facts in the intake schema (see
`docs/user-guide.md`, "Nhập từ văn bản"): published, resolutions, events, people, units,
awards, conclusions, each with its character span, a confidence and the registry record it
matches (`match`, null when new); and "decision", the award decision the text is or tells
of (None when it is none), read last from the others. Each topic is a module of its own;
the order below matters: document dates are taken before meeting dates are looked for.
"""

from __future__ import annotations

import datetime
from typing import Any

from tongket.core.text import normalize
from tongket.intake.reading.awards import read_awards
from tongket.intake.reading.base import Text
from tongket.intake.reading.conclusions import read_conclusions
from tongket.intake.reading.dates import find_published
from tongket.intake.reading.decisions import match_body, read_decision
from tongket.intake.reading.events import read_events
from tongket.intake.reading.people import read_people
from tongket.intake.reading.registry import Registry
from tongket.intake.reading.symbols import read_resolutions
from tongket.intake.reading.units import read_units

_BUILTIN: Registry | None = None


def prepare(value: str) -> str:
    """NFC, spaces and tabs collapsed, line breaks kept (they end sentences)."""
    lines = [
        normalize(line) for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    return "\n".join(lines).strip()


def read(
    value: str,
    *,
    published: datetime.date | None = None,
    registry: Registry | None = None,
    reference: datetime.date | None = None,
) -> dict[str, Any]:
    """The facts of `value` (already Unicode: convert legacy encodings first). Spans index
    `prepare(value)`, which is returned as "text". Dates written without a year take it from
    the publication date (given, or found in the text), else from `reference` (the day the
    text is entered); "published" stays null then."""
    global _BUILTIN
    if registry is None:
        _BUILTIN = _BUILTIN or Registry.builtin()
        registry = _BUILTIN
    value = prepare(value)
    found = find_published(value)
    if published is None and found:
        published = found[0]
    text = Text(value, published or reference)
    if found:
        text.used.append((found[1], found[2]))
    resolutions = read_resolutions(text, registry)
    events = read_events(text)
    units = read_units(text, registry)
    facts = {
        "text": value,
        "published": published.isoformat() if published else None,
        "resolutions": resolutions,
        "events": events,
        "people": read_people(text, registry),
        "units": units,
        "awards": [_giver_matched(award, units, registry) for award in read_awards(text)],
        "conclusions": read_conclusions(text, registry),
    }
    # Read last, from the facts above: the award decision the text is or tells of, if any.
    facts["decision"] = read_decision(text, facts, registry)
    return facts


def _giver_matched(
    award: dict[str, Any], units: list[dict[str, Any]], registry: Registry
) -> dict[str, Any]:
    """The unit that gives the awards (`by_match`: its id, or None): the registry's unit of
    that name (old names, no diacritics, a slip: `Registry.unit_named`), also when its head
    is named ("Bộ Tư lệnh Quân khu 2" gives for Quân khu 2: `decisions.match_body`), else
    the unit read in the text where the giver is written ("Bộ Tư lệnh Quân khu 2 tặng …")."""
    giver = award.get("by") or ""
    match = None
    if giver:
        match = match_body(giver, registry)
        if match is None:
            start, end = award["span"]
            inside = [
                unit
                for unit in units
                if unit.get("match")
                and unit["written"] == giver
                and any(start <= s < end for s, _ in [unit["span"], *unit.get("mentions", [])])
            ]
            match = inside[0]["match"] if len(inside) == 1 else None
    return {**award, "by_match": match}

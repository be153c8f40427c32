"""Reads for the intake: the registry the reader matches against, loaded from the database.

Matching runs across the whole registry, not only the caller's scope: a person or a unit
that exists elsewhere must be found so that it is never created a second time. What the
caller may see of a match is decided where the match is shown (`facts_for`): outside the
caller's reach only the fact that a record exists is said, not what it holds.
"""

from __future__ import annotations

from typing import Any

from tongket.core import scopes
from tongket.core.classification import clearance_q
from tongket.intake.reading.registry import (
    NATIONAL_BODIES,
    PersonEntry,
    Registry,
    ResolutionEntry,
    UnitEntry,
)
from tongket.org.models import Person, Rank, Unit, UnitName
from tongket.resolutions.models import Resolution

_KINDS = {
    "resolution": "nghị quyết",
    "directive": "chỉ thị",
    "conclusion": "kết luận",
    "regulation": "quy định",
    "plan": "kế hoạch",
    "project": "đề án",
    "decision": "quyết định",
    "coordination_programme": "chương trình",
}


def registry_load() -> Registry:
    """Every unit with every name, abbreviation and code it carried, every person, every
    numbered resolution and the rank table; national bodies the registry lacks come from the
    built-in list."""
    current = {unit.id: unit for unit in Unit.objects.only("id", "name", "abbreviation", "code")}
    units: list[UnitEntry] = []
    for unit in current.values():
        units.append(UnitEntry(unit.id, unit.name, unit.abbreviation, (unit.code,), unit.name))
    for name in UnitName.objects.only("unit_id", "name", "abbreviation", "code"):
        unit = current.get(name.unit_id)
        if unit is None or (name.name == unit.name and name.code == unit.code):
            continue
        units.append(UnitEntry(name.unit_id, name.name, name.abbreviation, (name.code,), unit.name))
    known = {entry.name for entry in units}
    units.extend(
        UnitEntry(None, name, abbreviation, codes, name)
        for name, abbreviation, codes in NATIONAL_BODIES
        if name not in known
    )
    people = [PersonEntry(p.id, p.full_name) for p in Person.objects.only("id", "full_name")]
    resolutions = [
        ResolutionEntry(
            r.id,
            r.symbol,
            str(r.number) if r.number is not None else "",
            _KINDS.get(r.kind, ""),
            tuple(code for code in (r.issuer_code,) if code),
        )
        for r in Resolution.objects.only("id", "symbol", "number", "kind", "issuer_code")
        if r.symbol
    ]
    ranks = list(Rank.objects.order_by("order").values_list("name", flat=True))
    registry = Registry(units=units, people=people, resolutions=resolutions)
    if ranks:
        registry.ranks = sorted(set(ranks) | set(registry.ranks), key=len, reverse=True)
    return registry


def facts_for(*, user: Any, facts: dict[str, Any]) -> dict[str, Any]:
    """The facts as the caller may see them: each match says whether the record is within
    the caller's reach and clearance ("visible"); a match outside them keeps its id (so
    nobody creates a duplicate) but no name from the registry is added."""
    unit_ids = {fact["match"] for fact in facts["units"] if fact.get("match")}
    unit_ids |= {fact["by_match"] for fact in facts["awards"] if fact.get("by_match")}
    decision = facts.get("decision") or {}
    awardees = decision.get("awardees") or []
    unit_ids |= {decision["issuer_match"]} if decision.get("issuer_match") else set()
    unit_ids |= {fact["unit_match"] for fact in awardees if fact.get("unit_match")}
    person_ids = {fact["match"] for fact in facts["people"] if fact.get("match")}
    resolution_ids = {fact["match"] for fact in facts["resolutions"] if fact.get("match")}
    visible_units = (
        set(
            Unit.objects.filter(id__in=unit_ids)
            .filter(scopes.reach_q(user))
            .values_list("id", flat=True)
        )
        if unit_ids
        else set()
    )
    visible_people = (
        set(
            Person.objects.filter(id__in=person_ids)
            .filter(scopes.reach_q(user, "unit__path"))
            .values_list("id", flat=True)
        )
        if person_ids
        else set()
    )
    visible_resolutions = (
        set(
            Resolution.objects.filter(id__in=resolution_ids)
            .filter(
                scopes.reach_q(user, "owner_unit__path")
                | scopes.reach_q(user, "issuing_unit__path")
            )
            .filter(clearance_q(user, Resolution))
            .values_list("id", flat=True)
        )
        if resolution_ids
        else set()
    )
    for group, visible in (
        ("units", visible_units),
        ("people", visible_people),
        ("resolutions", visible_resolutions),
    ):
        for fact in facts[group]:
            fact["visible"] = bool(fact.get("match")) and fact["match"] in visible
    for fact in facts["awards"]:
        fact["by_visible"] = bool(fact.get("by_match")) and fact["by_match"] in visible_units
    if decision:
        decision["issuer_visible"] = decision.get("issuer_match") in visible_units
        for fact in awardees:
            fact["unit_visible"] = fact.get("unit_match") in visible_units
    return facts

"""The checked rows of an intake, as the page's forms and the API's serializers clean them
(one dict a row, with its `use` tick), into the choices the apply services take.

Only the rows ticked are given to a service, which names a row by its place among them
("people-1-name"); `ticked` gives back each one's place among all the rows, so that the page
and the API name the row the officer or the client sent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tongket.intake.applying import AwardChoice, ConclusionChoice, PersonChoice
from tongket.intake.decision_applying import AwardeeChoice

Row = Mapping[str, Any]


def ticked(rows: Iterable[Row]) -> list[int]:
    """The places (from 0) of the rows ticked, in their order: the service's row n is the
    row `ticked(rows)[n]` of all of them."""
    return [index for index, row in enumerate(rows) if row.get("use")]


def _used(rows: Iterable[Row]) -> list[Row]:
    return [row for row in rows if row.get("use")]


def _positions(value: Any) -> list[str]:
    """Positions one a line (the page's text area) or as a list (the API)."""
    lines = value.splitlines() if isinstance(value, str) else list(value or [])
    return [line.strip() for line in lines if line and line.strip()]


def people_chosen(rows: Iterable[Row]) -> list[PersonChoice]:
    return [
        PersonChoice(
            name=row["name"],
            rank=row.get("rank") or None,
            positions=_positions(row.get("positions")),
            match=getattr(row.get("match"), "pk", row.get("match")) or None,
            create=bool(row.get("create")),
            role=row.get("role") or None,
        )
        for row in _used(rows)
    ]


def awards_chosen(rows: Iterable[Row]) -> list[AwardChoice]:
    return [
        AwardChoice(
            row["form"],
            row.get("collectives") or 0,
            row.get("individuals") or 0,
            bool(row.get("proposed_to_higher")),
            row.get("given_by") or "",
        )
        for row in _used(rows)
    ]


def conclusions_chosen(rows: Iterable[Row]) -> list[ConclusionChoice]:
    return [
        ConclusionChoice(
            row["text"],
            row.get("assignee"),
            row.get("deadline"),
            bool(row.get("deadline_unknown")),
            units=list(row.get("units") or []),
        )
        for row in _used(rows)
    ]


def awardees_chosen(rows: Iterable[Row]) -> list[AwardeeChoice]:
    return [AwardeeChoice(row["kind"], row["name"], row.get("unit") or "") for row in _used(rows)]

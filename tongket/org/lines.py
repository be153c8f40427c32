"""Reading the lines of subordination: who is above and below a unit in the Party, command and
State lines on a given day.

These are structural facts, not data a user reads: documents use them for their header and
addressee, scopes for the reach of a grant in a line. A user's reads of units still go through
`org.selectors`, which applies the scope.

The rules, said once:
- a Party document's upper header line is the issuer's direct superior in the Party line,
  named by its organisation name ("Đảng bộ tỉnh Đắk Lắk" for Tỉnh ủy Đắk Lắk); a State or
  command document's is the direct superior in the issuer's own line (never a Party body);
- a submission goes to the direct superior in the document's line;
- a unit without a row in a line falls back on its organisation-tree parent only when that
  parent is itself in the line (its `home_line`), so a committee placed under the command it
  leads never has the command as its Party superior.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from tongket.org.choices import Line, UnitKind
from tongket.org.models import Unit, UnitLine

HOME_LINE_OF_KIND = {
    UnitKind.PARTY_COMMITTEE: Line.PARTY,
    UnitKind.COMMAND: Line.COMMAND,
    UnitKind.AGENCY: Line.COMMAND,
    UnitKind.LOCALITY: Line.STATE,
    UnitKind.OTHER: Line.COMMAND,
}


def home_line_of_kind(kind: str) -> str:
    """The line a new unit of `kind` issues its documents in, unless told otherwise."""
    return str(HOME_LINE_OF_KIND.get(kind, Line.COMMAND))  # type: ignore[call-overload]


def _day(on: datetime.date | None) -> datetime.date:
    return on or timezone.localdate()


def valid_q(on: datetime.date, prefix: str = "") -> Q:
    """Rows valid on `on`: [valid_from, valid_to), open ends allowed."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": on})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on})
    )


def links_on(unit: Unit, *, on: datetime.date | None = None) -> list[UnitLine]:
    """The unit's rows valid on the day, in every line, direct superiors first."""
    return list(
        UnitLine.objects.filter(valid_q(_day(on)), unit=unit)
        .select_related("superior")
        .order_by("line", "-primary", "superior__sort_key")
    )


def in_line(unit: Unit, line: str, *, on: datetime.date | None = None) -> bool:
    """True when the unit sits in `line` on the day (a row there, or its own line)."""
    if unit.home_line == line:
        return True
    return UnitLine.objects.filter(valid_q(_day(on)), unit=unit, line=line).exists()


def superior(unit: Unit, *, line: str, on: datetime.date | None = None) -> Unit | None:
    """The unit's direct superior in `line` on the day, or None at the top of the line."""
    day = _day(on)
    rows = [row for row in links_on(unit, on=day) if row.line == line]
    if rows:
        return rows[0].superior
    if unit.home_line == line and not UnitLine.objects.filter(unit=unit, line=line).exists():
        parent = unit.parent
        if parent is not None and parent.home_line == line:
            return parent
    return None


def superiors(unit: Unit, *, on: datetime.date | None = None) -> dict[str, list[Unit]]:
    """Every superior of the unit on the day, by line (direct superior first)."""
    found: dict[str, list[Unit]] = defaultdict(list)
    for row in links_on(unit, on=on):
        if row.superior is not None:
            found[row.line].append(row.superior)
    if unit.home_line not in found:
        fallback = superior(unit, line=unit.home_line, on=on)
        if fallback is not None:
            found[unit.home_line].append(fallback)
    return {line: found[line] for line in Line.values if found.get(line)}


def subordinates(
    unit: Unit, *, line: str, on: datetime.date | None = None, primary_only: bool = False
) -> list[Unit]:
    """The units directly below `unit` in `line` on the day, in Vietnamese name order."""
    rows = UnitLine.objects.filter(valid_q(_day(on)), superior=unit, line=line)
    if primary_only:
        rows = rows.filter(primary=True)
    return list(
        Unit.objects.filter(pk__in=rows.values("unit_id")).order_by("sort_key")  # type: ignore[misc]
    )


def line_descendants_by_root(
    roots: Iterable[int], *, line: str, on: datetime.date | None = None
) -> dict[int, set[int]]:
    """For each root, the ids of every unit below it in `line` on the day (the root
    excluded), by walks over the rows valid that day. One query, whatever the depth and the
    number of roots."""
    children: dict[int, list[int]] = defaultdict(list)
    for unit_id, superior_id in UnitLine.objects.filter(
        valid_q(_day(on)), line=line, superior__isnull=False
    ).values_list("unit_id", "superior_id"):
        children[superior_id].append(unit_id)
    found: dict[int, set[int]] = {}
    for root in roots:
        seen: set[int] = set()
        stack = [root]
        while stack:
            for child in children.get(stack.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    stack.append(child)
        seen.discard(root)
        found[root] = seen
    return found


def line_descendant_ids(
    roots: Iterable[int], *, line: str, on: datetime.date | None = None
) -> set[int]:
    """Ids of every unit below `roots` in `line` on the day (roots excluded). One query."""
    roots = list(roots)
    below: set[int] = set()
    for ids in line_descendants_by_root(roots, line=line, on=on).values():
        below |= ids
    return below - set(roots)


def document_line(unit: Unit, *, party_format: bool) -> str:
    """The line a document follows: the Party line for a Party-format document, else the
    issuer's own line (a committee issuing a State-format document stays in its line)."""
    if party_format:
        return Line.PARTY
    return unit.home_line if unit.home_line != Line.PARTY else Line.COMMAND


def header_superior(
    unit: Unit, *, party_format: bool, on: datetime.date | None = None
) -> Unit | None:
    """The body named in the upper line of the issuer's header, or None (a ministry, a
    central committee)."""
    return superior(unit, line=document_line(unit, party_format=party_format), on=on)


def header_superior_name(unit: Unit, *, party_format: bool, on: datetime.date | None = None) -> str:
    """The text of the upper header line: the superior's organisation name, else its name at
    the day (an old name for a document of the time)."""
    above = header_superior(unit, party_format=party_format, on=on)
    if above is None:
        return ""
    if above.organisation_name:
        return above.organisation_name
    return name_on(above, on=on)


def name_on(unit: Unit, *, on: datetime.date | None = None) -> str:
    """The unit's name on the day (Đảng ủy Quân sự Trung ương before the renaming)."""
    day = _day(on)
    row = (
        unit.names.filter(valid_q(day)).order_by("-valid_from").first()  # type: ignore[attr-defined]
        if unit.pk
        else None
    )
    return row.name if row is not None else unit.name


def addressee(unit: Unit, *, party_format: bool, on: datetime.date | None = None) -> Unit | None:
    """Whom a submission (tờ trình, báo cáo gửi cấp trên) of the unit goes to: its direct
    superior in the document's line, never the body it leads."""
    return header_superior(unit, party_format=party_format, on=on)

"""The sheet of a paper decision's named list read into nominees: its columns, the units and
people of the issuer's subtree found by code, abbreviation, name or year of birth, every
problem of every row gathered in one pass (`read_rows`). Reads only."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from tongket.awards.choices import NomineeKind
from tongket.awards.documents import form_name
from tongket.awards.models import AwardDecision, Nomination
from tongket.core.text import search_key
from tongket.core.workbook import (
    Problems,
    cell_text,
    cell_year,
    choice,
    iter_rows,
    open_workbook,
    read_sheet,
)
from tongket.org.models import Person, Unit, UnitName

SHEET = "Danh sách khen thưởng"
C_NAME, C_KIND, C_UNIT = "Tập thể, cá nhân", "Loại", "Mã đơn vị / Đơn vị"
C_PROPOSER, C_FORM, C_BIRTH = "Đơn vị đề nghị", "Hình thức khen thưởng", "Năm sinh"
COLUMNS = [C_NAME, C_KIND]
OPTIONAL = (C_UNIT, C_PROPOSER, C_FORM, C_BIRTH, "TT", "Số quyết định", "Ngày quyết định")
KINDS: dict[str, str] = {
    "Tập thể": NomineeKind.COLLECTIVE.value,
    "Cá nhân": NomineeKind.INDIVIDUAL.value,
}
# What a list may hold: a decision of a body names hundreds, not tens of thousands.
MAX_NAMES = 5000


class _Units:
    """The units of the issuer's subtree by code, abbreviation and name, current or former:
    read once per import."""

    def __init__(self, issuer: Unit) -> None:
        self.by_key: dict[str, set[int]] = defaultdict(set)
        self.units = {
            unit.pk: unit
            for unit in Unit.objects.filter(path__startswith=issuer.path).select_related("parent")
        }
        for unit in self.units.values():
            for text in (unit.code, unit.abbreviation, unit.name):
                if text:
                    self.by_key[search_key(text)].add(unit.pk)
        for former in UnitName.objects.filter(unit_id__in=self.units).values_list(
            "unit_id", "code", "abbreviation", "name"
        ):
            for text in former[1:]:
                if text:
                    self.by_key[search_key(text)].add(former[0])

    def find(self, text: str) -> list[Unit]:
        return [self.units[pk] for pk in sorted(self.by_key.get(search_key(text), ()))]


@dataclass
class Row:
    """One awardee of the sheet: its row number, collective or individual, the unit or the
    person found, the unit that proposed it, and the approved nomination it takes up."""

    number: int
    kind: str
    unit: Unit | None
    person: Person | None
    proposer: Unit
    linked: Nomination | None = None

    @property
    def nominee(self) -> tuple[str, int]:
        return (self.kind, self.unit.pk if self.unit else self.person.pk)  # type: ignore[union-attr]

    @property
    def name(self) -> str:
        return self.unit.name if self.unit else self.person.full_name  # type: ignore[union-attr]


def _one_unit(units: _Units, text: str, problems: Problems, row: int, column: str) -> Unit | None:
    found = units.find(text)
    if len(found) == 1:
        return found[0]
    if not found:
        problems.add(
            SHEET,
            row,
            column,
            _("No unit of the issuing body is called %(name)s (by code, abbreviation or name).")
            % {"name": text},
        )
    else:
        problems.add(
            SHEET,
            row,
            column,
            _("%(name)s names several units (%(codes)s): write the code of the one meant.")
            % {"name": text, "codes": ", ".join(u.code for u in found[:5])},
        )
    return None


def people_called(name: str, within: Unit) -> Any:
    """The people called `name` (as folded) kept in `within`'s subtree or holding a position
    there: whom a list's row of that name may mean."""
    return Person.objects.filter(search_key=search_key(name)).filter(
        Q(unit__path__startswith=within.path) | Q(positions__unit__path__startswith=within.path)
    )


def _person(
    name: str,
    within: Unit,
    birth_year: int | None,
    problems: Problems,
    row: int,
) -> Person | None:
    """The person of `within`'s subtree (kept there, or holding a position there) called
    `name`, narrowed by year of birth."""
    people = people_called(name, within)
    if birth_year is not None:
        people = people.filter(birth_year=birth_year)
    found = list(people.select_related("unit").distinct().order_by("pk")[:6])
    if len(found) == 1:
        return found[0]
    if not found:
        problems.add(
            SHEET,
            row,
            C_NAME,
            _(
                "No person called %(name)s is kept by %(unit)s or holds a position there: "
                "check the spelling and the unit, or add the person under Units and people "
                "first."
            )
            % {"name": name, "unit": within.name},
        )
    else:
        problems.add(
            SHEET,
            row,
            C_NAME,
            _(
                "Several people are called %(name)s in %(unit)s: write their unit in the "
                "column %(column)s or their year of birth in the column %(birth)s."
            )
            % {"name": name, "unit": within.name, "column": C_UNIT, "birth": C_BIRTH},
        )
    return None


def read_rows(upload: Any, decision: AwardDecision, problems: Problems) -> list[Row]:
    """The rows of the sheet as nominees, every problem of every row gathered in one pass."""
    workbook = open_workbook(upload)
    sheet = read_sheet(workbook, SHEET, COLUMNS, problems, optional=OPTIONAL)
    issuer, form = decision.issuer, decision.form
    units = _Units(issuer)
    form_names = {search_key(form.code), search_key(form.name), search_key(form_name(form))}
    rows: list[Row] = []
    seen: dict[tuple[str, int], int] = {}
    for number, record in iter_rows(sheet):
        if len(rows) >= MAX_NAMES:
            problems.add(
                SHEET,
                number,
                None,
                _("A list holds at most %(max)s names: split the file.") % {"max": MAX_NAMES},
            )
            break
        before = len(problems.rows)
        name = cell_text(record.get(C_NAME))
        if not name:
            problems.add(SHEET, number, C_NAME, _("Enter the name of the collective or person."))
        kind = choice(record.get(C_KIND), KINDS, problems, SHEET, number, C_KIND)
        written_form = cell_text(record.get(C_FORM))
        if written_form and search_key(written_form) not in form_names:
            problems.add(
                SHEET,
                number,
                C_FORM,
                _("The decision awards %(form)s, not %(written)s.")
                % {"form": form.name, "written": written_form},
            )
        if kind and not (
            form.for_collectives if kind == NomineeKind.COLLECTIVE else form.for_individuals
        ):
            problems.add(
                SHEET,
                number,
                C_KIND,
                _("%(form)s is not given to %(kind)s.")
                % {"form": form.name, "kind": NomineeKind(kind).label.lower()},
            )
        proposer = issuer
        proposer_text = cell_text(record.get(C_PROPOSER))
        if proposer_text:
            proposer = _one_unit(units, proposer_text, problems, number, C_PROPOSER) or issuer
        unit_text = cell_text(record.get(C_UNIT))
        birth_year = (
            cell_year(record.get(C_BIRTH), problems, SHEET, number, C_BIRTH)
            if record.get(C_BIRTH) not in (None, "")
            else None
        )
        if len(problems.rows) > before or not name or not kind:
            continue
        unit = person = None
        if kind == NomineeKind.COLLECTIVE:
            column = C_UNIT if unit_text else C_NAME
            unit = _one_unit(units, unit_text or name, problems, number, column)
            if unit is None:
                continue
            named_as = units.find(name)
            if unit_text and named_as and unit not in named_as:
                # The name and the code point to different units: refuse the guess.
                problems.add(
                    SHEET,
                    number,
                    C_UNIT,
                    _("%(code)s is %(unit)s, not %(name)s: correct the name or the code.")
                    % {"code": unit_text, "unit": unit.name, "name": name},
                )
                continue
            if not unit.path.startswith(proposer.path):
                problems.add(
                    SHEET,
                    number,
                    C_PROPOSER,
                    _("%(unit)s is not part of %(proposer)s.")
                    % {"unit": unit.name, "proposer": proposer.name},
                )
                continue
        else:
            within: Unit | None = issuer
            if unit_text:
                within = _one_unit(units, unit_text, problems, number, C_UNIT)
            if within is None:
                continue
            person = _person(name, within, birth_year, problems, number)
            if (
                person is not None
                and proposer.pk != issuer.pk
                and not person.unit.path.startswith(proposer.path)
                and not person.positions.filter(unit__path__startswith=proposer.path).exists()
            ):
                problems.add(
                    SHEET,
                    number,
                    C_PROPOSER,
                    _("%(person)s is not a person of %(proposer)s.")
                    % {"person": person.full_name, "proposer": proposer.name},
                )
                continue
        if unit is None and person is None:
            continue
        row = Row(number=number, kind=kind, unit=unit, person=person, proposer=proposer)
        if row.nominee in seen:
            problems.add(
                SHEET,
                number,
                C_NAME,
                _("%(name)s is already on row %(row)s.") % {"name": name, "row": seen[row.nominee]},
            )
            continue
        seen[row.nominee] = number
        rows.append(row)
    return rows

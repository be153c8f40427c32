"""The named list of a decision recorded from paper, imported after its counts, and the
reconciliation of the two.

A decision taken on paper is often entered with its counts only ("26 collectives and 28
individuals"); the list of names follows later as a spreadsheet. The import reads the sheet
`Danh sách khen thưởng` with the columns of the decision's own list export, so an export is
a template that imports back:

    Tập thể, cá nhân | Loại | Mã đơn vị / Đơn vị | Đơn vị đề nghị | Hình thức khen thưởng
    | Năm sinh

(`TT`, `Số quyết định` and `Ngày quyết định` are ignored.) A collective is a unit of the
issuer's subtree, found by its code (current or former), abbreviation or name; an individual
a person of that subtree found by full name, narrowed by the unit (where the person is kept
or holds a position) and the year of birth when the name alone is not enough.

All or nothing: every row is checked first and any problem refuses the whole file with the
list of problems by sheet, row and column. A good file names the awardees as approved
nominations of the decision (an approved nomination of the same nominee waiting for a
decision of this authority is linked instead of repeated). A count includes the named
awardees, so a list naming more than the decision counts is refused; summaries take the
larger of the two, never their sum.

Callers: commendation officers and approvers of the deciding body (`Action.DECIDE_AWARDS`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from tongket.awards.choices import CountOutcome, NominationState, NomineeKind
from tongket.awards.counts import _require_decider
from tongket.awards.documents import form_name
from tongket.awards.models import AwardCount, AwardDecision, AwardForm, Nomination
from tongket.awards.services.decisions import decision_mark_follow
from tongket.core.classification import TOP, clearance_level, clearance_q
from tongket.core.errors import DomainError, RowErrors
from tongket.core.services import changelog_record
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
from tongket.org.services.units import check_version

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
class _Row:
    number: int
    kind: str
    unit: Unit | None
    person: Person | None
    proposer: Unit
    linked: Nomination | None = None

    @property
    def nominee(self) -> tuple[str, int]:
        return (self.kind, self.unit.pk if self.unit else self.person.pk)  # type: ignore[union-attr]


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


def _person(
    name: str,
    within: Unit,
    birth_year: int | None,
    problems: Problems,
    row: int,
) -> Person | None:
    """The person of `within`'s subtree (kept there, or holding a position there) called
    `name`, narrowed by year of birth."""
    people = Person.objects.filter(search_key=search_key(name)).filter(
        Q(unit__path__startswith=within.path) | Q(positions__unit__path__startswith=within.path)
    )
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


def _read_rows(upload: Any, decision: AwardDecision, problems: Problems) -> list[_Row]:
    """The rows of the sheet as nominees, every problem of every row gathered in one pass."""
    workbook = open_workbook(upload)
    sheet = read_sheet(workbook, SHEET, COLUMNS, problems, optional=OPTIONAL)
    issuer, form = decision.issuer, decision.form
    units = _Units(issuer)
    form_names = {search_key(form.code), search_key(form.name), search_key(form_name(form))}
    rows: list[_Row] = []
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
        row = _Row(number=number, kind=kind, unit=unit, person=person, proposer=proposer)
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


def _match_existing(decision: AwardDecision, rows: list[_Row], problems: Problems) -> None:
    """Each nominee already named by the decision is refused; one with an approved nomination
    of the form waiting for a decision of the issuer is linked; one proposed elsewhere for the
    form in the same year is refused (it would count twice)."""
    year = decision.date.year if decision.date else None
    units = [r.unit.pk for r in rows if r.unit]
    people = [r.person.pk for r in rows if r.person]
    existing = (
        Nomination.objects.filter(form=decision.form)
        .filter(Q(nominee_unit_id__in=units) | Q(nominee_person_id__in=people))
        .filter(Q(decision=decision) | Q(year=year))
        .exclude(state=NominationState.REJECTED)
        .select_related("decision", "decider")
        .order_by("pk")
    )
    by_nominee: dict[tuple[str, Any], list[Nomination]] = defaultdict(list)
    for nomination in existing:
        key = (
            nomination.nominee_kind,
            nomination.nominee_unit_id or nomination.nominee_person_id,
        )
        by_nominee[key].append(nomination)
    for row in rows:
        found = by_nominee.get(row.nominee, [])
        name = row.unit.name if row.unit else row.person.full_name  # type: ignore[union-attr]
        if any(n.decision_id == decision.pk for n in found):
            problems.add(
                SHEET,
                row.number,
                C_NAME,
                _("%(name)s is already named in this decision.") % {"name": name},
            )
            continue
        waiting = [
            n
            for n in found
            if n.state == NominationState.APPROVED
            and n.decision_id is None
            and n.decider_id == decision.issuer_id
            and n.campaign_id in (None, decision.campaign_id)
        ]
        if waiting:
            row.linked = waiting[0]
        elif found:
            other = found[0]
            problems.add(
                SHEET,
                row.number,
                C_NAME,
                _(
                    "%(name)s is already proposed for %(form)s in %(year)s (%(where)s): it "
                    "would be counted twice."
                )
                % {
                    "name": name,
                    "form": decision.form.name,
                    "year": other.year,
                    "where": other.decision.reference if other.decision_id else other.decider.name,  # type: ignore[union-attr]
                },
            )


def _check_counts(decision: AwardDecision, rows: list[_Row], problems: Problems) -> None:
    """A count includes the named awardees: the list may not name more than it."""
    declared = dict(
        AwardCount.objects.filter(
            decision=decision, outcome=CountOutcome.AWARDED, form=decision.form
        ).values_list("nominee_kind", "count")
    )
    named = dict(
        decision.nominations.values_list("nominee_kind").annotate(n=Count("id")).order_by()
    )
    for kind, label in ((NomineeKind.COLLECTIVE, "Tập thể"), (NomineeKind.INDIVIDUAL, "Cá nhân")):
        adding = sum(1 for r in rows if r.kind == kind)
        if kind in declared and adding and named.get(kind, 0) + adding > declared[kind]:
            problems.add(
                SHEET,
                None,
                C_KIND,
                _(
                    "The decision counts %(declared)s %(kind)s and names %(named)s; the file "
                    "adds %(adding)s (%(label)s), more than the count: correct the count or "
                    "the list."
                )
                % {
                    "declared": declared[kind],
                    "kind": NomineeKind(kind).label.lower(),
                    "named": named.get(kind, 0),
                    "adding": adding,
                    "label": label,
                },
            )


@transaction.atomic
def decision_list_import(
    *, by: Any, decision: AwardDecision, upload: Any, version: int | None = None
) -> dict[str, Any]:
    """Name the awardees of a decision recorded from paper from an .xlsx list (all or
    nothing). Returns what was named and the reconciliation after it. `version` is the
    decision's as the person last read it: a decision changed meanwhile is refused."""
    _require_decider(by, decision.issuer)
    decision = (
        AwardDecision.objects.select_for_update(of=("self",))
        .select_related("issuer", "form", "document", "campaign")
        .get(pk=decision.pk)
    )
    check_version(decision, version)
    if decision.document_id:
        raise DomainError(
            _(
                "%(symbol)s was issued here: its list is the annex of its document and does "
                "not change. A list is imported into a decision recorded from paper."
            )
            % {"symbol": decision.reference},
            field="file",
            code="generated",
        )
    problems = Problems()
    rows = _read_rows(upload, decision, problems)
    if not problems:
        _match_existing(decision, rows, problems)
    if not problems:
        _check_counts(decision, rows, problems)
    if not problems and not rows:
        problems.add(SHEET, None, None, _("The sheet names nobody."))
    if problems:
        raise RowErrors(problems.rows)
    year = decision.date.year if decision.date else decision.created_at.year
    created = Nomination.objects.bulk_create(
        [
            Nomination(
                proposing_unit=row.proposer,
                decider=decision.issuer,
                form=decision.form,
                nominee_kind=row.kind,
                nominee_unit=row.unit,
                nominee_person=row.person,
                year=year,
                campaign=decision.campaign,
                achievement=decision.reason,
                state=NominationState.APPROVED,
                decision=decision,
                created_by=by if getattr(by, "pk", None) else None,
            )
            for row in rows
            if row.linked is None
        ]
    )
    linked = [row.linked.pk for row in rows if row.linked is not None]
    if linked:
        Nomination.objects.filter(pk__in=linked).update(
            decision=decision, campaign=decision.campaign, version=F("version") + 1
        )
    decision.version += 1
    decision.save(update_fields=["version"])
    decision_mark_follow(by=by, decision=decision)
    result = {
        "created": len(created),
        "linked": len(linked),
        "collectives": sum(1 for r in rows if r.kind == NomineeKind.COLLECTIVE),
        "individuals": sum(1 for r in rows if r.kind == NomineeKind.INDIVIDUAL),
    }
    changelog_record(
        by=by,
        action="decision_list_import",
        obj=decision,
        after={**result, "file": getattr(upload, "name", "")[:200]},
        unit_path=decision.issuer.path,
    )
    return result


# --- Reconciliation -----------------------------------------------------------------------


@dataclass
class Line:
    """One line of the reconciliation: what the decision declares for a form and a kind
    (awarded, or proposed to a higher authority), and how many are named."""

    outcome: str
    form: AwardForm
    kind: str
    declared: int | None
    named: int
    proposed_to: Unit | None = None

    @property
    def counted(self) -> int:
        """What the summaries take: the larger of the two, never their sum."""
        return max(self.declared or 0, self.named)

    @property
    def difference(self) -> int | None:
        """Named minus declared: negative while names are missing (None without a count)."""
        return None if self.declared is None else self.named - self.declared

    @property
    def missing(self) -> int:
        """Names still to enter (the count is larger than the list)."""
        return max((self.declared or 0) - self.named, 0)

    @property
    def status(self) -> str:
        if self.declared is None:
            return "not_counted"
        if self.named == self.declared:
            return "match"
        return "names_missing" if self.named < self.declared else "over"

    @property
    def kind_label(self) -> str:
        return str(NomineeKind(self.kind).label)


def _forwarded(decision: AwardDecision, forms: set[int]) -> Any:
    """The nominations the decision's issuer forwarded in its campaign for these forms."""
    return Nomination.objects.filter(
        campaign_id=decision.campaign_id,
        forwarded_from_id=decision.issuer_id,
        form_id__in=forms,
    ).exclude(state=NominationState.REJECTED)


def decision_reconciliation(*, user: Any, decision: AwardDecision) -> list[Line]:
    """Per form and collective/individual, the count the decision declares beside the
    awardees it names: awarded ones by the decision's own nominations; proposed ones by the
    nominations its issuer forwarded in the decision's campaign. Only awardees the user's
    clearance covers are counted as named (`reconciliation_not_shown` says whether some are
    left out). The caller has fetched the decision through a scoped selector. Three
    queries."""
    counts = list(decision.counts.select_related("form", "proposed_to"))
    lines: dict[tuple[str, int, str], Line] = {}
    for row in counts:
        lines[(row.outcome, row.form_id, row.nominee_kind)] = Line(
            outcome=row.outcome,
            form=row.form,
            kind=row.nominee_kind,
            declared=row.count,
            named=0,
            proposed_to=row.proposed_to,
        )
    named = (
        decision.nominations.filter(clearance_q(user, Nomination))
        .values("form_id", "nominee_kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for group in named:
        key = (CountOutcome.AWARDED.value, group["form_id"], group["nominee_kind"])
        if key not in lines:
            lines[key] = Line(
                outcome=CountOutcome.AWARDED,
                form=decision.form,
                kind=group["nominee_kind"],
                declared=None,
                named=0,
            )
        lines[key].named = group["n"]
    proposed = [line for line in lines.values() if line.outcome == CountOutcome.PROPOSED]
    if proposed and decision.campaign_id:
        forwarded = (
            _forwarded(decision, {line.form.pk for line in proposed})
            .filter(clearance_q(user, Nomination))
            .values("form_id", "nominee_kind")
            .annotate(n=Count("id"))
            .order_by()
        )
        for group in forwarded:
            key = (CountOutcome.PROPOSED.value, group["form_id"], group["nominee_kind"])
            if key in lines:
                lines[key].named = group["n"]
    order = {NomineeKind.COLLECTIVE: 0, NomineeKind.INDIVIDUAL: 1}
    return sorted(
        lines.values(),
        key=lambda line: (
            line.outcome != CountOutcome.AWARDED,
            -line.form.rank,
            line.form.name,
            order.get(line.kind, 2),  # type: ignore[call-overload]
        ),
    )


def reconciliation_not_shown(*, user: Any, decision: AwardDecision) -> bool:
    """Whether the decision names (or its issuer forwarded) awardees the user's clearance
    does not cover: the reconciliation says that some are not shown, never which or how
    many. Two queries (none for a user cleared for every mark)."""
    if clearance_level(user) >= TOP:
        return False
    proposed = set(
        decision.counts.filter(outcome=CountOutcome.PROPOSED).values_list("form_id", flat=True)
    )
    hidden = ~clearance_q(user, Nomination)
    query = Q(decision=decision)
    if proposed and decision.campaign_id:
        query |= Q(pk__in=_forwarded(decision, proposed).values("pk"))
    return Nomination.objects.filter(query).filter(hidden).exists()

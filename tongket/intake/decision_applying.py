"""From a checked commendation decision to the records, in one transaction, through the
awards services.

The officer has corrected the decision read from a text (`reading.decisions`): the body that
gave it, the form, its number and date, the counts and the awardees it names.
`intake_apply_decision` records it as a decision taken on paper (`awards.counts.
decision_record`, which checks that `by` handles the body's commendations and that the body
may give the form), names the awardees through the paper decision's list
(`awards.lists.decision_list_import`, as if the list had come as a spreadsheet) and links the
source text to the decision and to every award it names. Any refusal undoes everything; an
error about an awardee names its row ("awardees-2"). A decision taken on paper is a fact:
the awardees beyond the body's quota or awarded the form again too soon are recorded, and
told back as warnings on their rows (`DecisionRecorded.warnings`).
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.utils.translation import gettext as _

from tongket.awards import counts as award_counts
from tongket.awards import lists
from tongket.awards.models import AwardDecision, AwardForm
from tongket.core.errors import DomainError, RowErrors
from tongket.core.services import changelog_record
from tongket.core.text import normalize
from tongket.intake.models import IntakeLink, IntakeSource
from tongket.org.models import Unit

KINDS = {"collective": "Tập thể", "individual": "Cá nhân"}


@dataclass
class DecisionChoice:
    """The decision as checked: who gave it, the form, its number and date, the counts."""

    issuer: Unit
    form: AwardForm
    issued_on: datetime.date
    symbol: str = ""
    collectives: int = 0
    individuals: int = 0
    reason: str = ""


@dataclass
class AwardeeChoice:
    """A collective or an individual the decision names: the name, and the unit (its code,
    abbreviation or name) where the collective is, or where the person is kept or serves."""

    kind: str  # "collective" or "individual"
    name: str
    unit: str = ""


@dataclass
class AwardeeWarning:
    """A rule the awardee on row `field` ("awardees-2") breaks: `code` is "quota" or
    "repeat", `message` says it as the reader may be told (`awards.lists.warnings`)."""

    field: str
    name: str
    code: str
    message: str

    @property
    def index(self) -> int:
        """Its place among the awardees the service was given, from 0."""
        return int(self.field.split("-")[1])


@dataclass
class DecisionRecorded:
    """The decision recorded, and the warnings about the awardees it names."""

    decision: AwardDecision
    warnings: list[AwardeeWarning]


def _counts(choice: DecisionChoice, awardees: list[AwardeeChoice]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for kind, number in (("collective", choice.collectives), ("individual", choice.individuals)):
        field = "collectives" if kind == "collective" else "individuals"
        named = sum(1 for awardee in awardees if awardee.kind == kind)
        if number < 0:
            raise DomainError(_("Enter a number of awards from 0."), field=field)
        if number < named:
            raise DomainError(
                _(
                    "The decision names %(named)s of them below: the count includes them and "
                    "cannot be lower."
                )
                % {"named": named},
                field=field,
            )
        if number:
            rows.append({"nominee_kind": kind, "count": number})
    if not rows:
        raise DomainError(
            _("Give the number of collectives or of individuals awarded."), field="collectives"
        )
    return rows


def _list_file(awardees: list[AwardeeChoice]) -> SimpleUploadedFile:
    """The awardees as the sheet of a paper decision's list (`awards.lists`), one a row in
    their order: row n + 2 is awardee n (the header is row 1)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = lists.SHEET
    sheet.append([lists.C_NAME, lists.C_KIND, lists.C_UNIT])
    for awardee in awardees:
        sheet.append([normalize(awardee.name), KINDS[awardee.kind], normalize(awardee.unit)])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("danh-sach-tu-van-ban.xlsx", buffer.getvalue())


def _by_row(error: RowErrors, awardees: list[AwardeeChoice]) -> ValidationError:
    """The list's problems on the awardees' rows ("awardees-0-unit"), the rest on the list."""
    found: dict[str, list[ValidationError]] = {}
    parts = {lists.C_NAME: "name", lists.C_UNIT: "unit", lists.C_KIND: "kind"}
    for problem in error.rows:
        row = problem.get("row")
        index = row - 2 if isinstance(row, int) else -1
        if 0 <= index < len(awardees):
            part = parts.get(problem.get("column") or "")
            field = f"awardees-{index}-{part}" if part else f"awardees-{index}"
        else:
            field = "awardees"
        found.setdefault(field, []).append(ValidationError(str(problem.get("message", ""))))
    return ValidationError(found)


@transaction.atomic
def intake_apply_decision(
    *,
    by: Any,
    text: str,
    facts: dict[str, Any],
    decision: DecisionChoice,
    awardees: list[AwardeeChoice],
    file_name: str = "",
    conversion: str = "",
) -> DecisionRecorded:
    """Record the decision read from `text` with its counts and the awardees it names, and
    keep the text linked to the decision and its awards; with the quota and repeat rules the
    awardees break, by row. Commendation officers and approvers of the issuing body
    (`Action.DECIDE_AWARDS`, checked by the awards services)."""
    if not normalize(text):
        raise DomainError(_("The source text is empty."), field="text")
    for index, awardee in enumerate(awardees):
        if awardee.kind not in KINDS:
            raise DomainError(_("Choose collective or individual."), field=f"awardees-{index}-kind")
        if not normalize(awardee.name):
            raise DomainError(_("Write the awardee's name."), field=f"awardees-{index}-name")
    rows = _counts(decision, awardees)
    try:
        record = award_counts.decision_record(
            by=by,
            issuer=decision.issuer,
            form=decision.form,
            issued_on=decision.issued_on,
            symbol=decision.symbol,
            reason=decision.reason,
            counts=rows,
        )
    except DomainError as error:
        # A count refused ("Row 2: … is not given to individuals") is the count's field.
        if not (error.field or "").startswith("counts["):
            raise
        index = int((error.field or "")[len("counts[") : -1]) - 1
        kind = rows[index]["nominee_kind"] if 0 <= index < len(rows) else "collective"
        raise DomainError(" ".join(error.messages), field=f"{kind}s") from error
    warnings: list[AwardeeWarning] = []
    if awardees:
        try:
            named = lists.decision_list_import(by=by, decision=record, upload=_list_file(awardees))
        except RowErrors as error:
            raise _by_row(error, awardees) from error
        record.refresh_from_db()
        # Row n + 2 of the list is awardee n (`_list_file`).
        warnings = [
            AwardeeWarning(
                field=f"awardees-{warning['row'] - 2}",
                name=warning["name"],
                code=warning["code"],
                message=warning["message"],
            )
            for warning in named.get("warnings", [])
        ]
    made: list[models.Model] = [record, *record.nominations.all()]
    source = IntakeSource.objects.create(
        text=text,
        file_name=file_name[:255],
        published=facts.get("published") or None,
        conversion=conversion[:100],
        facts={key: value for key, value in facts.items() if key != "text"},
        unit=decision.issuer,
        created_by=by if getattr(by, "pk", None) else None,
    )
    IntakeLink.objects.bulk_create(
        IntakeLink(
            source=source,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
        )
        for obj in made
    )
    changelog_record(
        by=by,
        action="intake_apply",
        obj=record,
        after={"source": source.pk, "records": len(made)},
        unit_path=decision.issuer.path,
    )
    return DecisionRecorded(decision=record, warnings=warnings)


class _Checked(Exception):
    """Carries a dry run's warnings out of the transaction it rolls back."""

    def __init__(self, warnings: list[AwardeeWarning]) -> None:
        super().__init__()
        self.warnings = warnings


def intake_check_decision(
    *,
    by: Any,
    text: str,
    facts: dict[str, Any],
    decision: DecisionChoice,
    awardees: list[AwardeeChoice],
    file_name: str = "",
    conversion: str = "",
) -> list[AwardeeWarning]:
    """What recording the decision would tell, recording nothing (a dry run): refused as
    `intake_apply_decision` refuses it, on the same fields, else the quota and repeat rules
    the awardees break, by row. Done by recording it in a transaction rolled back, so that
    the answer is the record's own; nothing of it stays, and what would follow a commit
    (the readers' caches moving on) does not happen."""
    try:
        with transaction.atomic():
            recorded = intake_apply_decision(
                by=by,
                text=text,
                facts=facts,
                decision=decision,
                awardees=awardees,
                file_name=file_name,
                conversion=conversion,
            )
            raise _Checked(recorded.warnings)
    except _Checked as checked:
        return checked.warnings

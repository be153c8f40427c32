"""The import of a paper decision's named list (all or nothing), and its preview: the
awardees it would name and the quota and repeat rules they break, as warnings.

Callers: commendation officers and approvers of the deciding body (`Action.DECIDE_AWARDS`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from tongket.awards.choices import NominationState, NomineeKind
from tongket.awards.counts import _require_decider
from tongket.awards.lists.checks import check_counts, match_existing
from tongket.awards.lists.sheet import SHEET, Row, read_rows
from tongket.awards.lists.staging import staged_list_take, staged_upload
from tongket.awards.lists.warnings import ListWarning, decision_year, list_warnings
from tongket.awards.models import AwardDecision, Nomination
from tongket.awards.services.decisions import decision_mark_follow
from tongket.core.errors import DomainError, RowErrors
from tongket.core.services import changelog_record, staging
from tongket.core.workbook import Problems
from tongket.org.services.units import check_version


def _refuse_generated(decision: AwardDecision) -> None:
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


def _checked_rows(by: Any, decision: AwardDecision, upload: Any) -> list[Row]:
    """The sheet's rows once every data check passed; RowErrors with every problem by
    sheet, row and column otherwise (told as `by` may read them)."""
    if upload is None:
        raise DomainError(_("Choose a file."), field="file")
    problems = Problems()
    rows = read_rows(upload, decision, problems)
    if not problems:
        match_existing(decision, rows, problems, reader=by)
    if not problems:
        check_counts(decision, rows, problems, reader=by)
    if not problems and not rows:
        problems.add(SHEET, None, None, _("The sheet names nobody."))
    if problems:
        raise RowErrors(problems.rows)
    return rows


@dataclass
class ListPreview:
    """What importing a file would do: the awardees it names (`rows`, each with the approved
    nomination it takes up, if any) and the quota and repeat rules they break."""

    rows: list[Row]
    warnings: list[ListWarning]

    @property
    def collectives(self) -> int:
        return sum(1 for row in self.rows if row.kind == NomineeKind.COLLECTIVE)

    @property
    def individuals(self) -> int:
        return sum(1 for row in self.rows if row.kind == NomineeKind.INDIVIDUAL)

    @property
    def linked(self) -> int:
        return sum(1 for row in self.rows if row.linked is not None)


def decision_list_preview(*, by: Any, decision: AwardDecision, upload: Any) -> ListPreview:
    """Read a decision's named list without writing anything: refused exactly as the import
    refuses it (data errors: RowErrors, by sheet, row and column), else the awardees it
    names and the quota and repeat breaches as warnings, by row and name. The deciding
    body's commendation officers and approvers (`Action.DECIDE_AWARDS`)."""
    _require_decider(by, decision.issuer)
    decision = AwardDecision.objects.select_related("issuer", "form", "document", "campaign").get(
        pk=decision.pk
    )
    _refuse_generated(decision)
    rows = _checked_rows(by, decision, upload)
    return ListPreview(rows=rows, warnings=list_warnings(decision, rows, reader=by))


def _warnings_note(warnings: list[ListWarning]) -> str:
    """The breaches recorded with the import (the officer saw them on the preview): the row,
    the awardee and the rule, not the message told to the officer, which may give numbers
    or an earlier decision that readers of the change log less cleared than them may not
    know."""
    if not warnings:
        return ""
    rules = {
        "quota": _("over the quota of the deciding body"),
        "repeat": _("awarded the same form within its repeat window"),
    }
    lines = [
        _("Row %(row)s, %(name)s: %(message)s")
        % {**asdict(warning), "message": rules.get(warning.code, warning.code)}
        for warning in warnings[:20]
    ]
    if len(warnings) > 20:
        lines.append(_("and %(count)s more") % {"count": len(warnings) - 20})
    return _("Recorded despite these warnings:") + "\n" + "\n".join(lines)


@transaction.atomic
def decision_list_import(
    *,
    by: Any,
    decision: AwardDecision,
    upload: Any = None,
    staged: str | None = None,
    version: int | None = None,
) -> dict[str, Any]:
    """Name the awardees of a decision recorded from paper from an .xlsx list (all or
    nothing). Returns what was named; with `warnings` (rows, names and messages) when the
    list breaks the body's quota or the form's repeat rule: a decision taken on paper is a
    fact and is recorded anyway, the breaches written with it in the change log (pages show
    them on the preview first, `decision_list_preview`). Data errors refuse the file as the
    nomination path refuses them. `version` is the decision's as the person last read it: a
    decision changed meanwhile is refused.

    The file is `upload`, or the list `by` staged on the preview (`staged`, its token:
    `staging.staged_list_take` checks it), deleted once imported."""
    _require_decider(by, decision.issuer)
    decision = (
        AwardDecision.objects.select_for_update(of=("self",))
        .select_related("issuer", "form", "document", "campaign")
        .get(pk=decision.pk)
    )
    check_version(decision, version)
    _refuse_generated(decision)
    held = None
    if staged is not None:
        held = staged_list_take(by=by, decision=decision, token=staged)
        upload = staged_upload(held)
    rows = _checked_rows(by, decision, upload)
    warnings = list_warnings(decision, rows, reader=by)
    year = decision_year(decision)
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
    result: dict[str, Any] = {
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
        note=_warnings_note(warnings),
    )
    if held is not None:
        staging.staged_discard(by=by, token=held.token)
    if warnings:
        result["warnings"] = [warning.as_dict() for warning in warnings]
    return result

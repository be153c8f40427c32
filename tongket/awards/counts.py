"""Services for counts without names: a decision taken on paper recorded as it was
(number, date, issuer, form), and the counts a decision carries by form and by collective /
individual, awarded or proposed to a higher authority ("26 collectives and 28 individuals;
3 collectives and 3 individuals proposed to the Ministry"), with or without the list.

A count includes the decision's named awardees of the same form and kind: it may not be
lower than them, and the summaries take the larger of the two (never their sum).

Callers: commendation officers and approvers of the deciding body (`Action.DECIDE_AWARDS`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.awards.choices import CountOutcome, NomineeKind
from tongket.awards.models import AwardCount, AwardDecision, AwardForm, Nomination
from tongket.awards.services import authority_may_give, decision_mark_follow
from tongket.core import scopes
from tongket.core.classification import clearance_q
from tongket.core.errors import DomainError, NotFound
from tongket.core.services import changelog_record, snapshot
from tongket.core.text import normalize
from tongket.org import policy
from tongket.org.models import Unit
from tongket.org.policy import Action
from tongket.org.services.units import check_version


def _require_decider(by: Any, issuer: Unit) -> None:
    if not scopes.covers(by, issuer):
        raise NotFound(_("Unit not found."))
    scopes.require_role(by, issuer, policy.roles(Action.DECIDE_AWARDS), _("handle commendations"))


def _check_rows(by: Any, decision: AwardDecision, counts: list[dict[str, Any]]) -> list[AwardCount]:
    """Each row: outcome, form, nominee_kind, count and, for a proposal, proposed_to. A
    message never gives `by` the number of awardees it may not see."""
    rows: list[AwardCount] = []
    seen: set[tuple[str, int, str]] = set()
    for index, row in enumerate(counts, start=1):
        field = f"counts[{index}]"
        outcome = row.get("outcome") or CountOutcome.AWARDED
        form: AwardForm | None = row.get("form") or (
            decision.form if outcome == CountOutcome.AWARDED else None
        )
        kind = row.get("nominee_kind")
        number = row.get("count")
        proposed_to: Unit | None = row.get("proposed_to")
        if outcome not in CountOutcome.values:
            raise DomainError(
                _("Row %(row)s: choose awarded or proposed.") % {"row": index}, field=field
            )
        if form is None:
            raise DomainError(_("Row %(row)s: choose the form.") % {"row": index}, field=field)
        if kind not in NomineeKind.values:
            raise DomainError(
                _("Row %(row)s: choose collectives or individuals.") % {"row": index}, field=field
            )
        if not (form.for_collectives if kind == NomineeKind.COLLECTIVE else form.for_individuals):
            raise DomainError(
                _("Row %(row)s: %(form)s is not given to %(kind)s.")
                % {"row": index, "form": form.name, "kind": NomineeKind(kind).label.lower()},
                field=field,
            )
        if not isinstance(number, int) or isinstance(number, bool) or not 0 < number <= 100000:
            raise DomainError(
                _("Row %(row)s: enter a number of awards between 1 and 100000.") % {"row": index},
                field=field,
            )
        if outcome == CountOutcome.AWARDED:
            if form.pk != decision.form_id:
                raise DomainError(
                    _("Row %(row)s: the decision awards %(form)s.")
                    % {"row": index, "form": decision.form.name},
                    field=field,
                )
            proposed_to = None
            named = decision.nominations.filter(nominee_kind=kind).count()
            if number < named and (
                decision.nominations.filter(nominee_kind=kind)
                .filter(clearance_q(by, Nomination))
                .count()
                < named
            ):
                raise DomainError(
                    _(
                        "Row %(row)s: the decision names more %(kind)s than that, some of them "
                        "not shown to you; the count includes them and cannot be lower."
                    )
                    % {"row": index, "kind": NomineeKind(kind).label.lower()},
                    field=field,
                )
            if number < named:
                raise DomainError(
                    _(
                        "Row %(row)s: the decision names %(named)s %(kind)s; the count includes "
                        "them and cannot be lower."
                    )
                    % {"row": index, "named": named, "kind": NomineeKind(kind).label.lower()},
                    field=field,
                )
        else:
            if proposed_to is None:
                raise DomainError(
                    _("Row %(row)s: name the authority it is proposed to.") % {"row": index},
                    field=field,
                )
            issuer = decision.issuer
            if proposed_to.pk == issuer.pk or not issuer.path.startswith(proposed_to.path):
                raise DomainError(
                    _("Row %(row)s: propose to an authority above %(unit)s.")
                    % {"row": index, "unit": issuer.name},
                    field=field,
                )
        key = (outcome, form.pk, kind)
        if key in seen:
            raise DomainError(_("Row %(row)s repeats another row.") % {"row": index}, field=field)
        seen.add(key)
        rows.append(
            AwardCount(
                decision=decision,
                outcome=outcome,
                form=form,
                nominee_kind=kind,
                count=number,
                proposed_to=proposed_to,
            )
        )
    return rows


def _count_snapshot(decision: AwardDecision) -> list[dict[str, Any]]:
    return [
        {
            "outcome": row.outcome,
            "form": row.form_id,
            "nominee_kind": row.nominee_kind,
            "count": row.count,
            "proposed_to": row.proposed_to_id,
        }
        for row in decision.counts.order_by("outcome", "form_id", "nominee_kind")
    ]


@transaction.atomic
def decision_counts_set(
    *,
    by: Any,
    decision: AwardDecision,
    counts: list[dict[str, Any]],
    version: int | None = None,
) -> list[AwardCount]:
    """Replace the counts a decision carries. An empty list removes them. `version` is the
    decision's as the person last read it: a decision changed meanwhile (its counts, or a
    list imported) is refused."""
    _require_decider(by, decision.issuer)
    decision = AwardDecision.objects.select_for_update().get(pk=decision.pk)
    check_version(decision, version)
    rows = _check_rows(by, decision, counts)
    before = _count_snapshot(decision)
    decision.counts.all().delete()
    AwardCount.objects.bulk_create(rows)
    decision.version += 1
    decision.save(update_fields=["version"])
    changelog_record(
        by=by,
        action="decision_counts_set",
        obj=decision,
        before={"counts": before},
        after={"counts": _count_snapshot(decision)},
        unit_path=decision.issuer.path,
    )
    # Reconciling counts and names is when a decision is looked at whole: its mark catches
    # up with the awardees it names.
    decision_mark_follow(by=by, decision=decision)
    return list(decision.counts.all())


@transaction.atomic
def decision_record(
    *,
    by: Any,
    issuer: Unit,
    form: AwardForm,
    issued_on: datetime.date,
    symbol: str = "",
    campaign: Any = None,
    reason: str = "",
    counts: list[dict[str, Any]] | None = None,
) -> AwardDecision:
    """Record a decision already taken (on paper, possibly years ago) as it was: its own
    number and date, no document generated, no number taken from today's registry. Its
    awardees may be counted only (`counts`) and named later. Entered today, it is logged
    today, by `by`."""
    _require_decider(by, issuer)
    if issued_on is None:
        raise DomainError(_("Enter the issue date."), field="issued_on")
    if issued_on > timezone.localdate():
        raise DomainError(_("The issue date cannot be in the future."), field="issued_on")
    if not authority_may_give(issuer, form, issued_on):
        raise DomainError(
            _("%(unit)s may not give %(form)s.") % {"unit": issuer.name, "form": form.name},
            field="form",
        )
    symbol = normalize(symbol).replace(" ", "")[:128]
    same = AwardDecision.objects.filter(issuer=issuer, symbol=symbol) if symbol else None
    if same is not None and same.exists():
        # The issuer is in `by`'s units (`_require_decider`): a decision of it `by` may not
        # see is marked above their clearance, and is neither named nor numbered to them.
        raise DomainError(
            _("%(unit)s already has a decision %(symbol)s.")
            % {"unit": issuer.name, "symbol": symbol}
            if same.filter(clearance_q(by, AwardDecision)).exists()
            else _(
                "A decision of %(unit)s with this number exists that you may not see (a "
                "classification above your clearance)."
            )
            % {"unit": issuer.name},
            field="symbol",
        )
    decision = AwardDecision.objects.create(
        issuer=issuer,
        form=form,
        symbol=symbol,
        issued_on=issued_on,
        campaign=campaign,
        reason=normalize(reason),
    )
    rows = _check_rows(by, decision, counts or [])
    AwardCount.objects.bulk_create(rows)
    changelog_record(
        by=by,
        action="decision_record",
        obj=decision,
        after={**snapshot(decision), "counts": _count_snapshot(decision)},
        unit_path=issuer.path,
    )
    return decision

"""The intake page for a text that is a commendation decision, or tells of one: the award
decision proposed from it (the issuing authority and the form matched in the catalogue when
they can be, else asked; number, date, counts, the awardees it names) beside the text, to
correct and record at once (tongket.intake.decision_applying.intake_apply_decision)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tongket.awards import selectors as award_selectors
from tongket.awards.lists.sheet import people_called
from tongket.awards.models import AwardForm
from tongket.awards.services import authority_may_give
from tongket.core.text import search_key
from tongket.intake.applying import sources_of
from tongket.intake.decision_applying import (
    DecisionChoice,
    intake_apply_decision,
    intake_check_decision,
)
from tongket.intake.rows import awardees_chosen
from tongket.org.models import Unit
from tongket.ui.forms.intake import IntakeReadForm
from tongket.ui.forms.intake_decision import AwardeeFormSet, IntakeDecisionForm
from tongket.ui.views.base import call_service

# The service's names for the form's fields; a problem of the whole list goes above the form.
_ALIASES = {"form": "award_form", "awardees": "__all__", "counts": "__all__"}


def _day(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def form_matched(written: str | None, issuer: Unit | None, on: datetime.date) -> AwardForm | None:
    """The one form of the catalogue the text's form names ("Bằng khen" → the Bằng khen of
    a military region's commander) that the issuer may give on that day; None when none or
    several fit."""
    if not written:
        return None
    key = search_key(written)
    fitting = [
        form
        for form in award_selectors.form_list(active_on=on)
        if search_key(form.name).startswith(key)
        and (issuer is None or authority_may_give(issuer, form, on))
    ]
    return fitting[0] if len(fitting) == 1 else None


def _initial(facts: dict[str, Any], form: IntakeDecisionForm) -> dict[str, Any]:
    decision = facts["decision"]
    issuers = form.fields["issuer"].queryset
    issuer = (
        issuers.filter(pk=decision["issuer_match"]).first()
        if decision.get("issuer_match")
        else None
    )
    day = _day(decision.get("date"))
    award_form = form_matched(decision.get("form"), issuer, day or timezone.localdate())
    return {
        "issuer": issuer,
        "award_form": award_form,
        "symbol": decision.get("symbol") or "",
        "issued_on": day,
        "collectives": decision.get("collectives") or 0,
        "individuals": decision.get("individuals") or 0,
        "reason": (decision.get("reason") or "")[:1000],
    }


def _awardee_initial(facts: dict[str, Any]) -> list[dict[str, Any]]:
    """Each awardee named, with its unit as the list import reads it: the code of the unit
    matched (when the officer may see it), else for a collective nothing (its name is looked
    for), for a person nothing either (looked for in the whole issuing body). A person the
    registry does not hold there comes unticked: the decision counts them without a name."""
    decision = facts["decision"]
    matched = [a["unit_match"] for a in decision["awardees"] if a.get("unit_visible")]
    units = Unit.objects.in_bulk([*matched, decision.get("issuer_match") or 0])
    rows = []
    for a in decision["awardees"]:
        unit = units.get(a.get("unit_match")) if a.get("unit_visible") else None
        within = unit or units.get(decision.get("issuer_match"))
        # A person the registry does not hold is counted, not named, until registered.
        unknown = (
            a["kind"] == "individual"
            and within is not None
            and not people_called(a["name"], within).exists()
        )
        rows.append(
            {
                "use": not unknown,
                "kind": a["kind"],
                "name": a["name"],
                "unit": unit.code if unit else "",
                "unknown": unknown,
            }
        )
    return rows


# The text with its facts marked: `views.intake.highlighted`, handed in by the page.
Highlight = Callable[[dict[str, Any]], list[tuple[str, str, str]]]


def _page(
    request: HttpRequest,
    facts: dict[str, Any],
    form: IntakeDecisionForm,
    awardees: Any,
    highlight: Highlight,
) -> HttpResponse:
    return render(
        request,
        "ui/intake/decision.html",
        {
            "title": _("Intake from a text"),
            "facts": facts,
            "pieces": highlight(facts),
            "decision_form": form,
            "awardee_set": awardees,
        },
    )


def proposes_decision(request: HttpRequest, facts: dict[str, Any]) -> bool:
    """Whether the text read is proposed as an award decision: it is one, the officer handles
    the commendations of a body that gives them, and did not ask to read it as a meeting."""
    if not facts.get("decision") or request.POST.get("read_as") == "meeting":
        return False
    return IntakeDecisionForm(user=request.user).fields["issuer"].queryset.exists()


def decision_review(
    request: HttpRequest, facts: dict[str, Any], upload: Any, highlight: Highlight
) -> HttpResponse:
    """The decision read from the text, proposed for correction."""
    form = IntakeDecisionForm(user=request.user)
    form = IntakeDecisionForm(
        user=request.user,
        initial={
            **_initial(facts, form),
            "source_text": facts["text"],
            "facts": facts,
            "file_name": getattr(upload, "name", "") or "",
            "conversion": ", ".join(facts["conversion"]["names"]),
        },
    )
    awardees = AwardeeFormSet(prefix="awardees", initial=_awardee_initial(facts))
    return _page(request, facts, form, awardees, highlight)


def _check(
    request: HttpRequest, form: IntakeDecisionForm, chosen: list[Any], **kwargs: Any
) -> None:
    """The dry run asked by "Check": refusals beside their fields and rows as on recording,
    else each warning on its row of the page (`row.intake_warnings`) and a word above."""
    warnings = call_service(
        form, intake_check_decision, aliases=_ALIASES, formsets={"awardees": chosen}, **kwargs
    )
    if warnings is None:
        return
    for warning in warnings:
        row = chosen[warning.index]
        row.intake_warnings = [*getattr(row, "intake_warnings", []), warning.message]
    if warnings:
        messages.warning(
            request,
            ngettext(
                "Checked, nothing recorded yet: %(count)s warning on the awardees below. A "
                "decision taken on paper is a fact: it may still be recorded.",
                "Checked, nothing recorded yet: %(count)s warnings on the awardees below. A "
                "decision taken on paper is a fact: it may still be recorded.",
                len(warnings),
            )
            % {"count": len(warnings)},
        )
    else:
        messages.info(
            request,
            _("Checked, nothing recorded yet: the awardees break no quota or repeat rule."),
        )


def decision_apply(request: HttpRequest, highlight: Highlight) -> HttpResponse:
    """Record the decision as corrected ("Check" first: the same without recording, the
    warnings on their rows); on a refusal, the page again with the errors beside the
    fields and rows they concern."""
    form = IntakeDecisionForm(request.POST, user=request.user)
    awardees = AwardeeFormSet(request.POST, prefix="awardees")
    valid = form.is_valid() & awardees.is_valid()
    facts = form.cleaned_data.get("facts") if hasattr(form, "cleaned_data") else None
    if not isinstance(facts, dict) or "text" not in facts or not facts.get("decision"):
        return render(
            request,
            "ui/intake/page.html",
            {"title": _("Intake from a text"), "read_form": IntakeReadForm(), "expired": True},
        )
    if valid:
        data = form.cleaned_data
        # The service counts the awardees it was given: those ticked.
        chosen = [row for row in awardees.forms if row.cleaned_data.get("use")]
        arguments = dict(
            by=request.user,
            text=data["source_text"],
            facts=facts,
            decision=DecisionChoice(
                issuer=data["issuer"],
                form=data["award_form"],
                issued_on=data["issued_on"],
                symbol=data["symbol"],
                collectives=data["collectives"],
                individuals=data["individuals"],
                reason=data["reason"],
            ),
            awardees=awardees_chosen(awardees.cleaned_data),
            file_name=data.get("file_name") or "",
            conversion=data.get("conversion") or "",
        )
        if request.POST.get("check"):
            _check(request, form, chosen, **arguments)
            return _page(request, facts, form, awardees, highlight)
        recorded = call_service(
            form,
            intake_apply_decision,
            aliases=_ALIASES,
            formsets={"awardees": chosen},
            **arguments,
        )
        if recorded is not None:
            messages.success(request, _("The award decision read from the text was recorded."))
            # A paper decision is a fact: what it breaks is recorded and told, not refused.
            for warning in recorded.warnings:
                messages.warning(
                    request,
                    _("Row %(row)s, %(name)s: %(message)s")
                    % {
                        # Its row on the page (the service numbers those ticked).
                        "row": awardees.forms.index(chosen[warning.index]) + 1,
                        "name": warning.name,
                        "message": warning.message,
                    },
                )
            return redirect("ui:intake_result", sources_of(recorded.decision)[0].pk)
    return _page(request, facts, form, awardees, highlight)

"""The award proposal (tờ trình đề nghị khen thưởng) of a submitted batch, made from the
nominations page by the proposing unit's commendation officers; it opens as a draft
document, corrected and issued like the unit's other documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.awards import proposals, selectors
from tongket.core.errors import NotFound
from tongket.org.selectors import unit_resolve, unit_resolve_reach
from tongket.ui.forms.awards import ProposalForm
from tongket.ui.views.awards.common import is_officer


@login_required
@require_POST
def nomination_proposal_create(request: HttpRequest) -> HttpResponse:
    """Make the proposal of one batch (proposing unit, deciding authority, form, year) and
    open it; a refusal goes back to the nominations page."""
    if not is_officer(request.user):
        raise PermissionDenied(_("Only commendation officers make award proposals."))
    form = ProposalForm(request.POST)
    if not form.is_valid():
        raise NotFound(_("Not found."))
    data = form.cleaned_data
    proposing_unit = unit_resolve(user=request.user, code=data["proposing_unit"])
    decider = unit_resolve_reach(user=request.user, code=data["decider"])
    award_form = selectors.form_get(pk=data["form"])
    try:
        document = proposals.proposal_create(
            by=request.user,
            proposing_unit=proposing_unit,
            decider=decider,
            form=award_form,
            year=data["year"],
        )
    except (ValidationError, PermissionDenied) as error:
        problems = error.messages if isinstance(error, ValidationError) else [str(error)]
        for message in problems:
            messages.error(request, message)
        return redirect("ui:nomination_list")
    messages.success(
        request,
        _(
            "Proposal drafted for %(n)s nomination(s) to %(decider)s: correct it if needed, "
            "then record its number when it is issued."
        )
        % {"n": document.proposed_nominations.count(), "decider": decider.name},
    )
    return redirect("ui:document_detail", pk=document.pk)

"""The catalogues: award forms and emulation titles, the authority table (which unit, by level
or by name, may give which form) and the quotas per body and year. Everyone reads them;
administrators of the whole tree edit forms and authorities, commendation officers set the
quotas of their bodies."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.awards import selectors, services
from tongket.awards.models import AwardForm
from tongket.ui.forms.awards import AuthorityForm, AwardFormForm, AwardingLevelForm, QuotaForm
from tongket.ui.views.awards.common import call, is_catalogue_admin, is_officer
from tongket.ui.views.base import call_service, paginate

QUOTAS_PER_PAGE = 20


@login_required
def award_form_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "ui/awards/forms.html",
        {
            "title": _("Award forms and emulation titles"),
            "award_forms": list(selectors.form_list()),
            "admin": is_catalogue_admin(request.user),
        },
    )


def _form_initial(award_form: AwardForm) -> dict[str, Any]:
    criteria = award_form.criteria or {}
    return {
        "code": award_form.code,
        "name": award_form.name,
        "category": award_form.category,
        "for_collectives": award_form.for_collectives,
        "for_individuals": award_form.for_individuals,
        "rank": award_form.rank,
        "repeat_years": award_form.repeat_years,
        "min_share_met": criteria.get("min_share_met"),
        "min_completeness": criteria.get("min_completeness"),
        "valid_from": award_form.valid_from,
        "valid_to": award_form.valid_to,
        "legal_basis": award_form.legal_basis,
    }


@login_required
def award_form_edit(request: HttpRequest) -> HttpResponse:
    """A new form (no `code`) or an existing one (`?code=BK-DV`); the code is its key."""
    admin = is_catalogue_admin(request.user)
    if request.method == "POST" and not admin:
        # Refused before the form is looked up: a code that names no form is refused alike.
        raise PermissionDenied(_("Only an administrator edits the catalogues."))
    code = request.GET.get("code") or ""
    existing = next((f for f in selectors.form_list() if code and f.code == code), None)
    if code and existing is None:
        from tongket.core.errors import NotFound

        raise NotFound(_("Award form not found."))
    initial = (
        _form_initial(existing)
        if existing
        else {"for_collectives": True, "for_individuals": True, "rank": 0, "repeat_years": 1}
    )
    form = AwardFormForm(request.POST or None, initial=initial)
    if existing is not None:
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        criteria = {
            key: data[key]
            for key in ("min_share_met", "min_completeness")
            if data.get(key) is not None
        }
        saved = call_service(
            form,
            services.award_form_save,
            by=request.user,
            code=existing.code if existing else data["code"],
            name=data["name"],
            category=data["category"],
            for_collectives=data["for_collectives"],
            for_individuals=data["for_individuals"],
            rank=data["rank"],
            repeat_years=data["repeat_years"],
            criteria=criteria,
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
            legal_basis=data["legal_basis"],
        )
        if saved is not None:
            messages.success(request, _("%(name)s saved.") % {"name": saved.name})
            return redirect("ui:award_form_list")
    return render(
        request,
        "ui/awards/form_edit.html",
        {
            "title": existing.name if existing else _("New award form or title"),
            "form": form,
            "existing": existing,
            "admin": admin,
        },
        status=200 if admin or request.method == "GET" else 403,
    )


def _authority_context(
    request: HttpRequest, form: Any = None, level_form: Any = None
) -> dict[str, Any]:
    award_forms = list(selectors.form_list())
    return {
        "title": _("Who may give which form"),
        "authorities": list(selectors.authority_list()),
        "levels": list(selectors.awarding_levels(user=request.user)),
        "admin": is_catalogue_admin(request.user),
        "form": form or AuthorityForm(user=request.user, award_forms=award_forms),
        "level_form": level_form or AwardingLevelForm(user=request.user),
    }


@login_required
@require_POST
def awarding_level_set(request: HttpRequest) -> HttpResponse:
    """Record the level at which a body gives commendations (administrators)."""
    form = AwardingLevelForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        if call(form, services.awarding_level_set, by=request.user, **data) is not None or (
            not data["level"] and not form.errors
        ):
            messages.success(request, _("Level saved."))
            return redirect("ui:award_authority_list")
    return render(
        request, "ui/awards/authorities.html", _authority_context(request, level_form=form)
    )


@login_required
def award_authority_list(request: HttpRequest) -> HttpResponse:
    return render(request, "ui/awards/authorities.html", _authority_context(request))


@login_required
@require_POST
def award_authority_add(request: HttpRequest) -> HttpResponse:
    form = AuthorityForm(request.POST, user=request.user, award_forms=list(selectors.form_list()))
    if form.is_valid():
        data = form.cleaned_data
        authority = call(
            form,
            services.authority_add,
            by=request.user,
            form=form.award_forms[data["form"]],
            unit=data["unit"],
            body_level=data["body_level"],
            unit_kind=data["unit_kind"],
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
        )
        if authority is not None:
            messages.success(
                request,
                _("Authority added for %(form)s.") % {"form": authority.form.name},
            )
            return redirect("ui:award_authority_list")
    return render(request, "ui/awards/authorities.html", _authority_context(request, form))


def _quota_context(request: HttpRequest, form: Any = None) -> dict[str, Any]:
    page = paginate(request, selectors.quotas(user=request.user), QUOTAS_PER_PAGE)
    rows = []
    for quota in page.object_list:
        usage = selectors.quota_usage(user=request.user, quota=quota)
        rows.append({"quota": quota, **usage})
    return {
        "title": _("Quotas"),
        "page": page,
        "rows": rows,
        "officer": is_officer(request.user),
        "form": form or QuotaForm(user=request.user, award_forms=list(selectors.form_list())),
    }


@login_required
def quota_list(request: HttpRequest) -> HttpResponse:
    return render(request, "ui/awards/quotas.html", _quota_context(request))


@login_required
@require_POST
def quota_set(request: HttpRequest) -> HttpResponse:
    form = QuotaForm(request.POST, user=request.user, award_forms=list(selectors.form_list()))
    if form.is_valid():
        data = form.cleaned_data
        quota = call(
            form,
            services.quota_set,
            by=request.user,
            unit=data["unit"],
            year=data["year"],
            basis=data["basis"],
            value=data["value"],
            form=form.award_forms.get(data["form"]),
            nominee_kind=data["nominee_kind"] or "",
            headcount=data["headcount"],
        )
        if quota is not None:
            messages.success(
                request,
                _("Quota of %(unit)s for %(year)s saved.")
                % {"unit": quota.unit.name, "year": quota.year},
            )
            return redirect("ui:quota_list")
    return render(request, "ui/awards/quotas.html", _quota_context(request, form))

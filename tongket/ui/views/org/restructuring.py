"""Pages of restructuring: a unit renamed, moved, merged, split or dissolved on a date."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.core.errors import NotFound
from tongket.org import selectors, services
from tongket.ui.forms.org import DissolveForm, MergeForm, MoveForm, RenameForm, SplitForm
from tongket.ui.views.base import call_service


def _restructure(
    request: HttpRequest, pk: int, form_class: type, action: str, title: str, intro: str
):  # type: ignore[no-untyped-def]
    unit = selectors.unit_get(user=request.user, pk=pk)
    initial = {"effective_date": timezone.localdate()}
    if action == "rename":
        initial.update(name=unit.name, abbreviation=unit.abbreviation)
    form = form_class(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "by": request.user,
            "effective_date": data["effective_date"],
            "decision": data.get("decision", ""),
        }
        result = None
        if action == "rename":
            result = call_service(
                form,
                services.unit_rename,
                unit=unit,
                name=data["name"],
                abbreviation=data["abbreviation"],
                code=data["code"],
                **common,
            )
        elif action == "move":
            result = call_service(
                form, services.unit_move, unit=unit, new_parent=data["new_parent"], **common
            )
        elif action == "merge":
            sources = [unit]
            for code in filter(None, (c.strip() for c in data["others"].split(","))):
                try:
                    sources.append(selectors.unit_resolve(user=request.user, code=code))
                except NotFound:
                    form.add_error(
                        "others", _("No unit you can see has the code %(code)s.") % {"code": code}
                    )
            if not form.errors:
                result = call_service(
                    form,
                    services.unit_merge,
                    sources=sources,
                    target=data["target"],
                    new_code=data["new_code"],
                    new_name=data["new_name"],
                    new_abbreviation=data["new_abbreviation"],
                    aliases={"sources": "others"},
                    **common,
                )
        elif action == "split":
            parts = form.parts()
            results = call_service(form, services.unit_split, unit=unit, parts=parts, **common)
            result = results[0] if results else None
        elif action == "dissolve":
            result = call_service(form, services.unit_dissolve, unit=unit, **common)
        if result is not None:
            messages.success(request, _("The restructuring was recorded."))
            return redirect("ui:unit_detail", pk=result.pk)
    return render(
        request,
        "ui/org/restructure.html",
        {
            "form": form,
            "unit": unit,
            "title": title % {"name": unit.name},
            "intro": intro,
            "action": action,
        },
    )


@login_required
def unit_rename(request: HttpRequest, pk: int) -> HttpResponse:
    return _restructure(
        request,
        pk,
        RenameForm,
        "rename",
        _("Rename %(name)s"),
        _("The current name is kept in the name history and still finds the unit."),
    )


@login_required
def unit_move(request: HttpRequest, pk: int) -> HttpResponse:
    return _restructure(
        request,
        pk,
        MoveForm,
        "move",
        _("Move %(name)s"),
        _("The unit moves with all its subordinate units. Earlier periods keep the old tree."),
    )


@login_required
def unit_merge(request: HttpRequest, pk: int) -> HttpResponse:
    return _restructure(
        request,
        pk,
        MergeForm,
        "merge",
        _("Merge %(name)s"),
        _(
            "The merged units are dissolved on the date; their subordinate units move to the "
            "result. Their data and history stay visible."
        ),
    )


@login_required
def unit_split(request: HttpRequest, pk: int) -> HttpResponse:
    return _restructure(
        request,
        pk,
        SplitForm,
        "split",
        _("Split %(name)s"),
        _(
            "The unit is dissolved on the date and the new units take its place under the same "
            "parent. Its subordinate units move to the first new unit."
        ),
    )


@login_required
def unit_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    return _restructure(
        request,
        pk,
        DissolveForm,
        "dissolve",
        _("Dissolve %(name)s"),
        _("The unit stays in the tree of earlier dates with all its data."),
    )

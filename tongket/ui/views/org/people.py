"""Pages of people: the list, a person's page, registration and edit (namesakes found
first), ranks, positions, the merge of a duplicate record, and the person lookup of person
fields."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tongket.awards.selectors import awards_of_person, decisions_visible
from tongket.core import scopes
from tongket.core.history import present
from tongket.core.selectors import changelog_for_object
from tongket.org import partners, policy, selectors, services
from tongket.org.policy import Action
from tongket.ui.forms.org import (
    PersonForm,
    PersonMergeForm,
    PositionEndForm,
    PositionForm,
    RankForm,
)
from tongket.ui.views.base import call_service, paginate, parse_day


@login_required
def person_lookup(request: HttpRequest) -> HttpResponse:
    """htmx: datalist options for a person picked from the shared registry (name, rank and
    positions only)."""
    query = request.GET.get("q") or next((v for k, v in request.GET.items() if k != "list"), "")
    search = query.split(" — ")[-1] if " — " in query else query
    people = list(partners.registry_people(search=search)[:20]) if search.strip() else []
    options = [(partners.person_code(p), partners.person_label(p)) for p in people]
    return render(request, "ui/widgets/_person_options.html", {"options": options})


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    unit = None
    if request.GET.get("unit"):
        unit = selectors.unit_get(user=request.user, pk=request.GET["unit"])
    people = selectors.people_with_current_rank(
        selectors.person_list(user=request.user, search=query, unit=unit)
    )
    return render(
        request,
        "ui/org/person_list.html",
        {
            "page": paginate(request, people, 50),
            "query": query,
            "filter_unit": unit,
            "title": _("People"),
            "can_add": bool(
                scopes.is_unrestricted(request.user)
                or scopes.scope_paths(request.user, policy.roles(Action.REGISTER_PEOPLE))
            ),
        },
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    day = parse_day(request.GET.get("on")) or timezone.localdate()
    return render(
        request,
        "ui/org/person_detail.html",
        {
            "person": person,
            "title": person.full_name,
            "on": day,
            "rank_on": selectors.person_rank_on(person=person, day=day),
            "positions_on": selectors.person_positions_on(person=person, day=day),
            "ranks": person.ranks.select_related("rank").order_by("-valid_from"),
            "positions": person.positions.select_related("unit").order_by("-valid_from"),
            "history": present(changelog_for_object(obj=person)[:50], user=request.user),
            "can_admin": scopes.covers(
                request.user, person.unit, policy.roles(Action.REGISTER_PEOPLE)
            ),
            "awards": (awards := list(awards_of_person(user=request.user, person=person)[:100])),
            "visible_decisions": decisions_visible(user=request.user, awards=awards),
        },
    )


def _person_form(request: HttpRequest, person=None) -> HttpResponse:  # type: ignore[no-untyped-def]
    initial = {"is_military": True}
    if person is not None:
        initial = {
            f: getattr(person, f)
            for f in (
                "full_name",
                "gender",
                "birth_year",
                "is_military",
                "email",
                "phone",
                "note",
                "version",
            )
        }
        initial["unit"] = person.unit
    elif request.GET.get("unit"):
        initial["unit"] = selectors.unit_get(user=request.user, pk=request.GET["unit"])
    form = PersonForm(request.POST or None, user=request.user, initial=initial)
    if person is not None:
        del form.fields["register_anyway"]
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        anyway = data.pop("register_anyway", False)
        data["gender"] = data.get("gender") or ""
        if person is None:
            # The service refuses a likely namesake (the message names them on the name
            # field) unless the box says a namesake is meant.
            result = call_service(
                form, services.person_register, by=request.user, confirm_new=anyway, **data
            )
        else:
            result = call_service(
                form,
                services.person_update,
                by=request.user,
                person=person,
                version=version,
                **data,
            )
        if result is not None:
            messages.success(request, _("Saved."))
            return redirect("ui:person_detail", pk=result.pk)
    title = _("New person") if person is None else _("Edit %(name)s") % {"name": person.full_name}
    return render(
        request,
        "ui/org/form.html",
        {"form": form, "title": title, "person": person, "submit": _("Save")},
    )


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    return _person_form(request)


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _person_form(request, selectors.person_get(user=request.user, pk=pk))


@login_required
def person_rank_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    form = RankForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if (
            call_service(
                form, services.rank_add, by=request.user, person=person, **form.cleaned_data
            )
            is not None
        ):
            messages.success(request, _("Rank recorded."))
            return redirect("ui:person_detail", pk=person.pk)
    return render(
        request,
        "ui/org/form.html",
        {
            "form": form,
            "person": person,
            "title": _("Rank of %(name)s") % {"name": person.full_name},
            "submit": _("Save"),
        },
    )


@login_required
def person_position_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    form = PositionForm(
        request.POST or None, user=request.user, initial={"unit": person.unit, "order": 0}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["order"] = data.get("order") or 0
        if (
            call_service(form, services.position_add, by=request.user, person=person, **data)
            is not None
        ):
            messages.success(request, _("Position recorded."))
            return redirect("ui:person_detail", pk=person.pk)
    return render(
        request,
        "ui/org/form.html",
        {
            "form": form,
            "person": person,
            "title": _("New position of %(name)s") % {"name": person.full_name},
            "submit": _("Save"),
        },
    )


@login_required
def person_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge a duplicate record (the same guest registered twice) into this person."""
    person = selectors.person_get(user=request.user, pk=pk)
    form = PersonMergeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        drop = form.cleaned_data["drop"]
        if call_service(form, services.person_merge, by=request.user, keep=person, drop=drop):
            messages.success(request, _("Records merged."))
            return redirect("ui:person_detail", pk=person.pk)
    namesakes = partners.person_duplicates(full_name=person.full_name, exclude=person)[:10]
    return render(
        request,
        "ui/org/person_merge.html",
        {
            "form": form,
            "person": person,
            "namesakes": [
                (partners.person_code(p), partners.person_label(p), p) for p in namesakes
            ],
            "title": _("Merge a duplicate into %(name)s") % {"name": person.full_name},
            "submit": _("Merge the records"),
        },
    )


@login_required
def position_end(request: HttpRequest, pk: int) -> HttpResponse:
    position = selectors.position_get(user=request.user, pk=pk)
    person = position.person
    form = PositionEndForm(
        request.POST or None, user=request.user, initial={"valid_to": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        if call_service(
            form, services.position_end, by=request.user, position=position, **form.cleaned_data
        ):
            messages.success(request, _("Position ended."))
            return redirect("ui:person_detail", pk=person.pk)
    return render(
        request,
        "ui/org/form.html",
        {
            "form": form,
            "person": person,
            "submit": _("Save"),
            "title": _("End position: %(title)s") % {"title": str(position)},
        },
    )

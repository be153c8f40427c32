"""Pages of the organization: the unit tree, unit pages, restructuring, people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.awards.selectors import awards_of_person, awards_of_unit, decisions_visible
from tongket.core import scopes
from tongket.core.errors import NotFound
from tongket.core.selectors import changelog_for_object
from tongket.org import selectors, services
from tongket.org.choices import Role
from tongket.resolutions.selectors import assignment_list
from tongket.ui.forms.org import (
    DissolveForm,
    MergeForm,
    MoveForm,
    PersonForm,
    PositionEndForm,
    PositionForm,
    RankForm,
    RenameForm,
    SplitForm,
    UnitCreateForm,
    UnitEditForm,
)
from tongket.ui.views.base import SESSION_UNIT, call_service, paginate, parse_day

ADMIN = (Role.ADMINISTRATOR,)


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    """The tree of my units (expand and collapse), a search that ignores diacritics, and the
    tree as it stood on a past date."""
    query = request.GET.get("q", "").strip()
    day = parse_day(request.GET.get("on"))
    show_dissolved = request.GET.get("dissolved") == "1"
    context: dict = {
        "query": query,
        "on": day,
        "show_dissolved": show_dissolved,
        "title": _("Unit tree"),
    }
    if query:
        results = selectors.unit_annotated(
            selectors.unit_list(user=request.user, search=query, include_dissolved=True)
        )
        context["page"] = paginate(request, results, 50)
    elif day:
        roots = selectors.unit_roots(user=request.user)
        rows = []
        for root in roots:
            rows += selectors.unit_tree_on(user=request.user, root=root, day=day)
        context["dated_rows"] = rows
    else:
        roots = selectors.unit_annotated(
            selectors.unit_list(user=request.user).filter(
                pk__in=[u.pk for u in selectors.unit_roots(user=request.user)]
            )
        )
        context["roots"] = roots
    context["can_add"] = bool(
        scopes.is_unrestricted(request.user) or scopes.scope_paths(request.user, ADMIN)
    )
    return render(request, "ui/org/unit_tree.html", context)


@login_required
def unit_children(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the children of one node, for expanding the tree."""
    unit = selectors.unit_get(user=request.user, pk=pk)
    children = selectors.unit_children(
        user=request.user, unit=unit, include_dissolved=request.GET.get("dissolved") == "1"
    )
    return render(
        request,
        "ui/org/_tree_children.html",
        {"children": children, "parent": unit, "depth": unit.depth + 1},
    )


@login_required
def unit_lookup(request: HttpRequest) -> HttpResponse:
    """htmx: datalist options for a unit field."""
    query = request.GET.get("q") or next(
        (v for k, v in request.GET.items() if k not in ("list", "reach")), ""
    )
    units = (
        selectors.unit_list(
            user=request.user,
            search=query.split(" — ")[0],
            include_dissolved=False,
            reach=request.GET.get("reach") == "1",
        )[:20]
        if query
        else []
    )
    return render(request, "ui/widgets/_unit_options.html", {"units": units})


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get(user=request.user, pk=pk)
    day = parse_day(request.GET.get("on")) or timezone.localdate()
    positions = selectors.unit_positions(user=request.user, unit=unit, on=day)
    context = {
        "unit": unit,
        "title": unit.name,
        "on": day,
        "ancestors": selectors.unit_ancestors(user=request.user, unit=unit),
        "children": selectors.unit_children(user=request.user, unit=unit, include_dissolved=True),
        "positions": selectors.people_with_current_rank(
            selectors.person_list(user=request.user).filter(pk__in=positions.values("person_id")),
            day,
        ),
        "unit_positions": positions,
        "names": selectors.unit_names(unit=unit),
        "events": selectors.unit_events(unit=unit),
        "history": changelog_for_object(obj=unit)[:50],
        "counts": selectors.unit_counts(unit=unit),
        "can_admin": scopes.covers(request.user, unit, ADMIN),
        "linked": unit.linked_unit or getattr(unit, "linked_from", None),
        # Tasks of resolutions this unit leads or coordinates (overdue is derived).
        "assignments": list(assignment_list(user=request.user, unit=unit)[:100]),
        "today": timezone.localdate(),
        "awards": (awards := list(awards_of_unit(unit=unit)[:100])),
        "visible_decisions": decisions_visible(user=request.user, awards=awards),
    }
    try:
        context["linked_from"] = unit.linked_from
    except Exception:
        context["linked_from"] = None
    return render(request, "ui/org/unit_detail.html", context)


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    parent = None
    if request.GET.get("parent"):
        parent = selectors.unit_get(user=request.user, pk=request.GET["parent"])
    form = UnitCreateForm(request.POST or None, user=request.user, initial={"parent": parent})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = call_service(
            form,
            services.unit_create,
            by=request.user,
            code=data["code"],
            name=data["name"],
            abbreviation=data["abbreviation"],
            kind=data["kind"],
            parent=data["parent"],
            established_on=data["established_on"],
            description=data["description"],
            linked_unit=data["linked_unit"],
        )
        if unit is not None:
            messages.success(request, _("Unit %(name)s created.") % {"name": unit.name})
            return redirect("ui:unit_detail", pk=unit.pk)
    return render(
        request,
        "ui/org/form.html",
        {
            "form": form,
            "title": _("New unit"),
            "parent_unit": parent,
            "submit": _("Create unit"),
        },
    )


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get(user=request.user, pk=pk)
    initial = {
        "version": unit.version,
        "kind": unit.kind,
        "established_on": unit.established_on,
        "linked_unit": unit.linked_unit,
        "description": unit.description,
        "place": unit.place,
    }
    form = UnitEditForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            services.unit_update,
            by=request.user,
            unit=unit,
            version=data["version"],
            kind=data["kind"],
            description=data["description"],
            linked_unit=data["linked_unit"],
            established_on=data["established_on"],
            place=data["place"],
        )
        if done is not None:
            messages.success(request, _("Changes saved."))
            return redirect("ui:unit_detail", pk=unit.pk)
    return render(
        request,
        "ui/org/form.html",
        {
            "form": form,
            "unit": unit,
            "title": _("Edit %(name)s") % {"name": unit.name},
            "submit": _("Save"),
        },
    )


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


@login_required
@require_POST
def unit_switch(request: HttpRequest) -> HttpResponse:
    """Top bar: look at the system from another unit within my grants."""
    unit = selectors.unit_get(user=request.user, pk=request.POST.get("unit"))
    request.session[SESSION_UNIT] = unit.pk
    target = request.POST.get("next") or "/"
    return redirect(target if target.startswith("/") and not target.startswith("//") else "/")


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
                scopes.is_unrestricted(request.user) or scopes.scope_paths(request.user, ADMIN)
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
            "history": changelog_for_object(obj=person)[:50],
            "can_admin": scopes.covers(request.user, person.unit, ADMIN),
            "awards": (awards := list(awards_of_person(person=person)[:100])),
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
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        data["gender"] = data.get("gender") or ""
        if person is None:
            result = call_service(form, services.person_create, by=request.user, **data)
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

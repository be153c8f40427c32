"""Pages of the organization: the unit tree, unit pages, restructuring, people."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.awards.selectors import awards_of_person, awards_of_unit, decisions_visible
from tongket.core import scopes
from tongket.core.errors import NotFound
from tongket.core.history import present
from tongket.core.selectors import changelog_for_object
from tongket.org import lines, partners, policy, selectors, services
from tongket.org.choices import Line
from tongket.org.policy import Action
from tongket.resolutions.selectors import assignment_list
from tongket.ui.forms.org import (
    DissolveForm,
    MergeForm,
    MoveForm,
    PersonForm,
    PersonMergeForm,
    PositionEndForm,
    PositionForm,
    RankForm,
    RenameForm,
    SplitForm,
    UnitCreateForm,
    UnitEditForm,
    UnitLineEndForm,
    UnitLineForm,
)
from tongket.ui.views.base import SESSION_UNIT, call_service, paginate, parse_day


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    """The tree of my units (expand and collapse), a search that ignores diacritics, and the
    tree as it stood on a past date."""
    query = request.GET.get("q", "").strip()
    day = parse_day(request.GET.get("on"))
    show_dissolved = request.GET.get("dissolved") == "1"
    line = request.GET.get("line", "")
    line = line if line in Line.values else ""
    context: dict = {
        "query": query,
        "on": day,
        "show_dissolved": show_dissolved,
        "title": _("Unit tree"),
        "line": line,
        "lines": Line.choices,
    }
    if line and not query:
        # The tree of one line (Party, command, State) on the day.
        context["line_label"] = Line(line).label
        context["line_tree"] = selectors.unit_line_tree(user=request.user, line=line, on=day)
    elif query:
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
        scopes.is_unrestricted(request.user)
        or scopes.scope_paths(request.user, policy.roles(Action.MANAGE_UNITS))
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
        (v for k, v in request.GET.items() if k not in ("list", "reach", "partners")), ""
    )
    search = query.split(" — ")[0]
    if not query:
        units: Any = []
    elif request.GET.get("partners") == "1":
        # Naming a partner of another branch: names and codes only (org.partners).
        units = partners.partner_units(search=search)[:20]
    else:
        units = selectors.unit_list(
            user=request.user,
            search=search,
            include_dissolved=False,
            reach=request.GET.get("reach") == "1",
        )[:20]
    return render(request, "ui/widgets/_unit_options.html", {"units": units})


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
        "history": present(changelog_for_object(obj=unit)[:50], user=request.user),
        "counts": selectors.unit_counts(unit=unit),
        "can_admin": scopes.covers(request.user, unit, policy.roles(Action.MANAGE_UNITS)),
        "can_register_people": scopes.covers(
            request.user, unit, policy.roles(Action.REGISTER_PEOPLE)
        ),
        "linked": unit.linked_unit or getattr(unit, "linked_from", None),
        # Tasks of resolutions this unit leads or coordinates (overdue is derived).
        "assignments": list(assignment_list(user=request.user, unit=unit)[:100]),
        "today": timezone.localdate(),
        "awards": (awards := list(awards_of_unit(user=request.user, unit=unit)[:100])),
        "visible_decisions": decisions_visible(user=request.user, awards=awards),
    }
    try:
        context["linked_from"] = unit.linked_from
    except Exception:
        context["linked_from"] = None
    context.update(_line_context(request, unit, day))
    return render(request, "ui/org/unit_detail.html", context)


def _line_context(request: HttpRequest, unit: Any, day: Any) -> dict[str, Any]:
    """The unit in each line: every dated place (superiors named even outside the scope, as
    names only), the units directly under it in each line on the day, and the committee that
    leads it or the body it leads."""
    rows = list(unit.line_links.select_related("superior").order_by("line", "-primary", "pk"))
    below = {line: lines.subordinates(unit, line=line, on=day) for line in Line.values}
    visible = {
        u.pk
        for u in [r.superior for r in rows if r.superior] + [u for us in below.values() for u in us]
        if scopes.covers(request.user, u)
    }
    return {
        "line_rows": rows,
        "line_below": [(Line(line).label, units) for line, units in below.items() if units],
        "visible_ids": visible,
        "leads": unit.led_unit,
        "led_by": unit.leading_committee,
        "line_end_form": UnitLineEndForm(user=request.user),
    }


@login_required
def unit_line_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Place the unit in a line from a date (a dated move in that line, or one more
    superior)."""
    unit = selectors.unit_get(user=request.user, pk=pk)
    form = UnitLineForm(
        request.POST or None,
        user=request.user,
        initial={"line": unit.home_line, "valid_from": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = call_service(
            form,
            services.unit_line_set,
            by=request.user,
            unit=unit,
            line=data["line"],
            superior=data["superior"],
            valid_from=data["valid_from"],
            primary=data["primary"],
        )
        if done is not None:
            messages.success(request, _("Placement in the line recorded."))
            return redirect(reverse("ui:unit_detail", args=[unit.pk]) + "#tab-lines")
    return render(
        request,
        "ui/org/restructure.html",
        {
            "form": form,
            "unit": unit,
            "action": "line",
            "title": _("Place %(name)s in a line") % {"name": unit.name},
            "intro": _(
                "A unit answers to a superior in each line it belongs to: the Party line, the "
                "command line, the State administration line. The superior may belong to another "
                "branch; naming it gives no access to its data."
            ),
        },
    )


@login_required
@require_POST
def unit_line_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End one of the unit's places in a line on a date."""
    unit = selectors.unit_get(user=request.user, pk=pk)
    form = UnitLineEndForm(request.POST, user=request.user)
    if form.is_valid():
        link = unit.line_links.filter(pk=form.cleaned_data["link"]).first()
        if link is None:
            raise NotFound(_("Not found."))
        done = call_service(
            form,
            services.unit_line_end,
            by=request.user,
            link=link,
            valid_to=form.cleaned_data["valid_to"],
        )
        if done is not None:
            messages.success(request, _("Placement ended."))
        else:
            messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    else:
        messages.error(request, _("Enter the date the placement ends."))
    return redirect(reverse("ui:unit_detail", args=[unit.pk]) + "#tab-lines")


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
        "home_line": unit.home_line,
        "organisation_name": unit.organisation_name,
        "header_name": unit.header_name,
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
            home_line=data["home_line"],
            organisation_name=data["organisation_name"],
            header_name=data["header_name"],
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
        namesakes = (
            list(partners.person_duplicates(full_name=data["full_name"], exclude=person)[:5])
            if person is None and not anyway
            else []
        )
        if namesakes:
            result = None
            form.add_error(
                "full_name",
                _(
                    "Already registered under this name: %(people)s. Pick that person where "
                    "you need them, or tick the box below to register a namesake."
                )
                % {
                    "people": "; ".join(
                        f"{partners.person_label(p)} ({p.unit.name})" for p in namesakes
                    )
                },
            )
        elif person is None:
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

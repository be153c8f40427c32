"""Pages of units: the unit tree (today, on a past date, in one line, or searched), a
unit's page, its creation and edit, the unit lookup of unit fields, and the top bar's
switch to another unit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongket.awards.selectors import awards_of_unit, decisions_visible
from tongket.core import scopes
from tongket.core.history import present
from tongket.core.selectors import changelog_for_object
from tongket.org import partners, policy, selectors, services
from tongket.org.choices import Line
from tongket.org.policy import Action
from tongket.resolutions.selectors import assignment_list
from tongket.ui.forms.org import UnitCreateForm, UnitEditForm
from tongket.ui.views.base import SESSION_UNIT, call_service, paginate, parse_day
from tongket.ui.views.org import heat as heat_map
from tongket.ui.views.org.lines import _line_context


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    """The tree of my units (expand and collapse), a search that ignores diacritics, the
    tree as it stood on a past date, and the tree of one line; today's tree and the lines
    coloured by each unit's report completeness or targets on track (`org.heat`)."""
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
    # The colours of the tree and of a line: completeness or progress of each unit's subtree
    # for a form and period (`heat`), on the views that show subtrees of today.
    heat = heat_map.choose(request) if not query and (line or not day) else None
    context["heat"] = heat
    context["heat_measures"] = heat_map.MEASURES
    context["tree_query"] = heat_map.query_string(heat, dissolved="1" if show_dissolved else "")
    if line and not query:
        # The tree of one line (Party, command, State) on the day.
        context["line_label"] = Line(line).label
        context["line_tree"] = selectors.unit_line_tree(user=request.user, line=line, on=day)
        heat_map.paint(
            request.user,
            heat,
            [row["unit"] for row in context["line_tree"]],
            tree=heat_map.tree_of(line),
        )
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
        roots = list(
            selectors.unit_annotated(
                selectors.unit_list(user=request.user).filter(
                    pk__in=[u.pk for u in selectors.unit_roots(user=request.user)]
                )
            )
        )
        heat_map.paint(request.user, heat, roots, tree=heat_map.tree_of(""))
        context["roots"] = roots
    context["can_add"] = bool(
        scopes.is_unrestricted(request.user)
        or scopes.scope_paths(request.user, policy.roles(Action.MANAGE_UNITS))
    )
    return render(request, "ui/org/unit_tree.html", context)


@login_required
def unit_children(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the children of one node, for expanding the tree (coloured as the tree is)."""
    unit = selectors.unit_get(user=request.user, pk=pk)
    show_dissolved = request.GET.get("dissolved") == "1"
    children = list(
        selectors.unit_children(user=request.user, unit=unit, include_dissolved=show_dissolved)
    )
    heat = heat_map.choose(request, controls=False) if request.GET.get("heat") else None
    heat_map.paint(request.user, heat, children, tree=heat_map.tree_of(""))
    return render(
        request,
        "ui/org/_tree_children.html",
        {
            "children": children,
            "parent": unit,
            "depth": unit.depth + 1,
            "show_dissolved": show_dissolved,
            "heat": heat,
            "tree_query": heat_map.query_string(heat, dissolved="1" if show_dissolved else ""),
        },
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


@login_required
@require_POST
def unit_switch(request: HttpRequest) -> HttpResponse:
    """Top bar: look at the system from another unit within my grants."""
    unit = selectors.unit_get(user=request.user, pk=request.POST.get("unit"))
    request.session[SESSION_UNIT] = unit.pk
    target = request.POST.get("next") or "/"
    return redirect(target if target.startswith("/") and not target.startswith("//") else "/")

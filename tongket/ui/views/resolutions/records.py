"""Pages of the resolution record: the list, registration and editing (with the symbol
checked as it is typed), the resolution page with its tabs and history, and its status."""

from __future__ import annotations

import contextlib
import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tongket.core import scopes
from tongket.core.errors import NotFound
from tongket.core.history import present
from tongket.org import policy
from tongket.org import selectors as org_selectors
from tongket.org.policy import Action
from tongket.resolutions import selectors, services
from tongket.resolutions.models import Resolution
from tongket.resolutions.symbols import number_line
from tongket.ui.forms.resolutions import (
    IssueForm,
    ResolutionFilterForm,
    ResolutionForm,
    StatusForm,
)
from tongket.ui.views.base import active_unit, call_service, paginate, parse_day
from tongket.ui.views.resolutions.common import (
    TABS,
    detail_url,
    done,
    form_page,
    require_keeper,
    submitted,
)

RECORD_FIELDS = (
    "kind",
    "subject",
    "issued_on",
    "field",
    "horizon_from",
    "horizon_to",
    "and_following_years",
    "classification",
    "description",
    "on_track_from",
    "at_risk_from",
    "approved_only",
)


# --- The list -----------------------------------------------------------------------------


@login_required
def resolution_list(request: HttpRequest) -> HttpResponse:
    """Resolutions reaching me, filtered in the URL, sorted the Vietnamese way, paginated."""
    form = ResolutionFilterForm(request.GET or None, user=request.user)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    search = (data.get("q") or "").strip()
    filters: dict[str, Any] = {
        "search": search,
        "kind": data.get("kind") or None,
        "field": data.get("field"),
        "status": data.get("status") or None,
        "year": data.get("year"),
        "issuer": data.get("issuer"),
        "sort": data.get("sort") or "issued",
    }
    if "/" in search and selectors.resolution_list(user=request.user, symbol=search).exists():
        # A symbol written with an old or new issuer code (382-NQ/QUTW for 382-NQ/ĐUQSTW).
        filters["search"], filters["symbol"] = None, search
    resolutions = selectors.resolution_list_prefetched(
        selectors.resolution_list(user=request.user, **filters)
    )
    filtered = any(
        request.GET.get(name) for name in ("q", "kind", "field", "status", "year", "issuer")
    )
    return render(
        request,
        "ui/resolutions/list.html",
        {
            "title": _("Resolutions"),
            "form": form,
            "page": paginate(request, resolutions, 25),
            "sort": filters["sort"],
            "filtered": filtered,
            "can_register": bool(
                scopes.is_unrestricted(request.user)
                or scopes.scope_paths(request.user, policy.roles(Action.KEEP_RESOLUTIONS))
            ),
        },
    )


@login_required
@require_GET
def resolution_lookup(request: HttpRequest) -> HttpResponse:
    """htmx: datalist options of the resolutions reaching me that match what is typed."""
    text = next((v for k, v in request.GET.items() if k not in ("list",)), "").strip()
    found = (
        selectors.resolution_list(user=request.user, search=text.split(" — ")[0])[:15]
        if text
        else []
    )
    return render(request, "ui/resolutions/_resolution_options.html", {"resolutions": found})


# --- Registering and editing --------------------------------------------------------------


def _symbol_context(
    request: HttpRequest, form: ResolutionForm, resolution: Resolution | None
) -> dict[str, Any]:
    """The live check of the symbol as the form stands (typed or stored)."""
    source = form.data if form.is_bound else None

    def value(name: str) -> Any:
        if source is not None:
            return source.get(name, "")
        return form[name].value()

    context = _check(
        request,
        symbol=str(value("symbol") or ""),
        issuer=value("issuing_unit"),
        issued_on=value("issued_on"),
        resolution=resolution,
        confirmed=bool(source is not None and source.get("confirm_issuer")),
    )
    # The service's refusal already says it beside the field: only the box is added.
    check = context["check"]
    check["repeated"] = bool(check["warning"]) and check["warning"] in form.errors.get("symbol", [])
    return context


def _check(
    request: HttpRequest,
    *,
    symbol: str,
    issuer: Any,
    issued_on: Any,
    resolution: Resolution | None,
    confirmed: bool,
) -> dict[str, Any]:
    unit = None
    if hasattr(issuer, "pk"):
        unit = issuer
    elif issuer:
        try:
            unit = org_selectors.unit_resolve_reach(
                user=request.user, code=str(issuer).split(" — ")[0].strip()
            )
        except NotFound:
            unit = None
    day = issued_on if hasattr(issued_on, "year") else parse_day(issued_on)
    check = selectors.symbol_check(
        user=request.user,
        symbol=symbol,
        issuing_unit=unit,
        issued_on=day,
        exclude=resolution.pk if resolution else None,
    )
    if (
        resolution is not None
        and check["symbol"] is not None
        and check["symbol"].text == resolution.symbol
        and unit is not None
        and unit.pk == resolution.issuing_unit_id
    ):
        check["warning"] = ""  # accepted when it was registered
    return {"check": check, "confirmed": confirmed}


@login_required
@require_GET
def resolution_symbol_check(request: HttpRequest) -> HttpResponse:
    """htmx: the symbol as typed, read into its parts, with the issuer-code warning (and the
    box confirming it) and an existing document with the same symbol."""
    resolution = None
    if request.GET.get("resolution"):
        resolution = selectors.resolution_get(user=request.user, pk=request.GET["resolution"])
    context = _check(
        request,
        symbol=request.GET.get("symbol", ""),
        issuer=request.GET.get("issuing_unit", ""),
        issued_on=request.GET.get("issued_on", ""),
        resolution=resolution,
        confirmed=bool(request.GET.get("confirm_issuer")),
    )
    return render(request, "ui/resolutions/_symbol_check.html", context)


def _record_page(
    request: HttpRequest, form: ResolutionForm, resolution: Resolution | None
) -> HttpResponse:
    return render(
        request,
        "ui/resolutions/form.html",
        {
            "form": form,
            "resolution": resolution,
            "title": (
                _("Edit %(symbol)s") % {"symbol": resolution.reference}
                if resolution
                else _("Register a resolution")
            ),
            "submit": _("Save") if resolution else _("Register"),
            **_symbol_context(request, form, resolution),
        },
    )


@login_required
def resolution_create(request: HttpRequest) -> HttpResponse:
    if not (
        scopes.is_unrestricted(request.user)
        or scopes.scope_paths(request.user, policy.roles(Action.KEEP_RESOLUTIONS))
    ):
        raise PermissionDenied(_("Only tracking officers may register resolutions."))
    year = timezone.localdate().year
    initial: dict[str, Any] = {"horizon_from": year, "horizon_to": year + 5}
    unit = active_unit(request)
    if unit is not None and scopes.covers(
        request.user, unit, policy.roles(Action.KEEP_RESOLUTIONS)
    ):
        initial["owner_unit"] = unit
    # Opened from a text read in (intake): what the text said fills the form, to be checked.
    for name in ("kind", "symbol", "subject", "issuing_unit"):
        if request.method == "GET" and request.GET.get(name):
            initial[name] = request.GET[name][:500]
    if request.method == "GET" and request.GET.get("issued_on"):
        with contextlib.suppress(ValueError):
            initial["issued_on"] = datetime.date.fromisoformat(request.GET["issued_on"][:10])
    form = ResolutionForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        resolution = call_service(
            form,
            services.resolution_create,
            by=request.user,
            symbol=data["symbol"],
            issuing_unit=data["issuing_unit"],
            owner_unit=data["owner_unit"],
            confirm_issuer=data["confirm_issuer"],
            status=data["status"],
            **{name: data[name] for name in RECORD_FIELDS},
        )
        if resolution is not None:
            messages.success(
                request,
                _("%(symbol)s registered. Add its indicators, or import them from the template.")
                % {"symbol": resolution.reference},
            )
            return done(request, detail_url(resolution))
    return _record_page(request, form, None)


@login_required
def resolution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    require_keeper(request, resolution)
    initial = {name: getattr(resolution, name) for name in RECORD_FIELDS}
    initial |= {
        "symbol": resolution.symbol,
        "issuing_unit": resolution.issuing_unit,
        "version": resolution.version,
    }
    form = ResolutionForm(request.POST or None, user=request.user, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        symbol_changed = data["symbol"].strip() != resolution.symbol
        issuer_changed = data["issuing_unit"].pk != resolution.issuing_unit_id
        if submitted(
            form,
            services.resolution_update,
            by=request.user,
            resolution=resolution,
            version=data["version"],
            symbol=data["symbol"] if symbol_changed or issuer_changed else None,
            issuing_unit=data["issuing_unit"] if issuer_changed else None,
            confirm_issuer=data["confirm_issuer"],
            **{name: data[name] for name in RECORD_FIELDS},
        ):
            messages.success(request, _("Changes saved."))
            return done(request, detail_url(resolution))
    return _record_page(request, form, resolution)


# --- The resolution page ------------------------------------------------------------------


# Fields of a resolution's rows a reader has no use for: the parent, the numbering and style
# of the tree (shown by the tree itself).
TECHNICAL_FIELDS = {"resolution_id", "order", "number", "style"}


def _history(request: HttpRequest, resolution: Resolution) -> list[Any]:
    """The change log of the resolution and of the rows inside it, in words; a creation
    does not list the values it set (the record shows them)."""
    return present(
        selectors.resolution_history(user=request.user, resolution=resolution),
        user=request.user,
        record=resolution,
        hide=TECHNICAL_FIELDS,
        list_created=False,
    )


@login_required
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    keeper = selectors.can_keep(request.user, resolution)
    tree = selectors.item_tree(resolution=resolution)
    assignments = list(selectors.assignment_list(user=request.user, resolution=resolution))
    today = timezone.localdate()
    for assignment in assignments:
        assignment.status_now = assignment.effective_status(today)  # type: ignore[attr-defined]
        assignment.can_report = keeper or scopes.covers(  # type: ignore[attr-defined]
            request.user, assignment.lead_unit, policy.roles(Action.REPORT_ON_ASSIGNMENTS)
        )
    summary = selectors.resolution_summary(user=request.user, resolution=resolution)
    history = _history(request, resolution)
    relations = selectors.resolution_relations(user=request.user, resolution=resolution)
    parties = list(resolution.parties.select_related("unit"))
    tab = request.GET.get("tab", "indicators")
    context = {
        "resolution": resolution,
        "title": resolution.reference,
        "number_line": number_line(resolution),
        "tab": tab if tab in TABS else "indicators",
        "keeper": keeper,
        "tree": tree,
        "indicators": list(selectors.indicator_list(user=request.user, resolution=resolution)),
        "assignments": assignments,
        "overdue": sum(1 for a in assignments if a.status_now == "overdue"),  # type: ignore[attr-defined]
        "relations": relations,
        "parties": parties,
        "link_count": len(relations) + len(parties),
        "attachments": list(resolution.attachments.select_related("uploaded_by")),
        "history": history,
        "summary": summary,
    }
    return render(request, "ui/resolutions/detail.html", context)


@login_required
def resolution_status(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    require_keeper(request, resolution)
    form = StatusForm(request.POST or None, initial={"status": resolution.status})
    if request.method == "POST" and form.is_valid():
        if submitted(
            form,
            services.resolution_set_status,
            by=request.user,
            resolution=resolution,
            status=form.cleaned_data["status"],
            since=form.cleaned_data["since"],
        ):
            messages.success(request, _("Status changed."))
            return done(request, detail_url(resolution))
    return form_page(
        request,
        form,
        title=_("Change the status of %(symbol)s") % {"symbol": resolution.reference},
        action=reverse("ui:resolution_status", args=[resolution.pk]),
        cancel=detail_url(resolution),
        submit=_("Change status"),
        resolution=resolution,
        intro=_(
            "A resolution superseded by a newer one is marked so when the relation is "
            "recorded; use this for expiry or a draft coming into force."
        ),
    )


@login_required
def resolution_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a draft or a document mentioned its number and symbol (and issue date)."""
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    require_keeper(request, resolution)
    form = IssueForm(
        request.POST or None,
        initial={"issued_on": resolution.issued_on, "version": resolution.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if submitted(
            form,
            services.resolution_issue,
            by=request.user,
            resolution=resolution,
            symbol=data["symbol"],
            issued_on=data["issued_on"],
            version=data["version"],
            confirm_issuer=data["confirm_issuer"],
        ):
            messages.success(request, _("Number and symbol entered: the document is in force."))
            return done(request, detail_url(resolution))
    return form_page(
        request,
        form,
        title=_("Issue %(symbol)s") % {"symbol": resolution.reference},
        action=reverse("ui:resolution_issue", args=[resolution.pk]),
        cancel=detail_url(resolution),
        submit=_("Issue"),
        resolution=resolution,
        intro=_(
            "Enter the number and symbol it got. Resolutions it supersedes are marked "
            "superseded from its issue date."
        ),
    )

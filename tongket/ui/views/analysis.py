"""Pages of "Phân tích": the pivot table and chart (with its exports), favourites and unit
groups. Thin: the spec is read from the query string, checked by `analysis.spec`, computed by
`analysis.pivot` from the roll-ups in the user's scope; writes go through the services."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from tongket.analysis import exports, selectors, services
from tongket.analysis.choices import ChartType, Dimension, RelativePeriod, UnitLevel
from tongket.analysis.pivot import pivot_table
from tongket.analysis.spec import clean_spec
from tongket.core import scopes
from tongket.org import selectors as org_selectors
from tongket.org.choices import Line
from tongket.org.models import Unit
from tongket.reporting import selectors as reporting_selectors
from tongket.reporting.choices import Basis, Tree
from tongket.resolutions import selectors as resolution_selectors
from tongket.ui.forms.fields import StyledForm
from tongket.ui.views.base import active_unit, call_service, file_response, refusal

LIST_KEYS = ("indicators", "units", "groups", "periods", "relative", "rows", "columns", "filters")
SCALAR_KEYS = ("unit_level", "chart", "basis", "tree", "totals")
PICKER_DEPTH = 3
PICKER_UNITS = 400
# One level of the picker's lists (a select's options keep no other indentation).
INDENT = "\u00a0\u00a0\u00a0"
RECENT_PERIODS = 80


def spec_from_query(query: Any) -> dict[str, Any]:
    """The spec carried in a query string (lists as repeated keys)."""
    data: dict[str, Any] = {key: query.getlist(key) for key in LIST_KEYS if query.getlist(key)}
    for key in SCALAR_KEYS:
        if query.get(key):
            data[key] = query.get(key)
    if "totals" not in data and query.get("shown"):
        data["totals"] = "false"
    return data


def query_of(spec: dict[str, Any]) -> str:
    """A stored spec as a query string (the reverse of `spec_from_query`)."""
    pairs: list[tuple[str, Any]] = []
    for key in LIST_KEYS:
        pairs += [(key, value) for value in spec.get(key) or []]
    for key in SCALAR_KEYS:
        if spec.get(key) not in (None, ""):
            pairs.append((key, spec[key]))
    if spec.get("totals") is True:
        pairs = [(k, v) for k, v in pairs if k != "totals"] + [("totals", "1")]
    elif spec.get("totals") is False:
        pairs = [(k, v) for k, v in pairs if k != "totals"]
    pairs.append(("shown", "1"))
    return urlencode(pairs)


def _unit_choices(request: HttpRequest) -> list[Unit]:
    """Units of the user's scope, a few levels below each granted unit, in tree order."""
    paths = scopes.scope_paths(request.user)
    queryset = org_selectors.unit_list(user=request.user, include_dissolved=False)
    if paths:
        from tongket.org.models import PATH_SEGMENT

        deepest = max(len(p) // PATH_SEGMENT for p in paths) + PICKER_DEPTH
        queryset = queryset.filter(depth__lt=deepest)
    else:
        queryset = queryset.filter(depth__lt=PICKER_DEPTH + 1)
    units = list(queryset.order_by("path")[:PICKER_UNITS])
    top = min((u.depth for u in units), default=0)
    for unit in units:
        unit.picker_indent = INDENT * (unit.depth - top)
    return units


# Short names of the lines for the picker's tabs (the sidebar is narrow); the full name is
# the tab's title.
LINE_TABS = {
    Line.PARTY: pgettext_lazy("line tab", "Party"),
    Line.COMMAND: pgettext_lazy("line tab", "Command"),
    Line.STATE: pgettext_lazy("line tab", "State"),
}


def _line_choices(request: HttpRequest) -> list[dict[str, Any]]:
    """For each line, the units of the user's scope that sit in it today under their direct
    superiors there (as many levels as the tree's picker); lines without any are left out."""
    found = []
    for line, label in Line.choices:
        entries = [
            {**entry, "indent": INDENT * entry["depth"]}
            for entry in org_selectors.unit_line_tree(user=request.user, line=line)
            if entry["depth"] <= PICKER_DEPTH and entry["unit"].dissolved_on is None
        ][:PICKER_UNITS]
        if entries:
            found.append({"line": line, "label": label, "tab": LINE_TABS[line], "units": entries})
    return found


def _pickers(request: HttpRequest, chosen: dict[str, Any]) -> dict[str, Any]:
    indicators = resolution_selectors.indicator_list(user=request.user)
    by_resolution: dict[Any, list[Any]] = {}
    for indicator in indicators:
        by_resolution.setdefault(indicator.resolution, []).append(indicator)
    periods = list(reporting_selectors.period_list().filter(start__lte=timezone.localdate()))
    lines = _line_choices(request)
    tree = chosen.get("tree") or ""
    return {
        "indicator_groups": list(by_resolution.items()),
        "unit_choices": _unit_choices(request),
        "line_choices": lines,
        # The tab open: the line the units are grouped along, else the organisation tree.
        "picker_line": tree if tree in {entry["line"] for entry in lines} else "",
        "group_choices": list(selectors.group_list(user=request.user)),
        "period_choices": list(reversed(periods))[:RECENT_PERIODS],
        "relative_choices": RelativePeriod.choices,
        "level_choices": UnitLevel.choices,
        "dimension_choices": Dimension.choices,
        "chart_choices": ChartType.choices,
        "bases": Basis.choices,
        "trees": Tree.choices,
    }


def _defaults(request: HttpRequest) -> dict[str, Any]:
    unit = active_unit(request)
    return {
        "units": [unit.pk] if unit else [],
        "unit_level": UnitLevel.CHILDREN,
        "relative": [RelativePeriod.LAST_4_HALF_YEARS],
        "rows": [Dimension.UNIT],
        "columns": [Dimension.PERIOD],
        "filters": [Dimension.INDICATOR],
        "chart": ChartType.TABLE,
        "totals": True,
    }


class FavouriteForm(StyledForm):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    shared = forms.BooleanField(label=gettext_lazy("Share with the users of"), required=False)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)


@login_required
def analysis(request: HttpRequest) -> HttpResponse:
    """The pivot: choose indicators, units, periods and layout; see a table or a chart."""
    favourite = None
    if request.GET.get("favourite"):
        favourite = selectors.visualization_get(user=request.user, pk=request.GET["favourite"])
    data = spec_from_query(request.GET)
    if favourite is not None and not data.get("indicators"):
        data = dict(favourite.spec)
    chosen = {**_defaults(request), **data} if not request.GET.get("shown") else data
    context: dict[str, Any] = {
        "title": _("Analysis"),
        "chosen": chosen,
        "favourite": favourite,
        "errors": {},
        "table": None,
        "query": request.GET.urlencode(),
        "favourite_form": FavouriteForm(
            initial={"unit": getattr(active_unit(request), "pk", None)}
        ),
        "share_unit": active_unit(request),
    }
    if data.get("indicators"):
        try:
            spec = clean_spec(user=request.user, data=data)
        except (ValidationError, PermissionDenied) as error:
            context["errors"] = refusal(error)
        else:
            table = pivot_table(user=request.user, spec=spec)
            export = request.GET.get("export")
            name = (favourite.name if favourite else table.title)[:80].replace("/", "-")
            if export == "xlsx":
                content = exports.xlsx(table, title=favourite.name if favourite else "")
                return file_response(content, f"{name}.xlsx")
            if export == "csv":
                content = ("\ufeff" + exports.csv_text(table)).encode()
                return file_response(content, f"{name}.csv", "text/csv; charset=utf-8")
            context["table"] = table
            context["chart"] = table.as_json()
            context["spec_pairs"] = [
                (key, value) for key, value in parse_qsl(query_of(spec.data)) if key != "shown"
            ]
    context.update(_pickers(request, chosen))
    return render(request, "ui/analysis/pivot.html", context)


@login_required
def analysis_favourites(request: HttpRequest) -> HttpResponse:
    """Favourites I saved and those shared with my units; POST saves the pivot on screen."""
    if request.method == "POST":
        form = FavouriteForm(request.POST)
        spec = spec_from_query(request.POST)
        if form.is_valid():
            unit = None
            if form.cleaned_data.get("unit"):
                unit = org_selectors.unit_get(user=request.user, pk=form.cleaned_data["unit"])
            saved = call_service(
                form,
                services.visualization_create,
                by=request.user,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                spec=spec,
                shared=form.cleaned_data["shared"],
                unit=unit,
            )
            if saved is not None:
                messages.success(request, _("Favourite saved."))
                return redirect(reverse("ui:analysis") + f"?favourite={saved.pk}")
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request,
                    f"{form.fields[field].label}: {error}" if field in form.fields else error,
                )
        return redirect(reverse("ui:analysis") + "?" + query_of(spec))
    favourites = list(selectors.visualization_list(user=request.user, search=request.GET.get("q")))
    return render(
        request,
        "ui/analysis/favourites.html",
        {
            "title": _("Favourites"),
            "favourites": [(v, query_of(v.spec)) for v in favourites],
            "chart_labels": dict(ChartType.choices),
        },
    )


@login_required
def analysis_favourite(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a favourite: the pivot page with its spec."""
    favourite = selectors.visualization_get(user=request.user, pk=pk)
    return redirect(
        reverse("ui:analysis") + f"?favourite={favourite.pk}&" + query_of(favourite.spec)
    )


@login_required
@require_POST
def analysis_favourite_delete(request: HttpRequest, pk: int) -> HttpResponse:
    favourite = selectors.visualization_get(user=request.user, pk=pk)
    try:
        services.visualization_delete(by=request.user, visualization=favourite)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Favourite deleted."))
    return redirect("ui:analysis_favourites")

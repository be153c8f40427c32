"""The search page: units whose names match first (what the top bar searched before), then
every record and file the user may open, ranked, with the words marked; "did you mean" when a
query finds little, and a query with a slip that finds nothing searched as corrected (unless
`exact=1`: the words as typed)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tongket.org import selectors as org_selectors
from tongket.search import selectors
from tongket.search.choices import EntryKind
from tongket.ui.forms.search import SearchForm

UNITS_SHOWN = 5


@login_required
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, user=request.user)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    query = (data.get("q") or "").strip()
    try:
        page = max(1, int(request.GET.get("page") or 1))
    except ValueError:
        page = 1
    results = selectors.search(
        user=request.user,
        query=query,
        kind=data.get("kind") or None,
        unit=data.get("unit"),
        date_from=data.get("from"),
        date_to=data.get("to"),
        page=page,
        correct=request.GET.get("exact") != "1",
    )
    units = []
    if query and not any(data.get(name) for name in ("kind", "unit", "from", "to")):
        units = list(org_selectors.unit_list(user=request.user, search=query)[: UNITS_SHOWN + 1])
    return render(
        request,
        "ui/search/results.html",
        {
            "title": _("Search"),
            "form": form,
            "query": query,
            "results": results,
            "units": units[:UNITS_SHOWN],
            "more_units": len(units) > UNITS_SHOWN,
            # What can be searched, for the page without a query: every kind of hit.
            "kinds": [label for _value, label in EntryKind.choices],
        },
    )

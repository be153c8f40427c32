"""Pages of a unit's places in the lines (Party, command, State administration): the tab of
the unit's page, a place recorded from a date and a place ended."""

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

from tongket.core import scopes
from tongket.core.errors import NotFound
from tongket.org import lines, selectors, services
from tongket.org.choices import Line
from tongket.ui.forms.org import UnitLineEndForm, UnitLineForm
from tongket.ui.views.base import call_service


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

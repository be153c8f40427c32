"""Pages of a resolution's indicators: adding and editing one, with how it adds up over units
and over time said in words as the choices change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tongket.resolutions import selectors, services
from tongket.resolutions.choices import (
    Direction,
    MeasureKind,
    RelationKind,
    TimeAggregation,
    UnitAggregation,
)
from tongket.resolutions.models import Indicator, Resolution
from tongket.ui.forms.resolutions import IndicatorForm
from tongket.ui.views.base import call_service
from tongket.ui.views.resolutions.common import act, detail_url, done, require_keeper, submitted

INDICATOR_FIELDS = (
    "code",
    "name",
    "unit_of_measure",
    "measure_kind",
    "direction",
    "unit_aggregation",
    "time_aggregation",
    "baseline_value",
    "baseline_year",
    "rating_levels",
    "min_value",
    "max_value",
    "decimals",
    "description",
)


def formula_sentences(
    measure_kind: str, unit_aggregation: str, time_aggregation: str, direction: str
) -> list[str]:
    """How an indicator adds up, said in words (DESIGN §7: the formula is shown next to every
    aggregated figure)."""
    over_units = {
        UnitAggregation.SUM: _("A unit above holds the sum of its units' values."),
        UnitAggregation.AVERAGE: _(
            "A unit above holds the average of its units' values, each unit counting once."
        ),
        UnitAggregation.WEIGHTED_AVERAGE: _(
            "A unit above holds the average of its units' values weighted by the weight each "
            "reports beside its value (Σ value × weight / Σ weight)."
        ),
        UnitAggregation.RATIO: _(
            "Each unit reports a numerator and a denominator; a unit above holds Σ numerators "
            "/ Σ denominators in per cent, never an average of percentages."
        ),
        UnitAggregation.MIN: _("A unit above holds the lowest of its units' values."),
        UnitAggregation.MAX: _("A unit above holds the highest of its units' values."),
        UnitAggregation.COUNT_MET: _(
            "A unit above holds the number of its units that met their own target."
        ),
    }
    over_time = {
        TimeAggregation.SUM: _("Over a year or the whole horizon the periods are added up."),
        TimeAggregation.LAST: _("Over a year or the whole horizon the last period's value counts."),
        TimeAggregation.AVERAGE: _("Over a year or the whole horizon the periods are averaged."),
    }
    sentences = [over_units.get(unit_aggregation, ""), over_time.get(time_aggregation, "")]
    if direction == Direction.LOWER:
        sentences.append(_("Lower is better: staying at or below the target meets it."))
    else:
        sentences.append(_("Higher is better: reaching or passing the target meets it."))
    if measure_kind == MeasureKind.MILESTONE:
        sentences.append(_("A milestone is 1 when reached, 0 when not."))
    elif measure_kind == MeasureKind.RATING:
        sentences.append(_("A rating is the number of its level, 1 being the lowest."))
    elif measure_kind == MeasureKind.RATIO and unit_aggregation != UnitAggregation.RATIO:
        sentences.append(_("Targets and values are percentages."))
    if unit_aggregation == UnitAggregation.SUM:
        sentences.append(
            _(
                "The targets of the units below should add up to the target above: the grid checks it."
            )
        )
    else:
        sentences.append(
            _("Targets of the units below do not add up: splitting gives each the target above.")
        )
    return [sentence for sentence in sentences if sentence]


def _parent_indicators(user: Any, resolution: Resolution) -> list[Indicator]:
    """Indicators of the resolutions this one implements (an indicator may implement one)."""
    implemented = resolution.relations_out.filter(kind=RelationKind.IMPLEMENTS).values("target_id")
    return list(selectors.indicator_list(user=user).filter(resolution_id__in=implemented))


def _kwargs(data: dict[str, Any], resolution: Resolution, user: Any) -> dict[str, Any]:
    kwargs = {name: data[name] for name in INDICATOR_FIELDS}
    kwargs["decimals"] = data["decimals"] or 0
    kwargs["item"] = resolution.items.filter(pk=data["item"]).first() if data["item"] else None
    kwargs["parent_indicator"] = (
        next(
            (i for i in _parent_indicators(user, resolution) if i.pk == data["parent_indicator"]),
            None,
        )
        if data["parent_indicator"]
        else None
    )
    return kwargs


def _form_page(
    request: HttpRequest,
    form: IndicatorForm,
    resolution: Resolution,
    indicator: Indicator | None,
) -> HttpResponse:
    values = form.data if form.is_bound else None

    def value(name: str) -> str:
        return str(values.get(name, "") if values is not None else form[name].value() or "")

    return render(
        request,
        "ui/resolutions/indicator_form.html",
        {
            "form": form,
            "resolution": resolution,
            "indicator": indicator,
            "title": (
                _("Edit indicator %(code)s") % {"code": indicator.code}
                if indicator
                else _("New indicator")
            ),
            "submit": _("Save") if indicator else _("Add the indicator"),
            "sentences": formula_sentences(
                value("measure_kind"),
                value("unit_aggregation"),
                value("time_aggregation"),
                value("direction"),
            ),
        },
    )


@login_required
def resolution_indicator_add(request: HttpRequest, pk: int) -> HttpResponse:
    resolution = selectors.resolution_get(user=request.user, pk=pk)
    require_keeper(request, resolution)
    tree = selectors.item_tree(resolution=resolution)
    initial: dict[str, Any] = {"decimals": 0}
    if request.GET.get("item", "").isdigit():
        initial["item"] = int(request.GET["item"])
    form = IndicatorForm(
        request.POST or None,
        items=tree,
        parents=_parent_indicators(request.user, resolution),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        indicator = call_service(
            form,
            services.indicator_create,
            by=request.user,
            resolution=resolution,
            **_kwargs(form.cleaned_data, resolution, request.user),
        )
        if indicator is not None:
            messages.success(
                request,
                _("Indicator %(code)s added. Set its targets in the grid.")
                % {"code": indicator.code},
            )
            return done(request, reverse("ui:indicator_targets", args=[indicator.pk]))
    return _form_page(request, form, resolution, None)


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_get(user=request.user, pk=pk)
    resolution = indicator.resolution
    require_keeper(request, resolution)
    initial = {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
    initial |= {
        "rating_levels": "; ".join(indicator.rating_levels or []),
        "item": indicator.item_id,
        "parent_indicator": indicator.parent_indicator_id,
        "version": indicator.version,
    }
    form = IndicatorForm(
        request.POST or None,
        initial=initial,
        items=selectors.item_tree(resolution=resolution),
        parents=_parent_indicators(request.user, resolution),
    )
    if request.method == "POST" and form.is_valid():
        if submitted(
            form,
            services.indicator_update,
            by=request.user,
            indicator=indicator,
            version=form.cleaned_data["version"],
            **_kwargs(form.cleaned_data, resolution, request.user),
        ):
            messages.success(request, _("Changes saved."))
            return done(request, detail_url(resolution))
    return _form_page(request, form, resolution, indicator)


@login_required
@require_POST
def indicator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = selectors.indicator_get(user=request.user, pk=pk)
    act(
        request,
        services.indicator_delete,
        _("Indicator %(code)s removed.") % {"code": indicator.code},
        by=request.user,
        indicator=indicator,
    )
    return done(request, detail_url(indicator.resolution))


@login_required
@require_GET
def indicator_formula(request: HttpRequest) -> HttpResponse:
    """htmx: how an indicator with the chosen measure and aggregations adds up, in words."""
    sentences = formula_sentences(
        request.GET.get("measure_kind", ""),
        request.GET.get("unit_aggregation", ""),
        request.GET.get("time_aggregation", ""),
        request.GET.get("direction", ""),
    )
    return render(request, "ui/resolutions/_formula.html", {"sentences": sentences})

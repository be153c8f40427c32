"""Pages of validation rules: the rules of the forms I can read, a rule's form (for its
keepers), and a validation run over units and periods with the violations found."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tongket.analysis import selectors, services
from tongket.analysis.choices import Importance, Operator
from tongket.analysis.validation import validation_run
from tongket.core import scopes
from tongket.core.errors import NotFound
from tongket.org import policy
from tongket.org import selectors as org_selectors
from tongket.org.policy import Action
from tongket.reporting import selectors as reporting_selectors
from tongket.ui.forms.fields import StyledForm
from tongket.ui.views.analysis import _unit_choices
from tongket.ui.views.base import active_unit, call_form_service, call_service


class RuleForm(StyledForm):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=32)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    left = forms.CharField(
        label=gettext_lazy("Left side"),
        max_length=500,
        help_text=gettext_lazy("Indicator codes and numbers with + − × ÷ and brackets: HC03"),
    )
    operator = forms.ChoiceField(label=gettext_lazy("Operator"), choices=Operator.choices)
    right = forms.CharField(
        label=gettext_lazy("Right side"),
        max_length=500,
        help_text=gettext_lazy("e.g. HC02 * 10; a code with a hyphen in braces: {HC-02}"),
    )
    importance = forms.ChoiceField(label=gettext_lazy("Importance"), choices=Importance.choices)
    message = forms.CharField(label=gettext_lazy("Message shown to the reporter"), max_length=500)
    is_active = forms.BooleanField(label=gettext_lazy("In use"), required=False, initial=True)


class NewRuleForm(RuleForm):
    report_form = forms.TypedChoiceField(label=gettext_lazy("Report form"), coerce=int)

    field_order = ["report_form"]

    def __init__(self, *args: Any, report_forms: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report_form"].choices = [(f.pk, f"{f.code} – {f.name}") for f in report_forms]


def _kept_forms(request: HttpRequest) -> list[Any]:
    """The forms whose rules I may define: collected by a unit I keep."""
    return [
        form
        for form in reporting_selectors.form_list(user=request.user)
        if scopes.covers(request.user, form.owner_unit, policy.roles(Action.KEEP_GROUPS_AND_RULES))
    ]


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    kept = _kept_forms(request)
    form = NewRuleForm(report_forms=kept)
    if request.method == "POST":
        if not kept:
            raise NotFound(_("Not found."))
        form = NewRuleForm(request.POST, report_forms=kept)
        if form.is_valid():
            data = dict(form.cleaned_data)
            report_form = next(f for f in kept if f.pk == data.pop("report_form"))
            rule = call_form_service(
                form, services.rule_create, by=request.user, form=report_form, **data
            )
            if rule is not None:
                messages.success(request, _("Validation rule saved."))
                return redirect("ui:analysis_rules")
    rules = list(selectors.rule_list(user=request.user))
    return render(
        request,
        "ui/analysis/rules.html",
        {"title": _("Validation rules"), "rules": rules, "form": form, "can_keep": bool(kept)},
    )


@login_required
def rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rule = selectors.rule_get(user=request.user, pk=pk)
    can_keep = scopes.covers(
        request.user, rule.form.owner_unit, policy.roles(Action.KEEP_GROUPS_AND_RULES)
    )
    initial = {field: getattr(rule, field) for field in services.rules.FIELDS}
    form = RuleForm(initial=initial)
    if request.method == "POST":
        if not can_keep:
            raise NotFound(_("Not found."))
        form = RuleForm(request.POST)
        if form.is_valid() and call_service(
            form,
            services.rule_update,
            by=request.user,
            rule=rule,
            version=int(request.POST.get("version") or rule.version),
            **form.cleaned_data,
        ):
            messages.success(request, _("Validation rule saved."))
            return redirect("ui:analysis_rules")
    return render(
        request,
        "ui/analysis/rule.html",
        {"title": rule.name, "rule": rule, "form": form, "can_keep": can_keep},
    )


@login_required
@require_POST
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = selectors.rule_get(user=request.user, pk=pk)
    if not scopes.covers(
        request.user, rule.form.owner_unit, policy.roles(Action.KEEP_GROUPS_AND_RULES)
    ):
        raise NotFound(_("Not found."))
    try:
        services.rule_delete(by=request.user, rule=rule)
    except PermissionDenied as error:  # pragma: no cover - covered by the check above
        messages.error(request, str(error))
    else:
        messages.success(request, _("Validation rule deleted."))
    return redirect("ui:analysis_rules")


@login_required
def rule_run(request: HttpRequest) -> HttpResponse:
    """A validation run: the reports of a form in a unit's subtree for the periods chosen,
    checked against the form's rules; the violations, blocking ones first."""
    report_forms = list(reporting_selectors.form_list(user=request.user).filter(is_active=True))
    chosen_form = request.GET.get("form")
    unit_pk = request.GET.get("unit") or getattr(active_unit(request), "pk", None)
    codes = request.GET.getlist("periods")
    context: dict[str, Any] = {
        "title": _("Validation run"),
        "report_forms": report_forms,
        "unit_choices": _unit_choices(request),
        "chosen_form": chosen_form,
        "chosen_unit": str(unit_pk or ""),
        "chosen_periods": codes,
        "result": None,
    }
    if chosen_form:
        form = reporting_selectors.form_get(user=request.user, pk=chosen_form)
        unit = org_selectors.unit_get(user=request.user, pk=unit_pk)
        periods = list(
            reporting_selectors.period_list(type=form.period_type)
            .filter(reports__form=form)
            .distinct()
        )
        context["period_choices"] = list(reversed(periods))[:24]
        chosen = [p for p in periods if p.code in codes] or periods[-2:]
        context["chosen_periods"] = [p.code for p in chosen]
        context["result"] = validation_run(
            user=request.user, form=form, within=unit, periods=chosen
        )
        context["form_obj"] = form
        context["unit"] = unit
    return render(request, "ui/analysis/rule_run.html", context)

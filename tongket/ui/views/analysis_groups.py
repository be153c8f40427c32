"""Pages of unit groups and group sets (used in the pivot): list, create, members; a group
used where units are asked for: a report form asked of its units, a target for each of them,
as standing rules that follow the group as units join, listed on the group's page with a way
to end them (`analysis.services.group_duties`, `group_rules`)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from tongket.analysis import selectors, services
from tongket.analysis.models import UnitGroupMember
from tongket.core import scopes
from tongket.core.errors import NotFound
from tongket.org import policy
from tongket.org import selectors as org_selectors
from tongket.org.policy import Action
from tongket.reporting import selectors as reporting_selectors
from tongket.resolutions import selectors as resolution_selectors
from tongket.ui.forms.fields import StyledForm
from tongket.ui.forms.resolutions import NumberField
from tongket.ui.views.analysis import _unit_choices
from tongket.ui.views.base import active_unit, call_service, has_role, parse_day, run_service

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GroupSetForm(StyledForm):
    set_code = forms.CharField(label=gettext_lazy("Code"), max_length=32)
    set_name = forms.CharField(label=gettext_lazy("Name"), max_length=200)


class GroupForm(StyledForm):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=32)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    group_set = forms.TypedChoiceField(
        label=gettext_lazy("Group set"), required=False, coerce=int, empty_value=None
    )
    units = forms.TypedMultipleChoiceField(label=gettext_lazy("Units"), required=False, coerce=int)
    valid_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DATE_INPUT)
    description = forms.CharField(
        label=gettext_lazy("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, sets: list[Any], units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group_set"].choices = [("", "—")] + [(s.pk, s.name) for s in sets]
        self.fields["units"].choices = [(u.pk, u.name) for u in units]
        self.fields["units"].widget.attrs["size"] = 8


class MemberForm(StyledForm):
    unit = forms.TypedChoiceField(label=gettext_lazy("Unit"), coerce=int)
    valid_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DATE_INPUT)
    valid_to = forms.DateField(label=gettext_lazy("Until"), required=False, widget=DATE_INPUT)

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]


class GroupFormAssignForm(StyledForm):
    form = forms.TypedChoiceField(label=gettext_lazy("Report form"), coerce=int)
    valid_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=DATE_INPUT)
    valid_to = forms.DateField(label=gettext_lazy("Until"), required=False, widget=DATE_INPUT)

    def __init__(self, *args: Any, report_forms: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [(f.pk, f"{f.code} – {f.name}") for f in report_forms]


class GroupTargetForm(StyledForm):
    indicator = forms.TypedChoiceField(label=gettext_lazy("Indicator"), coerce=int)
    year = forms.IntegerField(
        label=gettext_lazy("Year"),
        required=False,
        min_value=1900,
        max_value=2200,
        help_text=gettext_lazy("Blank: the whole horizon of the resolution."),
    )
    value = NumberField(label=gettext_lazy("Target of each unit"))
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=500)

    def __init__(self, *args: Any, indicators: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [
            (i.pk, f"{i.resolution.symbol} · {i.code} – {i.name}") for i in indicators
        ]


def _kept_forms(request: HttpRequest) -> list[Any]:
    """The report forms I may ask units for (I keep reporting at their unit)."""
    return list(
        reporting_selectors.form_list(user=request.user).filter(
            scopes.scope_q(request.user, "owner_unit__path", policy.roles(Action.KEEP_REPORTING))
        )
    )


def _target_indicators(request: HttpRequest) -> list[Any]:
    """The indicators I read, when I may set targets somewhere (else none)."""
    if not has_role(request.user, policy.roles(Action.KEEP_RESOLUTIONS)):
        return []
    return list(resolution_selectors.indicator_list(user=request.user))


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    """Groups in my reach; administrators and tracking officers create groups and sets kept
    by my active unit."""
    unit = active_unit(request)
    can_keep = unit is not None and scopes.covers(
        request.user, unit, policy.roles(Action.KEEP_GROUPS_AND_RULES)
    )
    sets = list(selectors.group_set_list(user=request.user))
    units = _unit_choices(request)
    form = GroupForm(sets=sets, units=units)
    set_form = GroupSetForm()
    if request.method == "POST":
        if not can_keep:
            raise NotFound(_("Not found."))
        if "set_code" in request.POST:
            set_form = GroupSetForm(request.POST)
            if set_form.is_valid() and call_service(
                set_form,
                services.group_set_create,
                aliases={"code": "set_code", "name": "set_name"},
                by=request.user,
                owner_unit=unit,
                code=set_form.cleaned_data["set_code"],
                name=set_form.cleaned_data["set_name"],
            ):
                messages.success(request, _("Group set created."))
                return redirect("ui:analysis_groups")
        else:
            form = GroupForm(request.POST, sets=sets, units=units)
            if form.is_valid():
                data = form.cleaned_data
                group = call_service(
                    form,
                    services.group_create,
                    by=request.user,
                    owner_unit=unit,
                    code=data["code"],
                    name=data["name"],
                    description=data["description"],
                    group_set=next((s for s in sets if s.pk == data["group_set"]), None),
                    units=[
                        org_selectors.unit_get(user=request.user, pk=pk) for pk in data["units"]
                    ],
                    valid_from=data["valid_from"],
                )
                if group is not None:
                    messages.success(request, _("Unit group created."))
                    return redirect("ui:analysis_group", pk=group.pk)
    groups = list(selectors.group_list(user=request.user))
    counts = selectors.member_counts(user=request.user, groups=groups, day=timezone.localdate())
    return render(
        request,
        "ui/analysis/groups.html",
        {
            "title": _("Unit groups"),
            "groups": [(g, counts.get(g.pk, 0)) for g in groups],
            "sets": sets,
            "form": form,
            "set_form": set_form,
            "can_keep": can_keep,
            "unit": unit,
        },
    )


def _detail(request: HttpRequest, group: Any, **forms_given: Any) -> HttpResponse:
    """The group's page, with the forms given (bound, showing their errors) or blank ones."""
    can_keep = scopes.covers(
        request.user, group.owner_unit, policy.roles(Action.KEEP_GROUPS_AND_RULES)
    )
    report_forms = _kept_forms(request)
    indicators = _target_indicators(request)
    members = list(selectors.group_members(user=request.user, group=group))
    rules = selectors.group_rules(user=request.user, group=group)
    for rule in rules:
        rule.may_end = services.group_rule_may_end(request.user, rule)  # type: ignore[attr-defined]
    return render(
        request,
        "ui/analysis/group.html",
        {
            "title": group.name,
            "group": group,
            "members": members,
            "rules": rules,
            "form": forms_given.get("form") or MemberForm(units=_unit_choices(request)),
            "can_keep": can_keep
            and has_role(request.user, policy.roles(Action.KEEP_GROUPS_AND_RULES)),
            "assign_form": forms_given.get("assign_form")
            or (GroupFormAssignForm(report_forms=report_forms) if report_forms else None),
            "target_form": forms_given.get("target_form")
            or (GroupTargetForm(indicators=indicators) if indicators else None),
            "today": timezone.localdate(),
        },
    )


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A group's members (in my scope), dated; its keepers add and end memberships."""
    group = selectors.group_get(user=request.user, pk=pk)
    if request.method == "POST":
        if not scopes.covers(
            request.user, group.owner_unit, policy.roles(Action.KEEP_GROUPS_AND_RULES)
        ):
            raise NotFound(_("Not found."))
        form = MemberForm(request.POST, units=_unit_choices(request))
        if form.is_valid():
            data = form.cleaned_data
            if call_service(
                form,
                services.group_member_add,
                by=request.user,
                group=group,
                unit=org_selectors.unit_get(user=request.user, pk=data["unit"]),
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
            ):
                messages.success(request, _("Unit added to the group."))
                return redirect("ui:analysis_group", pk=group.pk)
        return _detail(request, group, form=form)
    return _detail(request, group)


@login_required
@require_POST
def group_assign_form(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the group's units (in my scope, on the start date) for a report form I keep."""
    group = selectors.group_get(user=request.user, pk=pk)
    report_forms = _kept_forms(request)
    form = GroupFormAssignForm(request.POST, report_forms=report_forms)
    if form.is_valid():
        data = form.cleaned_data
        chosen = next(f for f in report_forms if f.pk == data["form"])
        assignments = call_service(
            form,
            # `form` is call_service's own argument: the report form goes in beforehand.
            partial(services.form_assign_group, form=chosen),
            aliases={"group": "form"},
            by=request.user,
            group=group,
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
        )
        if assignments is not None:
            messages.success(
                request,
                _(
                    "%(n)s units of the group are asked for the form; units that join the "
                    "group later will be asked too, until the rule is ended."
                )
                % {"n": len(assignments)},
            )
            return redirect("ui:analysis_group", pk=group.pk)
    return _detail(request, group, assign_form=form)


@login_required
@require_POST
def group_set_target(request: HttpRequest, pk: int) -> HttpResponse:
    """The same target for each unit of the group (in my scope), where I may set targets."""
    group = selectors.group_get(user=request.user, pk=pk)
    indicators = _target_indicators(request)
    form = GroupTargetForm(request.POST, indicators=indicators)
    if form.is_valid():
        data = form.cleaned_data
        targets = call_service(
            form,
            services.target_set_group,
            aliases={"group": "indicator"},
            by=request.user,
            indicator=next(i for i in indicators if i.pk == data["indicator"]),
            group=group,
            year=data["year"],
            value=data["value"],
            reason=data["reason"],
        )
        if targets is not None:
            messages.success(
                request,
                _(
                    "Target set for %(n)s units of the group; units that join the group later "
                    "will get it too, until the rule is ended."
                )
                % {"n": len(targets)},
            )
            return redirect("ui:analysis_group", pk=group.pk)
    return _detail(request, group, target_form=form)


@login_required
@require_POST
def group_member_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a membership on the date given (today by default)."""
    try:
        member = scopes.restrict(
            UnitGroupMember.objects.select_related("group", "unit"), request.user, "unit__path"
        ).get(pk=int(pk))
    except (UnitGroupMember.DoesNotExist, ValueError) as error:
        raise NotFound(_("Not found.")) from error
    group = selectors.group_get(user=request.user, pk=member.group_id)
    if not scopes.covers(
        request.user, group.owner_unit, policy.roles(Action.KEEP_GROUPS_AND_RULES)
    ):
        raise NotFound(_("Not found."))
    day = parse_day(request.POST.get("valid_to")) or timezone.localdate()
    run_service(
        request,
        services.group_member_end,
        _("Membership ended on %(day)s.") % {"day": day.strftime("%d/%m/%Y")},
        by=request.user,
        member=member,
        valid_to=day,
    )
    return redirect("ui:analysis_group", pk=group.pk)


@login_required
@require_POST
def group_rule_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a standing rule of a group: later joiners are given nothing by it."""
    rule = selectors.group_rule_get(user=request.user, pk=pk)
    run_service(
        request,
        services.group_rule_end,
        _("The rule is ended: units that join the group from now on are not given it."),
        by=request.user,
        rule=rule,
    )
    return redirect("ui:analysis_group", pk=rule.group_id)

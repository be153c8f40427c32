"""Forms of the intake page for a text that is a commendation decision: the decision proposed
from it (who gave it, the form, number, date, counts) and the awardees it names, for the
officer to correct and accept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongket.awards.choices import NomineeKind
from tongket.awards.models import AwardForm
from tongket.core import scopes
from tongket.org import policy
from tongket.org.models import Unit
from tongket.org.policy import Action

_SMALL = {"class": "form-control form-control-sm"}


class IntakeDecisionForm(forms.Form):
    source_text = forms.CharField(widget=forms.HiddenInput)
    facts = forms.JSONField(widget=forms.HiddenInput)
    file_name = forms.CharField(required=False, widget=forms.HiddenInput)
    conversion = forms.CharField(required=False, widget=forms.HiddenInput)
    issuer = forms.ModelChoiceField(
        label=_("Issuing authority"),
        queryset=Unit.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    award_form = forms.ModelChoiceField(
        label=_("Form or title"),
        queryset=AwardForm.objects.order_by("-rank", "name"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    symbol = forms.CharField(
        label=_("Number and symbol"),
        required=False,
        max_length=128,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    issued_on = forms.DateField(
        label=_("Date of the decision"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    collectives = forms.IntegerField(
        label=_("Collectives"),
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    individuals = forms.IntegerField(
        label=_("Individuals"),
        min_value=0,
        initial=0,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    reason = forms.CharField(
        label=_("For (achievement in words)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The bodies that give commendations and whose commendations the officer handles.
        bodies = Unit.objects.filter(dissolved_on__isnull=True).filter(
            Q(awarding_body__isnull=False) | Q(award_authorities__isnull=False)
        )
        self.fields["issuer"].queryset = scopes.restrict(
            bodies.distinct(), user, roles=policy.roles(Action.DECIDE_AWARDS)
        )
        self.fields["issuer"].error_messages["required"] = _("Choose the issuing authority.")
        self.fields["award_form"].error_messages["required"] = _("Choose the form or title.")


class IntakeAwardeeForm(forms.Form):
    # How a row is named above the form ("Awardee 1: …"), views.base.call_service.
    row_label = _("Awardee %(number)s")

    use = forms.BooleanField(label=_("Accept"), required=False, initial=True)
    kind = forms.ChoiceField(
        label=_("For"),
        choices=NomineeKind.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    name = forms.CharField(label=_("Name"), max_length=200, widget=forms.TextInput(attrs=_SMALL))
    unit = forms.CharField(
        label=_("Unit"),
        required=False,
        max_length=200,
        help_text=_("Code, abbreviation or name; empty: looked for in the whole issuing body."),
        widget=forms.TextInput(attrs=_SMALL),
    )


AwardeeFormSet = forms.formset_factory(IntakeAwardeeForm, extra=0)
